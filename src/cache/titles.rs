//! The keyword-line index: beside each full index, a small file holding only
//! what keyword search needs (each entry's header line, its title line, where
//! both lie in the notebook's own bytes), so that `rizhi search` in keyword
//! scope can answer without reading and decoding every notebook.
//!
//! It is used only while the notebook's path, size, modification time,
//! status-change time (ctime, which no program can set back), inode and
//! device are those recorded; its own magic, version and hash must match.
//! Nothing it holds is shown unchecked: before a result is printed, the
//! header and title lines are read back from the notebook at the recorded
//! byte offsets and must be the same bytes ([`Check::verify`]); a result that
//! fails sends the whole search down the full path (read, decode, parse).

use super::format::R;
use crate::notebook::decode::Detected;
use crate::notebook::stamp::line_is_paren_stamp;
use crate::notebook::{Entry, Keywords, Notebook, Parsed, Stamp};
use chrono::{Datelike, Timelike};
use std::ops::Range;
use std::path::Path;

pub const MAGIC: &[u8; 4] = b"RZKT";
pub const VERSION: u32 = 3;
pub const EXT: &str = "rzk";
/// Bytes of one entry's record: line, lines, stamp (6), revision (7), synthetic
/// span (8), title line start and number (8), keyword flag, raw offsets (16).
const RECORD: usize = 4 + 4 + 6 + 7 + 8 + 8 + 1 + 16;
/// No title line.
const NONE: u64 = u64::MAX;

/// What the keyword-line index is valid for: the file's metadata, no content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatKey {
    pub path: Vec<u8>,
    pub size: u64,
    pub mtime: (i64, u32),
    pub ctime: (i64, u32),
    pub inode: u64,
    pub device: u64,
}

impl StatKey {
    /// The key of the file at canonical path `path` with metadata `meta`.
    pub fn from_meta(path: Vec<u8>, meta: &std::fs::Metadata) -> StatKey {
        use std::os::unix::fs::MetadataExt;
        StatKey {
            path,
            size: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec() as u32),
            ctime: (meta.ctime(), meta.ctime_nsec() as u32),
            inode: meta.ino(),
            device: meta.dev(),
        }
    }
}

/// Where one entry's two lines lie in the notebook's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Raw {
    header: u64,
    title: u64,
}

/// A notebook made of its entries' header and title lines only (lines and
/// columns as in the real file), and where to check them.
pub struct Titles {
    pub notebook: Notebook,
    pub check: Check,
}

/// Where each entry of a title notebook lies in the real file.
#[derive(Debug, Default)]
pub struct Check {
    /// The notebook, opened for reading when its index was taken (so that a
    /// notebook rizhi may not read is never answered from its index).
    pub file: Option<std::fs::File>,
    raw: Vec<Raw>,
    /// The pinyin spelling of each title that has hanzi (entry index,
    /// spelling), as the filter spells it.
    spelled: Vec<(u32, Box<str>)>,
}

/// Decoded offset → byte offset in the file, for UTF-8 text (with or without
/// a BOM) whose only change in decoding was CRLF → LF (a lone CR keeps its
/// length). `None` for any other encoding: such a file gets no title index.
struct RawMap {
    bom: usize,
    /// Decoded offsets of the LFs that were CRLF.
    crlf: Vec<usize>,
}

impl RawMap {
    fn new(bytes: &[u8], text: &str, enc: Detected) -> Option<RawMap> {
        let bom = match enc {
            Detected::Utf8 => 0,
            Detected::Utf8Bom => 3,
            _ => return None,
        };
        let raw = bytes.get(bom..)?;
        let mut crlf = Vec::new();
        for i in memchr::memchr_iter(b'\r', raw) {
            if raw.get(i + 1) == Some(&b'\n') {
                crlf.push(i - crlf.len());
            }
        }
        (raw.len() - crlf.len() == text.len()).then_some(RawMap { bom, crlf })
    }

    fn at(&self, p: usize) -> u64 {
        (self.bom + p + self.crlf.partition_point(|&d| d < p)) as u64
    }
}

/// The line `nb.title(e)` shows, whole (untrimmed): its number, byte range, and
/// whether it is the keyword line.
fn title_line(text: &str, e: &Entry) -> Option<(u32, Range<usize>, bool)> {
    if let Some(k) = &e.keywords {
        return Some((k.line, k.span(), true));
    }
    let span = &text[e.span()];
    let mut at = e.span().start + span.find('\n')? + 1;
    let mut line = e.line + 1;
    while at < e.span().end {
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..e.span().end])
            .map_or(e.span().end, |i| at + i);
        let l = text[at..end].trim();
        if !l.is_empty() && line_is_paren_stamp(l).is_none() {
            return Some((line, at..end, false));
        }
        at = end + 1;
        line += 1;
    }
    None
}

fn header_line(text: &str, e: &Entry) -> Range<usize> {
    let span = &text[e.span()];
    e.span().start..e.span().start + span.find('\n').unwrap_or(span.len())
}

