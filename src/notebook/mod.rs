//! One notebook file: decoded, split into preamble and entries.

pub mod append;
pub mod decode;
mod keyline;
mod lists;
pub mod parse;
pub mod refs;
pub mod stamp;

pub use decode::Detected;
pub use parse::{Entry, EntryRef, Keywords, Lists, OutlineItem, Parsed, SeriesMark, Todo, Update};
pub use refs::{Cue, Reference, Step};
pub use stamp::Stamp;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

/// The largest notebook read, in MiB, unless the config says otherwise
/// (`max_file_mb`): a larger file, or a device that never ends
/// (`/dev/zero`), is refused with a message rather than read until memory
/// runs out.
pub const MAX_FILE_MB: u64 = 256;

static MAX_FILE_BYTES: AtomicU64 = AtomicU64::new(MAX_FILE_MB << 20);

/// The highest cap allowed: an entry keeps its offsets as u32, so no
/// notebook of 4 GiB or more is read.
pub const MAX_FILE_MB_LIMIT: u64 = 4095;

/// Sets the size cap for one notebook, in MiB (from the config), for the
/// whole process; at most [`MAX_FILE_MB_LIMIT`].
pub fn set_max_file_mb(mb: u64) {
    let mb = mb.min(MAX_FILE_MB_LIMIT);
    MAX_FILE_BYTES.store(mb << 20, Ordering::Relaxed);
}

/// The size cap for one notebook, in bytes.
pub fn max_file_bytes() -> u64 {
    MAX_FILE_BYTES.load(Ordering::Relaxed)
}

/// Why a file of `len` bytes is not read: it is over the cap.
pub fn too_large(len: u64) -> Option<String> {
    (len > max_file_bytes()).then(|| over_cap(Some(len)))
}

/// The message for a file over the cap, with its size when known.
fn over_cap(len: Option<u64>) -> String {
    let size = len.map_or(String::new(), |l| format!("{} MiB, ", l.div_ceil(1 << 20)));
    format!(
        "{size}over the {} MiB limit for one notebook (max_file_mb in config.toml): not read",
        max_file_bytes() >> 20
    )
}

/// The bytes of the file at `path`, read no further than [`max_file_bytes`]:
/// a file over the cap (also a pipe or a device that goes on past it) is an
/// error, whoever reads it ([`Notebook::load`] or the persistent index).
pub fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    read_at_most(path, max_file_bytes())
}

/// [`read_capped`] with the cap given: `cap` bytes are read, one more is an error.
fn read_at_most(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    // Room for the whole file at once (one more byte tells a file that grew
    // past the cap): read into a growing Vec, a file was copied about twice
    // over as it doubled. A device or a pipe has no length and grows.
    let len = file.metadata().map_or(0, |m| m.len()).min(cap);
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(std::io::Error::other(over_cap(None)));
    }
    Ok(bytes)
}

/// A problem in one file, with the 1-based line it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub line: u32,
    pub message: String,
}

/// A loaded file: its text (the one copy rizhi keeps) and what the parser found.
#[derive(Debug)]
pub struct Notebook {
    pub path: PathBuf,
    pub text: String,
    pub encoding: Detected,
    pub warnings: Vec<Warning>,
    pub modified: Option<SystemTime>,
    pub parsed: Parsed,
    /// Every entry's series marks as (entry index, mark), in file order:
    /// split from the keyword lines once, when the file is loaded, rather
    /// than each time a store is built.
    series: Vec<(u32, SeriesMark)>,
}

