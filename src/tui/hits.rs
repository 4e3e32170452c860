//! Where the Filter's query matches inside the entry in the reader: the
//! places the search finds in the entry's body, carried over to the reader's
//! display lines (which hold annotations like `≈ 11:47` the file does not),
//! for highlighting and for moving from one match to the next.

use super::doc::{Doc, Mark};
use crate::store::{EntryId, EntryKey, Store};
use std::ops::Range;

/// One match, in the reader's display lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The display line it starts on.
    pub line: usize,
    /// Byte ranges of the matched characters, per display line.
    pub marks: Vec<(usize, Range<usize>)>,
}

/// The matches of one query in one entry, and which of them is current.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hits {
    pub key: EntryKey,
    pub query: String,
    pub list: Vec<Hit>,
    pub cur: usize,
}

impl Hits {
    /// `match 2/5`, for the status line.
    pub fn status(&self) -> String {
        format!("match {}/{}", self.cur + 1, self.list.len())
    }

    /// Moves `n` matches on (back when negative), wrapping as vim's `n` does.
    pub fn step(&mut self, n: isize) {
        let len = self.list.len() as isize;
        if len > 0 {
            self.cur = (self.cur as isize + n).rem_euclid(len) as usize;
        }
    }

    pub fn current(&self) -> Option<&Hit> {
        self.list.get(self.cur)
    }

    /// The marks on display line `line`: (range, is it the current match).
    /// Matches are in order and none spans more than two lines, so only
    /// those starting on this line or the one before are looked at.
    pub fn marks_on(&self, line: usize) -> impl Iterator<Item = (Range<usize>, bool)> + '_ {
        let from = self.list.partition_point(|h| h.line + 1 < line);
        self.list[from..]
            .iter()
            .enumerate()
            .take_while(move |(_, h)| h.line <= line)
            .flat_map(move |(i, h)| {
                h.marks
                    .iter()
                    .filter(move |(l, _)| *l == line)
                    .map(move |(_, r)| (r.clone(), from + i == self.cur))
            })
    }
}

/// Carries `places` (each a list of byte ranges into `store.body(id)`) over
/// to `doc`'s display lines. A range that crosses a line end is cut there;
/// places on lines the reader does not show are left out. Linear in the
/// places and the lines (a line may hold 100,000 links, each annotated).
pub fn in_doc(store: &Store, id: EntryId, doc: &Doc, places: &[Vec<Range<usize>>]) -> Vec<Hit> {
    let body = store.body(id);
    let first_line = store.entry(id).line + 1;
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', body.as_bytes()).map(|i| i + 1));
    // Body line k → its display line, and where annotations were inserted.
    let mut shown: Vec<Option<usize>> = vec![None; starts.len()];
    for (li, l) in doc.lines.iter().enumerate() {
        if let Some(k) = l.source.and_then(|s| s.checked_sub(first_line)) {
            if let Some(slot) = shown.get_mut(k as usize) {
                slot.get_or_insert(li);
            }
        }
    }
    let mut notes: std::collections::HashMap<usize, Notes> = Default::default();
    let mut out = Vec::new();
    for place in places {
        let mut marks = Vec::new();
        for r in place {
            let mut at = r.start.min(body.len());
            let end = r.end.min(body.len());
            while at < end {
                let k = starts.partition_point(|&s| s <= at) - 1;
                let line_end = starts.get(k + 1).map_or(body.len(), |&s| s - 1);
                let stop = end.min(line_end);
                if let Some(li) = shown[k].filter(|_| stop > at) {
                    let n = notes.entry(li).or_insert_with(|| Notes::of(doc, li));
                    let len = doc.lines[li].text.len();
                    let from = n.shift(at - starts[k], false).min(len);
                    let to = n.shift(stop - starts[k], true).min(len);
                    marks.push((li, from..to));
                }
                at = line_end + 1;
            }
        }
        if let Some(&(line, _)) = marks.first() {
            out.push(Hit { line, marks });
        }
    }
    out
}

/// The annotations of one display line: for each, the file column it was
/// inserted at, and the bytes inserted up to and including it.
struct Notes {
    at: Vec<usize>,
    added: Vec<usize>,
}

impl Notes {
    fn of(doc: &Doc, li: usize) -> Notes {
        let mut spans: Vec<&Range<usize>> = doc.lines[li]
            .marks
            .iter()
            .filter(|(_, m)| *m == Mark::Annotation)
            .map(|(r, _)| r)
            .collect();
        spans.sort_by_key(|r| r.start);
        let (mut at, mut added, mut sum) = (Vec::new(), Vec::new(), 0);
        for r in spans {
            at.push(r.start - sum);
            sum += r.len();
            added.push(sum);
        }
        Notes { at, added }
    }

