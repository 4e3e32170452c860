//! The real `rizhi` binary on fixtures and on files the tests write: the JSON
//! contracts of `stats`, `links`, `search`, `show` and `todo`, the plain
//! `file:line:col:` output, fzf query syntax, exit codes, and every encoding a
//! notebook may come in.

mod common;

use common::encodings::{crlf, gb18030, utf16, utf16_without_bom, with_bom};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(name)).expect("fixture")
}

/// Runs `rizhi` in `dir` (so file paths in its output are as given).
fn rizhi_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rizhi")
}

/// Runs `rizhi` in tests/fixtures/.
fn rizhi(args: &[&str]) -> Output {
    rizhi_in(&fixtures(), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited")
}

/// Runs a `--json` command that must succeed and parses its output.
fn json_of(dir: &Path, args: &[&str]) -> Value {
    let o = rizhi_in(dir, args);
    assert_eq!(code(&o), 0, "rizhi {args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("rizhi {args:?}: {e}"))
}

fn stamps(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|h| h["stamp"].as_str().expect("stamp").to_string())
        .collect()
}

fn field<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| &x[key])
        .collect()
}

// ---------------------------------------------------------------- stats

#[test]
fn stats_json_counts_what_the_worked_example_holds() {
    let s = json_of(&fixtures(), &["stats", "--json", "worked_example.txt"]);
    assert_eq!(s["entries"], 2);
    assert_eq!(s["first"], "2014-03-01 18:30");
    assert_eq!(s["last"], "2014-03-02 09:05");
    assert_eq!(s["with_keywords"], 2);
    assert_eq!(
        s["references"],
        json!({"exact": 1, "approximate": 1, "dangling": 2})
    );
    assert_eq!(s["series"], 1);
    assert_eq!(s["todos"], 1);
    let f = &s["files"][0];
    assert_eq!(f["path"], "worked_example.txt");
    assert_eq!(f["encoding"], "UTF-8");
    assert_eq!(f["entries"], 2);
    assert_eq!(f["lines"], 17);
    assert_eq!(f["preamble"], true);
    assert_eq!(f["warnings"], json!([]));
    // `cont2` is a series marker, not a keyword.
    let top = s["top_keywords"].to_string();
    assert!(
        top.contains("\"kernel\",2") && !top.contains("cont"),
        "{top}"
    );
}

// ---------------------------------------------------------------- links

#[test]
fn links_json_has_every_field_of_the_contract() {
    let v = json_of(&fixtures(), &["links", "--json", "worked_example.txt"]);
    let mut links = v.as_array().expect("array").clone();
    // Reasons are sentences; check how they start, then the rest exactly.
    let reasons: Vec<Value> = links
        .iter_mut()
        .map(|l| {
            l.as_object_mut()
                .expect("object")
                .remove("reason")
                .expect("reason")
        })
        .collect();
    assert_eq!(reasons[0], Value::Null);
    assert!(reasons[1]
        .as_str()
        .is_some_and(|r| r.starts_with("no entry at that time on a loaded day")));
    assert_eq!(reasons[2], Value::Null);
    let outside = reasons[3].as_str().expect("reason text");
    assert!(outside.starts_with("outside the loaded range"), "{outside}");
    assert!(outside.contains("2014-03-01") && outside.contains("2014-03-02"));
    let from = "2014-03-02 09:05";
    let file = "worked_example.txt";
    assert_eq!(
        links,
        [
            json!({"from": from, "to": "2014-03-01 18:30", "written": "18:30 2014-03-01",
                   "cue": "see", "section": "2-1)", "status": "exact",
                   "target": "2014-03-01 18:30", "target_line": 17, "minutes_off": null,
                   "file": file, "line": 7, "col": 38}),
            json!({"from": from, "to": "2014-03-02 10:00", "written": "10:00 2014-3-2",
                   "cue": "详见", "section": "", "status": "dangling",
                   "target": null, "target_line": null, "minutes_off": null,
                   "file": file, "line": 9, "col": 2}),
            json!({"from": from, "to": "2014-03-01 18:32", "written": "18:32 2014-3-1",
                   "cue": "", "section": "", "status": "approximate",
                   "target": "2014-03-01 18:30", "target_line": 13, "minutes_off": -2,
                   "file": file, "line": 11, "col": 17}),
            json!({"from": from, "to": "2013-12-31 07:00", "written": "7:00 2013-12-31",
                   "cue": "ref", "section": "", "status": "dangling",
                   "target": null, "target_line": null, "minutes_off": null,
                   "file": file, "line": 11, "col": 38}),
        ]
    );
}

