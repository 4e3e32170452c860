//! Every place a query matches in a text, in order: what the reader highlights
//! in an entry's body and moves between (next / previous match).
//!
//! The filter scores one best place per entry; a reader wants them all. For
//! each positive word of the query (alternatives of `a | b` included): every
//! occurrence of it as a contiguous run of characters (up to case when the
//! word is lower-case, fzf's smart case, and up to accents when it has none,
//! as nucleo folds them), at a line's start for `^word`, at
//! its end for `word$`. A fuzzy word that never occurs whole marks, instead,
//! the characters it matches in each line that it matches (one place a line).
//! Places that overlap an earlier one are dropped.

use super::chars::matcher;
use super::dates;
use super::query::{match_bytes, pattern, Query};
use crate::store::{EntryId, Store};
use nucleo::chars;
use nucleo::pattern::{Atom, AtomKind};
use std::ops::Range;

/// One place a query matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// From the first matched byte to the end of the last matched character:
    /// where next / previous jump to.
    pub span: Range<usize>,
    /// The matched characters, as byte ranges in order (contiguous characters
    /// joined): what to highlight.
    pub marks: Vec<Range<usize>>,
}

/// The places `query` (the filter's query, date words ignored) matches in the
/// body of entry `id`, as byte ranges into `store.body(id)`, in order.
pub fn body_places(store: &Store, id: EntryId, query: &str) -> Vec<Place> {
    places(&pattern(&dates::split(query).0), store.body(id))
}

/// The places `q` matches in `text`, in order, none overlapping.
pub fn places(q: &Query, text: &str) -> Vec<Place> {
    let mut found: Vec<Place> = Vec::new();
    for atom in q.groups.iter().flatten().filter(|a| !a.negative) {
        let needle: String = atom.needle_text().chars().collect();
        if needle.is_empty() {
            continue;
        }
        let before = found.len();
        occurrences(atom, &needle, text, &mut found);
        if found.len() == before {
            // The matcher's own reading, line by line: a fuzzy word, or any
            // word the filter matched where the search above found nothing.
            matched_lines(atom, text, &mut found);
        }
    }
    found.sort_by_key(|p| (p.span.start, std::cmp::Reverse(p.span.end)));
    let mut out: Vec<Place> = Vec::with_capacity(found.len());
    for p in found {
        if out.last().is_none_or(|l| p.span.start >= l.span.end) {
            out.push(p);
        }
    }
    out
}

/// Every contiguous occurrence of `needle` where the atom's kind allows it.
/// On a text that is not ASCII, characters are compared as nucleo compares
/// them (accents folded when the word has none, case folded when it is
/// lower-case), so "café" and "cafe" in one text are both found for `'cafe`.
fn occurrences(atom: &Atom, needle: &str, text: &str, out: &mut Vec<Place>) {
    let b = text.as_bytes();
    let line_start = |at: usize| {
        b[..at]
            .iter()
            .rev()
            .take_while(|&&c| c != b'\n')
            .all(|c| c.is_ascii_whitespace())
    };
    let line_end = |end: usize| {
        b[end..]
            .iter()
            .take_while(|&&c| c != b'\n')
            .all(|c| c.is_ascii_whitespace())
    };
    // Takes the occurrence at..end if the atom's anchors allow it.
    let mut take = |at: usize, end: usize| {
        let fits = match atom.kind {
            AtomKind::Prefix => line_start(at),
            AtomKind::Postfix => line_end(end),
            AtomKind::Exact => line_start(at) && line_end(end),
            _ => true,
        };
        if fits {
            out.push(Place {
                span: at..end,
                marks: std::iter::once(at..end).collect(),
            });
        }
        fits
    };
    if text.is_ascii() {
        ascii_occurrences(needle, b, &mut take);
    } else {
        folded_occurrences(needle, text, &mut take);
    }
}

