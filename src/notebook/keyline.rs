//! The keyword line of an entry: where it lies, and its groups, terms and
//! series marks, split from the text when asked for.

use super::parse::{series_part, SeriesMark};
use std::ops::Range;

/// Keyword line: terms split on `,` `，` `、` into groups split on `;` `；`.
/// Only the line's place is stored: its groups and series marks are split
/// from the text when asked for (a handful of bytes, and most entries are
/// never asked), so an entry's keywords cost no allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keywords {
    pub line: u32,
    start: u32,
    end: u32,
}

impl Keywords {
    /// The line at `span` (without its newline), line number `line`. Offsets
    /// past `u32::MAX` are clamped (no notebook that large is read: see
    /// [`super::max_file_bytes`]).
    pub fn new(line: u32, span: Range<usize>) -> Keywords {
        Keywords {
            line,
            start: clamp(span.start),
            end: clamp(span.end),
        }
    }

    /// The whole line (without its newline), as byte offsets into the file.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Each group's terms as trimmed byte ranges into `text` (the file's
    /// text), series markers included.
    pub fn groups(&self, text: &str) -> Vec<Vec<Range<usize>>> {
        let mut groups: Vec<Vec<Range<usize>>> = Vec::new();
        self.split(text, |g, t| {
            if groups.len() <= g {
                groups.push(Vec::new());
            }
            groups[g].push(t);
        });
        groups
    }

    /// Every term, groups one after another, series markers included.
    pub fn terms(&self, text: &str) -> Vec<Range<usize>> {
        let mut terms = Vec::new();
        self.split(text, |_, t| terms.push(t));
        terms
    }

    /// The series marks: `cont17` after `xen4.2 support` in one group makes
    /// this entry part 17 of that topic (the nearest term before it in its
    /// group that is not a marker itself).
    pub fn series(&self, text: &str) -> Vec<SeriesMark> {
        let mut marks = Vec::new();
        let line = text.get(self.span()).unwrap_or("");
        if !may_hold_marker(line) {
            return marks;
        }
        let mut group_terms: Vec<Range<usize>> = Vec::new();
        let mut current = usize::MAX;
        self.split(text, |g, t| {
            if g != current {
                group_terms.clear();
                current = g;
            }
            if let Some(part) = series_part(&text[t.clone()]) {
                if let Some(prev) = group_terms
                    .iter()
                    .rev()
                    .find(|r| series_part(&text[(*r).clone()]).is_none())
                {
                    marks.push(SeriesMark {
                        topic: prev.clone(),
                        part,
                    });
                }
            }
            group_terms.push(t);
        });
        marks
    }

    /// Calls `f(group, term)` for every non-empty trimmed term, groups
    /// numbered from 0 counting only those that hold a term. One pass over
    /// the line's bytes: `;` `；` end a group, `,` `，` `、` a term.
    fn split(&self, text: &str, mut f: impl FnMut(usize, Range<usize>)) {
        let start = self.start as usize;
        let Some(line) = text.get(self.span()) else {
            return;
        };
        let b = line.as_bytes();
        let (mut g, mut any, mut from, mut i) = (0, false, 0, 0);
        loop {
            // (separator length, ends the group), or the line's end.
            let sep = match b.get(i..).unwrap_or_default() {
                [] => Some((0, true)),
                [b',', ..] => Some((1, false)),
                [b';', ..] => Some((1, true)),
                [0xEF, 0xBC, 0x8C, ..] | [0xE3, 0x80, 0x81, ..] => Some((3, false)),
                [0xEF, 0xBC, 0x9B, ..] => Some((3, true)),
                _ => None,
            };
            let Some((len, group_end)) = sep else {
                i += 1;
                continue;
            };
            let term = &line[from..i];
            let t = term.trim();
            if !t.is_empty() {
                let lead = term.len() - term.trim_start().len();
                let at = start + from + lead;
                f(g, at..at + t.len());
                any = true;
            }
            if group_end {
                g += usize::from(any);
                any = false;
            }
            if i >= b.len() {
                return;
            }
            i += len;
            from = i;
        }
    }
}

/// Whether a keyword line may hold a series marker: a `cont` that opens a
/// term and is followed by nothing but digits up to the term's end. Most
/// lines hold none (or only words like "control"), and this rules them out
/// without splitting the line.
fn may_hold_marker(line: &str) -> bool {
    static CONT: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"cont"));
    let b = line.as_bytes();
    let opens = |i: usize| {
        let before = line[..i].trim_end();
        before.is_empty() || before.ends_with([',', '，', '、', ';', '；'])
    };
    let closes = |i: usize| {
        let after = &line[i..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let rest = after[digits..].trim_start();
        rest.is_empty() || rest.starts_with([',', '，', '、', ';', '；'])
    };
    CONT.find_iter(b).any(|i| opens(i) && closes(i + 4))
}

/// A byte offset as stored in an entry (see [`Keywords::new`]).
pub(super) fn clamp(o: usize) -> u32 {
    u32::try_from(o).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut never hides a marker that splitting finds: every line
    /// here is checked both ways.
    #[test]
    fn a_line_without_a_marker_is_ruled_out_before_splitting() {
        for (line, marks) in [
            ("xen, cont17", 1),
            ("xen; cont", 0),
            ("xen，cont2 ；b", 1),
            ("xen、 cont3  , y", 1),
            ("cont, xen", 0),
            ("xen, control, container", 0),
            ("xen, cont 2", 0),
            ("xen, contcont", 0),
            ("xen, concont1", 0),
            ("xen, cont12345", 0),
            ("xen cont1", 0),
        ] {
            let k = Keywords::new(1, 0..line.len());
            assert_eq!(k.series(line).len(), marks, "{line:?}");
            let split = k
                .terms(line)
                .iter()
                .any(|t| series_part(&line[t.clone()]).is_some());
            assert!(!split || may_hold_marker(line), "{line:?} ruled out");
            assert_eq!(
                may_hold_marker(line),
                split || line.ends_with("cont12345"),
                "{line:?}"
            );
        }
    }

    /// The one-pass splitter against `str::split` on both levels.
    #[test]
    fn keyword_groups_split_as_str_split_would() {
        use proptest::prelude::*;
        let oracle = |line: &str| -> Vec<Vec<Range<usize>>> {
            let base = line.as_ptr() as usize;
            line.split([';', '；'])
                .map(|g| {
                    g.split([',', '，', '、'])
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(|t| t.as_ptr() as usize - base..t.as_ptr() as usize - base + t.len())
                        .collect::<Vec<_>>()
                })
                .filter(|g| !g.is_empty())
                .collect()
        };
        proptest!(|(line in "[a,;，、； \u{3000}é内cont0-9]{0,24}")| {
            let text = format!("9:00 2013-1-4\n{line}");
            let k = Keywords::new(2, 14..text.len());
            let want: Vec<Vec<Range<usize>>> = oracle(&line)
                .into_iter()
                .map(|g| g.into_iter().map(|r| r.start + 14..r.end + 14).collect())
                .collect();
            prop_assert_eq!(k.groups(&text), want);
        });
    }
}
