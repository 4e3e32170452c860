//! `rizhi show STAMP[SECTION]`: one entry, or the part of it from a section on.

use super::{json_stamp, print_json, Opened};
use crate::notebook::refs::{parse_section, Step};
use crate::notebook::Stamp;
use crate::report::for_terminal;
use crate::store::{EntryId, Link, Resolution};
use serde::Serialize;
use std::io::Write;

/// Splits what the user typed into a stamp and a section path. The shell eats the
/// quotes of `"16:50 2013-1-4"5-1)`, leaving `16:50 2013-1-45-1)`; the day is then
/// the one- or two-digit reading that leaves a valid date and a valid path.
pub fn parse_target(arg: &str) -> Option<(Stamp, Vec<Step>, String)> {
    parse_targets(arg).into_iter().next()
}

/// Every reading of `arg`, the one with the two-digit day first: `10:00
/// 2014-3-15-1)` is the 15th with section `-1)` or the 1st with section `5-1)`.
/// The caller keeps the one that names a loaded entry.
pub fn parse_targets(arg: &str) -> Vec<(Stamp, Vec<Step>, String)> {
    let mut out = Vec::new();
    let arg = arg.trim();
    if let Some(rest) = arg.strip_prefix('"') {
        if let Some((stamp, sec)) = rest.split_once('"') {
            if let (Some(stamp), Some((steps, s))) = (Stamp::parse(stamp), section_of(sec.trim())) {
                out.push((stamp, steps, s));
            }
        }
        return out;
    }
    if let Some(s) = Stamp::parse(arg) {
        out.push((s, Vec::new(), String::new()));
        return out;
    }
    let Some(space) = arg.find(' ') else {
        return out;
    };
    let date_start = space + 1;
    let mut dashes = arg[date_start..]
        .match_indices('-')
        .map(|(i, _)| date_start + i);
    let (Some(_), Some(second)) = (dashes.next(), dashes.next()) else {
        return out;
    };
    let day_start = second + 1;
    for day_len in [2, 1] {
        let cut = day_start + day_len;
        if cut > arg.len() || !arg.is_char_boundary(cut) {
            continue;
        }
        let Some(stamp) = Stamp::parse(&arg[..cut]) else {
            continue;
        };
        if let Some((steps, s)) = section_of(arg[cut..].trim()) {
            out.push((stamp, steps, s));
        }
    }
    out
}

fn section_of(s: &str) -> Option<(Vec<Step>, String)> {
    if s.is_empty() {
        return Some((Vec::new(), String::new()));
    }
    let (steps, n) = parse_section(s.as_bytes())?;
    (n == s.len()).then(|| (steps, s.to_string()))
}

#[derive(Serialize)]
struct ShowJson {
    stamp: String,
    file: String,
    line: u32,
    revision: serde_json::Value,
    keywords: Vec<Vec<String>>,
    section: String,
    section_line: Option<u32>,
    text: String,
    links: Vec<super::links::LinkJson>,
    backlinks: Vec<String>,
}

pub fn run(l: &Opened, json: bool, arg: &str, out: &mut impl Write) -> std::io::Result<bool> {
    let store = &l.store;
    if let Some(day) = crate::notebook::stamp::parse_date(arg.trim()) {
        // A date alone: that day's entries, in time order.
        let ids: Vec<EntryId> = store
            .first_on_or_after(day)
            .into_iter()
            .flat_map(|first| first..store.len())
            .take_while(|&id| store.entry(id).stamp.date() == day)
            .collect();
        if ids.is_empty() {
            crate::report::warn(format_args!("no entry on {day}"));
            return super::thread::nothing(json, out);
        }
        return print_shown(l, json, ids, &[], "", out);
    }
    let readings = parse_targets(arg);
    // Prefer the reading that names an entry (exactly, then approximately).
    let pick = readings
        .iter()
        .position(|r| matches!(store.resolve(r.0), Resolution::Exact { .. }))
        .or_else(|| {
            readings
                .iter()
                .position(|r| store.resolve(r.0).target().is_some())
        })
        .unwrap_or(0);
    let Some((stamp, steps, section)) = readings.into_iter().nth(pick) else {
        crate::report::warn(format_args!("`{arg}` is not a stamp like `16:50 2013-1-4` (optionally followed by a section such as 5-1)) or a date like 2013-1-4"));
        return super::thread::nothing(json, out);
    };
    let ids: Vec<EntryId> = match store.resolve(stamp) {
        // Two entries may share a stamp: show both.
        Resolution::Exact { update: None, .. } => store.with_stamp(stamp).collect(),
        Resolution::Exact {
            entry,
            update: Some(_),
        } => vec![entry],
        Resolution::Approximate { entry, .. } => {
            eprintln!(
                "rizhi: no entry at {}, showing {}",
                stamp,
                store.entry(entry).stamp
            );
            vec![entry]
        }
        r @ Resolution::Dangling(_) => {
            crate::report::warn(format_args!(
                "{stamp}: {}",
                r.reason(stamp).unwrap_or_default()
            ));
            return super::thread::nothing(json, out);
        }
    };
    print_shown(l, json, ids, &steps, &section, out)
}