impl Notebook {
    /// Decodes and parses bytes that came from `path` (or from the bundled sample).
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: &[u8]) -> Notebook {
        let d = decode::decode(bytes);
        let parsed = parse::parse(&d.text);
        Notebook::from_decoded(path, d, parsed)
    }

    /// A notebook from its decoded text and the parse of that text (which the
    /// persistent index may have supplied instead of the parser).
    pub fn from_decoded(path: impl Into<PathBuf>, d: decode::Decoded, parsed: Parsed) -> Notebook {
        let mut warnings: Vec<Warning> = d
            .warnings
            .into_iter()
            .map(|(line, message)| Warning { line, message })
            .collect();
        if parsed.entries.is_empty() && d.encoding != Detected::Binary {
            warnings.push(Warning {
                line: 1,
                message: "no entry headers (a line holding only `H:MM YYYY-M-D`) found".into(),
            });
        }
        let series = parsed
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.series(&d.text).into_iter().map(move |m| (i as u32, m)))
            .collect();
        Notebook {
            path: path.into(),
            text: d.text,
            encoding: d.encoding,
            warnings,
            modified: None,
            parsed,
            series,
        }
    }

    /// Every entry's series marks as (entry index, mark), in file order.
    pub fn series_marks(&self) -> &[(u32, SeriesMark)] {
        &self.series
    }

    /// Reads, decodes and parses one file.
    /// A file over [`max_file_bytes`] (also a pipe that goes on past it) is
    /// an error.
    pub fn load(path: &Path) -> std::io::Result<Notebook> {
        let bytes = read_capped(path)?;
        let d = decode::decode_in_place(bytes).unwrap_or_else(|b| decode::decode(&b));
        let parsed = parse::parse(&d.text);
        let mut nb = Notebook::from_decoded(path, d, parsed);
        nb.modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        Ok(nb)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.parsed.entries
    }

    /// Entry `i` with its outline, updates, references and todos (panics
    /// when there is none, as indexing [`Notebook::entries`] would).
    pub fn entry(&self, i: usize) -> EntryRef<'_> {
        self.parsed.entry(i)
    }

    /// The text of a byte range of this file.
    pub fn slice(&self, r: &std::ops::Range<usize>) -> &str {
        self.text.get(r.clone()).unwrap_or("")
    }

    /// The preamble without surrounding blank lines.
    pub fn preamble(&self) -> &str {
        self.slice(&self.parsed.preamble).trim_matches('\n')
    }

    /// What a list row shows for an entry: its keyword line, or for an entry
    /// without one, its first non-empty line after the header.
    pub fn title(&self, e: &Entry) -> &str {
        if let Some(k) = &e.keywords {
            return self.slice(&k.span());
        }
        self.body(e)
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && stamp::line_is_paren_stamp(l).is_none())
            .unwrap_or("")
    }

    /// The entry's text after its header line.
    pub fn body(&self, e: &Entry) -> &str {
        let t = self.slice(&e.span());
        t.find('\n').map_or("", |i| &t[i + 1..])
    }
}

/// An I/O error in words for a message: the common ones without the
/// system's "(os error N)".
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OVER_CAP: &str = " MiB limit for one notebook (max_file_mb in config.toml): not read";

    #[test]
    fn a_file_of_the_cap_is_read_whole_and_one_byte_more_is_refused() {
        let dir = std::env::temp_dir().join(format!("rizhi-cap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.txt");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_at_most(&path, 10).unwrap(), b"0123456789");
        assert_eq!(read_at_most(&path, 11).unwrap(), b"0123456789");
        let err = read_at_most(&path, 9).unwrap_err().to_string();
        assert!(
            err.starts_with("over the ") && err.ends_with(OVER_CAP),
            "{err}"
        );
        assert!(read_at_most(&path, 5).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The one test that changes the process-wide cap (to a larger one, which
    /// no other test can notice) and puts it back.
    #[test]
    fn the_cap_is_set_in_mib_up_to_its_limit_and_a_larger_file_is_named_with_its_size() {
        let cap = max_file_bytes();
        assert_eq!(cap, MAX_FILE_MB << 20);
        assert_eq!(too_large(cap), None);
        let mib = cap >> 20;
        let expected = format!("{} MiB, over the {mib}{OVER_CAP}", mib + 1);
        assert_eq!(too_large(cap + 1).as_deref(), Some(expected.as_str()));
        assert_eq!(too_large(cap + 2).as_deref(), Some(expected.as_str()));
        set_max_file_mb(MAX_FILE_MB_LIMIT + 1);
        assert_eq!(max_file_bytes(), MAX_FILE_MB_LIMIT << 20);
        set_max_file_mb(MAX_FILE_MB + 1);
        assert_eq!(max_file_bytes(), (MAX_FILE_MB + 1) << 20);
        set_max_file_mb(MAX_FILE_MB);
        assert_eq!(max_file_bytes(), cap);
    }

    #[test]
    fn a_text_without_headers_is_warned_of_and_a_binary_file_only_as_binary() {
        let headless = "no entry headers (a line holding only `H:MM YYYY-M-D`) found";
        let text = Notebook::from_bytes("a.txt", b"hello\nworld\n");
        assert_eq!(
            text.warnings,
            [Warning {
                line: 1,
                message: headless.into()
            }]
        );
        let binary = Notebook::from_bytes("b.bin", b"\x7fELF\x02\x01\x01\0\0\0\x01\x02\0\x03");
        assert_eq!(binary.encoding, Detected::Binary);
        assert!(!binary.warnings.is_empty());
        assert!(
            binary.warnings.iter().all(|w| w.message != headless),
            "{:?}",
            binary.warnings
        );
        let one = Notebook::from_bytes("c.txt", b"9:00 2013-1-4\nxen\n");
        assert!(one.warnings.is_empty(), "{:?}", one.warnings);
    }

    #[test]
    fn an_entry_without_a_keyword_line_is_titled_by_its_first_line_of_words() {
        let nb = Notebook::from_bytes(
            "a.txt",
            b"9:00 2013-1-4\n(9:30 2013-1-4)\n(9:40 2013-1-4)\n\n  1, first words\nmore\n",
        );
        let e = &nb.entries()[0];
        assert!(e.keywords.is_none());
        assert_eq!(nb.title(e), "1, first words");
    }
}
