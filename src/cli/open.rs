//! Opening the notebooks for a subcommand: in full, or (for keyword search)
//! from the keyword-line indexes, checked against the notebooks' bytes.

use super::search;
use crate::cache::titles::Check;
use crate::config::Sources;
use crate::live::load::{self, Problem};
use crate::notebook::Notebook;
use crate::report::warn;
use crate::store::Store;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

/// The opened notebooks and what went wrong on the way.
pub struct Opened {
    pub store: Store,
    pub problems: Vec<Problem>,
    pub sample: bool,
    /// For a store opened from keyword-line indexes ([`open_sources`]): per
    /// file, where its entries' lines must be found in the real notebook
    /// (`None` for a file read in full). Empty for a store read in full.
    pub checks: Vec<Option<Check>>,
}

/// Opens the given paths, else the configured ones, else the bundled sample,
/// telling on stderr what the browser would tell in its status line.
pub fn open(paths: &[PathBuf]) -> Opened {
    open_sources(&sources(paths), false)
}

/// The notebooks to open, their problems told on stderr.
fn sources(paths: &[PathBuf]) -> Sources {
    let (_, sources) = Sources::start(paths.to_vec(), crate::tui::CONFIG_CHECKS);
    for w in &sources.warnings {
        warn(w);
    }
    sources
}

/// Opens `sources`; with `titles`, each file whose keyword-line index is
/// current is opened from it, without reading the notebook (a store fit for
/// keyword search only, whose results must pass [`Opened::checks`]).
fn open_sources(sources: &Sources, titles: bool) -> Opened {
    if sources.sample {
        return Opened {
            store: Store::new(vec![Arc::new(load::bundled_sample())]),
            problems: Vec::new(),
            sample: true,
            checks: Vec::new(),
        };
    }
    let (files, mut problems) = load::collect_matching(&sources.paths, sources.pattern.as_ref());
    if !titles {
        let (notebooks, more) = load::load_all(&files);
        problems.extend(more);
        return Opened {
            store: Store::new(notebooks.into_iter().map(Arc::new).collect()),
            problems,
            sample: false,
            checks: Vec::new(),
        };
    }
    // Read and decoded over the cores, in the files' order.
    let chunk = files.len().div_ceil(crate::search::workers()).max(1);
    let mut slots: Vec<Option<(Notebook, Option<Check>)>> = std::thread::scope(|s| {
        let parts: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|f| crate::cache::load_titles(f).map(|t| (t.notebook, Some(t.check))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_else(|_| Vec::new()))
            .collect()
    });
    slots.resize_with(files.len(), || None);
    let missing: Vec<PathBuf> = files
        .iter()
        .zip(&slots)
        .filter(|(_, s)| s.is_none())
        .map(|(f, _)| f.clone())
        .collect();
    let (loaded, more) = load::load_all(&missing);
    problems.extend(more);
    let mut loaded = loaded.into_iter().peekable();
    for (f, slot) in files.iter().zip(&mut slots) {
        if slot.is_none() && loaded.peek().is_some_and(|nb| nb.path == *f) {
            *slot = loaded.next().map(|nb| (nb, None));
        }
    }
    let (notebooks, checks): (Vec<_>, Vec<_>) = slots
        .into_iter()
        .flatten()
        .map(|(nb, c)| (Arc::new(nb), c))
        .unzip();
    Opened {
        store: Store::new(notebooks),
        problems,
        sample: false,
        checks,
    }
}

/// `rizhi search` in keyword scope: answered from the keyword-line indexes
/// when they are current and every result checks out against the notebooks'
/// bytes, else (any index missing is read in full; any result that fails its
/// check) from the notebooks read in full.
pub(super) fn search_keywords(
    paths: &[PathBuf],
    json: bool,
    opts: &search::Opts,
    query: &str,
) -> (usize, std::io::Result<bool>) {
    let sources = sources(paths);
    let scope = crate::search::Scope::Keywords;
    let out = &mut std::io::BufWriter::new(std::io::stdout().lock());
    let indexed = crate::cache::enabled() && !crate::search::has_or(query);
    let mut opened = open_sources(&sources, indexed);
    let mut r = search::run(&opened, json, scope, opts, query, out);
    if indexed && matches!(r, Ok(None)) {
        opened = open_sources(&sources, false);
        r = search::run(&opened, json, scope, opts, query, out);
    }
    for p in &opened.problems {
        warn(p);
    }
    let r = r.and_then(|f| out.flush().map(|()| f.unwrap_or(false)));
    let problems = opened.problems.len();
    // The process ends next: freeing 100k entries one by one is work for
    // nothing (3% of a search).
    std::mem::forget(opened);
    (problems, r)
}
