//! All loaded notebooks as one timeline: entries in time order, every reference
//! resolved (exact → approximate → dangling), backlinks and series.
//!
//! A `Store` is immutable and cheap to rebuild: it holds the notebooks behind `Arc`
//! (their text is never copied) plus indexes. The loader builds a new one as files
//! arrive and swaps it in whole, so a reader never sees old and new entries mixed.

//!
//! Split by concern: this file holds the timeline and its time index,
//! `links` the resolution of references and the backlinks, `series` the
//! `topic, contN` chains, and `anchor` the names that carry a position from
//! one store to the next after a reload. Nothing here knows of a screen or a
//! command line: both front ends (`tui`, `cli`) read a store, and `live`
//! builds them.

pub mod analysis;
mod anchor;
pub mod keywords;
mod links;
mod series;

#[cfg(test)]
pub(crate) use anchor::tests as reload_fixtures;
pub use anchor::{nearest, remap, Anchor};
pub use links::{Dangling, Link, Resolution};
pub use series::Series;

use crate::notebook::{EntryRef, Notebook, Stamp, Step, Todo};
use chrono::NaiveDate;
use std::sync::Arc;

/// Position of an entry in the timeline of one `Store`.
pub type EntryId = usize;

/// Names an entry independently of any `Store` version: file number (in load
/// order) and index within that file. The search index is keyed by this.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryKey {
    pub file: u32,
    pub index: u32,
}

#[derive(Default)]
pub struct Store {
    files: Vec<Arc<Notebook>>,
    timeline: Vec<EntryKey>,
    /// The header stamps in timeline order, for binary searches.
    stamps: Vec<Stamp>,
    /// `positions[file][index]` is the entry's `EntryId`.
    positions: Vec<Vec<u32>>,
    /// Every entry's resolutions, one after another: entry `id`'s are
    /// `links[link_starts[id]..link_starts[id + 1]]` (one Vec for all rather
    /// than one per entry).
    links: Vec<Resolution>,
    link_starts: Vec<u32>,
    /// The backlinks, stored the same way.
    backlinks: Vec<(EntryId, usize)>,
    backlink_starts: Vec<u32>,
    /// (stamp, entry, update index), sorted.
    updates: Vec<(Stamp, u32, u32)>,
    series: Vec<Series>,
    /// (entry, index into `series`), sorted by entry.
    entry_series: Vec<(EntryId, u32)>,
    /// The days the loaded notebooks cover (see `links::coverage`), sorted
    /// and merged: a dangling reference inside them is on a loaded day.
    covered: Vec<(NaiveDate, NaiveDate)>,
}

impl Store {
    /// Builds the timeline over `files`. Equal stamps keep a stable order: by path,
    /// then by position in the file, whatever order the files were loaded in.
    pub fn new(files: Vec<Arc<Notebook>>) -> Store {
        // Equal stamps in two files go by the rank of their paths.
        let rank = path_ranks(&files);
        let (stamps, timeline) = match files_in_order(&files, &rank) {
            Some(order) => concatenated(&files, &order),
            None => sorted(&files, &rank),
        };
        let mut positions: Vec<Vec<u32>> =
            files.iter().map(|nb| vec![0; nb.entries().len()]).collect();
        for (id, k) in timeline.iter().enumerate() {
            positions[k.file as usize][k.index as usize] = id as u32;
        }
        let mut store = Store {
            files,
            timeline,
            stamps,
            positions,
            ..Store::default()
        };
        let (wanted, starts) = store.index_updates_and_refs();
        store.resolve_all(&wanted, starts);
        store.index_series();
        store
    }

