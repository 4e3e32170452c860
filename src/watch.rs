//! Live reload, the part without a screen: a notify watcher on the folders that
//! hold the notebooks, and a [`Tracker`] that brings the loaded notebooks up to
//! date with the disk after a burst of changes, re-reading only the files that
//! changed.
//!
//! Folders given by the user are watched recursively; for a file given by
//! name its parent folder is watched, not the file, so an editor that writes a
//! temporary file and renames it over the notebook is seen (a watch on the
//! file itself would follow the old, unlinked inode). Events only wake the
//! tracker up: what changed is decided by walking the paths again and
//! comparing each file's size, modification time and inode with what was read,
//! so a lost event (a full inotify queue) is caught by the next one.

use crate::load::{self, Problem};
use crate::notebook::Notebook;
use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RemoveKind};
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Quiet time that ends a burst of events: an editor's save is a few events
/// (write a temporary file, rename it, set its mode) within milliseconds.
pub const QUIET: Duration = Duration::from_millis(150);

/// A burst never delays a reload longer than this (a file written to
/// continuously still shows its new entries).
pub const MAX_DELAY: Duration = Duration::from_secs(1);

/// The watcher on the notebooks' folders. Dropping it stops watching.
pub struct Watch {
    _watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    /// Folders watched recursively (canonical): every notebook-named file in
    /// them counts.
    roots: Vec<PathBuf>,
    /// Files named explicitly, as events name them (canonical folder + name,
    /// and the canonical target when the name is a symlink).
    explicit: HashSet<PathBuf>,
    /// Glob patterns from the config (under canonical folders): a file they
    /// match counts, also one that appears later.
    globs: Vec<glob::Pattern>,
    pattern: Option<glob::Pattern>,
}

/// What a burst of events named.
#[derive(Debug, Default)]
pub struct Batch {
    /// Paths the events named, as notify spells them (under canonical folders).
    pub paths: HashSet<PathBuf>,
}

impl Watch {
    /// Starts watching what `paths` name: folders recursively, the parent
    /// folder of each file (also of a file that does not exist yet, so it is
    /// seen when it appears). `pattern` is the notebook file-name pattern
    /// (default `*.txt`), as in [`load::collect_matching`]. A folder that
    /// cannot be watched (no permission, the system's watch limit) is named
    /// in the list that comes back, and the others are watched; only a
    /// watcher that cannot start at all is an error.
    pub fn start(
        paths: &[PathBuf],
        pattern: Option<&glob::Pattern>,
    ) -> notify::Result<(Watch, Vec<String>)> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        let mut roots: Vec<PathBuf> = Vec::new();
        let mut parents: Vec<PathBuf> = Vec::new();
        let mut explicit = HashSet::new();
        let mut globs = Vec::new();
        let mut glob_dirs: Vec<(PathBuf, bool)> = Vec::new();
        for p in paths {
            if load::is_glob(p) && !p.exists() {
                let (base, deep) = load::glob_base(p);
                let base = if base.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    base
                };
                let canon = std::fs::canonicalize(&base).unwrap_or_else(|_| base.clone());
                let rest = p.strip_prefix(&base).unwrap_or(p);
                if let Some(g) = canon
                    .join(rest)
                    .to_str()
                    .and_then(|g| glob::Pattern::new(g).ok())
                {
                    globs.push(g);
                }
                glob_dirs.push((canon, deep));
                continue;
            }
            match std::fs::metadata(p) {
                Ok(m) if m.is_dir() => {
                    roots.push(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
                }
                _ => {
                    let named = absolute(p);
                    if let Ok(target) = std::fs::canonicalize(p) {
                        parents.extend(target.parent().map(Path::to_path_buf));
                        explicit.insert(target);
                    }
                    parents.extend(named.parent().map(Path::to_path_buf));
                    explicit.insert(named);
                }
            }
        }
        roots.sort();
        roots.dedup();
        // A folder inside another is already watched through it.
        let mut kept: Vec<PathBuf> = Vec::new();
        for r in roots {
            if !kept.iter().any(|k| r.starts_with(k)) {
                kept.push(r);
            }
        }
        let mut problems = Vec::new();
        for r in &kept {
            if let Err(e) = watcher.watch(r, RecursiveMode::Recursive) {
                problems.push(format!("{}: {e}", r.display()));
            }
        }
        parents.sort();
        parents.dedup();
        for p in parents {
            if p.is_dir() && !kept.iter().any(|r| p.starts_with(r)) {
                if let Err(e) = watcher.watch(&p, RecursiveMode::NonRecursive) {
                    problems.push(format!("{}: {e}", p.display()));
                }
            }
        }
        for (dir, deep) in glob_dirs {
            let mode = if deep {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if !kept.iter().any(|r| dir.starts_with(r)) {
                if let Err(e) = watcher.watch(&dir, mode) {
                    problems.push(format!("{}: {e}", dir.display()));
                }
            }
        }
        let watch = Watch {
            _watcher: watcher,
            events,
            roots: kept,
            explicit,
            globs,
            pattern: pattern
                .cloned()
                .or_else(|| glob::Pattern::new("*.txt").ok()),
        };
        Ok((watch, problems))
    }