/// The byte search of [`occurrences`] on an ASCII text: `take` is offered
/// each occurrence and the search goes on past the ones it takes.
fn ascii_occurrences(needle: &str, b: &[u8], take: &mut impl FnMut(usize, usize) -> bool) {
    let ignore_case = !needle.chars().any(char::is_uppercase);
    let n = needle.as_bytes();
    let first = n[0];
    let same = |at: usize| {
        b.get(at..at + n.len()).is_some_and(|t| {
            if ignore_case {
                t.eq_ignore_ascii_case(n)
            } else {
                t == n
            }
        })
    };
    let mut from = 0;
    while from < b.len() {
        let hit = if ignore_case && first.is_ascii_alphabetic() {
            memchr::memchr2(
                first.to_ascii_lowercase(),
                first.to_ascii_uppercase(),
                &b[from..],
            )
        } else {
            memchr::memchr(first, &b[from..])
        };
        let Some(d) = hit else { break };
        let at = from + d;
        from = at + 1;
        if same(at) && take(at, at + n.len()) {
            from = at + n.len();
        }
    }
}

/// The character search of [`occurrences`] on any text, folding as nucleo's
/// smart case and smart normalization do.
fn folded_occurrences(needle: &str, text: &str, take: &mut impl FnMut(usize, usize) -> bool) {
    let ignore_case = !needle.chars().any(chars::is_upper_case);
    let normalize = needle.chars().all(|c| chars::normalize(c) == c);
    let fold = |c: char| {
        let c = if normalize { chars::normalize(c) } else { c };
        if ignore_case {
            chars::to_lower_case(c)
        } else {
            c
        }
    };
    let n: Vec<char> = needle.chars().collect();
    // Compared in place, one start at a time: no folded copy of a body that
    // may be megabytes long.
    let mut next = 0;
    for (at, c) in text.char_indices() {
        if at < next || fold(c) != n[0] {
            continue;
        }
        let mut end = at;
        let mut k = 0;
        for c in text[at..].chars().take(n.len()) {
            if fold(c) != n[k] {
                break;
            }
            k += 1;
            end += c.len_utf8();
        }
        if k == n.len() && take(at, end) {
            next = end;
        }
    }
}

