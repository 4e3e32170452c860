//! The literal prefilter: a necessary condition for a query to match a text,
//! checked on its UTF-8 bytes with memchr/memmem before any conversion for
//! nucleo's scorer. It never rejects a text nucleo would match (see the tests,
//! which check the character classes over all of Unicode).

use super::Query;
use memchr::memmem::Finder;
use nucleo::pattern::{Atom, Pattern};

/// A necessary condition for a pattern to match, checked on UTF-8 bytes: each
/// positive atom's characters must occur in order. Only characters whose every
/// matching form is known take part: ASCII (either case) and caseless CJK (no case
/// folding or normalization reaches them). nucleo also matches an ASCII query
/// character with a few non-ASCII ones (`é` → `e`, the Kelvin sign → `k`); in a
/// text that holds any of those the ASCII characters are not checked.
pub struct Prefilter {
    atoms: Vec<Vec<Needle>>,
    ascii: bool,
}

enum Needle {
    Ascii(u8, u8),
    Char(Box<Finder<'static>>),
}

impl Prefilter {
    /// For nucleo's own pattern: every atom must match.
    pub fn new(pat: &Pattern) -> Prefilter {
        Prefilter::from_atoms(pat.atoms.iter())
    }

    /// For a [`Query`]: only groups without alternatives are required (an OR
    /// group passes when any of its atoms does, which the prefilter cannot tell).
    pub fn for_query(q: &Query) -> Prefilter {
        Prefilter::from_atoms(q.groups.iter().filter(|g| g.len() == 1).flatten())
    }

    fn from_atoms<'a>(atoms: impl Iterator<Item = &'a Atom>) -> Prefilter {
        let atoms: Vec<Vec<Needle>> = atoms
            .filter(|a| !a.negative)
            .map(|a| a.needle_text().chars().filter_map(needle).collect())
            .filter(|v: &Vec<Needle>| !v.is_empty())
            .collect();
        let ascii = atoms
            .iter()
            .flatten()
            .any(|n| matches!(n, Needle::Ascii(..)));
        Prefilter { atoms, ascii }
    }

    /// False only when the pattern cannot match `text`.
    pub fn may_match(&self, text: &str, lookalike: Option<bool>) -> bool {
        let b = text.as_bytes();
        let skip_ascii = self.ascii && lookalike.unwrap_or_else(|| has_ascii_lookalike(text));
        for atom in &self.atoms {
            let mut at = 0;
            for n in atom {
                let hit = match n {
                    Needle::Ascii(..) if skip_ascii => continue,
                    Needle::Ascii(l, u) if l == u => memchr::memchr(*l, &b[at..]).map(|i| i + 1),
                    Needle::Ascii(l, u) => memchr::memchr2(*l, *u, &b[at..]).map(|i| i + 1),
                    Needle::Char(f) => f.find(&b[at..]).map(|i| i + f.needle().len()),
                };
                match hit {
                    Some(d) => at += d,
                    None => return false,
                }
            }
        }
        true
    }
}

fn needle(c: char) -> Option<Needle> {
    if c.is_ascii() {
        let b = c as u8;
        return Some(Needle::Ascii(
            b.to_ascii_lowercase(),
            b.to_ascii_uppercase(),
        ));
    }
    if !caseless(c) {
        return None;
    }
    let mut utf8 = [0; 4];
    let bytes = c.encode_utf8(&mut utf8).as_bytes();
    Some(Needle::Char(Box::new(Finder::new(bytes).into_owned())))
}

/// CJK ideographs, kana, Hangul and CJK punctuation: no other character folds or
/// normalizes to one of these (checked over all of Unicode in the tests).
pub(crate) fn caseless(c: char) -> bool {
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

#[cfg(test)]
mod tests {
    use super::super::{matcher, pattern, utf32_str};
    use super::*;
    use nucleo::chars;
    use nucleo::pattern::{CaseMatching, Normalization};

    fn nucleo_pattern(q: &str) -> Pattern {
        Pattern::parse(q, CaseMatching::Smart, Normalization::Smart)
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

    #[test]
    fn prefilter_never_rejects_a_match() {
        let texts = [
            "virtualization, xen, xen4.2 support, cont17",
            "内核, 调度器, cont2; ftrace usage",
            "Café résumé naïve 调度",
            "温度 300 \u{212A} kelvin",
            "ǅ ǈ ſ ﬀ Ⅻ ⓐ ｘｅｎ",
            "",
        ];
        let queries = [
            "xen",
            "XEN",
            "x",
            "cafe",
            "resume",
            "调度",
            "调 度",
            "'xen",
            "^virt",
            "cont$",
            "!xen",
            "kelvin k",
            "s",
            "ｘｅｎ",
            "xen 调度",
            "内核调度器",
            "\\!x",
            "e é",
        ];
        let mut m = matcher();
        let mut buf = Vec::new();
        for q in queries {
            let pat = nucleo_pattern(q);
            let pre = Prefilter::new(&pat);
            for t in texts {
                let real = pat.score(utf32_str(t, &mut buf), &mut m).is_some();
                for lookalike in [None, Some(has_ascii_lookalike(t))] {
                    assert!(!real || pre.may_match(t, lookalike), "{q:?} on {t:?}");
                }
            }
        }
        let pre = Prefilter::new(&nucleo_pattern("xen 调度"));
        assert!(!pre.may_match("调度 only", None));
        assert!(!pre.may_match("xen only", None));
        // An OR group is not required by the prefilter; the other words are.
        let pre = Prefilter::for_query(&pattern("gtd | arm linux"));
        assert!(pre.may_match("opensuse, arm, linux", None));
        assert!(!pre.may_match("opensuse, arm", None));
    }
}
