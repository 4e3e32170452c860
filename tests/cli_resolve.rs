//! `rizhi resolve FILE:LINE:COL [--json] [PATH...]`, the real binary: the
//! contract of contrib/vim/doc/rizhi.txt (`rizhi-contract-resolve`).

mod common;

use common::encodings::{crlf, gb18030};
use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Output};

const SOURCE: &str = "9:05 2013-1-4\nplan\n1, 读 见\"16:50 2012-12-4\"2\nno link here\n2, \"9:04 2013-1-4\"\n3, ref \"7:00 2011-1-1\"\n";
const TARGET: &str = "16:50 2012-12-4\n内核, 调度\n1, one\n  2, two\n";

fn rizhi(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(args)
        .current_dir(dir)
        .env("RIZHI_CONFIG", dir.join("none.toml"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run rizhi")
}

fn setup(source: &[u8]) -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("log201301.txt"), source).expect("write");
    std::fs::write(d.path().join("log201212.txt"), TARGET).expect("write");
    d
}

fn resolve_json(dir: &Path, at: &str, paths: &[&str]) -> (i32, Option<Value>) {
    let mut args = vec!["resolve", at, "--json"];
    args.extend_from_slice(paths);
    let o = rizhi(dir, &args);
    let code = o.status.code().expect("exited");
    if code != 0 {
        assert!(o.stdout.is_empty(), "{at}: printed {:?}", o.stdout);
        return (code, None);
    }
    assert_eq!(
        o.stdout.iter().filter(|&&b| b == b'\n').count(),
        1,
        "one line"
    );
    (code, Some(serde_json::from_slice(&o.stdout).expect("JSON")))
}

#[test]
fn the_link_under_the_position_lands_on_its_section() {
    // The same text in UTF-8, CRLF and GB18030: COL counts UTF-8 bytes of
    // the line as an editor holds it, whatever the file's encoding.
    for (name, bytes) in [
        ("UTF-8", SOURCE.as_bytes().to_vec()),
        ("CRLF", crlf(SOURCE).into_bytes()),
        ("GB18030", gb18030(SOURCE)),
    ] {
        let d = setup(&bytes);
        let exact = json!({"file": "log201212.txt", "line": 4, "col": 3,
            "stamp": "16:50 2012-12-4", "status": "exact", "reason": ""});
        // `1, 读 ` is 7 bytes: the cue 见 starts at 8; the section `2` is
        // the span's last byte (28).
        for col in [8, 11, 20, 28] {
            let at = format!("log201301.txt:3:{col}");
            let (code, v) = resolve_json(d.path(), &at, &["log201212.txt"]);
            assert_eq!((code, v), (0, Some(exact.clone())), "{name} {at}");
        }
        for at in [
            "log201301.txt:3:7",
            "log201301.txt:3:29",
            "log201301.txt:4:2",
            "log201301.txt:99:1",
        ] {
            assert_eq!(
                resolve_json(d.path(), at, &["log201212.txt"]),
                (1, None),
                "{name} {at}"
            );
        }
        let (_, v) = resolve_json(d.path(), "log201301.txt:5:4", &["log201212.txt"]);
        assert_eq!(
            v,
            Some(
                json!({"file": "log201301.txt", "line": 1, "col": 1, "stamp": "9:05 2013-1-4",
                "status": "approximate", "reason": "1 minute off"})
            ),
            "{name}"
        );
        let (_, v) = resolve_json(d.path(), "log201301.txt:6:4", &["log201212.txt"]);
        let v = v.expect("dangling is an answer");
        assert_eq!(v["status"], "dangling");
        assert_eq!(v["stamp"], "7:00 2011-1-1");
        assert_eq!(
            (&v["file"], &v["line"], &v["col"]),
            (&Value::Null, &Value::Null, &Value::Null)
        );
        assert!(v["reason"]
            .as_str()
            .expect("reason")
            .starts_with("outside the loaded range"));
    }
}

#[test]
fn plain_output_is_file_line_col_stamp_and_status() {
    let d = setup(SOURCE.as_bytes());
    let out = |at: &str| {
        let o = rizhi(d.path(), &["resolve", at, "log201212.txt"]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("utf8")
    };
    assert_eq!(
        out("log201301.txt:3:8"),
        "log201212.txt:4:3: 16:50 2012-12-4 (exact)\n"
    );
    assert_eq!(
        out("log201301.txt:5:4"),
        "log201301.txt:1:1: 9:05 2013-1-4 (approximate: 1 minute off)\n"
    );
    // A dangling link is reported where it is.
    assert!(out("log201301.txt:6:6")
        .starts_with("log201301.txt:6:4: 7:00 2011-1-1 (dangling: outside the loaded range"));
}

#[test]
fn file_is_loaded_once_whether_or_not_the_paths_hold_it() {
    let d = setup(SOURCE.as_bytes());
    // FILE alone (no PATH, no config): not the bundled sample.
    let (_, v) = resolve_json(d.path(), "log201301.txt:5:4", &[]);
    assert_eq!(v.expect("answer")["status"], "approximate");
    let (_, v) = resolve_json(d.path(), "log201301.txt:3:8", &[]);
    assert_eq!(v.expect("answer")["status"], "dangling");
    // FILE inside the folder given: one copy, so one entry at 9:05.
    let (_, v) = resolve_json(d.path(), "log201301.txt:5:4", &["."]);
    let v = v.expect("answer");
    assert_eq!(v["status"], "approximate");
    assert_eq!(v["file"], "./log201301.txt");
    let o = rizhi(d.path(), &["check", "--json", "."]);
    let problems: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(!problems.to_string().contains("ambiguous"), "{problems}");
}

#[test]
fn bad_positions_and_missing_files_are_errors() {
    let d = setup(SOURCE.as_bytes());
    for (args, says) in [
        (vec!["resolve", "log201301.txt:3"], "is not a position"),
        (vec!["resolve", "log201301.txt:0:1"], "is not a position"),
        (vec!["resolve", "nope.txt:1:1"], "nope.txt"),
    ] {
        let o = rizhi(d.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty());
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(says),
            "{args:?}: {:?}",
            o.stderr
        );
    }
    // A colon in the file name.
    std::fs::write(d.path().join("a:b.txt"), SOURCE).expect("write");
    let (_, v) = resolve_json(d.path(), "a:b.txt:5:4", &[]);
    assert_eq!(v.expect("answer")["file"], "a:b.txt");
}