    /// Indexes the updates (sorted) and returns every reference's stamp in
    /// timeline order with where each entry's start: one pass over the
    /// entries for both.
    fn index_updates_and_refs(&mut self) -> (Vec<Stamp>, Vec<u32>) {
        let n = self.timeline.len();
        let mut updates = Vec::new();
        let mut wanted = Vec::new();
        let mut starts = Vec::with_capacity(n + 1);
        for id in 0..n {
            let e = self.entry(id);
            starts.push(wanted.len() as u32);
            wanted.extend(e.refs().iter().map(|r| r.stamp));
            for (u, up) in e.updates().iter().enumerate() {
                updates.push((up.stamp, id as u32, u as u32));
            }
        }
        starts.push(wanted.len() as u32);
        updates.sort();
        self.updates = updates;
        (wanted, starts)
    }

    pub fn len(&self) -> usize {
        self.timeline.len()
    }

    pub fn is_empty(&self) -> bool {
        self.timeline.is_empty()
    }

    pub fn files(&self) -> &[Arc<Notebook>] {
        &self.files
    }

    pub fn key(&self, id: EntryId) -> EntryKey {
        self.timeline[id]
    }

    pub fn id_of(&self, key: EntryKey) -> Option<EntryId> {
        self.positions
            .get(key.file as usize)?
            .get(key.index as usize)
            .map(|&id| id as EntryId)
    }

    /// The entry with its outline, updates, references and todos.
    pub fn entry(&self, id: EntryId) -> EntryRef<'_> {
        let k = self.timeline[id];
        self.files[k.file as usize].entry(k.index as usize)
    }

    pub fn notebook(&self, id: EntryId) -> &Notebook {
        &self.files[self.timeline[id].file as usize]
    }

    /// The entry's whole text, header line included.
    pub fn text(&self, id: EntryId) -> &str {
        self.notebook(id).slice(&self.entry(id).span())
    }

    /// Every `\todo` mark, newest entry first (marks in file order within an
    /// entry), with its text: from the mark to the end of its line, or to the
    /// next mark on that line. Only the last mark of a line searches for the
    /// line's end, so a line with many marks costs its length once.
    pub fn todos(&self) -> impl Iterator<Item = (EntryId, &Todo, &str)> + '_ {
        (0..self.len()).rev().flat_map(move |id| {
            let text = &self.notebook(id).text;
            let todos = self.entry(id).todos();
            todos.iter().enumerate().map(move |(i, t)| {
                let end = match todos.get(i + 1) {
                    Some(next) if next.line == t.line => next.offset,
                    _ => memchr::memchr(b'\n', &text.as_bytes()[t.offset..])
                        .map_or(text.len(), |n| t.offset + n),
                };
                (id, t, &text[t.offset..end])
            })
        })
    }

    /// What a list row shows for an entry (see [`Notebook::title`]).
    pub fn title(&self, id: EntryId) -> &str {
        self.notebook(id).title(&self.entry(id))
    }

    /// The entry's text after its header line: what whole-entry search matches.
    pub fn body(&self, id: EntryId) -> &str {
        self.notebook(id).body(&self.entry(id))
    }

    /// The entry's keyword terms (series markers excluded), as written.
    pub fn terms(&self, id: EntryId) -> impl Iterator<Item = &str> {
        let nb = self.notebook(id);
        self.entry(id)
            .entry()
            .keywords
            .iter()
            .flat_map(|k| k.terms(&nb.text))
            .map(move |r| nb.slice(&r))
            .filter(|t| crate::notebook::parse::series_part(t).is_none())
    }

    pub fn first(&self) -> Option<Stamp> {
        (!self.is_empty()).then(|| self.entry(0).stamp)
    }

    pub fn last(&self) -> Option<Stamp> {
        (!self.is_empty()).then(|| self.entry(self.len() - 1).stamp)
    }

    /// Entries whose header stamp lies in `[from, to]`, as an id range.
    fn header_range(&self, from: Stamp, to: Stamp) -> (EntryId, EntryId) {
        let lo = self.partition(|s| s < from);
        let hi = self.partition(|s| s <= to);
        (lo, hi.max(lo))
    }

    fn partition(&self, pred: impl Fn(Stamp) -> bool) -> EntryId {
        self.stamps.partition_point(|&s| pred(s))
    }

    /// Every entry whose header has exactly this stamp (two entries may share one).
    pub fn with_stamp(&self, stamp: Stamp) -> std::ops::Range<EntryId> {
        let (lo, hi) = self.header_range(stamp, stamp);
        lo..hi
    }

    /// The first entry at or after `stamp`, else the last one before it.
    pub fn at_or_after(&self, stamp: Stamp) -> Option<EntryId> {
        if self.is_empty() {
            return None;
        }
        Some(self.partition(|s| s < stamp).min(self.len() - 1))
    }

    pub fn first_on_or_after(&self, date: NaiveDate) -> Option<EntryId> {
        self.at_or_after(Stamp::new(date, 0, 0)?)
    }

    /// Where a section path lands in an entry: the 1-based file line.
    pub fn section_line(&self, id: EntryId, path: &[Step]) -> Option<(u32, bool)> {
        self.entry(id)
            .section(path)
            .map(|(item, full)| (item.line, full))
    }
}

