//! The filter's live matcher: fed from the loader threads, asked for results
//! every frame, never blocking the caller.

use super::dates;
use super::literal;
use super::or_job::{OrJob, OrState};
use super::pinyin;
use super::query::{has_or, pattern, Query, Scope};
use super::rows::{self, Row};
use crate::notebook::Notebook;
use crate::store::{EntryId, EntryKey, Store};
use std::ops::Range;
use std::sync::Arc;

/// The filter's matcher: literal matches from a background job per query (see
/// [`literal`]), fed from the loader threads, so typing never waits for matching
/// (STYLE.md §9). Items are keyed by [`EntryKey`], which stays valid across store
/// rebuilds. An `a | b` query is matched by an [`OrJob`] instead (see
/// [`LiveSearch::match_or`]), whose results then stand for the matcher's.
pub struct LiveSearch {
    literal: literal::Literal,
    /// Titles spelled in pinyin (only those with hanzi), matched by the same
    /// background job as the literal matcher: matches here rank after every
    /// literal match.
    pinyin: literal::Literal,
    pinyin_on: bool,
    /// Pinyin-only matches (not already literal matches, in the date range),
    /// in rank order (score, then newest first), with their scores.
    extra: Vec<(EntryKey, u32)>,
    /// The matchers changed since `extra` was ranked: rank it again once
    /// both are done (ranking it on every tick of a large corpus cost more
    /// than the matching).
    extra_stale: bool,
    query: String,
    /// The query without its date words (what pinyin and highlighting see).
    words: String,
    scope: Scope,
    /// The query parsed with `|` (for highlighting).
    pattern: Query,
    or: Option<OrJob>,
}

/// What the loader feeds: both matchers.
#[derive(Clone)]
pub struct Feeder {
    main: literal::Feed,
    pinyin: literal::Feed,
}

impl LiveSearch {
    pub fn new(notify: std::sync::Arc<dyn Fn() + Send + Sync>) -> LiveSearch {
        LiveSearch {
            literal: literal::Literal::new(notify.clone()),
            pinyin: literal::Literal::new(notify),
            pinyin_on: true,
            extra: Vec::new(),
            extra_stale: false,
            query: String::new(),
            words: String::new(),
            scope: Scope::Keywords,
            pattern: pattern(""),
            or: None,
        }
    }

