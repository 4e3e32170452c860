//! The bundled sample notebook against assets/SAMPLE-FACTS.md, the ground truth
//! a person worked out by hand. The tables of that document are read by the
//! tests themselves, so every row (47 entries, 8 updates, 80 references, 27
//! backlink counts, 5 series, 7 todos) is checked, not a chosen few.
//!
//! What `rizhi stats --json` and `rizhi links --json` report (run with no path,
//! so on the bundled sample) is checked through the real binary; what the CLI
//! does not print (series parts, backlink breakdowns, keyword groups) through
//! the library.

use rizhi::notebook::Notebook;
use rizhi::store::{EntryId, Resolution, Store};
use serde_json::Value;
use std::collections::HashMap;
use std::process::Command;
use std::sync::Arc;

const FACTS: &str = include_str!("../assets/SAMPLE-FACTS.md");
const SAMPLE: &str = include_str!("../assets/sample.txt");

/// Runs `rizhi <args>` with no notebook path: the bundled sample.
fn rizhi_json(args: &[&str]) -> Value {
    let o = Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(args)
        .output()
        .expect("run rizhi");
    assert_eq!(
        o.status.code(),
        Some(0),
        "rizhi {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON")
}

fn store() -> Store {
    Store::new(vec![Arc::new(rizhi::live::load::bundled_sample())])
}

fn nb(s: &Store) -> &Notebook {
    &s.files()[0]
}

fn at_line(s: &Store, line: u32) -> EntryId {
    (0..s.len())
        .find(|&id| s.entry(id).line == line)
        .unwrap_or_else(|| panic!("no entry header at line {line}"))
}

/// Physical line `n` (1-based) of the sample.
fn sample_line(n: usize) -> &'static str {
    SAMPLE.split('\n').nth(n - 1).expect("line in range")
}

/// The rows of the markdown table whose header row starts with `header`, cells
/// trimmed, `\|` unescaped.
fn table(header: &str) -> Vec<Vec<String>> {
    let mut lines = FACTS.lines().skip_while(|l| !l.starts_with(header));
    assert!(
        lines.next().is_some(),
        "table {header:?} in SAMPLE-FACTS.md"
    );
    lines
        .skip(1) // |---|---|
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let inner = l.trim().trim_start_matches('|').trim_end_matches('|');
            let mut cells = Vec::new();
            let mut cell = String::new();
            let mut chars = inner.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if chars.peek() == Some(&'|') => {
                        cell.push('|');
                        chars.next();
                    }
                    '|' => cells.push(std::mem::take(&mut cell).trim().to_string()),
                    _ => cell.push(c),
                }
            }
            cells.push(cell.trim().to_string());
            cells
        })
        .collect()
}

fn unquote(cell: &str) -> &str {
    cell.trim_matches('`')
}

