//! Fuzzy matching with nucleo (fzf's query syntax: `'exact`, `^prefix`, `suffix$`,
//! `!not`, `a | b`), in two scopes: keyword lines or whole entries.
//!
//! Texts are matched straight from the notebooks' stored UTF-8: a literal
//! [`Prefilter`] skips those that cannot match before anything is converted for
//! nucleo's scorer, and the filter's [`literal`] matcher keeps no copy of them.

mod literal;
mod prefilter;
mod squash;
mod window;

pub(crate) use prefilter::caseless;
pub use prefilter::{has_ascii_lookalike, Prefilter};

use crate::notebook::Notebook;
use crate::store::{EntryId, EntryKey, Store};
use nucleo::pattern::{CaseMatching, Normalization};
use nucleo::{Config, Matcher, Utf32Str, Utf32String};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// What a query is matched against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The keyword line (an entry's title).
    #[default]
    Keywords,
    /// Everything after the header line.
    All,
}

impl Scope {
    pub fn label(&self) -> &'static str {
        match self {
            Scope::Keywords => "keywords",
            Scope::All => "whole entries",
        }
    }

    pub fn toggled(self) -> Scope {
        match self {
            Scope::Keywords => Scope::All,
            Scope::All => Scope::Keywords,
        }
    }
}

/// The text an entry is matched on in a scope.
pub fn haystack(store: &Store, id: EntryId, scope: Scope) -> &str {
    match scope {
        Scope::Keywords => store.title(id),
        Scope::All => store.body(id),
    }
}

/// Converts text for nucleo one `char` per index. nucleo's own conversion
/// segments graphemes, which dominates start-up on long texts; per-char indices are
/// also what we map highlights back with.
pub fn utf32(s: &str) -> Utf32String {
    if s.is_ascii() {
        Utf32String::Ascii(s.into())
    } else {
        Utf32String::Unicode(s.chars().collect())
    }
}

fn utf32_str<'a>(s: &'a str, buf: &'a mut Vec<char>) -> Utf32Str<'a> {
    if s.is_ascii() {
        Utf32Str::Ascii(s.as_bytes())
    } else {
        buf.clear();
        buf.extend(s.chars());
        Utf32Str::Unicode(buf)
    }
}

/// A parsed query: words that must all match (AND), where `a | b` makes a group
/// of alternatives (OR), as in fzf. nucleo's own `Pattern` has no OR.
#[derive(Clone)]
pub struct Query {
    groups: Vec<Vec<nucleo::pattern::Atom>>,
}

impl Query {
    pub fn score(&self, hay: Utf32Str<'_>, m: &mut Matcher) -> Option<u32> {
        let mut total = 0;
        for g in &self.groups {
            total += g.iter().filter_map(|a| a.score(hay, m)).max()? as u32;
        }
        Some(total)
    }

    /// The score of `text`: squashed with `sq` when given (then `text` must hold
    /// no ASCII lookalike), and long texts scored on their greedy window.
    fn score_text(
        &self,
        text: &str,
        sq: Option<&squash::Squash>,
        m: &mut Matcher,
        bufs: &mut (Vec<u8>, Vec<char>),
    ) -> Option<u32> {
        let Some(sq) = sq else {
            return self.score(utf32_str(text, &mut bufs.1), m);
        };
        let mut total = 0;
        for g in &self.groups {
            let best = g.iter().filter_map(|a| window::score(a, text, sq, m, bufs));
            total += best.max()? as u32;
        }
        Some(total)
    }

    /// The score, with the matched char indices of each group's best atom.
    pub fn indices(&self, hay: Utf32Str<'_>, m: &mut Matcher, out: &mut Vec<u32>) -> Option<u32> {
        self.best_per_group(out, |a, scratch| a.indices(hay, m, scratch))
    }