fn stamp(out: &mut Vec<u8>, s: Stamp) {
    out.extend_from_slice(&s.date().num_days_from_ce().to_le_bytes());
    let t = s.datetime().time();
    out.extend_from_slice(&((t.hour() * 60 + t.minute()) as u16).to_le_bytes());
}

fn u32_of(v: usize) -> Option<[u8; 4]> {
    u32::try_from(v).ok().map(u32::to_le_bytes)
}

/// The title index of a file whose bytes `bytes` decoded (as `enc`) to `text`
/// and parsed to `parsed`; `None` for a file it cannot serve (another encoding,
/// offsets past 4 GiB).
pub fn encode(
    key: &StatKey,
    bytes: &[u8],
    text: &str,
    enc: Detected,
    parsed: &Parsed,
) -> Option<Vec<u8>> {
    let map = RawMap::new(bytes, text, enc)?;
    let mut synth = String::new();
    let mut spelled: Vec<u8> = Vec::new();
    let mut n_spelled = 0u32;
    let mut records = Vec::with_capacity(parsed.entries.len() * RECORD);
    for e in &parsed.entries {
        let start = synth.len();
        let h = header_line(text, e);
        synth.push_str(&text[h.clone()]);
        synth.push('\n');
        let title = title_line(text, e);
        let (t_start, kw, raw_title) = match &title {
            Some((line, r, kw)) => {
                for _ in e.line + 1..*line {
                    synth.push('\n');
                }
                let s = synth.len();
                synth.push_str(&text[r.clone()]);
                synth.push('\n');
                // What `Notebook::title` shows: the keyword line, or the
                // first line trimmed.
                let shown = if *kw {
                    &text[r.clone()]
                } else {
                    text[r.clone()].trim()
                };
                if let Some(sp) = crate::search::pinyin_spelling(shown) {
                    spelled.extend_from_slice(&u32_of(records.len() / RECORD)?);
                    spelled.extend_from_slice(&u32_of(sp.len())?);
                    spelled.extend_from_slice(sp.as_bytes());
                    n_spelled += 1;
                }
                (s, *kw, map.at(r.start))
            }
            None => (synth.len(), false, NONE),
        };
        let line = title.as_ref().map_or(e.line, |t| t.0);
        records.extend_from_slice(&e.line.to_le_bytes());
        records.extend_from_slice(&e.lines.to_le_bytes());
        stamp(&mut records, e.stamp);
        records.push(u8::from(e.revision.is_some()));
        stamp(&mut records, e.revision.unwrap_or(e.stamp));
        records.extend_from_slice(&u32_of(start)?);
        records.extend_from_slice(&u32_of(synth.len())?);
        records.extend_from_slice(&u32_of(t_start)?);
        records.extend_from_slice(&line.to_le_bytes());
        records.push(u8::from(kw));
        records.extend_from_slice(&map.at(h.start).to_le_bytes());
        records.extend_from_slice(&raw_title.to_le_bytes());
    }
    let mut p = Vec::with_capacity(64 + key.path.len() + synth.len() + records.len());
    p.extend_from_slice(&u32_of(key.path.len())?);
    p.extend_from_slice(&key.path);
    p.extend_from_slice(&key.size.to_le_bytes());
    p.extend_from_slice(&key.mtime.0.to_le_bytes());
    p.extend_from_slice(&key.mtime.1.to_le_bytes());
    p.extend_from_slice(&key.ctime.0.to_le_bytes());
    p.extend_from_slice(&key.ctime.1.to_le_bytes());
    p.extend_from_slice(&key.inode.to_le_bytes());
    p.extend_from_slice(&key.device.to_le_bytes());
    p.extend_from_slice(&u32_of(parsed.entries.len())?);
    p.extend_from_slice(&u32_of(synth.len())?);
    p.extend_from_slice(synth.as_bytes());
    p.extend_from_slice(&records);
    p.extend_from_slice(&n_spelled.to_le_bytes());
    p.extend_from_slice(&spelled);
    Some(super::format::frame(MAGIC, VERSION, &p))
}

