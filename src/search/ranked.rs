//! The filter's results all at once, for `rizhi search` and the tests: the
//! very [`LiveSearch`] the browser runs (pinyin, scoring, order, date ranges),
//! fed every entry of a store and waited for, so the same query gives the same
//! entries in the same order in both front ends.

use super::batch::{haystack, search};
use super::live::LiveSearch;
use super::query::{first_match, has_or, Query, Scope};
use super::rows::pinyin_marks;
use crate::store::{EntryId, Store};
use nucleo::Matcher;
use std::sync::Arc;

/// One result, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ranked {
    pub id: EntryId,
    /// nucleo's score of the best place (`None` for an `a | b` query's result).
    pub score: Option<u32>,
    /// Found only by pinyin (keyword scope): ranked after every literal match.
    pub pinyin: bool,
}

/// Every entry of `store` matching `query`, ranked as the filter ranks them;
/// `pinyin` as the filter's switch (config `pinyin`, Alt-p). An empty query
/// gives every entry, newest first (as the filter shows them).
pub fn ranked(store: &Store, query: &str, scope: Scope, pinyin: bool) -> Vec<Ranked> {
    ranked_spelled(store, query, scope, pinyin, &|_| None)
}

/// Per file of a store, its titles' pinyin spellings when they were made
/// before (entry index, spelling), else `None` (spelled here).
pub type Spelled<'a> = dyn Fn(usize) -> Option<&'a [(u32, Box<str>)]> + Sync + 'a;

/// [`ranked`], with the titles' pinyin spellings taken from `spelled` where
/// it has them (the same spellings: the same results).
pub fn ranked_spelled(
    store: &Store,
    query: &str,
    scope: Scope,
    pinyin: bool,
    spelled: &Spelled,
) -> Vec<Ranked> {
    if has_or(query) {
        // What the filter's OR job runs.
        return search(store, query, scope)
            .into_iter()
            .map(|h| Ranked {
                id: h.id,
                score: Some(h.score),
                pinyin: false,
            })
            .collect();
    }
    let mut live = LiveSearch::new(Arc::new(|| {}));
    live.set_pinyin(pinyin);
    live.set(query, scope);
    let feed = live.injector();
    let spell = live.pinyin_active();
    // Both matchers fed over the cores (spelling titles in pinyin is the
    // costly part; the order fed does not change the order of results).
    let files = store.files();
    let chunk = files.len().div_ceil(super::batch::workers()).max(1);
    std::thread::scope(|s| {
        for (n, part) in files.chunks(chunk).enumerate() {
            let feed = feed.clone();
            s.spawn(move || {
                for (i, nb) in part.iter().enumerate() {
                    let file = n * chunk + i;
                    LiveSearch::inject_literal(&feed, file as u32, nb);
                    if !spell {
                        continue;
                    }
                    match spelled(file) {
                        Some(s) => LiveSearch::inject_spelled(&feed, file as u32, nb, s),
                        None => LiveSearch::inject_pinyin(&feed, file as u32, nb),
                    }
                }
            });
        }
    });
    drop(feed);
    while live.tick(50).1 {}
    (0..live.count(store))
        .filter_map(|n| {
            let id = live.result(store, n)?;
            let lit = !query.is_empty() && !live.is_pinyin(n as u32);
            Some(Ranked {
                id,
                score: live.score(n as u32).filter(|_| !query.is_empty()),
                pinyin: !query.is_empty() && !lit,
            })
        })
        .collect()
}

/// Where in its notebook's text (a byte offset) the best match of the query's
/// fuzzy words in a result begins: its first matched character, the first
/// hanzi a pinyin match spelled, or the keyword line when the query has no
/// fuzzy words (a date-only query).
///
/// Results that share a haystack (titles repeat: a third of a real
/// notebook's are distinct) are matched once: the offset within the haystack
/// depends only on its text, the query and whether pinyin matched.
pub struct Locator<'s> {
    store: &'s Store,
    q: &'s Query,
    scope: Scope,
    m: Matcher,
    seen: std::collections::HashMap<(bool, &'s str), usize>,
}

