//! The literal prefilter: a necessary condition for a query to match a text,
//! checked on its UTF-8 bytes with memchr/memmem before any conversion for
//! nucleo's scorer. It never rejects a text nucleo would match (see the tests,
//! which check the character classes over all of Unicode).

use super::chars::{caseless, has_ascii_lookalike};
use super::query::Query;
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

#[cfg(test)]
mod tests {
    use super::super::chars::{matcher, utf32_str};
    use super::super::query::pattern;
    use super::*;
    use nucleo::pattern::{CaseMatching, Normalization};

    fn nucleo_pattern(q: &str) -> Pattern {
        Pattern::parse(q, CaseMatching::Smart, Normalization::Smart)
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

    #[test]
    fn each_character_is_found_after_the_one_before() {
        let rejects = |q: &str, t: &str| !Prefilter::new(&nucleo_pattern(q)).may_match(t, None);
        // In order: a letter, a digit, a CJK character each once a match.
        assert!(rejects("xen", "nex"));
        assert!(rejects("xx", "x"));
        assert!(rejects("11", "1"));
        assert!(rejects("调调", "调"));
        assert!(rejects("x1", "1x"));
        assert!(!rejects("x1", "x 1"));
        assert!(!rejects("11", "1 1"));
    }
}
