//! Facts about characters that every matcher here relies on, and the
//! conversion of text for nucleo's scorer: a leaf module, imported by the
//! prefilter, the squashing of long texts and the pinyin spelling alike, and
//! nucleo's scorer.

use nucleo::pattern::{Atom, AtomKind};
use nucleo::{Config, Matcher, Utf32Str, Utf32String};

/// CJK ideographs, kana, Hangul and CJK punctuation: no other character folds or
/// normalizes to one of these (checked over all of Unicode in the tests).
pub fn caseless(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'
        | '\u{3000}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF01}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{20000}'..='\u{2FFFF}')
}

/// Does `text` hold a non-ASCII character that nucleo may match with an ASCII
/// query character? Latin letters with diacritics and combining marks
/// (U+00C0–U+037F), phonetic and Latin Extended Additional letters
/// (U+1D00–U+1EFF), super- and subscripts and letterlike symbols such as the
/// Kelvin sign (U+2040–U+21BF). A superset, checked in the tests.
pub fn has_ascii_lookalike(text: &str) -> bool {
    let b = text.as_bytes();
    if b.is_ascii() {
        return false;
    }
    // Lead bytes 0xC3..=0xCD start U+00C0..=U+037F.
    let two_byte = b.chunks(64).any(|c| {
        c.iter()
            .fold(false, |acc, &x| acc | (x.wrapping_sub(0xC3) <= 0xCD - 0xC3))
    });
    two_byte
        || memchr::memchr2_iter(0xE1, 0xE2, b).any(|i| match (b[i], b.get(i + 1)) {
            (0xE1, Some(n)) => (0xB4..=0xBB).contains(n),
            (_, Some(n)) => (0x81..=0x86).contains(n),
            _ => false,
        })
}

/// Converts text for nucleo one `char` per index. nucleo's own conversion
/// segments graphemes, which dominates start-up on long texts; per-char indices are
/// also what we map highlights back with.
pub fn utf32(s: &str) -> Utf32String {
    if s.is_ascii() {
        Utf32String::Ascii(s.into())
    } else {
        Utf32String::Unicode(s.chars().collect())
    }
}

/// [`utf32`] without allocating: non-ASCII text is converted into `buf`.
pub fn utf32_str<'a>(s: &'a str, buf: &'a mut Vec<char>) -> Utf32Str<'a> {
    if s.is_ascii() {
        Utf32Str::Ascii(s.as_bytes())
    } else {
        buf.clear();
        buf.extend(s.chars());
        Utf32Str::Unicode(buf)
    }
}

/// nucleo's scorer, as every matcher here configures it.
pub fn matcher() -> Matcher {
    Matcher::new(Config::DEFAULT)
}

/// `atom.score`, past a bug of nucleo-matcher 0.3.1: on a non-ASCII text its
/// substring search (`'x`, and `!x`) never tries the last place, so a needle of
/// two or more chars that only occurs at the very end of the text is missed
/// (`!3\u{FFFD}` let "733\u{FFFD}" through). That place is checked as a suffix.
pub fn atom_score(atom: &Atom, hay: Utf32Str<'_>, m: &mut Matcher) -> Option<u16> {
    let s = atom.score(hay, m);
    if let Some(found) = anchored_with_case(atom, hay, m, |m, h, n| match atom.kind {
        AtomKind::Prefix => m.prefix_match(h, n),
        AtomKind::Postfix => m.postfix_match(h, n),
        _ => m.exact_match(h, n),
    }) {
        return if atom.negative {
            found.is_none().then_some(0)
        } else {
            found
        };
    }
    if let Some(at) = ascii_missed(atom, hay, s) {
        // Scored as a match opening the text from there (nucleo's case
        // setting is still the atom's).
        return (!atom.negative)
            .then(|| m.prefix_match(hay.slice(at..), atom.needle_text()))
            .flatten();
    }
    if !missed_at_end(atom, hay, s) {
        return s;
    }
    // `atom.score` left the atom's case and normalization in `m.config`.
    match m.postfix_match(hay, atom.needle_text()) {
        Some(_) if atom.negative => None,
        Some(end) => Some(end),
        None => s,
    }
}

/// nucleo's `Pattern::score` (every atom must match; the sum), by [`atom_score`].
pub fn pattern_score(atoms: &[Atom], hay: Utf32Str<'_>, m: &mut Matcher) -> Option<u32> {
    atoms.iter().try_fold(0, |total, a| {
        Some(total + u32::from(atom_score(a, hay, m)?))
    })
}

