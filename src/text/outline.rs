//! Recognising the notebook's outline and quote prefixes, so wrapped text of
//! an item lines up under the item's text instead of under its number.

use super::{display_width, Cols, WrapOptions};

/// Longest item number accepted. Longer runs of digits at the start of a
/// line are years and counts ("2014, we ..."), not outline numbers.
const MAX_DIGITS: usize = 3;

/// Display width of the line's prefix that continuation rows should hang
/// under: leading spaces and tabs (tabs expanded), quote markers (`> `,
/// `>> `, `> > `), then one outline marker and the blanks after it:
///
/// * level 1: `N, ` or `N，`
/// * level 2: `N)` optionally followed by `,` or `，`
/// * level 3: `(N)` the same way
///
/// Full-width parentheses `（N）` are accepted too. The ideographic space
/// U+3000 does not count: Chinese paragraphs use it for a first-line indent,
/// and their continuation lines are flush left.
///
/// The result is uncapped; [`wrap_line`](super::wrap_line) applies
/// [`max_hang`](super::max_hang) for the actual width.
#[must_use]
pub fn hang_indent(line: &str, opts: &WrapOptions) -> Cols {
    let rest = skip_blanks(line);
    let rest = skip_quotes(rest);
    let rest = marker(rest).unwrap_or(rest);
    let prefix = line.get(..line.len() - rest.len()).unwrap_or_default();
    display_width(prefix, opts)
}

fn skip_blanks(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

/// Skips `>` markers as long as each group is followed by a blank; a `>`
/// glued to text (`>foo`) is left alone.
fn skip_quotes(mut s: &str) -> &str {
    while let Some(after) = s.strip_prefix('>') {
        let after = after.trim_start_matches('>');
        let blanks = skip_blanks(after);
        if blanks.len() == after.len() {
            break;
        }
        s = blanks;
    }
    s
}

/// The text after an outline marker and its trailing blanks, if `s` starts
/// with one.
fn marker(s: &str) -> Option<&str> {
    if let Some(inner) = strip_any(s, &["(", "（"]) {
        let rest = strip_any(digits(inner)?, &[")", "）"])?;
        return Some(after_close(rest));
    }
    let rest = digits(s)?;
    if let Some(r) = strip_any(rest, &[")", "）"]) {
        return Some(after_close(r));
    }
    if let Some(r) = rest.strip_prefix('，') {
        return Some(skip_blanks(r));
    }
    let r = rest.strip_prefix(',')?;
    let blanks = skip_blanks(r);
    // "1,2,3" is a list of numbers, not an item: the comma needs a blank.
    (blanks.len() < r.len()).then_some(blanks)
}

/// After `)`: an optional comma, then blanks.
fn after_close(s: &str) -> &str {
    skip_blanks(strip_any(s, &[",", "，"]).unwrap_or(s))
}

/// The rest of `s` after 1 to [`MAX_DIGITS`] ASCII digits.
fn digits(s: &str) -> Option<&str> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=MAX_DIGITS).contains(&n) {
        s.get(n..)
    } else {
        None
    }
}

fn strip_any<'a>(s: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| s.strip_prefix(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hang(line: &str) -> Cols {
        hang_indent(line, &WrapOptions::default())
    }

    #[test]
    fn level_one() {
        assert_eq!(hang("1, item"), 3);
        assert_eq!(hang("12, item"), 4);
        assert_eq!(hang("0, item"), 3);
        assert_eq!(hang("3，条目"), 3);
        assert_eq!(hang("3， 条目"), 4);
        assert_eq!(hang("1,2,3 are numbers"), 0);
        assert_eq!(hang("2014, the year"), 0);
    }

    #[test]
    fn level_two() {
        assert_eq!(hang("1), item"), 4);
        assert_eq!(hang("1) item"), 3);
        assert_eq!(hang("1)item"), 2);
        assert_eq!(hang("1)，条目"), 4);
        assert_eq!(hang("  2), item"), 6);
    }

    #[test]
    fn level_three() {
        assert_eq!(hang("(1), item"), 5);
        assert_eq!(hang("(1) item"), 4);
        assert_eq!(hang("(12)"), 4);
        assert_eq!(hang("（1）条目"), 5);
        assert_eq!(hang("(x) item"), 0);
        assert_eq!(hang("(1 item"), 0);
    }

    #[test]
    fn quotes() {
        assert_eq!(hang("> quoted"), 2);
        assert_eq!(hang(">> quoted"), 3);
        assert_eq!(hang("> > quoted"), 4);
        assert_eq!(hang(">quoted"), 0);
        assert_eq!(hang("> 1, quoted item"), 5);
    }

    #[test]
    fn leading_whitespace() {
        assert_eq!(hang("    code"), 4);
        assert_eq!(hang("\tcode"), 8);
        assert_eq!(hang("  \t1, x"), 11);
        assert_eq!(hang("\u{3000}\u{3000}段落"), 0);
        assert_eq!(hang("plain text"), 0);
        assert_eq!(hang(""), 0);
    }
}
