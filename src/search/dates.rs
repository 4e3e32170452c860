//! Date ranges in a query: `@2012-01` (a month), `@2012-01-20` (a day),
//! `@2012` (a year), `@2012-01-20..2012-01-25`, `@2012-01..`, `@..2012-01`;
//! unpadded as the notebook writes them (`@2012-1-20`) or padded. Several
//! `@` words narrow each other. A word after `@` that is not a date stays a
//! fuzzy word.

use chrono::NaiveDate;

/// One line for the help overlay: the date words a query takes.
pub const HELP: &str =
    "@2012-01, @2012-1-20, @2012-01-20..2012-01-25, @2012-01.., @..2012-01: a date range (with any words)";

/// Days from `from` to `to`, both included; `None` is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dates {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Dates {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }

    /// Both ranges at once.
    fn and(self, o: Dates) -> Dates {
        Dates {
            from: self.from.max(o.from),
            to: match (self.to, o.to) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// `query` without its date words, and the range they give (`None`: none).
pub fn split(query: &str) -> (String, Option<Dates>) {
    let mut rest: Vec<&str> = Vec::new();
    let mut dates: Option<Dates> = None;
    for w in query.split_whitespace() {
        match w.strip_prefix('@').and_then(range) {
            Some(d) => dates = Some(dates.map_or(d, |old| old.and(d))),
            None => rest.push(w),
        }
    }
    // A trailing `|` whose alternative was a date would join the next word.
    while rest.last() == Some(&"|") {
        rest.pop();
    }
    (rest.join(" "), dates)
}

/// `A`, `A..B`, `A..`, `..B`: A from its first day, B to its last.
fn range(s: &str) -> Option<Dates> {
    match s.split_once("..") {
        Some((a, b)) => {
            let from = if a.is_empty() {
                None
            } else {
                Some(bounds(a)?.0)
            };
            let to = if b.is_empty() {
                None
            } else {
                Some(bounds(b)?.1)
            };
            (from.is_some() || to.is_some()).then_some(Dates { from, to })
        }
        None => {
            let (from, to) = bounds(s)?;
            Some(Dates {
                from: Some(from),
                to: Some(to),
            })
        }
    }
}

/// The first and last day of a year, a month or a day.
fn bounds(s: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, max: usize| -> Option<u32> {
        (!p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts[..] {
        [y] if y.len() == 4 => {
            let y = num(y, 4)? as i32;
            Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            ))
        }
        [y, m] if y.len() == 4 => {
            let first = NaiveDate::from_ymd_opt(num(y, 4)? as i32, num(m, 2)?, 1)?;
            let next = first.checked_add_months(chrono::Months::new(1))?;
            Some((first, next.pred_opt()?))
        }
        [y, m, d] if y.len() == 4 => {
            let day = NaiveDate::from_ymd_opt(num(y, 4)? as i32, num(m, 2)?, num(d, 2)?)?;
            Some((day, day))
        }
        _ => None,
    }
}

/// `D` as `--since D` / `--until D` take it (a year, month or day), as the
/// query word that stands for both: `@since..until`.
pub fn word(since: Option<&str>, until: Option<&str>) -> Option<Result<String, String>> {
    if since.is_none() && until.is_none() {
        return None;
    }
    for d in [since, until].into_iter().flatten() {
        if bounds(d).is_none() {
            return Some(Err(format!(
                "not a date: {d:?} (YYYY, YYYY-MM or YYYY-MM-DD)"
            )));
        }
    }
    Some(Ok(format!(
        "@{}..{}",
        since.unwrap_or(""),
        until.unwrap_or("")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn every_form_of_range() {
        let r = |q: &str| split(q).1;
        let span = |a, b| Some(Dates { from: a, to: b });
        assert_eq!(r("@2012-01"), span(d(2012, 1, 1), d(2012, 1, 31)));
        assert_eq!(r("@2012-2"), span(d(2012, 2, 1), d(2012, 2, 29)));
        assert_eq!(r("@2012-12"), span(d(2012, 12, 1), d(2012, 12, 31)));
        assert_eq!(r("@2012-01-20"), span(d(2012, 1, 20), d(2012, 1, 20)));
        assert_eq!(r("@2012-1-20"), span(d(2012, 1, 20), d(2012, 1, 20)));
        assert_eq!(
            r("@2012-01-20..2012-01-25"),
            span(d(2012, 1, 20), d(2012, 1, 25))
        );
        assert_eq!(r("@2012-01.."), span(d(2012, 1, 1), None));
        assert_eq!(r("@..2012-01"), span(None, d(2012, 1, 31)));
        assert_eq!(r("@2012"), span(d(2012, 1, 1), d(2012, 12, 31)));
        // Two ranges narrow each other.
        assert_eq!(r("@2012.. @..2012-03"), span(d(2012, 1, 1), d(2012, 3, 31)));
    }

    #[test]
    fn other_words_stay_fuzzy() {
        assert_eq!(
            split("xen @2012-01.."),
            ("xen".into(), split("@2012-01..").1)
        );
        for q in [
            "@home",
            "@2012-13",
            "@2012-02-30",
            "@..",
            "@12-01",
            "a@2012",
            // A year has four digits, a month or day at most two, all digits.
            "@123",
            "@13-1-4",
            "@2012-001",
            "@2012-+1",
            "@2012-1-+4",
        ] {
            assert_eq!(split(q), (q.to_string(), None), "{q}");
        }
        assert_eq!(split("xen | @2012").0, "xen");
    }

    #[test]
    fn the_help_line_shows_words_that_parse() {
        let words: Vec<&str> = HELP
            .split_whitespace()
            .filter(|w| w.starts_with('@'))
            .map(|w| w.trim_end_matches([',', ':']))
            .collect();
        assert_eq!(words.len(), 5);
        for w in words {
            assert!(split(w).1.is_some(), "{w}");
        }
    }

    #[test]
    fn since_and_until_make_one_word() {
        assert_eq!(word(None, None), None);
        assert_eq!(word(Some("2012-1"), None), Some(Ok("@2012-1..".into())));
        assert_eq!(
            word(Some("2012"), Some("2013-2-3")),
            Some(Ok("@2012..2013-2-3".into()))
        );
        assert!(matches!(word(Some("x"), None), Some(Err(_))));
        let (_, r) = split(&word(Some("2012-01-05"), Some("2012-01")).unwrap().unwrap());
        assert!(r.is_some_and(|r| r.contains(NaiveDate::from_ymd_opt(2012, 1, 31).unwrap())));
    }
}
