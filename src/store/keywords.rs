//! Every keyword of the loaded notebooks with how often and when it was used:
//! what `rizhi keywords` prints and the browser's keyword view lists.
//!
//! A keyword is a term of a keyword line as the parser splits it (series
//! markers like `cont3` are not terms). Spellings that differ only in ASCII
//! case (`Xen`, `xen`) are one keyword, shown in its most common spelling. An
//! entry counts once per keyword, however often its line repeats it.

use super::{EntryId, Store};
use crate::notebook::Stamp;
use chrono::Datelike;
use std::collections::HashMap;

/// One keyword's use over the loaded span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeywordUse {
    /// The most common spelling (ties: the one written first).
    pub keyword: String,
    /// Entries whose keyword line holds it.
    pub count: usize,
    /// Header stamps of the first and last of those entries.
    pub first: Stamp,
    pub last: Stamp,
    /// Entries per month, one slot per month of [`KeywordTable::months`].
    pub months: Vec<u32>,
}

/// Every keyword, with the month span the per-month counts cover.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeywordTable {
    /// The first loaded month, as (year, month 1-12); `None` for an empty store.
    pub start: Option<(i32, u32)>,
    /// Months from the first to the last loaded entry, both included.
    pub months: usize,
    /// In the order of [`KeywordSort::Count`].
    pub rows: Vec<KeywordUse>,
}

/// The orders the table can be listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum KeywordSort {
    /// Most used first; ties by name.
    #[default]
    Count,
    /// By name, ignoring ASCII case.
    Name,
    /// Most recently used first; ties by count.
    Last,
}

impl KeywordSort {
    pub fn name(self) -> &'static str {
        match self {
            KeywordSort::Count => "count",
            KeywordSort::Name => "name",
            KeywordSort::Last => "last",
        }
    }

    /// The next order, for a key that cycles them.
    pub fn next(self) -> KeywordSort {
        match self {
            KeywordSort::Count => KeywordSort::Name,
            KeywordSort::Name => KeywordSort::Last,
            KeywordSort::Last => KeywordSort::Count,
        }
    }

    pub fn parse(s: &str) -> Option<KeywordSort> {
        match s {
            "count" => Some(KeywordSort::Count),
            "name" => Some(KeywordSort::Name),
            "last" => Some(KeywordSort::Last),
            _ => None,
        }
    }
}

fn month_index(start: (i32, u32), s: Stamp) -> usize {
    let d = s.date();
    let n = (d.year() - start.0) * 12 + d.month() as i32 - start.1 as i32;
    n.max(0) as usize
}

/// One keyword while the table is built: its spellings with their counts.
struct Acc {
    spellings: Vec<(String, usize)>,
    count: usize,
    first: EntryId,
    last: EntryId,
    months: Vec<u32>,
}

/// The table over every entry of `store`.
pub fn keywords(store: &Store) -> KeywordTable {
    let (Some(first), Some(last)) = (store.first(), store.last()) else {
        return KeywordTable::default();
    };
    let start = (first.date().year(), first.date().month());
    let months = month_index(start, last) + 1;
    let mut by_key: HashMap<String, Acc> = HashMap::new();
    let mut seen: Vec<String> = Vec::new();
    for id in 0..store.len() {
        seen.clear();
        let m = month_index(start, store.entry(id).stamp).min(months - 1);
        for term in store.terms(id) {
            let key = term.to_ascii_lowercase();
            let acc = by_key.entry(key.clone()).or_insert_with(|| Acc {
                spellings: Vec::new(),
                count: 0,
                first: id,
                last: id,
                months: vec![0; months],
            });
            match acc.spellings.iter_mut().find(|(s, _)| s == term) {
                Some((_, n)) => *n += 1,
                None => acc.spellings.push((term.to_string(), 1)),
            }
            if seen.contains(&key) {
                continue;
            }
            acc.count += 1;
            acc.last = id;
            acc.months[m] += 1;
            seen.push(key);
        }
    }
    let mut rows: Vec<KeywordUse> = by_key
        .into_values()
        .map(|a| {
            // `max_by_key` keeps the last of equals: search from the back so the
            // first-written spelling wins a tie.
            let keyword = a
                .spellings
                .iter()
                .rev()
                .max_by_key(|(_, n)| *n)
                .map(|(s, _)| s.clone())
                .unwrap_or_default();
            KeywordUse {
                keyword,
                count: a.count,
                first: store.entry(a.first).stamp,
                last: store.entry(a.last).stamp,
                months: a.months,
            }
        })
        .collect();
    sort(&mut rows, KeywordSort::Count);
    KeywordTable {
        start: Some(start),
        months,
        rows,
    }
}