/// Issue 14: with 2012-01 and 2013-01 loaded, a link into the eleven months
/// between them is "not loaded", not a typo; one into a loaded month that
/// has no entry at that time is.
#[test]
fn links_into_a_gap_between_loaded_months_are_not_loaded() {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        d.path().join("log201201.txt"),
        "9:00 2012-1-3\nstart, gap\nsee \"11:00 2012-12-21\" and \"11:00 2012-1-20\"\n",
    )
    .expect("write");
    std::fs::write(
        d.path().join("log201301.txt"),
        "9:00 2013-1-2\nlater\n1, body\n",
    )
    .expect("write");
    let v = json_of(
        d.path(),
        &["links", "--json", "log201201.txt", "log201301.txt"],
    );
    let reasons: Vec<&str> = field(&v, "reason")
        .iter()
        .map(|r| r.as_str().expect("a reason"))
        .collect();
    assert_eq!(field(&v, "to"), ["2012-12-21 11:00", "2012-01-20 11:00"]);
    assert!(reasons[0].starts_with("not loaded"), "{reasons:?}");
    assert!(
        reasons[1].starts_with("no entry at that time"),
        "{reasons:?}"
    );
}

#[test]
fn links_json_keeps_section_paths_exactly_as_written() {
    let v = json_of(&fixtures(), &["links", "--json", "section_paths.txt"]);
    let sections: Vec<&str> = field(&v, "section")
        .iter()
        .map(|s| s.as_str().expect("section"))
        .collect();
    assert_eq!(sections, ["4", "5-1)", "2-2)-(2)", "-4-3)", ""]);
    let lands: Vec<u64> = field(&v, "target_line")
        .iter()
        .map(|s| s.as_u64().expect("target_line"))
        .collect();
    assert_eq!(lands, [10, 15, 8, 13, 1]);
    assert!(field(&v, "status").iter().all(|s| *s == "exact"));
}

#[test]
fn links_to_updates_name_the_update_line() {
    let v = json_of(&fixtures(), &["links", "--json", "reference_to_update.txt"]);
    let got: Vec<(u64, &str, u64)> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().expect("line"),
                l["target"].as_str().expect("target"),
                l["target_line"].as_u64().expect("target_line"),
            )
        })
        .collect();
    // The target is the entry holding the update; target_line is the update.
    assert_eq!(
        got,
        [
            (15, "2014-03-01 10:00", 4),
            (16, "2014-03-01 10:00", 6),
            (17, "2014-03-01 10:00", 4)
        ]
    );
}

#[test]
fn links_status_filter_and_plain_output() {
    let v = json_of(
        &fixtures(),
        &[
            "links",
            "--json",
            "--status",
            "dangling",
            "worked_example.txt",
        ],
    );
    assert_eq!(field(&v, "line"), [&json!(9), &json!(11)]);
    let o = rizhi(&["links", "worked_example.txt"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].starts_with("worked_example.txt:7:38: exact"),
        "{out}"
    );
    assert!(lines[0].contains("\"18:30 2014-03-01\"2-1)"), "{out}");
    assert!(lines[2].starts_with("worked_example.txt:11:17: approximate"));
    assert!(lines[2].contains("2014-03-01 18:30"), "{out}");
}

