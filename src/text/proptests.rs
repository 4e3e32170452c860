//! Property tests for the invariants the reader relies on (see the module
//! docs): rows tile the line, respect the width rule, and map bytes back.

use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use super::{
    byte_at_col, cells, display_width, hang_indent, row_cells, truncate_to_width, wrap_line, Cell,
    Glyph, Layout, Row, WrapOptions,
};

fn fragment() -> impl Strategy<Value = String> {
    let pick = |items: &'static [&'static str]| prop::sample::select(items).prop_map(str::to_owned);
    prop_oneof![
        4 => "[a-zA-Z_./:-]{1,14}",
        3 => pick(&[" ", "  ", "\t", "\u{3000}"]),
        3 => pick(&["读", "书", "的", "调度", "，", "。", "（", "）", "、"]),
        1 => pick(&["😀", "👨\u{200d}👩\u{200d}👧", "🇨🇳", "❤\u{fe0f}"]),
        1 => pick(&["\u{301}", "e\u{301}", "a\u{200d}", "\u{200c}"]),
        1 => pick(&[
            "\0", "\x1b", "\r", "\r\n", "\x7f", "\u{85}", "\u{9b}", "\u{202e}", "\u{2067}",
            "\u{200b}", "\u{feff}", "\u{2060}", "\u{61c}",
        ]),
        1 => pick(&["“", "”", "‘", "’", "…", "—", "·"]),
        1 => pick(&["1, ", "2), ", "(3) ", "> ", "12，"]),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..30).prop_map(|v| v.concat())
}

/// `None` means the line's own [`hang_indent`]; otherwise any hang, to show
/// the cap holds whatever the caller passes.
fn hang() -> impl Strategy<Value = Option<usize>> {
    prop_oneof![Just(None), (0usize..200).prop_map(Some)]
}

fn rows_of(line: &str, hang: Option<usize>, opts: &WrapOptions) -> Vec<Row> {
    wrap_line(line, hang.unwrap_or_else(|| hang_indent(line, opts)), opts)
}

fn options() -> impl Strategy<Value = WrapOptions> {
    (
        prop_oneof![1 => 0usize..4, 3 => 0usize..120],
        0usize..=8,
        any::<bool>(),
    )
        .prop_map(|(width, tab_width, ambiguous_wide)| WrapOptions {
            width,
            tab_width,
            ambiguous_wide,
        })
}

