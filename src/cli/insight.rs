//! `rizhi thread`, `rizhi onthisday`, `rizhi check`.

use super::{column, for_terminal, print_json, Loaded};
use crate::analysis::{self, Problem};
use crate::store::{EntryId, Resolution, Store};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct EntryJson {
    stamp: String,
    file: String,
    line: u32,
    keywords: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    depth: Option<usize>,
}

fn entry_json(store: &Store, id: EntryId, depth: Option<usize>) -> EntryJson {
    EntryJson {
        stamp: store.entry(id).stamp.to_string(),
        file: store.notebook(id).path.display().to_string(),
        line: store.entry(id).line,
        keywords: store.title(id).to_string(),
        depth,
    }
}

fn print_entries(out: &mut impl Write, rows: &[EntryJson], json: bool) -> std::io::Result<()> {
    if json {
        return print_json(out, &rows);
    }
    for r in rows {
        let indent = "  ".repeat(r.depth.unwrap_or(0).min(8));
        let depth = r.depth.map_or(String::new(), |d| format!("[{d}] "));
        let line = format!(
            "{}:{}:1: {}  {indent}{depth}{}",
            r.file, r.line, r.stamp, r.keywords
        );
        writeln!(out, "{}", for_terminal(&line))?;
    }
    Ok(())
}

pub fn thread(l: &Loaded, json: bool, arg: &str, out: &mut impl Write) -> std::io::Result<bool> {
    let store = &l.store;
    let Some((stamp, _, _)) = super::show::parse_target(arg) else {
        super::warn(format_args!("`{arg}` is not a stamp like `16:50 2013-1-4`"));
        return Ok(false);
    };
    let Some(start) = store.resolve(stamp).target() else {
        super::warn(format_args!("no entry at {stamp}"));
        return Ok(false);
    };
    let rows: Vec<EntryJson> = analysis::thread(store, start)
        .into_iter()
        .map(|(id, d)| entry_json(store, id, Some(d)))
        .collect();
    print_entries(out, &rows, json)?;
    Ok(true)
}

pub fn on_this_day(
    l: &Loaded,
    json: bool,
    date: NaiveDate,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    let store = &l.store;
    let rows: Vec<EntryJson> = analysis::on_this_day(store, date)
        .into_iter()
        .map(|id| entry_json(store, id, None))
        .collect();
    print_entries(out, &rows, json)?;
    Ok(!rows.is_empty())
}

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

pub fn check(l: &Loaded, json: bool, out: &mut impl Write) -> std::io::Result<bool> {
    let store = &l.store;
    let problems = analysis::check(store);
    let rows: Vec<ProblemJson> = problems.iter().map(|p| describe(store, p)).collect();
    if json {
        print_json(out, &rows)?;
    } else {
        for r in &rows {
            let line = format!("{}:{}:{}: {}: {}", r.file, r.line, r.col, r.kind, r.message);
            writeln!(out, "{}", for_terminal(&line))?;
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

fn describe(store: &Store, p: &Problem) -> ProblemJson {
    let id = p.entry();
    let nb = store.notebook(id);
    let (line, offset, stamp, section) = match *p {
        Problem::Unquoted {
            line,
            offset,
            stamp,
            ..
        } => (line, offset, stamp, String::new()),
        Problem::Dangling { index, .. }
        | Problem::Approximate { index, .. }
        | Problem::Ambiguous { index, .. } => {
            let r = store.reference(id, index);
            (
                r.line,
                r.span.start,
                r.stamp,
                nb.slice(&r.section).to_string(),
            )
        }
    };
    let (message, meant) = match *p {
        Problem::Dangling { index, .. } => {
            let r = store.resolutions(id)[index];
            (
                format!(
                    "\"{}\" points nowhere: {}",
                    stamp.notebook_form(),
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
                    "\"{}\" has no entry; taken to mean {} ({off:+} min): fix the stamp?",
                    stamp.notebook_form(),
                    m.notebook_form()
                ),
                Some(m.to_string()),
            )
        }
        Problem::Ambiguous { count, .. } => (
            format!(
                "\"{}\" is the stamp of {count} entries; the link opens the first",
                stamp.notebook_form()
            ),
            None,
        ),
        Problem::Unquoted { .. } => (
            format!(
                "unquoted timestamp {}: a see-link needs quotes (\"{}\")",
                stamp.notebook_form(),
                stamp.notebook_form()
            ),
            None,
        ),
    };
    ProblemJson {
        kind: p.kind(),
        file: nb.path.display().to_string(),
        line,
        col: column(&nb.text, offset),
        entry: store.entry(id).stamp.to_string(),
        stamp: stamp.to_string(),
        section,
        message,
        meant,
    }
}
