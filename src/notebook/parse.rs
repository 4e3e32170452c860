//! Text → entries, following FORMAT.md. The parser is lenient (nothing in a
//! notebook was written for a machine) and total: every line of the file belongs to
//! the `.LOG` switch, the preamble or exactly one entry.

use super::refs::scan_line;
use super::stamp::{line_is_paren_stamp, line_is_stamp, parse_prefix, Stamp};
use std::ops::Range;

use super::keyline::clamp;
pub use super::keyline::Keywords;
pub use super::lists::{EntryRef, Lists};

/// `xen4.2 support, cont17`: this entry is part 17 of "xen4.2 support".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeriesMark {
    pub topic: Range<usize>,
    /// `None` for a bare `cont`.
    pub part: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutlineItem {
    pub line: u32,
    /// Offset of the line's first byte in the file (a u32: an entry holds a
    /// dozen items or more, and each is kept as long as the file is loaded).
    pub offset: u32,
    pub level: u8,
    pub number: u32,
}

/// A later addition inside an entry, opened by `(stamp)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Update {
    pub stamp: Stamp,
    pub line: u32,
    pub offset: usize,
    /// The line of its `"stamp"` / `"stamp"end` closing marker, if any.
    pub closed_at: Option<u32>,
}

/// A `\todo` or `\TODO` mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Todo {
    pub line: u32,
    pub offset: usize,
}

/// One entry: from its header line to the next header (or the end of the file).
/// All ranges are byte offsets into the file's text, which is stored once.
///
/// Kept small (72 bytes): a notebook of a million short entries holds a
/// million of these. Offsets are u32 (no notebook over 4 GiB is read), the
/// keyword line is only its place, and the outline, updates, references and
/// todos are in its file's [`Lists`], where `lists` says its items start
/// (see [`Parsed::entry`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub line: u32,
    /// Number of lines in `span`.
    pub lines: u32,
    start: u32,
    end: u32,
    pub stamp: Stamp,
    pub revision: Option<Stamp>,
    pub keywords: Option<Keywords>,
    /// Where its outline, updates, references and todos start in the file's
    /// lists; each ends where the next entry's start.
    pub(super) lists: [u32; 4],
}

impl Entry {
    /// An entry spanning `span`, its header on line `line`, holding no items
    /// until it is pushed onto a [`Parsed`].
    pub fn new(line: u32, span: Range<usize>, lines: u32, stamp: Stamp) -> Entry {
        Entry {
            line,
            lines,
            start: clamp(span.start),
            end: clamp(span.end),
            stamp,
            revision: None,
            keywords: None,
            lists: [0; 4],
        }
    }

    /// From the header line's first byte to the next header (or the file's end).
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The series marks on the keyword line (see [`Keywords::series`]);
    /// `text` is the file's text.
    pub fn series(&self, text: &str) -> Vec<SeriesMark> {
        self.keywords.map_or_else(Vec::new, |k| k.series(text))
    }
}

/// What a file holds besides its entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The first line is Notepad's `.LOG` journal switch (not content).
    pub log_switch: bool,
    /// Everything between the `.LOG` line (if any) and the first header.
    pub preamble: Range<usize>,
    pub preamble_line: u32,
    pub entries: Vec<Entry>,
    /// Every entry's outline, updates, references and todos.
    pub lists: Lists,
}

/// Lines of `text` with their 1-based number and byte range (newline excluded).
pub fn lines(text: &str) -> impl Iterator<Item = (u32, Range<usize>)> + '_ {
    let b = text.as_bytes();
    let mut start = 0usize;
    let mut no = 0u32;
    std::iter::from_fn(move || {
        if start >= b.len() {
            return None;
        }
        no += 1;
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |i| start + i);
        let r = start..end;
        start = end + 1;
        Some((no, r))
    })
}

/// Splits a file into preamble and entries.
pub fn parse(text: &str) -> Parsed {
    let mut out = Parsed {
        preamble_line: 1,
        ..Parsed::default()
    };
    let mut current: Option<Builder> = None;
    let mut preamble_end = text.len();
    for (no, r) in lines(text) {
        let line = &text[r.clone()];
        if no == 1 && line.trim() == ".LOG" {
            out.log_switch = true;
            out.preamble_line = 2;
            continue;
        }
        if let Some(stamp) = line_is_stamp(line) {
            // One entry's items are gathered in a `Lists` of its own and
            // moved to the file's: its room serves every entry after it.
            let more = match current.take() {
                Some(b) => b.finish(text, r.start, &mut out),
                None => {
                    preamble_end = r.start;
                    Lists::default()
                }
            };
            current = Some(Builder::new(stamp, no, r.start, more));
            continue;
        }
        if let Some(b) = current.as_mut() {
            b.line(text, no, r);
        }
    }
    if let Some(b) = current.take() {
        b.finish(text, text.len(), &mut out);
    }
    // A growing Vec keeps up to twice the room it needs; the parse is kept
    // for as long as the file is loaded.
    out.entries.shrink_to_fit();
    out.lists.shrink_to_fit();
    let pre_start = if out.log_switch {
        text.find('\n').map_or(text.len(), |i| i + 1)
    } else {
        0
    };
    out.preamble = pre_start.min(preamble_end)..preamble_end;
    out
}

