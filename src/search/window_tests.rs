//! Tests of [`super`]: the windows against nucleo's whole-text scores.

use super::super::chars::{matcher, utf32};
use super::*;
use nucleo::pattern::{CaseMatching, Normalization, Pattern};

#[test]
fn the_window_is_the_greedy_match_shortened_from_the_end() {
    let w = |q: &str, t: &str| {
        let ignore_case = !q.chars().any(|c| c.is_ascii_uppercase());
        find(&q.chars().collect::<Vec<_>>(), ignore_case, t.as_bytes())
    };
    // x at 0 and 4: the backward scan from the first `n` starts at 4.
    assert_eq!(w("xen", "x.. xen xen"), Some(3..7));
    assert_eq!(w("xen", "xen"), Some(0..3));
    assert_eq!(w("xen", "XEN"), Some(0..3));
    assert_eq!(w("Xen", "xen"), None);
    assert_eq!(w("xen", "nex"), None);
    // The character before the window never starts a match itself.
    assert_eq!(w("xen", "axxen"), Some(0..5));
    assert_eq!(w("调度", "内调 x 度器"), Some(0..12));
    assert_eq!(w("调度", "调调度"), Some(0..9));
    // A Latin-1 letter is found by its UTF-8 bytes, not its code point.
    assert_eq!(w("fé", "café"), Some(1..5));
    assert_eq!(w("é", "é"), Some(0..2));
}

/// Long texts match exactly when nucleo matches them, and the windowed
/// score never exceeds nucleo's (below 2048 characters nucleo weighs every
/// match, the window's among them); short ones, and one-character needles,
/// score exactly as nucleo scores them. The matched characters are the
/// ones scored.
/// The best place counts, not the first greedy window: a whole word later
/// in the text beats letters scattered before it, and the marks land on it.
#[test]
fn a_whole_word_later_beats_scattered_letters_first() {
    let mut m = matcher();
    let mut bufs = (Vec::new(), Vec::new());
    let filler = "lorem ipsum dolor sit amet. ".repeat(12);
    let scattered = format!("{filler}gnome configuration tool, {filler}");
    let whole = format!("{filler}gnome tool, {filler} libvirt. migration.");
    let pat = Pattern::parse("migration", CaseMatching::Smart, Normalization::Smart);
    let a = &pat.atoms[0];
    let sq = Squash::new(pat.atoms.iter()).expect("squashes");
    let s1 = score(a, &scattered, &sq, &mut m, &mut bufs).expect("matches");
    let s2 = score(a, &whole, &sq, &mut m, &mut bufs).expect("matches");
    assert!(s2 > s1, "whole {s2} <= scattered {s1}");
    let mut at = Vec::new();
    indices(a, &whole, &sq, &mut m, &mut bufs, &mut at);
    assert_eq!(at.first(), whole.find("migration.").as_ref());
    assert_eq!(at.len(), "migration".len());
    // Scattered letters from a word start, with no whole occurrence: the
    // word-start place beats the greedy window's.
    let text = format!("m {filler} xen im mig rat ion");
    let pat = Pattern::parse("migration", CaseMatching::Smart, Normalization::Smart);
    let mut at = Vec::new();
    indices(&pat.atoms[0], &text, &sq, &mut m, &mut bufs, &mut at);
    assert_eq!(at.first(), text.find("mig ").as_ref());
    // Past nucleo's matrix (the span times the needle over 100 K cells:
    // 13 K characters for this needle) nucleo alone scores the greedy
    // match only; the windows still find the whole word later.
    let long = format!(
        "{filler}gnome configuration tool, {}migration.",
        filler.repeat(40)
    );
    let (mut buf, mut chars) = (Vec::new(), Vec::new());
    let alone = atom_score(a, sq.apply(&long, &mut buf, &mut chars), &mut m);
    let windowed = score(a, &long, &sq, &mut m, &mut bufs);
    assert!(windowed > alone, "{windowed:?} <= nucleo's {alone:?}");
}

#[test]
fn windowed_scores_keep_the_matches() {
    let mut m = matcher();
    let mut state = 0x9E3779B97F4A7C15u64;
    let mut rand = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    // Half the texts hold an upper-case X (a one-letter needle then takes
    // the whole text).
    let alphabets: [Vec<char>; 2] = [
        "xenxenabc 调度器内存，。.,_-/".chars().collect(),
        "xenXENabc 调度器内存，。.,_-/".chars().collect(),
    ];
    let (mut buf, mut chars) = (Vec::new(), Vec::new());
    let mut bufs = (Vec::new(), Vec::new());
    let mut compared = [0, 0];
    for len in [40, LONG / 2, LONG, LONG * 2, 1500] {
        for _ in 0..200 {
            let alphabet = &alphabets[rand(2)];
            let text: String = (0..len).map(|_| alphabet[rand(alphabet.len())]).collect();
            let queries = [
                "xen", "Xen", "xen_", "调度", "x调", "!xen", "'xen", "ab", "e", "X", "调", ".",
                "!x",
            ];
            for q in queries {
                let pat = Pattern::parse(q, CaseMatching::Smart, Normalization::Smart);
                let a = &pat.atoms[0];
                let sq = Squash::new(pat.atoms.iter()).expect("squashes");
                // The reference: nucleo on the whole squashed text.
                let full = sq.apply(&text, &mut buf, &mut chars);
                let want = atom_score(a, full, &mut m);
                let got = score(a, &text, &sq, &mut m, &mut bufs);
                assert_eq!(got.is_some(), want.is_some(), "{q:?} on {text:?}");
                if text.len() <= LONG || a.needle_text().len() == 1 {
                    assert_eq!(got, want, "{q:?} on {text:?}");
                } else {
                    assert!(got <= want, "{q:?} on {text:?}");
                }
                // (nucleo's own substring score differs with and without
                // indices: compare like with like.)
                let mut at = Vec::new();
                let with = indices(a, &text, &sq, &mut m, &mut bufs, &mut at);
                assert_eq!(with.is_some(), got.is_some(), "{q:?} on {text:?}");
                if text.len() <= LONG || a.kind != AtomKind::Fuzzy || a.needle_text().len() == 1 {
                    let full = sq.apply(&text, &mut buf, &mut chars);
                    let want = atom_indices(a, full, &mut m, &mut Vec::new());
                    assert_eq!(with, want, "{q:?} on {text:?}");
                }
                if got.is_some() && !a.negative {
                    let matched: String = at
                        .iter()
                        .filter_map(|&b| text[b..].chars().next())
                        .collect();
                    let needle: String = a.needle_text().chars().collect();
                    assert_eq!(
                        matched.to_lowercase(),
                        needle.to_lowercase(),
                        "{q:?} on {text:?}"
                    );
                }
                compared[usize::from(text.len() > LONG)] += usize::from(got.is_some());
            }
        }
    }
    assert!(
        compared.iter().all(|&n| n > 500),
        "too few matches compared: {compared:?}"
    );
}

