//! Classifying one grapheme: how wide it is, what is drawn for it, and how it
//! behaves at a line break.
//!
//! The split between [`shape`] (no allocation) and [`visible_form`] (builds
//! the string) exists because wrapping an 8 MiB line must not allocate per
//! grapheme; only drawing needs the string, and only for control glyphs.

use std::fmt::Write as _;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Cols, WrapOptions};

/// What one grapheme looks like on screen.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Glyph<'a> {
    /// Printable text, drawn as is (the grapheme itself).
    Text(&'a str),
    /// A tab, drawn as this many blank columns.
    Tab(Cols),
    /// A character the terminal would act on or hide (control, bidi,
    /// zero-width), replaced by this visible form. Callers draw it dimmed so
    /// it reads as an annotation rather than as notebook text.
    Control(String),
}

/// How a grapheme is drawn, without the allocation [`Glyph`] may need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Look {
    Text,
    Tab,
    Control,
}

/// How a grapheme behaves at a potential line break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Whitespace: a break is allowed after a run of it.
    Space,
    /// Opening bracket or quote: never ends a row when followed by text.
    Open,
    /// Closing punctuation: never starts a row after text.
    Close,
    /// Anything else, including control forms (they read as part of a word).
    Other,
}

/// Everything wrapping needs to know about one grapheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Shape {
    pub look: Look,
    pub width: Cols,
    pub kind: Kind,
    /// A wide (CJK, emoji) text glyph: breaks are allowed on either side.
    pub wide: bool,
}

const ZWJ: char = '\u{200D}';

/// Classifies grapheme `g` found at logical column `col` of its line.
pub(super) fn shape(g: &str, col: Cols, opts: &WrapOptions) -> Shape {
    // Fast path: nearly all of a notebook is single ASCII bytes.
    if let [b] = g.as_bytes() {
        return match b {
            b'\t' => {
                let stop = opts.tab_stop();
                let width = stop - col % stop;
                Shape {
                    look: Look::Tab,
                    width,
                    kind: Kind::Space,
                    wide: false,
                }
            }
            0x20..=0x7E => Shape {
                look: Look::Text,
                width: 1,
                kind: kind_of(char::from(*b)),
                wide: false,
            },
            // C0 or DEL: always the two-column caret form.
            _ => Shape {
                look: Look::Control,
                width: 2,
                kind: Kind::Other,
                wide: false,
            },
        };
    }
    let width = if needs_escape(g) {
        0
    } else {
        str_width(g, opts)
    };
    if width == 0 {
        return Shape {
            look: Look::Control,
            width: control_width(g, opts),
            kind: Kind::Other,
            wide: false,
        };
    }
    let kind = match g.chars().next() {
        Some(c) if g.len() == c.len_utf8() => kind_of(c),
        // A base with marks attached (" \u{301}") is visible ink, so it is
        // not a break opportunity even if the base is a space.
        Some(c) if kind_of(c) != Kind::Space => kind_of(c),
        _ => Kind::Other,
    };
    Shape {
        look: Look::Text,
        width,
        kind,
        wide: width >= 2,
    }
}

/// The string drawn for a grapheme whose [`Look`] is `Control`.
///
/// Printable characters of the grapheme are kept so that e.g. `a` followed by
/// a stray zero-width joiner still shows the `a`; everything else is escaped.
pub(super) fn visible_form(g: &str, opts: &WrapOptions) -> String {
    let mut out = String::with_capacity(g.len() * 4);
    for c in g.chars() {
        if keep_in_form(c, opts) {
            out.push(c);
        } else {
            push_escape(&mut out, c);
        }
    }
    out
}

/// Width of [`visible_form`], computed without building it.
fn control_width(g: &str, opts: &WrapOptions) -> Cols {
    g.chars()
        .map(|c| {
            if keep_in_form(c, opts) {
                char_width(c, opts)
            } else {
                escape_width(c)
            }
        })
        .sum()
}

