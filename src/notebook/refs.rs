//! See-links: a quoted timestamp, an optional cue word before it and an optional
//! section path after it (`see"16:50 2013-01-04"2-1)`).

use super::stamp::{parse_prefix, Stamp};
use std::ops::Range;

/// The word that introduced a reference. Kept so `rizhi links` can show the link
/// as the author wrote it and so the reader can underline the whole phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    See,
    Ref,
    Jian,
    XiangJian,
    None,
}

impl Cue {
    pub fn as_str(&self) -> &'static str {
        match self {
            Cue::See => "see",
            Cue::Ref => "ref",
            Cue::Jian => "见",
            Cue::XiangJian => "详见",
            Cue::None => "",
        }
    }
}

/// One step of a section path: `5` is (1, 5), `1)` is (2, 1), `(2)` is (3, 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub level: u8,
    pub number: u32,
}

/// A quoted stamp found in a body, with byte offsets into the file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub line: u32,
    pub cue: Cue,
    pub stamp: Stamp,
    /// From the cue word (or the opening quote) to the end of the section path.
    pub span: Range<usize>,
    /// The opening quote to the closing quote, inclusive.
    pub quoted: Range<usize>,
    /// The section path exactly as written; empty when there is none.
    pub section: Range<usize>,
}

/// Finds a quoted stamp whose opening quote is at `q` in `line`; returns the stamp
/// and the index just past the closing quote.
pub fn quoted_stamp_at(line: &[u8], q: usize) -> Option<(Stamp, usize)> {
    if line.get(q) != Some(&b'"') {
        return None;
    }
    let (stamp, n) = parse_prefix(&line[q + 1..])?;
    let close = q + 1 + n;
    (line.get(close) == Some(&b'"')).then_some((stamp, close + 1))
}

/// The cue word ending right before `q` (spaces between allowed): its start and kind.
pub fn cue_before(line: &str, q: usize) -> (usize, Cue) {
    let before = line[..q].trim_end_matches(' ');
    let lower_ends = |w: &str| {
        before.len() >= w.len()
            && before.is_char_boundary(before.len() - w.len())
            && before[before.len() - w.len()..].eq_ignore_ascii_case(w)
    };
    for (word, cue) in [
        ("详见", Cue::XiangJian),
        ("见", Cue::Jian),
        ("see", Cue::See),
        ("ref", Cue::Ref),
    ] {
        if lower_ends(word) {
            return (before.len() - word.len(), cue);
        }
    }
    (q, Cue::None)
}

/// Parses a section path at the start of `b`: `4`, `5-1)`, `2-2)-(2)`, `-4-3)`, `3)`.
/// Returns the steps and the bytes taken; `None` when there is no path.
pub fn parse_section(b: &[u8]) -> Option<(Vec<Step>, usize)> {
    let num = |at: usize| -> Option<(u32, usize)> {
        let mut i = at;
        let mut n: u32 = 0;
        while i < b.len() && b[i].is_ascii_digit() && i - at < 4 {
            n = n * 10 + u32::from(b[i] - b'0');
            i += 1;
        }
        (i > at).then_some((n, i))
    };
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i = 1;
    }
    let mut steps = Vec::new();
    // First step: a bare number (level 1) or `N)` (level 2) or `(N)` (level 3).
    let (first, after) = step_at(b, i, &num, true)?;
    steps.push(first);
    i = after;
    while b.get(i) == Some(&b'-') {
        match step_at(b, i + 1, &num, false) {
            Some((s, after)) => {
                steps.push(s);
                i = after;
            }
            None => break,
        }
    }
    Some((steps, i))
}

fn step_at(
    b: &[u8],
    i: usize,
    num: &dyn Fn(usize) -> Option<(u32, usize)>,
    first: bool,
) -> Option<(Step, usize)> {
    if b.get(i) == Some(&b'(') {
        let (n, j) = num(i + 1)?;
        return (b.get(j) == Some(&b')')).then_some((
            Step {
                level: 3,
                number: n,
            },
            j + 1,
        ));
    }
    let (n, j) = num(i)?;
    if b.get(j) == Some(&b')') {
        return Some((
            Step {
                level: 2,
                number: n,
            },
            j + 1,
        ));
    }
    // After a dash a bare number is a level-2 step missing its `)`, e.g. `5-1`.
    let level = if first { 1 } else { 2 };
    Some((Step { level, number: n }, j))
}

