//! nucleo's fast path for mixed Chinese/English text.
//!
//! nucleo scores a non-ASCII text one `char` at a time through Unicode property
//! lookups (`is_alphabetic`, `is_numeric`, case tables), which made whole-entry
//! matching on CJK notebooks ~20× slower than on ASCII. For a query made of
//! ASCII and caseless CJK characters, every other non-ASCII character of a text
//! can never be matched; it only matters through its character class, as the
//! neighbour of a match. Such characters are replaced one for one by an ASCII
//! character of the same class that no query character matches, so positions,
//! gaps and bonuses, hence scores, stay the same (checked against nucleo in the
//! tests), and a text left pure ASCII takes nucleo's byte path.

use super::chars::caseless;
use nucleo::pattern::Atom;
use nucleo::Utf32Str;
use std::sync::OnceLock;

/// Stand-ins for the classes nucleo gives non-ASCII characters.
pub struct Squash {
    /// Non-ASCII query characters: kept as they are.
    keep: Vec<char>,
    /// A one-character needle: nucleo's non-ASCII path for those takes the class
    /// of the previous *match* as the neighbour's (not the ASCII path's), so
    /// such texts stay `char`s, only with cheaper stand-ins.
    keep_unicode: bool,
    /// By class: lower, upper, number, letter, whitespace, non-word.
    stand_in: [u8; 6],
}

const LOWER: u8 = 0;
const UPPER: u8 = 1;
const NUMBER: u8 = 2;
const LETTER: u8 = 3;
const WHITESPACE: u8 = 4;
const NON_WORD: u8 = 5;

impl Squash {
    /// `None` when a query character could be matched by a non-ASCII character
    /// other than itself (Latin letters with diacritics, Greek, full-width
    /// letters...): those queries take the plain path.
    pub fn new<'a>(atoms: impl Iterator<Item = &'a Atom>) -> Option<Squash> {
        let mut keep = Vec::new();
        let mut ascii = [false; 128];
        let mut keep_unicode = false;
        for a in atoms {
            keep_unicode |= a.needle_text().len() == 1;
            for c in a.needle_text().chars() {
                if c.is_ascii() {
                    ascii[c.to_ascii_lowercase() as usize] = true;
                    ascii[c.to_ascii_uppercase() as usize] = true;
                } else if caseless(c) {
                    keep.push(c);
                } else {
                    return None;
                }
            }
        }
        let free = |cands: &[u8]| cands.iter().copied().find(|&b| !ascii[b as usize]);
        // A letter free in both cases: upper-case for upper-case letters and for
        // caseless letters (as a neighbour, nucleo treats the two alike),
        // lower-case for lower-case ones.
        let letter = (b'A'..=b'Z').find(|&b| !ascii[b as usize] && !ascii[(b | 0x20) as usize])?;
        let stand_in = [
            letter | 0x20,
            letter,
            free(b"0123456789")?,
            letter,
            free(b" \t\n\r\x0c")?,
            free(b"#%&*+=@~?`<>")?,
        ];
        Some(Squash {
            keep,
            keep_unicode,
            stand_in,
        })
    }

    /// `text` as nucleo should see it. `text` must hold no character that an
    /// ASCII query character matches (see `has_ascii_lookalike`).
    pub fn apply<'a>(
        &self,
        text: &'a str,
        bytes: &'a mut Vec<u8>,
        chars: &'a mut Vec<char>,
    ) -> Utf32Str<'a> {
        if text.is_ascii() {
            return Utf32Str::Ascii(text.as_bytes());
        }
        let table = classes();
        bytes.clear();
        let mut it = text.chars();
        for c in it.by_ref() {
            if c.is_ascii() {
                bytes.push(c as u8);
            } else if self.keep_unicode || self.keep.contains(&c) {
                // A query character: the text stays Unicode.
                chars.clear();
                chars.extend(bytes.iter().map(|&b| char::from(b)));
                chars.push(if self.keep.contains(&c) {
                    c
                } else {
                    char::from(self.stand_in[class(table, c) as usize])
                });
                for c in it {
                    chars.push(if c.is_ascii() || self.keep.contains(&c) {
                        c
                    } else {
                        char::from(self.stand_in[class(table, c) as usize])
                    });
                }
                return Utf32Str::Unicode(chars);
            } else {
                bytes.push(self.stand_in[class(table, c) as usize]);
            }
        }
        Utf32Str::Ascii(bytes)
    }
}

