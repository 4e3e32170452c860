//! The persistent index: what the parser found in each notebook file, kept
//! under the platform cache dir (`$RIZHI_CACHE` overrides it) so that a later
//! start skips parsing files that have not changed.
//!
//! An index is used only for the same canonical path, size, modification time
//! (to the nanosecond), inode and device, and the same hash of the bytes just
//! read; its own hash, magic and format version must match, and every entry
//! must start, in the notebook's own decoded text, with a header holding the
//! stamp the index records. Anything else — a changed, damaged, truncated,
//! foreign or older index — is ignored, and the file is parsed and its index
//! rewritten. Indexes are written to a unique temporary name, synced and
//! renamed into place, so a reader (another rizhi) never sees half of one.
//! The folder is created private (0700, files 0600); past [`CAP`] bytes the
//! least recently written indexes are removed. Nothing here writes a notebook,
//! and any failure to read or write the cache is silent: the notebook is
//! parsed as if there were none.

pub mod format;
pub mod titles;

use crate::notebook::{decode, parse, read_capped, Notebook};
use format::Key;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The most bytes the index files may take together; the oldest go first.
pub const CAP: u64 = 256 * 1024 * 1024;
/// Index files end in this.
const EXT: &str = "rzi";

// The library's own unit tests never touch the user's cache.
static DISABLED: AtomicBool = AtomicBool::new(cfg!(test));
/// Set when an index was written, so that [`trim`] only lists the folder then.
static WROTE: AtomicBool = AtomicBool::new(false);
static TEMP: AtomicU64 = AtomicU64::new(0);

/// A fast 64-bit hash (four multiply-rotate lanes over 8-byte words): it tells
/// an edited file or a damaged index from the original, it is no defence
/// against someone crafting collisions (nothing shown depends on it alone).
pub fn hash(b: &[u8]) -> u64 {
    const K: [u64; 4] = [
        0x9E37_79B9_7F4A_7C15,
        0xC2B2_AE3D_27D4_EB4F,
        0x1656_67B1_9E37_79F9,
        0x85EB_CA77_C2B2_AE63,
    ];
    let mut h = [b.len() as u64, 1, 2, 3];
    let mut chunks = b.chunks_exact(32);
    for c in &mut chunks {
        for (l, w) in c.chunks_exact(8).enumerate() {
            let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
            h[l] = (h[l] ^ w).wrapping_mul(K[l]).rotate_left(29);
        }
    }
    let mut tail = [0u8; 32];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    let mut out = rest.len() as u64;
    for (l, w) in tail.chunks_exact(8).enumerate() {
        let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        h[l] = (h[l] ^ w).wrapping_mul(K[l]).rotate_left(29);
        out = (out ^ h[l]).wrapping_mul(K[(l + 1) % 4]).rotate_left(31);
    }
    out ^ (out >> 32)
}

/// `--no-cache`: neither read nor write indexes in this process.
pub fn set_enabled(on: bool) {
    DISABLED.store(!on, Ordering::Relaxed);
}

pub fn enabled() -> bool {
    !DISABLED.load(Ordering::Relaxed)
}

/// Where the indexes live: `$RIZHI_CACHE`, else the platform cache dir.
pub fn dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("RIZHI_CACHE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "rizhi").map(|d| d.cache_dir().join("index"))
}

