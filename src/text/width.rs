//! Walking a line grapheme by grapheme with the logical column tracked, so
//! tabs expand the same way whether a line is measured, wrapped or drawn.

use std::borrow::Cow;

use unicode_segmentation::{Graphemes, UnicodeSegmentation};

use super::glyph::{shape, visible_form, Look, Shape};
use super::{Cols, Glyph, WrapOptions};

/// One grapheme of a line as it appears on screen.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cell<'a> {
    /// Offset of the grapheme in the line.
    pub byte: usize,
    /// Length of the grapheme in bytes.
    pub len: usize,
    /// What to draw.
    pub glyph: Glyph<'a>,
    /// Columns the glyph occupies; always at least 1, so every grapheme is
    /// visible and clickable.
    pub width: Cols,
}

/// The graphemes of a line with their shapes; allocation-free, which is
/// what lets wrapping stay fast on very long lines.
pub(super) struct Units<'a> {
    text: &'a str,
    /// Offset in `text` of the next grapheme.
    pos: usize,
    /// Segmenter over a suffix of `text`, reused while it stands at `pos`.
    seg: Option<Graphemes<'a>>,
    base: usize,
    col: Cols,
    opts: WrapOptions,
}

impl<'a> Units<'a> {
    /// Units of `text`, which starts at byte `base` and logical column `col`
    /// of its line. `text` must start on a grapheme boundary of the line.
    pub(super) fn new(text: &'a str, base: usize, col: Cols, opts: &WrapOptions) -> Self {
        Self {
            text,
            pos: 0,
            seg: None,
            base,
            col,
            opts: *opts,
        }
    }

    /// The grapheme starting at `pos` (a boundary).
    ///
    /// An ASCII byte other than CR, at a boundary and followed by ASCII or
    /// the end, is a grapheme on its own (no ASCII character extends or is
    /// extended by another except CR LF). Skipping the segmenter there
    /// roughly halves the cost of wrapping Latin-heavy text.
    fn grapheme(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let b = *bytes.get(self.pos)?;
        let ascii_next = bytes.get(self.pos + 1).is_none_or(u8::is_ascii);
        if b.is_ascii() && b != b'\r' && ascii_next {
            return self.text.get(self.pos..self.pos + 1);
        }
        let rest = self.text.get(self.pos..)?;
        let seg = match &mut self.seg {
            Some(seg) if seg.as_str().len() == rest.len() => seg,
            slot => slot.insert(rest.graphemes(true)),
        };
        seg.next()
    }
}

impl<'a> Iterator for Units<'a> {
    /// Byte offset in the line, the grapheme, its shape.
    type Item = (usize, &'a str, Shape);

    fn next(&mut self) -> Option<Self::Item> {
        let g = self.grapheme()?;
        let off = self.pos;
        self.pos += g.len();
        let s = shape(g, self.col, &self.opts);
        self.col = self.col.saturating_add(s.width);
        Some((self.base + off, g, s))
    }
}

/// Iterator over the [`Cell`]s of a line, from [`cells`] or
/// [`row_cells`](super::row_cells).
pub struct Cells<'a> {
    units: Units<'a>,
}

impl<'a> Cells<'a> {
    pub(super) fn from_units(units: Units<'a>) -> Self {
        Self { units }
    }
}

impl<'a> Iterator for Cells<'a> {
    type Item = Cell<'a>;

    fn next(&mut self) -> Option<Cell<'a>> {
        let (byte, g, s) = self.units.next()?;
        let glyph = match s.look {
            Look::Text => Glyph::Text(g),
            Look::Tab => Glyph::Tab(s.width),
            Look::Control => Glyph::Control(visible_form(g, &self.units.opts)),
        };
        Some(Cell {
            byte,
            len: g.len(),
            glyph,
            width: s.width,
        })
    }
}

/// The cells of a whole logical line, tab stops counted from its start.
#[must_use]
pub fn cells<'a>(line: &'a str, opts: &WrapOptions) -> Cells<'a> {
    Cells::from_units(Units::new(line, 0, 0, opts))
}

/// Columns `s` occupies when drawn from column 0 of a logical line.
#[must_use]
pub fn display_width(s: &str, opts: &WrapOptions) -> Cols {
    Units::new(s, 0, 0, opts).fold(0, |acc: Cols, (_, _, sh)| acc.saturating_add(sh.width))
}

/// The longest prefix of `s` at a grapheme boundary that fits in `width`
/// columns, and its width. A wide glyph that would straddle the limit is left
/// out whole, so the caller may have one column to pad.
#[must_use]
pub fn truncate_to_width<'a>(s: &'a str, width: Cols, opts: &WrapOptions) -> (&'a str, Cols) {
    let mut used: Cols = 0;
    for (byte, _, sh) in Units::new(s, 0, 0, opts) {
        let next = used.saturating_add(sh.width);
        if next > width {
            return (s.get(..byte).unwrap_or_default(), used);
        }
        used = next;
    }
    (s, used)
}

