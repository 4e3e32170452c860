//! Greedy word wrapping of one logical line into screen rows.
//!
//! One pass over the graphemes; the only look-back is the handful of cells
//! after the last break opportunity, which are re-placed once when a break
//! moves them to the next row. Each cell is therefore handled at most twice,
//! which keeps multi-megabyte lines linear.

use super::glyph::Kind;
use super::width::Units;
use super::{Cols, WrapOptions};

/// One screen row of a wrapped logical line: bytes `start..end` of the line,
/// drawn after `indent` blank columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Row {
    /// First byte of the row in the line (a grapheme boundary).
    pub start: usize,
    /// One past the last byte (a grapheme boundary).
    pub end: usize,
    /// Blank columns drawn before the text (the hanging indent).
    pub indent: Cols,
    /// Logical column of the row's first cell, where its tab stops are
    /// counted from: drawing a row never has to measure the line before it,
    /// which on an 8 MiB line would cost a full scan per row per frame.
    pub col: Cols,
}

impl Row {
    /// The row's byte range, for slicing the line.
    #[must_use]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// The largest hanging indent used at `width`: at least half the row, and at
/// least two columns so a wide glyph fits, stay available for text. Beyond
/// that a deeply nested item would wrap into a sliver one word wide.
#[must_use]
pub fn max_hang(width: Cols) -> Cols {
    width.saturating_sub(width.div_ceil(2).max(2))
}

/// Wraps `line` into rows at `opts.width`; continuation rows are indented by
/// `hang` (usually [`hang_indent`](super::hang_indent)), capped by
/// [`max_hang`]. See the module docs for the rules the rows obey.
#[must_use]
pub fn wrap_line(line: &str, hang: Cols, opts: &WrapOptions) -> Vec<Row> {
    let mut w = Wrapper::new(opts.width, hang.min(max_hang(opts.width)));
    let mut col: Cols = 0;
    for (byte, _, s) in Units::new(line, 0, 0, opts) {
        w.push(Unit {
            byte,
            col,
            width: s.width,
            kind: s.kind,
            wide: s.wide,
        });
        col = col.saturating_add(s.width);
    }
    w.finish(line.len())
}

#[derive(Clone, Copy, Debug)]
struct Unit {
    byte: usize,
    /// Logical column of the unit in its line.
    col: Cols,
    width: Cols,
    kind: Kind,
    wide: bool,
}

/// Whether a row may end between `prev` and `cur`: after whitespace, or next
/// to a wide (CJK) glyph, unless punctuation must stay attached.
fn breakable(prev: &Unit, cur: &Unit) -> bool {
    match (prev.kind, cur.kind) {
        (_, Kind::Space) => false,
        // After a blank even "closing" punctuation starts something new
        // (".bashrc", ":wq"), so the blank wins.
        (Kind::Space, _) => true,
        (Kind::Open, _) | (_, Kind::Close) => false,
        _ => prev.wide || cur.wide,
    }
}

struct Wrapper {
    width: Cols,
    hang: Cols,
    rows: Vec<Row>,
    /// Start of the row being filled.
    start: usize,
    /// Columns used by the row being filled (indent excluded).
    used: Cols,
    /// Logical column of the first unit of the row being filled.
    col: Cols,
    /// Last unit placed in the row being filled.
    prev: Option<Unit>,
    /// Last break opportunity in the row: its byte and the columns before it.
    brk: Option<(usize, Cols)>,
    /// Units placed after `brk`; they move to the next row if we break there.
    pending: Vec<Unit>,
}

impl Wrapper {
    fn new(width: Cols, hang: Cols) -> Self {
        Self {
            width,
            hang,
            rows: Vec::new(),
            start: 0,
            used: 0,
            col: 0,
            prev: None,
            brk: None,
            pending: Vec::new(),
        }
    }

    /// Columns for text in the current row.
    fn avail(&self) -> Cols {
        if self.rows.is_empty() {
            self.width
        } else {
            self.width.saturating_sub(self.hang)
        }
    }

    /// An empty row takes any unit: that is what guarantees progress at tiny
    /// widths, and why a lone over-wide cell is the one allowed overflow.
    fn fits(&self, width: Cols) -> bool {
        self.used == 0 || self.used.saturating_add(width) <= self.avail()
    }

    fn push(&mut self, u: Unit) {
        if self.used > 0 && self.prev.is_some_and(|p| breakable(&p, &u)) {
            self.brk = Some((u.byte, self.used));
            self.pending.clear();
        }
        if self.fits(u.width) {
            self.place(u);
            return;
        }
        if let Some((at, used)) = self.brk {
            let carried = std::mem::take(&mut self.pending);
            self.end_row(at, used);
            // No break opportunity lies inside `carried` (it all follows the
            // last one), so these only ever force-break, never recurse.
            for c in &carried {
                if !self.fits(c.width) {
                    self.end_row(c.byte, self.used);
                }
                self.place(*c);
            }
            self.pending = carried;
            self.pending.clear();
        }
        if !self.fits(u.width) {
            self.end_row(u.byte, self.used);
        }
        self.place(u);
    }

