//! Fuzzy matching with nucleo (fzf's query syntax: `'exact`, `^prefix`, `suffix$`,
//! `!not`, `a | b`), in two scopes: keyword lines or whole entries.
//!
//! Texts are matched straight from the notebooks' stored UTF-8: a literal
//! [`Prefilter`] skips those that cannot match before anything is converted for
//! nucleo's scorer, and the filter's `literal` matcher keeps no copy of them.
//!
//! Imports only point down this list: `chars` (a leaf) ← `squash` ← `window` ←
//! `query` ← `prefilter` ← `batch` ← `literal`, `or_job`; `pinyin` ← `rows` ←
//! `live` (the filter's [`LiveSearch`]).

mod batch;
mod chars;
mod literal;
mod live;
mod or_job;
mod pinyin;
mod prefilter;
mod query;
mod rows;
mod squash;
mod window;

pub use batch::{haystack, search, workers, Hit};
pub use chars::{has_ascii_lookalike, utf32};
pub use live::{Feeder, LiveSearch};
pub use or_job::{OrJob, OrState};
pub use prefilter::Prefilter;
pub use query::{first_match, has_or, match_bytes, matcher, pattern, Query, Scope};
pub use rows::{Preview, Row};