/// The cells of `all` (the line's cells) that lie in `row`.
fn in_row<'c, 'a>(all: &'c [Cell<'a>], row: &Row) -> Vec<&'c Cell<'a>> {
    all.iter()
        .filter(|c| row.start <= c.byte && c.byte < row.end)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn rows_tile_the_line_on_grapheme_boundaries(
        line in line(),
        hang in hang(),
        opts in options(),
    ) {
        let rows = rows_of(&line, hang, &opts);
        prop_assert!(!rows.is_empty());
        prop_assert_eq!(rows[0].start, 0);
        prop_assert_eq!(rows[rows.len() - 1].end, line.len());
        for pair in rows.windows(2) {
            prop_assert_eq!(pair[0].end, pair[1].start);
            prop_assert!(pair[0].start < pair[0].end, "empty row in {:?}", rows);
        }
        prop_assert_eq!(rows[0].indent, 0);
        let bounds: Vec<usize> = line
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .chain([line.len()])
            .collect();
        let mut text = String::new();
        for r in &rows {
            prop_assert!(bounds.binary_search(&r.start).is_ok(), "{:?}", r);
            let part = line.get(r.range());
            prop_assert!(part.is_some());
            text.push_str(part.unwrap_or_default());
        }
        prop_assert_eq!(text, line);
    }

    #[test]
    fn rows_respect_the_width_rule(line in line(), hang in hang(), opts in options()) {
        let all: Vec<Cell> = cells(&line, &opts).collect();
        let rows = rows_of(&line, hang, &opts);
        for r in &rows {
            let cs = in_row(&all, r);
            let w: usize = cs.iter().map(|c| c.width).sum();
            prop_assert!(
                r.indent + w <= opts.width || (cs.len() == 1 && r.indent == 0),
                "row {:?} width {} cells {:?}", r, w, cs
            );
            // Every cell, wide or not, lies entirely inside one row.
            for c in cs {
                prop_assert!(c.byte + c.len <= r.end);
            }
            // Drawing a row yields the same cells as the whole line has there.
            let drawn: Vec<Cell> = row_cells(&line, r, &opts).collect();
            let expected: Vec<Cell> = in_row(&all, r).into_iter().cloned().collect();
            prop_assert_eq!(drawn, expected);
        }
    }

    #[test]
    fn cells_are_visible_and_safe(line in line(), opts in options()) {
        let mut next = 0;
        for c in cells(&line, &opts) {
            prop_assert_eq!(c.byte, next);
            next = c.byte + c.len;
            prop_assert!(c.width >= 1);
            let shown = match &c.glyph {
                Glyph::Text(t) => {
                    prop_assert_eq!(Some(*t), line.get(c.byte..next));
                    (*t).to_owned()
                }
                Glyph::Tab(w) => {
                    prop_assert_eq!(*w, c.width);
                    continue;
                }
                Glyph::Control(f) => f.clone(),
            };
            prop_assert!(
                !shown.chars().any(|ch| ch.is_control()
                    || matches!(ch, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                        | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{feff}' | '\u{2060}')),
                "{:?}", c
            );
        }
        prop_assert_eq!(next, line.len());
        let graphemes: Vec<(usize, usize)> =
            line.grapheme_indices(true).map(|(i, g)| (i, g.len())).collect();
        let spans: Vec<(usize, usize)> = cells(&line, &opts).map(|c| (c.byte, c.len)).collect();
        prop_assert_eq!(spans, graphemes);
        let total: usize = cells(&line, &opts).map(|c| c.width).sum();
        prop_assert_eq!(display_width(&line, &opts), total);
    }

    #[test]
    fn truncation_is_the_longest_fitting_prefix(line in line(), opts in options()) {
        let (prefix, w) = truncate_to_width(&line, opts.width, &opts);
        prop_assert!(line.starts_with(prefix));
        prop_assert!(w <= opts.width);
        prop_assert_eq!(display_width(prefix, &opts), w);
        if let Some(next) = cells(&line, &opts).find(|c| c.byte == prefix.len()) {
            prop_assert!(w + next.width > opts.width);
        } else {
            prop_assert_eq!(prefix.len(), line.len());
        }
    }

    #[test]
    fn layout_maps_rows_and_bytes_both_ways(
        lines in prop::collection::vec(line(), 0..6),
        opts in options(),
    ) {
        let layout = Layout::new(&lines, opts);
        prop_assert_eq!(layout.lines(), lines.len());
        for (li, line) in lines.iter().enumerate() {
            let range = layout.rows_of_line(li);
            let expect = wrap_line(line, hang_indent(line, &opts), &opts);
            let got: Vec<Row> = range.clone().filter_map(|i| layout.row(i)).map(|(_, r)| r).collect();
            prop_assert_eq!(&got, &expect);
            for b in 0..line.len() {
                let (l, r) = layout.row(layout.row_at(li, b)).unwrap_or((usize::MAX, Row { start: 0, end: 0, indent: 0, col: 0 }));
                prop_assert_eq!(l, li);
                prop_assert!(r.start <= b && b < r.end, "byte {} row {:?}", b, r);
            }
            // Every column of every row hits the cell drawn there.
            for r in &expect {
                let mut col = r.indent;
                for c in row_cells(line, r, &opts) {
                    for x in col..col + c.width {
                        prop_assert_eq!(byte_at_col(line, r, x, &opts), Some(c.byte));
                    }
                    col += c.width;
                }
                prop_assert_eq!(byte_at_col(line, r, col, &opts), None);
                if r.indent > 0 {
                    prop_assert_eq!(byte_at_col(line, r, r.indent - 1, &opts), None);
                }
            }
        }
    }
}
