//! Questions asked of the whole store: the thread an entry belongs to, what was
//! written on this day in earlier years, and what is wrong with the links.

use super::{EntryId, Resolution, Store};
use crate::notebook::stamp::parse_prefix;
use crate::notebook::Stamp;
use chrono::{Datelike, NaiveDate};
use std::collections::VecDeque;

/// Every entry reachable from `start` through see-links in either direction,
/// with its distance in links, in time order.
pub fn thread(store: &Store, start: EntryId) -> Vec<(EntryId, usize)> {
    thread_steps(store, start, None)
        .into_iter()
        .map(|s| (s.id, s.depth))
        .collect()
}

/// How a thread reached an entry from the one before it on the way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// The entry the thread starts from.
    Start,
    /// The one before links to it (→).
    LinksTo,
    /// It links to the one before (←, linked from).
    LinkedFrom,
}

/// One entry of a thread: its distance in links and the last step there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThreadStep {
    pub id: EntryId,
    pub depth: usize,
    pub via: Via,
}

/// [`thread`] with the direction of each entry's last step, at most
/// `max_depth` links from `start` (the CLI's `--depth`, the browser's
/// `+` / `-`), in time order. A breadth-first walk: each entry at its
/// shortest distance, links out before backlinks.
pub fn thread_steps(store: &Store, start: EntryId, max_depth: Option<usize>) -> Vec<ThreadStep> {
    let mut seen: Vec<Option<(usize, Via)>> = vec![None; store.len()];
    let mut queue = VecDeque::from([start]);
    seen[start] = Some((0, Via::Start));
    while let Some(id) = queue.pop_front() {
        let d = seen[id].map_or(0, |(d, _)| d) + 1;
        if max_depth.is_some_and(|max| d > max) {
            continue;
        }
        let out = store
            .resolutions(id)
            .iter()
            .filter_map(Resolution::target)
            .map(|t| (t, Via::LinksTo));
        let back = store
            .backlinks(id)
            .iter()
            .map(|&(from, _)| (from, Via::LinkedFrom));
        for (next, via) in out.chain(back) {
            if seen[next].is_none() {
                seen[next] = Some((d, via));
                queue.push_back(next);
            }
        }
    }
    seen.iter()
        .enumerate()
        .filter_map(|(id, s)| s.map(|(depth, via)| ThreadStep { id, depth, via }))
        .collect()
}

/// Entries written on `date`'s month and day in earlier years, newest first.
pub fn on_this_day(store: &Store, date: NaiveDate) -> Vec<EntryId> {
    (0..store.len())
        .rev()
        .filter(|&id| {
            let d = store.entry(id).stamp.date();
            d.month() == date.month() && d.day() == date.day() && d.year() < date.year()
        })
        .collect()
}

/// Entries written on `date`'s month and day in any other year, newest
/// first: the browser's `o`, which may start from an old entry's day.
pub fn same_day_other_years(store: &Store, date: NaiveDate) -> Vec<EntryId> {
    (0..store.len())
        .rev()
        .filter(|&id| {
            let d = store.entry(id).stamp.date();
            d.month() == date.month() && d.day() == date.day() && d.year() != date.year()
        })
        .collect()
}

/// What `rizhi check` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A reference that points nowhere.
    Dangling { entry: EntryId, index: usize },
    /// A reference taken to mean a nearby entry: the author may want to fix it.
    Approximate {
        entry: EntryId,
        index: usize,
        meant: EntryId,
    },
    /// A reference to a stamp two or more entries share.
    Ambiguous {
        entry: EntryId,
        index: usize,
        count: usize,
    },
    /// A timestamp in a body without quotes: maybe a link that was meant.
    Unquoted {
        entry: EntryId,
        line: u32,
        offset: usize,
        stamp: Stamp,
    },
}

impl Problem {
    pub fn entry(&self) -> EntryId {
        match *self {
            Problem::Dangling { entry, .. }
            | Problem::Approximate { entry, .. }
            | Problem::Ambiguous { entry, .. }
            | Problem::Unquoted { entry, .. } => entry,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Problem::Dangling { .. } => "dangling",
            Problem::Approximate { .. } => "approximate",
            Problem::Ambiguous { .. } => "ambiguous",
            Problem::Unquoted { .. } => "unquoted",
        }
    }
}

/// Every link problem, by file then line.
pub fn check(store: &Store) -> Vec<Problem> {
    let mut out = Vec::new();
    for id in 0..store.len() {
        for (index, res) in store.resolutions(id).iter().enumerate() {
            let stamp = store.reference(id, index).stamp;
            match *res {
                Resolution::Dangling(_) => out.push(Problem::Dangling { entry: id, index }),
                Resolution::Approximate { entry, .. } => out.push(Problem::Approximate {
                    entry: id,
                    index,
                    meant: entry,
                }),
                Resolution::Exact { update: None, .. } => {
                    let count = store.with_stamp(stamp).len();
                    if count > 1 {
                        out.push(Problem::Ambiguous {
                            entry: id,
                            index,
                            count,
                        });
                    }
                }
                Resolution::Exact { .. } => {}
            }
        }
        unquoted(store, id, &mut out);
    }
    let pos = |p: &Problem| {
        let id = p.entry();
        let line = match *p {
            Problem::Unquoted { line, .. } => line,
            Problem::Dangling { index, .. }
            | Problem::Approximate { index, .. }
            | Problem::Ambiguous { index, .. } => store.reference(id, index).line,
        };
        (store.notebook(id).path.clone(), line)
    };
    out.sort_by_key(pos);
    out
}

/// Stamps in the body that are neither quoted, nor an update's `(stamp)`, nor a
/// header or revision line.
fn unquoted(store: &Store, id: EntryId, out: &mut Vec<Problem>) {
    let e = store.entry(id);
    let text = store.text(id);
    let mut offset = 0;
    for (i, line) in text.split('\n').enumerate() {
        let line_start = offset;
        offset += line.len() + 1;
        if i == 0 || (i == 1 && e.revision.is_some()) {
            continue;
        }
        let b = line.as_bytes();
        let mut at = 0;
        while at < b.len() {
            if !b[at].is_ascii_digit() || (at > 0 && b[at - 1].is_ascii_digit()) {
                at += 1;
                continue;
            }
            match parse_prefix(&b[at..]) {
                Some((stamp, n)) => {
                    let before = at.checked_sub(1).map(|p| b[p]);
                    let after = b.get(at + n).copied();
                    let quoted = before == Some(b'"') && after == Some(b'"');
                    let paren = before == Some(b'(') && after == Some(b')');
                    if !quoted && !paren {
                        out.push(Problem::Unquoted {
                            entry: id,
                            line: e.line + i as u32,
                            offset: e.span().start + line_start + at,
                            stamp,
                        });
                    }
                    at += n;
                }
                None => at += 1,
            }
        }
    }
}
