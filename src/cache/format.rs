//! The bytes of one index file, and the checks that decide whether to trust it.
//!
//! Layout (little-endian): magic `RZIX`, format version (u32), payload length
//! (u64), payload hash (u64), then the payload: the key (canonical path, size,
//! mtime, inode, a hash of the notebook's bytes, the decoded text's length)
//! followed by what [`crate::notebook::parse::parse`] produced, every offset
//! as a u32. A file that fails any check is ignored, never repaired.

pub use super::hash;
use crate::notebook::refs::Cue;
use crate::notebook::stamp::line_is_stamp;
use crate::notebook::{Entry, EntryRef, Keywords, Lists, OutlineItem, Parsed, Reference, Stamp};
use crate::notebook::{Todo, Update};
use chrono::{Datelike, NaiveDate, Timelike};
use std::ops::Range;

pub const MAGIC: &[u8; 4] = b"RZIX";
/// Bumped whenever the layout or the parser's output changes.
pub const VERSION: u32 = 2;
const HEADER: usize = 4 + 4 + 8 + 8;

/// What an index is valid for: one file, as it was when it was parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub path: Vec<u8>,
    pub size: u64,
    pub mtime_s: i64,
    pub mtime_ns: u32,
    pub inode: u64,
    pub device: u64,
    /// [`hash`] of the notebook's bytes as read.
    pub content: u64,
}

/// The whole index file for `parsed`, parsed from a text of `text_len` bytes;
/// `None` when an offset does not fit in a u32 (such a file is not indexed).
pub fn encode(key: &Key, text_len: usize, parsed: &Parsed) -> Option<Vec<u8>> {
    let mut w = W(Vec::with_capacity(64 + parsed.entries.len() * 48));
    w.bytes(&key.path)?;
    w.0.extend_from_slice(&key.size.to_le_bytes());
    w.0.extend_from_slice(&key.mtime_s.to_le_bytes());
    w.u32(key.mtime_ns);
    w.0.extend_from_slice(&key.inode.to_le_bytes());
    w.0.extend_from_slice(&key.device.to_le_bytes());
    w.0.extend_from_slice(&key.content.to_le_bytes());
    w.off(text_len)?;
    w.u8(u8::from(parsed.log_switch));
    w.range(&parsed.preamble)?;
    w.u32(parsed.preamble_line);
    w.len(parsed.entries.len())?;
    for e in parsed.iter() {
        w.entry(e)?;
    }
    Some(frame(MAGIC, VERSION, &w.0))
}

/// An index file: `magic`, `version`, the payload's length and hash, the payload.
pub(super) fn frame(magic: &[u8; 4], version: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of a [`frame`]d file, if its magic, version, length and hash
/// are right.
pub(super) fn unframe<'a>(file: &'a [u8], magic: &[u8; 4], version: u32) -> Option<&'a [u8]> {
    if file.len() < HEADER || &file[..4] != magic {
        return None;
    }
    let mut r = R::new(&file[4..HEADER]);
    if r.u32()? != version {
        return None;
    }
    let len = usize::try_from(r.u64()?).ok()?;
    let sum = r.u64()?;
    let payload = &file[HEADER..];
    (payload.len() == len && hash(payload) == sum).then_some(payload)
}

/// The parse stored in `file`, if the file is a whole, current index for `key`
/// and everything in it fits `text`: every range lies on character boundaries
/// inside the text, the entries tile it from the preamble's end, and each
/// entry's first line is a header holding the stamp the index says.
pub fn decode(file: &[u8], key: &Key, text: &str) -> Option<Parsed> {
    let payload = unframe(file, MAGIC, VERSION)?;
    let mut r = R { b: payload, text };
    let stored = Key {
        path: r.bytes()?.to_vec(),
        size: r.u64()?,
        mtime_s: r.u64()? as i64,
        mtime_ns: r.u32()?,
        inode: r.u64()?,
        device: r.u64()?,
        content: r.u64()?,
    };
    if stored != *key || r.u32()? as usize != text.len() {
        return None;
    }
    let log_switch = match r.u8()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let preamble = r.range()?;
    let preamble_line = r.u32()?;
    let n = r.len(40)?;
    let mut parsed = Parsed {
        log_switch,
        preamble,
        preamble_line,
        entries: Vec::with_capacity(n),
        lists: Lists::default(),
    };
    let mut at = parsed.preamble.end;
    for _ in 0..n {
        let e = r.entry()?;
        let header = &text[e.span()];
        let first = header.split('\n').next().unwrap_or("");
        if e.span().start != at || line_is_stamp(first) != Some(e.stamp) {
            return None;
        }
        at = e.span().end;
        parsed.push_with(e, |lists| r.lists(lists))?;
    }
    parsed.lists.shrink_to_fit();
    (r.b.is_empty() && at == text.len()).then_some(parsed)
}

