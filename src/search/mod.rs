//! Fuzzy matching with nucleo (fzf's query syntax: `'exact`, `^prefix`, `suffix$`,
//! `!not`, `a | b`), in two scopes: keyword lines or whole entries.
//!
//! Texts are matched straight from the notebooks' stored UTF-8: a literal
//! [`Prefilter`] skips those that cannot match before anything is converted for
//! nucleo's scorer, and the filter's `literal` matcher keeps no copy of them.
//!
//! Each module imports only modules above it in this list (a tree, no cycles):
//! `chars` (character facts, nucleo's scorer), `dates` (`@2012-01..`), `squash`, `window`, `query`
//! (fzf syntax, [`Query`]), `prefilter`, `batch` ([`search`] over a store),
//! `literal`, `or_job` (`a | b`), `pinyin`, `rows` (what the filter draws),
//! `live` (the filter's [`LiveSearch`]), `marks` (every match in a body, for
//! the reader), `ranked` (the filter's results at once, for `rizhi search`).

mod batch;
mod chars;
mod dates;
mod literal;
mod live;
mod marks;
mod or_job;
mod pinyin;
mod prefilter;
mod query;
mod ranked;
mod rows;
mod squash;
mod window;

pub use batch::{haystack, search, workers, Hit};
pub use chars::{has_ascii_lookalike, matcher, utf32};
pub use dates::{split as split_dates, word as dates_word, Dates, HELP as DATES_HELP};
pub use live::{Feeder, LiveSearch};
pub use marks::{body_places, places, Place};
pub use or_job::{OrJob, OrState};
pub use pinyin::spelling as pinyin_spelling;
pub use prefilter::Prefilter;
pub use query::{first_match, has_or, match_bytes, pattern, Query, Scope};
pub use ranked::{ranked, ranked_spelled, Locator, Ranked, Spelled};
pub use rows::{Preview, Row};
