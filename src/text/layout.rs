//! Many logical lines wrapped at one width: the map the reader caches per
//! pane width for scrolling, the scrollbar, hit-testing and jumps.

use std::ops::Range;

use super::width::{Cells, Units};
use super::{hang_indent, wrap_line, Cols, Row, WrapOptions};

/// Logical lines wrapped at one [`WrapOptions`]; rebuild it when they change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    opts: WrapOptions,
    /// Every screen row with the index of its logical line, in order.
    rows: Vec<(usize, Row)>,
    /// Index into `rows` of each line's first row; every line has one.
    firsts: Vec<usize>,
}

impl Layout {
    /// Wraps each line with its own [`hang_indent`].
    pub fn new<I, S>(lines: I, opts: WrapOptions) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut layout = Self {
            opts,
            rows: Vec::new(),
            firsts: Vec::new(),
        };
        for (i, line) in lines.into_iter().enumerate() {
            let line = line.as_ref();
            layout.firsts.push(layout.rows.len());
            let rows = wrap_line(line, hang_indent(line, &opts), &opts);
            layout.rows.extend(rows.into_iter().map(|r| (i, r)));
        }
        layout
    }

    /// The options the lines were wrapped with.
    #[must_use]
    pub fn options(&self) -> &WrapOptions {
        &self.opts
    }

    /// Number of screen rows; the scroll limit is this minus the pane height.
    #[must_use]
    pub fn rows(&self) -> usize {
        self.rows.len()
    }

    /// Number of logical lines.
    #[must_use]
    pub fn lines(&self) -> usize {
        self.firsts.len()
    }

    /// Screen row `i`: its logical line index and byte range.
    #[must_use]
    pub fn row(&self, i: usize) -> Option<(usize, Row)> {
        self.rows.get(i).copied()
    }

    /// The first screen row of `line`; [`rows`](Self::rows) for any line past
    /// the end, so `first_row_of_line(lines())` is the usual end sentinel.
    #[must_use]
    pub fn first_row_of_line(&self, line: usize) -> usize {
        self.firsts.get(line).copied().unwrap_or(self.rows.len())
    }

    /// The screen rows of `line` (empty past the end).
    #[must_use]
    pub fn rows_of_line(&self, line: usize) -> Range<usize> {
        self.first_row_of_line(line)..self.first_row_of_line(line.saturating_add(1))
    }

    /// The screen row showing byte `byte` of `line`. A byte at or past the
    /// line's end maps to its last row (where a cursor after the text sits);
    /// a line past the end maps to the last row, and an empty layout to 0, so
    /// a jump target is always a valid scroll position.
    #[must_use]
    pub fn row_at(&self, line: usize, byte: usize) -> usize {
        let range = self.rows_of_line(line);
        let Some(rows) = self.rows.get(range.clone()).filter(|r| !r.is_empty()) else {
            return self.rows.len().saturating_sub(1);
        };
        let k = rows.partition_point(|(_, r)| r.end <= byte);
        range.start + k.min(rows.len() - 1)
    }
}

/// The cells of one row of `line`, with tabs expanded as in the whole line.
/// Empty if `row` does not describe a range of `line`.
#[must_use]
pub fn row_cells<'a>(line: &'a str, row: &Row, opts: &WrapOptions) -> Cells<'a> {
    Cells::from_units(row_units(line, row, opts))
}

/// The byte offset (in `line`) of the grapheme drawn at screen column `col`
/// of `row`, counting the indent; `None` in the indent, past the text, or if
/// `row` does not belong to `line`. For link hit-testing.
#[must_use]
pub fn byte_at_col(line: &str, row: &Row, col: Cols, opts: &WrapOptions) -> Option<usize> {
    let mut x = col.checked_sub(row.indent)?;
    for (byte, _, s) in row_units(line, row, opts) {
        if x < s.width {
            return Some(byte);
        }
        x -= s.width;
    }
    None
}