    /// [`Query::score_text`], with the byte offsets in `text` of the matched
    /// characters of each group's best atom.
    fn bytes_squashed(
        &self,
        text: &str,
        sq: &squash::Squash,
        m: &mut Matcher,
        out: &mut Vec<usize>,
    ) -> Option<u32> {
        let mut bufs = (Vec::new(), Vec::new());
        self.best_per_group(out, |a, scratch| {
            window::indices(a, text, sq, m, &mut bufs, scratch)
        })
    }

    /// The sum over the groups of each group's best atom score (`None` when a
    /// group has no matching atom), with that atom's positions, as `indices`
    /// gives them, appended to `out`.
    fn best_per_group<T: Clone>(
        &self,
        out: &mut Vec<T>,
        mut indices: impl FnMut(&nucleo::pattern::Atom, &mut Vec<T>) -> Option<u16>,
    ) -> Option<u32> {
        let mut total = 0;
        let mut scratch = Vec::new();
        for g in &self.groups {
            let mut best: Option<(u16, Vec<T>)> = None;
            for a in g {
                scratch.clear();
                if let Some(sc) = indices(a, &mut scratch) {
                    if best.as_ref().is_none_or(|b| sc > b.0) {
                        best = Some((sc, scratch.clone()));
                    }
                }
            }
            let (sc, idx) = best?;
            total += u32::from(sc);
            out.extend(idx);
        }
        Some(total)
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// Whether a query uses `|` (which only our own matcher understands).
pub fn has_or(query: &str) -> bool {
    query.split_whitespace().any(|w| w == "|")
}

pub fn pattern(query: &str) -> Query {
    let mut groups: Vec<Vec<nucleo::pattern::Atom>> = Vec::new();
    let mut join = false;
    for word in query.split_whitespace() {
        if word == "|" {
            join = !groups.is_empty();
            continue;
        }
        let atom = nucleo::pattern::Atom::parse(word, CaseMatching::Smart, Normalization::Smart);
        if atom.needle_text().is_empty() {
            continue;
        }
        match groups.last_mut() {
            Some(g) if join => g.push(atom),
            _ => groups.push(vec![atom]),
        }
        join = false;
    }
    Query { groups }
}

pub fn matcher() -> Matcher {
    Matcher::new(Config::DEFAULT)
}

/// One matching entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub id: EntryId,
    pub score: u32,
}

/// Every entry matching `query`, best first; equal scores newest first. An empty
/// query matches everything (newest first), as in fzf.
pub fn search(store: &Store, query: &str, scope: Scope) -> Vec<Hit> {
    let pat = pattern(query);
    let pre = Prefilter::for_query(&pat);
    let squash = squash::Squash::new(pat.groups.iter().flatten());
    let n = store.len();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut m = matcher();
        let mut bufs = (Vec::new(), Vec::new());
        let mut hits = Vec::new();
        loop {
            let lo = next.fetch_add(BLOCK, Ordering::Relaxed);
            if lo >= n {
                return hits;
            }
            for id in lo..(lo + BLOCK).min(n) {
                let text = haystack(store, id, scope);
                if !pre.may_match(text, None) {
                    continue;
                }
                let sq = squash.as_ref().filter(|_| !has_ascii_lookalike(text));
                if let Some(score) = pat.score_text(text, sq, &mut m, &mut bufs) {
                    hits.push(Hit { id, score });
                }
            }
        }
    };
    let mut hits: Vec<Hit> = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..workers()).map(|_| s.spawn(work)).collect();
        let mut hits = work();
        for h in helpers {
            hits.extend(h.join().unwrap_or_default());
        }
        hits
    });
    hits.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(b.id.cmp(&a.id)));
    hits
}

/// Entries are handed to matching threads in blocks of this many: small enough
/// to balance short and long entries, large enough to keep the counter cold.
const BLOCK: usize = 64;

/// Threads to match on: one per core.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The byte offset in `text` of the first character `query` matched.
pub fn first_match(pat: &Query, text: &str, m: &mut Matcher) -> Option<usize> {
    match_bytes(pat, text, m).first().copied()
}