/// Each file's rank among the files sorted by path.
fn path_ranks(files: &[Arc<Notebook>]) -> Vec<u32> {
    let mut by_path: Vec<usize> = (0..files.len()).collect();
    by_path.sort_by(|&a, &b| files[a].path.cmp(&files[b].path));
    let mut rank = vec![0u32; files.len()];
    for (r, &f) in by_path.iter().enumerate() {
        rank[f] = r as u32;
    }
    rank
}

/// The file numbers in timeline order when the timeline is just the files'
/// entries one file after another: each file's entries in time order and no
/// two files overlapping in time (the usual monthly or yearly files). Ties
/// cannot cross files then, so this is the order the sort would give.
/// `None` when it is not so.
fn files_in_order(files: &[Arc<Notebook>], rank: &[u32]) -> Option<Vec<usize>> {
    let mut spans: Vec<(Stamp, u32, Stamp, usize)> = Vec::new();
    for (f, nb) in files.iter().enumerate() {
        let e = nb.entries();
        if e.windows(2).any(|w| w[1].stamp < w[0].stamp) {
            return None;
        }
        if let (Some(first), Some(last)) = (e.first(), e.last()) {
            spans.push((first.stamp, rank[f], last.stamp, f));
        }
    }
    spans.sort_unstable();
    spans
        .windows(2)
        .all(|w| w[0].2 < w[1].0)
        .then(|| spans.iter().map(|s| s.3).collect())
}

/// The stamps and keys of the files' entries, file after file in `order`.
fn concatenated(files: &[Arc<Notebook>], order: &[usize]) -> (Vec<Stamp>, Vec<EntryKey>) {
    let n = files.iter().map(|nb| nb.entries().len()).sum();
    let mut stamps = Vec::with_capacity(n);
    let mut timeline = Vec::with_capacity(n);
    for &f in order {
        for (i, e) in files[f].entries().iter().enumerate() {
            stamps.push(e.stamp);
            timeline.push(EntryKey {
                file: f as u32,
                index: i as u32,
            });
        }
    }
    (stamps, timeline)
}

/// The stamps and keys of the files' entries sorted by (stamp, rank of the
/// path, index in the file).
fn sorted(files: &[Arc<Notebook>], rank: &[u32]) -> (Vec<Stamp>, Vec<EntryKey>) {
    let mut order: Vec<(Stamp, u32, u32, u32)> = Vec::new();
    for (f, nb) in files.iter().enumerate() {
        for (i, e) in nb.entries().iter().enumerate() {
            order.push((e.stamp, rank[f], i as u32, f as u32));
        }
    }
    // A stable sort: it finds the runs already in order (a file's
    // entries nearly always are) and merges them; the keys are unique,
    // so the order is the unstable sort's.
    // Contiguous tuples rather than lookups through the notebooks on every
    // comparison.
    order.sort();
    let stamps = order.iter().map(|o| o.0).collect();
    let timeline = order
        .iter()
        .map(|&(_, _, index, file)| EntryKey { file, index })
        .collect();
    (stamps, timeline)
}

