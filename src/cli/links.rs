//! `rizhi links`: every reference, where it is and how it resolved.

use super::{json_stamp, print_json, Columns, Opened};
use crate::store::{Link, Resolution, Store};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
pub struct LinkJson {
    pub from: String,
    pub to: String,
    pub written: String,
    pub cue: &'static str,
    pub section: String,
    pub status: &'static str,
    pub target: serde_json::Value,
    pub target_line: Option<u32>,
    pub minutes_off: Option<i64>,
    pub file: String,
    pub line: u32,
    pub col: usize,
    pub reason: Option<String>,
}

pub fn describe(store: &Store, l: &Link, cols: &mut Columns) -> LinkJson {
    let nb = store.notebook(l.from);
    let r = store.reference(l.from, l.index);
    let target = l.resolution.target();
    let target_line = match l.resolution {
        Resolution::Exact {
            entry,
            update: Some(u),
        } => Some(store.entry(entry).updates()[u].line),
        _ => target.map(|t| {
            let steps = crate::notebook::refs::parse_section(nb.slice(&r.section).as_bytes())
                .map(|(s, _)| s)
                .unwrap_or_default();
            store
                .section_line(t, &steps)
                .map_or(store.entry(t).line, |(line, _)| line)
        }),
    };
    let minutes_off = match l.resolution {
        Resolution::Approximate { minutes_off, .. } => Some(minutes_off),
        _ => None,
    };
    LinkJson {
        from: store.entry(l.from).stamp.to_string(),
        to: r.stamp.to_string(),
        written: nb.slice(&r.quoted).trim_matches('"').to_string(),
        cue: r.cue.as_str(),
        section: nb.slice(&r.section).to_string(),
        status: l.resolution.status(),
        target: json_stamp(target.map(|t| store.entry(t).stamp)),
        target_line,
        minutes_off,
        file: nb.path.display().to_string(),
        line: r.line,
        col: cols.of(&nb.text, r.span.start),
        reason: l.resolution.reason(r.stamp),
    }
}

pub fn run(
    l: &Opened,
    json: bool,
    status: Option<&str>,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    let mut cols = Columns::default();
    let links: Vec<LinkJson> = l
        .store
        .links()
        .filter(|k| status.is_none_or(|s| s == k.resolution.status()))
        .map(|k| describe(&l.store, &k, &mut cols))
        .collect();
    if json {
        print_json(out, &links)?;
        return Ok(true);
    }
    for k in &links {
        let to = match (&k.target, k.status) {
            (serde_json::Value::String(t), "approximate") => {
                format!(" ≈ {t} ({:+} min)", k.minutes_off.unwrap_or(0))
            }
            (serde_json::Value::String(t), _) => format!(" = {t}"),
            _ => format!(": {}", k.reason.as_deref().unwrap_or("")),
        };
        let rest = format_args!(
            "{:<11} {} → \"{}\"{}{}",
            k.status, k.from, k.written, k.section, to
        );
        super::write_located(out, &k.file, k.line, k.col, rest)?;
    }
    Ok(true)
}