fn by_name(a: &KeywordUse, b: &KeywordUse) -> std::cmp::Ordering {
    a.keyword
        .to_ascii_lowercase()
        .cmp(&b.keyword.to_ascii_lowercase())
        .then_with(|| a.keyword.cmp(&b.keyword))
}

/// Orders `rows`; every order is total, so the listing never shuffles.
pub fn sort(rows: &mut [KeywordUse], order: KeywordSort) {
    match order {
        KeywordSort::Count => {
            rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| by_name(a, b)))
        }
        KeywordSort::Name => rows.sort_by(by_name),
        KeywordSort::Last => rows.sort_by(|a, b| {
            b.last
                .cmp(&a.last)
                .then_with(|| b.count.cmp(&a.count))
                .then_with(|| by_name(a, b))
        }),
    }
}

impl KeywordTable {
    /// `YYYY-MM` of slot `i` of the per-month counts.
    pub fn month_name(&self, i: usize) -> String {
        let (y, m) = self.start.unwrap_or((0, 1));
        let n = y * 12 + (m as i32 - 1) + i as i32;
        format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
    }
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// `counts` as a sparkline at most `width` characters wide: one character per
/// slot, or per run of consecutive slots (summed) when there are more slots
/// than columns. An empty slot is a space, so "never" differs from "once";
/// the highest slot is `█`, the others scaled to it.
pub fn sparkline(counts: &[u32], width: usize) -> String {
    if counts.is_empty() || width == 0 {
        return String::new();
    }
    let per = counts.len().div_ceil(width);
    let sums: Vec<u32> = counts.chunks(per).map(|c| c.iter().sum()).collect();
    let max = sums.iter().copied().max().unwrap_or(0).max(1) as u64;
    sums.iter()
        .map(|&c| match c {
            0 => ' ',
            c => {
                let level = (c as u64 * 8).div_ceil(max).clamp(1, 8);
                BARS[level as usize - 1]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(text: &str) -> Store {
        crate::store::from_text("t.txt", text)
    }

    const TEXT: &str = "\
10:00 2012-1-5
Xen, migration; xen
1, body

11:00 2012-1-20
xen, qemu, cont2

9:00 2012-3-2
xen, KVM

9:30 2012-3-3
kvm
";

    #[test]
    fn counts_entries_once_groups_case_and_keeps_common_spelling() {
        let t = keywords(&store(TEXT));
        assert_eq!(t.start, Some((2012, 1)));
        assert_eq!(t.months, 3);
        let names: Vec<(&str, usize)> = t
            .rows
            .iter()
            .map(|r| (r.keyword.as_str(), r.count))
            .collect();
        assert_eq!(
            names,
            [("xen", 3), ("KVM", 2), ("migration", 1), ("qemu", 1)]
        );
        let xen = &t.rows[0];
        assert_eq!(xen.months, [2, 0, 1]);
        assert_eq!(xen.first.to_string(), "2012-01-05 10:00");
        assert_eq!(xen.last.to_string(), "2012-03-02 09:00");
        assert_eq!(t.month_name(2), "2012-03");
    }

    #[test]
    fn sorts_by_name_and_last_use() {
        let mut rows = keywords(&store(TEXT)).rows;
        sort(&mut rows, KeywordSort::Name);
        let names: Vec<&str> = rows.iter().map(|r| r.keyword.as_str()).collect();
        assert_eq!(names, ["KVM", "migration", "qemu", "xen"]);
        sort(&mut rows, KeywordSort::Last);
        let names: Vec<&str> = rows.iter().map(|r| r.keyword.as_str()).collect();
        assert_eq!(names, ["KVM", "xen", "qemu", "migration"]);
    }

    #[test]
    fn empty_store_has_no_rows() {
        let t = keywords(&store(""));
        assert_eq!((t.start, t.months, t.rows.len()), (None, 0, 0));
    }

    #[test]
    fn sparkline_scales_to_the_highest_slot_and_buckets_to_width() {
        assert_eq!(sparkline(&[0, 1, 2, 4, 8], 10), " ▁▂▄█");
        assert_eq!(sparkline(&[1, 0, 0, 0, 2, 2], 3), "▂ █");
        assert_eq!(sparkline(&[], 5), "");
    }
}