/// Reads (no further than the size cap, [`read_capped`]),
/// decodes and parses one file like [`Notebook::load`], taking the
/// parse from its index when the index is valid, and writing the index when
/// it was not.
pub fn load(path: &Path) -> std::io::Result<Notebook> {
    let meta = std::fs::metadata(path)?;
    let bytes = read_capped(path)?;
    let place = match (enabled(), dir()) {
        (true, Some(dir)) => key(path, &meta, &bytes).map(|k| (dir, k)),
        _ => None,
    };
    // The bytes are kept apart from the text only when decoding changed them.
    let (d, raw) = match decode::decode_in_place(bytes) {
        Ok(d) => (d, None),
        Err(bytes) => (decode::decode(&bytes), Some(bytes)),
    };
    let bytes = raw.as_deref().unwrap_or(d.text.as_bytes());
    let cached = place.as_ref().and_then(|(dir, k)| {
        let file = std::fs::read(dir.join(file_name(&k.path))).ok()?;
        format::decode(&file, k, &d.text)
    });
    let fresh = cached.is_none();
    let parsed = match cached {
        Some(p) => p,
        None => {
            let p = parse::parse(&d.text);
            if let Some((dir, k)) = &place {
                if let Some(file) = format::encode(k, d.text.len(), &p) {
                    // A cache that cannot be written is no error: the notebook
                    // is read as if there were none.
                    let _ = write(dir, &file_name(&k.path), &file);
                }
            }
            p
        }
    };
    if let Some((dir, k)) = &place {
        // The keyword-line index beside it: rewritten with the full one, or
        // written when it is missing (a damaged one is removed when read).
        let name = titles_name(&k.path);
        if fresh || !dir.join(&name).exists() {
            let key = titles::StatKey::from_meta(k.path.clone(), &meta);
            if let Some(file) = titles::encode(&key, bytes, &d.text, d.encoding, &parsed) {
                let _ = write(dir, &name, &file);
            }
        }
    }
    let mut nb = Notebook::from_decoded(path, d, parsed);
    nb.modified = meta.modified().ok();
    Ok(nb)
}

/// The keyword-line index of `path` ([`titles`]), when one is current for
/// the file as it is now (its metadata alone decides); a damaged or stale one
/// is removed, so that the next full load writes it again.
pub fn load_titles(path: &Path) -> Option<titles::Titles> {
    let dir = dir().filter(|_| enabled())?;
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let canon = std::fs::canonicalize(path).ok()?;
    let key = titles::StatKey::from_meta(canon.as_os_str().as_encoded_bytes().to_vec(), &meta);
    let at = dir.join(titles_name(&key.path));
    let mut t = titles::decode(&std::fs::read(&at).ok()?, &key, path);
    match &mut t {
        Some(t) => t.check.file = Some(file),
        None => {
            let _ = std::fs::remove_file(&at);
        }
    }
    t
}

/// Removes the keyword-line index of `path` (one of its results failed its
/// check against the notebook), so that the full load that follows writes a
/// new one.
pub fn drop_titles(path: &Path) {
    if let (Some(dir), Ok(canon)) = (dir().filter(|_| enabled()), std::fs::canonicalize(path)) {
        let _ = std::fs::remove_file(dir.join(titles_name(canon.as_os_str().as_encoded_bytes())));
    }
}

/// The keyword-line index's file name, beside the full index's.
fn titles_name(path: &[u8]) -> String {
    index_name(path, titles::EXT)
}

/// The key of a file whose bytes are `bytes`; `None` when its metadata says
/// another size (it changed while being read) or it has no usable mtime.
fn key(path: &Path, meta: &std::fs::Metadata, bytes: &[u8]) -> Option<Key> {
    if meta.len() != bytes.len() as u64 || bytes.is_empty() {
        return None;
    }
    let since = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    let canon = std::fs::canonicalize(path).ok()?;
    #[cfg(unix)]
    let (inode, device) = {
        use std::os::unix::fs::MetadataExt;
        (meta.ino(), meta.dev())
    };
    #[cfg(not(unix))]
    let (inode, device) = (0, 0);
    Some(Key {
        path: canon.as_os_str().as_encoded_bytes().to_vec(),
        size: meta.len(),
        mtime_s: i64::try_from(since.as_secs()).ok()?,
        mtime_ns: since.subsec_nanos(),
        inode,
        device,
        content: format::hash(bytes),
    })
}

/// One index file per notebook, named by a hash of its canonical path (the
/// path itself is inside, so a collision reads as a foreign index).
fn file_name(path: &[u8]) -> String {
    index_name(path, EXT)
}

/// An index file's name: a hash of the notebook's canonical path, `ext`.
fn index_name(path: &[u8], ext: &str) -> String {
    format!("{:016x}.{ext}", format::hash(path))
}