/// Finds all references in one line. `line_start` is the line's offset in the file,
/// `skip_to` the first byte that may hold a reference (past a closing marker).
pub fn scan_line(
    line: &str,
    line_no: u32,
    line_start: usize,
    skip_to: usize,
    out: &mut Vec<Reference>,
) {
    let b = line.as_bytes();
    let mut from = skip_to;
    while let Some(rel) = memchr::memchr(b'"', &b[from..]) {
        let q = from + rel;
        match quoted_stamp_at(b, q) {
            Some((stamp, end)) => {
                let (cue_start, cue) = cue_before(line, q);
                let (sec_len, _) = parse_section(&b[end..])
                    .map(|(s, n)| (n, s))
                    .unwrap_or((0, Vec::new()));
                out.push(Reference {
                    line: line_no,
                    cue,
                    stamp,
                    span: line_start + cue_start..line_start + end + sec_len,
                    quoted: line_start + q..line_start + end,
                    section: line_start + end..line_start + end + sec_len,
                });
                from = end + sec_len;
            }
            None => from = q + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(s: &str) -> (Vec<(u8, u32)>, usize) {
        let (v, n) = parse_section(s.as_bytes()).unwrap();
        (v.into_iter().map(|s| (s.level, s.number)).collect(), n)
    }

    #[test]
    fn section_path_forms() {
        assert_eq!(steps("4"), (vec![(1, 4)], 1));
        assert_eq!(steps("5-1)."), (vec![(1, 5), (2, 1)], 4));
        assert_eq!(steps("2-2)-(2)."), (vec![(1, 2), (2, 2), (3, 2)], 8));
        assert_eq!(steps("-4-3)"), (vec![(1, 4), (2, 3)], 5));
        assert_eq!(steps("7."), (vec![(1, 7)], 1));
        assert_eq!(steps("3)"), (vec![(2, 3)], 2));
        assert_eq!(steps("2-x"), (vec![(1, 2)], 1));
        assert!(parse_section(b" 4").is_none());
        assert!(parse_section(b"-").is_none());
        assert!(parse_section(b"").is_none());
    }

    /// A step's number is read to four digits at most (session 6's mutant
    /// `i - at < 4` → `<=` read five): the rest of a longer run of digits is
    /// not part of the path.
    #[test]
    fn a_section_number_has_at_most_four_digits() {
        assert_eq!(steps("1234"), (vec![(1, 1234)], 4));
        assert_eq!(steps("12345"), (vec![(1, 1234)], 4));
        assert_eq!(steps("2-12345)"), (vec![(1, 2), (2, 1234)], 6));
        assert_eq!(steps("9999)"), (vec![(2, 9999)], 5));
    }

    fn scan(line: &str) -> Vec<Reference> {
        let mut v = Vec::new();
        scan_line(line, 1, 0, 0, &mut v);
        v
    }

    /// The scan goes on after a link's section path, however long the path
    /// (longer than the quoted stamp, `from = end - sec_len` found the same
    /// link twice), and finds the link after it.
    #[test]
    fn a_long_section_path_is_one_link_and_the_next_is_found() {
        let line = "see\"9:00 2013-1-4\"1-2)-(3)-4-5)-(6)-7-8)-(9)-10 and \"10:00 2013-1-4\"";
        let refs = scan(line);
        assert_eq!(refs.len(), 2, "{refs:?}");
        assert_eq!(
            &line[refs[0].section.clone()],
            "1-2)-(3)-4-5)-(6)-7-8)-(9)-10"
        );
        assert!(refs[0].section.len() > refs[0].quoted.len());
        assert_eq!(refs[1].stamp.to_string(), "2013-01-04 10:00");
    }

    #[test]
    fn every_cue_word() {
        let line = r#"see"1:00 2014-3-1" see "2:00 2014-3-1" 见"3:00 2014-3-1" 详见"4:00 2014-3-1" ref "5:00 2014-3-1" ref"6:00 2014-3-1" "7:00 2014-3-1" See"8:00 2014-3-1""#;
        let cues: Vec<Cue> = scan(line).iter().map(|r| r.cue).collect();
        use Cue::*;
        assert_eq!(cues, [See, See, Jian, XiangJian, Ref, Ref, None, See]);
    }

    #[test]
    fn spans_cover_cue_quote_and_section() {
        let line = r#"1, 读 see"18:30 2014-03-01"2-1). ok"#;
        let r = &scan(line)[0];
        assert_eq!(&line[r.span.clone()], r#"see"18:30 2014-03-01"2-1)"#);
        assert_eq!(&line[r.quoted.clone()], r#""18:30 2014-03-01""#);
        assert_eq!(&line[r.section.clone()], "2-1)");
    }

    #[test]
    fn quotes_that_are_not_stamps_are_ignored() {
        assert!(scan(r#"say "hello" and "10:45-19:55" or "9:00 2014-2-30""#).is_empty());
        assert_eq!(scan(r#""""9:00 2014-3-1""#).len(), 1);
    }
}
