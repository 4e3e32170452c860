//! Notebooks kept live, in the background: the first load (newest files
//! first, published in batches), then watching the folders, rescanning after
//! each burst of changes, and building a new store and matcher for every
//! change. Whoever listens (the browser) gets one [`Update`] stream from
//! [`spawn`] and never parses, builds a store or feeds the matcher itself.
//!
//! This layer sits below the front ends: it imports nothing from `tui` or
//! `cli`, and says what happened as data ([`Change`], [`Update`]); the words
//! a user reads are the browser's.

mod first;
pub mod load;
mod tracker;
mod walk;
pub mod watch;

#[cfg(test)]
mod tests;

pub use tracker::{Change, Tracker};
pub use watch::Watch;

use crate::notebook::Notebook;
use crate::search::{Feeder, LiveSearch};
use crate::store::Store;
use load::Problem;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What the background thread tells its listener, in this order: watch
/// problems (if any), the first load's `Progress` and `Store`s, its
/// `Problems`, `Done`, then a `Reload` after every change on disk.
pub enum Update {
    /// `done` of `total` files of the first load are in the newest store.
    Progress { done: usize, total: usize },
    /// A newer store with everything loaded so far (swap it in whole).
    Store(Arc<Store>),
    /// The paths the first load could not read.
    Problems(Vec<Problem>),
    /// The first load is complete.
    Done,
    /// The notebooks changed on disk: everything loaded now (after `Done`).
    Reload(Box<Reload>),
    /// Live reload runs, but these folders could not be watched
    /// (`path: reason`, one each).
    Unwatched(Vec<String>),
    /// Live reload could not start (the watcher's error).
    WatchFailed(String),
}

/// A reload: everything loaded now, and what changed.
pub struct Reload {
    pub store: Arc<Store>,
    /// A matcher fed with every entry of `store` (keys of `store`).
    pub search: LiveSearch,
    /// What changed, one change per file.
    pub changes: Vec<Change>,
    /// The paths that cannot be read now (for `:files`).
    pub problems: Vec<String>,
    /// How long the background work took: rescan, parse, store, matcher feed.
    pub took: Duration,
}

impl Reload {
    /// A reload of `notebooks`: the store, and a matcher fed with it in the
    /// same order (so its keys are the store's).
    pub fn new(
        notebooks: Vec<Arc<Notebook>>,
        changes: Vec<Change>,
        problems: Vec<String>,
    ) -> Reload {
        let search = LiveSearch::new(Arc::new(|| {}));
        let feeder = search.injector();
        for (i, nb) in notebooks.iter().enumerate() {
            LiveSearch::inject(&feeder, i as u32, nb);
        }
        Reload {
            store: Arc::new(Store::new(notebooks)),
            search,
            changes,
            problems,
            took: Duration::ZERO,
        }
    }
}

/// Loads what `paths` name (folders searched for `pattern`, default `*.txt`)
/// on a background thread, newest files first: each notebook is fed to
/// `feeder` (the listener's matcher) as soon as it is parsed, and a new
/// store is sent at most every 40 ms, so the listener never parses, resolves
/// or matches. With `watch`, the folders are watched from before the first
/// read (a change during the load is not missed), and the thread then stays
/// to send an [`Update::Reload`] after every change, until the receiver is
/// dropped.
pub fn spawn(
    paths: Vec<PathBuf>,
    pattern: Option<glob::Pattern>,
    feeder: Feeder,
    watch: bool,
) -> Receiver<Update> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let watcher = if watch {
            start_watch(&paths, pattern.as_ref(), &tx)
        } else {
            None
        };
        // The first load's matcher feed and notebooks are dropped when it
        // returns: after a reload nothing here may keep old text alive.
        let (all, problems) = first::load(&paths, pattern.as_ref(), feeder, &tx);
        if let Some(w) = watcher {
            let tracker = Tracker::new(paths, pattern, all, problems);
            run_reloader(w, tracker, tx);
        }
    });
    rx
}

/// Starts watching `paths`; what cannot be watched is sent on.
fn start_watch(
    paths: &[PathBuf],
    pattern: Option<&glob::Pattern>,
    tx: &Sender<Update>,
) -> Option<Watch> {
    match Watch::start(paths, pattern) {
        Ok((w, problems)) => {
            if !problems.is_empty() {
                let _ = tx.send(Update::Unwatched(problems));
            }
            Some(w)
        }
        Err(e) => {
            let _ = tx.send(Update::WatchFailed(e.to_string()));
            None
        }
    }
}

/// Waits for changes to the watched notebooks and sends a [`Reload`] after
/// each burst that changed something, until the receiver is gone. Parsing,
/// store building and matcher feeding all happen here.
fn run_reloader(mut watch: Watch, mut tracker: Tracker, tx: Sender<Update>) {
    while let Some(batch) = watch.wait() {
        let start = Instant::now();
        let changes = tracker.rescan(&batch.paths);
        if changes.is_empty() {
            continue;
        }
        let problems = tracker.problems().iter().map(Problem::to_string).collect();
        let mut reload = Reload::new(tracker.notebooks(), changes, problems);
        reload.took = start.elapsed();
        if tx.send(Update::Reload(Box::new(reload))).is_err() {
            return;
        }
    }
}