/// Prints entries `ids` from the section `steps` (written `section`) on.
fn print_shown(
    l: &Opened,
    json: bool,
    ids: Vec<EntryId>,
    steps: &[Step],
    section: &str,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    let store = &l.store;
    let mut shown = Vec::new();
    let mut cols = super::Columns::default();
    for id in ids {
        let nb = store.notebook(id);
        let e = store.entry(id);
        let text = store.text(id);
        let section_line = if steps.is_empty() {
            None
        } else {
            match e.section(steps) {
                Some((item, full)) => {
                    if !full {
                        crate::report::warn(format_args!(
                            "section {section} not found in full in {}, showing the nearest item",
                            e.stamp
                        ));
                    }
                    Some(item.line)
                }
                None => {
                    eprintln!(
                        "rizhi: no section {section} in {}, showing the whole entry",
                        e.stamp
                    );
                    None
                }
            }
        };
        let from = section_line.map_or(0, |sl| {
            text.match_indices('\n')
                .nth((sl - e.line - 1) as usize)
                .map_or(0, |(i, _)| i + 1)
        });
        // This entry's references only (not a pass over every link per entry).
        let links = store
            .resolutions(id)
            .iter()
            .enumerate()
            .map(|(index, &resolution)| Link {
                from: id,
                index,
                resolution,
            })
            .map(|k| super::links::describe(store, &k, &mut cols))
            .collect();
        shown.push(ShowJson {
            stamp: e.stamp.to_string(),
            file: nb.path.display().to_string(),
            line: e.line,
            revision: json_stamp(e.revision),
            keywords: e
                .keywords
                .iter()
                .flat_map(|k| k.groups(&nb.text))
                .map(|g| g.iter().map(|r| nb.slice(r).to_string()).collect())
                .collect(),
            section: section.to_string(),
            section_line,
            text: text[from..].to_string(),
            links,
            backlinks: store
                .backlinks(id)
                .iter()
                .map(|&(b, _)| store.entry(b).stamp.to_string())
                .collect(),
        });
    }
    if json {
        print_json(out, &shown)?;
    } else {
        for (i, s) in shown.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            write!(out, "{}", for_terminal(&s.text))?;
            if !s.text.ends_with('\n') {
                writeln!(out)?;
            }
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Option<(String, String)> {
        parse_target(s).map(|(st, _, sec)| (st.to_string(), sec))
    }

    #[test]
    fn stamps_with_glued_or_quoted_sections() {
        assert_eq!(
            t("16:50 2013-1-4"),
            Some(("2013-01-04 16:50".into(), "".into()))
        );
        assert_eq!(
            t("16:50 2013-1-45-1)"),
            Some(("2013-01-04 16:50".into(), "5-1)".into()))
        );
        assert_eq!(
            t("\"16:50 2013-1-4\"5-1)"),
            Some(("2013-01-04 16:50".into(), "5-1)".into()))
        );
        assert_eq!(
            t("16:50 2013-01-142"),
            Some(("2013-01-14 16:50".into(), "2".into()))
        );
        assert_eq!(
            t("10:25 2012-11-232-2)-(2)"),
            Some(("2012-11-23 10:25".into(), "2-2)-(2)".into()))
        );
        assert_eq!(
            t("2013-01-04 16:50"),
            Some(("2013-01-04 16:50".into(), "".into()))
        );
        assert_eq!(t("yesterday"), None);
        // A day followed by a character of several bytes: no cut inside it.
        assert_eq!(t("16:50 2013-1-4调"), None);
        assert_eq!(t("16:50 2013-1-1调2"), None);
    }
}
