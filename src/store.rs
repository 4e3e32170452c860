//! All loaded notebooks as one timeline: entries in time order, every reference
//! resolved (exact → approximate → dangling), backlinks and series.
//!
//! A `Store` is immutable and cheap to rebuild: it holds the notebooks behind `Arc`
//! (their text is never copied) plus indexes. The loader builds a new one as files
//! arrive and swaps it in whole, so a reader never sees old and new entries mixed.

use crate::notebook::{Entry, Notebook, Reference, Stamp, Step, Todo};
use chrono::NaiveDate;
use std::collections::HashMap;
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
    /// The date lies outside the loaded notebooks: the entry is probably in a file
    /// that is not loaded.
    OutsideRange { first: NaiveDate, last: NaiveDate },
    /// The date is inside the loaded range but no entry is at (or near) that time.
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

/// A series: entries whose keyword line marks them `topic, contN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    /// The topic as first written.
    pub topic: String,
    /// Parts in time order, with the number written (`None` for a bare `cont`).
    pub parts: Vec<(EntryId, Option<u32>)>,
}

#[derive(Default)]
pub struct Store {
    files: Vec<Arc<Notebook>>,
    timeline: Vec<EntryKey>,
    /// The header stamps in timeline order, for binary searches.
    stamps: Vec<Stamp>,
    /// `positions[file][index]` is the entry's `EntryId`.
    positions: Vec<Vec<EntryId>>,
    links: Vec<Vec<Resolution>>,
    backlinks: Vec<Vec<(EntryId, usize)>>,
    /// (stamp, entry, update index), sorted.
    updates: Vec<(Stamp, EntryId, usize)>,
    series: Vec<Series>,
    entry_series: HashMap<EntryId, Vec<usize>>,
}

impl Store {
    /// Builds the timeline over `files`. Equal stamps keep a stable order: by path,
    /// then by position in the file, whatever order the files were loaded in.
    pub fn new(files: Vec<Arc<Notebook>>) -> Store {
        // Sorted as (stamp, rank of the path, index) tuples, contiguous,
        // rather than through the notebooks on every comparison.
        let mut by_path: Vec<usize> = (0..files.len()).collect();
        by_path.sort_by(|&a, &b| files[a].path.cmp(&files[b].path));
        let mut rank = vec![0u32; files.len()];
        for (r, &f) in by_path.iter().enumerate() {
            rank[f] = r as u32;
        }
        let mut order: Vec<(Stamp, u32, u32, u32)> = Vec::new();
        for (f, nb) in files.iter().enumerate() {
            for (i, e) in nb.entries().iter().enumerate() {
                order.push((e.stamp, rank[f], i as u32, f as u32));
            }
        }
        order.sort_unstable();
        let stamps: Vec<Stamp> = order.iter().map(|o| o.0).collect();
        let timeline: Vec<EntryKey> = order
            .iter()
            .map(|&(_, _, index, file)| EntryKey { file, index })
            .collect();
        let mut positions: Vec<Vec<EntryId>> =
            files.iter().map(|nb| vec![0; nb.entries().len()]).collect();
        for (id, k) in timeline.iter().enumerate() {
            positions[k.file as usize][k.index as usize] = id;
        }
        let mut store = Store {
            files,
            timeline,
            stamps,
            positions,
            ..Store::default()
        };
        store.index_updates();
        store.resolve_all();
        store.index_series();
        store
    }

    fn index_updates(&mut self) {
        let mut updates = Vec::new();
        for id in 0..self.timeline.len() {
            for (u, up) in self.entry(id).updates.iter().enumerate() {
                updates.push((up.stamp, id, u));
            }
        }
        updates.sort();
        self.updates = updates;
    }

    fn resolve_all(&mut self) {
        let n = self.timeline.len();
        let mut links = Vec::with_capacity(n);
        let mut backlinks = vec![Vec::new(); n];
        for id in 0..n {
            let res: Vec<Resolution> = self
                .entry(id)
                .refs
                .iter()
                .map(|r| self.resolve(r.stamp))
                .collect();
            for (i, r) in res.iter().enumerate() {
                if let Some(t) = r.target() {
                    backlinks[t].push((id, i));
                }
            }
            links.push(res);
        }
        self.links = links;
        self.backlinks = backlinks;
    }

    fn index_series(&mut self) {
        let mut by_topic: HashMap<String, usize> = HashMap::new();
        let mut series: Vec<Series> = Vec::new();
        let mut entry_series: HashMap<EntryId, Vec<usize>> = HashMap::new();
        for id in 0..self.timeline.len() {
            let nb = self.notebook(id);
            for mark in &self.entry(id).series {
                let topic = nb.slice(&mark.topic);
                let s = *by_topic.entry(topic.to_lowercase()).or_insert_with(|| {
                    series.push(Series {
                        topic: topic.to_string(),
                        parts: Vec::new(),
                    });
                    series.len() - 1
                });
                // Timeline order is time order, so parts arrive sorted.
                if series[s].parts.last().map(|p| p.0) != Some(id) {
                    series[s].parts.push((id, mark.part));
                    entry_series.entry(id).or_default().push(s);
                }
            }
        }
        self.series = series;
        self.entry_series = entry_series;
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
            .copied()
    }