// ---------------------------------------------------------------- search

const KW: &str = "keywords_groups_fullwidth.txt";

/// Stamps found by a keyword search, best first; `None` when nothing matched
/// (exit code 1, nothing on stdout).
fn found(query: &str, scope: &str) -> Option<Vec<String>> {
    let o = rizhi(&["search", "--json", "--scope", scope, query, KW]);
    match code(&o) {
        0 => Some(stamps(
            &serde_json::from_slice(&o.stdout).expect("search JSON"),
        )),
        1 => {
            let v: Value = serde_json::from_slice(&o.stdout).expect("search JSON");
            assert_eq!(v, json!([]), "exit 1 means no hits");
            None
        }
        c => panic!("search {query:?} exited {c}: {}", stderr(&o)),
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn search_plain_output_is_file_line_col_stamp_keywords() {
    let o = rizhi(&["search", "'xen", KW]);
    assert_eq!(code(&o), 0);
    assert_eq!(
        stdout(&o),
        "keywords_groups_fullwidth.txt:2:17: 2014-03-01 10:00  \
         virtualization, xen, source code, reading; quilt usage\n"
    );
}

#[test]
fn search_json_names_stamp_file_line_and_keywords() {
    let v = json_of(&fixtures(), &["search", "--json", "^mm", KW]);
    let hits = v.as_array().expect("array");
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(h["stamp"], "2014-03-01 12:00");
    assert_eq!(h["file"], KW);
    assert_eq!(h["line"], 10);
    assert_eq!(h["col"], 1);
    assert_eq!(
        h["keywords"],
        "mm: numa balancing, sched/fair.c,  qemu 2.0 , v3.14-rc5; perf sched: latency"
    );
    assert!(h["score"].as_u64().is_some_and(|s| s > 0));
}

#[test]
fn search_understands_fzf_exact_prefix_suffix_and_negation() {
    let s = |v: &[&str]| Some(v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
    // Fuzzy `xn` matches "xen"; exact `'xn` does not.
    assert_eq!(found("xn", "keywords"), s(&["2014-03-01 10:00"]));
    assert_eq!(found("'xn", "keywords"), None);
    assert_eq!(found("'xen", "keywords"), s(&["2014-03-01 10:00"]));
    assert_eq!(found("^mm", "keywords"), s(&["2014-03-01 12:00"]));
    assert_eq!(found("^xen", "keywords"), None);
    assert_eq!(found("usage$", "keywords"), s(&["2014-03-01 10:00"]));
    assert_eq!(found("cmd$", "keywords"), s(&["2014-03-01 11:00"]));
    assert_eq!(
        found("!GTD", "keywords").map(sorted),
        s(&["2014-03-01 10:00", "2014-03-01 11:00", "2014-03-01 12:00"])
    );
    assert_eq!(found("调度", "keywords"), s(&["2014-03-01 11:00"]));
    // A capital makes a word case-sensitive; anchored, it is compared at its
    // place, not with the whole title (case 49: nucleo-matcher 0.3.1 found
    // `^Virtualization`-like words only in a title that is the word alone).
    assert_eq!(found("^GTD", "keywords"), s(&["2014-03-01 13:00"]));
    assert_eq!(found("^GTD$", "keywords"), s(&["2014-03-01 13:00"]));
    assert_eq!(found("^V", "keywords"), None);
    assert_eq!(found("^vir", "keywords"), s(&["2014-03-01 10:00"]));
    assert_eq!(found("'CFS", "keywords"), s(&["2014-03-01 11:00"]));
    assert_eq!(found("^CFS", "keywords"), None);
    assert_eq!(found("!^GTD$", "keywords").map(|v| v.len()), Some(3));
}

#[test]
fn case_sensitive_anchored_words_match_their_place_in_a_longer_title() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("log.txt"),
        "9:00 2014-3-1\nXen, kvm\n\n10:00 2014-3-1\nxen, kvm\n\n11:00 2014-3-1\nnotes on Xen\n",
    )
    .expect("write");
    let hits = |q: &str| stamps(&json_of(dir.path(), &["search", "--json", q, "log.txt"]));
    assert_eq!(hits("^Xen"), ["2014-03-01 09:00"]);
    assert_eq!(hits("on Xen$"), ["2014-03-01 11:00"]);
    assert_eq!(hits("^xen").len(), 2, "lower case: case ignored");
}

#[test]
fn search_understands_fzf_or() {
    // Fuzzy `gtd` also finds "usaGe, Trace-cmD", as fzf would: exact atoms here.
    assert_eq!(
        found("'gtd | 'quilt", "keywords").map(sorted),
        Some(vec!["2014-03-01 10:00".into(), "2014-03-01 13:00".into()])
    );
}

#[test]
fn scope_all_searches_bodies_and_shows_the_matching_line() {
    assert_eq!(found("'ASCII", "keywords"), None);
    assert_eq!(
        found("'ASCII", "all"),
        Some(vec!["2014-03-01 10:00".to_string()])
    );
    let o = rizhi(&["search", "--scope", "all", "'ASCII", KW]);
    assert_eq!(
        stdout(&o),
        "keywords_groups_fullwidth.txt:3:4: 2014-03-01 10:00  \
         virtualization, xen, source code, reading; quilt usage  │ 1, ASCII comma and semicolon\n"
    );
}

// ---------------------------------------------------------------- exit codes

#[test]
fn no_search_match_exits_1_with_nothing_on_stdout() {
    let o = rizhi(&["search", "zzqqzz", KW]);
    assert_eq!(code(&o), 1);
    assert_eq!(stdout(&o), "");
}

#[test]
fn missing_path_exits_2_and_names_the_path() {
    let o = rizhi(&["stats", "--json", "no/such/notebook.txt"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("no/such/notebook.txt"),
        "stderr: {}",
        stderr(&o)
    );
    // The paths that exist are still read.
    let o = rizhi(&[
        "stats",
        "--json",
        "no/such/notebook.txt",
        "worked_example.txt",
    ]);
    assert_eq!(code(&o), 2);
    let v: Value = serde_json::from_slice(&o.stdout).expect("stats JSON");
    assert_eq!(v["entries"], 2);
}

// ---------------------------------------------------------------- show

/// A notebook with an entry at 16:50 2013-01-04 holding items 5 and 5-1).
const SHOW_NB: &str = "16:50 2013-1-4\nshow, sections\n1, one\n5, five\n\t1), five-one\n\t2), five-two\n6, six\n\n9:00 2013-1-5\nother\n1, see\"16:50 2013-1-4\"5-1)\n";

fn show_dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("nb.txt"), SHOW_NB).expect("write");
    d
}