/// [`atom_score`] for `atom.indices`: the matched char indices appended to `out`.
pub fn atom_indices(
    atom: &Atom,
    hay: Utf32Str<'_>,
    m: &mut Matcher,
    out: &mut Vec<u32>,
) -> Option<u16> {
    let from = out.len();
    let s = atom.indices(hay, m, out);
    let anchored = anchored_with_case(atom, hay, m, |m, h, n| {
        // nucleo's own indices, where it matched (a text that is the word).
        out.truncate(from);
        match atom.kind {
            AtomKind::Prefix => m.prefix_indices(h, n, out),
            AtomKind::Postfix => m.postfix_indices(h, n, out),
            _ => m.exact_indices(h, n, out),
        }
    });
    if let Some(found) = anchored {
        if atom.negative {
            out.truncate(from);
            return found.is_none().then_some(0);
        }
        return found;
    }
    if let Some(at) = ascii_missed(atom, hay, s) {
        if atom.negative {
            return None;
        }
        let from = out.len();
        let r = m.prefix_indices(hay.slice(at..), atom.needle_text(), out);
        for i in &mut out[from..] {
            *i += at as u32;
        }
        return r;
    }
    if !missed_at_end(atom, hay, s) {
        return s;
    }
    if atom.negative {
        return m.postfix_match(hay, atom.needle_text()).map_or(s, |_| None);
    }
    m.postfix_indices(hay, atom.needle_text(), out).or(s)
}

/// A case-sensitive `^prefix`, `suffix$` or `^word$` on an ASCII text, past
/// a bug of nucleo-matcher 0.3.1: its ASCII comparison of such an atom is
/// `haystack == needle`, the whole text, so `^Xen` found only a text that is
/// `Xen` and nothing more (found by the `query` fuzz target: `^Xr` scored
/// "Xr" but not "Xr Xr"; fixed upstream in helix-editor/nucleo#71, not
/// released). The place nucleo compares is checked byte for byte here; where
/// it holds, `run` scores it with case ignored and the needle in lower case,
/// which nucleo scores alike (a character's class, which the bonuses depend
/// on, is taken before case is folded). `None` for every other atom; else
/// whether and how the atom matches, as if it were not negated. Call it
/// after `atom.score` or `atom.indices`, which leave the atom's case
/// setting in `m.config`.
fn anchored_with_case<T>(
    atom: &Atom,
    hay: Utf32Str<'_>,
    m: &mut Matcher,
    run: impl FnOnce(&mut Matcher, Utf32Str<'_>, Utf32Str<'_>) -> Option<T>,
) -> Option<Option<T>> {
    let (Utf32Str::Ascii(h), Utf32Str::Ascii(n)) = (hay, atom.needle_text()) else {
        return None;
    };
    let anchored = matches!(
        atom.kind,
        AtomKind::Prefix | AtomKind::Postfix | AtomKind::Exact
    );
    let (Some(first), Some(last)) = (n.first(), n.last()) else {
        return None;
    };
    if m.config.ignore_case || !anchored {
        return None;
    }
    // White space around the text is skipped as nucleo skips it: unless the
    // needle starts (ends) with white space, and never all of a blank text
    // (so that `lead <= len - trail` always).
    let text = |b: &u8| !b.is_ascii_whitespace();
    let lead = match first.is_ascii_whitespace() {
        true => 0,
        false => h.iter().position(text).unwrap_or(0),
    };
    let trail = match last.is_ascii_whitespace() {
        true => 0,
        false => h.iter().rev().position(text).unwrap_or(0),
    };
    let place = match atom.kind {
        AtomKind::Prefix => Some(lead..lead + n.len()),
        AtomKind::Postfix => h.len().checked_sub(trail + n.len()).map(|s| s..s + n.len()),
        _ => Some(lead..h.len() - trail),
    };
    if place.and_then(|r| h.get(r)) != Some(n) {
        return Some(None);
    }
    let lower = n.to_ascii_lowercase();
    m.config.ignore_case = true;
    let found = run(m, hay, Utf32Str::Ascii(&lower));
    m.config.ignore_case = false;
    Some(found)
}

/// Where nucleo-matcher 0.3.1's ASCII substring search said "not there" but
/// the needle is: with case ignored and the needle's first letter after two
/// or more other characters (`'!!ade`, `'1.2x`), it looks for the whole needle
/// case-sensitively, and not in the text's last bytes, so `!!ADE` and a needle
/// ending the text are missed (found by the `query` fuzz target). The first
/// place the needle is, caseless, when nucleo missed it.
fn ascii_missed(atom: &Atom, hay: Utf32Str<'_>, s: Option<u16>) -> Option<usize> {
    let Utf32Str::Ascii(h) = hay else {
        return None;
    };
    if atom.kind != AtomKind::Substring || s.is_some() != atom.negative {
        return None;
    }
    let needle: Vec<u8> = match atom.needle_text() {
        Utf32Str::Ascii(n) => n.to_vec(),
        Utf32Str::Unicode(_) => return None,
    };
    // Smart and ignored case both leave an upper-case needle case-sensitive
    // (nucleo's other branch, which is right).
    let first = needle.iter().position(u8::is_ascii_lowercase)?;
    if first < 2 || needle.iter().any(u8::is_ascii_uppercase) {
        return None;
    }
    h.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(&needle))
}

