//! References seen from the store: how each resolves (exact → approximate →
//! dangling, FORMAT.md), and the backlinks they make.

use super::{EntryId, Store};
use crate::notebook::{Notebook, Reference, Stamp};
use chrono::{Datelike, NaiveDate};
use std::sync::Arc;

/// How a reference resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// A header with that stamp, or an update (`update` is its index in the entry).
    Exact {
        entry: EntryId,
        update: Option<usize>,
    },
    /// No exact match; the nearest header on the same day within 10 minutes.
    Approximate {
        entry: EntryId,
        minutes_off: i64,
    },
    Dangling(Dangling),
}

/// Why a reference points nowhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dangling {
    /// No loaded notebook covers the date: the entry is probably in a file
    /// that is not loaded. Before or after every loaded day, `first … last`
    /// is the whole loaded range (first and last entry days); in a gap
    /// between loaded notebooks, it is the gap's edges (the last covered day
    /// before the date and the first one after it).
    OutsideRange { first: NaiveDate, last: NaiveDate },
    /// A loaded notebook covers the date (see [`coverage`]) but no entry is at
    /// (or near) that time.
    NoEntryAtTime,
}

impl Resolution {
    pub fn status(&self) -> &'static str {
        match self {
            Resolution::Exact { .. } => "exact",
            Resolution::Approximate { .. } => "approximate",
            Resolution::Dangling(_) => "dangling",
        }
    }

    pub fn target(&self) -> Option<EntryId> {
        match *self {
            Resolution::Exact { entry, .. } | Resolution::Approximate { entry, .. } => Some(entry),
            Resolution::Dangling(_) => None,
        }
    }

    /// Why a dangling reference dangles, in words a user understands.
    pub fn reason(&self, stamp: Stamp) -> Option<String> {
        match self {
            Resolution::Dangling(Dangling::OutsideRange { first, last })
                if *first < stamp.date() && stamp.date() < *last =>
            {
                Some(format!(
                    "not loaded: {} lies between the loaded days {first} and {last}, probably in a notebook that is not loaded",
                    stamp.date()
                ))
            }
            Resolution::Dangling(Dangling::OutsideRange { first, last }) => Some(format!(
                "outside the loaded range ({first} … {last}): {} is probably in a notebook that is not loaded",
                stamp.date()
            )),
            Resolution::Dangling(Dangling::NoEntryAtTime) => Some(format!(
                "no entry at that time on a loaded day (nothing within 10 minutes of {})",
                stamp.hm()
            )),
            _ => None,
        }
    }
}

/// A reference seen from the store: which entry holds it and how it resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub from: EntryId,
    /// Index into the holding entry's `refs`.
    pub index: usize,
    pub resolution: Resolution,
}

impl Store {
    /// Resolves `wanted`, every reference's stamp in timeline order, entry
    /// `id`'s from `link_starts[id]`.
    pub(super) fn resolve_all(&mut self, wanted: &[Stamp], link_starts: Vec<u32>) {
        self.covered = coverage(&self.files);
        let n = self.timeline.len();
        let mut links = self.resolve_many(wanted);
        let mut incoming = vec![0u32; n];
        for t in links.iter().filter_map(Resolution::target) {
            incoming[t] += 1;
        }
        // Backlinks grouped by target, each group in the order found (time
        // order of the holding entries): a count, then a fill.
        let mut backlink_starts = Vec::with_capacity(n + 1);
        let mut total = 0u32;
        for c in &incoming {
            backlink_starts.push(total);
            total += c;
        }
        backlink_starts.push(total);
        let mut next = backlink_starts.clone();
        let mut backlinks = vec![(0, 0); total as usize];
        for id in 0..n {
            let own = &links[link_starts[id] as usize..link_starts[id + 1] as usize];
            for (i, r) in own.iter().enumerate() {
                if let Some(t) = r.target() {
                    backlinks[next[t] as usize] = (id, i);
                    next[t] += 1;
                }
            }
        }
        links.shrink_to_fit();
        self.links = links;
        self.link_starts = link_starts;
        self.backlinks = backlinks;
        self.backlink_starts = backlink_starts;
    }