#[derive(PartialEq)]
enum Phase {
    /// Right after the header: a revision line may come.
    Revision,
    /// Waiting for the first non-empty line: the keyword line or an outline item.
    Keywords,
    Body,
}

struct Builder {
    line: u32,
    start: usize,
    stamp: Stamp,
    revision: Option<Stamp>,
    keywords: Option<Keywords>,
    more: Lists,
    phase: Phase,
}

impl Builder {
    /// `more`: empty, with room from the entry before.
    fn new(stamp: Stamp, line: u32, offset: usize, more: Lists) -> Builder {
        Builder {
            line,
            start: offset,
            stamp,
            revision: None,
            keywords: None,
            more,
            phase: Phase::Revision,
        }
    }

    /// Pushes the entry, ending at `end`, onto `out`; returns its items'
    /// lists emptied, their room kept for the next.
    fn finish(mut self, text: &str, end: usize, out: &mut Parsed) -> Lists {
        let lines = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[self.start..end])
            .count()
            .saturating_sub(usize::from(text[..end].ends_with('\n')))
            as u32;
        let mut e = Entry::new(self.line, self.start..end, lines, self.stamp);
        e.revision = self.revision;
        e.keywords = self.keywords;
        out.push(e, &mut self.more);
        self.more
    }

    fn line(&mut self, text: &str, no: u32, r: Range<usize>) {
        let line = &text[r.clone()];
        let blank = line.trim().is_empty();
        if self.phase == Phase::Revision {
            if blank {
                return;
            }
            self.phase = Phase::Keywords;
            if let Some(s) = line_is_paren_stamp(line) {
                self.revision = Some(s);
                return;
            }
        }
        if self.phase == Phase::Keywords {
            if blank {
                return;
            }
            self.phase = Phase::Body;
            if outline_marker(line).is_none() && line_is_paren_stamp(line).is_none() {
                self.keywords = Some(Keywords::new(no, r.start..r.end));
                self.scan(line, no, r.start, 0);
                return;
            }
        }
        self.body(line, no, r.start);
    }

    fn body(&mut self, line: &str, no: u32, start: usize) {
        let marker = outline_marker(line);
        if let Some((level, number, _)) = marker {
            self.more.outline.push(OutlineItem {
                line: no,
                offset: u32::try_from(start).unwrap_or(u32::MAX),
                level,
                number,
            });
        }
        // An update opens with `(stamp)` at the line start or right after a number.
        let after = marker.map_or_else(|| indent_len(line), |(_, _, end)| end);
        let rest = &line[after..];
        if rest.starts_with('(') {
            if let Some((stamp, n)) = parse_prefix(&rest.as_bytes()[1..]) {
                if rest.as_bytes().get(1 + n) == Some(&b')') {
                    self.more.updates.push(Update {
                        stamp,
                        line: no,
                        offset: start,
                        closed_at: None,
                    });
                }
            }
        }
        // A line starting with `"stamp"` that matches an open update closes it and is
        // not a reference.
        let ind = indent_len(line);
        let mut skip = 0;
        if let Some((stamp, end)) = super::refs::quoted_stamp_at(line.as_bytes(), ind) {
            if let Some(u) = self
                .more
                .updates
                .iter_mut()
                .rev()
                .find(|u| u.stamp == stamp && u.closed_at.is_none() && u.line != no)
            {
                u.closed_at = Some(no);
                skip = end;
            } else if self.revision == Some(stamp)
                && self.more.updates.iter().all(|u| u.stamp != stamp)
            {
                skip = end;
            }
        }
        self.scan(line, no, start, skip);
    }

    fn scan(&mut self, line: &str, no: u32, start: usize, skip: usize) {
        let b = line.as_bytes();
        // Most lines hold neither a quote nor a backslash: one scan rules out both.
        if memchr::memchr2(b'"', b'\\', b).is_none() {
            return;
        }
        scan_line(line, no, start, skip, &mut self.more.refs);
        for i in memchr::memchr_iter(b'\\', b) {
            if b.len() >= i + 5 && b[i + 1..i + 5].eq_ignore_ascii_case(b"todo") {
                self.more.todos.push(Todo {
                    line: no,
                    offset: start + i,
                });
            }
        }
    }
}

