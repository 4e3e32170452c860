//! Keeping the loaded notebooks in step with the disk: after a burst of
//! changes, [`Tracker::rescan`] walks the paths again and re-reads only the
//! files that are new or changed (by size, modification time and inode, or
//! because an event named them), and says what changed as [`Change`]s.

use super::load::{self, Problem};
use super::watch::absolute;
use crate::notebook::Notebook;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// What a file looked like when it was read: a different size, modification
/// time or inode means it must be read again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stat {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

impl Stat {
    fn of(p: &Path) -> Option<Stat> {
        let m = std::fs::metadata(p).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stat {
            len: m.len(),
            modified: m.modified().ok(),
            inode,
        })
    }
}

/// A file to read in a rescan: its path, how it looks now, and its place and
/// notebook when it was loaded before.
type ToRead = (PathBuf, Option<Stat>, Option<(usize, Tracked)>);

/// One loaded notebook and the file it was read from.
struct Tracked {
    nb: Arc<Notebook>,
    /// `None` after a failed re-read: read again at the next rescan.
    stat: Option<Stat>,
    /// Why the walk cannot reach the file now (its folder cannot be read),
    /// once reported: its entries are kept, and it is not reported again.
    unreachable: Option<String>,
}

/// What a rescan found, one change per file. Data only: the browser words it
/// for its status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A new notebook file appeared in a watched folder.
    Added { path: PathBuf, entries: usize },
    /// A loaded notebook's text changed.
    Changed {
        path: PathBuf,
        before: usize,
        after: usize,
    },
    /// A loaded notebook is gone (deleted, renamed away, no longer a
    /// notebook): its entries left the timeline.
    Removed { path: PathBuf, entries: usize },
    /// A loaded notebook could not be read again: its old entries stay.
    Unreadable {
        path: PathBuf,
        message: String,
        kept: usize,
    },
    /// A path that is not loaded could not be read (newly so).
    Problem(Problem),
}

impl Change {
    /// The file the change concerns.
    pub fn path(&self) -> &Path {
        match self {
            Change::Added { path, .. }
            | Change::Changed { path, .. }
            | Change::Removed { path, .. }
            | Change::Unreadable { path, .. } => path,
            Change::Problem(p) => &p.path,
        }
    }
}

/// The notebooks loaded now, kept in step with the disk by [`Tracker::rescan`].
/// Notebooks that did not change are kept (the same `Arc`), so a rescan after
/// one file changed reads and parses that file only.
pub struct Tracker {
    paths: Vec<PathBuf>,
    pattern: Option<glob::Pattern>,
    files: Vec<Tracked>,
    /// The problems reported so far, so a rescan reports only new ones.
    problems: Vec<Problem>,
}

impl Tracker {
    /// Tracks `notebooks`, loaded from what `paths` named (with `pattern`, as
    /// in [`load::collect_matching`]); `problems` are those already reported.
    pub fn new(
        paths: Vec<PathBuf>,
        pattern: Option<glob::Pattern>,
        notebooks: Vec<Arc<Notebook>>,
        problems: Vec<Problem>,
    ) -> Tracker {
        let files = notebooks
            .into_iter()
            .map(|nb| Tracked {
                stat: Stat::of(&nb.path),
                nb,
                unreachable: None,
            })
            .collect();
        Tracker {
            paths,
            pattern,
            files,
            problems,
        }
    }

    /// The notebooks, in a stable order: files keep their place across
    /// rescans, new files come last.
    pub fn notebooks(&self) -> Vec<Arc<Notebook>> {
        self.files.iter().map(|t| Arc::clone(&t.nb)).collect()
    }