/// The title notebook stored in `file`, if it is a whole, current title index
/// for `key`; `path` names the notebook it stands for.
pub fn decode(file: &[u8], key: &StatKey, path: &Path) -> Option<Titles> {
    let payload = super::format::unframe(file, MAGIC, VERSION)?;
    let mut r = R::new(payload);
    let n = r.u32()? as usize;
    let stored = StatKey {
        path: r.take(n)?.to_vec(),
        size: r.u64()?,
        mtime: (r.u64()? as i64, r.u32()?),
        ctime: (r.u64()? as i64, r.u32()?),
        inode: r.u64()?,
        device: r.u64()?,
    };
    if stored != *key {
        return None;
    }
    let n = r.u32()? as usize;
    let text_len = r.u32()? as usize;
    // encoding_rs's check: several times std's on CJK-heavy text.
    let text = match encoding_rs::UTF_8
        .decode_without_bom_handling_and_without_replacement(r.take(text_len)?)?
    {
        std::borrow::Cow::Borrowed(t) => t,
        std::borrow::Cow::Owned(_) => return None,
    };
    let records = r.take(n.checked_mul(RECORD)?)?;
    let mut sp = R::new(r.b);
    let mut r = R::new(records);
    let mut entries = Vec::with_capacity(n);
    let mut raw = Vec::with_capacity(n);
    let mut at = 0;
    for _ in 0..n {
        let line = r.u32()?;
        let lines = r.u32()?;
        let stamp = r.stamp()?;
        let has_rev = r.u8()?;
        let rev = r.stamp()?;
        let (start, end) = (r.u32()? as usize, r.u32()? as usize);
        let t_start = r.u32()? as usize;
        let t_line = r.u32()?;
        let kw = r.u8()?;
        let (rh, rt) = (r.u64()?, r.u64()?);
        if start != at || end < t_start || t_start < start || end > text.len() {
            return None;
        }
        if !text.is_char_boundary(t_start) || !text.is_char_boundary(end) || kw > 1 || has_rev > 1 {
            return None;
        }
        at = end;
        let t_end = (end - 1).max(t_start);
        let mut e = Entry::new(line, start..end, lines, stamp);
        e.revision = (has_rev == 1).then_some(rev);
        e.keywords = (kw == 1).then(|| Keywords::new(t_line, t_start..t_end));
        entries.push(e);
        raw.push(Raw {
            header: rh,
            title: rt,
        });
    }
    if at != text.len() {
        return None;
    }
    let k = sp.u32()? as usize;
    let mut spelled = Vec::with_capacity(k.min(n));
    let mut last = None;
    for _ in 0..k {
        let i = sp.u32()?;
        let len = sp.u32()? as usize;
        let s = std::str::from_utf8(sp.take(len)?).ok()?;
        if i as usize >= n || last.is_some_and(|l| l >= i) {
            return None;
        }
        last = Some(i);
        spelled.push((i, s.into()));
    }
    if !sp.b.is_empty() {
        return None;
    }
    let d = crate::notebook::decode::Decoded {
        text: text.to_string(),
        encoding: Detected::Utf8,
        warnings: Vec::new(),
    };
    let parsed = Parsed {
        log_switch: false,
        preamble: 0..0,
        preamble_line: 1,
        entries,
        lists: Default::default(),
    };
    let mut notebook = Notebook::from_decoded(path, d, parsed);
    notebook.warnings.clear();
    Some(Titles {
        notebook,
        check: Check {
            file: None,
            raw,
            spelled,
        },
    })
}

impl Check {
    pub fn spelled(&self) -> &[(u32, Box<str>)] {
        &self.spelled
    }

    /// Whether entry `i` of the title notebook `nb` has, byte for byte, its
    /// header and title lines in the real notebook at the recorded
    /// offsets, each ended by a line break or the end of the file.
    pub fn verify(&self, nb: &Notebook, i: usize) -> bool {
        let (Some(e), Some(raw), Some(file)) = (nb.entries().get(i), self.raw.get(i), &self.file)
        else {
            return false;
        };
        let text = &nb.text;
        let h = text[header_line(text, e)].as_bytes();
        let Some((_, r, _)) = title_line(text, e) else {
            return raw.title == NONE && same_line(file, raw.header, h);
        };
        let t = text[r].as_bytes();
        // Both lines in one read when the title follows closely (it is
        // nearly always the next line).
        match raw.title.checked_sub(raw.header) {
            Some(gap) if gap < 1 << 16 && raw.title != NONE => {
                let gap = gap as usize;
                let buf = read_at(file, raw.header, gap + t.len() + 1);
                line_at(&buf, 0, h) && line_at(&buf, gap, t)
            }
            _ => {
                raw.title != NONE && same_line(file, raw.header, h) && same_line(file, raw.title, t)
            }
        }
    }
}

/// Up to `len` bytes of `file` from `at` (fewer at its end or on an error).
fn read_at(file: &std::fs::File, at: u64, len: usize) -> Vec<u8> {
    use std::os::unix::fs::FileExt;
    let mut buf = vec![0u8; len];
    let mut got = 0;
    while got < len {
        match file.read_at(&mut buf[got..], at + got as u64) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    buf.truncate(got);
    buf
}

/// Whether `buf` holds the line `want` at `at`, followed by LF, CR or its end.
fn line_at(buf: &[u8], at: usize, want: &[u8]) -> bool {
    let end = at + want.len();
    buf.get(at..end) == Some(want) && matches!(buf.get(end), None | Some(b'\n' | b'\r'))
}

/// Whether `file` holds the line `want` at `at`.
fn same_line(file: &std::fs::File, at: u64, want: &[u8]) -> bool {
    line_at(&read_at(file, at, want.len() + 1), 0, want)
}
