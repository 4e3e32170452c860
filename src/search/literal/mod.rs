//! The filter's literal matcher: nucleo's pattern syntax and scorer, run on a
//! background job per query over the notebooks' stored UTF-8 text, ranked by
//! score, equal scores newest first (as `rizhi search`, which runs this very
//! matcher), within the query's date range (`@2012-01..`, see [`dates`]). It
//! replaces a `Nucleo` that held a UTF-32 copy of every title
//! and body (4 bytes a character) and scored without a prefilter.

use super::batch::{workers, BLOCK};
use super::chars::{has_ascii_lookalike, matcher, pattern_score, utf32_str};
use super::dates::{self, Dates};
use super::pinyin;
use super::prefilter::Prefilter;
use super::query::Scope;
use super::squash::Squash;
use super::window;
use crate::notebook::{Notebook, Stamp};
use crate::store::EntryKey;
use nucleo::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

mod job;
use job::JobInput;

/// nucleo's own parse of a query (no `|`), as `Nucleo` did it.
fn nucleo_pattern(query: &str) -> Pattern {
    Pattern::parse(query, CaseMatching::Smart, Normalization::Smart)
}

/// Where the loader feeds entries.
pub type Feed = Arc<RwLock<Items>>;

pub struct Literal {
    items: Feed,
    notify: Arc<dyn Fn() + Send + Sync>,
    /// The parsed query and its prefilter, shared with the running job.
    pattern: Arc<Parsed>,
    query: String,
    scope: Scope,
    /// The query changed since `results` were computed.
    dirty: bool,
    /// ... but only grew (only the old matches can match).
    narrowed: bool,
    job: Option<Job>,
    results: Results,
}

/// The entries fed so far, in feeding order, and their notebooks.
#[derive(Default)]
pub struct Items {
    files: Vec<Option<File>>,
    /// Shared with the running job (no copy a query); a push while a job
    /// holds it copies it once.
    list: Arc<Vec<Item>>,
}

/// A notebook, and the titles of its entries one after another: keyword scope
/// reads those from a few contiguous kilobytes instead of from all over the
/// notebook's text (a cache miss per entry).
#[derive(Clone)]
struct File {
    nb: Arc<Notebook>,
    titles: Arc<str>,
    /// `titles` holds pinyin spellings: fuzzy words match by syllables.
    spelled: bool,
}

/// A query as the job matches it: nucleo's pattern of its fuzzy words, their
/// prefilter and squashing, and its date range.
struct Parsed {
    pat: Pattern,
    pre: Prefilter,
    squash: Option<Squash>,
    dates: Option<Dates>,
    /// The positive fuzzy atoms' needles, read by syllables in a spelling.
    fuzzy: Vec<String>,
    /// An atom nucleo matches as a run of characters (`'x`, `^x`, `x$`,
    /// `!x`): in a spelling it sees the readings joined, without the `.`
    /// between them (`'guanli` in `GUAN.LI`).
    joined: bool,
}

impl Parsed {
    fn new(query: &str) -> Parsed {
        let (words, dates) = dates::split(query);
        let pat = nucleo_pattern(&words);
        let fuzzy = pat
            .atoms
            .iter()
            .filter(|a| !a.negative && a.kind == AtomKind::Fuzzy)
            .map(|a| a.needle_text().to_string().to_ascii_lowercase())
            .collect();
        let joined = pat
            .atoms
            .iter()
            .any(|a| a.negative || a.kind != AtomKind::Fuzzy);
        Parsed {
            pre: Prefilter::new(&pat),
            squash: Squash::new(pat.atoms.iter()),
            pat,
            dates,
            fuzzy,
            joined,
        }
    }
}

#[derive(Clone, Copy)]
struct Item {
    key: EntryKey,
    /// The header's stamp: the date range, and the tie-break (newest first).
    stamp: Stamp,
    title_lookalike: bool,
    body_lookalike: bool,
    /// Where the title is in its file's `titles` and the body in the
    /// notebook's text, found once here rather than on every query (`None` past
    /// 4 GiB).
    title: Option<(u32, u32)>,
    body: Option<(u32, u32)>,
}

/// A substring of `text` as (offset, length) in it.
fn place(text: &str, part: &str) -> Option<(u32, u32)> {
    let at = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = at.checked_add(part.len()).filter(|&e| e <= text.len())?;
    Some((u32::try_from(at).ok()?, u32::try_from(end - at).ok()?))
}

