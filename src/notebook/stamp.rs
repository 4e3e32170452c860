//! Timestamps as people type them: `H:MM YYYY-M-D`.
//!
//! Parsing is hand-written rather than regex-based because it runs on every line of
//! every notebook (100 MB at start-up) and on every `"` in every body.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::fmt;

/// A moment with minute precision. Two spellings of one moment (`9:21 2012-1-18`,
/// `09:21 2012-01-18`) parse to equal stamps.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Stamp(NaiveDateTime);

impl Stamp {
    pub fn new(date: NaiveDate, hour: u32, minute: u32) -> Option<Stamp> {
        NaiveTime::from_hms_opt(hour, minute, 0).map(|t| Stamp(date.and_time(t)))
    }

    /// Parses a whole string holding one stamp and nothing else (surrounding spaces
    /// allowed). Accepts both the notebook form `H:MM Y-M-D` and the display form
    /// `YYYY-MM-DD HH:MM`, so users can paste either into `rizhi show` or `:`.
    pub fn parse(s: &str) -> Option<Stamp> {
        let t = s.trim();
        if let Some((stamp, len)) = parse_prefix(t.as_bytes()) {
            if len == t.len() {
                return Some(stamp);
            }
        }
        let (date, time) = t.split_once(' ')?;
        let date = parse_date(date.trim())?;
        let (h, m) = time.trim().split_once(':')?;
        if m.len() != 2 || h.is_empty() || h.len() > 2 {
            return None;
        }
        Stamp::new(date, h.parse().ok()?, m.parse().ok()?)
    }

    pub fn date(&self) -> NaiveDate {
        self.0.date()
    }

    pub fn datetime(&self) -> NaiveDateTime {
        self.0
    }

    pub fn hour(&self) -> u32 {
        self.0.hour()
    }

    pub fn minute(&self) -> u32 {
        self.0.minute()
    }

    /// Minutes from `self` to `other` (negative when `other` is earlier).
    pub fn minutes_to(&self, other: Stamp) -> i64 {
        (other.0 - self.0).num_minutes()
    }

    /// `HH:MM`, for status messages about a moment on a known day.
    pub fn hm(&self) -> String {
        format!("{:02}:{:02}", self.0.hour(), self.0.minute())
    }

    /// `MM-DD HH:MM`, the compact form of list rows.
    pub fn short(&self) -> String {
        format!(
            "{:02}-{:02} {:02}:{:02}",
            self.0.month(),
            self.0.day(),
            self.0.hour(),
            self.0.minute()
        )
    }

    /// The notebook spelling, `HH:MM YYYY-MM-DD`, as a user would quote it.
    pub fn notebook_form(&self) -> String {
        format!("{} {}", self.hm(), self.0.date().format("%Y-%m-%d"))
    }
}

/// `YYYY-MM-DD HH:MM`: the form of the JSON contract and of every plain output.
impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `%Y-%m-%d %H:%M` without chrono's format machinery (a tenth of
        // `rizhi search`'s printing); other years keep chrono's form.
        let (d, t) = (self.0.date(), self.0.time());
        let y = d.year();
        if !(0..=9999).contains(&y) {
            return write!(f, "{}", self.0.format("%Y-%m-%d %H:%M"));
        }
        let two = |n: u32| [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        let y = y as u32;
        let [y1, y2] = two(y / 100);
        let [y3, y4] = two(y % 100);
        let [m1, m2] = two(d.month());
        let [d1, d2] = two(d.day());
        let [h1, h2] = two(t.hour());
        let [n1, n2] = two(t.minute());
        let b = [
            y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2, b' ', h1, h2, b':', n1, n2,
        ];
        f.write_str(std::str::from_utf8(&b).map_err(|_| fmt::Error)?)
    }
}

fn digits(b: &[u8], at: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = at;
    while i < b.len() && i - at < max && b[i].is_ascii_digit() {
        n = n * 10 + u32::from(b[i] - b'0');
        i += 1;
    }
    let len = i - at;
    // A longer run of digits is not a stamp field (`123:45` is not an hour).
    if len < min || (i < b.len() && b[i].is_ascii_digit()) {
        return None;
    }
    Some((n, len))
}

