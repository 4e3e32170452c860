//! Watching the notebooks: a notify watcher on the folders that hold them,
//! which wakes the [`super::Tracker`] up after a burst of changes.
//!
//! Folders given by the user are watched recursively; for a file given by
//! name its parent folder is watched, not the file, so an editor that writes a
//! temporary file and renames it over the notebook is seen (a watch on the
//! file itself would follow the old, unlinked inode). Events only wake the
//! tracker up: what changed is decided by walking the paths again and
//! comparing each file's size, modification time and inode with what was read,
//! so a lost event (a full inotify queue) is caught by the next one.
//!
//! A watched folder that is deleted (or renamed away) takes its watch with it;
//! the watch is re-armed when a folder is at that path again, checked on every
//! event that names it and every [`POLL`], and the rescan that follows brings
//! its notebooks back.

use super::load;
use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RemoveKind};
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Quiet time that ends a burst of events: an editor's save is a few events
/// (write a temporary file, rename it, set its mode) within milliseconds.
pub const QUIET: Duration = Duration::from_millis(150);

/// A burst never delays a reload longer than this (a file written to
/// continuously still shows its new entries).
pub const MAX_DELAY: Duration = Duration::from_secs(1);

/// How often a folder whose watch was lost (deleted, renamed away, replaced)
/// is looked for again.
pub const POLL: Duration = Duration::from_secs(1);

/// A folder to watch and whether its watch is in place: the folder's
/// (device, inode) when it was armed, `None` while there is no folder there
/// (or it could not be watched).
struct Armed {
    dir: PathBuf,
    mode: RecursiveMode,
    id: Option<(u64, u64)>,
}

/// The watcher on the notebooks' folders. Dropping it stops watching.
pub struct Watch {
    watcher: notify::RecommendedWatcher,
    /// Every folder watched, to re-arm a watch a deleted folder took along.
    armed: Vec<Armed>,
    last_check: Instant,
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
        let mut wanted: Vec<(PathBuf, RecursiveMode)> = kept
            .iter()
            .map(|r| (r.clone(), RecursiveMode::Recursive))
            .collect();
        parents.sort();
        parents.dedup();
        for p in parents {
            if !kept.iter().any(|r| p.starts_with(r)) {
                wanted.push((p, RecursiveMode::NonRecursive));
            }
        }
        for (dir, deep) in glob_dirs {
            let mode = if deep {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if !kept.iter().any(|r| dir.starts_with(r)) {
                wanted.push((dir, mode));
            }
        }
        let mut problems = Vec::new();
        let mut armed = Vec::new();
        for (dir, mode) in wanted {
            let mut a = Armed {
                dir,
                mode,
                id: None,
            };
            // A folder that does not exist yet is no problem: it is watched
            // when it appears.
            if let Some(Err(e)) = arm(&mut watcher, &mut a) {
                problems.push(format!("{}: {e}", a.dir.display()));
            }
            armed.push(a);
        }
        let watch = Watch {
            watcher,
            armed,
            last_check: Instant::now(),
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
    pub fn wait(&mut self) -> Option<Batch> {
        self.wait_until(None)
    }

    /// [`Watch::wait`], giving up (`None`) when nothing relevant has come
    /// within `limit`.
    pub fn wait_at_most(&mut self, limit: Duration) -> Option<Batch> {
        self.wait_until(Some(Instant::now() + limit))
    }

    fn wait_until(&mut self, give_up: Option<Instant>) -> Option<Batch> {
        let mut batch = Batch::default();
        loop {
            let mut left = POLL.saturating_sub(self.last_check.elapsed());
            if let Some(t) = give_up {
                left = left.min(t.checked_duration_since(Instant::now())?);
            }
            match self.events.recv_timeout(left) {
                Ok(ev) => {
                    if self.take(ev, &mut batch) {
                        break;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
            if self.last_check.elapsed() >= POLL && self.rearm(&mut batch) {
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
                Err(RecvTimeoutError::Timeout) => {
                    // The burst may have deleted and made again a watched
                    // folder: its new watch must be in place before the
                    // rescan reads it.
                    self.rearm(&mut batch);
                    break;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        Some(batch)
    }

    /// Adds what a relevant event names to `batch`; false when the event
    /// concerns no notebook (rizhi's own reads, an editor's swap file).
    fn take(&mut self, ev: notify::Result<Event>, batch: &mut Batch) -> bool {
        let ev = match ev {
            Ok(ev) => ev,
            // The watcher lost track (e.g. the event queue overflowed):
            // rescanning is the only safe answer.
            Err(_) => return true,
        };
        if ev.need_rescan() {
            return true;
        }
        // An event on a watched folder itself (deleted, renamed, replaced):
        // its watch may be gone.
        if ev
            .paths
            .iter()
            .any(|p| self.armed.iter().any(|a| a.dir == *p))
            && self.rearm(batch)
        {
            batch.paths.extend(ev.paths);
            return true;
        }
        let relevant = ev.paths.iter().any(|p| self.concerns(p, &ev.kind));
        if relevant {
            batch.paths.extend(ev.paths);
        }
        relevant
    }

    /// Re-arms the watch of every folder that was deleted, renamed away or
    /// replaced, once a folder is at its path again; true (and the folder
    /// named in `batch`) when one changed, so the notebooks are rescanned.
    fn rearm(&mut self, batch: &mut Batch) -> bool {
        self.last_check = Instant::now();
        let mut any = false;
        for a in &mut self.armed {
            let now = dir_id(&a.dir);
            if now == a.id {
                continue;
            }
            let mut changed = false;
            if a.id.take().is_some() {
                // Gone or replaced: the old watch (if notify still holds it)
                // follows an inode that is no longer at this path.
                let _ = self.watcher.unwatch(&a.dir);
                changed = true;
            }
            if now.is_some() && matches!(arm(&mut self.watcher, a), Some(Ok(()))) {
                changed = true;
            }
            if changed {
                batch.paths.insert(a.dir.clone());
                any = true;
            }
        }
        any
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

/// The (device, inode) of the folder at `dir`, if one is there.
fn dir_id(dir: &Path) -> Option<(u64, u64)> {
    let m = std::fs::metadata(dir).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    Some((0, 0))
}

/// Watches `a.dir` if a folder is there: `None` when there is none (yet),
/// else whether the watch could be set.
fn arm(watcher: &mut notify::RecommendedWatcher, a: &mut Armed) -> Option<notify::Result<()>> {
    let id = dir_id(&a.dir)?;
    let r = watcher.watch(&a.dir, a.mode);
    if r.is_ok() {
        a.id = Some(id);
    }
    Some(r)
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
