//! The fzf-syntax query parser (`search::pattern`) and matching a parsed
//! query against a text (`search::match_bytes`, `first_match`,
//! `Query::score`), checked on every input, not just "no panic":
//!
//! * parsing and matching are deterministic;
//! * `has_or` is true exactly when a word of the query is `|`;
//! * the matched offsets are sorted, unique, on char boundaries, inside the
//!   text, and `first_match` is the first of them;
//! * an empty query (no word with text to match) matches nothing to
//!   highlight, and a query that scores a text matches it again when the
//!   text is repeated after a space (a match never depends on what follows),
//!   unless a word must match the whole text (`^word$`, `'word$`): then the
//!   text padded with white space still matches.
//!
//! Input: the query, a NUL byte, then the text (both lossily UTF-8).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rizhi::search::{first_match, has_or, match_bytes, matcher, pattern, utf32};

fuzz_target!(|data: &[u8]| {
    let (q, t) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let query = String::from_utf8_lossy(q);
    let text = String::from_utf8_lossy(t);
    assert_eq!(
        has_or(&query),
        query.split_whitespace().any(|w| w == "|"),
        "has_or"
    );
    let pat = pattern(&query);
    let mut m = matcher();
    let bytes = match_bytes(&pat, &text, &mut m);
    assert_eq!(bytes, match_bytes(&pattern(&query), &text, &mut m), "deterministic");
    assert!(bytes.windows(2).all(|w| w[0] < w[1]), "sorted, unique: {bytes:?}");
    for &b in &bytes {
        assert!(b < text.len() && text.is_char_boundary(b), "offset {b} in {text:?}");
    }
    assert_eq!(first_match(&pat, &text, &mut m), bytes.first().copied());
    if pat.is_empty() {
        assert!(bytes.is_empty(), "an empty query highlights {bytes:?}");
    }
    let score = pat.score(utf32(&text).slice(..), &mut m);
    assert_eq!(score, pat.score(utf32(&text).slice(..), &mut m), "score deterministic");
    if score.is_some() && !pat.is_empty() && text.len() < 4096 {
        let more = if pat.has_whole_text_word() {
            format!(" {text}\t ")
        } else {
            format!("{text} {text}")
        };
        assert!(
            pat.score(utf32(&more).slice(..), &mut m).is_some(),
            "{query:?} scores {text:?} but not {more:?}"
        );
    }
});