/// Parses a stamp at the very start of `b`; returns it and the bytes it took.
/// Rejects impossible dates and times (`25:61 2012-2-30`), and digit runs that
/// continue past a field, so `10:45-19:55` or `2012-1-180` never read as stamps.
pub fn parse_prefix(b: &[u8]) -> Option<(Stamp, usize)> {
    let (hour, hl) = digits(b, 0, 1, 2)?;
    let mut i = hl;
    if b.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let (minute, ml) = digits(b, i, 2, 2)?;
    i += ml;
    if b.get(i) != Some(&b' ') {
        return None;
    }
    i += 1;
    let (year, yl) = digits(b, i, 4, 4)?;
    i += yl;
    if b.get(i) != Some(&b'-') {
        return None;
    }
    i += 1;
    let (month, mol) = digits(b, i, 1, 2)?;
    i += mol;
    if b.get(i) != Some(&b'-') {
        return None;
    }
    i += 1;
    let (day, dl) = digits(b, i, 1, 2)?;
    i += dl;
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Some((Stamp::new(date, hour, minute)?, i))
}

/// Parses `YYYY-M-D` (any zero-padding).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut it = s.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if it.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// If the whole line (spaces around allowed) is a stamp, that stamp.
pub fn line_is_stamp(line: &str) -> Option<Stamp> {
    // Cheapest rejection first, on bytes: this runs on every line of every file.
    let b = line.as_bytes();
    let blank = |c: &u8| *c == b' ' || *c == b'\t';
    let start = b.iter().position(|c| !blank(c))?;
    if !b[start].is_ascii_digit() {
        return None;
    }
    let end = b.iter().rposition(|c| !blank(c))? + 1;
    let t = &b[start..end];
    if t.len() < 13 || t.len() > 16 {
        return None;
    }
    match parse_prefix(t) {
        Some((s, n)) if n == t.len() => Some(s),
        _ => None,
    }
}