    /// The resolutions of `wanted`, in its order: on every core when there
    /// are many (a store of 86k entries holds ~67k references).
    fn resolve_many(&self, wanted: &[Stamp]) -> Vec<Resolution> {
        let run = |part: &[Stamp]| part.iter().map(|&s| self.resolve(s)).collect::<Vec<_>>();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores < 2 || wanted.len() < 4096 {
            return run(wanted);
        }
        let chunk = wanted.len().div_ceil(cores);
        std::thread::scope(|s| {
            let parts: Vec<_> = wanted
                .chunks(chunk)
                .map(|c| s.spawn(move || run(c)))
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }

    /// Resolves a stamp the way a reference to it resolves (FORMAT.md).
    pub fn resolve(&self, stamp: Stamp) -> Resolution {
        // One search: the first header at or after the stamp is the first
        // entry with it, if any has it.
        let lo = self.partition(|s| s < stamp);
        if self.stamps.get(lo) == Some(&stamp) {
            return Resolution::Exact {
                entry: lo,
                update: None,
            };
        }
        let u = self.updates.partition_point(|x| x.0 < stamp);
        if let Some(&(s, id, ui)) = self.updates.get(u) {
            if s == stamp {
                return Resolution::Exact {
                    entry: id as EntryId,
                    update: Some(ui as usize),
                };
            }
        }
        let window = chrono::Duration::minutes(10);
        let from = Stamp::new(stamp.date(), 0, 0).map_or(stamp, |s| s.max(sub(stamp, window)));
        let to = add(stamp, window);
        let (lo, hi) = self.header_range(from, to);
        let best = (lo..hi)
            .filter(|&id| self.entry(id).stamp.date() == stamp.date())
            .min_by_key(|&id| stamp.minutes_to(self.entry(id).stamp).abs());
        if let Some(id) = best {
            return Resolution::Approximate {
                entry: id,
                minutes_off: stamp.minutes_to(self.entry(id).stamp),
            };
        }
        let date = stamp.date();
        let next = self.covered.partition_point(|&(_, last)| last < date);
        match (self.first(), self.last()) {
            _ if self
                .covered
                .get(next)
                .is_some_and(|&(first, _)| first <= date) =>
            {
                Resolution::Dangling(Dangling::NoEntryAtTime)
            }
            // In a gap between two loaded notebooks.
            _ if next > 0 && next < self.covered.len() => {
                Resolution::Dangling(Dangling::OutsideRange {
                    first: self.covered[next - 1].1,
                    last: self.covered[next].0,
                })
            }
            (Some(f), Some(l)) => Resolution::Dangling(Dangling::OutsideRange {
                first: f.date(),
                last: l.date(),
            }),
            _ => Resolution::Dangling(Dangling::NoEntryAtTime),
        }
    }

    /// How each of the entry's references resolved, in `entry.refs` order.
    pub fn resolutions(&self, id: EntryId) -> &[Resolution] {
        &self.links[self.link_starts[id] as usize..self.link_starts[id + 1] as usize]
    }

    pub fn reference(&self, id: EntryId, index: usize) -> &Reference {
        &self.entry(id).refs()[index]
    }

    /// Entries whose references land on `id`: (holding entry, reference index), in
    /// time order.
    pub fn backlinks(&self, id: EntryId) -> &[(EntryId, usize)] {
        &self.backlinks[self.backlink_starts[id] as usize..self.backlink_starts[id + 1] as usize]
    }

    /// Every reference of every entry, in time order of the holding entries.
    pub fn links(&self) -> impl Iterator<Item = Link> + '_ {
        (0..self.len()).flat_map(move |from| {
            let rs = self.resolutions(from);
            rs.iter().enumerate().map(move |(index, &resolution)| Link {
                from,
                index,
                resolution,
            })
        })
    }
}

/// The days the notebooks cover, sorted, overlapping and adjacent spans
/// merged. A notebook covers its first to its last entry day; a monthly
/// file (all its entries in one month, and that month in its name:
/// `log201301.txt`, `2013-01.txt`) covers the whole month, so a day of it
/// with no entry is still a loaded day. A notebook with no entry covers
/// nothing.
pub(super) fn coverage(files: &[Arc<Notebook>]) -> Vec<(NaiveDate, NaiveDate)> {
    let mut spans: Vec<(NaiveDate, NaiveDate)> = files.iter().filter_map(|nb| span(nb)).collect();
    spans.sort();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(spans.len());
    for (first, last) in spans {
        match merged.last_mut() {
            Some(m) if m.1.succ_opt().unwrap_or(m.1) >= first => m.1 = m.1.max(last),
            _ => merged.push((first, last)),
        }
    }
    merged
}

/// The days one notebook covers (see [`coverage`]).
fn span(nb: &Notebook) -> Option<(NaiveDate, NaiveDate)> {
    let mut dates = nb.entries().iter().map(|e| e.stamp.date());
    let first = dates.next()?;
    let (lo, hi) = dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d)));
    let same_month = (lo.year(), lo.month()) == (hi.year(), hi.month());
    let name = nb
        .path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (y, m) = (lo.year(), lo.month());
    let monthly = same_month
        && ["", "-", "_", "."]
            .iter()
            .any(|sep| name.contains(&format!("{y:04}{sep}{m:02}")));
    if !monthly {
        return Some((lo, hi));
    }
    let start = lo.with_day(1)?;
    let end = start
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(hi);
    Some((start, end))
}