    /// The paths that could not be read, as of the last rescan.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Walks the paths again and re-reads every file that is new, looks
    /// different from when it was read, or is in `named` (paths events named,
    /// see [`absolute`]); a file whose text turns out unchanged keeps its
    /// notebook and is not reported. A file that vanished is removed; a file
    /// that exists but cannot be read keeps its old entries.
    pub fn rescan(&mut self, named: &HashSet<PathBuf>) -> Vec<Change> {
        let (found, problems) = load::collect_matching(&self.paths, self.pattern.as_ref());
        let named_names: HashSet<&std::ffi::OsStr> =
            named.iter().filter_map(|p| p.file_name()).collect();
        let was_named = |p: &Path| {
            p.file_name().is_some_and(|n| named_names.contains(n))
                && (named.contains(&absolute(p))
                    || std::fs::canonicalize(p).is_ok_and(|c| named.contains(&c)))
        };
        let mut old: HashMap<PathBuf, (usize, Tracked)> = std::mem::take(&mut self.files)
            .into_iter()
            .enumerate()
            .map(|(i, t)| (t.nb.path.clone(), (i, t)))
            .collect();
        // (place, tracked) for every file that stays; places keep the old order.
        let mut kept: Vec<(usize, Tracked)> = Vec::new();
        let mut to_read: Vec<ToRead> = Vec::new();
        for path in found {
            let stat = Stat::of(&path);
            match old.remove(&path) {
                Some((i, mut t)) if t.stat.is_some() && t.stat == stat && !was_named(&path) => {
                    t.unreachable = None;
                    kept.push((i, t))
                }
                before => to_read.push((path, stat, before)),
            }
        }
        let mut changes = Vec::new();
        let mut problems = problems;
        let read = read_all(to_read.iter().map(|(p, _, _)| p.clone()).collect());
        let mut next_new = usize::MAX / 2;
        for ((path, stat, before), result) in to_read.into_iter().zip(read) {
            let tracked = |nb: Notebook| Tracked {
                nb: Arc::new(nb),
                stat,
                unreachable: None,
            };
            match (result, before) {
                (Ok(nb), Some((i, t))) if nb.text == t.nb.text && nb.encoding == t.nb.encoding => {
                    kept.push((i, tracked_again(t.nb, stat)));
                }
                (Ok(nb), Some((i, t))) => {
                    changes.push(Change::Changed {
                        path,
                        before: t.nb.entries().len(),
                        after: nb.entries().len(),
                    });
                    kept.push((i, tracked(nb)));
                }
                (Ok(nb), None) => {
                    changes.push(Change::Added {
                        path,
                        entries: nb.entries().len(),
                    });
                    kept.push((next_new, tracked(nb)));
                    next_new += 1;
                }
                // Vanished between the walk and the read.
                (Err(_), Some((_, t))) if std::fs::symlink_metadata(&path).is_err() => {
                    changes.push(Change::Removed {
                        path,
                        entries: t.nb.entries().len(),
                    });
                }
                // Kept with the file's new look, so it is tried again only
                // when it changes again (not at every unrelated event).
                (Err(p), Some((i, t))) => {
                    changes.push(Change::Unreadable {
                        path,
                        message: p.message,
                        kept: t.nb.entries().len(),
                    });
                    kept.push((i, tracked_again(t.nb, stat)));
                }
                (Err(p), None) => problems.push(p),
            }
        }
        let mut gone: Vec<(usize, Tracked)> = old.into_values().collect();
        gone.sort_by_key(|(i, _)| *i);
        // Files the walk did not find, but that may still be there: a folder
        // on the way cannot be read (`chmod 000`). They keep their entries.
        let mut unreachable: HashSet<PathBuf> = HashSet::new();
        for (i, mut t) in gone {
            match why_unreachable(&t.nb.path, &problems) {
                Some(message) => {
                    if t.unreachable.as_ref() != Some(&message) {
                        changes.push(Change::Unreadable {
                            path: t.nb.path.clone(),
                            message: message.clone(),
                            kept: t.nb.entries().len(),
                        });
                    }
                    unreachable.insert(t.nb.path.clone());
                    t.unreachable = Some(message);
                    kept.push((i, t));
                }
                None => changes.push(Change::Removed {
                    path: t.nb.path.clone(),
                    entries: t.nb.entries().len(),
                }),
            }
        }
        // A notebook named explicitly and deleted is also a problem now ("no
        // such file"); it is reported once, as removed. One that cannot be
        // reached is reported as unreadable.
        let removed: HashSet<PathBuf> = changes
            .iter()
            .filter(|c| matches!(c, Change::Removed { .. }))
            .map(|c| c.path().to_path_buf())
            .chain(unreachable)
            .collect();
        for p in &problems {
            if !removed.contains(&p.path) && !self.problems.contains(p) {
                changes.push(Change::Problem(p.clone()));
            }
        }
        self.problems = problems;
        kept.sort_by_key(|(i, _)| *i);
        self.files = kept.into_iter().map(|(_, t)| t).collect();
        changes
    }
}

/// A file read before and re-read now, unchanged or unreadable: its old
/// notebook with the file's new look.
fn tracked_again(nb: Arc<Notebook>, stat: Option<Stat>) -> Tracked {
    Tracked {
        nb,
        stat,
        unreachable: None,
    }
}

/// Why a loaded file the walk did not find is kept: it cannot be looked at
/// (a folder on its way denies it), or a folder above it could not be read
/// (a problem names it). `None` when it is really gone: no such file, or
/// there but no longer taken for a notebook.
fn why_unreachable(path: &Path, problems: &[Problem]) -> Option<String> {
    match std::fs::symlink_metadata(path) {
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            None
        }
        Err(e) => Some(load::io_message(&e)),
        Ok(_) => problems
            .iter()
            .find(|p| p.path != path && path.starts_with(&p.path))
            .map(|p| format!("{}: {}", p.path.display(), p.message)),
    }
}

/// Reads `files` on all cores; results in the order of `files`.
fn read_all(files: Vec<PathBuf>) -> Vec<Result<Notebook, Problem>> {
    let slots: std::sync::Mutex<Vec<Option<Result<Notebook, Problem>>>> =
        std::sync::Mutex::new((0..files.len()).map(|_| None).collect());
    load::load_each(&files, |i, r| {
        if let Ok(mut s) = slots.lock() {
            s[i] = Some(r);
        }
    });
    slots
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .zip(&files)
        .map(|(r, path)| {
            r.unwrap_or_else(|| {
                Err(Problem {
                    path: path.clone(),
                    message: "not read".into(),
                })
            })
        })
        .collect()
}
