//! The reader's wrapper (src/text), with the rules of its module docs
//! checked on every input, not just "no panic":
//!
//! * rows tile the line: contiguous, in order, from 0 to the end, every
//!   break on a grapheme boundary, no empty row except for an empty line;
//! * row width: `indent + content width <= width`, except a row holding a
//!   single cell wider than its text space, which then has indent 0;
//! * the first row has no indent, and no indent exceeds `max_hang(width)`;
//! * what is drawn is safe: no cell draws a character a terminal would act
//!   on or hide (a ZWJ glued between visible characters, a variation
//!   selector after one and an emoji flag's tags excepted);
//! * `Layout::row_at` finds the row holding every byte, `byte_at_col` only
//!   answers bytes of its row, `truncate_to_width` fits.
//!
//! Input: four parameter bytes (width, tab width, ambiguous-wide, hang),
//! then the text (lossily UTF-8), split into lines on LF.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rizhi::text::{
    byte_at_col, cells, hang_indent, max_hang, row_cells, truncate_to_width, wrap_line, Glyph,
    Layout, WrapOptions,
};
use unicode_segmentation::UnicodeSegmentation;

// The characters the text module promises never to pass through to the
// terminal (C0, DEL, C1, bidi controls, zero-width and separators).
use rizhi::text::is_hidden as hidden;

/// Which hidden characters of a drawn cell may stay, restated from
/// `text::is_hidden`'s rules: a variation selector right after a visible
/// character, a ZWJ between two drawn characters, a tag run after 🏴 made of
/// tag letters or digits and closed by CANCEL TAG.
fn shapes_text(chars: &[char]) -> Vec<bool> {
    let tag = |c: char| matches!(c, '\u{E0030}'..='\u{E0039}' | '\u{E0061}'..='\u{E007A}');
    let mut ok = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev_visible = i > 0 && !hidden(chars[i - 1]);
        if !hidden(c) {
            ok[i] = true;
        } else if matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}') {
            ok[i] = prev_visible;
        } else if c == '\u{200D}' {
            ok[i] = i > 0 && ok[i - 1] && chars.get(i + 1).is_some_and(|&n| !hidden(n));
        } else if tag(c) && i > 0 && chars[i - 1] == '\u{1F3F4}' {
            let mut j = i;
            while j < chars.len() && tag(chars[j]) {
                j += 1;
            }
            if chars.get(j) == Some(&'\u{E007F}') {
                ok[i..=j].fill(true);
                i = j;
            }
        }
        i += 1;
    }
    ok
}

fn check_line(line: &str, hang: usize, opts: &WrapOptions) {
    let rows = wrap_line(line, hang, opts);
    let bounds: Vec<usize> = line
        .grapheme_indices(true)
        .map(|(i, _)| i)
        .chain([line.len()])
        .collect();
    assert!(!rows.is_empty(), "no rows");
    assert_eq!(rows[0].start, 0);
    assert_eq!(rows[rows.len() - 1].end, line.len());
    assert_eq!(rows[0].indent, 0, "the first row is not indented");
    for w in rows.windows(2) {
        assert_eq!(w[0].end, w[1].start, "rows are contiguous");
    }
    let cap = max_hang(opts.width);
    for r in &rows {
        assert!(r.start < r.end || line.is_empty(), "empty row {r:?}");
        assert!(
            bounds.binary_search(&r.end).is_ok(),
            "break inside a grapheme"
        );
        assert!(r.indent <= cap, "indent {} over the cap {cap}", r.indent);
        let cs: Vec<_> = row_cells(line, r, opts).collect();
        let content: usize = cs.iter().map(|c| c.width).sum();
        if r.indent + content > opts.width {
            assert!(
                cs.len() == 1 && r.indent == 0,
                "row {r:?} is {} + {content} columns at width {}: {:?}",
                r.indent,
                opts.width,
                &line[r.range()]
            );
        }
        for c in &cs {
            assert!(c.width >= 1, "an invisible cell");
            let drawn = match &c.glyph {
                Glyph::Text(s) => s.to_string(),
                Glyph::Tab(w) => {
                    assert_eq!(*w, c.width);
                    String::new()
                }
                Glyph::Control(s) => s.clone(),
            };
            let chars: Vec<char> = drawn.chars().collect();
            let ok = shapes_text(&chars);
            for (i, &ch) in chars.iter().enumerate() {
                assert!(
                    !hidden(ch) || ok[i],
                    "U+{:04X} would reach the terminal in {drawn:?}",
                    u32::from(ch)
                );
            }
        }
        if line.len() <= 256 {
            // The edges where an off-by-one would show: each costs a walk of
            // the row, and every column of every row made this target run at
            // ~300 inputs a second.
            let w = opts.width;
            let sample = [0, 1, r.indent, r.indent + 1, w / 2, w.saturating_sub(1), w, w + 1];
            for col in sample {
                if let Some(b) = byte_at_col(line, r, col, opts) {
                    assert!(r.start <= b && b < r.end, "byte_at_col outside its row");
                }
            }
        }
    }
    let whole: usize = cells(line, opts).map(|c| c.width).sum();
    let (prefix, used) = truncate_to_width(line, opts.width, opts);
    assert!(used <= opts.width && line.starts_with(prefix));
    assert!(used == whole || prefix.len() < line.len());
}

fuzz_target!(|data: &[u8]| {
    let Some((params, rest)) = data.split_first_chunk::<4>() else {
        return;
    };
    let opts = WrapOptions {
        width: usize::from(params[0] % 130),
        tab_width: usize::from(params[1] % 10),
        ambiguous_wide: params[2] & 1 == 1,
    };
    let text = String::from_utf8_lossy(rest);
    let own_hang = params[3] == 255;
    let lines: Vec<&str> = text.split('\n').collect();
    for line in &lines {
        let hang = if own_hang {
            hang_indent(line, &opts)
        } else {
            usize::from(params[3])
        };
        check_line(line, hang, &opts);
    }
    let layout = Layout::new(&lines, opts);
    assert_eq!(layout.lines(), lines.len());
    if text.len() <= 512 {
        for (li, line) in lines.iter().enumerate() {
            for (b, _) in line.char_indices() {
                let (got, row) = layout.row(layout.row_at(li, b)).expect("row_at is a row");
                assert_eq!(got, li);
                assert!(row.start <= b && b < row.end, "row_at({li}, {b})");
            }
        }
    }
});
