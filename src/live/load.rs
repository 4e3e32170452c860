//! Paths → notebooks: walking folders, reading files newest first, in parallel.

use super::walk;
pub use crate::notebook::io_message;
use crate::notebook::Notebook;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::SystemTime;

/// The notebook shipped inside the binary, shown when no notebook is given.
pub const SAMPLE: &str = include_str!("../../assets/sample.txt");
pub const SAMPLE_NAME: &str = "sample.txt (bundled)";

pub fn bundled_sample() -> Notebook {
    Notebook::from_bytes(SAMPLE_NAME, SAMPLE.as_bytes())
}

/// A path that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Expands files and folders into notebook files, newest first (by modification
/// time, then by name, descending), so the recent past is on screen soonest.
/// Folders are walked recursively for `*.txt`; a file named explicitly is taken
/// whatever its name. Symlink cycles are walked once.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    collect_matching(paths, None)
}

/// [`collect`] with the file-name pattern folders are searched for (the
/// config's `pattern`, default `*.txt`).
pub fn collect_matching(
    paths: &[PathBuf],
    pattern: Option<&glob::Pattern>,
) -> (Vec<PathBuf>, Vec<Problem>) {
    let default = glob::Pattern::new("*.txt").ok();
    let pattern = pattern.or(default.as_ref());
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut seen_dirs = HashSet::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                use std::os::unix::fs::MetadataExt;
                let id = (m.dev(), m.ino());
                walk::walk(p, id, pattern, &mut files, &mut problems, &mut seen_dirs)
            }
            // A file named explicitly is read whatever its name, also a pipe
            // (`rizhi <(cat a.txt)`), but never a device or a socket.
            Ok(m) => match refusal(&m) {
                Some(message) => problems.push(Problem {
                    path: p.clone(),
                    message,
                }),
                None => files.push(p.clone()),
            },
            // A glob from the config (`~/work/log*.txt`), expanded on every
            // walk so a live reload finds the files that appeared since.
            Err(_) if is_glob(p) => {
                let found = expand_glob(p);
                if found.is_empty() {
                    problems.push(Problem {
                        path: p.clone(),
                        message: "matches no file".into(),
                    });
                }
                files.extend(found);
            }
            Err(e) => problems.push(Problem {
                path: p.clone(),
                message: io_message(&e),
            }),
        }
    }
    // The same file reached twice (a symlink, a folder inside another given
    // too) is one notebook: told apart by (device, inode), which costs one
    // look at the path (a canonical path costs one per component).
    let mut same_file = HashSet::new();
    let mut same_path = HashSet::new();
    let mut dated: Vec<(Option<SystemTime>, PathBuf)> = Vec::with_capacity(files.len());
    for f in files {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(&f).ok();
        let first = match &m {
            Some(m) => same_file.insert((m.dev(), m.ino())),
            None => same_path.insert(f.clone()),
        };
        if first {
            dated.push((m.and_then(|m| m.modified().ok()), f));
        }
    }
    dated.sort_by(|a, b| b.cmp(a));
    (dated.into_iter().map(|(_, f)| f).collect(), problems)
}

/// Whether `p` is a glob pattern (it holds `*`, `?` or `[`) rather than a path.
pub fn is_glob(p: &Path) -> bool {
    p.to_str().is_some_and(|s| s.contains(['*', '?', '[']))
}

/// The files a glob pattern matches now (folders it matches are left out);
/// none for a malformed pattern.
pub fn expand_glob(p: &Path) -> Vec<PathBuf> {
    let Some(Ok(found)) = p.to_str().map(glob::glob) else {
        return Vec::new();
    };
    found
        .filter_map(Result::ok)
        .filter(|f| f.is_file())
        .collect()
}

/// The folder a glob pattern's matches lie under: its leading components
/// up to the first one with a wildcard (`~/work/log*.txt` → `~/work`), and
/// whether matches may lie deeper than directly in it.
pub fn glob_base(p: &Path) -> (PathBuf, bool) {
    let mut base = PathBuf::new();
    let mut comps = p.components().peekable();
    while let Some(c) = comps.next() {
        if is_glob(Path::new(c.as_os_str())) {
            return (base, comps.peek().is_some());
        }
        base.push(c);
    }
    (base, false)
}

/// Why a path that is not a folder is not read: a device or a socket (a
/// character device such as `/dev/zero` never ends), or a file over the
/// size cap ([`crate::notebook::max_file_bytes`]). Pipes are read.
fn refusal(m: &std::fs::Metadata) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        let what = if t.is_char_device() {
            Some("a character device")
        } else if t.is_block_device() {
            Some("a block device")
        } else if t.is_socket() {
            Some("a socket")
        } else {
            None
        };
        if let Some(what) = what {
            return Some(format!("not a regular file or folder ({what}): not read"));
        }
    }
    if m.is_file() {
        return crate::notebook::too_large(m.len());
    }
    None
}

/// Whether a file in a folder is taken for a notebook: its name matches
/// `pattern` (case-insensitively); `None` takes every file.
pub fn is_notebook_name(p: &Path, pattern: Option<&glob::Pattern>) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let opts = glob::MatchOptions {
        case_sensitive: false,
        ..glob::MatchOptions::new()
    };
    pattern.is_none_or(|pat| pat.matches_with(&name, opts))
}

/// Loads files on all cores, calling `each` as every file finishes (from worker
/// threads, in completion order). Files are started in the order given.
pub fn load_each(files: &[PathBuf], each: impl Fn(usize, Result<Notebook, Problem>) + Sync) {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(files.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let r = crate::cache::load(path).map_err(|e| Problem {
                    path: path.clone(),
                    message: io_message(&e),
                });
                each(i, r);
            });
        }
    });
    crate::cache::trim();
}

/// Loads every file; notebooks come back in the order of `files`.
pub fn load_all(files: &[PathBuf]) -> (Vec<Notebook>, Vec<Problem>) {
    let slots: Mutex<Vec<Option<Result<Notebook, Problem>>>> =
        Mutex::new((0..files.len()).map(|_| None).collect());
    load_each(files, |i, r| {
        if let Ok(mut s) = slots.lock() {
            s[i] = Some(r);
        }
    });
    let mut notebooks = Vec::new();
    let mut problems = Vec::new();
    for r in slots.into_inner().unwrap_or_default().into_iter().flatten() {
        match r {
            Ok(nb) => notebooks.push(nb),
            Err(p) => problems.push(p),
        }
    }
    (notebooks, problems)
}
