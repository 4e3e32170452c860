//! `rizhi stats`: what was loaded, at a glance.

use super::{json_stamp, print_json, Opened};
use crate::report::for_terminal;
use crate::store::Store;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

#[derive(Serialize)]
struct Stats {
    entries: usize,
    first: serde_json::Value,
    last: serde_json::Value,
    with_keywords: usize,
    references: Counts,
    top_keywords: Vec<(String, usize)>,
    series: usize,
    todos: usize,
    files: Vec<FileStats>,
}

#[derive(Serialize, Default)]
struct Counts {
    exact: usize,
    approximate: usize,
    dangling: usize,
}

#[derive(Serialize)]
struct FileStats {
    path: String,
    encoding: &'static str,
    entries: usize,
    lines: usize,
    preamble: bool,
    warnings: Vec<WarningJson>,
}

#[derive(Serialize)]
struct WarningJson {
    line: u32,
    message: String,
}

/// The `n` terms on the most keyword lines (an entry counts once per term), ties
/// by term.
pub fn top_keywords(store: &Store, n: usize) -> Vec<(String, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for id in 0..store.len() {
        let mut terms: Vec<&str> = store.terms(id).collect();
        terms.sort_unstable();
        terms.dedup();
        for t in terms {
            *counts.entry(t).or_default() += 1;
        }
    }
    let mut v: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(t, c)| (t.to_string(), c))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

fn collect(store: &Store) -> Stats {
    let mut refs = Counts::default();
    for l in store.links() {
        match l.resolution.status() {
            "exact" => refs.exact += 1,
            "approximate" => refs.approximate += 1,
            _ => refs.dangling += 1,
        }
    }
    let files = store
        .files()
        .iter()
        .map(|nb| FileStats {
            path: nb.path.display().to_string(),
            encoding: nb.encoding.name(),
            entries: nb.entries().len(),
            lines: nb.text.lines().count(),
            preamble: !nb.preamble().trim().is_empty(),
            warnings: nb
                .warnings
                .iter()
                .map(|w| WarningJson {
                    line: w.line,
                    message: w.message.clone(),
                })
                .collect(),
        })
        .collect();
    Stats {
        entries: store.len(),
        first: json_stamp(store.first()),
        last: json_stamp(store.last()),
        with_keywords: (0..store.len())
            .filter(|&id| store.entry(id).keywords.is_some())
            .count(),
        references: refs,
        top_keywords: top_keywords(store, 10),
        series: store.all_series().len(),
        todos: (0..store.len())
            .map(|id| store.entry(id).todos().len())
            .sum(),
        files,
    }
}

pub fn run(l: &Opened, json: bool, out: &mut impl Write) -> std::io::Result<bool> {
    let s = collect(&l.store);
    if json {
        print_json(out, &s)?;
        return Ok(true);
    }
    let stamp = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
    writeln!(out, "entries        {}", s.entries)?;
    writeln!(out, "first          {}", stamp(&s.first))?;
    writeln!(out, "last           {}", stamp(&s.last))?;
    writeln!(out, "with keywords  {}", s.with_keywords)?;
    let r = &s.references;
    writeln!(
        out,
        "references     {} exact, {} approximate, {} dangling",
        r.exact, r.approximate, r.dangling
    )?;
    writeln!(out, "series         {}", s.series)?;
    writeln!(out, "todos          {}", s.todos)?;
    let top: Vec<String> = s
        .top_keywords
        .iter()
        .map(|(t, c)| format!("{t} ({c})"))
        .collect();
    // Keywords, paths and warnings come from the files: shown in visible form.
    let top = top.join(", ");
    writeln!(out, "top keywords   {}", for_terminal(&top))?;
    writeln!(out, "files          {}", s.files.len())?;
    for f in &s.files {
        let path = for_terminal(&f.path);
        let path = super::plain_name(&path);
        writeln!(out, "  {path}  {}  {} entries", f.encoding, f.entries)?;
        for w in &f.warnings {
            let message = for_terminal(&w.message);
            writeln!(out, "  {path}:{}: warning: {message}", w.line)?;
        }
    }
    if l.sample {
        writeln!(
            out,
            "(the bundled sample notebook; give files or folders to read your own)"
        )?;
    }
    Ok(true)
}
