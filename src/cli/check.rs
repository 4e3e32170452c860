//! `rizhi check`: link problems (dangling, approximate, ambiguous, unquoted),
//! exit status 1 when anything is found.

use super::{print_json, Columns, Opened};
use crate::store::analysis::{self, Problem};
use crate::store::{Resolution, Store};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct ProblemJson {
    kind: &'static str,
    file: String,
    line: u32,
    col: usize,
    entry: String,
    stamp: String,
    section: String,
    message: String,
    /// The entry an approximate link was taken to mean.
    meant: Option<String>,
}

pub fn run(l: &Opened, json: bool, out: &mut impl Write) -> std::io::Result<bool> {
    let store = &l.store;
    let problems = analysis::check(store);
    let mut cols = Columns::default();
    let rows: Vec<ProblemJson> = problems
        .iter()
        .map(|p| describe(store, p, &mut cols))
        .collect();
    if json {
        print_json(out, &rows)?;
    } else {
        for r in &rows {
            let rest = format_args!("{}: {}", r.kind, r.message);
            super::write_located(out, &r.file, r.line, r.col, rest)?;
        }
        if !rows.is_empty() {
            eprintln!(
                "rizhi: {} problem(s) in {} entries",
                rows.len(),
                store.len()
            );
        }
    }
    // Exit 1 when anything is found, so a git hook can use it; "found" means
    // "clean" for the dispatcher, hence the negation.
    Ok(rows.is_empty())
}

fn describe(store: &Store, p: &Problem, cols: &mut Columns) -> ProblemJson {
    let id = p.entry();
    let nb = store.notebook(id);
    // `written`: the stamp as the notebook has it, so the message can be
    // grepped for (`16:21 2009-1-21`, not a normalised form).
    let (line, offset, stamp, section, written) = match *p {
        Problem::Unquoted {
            line,
            offset,
            stamp,
            ..
        } => {
            let rest = nb.text.get(offset..).unwrap_or("").as_bytes();
            let n = crate::notebook::stamp::parse_prefix(rest).map_or(0, |(_, n)| n);
            let written = nb.text.get(offset..offset + n).unwrap_or("").to_string();
            (line, offset, stamp, String::new(), written)
        }
        Problem::Dangling { index, .. }
        | Problem::Approximate { index, .. }
        | Problem::Ambiguous { index, .. } => {
            let r = store.reference(id, index);
            (
                r.line,
                r.span.start,
                r.stamp,
                nb.slice(&r.section).to_string(),
                nb.slice(&r.quoted).trim_matches('"').to_string(),
            )
        }
    };
    let (message, meant) = match *p {
        Problem::Dangling { index, .. } => {
            let r = store.resolutions(id)[index];
            (
                format!(
                    "\"{}\" points nowhere: {}",
                    written,
                    r.reason(stamp).unwrap_or_default()
                ),
                None,
            )
        }
        Problem::Approximate { meant, index, .. } => {
            let m = store.entry(meant).stamp;
            let off = match store.resolutions(id)[index] {
                Resolution::Approximate { minutes_off, .. } => minutes_off,
                _ => 0,
            };
            (
                format!(
                    "\"{written}\" has no entry; taken to mean {} ({off:+} min): fix the stamp?",
                    header_as_written(store, meant)
                ),
                Some(m.to_string()),
            )
        }
        Problem::Ambiguous { count, .. } => (
            format!("\"{written}\" is the stamp of {count} entries; the link opens the first"),
            None,
        ),
        Problem::Unquoted { .. } => (
            format!("unquoted timestamp {written}: a see-link needs quotes (\"{written}\")"),
            None,
        ),
    };
    ProblemJson {
        kind: p.kind(),
        file: nb.path.display().to_string(),
        line,
        col: cols.of(&nb.text, offset),
        entry: store.entry(id).stamp.to_string(),
        stamp: stamp.to_string(),
        section,
        message,
        meant,
    }
}

/// The header line of entry `id` as its notebook writes it (`9:05 2013-1-4`).
fn header_as_written(store: &Store, id: crate::store::EntryId) -> String {
    let text = store.text(id);
    text.split('\n').next().unwrap_or("").trim().to_string()
}