/// If the line (spaces around allowed) is `(stamp)` and nothing else, that stamp.
pub fn line_is_paren_stamp(line: &str) -> Option<Stamp> {
    let t = line.trim_matches(|c: char| c == ' ' || c == '\t');
    let inner = t.strip_prefix('(')?.strip_suffix(')')?;
    match parse_prefix(inner.as_bytes()) {
        Some((s, n)) if n == inner.len() => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn st(s: &str) -> Stamp {
        Stamp::parse(s).expect(s)
    }

    #[test]
    fn zero_padding_is_the_same_moment() {
        assert_eq!(st("9:21 2012-1-18"), st("09:21 2012-01-18"));
        assert_eq!(st("9:21 2012-1-18").to_string(), "2012-01-18 09:21");
    }

    #[test]
    fn short_and_hour_forms() {
        let s = st("9:05 2013-1-4");
        assert_eq!(
            (s.short().as_str(), s.hm().as_str()),
            ("01-04 09:05", "09:05")
        );
    }

    #[test]
    fn display_form_parses_back() {
        assert_eq!(st("2012-01-18 09:21"), st("9:21 2012-1-18"));
        assert_eq!(st("2012-1-18 9:21"), st("9:21 2012-1-18"));
        // Two minute digits, one or two hour digits, or it is not a stamp
        // (mutation testing: each check alone rejects these).
        for bad in [
            "2012-01-18 09:2",
            "2012-01-18 009:21",
            "2012-01-18 :21",
            "2012-01-18 9:210",
        ] {
            assert_eq!(Stamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn impossible_dates_and_times_are_not_stamps() {
        for s in [
            "25:61 2012-2-30",
            "10:00 2012-02-30",
            "24:00 2012-01-01",
            "10:60 2012-01-01",
            "9:5 2012-1-1",
            "10:00 12-1-1",
            "10:00 2012-13-1",
            "100:00 2012-1-1",
            "10:00 2012-1-100",
            // Too many digits in a field that would still be a valid number
            // (mutation testing: `digits` must stop at the field's width).
            "9:00 20131-1-4",
            "9:00 2013-011-4",
            "9:00 2013-1-004",
            "009:00 2013-1-4",
        ] {
            assert_eq!(Stamp::parse(s), None, "{s}");
            assert_eq!(line_is_stamp(s), None, "{s}");
        }
        // A field followed by more digits is no field, also where a stamp
        // may be followed by more text (a quoted link's prefix).
        for s in ["9:00 2013-1-104", "9:00 2013-1-4x", "19:001 2013-1-4"] {
            let p = parse_prefix(s.as_bytes());
            assert!(
                p.is_none_or(|(_, len)| len < s.len() && !s.as_bytes()[len].is_ascii_digit()),
                "{s}: {p:?}"
            );
        }
        assert_eq!(parse_prefix(b"9:00 2013-1-104"), None);
    }

    #[test]
    fn header_lines() {
        assert!(line_is_stamp("  9:05 2014-3-2  ").is_some());
        assert!(line_is_stamp("\t09:05 2014-03-02").is_some());
        assert!(line_is_stamp("09:05 2014-03-02 notes").is_none());
        assert!(line_is_stamp("10:45-19:55").is_none());
        assert!(line_is_stamp("(09:05 2014-03-02)").is_none());
        assert_eq!(
            line_is_paren_stamp("(21:40 2014-3-3)"),
            Some(st("21:40 2014-3-3"))
        );
        assert!(line_is_paren_stamp("(21:40 2014-3-3) more").is_none());
    }

    #[test]
    fn display_pads_every_field_at_the_year_edges() {
        let at = |y, m, d, h, mi| Stamp::new(NaiveDate::from_ymd_opt(y, m, d).unwrap(), h, mi);
        let shown = |y, m, d, h, mi| at(y, m, d, h, mi).unwrap().to_string();
        assert_eq!(shown(0, 1, 2, 3, 4), "0000-01-02 03:04");
        assert_eq!(shown(7, 10, 20, 0, 0), "0007-10-20 00:00");
        assert_eq!(shown(9999, 12, 31, 23, 59), "9999-12-31 23:59");
        assert_eq!(shown(10000, 1, 1, 9, 5), "+10000-01-01 09:05");
        assert_eq!(shown(-1, 1, 1, 9, 5), "-0001-01-01 09:05");
    }

    /// A header or update line holds the stamp and nothing else but blanks
    /// around it: no letter glued to it, however short the line.
    #[test]
    fn a_stamp_line_is_the_stamp_alone() {
        for ok in ["9:00 2013-1-4", " \t9:00 2013-1-4\t ", "09:00 2013-01-04"] {
            assert!(line_is_stamp(ok).is_some(), "{ok:?}");
        }
        for no in [
            "9:00 2013-1-4x",
            "9:00 2013-1-4 x",
            "9:00 2013-1-4)",
            "9:00 2013-1-4\u{3000}",
        ] {
            assert_eq!(line_is_stamp(no), None, "{no:?}");
        }
        for ok in [
            "(9:00 2013-1-4)",
            "  (9:00 2013-1-4)\t",
            "\t(09:00 2013-01-04) ",
        ] {
            assert!(line_is_paren_stamp(ok).is_some(), "{ok:?}");
        }
        for no in [
            "(9:00 2013-1-4x)",
            "(9:00 2013-1-4 )",
            "(9:00 2013-1-4) x",
            "x (9:00 2013-1-4)",
        ] {
            assert_eq!(line_is_paren_stamp(no), None, "{no:?}");
        }
    }

    #[test]
    fn prefix_reports_length() {
        let (s, n) = parse_prefix(b"16:50 2013-01-04\"2-1)").unwrap();
        assert_eq!(n, 16);
        assert_eq!(s.to_string(), "2013-01-04 16:50");
    }

    proptest! {
        #[test]
        fn display_is_chronos_form(y in -20i32..10_020, m in 1u32..13, d in 1u32..29,
                                   h in 0u32..24, mi in 0u32..60) {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let s = Stamp::new(date, h, mi).unwrap();
            prop_assert_eq!(s.to_string(), s.0.format("%Y-%m-%d %H:%M").to_string());
        }

        #[test]
        fn round_trips_in_any_padding(y in 1900i32..2100, m in 1u32..13, d in 1u32..29,
                                      h in 0u32..24, mi in 0u32..60, pad in any::<bool>()) {
            let text = if pad {
                format!("{h:02}:{mi:02} {y}-{m:02}-{d:02}")
            } else {
                format!("{h}:{mi:02} {y}-{m}-{d}")
            };
            let s = Stamp::parse(&text).unwrap();
            prop_assert_eq!(Stamp::parse(&s.to_string()), Some(s));
            prop_assert_eq!(Stamp::parse(&s.notebook_form()), Some(s));
            prop_assert_eq!(line_is_stamp(&format!(" {text} ")), Some(s));
        }

        #[test]
        fn never_panics(s in ".{0,40}") {
            let _ = Stamp::parse(&s);
            let _ = line_is_stamp(&s);
            let _ = parse_prefix(s.as_bytes());
        }
    }
}
