//! Start-up work: decode + parse, the parallel loader, and building the store
//! (timeline, reference resolution, backlinks, series).

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use rizhi::notebook::Notebook;
use rizhi::store::Store;
use std::hint::black_box;
use std::time::Duration;

fn benches(c: &mut Criterion) {
    for (shape, mb) in common::corpora() {
        let name = common::label(shape, mb);
        let dir = common::corpus(shape, mb);
        let (files, _) = rizhi::live::load::collect(&[dir]);
        let bytes: Vec<(std::path::PathBuf, Vec<u8>)> = files
            .iter()
            .map(|p| (p.clone(), std::fs::read(p).expect("reading the corpus")))
            .collect();
        let mut g = c.benchmark_group("load");
        g.sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(if mb > 10 { 4 } else { 2 }));
        g.bench_function(BenchmarkId::new("decode_parse", &name), |b| {
            b.iter(|| {
                for (p, data) in &bytes {
                    black_box(Notebook::from_bytes(p.as_path(), data));
                }
            })
        });
        g.bench_function(BenchmarkId::new("load_all", &name), |b| {
            b.iter(|| black_box(rizhi::live::load::load_all(&files)))
        });
        let nbs = common::notebooks(shape, mb);
        g.bench_function(BenchmarkId::new("store_build", &name), |b| {
            b.iter(|| black_box(Store::new(nbs.clone())))
        });
        g.finish();
    }
}

/// Wrapping one 8 MiB line (issue #7 case 7: the reader must never freeze on it).
fn wrap_huge_line(c: &mut Criterion) {
    use rizhi::text::{wrap_line, WrapOptions};
    let o = WrapOptions {
        width: 80,
        tab_width: 4,
        ambiguous_wide: false,
    };
    let mut g = c.benchmark_group("wrap_8MiB_line");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    for (name, line) in [
        ("one_word", "x".repeat(8 << 20)),
        (
            "mixed",
            "the 读 sched/fair.c 的 update_curr ".repeat((8 << 20) / 40),
        ),
        ("cjk", "调度器，".repeat((8 << 20) / 12)),
    ] {
        g.bench_function(name, |b| b.iter(|| black_box(wrap_line(&line, 4, &o))));
    }
    g.finish();
}

criterion_group!(load, benches, wrap_huge_line);
criterion_main!(load);