fn indent_len(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// `cont`, `cont1`, `cont17` → the part number (`Some(None)` for a bare `cont`).
pub fn series_part(term: &str) -> Option<Option<u32>> {
    let rest = term.strip_prefix("cont")?;
    if rest.is_empty() {
        return Some(None);
    }
    if rest.len() <= 4 && rest.bytes().all(|c| c.is_ascii_digit()) {
        return rest.parse().ok().map(Some);
    }
    None
}

/// An outline number at the start of a line: `1, ` (level 1), `1), ` or `1)`
/// (level 2), `(1), ` or `(1)` (level 3); full-width commas too. Returns the level,
/// the number and the byte where the item's text starts.
pub fn outline_marker(line: &str) -> Option<(u8, u32, usize)> {
    let b = line.as_bytes();
    let mut i = indent_len(line);
    let paren = b.get(i) == Some(&b'(');
    if paren {
        i += 1;
    }
    let ds = i;
    let mut n: u32 = 0;
    while i < b.len() && b[i].is_ascii_digit() && i - ds < 3 {
        n = n * 10 + u32::from(b[i] - b'0');
        i += 1;
    }
    if i == ds || b.get(i).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let level = if paren {
        if b.get(i) != Some(&b')') {
            return None;
        }
        i += 1;
        3
    } else if b.get(i) == Some(&b')') {
        i += 1;
        2
    } else {
        1
    };
    let rest = &line[i..];
    let comma = if rest.starts_with(',') {
        1
    } else if rest.starts_with('，') {
        '，'.len_utf8()
    } else {
        0
    };
    if level == 1 && comma == 0 {
        return None;
    }
    i += comma;
    i += line[i..].len() - line[i..].trim_start_matches(' ').len();
    Some((level, n, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_markers() {
        assert_eq!(outline_marker("1, today"), Some((1, 1, 3)));
        assert_eq!(outline_marker("0, 10:45-19:55"), Some((1, 0, 3)));
        assert_eq!(outline_marker("\t1), struct"), Some((2, 1, 5)));
        assert_eq!(outline_marker("2)missing comma"), Some((2, 2, 2)));
        assert_eq!(outline_marker("(3), deep"), Some((3, 3, 5)));
        assert_eq!(outline_marker("(3)deep"), Some((3, 3, 3)));
        assert_eq!(outline_marker("4，全角"), Some((1, 4, 4)));
        assert_eq!(outline_marker("2012, a year"), None);
        assert_eq!(outline_marker("10:45-19:55"), None);
        assert_eq!(outline_marker("(14:13 2012-01-30)"), None);
        assert_eq!(outline_marker("GTD"), None);
        // A comma or a parenthesis with no number before it is no marker.
        assert_eq!(outline_marker(", no number"), None);
        assert_eq!(outline_marker("(), none"), None);
    }

    /// A line opening with the revision's `"stamp"` closes the revision and
    /// links nowhere, even when the entry holds updates of other stamps; once
    /// an update of the revision's own stamp has been closed, quoting it again
    /// is a link.
    #[test]
    fn the_revision_stamp_quoted_at_a_line_start_closes_it_unless_an_update_took_it() {
        let refs = |text: &str| -> Vec<(u32, String)> {
            let p = parse(text);
            p.lists
                .refs
                .iter()
                .map(|r| (r.line, r.stamp.to_string()))
                .collect()
        };
        let other = "9:00 2013-1-4\n(10:00 2013-1-5)\nkw\n(11:00 2013-1-6)\n\
                     \"11:00 2013-1-6\"end\n\"10:00 2013-1-5\" closes the revision\n";
        assert_eq!(refs(other), []);
        let own = "9:00 2013-1-4\n(10:00 2013-1-5)\nkw\n(10:00 2013-1-5)\n\
                   \"10:00 2013-1-5\"end\n\"10:00 2013-1-5\" links again\n";
        assert_eq!(refs(own), [(6, "2013-01-05 10:00".to_string())]);
    }

    /// Only a backslash followed by `todo` (any case) is a todo mark; other
    /// escapes, and a backslash at the very end of a line, are not.
    #[test]
    fn a_todo_is_a_backslash_and_todo_and_no_other_escape() {
        let p = parse("9:00 2013-1-4\nkw\nC:\\dir\\file \\alpha \\TODO now \\tod\nend \\\n");
        let todos: Vec<(u32, usize)> = p.lists.todos.iter().map(|t| (t.line, t.offset)).collect();
        // Line 3 starts at byte 17; `\\TODO` is 19 bytes into it.
        assert_eq!(todos, [(3, 17 + 19)]);
    }

    /// Kills two mutants of session 5: the `preamble_line` of a file with
    /// the `.LOG` switch dropped, and the preamble starting at the switch's
    /// newline (`i + 1` → `i * 1`).
    #[test]
    fn the_preamble_starts_after_the_log_switch_and_counts_its_line() {
        let p = parse("hello\n9:00 2013-1-4\nkw\n");
        assert_eq!(
            (p.log_switch, p.preamble.clone(), p.preamble_line),
            (false, 0..6, 1)
        );
        let p = parse(".LOG\nhello\n9:00 2013-1-4\nkw\n");
        assert_eq!(
            (p.log_switch, p.preamble.clone(), p.preamble_line),
            (true, 5..11, 2)
        );
        assert_eq!(p.entries[0].line, 3);
        let p = parse(".LOG\n9:00 2013-1-4\n");
        assert_eq!((p.preamble.clone(), p.preamble_line), (5..5, 2));
    }

    #[test]
    fn series_markers() {
        assert_eq!(series_part("cont"), Some(None));
        assert_eq!(series_part("cont17"), Some(Some(17)));
        assert_eq!(series_part("context"), None);
        assert_eq!(series_part("cont 2"), None);
    }
}