/// Writes `bytes` to `dir/name` atomically: a unique temporary file in the
/// same folder, synced, then renamed over the old index.
fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    make_dir(dir)?;
    let tmp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        TEMP.fetch_add(1, Ordering::Relaxed)
    ));
    let done = (|| {
        let mut f = private_file(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, dir.join(name))
    })();
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    } else {
        WROTE.store(true, Ordering::Relaxed);
    }
    done
}

fn make_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

fn private_file(p: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(p)
}

/// After a load that wrote indexes: removes the least recently written ones
/// past [`CAP`], and temporary files a killed rizhi left over an hour ago.
pub fn trim() {
    if !WROTE.swap(false, Ordering::Relaxed) {
        return;
    }
    if let Some(dir) = dir() {
        trim_to(&dir, CAP);
    }
}

/// [`trim`] with an explicit folder and cap.
pub fn trim_to(dir: &Path, cap: u64) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let stale = SystemTime::now() - Duration::from_secs(3600);
    let mut files: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
    for e in rd.flatten() {
        let p = e.path();
        let Ok(m) = e.metadata() else { continue };
        let when = m.modified().unwrap_or(UNIX_EPOCH);
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(".tmp") {
            if when < stale {
                let _ = std::fs::remove_file(&p);
            }
        } else if m.is_file() && is_index(&p) {
            files.push((when, m.len(), p));
        }
    }
    let mut total: u64 = files.iter().map(|f| f.1).sum();
    files.sort();
    for (_, len, p) in files {
        if total <= cap {
            break;
        }
        if std::fs::remove_file(&p).is_ok() {
            total -= len;
        }
    }
}

fn ours(e: &std::fs::DirEntry) -> bool {
    let p = e.path();
    let name = e.file_name();
    let name = name.to_string_lossy();
    let named = is_index(&p) || (name.starts_with('.') && name.ends_with(".tmp"));
    named && e.file_type().is_ok_and(|t| t.is_file())
}

/// A full or a keyword-line index file, by its name.
fn is_index(p: &Path) -> bool {
    p.extension().is_some_and(|x| x == EXT || x == titles::EXT)
}

/// How many index files the folder holds, and their bytes.
pub fn usage(dir: &Path) -> (usize, u64) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return (0, 0);
    };
    rd.flatten()
        .filter(ours)
        .filter_map(|e| e.metadata().ok())
        .fold((0, 0), |(n, b), m| (n + 1, b + m.len()))
}

/// `rizhi cache --clear`: removes every index file (and leftover temporary
/// file) in the folder, nothing else; returns how many.
pub fn clear(dir: &Path) -> std::io::Result<usize> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut n = 0;
    for e in rd.flatten().filter(ours) {
        std::fs::remove_file(e.path())?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_sees_every_byte() {
        let a = vec![7u8; 100];
        for i in 0..100 {
            let mut b = a.clone();
            b[i] = 8;
            assert_ne!(hash(&a), hash(&b), "byte {i}");
        }
        assert_ne!(hash(&a[..99]), hash(&a));
    }

    #[test]
    fn trimming_removes_the_oldest_indexes_past_the_cap() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let now = SystemTime::now();
        for (i, name) in ["a.rzi", "b.rzi", "c.rzi", "other.txt"].iter().enumerate() {
            let f = std::fs::File::create(tmp.path().join(name)).expect("create");
            f.set_len(100).expect("len");
            f.set_modified(now - Duration::from_secs(100 * (4 - i as u64)))
                .expect("mtime");
        }
        let old_tmp = std::fs::File::create(tmp.path().join(".x.rzi.1.0.tmp")).expect("tmp");
        old_tmp
            .set_modified(now - Duration::from_secs(7200))
            .expect("mtime");
        std::fs::write(tmp.path().join(".y.rzi.1.1.tmp"), "being written").expect("tmp");
        trim_to(tmp.path(), 250);
        let mut left: Vec<String> = std::fs::read_dir(tmp.path())
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".y.rzi.1.1.tmp", "b.rzi", "c.rzi", "other.txt"]);
        assert_eq!(usage(tmp.path()), (3, 200 + 13));
        assert_eq!(clear(tmp.path()).expect("clear"), 3);
        assert_eq!(usage(tmp.path()), (0, 0));
    }
}