#[test]
fn show_with_a_section_as_the_shell_leaves_it() {
    // `rizhi show "16:50 2013-1-4"5-1)` reaches rizhi as `16:50 2013-1-45-1)`.
    let d = show_dir();
    let o = rizhi_in(d.path(), &["show", "16:50 2013-1-45-1)", "nb.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "\t1), five-one\n\t2), five-two\n6, six\n\n");
    let quoted = rizhi_in(d.path(), &["show", "\"16:50 2013-1-4\"5-1)", "nb.txt"]);
    assert_eq!(code(&quoted), 0, "{}", stderr(&quoted));
    assert_eq!(stdout(&quoted), stdout(&o));
    let v = json_of(
        d.path(),
        &["show", "--json", "16:50 2013-1-45-1)", "nb.txt"],
    );
    assert_eq!(v[0]["stamp"], "2013-01-04 16:50");
    assert_eq!(v[0]["section"], "5-1)");
    assert_eq!(v[0]["section_line"], 5);
    assert_eq!(v[0]["keywords"], json!([["show", "sections"]]));
    assert_eq!(v[0]["backlinks"], json!(["2013-01-05 09:00"]));
}

#[test]
fn show_without_a_section_prints_the_whole_entry() {
    let d = show_dir();
    let o = rizhi_in(d.path(), &["show", "16:50 2013-1-4", "nb.txt"]);
    assert_eq!(code(&o), 0);
    assert_eq!(
        stdout(&o),
        "16:50 2013-1-4\nshow, sections\n1, one\n5, five\n\t1), five-one\n\t2), five-two\n6, six\n\n"
    );
}