impl<'s> Locator<'s> {
    pub fn new(store: &'s Store, q: &'s Query, scope: Scope) -> Locator<'s> {
        Locator {
            store,
            q,
            scope,
            m: super::chars::matcher(),
            seen: std::collections::HashMap::new(),
        }
    }

    pub fn locate(&mut self, r: &Ranked) -> usize {
        let store = self.store;
        let text = store.notebook(r.id).text.as_str();
        let hay = if r.pinyin || self.q.is_empty() {
            store.title(r.id)
        } else {
            haystack(store, r.id, self.scope)
        };
        let (q, m) = (self.q, &mut self.m);
        let at = *self.seen.entry((r.pinyin, hay)).or_insert_with(|| {
            if r.pinyin {
                pinyin_marks(q, hay, m).first().map_or(0, |x| x.start)
            } else if q.is_empty() {
                0
            } else {
                first_match(q, hay, m).unwrap_or(0)
            }
        });
        let base = (hay.as_ptr() as usize)
            .checked_sub(text.as_ptr() as usize)
            .filter(|&b| b + hay.len() <= text.len())
            .unwrap_or(0);
        base + at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notebook::Notebook;

    fn store() -> Store {
        let text = "9:00 2012-1-19\n时间管理, gtd\n1, plan\n\n\
                    9:00 2012-1-20\nxen, migration\n1, xen live migration\n\n\
                    9:00 2012-1-21\nxen, migration\n1, again\n\n\
                    9:00 2012-2-1\n时间, 管理\n1, later\n";
        Store::new(vec![Arc::new(Notebook::from_bytes(
            "a.txt",
            text.as_bytes(),
        ))])
    }

    fn ids(s: &Store, q: &str, scope: Scope, pinyin: bool) -> Vec<EntryId> {
        ranked(s, q, scope, pinyin)
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

    #[test]
    fn pinyin_dates_and_ties_as_the_filter() {
        let s = store();
        let r = ranked(&s, "sjgl", Scope::Keywords, true);
        assert_eq!(r.iter().map(|r| r.id).collect::<Vec<_>>(), [3, 0]);
        assert!(r.iter().all(|r| r.pinyin && r.score.is_some()));
        assert!(ids(&s, "sjgl", Scope::Keywords, false).is_empty());
        // Equal scores: newest first.
        assert_eq!(ids(&s, "xen", Scope::Keywords, true), [2, 1]);
        assert_eq!(ids(&s, "xen @2012-1-20", Scope::Keywords, true), [1]);
        assert_eq!(ids(&s, "@2012-01", Scope::Keywords, true), [2, 1, 0]);
        assert_eq!(ids(&s, "@2012-01-21..", Scope::All, true), [3, 2]);
        assert_eq!(ids(&s, "sjgl @..2012-01", Scope::Keywords, true), [0]);
        assert_eq!(ids(&s, "", Scope::Keywords, true), [3, 2, 1, 0]);
        let mut or = ids(&s, "'again | 'plan", Scope::All, true);
        or.sort_unstable();
        assert_eq!(or, [0, 2]);
        assert_eq!(ids(&s, "live", Scope::All, true), [1]);
    }

    #[test]
    fn locate_finds_the_best_match_in_the_file() {
        let s = store();
        let text = s.notebook(0).text.as_str();
        let q = super::super::query::pattern("live");
        let r = ranked(&s, "live", Scope::All, true)[0];
        assert_eq!(
            Locator::new(&s, &q, Scope::All).locate(&r),
            text.find("live").unwrap()
        );
        let q = super::super::query::pattern("sjgl");
        let r = ranked(&s, "sjgl", Scope::Keywords, true)[1];
        assert_eq!(
            Locator::new(&s, &q, Scope::Keywords).locate(&r),
            text.find("时间管理").unwrap()
        );
        let q = super::super::query::pattern("");
        let r = ranked(&s, "@2012-02", Scope::All, true)[0];
        assert_eq!(
            Locator::new(&s, &q, Scope::All).locate(&r),
            text.find("时间, 管理").unwrap()
        );
    }

    #[test]
    fn one_locator_places_results_sharing_a_title_in_their_own_entries() {
        let s = store();
        let text = s.notebook(0).text.as_str();
        let q = super::super::query::pattern("mig");
        let mut l = Locator::new(&s, &q, Scope::Keywords);
        let at: Vec<usize> = ranked(&s, "mig", Scope::Keywords, true)
            .iter()
            .map(|r| l.locate(r))
            .collect();
        let second = text.rfind("xen, migration").unwrap() + 5;
        let first = text.find("xen, migration").unwrap() + 5;
        assert_eq!(at, [second, first]);
        // A pinyin result with the same title text as a literal one.
        let q = super::super::query::pattern("gl");
        let mut l = Locator::new(&s, &q, Scope::Keywords);
        let r = ranked(&s, "gl", Scope::Keywords, true);
        let got: Vec<(bool, usize)> = r.iter().map(|r| (r.pinyin, l.locate(r))).collect();
        assert_eq!(
            got,
            [
                (true, text.rfind("管理").unwrap()),
                (true, text.find("管理").unwrap())
            ]
        );
    }

    #[test]
    fn results_of_many_files_name_their_own_file() {
        // More files than cores: each worker's share is numbered from its
        // own first file.
        let files: Vec<Arc<Notebook>> = (0..7)
            .map(|i| {
                let text = format!("9:00 2012-1-{}\ntopic{i}, x\n1, y\n", i + 1);
                Arc::new(Notebook::from_bytes(format!("{i}.txt"), text.as_bytes()))
            })
            .collect();
        let s = Store::new(files);
        for i in 0..7 {
            let r = ranked(&s, &format!("'topic{i}"), Scope::Keywords, true);
            let titles: Vec<&str> = r.iter().map(|r| s.title(r.id)).collect();
            assert_eq!(titles, [format!("topic{i}, x")]);
            assert_eq!(
                s.notebook(r[0].id).path.to_string_lossy(),
                format!("{i}.txt")
            );
        }
    }

    #[test]
    fn the_empty_query_locates_a_title_below_a_blank_line_in_either_scope() {
        let text = "9:00 2012-1-19\n\n  body text\n";
        let s = Store::new(vec![Arc::new(Notebook::from_bytes(
            "a.txt",
            text.as_bytes(),
        ))]);
        let q = super::super::query::pattern("");
        for scope in [Scope::Keywords, Scope::All] {
            let r = ranked(&s, "@2012", scope, true)[0];
            let at = Locator::new(&s, &q, scope).locate(&r);
            assert_eq!(at, text.find("  body text").unwrap(), "{scope:?}");
        }
    }
}
