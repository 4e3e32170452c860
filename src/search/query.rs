//! Queries in fzf's syntax (`'exact`, `^prefix`, `suffix$`, `!not`, `a | b`),
//! parsed once and scored with nucleo's atoms, and the characters a match hit
//! (for highlighting and for `rizhi search`'s column).

use super::chars::{atom_indices, atom_score, has_ascii_lookalike, utf32_str};
use super::{squash, window};
use nucleo::pattern::{CaseMatching, Normalization};
use nucleo::{Matcher, Utf32Str};

/// What a query is matched against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The keyword line (an entry's title).
    #[default]
    Keywords,
    /// Everything after the header line.
    All,
}

impl Scope {
    pub fn label(&self) -> &'static str {
        match self {
            Scope::Keywords => "keywords",
            Scope::All => "whole entries",
        }
    }

    pub fn toggled(self) -> Scope {
        match self {
            Scope::Keywords => Scope::All,
            Scope::All => Scope::Keywords,
        }
    }
}

/// A parsed query: words that must all match (AND), where `a | b` makes a group
/// of alternatives (OR), as in fzf. nucleo's own `Pattern` has no OR.
#[derive(Clone)]
pub struct Query {
    pub(super) groups: Vec<Vec<nucleo::pattern::Atom>>,
}

impl Query {
    pub fn score(&self, hay: Utf32Str<'_>, m: &mut Matcher) -> Option<u32> {
        let mut total = 0;
        for g in &self.groups {
            total += g.iter().filter_map(|a| atom_score(a, hay, m)).max()? as u32;
        }
        Some(total)
    }

    /// The score of `text`: squashed with `sq` when given (then `text` must hold
    /// no ASCII lookalike), and long texts scored on their greedy window.
    pub(super) fn score_text(
        &self,
        text: &str,
        sq: Option<&squash::Squash>,
        m: &mut Matcher,
        bufs: &mut (Vec<u8>, Vec<char>),
    ) -> Option<u32> {
        let Some(sq) = sq else {
            return self.score(utf32_str(text, &mut bufs.1), m);
        };
        let mut total = 0;
        for g in &self.groups {
            let best = g.iter().filter_map(|a| window::score(a, text, sq, m, bufs));
            total += best.max()? as u32;
        }
        Some(total)
    }

    /// The score, with the matched char indices of each group's best atom.
    pub fn indices(&self, hay: Utf32Str<'_>, m: &mut Matcher, out: &mut Vec<u32>) -> Option<u32> {
        self.best_per_group(out, |a, scratch| atom_indices(a, hay, m, scratch))
    }

    /// [`Query::score_text`], with the byte offsets in `text` of the matched
    /// characters of each group's best atom.
    fn bytes_squashed(
        &self,
        text: &str,
        sq: &squash::Squash,
        m: &mut Matcher,
        out: &mut Vec<usize>,
    ) -> Option<u32> {
        let mut bufs = (Vec::new(), Vec::new());
        self.best_per_group(out, |a, scratch| {
            window::indices(a, text, sq, m, &mut bufs, scratch)
        })
    }