#[test]
fn show_prefers_the_reading_that_names_a_loaded_entry() {
    let o = rizhi(&["show", "10:00 2014-3-15-1)", "section_paths.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).starts_with("1), five-one"), "{}", stdout(&o));
}

#[test]
fn show_of_an_approximate_stamp_says_so_on_stderr() {
    let o = rizhi(&["show", "11:46 2014-3-1", "reference_approximate.txt"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).starts_with("11:47 2014-3-1\napprox, target\n"));
    let err = stderr(&o);
    assert!(
        err.contains("2014-03-01 11:46") && err.contains("2014-03-01 11:47"),
        "stderr: {err}"
    );
}

#[test]
fn show_of_a_dangling_stamp_exits_1_with_the_reason() {
    let o = rizhi(&["show", "11:59 2014-3-1", "reference_approximate.txt"]);
    assert_eq!(code(&o), 1);
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("no entry at that time on a loaded day"));
}

#[test]
fn show_of_a_shared_stamp_prints_both_entries() {
    let v = json_of(
        &fixtures(),
        &[
            "show",
            "--json",
            "10:00 2014-3-5",
            "out_of_order_and_shared_stamp.txt",
        ],
    );
    assert_eq!(field(&v, "line"), [&json!(1), &json!(9)]);
}

// ---------------------------------------------------------------- todo

#[test]
fn todo_json_lists_every_mark() {
    let v = json_of(&fixtures(), &["todo", "--json", "todo_marks.txt"]);
    assert_eq!(field(&v, "line"), [&json!(3), &json!(4), &json!(6)]);
    assert_eq!(field(&v, "col"), [&json!(4), &json!(4), &json!(19)]);
    assert_eq!(v[0]["text"], "\\todo lower-case mark");
    assert_eq!(v[1]["text"], "\\TODO upper-case mark");
    assert_eq!(v[0]["stamp"], "2014-03-01 10:00");
    assert_eq!(v[0]["file"], "todo_marks.txt");
    let o = rizhi(&["todo", "update_open.txt"]);
    assert_eq!(code(&o), 1, "no marks: exit 1");
}

// ---------------------------------------------------------------- encodings

/// `stats --json` and `links --json` of `bytes` saved as `nb.txt` in a folder of
/// its own, so paths in the output are the same for every variant.
fn read_as_notebook(bytes: &[u8]) -> (Value, Value) {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("nb.txt"), bytes).expect("write");
    (
        json_of(d.path(), &["stats", "--json", "nb.txt"]),
        json_of(d.path(), &["links", "--json", "nb.txt"]),
    )
}

fn without_encoding(mut stats: Value) -> (Value, Value) {
    let enc = stats["files"][0]["encoding"].take();
    (stats, enc)
}