    pub fn entry(&self, id: EntryId) -> &Entry {
        let k = self.timeline[id];
        &self.files[k.file as usize].parsed.entries[k.index as usize]
    }

    pub fn notebook(&self, id: EntryId) -> &Notebook {
        &self.files[self.timeline[id].file as usize]
    }

    /// The entry's whole text, header line included.
    pub fn text(&self, id: EntryId) -> &str {
        self.notebook(id).slice(&self.entry(id).span)
    }

    /// The keyword line, or "" when the entry has none.
    pub fn keywords_text(&self, id: EntryId) -> &str {
        match &self.entry(id).keywords {
            Some(k) => self.notebook(id).slice(&k.span),
            None => "",
        }
    }

    /// Every `\todo` mark, newest entry first (marks in file order within an
    /// entry), with the text from the mark to the end of its line.
    pub fn todos(&self) -> impl Iterator<Item = (EntryId, &Todo, &str)> + '_ {
        (0..self.len()).rev().flat_map(move |id| {
            let text = &self.notebook(id).text;
            self.entry(id).todos.iter().map(move |t| {
                let end = text[t.offset..]
                    .find('\n')
                    .map_or(text.len(), |i| t.offset + i);
                (id, t, &text[t.offset..end])
            })
        })
    }

    /// What a list row shows for an entry (see [`Notebook::title`]).
    pub fn title(&self, id: EntryId) -> &str {
        self.notebook(id).title(self.entry(id))
    }

    /// The entry's text after its header line: what whole-entry search matches.
    pub fn body(&self, id: EntryId) -> &str {
        self.notebook(id).body(self.entry(id))
    }

    /// The entry's keyword terms (series markers excluded), as written.
    pub fn terms(&self, id: EntryId) -> impl Iterator<Item = &str> {
        let nb = self.notebook(id);
        self.entry(id)
            .keywords
            .iter()
            .flat_map(|k| k.groups.iter().flatten())
            .map(move |r| nb.slice(r))
            .filter(|t| crate::notebook::parse::series_part(t).is_none())
    }

    pub fn first(&self) -> Option<Stamp> {
        (!self.is_empty()).then(|| self.entry(0).stamp)
    }

    pub fn last(&self) -> Option<Stamp> {
        (!self.is_empty()).then(|| self.entry(self.len() - 1).stamp)
    }

    /// Resolves a stamp the way a reference to it resolves (FORMAT.md).
    pub fn resolve(&self, stamp: Stamp) -> Resolution {
        let (lo, hi) = self.header_range(stamp, stamp);
        if lo < hi {
            return Resolution::Exact {
                entry: lo,
                update: None,
            };
        }
        let u = self.updates.partition_point(|x| x.0 < stamp);
        if let Some(&(s, id, ui)) = self.updates.get(u) {
            if s == stamp {
                return Resolution::Exact {
                    entry: id,
                    update: Some(ui),
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
        match (self.first(), self.last()) {
            (Some(f), Some(l)) if stamp.date() >= f.date() && stamp.date() <= l.date() => {
                Resolution::Dangling(Dangling::NoEntryAtTime)
            }
            (Some(f), Some(l)) => Resolution::Dangling(Dangling::OutsideRange {
                first: f.date(),
                last: l.date(),
            }),
            _ => Resolution::Dangling(Dangling::NoEntryAtTime),
        }
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

    /// How each of the entry's references resolved, in `entry.refs` order.
    pub fn resolutions(&self, id: EntryId) -> &[Resolution] {
        &self.links[id]
    }

    pub fn reference(&self, id: EntryId, index: usize) -> &Reference {
        &self.entry(id).refs[index]
    }

    /// Entries whose references land on `id`: (holding entry, reference index), in
    /// time order.
    pub fn backlinks(&self, id: EntryId) -> &[(EntryId, usize)] {
        &self.backlinks[id]
    }

    /// Every reference of every entry, in time order of the holding entries.
    pub fn links(&self) -> impl Iterator<Item = Link> + '_ {
        self.links.iter().enumerate().flat_map(|(from, rs)| {
            rs.iter().enumerate().map(move |(index, &resolution)| Link {
                from,
                index,
                resolution,
            })
        })
    }

    /// The series this entry is a part of (usually none or one; a keyword line may
    /// carry two).
    pub fn series_of(&self, id: EntryId) -> impl Iterator<Item = &Series> {
        self.entry_series
            .get(&id)
            .into_iter()
            .flatten()
            .map(|&s| &self.series[s])
    }

    pub fn all_series(&self) -> &[Series] {
        &self.series
    }

    /// The previous and next part of the entry's first series.
    pub fn series_neighbours(&self, id: EntryId) -> (Option<EntryId>, Option<EntryId>) {
        let Some(s) = self.series_of(id).next() else {
            return (None, None);
        };
        let Some(pos) = s.parts.iter().position(|p| p.0 == id) else {
            return (None, None);
        };
        let prev = pos.checked_sub(1).map(|p| s.parts[p].0);
        (prev, s.parts.get(pos + 1).map(|p| p.0))
    }

    /// Where a section path lands in an entry: the 1-based file line.
    pub fn section_line(&self, id: EntryId, path: &[Step]) -> Option<(u32, bool)> {
        self.entry(id)
            .section(path)
            .map(|(item, full)| (item.line, full))
    }
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
