//! Issue 13, defect 11: every Default_Ignorable_Code_Point is drawn in its
//! visible form, in the reader (cells) and in CLI output (`visible_text`),
//! except where [`super::glyph`]'s `needs_escape` lets one shape visible
//! text: a variation selector right after a visible character, a joiner
//! between two, a complete emoji tag sequence after 🏴.

use super::{cells, is_hidden, visible_text, Glyph, WrapOptions};

/// Default_Ignorable_Code_Point, from Unicode 16.0's
/// DerivedCoreProperties.txt (the set has not changed since 6.x except that
/// surrogates were dropped from it).
const DEFAULT_IGNORABLE: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180D),
    (0x180E, 0x180E),
    (0x180F, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2065, 0x2065),
    (0x2066, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0000),
    (0xE0001, 0xE0001),
    (0xE0002, 0xE001F),
    (0xE0020, 0xE007F),
    (0xE0080, 0xE00FF),
    (0xE0100, 0xE01EF),
    (0xE01F0, 0xE0FFF),
];

fn ignorables() -> impl Iterator<Item = char> {
    DEFAULT_IGNORABLE
        .iter()
        .flat_map(|&(a, b)| a..=b)
        .filter_map(char::from_u32)
}

fn is_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

fn is_tag_letter_or_digit(c: char) -> bool {
    matches!(c, '\u{E0030}'..='\u{E0039}' | '\u{E0061}'..='\u{E007A}')
}

/// What reaches the terminal for `s`: the text of every `Glyph::Text` cell.
fn drawn_raw(s: &str) -> String {
    cells(s, &WrapOptions::default())
        .filter_map(|c| match c.glyph {
            Glyph::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_default_ignorable_code_point_is_shown_not_passed_raw() {
    let mut n = 0;
    for c in ignorables() {
        n += 1;
        assert!(is_hidden(c), "U+{:04X} is not hidden", u32::from(c));
        let escape = format!("<U+{:04X}>", u32::from(c));
        // (text, whether `c` may be drawn as is there)
        let cases = [
            (format!("{c}"), false),
            (format!("{c}{c}"), false),
            (format!("\x01{c}"), false),
            (format!("a\u{200D}{c}b"), false),
            (format!("x{c}y"), is_selector(c)),
            (format!("读{c}"), is_selector(c)),
            (format!("❤{c}"), is_selector(c)),
            (format!("🏴{c}\u{E007F}"), is_tag_letter_or_digit(c)),
        ];
        for (s, may_stay) in cases {
            let cli = visible_text(&s, &WrapOptions::default());
            let raw = drawn_raw(&s);
            if may_stay {
                assert_eq!(cli, s, "CLI changed a glued selector in {s:?}");
                assert!(raw.contains(c), "reader escaped a glued selector in {s:?}");
            } else {
                assert!(
                    !cli.contains(c),
                    "CLI passes U+{:04X} raw in {s:?}: {cli:?}",
                    u32::from(c)
                );
                assert!(cli.contains(&escape), "CLI form of {s:?}: {cli:?}");
                assert!(
                    !raw.contains(c),
                    "reader draws U+{:04X} raw in {s:?}",
                    u32::from(c)
                );
            }
        }
    }
    assert_eq!(n, 4174, "code points in the table");
}

#[test]
fn hidden_is_exactly_controls_separators_and_default_ignorables() {
    let ignorable: std::collections::HashSet<char> = ignorables().collect();
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let other = matches!(
            c,
            '\0'..='\x1F' | '\x7F'..='\u{9F}' | '\u{2028}' | '\u{2029}' | '\u{FFF9}'..='\u{FFFB}'
        );
        assert_eq!(
            is_hidden(c),
            other || ignorable.contains(&c),
            "U+{:04X}",
            u32::from(c)
        );
    }
}

#[test]
fn joiners_selectors_and_flag_tags_that_shape_text_stay() {
    let opts = WrapOptions::default();
    for s in [
        "👨\u{200D}👩\u{200D}👧",
        "❤\u{FE0F}",
        "1\u{FE0F}\u{20E3}",
        "🏳\u{FE0F}\u{200D}🌈",
        "葛\u{E0100}",
        "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
    ] {
        assert_eq!(visible_text(s, &opts), s, "{s:?}");
        assert_eq!(drawn_raw(s), s, "{s:?}");
    }
    for (s, want) in [
        // A tag run that is not a flag: hidden ASCII, spelled out.
        ("a\u{E0068}\u{E0069}", "a<U+E0068><U+E0069>"),
        ("🏴\u{E0067}\u{E0062}", "🏴<U+E0067><U+E0062>"),
        ("🏴\u{E0047}\u{E007F}", "🏴<U+E0047><U+E007F>"),
        ("\u{FE0F}x", "<U+FE0F>x"),
        ("\u{200D}\u{FE0F}", "<U+200D><U+FE0F>"),
        ("x\u{115F}\u{1160}", "x<U+115F><U+1160>"),
        ("soft\u{AD}hyphen", "soft<U+00AD>hyphen"),
    ] {
        assert_eq!(visible_text(s, &opts), want, "{s:?}");
    }
}