    /// Blocks until an event concerns a notebook, then collects events until
    /// none has come for [`QUIET`] (at most [`MAX_DELAY`]). `None` once the
    /// watcher has stopped.
    pub fn wait(&self) -> Option<Batch> {
        self.wait_until(None)
    }

    /// [`Watch::wait`], giving up (`None`) when nothing relevant has come
    /// within `limit`.
    pub fn wait_at_most(&self, limit: Duration) -> Option<Batch> {
        self.wait_until(Some(Instant::now() + limit))
    }

    fn wait_until(&self, give_up: Option<Instant>) -> Option<Batch> {
        let mut batch = Batch::default();
        loop {
            let ev = match give_up {
                None => self.events.recv().ok()?,
                Some(t) => {
                    let left = t.checked_duration_since(Instant::now())?;
                    self.events.recv_timeout(left).ok()?
                }
            };
            if self.take(ev, &mut batch) {
                break;
            }
        }
        let start = Instant::now();
        let mut last = start;
        loop {
            let deadline = (last + QUIET).min(start + MAX_DELAY);
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                break;
            };
            match self.events.recv_timeout(left) {
                Ok(ev) => {
                    if self.take(ev, &mut batch) {
                        last = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        Some(batch)
    }

    /// Adds what a relevant event names to `batch`; false when the event
    /// concerns no notebook (rizhi's own reads, an editor's swap file).
    fn take(&self, ev: notify::Result<Event>, batch: &mut Batch) -> bool {
        let ev = match ev {
            Ok(ev) => ev,
            // The watcher lost track (e.g. the event queue overflowed):
            // rescanning is the only safe answer.
            Err(_) => return true,
        };
        if ev.need_rescan() {
            return true;
        }
        let relevant = ev.paths.iter().any(|p| self.concerns(p, &ev.kind));
        if relevant {
            batch.paths.extend(ev.paths);
        }
        relevant
    }

    fn concerns(&self, p: &Path, kind: &EventKind) -> bool {
        match kind {
            // Opening and reading (rizhi's own reads among them) change nothing.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return false,
            _ => {}
        }
        if self.explicit.contains(p) || self.globs.iter().any(|g| g.matches_path(p)) {
            return true;
        }
        if !self.roots.iter().any(|r| p.starts_with(r)) {
            return false;
        }
        // In a watched folder: a notebook-named file, or a folder appearing,
        // vanishing or being renamed (it may hold notebooks).
        load::is_notebook_name(p, self.pattern.as_ref())
            || matches!(
                kind,
                EventKind::Create(CreateKind::Folder)
                    | EventKind::Remove(RemoveKind::Folder)
                    | EventKind::Modify(ModifyKind::Name(_))
            )
            || p.is_dir()
    }
}

/// `p` with its folder made canonical, the file name kept: how an event on a
/// canonical watched folder names the file.
pub fn absolute(p: &Path) -> PathBuf {
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(parent), p.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => p.to_path_buf(),
    }
}

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
}

/// What a rescan found, one change per file; its `Display` is the status-bar
/// note.
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

fn file_name(p: &Path) -> String {
    p.file_name()
        .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
}

fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".into()
    } else {
        format!("{n} entries")
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Added { path, entries: n } => {
                write!(f, "loaded new {} ({})", file_name(path), entries(*n))
            }
            Change::Changed {
                path,
                before,
                after,
            } => {
                write!(f, "reloaded {}", file_name(path))?;
                match after.cmp(before) {
                    std::cmp::Ordering::Greater => write!(f, " (+{})", entries(after - before)),
                    std::cmp::Ordering::Less => write!(f, " (−{})", entries(before - after)),
                    std::cmp::Ordering::Equal => Ok(()),
                }
            }
            Change::Removed { path, entries: n } => write!(
                f,
                "{} is gone: its {} left the timeline",
                file_name(path),
                entries(*n)
            ),
            Change::Unreadable {
                path,
                message,
                kept,
            } => write!(
                f,
                "could not re-read {}: {message}; kept the {} read before",
                file_name(path),
                entries(*kept)
            ),
            Change::Problem(p) => write!(f, "could not read {p}"),
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
                Some((i, t)) if t.stat.is_some() && t.stat == stat && !was_named(&path) => {
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
            };
            match (result, before) {
                (Ok(nb), Some((i, t))) if nb.text == t.nb.text && nb.encoding == t.nb.encoding => {
                    kept.push((i, Tracked { nb: t.nb, stat }));
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
                    kept.push((i, Tracked { nb: t.nb, stat }));
                }
                (Err(p), None) => problems.push(p),
            }
        }
        let mut gone: Vec<(usize, Tracked)> = old.into_values().collect();
        gone.sort_by_key(|(i, _)| *i);
        for (_, t) in gone {
            changes.push(Change::Removed {
                path: t.nb.path.clone(),
                entries: t.nb.entries().len(),
            });
        }
        // A notebook named explicitly and deleted is also a problem now ("no
        // such file"); it is reported once, as removed.
        let removed: HashSet<PathBuf> = changes
            .iter()
            .filter(|c| matches!(c, Change::Removed { .. }))
            .map(|c| c.path().to_path_buf())
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

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "9:00 2013-1-2\nalpha, one\n1, body\n";
    const DEADLINE: Duration = Duration::from_secs(5);
    const B: &str = "9:00 2013-2-1\nbeta, two\n1, body\n";

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        p
    }

    /// A tracker over `paths`, loaded as the browser loads them.
    fn tracker(paths: &[PathBuf]) -> Tracker {
        let (files, problems) = load::collect_matching(paths, None);
        let (nbs, more) = load::load_all(&files);
        let problems = problems.into_iter().chain(more).collect();
        Tracker::new(
            paths.to_vec(),
            None,
            nbs.into_iter().map(Arc::new).collect(),
            problems,
        )
    }

    fn names(t: &Tracker) -> Vec<String> {
        t.notebooks().iter().map(|nb| file_name(&nb.path)).collect()
    }

    fn none() -> HashSet<PathBuf> {
        HashSet::new()
    }

    #[test]
    fn nothing_changed_nothing_reported_nothing_read() {
        let d = tempfile::tempdir().expect("tempdir");
        write(d.path(), "a.txt", A);
        write(d.path(), "b.txt", B);
        let mut t = tracker(&[d.path().to_path_buf()]);
        let before = t.notebooks();
        assert_eq!(t.rescan(&none()), vec![]);
        let after = t.notebooks();
        assert_eq!(before.len(), 2);
        assert!(before.iter().zip(&after).all(|(x, y)| Arc::ptr_eq(x, y)));
    }

    #[test]
    fn a_changed_file_is_read_again_and_the_others_are_kept() {
        let d = tempfile::tempdir().expect("tempdir");
        let a = write(d.path(), "a.txt", A);
        write(d.path(), "b.txt", B);
        let mut t = tracker(&[d.path().to_path_buf()]);
        let before = t.notebooks();
        let order = names(&t);
        std::fs::write(&a, format!("{A}\n10:00 2013-1-3\nmore\n")).expect("append");
        assert_eq!(
            t.rescan(&none()),
            vec![Change::Changed {
                path: a.clone(),
                before: 1,
                after: 2
            }]
        );
        assert_eq!(names(&t), order, "files keep their places");
        for (x, y) in before.iter().zip(t.notebooks()) {
            assert_eq!(Arc::ptr_eq(x, &y), x.path != a, "{}", x.path.display());
        }
    }

    #[test]
    fn a_file_renamed_over_the_notebook_is_a_change() {
        let d = tempfile::tempdir().expect("tempdir");
        let a = write(d.path(), "a.txt", A);
        let mut t = tracker(std::slice::from_ref(&a));
        let tmp = write(d.path(), "a.txt.tmp", &A.replace("alpha", "renamed"));
        std::fs::rename(&tmp, &a).expect("rename over");
        assert_eq!(
            t.rescan(&none()),
            vec![Change::Changed {
                path: a.clone(),
                before: 1,
                after: 1
            }]
        );
        assert!(t.notebooks()[0].text.contains("renamed"));
    }

    #[test]
    fn the_same_text_written_again_is_not_a_change() {
        let d = tempfile::tempdir().expect("tempdir");
        let a = write(d.path(), "a.txt", A);
        let mut t = tracker(&[d.path().to_path_buf()]);
        let before = t.notebooks();
        std::fs::write(&a, format!("{A}x")).expect("grow");
        std::fs::write(&a, A).expect("and back");
        // Named by an event, so read even if size and time look the same.
        let named: HashSet<PathBuf> = [absolute(&a)].into();
        assert_eq!(t.rescan(&named), vec![]);
        assert!(Arc::ptr_eq(&before[0], &t.notebooks()[0]));
    }

    #[test]
    fn a_file_named_by_an_event_is_read_even_when_it_looks_the_same() {
        let d = tempfile::tempdir().expect("tempdir");
        let a = write(d.path(), "a.txt", A);
        let mut t = tracker(&[d.path().to_path_buf()]);
        let stat = Stat::of(&a);
        // Same length; put the old modification time back.
        let edited = A.replace("alpha", "ALPHA");
        std::fs::write(&a, &edited).expect("edit in place");
        let f = std::fs::File::options().write(true).open(&a).expect("open");
        f.set_modified(stat.and_then(|s| s.modified).expect("mtime"))
            .expect("set mtime");
        drop(f);
        assert_eq!(t.rescan(&none()), vec![], "size and time look the same");
        let named: HashSet<PathBuf> = [absolute(&a)].into();
        assert_eq!(
            t.rescan(&named),
            vec![Change::Changed {
                path: a,
                before: 1,
                after: 1
            }]
        );
        assert!(t.notebooks()[0].text.contains("ALPHA"));
    }

    #[test]
    fn new_files_are_added_and_deleted_ones_removed() {
        let d = tempfile::tempdir().expect("tempdir");
        let a = write(d.path(), "a.txt", A);
        let mut t = tracker(&[d.path().to_path_buf()]);
        std::fs::create_dir(d.path().join("2013")).expect("mkdir");
        let b = write(&d.path().join("2013"), "b.txt", B);
        write(d.path(), "notes.md", B);
        assert_eq!(
            t.rescan(&none()),
            vec![Change::Added {
                path: b.clone(),
                entries: 1
            }]
        );
        assert_eq!(names(&t), ["a.txt", "b.txt"]);
        std::fs::remove_file(&a).expect("delete");
        assert_eq!(
            t.rescan(&none()),
            vec![Change::Removed {
                path: a,
                entries: 1
            }]
        );
        assert_eq!(names(&t), ["b.txt"]);
        std::fs::remove_dir_all(d.path().join("2013")).expect("delete the folder");
        assert_eq!(
            t.rescan(&none()),
            vec![Change::Removed {
                path: b,
                entries: 1
            }]
        );
        assert!(t.notebooks().is_empty());
    }

    #[test]
    fn a_file_named_on_the_command_line_and_deleted_is_reported_once() {
        let d = tempfile::tempdir().expect("tempdir");
        let a = write(d.path(), "a.txt", A);
        let mut t = tracker(std::slice::from_ref(&a));
        std::fs::remove_file(&a).expect("delete");
        assert_eq!(
            t.rescan(&none()),
            vec![Change::Removed {
                path: a.clone(),
                entries: 1
            }]
        );
        assert_eq!(t.rescan(&none()), vec![]);
        assert_eq!(t.problems().len(), 1, "{:?}", t.problems());
        write(d.path(), "a.txt", A);
        assert_eq!(
            t.rescan(&none()),
            vec![Change::Added {
                path: a,
                entries: 1
            }]
        );
        assert!(t.problems().is_empty());
    }

    /// A file that exists but cannot be read keeps its entries. As root,
    /// permissions do not stop a read; `/proc/self/mem` always fails (EIO).
    #[cfg(target_os = "linux")]
    #[test]
    fn an_unreadable_file_keeps_its_entries_and_is_reported_once() {
        let d = tempfile::tempdir().expect("tempdir");
        let real = write(d.path(), "real", A);
        let link = d.path().join("a.txt");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let mut t = tracker(&[d.path().to_path_buf()]);
        assert_eq!(names(&t), ["a.txt"]);
        std::fs::remove_file(&link).expect("unlink");
        std::os::unix::fs::symlink("/proc/self/mem", &link).expect("symlink to mem");
        let changes = t.rescan(&none());
        assert!(
            matches!(&changes[..], [Change::Unreadable { path, kept: 1, .. }] if *path == link),
            "{changes:?}"
        );
        assert_eq!(t.notebooks().len(), 1);
        assert!(changes[0]
            .to_string()
            .starts_with("could not re-read a.txt: "));
        assert_eq!(t.rescan(&none()), vec![], "reported once");
        // A new notebook that cannot be read is a problem, reported once
        // (another path than a.txt's, which the walk would take for a.txt).
        std::os::unix::fs::symlink("/proc/thread-self/mem", d.path().join("b.txt"))
            .expect("symlink");
        let changes = t.rescan(&none());
        assert!(
            matches!(&changes[..], [Change::Problem(p)] if p.path.ends_with("b.txt")),
            "{changes:?}"
        );
        assert_eq!(t.rescan(&none()), vec![]);
    }

    #[test]
    fn notes_say_what_happened_to_which_file() {
        let p = PathBuf::from("notes/log201301.txt");
        let note = |c: Change| c.to_string();
        assert_eq!(
            note(Change::Changed {
                path: p.clone(),
                before: 3,
                after: 4
            }),
            "reloaded log201301.txt (+1 entry)"
        );
        assert_eq!(
            note(Change::Changed {
                path: p.clone(),
                before: 3,
                after: 1
            }),
            "reloaded log201301.txt (−2 entries)"
        );
        assert_eq!(
            note(Change::Removed {
                path: p.clone(),
                entries: 3
            }),
            "log201301.txt is gone: its 3 entries left the timeline"
        );
        assert_eq!(
            note(Change::Added {
                path: p,
                entries: 1
            }),
            "loaded new log201301.txt (1 entry)"
        );
    }

    /// The watcher itself: a write, and a rename over a notebook named on
    /// the command line, each wake it up; another file in its folder does
    /// not. A wait returns as soon as an event has come and things are quiet;
    /// 5 s is only the deadline for a missed event.
    #[test]
    fn the_watcher_sees_writes_and_renames_over_a_named_notebook() {
        let d = tempfile::tempdir().expect("tempdir");
        let a = write(d.path(), "a.txt", A);
        let (w, problems) = Watch::start(std::slice::from_ref(&a), None).expect("watch");
        assert_eq!(problems, Vec::<String>::new());
        write(d.path(), "other.txt", B);
        std::fs::write(&a, B).expect("write");
        let batch = w.wait_at_most(DEADLINE).expect("an event for the write");
        assert!(batch.paths.contains(&absolute(&a)), "{batch:?}");
        assert!(
            !batch.paths.iter().any(|p| p.ends_with("other.txt")),
            "{batch:?}"
        );
        let tmp = write(d.path(), "a.txt.tmp", A);
        std::fs::rename(&tmp, &a).expect("rename over");
        let batch = w.wait_at_most(DEADLINE).expect("an event for the rename");
        assert!(batch.paths.contains(&absolute(&a)), "{batch:?}");
    }

    /// A glob from the config (`~/work/log*.txt`) is expanded again on each
    /// rescan, and the watcher sees a file that starts to match it: next
    /// month's notebook appears in the browser.
    #[test]
    fn a_new_file_matching_a_configured_glob_is_watched_and_added() {
        let d = tempfile::tempdir().expect("tempdir");
        write(d.path(), "log201301.txt", A);
        write(d.path(), "notes.txt", B);
        let glob = d.path().join("log*.txt");
        let mut t = tracker(std::slice::from_ref(&glob));
        assert_eq!(names(&t), ["log201301.txt"]);
        let (w, problems) = Watch::start(std::slice::from_ref(&glob), None).expect("watch");
        assert_eq!(problems, Vec::<String>::new());
        write(d.path(), "other.txt", A);
        let b = write(d.path(), "log201302.txt", B);
        let batch = w.wait_at_most(DEADLINE).expect("an event for the new file");
        assert!(batch.paths.contains(&absolute(&b)), "{batch:?}");
        assert!(
            !batch.paths.iter().any(|p| p.ends_with("other.txt")),
            "{batch:?}"
        );
        assert_eq!(
            t.rescan(&batch.paths),
            vec![Change::Added {
                path: b,
                entries: 1
            }]
        );
        assert_eq!(names(&t), ["log201301.txt", "log201302.txt"]);
    }

    #[test]
    fn a_glob_matching_nothing_is_a_problem_not_an_error() {
        let d = tempfile::tempdir().expect("tempdir");
        let glob = d.path().join("log*.txt");
        let (files, problems) = load::collect_matching(std::slice::from_ref(&glob), None);
        assert!(files.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "matches no file");
        assert_eq!(
            load::glob_base(&d.path().join("*/log.txt")),
            (d.path().to_path_buf(), true)
        );
    }
}