/// Inside a control form only characters with their own visible width are
/// kept: a combining mark would otherwise land on the escape's `>`.
fn keep_in_form(c: char, opts: &WrapOptions) -> bool {
    !is_hidden(c) && char_width(c, opts) > 0
}

/// Whether `g` contains a character that must not reach the terminal.
///
/// Three kinds of [`is_hidden`] characters are drawn as they are when they
/// are glued to visible text, because they change how it looks:
/// * a zero-width joiner between two visible characters (emoji sequences
///   such as 👨‍👩‍👧). A dangling one is invisible and is how look-alike
///   strings are made, so it is shown. A joiner that opens a grapheme (after
///   a control character or at the line start, followed by a spacing mark)
///   has nothing of its own to glue: drawn raw it would join the previous
///   cell's character in the terminal;
/// * a variation selector (U+FE00–FE0F, U+E0100–E01EF) right after a
///   visible character (`❤️`, `1️⃣`, ideographic variants). A lone one (at a
///   grapheme's start, after a control, another selector or a joiner) is
///   shown;
/// * an emoji tag sequence: 🏴 (U+1F3F4), tag letters or digits, then
///   CANCEL TAG (U+E007F), the subdivision flags (🏴󠁧󠁢󠁳󠁣󠁴󠁿). Every other tag
///   character (they spell hidden ASCII) is shown.
fn needs_escape(g: &str) -> bool {
    let mut prev: Option<char> = None;
    // The previous character is drawn as text: visible, or glued itself.
    let mut prev_drawn = false;
    let mut chars = g.chars();
    while let Some(c) = chars.next() {
        if !is_hidden(c) {
            prev = Some(c);
            prev_drawn = true;
            continue;
        }
        let glued = match c {
            ZWJ => {
                prev_drawn
                    && chars
                        .clone()
                        .next()
                        .is_some_and(|n| !is_hidden(n) && n.width().unwrap_or(0) > 0)
            }
            '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => {
                prev.is_some_and(|p| !is_hidden(p))
            }
            '\u{E0030}'..='\u{E0039}' | '\u{E0061}'..='\u{E007A}' if prev == Some('\u{1F3F4}') => {
                // The whole tag run must end with CANCEL TAG.
                let mut rest = chars.clone();
                let closed = loop {
                    match rest.next() {
                        Some('\u{E0030}'..='\u{E0039}' | '\u{E0061}'..='\u{E007A}') => {}
                        Some('\u{E007F}') => break true,
                        _ => break false,
                    }
                };
                if closed {
                    chars = rest;
                    prev = Some('\u{E007F}');
                    prev_drawn = true;
                    continue;
                }
                false
            }
            _ => false,
        };
        if !glued {
            return true;
        }
        prev = Some(c);
        prev_drawn = true;
    }
    false
}

/// Characters that are never passed through to the terminal as they are
/// (drawn in their visible form instead, `<U+E0041>`, or `^[` for C0): they
/// either control it (C0, DEL, C1), reorder or hide text (bidi, zero-width),
/// break lines on their own (line/paragraph separators, annotations), or are
/// Default_Ignorable_Code_Point (the whole set of Unicode's
/// DerivedCoreProperties: soft hyphen, fillers, variation selectors, tag
/// characters, format controls), which a terminal draws as nothing or as a
/// blank and so can hide text. [`needs_escape`] lets the few that shape
/// visible text (emoji joiners, variation selectors, flag tags) through.
#[must_use]
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\0'..='\x1F'
            | '\x7F'..='\u{9F}'
            | '\u{AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Appends the visible form of a hidden or zero-width character: caret
/// notation for C0 and DEL (what `cat -v` and terminals users know show),
/// `<U+XXXX>` for everything else, which is unambiguous and searchable.
fn push_escape(out: &mut String, c: char) {
    match c {
        '\0'..='\x1F' => {
            out.push('^');
            out.push(char::from(caret_letter(c)));
        }
        '\x7F' => out.push_str("^?"),
        _ => {
            // Writing to a String cannot fail.
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        }
    }
}