/// Byte offsets in `text` of the characters `query` matched (for highlighting),
/// the same match the search scored.
pub fn match_bytes(pat: &Query, text: &str, m: &mut Matcher) -> Vec<usize> {
    let mut out = Vec::new();
    match squash::Squash::new(pat.groups.iter().flatten()) {
        Some(sq) if !has_ascii_lookalike(text) => {
            if pat.bytes_squashed(text, &sq, m, &mut out).is_none() {
                return Vec::new();
            }
            out.sort_unstable();
            out.dedup();
        }
        _ => {
            let mut buf = Vec::new();
            let mut idx = Vec::new();
            if pat
                .indices(utf32_str(text, &mut buf), m, &mut idx)
                .is_none()
            {
                return Vec::new();
            }
            idx.sort_unstable();
            idx.dedup();
            let mut it = idx.iter().peekable();
            for (ci, (b, _)) in text.char_indices().enumerate() {
                match it.peek() {
                    Some(&&i) if i as usize == ci => {
                        out.push(b);
                        it.next();
                    }
                    Some(_) => {}
                    None => break,
                }
            }
        }
    }
    out
}

/// The filter's matcher: literal matches from a background job per query (see
/// [`literal`]), fed from the loader threads, so typing never waits for matching
/// (STYLE.md §9). Items are keyed by [`EntryKey`], which stays valid across store
/// rebuilds.
pub struct LiveSearch {
    literal: literal::Literal,
    /// Titles spelled in pinyin (only those with hanzi): matches here rank after
    /// every literal match.
    pinyin: nucleo::Nucleo<EntryKey>,
    pinyin_on: bool,
    /// Pinyin-only matches (not already literal matches), in rank order.
    extra: Vec<EntryKey>,
    query: String,
    scope: Scope,
}

/// What the loader feeds: both matchers.
#[derive(Clone)]
pub struct Feeder {
    main: literal::Feed,
    pinyin: nucleo::Injector<EntryKey>,
}

impl LiveSearch {
    pub fn new(notify: std::sync::Arc<dyn Fn() + Send + Sync>) -> LiveSearch {
        LiveSearch {
            literal: literal::Literal::new(notify.clone()),
            pinyin: nucleo::Nucleo::new(Config::DEFAULT, notify, Some(workers()), 1),
            pinyin_on: true,
            extra: Vec::new(),
            query: String::new(),
            scope: Scope::Keywords,
        }
    }

    pub fn injector(&self) -> Feeder {
        Feeder {
            main: self.literal.feed(),
            pinyin: self.pinyin.injector(),
        }
    }

    /// Feeds every entry of one notebook (file number `file` in load order).
    pub fn inject(feeder: &Feeder, file: u32, nb: &Arc<Notebook>) {
        LiveSearch::inject_literal(feeder, file, nb);
        LiveSearch::inject_pinyin(feeder, file, nb);
    }

    /// [`LiveSearch::inject`] in two phases, so that a loader can make every
    /// entry searchable first and spell titles in pinyin after: the literal
    /// matcher ...
    pub fn inject_literal(feeder: &Feeder, file: u32, nb: &Arc<Notebook>) {
        literal::Literal::push(&feeder.main, file, nb);
    }

