//! What each entry costs in memory: a counting global allocator around the
//! steps the browser takes (load every file, build the store, feed the
//! matcher), printing heap bytes per entry, retained after each step and at
//! its peak, and `size_of` of the main structs.
//!
//! `cargo run --release --example entry_bytes -- DIR...`
//!
//! "Retained" is what the step leaves allocated (the notebooks' text
//! included); "peak" the most allocated at once during the step, above what
//! was allocated before it. Thread stacks and the binary are not heap and are
//! not counted, so the process's RSS is higher.

use rizhi::notebook::{
    Entry, Keywords, Notebook, OutlineItem, Reference, SeriesMark, Stamp, Todo, Update,
};
use rizhi::search::LiveSearch;
use rizhi::store::{EntryKey, Link, Resolution, Series, Store};
use std::alloc::{GlobalAlloc, Layout, System};
use std::mem::size_of;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The system allocator, counting the bytes allocated now and at most.
struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let now = NOW.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrank(n: usize) {
    NOW.fetch_sub(n, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            grew(l.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { System.alloc_zeroed(l) };
        if !p.is_null() {
            grew(l.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: as above; `p` came from this allocator with layout `l`.
        unsafe { System.dealloc(p, l) };
        shrank(l.size());
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        // SAFETY: as above.
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            // Old and new blocks may both be live while the bytes move.
            grew(new);
            shrank(l.size());
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Bytes allocated now, and the peak since the last call (reset to now).
fn sample() -> (usize, usize) {
    let now = NOW.load(Ordering::Relaxed);
    let peak = PEAK.swap(now, Ordering::Relaxed);
    (now, peak.max(now))
}

struct Step {
    name: &'static str,
    retained: usize,
    peak: usize,
}

/// Heap bytes the parse keeps for an entry beside the text, by field.
#[derive(Default)]
struct Parts {
    entries: usize,
    outline: usize,
    updates: usize,
    refs: usize,
    todos: usize,
}

fn parts(nbs: &[Arc<Notebook>]) -> Parts {
    let mut p = Parts::default();
    for nb in nbs {
        p.entries += nb.parsed.entries.capacity() * size_of::<Entry>();
        // One set of lists a file (shrunk to fit when made).
        let l = &nb.parsed.lists;
        p.outline += l.outline.capacity() * size_of::<OutlineItem>();
        p.updates += l.updates.capacity() * size_of::<Update>();
        p.refs += l.refs.capacity() * size_of::<Reference>();
        p.todos += l.todos.capacity() * size_of::<Todo>();
    }
    p
}

fn main() {
    let dirs: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: entry_bytes DIR...");
        std::process::exit(2);
    }
    let (files, problems) = rizhi::live::load::collect(&dirs);
    for p in &problems {
        eprintln!("entry_bytes: {p}");
    }
    let mut steps = Vec::new();
    let (before, _) = sample();

    let (nbs, problems) = rizhi::live::load::load_all(&files);
    for p in &problems {
        eprintln!("entry_bytes: {p}");
    }
    let nbs: Vec<Arc<Notebook>> = nbs.into_iter().map(Arc::new).collect();
    let (after_load, peak) = sample();
    steps.push(Step {
        name: "load_all (decode + parse)",
        retained: after_load - before,
        peak: peak - before,
    });

    let store = Store::new(nbs.clone());
    let (after_store, peak) = sample();
    steps.push(Step {
        name: "Store::new",
        retained: after_store - after_load,
        peak: peak - after_load,
    });

    let mut live = LiveSearch::new(Arc::new(|| {}));
    let feeder = live.injector();
    for (i, nb) in nbs.iter().enumerate() {
        LiveSearch::inject(&feeder, i as u32, nb);
    }
    drop(feeder);
    while live.tick(10).1 {}
    let (after_feed, peak) = sample();
    steps.push(Step {
        name: "matcher feed (LiveSearch::inject)",
        retained: after_feed - after_store,
        peak: peak - after_store,
    });

    let entries: usize = nbs.iter().map(|nb| nb.entries().len()).sum();
    let n = entries.max(1) as f64;
    let text: usize = nbs.iter().map(|nb| nb.text.len()).sum();
    let text_cap: usize = nbs.iter().map(|nb| nb.text.capacity()).sum();
    println!(
        "{} files, {entries} entries, {text} bytes of text ({:.0} B/entry; {text_cap} allocated)",
        nbs.len(),
        text as f64 / n
    );
    println!();
    println!("| step | retained B/entry | peak B/entry | retained MB |");
    println!("|---|---:|---:|---:|");
    for s in &steps {
        println!(
            "| {} | {:.0} | {:.0} | {:.1} |",
            s.name,
            s.retained as f64 / n,
            s.peak as f64 / n,
            s.retained as f64 / 1e6
        );
    }
    let total = after_feed - before;
    println!(
        "| all three | {:.0} | | {:.1} |",
        total as f64 / n,
        total as f64 / 1e6
    );
    println!(
        "| all three, without the text | {:.0} | | {:.1} |",
        (total - text_cap) as f64 / n,
        (total - text_cap) as f64 / 1e6
    );

    let p = parts(&nbs);
    println!();
    println!("parse, heap beside the text (B/entry):");
    for (name, b) in [
        ("Entry (the Vec<Entry> slots)", p.entries),
        ("outline items", p.outline),
        ("references", p.refs),
        ("updates", p.updates),
        ("todos", p.todos),
    ] {
        println!("  {name:<30} {:7.1}", b as f64 / n);
    }

    println!();
    println!("| struct | size_of (bytes) |");
    println!("|---|---:|");
    for (name, size) in [
        ("notebook::Entry", size_of::<Entry>()),
        ("notebook::Reference", size_of::<Reference>()),
        ("notebook::OutlineItem", size_of::<OutlineItem>()),
        ("notebook::Update", size_of::<Update>()),
        ("notebook::Todo", size_of::<Todo>()),
        ("notebook::SeriesMark", size_of::<SeriesMark>()),
        ("notebook::Keywords", size_of::<Keywords>()),
        ("notebook::Stamp", size_of::<Stamp>()),
        ("notebook::Notebook", size_of::<Notebook>()),
        ("store::EntryKey", size_of::<EntryKey>()),
        ("store::Resolution", size_of::<Resolution>()),
        ("store::Link", size_of::<Link>()),
        ("store::Series", size_of::<Series>()),
    ] {
        println!("| `{name}` | {size} |");
    }
    // Kept alive until here so that nothing above is freed early.
    drop((live, store, nbs));
}
