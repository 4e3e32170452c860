//! `rizhi search`: the filter's matcher (pinyin, ranking, `@` date ranges)
//! run once, printed so vim's quickfix reads it.

use super::{print_json, Opened};
use crate::report::for_terminal;
use crate::search::{
    dates_word, pattern, ranked_spelled, split_dates, workers, Locator, Query, Ranked, Scope,
};
use crate::store::Store;
use serde::Serialize;
use std::io::Write;

/// `rizhi search` options beyond the query.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Opts {
    /// Do not match Chinese by pinyin (as config `pinyin = false`).
    #[arg(long)]
    pub no_pinyin: bool,
    /// Only entries on or after this day, month or year (`2012-01`, `2012-1-20`).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only entries on or before this day, month or year.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Print at most N results.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Serialize)]
struct HitJson {
    stamp: String,
    file: String,
    line: u32,
    col: usize,
    /// nucleo's score of the best place (`null` for an `a | b` query).
    score: Option<u32>,
    /// Matched by pinyin only.
    pinyin: bool,
    keywords: String,
    /// The line of the best match (whole-entry scope) or the keyword line.
    text: String,
}

pub fn run(
    l: &Opened,
    json: bool,
    scope: Scope,
    opts: &Opts,
    query: &str,
    out: &mut impl Write,
) -> std::io::Result<Option<bool>> {
    let store = &l.store;
    let query = match dates_word(opts.since.as_deref(), opts.until.as_deref()) {
        None => query.to_string(),
        Some(Ok(w)) => format!("{query} {w}"),
        Some(Err(e)) => return Err(std::io::Error::other(e)),
    };
    let pinyin = !opts.no_pinyin && crate::config::load(&[]).0.pinyin.unwrap_or(true);
    let spelled = |f: usize| {
        l.checks
            .get(f)
            .and_then(|c| c.as_ref())
            .map(|c| c.spelled())
    };
    let mut hits = ranked_spelled(store, &query, scope, pinyin, &spelled);
    if let Some(n) = opts.limit {
        hits.truncate(n);
    }
    if !l.checks.is_empty() && !checked(l, &hits) {
        return Ok(None);
    }
    let pat = pattern(&split_dates(&query).0);
    // Locating each hit re-matches it for the matched characters: split over
    // the cores like the search itself.
    let chunk = hits.len().div_ceil(workers()).max(1);
    let rows: Vec<HitJson> = std::thread::scope(|s| {
        let parts: Vec<_> = hits
            .chunks(chunk)
            .map(|part| s.spawn(|| locate_all(store, &pat, scope, part)))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_default())
            .collect()
    });
    if json {
        print_json(out, &rows)?;
    } else {
        for r in &rows {
            let shown = match scope {
                Scope::Keywords => r.keywords.clone(),
                Scope::All if r.text.trim() == r.keywords.trim() => r.keywords.clone(),
                Scope::All => format!("{}  │ {}", r.keywords, r.text.trim()),
            };
            let line = format!(
                "{}:{}:{}: {}  {}",
                super::plain_name(&r.file),
                r.line,
                r.col,
                r.stamp,
                shown
            );
            writeln!(out, "{}", for_terminal(&line))?;
        }
    }
    Ok(Some(!rows.is_empty()))
}

/// Whether every hit from a keyword-line index has, in its notebook, the
/// header and keyword line the index gave.
fn checked(l: &Opened, hits: &[Ranked]) -> bool {
    // One `pread` a result, over the cores.
    let chunk = hits.len().div_ceil(workers()).max(1);
    std::thread::scope(|s| {
        let parts: Vec<_> = hits
            .chunks(chunk)
            .map(|part| s.spawn(|| part.iter().all(|h| checks_out(l, h))))
            .collect();
        // Every part is joined (each drops the indexes it caught lying).
        parts
            .into_iter()
            .map(|p| p.join().unwrap_or(false))
            .fold(true, |all, ok| all & ok)
    })
}

fn checks_out(l: &Opened, h: &Ranked) -> bool {
    let key = l.store.key(h.id);
    let Some(Some(check)) = l.checks.get(key.file as usize) else {
        return true;
    };
    let nb = l.store.notebook(h.id);
    let ok = check.verify(nb, key.index as usize);
    if !ok {
        crate::cache::drop_titles(&nb.path);
    }
    ok
}

fn locate_all(store: &Store, pat: &Query, scope: Scope, hits: &[Ranked]) -> Vec<HitJson> {
    let mut at = Locator::new(store, pat, scope);
    hits.iter()
        .map(|h| {
            let nb = store.notebook(h.id);
            let e = store.entry(h.id);
            // Where in the file the best match begins; lines are counted from
            // the entry's header, never from the top of the file.
            let offset = at.locate(h).min(nb.text.len());
            let from = e.span().start.min(offset);
            let before = &nb.text.as_bytes()[from..offset];
            let line = e.line + memchr::memchr_iter(b'\n', before).count() as u32;
            let line_start = memchr::memrchr(b'\n', before).map_or(from, |i| from + i + 1);
            let line_end = memchr::memchr(b'\n', &nb.text.as_bytes()[offset..])
                .map_or(nb.text.len(), |i| offset + i);
            HitJson {
                stamp: e.stamp.to_string(),
                file: nb.path.display().to_string(),
                line,
                col: offset - line_start + 1,
                score: h.score,
                pinyin: h.pinyin,
                keywords: store.title(h.id).to_string(),
                text: nb.text[line_start..line_end].to_string(),
            }
        })
        .collect()
}
