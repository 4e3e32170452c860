//! Bytes → decode → parse → store → reader document, with the parser's
//! promises checked on every input (FORMAT.md, src/notebook/parse.rs):
//!
//! * nothing is lost in decoding: UTF-8 input is the text exactly (line
//!   ends normalised), a lossy decode is `from_utf8_lossy` of the input with
//!   a warning, a binary file has no text but a warning, and any other
//!   decode of a non-empty file has text;
//! * the decoded text has no CR (every line ending became LF);
//! * the `.LOG` line, the preamble and the entries tile the text: nothing is
//!   dropped, nothing belongs to two entries;
//! * an entry starts exactly at each line that is a stamp and nothing else,
//!   and its line numbers agree with the text;
//! * every reference span (cue, quoted stamp, section path) lies inside its
//!   entry, on one line, and its quoted stamp is the stamp it resolves;
//! * keywords, outline items, updates and todos lie inside their entry;
//! * the store resolves every reference to an entry that exists, and
//!   building the reader's document for every entry does not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rizhi::notebook::decode::normalize_newlines;
use rizhi::notebook::stamp::{line_is_stamp, parse_prefix};
use rizhi::notebook::{Detected, Notebook, Stamp};
use rizhi::store::Store;
use std::ops::Range;
use std::sync::Arc;

fn inside(inner: &Range<usize>, outer: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.start <= inner.end && inner.end <= outer.end
}

fn line_of(text: &str, at: usize) -> u32 {
    1 + text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
}

/// Decoding keeps everything: see the module docs.
fn check_decode(data: &[u8], nb: &Notebook) {
    let lf = |s: &str| normalize_newlines(s.to_string());
    match nb.encoding {
        Detected::Binary => {
            assert!(nb.text.is_empty(), "a binary file has no text");
            assert!(!nb.warnings.is_empty(), "a skipped file is reported");
        }
        Detected::Utf8 => {
            let text = std::str::from_utf8(data).expect("read as UTF-8 means valid UTF-8");
            assert_eq!(nb.text, lf(text), "UTF-8 text changed");
        }
        Detected::Utf8Bom => {
            assert_eq!(nb.text, lf(&String::from_utf8_lossy(&data[3..])));
        }
        Detected::Utf8Lossy => {
            assert_eq!(nb.text, lf(&String::from_utf8_lossy(data)));
            assert!(!nb.warnings.is_empty(), "a lossy decode is reported");
        }
        Detected::Utf16Le | Detected::Utf16Be | Detected::Gb18030 => {
            assert!(!nb.text.is_empty() || data.len() <= 3, "text vanished");
        }
    }
}