/// A store over one notebook made from `text` (unit tests).
#[cfg(test)]
pub(crate) fn from_text(name: &str, text: &str) -> Store {
    Store::new(vec![std::sync::Arc::new(
        crate::notebook::Notebook::from_bytes(name, text.as_bytes()),
    )])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notebook::Notebook;

    fn nb(name: &str, stamps: &[&str]) -> Arc<Notebook> {
        let text: String = stamps.iter().map(|s| format!("{s}\nkw {s}\n\n")).collect();
        Arc::new(Notebook::from_bytes(name, text.as_bytes()))
    }

    /// `at_or_after` lands on an entry at the stamp itself (the first of
    /// two that share it), else on the next, else on the last;
    /// `first_on_or_after` on a day's first entry, or the next day's.
    #[test]
    fn at_or_after_lands_on_the_stamp_itself_then_later_then_the_last() {
        let s = Store::new(vec![nb(
            "log.txt",
            &[
                "9:00 2013-1-4",
                "10:00 2013-1-4",
                "10:00 2013-1-4",
                "8:00 2013-1-6",
            ],
        )]);
        let at = |t: &str| s.at_or_after(Stamp::parse(t).unwrap());
        assert_eq!(at("9:00 2013-1-4"), Some(0));
        assert_eq!(at("9:01 2013-1-4"), Some(1));
        assert_eq!(at("10:00 2013-1-4"), Some(1));
        assert_eq!(at("8:00 2013-1-1"), Some(0));
        assert_eq!(at("9:00 2013-1-9"), Some(3), "after everything: the last");
        let day = |d: u32| s.first_on_or_after(NaiveDate::from_ymd_opt(2013, 1, d).unwrap());
        assert_eq!(day(4), Some(0));
        assert_eq!(day(5), Some(3));
        assert_eq!(day(6), Some(3));
        assert_eq!(
            Store::new(Vec::new()).at_or_after(Stamp::parse("9:00 2013-1-4").unwrap()),
            None
        );
    }

    /// The shortcut is taken only when it gives the sort's timeline, and is
    /// taken for files that follow one another in time, in any load order.
    #[test]
    fn files_one_after_another_skip_the_sort_with_the_same_timeline() {
        let jan = || {
            nb(
                "b/2013-01.txt",
                &["9:00 2013-1-4", "9:00 2013-1-4", "10:00 2013-1-9"],
            )
        };
        let feb = || nb("a/2013-02.txt", &["8:00 2013-2-1", "18:00 2013-2-28"]);
        let empty = || nb("c/empty.txt", &[]);
        let cases: Vec<(Vec<Arc<Notebook>>, bool)> = vec![
            (vec![jan(), feb()], true),
            (vec![feb(), empty(), jan()], true),
            // A file out of time order.
            (
                vec![nb("x.txt", &["9:00 2013-1-4", "8:00 2013-1-4"]), feb()],
                false,
            ),
            // Overlapping files.
            (vec![jan(), nb("y.txt", &["9:30 2013-1-4"])], false),
            // A tie across two files: the path decides, and a.txt, later in
            // time, comes first at 10:00 2013-1-9.
            (
                vec![nb("a.txt", &["10:00 2013-1-9", "11:00 2013-1-9"]), jan()],
                false,
            ),
        ];
        for (files, shortcut) in cases {
            let rank = path_ranks(&files);
            let order = files_in_order(&files, &rank);
            assert_eq!(order.is_some(), shortcut);
            let (stamps, timeline) = sorted(&files, &rank);
            if let Some(order) = order {
                assert_eq!(
                    concatenated(&files, &order),
                    (stamps.clone(), timeline.clone())
                );
            }
            let store = Store::new(files);
            assert_eq!(store.timeline, timeline);
            assert_eq!(store.stamps, stamps);
        }
    }
}
