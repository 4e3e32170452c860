//! `rizhi search`: fuzzy search, printed so vim's quickfix reads it.

use super::{print_json, Opened};
use crate::report::for_terminal;
use crate::search::{first_match, haystack, matcher, pattern, search, workers, Hit, Query, Scope};
use crate::store::Store;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct HitJson {
    stamp: String,
    file: String,
    line: u32,
    col: usize,
    score: u32,
    keywords: String,
    /// The line of the best match (whole-entry scope) or the keyword line.
    text: String,
}

pub fn run(
    l: &Opened,
    json: bool,
    scope: Scope,
    query: &str,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    let store = &l.store;
    let hits = search(store, query, scope);
    let pat = pattern(query);
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
    Ok(!rows.is_empty())
}

/// The printed rows of `hits`, in their order.
fn locate_all(store: &Store, pat: &Query, scope: Scope, hits: &[Hit]) -> Vec<HitJson> {
    let mut m = matcher();
    hits.iter()
        .map(|h| {
            let nb = store.notebook(h.id);
            let e = store.entry(h.id);
            let hay = haystack(store, h.id, scope);
            // Where in the file the first matched character is; lines are
            // counted from the entry's header, never from the top of the file.
            let base = hay.as_ptr() as usize - nb.text.as_ptr() as usize;
            let offset = base + first_match(pat, hay, &mut m).unwrap_or(0);
            let from = e.span.start.min(offset);
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
                keywords: store.title(h.id).to_string(),
                text: nb.text[line_start..line_end].to_string(),
            }
        })
        .collect()
}
