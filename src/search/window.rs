//! fzf's answer to long texts: a fuzzy atom is scored only on a few bounded
//! windows of the text, never over the whole of it.
//!
//! nucleo scores a fuzzy atom with an optimal matrix over the span from the first
//! occurrence of the needle's first character to the last occurrence of its last
//! one: on a ~3 KB notebook entry that is most of the entry, times the needle's
//! length, after converting the whole entry for it. For texts longer than
//! [`LONG`] bytes the windows are found on the UTF-8 bytes instead, with memchr:
//! the greedy window (forward for the needle's characters in order, then
//! backward from where the first match ends, as fzf's V1), and the best
//! *place*: the first occurrence of the needle as a whole word-start substring,
//! else its first contiguous occurrence, else up to [`STARTS`] greedy windows
//! of at most [`reach`] bytes from word starts of its first character. Each
//! window, with the character before it for the boundary bonus, is squashed and
//! scored by nucleo (fzf's V2 alignment inside it); the best one counts. So
//! `migration` written out later in an entry beats m…i…g…r…a…t…i…o…n
//! scattered over "gnome configuration tool" before it. A text matches exactly
//! when it did before (the forward scan finds a match whenever there is one).
//!
//! Only texts and queries that squash ([`Squash`]) are windowed: there a needle
//! character (ASCII or caseless CJK) matches a text character only when they are
//! equal, up to ASCII case when the atom ignores case, so the scan compares bytes.

use super::chars::{atom_indices, atom_score};
use super::squash::Squash;
use nucleo::pattern::{Atom, AtomKind};
use nucleo::Matcher;
use std::ops::Range;

/// Texts longer than this many bytes are scored on bounded windows.
pub const LONG: usize = 256;

/// Greedy windows tried from word starts after the greedy window, when the
/// needle never occurs whole.
const STARTS: usize = 3;

/// How far a window from a word start may reach, in bytes, for a needle of
/// `n` bytes: scattered letters further apart than this are not a place.
fn reach(n: usize) -> usize {
    8 * n + 32
}

/// The atom's score on `text` (`None`: the atom rejects it). `text` must hold no
/// ASCII lookalike (see `has_ascii_lookalike`) and `sq` must come from a pattern
/// holding `atom`.
pub fn score(
    atom: &Atom,
    text: &str,
    sq: &Squash,
    m: &mut Matcher,
    bufs: &mut (Vec<u8>, Vec<char>),
) -> Option<u16> {
    let ranges = match span(atom, text) {
        Ok(r) => r,
        Err(decided) => return decided,
    };
    best(atom, text, &ranges, sq, m, bufs).map(|(s, _)| s)
}

/// The best-scoring of `ranges` (of a matching atom): its score and which.
fn best(
    atom: &Atom,
    text: &str,
    ranges: &[Range<usize>],
    sq: &Squash,
    m: &mut Matcher,
    bufs: &mut (Vec<u8>, Vec<char>),
) -> Option<(u16, usize)> {
    let mut top: Option<(u16, usize)> = None;
    for (i, r) in ranges.iter().enumerate() {
        let s = atom_score(
            atom,
            sq.apply(&text[r.clone()], &mut bufs.0, &mut bufs.1),
            m,
        );
        if let Some(s) = s {
            if top.is_none_or(|t| s > t.0) {
                top = Some((s, i));
            }
        }
    }
    top
}

/// The parts of `text` the atom is scored on (the best counts), or the atom's
/// verdict when the greedy scan settles it (a negative atom that matches, or
/// any atom that cannot).
fn span(atom: &Atom, text: &str) -> Result<Vec<Range<usize>>, Option<u16>> {
    match window(atom, text) {
        None => Ok(std::iter::once(0..text.len()).collect()),
        Some(found) => match (found, atom.negative) {
            (Some(_), true) => Err(None),
            (None, true) => Err(Some(0)),
            (None, false) => Err(None),
            (Some(r), false) => Ok(r),
        },
    }
}