fn caret_letter(c: char) -> u8 {
    // Only called for C0, so the code point fits a byte; the fallback keeps
    // the function total anyway.
    u8::try_from(u32::from(c)).map_or(b'?', |b| b ^ 0x40)
}

fn escape_width(c: char) -> Cols {
    match c {
        '\0'..='\x1F' | '\x7F' => 2,
        // "<U+" + at least four hex digits + ">".
        _ => 4 + hex_digits(u32::from(c)).max(4),
    }
}

fn hex_digits(mut v: u32) -> Cols {
    let mut n = 1;
    while v > 0xF {
        v >>= 4;
        n += 1;
    }
    n
}

fn char_width(c: char, opts: &WrapOptions) -> Cols {
    let w = if opts.ambiguous_wide {
        c.width_cjk()
    } else {
        c.width()
    };
    w.unwrap_or(0)
}

fn str_width(g: &str, opts: &WrapOptions) -> Cols {
    if opts.ambiguous_wide {
        g.width_cjk()
    } else {
        g.width()
    }
}

/// Break behaviour of a character: a small kinsoku table covering the
/// punctuation that actually occurs in Chinese/English notebooks, so that
/// `，` `。` `）` never start a row and `（` `“` never end one.
fn kind_of(c: char) -> Kind {
    match c {
        ' '
        | '\u{1680}'
        | '\u{2000}'..='\u{2006}'
        | '\u{2008}'..='\u{200A}'
        | '\u{205F}'
        | '\u{3000}' => Kind::Space,
        '(' | '[' | '{' | '‘' | '“' | '（' | '［' | '｛' | '〈' | '《' | '「' | '『' | '【'
        | '〔' | '〖' | '〘' | '〚' => Kind::Open,
        ')' | ']' | '}' | ',' | '.' | ';' | ':' | '!' | '?' | '%' | '’' | '”' | '…' | '‥'
        | '）' | '］' | '｝' | '，' | '．' | '：' | '；' | '！' | '？' | '％' | '、' | '。'
        | '〉' | '》' | '」' | '』' | '】' | '〕' | '〗' | '〙' | '〛' | '・' | '·' => {
            Kind::Close
        }
        _ => Kind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn narrow() -> WrapOptions {
        WrapOptions::default()
    }

    fn wide() -> WrapOptions {
        WrapOptions {
            ambiguous_wide: true,
            ..WrapOptions::default()
        }
    }

    fn form(g: &str) -> (Look, String, Cols) {
        let s = shape(g, 0, &narrow());
        (s.look, visible_form(g, &narrow()), s.width)
    }

    #[test]
    fn c0_and_del_use_caret_forms() {
        for (g, want) in [
            ("\x1b", "^["),
            ("\0", "^@"),
            ("\r", "^M"),
            ("\x7f", "^?"),
            ("\x01", "^A"),
            ("\x1f", "^_"),
        ] {
            assert_eq!(form(g), (Look::Control, want.to_string(), 2), "{g:?}");
        }
        // CR LF is one grapheme; both halves stay visible.
        assert_eq!(form("\r\n"), (Look::Control, "^M^J".to_string(), 4));
    }

    #[test]
    fn c1_bidi_and_zero_width_use_hex_forms() {
        for c in [
            '\u{80}', '\u{85}', '\u{9B}', '\u{9F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}',
            '\u{200E}', '\u{200F}', '\u{061C}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{FEFF}',
            '\u{2060}', '\u{2028}',
        ] {
            let g = c.to_string();
            let want = format!("<U+{:04X}>", u32::from(c));
            assert_eq!(form(&g), (Look::Control, want, 8), "{c:?}");
        }
    }

    #[test]
    fn lone_zero_width_marks_become_visible() {
        assert_eq!(form("\u{301}"), (Look::Control, "<U+0301>".to_string(), 8));
        assert_eq!(
            form("\u{E0001}"),
            (Look::Control, "<U+E0001>".to_string(), 9)
        );
    }

    #[test]
    fn attached_marks_and_emoji_joiners_stay_text() {
        for (g, w) in [
            ("e\u{301}", 1),
            ("👨\u{200d}👩\u{200d}👧", 2),
            ("❤\u{fe0f}", 2),
        ] {
            let s = shape(g, 0, &narrow());
            assert_eq!((s.look, s.width), (Look::Text, w), "{g:?}");
        }
    }

    /// Found by `cargo fuzz run wrap`: after a control character, a joiner
    /// and a spacing mark form one grapheme that was drawn raw.
    #[test]
    fn a_joiner_opening_a_grapheme_is_shown() {
        assert_eq!(form("\u{200d}\u{119df}").1, "<U+200D>\u{119df}".to_string());
        let line = "\u{0}\u{200d}\u{119df} e\u{301}";
        let drawn: Vec<Glyph> = super::super::cells(line, &narrow())
            .map(|c| c.glyph)
            .collect();
        assert_eq!(drawn[1], Glyph::Control("<U+200D>\u{119df}".into()));
    }

    #[test]
    fn dangling_joiner_keeps_its_base_visible() {
        assert_eq!(
            form("a\u{200d}"),
            (Look::Control, "a<U+200D>".to_string(), 9)
        );
        assert_eq!(
            form("a\u{200c}\u{301}"),
            (Look::Control, "a<U+200C><U+0301>".to_string(), 17)
        );
    }

    #[test]
    fn ambiguous_width_follows_the_option() {
        for g in ["“", "”", "‘", "’", "…", "—", "·"] {
            assert_eq!(shape(g, 0, &narrow()).width, 1, "{g}");
            let s = shape(g, 0, &wide());
            assert_eq!((s.width, s.wide), (2, true), "{g}");
        }
        assert_eq!(shape("读", 0, &narrow()).width, 2);
    }

    #[test]
    fn tabs_reach_the_next_stop() {
        let o = narrow();
        assert_eq!(shape("\t", 0, &o).width, 8);
        assert_eq!(shape("\t", 5, &o).width, 3);
        assert_eq!(shape("\t", 8, &o).width, 8);
        let zero = WrapOptions { tab_width: 0, ..o };
        assert_eq!(shape("\t", 3, &zero).width, 1);
    }

    #[test]
    fn break_kinds() {
        assert_eq!(shape(" ", 0, &narrow()).kind, Kind::Space);
        assert_eq!(shape("\u{3000}", 0, &narrow()).kind, Kind::Space);
        assert_eq!(shape("，", 0, &narrow()).kind, Kind::Close);
        assert_eq!(shape("（", 0, &narrow()).kind, Kind::Open);
        assert_eq!(shape(" \u{301}", 0, &narrow()).kind, Kind::Other);
        assert_eq!(shape("\u{a0}", 0, &narrow()).kind, Kind::Other);
        // A mark on punctuation keeps its class.
        assert_eq!(shape("，\u{FE00}", 0, &narrow()).kind, Kind::Close);
        assert_eq!(shape("（\u{301}", 0, &narrow()).kind, Kind::Open);
    }

    /// A joiner glues only a visible base to a visible, spacing character:
    /// before a mark it has nothing to join. Tag characters after anything
    /// but the black flag spell hidden text, even when CANCEL TAG ends them.
    #[test]
    fn a_joiner_before_a_mark_and_tags_after_a_letter_are_shown() {
        assert_eq!(
            form("a\u{200d}\u{301}"),
            (Look::Control, "a<U+200D><U+0301>".to_string(), 17)
        );
        assert_eq!(
            form("a\u{E0067}\u{E007F}"),
            (Look::Control, "a<U+E0067><U+E007F>".to_string(), 19)
        );
        assert_eq!(form("\u{1F3F4}\u{E0067}\u{E007F}").0, Look::Text);
    }
}
