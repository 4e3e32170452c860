//! Corpora for the benches: generated on first use into `target/rizhi-corpus/`
//! (cached by seed and size), so `cargo bench` works on a fresh clone.
#![allow(dead_code)]

#[path = "../../examples/gen_corpus/corpus.rs"]
mod corpus;

use rizhi::live::load;
use rizhi::notebook::Notebook;
use rizhi::search::{LiveSearch, Scope};
use std::path::PathBuf;
use std::sync::Arc;

pub const SEED: u64 = 1;

/// The folder of the `mb` corpus, generating it when absent.
pub fn corpus(mb: u64) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target
        .join("rizhi-corpus")
        .join(format!("seed{SEED}-{mb}mb"));
    let done = dir.with_extension("done");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let s = corpus::generate(mb, SEED, &dir).expect("writing the corpus");
        std::fs::write(&done, format!("{s:?}\n")).expect("writing the corpus marker");
    }
    dir
}

/// Every notebook of the corpus, newest file first (the loader's order).
pub fn notebooks(mb: u64) -> Vec<Arc<Notebook>> {
    let (files, _) = load::collect(&[corpus(mb)]);
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