struct W(Vec<u8>);

impl W {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn off(&mut self, v: usize) -> Option<()> {
        self.u32(u32::try_from(v).ok()?);
        Some(())
    }
    fn len(&mut self, v: usize) -> Option<()> {
        self.off(v)
    }
    fn range(&mut self, r: &Range<usize>) -> Option<()> {
        self.off(r.start)?;
        self.off(r.end)
    }
    fn bytes(&mut self, b: &[u8]) -> Option<()> {
        self.len(b.len())?;
        self.0.extend_from_slice(b);
        Some(())
    }
    fn stamp(&mut self, s: Stamp) {
        self.0
            .extend_from_slice(&s.date().num_days_from_ce().to_le_bytes());
        let t = s.datetime().time();
        self.0
            .extend_from_slice(&((t.hour() * 60 + t.minute()) as u16).to_le_bytes());
    }
    fn opt_u32(&mut self, v: Option<u32>) {
        self.u8(u8::from(v.is_some()));
        self.u32(v.unwrap_or(0));
    }

    fn entry(&mut self, e: EntryRef) -> Option<()> {
        self.u32(e.line);
        self.range(&e.span())?;
        self.u32(e.lines);
        self.stamp(e.stamp);
        self.u8(u8::from(e.revision.is_some()));
        if let Some(s) = e.revision {
            self.stamp(s);
        }
        self.u8(u8::from(e.keywords.is_some()));
        if let Some(k) = &e.keywords {
            self.u32(k.line);
            self.range(&k.span())?;
        }
        self.len(e.outline().len())?;
        for o in e.outline() {
            self.u32(o.line);
            self.u32(o.offset);
            self.u8(o.level);
            self.u32(o.number);
        }
        self.len(e.updates().len())?;
        for u in e.updates() {
            self.stamp(u.stamp);
            self.u32(u.line);
            self.off(u.offset)?;
            self.opt_u32(u.closed_at);
        }
        self.len(e.refs().len())?;
        for x in e.refs() {
            self.u32(x.line);
            self.u8(cue_code(x.cue));
            self.stamp(x.stamp);
            self.range(&x.span)?;
            self.range(&x.quoted)?;
            self.range(&x.section)?;
        }
        self.len(e.todos().len())?;
        for t in e.todos() {
            self.u32(t.line);
            self.off(t.offset)?;
        }
        Some(())
    }
}

fn cue_code(c: Cue) -> u8 {
    match c {
        Cue::See => 0,
        Cue::Ref => 1,
        Cue::Jian => 2,
        Cue::XiangJian => 3,
        Cue::None => 4,
    }
}

/// Reads the payload; every getter fails on a short or out-of-range value
/// (offsets are checked against `text`). The keyword-line index reads its
/// own file with it too.
pub(super) struct R<'a> {
    pub(super) b: &'a [u8],
    text: &'a str,
}