fn add(s: Stamp, d: chrono::Duration) -> Stamp {
    let t = s.datetime() + d;
    Stamp::new(
        t.date(),
        chrono::Timelike::hour(&t),
        chrono::Timelike::minute(&t),
    )
    .unwrap_or(s)
}

fn sub(s: Stamp, d: chrono::Duration) -> Stamp {
    add(s, -d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(files: &[(&str, &str)]) -> Store {
        Store::new(
            files
                .iter()
                .map(|(name, text)| Arc::new(Notebook::from_bytes(*name, text.as_bytes())))
                .collect(),
        )
    }

    /// Enough references to be resolved on several threads (and several
    /// quoting one stamp): each resolves as `resolve` alone does, in its
    /// entry's order, and the backlinks list exactly the links that land.
    #[test]
    fn many_references_resolve_as_each_would_alone() {
        let mut text = String::new();
        for d in 1..=28 {
            for h in [9, 13, 18] {
                text.push_str(&format!("{h}:00 2014-2-{d}\nkw\n"));
                for k in 0..70 {
                    let (rd, rh, rm) = (1 + (d * 7 + k) % 28, [9, 13, 18][k % 3], (k * 13) % 60);
                    text.push_str(&format!("see\"{rh}:{rm:02} 2014-2-{rd}\" "));
                }
                text.push_str("\n\n");
            }
        }
        let s = store(&[("a.txt", &text)]);
        let mut total = 0;
        let mut landing = vec![0usize; s.len()];
        for id in 0..s.len() {
            let refs = s.entry(id).refs();
            assert_eq!(s.resolutions(id).len(), refs.len());
            for (r, res) in refs.iter().zip(s.resolutions(id)) {
                assert_eq!(*res, s.resolve(r.stamp));
                if let Some(t) = res.target() {
                    landing[t] += 1;
                }
            }
            total += refs.len();
        }
        assert!(total > 5000, "{total}");
        for (t, n) in landing.iter().enumerate() {
            assert_eq!(s.backlinks(t).len(), *n);
            for &(from, i) in s.backlinks(t) {
                assert_eq!(s.resolutions(from)[i].target(), Some(t));
            }
        }
    }

    fn st(s: &str) -> Stamp {
        let [hm, ymd] = s.split(' ').collect::<Vec<_>>()[..] else {
            panic!("{s}")
        };
        let (h, m) = hm.split_once(':').expect("h:m");
        let d = NaiveDate::parse_from_str(ymd, "%Y-%m-%d").expect("date");
        Stamp::new(d, h.parse().expect("h"), m.parse().expect("m")).expect("stamp")
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    const JAN_2012: &str = "9:00 2012-1-3\na\n\n10:00 2012-1-30\nb\n";
    const JAN_2013: &str = "9:00 2013-1-2\nc\n\n10:00 2013-1-29\nd\n";

    /// Issue 14: two monthly files a year apart leave eleven months that no
    /// notebook covers; a link into them is not loaded, not a typo.
    #[test]
    fn a_gap_between_loaded_months_is_not_loaded() {
        let s = store(&[("log201201.txt", JAN_2012), ("log201301.txt", JAN_2013)]);
        let r = s.resolve(st("11:00 2012-12-21"));
        assert_eq!(
            r,
            Resolution::Dangling(Dangling::OutsideRange {
                first: day("2012-01-31"),
                last: day("2013-01-01"),
            })
        );
        let why = r.reason(st("11:00 2012-12-21")).expect("a reason");
        assert!(why.starts_with("not loaded"), "{why}");
        assert!(why.contains("2012-12-21"), "{why}");
        // Days of a loaded month with no entry, also before its first entry
        // and after its last, are loaded days.
        for d in ["11:00 2012-1-20", "11:00 2012-1-1", "11:00 2013-1-31"] {
            assert_eq!(
                s.resolve(st(d)),
                Resolution::Dangling(Dangling::NoEntryAtTime),
                "{d}"
            );
        }
        // Before and after everything: the loaded range, as before.
        assert_eq!(
            s.resolve(st("11:00 2011-12-31")),
            Resolution::Dangling(Dangling::OutsideRange {
                first: day("2012-01-03"),
                last: day("2013-01-29"),
            })
        );
        assert!(r.reason(st("11:00 2011-12-31")).is_some());
    }

    /// A file not named for its month covers its first to its last entry
    /// day only; files that overlap or touch make one span.
    #[test]
    fn a_file_covers_its_entry_days_and_its_month_only_when_named_for_it() {
        let s = store(&[("notes.txt", JAN_2012)]);
        assert_eq!(
            s.resolve(st("11:00 2012-1-31")),
            Resolution::Dangling(Dangling::OutsideRange {
                first: day("2012-01-03"),
                last: day("2012-01-30"),
            })
        );
        assert_eq!(
            s.resolve(st("11:00 2012-1-15")),
            Resolution::Dangling(Dangling::NoEntryAtTime)
        );
        let two = store(&[
            ("a.txt", "9:00 2012-1-3\na\n\n9:00 2012-1-10\nb\n"),
            ("b.txt", "9:00 2012-1-11\nc\n\n9:00 2012-1-20\nd\n"),
            ("c.txt", "9:00 2012-1-25\ne\n"),
        ]);
        assert_eq!(
            coverage(two.files()),
            vec![
                (day("2012-01-03"), day("2012-01-20")),
                (day("2012-01-25"), day("2012-01-25"))
            ]
        );
        assert_eq!(
            two.resolve(st("11:00 2012-1-10")),
            Resolution::Dangling(Dangling::NoEntryAtTime)
        );
        assert!(matches!(
            two.resolve(st("11:00 2012-1-22")),
            Resolution::Dangling(Dangling::OutsideRange { .. })
        ));
        // Entries of two months in a file named for one: its entry days.
        let mixed = store(&[("2012-01.txt", "9:00 2012-1-3\na\n\n9:00 2012-2-10\nb\n")]);
        assert_eq!(
            coverage(mixed.files()),
            vec![(day("2012-01-03"), day("2012-02-10"))]
        );
    }
}
