//! The first load: every file read on all cores, newest first, and a store
//! published in batches while the files arrive.

use super::load::{self, Problem};
use super::Update;
use crate::notebook::Notebook;
use crate::search::{Feeder, LiveSearch};
use crate::store::Store;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The first load (see [`super::spawn`]); returns the notebooks in the order
/// they were fed to the matcher, and the paths that could not be read.
pub(super) fn load(
    paths: &[PathBuf],
    pattern: Option<&glob::Pattern>,
    injector: Feeder,
    tx: &Sender<Update>,
) -> (Vec<Arc<Notebook>>, Vec<Problem>) {
    let (files, problems) = load::collect_matching(paths, pattern);
    let total = files.len();
    let _ = tx.send(Update::Progress { done: 0, total });
    // The files so far, when the last store was started and how long the
    // one before took: after the first file's, stores are built at most
    // every `every`, and never more than a twelfth of the time, as they grow
    // with the files (a build takes a core from loading). A load from warm
    // files of 100 MB is over before a second store would be due: the
    // newest file is shown at once, then everything in one swap; a slow
    // load (a cold disk, a network folder) shows its files in batches.
    let loaded: Mutex<(Vec<Arc<Notebook>>, Instant, Duration)> =
        Mutex::new((Vec::new(), Instant::now(), Duration::ZERO));
    // How many files the newest store sent holds: a slower build of fewer
    // files is never sent after it.
    let published = Mutex::new(0usize);
    let publish = |notebooks: Vec<Arc<Notebook>>| {
        let done = notebooks.len();
        let t = Instant::now();
        let store = Arc::new(Store::new(notebooks));
        if let Ok(mut g) = loaded.lock() {
            g.2 = t.elapsed();
        }
        if let Ok(mut last) = published.lock() {
            if done > *last {
                *last = done;
                let _ = tx.send(Update::Store(store));
                let _ = tx.send(Update::Progress { done, total });
            }
        }
    };
    let failed = Mutex::new(problems);
    let every = Duration::from_millis(250);
    load::load_each(&files, |_, r| match r {
        Ok(nb) => {
            let nb = Arc::new(nb);
            let Ok(mut g) = loaded.lock() else { return };
            let file = g.0.len() as u32;
            g.0.push(Arc::clone(&nb));
            // The first file goes out at once: it is the newest, what the
            // user wants to see first.
            let due = g.0.len() == 1 || g.1.elapsed() >= every.max(g.2 * 12);
            let snapshot = due.then(|| {
                g.1 = Instant::now();
                g.0.clone()
            });
            drop(g);
            LiveSearch::inject_literal(&injector, file, &nb);
            if let Some(notebooks) = snapshot {
                publish(notebooks);
            }
        }
        Err(p) => {
            if let Ok(mut f) = failed.lock() {
                f.push(p);
            }
        }
    });
    let all = loaded.lock().map(|g| g.0.clone()).unwrap_or_default();
    if published.lock().is_ok_and(|p| *p < all.len()) {
        publish(all.clone());
    }
    let problems = failed.into_inner().unwrap_or_default();
    let _ = tx.send(Update::Problems(problems.clone()));
    let _ = tx.send(Update::Done);
    // Every entry is searchable; the pinyin spellings of titles follow, from
    // the keyword-line index where it is current (reading it costs a tenth
    // of spelling, which would take a core from the first keys typed).
    for (file, nb) in all.iter().enumerate() {
        let indexed = crate::cache::load_titles(&nb.path)
            .filter(|t| t.notebook.entries().len() == nb.entries().len());
        match indexed {
            Some(t) => LiveSearch::inject_spelled(&injector, file as u32, nb, t.check.spelled()),
            None => LiveSearch::inject_pinyin(&injector, file as u32, nb),
        }
    }
    (all, problems)
}