impl<'a> R<'a> {
    /// A reader of bytes that hold no text offsets.
    pub(super) fn new(b: &'a [u8]) -> R<'a> {
        R { b, text: "" }
    }
    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.b.len() < n {
            return None;
        }
        let (h, t) = self.b.split_at(n);
        self.b = t;
        Some(h)
    }
    pub(super) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    pub(super) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(super) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    /// A count of items at least `min` bytes each: never more than remain, so
    /// a damaged count cannot make a huge allocation.
    fn len(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.saturating_mul(min) <= self.b.len()).then_some(n)
    }
    /// An offset into the text, on a character boundary.
    fn off(&mut self) -> Option<usize> {
        let o = self.u32()? as usize;
        self.text.is_char_boundary(o).then_some(o)
    }
    fn range(&mut self) -> Option<Range<usize>> {
        let (s, e) = (self.off()?, self.off()?);
        (s <= e).then_some(s..e)
    }
    pub(super) fn stamp(&mut self) -> Option<Stamp> {
        let days = i32::from_le_bytes(self.take(4)?.try_into().ok()?);
        let m = u32::from(self.u16()?);
        Stamp::new(NaiveDate::from_num_days_from_ce_opt(days)?, m / 60, m % 60)
    }
    fn flag(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn opt_u32(&mut self) -> Option<Option<u32>> {
        let some = self.flag()?;
        let v = self.u32()?;
        Some(some.then_some(v))
    }

    fn entry(&mut self) -> Option<Entry> {
        let line = self.u32()?;
        let span = self.range()?;
        let lines = self.u32()?;
        let stamp = self.stamp()?;
        let revision = if self.flag()? {
            Some(self.stamp()?)
        } else {
            None
        };
        let keywords = if self.flag()? {
            let line = self.u32()?;
            Some(Keywords::new(line, self.range()?))
        } else {
            None
        };
        let mut e = Entry::new(line, span, lines, stamp);
        e.revision = revision;
        e.keywords = keywords;
        Some(e)
    }

    /// An entry's outline, updates, references and todos, pushed onto its
    /// file's lists.
    fn lists(&mut self, l: &mut Lists) -> Option<()> {
        let n = self.len(13)?;
        for _ in 0..n {
            l.outline.push(OutlineItem {
                line: self.u32()?,
                offset: self.off()? as u32,
                level: self.u8()?,
                number: self.u32()?,
            });
        }
        let n = self.len(19)?;
        for _ in 0..n {
            l.updates.push(Update {
                stamp: self.stamp()?,
                line: self.u32()?,
                offset: self.off()?,
                closed_at: self.opt_u32()?,
            });
        }
        let n = self.len(35)?;
        for _ in 0..n {
            let line = self.u32()?;
            let cue = match self.u8()? {
                0 => Cue::See,
                1 => Cue::Ref,
                2 => Cue::Jian,
                3 => Cue::XiangJian,
                4 => Cue::None,
                _ => return None,
            };
            l.refs.push(Reference {
                line,
                cue,
                stamp: self.stamp()?,
                span: self.range()?,
                quoted: self.range()?,
                section: self.range()?,
            });
        }
        let n = self.len(8)?;
        for _ in 0..n {
            l.todos.push(Todo {
                line: self.u32()?,
                offset: self.off()?,
            });
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notebook::parse::parse;

    const TEXT: &str = ".LOG\npre\n9:05 2014-3-2\n(9:30 2014-3-2)\n内核, 调度; xen, cont2\n1, see\"8:00 2014-3-1\"2-1) \\todo x\n(10:00 2014-3-2)\nmore\n\"10:00 2014-3-2\"\n10:00 2014-3-3\nbody\n";

    fn key() -> Key {
        Key {
            path: b"/n/a.txt".to_vec(),
            size: 1,
            mtime_s: 2,
            mtime_ns: 3,
            inode: 4,
            device: 5,
            content: hash(TEXT.as_bytes()),
        }
    }

    #[test]
    fn round_trips_everything_the_parser_finds() {
        let p = parse(TEXT);
        assert!(p.entries[0].keywords.is_some() && !p.entry(0).refs().is_empty());
        assert!(!p.entry(0).updates().is_empty() && !p.entry(0).todos().is_empty());
        let file = encode(&key(), TEXT.len(), &p).expect("fits");
        assert_eq!(decode(&file, &key(), TEXT), Some(p));
    }

    #[test]
    fn any_damage_or_other_key_is_refused() {
        let p = parse(TEXT);
        let file = encode(&key(), TEXT.len(), &p).expect("fits");
        for cut in [0, 3, HEADER, file.len() / 2, file.len() - 1] {
            assert_eq!(decode(&file[..cut], &key(), TEXT), None, "cut at {cut}");
        }
        for i in (0..file.len()).step_by(7) {
            let mut bad = file.clone();
            bad[i] ^= 0x20;
            assert_eq!(decode(&bad, &key(), TEXT), None, "byte {i} flipped");
        }
        let mut other = key();
        other.mtime_ns += 1;
        assert_eq!(decode(&file, &other, TEXT), None);
        // The same length, a header moved: the stamp check refuses it.
        let moved = TEXT.replace("10:00 2014-3-3\nbody", "body\n10:00 2014-3-3");
        assert_eq!(moved.len(), TEXT.len());
        assert_eq!(decode(&file, &key(), &moved), None);
    }

    proptest::proptest! {
        /// Whatever the parser finds in notebook-like text, the index gives back.
        #[test]
        fn any_parse_round_trips(lines in proptest::collection::vec(proptest::sample::select(vec![
            "9:05 2014-3-2", "10:00 2014-3-2", " 11:30 2014-3-3 ", "(9:30 2014-3-2)", "",
            "内核, 调度; xen, cont2", "a，b、c；d", "1, see\"9:05 2014-3-2\"2-1)", "(2) \\todo x",
            "\"9:30 2014-3-2\"end", "见\"10:00 2014-3-2\"", "1) 中文 text", ".LOG", "\r",
        ]), 0..40)) {
            let text = lines.join("\n");
            let p = parse(&text);
            let mut k = key();
            k.content = hash(text.as_bytes());
            let file = encode(&k, text.len(), &p).expect("fits");
            proptest::prop_assert_eq!(decode(&file, &k, &text), Some(p));
        }
    }
}