    /// The sum over the groups of each group's best atom score (`None` when a
    /// group has no matching atom), with that atom's positions, as `indices`
    /// gives them, appended to `out`.
    fn best_per_group<T: Clone>(
        &self,
        out: &mut Vec<T>,
        mut indices: impl FnMut(&nucleo::pattern::Atom, &mut Vec<T>) -> Option<u16>,
    ) -> Option<u32> {
        let mut total = 0;
        let mut scratch = Vec::new();
        for g in &self.groups {
            let mut best: Option<(u16, Vec<T>)> = None;
            for a in g {
                scratch.clear();
                if let Some(sc) = indices(a, &mut scratch) {
                    if best.as_ref().is_none_or(|b| sc > b.0) {
                        best = Some((sc, scratch.clone()));
                    }
                }
            }
            let (sc, idx) = best?;
            total += u32::from(sc);
            out.extend(idx);
        }
        Some(total)
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether a word must match the whole text, trimmed of white space
    /// (`^word$`, and `'word$` as nucleo and helix read it), so that whether
    /// it matches depends on what follows.
    pub fn has_whole_text_word(&self) -> bool {
        let whole =
            |a: &nucleo::pattern::Atom| !a.negative && a.kind == nucleo::pattern::AtomKind::Exact;
        self.groups.iter().flatten().any(whole)
    }
}

/// Whether a query uses `|` (which only our own matcher understands).
pub fn has_or(query: &str) -> bool {
    query.split_whitespace().any(|w| w == "|")
}

pub fn pattern(query: &str) -> Query {
    let mut groups: Vec<Vec<nucleo::pattern::Atom>> = Vec::new();
    let mut join = false;
    for word in query.split_whitespace() {
        if word == "|" {
            join = !groups.is_empty();
            continue;
        }
        let atom = nucleo::pattern::Atom::parse(word, CaseMatching::Smart, Normalization::Smart);
        if atom.needle_text().is_empty() {
            continue;
        }
        match groups.last_mut() {
            Some(g) if join => g.push(atom),
            _ => groups.push(vec![atom]),
        }
        join = false;
    }
    Query { groups }
}

/// The byte offset in `text` of the first character `query` matched.
pub fn first_match(pat: &Query, text: &str, m: &mut Matcher) -> Option<usize> {
    match_bytes(pat, text, m).first().copied()
}

/// Byte offsets in `text` of the characters `query` matched (for highlighting),
/// the same match the search scored.
pub fn match_bytes(pat: &Query, text: &str, m: &mut Matcher) -> Vec<usize> {
    let mut out = Vec::new();
    match squash::Squash::new(pat.groups.iter().flatten()) {
        Some(sq) if !has_ascii_lookalike(text) => {
            if pat.bytes_squashed(text, &sq, m, &mut out).is_none() {
                return Vec::new();
            }
            out.sort_unstable();
            out.dedup();
        }
        _ => {
            let mut buf = Vec::new();
            let mut idx = Vec::new();
            if pat
                .indices(utf32_str(text, &mut buf), m, &mut idx)
                .is_none()
            {
                return Vec::new();
            }
            idx.sort_unstable();
            idx.dedup();
            let mut it = idx.iter().peekable();
            for (ci, (b, _)) in text.char_indices().enumerate() {
                match it.peek() {
                    Some(&&i) if i as usize == ci => {
                        out.push(b);
                        it.next();
                    }
                    Some(_) => {}
                    None => break,
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::chars::matcher;
    use super::*;

    #[test]
    fn match_bytes_maps_chars_to_bytes() {
        let mut m = matcher();
        let text = "时间管理, GTD";
        let b = match_bytes(&pattern("管理 gtd"), text, &mut m);
        assert_eq!(b, vec![6, 9, 14, 15, 16]);
    }

    #[test]
    fn fzf_syntax_works() {
        let mut m = matcher();
        let mut buf = Vec::new();
        let score = |q: &str, t: &str, m: &mut Matcher, buf: &mut Vec<char>| {
            pattern(q).score(utf32_str(t, buf), m).is_some()
        };
        assert!(score("'xen", "virtualization, xen", &mut m, &mut buf));
        assert!(!score("!xen", "virtualization, xen", &mut m, &mut buf));
        assert!(score("^virt", "virtualization, xen", &mut m, &mut buf));
        assert!(score("xen$", "virtualization, xen", &mut m, &mut buf));
        assert!(score("gtd | arm", "opensuse, arm", &mut m, &mut buf));
    }

    /// A query's score is the sum of its words' scores, on the plain path
    /// and on the squashed one; the scopes' names and their toggle.
    #[test]
    fn a_query_scores_the_sum_of_its_words_and_scopes_toggle() {
        use super::super::chars::utf32;
        let mut m = matcher();
        let mut bufs = (Vec::new(), Vec::new());
        let text = "virtualization, xen, kvm";
        let one_in =
            |q: &str, t: &str, m: &mut Matcher| pattern(q).score(utf32(t).slice(..), m).unwrap();
        let one = |q: &str, m: &mut Matcher| one_in(q, text, m);
        let (xen, kvm) = (one("xen", &mut m), one("kvm", &mut m));
        assert!(xen > 1 && kvm > 1);
        let both = pattern("xen kvm");
        assert_eq!(both.score(utf32(text).slice(..), &mut m), Some(xen + kvm));
        let sq = squash::Squash::new(both.groups.iter().flatten()).expect("ASCII words squash");
        let squashed = both.score_text(text, Some(&sq), &mut m, &mut bufs);
        let alone = |q: &str, m: &mut Matcher, bufs: &mut (Vec<u8>, Vec<char>)| {
            let p = pattern(q);
            let sq = squash::Squash::new(p.groups.iter().flatten()).unwrap();
            p.score_text(text, Some(&sq), m, bufs).unwrap()
        };
        let (sx, sk) = (
            alone("xen", &mut m, &mut bufs),
            alone("kvm", &mut m, &mut bufs),
        );
        assert!(sx > 1 && sk > 1, "{sx} {sk}");
        assert_eq!(squashed, Some(sx + sk));
        // Of `a | b`, the better-scoring word is scored and highlighted,
        // whichever comes first.
        let t = "kvm, sxen";
        let (x, k) = (one_in("'xen", t, &mut m), one_in("'kvm", t, &mut m));
        assert!(k > x, "{k} {x}");
        for q in ["'xen | 'kvm", "'kvm | 'xen"] {
            let mut idx = Vec::new();
            assert_eq!(
                pattern(q).indices(utf32(t).slice(..), &mut m, &mut idx),
                Some(k),
                "{q}"
            );
            assert_eq!(idx, [0, 1, 2], "{q}");
        }
        // Equal scores: the word written first.
        let t = "abc xyz";
        assert_eq!(one_in("'abc", t, &mut m), one_in("'xyz", t, &mut m));
        let mut idx = Vec::new();
        assert!(pattern("'xyz | 'abc")
            .indices(utf32(t).slice(..), &mut m, &mut idx)
            .is_some());
        assert_eq!(idx, [4, 5, 6]);
        assert!(pattern("").is_empty() && pattern("  ").is_empty());
        assert!(!pattern("xen").is_empty() && !pattern("!xen").is_empty());
        // A text with a Latin lookalike takes nucleo's own path, which
        // folds `é` to `e`; its char positions become byte offsets.
        assert_eq!(match_bytes(&pattern("cafe"), "café", &mut m), [0, 1, 2, 3]);
        assert_eq!(match_bytes(&pattern("xen"), "é 调 xen", &mut m), [7, 8, 9]);
        assert_eq!(match_bytes(&pattern("é"), "调 xé", &mut m), [5]);
        assert_eq!(Scope::Keywords.label(), "keywords");
        assert_eq!(Scope::All.label(), "whole entries");
        assert_eq!(Scope::Keywords.toggled(), Scope::All);
        assert_eq!(Scope::All.toggled(), Scope::Keywords);
    }

    /// A query with a capital is case-sensitive; its `^Xen`, `Xen$` and
    /// `^Xen$` match a text that starts with, ends with or is `Xen` (white
    /// space around it aside), scored as the caseless match of that place,
    /// and not a text with `xen` or `XEN` there. nucleo-matcher 0.3.1
    /// compared the whole text (`^Xr` scored "Xr" but not "Xr Xr": case 49,
    /// found by fuzz/query).
    #[test]
    fn case_sensitive_anchors_match_their_place_not_the_whole_text() {
        use super::super::chars::utf32;
        let mut m = matcher();
        let hit = |q: &str, t: &str, m: &mut Matcher| pattern(q).score(utf32(t).slice(..), m);
        let cases = [
            (
                "^Xen",
                ["Xen", "Xen kvm", "  Xen, kvm", "Xenial"],
                ["xen kvm", "a Xen", "XEN"],
            ),
            (
                "Xen$",
                ["Xen", "kvm, Xen", "kvm Xen  ", "RXen"],
                ["kvm xen", "Xen kvm", "XEN"],
            ),
            (
                "^Xen$",
                ["Xen", " Xen\t", "Xen ", "\tXen"],
                ["Xen kvm", "xen", "a Xen"],
            ),
        ];
        for (q, yes, no) in cases {
            let caseless = q.to_lowercase();
            for t in yes {
                let s = hit(q, t, &mut m);
                assert!(s.is_some(), "{q} on {t:?}");
                assert_eq!(
                    s,
                    hit(&caseless, t, &mut m),
                    "{q} on {t:?}: the caseless score"
                );
                assert_eq!(hit(&format!("!{q}"), t, &mut m), None, "!{q} on {t:?}");
            }
            for t in no {
                assert_eq!(hit(q, t, &mut m), None, "{q} on {t:?}");
                assert!(hit(&format!("!{q}"), t, &mut m).is_some(), "!{q} on {t:?}");
            }
        }
        let mut idx = Vec::new();
        let q = pattern("^Xen");
        assert!(q
            .indices(utf32("  Xen kvm").slice(..), &mut m, &mut idx)
            .is_some());
        assert_eq!(idx, [2, 3, 4]);
        idx.clear();
        assert!(pattern("Kvm$")
            .indices(utf32("Xen Kvm").slice(..), &mut m, &mut idx)
            .is_some());
        assert_eq!(idx, [4, 5, 6]);
        idx.clear();
        // A text that is the word, which nucleo matched too: its indices once.
        assert!(q
            .indices(utf32("Xen").slice(..), &mut m, &mut idx)
            .is_some());
        assert_eq!(idx, [0, 1, 2]);
        idx.clear();
        let both = |q: &str, t: &str, m: &mut Matcher, idx: &mut Vec<u32>| {
            pattern(q).indices(utf32(t).slice(..), m, idx)
        };
        assert!(both("!^Xen kvm", "Xen kvm", &mut m, &mut idx).is_none());
        idx.clear();
        assert!(both("!^Xen kvm", "xen kvm", &mut m, &mut idx).is_some());
        assert_eq!(idx, [4, 5, 6], "only the positive word's: {idx:?}");
        idx.clear();
        assert_eq!(
            q.indices(utf32("xen Xen").slice(..), &mut m, &mut idx),
            None
        );
        assert!(idx.is_empty(), "no highlight without a match: {idx:?}");
    }

    /// `^word$` and `'word$` match a text that is the word alone, white space
    /// around it aside; the same text written twice is not (fuzz/query's
    /// case 48: `!a\t'\u{11}$` on `"   \u{11}"`, which is right, and was
    /// the fuzz target's property being wrong).
    #[test]
    fn whole_text_words_match_the_word_alone() {
        use super::super::chars::utf32;
        let mut m = matcher();
        let hit = |q: &str, t: &str, m: &mut Matcher| pattern(q).score(utf32(t).slice(..), m);
        for q in ["^xen$", "'xen$", "!a\t'\u{11}$"] {
            let text = if q.contains('\u{11}') {
                "   \u{11}"
            } else {
                "  xen "
            };
            assert!(pattern(q).has_whole_text_word(), "{q}");
            assert!(hit(q, text, &mut m).is_some(), "{q} on {text:?}");
            assert!(
                hit(q, &format!(" {text}\t"), &mut m).is_some(),
                "{q} padded"
            );
            assert_eq!(hit(q, &format!("{text} {text}"), &mut m), None, "{q} twice");
        }
        assert_eq!(hit("^xen$", "xen, kvm", &mut m), None);
        for q in ["xen", "'xen", "^xen", "xen$", "!^xen$", "xen | ^a$ x"] {
            let whole = q.contains("^a$");
            assert_eq!(pattern(q).has_whole_text_word(), whole, "{q}");
        }
    }

    /// nucleo-matcher 0.3.1's substring search never tries the last place of a
    /// non-ASCII text (found by fuzz/query: `!3\u{FFFD}` let "733\u{FFFD}" in).
    #[test]
    fn substring_atoms_find_a_needle_opening_with_non_letters_in_ascii_text() {
        use super::super::chars::utf32;
        let mut m = matcher();
        let hit = |q: &str, t: &str, m: &mut Matcher| pattern(q).score(utf32(t).slice(..), m);
        // The fuzz target's input: a negated needle ending the text.
        let text = "\u{11}\0!!!\u{1}\u{3}!!!!!\u{1}\0!!!!!!!!!ade";
        assert_eq!(hit("!!!!!ade", text, &mut m), None);
        assert_eq!(hit("!!!!!ade", &format!("{text} {text}"), &mut m), None);
        for (needle, text) in [
            ("!!ade", "x !!ADE y"),
            ("!!!!ade", "!!!!!!!!!ade"),
            ("1.2x", "v1.2X"),
        ] {
            let (not, exact) = (format!("!{needle}"), format!("'{needle}"));
            assert!(hit(&exact, text, &mut m).is_some(), "{exact} on {text:?}");
            assert_eq!(hit(&not, text, &mut m), None, "{not} on {text:?}");
            let at = text.to_ascii_lowercase().find(needle).unwrap();
            assert_eq!(
                match_bytes(&pattern(&exact), text, &mut m),
                (at..at + needle.len()).collect::<Vec<_>>()
            );
        }
        // Not there: still not found; an upper-case needle respects case.
        assert_eq!(hit("'!!ade", "!!ad e", &mut m), None);
        assert_eq!(hit("'!!ADE", "!!ade", &mut m), None);
        assert!(hit("!!!ADE", "!!ade", &mut m).is_some());
    }

    #[test]
    fn substring_atoms_find_a_needle_ending_a_non_ascii_text() {
        use super::super::chars::utf32;
        let mut m = matcher();
        let hit = |q: &str, t: &str, m: &mut Matcher| pattern(q).score(utf32(t).slice(..), m);
        let cases = [
            ("3\u{FFFD}", "733\u{FFFD}"),
            ("管理", "时间管理"),
            ("xen", "内核 xen"),
            ("é1", "aé1"),
            ("中X", "一中X"),
        ];
        for (needle, text) in cases {
            let (not, exact) = (format!("!{needle}"), format!("'{needle}"));
            assert_eq!(hit(&not, text, &mut m), None, "{not} on {text:?}");
            assert_eq!(hit(&not, &format!("{text} {text}"), &mut m), None, "{not}");
            assert!(hit(&exact, text, &mut m).is_some(), "{exact} on {text:?}");
            assert!(
                !match_bytes(&pattern(&exact), text, &mut m).is_empty(),
                "{exact}"
            );
            assert!(hit(&not, &format!("{text}."), &mut m).is_none(), "{not}");
        }
        // Smart case still holds at the end: an upper-case X respects case.
        assert_eq!(hit("!中X", "一中x", &mut m), Some(0));
        assert_eq!(hit("'中X", "一中x", &mut m), None);
        assert_eq!(hit("!中", "一中", &mut m), None);
    }

    /// The same through the filter's literal search (squashed or not).
    #[test]
    fn the_filter_drops_entries_ending_with_a_negated_needle() {
        use super::super::literal::Literal;
        use crate::notebook::Notebook;
        use std::sync::Arc;
        let text = "9:00 2014-3-1\n733\u{FFFD}\nx\n\n9:05 2014-3-1\n时间管理\nx\n\n\
                    9:10 2014-3-1\nother\nx\n";
        let nb = Arc::new(Notebook::from_bytes("a.txt", text.as_bytes()));
        let titles = |q: &str| {
            let mut live = Literal::new(Arc::new(|| {}));
            Literal::push(&live.feed(), 0, &nb);
            live.set(q, Scope::Keywords);
            while live.tick(10).1 {}
            let mut t: Vec<&str> = live
                .all()
                .map(|k| nb.title(&nb.entries()[k.index as usize]))
                .collect();
            t.sort_unstable();
            t
        };
        assert_eq!(titles("!3\u{FFFD}"), ["other", "时间管理"]);
        assert_eq!(titles("!管理"), ["733\u{FFFD}", "other"]);
        assert_eq!(titles("'管理"), ["时间管理"]);
        assert_eq!(titles("'3\u{FFFD}"), ["733\u{FFFD}"]);
    }
}