/// `s` with every grapheme a terminal would act on or hide (control,
/// bidi, zero-width) in the visible form the reader draws for it; line
/// feeds and tabs are kept. For text leaving rizhi outside the browser:
/// CLI output and messages on stderr. Borrowed when nothing needs escaping.
#[must_use]
pub fn visible_text<'a>(s: &'a str, opts: &WrapOptions) -> Cow<'a, str> {
    let mut out: Option<String> = None;
    // Bytes of `s` already copied into `out`.
    let mut done = 0;
    for (byte, g, sh) in Units::new(s, 0, 0, opts) {
        if sh.look != Look::Control || g == "\n" {
            continue;
        }
        let o = out.get_or_insert_with(|| String::with_capacity(s.len() + 16));
        o.push_str(&s[done..byte]);
        match g.strip_suffix('\n') {
            // CR LF is one grapheme: the CR is shown, the line end kept.
            Some(cr) => {
                o.push_str(&visible_form(cr, opts));
                o.push('\n');
            }
            None => o.push_str(&visible_form(g, opts)),
        }
        done = byte + g.len();
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(&s[done..]);
            Cow::Owned(o)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> WrapOptions {
        WrapOptions::default()
    }

    #[test]
    fn cells_cover_the_line_in_order() {
        let line = "a读\t\x1be\u{301}";
        let got: Vec<_> = cells(line, &opts())
            .map(|c| (c.byte, c.len, c.glyph, c.width))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 1, Glyph::Text("a"), 1),
                (1, 3, Glyph::Text("读"), 2),
                (4, 1, Glyph::Tab(5), 5),
                (5, 1, Glyph::Control("^[".into()), 2),
                (6, 3, Glyph::Text("e\u{301}"), 1),
            ]
        );
    }

    #[test]
    fn display_width_counts_tabs_and_controls() {
        let o = opts();
        assert_eq!(display_width("", &o), 0);
        assert_eq!(display_width("ab\tc", &o), 9);
        assert_eq!(display_width("读书", &o), 4);
        assert_eq!(display_width("a\u{202e}b", &o), 10);
        let cjk = WrapOptions {
            ambiguous_wide: true,
            ..o
        };
        assert_eq!(display_width("“x”", &o), 3);
        assert_eq!(display_width("“x”", &cjk), 5);
    }

    #[test]
    fn truncate_never_splits_a_wide_glyph() {
        let o = opts();
        assert_eq!(truncate_to_width("ab读cd", 3, &o), ("ab", 2));
        assert_eq!(truncate_to_width("ab读cd", 4, &o), ("ab读", 4));
        assert_eq!(truncate_to_width("ab读cd", 99, &o), ("ab读cd", 6));
        assert_eq!(truncate_to_width("读", 1, &o), ("", 0));
        assert_eq!(truncate_to_width("e\u{301}x", 1, &o), ("e\u{301}", 1));
        assert_eq!(truncate_to_width("", 0, &o), ("", 0));
    }

    #[test]
    fn visible_text_escapes_what_the_reader_escapes_and_keeps_lines() {
        let o = opts();
        let plain = "读 sched/fair.c\tok\n第二行 e\u{301} 👨\u{200d}👩\u{200d}👧\n";
        assert!(matches!(visible_text(plain, &o), Cow::Borrowed(_)));
        for (raw, shown) in [
            ("a\x1b]0;owned\x07b\n", "a^[]0;owned^Gb\n"),
            ("x\u{202e}txt.exe", "x<U+202E>txt.exe"),
            ("c1 \u{9b}2J \u{85}", "c1 <U+009B>2J <U+0085>"),
            ("zw a\u{200b}b a\u{200d}\n", "zw a<U+200B>b a<U+200D>\n"),
            ("crlf\r\nlone\rcr", "crlf^M\nlone^Mcr"),
            ("\u{301}lone mark", "<U+0301>lone mark"),
            ("del \x7f nul \0", "del ^? nul ^@"),
        ] {
            assert_eq!(visible_text(raw, &o), shown, "{raw:?}");
        }
        // Exactly the reader's forms: every control cell's glyph, in order.
        let line = "esc\x1b[2J \u{2066}iso\u{2069} \u{feff}";
        let forms: String = cells(line, &o)
            .map(|c| match c.glyph {
                Glyph::Text(t) => t.to_string(),
                Glyph::Tab(_) => "\t".to_string(),
                Glyph::Control(f) => f,
            })
            .collect();
        assert_eq!(visible_text(line, &o), forms);
    }
}
