//! Corpora for the benches: generated on first use into `target/rizhi-corpus/`
//! (cached by shape, seed and size), so `cargo bench` works on a fresh clone.
//! `SHAPES` (default `real long`) and `SIZES` (MB, default `10 100`) choose the
//! corpora, as for `benches/startup.sh` and `benches/compare.sh`.
#![allow(dead_code)]

#[path = "../../examples/gen_corpus/corpus.rs"]
mod corpus;

pub use corpus::Shape;

use rizhi::live::load;
use rizhi::notebook::Notebook;
use rizhi::search::{LiveSearch, Scope};
use std::path::PathBuf;
use std::sync::Arc;

pub const SEED: u64 = 1;

/// The shapes named in `SHAPES` (space-separated), default both.
pub fn shapes() -> Vec<Shape> {
    let v = std::env::var("SHAPES").unwrap_or_else(|_| "real long".into());
    v.split_whitespace()
        .map(|s| Shape::parse(s).unwrap_or_else(|| panic!("SHAPES: {s:?} is not real or long")))
        .collect()
}

/// The corpus sizes in MB named in `SIZES` (space-separated), default 10 and 100.
pub fn sizes() -> Vec<u64> {
    let v = std::env::var("SIZES").unwrap_or_else(|_| "10 100".into());
    v.split_whitespace()
        .map(|s| {
            s.parse()
                .unwrap_or_else(|_| panic!("SIZES: {s:?} is not a number of MB"))
        })
        .collect()
}

/// Every (shape, size) to measure: each size in both shapes, smallest first.
pub fn corpora() -> Vec<(Shape, u64)> {
    let shapes = shapes();
    sizes()
        .into_iter()
        .flat_map(|mb| shapes.iter().map(move |&s| (s, mb)))
        .collect()
}

/// `real-10MB`: how bench ids name a corpus.
pub fn label(shape: Shape, mb: u64) -> String {
    format!("{}-{mb}MB", shape.name())
}

/// The folder of the `mb` corpus of `shape`, generating it when absent (the
/// same folder `benches/common.sh` uses).
pub fn corpus(shape: Shape, mb: u64) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target
        .join("rizhi-corpus")
        .join(format!("{}-seed{SEED}-{mb}mb", shape.name()));
    let done = dir.with_extension("done");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let s = corpus::generate(mb, SEED, shape, &dir).expect("writing the corpus");
        std::fs::write(&done, format!("{s:?}\n")).expect("writing the corpus marker");
    }
    dir
}

/// Every notebook of the corpus, newest file first (the loader's order).
pub fn notebooks(shape: Shape, mb: u64) -> Vec<Arc<Notebook>> {
    let (files, _) = load::collect(&[corpus(shape, mb)]);
    let (nbs, problems) = load::load_all(&files);
    assert!(problems.is_empty(), "{problems:?}");
    nbs.into_iter().map(Arc::new).collect()
}

/// Runs the matcher until its results are complete.
pub fn settle(s: &mut LiveSearch) {
    while s.tick(10).1 {}
}

/// A matcher holding every entry of `nbs`, settled.
pub fn live(nbs: &[Arc<Notebook>]) -> LiveSearch {
    let mut s = LiveSearch::new(Arc::new(|| {}));
    let inj = s.injector();
    for (i, nb) in nbs.iter().enumerate() {
        LiveSearch::inject(&inj, i as u32, nb);
    }
    settle(&mut s);
    s
}

/// Queries of 1, 3 and 8 characters, ASCII and CJK.
pub const QUERIES: &[(&str, &str)] = &[
    ("ascii1", "x"),
    ("ascii3", "xen"),
    ("ascii8", "schedule"),
    ("cjk1", "调"),
    ("cjk3", "调度器"),
    ("cjk8", "内存管理调度策略"),
];

pub const SCOPES: &[(&str, Scope)] = &[("keywords", Scope::Keywords), ("all", Scope::All)];
