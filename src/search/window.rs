//! fzf's answer to long texts (its "V1" algorithm): a fuzzy atom is scored only
//! on its greedy match window, not over the whole text.
//!
//! nucleo scores a fuzzy atom with an optimal matrix over the span from the first
//! occurrence of the needle's first character to the last occurrence of its last
//! one: on a ~3 KB notebook entry that is most of the entry, times the needle's
//! length, after converting the whole entry for it. For texts longer than
//! [`LONG`] bytes the window is found on the UTF-8 bytes instead, the greedy
//! way: forward for the needle's characters in order (where the first match
//! ends), then backward from there (the shortest start). Only that window, with
//! the character before it for the boundary bonus, is squashed and scored by
//! nucleo. A text matches exactly when it did before (the forward scan finds a
//! match whenever there is one); its score may be lower when a better-placed
//! occurrence comes later, as in fzf.
//!
//! Only texts and queries that squash ([`Squash`]) are windowed: there a needle
//! character (ASCII or caseless CJK) matches a text character only when they are
//! equal, up to ASCII case when the atom ignores case, so the scan compares bytes.

use super::squash::Squash;
use nucleo::pattern::{Atom, AtomKind};
use nucleo::Matcher;
use std::ops::Range;

/// Texts longer than this many bytes are scored on their greedy window.
pub const LONG: usize = 256;

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
    let range = match span(atom, text) {
        Ok(r) => r,
        Err(decided) => return decided,
    };
    atom.score(sq.apply(&text[range], &mut bufs.0, &mut bufs.1), m)
}

/// The part of `text` the atom is scored on, or the atom's verdict when the
/// greedy scan settles it (a negative atom that matches, or any atom that
/// cannot).
fn span(atom: &Atom, text: &str) -> Result<Range<usize>, Option<u16>> {
    match window(atom, text) {
        None => Ok(0..text.len()),
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
    let range = match span(atom, text) {
        Ok(r) => r,
        Err(decided) => return decided,
    };
    let part = &text[range.clone()];
    let mut idx = Vec::new();
    let score = atom.indices(sq.apply(part, &mut bufs.0, &mut bufs.1), m, &mut idx)?;
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
/// text. Otherwise the part of the text that decides the score, `None` inside
/// when the needle does not occur.
fn window(atom: &Atom, text: &str) -> Option<Option<Range<usize>>> {
    if atom.kind != AtomKind::Fuzzy || text.len() <= LONG {
        return None;
    }
    let needle: Vec<char> = atom.needle_text().chars().collect();
    // nucleo's smart case: an upper-case letter in the needle respects case.
    let ignore_case = !needle.iter().any(char::is_ascii_uppercase);
    match needle[..] {
        [] => None,
        [c] => first_only(c, ignore_case, text.as_bytes()),
        _ => Some(find(&needle, ignore_case, text.as_bytes())),
    }
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
    let first = *needle.first()?;
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
    Some(lo..end)
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
                    let want = a.score(full, &mut m);
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
                        let want = a.indices(full, &mut m, &mut Vec::new());
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
}
