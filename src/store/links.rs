//! References seen from the store: how each resolves (exact → approximate →
//! dangling, FORMAT.md), and the backlinks they make.

use super::{EntryId, Store};
use crate::notebook::{Reference, Stamp};
use chrono::NaiveDate;

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

impl Store {
    pub(super) fn resolve_all(&mut self) {
        let n = self.timeline.len();
        let mut links = Vec::new();
        let mut link_starts = Vec::with_capacity(n + 1);
        let mut incoming = vec![0u32; n];
        for id in 0..n {
            link_starts.push(links.len() as u32);
            for r in &self.entry(id).refs {
                let res = self.resolve(r.stamp);
                if let Some(t) = res.target() {
                    incoming[t] += 1;
                }
                links.push(res);
            }
        }
        link_starts.push(links.len() as u32);
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

    /// How each of the entry's references resolved, in `entry.refs` order.
    pub fn resolutions(&self, id: EntryId) -> &[Resolution] {
        &self.links[self.link_starts[id] as usize..self.link_starts[id + 1] as usize]
    }

    pub fn reference(&self, id: EntryId, index: usize) -> &Reference {
        &self.entry(id).refs[index]
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