fn class(table: &[u8], c: char) -> u8 {
    table
        .get(c as usize)
        .copied()
        .unwrap_or_else(|| class_of(c))
}

/// nucleo's class of a non-ASCII character (`char_class_non_ascii`).
fn class_of(c: char) -> u8 {
    if c.is_lowercase() {
        LOWER
    } else if nucleo::chars::is_upper_case(c) {
        UPPER
    } else if c.is_numeric() {
        NUMBER
    } else if c.is_alphabetic() {
        LETTER
    } else if c.is_whitespace() {
        WHITESPACE
    } else {
        NON_WORD
    }
}

/// Classes of the Basic Multilingual Plane, computed once (a few ms).
fn classes() -> &'static [u8] {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=0xFFFFu32)
            .map(|i| char::from_u32(i).map_or(NON_WORD, class_of))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::super::chars::{has_ascii_lookalike, matcher, utf32_str};
    use super::*;
    use nucleo::pattern::{CaseMatching, Normalization, Pattern};

    /// Random texts from an alphabet that mixes ASCII, CJK, CJK punctuation,
    /// full-width forms, Greek, other scripts and Unicode spaces: squashed or
    /// not, every query scores the same.
    #[test]
    fn squashed_texts_score_like_the_originals() {
        let alphabet: Vec<char> = "abcxenXENgtd 019,.;:/|-_()'\"\t\n\
            调度器内存管理策略时间，。、“”：（）！\u{3000}\u{00A0}\
            ｘｅｎ１２ＡΣσλДжअ①Ⅻ😀\u{FE0F}ﬀ"
            .chars()
            .collect();
        let queries = [
            "x",
            "xen",
            "XEN",
            "gtd",
            "schedule",
            "调",
            "调度器",
            "内存管理调度策略",
            "xen 调度",
            "'xen",
            "^xen",
            "xen$",
            "'调度",
            "^调",
            "!xen",
            "!调 x",
            "a\\ b",
            "1",
            "0x",
            "()",
            "调x",
            "e",
            "x1 调",
            "σ",
            "ｘ",
        ];
        let mut state = 0x2545F4914F6CDD1Du64;
        let mut rand = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let texts: Vec<String> = (0..3000)
            .map(|_| {
                let len = rand(120);
                (0..len).map(|_| alphabet[rand(alphabet.len())]).collect()
            })
            .collect();
        let mut m = matcher();
        let (mut buf, mut bytes, mut chars) = (Vec::new(), Vec::new(), Vec::new());
        let mut compared = 0;
        for q in queries {
            let pat = Pattern::parse(q, CaseMatching::Smart, Normalization::Smart);
            let Some(sq) = Squash::new(pat.atoms.iter()) else {
                continue;
            };
            for t in texts.iter().filter(|t| !has_ascii_lookalike(t)) {
                let want = pat.score(utf32_str(t, &mut buf), &mut m);
                let got = pat.score(sq.apply(t, &mut bytes, &mut chars), &mut m);
                assert_eq!(got, want, "{q:?} on {t:?}");
                compared += usize::from(want.is_some());
            }
        }
        assert!(compared > 1000, "too few matches compared: {compared}");
    }

    #[test]
    fn only_ascii_and_cjk_queries_squash() {
        let atoms = |q: &str| Pattern::parse(q, CaseMatching::Smart, Normalization::Smart);
        assert!(Squash::new(atoms("xen 调度").atoms.iter()).is_some());
        assert!(Squash::new(atoms("σ").atoms.iter()).is_none());
        assert!(Squash::new(atoms("ｘ").atoms.iter()).is_none());
    }

    /// The table is a cache of `class_of` (the fast path's whole point): it
    /// covers the BMP and agrees with it.
    #[test]
    fn the_class_table_is_class_of_over_the_bmp() {
        let table = classes();
        assert_eq!(table.len(), 0x10000);
        for (i, &k) in table.iter().enumerate() {
            let want = char::from_u32(i as u32).map_or(NON_WORD, class_of);
            assert_eq!(k, want, "U+{i:04X}");
        }
        assert_eq!(class(table, '调'), LETTER);
        assert_eq!(class(table, '😀'), NON_WORD);
    }
}
