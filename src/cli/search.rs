//! `rizhi search`: fuzzy search, printed so vim's quickfix reads it.

use super::{column, for_terminal, print_json, Loaded};
use crate::search::{haystack, match_bytes, matcher, pattern, search, Scope};
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
    l: &Loaded,
    json: bool,
    scope: Scope,
    query: &str,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    let store = &l.store;
    let hits = search(store, query, scope);
    let pat = pattern(query);
    let mut m = matcher();
    let mut rows = Vec::with_capacity(hits.len());
    for h in &hits {
        let nb = store.notebook(h.id);
        let hay = haystack(store, h.id, scope);
        // Where in the file the first matched character is.
        let base = hay.as_ptr() as usize - nb.text.as_ptr() as usize;
        let first = match_bytes(&pat, hay, &mut m).first().copied();
        let offset = base + first.unwrap_or(0);
        let line_no = 1 + nb.text[..offset].matches('\n').count() as u32;
        let line_start = nb.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = nb.text[offset..]
            .find('\n')
            .map_or(nb.text.len(), |i| offset + i);
        rows.push(HitJson {
            stamp: store.entry(h.id).stamp.to_string(),
            file: nb.path.display().to_string(),
            line: line_no,
            col: column(&nb.text, offset),
            score: h.score,
            keywords: store.title(h.id).to_string(),
            text: nb.text[line_start..line_end].to_string(),
        });
    }
    if json {
        print_json(out, &rows)?;
    } else {
        for r in &rows {
            let shown = match scope {
                Scope::Keywords => r.keywords.clone(),
                Scope::All if r.text.trim() == r.keywords.trim() => r.keywords.clone(),
                Scope::All => format!("{}  │ {}", r.keywords, r.text.trim()),
            };
            let line = format!("{}:{}:{}: {}  {}", r.file, r.line, r.col, r.stamp, shown);
            writeln!(out, "{}", for_terminal(&line))?;
        }
    }
    Ok(!rows.is_empty())
}