fn check(nb: &Notebook) {
    let text = nb.text.as_str();
    assert!(!text.contains('\r'), "a CR survived decoding");
    let p = &nb.parsed;
    let body_start = if p.log_switch {
        assert_eq!(text.lines().next().map(str::trim), Some(".LOG"));
        text.find('\n').map_or(text.len(), |i| i + 1)
    } else {
        0
    };
    // Tiling: [.LOG line][preamble][entry][entry]…, contiguous, to the end.
    assert_eq!(p.preamble.start, body_start, "preamble start");
    let mut at = p.preamble.end;
    for e in nb.entries() {
        assert_eq!(e.span().start, at, "entries must tile the text");
        assert!(
            e.span().start < e.span().end,
            "an entry holds at least its header"
        );
        at = e.span().end;
    }
    assert_eq!(at, text.len(), "the last entry runs to the end of the text");

    // Headers are exactly the stamp lines (after the `.LOG` line).
    let mut offset = 0;
    let mut headers = Vec::new();
    for line in text.split_inclusive('\n') {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        if offset >= body_start {
            if let Some(s) = line_is_stamp(bare) {
                headers.push((offset, s));
            }
        }
        offset += line.len();
    }
    let got: Vec<(usize, Stamp)> = nb
        .entries()
        .iter()
        .map(|e| (e.span().start, e.stamp))
        .collect();
    assert_eq!(got, headers, "entries start at stamp lines, and only there");

    for e in nb.parsed.iter() {
        let span = e.span();
        let seg = &text[span.clone()];
        assert_eq!(e.line, line_of(text, span.start));
        assert_eq!(
            e.lines as usize,
            seg.split_terminator('\n').count(),
            "line count"
        );
        let last_line = e.line + e.lines - 1;
        let on_one_line = |r: &Range<usize>, line: u32, what: &str| {
            assert!(inside(r, &span), "{what} {r:?} outside its entry {span:?}");
            assert!(!text[r.clone()].contains('\n'), "{what} crosses a line end");
            assert_eq!(line_of(text, r.start), line, "{what} line");
            assert!(
                (e.line..=last_line).contains(&line),
                "{what} line outside the entry"
            );
        };
        for r in e.refs() {
            on_one_line(&r.span, r.line, "reference");
            assert!(
                inside(&r.quoted, &r.span),
                "quoted stamp outside the reference"
            );
            assert!(inside(&r.section, &r.span), "section outside the reference");
            assert_eq!(
                r.quoted.end, r.section.start,
                "the section follows the quote"
            );
            let q = &text[r.quoted.clone()];
            assert!(
                q.len() >= 2 && q.starts_with('"') && q.ends_with('"'),
                "{q:?}"
            );
            let inner = &q.as_bytes()[1..q.len() - 1];
            assert_eq!(parse_prefix(inner), Some((r.stamp, inner.len())), "{q:?}");
        }
        assert!(
            e.refs().windows(2).all(|w| w[0].span.end <= w[1].span.start),
            "references overlap or are out of order"
        );
        if let Some(k) = &e.keywords {
            on_one_line(&k.span(), k.line, "keyword line");
            for t in &k.terms(text) {
                assert!(inside(t, &k.span()), "term outside the keyword line");
                let term = &text[t.clone()];
                assert!(
                    !term.is_empty() && term.trim() == term,
                    "{term:?} not trimmed"
                );
            }
            for s in &e.series(text) {
                assert!(
                    inside(&s.topic, &k.span()),
                    "series topic outside the keyword line"
                );
            }
        } else {
            assert!(e.series(text).is_empty(), "a series without a keyword line");
        }
        let line_start = |line: u32, offset: usize, what: &str| {
            assert!(span.contains(&offset), "{what} outside its entry");
            assert!(
                offset == 0 || text.as_bytes()[offset - 1] == b'\n',
                "{what} offset"
            );
            assert_eq!(line_of(text, offset), line, "{what} line");
        };
        for o in e.outline() {
            line_start(o.line, o.offset as usize, "outline item");
        }
        for u in e.updates() {
            line_start(u.line, u.offset, "update");
            if let Some(c) = u.closed_at {
                assert!(c > u.line && c <= last_line, "update closed outside");
            }
        }
        for t in e.todos() {
            let r = t.offset..t.offset + 5;
            on_one_line(&r, t.line, "todo");
            assert!(text[r].eq_ignore_ascii_case("\\todo"));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let nb = Notebook::from_bytes("fuzz.txt", data);
    check_decode(data, &nb);
    check(&nb);
    let store = Store::new(vec![Arc::new(nb)]);
    for id in 0..store.len() {
        let refs = store.entry(id).refs().len();
        assert_eq!(store.resolutions(id).len(), refs);
        for r in store.resolutions(id) {
            if let Some(t) = r.target() {
                assert!(t < store.len());
            }
        }
        for &(from, index) in store.backlinks(id) {
            assert_eq!(store.resolutions(from)[index].target(), Some(id));
        }
        let doc = rizhi::tui::doc::build(&store, id);
        for l in &doc.links {
            let len = doc.lines[l.line].text.len();
            assert!(
                l.range.start <= l.range.end && l.range.end <= len,
                "doc link off its line"
            );
        }
        for dl in &doc.lines {
            for (r, _) in &dl.marks {
                assert!(
                    r.start <= r.end && r.end <= dl.text.len(),
                    "doc mark off its line"
                );
            }
        }
    }
});