    /// ... and the pinyin one (pinyin matches appear as they are fed).
    pub fn inject_pinyin(feeder: &Feeder, file: u32, nb: &Arc<Notebook>) {
        for (i, e) in nb.entries().iter().enumerate() {
            let key = EntryKey {
                file,
                index: i as u32,
            };
            if let Some((hay, _)) = crate::pinyin::haystack(nb.title(e)) {
                feeder.pinyin.push(key, |_, cols| cols[0] = utf32(&hay));
            }
        }
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// Sets the query. Appending to the old query lets nucleo search only the
    /// previous matches, as helix does.
    pub fn set(&mut self, query: &str, scope: Scope) {
        if query == self.query && scope == self.scope {
            return;
        }
        let append = scope == self.scope && query.starts_with(self.query.as_str());
        self.literal.set(query, scope);
        let py = if self.pinyin_active(query, scope) {
            query
        } else {
            ""
        };
        self.pinyin
            .pattern
            .reparse(0, py, CaseMatching::Ignore, Normalization::Smart, append);
        self.extra.clear();
        self.query = query.to_string();
        self.scope = scope;
    }

    /// Lets the workers run for up to `ms`; true when the results changed.
    pub fn tick(&mut self, ms: u64) -> (bool, bool) {
        if !self.pinyin_active(&self.query, self.scope) {
            return self.literal.tick(ms);
        }
        // Start the pinyin worker before waiting for the literal job, so the
        // two run side by side.
        let start = std::time::Instant::now();
        let mut p = self.pinyin.tick(0);
        let (changed, running) = self.literal.tick(ms);
        let left = ms.saturating_sub(start.elapsed().as_millis() as u64);
        let p2 = self.pinyin.tick(left.min(5));
        p.changed |= p2.changed;
        p.running = p2.running;
        if changed || p.changed {
            let mut literal: Vec<EntryKey> = self.literal.all().collect();
            literal.sort_unstable();
            self.extra = self
                .pinyin
                .snapshot()
                .matched_items(..)
                .map(|i| *i.data)
                .filter(|k| literal.binary_search(k).is_err())
                .collect();
        }
        (changed || p.changed, running || p.running)
    }

    fn pinyin_active(&self, query: &str, scope: Scope) -> bool {
        self.pinyin_on && scope == Scope::Keywords && crate::pinyin::applies(query)
    }

    /// Turns pinyin matching on or off (config `pinyin`, key Alt-p).
    pub fn set_pinyin(&mut self, on: bool) {
        self.pinyin_on = on;
        let py = if self.pinyin_active(&self.query, self.scope) {
            self.query.as_str()
        } else {
            ""
        };
        self.pinyin
            .pattern
            .reparse(0, py, CaseMatching::Ignore, Normalization::Smart, false);
        self.extra.clear();
    }

    pub fn pinyin_enabled(&self) -> bool {
        self.pinyin_on
    }

    /// Literal matches plus pinyin-only matches.
    pub fn matched(&self) -> u32 {
        self.literal() + self.extra.len() as u32
    }

    /// Literal matches only.
    pub fn literal(&self) -> u32 {
        self.literal.matched()
    }

    pub fn injected(&self) -> u32 {
        self.literal.injected()
    }

    /// The `n`-th best match.
    pub fn get(&self, n: u32) -> Option<EntryKey> {
        let lit = self.literal();
        if n < lit {
            return self.literal.get(n);
        }
        self.extra.get((n - lit) as usize).copied()
    }

    /// Whether the `n`-th result matched only by pinyin.
    pub fn is_pinyin(&self, n: u32) -> bool {
        n >= self.literal()
    }

    /// All matches, in rank order (pinyin-only ones last).
    pub fn all(&self) -> impl Iterator<Item = EntryKey> + '_ {
        self.literal.all().chain(self.extra.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_bytes_maps_chars_to_bytes() {
        let mut m = matcher();
        let text = "时间管理, GTD";
        let b = match_bytes(&pattern("管理 gtd"), text, &mut m);
        assert_eq!(b, vec![6, 9, 14, 15, 16]);
    }

    #[test]
    fn fzf_syntax_works() {
        let mut m = matcher();
        let mut buf = Vec::new();
        let score = |q: &str, t: &str, m: &mut Matcher, buf: &mut Vec<char>| {
            pattern(q).score(utf32_str(t, buf), m).is_some()
        };
        assert!(score("'xen", "virtualization, xen", &mut m, &mut buf));
        assert!(!score("!xen", "virtualization, xen", &mut m, &mut buf));
        assert!(score("^virt", "virtualization, xen", &mut m, &mut buf));
        assert!(score("xen$", "virtualization, xen", &mut m, &mut buf));
        assert!(score("gtd | arm", "opensuse, arm", &mut m, &mut buf));
    }
}