/// [`score`], with the byte offsets in `text` of the matched characters
/// appended to `out`.
pub fn indices(
    atom: &Atom,
    text: &str,
    sq: &Squash,
    m: &mut Matcher,
    bufs: &mut (Vec<u8>, Vec<char>),
    out: &mut Vec<usize>,
) -> Option<u16> {
    let ranges = match span(atom, text) {
        Ok(r) => r,
        Err(decided) => return decided,
    };
    let (_, i) = best(atom, text, &ranges, sq, m, bufs)?;
    let range = ranges[i].clone();
    let part = &text[range.clone()];
    let mut idx = Vec::new();
    let score = atom_indices(atom, sq.apply(part, &mut bufs.0, &mut bufs.1), m, &mut idx)?;
    idx.sort_unstable();
    let mut want = idx.iter().peekable();
    for (ci, (b, _)) in part.char_indices().enumerate() {
        match want.peek() {
            Some(&&i) if i as usize == ci => {
                out.push(range.start + b);
                want.next();
            }
            Some(_) => {}
            None => break,
        }
    }
    Some(score)
}

/// `None` when the atom is scored on the whole text: not fuzzy, or a short
/// text. Otherwise the parts of the text that decide the score, `None` inside
/// when the needle does not occur.
fn window(atom: &Atom, text: &str) -> Option<Option<Vec<Range<usize>>>> {
    if atom.kind != AtomKind::Fuzzy || text.len() <= LONG {
        return None;
    }
    let needle: Vec<char> = atom.needle_text().chars().collect();
    // nucleo's smart case: an upper-case letter in the needle respects case.
    let ignore_case = !needle.iter().any(char::is_ascii_uppercase);
    match needle[..] {
        [] => None,
        [c] => first_only(c, ignore_case, text.as_bytes()).map(|r| r.map(|r| vec![r])),
        _ => {
            let b = text.as_bytes();
            let greedy = find(&needle, ignore_case, b);
            Some(greedy.map(|g| match atom.negative {
                true => vec![g],
                false => places(&needle, ignore_case, b, g),
            }))
        }
    }
}

/// The greedy window and the best other place (see the module comment).
fn places(
    needle: &[char],
    ignore_case: bool,
    text: &[u8],
    greedy: Range<usize>,
) -> Vec<Range<usize>> {
    let mut out = vec![greedy];
    let mut utf8 = Vec::new();
    for c in needle {
        let mut b = [0; 4];
        utf8.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    }
    let same = |at: usize| {
        text.get(at..at + utf8.len()).is_some_and(|t| {
            if ignore_case {
                t.eq_ignore_ascii_case(&utf8)
            } else {
                t == &utf8[..]
            }
        })
    };
    let word_start = |at: usize| at == 0 || !text[at - 1].is_ascii_alphanumeric();
    let first = needle[0];
    let (mut whole, mut word) = (None, false);
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(d) = find_char(first, ignore_case, &text[from..]) {
        let at = from + d;
        from = at + first.len_utf8();
        let boundary = word_start(at);
        if same(at) {
            if boundary {
                whole = Some(at);
                word = true;
                break;
            }
            whole = whole.or(Some(at));
        } else if boundary && whole.is_none() && at >= out[0].end && starts.len() < STARTS {
            starts.push(at);
        }
    }
    if let Some(at) = whole {
        let place = lead(first, ignore_case, text, at)..at + utf8.len();
        // A whole word start gets the best bonus on every character: nothing
        // scattered beats it, so the greedy window need not be scored.
        if word {
            return vec![place];
        }
        if place != out[0] {
            out.push(place);
        }
        return out;
    }
    let reach = reach(utf8.len());
    for at in starts {
        let end = (at + reach).min(text.len());
        let Some(r) = find(needle, ignore_case, &text[at..end]) else {
            continue;
        };
        // `find` on the slice starts at `at`: look left of it again.
        let lo = if r.start == 0 {
            lead(first, ignore_case, text, at)
        } else {
            at + r.start
        };
        out.push(lo..at + r.end);
    }
    out
}