    fn place(&mut self, u: Unit) {
        if self.used == 0 {
            self.col = u.col;
        }
        self.used = self.used.saturating_add(u.width);
        self.prev = Some(u);
        if self.brk.is_some() {
            self.pending.push(u);
        }
    }

    /// Closes the current row at byte `end`, `used` columns wide.
    fn end_row(&mut self, end: usize, used: Cols) {
        let indent = if self.rows.is_empty() || used > self.avail() {
            // First row, or a lone cell too wide for the indented space:
            // drop the indent rather than overflow by more than needed.
            0
        } else {
            self.hang
        };
        self.rows.push(Row {
            start: self.start,
            end,
            indent,
            col: self.col,
        });
        self.start = end;
        self.used = 0;
        self.brk = None;
        self.pending.clear();
    }

    fn finish(mut self, len: usize) -> Vec<Row> {
        self.end_row(len, self.used);
        self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::super::{display_width, hang_indent};
    use super::*;

    fn opts(width: Cols) -> WrapOptions {
        WrapOptions::with_width(width)
    }

    /// Rows as (indent, text) for readable assertions.
    fn show<'a>(line: &'a str, hang: Cols, o: &WrapOptions) -> Vec<(Cols, &'a str)> {
        wrap_line(line, hang, o)
            .iter()
            .map(|r| (r.indent, line.get(r.range()).unwrap_or("<bad range>")))
            .collect()
    }

    fn wrapped(line: &str, width: Cols) -> Vec<(Cols, &str)> {
        let o = opts(width);
        show(line, hang_indent(line, &o), &o)
    }

    const MIXED: &str = r#"1, 读 sched/fair.c 的 update_curr, see"18:30 2014-03-01"2-1)."#;

