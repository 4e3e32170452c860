//! What the filter shows of a result: the entry and the characters its match
//! hit, as byte ranges, so that drawing needs no matching.

use super::chars::matcher;
use super::pinyin;
use super::query::{match_bytes, Query, Scope};
use crate::store::{EntryId, Store};
use nucleo::Matcher;
use std::cell::RefCell;
use std::ops::Range;

thread_local! {
    /// One matcher for highlighting visible rows (its scratch space is reused).
    static MATCHER: RefCell<Matcher> = RefCell::new(matcher());
}

/// Bodies longer than this get no best-line preview (it would be matched every
/// frame); the entry itself still matches.
const PREVIEW_LIMIT: usize = 256 * 1024;

/// One result as the filter shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: EntryId,
    /// Byte ranges in the title of the characters the query matched (keyword
    /// scope; for a pinyin match, the hanzi whose spelling it hit), in order.
    pub title: Vec<Range<usize>>,
    /// Under the title, when asked for: the body line that matched.
    pub preview: Option<Preview>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Preview {
    /// The body line holding the first matched character, its indent trimmed:
    /// its byte range in the body, and the matched characters' byte ranges in
    /// that line.
    Line {
        line: Range<usize>,
        marks: Vec<Range<usize>>,
    },
    /// No line to show (the body is too long to match every frame).
    Unseen,
}

/// The row of `id` for the query `query` (`None`: the empty query, which marks
/// nothing); `pinyin` when it matched by pinyin only.
pub(super) fn row(
    store: &Store,
    id: EntryId,
    query: Option<&Query>,
    scope: Scope,
    pinyin: bool,
    preview: bool,
) -> Row {
    MATCHER.with(|m| {
        let m = &mut m.borrow_mut();
        let title = store.title(id);
        let title = match query {
            Some(q) if scope == Scope::Keywords && pinyin => pinyin_marks(q, title, m),
            Some(q) if scope == Scope::Keywords => char_ranges(text_marks(q, title, m), title),
            _ => Vec::new(),
        };
        let preview = preview.then(|| {
            let body = store.body(id);
            let found = match query {
                Some(q) if body.len() <= PREVIEW_LIMIT => {
                    best_line(body, char_ranges(text_marks(q, body, m), body))
                }
                _ => None,
            };
            found.map_or(Preview::Unseen, |(line, marks)| Preview::Line {
                line,
                marks,
            })
        });
        Row { id, title, preview }
    })
}

fn text_marks(q: &Query, text: &str, m: &mut Matcher) -> Vec<usize> {
    match_bytes(q, text, m)
}

/// Each byte offset widened to the character that starts there.
fn char_ranges(bytes: Vec<usize>, text: &str) -> Vec<Range<usize>> {
    bytes
        .into_iter()
        .map(|b| b..b + text[b..].chars().next().map_or(1, char::len_utf8))
        .collect()
}

/// Highlights for a row that matched by pinyin: the hanzi whose spelling the
/// query hit.
pub(super) fn pinyin_marks(q: &Query, title: &str, m: &mut Matcher) -> Vec<Range<usize>> {
    let Some((hay, from)) = pinyin::haystack(title) else {
        return Vec::new();
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    for b in match_bytes(q, &hay, m) {
        let ci = hay[..b].chars().count();
        let Some(&tb) = from.get(ci) else { continue };
        let len = title[tb..].chars().next().map_or(1, char::len_utf8);
        if out.last().map(|l| l.start) != Some(tb) {
            out.push(tb..tb + len);
        }
    }
    out
}

/// The body line holding the first matched character, trimmed of its indent,
/// with the highlights moved onto it.
fn best_line(body: &str, marks: Vec<Range<usize>>) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let first = marks.first()?.start;
    let start = body[..first].rfind('\n').map_or(0, |i| i + 1);
    let end = body[first..].find('\n').map_or(body.len(), |i| first + i);
    let line = &body[start..end];
    let trimmed = line.trim_start();
    let off = start + (line.len() - trimmed.len());
    let moved = marks
        .into_iter()
        .filter(|r| r.start >= off && r.end <= end)
        .map(|r| r.start - off..r.end - off)
        .collect();
    Some((off..end, moved))
}

#[cfg(test)]
mod tests {
    use super::super::query::pattern;
    use super::*;
    use crate::notebook::Notebook;
    use std::sync::Arc;

    fn store() -> Store {
        let text = "9:00 2014-3-1\n时间管理, gtd\n  1, plan the week\n  2, review\n";
        Store::new(vec![Arc::new(Notebook::from_bytes(
            "a.txt",
            text.as_bytes(),
        ))])
    }

    #[test]
    fn keyword_rows_mark_the_matched_characters() {
        let s = store();
        let q = pattern("gtd");
        let r = row(&s, 0, Some(&q), Scope::Keywords, false, false);
        assert_eq!(r.title, vec![14..15, 15..16, 16..17]);
        assert_eq!(r.preview, None);
        let none = row(&s, 0, None, Scope::Keywords, false, false);
        assert!(none.title.is_empty());
    }

    #[test]
    fn pinyin_rows_mark_whole_hanzi() {
        let s = store();
        let r = row(&s, 0, Some(&pattern("sjgl")), Scope::Keywords, true, false);
        assert_eq!(r.title, vec![0..3, 3..6, 6..9, 9..12]);
    }

    #[test]
    fn whole_entry_rows_preview_the_first_matching_line() {
        let s = store();
        let r = row(&s, 0, Some(&pattern("review")), Scope::All, false, true);
        assert!(r.title.is_empty());
        let Some(Preview::Line { line, marks }) = r.preview else {
            panic!("no preview: {:?}", r.preview);
        };
        assert_eq!(&s.body(0)[line], "2, review");
        assert_eq!(marks.first(), Some(&(3..4)));
        assert_eq!(marks.len(), 6);
        // Two words on two lines: the preview is the first one's line, with
        // only the marks that lie on it.
        let r = row(
            &s,
            0,
            Some(&pattern("'plan 'review")),
            Scope::All,
            false,
            true,
        );
        let Some(Preview::Line { line, marks }) = r.preview else {
            panic!("no preview: {:?}", r.preview);
        };
        assert_eq!(&s.body(0)[line], "1, plan the week");
        assert_eq!(marks, [3..4, 4..5, 5..6, 6..7]);
    }

    #[test]
    fn whole_entry_rows_mark_no_title_and_long_bodies_get_no_preview() {
        let s = store();
        let r = row(&s, 0, Some(&pattern("sjgl")), Scope::All, true, false);
        assert!(r.title.is_empty(), "{:?}", r.title);
        let r = row(&s, 0, Some(&pattern("gtd")), Scope::All, false, false);
        assert!(r.title.is_empty(), "{:?}", r.title);
        // A real entry's size is previewed; one over 256 KiB is not matched.
        for (size, seen) in [(10_000, true), (PREVIEW_LIMIT + 1, false)] {
            let text = format!("9:00 2014-3-1\nbig\n{}\n  needle\n", "x".repeat(size));
            let s = Store::new(vec![Arc::new(Notebook::from_bytes(
                "a.txt",
                text.as_bytes(),
            ))]);
            let r = row(&s, 0, Some(&pattern("needle")), Scope::All, false, true);
            let shown = matches!(r.preview, Some(Preview::Line { .. }));
            assert_eq!(shown, seen, "{size}");
            assert!(shown || r.preview == Some(Preview::Unseen));
        }
    }
}