/// Where a window whose first match is at `start` begins: the character
/// before it, moved further left over characters equal to the needle's first,
/// so that the window's first character (whose own neighbour is not in the
/// window) never starts a match itself, unless it is the text's first.
fn lead(first: char, ignore_case: bool, text: &[u8], start: usize) -> usize {
    let mut lo = start;
    while lo > 0 {
        lo -= 1;
        while lo > 0 && text[lo] & 0xC0 == 0x80 {
            lo -= 1;
        }
        if find_char(first, ignore_case, &text[lo..]) != Some(0) {
            break;
        }
    }
    lo
}

/// A one-character needle on a text that is not pure ASCII (nucleo's ASCII
/// path already scans with memchr): nucleo's `char` path weighs each later
/// occurrence against the class of the occurrence before it, not of its own
/// neighbour, so none beats the first one unless the two differ in case. The
/// first occurrence with its neighbour decides the score, unless the needle is
/// a letter matched in both cases and the text holds the other case (then, or
/// when the text starts with the needle, `None`: the whole text).
fn first_only(c: char, ignore_case: bool, text: &[u8]) -> Option<Option<Range<usize>>> {
    if text.is_ascii() {
        return None;
    }
    let exact = if ignore_case && c.is_ascii_lowercase() {
        if memchr::memchr(c.to_ascii_uppercase() as u8, text).is_some() {
            return None;
        }
        false
    } else {
        true
    };
    let Some(at) = find_char(c, !exact, text) else {
        return Some(None);
    };
    if at == 0 {
        return None;
    }
    let mut lo = at - 1;
    while lo > 0 && text[lo] & 0xC0 == 0x80 {
        lo -= 1;
    }
    Some(Some(lo..at + c.len_utf8()))
}

/// The greedy window of `needle` in `text` as a byte range. It starts at the
/// character before the first matched one, for that one's class; moved further
/// left over characters equal to the needle's first, so that the window's
/// first character (whose own neighbour is not in the window) never starts a
/// match itself, unless it is the text's first.
fn find(needle: &[char], ignore_case: bool, text: &[u8]) -> Option<Range<usize>> {
    let mut at = 0;
    for &c in needle {
        at += find_char(c, ignore_case, &text[at..])? + c.len_utf8();
    }
    let end = at;
    let mut start = end;
    for &c in needle.iter().rev() {
        start = rfind_char(c, ignore_case, &text[..start])?;
    }
    Some(lead(*needle.first()?, ignore_case, text, start)..end)
}

fn find_char(c: char, ignore_case: bool, text: &[u8]) -> Option<usize> {
    let mut utf8 = [0; 4];
    match u8::try_from(c) {
        Ok(b) if ignore_case && b.is_ascii_lowercase() => {
            memchr::memchr2(b, b.to_ascii_uppercase(), text)
        }
        Ok(b) if b.is_ascii() => memchr::memchr(b, text),
        _ => memchr::memmem::find(text, c.encode_utf8(&mut utf8).as_bytes()),
    }
}

fn rfind_char(c: char, ignore_case: bool, text: &[u8]) -> Option<usize> {
    let mut utf8 = [0; 4];
    match u8::try_from(c) {
        Ok(b) if ignore_case && b.is_ascii_lowercase() => {
            memchr::memrchr2(b, b.to_ascii_uppercase(), text)
        }
        Ok(b) if b.is_ascii() => memchr::memrchr(b, text),
        _ => memchr::memmem::rfind(text, c.encode_utf8(&mut utf8).as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::chars::matcher;
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
                    if text.len() <= LONG || a.kind != AtomKind::Fuzzy || a.needle_text().len() == 1
                    {
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
}
