//! Matching: injection into the live matcher, and query latency (until the
//! results are complete) for the TUI's `LiveSearch` and the CLI's `search`.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use rizhi::search::{search, LiveSearch};
use rizhi::store::Store;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn benches(c: &mut Criterion) {
    for (shape, mb) in common::corpora() {
        let nbs = common::notebooks(shape, mb);
        let big = mb > 10;
        let mut g = c.benchmark_group(format!("search_{}", common::label(shape, mb)));
        g.sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_millis(if big { 300 } else { 500 }))
            .measurement_time(Duration::from_secs(if big { 3 } else { 2 }));
        // Every entry pushed into a fresh matcher (what the loader does), until
        // the matcher has taken them all in.
        g.bench_function("inject", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut s = LiveSearch::new(Arc::new(|| {}));
                    let inj = s.injector();
                    let t = Instant::now();
                    for (i, nb) in nbs.iter().enumerate() {
                        LiveSearch::inject(&inj, i as u32, nb);
                    }
                    common::settle(&mut s);
                    total += t.elapsed();
                    drop(inj);
                    drop(s);
                }
                total
            })
        });
        let mut live = common::live(&nbs);
        let store = Store::new(nbs.clone());
        for &(sname, scope) in common::SCOPES {
            for &(qname, q) in common::QUERIES {
                let id = format!("{sname}/{qname}");
                g.bench_function(BenchmarkId::new("live", &id), |b| {
                    b.iter_custom(|iters| {
                        let mut total = Duration::ZERO;
                        for _ in 0..iters {
                            live.set("", scope);
                            common::settle(&mut live);
                            let t = Instant::now();
                            live.set(q, scope);
                            common::settle(&mut live);
                            total += t.elapsed();
                            black_box(live.matched());
                        }
                        total
                    })
                });
                g.bench_function(BenchmarkId::new("cli", &id), |b| {
                    b.iter(|| black_box(search(&store, q, scope)))
                });
            }
        }
        g.finish();
    }
}

criterion_group!(search_benches, benches);
criterion_main!(search_benches);