    pub fn injector(&self) -> Feeder {
        Feeder {
            main: self.literal.feed(),
            pinyin: self.pinyin.feed(),
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
        let spelled: Vec<(u32, String)> = (0..nb.entries().len())
            .filter_map(|i| Some((i as u32, pinyin::spelling(nb.title(&nb.entries()[i]))?)))
            .collect();
        let spelled = spelled.iter().map(|(i, s)| (*i, s.as_str()));
        literal::Literal::push_spelled(&feeder.pinyin, file, nb, spelled);
    }

    /// [`LiveSearch::inject_pinyin`] with the spellings already made (entry
    /// index, spelling; from the keyword-line index).
    pub fn inject_spelled(
        feeder: &Feeder,
        file: u32,
        nb: &Arc<Notebook>,
        spelled: &[(u32, Box<str>)],
    ) {
        let spelled = spelled.iter().map(|(i, s)| (*i, &**s));
        literal::Literal::push_spelled(&feeder.pinyin, file, nb, spelled);
    }

    /// Sets the query. Appending to the old query lets nucleo search only the
    /// previous matches, as helix does. The results of an `a | b` query for an
    /// earlier query are dropped.
    pub fn set(&mut self, query: &str, scope: Scope) {
        if query == self.query && scope == self.scope {
            return;
        }
        let words = dates::split(query).0;
        self.literal.set(query, scope);
        self.set_pinyin_query(&words, query, scope);
        self.extra.clear();
        self.extra_stale = true;
        self.query = query.to_string();
        self.scope = scope;
        self.pattern = pattern(&words);
        self.words = words;
        self.or = None;
    }

    /// Starts matching an `a | b` query afresh over `store` (when more entries
    /// are loaded, or after a reload); drops the job of any other query.
    pub fn match_or(&mut self, store: &Arc<Store>) {
        self.or = has_or(&self.query).then(|| OrJob::start(store, &self.query, self.scope));
    }

    /// The results of an `a | b` query, once they are in.
    fn or_results(&self) -> Option<&[EntryKey]> {
        self.or.as_ref().and_then(OrJob::results)
    }

    /// Lets the workers run for up to `ms`: (the results changed, still
    /// running). While an `a | b` query runs nothing else does; once its results
    /// are in, the other matchers' changes do not count.
    pub fn tick(&mut self, ms: u64) -> (bool, bool) {
        if let Some(job) = &mut self.or {
            match job.poll() {
                OrState::Running => return (false, true),
                OrState::Arrived => return (true, false),
                OrState::Failed => {
                    self.or = None;
                    return (false, false);
                }
                OrState::Done => return (false, self.tick_matchers(ms).1),
            }
        }
        self.tick_matchers(ms)
    }

    fn tick_matchers(&mut self, ms: u64) -> (bool, bool) {
        if !self.pinyin_active() {
            return self.literal.tick(ms);
        }
        // Start the pinyin worker before waiting for the literal job, so the
        // two run side by side.
        let start = std::time::Instant::now();
        let (p_changed, _) = self.pinyin.tick(0);
        let (changed, running) = self.literal.tick(ms);
        let left = ms.saturating_sub(start.elapsed().as_millis() as u64);
        let (p_changed2, p_running) = self.pinyin.tick(left.min(5));
        let p_changed = p_changed || p_changed2;
        self.extra_stale |= changed || p_changed;
        let ranked = self.extra_stale && !running && !p_running;
        if ranked {
            // The pinyin job ranked its matches (score, then newest first)
            // within the date range: only the literal matches are left out.
            self.extra_stale = false;
            let mut literal: Vec<EntryKey> = self.literal.all().collect();
            literal.sort_unstable();
            self.extra = (0..self.pinyin.matched())
                .filter_map(|n| Some((self.pinyin.get(n)?, self.pinyin.score(n)?)))
                .filter(|(k, _)| literal.binary_search(k).is_err())
                .collect();
        }
        (changed || p_changed || ranked, running || p_running)
    }

    /// Whether the current query is matched by pinyin too (the switch is on,
    /// keyword scope, a query of Latin letters).
    pub fn pinyin_active(&self) -> bool {
        self.pinyin_active_for(&self.words, self.scope)
    }

    fn pinyin_active_for(&self, query: &str, scope: Scope) -> bool {
        self.pinyin_on && scope == Scope::Keywords && pinyin::applies(query)
    }

    /// Turns pinyin matching on or off (config `pinyin`, key Alt-p).
    pub fn set_pinyin(&mut self, on: bool) {
        self.pinyin_on = on;
        let (words, query) = (self.words.clone(), self.query.clone());
        self.set_pinyin_query(&words, &query, self.scope);
        self.extra.clear();
        self.extra_stale = true;
    }

    /// The pinyin matcher's query: the whole query (its date range too), case
    /// ignored (spellings are lower case); none while pinyin does not apply.
    fn set_pinyin_query(&mut self, words: &str, query: &str, scope: Scope) {
        let py = if self.pinyin_active_for(words, scope) {
            query.to_ascii_lowercase()
        } else {
            String::new()
        };
        self.pinyin.set(&py, Scope::Keywords);
    }

    pub fn pinyin_enabled(&self) -> bool {
        self.pinyin_on
    }

    /// Literal matches plus pinyin-only matches (or an `a | b` query's).
    pub fn matched(&self) -> u32 {
        match self.or_results() {
            Some(r) => r.len() as u32,
            None => self.literal() + self.extra.len() as u32,
        }
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
        if let Some(r) = self.or_results() {
            return r.get(n as usize).copied();
        }
        let lit = self.literal();
        if n < lit {
            return self.literal.get(n);
        }
        self.extra.get((n - lit) as usize).map(|e| e.0)
    }

    /// The `n`-th best match's score (literal and pinyin scores are nucleo's,
    /// but pinyin matches rank after literal ones whatever their score).
    pub fn score(&self, n: u32) -> Option<u32> {
        if self.or_results().is_some() {
            return None;
        }
        let lit = self.literal();
        if n < lit {
            return self.literal.score(n);
        }
        self.extra.get((n - lit) as usize).map(|e| e.1)
    }

    /// Whether the `n`-th result matched only by pinyin.
    pub fn is_pinyin(&self, n: u32) -> bool {
        n >= self.literal()
    }

    /// All matches, in rank order (pinyin-only ones last).
    pub fn all(&self) -> impl Iterator<Item = EntryKey> + '_ {
        let (or, live) = match self.or_results() {
            Some(r) => (Some(r.iter().copied()), None),
            None => (
                None,
                Some(self.literal.all().chain(self.extra.iter().map(|e| e.0))),
            ),
        };
        or.into_iter().flatten().chain(live.into_iter().flatten())
    }

    /// The number of results over `store`: every entry for an empty query,
    /// else the matches.
    pub fn count(&self, store: &Store) -> usize {
        if self.query.is_empty() {
            store.len()
        } else {
            self.matched() as usize
        }
    }