    /// Where file column `col` lies on the display line: after every
    /// annotation inserted at or before it (before it only, for the end of
    /// a range, so an annotation right after a match stays outside).
    fn shift(&self, col: usize, end: bool) -> usize {
        let n = if end {
            self.at.partition_point(|&p| p < col)
        } else {
            self.at.partition_point(|&p| p <= col)
        };
        col + n.checked_sub(1).map_or(0, |i| self.added[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::doc;

    fn store(text: &str) -> Store {
        crate::store::from_text("t.txt", text)
    }

    fn one(r: Range<usize>) -> Vec<Range<usize>> {
        std::iter::once(r).collect()
    }

    #[test]
    fn places_land_on_display_lines_past_annotations() {
        // The link to 11:46 resolves approximately: the reader shows `≈ 11:47`
        // after it, and a match after the link moves right by that much.
        let s = store(
            "11:47 2014-3-1\nfirst\n1, target\n\n15:00 2014-3-1\nsecond\n1, see\"11:46 2014-3-1\" xen here\n2, xen\n",
        );
        let id = 1;
        let d = doc::build(&s, id);
        let body = s.body(id);
        let at = body.find("xen").unwrap();
        let last = body.rfind("xen").unwrap();
        let hits = in_doc(&s, id, &d, &[one(at..at + 3), one(last..last + 3)]);
        assert_eq!(hits.len(), 2);
        let (li, r) = hits[0].marks[0].clone();
        assert_eq!(&d.lines[li].text[r], "xen");
        assert!(d.lines[li].text.contains('≈'), "{:?}", d.lines[li].text);
        let (li2, r2) = hits[1].marks[0].clone();
        assert_eq!((li2, &d.lines[li2].text[r2]), (li + 1, "xen"));
    }

    #[test]
    fn a_range_over_a_line_end_is_cut_and_steps_wrap() {
        let s = store("10:00 2014-3-1\nkw\nab\ncd\n");
        let d = doc::build(&s, 0);
        // "b\nc": the end of line "ab" and the start of "cd".
        let hits = in_doc(&s, 0, &d, &[one(4..7)]);
        let texts: Vec<&str> = hits[0]
            .marks
            .iter()
            .map(|(l, r)| &d.lines[*l].text[r.clone()])
            .collect();
        assert_eq!(texts, ["b", "c"]);
        let mut h = Hits {
            key: s.key(0),
            query: "b".into(),
            list: vec![hits[0].clone(), hits[0].clone(), hits[0].clone()],
            cur: 0,
        };
        h.step(-1);
        assert_eq!(h.status(), "match 3/3");
        h.step(2);
        assert_eq!(h.status(), "match 2/3");
    }

    /// Two annotations on one line (`≈ 11:47` and `✗`): a match after both
    /// moves right by both; a match ending where an annotation is inserted
    /// leaves it outside; a range that starts at a line's end begins on the
    /// next line; and a match over two lines is marked on both. Matches
    /// come in line order, as the search gives them.
    #[test]
    fn annotations_line_ends_and_two_line_matches() {
        let s = store(
            "11:47 2014-3-1\nfirst\n1, target\n\n15:00 2014-3-1\nsecond\n\
             1, see\"11:46 2014-3-1\" and \"7:00 2013-12-31\" xen\n2, xen\n",
        );
        let id = 1;
        let d = doc::build(&s, id);
        let body = s.body(id);
        let xen = body.find("xen").unwrap();
        let quote = body.find("3-1\"").unwrap() + 3;
        let nl = body.rfind("\n2, ").unwrap();
        let places = [
            one(xen..xen + 3),
            one(quote..quote + 1),
            one(xen..nl + 2),
            one(nl..nl + 3),
        ];
        let hits = in_doc(&s, id, &d, &places);
        let text = |(l, r): &(usize, Range<usize>)| &d.lines[*l].text[r.clone()];
        let shown: Vec<Vec<&str>> = hits
            .iter()
            .map(|h| h.marks.iter().map(text).collect())
            .collect();
        assert_eq!(
            shown,
            [vec!["xen"], vec!["\""], vec!["xen", "2"], vec!["2,"]]
        );
        let line = hits[0].line;
        assert!(
            d.lines[line].text.ends_with("✗ xen"),
            "{:?}",
            d.lines[line].text
        );
        assert_eq!(
            hits.iter().map(|h| h.line).collect::<Vec<_>>(),
            [line, line, line, line + 1]
        );
        let h = Hits {
            key: s.key(id),
            query: "xen".into(),
            list: hits,
            cur: 2,
        };
        let on = |l: usize| -> Vec<(&str, bool)> {
            h.marks_on(l)
                .map(|(r, cur)| (&d.lines[l].text[r], cur))
                .collect()
        };
        assert_eq!(on(line), [("xen", false), ("\"", false), ("xen", true)]);
        assert_eq!(on(line + 1), [("2", true), ("2,", false)]);
        assert_eq!(h.current(), Some(&h.list[2]));
        // No matches: stepping does nothing.
        let mut none = Hits {
            list: Vec::new(),
            cur: 0,
            ..h
        };
        none.step(1);
        assert_eq!(none.current(), None);
    }
}
