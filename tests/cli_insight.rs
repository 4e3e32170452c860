//! `rizhi thread`, `onthisday` and `check` on fixtures that contain each case.

use serde_json::Value;
use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn rizhi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(args)
        .env("RIZHI_CONFIG", "/nonexistent/rizhi-config.toml")
        .output()
        .expect("run rizhi")
}

fn json(args: &[&str]) -> (Value, i32) {
    let out = rizhi(args);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (v, out.status.code().unwrap_or(-1))
}

#[test]
fn check_reports_each_kind_of_problem_with_file_and_line() {
    let f = fixture("check_problems.txt");
    let (v, code) = json(&["check", "--json", &f]);
    assert_eq!(code, 1, "problems found → exit 1");
    let rows = v.as_array().expect("array");
    let kinds: Vec<(&str, u64)> = rows
        .iter()
        .map(|r| (r["kind"].as_str().unwrap(), r["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("approximate", 4),
            ("dangling", 5),
            ("dangling", 6),
            ("ambiguous", 7),
            ("unquoted", 8)
        ]
    );
    let approx = &rows[0];
    assert_eq!(approx["meant"], "2014-03-02 10:30");
    assert_eq!(approx["stamp"], "2014-03-02 10:33");
    assert!(rows[1]["message"]
        .as_str()
        .unwrap()
        .contains("outside the loaded range"));
    assert!(rows[2]["message"]
        .as_str()
        .unwrap()
        .contains("no entry at that time"));
    assert!(rows[3]["message"].as_str().unwrap().contains("2 entries"));
    assert_eq!(rows[4]["stamp"], "2014-03-02 10:30");
    assert!(rows
        .iter()
        .all(|r| r["file"].as_str().unwrap().ends_with("check_problems.txt")));
}

#[test]
fn check_plain_output_is_quickfix_friendly_and_clean_files_exit_0() {
    let f = fixture("check_problems.txt");
    let out = rizhi(&["check", &f]);
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().expect("a line");
    assert!(first.contains("check_problems.txt:4:"), "{first}");
    assert!(first.contains("approximate"), "{first}");
    let clean = fixture("on_this_day.txt");
    let out = rizhi(&["check", &clean]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn thread_walks_links_both_ways_with_depth() {
    let f = fixture("on_this_day.txt");
    let (v, code) = json(&["thread", "--json", "9:00 2013-3-5", &f]);
    assert_eq!(code, 0);
    let got: Vec<(&str, u64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["stamp"].as_str().unwrap(), r["depth"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("2012-03-05 09:00", 1),
            ("2013-03-05 09:00", 0),
            ("2014-03-05 09:00", 1)
        ]
    );
    let (v, _) = json(&["thread", "--json", "20:00 2013-3-6", &f]);
    assert_eq!(
        v.as_array().unwrap().len(),
        1,
        "an unlinked entry is its own thread"
    );
}

#[test]
fn on_this_day_lists_earlier_years_newest_first() {
    let f = fixture("on_this_day.txt");
    let (v, code) = json(&["onthisday", "--json", "--date", "2014-3-5", &f]);
    assert_eq!(code, 0);
    let got: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["stamp"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["2013-03-05 09:00", "2012-03-05 09:00"]);
    let (v, code) = json(&["onthisday", "--json", "--date", "2014-3-7", &f]);
    assert_eq!((v.as_array().unwrap().len(), code), (0, 1));
    let out = rizhi(&["onthisday", "--date", "yesterday", &f]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn completions_and_man_page_follow_the_arguments() {
    let out = rizhi(&["completions", "bash"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("onthisday") && text.contains("--scope"),
        "{text}"
    );
    let out = rizhi(&["man"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(".TH rizhi") && text.contains("thread"),
        "{text}"
    );
}

#[test]
fn config_init_writes_a_commented_default_and_path_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("sub/config.toml");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rizhi"))
            .args(args)
            .env("RIZHI_CONFIG", &cfg)
            .output()
            .unwrap()
    };
    let out = run(&["config", "--path"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        cfg.display().to_string()
    );
    assert!(run(&["config", "--init"]).status.success());
    assert!(std::fs::read_to_string(&cfg)
        .unwrap()
        .contains("# notebooks ="));
    assert_eq!(
        run(&["config", "--init"]).status.code(),
        Some(2),
        "never overwrites"
    );
    std::fs::write(&cfg, "notebooks = [\"x\"]\nbogus = 1\n").unwrap();
    let out = run(&["config"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(":2:") && err.contains("bogus"), "{err}");
}

#[test]
fn configured_notebooks_are_used_when_no_path_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    std::fs::create_dir_all(notes.join("2014")).unwrap();
    std::fs::copy(fixture("on_this_day.txt"), notes.join("2014/log201403.txt")).unwrap();
    std::fs::write(notes.join("readme.md"), "9:00 2014-3-9\nnot a notebook\n").unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, format!("notebooks = [\"{}\"]\n", notes.display())).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(["stats", "--json"])
        .env("RIZHI_CONFIG", &cfg)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["entries"], 4, "only *.txt files, recursively");
}

/// One start-up path: a bad `pattern` is told by `rizhi config` (as a problem,
/// exit 1) and by every subcommand, in the same words, and the default
/// pattern is used meanwhile.
#[test]
fn a_bad_pattern_is_reported_alike_by_config_and_the_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::copy(fixture("on_this_day.txt"), notes.join("log201403.txt")).unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "pattern = \"[\"\n").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rizhi"))
            .args(args)
            .env("RIZHI_CONFIG", &cfg)
            .output()
            .unwrap()
    };
    let config = run(&["config"]);
    let config_err = String::from_utf8_lossy(&config.stderr).into_owned();
    assert_eq!(config.status.code(), Some(1), "{config_err}");
    assert!(
        !String::from_utf8_lossy(&config.stdout).contains("ok"),
        "a bad pattern is not ok"
    );
    assert!(config_err.starts_with("rizhi: pattern: "), "{config_err}");

    let notes = notes.display().to_string();
    let stats = run(&["stats", "--json", &notes]);
    let stats_err = String::from_utf8_lossy(&stats.stderr).into_owned();
    assert_eq!(stats_err, config_err, "the same warning from both");
    assert_eq!(stats.status.code(), Some(0), "{stats_err}");
    let v: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(v["entries"], 4, "the default *.txt pattern is used instead");
}
