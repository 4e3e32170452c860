//! Small command-line defects of issue 13 (item 12) and issue 14, the real
//! binary: clap's messages made inert, `[]` for nothing found, file names
//! that hold a line break, closed pipes, `show DATE`, `config` without a
//! file, `check` quoting stamps as written, `thread --depth`.

mod common;

use common::Tmux;
use serde_json::Value;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn rizhi(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(args)
        .current_dir(dir)
        .env("RIZHI_CONFIG", dir.join("none.toml"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run rizhi")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const NOTES: &str = "9:05 2013-1-4\nplan\n1, see\"16:50 2013-1-3\" and \"9:30 2013-1-4\"\n\n9:30 2013-1-4\nnext\n1, back to see\"9:05 2013-1-4\"\n\n10:00 2013-1-4\nthird\n1, see\"9:30 2013-1-4\", 16:21 2009-1-21\n\n11:00 2013-1-5\nlast\n";

fn notes() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("n.txt"), NOTES).expect("write");
    d
}

#[test]
fn show_and_thread_json_print_an_empty_array_when_nothing_is_found() {
    let d = notes();
    for args in [
        ["show", "--json", "7:00 2013-1-5", "n.txt"],
        ["show", "--json", "not a stamp", "n.txt"],
        ["thread", "--json", "7:00 2011-1-1", "n.txt"],
        ["thread", "--json", "nonsense", "n.txt"],
    ] {
        let o = rizhi(d.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(v, Value::Array(Vec::new()), "{args:?}");
    }
}

#[test]
fn a_file_name_with_a_line_break_stays_on_one_output_line() {
    let d = tempfile::tempdir().expect("tempdir");
    let name = "bad\nname\r.txt";
    std::fs::write(d.path().join(name), NOTES).expect("write");
    for args in [
        vec!["links", name],
        vec!["check", name],
        vec!["search", "plan", name],
        vec!["thread", "9:05 2013-1-4", name],
        vec!["onthisday", "--date", "2014-1-4", name],
    ] {
        let o = rizhi(d.path(), &args);
        let out = stdout(&o);
        assert!(!out.is_empty(), "{args:?}: {}", stderr(&o));
        for line in out.lines() {
            assert!(line.starts_with("bad\\nname\\r.txt:"), "{args:?}: {line:?}");
        }
    }
    // JSON keeps the name as it is.
    let v: Value =
        serde_json::from_slice(&rizhi(d.path(), &["links", "--json", name]).stdout).expect("JSON");
    assert_eq!(v[0]["file"], name);
}

#[test]
fn clap_errors_never_drive_the_terminal() {
    let script = "\"$0\" completions \"$(printf 'x\\033]0;OWNED\\007y')\"; echo \"[exit $?]\"; exec sleep 600";
    let t = Tmux::launch(
        &["sh", "-c", script, env!("CARGO_BIN_EXE_rizhi")],
        &[],
        120,
        20,
    );
    let s = t.wait_for("[exit 2]");
    assert!(s.contains("x^[]0;OWNED^Gy"), "{s}");
    assert!(
        !t.display("#{pane_title}").contains("OWNED"),
        "OSC 0 reached the terminal"
    );
}

/// Runs `rizhi ARGS` with stdout a pipe whose reader closes it at once.
fn into_closed_pipe(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(args)
        .current_dir(dir)
        .env("RIZHI_CONFIG", dir.join("none.toml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rizhi");
    drop(child.stdout.take());
    let mut err = Vec::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_end(&mut err)
        .expect("read");
    let status = child.wait().expect("wait");
    Output {
        status,
        stdout: Vec::new(),
        stderr: err,
    }
}

#[test]
fn a_closed_pipe_ends_every_subcommand_quietly_with_exit_0() {
    let d = tempfile::tempdir().expect("tempdir");
    // Enough output that the pipe's buffer cannot take it all.
    let mut big = String::new();
    for day in 1..=28 {
        for h in 0..24 {
            big.push_str(&format!(
                "{h}:00 2013-2-{day}\nkw, \\todo\n1, see\"{h}:00 2013-1-{day}\" 9:00 2012-1-1\n\n"
            ));
        }
    }
    std::fs::write(d.path().join("big.txt"), &big).expect("write");
    std::fs::write(d.path().join("none.toml"), "").expect("write");
    for args in [
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["man"],
        vec!["--help"],
        vec!["stats", "big.txt"],
        vec!["links", "big.txt"],
        vec!["links", "--json", "big.txt"],
        vec!["search", "kw", "big.txt"],
        vec!["show", "2013-2-3", "big.txt"],
        vec!["todo", "big.txt"],
        vec!["thread", "0:00 2013-2-1", "big.txt"],
        vec!["onthisday", "--date", "2014-2-3", "big.txt"],
        vec!["config", "--path"],
        vec!["resolve", "big.txt:3:5", "big.txt"],
        vec!["new", "--no-edit", "big.txt"],
    ] {
        let o = into_closed_pipe(d.path(), &args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.to_lowercase().contains("broken pipe"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn show_a_date_prints_that_days_entries() {
    let d = notes();
    let o = rizhi(d.path(), &["show", "--json", "2013-01-04", "n.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let stamps: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|e| e["stamp"].as_str().expect("stamp"))
        .collect();
    assert_eq!(
        stamps,
        ["2013-01-04 09:05", "2013-01-04 09:30", "2013-01-04 10:00"]
    );
    let o = rizhi(d.path(), &["show", "2013-1-5", "n.txt"]);
    assert_eq!(stdout(&o), "11:00 2013-1-5\nlast\n");
    let o = rizhi(d.path(), &["show", "2013-1-6", "n.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no entry on 2013-01-06"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn config_without_a_file_says_so_and_where_it_would_be() {
    let d = tempfile::tempdir().expect("tempdir");
    let o = rizhi(d.path(), &["config"]);
    assert_eq!(o.status.code(), Some(0));
    let want = format!(
        "no config file: rizhi would read {} (`rizhi config --init` writes a commented one)\n",
        d.path().join("none.toml").display()
    );
    assert_eq!(stdout(&o), want);
}

#[test]
fn check_quotes_each_stamp_as_the_notebook_writes_it() {
    let d = notes();
    let o = rizhi(d.path(), &["check", "n.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("n.txt:11:24: unquoted: unquoted timestamp 16:21 2009-1-21: a see-link needs quotes (\"16:21 2009-1-21\")"),
        "{out}"
    );
    assert!(
        out.contains("n.txt:3:4: dangling: \"16:50 2013-1-3\" points nowhere"),
        "{out}"
    );
}

#[test]
fn thread_depth_limits_the_distance() {
    let d = notes();
    let depths = |args: &[&str]| -> Vec<(String, u64)> {
        let v: Value = serde_json::from_slice(&rizhi(d.path(), args).stdout).expect("JSON");
        v.as_array()
            .expect("array")
            .iter()
            .map(|e| {
                (
                    e["stamp"].as_str().expect("s").to_string(),
                    e["depth"].as_u64().expect("d"),
                )
            })
            .collect()
    };
    let all = depths(&["thread", "--json", "10:00 2013-1-4", "n.txt"]);
    assert_eq!(
        all,
        [
            ("2013-01-04 09:05".to_string(), 2),
            ("2013-01-04 09:30".to_string(), 1),
            ("2013-01-04 10:00".to_string(), 0)
        ]
    );
    let near = depths(&[
        "thread",
        "--json",
        "--depth",
        "1",
        "10:00 2013-1-4",
        "n.txt",
    ]);
    assert_eq!(near, all[1..]);
    let o = rizhi(
        d.path(),
        &["thread", "--depth", "0", "10:00 2013-1-4", "n.txt"],
    );
    assert_eq!(stdout(&o), "n.txt:9:1: 2013-01-04 10:00  [0] third\n");
}

/// A missing config is the defaults, said nowhere but by `rizhi config`; one
/// that cannot be read (a folder here) is the defaults and a message naming
/// it, from `rizhi config` and from every subcommand alike.
#[test]
fn a_missing_config_is_silent_and_an_unreadable_one_is_named() {
    let d = notes();
    let o = rizhi(d.path(), &["stats", "n.txt"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stderr(&o), "", "a missing config is not a problem");
    std::fs::create_dir(d.path().join("none.toml")).expect("mkdir");
    let o = rizhi(d.path(), &["config"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let named = format!("{}: ", d.path().join("none.toml").display());
    assert!(stderr(&o).contains(&named), "{}", stderr(&o));
    let o = rizhi(d.path(), &["stats", "n.txt"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains(&named), "{}", stderr(&o));
}

/// `check` and `links` in plain words: an approximate link names the entry it
/// is taken to mean, as its header is written, and how far off it is; an exact
/// one names its target; a clean notebook prints nothing and says nothing.
#[test]
fn check_and_links_say_what_an_approximate_link_is_taken_to_mean() {
    let d = tempfile::tempdir().expect("tempdir");
    let text = "9:05 2013-1-4\nplan\n1, see\"9:07 2013-1-4\" and \"9:30 2013-1-4\"\n\n9:30 2013-1-4\nnext\n";
    std::fs::write(d.path().join("a.txt"), text).expect("write");
    std::fs::write(d.path().join("clean.txt"), "9:05 2013-1-4\nplan\n").expect("write");
    let o = rizhi(d.path(), &["check", "a.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "a.txt:3:4: approximate: \"9:07 2013-1-4\" has no entry; taken to mean 9:05 2013-1-4 (-2 min): fix the stamp?\n"
    );
    let o = rizhi(d.path(), &["links", "a.txt"]);
    let out = stdout(&o);
    assert!(
        out.contains("a.txt:3:4: approximate 2013-01-04 09:05 → \"9:07 2013-1-4\" ≈ 2013-01-04 09:05 (-2 min)\n"),
        "{out}"
    );
    assert!(
        out.contains("→ \"9:30 2013-1-4\" = 2013-01-04 09:30\n"),
        "{out}"
    );
    let o = rizhi(d.path(), &["check", "clean.txt"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!((stdout(&o), stderr(&o)), (String::new(), String::new()));
}

/// `show` of a stamp that several entries share prints each, a blank line
/// between them; a section found only in part shows the nearest item and says
/// so, one found in full says nothing.
#[test]
fn show_separates_entries_sharing_a_stamp_and_says_when_a_section_is_partial() {
    let d = tempfile::tempdir().expect("tempdir");
    let text = "9:05 2013-1-4\nplan\n1, a\n\n9:05 2013-1-4\nagain\n\n\
                9:10 2013-1-4\nout\n1, a\n2, b\n\t1), c\n";
    std::fs::write(d.path().join("a.txt"), text).expect("write");
    let o = rizhi(d.path(), &["show", "9:05 2013-1-4", "a.txt"]);
    assert_eq!(
        stdout(&o),
        "9:05 2013-1-4\nplan\n1, a\n\n\n9:05 2013-1-4\nagain\n\n"
    );
    let o = rizhi(d.path(), &["show", "9:10 2013-1-42-1)", "a.txt"]);
    assert!(stdout(&o).starts_with("\t1), c\n"), "{}", stdout(&o));
    assert!(!stderr(&o).contains("section 2-1)"), "{}", stderr(&o));
    let o = rizhi(d.path(), &["show", "9:10 2013-1-42-5)", "a.txt"]);
    assert!(stdout(&o).starts_with("2, b\n"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains(
            "section 2-5) not found in full in 2013-01-04 09:10, showing the nearest item"
        ),
        "{}",
        stderr(&o)
    );
}

/// `search` matches Chinese titles by pinyin unless `--no-pinyin` says not
/// to; in whole-entry scope a match on the keyword line itself is printed once,
/// one in the body after it.
#[test]
fn search_pinyin_switch_and_whole_entry_lines() {
    let d = tempfile::tempdir().expect("tempdir");
    let text = "9:05 2013-1-4\n调度器\n1, x\n\n9:10 2013-1-4\nxen, arm\n1, the xen scheduler\n";
    std::fs::write(d.path().join("a.txt"), text).expect("write");
    let search = |args: &[&str]| {
        let mut all = vec!["search", "--no-cache"];
        all.extend_from_slice(args);
        all.push("a.txt");
        stdout(&rizhi(d.path(), &all))
    };
    assert_eq!(search(&["diaodu"]), "a.txt:2:1: 2013-01-04 09:05  调度器\n");
    assert_eq!(search(&["--no-pinyin", "diaodu"]), "");
    assert_eq!(
        search(&["--scope", "all", "'arm"]),
        "a.txt:6:6: 2013-01-04 09:10  xen, arm\n"
    );
    assert_eq!(
        search(&["--scope", "all", "'scheduler"]),
        "a.txt:7:12: 2013-01-04 09:10  xen, arm  │ 1, the xen scheduler\n"
    );
}