/// The text at a [`place`].
fn at(text: &str, (from, len): (u32, u32)) -> &str {
    let from = from as usize;
    text.get(from..from + len as usize).unwrap_or("")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Match {
    score: u32,
    stamp: Stamp,
    idx: u32,
    key: EntryKey,
}

impl Match {
    /// Item `idx` as a match of a query with nothing to score.
    fn unscored(idx: usize, it: &Item) -> Match {
        Match {
            score: 0,
            stamp: it.stamp,
            idx: idx as u32,
            key: it.key,
        }
    }

    /// Best first: higher score, then newer, then later in its file.
    fn rank(a: &Match, b: &Match) -> std::cmp::Ordering {
        b.score
            .cmp(&a.score)
            .then(b.stamp.cmp(&a.stamp))
            .then(b.key.cmp(&a.key))
    }
}

/// Ranked matches among the first `upto` items.
#[derive(Default, Clone)]
struct Results {
    matches: Arc<Vec<Match>>,
    upto: usize,
    /// Every item of the first `upto`, in feeding order (an empty query
    /// without a date range): more items extend it rather than rebuild it.
    everything: bool,
}

struct Job {
    rx: Receiver<Results>,
    cancel: Arc<AtomicBool>,
}

impl Literal {
    pub fn new(notify: Arc<dyn Fn() + Send + Sync>) -> Literal {
        Literal {
            items: Arc::default(),
            notify,
            pattern: Arc::new(Parsed::new("")),
            query: String::new(),
            scope: Scope::Keywords,
            dirty: false,
            narrowed: false,
            job: None,
            results: Results::default(),
        }
    }

    pub fn feed(&self) -> Feed {
        Arc::clone(&self.items)
    }

    /// Feeds every entry of one notebook (file number `file` in load order).
    pub fn push(feed: &Feed, file: u32, nb: &Arc<Notebook>) {
        let mut titles = String::new();
        let items: Vec<Item> = nb
            .entries()
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let (title, body) = (nb.title(e), nb.body(e));
                let at = titles.len();
                titles.push_str(title);
                Item {
                    key: EntryKey {
                        file,
                        index: i as u32,
                    },
                    stamp: e.stamp,
                    title_lookalike: has_ascii_lookalike(title),
                    body_lookalike: has_ascii_lookalike(body),
                    title: u32::try_from(at).ok().zip(u32::try_from(title.len()).ok()),
                    body: place(&nb.text, body),
                }
            })
            .collect();
        Literal::add(feed, file, nb, (titles, false), items);
    }

    /// Feeds the entries of one notebook that have a pinyin spelling of their
    /// title (entry index, spelling): matched in keyword scope as their title.
    pub fn push_spelled<'a>(
        feed: &Feed,
        file: u32,
        nb: &Arc<Notebook>,
        spelled: impl Iterator<Item = (u32, &'a str)>,
    ) {
        let mut titles = String::new();
        let items: Vec<Item> = spelled
            .filter_map(|(i, hay)| {
                let e = nb.entries().get(i as usize)?;
                let at = titles.len();
                titles.push_str(hay);
                // Past 4 GiB of spellings the item is not fed (the job
                // would match the title itself).
                let title = Some((u32::try_from(at).ok()?, u32::try_from(hay.len()).ok()?));
                Some(Item {
                    key: EntryKey { file, index: i },
                    stamp: e.stamp,
                    title_lookalike: has_ascii_lookalike(hay),
                    body_lookalike: false,
                    title,
                    body: None,
                })
            })
            .collect();
        if !items.is_empty() {
            Literal::add(feed, file, nb, (titles, true), items);
        }
    }

    fn add(
        feed: &Feed,
        file: u32,
        nb: &Arc<Notebook>,
        (titles, spelled): (String, bool),
        items: Vec<Item>,
    ) {
        let file_ = File {
            nb: Arc::clone(nb),
            titles: titles.into(),
            spelled,
        };
        let Ok(mut g) = feed.write() else {
            return;
        };
        let f = file as usize;
        if g.files.len() <= f {
            g.files.resize(f + 1, None);
        }
        g.files[f] = Some(file_);
        Arc::make_mut(&mut g.list).extend(items);
    }

    /// Sets the query. Appending to the old query searches only the previous
    /// matches, as nucleo does.
    pub fn set(&mut self, query: &str, scope: Scope) {
        if query == self.query && scope == self.scope {
            return;
        }
        let append = scope == self.scope && query.starts_with(self.query.as_str());
        // nucleo's rule: extending a negative atom (`!xe` → `!xen`) can bring
        // matches back, so that rescores everything.
        // A longer date word can widen the range (`@2012-1` → `@2012-1..`).
        let old_negative = self.pattern.pat.atoms.last().is_some_and(|a| a.negative);
        let parsed = Parsed::new(query);
        let same_dates = parsed.dates == self.pattern.dates;
        self.narrowed = append && same_dates && !old_negative && (self.narrowed || !self.dirty);
        self.dirty = true;
        self.pattern = Arc::new(parsed);
        self.query = query.to_string();
        self.scope = scope;
        if let Some(job) = self.job.take() {
            job.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Lets the job run for up to `ms`; (results changed, still running).
    pub fn tick(&mut self, ms: u64) -> (bool, bool) {
        let deadline = Instant::now() + Duration::from_millis(ms);
        let mut changed = false;
        loop {
            if let Some(job) = &self.job {
                let wait = deadline.saturating_duration_since(Instant::now());
                match job.rx.recv_timeout(wait) {
                    Ok(r) => {
                        self.results = r;
                        self.job = None;
                        changed = true;
                    }
                    Err(RecvTimeoutError::Timeout) => return (changed, true),
                    Err(RecvTimeoutError::Disconnected) => self.job = None,
                }
            }
            let n = self.items.read().map_or(0, |g| g.list.len());
            if !self.dirty && self.results.upto >= n {
                return (changed, false);
            }
            if self.pattern.pat.atoms.is_empty() && !self.dirty && self.results.everything {
                // Items fed while loading: added to the list the screen has
                // (a rebuild per file fed made the load quadratic on the
                // screen's thread).
                self.extend_everything(n);
                changed = true;
                continue;
            }
            if self.pattern.pat.atoms.is_empty() {
                // Nothing to match: every entry, in feeding order (as nucleo);
                // with a date range, those in it, newest first.
                self.results = self.everything(n, self.pattern.dates);
                self.dirty = false;
                self.narrowed = false;
                changed = true;
                continue;
            }
            self.start(n);
        }
    }

    fn everything(&self, n: usize, dates: Option<Dates>) -> Results {
        let mut matches: Vec<Match> = self.items.read().map_or(Vec::new(), |g| {
            g.list[..n]
                .iter()
                .enumerate()
                .filter(|(_, it)| dates.is_none_or(|d| d.contains(it.stamp.date())))
                .map(|(idx, it)| Match::unscored(idx, it))
                .collect()
        });
        if dates.is_some() {
            matches.sort_unstable_by(Match::rank);
        }
        Results {
            matches: Arc::new(matches),
            upto: n,
            everything: dates.is_none(),
        }
    }

    /// [`Literal::everything`] without a date range, for `n` items, from the
    /// results for fewer: only the new items are added (in place unless a
    /// reader still holds the old list).
    fn extend_everything(&mut self, n: usize) {
        let from = self.results.upto.min(n);
        if let Ok(g) = self.items.read() {
            let new = (from..n).map(|idx| Match::unscored(idx, &g.list[idx]));
            Arc::make_mut(&mut self.results.matches).extend(new);
        }
        self.results.upto = n;
    }

    /// Starts a job matching the first `n` items.
    fn start(&mut self, n: usize) {
        let Ok(g) = self.items.read() else { return };
        let items = Arc::clone(&g.list);
        let files: Vec<Option<File>> = g.files.clone();
        drop(g);
        let old = Arc::clone(&self.results.matches);
        let upto = self.results.upto.min(n);
        // Which items to score, and which earlier matches stand as they are.
        let (keep, todo): (Vec<Match>, Vec<u32>) = if !self.dirty {
            (old.to_vec(), (upto as u32..n as u32).collect())
        } else if self.narrowed {
            let mut todo: Vec<u32> = old.iter().map(|m| m.idx).collect();
            todo.sort_unstable();
            todo.extend(upto as u32..n as u32);
            (Vec::new(), todo)
        } else {
            (Vec::new(), (0..n as u32).collect())
        };
        self.dirty = false;
        self.narrowed = false;
        let (tx, rx) = std::sync::mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let job = JobInput {
            pattern: Arc::clone(&self.pattern),
            scope: self.scope,
            items,
            files,
            keep,
            todo,
            cancel: Arc::clone(&cancel),
        };
        let notify = Arc::clone(&self.notify);
        std::thread::spawn(move || {
            if let Some(matches) = job.run() {
                let _ = tx.send(Results {
                    matches: Arc::new(matches),
                    upto: n,
                    everything: false,
                });
                notify();
            }
        });
        self.job = Some(Job { rx, cancel });
    }

    pub fn matched(&self) -> u32 {
        self.results.matches.len() as u32
    }

    /// Entries fed so far.
    pub fn injected(&self) -> u32 {
        self.items.read().map_or(0, |g| g.list.len() as u32)
    }

    /// The `n`-th best match.
    pub fn get(&self, n: u32) -> Option<EntryKey> {
        self.results.matches.get(n as usize).map(|m| m.key)
    }

    /// The `n`-th best match's score.
    pub fn score(&self, n: u32) -> Option<u32> {
        self.results.matches.get(n as usize).map(|m| m.score)
    }

    /// All matches, in rank order.
    pub fn all(&self) -> impl Iterator<Item = EntryKey> + '_ {
        self.results.matches.iter().map(|m| m.key)
    }
}

#[cfg(test)]
mod tests;
