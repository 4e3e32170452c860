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
#[path = "window_tests.rs"]
mod tests;