    #[test]
    fn mixed_cjk_latin_at_20() {
        assert_eq!(
            wrapped(MIXED, 20),
            vec![
                (0, "1, 读 sched/fair.c "),
                (3, "的 update_curr, "),
                (3, r#"see"18:30 "#),
                (3, r#"2014-03-01"2-1)."#),
            ]
        );
    }

    #[test]
    fn mixed_cjk_latin_at_13() {
        assert_eq!(
            wrapped(MIXED, 13),
            vec![
                (0, "1, 读 "),
                (3, "sched/fair"),
                (3, ".c 的 "),
                (3, "update_cur"),
                (3, "r, "),
                (3, r#"see"18:30 "#),
                (3, "2014-03-01"),
                (3, r#""2-1)."#),
            ]
        );
    }

    #[test]
    fn mixed_cjk_latin_at_7() {
        let rows = wrapped(MIXED, 7);
        assert_eq!(rows[0], (0, "1, 读 "));
        assert_eq!(rows[1], (3, "sche"));
        assert!(rows.iter().skip(1).all(|&(i, _)| i == 3));
        assert_eq!(rows.concat_text(), MIXED);
        for (indent, text) in rows {
            assert!(indent + display_width(text, &opts(7)) <= 7, "{text:?}");
        }
    }

    #[test]
    fn mixed_cjk_latin_at_3_and_1() {
        let rows = wrapped(MIXED, 3);
        assert_eq!(rows[0], (0, "1, "));
        assert_eq!(rows[1], (1, "读"));
        assert_eq!(rows[2], (1, " "));
        // At width 3 the hang is capped to 1 column.
        assert!(rows.iter().skip(1).all(|&(i, _)| i <= 1));
        assert_eq!(rows.concat_text(), MIXED);
        let rows = wrapped(MIXED, 1);
        assert!(rows.iter().all(|&(i, _)| i == 0));
        assert_eq!(rows[2], (0, " "));
        assert_eq!(rows[3], (0, "读"));
        assert_eq!(rows.len(), MIXED.chars().count());
    }

    #[test]
    fn empty_line_has_one_empty_row() {
        for w in [0, 1, 80] {
            assert_eq!(
                wrap_line("", 4, &opts(w)),
                vec![Row {
                    start: 0,
                    end: 0,
                    indent: 0,
                    col: 0
                }]
            );
        }
    }

    #[test]
    fn width_zero_gives_one_grapheme_per_row() {
        assert_eq!(
            show("ab读", 0, &opts(0)),
            vec![(0, "a"), (0, "b"), (0, "读")]
        );
    }

    #[test]
    fn wide_glyph_moves_rather_than_splits() {
        assert_eq!(show("abc读", 0, &opts(4)), vec![(0, "abc"), (0, "读")]);
        assert_eq!(show("读读读", 0, &opts(5)), vec![(0, "读读"), (0, "读")]);
    }

    #[test]
    fn cjk_breaks_anywhere_but_before_closing_punctuation() {
        assert_eq!(
            show("一二三，四五", 0, &opts(6)),
            vec![(0, "一二"), (0, "三，四"), (0, "五")]
        );
        assert_eq!(
            show("一二（三四", 0, &opts(6)),
            vec![(0, "一二"), (0, "（三四")]
        );
    }

    #[test]
    fn spaces_stay_at_row_end_and_never_overflow() {
        assert_eq!(
            show("hello world foo", 0, &opts(11)),
            vec![(0, "hello "), (0, "world foo")]
        );
        // A word fills the row exactly: the space cannot overflow, so it
        // starts the next row.
        assert_eq!(
            show("hello world", 0, &opts(5)),
            vec![(0, "hello"), (0, " "), (0, "world")]
        );
    }

    /// A space after CJK stays at the row's end like any other: the row
    /// breaks before the CJK glyph, not before the space.
    #[test]
    fn a_space_after_cjk_is_no_break_before_it() {
        assert_eq!(
            show("中文 abc", 0, &opts(4)),
            vec![(0, "中"), (0, "文 "), (0, "abc")]
        );
    }

    /// Latin next to CJK may break on either side of the wide glyph.
    #[test]
    fn latin_breaks_from_cjk_on_either_side() {
        assert_eq!(show("ab中cd", 0, &opts(5)), vec![(0, "ab中"), (0, "cd")]);
        assert_eq!(show("abc中d", 0, &opts(4)), vec![(0, "abc"), (0, "中d")]);
    }

    #[test]
    fn blank_then_punctuation_is_a_break() {
        assert_eq!(
            show("edit .bashrc", 0, &opts(10)),
            vec![(0, "edit "), (0, ".bashrc")]
        );
    }

    #[test]
    fn long_word_breaks_at_grapheme_boundaries() {
        assert_eq!(
            show("abcdefghij", 0, &opts(4)),
            vec![(0, "abcd"), (0, "efgh"), (0, "ij")]
        );
        assert_eq!(
            show("e\u{301}e\u{301}e\u{301}", 0, &opts(2)),
            vec![(0, "e\u{301}e\u{301}"), (0, "e\u{301}")]
        );
    }

    #[test]
    fn tabs_expand_from_the_logical_line_start() {
        // "ab" + tab (6 cols) + "cd": 10 columns.
        assert_eq!(show("ab\tcd", 0, &opts(10)), vec![(0, "ab\tcd")]);
        assert_eq!(show("ab\tcd", 0, &opts(9)), vec![(0, "ab\t"), (0, "cd")]);
        // A tab wider than the pane gets a row of its own.
        assert_eq!(
            show("a\tb", 0, &opts(4)),
            vec![(0, "a"), (0, "\t"), (0, "b")]
        );
    }

    #[test]
    fn overwide_control_form_drops_the_indent() {
        let o = opts(10);
        let rows = wrap_line("abcd efg\u{202e}", 5, &o);
        let shown: Vec<_> = rows.iter().map(|r| (r.indent, r.range())).collect();
        // hang is capped to 5; "<U+202E>" is 8 columns, fits only unindented.
        assert_eq!(shown, vec![(0, 0..5), (5, 5..8), (0, 8..11)]);
    }

    #[test]
    fn each_row_knows_its_logical_column() {
        let o = opts(7);
        for line in ["ab\tc 读书 x\ty\tz", "", "\t\t\t", "1, 读 sched/fair.c"] {
            for r in wrap_line(line, 3, &o) {
                assert_eq!(r.col, display_width(&line[..r.start], &o), "{line:?} {r:?}");
            }
        }
    }

    #[test]
    fn hang_is_capped() {
        assert_eq!(max_hang(0), 0);
        assert_eq!(max_hang(1), 0);
        assert_eq!(max_hang(2), 0);
        assert_eq!(max_hang(3), 1);
        assert_eq!(max_hang(4), 2);
        assert_eq!(max_hang(20), 10);
        assert_eq!(max_hang(81), 40);
        let rows = wrap_line("aaaa bbbb cccc", 50, &opts(10));
        assert!(rows.iter().skip(1).all(|r| r.indent == 5));
    }

    #[test]
    fn long_lines_wrap_in_linear_time() {
        // Big enough to expose quadratic behaviour even in debug builds.
        let line = "word 读书 ".repeat(100_000);
        let rows = wrap_line(&line, 0, &opts(80));
        assert_eq!(rows.first().map(|r| r.start), Some(0));
        assert_eq!(rows.last().map(|r| r.end), Some(line.len()));
        assert!(rows.windows(2).all(|p| p[0].end == p[1].start));
    }

    trait ConcatText {
        fn concat_text(&self) -> String;
    }

    impl ConcatText for Vec<(Cols, &str)> {
        fn concat_text(&self) -> String {
            self.iter().map(|&(_, t)| t).collect()
        }
    }
}