#[test]
fn every_encoding_gives_the_same_entries_and_links() {
    for name in [
        "worked_example.txt",
        "reference_cues.txt",
        "keywords_groups_fullwidth.txt",
    ] {
        let utf8 = String::from_utf8(fixture_bytes(name)).expect("fixture is UTF-8");
        let (stats, links) = read_as_notebook(utf8.as_bytes());
        let (want, enc) = without_encoding(stats);
        assert_eq!(enc, "UTF-8");
        assert!(want["entries"].as_u64() > Some(0));
        let variants: Vec<(&str, Vec<u8>)> = vec![
            ("GB18030", gb18030(&utf8)),
            ("GB18030", gb18030(&crlf(&utf8))),
            ("UTF-16LE", utf16(&utf8, false)),
            ("UTF-16BE", utf16(&utf8, true)),
            ("UTF-16LE", utf16(&crlf(&utf8), false)),
            ("UTF-16LE", utf16_without_bom(&utf8, false)),
            ("UTF-16BE", utf16_without_bom(&crlf(&utf8), true)),
            ("UTF-8 (BOM)", with_bom(&utf8)),
            ("UTF-8", crlf(&utf8).into_bytes()),
        ];
        for (encoding, bytes) in variants {
            assert_ne!(bytes, utf8.as_bytes());
            let (stats, l) = read_as_notebook(&bytes);
            let (got, enc) = without_encoding(stats);
            assert_eq!(enc, encoding, "{name}");
            assert_eq!(got, want, "{name} as {encoding}: stats differ");
            assert_eq!(l, links, "{name} as {encoding}: links differ");
        }
    }
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning_naming_the_line() {
    let mut bytes = fixture_bytes("worked_example.txt");
    bytes.extend_from_slice(b"4, broken \xff\xfe bytes\n");
    let (stats, links) = read_as_notebook(&bytes);
    let f = &stats["files"][0];
    assert_eq!(f["encoding"], "UTF-8 (lossy)");
    assert_eq!(f["entries"], 2);
    assert_eq!(f["lines"], 18);
    assert_eq!(f["warnings"][0]["line"], 18);
    assert!(f["warnings"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("lossily")));
    assert_eq!(links.as_array().map(Vec::len), Some(4));
    // The good text around the bad bytes is all there.
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("nb.txt"), &bytes).expect("write");
    let o = rizhi_in(d.path(), &["show", "18:30 2014-3-1", "nb.txt"]);
    assert!(stdout(&o).ends_with("\t1), struct sched_entity\n4, broken \u{FFFD}\u{FFFD} bytes\n"));
    let o = rizhi_in(d.path(), &["show", "9:05 2014-3-2", "nb.txt"]);
    assert!(stdout(&o).contains("补充: vruntime 以 ns 为单位"));
}

#[test]
fn binary_file_is_reported_and_the_rest_of_the_folder_loads() {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("a.txt"), fixture_bytes("worked_example.txt")).expect("write");
    std::fs::write(d.path().join("b.txt"), b"\x7fELF\x02\x01\x00\x00\x00junk").expect("write");
    std::fs::write(d.path().join("c.txt"), fixture_bytes("reference_cues.txt")).expect("write");
    let s = json_of(d.path(), &["stats", "--json", "."]);
    assert_eq!(s["entries"], 4);
    let files = s["files"].as_array().expect("files");
    assert_eq!(files.len(), 3);
    let bin = files
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("b.txt")))
        .expect("binary file listed");
    assert_eq!(bin["encoding"], "binary");
    assert_eq!(bin["entries"], 0);
    assert!(bin["warnings"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("binary")));
    assert_eq!(s["references"]["exact"], 10);
}

#[test]
fn empty_and_preamble_only_files_are_fine() {
    let s = json_of(
        &fixtures(),
        &["stats", "--json", "empty.txt", "preamble_only.txt"],
    );
    assert_eq!(s["entries"], 0);
    assert_eq!(s["first"], Value::Null);
    assert_eq!(s["last"], Value::Null);
    let files = s["files"].as_array().expect("files");
    let by = |n: &str| {
        files
            .iter()
            .find(|f| f["path"] == n)
            .unwrap_or_else(|| panic!("{n} listed"))
    };
    assert_eq!(by("empty.txt")["encoding"], "UTF-8");
    assert_eq!(by("empty.txt")["preamble"], false);
    assert_eq!(by("preamble_only.txt")["preamble"], true);
    assert_eq!(by("preamble_only.txt")["lines"], 3);
    assert_eq!(
        json_of(&fixtures(), &["links", "--json", "empty.txt"]),
        json!([])
    );
}