/// Whether nucleo's substring search said "not there" where it may have missed
/// the needle at the end of `hay` (see [`atom_score`]).
fn missed_at_end(atom: &Atom, hay: Utf32Str<'_>, s: Option<u16>) -> bool {
    atom.kind == AtomKind::Substring
        && matches!(hay, Utf32Str::Unicode(_))
        && atom.needle_text().len() >= 2
        && s.is_some() == atom.negative
}

#[cfg(test)]
mod tests {
    use super::*;
    use nucleo::chars;

    /// The caseless fallback for nucleo's missed substrings is for `'word`
    /// and `!word` alone: it never lets an anchored word match elsewhere,
    /// nor a word with a capital match another case.
    #[test]
    fn the_substring_fallback_keeps_anchors_and_case() {
        use nucleo::pattern::{CaseMatching, Normalization, Pattern};
        let mut m = matcher();
        let mut hit = |q: &str, t: &str| {
            let p = Pattern::parse(q, CaseMatching::Smart, Normalization::Smart);
            pattern_score(&p.atoms, utf32(t).slice(..), &mut m)
        };
        assert!(hit("'12ab", "x12ab").is_some());
        assert!(hit("'!!ade", "x !!ADE").is_some(), "the case it is for");
        assert_eq!(hit("^12ab", "x12ab"), None);
        assert_eq!(hit("12ab$", "12abx"), None);
        assert_eq!(hit("'12aB", "x12ab"), None);
        assert!(hit("'12aB", "x12aB").is_some());
        assert_eq!(hit("!'12aB", "x12aB"), None);
        assert!(hit("!'12aB", "x12ab").is_some());
    }

    /// A pattern scores the sum of its atoms' scores, as nucleo's
    /// `Pattern::score` does, and nothing when an atom fails.
    #[test]
    fn pattern_score_is_the_sum_of_its_atoms() {
        use nucleo::pattern::{CaseMatching, Normalization, Pattern};
        let mut m = matcher();
        let p = Pattern::parse("xen kvm", CaseMatching::Smart, Normalization::Smart);
        let hay = utf32("xen, kvm");
        let each: Vec<u32> = p
            .atoms
            .iter()
            .map(|a| u32::from(atom_score(a, hay.slice(..), &mut m).unwrap()))
            .collect();
        assert!(each.iter().all(|&s| s > 1), "{each:?}");
        let sum = Some(each.iter().sum::<u32>());
        assert_eq!(pattern_score(&p.atoms, hay.slice(..), &mut m), sum);
        assert_eq!(p.score(hay.slice(..), &mut m), sum, "nucleo's own");
        assert_eq!(
            pattern_score(&p.atoms, utf32("xen").slice(..), &mut m),
            None
        );
    }

    /// How nucleo folds a haystack character before comparing it with a needle
    /// character, for each setting an atom can have.
    fn folds(h: char) -> [char; 4] {
        let fold = |normalize: bool, ignore_case: bool| {
            if h.is_ascii() {
                return if ignore_case {
                    h.to_ascii_lowercase()
                } else {
                    h
                };
            }
            let mut c = h;
            if normalize {
                c = chars::normalize(c);
            }
            if ignore_case {
                c = chars::to_lower_case(c);
            }
            c
        };
        [
            fold(false, false),
            fold(false, true),
            fold(true, false),
            fold(true, true),
        ]
    }

    proptest::proptest! {
        /// The byte scans say what the ranges of characters say, wherever
        /// in a 64-byte chunk (or across two) the character falls.
        #[test]
        fn lookalike_scan_is_its_character_ranges(
            pad in 0usize..200,
            mut cs in proptest::collection::vec(proptest::prop_oneof![
                proptest::char::range('a', 'z'),
                proptest::char::range('\u{80}', '\u{3FF}'),
                proptest::char::range('\u{1C00}', '\u{1FFF}'),
                proptest::char::range('\u{2000}', '\u{21FF}'),
                proptest::char::range('\u{4E00}', '\u{4E20}'),
                proptest::char::any(),
            ], 0..40),
        ) {
            cs.insert(0, ' ');
            let text = " ".repeat(pad) + &cs.iter().collect::<String>();
            let by_chars = text.chars().any(|c| {
                matches!(c as u32, 0xC0..=0x37F | 0x1D00..=0x1EFF | 0x2040..=0x21BF)
            });
            proptest::prop_assert_eq!(has_ascii_lookalike(&text), by_chars, "{:?}", text);
        }
    }

    #[test]
    fn prefilter_character_classes_hold_for_all_of_unicode() {
        for h in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for f in folds(h) {
                if !h.is_ascii() && f.is_ascii() {
                    assert!(
                        has_ascii_lookalike(&h.to_string()),
                        "{h:?} (U+{:04X}) matches ASCII {f:?}",
                        h as u32
                    );
                }
                if caseless(f) {
                    assert_eq!(f, h, "U+{:04X} folds to caseless {f:?}", h as u32);
                }
            }
        }
    }
}
