//! Walking a folder for notebooks in time linear in its size, however deep:
//! each folder is opened relative to its parent's open handle (`openat`) and
//! its entries looked at relative to it (`fstatat`), never through the whole
//! path again, and folders are told apart by (device, inode), not by a
//! canonical path (`realpath` looks at every component of every path: cubic
//! in the depth, 79 s at depth 2000). So a folder below the system's path
//! limit is walked too, and each notebook there that cannot be opened by its
//! path is named in a problem.

use super::load::{io_message, is_notebook_name, Problem};
use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags};
use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// A folder told apart from every other: (device, inode).
pub type DirId = (u64, u64);

/// The longest path the system opens, terminating NUL included (Linux
/// `PATH_MAX`): a notebook whose path is this long or longer is named in a
/// problem, not read.
pub const PATH_MAX: usize = 4096;

/// What a folder's entry is, as its (followed) status says.
enum Kind {
    Dir(DirId),
    File(u64),
    /// A pipe, socket or device.
    Special(FileType),
    /// Not a notebook by name: not looked at further.
    Skipped,
    Failed(std::io::Error),
}

/// A folder being walked: its open handle (dropped once no sub-folder is
/// left to open from it), its path, its entries and the next one to take.
struct Frame {
    dir: Option<Dir>,
    path: PathBuf,
    children: Vec<(OsString, Kind)>,
    next: usize,
    /// Index of the last sub-folder among `children`.
    last_dir: Option<usize>,
}

/// Walks `root` (a folder with id `id`) for files whose names match
/// `pattern`: notebooks go to `files` in walk order (entries sorted by name,
/// depth first), what cannot be read to `problems`. Folders in `seen` are
/// not walked again (symlink cycles, a folder given twice).
pub(super) fn walk(
    root: &Path,
    id: DirId,
    pattern: Option<&glob::Pattern>,
    files: &mut Vec<PathBuf>,
    problems: &mut Vec<Problem>,
    seen: &mut HashSet<DirId>,
) {
    if !seen.insert(id) {
        return;
    }
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let opened = rustix::fs::open(root, flags, Mode::empty()).map_err(std::io::Error::from);
    let mut stack: Vec<Frame> = Vec::new();
    match opened.and_then(|fd| frame(fd, root.to_path_buf(), pattern)) {
        Ok(f) => stack.push(f),
        Err(e) => problems.push(Problem {
            path: root.to_path_buf(),
            message: io_message(&e),
        }),
    }
    while let Some(top) = stack.last_mut() {
        let Some((name, kind)) = top.children.get_mut(top.next) else {
            stack.pop();
            continue;
        };
        let i = top.next;
        top.next += 1;
        let path = top.path.join(&*name);
        match std::mem::replace(kind, Kind::Skipped) {
            Kind::Dir(id) => {
                if !seen.insert(id) {
                    continue;
                }
                let parent = if top.last_dir == Some(i) {
                    // No sub-folder after this one: the handle is not needed
                    // any more (a chain of folders holds one or two open).
                    top.dir.take()
                } else {
                    None
                };
                let opened = match (&parent, &top.dir) {
                    (Some(d), _) | (None, Some(d)) => d
                        .fd()
                        .and_then(|fd| {
                            rustix::fs::openat(fd, name.as_os_str(), flags, Mode::empty())
                        })
                        .map_err(std::io::Error::from),
                    (None, None) => Err(std::io::Error::other("folder handle lost")),
                };
                drop(parent);
                match opened.and_then(|fd| frame(fd, path.clone(), pattern)) {
                    Ok(f) => stack.push(f),
                    Err(e) => problems.push(Problem {
                        path,
                        message: io_message(&e),
                    }),
                }
            }
            Kind::File(len) => match too_long(&path).or_else(|| crate::notebook::too_large(len)) {
                Some(message) => problems.push(Problem { path, message }),
                None => files.push(path),
            },
            // Reading a FIFO nobody writes to blocks for ever; a file named
            // explicitly is still read whatever it is (`rizhi <(cat a.txt)`).
            Kind::Special(t) => problems.push(Problem {
                path,
                message: format!("not a regular file ({}): skipped", describe(t)),
            }),
            Kind::Skipped => {}
            // A dangling symlink or a file that vanished, named like a notebook.
            Kind::Failed(e) => problems.push(Problem {
                path,
                message: io_message(&e),
            }),
        }
    }
}

/// Reads a folder's entries (sorted by name) and what each one is.
fn frame(fd: OwnedFd, path: PathBuf, pattern: Option<&glob::Pattern>) -> std::io::Result<Frame> {
    let mut dir = Dir::new(fd)?;
    let mut names: Vec<(OsString, FileType)> = Vec::new();
    for entry in dir.by_ref() {
        let entry = entry?;
        let name = OsStr::from_bytes(entry.file_name().to_bytes());
        if name != "." && name != ".." {
            names.push((name.to_os_string(), entry.file_type()));
        }
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    let fd = dir.fd()?;
    let mut last_dir = None;
    let children: Vec<(OsString, Kind)> = names
        .into_iter()
        .enumerate()
        .map(|(i, (name, hint))| {
            let kind = look(fd, &name, hint, pattern);
            if matches!(kind, Kind::Dir(_)) {
                last_dir = Some(i);
            }
            (name, kind)
        })
        .collect();
    Ok(Frame {
        dir: Some(dir),
        path,
        children,
        next: 0,
        last_dir,
    })
}

/// What the entry `name` of the folder `fd` is, following symlinks. A file
/// the folder listing already says is not a folder or a symlink is looked at
/// only when its name makes it a notebook.
fn look(fd: impl AsFd, name: &OsStr, hint: FileType, pattern: Option<&glob::Pattern>) -> Kind {
    let notebook = is_notebook_name(Path::new(name), pattern);
    let maybe_dir = matches!(
        hint,
        FileType::Directory | FileType::Symlink | FileType::Unknown
    );
    if !notebook && !maybe_dir {
        return Kind::Skipped;
    }
    match rustix::fs::statat(fd, name, AtFlags::empty()) {
        Ok(st) => match FileType::from_raw_mode(st.st_mode) {
            FileType::Directory => Kind::Dir((st.st_dev, st.st_ino)),
            _ if !notebook => Kind::Skipped,
            FileType::RegularFile => Kind::File(st.st_size as u64),
            t => Kind::Special(t),
        },
        Err(e) if notebook => Kind::Failed(e.into()),
        Err(_) => Kind::Skipped,
    }
}

/// Why a notebook at `path` cannot be read by its path: it is too long.
fn too_long(path: &Path) -> Option<String> {
    let len = path.as_os_str().len();
    (len >= PATH_MAX).then(|| {
        format!("path of {len} bytes, longer than the system's limit of {PATH_MAX}: not read")
    })
}

fn describe(t: FileType) -> &'static str {
    match t {
        FileType::Fifo => "a pipe",
        FileType::Socket => "a socket",
        FileType::CharacterDevice => "a character device",
        FileType::BlockDevice => "a block device",
        _ => "a pipe, socket or device",
    }
}
