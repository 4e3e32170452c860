//! One query over a whole store at once, on every core: `rizhi search` and
//! the filter's `a | b` queries (see [`super::OrJob`]).

use super::chars::{has_ascii_lookalike, matcher};
use super::dates;
use super::prefilter::Prefilter;
use super::query::{pattern, Scope};
use super::squash;
use crate::store::{EntryId, Store};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The text an entry is matched on in a scope.
pub fn haystack(store: &Store, id: EntryId, scope: Scope) -> &str {
    match scope {
        Scope::Keywords => store.title(id),
        Scope::All => store.body(id),
    }
}

/// One matching entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub id: EntryId,
    pub score: u32,
}

/// Every entry matching `query`, best first; equal scores newest first. An empty
/// query matches everything (newest first), as in fzf; date words
/// (`@2012-01..`) keep the entries of their range.
pub fn search(store: &Store, query: &str, scope: Scope) -> Vec<Hit> {
    let (words, dates) = dates::split(query);
    let pat = pattern(&words);
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
                if dates.is_some_and(|d| !d.contains(store.entry(id).stamp.date())) {
                    continue;
                }
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
pub(super) const BLOCK: usize = 64;

/// Threads to match on: one per core.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notebook::Notebook;
    use std::sync::Arc;

    fn titles(text: &str, query: &str) -> Vec<String> {
        let nb = Notebook::from_bytes("a.txt", text.as_bytes());
        let store = Store::new(vec![Arc::new(nb)]);
        let hits = search(&store, query, Scope::Keywords);
        hits.iter().map(|h| store.title(h.id).to_string()).collect()
    }

    /// A date word keeps the entries of its range, and only those.
    #[test]
    fn a_date_word_keeps_its_range() {
        let text = "9:00 2013-1-4\nkernel one\n\n9:00 2013-2-4\nkernel two\n\n\
                    9:00 2014-1-4\nkernel six\n";
        assert_eq!(titles(text, "kernel @2013-02"), ["kernel two"]);
        assert_eq!(titles(text, "kernel @2013"), ["kernel two", "kernel one"]);
        assert_eq!(titles(text, "@2014"), ["kernel six"]);
    }

    /// A title with letters nucleo matches by their base letter (é for e) is
    /// matched as it is, not through the CJK fast path's stand-ins.
    #[test]
    fn accented_letters_match_their_base_letter() {
        let text = "9:00 2013-1-4\ncafé 咖啡\n\n9:00 2013-1-5\n咖啡 tea\n";
        assert_eq!(titles(text, "cafe"), ["café 咖啡"]);
    }
}
