//! Parse vs persistent-index load, for BENCHMARKS.md ("Persistent index"):
//! `RIZHI_CACHE=DIR cargo run --release --example index_load -- NOTES...`
//!
//! Prints medians over five rounds of: `load_all` with the index off (read,
//! decode, parse), the same with a warm index (read, decode, hash, index
//! read and checks), and on one thread, on text already in memory, `parse`
//! alone against decoding and checking an index alone.

use rizhi::cache::{self, format};
use rizhi::live::load;
use rizhi::notebook::{decode, parse};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(rounds: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..rounds)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let (files, _) = load::collect(&paths);
    let bytes: usize = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len() as usize)
        .sum();
    cache::set_enabled(false);
    let (nbs, _) = load::load_all(&files);
    let entries: usize = nbs.iter().map(|n| n.entries().len()).sum();
    let cold = time(5, || drop(load::load_all(&files)));
    cache::set_enabled(true);
    drop(load::load_all(&files)); // writes the indexes
    let warm = time(5, || drop(load::load_all(&files)));

    // One thread, no I/O: the parser against the index decoder.
    let texts: Vec<String> = files
        .iter()
        .map(|f| decode::decode(&std::fs::read(f).unwrap_or_default()).text)
        .collect();
    let parse_only = time(5, || {
        for t in &texts {
            drop(parse::parse(t));
        }
    });
    let key = |i: usize| format::Key {
        path: Vec::new(),
        size: 0,
        mtime_s: 0,
        mtime_ns: 0,
        inode: i as u64,
        device: 0,
        content: 0,
    };
    let indexes: Vec<Vec<u8>> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| format::encode(&key(i), t.len(), &parse::parse(t)).unwrap_or_default())
        .collect();
    let index_bytes: usize = indexes.iter().map(Vec::len).sum();
    let decode_only = time(5, || {
        for (i, (t, ix)) in texts.iter().zip(&indexes).enumerate() {
            assert!(format::decode(ix, &key(i), t).is_some());
        }
    });
    let hash_only = time(5, || {
        for t in &texts {
            std::hint::black_box(format::hash(t.as_bytes()));
        }
    });
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{} files, {:.1} MB, {entries} entries; index {:.1} MB ({:.0} B/entry)",
        files.len(),
        bytes as f64 / 1e6,
        index_bytes as f64 / 1e6,
        index_bytes as f64 / entries.max(1) as f64
    );
    println!(
        "load_all, all cores: no index {:.0} ms, warm index {:.0} ms",
        ms(cold),
        ms(warm)
    );
    println!(
        "one thread, in memory: parse {:.0} ms, index decode+check {:.0} ms, content hash {:.1} ms",
        ms(parse_only),
        ms(decode_only),
        ms(hash_only)
    );
}