/// One place a line, as the matcher reads the word there: a fuzzy word
/// character by character, or a word [`occurrences`] did not find.
fn matched_lines(atom: &Atom, text: &str, out: &mut Vec<Place>) {
    let q = Query {
        groups: vec![vec![atom.clone()]],
    };
    let mut m = matcher();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let bytes = match_bytes(&q, line, &mut m);
        if let (Some(&lo), Some(&hi)) = (bytes.first(), bytes.last()) {
            let width = |at: usize| line[at..].chars().next().map_or(1, char::len_utf8);
            let mut marks: Vec<Range<usize>> = Vec::new();
            for &at in &bytes {
                let r = start + at..start + at + width(at);
                match marks.last_mut() {
                    Some(l) if l.end == r.start => l.end = r.end,
                    _ => marks.push(r),
                }
            }
            out.push(Place {
                span: start + lo..start + hi + width(hi),
                marks,
            });
        }
        start += line.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans<'a>(q: &str, text: &'a str) -> Vec<&'a str> {
        places(&pattern(q), text)
            .into_iter()
            .map(|p| &text[p.span])
            .collect()
    }

    #[test]
    fn every_whole_occurrence_in_order() {
        let text = "xen migration\n  libvirt. Migration.\nmigrationmigration";
        assert_eq!(
            spans("migration", text),
            ["migration", "Migration", "migration", "migration"]
        );
        // Upper case respects case (smart case).
        assert_eq!(spans("Migration", text), ["Migration"]);
        // Two words: both, in text order.
        assert_eq!(spans("migration xen", text)[..2], ["xen", "migration"]);
        let p = &places(&pattern("libvirt"), text)[0];
        assert_eq!(p.marks, vec![p.span.clone()]);
        assert_eq!(&text[p.span.clone()], "libvirt");
    }

    #[test]
    fn a_fuzzy_word_never_whole_marks_its_characters_per_line() {
        let text = "gnome configuration tool\nnothing\nmy image rate\n";
        let ps = places(&pattern("mig"), text);
        assert_eq!(ps.len(), 2, "{ps:?}");
        // The marks are the matched characters, joined when contiguous.
        for p in &ps {
            let marked: String = p.marks.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(marked, "mig");
            assert!(p.span.start < p.span.end && p.marks[0].start == p.span.start);
        }
        assert!(ps[0].span.end <= "gnome configuration tool".len());
        assert!(ps[1].span.start > text.find("nothing").unwrap());
    }

    #[test]
    fn syntax_cjk_and_negation() {
        let text = "调度器\n  内核调度\nxen\nthe xen\n";
        assert_eq!(spans("调度", text), ["调度", "调度"]);
        assert_eq!(spans("^xen", text), ["xen"]);
        assert_eq!(
            places(&pattern("^xen"), text)[0].span.start,
            text.find("xen").unwrap()
        );
        assert_eq!(spans("xen$", text), ["xen", "xen"]);
        assert_eq!(spans("'xe", text), ["xe", "xe"]);
        assert_eq!(spans("!xen", text), Vec::<&str>::new());
        assert_eq!(spans("zzz | xen", text), ["xen", "xen"]);
        assert!(spans("", text).is_empty());
    }

    #[test]
    fn body_places_ignore_dates_and_index_the_body() {
        use crate::notebook::Notebook;
        use std::sync::Arc;
        let nb = "9:00 2012-1-20\nxen, suse\n  1, xen live migration\n";
        let s = Store::new(vec![Arc::new(Notebook::from_bytes("a.txt", nb.as_bytes()))]);
        let ps = body_places(&s, 0, "migration @2012-01");
        assert_eq!(ps.len(), 1);
        assert_eq!(&s.body(0)[ps[0].span.clone()], "migration");
    }

    #[test]
    fn anchors_hold_per_line_and_folded_exact_words_are_marked() {
        let text = "xen b\na xen\nxen\n";
        let at = |q: &str| -> Vec<usize> {
            places(&pattern(q), text)
                .iter()
                .map(|p| p.span.start)
                .collect()
        };
        assert_eq!(at("xen$"), [8, 12], "a suffix ends its line");
        assert_eq!(at("^xen$"), [12], "a whole-line word is the line alone");
        assert_eq!(at("^xen"), [0, 12]);
        // An exact word in upper case is found in its case only.
        assert_eq!(spans("'Xen", "xen Xen"), ["Xen"]);
        // An exact word that does not occur marks nothing, not its letters.
        assert!(spans("'xyz", "x y z").is_empty());
        // One the filter matches by folding accents or case is marked too.
        assert_eq!(spans("'cafe", "a café b"), ["café"]);
        assert_eq!(spans("'école", "une ÉCOLE"), ["ÉCOLE"]);
        assert_eq!(spans("^ecole", "École\nune école"), ["École"]);
    }

    #[test]
    fn folded_and_plain_occurrences_in_one_text_are_all_marked() {
        let text = "cafe, café, CAFÉ\nCafé";
        assert_eq!(spans("'cafe", text), ["cafe", "café", "CAFÉ", "Café"]);
        // A fuzzy word occurs whole in every spelling, not as letters.
        assert_eq!(spans("cafe", text), ["cafe", "café", "CAFÉ", "Café"]);
        // An accent in the word respects accents; upper case respects case.
        assert_eq!(spans("'café", text), ["café", "CAFÉ", "Café"]);
        assert_eq!(spans("'Café", text), ["Café"]);
        assert_eq!(spans("^cafe", text), ["cafe", "Café"]);
        assert_eq!(spans("cafe$", text), ["CAFÉ", "Café"]);
        // Case beyond Latin folds too, and CJK beside it is found by bytes.
        assert_eq!(spans("'αθηνα", "ΑΘΗΝΑ 内核 αθηνα"), ["ΑΘΗΝΑ", "αθηνα"]);
        assert_eq!(spans("内核", "ΑΘΗΝΑ 内核 内核"), ["内核", "内核"]);
        // Occurrences do not overlap, and a rejected one does not end the scan.
        assert_eq!(spans("'aa", "é aaaa aaa"), ["aa", "aa", "aa"]);
        assert_eq!(spans("aa$", "é aa x\naaa"), ["aa"]);
        // Each place is the original bytes, however many the folded had.
        let p = &places(&pattern("'ecole"), "l'ÉCOLE")[0];
        assert_eq!(p.span, 2..8);
        assert_eq!(p.marks, vec![p.span.clone()]);
    }

    #[test]
    fn fuzzy_marks_join_runs_and_the_span_ends_after_the_last_character() {
        let ps = places(&pattern("xen"), "xaen");
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].marks, [0..1, 2..4]);
        // On a later line, ending in a character of three bytes.
        let text = "zz\na x b 内核\n";
        let ps = places(&pattern("x核"), text);
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert_eq!(&text[ps[0].span.clone()], "x b 内核");
        assert_eq!(ps[0].marks, [5..6, 12..15]);
    }
}