/// Units of a row. Only tab widths depend on where the row starts, and the
/// row knows its logical column, so drawing and hit-testing a row of a huge
/// line cost the row, not the line before it.
fn row_units<'a>(line: &'a str, row: &Row, opts: &WrapOptions) -> Units<'a> {
    let text = line.get(row.range()).unwrap_or_default();
    Units::new(text, row.start, row.col, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(width: Cols) -> (Vec<&'static str>, Layout) {
        let lines = vec!["1, 读 sched/fair.c 的 update_curr", "", "\tab\tcd"];
        let l = Layout::new(&lines, WrapOptions::with_width(width));
        (lines, l)
    }

    #[test]
    fn rows_map_back_to_lines() {
        let (lines, l) = layout(12);
        assert_eq!(l.lines(), 3);
        assert_eq!(l.first_row_of_line(0), 0);
        let second = l.first_row_of_line(1);
        assert_eq!(l.row(second).map(|(i, r)| (i, r.range())), Some((1, 0..0)));
        assert_eq!(l.first_row_of_line(3), l.rows());
        assert_eq!(l.first_row_of_line(99), l.rows());
        for i in 0..l.rows() {
            let (li, r) = l.row(i).expect("row in range");
            assert!(lines[li].get(r.range()).is_some());
        }
        assert_eq!(l.row(l.rows()), None);
    }

    #[test]
    fn row_at_finds_the_row_holding_a_byte() {
        let (lines, l) = layout(12);
        for (li, line) in lines.iter().enumerate() {
            for b in 0..line.len() {
                let (got_line, r) = l.row(l.row_at(li, b)).expect("valid row");
                assert_eq!(got_line, li);
                assert!(r.start <= b && b < r.end, "line {li} byte {b}");
            }
            let last = l.rows_of_line(li).end - 1;
            assert_eq!(l.row_at(li, line.len()), last);
            assert_eq!(l.row_at(li, usize::MAX), last);
        }
        assert_eq!(l.row_at(99, 0), l.rows() - 1);
        assert_eq!(Layout::new(Vec::<String>::new(), l.opts).row_at(0, 0), 0);
    }

    #[test]
    fn byte_at_col_respects_indent_wide_glyphs_and_tabs() {
        let o = WrapOptions::with_width(12);
        let line = "1, 读 sched/fair.c";
        let rows = wrap_line(line, hang_indent(line, &o), &o);
        let first = rows[0];
        assert_eq!(byte_at_col(line, &first, 0, &o), Some(0));
        assert_eq!(byte_at_col(line, &first, 3, &o), Some(3));
        assert_eq!(byte_at_col(line, &first, 4, &o), Some(3));
        assert_eq!(byte_at_col(line, &first, 5, &o), Some(6));
        assert_eq!(byte_at_col(line, &first, 6, &o), None);
        let second = rows[1];
        assert_eq!(second.indent, 3);
        assert_eq!(byte_at_col(line, &second, 2, &o), None);
        assert_eq!(byte_at_col(line, &second, 3, &o), Some(second.start));

        // The tab after "ab" in the second row still expands to column 16.
        let line = "abcdefghij ab\tc";
        let o = WrapOptions::with_width(11);
        let rows = wrap_line(line, 0, &o);
        assert_eq!(rows.len(), 2);
        let r = rows[1];
        assert_eq!(line.get(r.range()), Some("ab\tc"));
        assert_eq!(byte_at_col(line, &r, 2, &o), Some(13));
        assert_eq!(byte_at_col(line, &r, 4, &o), Some(13));
        assert_eq!(byte_at_col(line, &r, 5, &o), Some(14));
    }

    #[test]
    fn bogus_rows_do_not_panic() {
        let o = WrapOptions::default();
        let bad = Row {
            start: 1,
            end: 2,
            indent: 0,
            col: 0,
        };
        assert_eq!(byte_at_col("读", &bad, 0, &o), None);
        assert_eq!(row_cells("读", &bad, &o).count(), 0);
        let past = Row {
            start: 5,
            end: 9,
            indent: 0,
            col: 0,
        };
        assert_eq!(byte_at_col("ab", &past, 0, &o), None);
    }
}
