//! Width-aware layout of notebook text for the reader pane.
//!
//! Notebooks mix Chinese and English, contain tabs, and now and then carry
//! control or bidi characters pasted from a terminal or a web page. Every
//! piece of the reader that measures or draws text goes through this module
//! so that what is measured is exactly what is drawn: one grapheme
//! segmentation, one width table, one visible form for the characters a
//! terminal would otherwise act on or hide.
//!
//! Units: widths and columns are display columns ([`Cols`]); offsets are byte
//! offsets into the logical line, always on grapheme boundaries when they come
//! out of this module.
//!
//! Rules the reader can rely on (each is tested, including by proptest):
//!
//! * **Tab stops** are counted from the start of the logical line, i.e. the
//!   column the tab would have on an infinitely wide screen. A cell's width
//!   therefore never depends on the wrap width, so the reader can measure a
//!   line once and [`Layout`] can be rebuilt on resize without surprises. On
//!   a continuation row a tab may look narrower or wider than its neighbours'
//!   alignment suggests; that is the price of widths being wrap-independent.
//! * **Rows tile the line**: every byte belongs to exactly one row, rows are
//!   contiguous and in order, and an empty line has one empty row. Nothing is
//!   dropped at a break, so search hits and link offsets always map to a row.
//! * **Row width**: `indent + content width <= width` for every row, except a
//!   row holding a single cell that is wider than its text space (a wide glyph
//!   at width < 2, a tab or control form wider than the pane, anything at
//!   width 0). Such a row holds exactly that one cell, has indent 0, and the
//!   caller clips it. This is the only way wrapping can make progress when
//!   nothing fits, and it keeps rows from ever being split inside a grapheme.
//! * **Breaks** go after a run of blanks or on either side of a wide (CJK,
//!   emoji) glyph, never before closing punctuation (`，` `。` `）` `,`) or
//!   after opening punctuation (`（` `“`) unless a blank is involved. A word
//!   longer than the row is cut at a grapheme boundary.
//! * **Spaces at a break** stay at the end of the earlier row while they fit.
//!   A space that does not fit is never allowed to overflow; it starts the
//!   next row. That only happens when text with no earlier break opportunity
//!   fills a row exactly, and can leave a row holding just that blank.
//! * **Hanging indent** is capped so that at least half the width (and at
//!   least two columns, so a wide glyph fits) remains for text.

mod glyph;
#[cfg(test)]
mod ignorable_tests;
mod layout;
mod outline;
#[cfg(test)]
mod proptests;
mod width;
mod wrap;

pub use glyph::{is_hidden, Glyph};
pub use layout::{byte_at_col, row_cells, Layout};
pub use outline::hang_indent;
pub use width::{cells, display_width, truncate_to_width, visible_text, Cell, Cells};
pub use wrap::{max_hang, wrap_line, Row};

/// Display columns, the unit every width and column here is in.
///
/// `usize` rather than ratatui's `u16`: an 8 MiB line is far wider than
/// `u16::MAX`, and sums over a line must not overflow or need casts. Convert
/// at the drawing boundary with `u16::try_from(x).unwrap_or(u16::MAX)`.
pub type Cols = usize;

/// How text is measured and wrapped; the reader builds one per pane width.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WrapOptions {
    /// Columns available for a row, indent included. May be 0 or 1: wrapping
    /// still terminates, see the row width rule in the module docs.
    pub width: Cols,
    /// Distance between tab stops. 0 is treated as 1 so a tab never vanishes.
    pub tab_width: Cols,
    /// Count East Asian ambiguous-width characters (“ ” ‘ ’ … — ·) as two
    /// columns, matching terminals configured for CJK locales.
    pub ambiguous_wide: bool,
}

impl WrapOptions {
    /// Options for `width` columns with the defaults for everything else.
    #[must_use]
    pub fn with_width(width: Cols) -> Self {
        Self {
            width,
            ..Self::default()
        }
    }

    /// The tab stop distance actually used; a zero distance would make tabs
    /// invisible and is indistinguishable from a bug in the notebook.
    fn tab_stop(&self) -> Cols {
        self.tab_width.max(1)
    }
}

impl Default for WrapOptions {
    fn default() -> Self {
        Self {
            width: 80,
            tab_width: 8,
            ambiguous_wide: false,
        }
    }
}
