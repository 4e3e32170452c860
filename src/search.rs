//! Fuzzy matching with nucleo (fzf's query syntax: `'exact`, `^prefix`, `suffix$`,
//! `!not`, `a | b`), in two scopes: keyword lines or whole entries.

use crate::notebook::Notebook;
use crate::store::{EntryId, EntryKey, Store};
use nucleo::pattern::{CaseMatching, Normalization, Pattern};
use nucleo::{Config, Matcher, Utf32Str, Utf32String};

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

pub fn pattern(query: &str) -> Pattern {
    Pattern::parse(query, CaseMatching::Smart, Normalization::Smart)
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
    let n = store.len();
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(1);
    let chunk = n.div_ceil(workers).max(1);
    let mut hits: Vec<Hit> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|lo| {
                let pat = &pat;
                s.spawn(move || {
                    let mut m = matcher();
                    let mut buf = Vec::new();
                    (lo..(lo + chunk).min(n))
                        .filter_map(|id| {
                            let h = utf32_str(haystack(store, id, scope), &mut buf);
                            pat.score(h, &mut m).map(|score| Hit { id, score })
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(b.id.cmp(&a.id)));
    hits
}

/// Byte offsets in `text` of the characters `query` matched (for highlighting).
pub fn match_bytes(pat: &Pattern, text: &str, m: &mut Matcher) -> Vec<usize> {
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
    let mut out = Vec::with_capacity(idx.len());
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
    out
}

/// The filter's matcher: nucleo's worker pool, fed by an injector from the loader
/// thread, so typing never waits for matching (STYLE.md §9). Items are keyed by
/// [`EntryKey`], which stays valid across store rebuilds.
pub struct LiveSearch {
    nucleo: nucleo::Nucleo<EntryKey>,
    query: String,
    scope: Scope,
}

/// Column 0 holds the title, column 1 the body; a scope is the column the query
/// goes to (the other one gets the empty pattern, which matches everything).
const COLUMNS: u32 = 2;

impl LiveSearch {
    pub fn new(notify: std::sync::Arc<dyn Fn() + Send + Sync>) -> LiveSearch {
        LiveSearch {
            nucleo: nucleo::Nucleo::new(Config::DEFAULT, notify, None, COLUMNS),
            query: String::new(),
            scope: Scope::Keywords,
        }
    }

    pub fn injector(&self) -> nucleo::Injector<EntryKey> {
        self.nucleo.injector()
    }

    /// Feeds every entry of one notebook (file number `file` in load order).
    pub fn inject(injector: &nucleo::Injector<EntryKey>, file: u32, nb: &Notebook) {
        for (i, e) in nb.entries().iter().enumerate() {
            let key = EntryKey {
                file,
                index: i as u32,
            };
            injector.push(key, |_, cols| {
                cols[0] = utf32(nb.title(e));
                cols[1] = utf32(nb.body(e));
            });
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
        let (col, other) = match scope {
            Scope::Keywords => (0, 1),
            Scope::All => (1, 0),
        };
        let append = scope == self.scope && query.starts_with(self.query.as_str());
        let p = &mut self.nucleo.pattern;
        p.reparse(
            col,
            query,
            CaseMatching::Smart,
            Normalization::Smart,
            append,
        );
        p.reparse(other, "", CaseMatching::Smart, Normalization::Smart, false);
        self.query = query.to_string();
        self.scope = scope;
    }

    /// Lets the workers run for up to `ms`; true when the results changed.
    pub fn tick(&mut self, ms: u64) -> (bool, bool) {
        let s = self.nucleo.tick(ms);
        (s.changed, s.running)
    }

    pub fn matched(&self) -> u32 {
        self.nucleo.snapshot().matched_item_count()
    }

    pub fn injected(&self) -> u32 {
        self.nucleo.snapshot().item_count()
    }

    /// The `n`-th best match.
    pub fn get(&self, n: u32) -> Option<EntryKey> {
        self.nucleo.snapshot().get_matched_item(n).map(|i| *i.data)
    }

    /// All matches, in rank order.
    pub fn all(&self) -> impl Iterator<Item = EntryKey> + '_ {
        let s = self.nucleo.snapshot();
        s.matched_items(..).map(|i| *i.data)
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