/// Scattered letters from a later word start are scored when they lie
/// within `reach` bytes (64 for a needle of 4), and on a tie the earlier
/// place is the one marked.
#[test]
fn word_start_places_reach_eight_bytes_a_needle_byte_and_32_more() {
    let mut m = matcher();
    let mut bufs = (Vec::new(), Vec::new());
    let (mut buf, mut chars) = (Vec::new(), Vec::new());
    let pat = Pattern::parse("migr", CaseMatching::Smart, Normalization::Smart);
    let a = &pat.atoms[0];
    let sq = Squash::new(pat.atoms.iter()).expect("squashes");
    let filler = "z. ".repeat(100);
    // Early: the letters scattered inside words (the greedy window);
    // later: `m` at a word start and the rest `gap` bytes after it.
    let text = |gap: usize| {
        let spread = format!("m{}igr", "z".repeat(gap - 4));
        format!("{filler}zmzzizzgzzrz {filler}{spread} {filler}")
    };
    for (gap, found) in [(64, true), (65, false), (44, true)] {
        let t = text(gap);
        let got = score(a, &t, &sq, &mut m, &mut bufs);
        let greedy = atom_score(a, sq.apply(&t[300..313], &mut buf, &mut chars), &mut m);
        let mut at = Vec::new();
        indices(a, &t, &sq, &mut m, &mut bufs, &mut at);
        let later = t.rfind("m").unwrap();
        assert_eq!(at.first() == Some(&later), found, "gap {gap}: {at:?}");
        assert_eq!(
            got > greedy,
            found,
            "gap {gap}: {got:?} vs the greedy {greedy:?}"
        );
    }
    // A contiguous occurrence inside a word is a place too.
    let inside = format!("{filler}zmzzizzgzzrz {filler}xmigrz {filler}");
    let mut at = Vec::new();
    let got = indices(a, &inside, &sq, &mut m, &mut bufs, &mut at);
    let greedy = atom_score(a, sq.apply(&inside[300..313], &mut buf, &mut chars), &mut m);
    assert_eq!(at.first(), inside.find("migr").as_ref());
    assert!(got > greedy, "{got:?} vs the greedy {greedy:?}");
    // The same letters twice: the first place is marked.
    let twice = format!("{filler}mi gr {filler}mi gr {filler}");
    let mut at = Vec::new();
    indices(a, &twice, &sq, &mut m, &mut bufs, &mut at);
    assert_eq!(at.first(), twice.find("mi gr").as_ref());
}

/// A one-character needle on a text that is not ASCII is scored on its first
/// occurrence and the character before it; the whole text only where a later
/// one could score more (the other case present, or the text opening with it).
#[test]
fn a_one_character_needle_is_scored_at_its_first_occurrence() {
    let f = |c: char, t: &str| first_only(c, true, t.as_bytes());
    // "调调 x x": the window is the space before the first x and the x.
    assert_eq!(f('x', "调调 x x"), Some(Some(6..8)));
    // The character before is a whole one, however many bytes it has.
    assert_eq!(f('x', "调调x"), Some(Some(3..7)));
    assert_eq!(f('调', "a 调"), Some(Some(1..5)));
    // A digit or a hanzi has no other case: found even when it occurs again.
    assert_eq!(f('3', "调 3 3"), Some(Some(3..5)));
    assert_eq!(f('x', "调 y"), Some(None), "no x: no match");
    assert_eq!(f('x', "调 x X"), None, "a capital X may score more");
    assert_eq!(f('x', "x 调"), None, "the text opens with it");
    assert_eq!(f('x', "plain ascii x"), None, "nucleo's own ASCII path");
    // Each window scores as nucleo scores the whole text.
    let mut m = matcher();
    for (c, t) in [('x', "调调 x x"), ('3', "调 3 3"), ('调', "a 调 调")] {
        let pat = Pattern::parse(&c.to_string(), CaseMatching::Smart, Normalization::Smart);
        let whole = pat.score(utf32(t).slice(..), &mut m);
        let w = f(c, t).unwrap().unwrap();
        assert_eq!(pat.score(utf32(&t[w]).slice(..), &mut m), whole, "{t:?}");
    }
}