/// The number after `line ` in a cell such as `2014-03-03 10:12 (header line 20)`.
fn line_after(cell: &str, word: &str) -> Option<u32> {
    let at = cell.find(word)? + word.len();
    let digits: String = cell[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

// ---------------------------------------------------------------- stats

#[test]
fn stats_json_of_the_bundled_sample_matches_the_facts() {
    let s = rizhi_json(&["stats", "--json"]);
    assert_eq!(s["entries"], 47);
    assert_eq!(s["first"], "2014-03-03 09:05");
    assert_eq!(s["last"], "2014-03-23 22:05");
    assert_eq!(s["with_keywords"], 46);
    assert_eq!(s["references"]["exact"], 73);
    assert_eq!(s["references"]["approximate"], 2);
    assert_eq!(s["references"]["dangling"], 5);
    assert_eq!(s["todos"], 7);
    assert_eq!(s["series"], 5);
    let top: Vec<(String, u64)> = s["top_keywords"]
        .as_array()
        .expect("top_keywords")
        .iter()
        .take(7)
        .map(|p| {
            (
                p[0].as_str().expect("term").into(),
                p[1].as_u64().expect("count"),
            )
        })
        .collect();
    let want = [
        ("GTD", 14),
        ("kernel", 12),
        ("scheduler", 11),
        ("virtualization", 10),
        ("vcpu 卡顿", 9),
        ("CFS", 8),
        ("dirty rate patches", 7),
    ];
    assert_eq!(
        top,
        want.map(|(t, c)| (t.to_string(), c)),
        "top keyword terms"
    );
    let f = &s["files"][0];
    assert_eq!(f["path"], "sample.txt (bundled)");
    assert_eq!(f["encoding"], "UTF-8");
    assert_eq!(f["entries"], 47);
    assert_eq!(f["lines"], 739);
    assert_eq!(f["preamble"], true);
    assert_eq!(f["warnings"], serde_json::json!([]));
}

// ---------------------------------------------------------------- file

#[test]
fn file_facts() {
    assert_eq!(
        rizhi::live::load::SAMPLE,
        SAMPLE,
        "the binary bundles assets/sample.txt"
    );
    assert_eq!(SAMPLE.lines().count(), 739);
    assert!(!SAMPLE.contains('\r') && !SAMPLE.starts_with('\u{FEFF}'));
    assert_eq!(SAMPLE.lines().filter(|l| l.contains('\t')).count(), 90);
    let s = store();
    let n = nb(&s);
    assert!(n.parsed.log_switch);
    assert_eq!(
        n.preamble(),
        format!("{}\n{}", sample_line(2), sample_line(3))
    );
    assert_eq!(sample_line(388), "16:00 2014-3-10  ");
    assert_eq!(
        s.entry(at_line(&s, 388)).stamp.to_string(),
        "2014-03-10 16:00"
    );
    // Out of file order: the header is earlier than the one before it.
    let order = n.entries();
    let out_of_order: Vec<u32> = order
        .windows(2)
        .filter(|w| w[1].stamp < w[0].stamp)
        .map(|w| w[1].line)
        .collect();
    assert_eq!(out_of_order, [333, 556, 731]);
    assert_eq!(order.last().map(|e| e.line), Some(731));
    let shared: Vec<u32> = s
        .with_stamp(rizhi::notebook::Stamp::parse("16:30 2014-3-14").expect("stamp"))
        .map(|id| s.entry(id).line)
        .collect();
    assert_eq!(shared, [573, 579]);
    let revisions: Vec<(u32, String)> = order
        .iter()
        .filter_map(|e| e.revision.map(|r| (e.line, r.to_string())))
        .collect();
    assert_eq!(
        revisions,
        [
            (102, "2014-03-04 21:40".to_string()),
            (477, "2014-03-13 20:15".to_string())
        ]
    );
}

// ---------------------------------------------------------------- entries

#[test]
fn every_entry_row_matches() {
    let rows = table("| line | stamp as written | stamp | keyword groups |");
    assert_eq!(rows.len(), 47, "the table lists all 47 entries");
    let s = store();
    let n = nb(&s);
    let got: Vec<(u32, &str, String, String)> = n
        .entries()
        .iter()
        .map(|e| {
            let groups = match &e.keywords {
                None => "(no keyword line)".to_string(),
                Some(k) => k
                    .groups(&n.text)
                    .iter()
                    .map(|g| g.iter().map(|r| n.slice(r)).collect::<Vec<_>>().join(", "))
                    .collect::<Vec<_>>()
                    .join(" | "),
            };
            (
                e.line,
                sample_line(e.line as usize),
                e.stamp.to_string(),
                groups,
            )
        })
        .collect();
    let want: Vec<(u32, &str, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[0].parse().expect("line"),
                unquote(&r[1]),
                r[2].clone(),
                r[3].clone(),
            )
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn every_update_row_matches() {
    let rows = table("| line | form | stamp | in entry | closed at |");
    let s = store();
    let got: Vec<(u32, String, u32, Option<u32>)> = nb(&s)
        .parsed
        .iter()
        .flat_map(|e| {
            e.updates()
                .iter()
                .map(move |u| (u.line, u.stamp.to_string(), e.line, u.closed_at))
        })
        .collect();
    let want: Vec<(u32, String, u32, Option<u32>)> = rows
        .iter()
        .map(|r| {
            let closed =
                (r[4] != "open").then(|| line_after(&r[4], "line ").expect("closing line"));
            (
                r[0].parse().expect("line"),
                r[2].clone(),
                line_after(&r[3], "(line ").expect("entry line"),
                closed,
            )
        })
        .collect();
    assert_eq!(want.len(), 8);
    assert_eq!(got, want);
}

// ---------------------------------------------------------------- references

/// How the CLI spells a cue, and how the sample writes it before the quote.
fn cue(doc: &str) -> (&'static str, &'static str) {
    match doc {
        "see" => ("see", "see"),
        "see+space" => ("see", "see "),
        "ref" => ("ref", "ref"),
        "ref+space" => ("ref", "ref "),
        "见" => ("见", "见"),
        "详见" => ("详见", "详见"),
        "none" => ("", ""),
        other => panic!("unknown cue {other:?} in SAMPLE-FACTS.md"),
    }
}

#[test]
fn links_json_of_the_bundled_sample_matches_every_reference_row() {
    let rows = table("| line | from entry | cue | stamp as written |");
    assert_eq!(rows.len(), 80);
    let mut links = rizhi_json(&["links", "--json"])
        .as_array()
        .expect("array")
        .clone();
    assert_eq!(links.len(), 80);
    let key = |l: &Value| (l["line"].as_u64(), l["col"].as_u64());
    links.sort_by_key(key);
    let s = store();
    let containing = |line: u64| {
        nb(&s)
            .entries()
            .iter()
            .find(|e| u64::from(e.line) <= line && line < u64::from(e.line + e.lines))
            .map(|e| e.line)
    };
    for (row, l) in rows.iter().zip(&links) {
        let here = format!("SAMPLE-FACTS row {row:?} vs {l}");
        let line: u64 = row[0].parse().expect("line");
        let (cli_cue, written_cue) = cue(&row[2]);
        let written = unquote(&row[3]);
        let section = if row[4] == "-" { "" } else { unquote(&row[4]) };
        assert_eq!(l["line"], line, "{here}");
        assert_eq!(l["from"], row[1].as_str(), "{here}");
        assert_eq!(l["cue"], cli_cue, "{here}");
        assert_eq!(l["written"], written, "{here}");
        assert_eq!(l["section"], section, "{here}");
        assert_eq!(l["status"], row[5].as_str(), "{here}");
        assert_eq!(l["file"], "sample.txt (bundled)", "{here}");
        // The row describes the file as it is, cue and section exactly as written.
        let as_written = format!("{written_cue}\"{written}\"{section}");
        assert!(sample_line(line as usize).contains(&as_written), "{here}");
        let target = &row[6];
        match row[5].as_str() {
            "dangling" => {
                assert_eq!(l["target"], Value::Null, "{here}");
                assert_eq!(l["target_line"], Value::Null, "{here}");
                let reason = l["reason"].as_str().expect("dangling has a reason");
                assert!(reason.starts_with(target.as_str()), "{here}");
            }
            status => {
                assert_eq!(l["reason"], Value::Null, "{here}");
                let tl = l["target_line"].as_u64().expect("target_line");
                if let Some(update) = line_after(target, "update at line ") {
                    // Lands on the update; the target is the entry holding it.
                    assert_eq!(tl, u64::from(update), "{here}");
                    let entry = line_after(target, ", line ").expect("entry line");
                    assert_eq!(containing(tl), Some(entry), "{here}");
                    let s = s.entry(at_line(&s, entry)).stamp.to_string();
                    assert_eq!(l["target"], s.as_str(), "{here}");
                } else {
                    assert!(target.starts_with(l["target"].as_str().expect("target")));
                    let header = line_after(target, "header line ").expect("header line");
                    assert_eq!(containing(tl), Some(header), "{here}");
                    if section.is_empty() {
                        assert_eq!(tl, u64::from(header), "{here}");
                    }
                }
                if status == "approximate" {
                    let off = line_after(target, ", ").expect("minutes off");
                    let got = l["minutes_off"].as_i64().expect("minutes_off");
                    assert_eq!(got.unsigned_abs(), u64::from(off), "{here}");
                } else {
                    assert_eq!(l["minutes_off"], Value::Null, "{here}");
                }
            }
        }
    }
}

#[test]
fn reference_counts_by_status_and_reason() {
    let links = rizhi_json(&["links", "--json"]);
    let links = links.as_array().expect("array");
    let count = |f: &dyn Fn(&Value) -> bool| links.iter().filter(|l| f(l)).count();
    assert_eq!(count(&|l| l["status"] == "exact"), 73);
    assert_eq!(count(&|l| l["status"] == "approximate"), 2);
    assert_eq!(count(&|l| l["status"] == "dangling"), 5);
    let reason = |l: &Value, r: &str| l["reason"].as_str().is_some_and(|x| x.starts_with(r));
    assert_eq!(count(&|l| reason(l, "outside the loaded range")), 3);
    assert_eq!(
        count(&|l| reason(l, "no entry at that time on a loaded day")),
        2
    );
    // Exact links that land on an update: target_line is not the target's header.
    let s = store();
    let on_update = count(&|l| {
        l["status"] == "exact"
            && l["section"] == ""
            && s.with_stamp(
                rizhi::notebook::Stamp::parse(l["target"].as_str().unwrap_or("")).expect("stamp"),
            )
            .all(|id| u64::from(s.entry(id).line) != l["target_line"].as_u64().unwrap_or(0))
    });
    assert_eq!(on_update, 5);
    let approx: Vec<(u64, &str, &str)> = links
        .iter()
        .filter(|l| l["status"] == "approximate")
        .map(|l| {
            (
                l["line"].as_u64().unwrap_or(0),
                l["to"].as_str().unwrap_or(""),
                l["target"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        approx,
        [
            (526, "2014-03-12 10:21", "2014-03-12 10:12"),
            (707, "2014-03-13 11:13", "2014-03-13 11:15"),
        ]
    );
}

// ---------------------------------------------------------------- backlinks

#[test]
fn backlinks_match_the_table() {
    let rows = table("| entry | line | backlinks | h / u / a |");
    assert_eq!(rows.len(), 27);
    let s = store();
    let mut want: HashMap<u32, (usize, String)> = HashMap::new();
    for r in &rows {
        let line: u32 = r[1].parse().expect("line");
        assert_eq!(s.entry(at_line(&s, line)).stamp.to_string(), r[0]);
        want.insert(line, (r[2].parse().expect("count"), r[3].clone()));
    }
    for id in 0..s.len() {
        let e = s.entry(id);
        let (mut h, mut u, mut a) = (0, 0, 0);
        for &(from, i) in s.backlinks(id) {
            match s.resolutions(from)[i] {
                Resolution::Exact { update: None, .. } => h += 1,
                Resolution::Exact {
                    update: Some(_), ..
                } => u += 1,
                Resolution::Approximate { .. } => a += 1,
                Resolution::Dangling(_) => panic!("a dangling link is nobody's backlink"),
            }
        }
        let got = (h + u + a, format!("{h} / {u} / {a}"));
        let expected = want.remove(&e.line).unwrap_or((0, "0 / 0 / 0".into()));
        assert_eq!(got, expected, "backlinks of {} (line {})", e.stamp, e.line);
    }
    // The most linked entry, as `links --json` shows it.
    let links = rizhi_json(&["links", "--json"]);
    let mut per_target: HashMap<String, usize> = HashMap::new();
    for l in links.as_array().expect("array") {
        if let Some(t) = l["target"].as_str() {
            *per_target.entry(t.to_string()).or_default() += 1;
        }
    }
    let most = per_target.iter().max_by_key(|(_, &n)| n).expect("links");
    assert_eq!((most.0.as_str(), *most.1), ("2014-03-12 10:12", 6));
    assert_eq!(per_target.values().filter(|&&n| n == 6).count(), 1);
    assert_eq!(per_target.len(), 27);
}

// ---------------------------------------------------------------- series

/// Each series: its topic and, per part, the header line and the number written.
type SeriesParts = Vec<(String, Vec<(u32, Option<u32>)>)>;

#[test]
fn series_and_their_parts_match() {
    let section = FACTS
        .split("## Series")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("Series section");
    let mut want: SeriesParts = Vec::new();
    for l in section.lines().filter(|l| l.starts_with("- **")) {
        let (topic, parts) = l[4..].split_once("**:").expect("- **topic**: parts");
        let parts = parts
            .split(';')
            .map(|p| {
                let (mark, rest) = p.trim().split_once(" = ").expect("contN = stamp");
                let part = mark.strip_prefix("cont").expect("cont").parse().ok();
                (line_after(rest, "(line ").expect("line"), part)
            })
            .collect();
        want.push((topic.to_string(), parts));
    }
    assert_eq!(want.len(), 5);
    let s = store();
    let mut got: SeriesParts = s
        .all_series()
        .iter()
        .map(|x| {
            let parts = x.parts.iter().map(|&(id, p)| (s.entry(id).line, p));
            (x.topic.clone(), parts.collect())
        })
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

// ---------------------------------------------------------------- todos

#[test]
fn todo_json_lists_the_seven_marks() {
    let want: Vec<(u64, String, String)> = FACTS
        .lines()
        .filter_map(|l| l.strip_prefix("- line "))
        .filter(|l| l.contains("): `"))
        .map(|l| {
            let (line, rest) = l.split_once(" (").expect("line (stamp)");
            let (stamp, text) = rest.split_once("): ").expect("(stamp): text");
            (
                line.parse().expect("line"),
                stamp.to_string(),
                unquote(text).to_string(),
            )
        })
        .collect();
    assert_eq!(want.len(), 7);
    let v = rizhi_json(&["todo", "--json"]);
    let mut got: Vec<&Value> = v.as_array().expect("array").iter().collect();
    got.sort_by_key(|t| t["line"].as_u64());
    assert_eq!(got.len(), 7);
    for (t, (line, stamp, text)) in got.iter().zip(&want) {
        assert_eq!(t["line"], *line);
        assert_eq!(t["stamp"], stamp.as_str());
        // The doc quotes the whole line; the CLI starts at the mark.
        let from_mark = t["text"].as_str().expect("text");
        assert!(
            from_mark.to_lowercase().starts_with("\\todo"),
            "{from_mark}"
        );
        assert!(text.ends_with(from_mark), "{text:?} vs {from_mark:?}");
        assert_eq!(sample_line(*line as usize).trim(), text);
    }
}