    /// The `n`-th result over `store`: newest first for an empty query, else
    /// best first.
    pub fn result(&self, store: &Store, n: usize) -> Option<EntryId> {
        if self.query.is_empty() {
            return store.len().checked_sub(n + 1);
        }
        self.get(u32::try_from(n).ok()?)
            .and_then(|k| store.id_of(k))
    }

    /// The results ranked `ranks` as the filter shows them, with the matched
    /// characters to highlight; `preview` adds each whole-entry result's best
    /// body line.
    pub fn rows(&self, store: &Store, ranks: Range<usize>, preview: bool) -> Vec<Row> {
        let q = (!self.pattern.is_empty()).then_some(&self.pattern);
        ranks
            .map_while(|n| {
                let id = self.result(store, n)?;
                let pinyin = self.is_pinyin(n as u32);
                Some(rows::row(store, id, q, self.scope, pinyin, preview))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settle(s: &mut LiveSearch) -> bool {
        let mut changed = false;
        for _ in 0..1000 {
            let (c, running) = s.tick(10);
            changed |= c;
            if !running {
                break;
            }
            // An OR job's tick does not wait for it.
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        changed
    }

    #[test]
    fn or_queries_are_matched_by_the_job_and_stand_for_the_results() {
        let text = "9:00 2014-3-1\nopensuse, arm\n1, x\n\n\
                    10:00 2014-3-2\ngtd review\n1, y\n\n\
                    11:00 2014-3-3\nkernel\n1, z\n";
        let nb = Arc::new(Notebook::from_bytes("a.txt", text.as_bytes()));
        let store = Arc::new(Store::new(vec![Arc::clone(&nb)]));
        let mut s = LiveSearch::new(Arc::new(|| {}));
        LiveSearch::inject(&s.injector(), 0, &nb);
        s.set("gtd | arm", Scope::Keywords);
        s.match_or(&store);
        assert!(settle(&mut s), "the OR results count as a change");
        let ids: Vec<EntryId> = (0..s.count(&store))
            .filter_map(|n| s.result(&store, n))
            .collect();
        assert_eq!(ids.len(), 2);
        assert!(ids.contains(&0) && ids.contains(&1));
        assert_eq!(s.all().count(), 2);
        let rows = s.rows(&store, 0..10, false);
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), ids);
        // Another query drops the OR results.
        s.set("kernel", Scope::Keywords);
        s.match_or(&store);
        settle(&mut s);
        assert_eq!(s.result(&store, 0), Some(2));
        assert_eq!(s.count(&store), 1);
        assert_eq!(
            s.rows(&store, 0..10, false)[0].title,
            vec![0..1, 1..2, 2..3, 3..4, 4..5, 5..6]
        );
    }

    /// Files fed one by one under an empty query (the first load): each
    /// tick adds the new entries to the list, which ends as a fresh match
    /// of everything would, and a query typed then cleared starts over.
    #[test]
    fn an_empty_query_grows_with_the_files_fed() {
        let nb = |name: &str, day: u32| {
            let text = format!("9:00 2014-3-{day}\nxen {day}\n\n10:00 2014-3-{day}\narm\n");
            Arc::new(Notebook::from_bytes(name, text.as_bytes()))
        };
        let files = [nb("a.txt", 1), nb("b.txt", 2), nb("c.txt", 3)];
        let mut s = LiveSearch::new(Arc::new(|| {}));
        let mut fed = Vec::new();
        for (f, n) in files.iter().enumerate() {
            LiveSearch::inject(&s.injector(), f as u32, n);
            fed.push(Arc::clone(n));
            settle(&mut s);
            let store = Store::new(fed.clone());
            assert_eq!(s.count(&store), 2 * (f + 1));
            let keys: Vec<_> = s.all().collect();
            let want: Vec<_> = (0..fed.len() as u32)
                .flat_map(|file| (0..2).map(move |index| crate::store::EntryKey { file, index }))
                .collect();
            assert_eq!(keys, want, "every entry in feeding order");
        }
        let store = Store::new(fed);
        s.set("xen", Scope::Keywords);
        settle(&mut s);
        assert_eq!(s.count(&store), 3);
        s.set("", Scope::Keywords);
        settle(&mut s);
        assert_eq!(s.count(&store), 6);
        assert_eq!(s.all().count(), 6);
    }

    /// `text` as notebook a.txt, its store, and a matcher fed nothing yet.
    fn one_notebook(text: &str) -> (Arc<Notebook>, Store, LiveSearch) {
        let nb = Arc::new(Notebook::from_bytes("a.txt", text.as_bytes()));
        let store = Store::new(vec![Arc::clone(&nb)]);
        (nb, store, LiveSearch::new(Arc::new(|| {})))
    }

    /// Spellings made ahead (the keyword-line index's) are matched as the
    /// ones spelled at feeding are: after every literal match.
    #[test]
    fn pinyin_spellings_fed_ready_made_are_matched() {
        let text = "9:00 2014-3-1\n调度器\n1, x\n\n10:00 2014-3-2\ndiaodu notes\n1, y\n";
        let (nb, store, mut s) = one_notebook(text);
        LiveSearch::inject_literal(&s.injector(), 0, &nb);
        s.set("diaodu", Scope::Keywords);
        settle(&mut s);
        assert_eq!((s.injected(), s.count(&store)), (2, 1));
        // Only the pinyin matcher is fed now (as the first load does once
        // every entry is searchable): its match alone is a change, ranked in.
        let spelled = pinyin::spelling("调度器").expect("hanzi spell");
        LiveSearch::inject_spelled(&s.injector(), 0, &nb, &[(0, spelled.as_str().into())]);
        assert!(settle(&mut s), "a pinyin match arriving is a change");
        assert_eq!(s.count(&store), 2);
        assert_eq!(s.result(&store, 0), Some(1), "the literal match first");
        assert_eq!(s.result(&store, 1), Some(0));
        assert!(!s.is_pinyin(0) && s.is_pinyin(1));
        // The pinyin match has its own score (nucleo's, on the spelling).
        let mut m = super::super::chars::matcher();
        let py = pattern("diaodu");
        let hay = super::super::chars::utf32(&spelled);
        assert_eq!(s.score(1), py.score(hay.slice(..), &mut m));
        assert!(s.score(1) > Some(1) && s.score(2).is_none());
        assert!(s.pinyin_enabled());
        // Switching pinyin on again (a reload does) ranks the same matches
        // again without a job to wait for: that is a change to draw too.
        s.set_pinyin(true);
        assert!(
            settle(&mut s),
            "the pinyin matches ranked again are a change"
        );
        assert_eq!(s.count(&store), 2);
        s.set_pinyin(false);
        settle(&mut s);
        assert!(!s.pinyin_enabled());
        assert_eq!(s.count(&store), 1, "pinyin off: the literal match alone");
    }

    /// The literal matches are shown while pinyin is still matching: the tick
    /// that brings them is a change, and the search runs on until the pinyin
    /// matches are in (2,000 long spellings take pinyin many ticks).
    #[test]
    fn literal_results_are_a_change_while_pinyin_still_runs() {
        let n = 2000;
        let text: String = (0..n)
            .map(|i| format!("9:00 2014-3-1\n调度 {i}\n\n"))
            .collect();
        let many = Arc::new(Notebook::from_bytes("a.txt", text.as_bytes()));
        let one = Arc::new(Notebook::from_bytes("b.txt", b"9:00 2014-3-2\ndiaodu\n"));
        let store = Store::new(vec![Arc::clone(&many), Arc::clone(&one)]);
        let mut s = LiveSearch::new(Arc::new(|| {}));
        LiveSearch::inject_literal(&s.injector(), 1, &one);
        let long: Box<str> = "diao du ".repeat(200).into();
        let spelled: Vec<(u32, Box<str>)> = (0..n as u32).map(|i| (i, long.clone())).collect();
        LiveSearch::inject_spelled(&s.injector(), 0, &many, &spelled);
        s.set("diu", Scope::Keywords);
        for _ in 0..10_000 {
            let (changed, _) = s.tick(10);
            if s.literal() > 0 {
                assert!(changed, "the literal match arrived in this tick");
                break;
            }
        }
        settle(&mut s);
        assert_eq!(
            s.count(&store),
            n + 1,
            "the search ran until pinyin was done"
        );
    }

    /// The same words in the other scope are a new search (Ctrl-t), and
    /// setting the same query and scope again keeps the results.
    #[test]
    fn a_scope_change_alone_searches_again() {
        let text = "9:00 2014-3-1\nkernel\n1, the scheduler\n\n10:00 2014-3-2\nscheduler\n1, y\n";
        let (nb, store, mut s) = one_notebook(text);
        LiveSearch::inject(&s.injector(), 0, &nb);
        s.set("'scheduler", Scope::Keywords);
        settle(&mut s);
        assert_eq!(s.count(&store), 1);
        s.set("'scheduler", Scope::All);
        settle(&mut s);
        assert_eq!(
            s.count(&store),
            2,
            "the body's scheduler counts in whole entries"
        );
        s.set("'scheduler", Scope::All);
        assert!(!settle(&mut s), "the same query again changes nothing");
        assert_eq!(s.count(&store), 2);
        s.set("'scheduler", Scope::Keywords);
        settle(&mut s);
        assert_eq!(s.count(&store), 1);
    }
}
