//! Guards against quadratic subcommands (issue 13 items 7 and 8), measured
//! as the CPU time of the child process (`cutime + cstime` of this process
//! in /proc/self/stat, which counts waited-for children), so a busy machine
//! does not make them flaky. The bounds are generous: they catch a square,
//! not a slow build. The tests take a lock so no other child of this test
//! binary is counted.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::time::Duration;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// CPU time of this process's waited-for children (10 ms ticks).
fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let ticks: u64 = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(13)
        .take(2)
        .filter_map(|f| f.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Runs `rizhi ARGS` in `dir`: its output and CPU time. A run over `HANG`
/// of wall time is killed and fails the test.
fn timed(dir: &Path, args: &[&str]) -> (Output, Duration) {
    const HANG: Duration = Duration::from_secs(180);
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let before = children_cpu();
    let child = Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(args)
        .current_dir(dir)
        .env("RIZHI_CONFIG", dir.join("none.toml"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rizhi");
    let out = common::output_within(child, HANG, args);
    (out, children_cpu() - before)
}

#[test]
fn links_and_check_on_a_hundred_thousand_links_in_one_line_are_linear() {
    let d = tempfile::tempdir().expect("tempdir");
    let mut line = String::from("1, ");
    for i in 0..100_000 {
        // Exact, dangling and approximate links, all on one line.
        line.push_str(match i % 3 {
            0 => "see\"9:05 2013-1-4\" ",
            1 => "see\"7:00 2011-1-1\" ",
            _ => "see\"9:07 2013-1-4\" ",
        });
    }
    let text = format!("9:05 2013-1-4\nmany, links\n{line}\n");
    std::fs::write(d.path().join("n.txt"), text).expect("write");
    // The last link is exact: no problem for `check`, which ends one before.
    for (args, last_link) in [
        (["links", "--json", "n.txt"], 99_999),
        (["check", "--json", "n.txt"], 99_998),
    ] {
        let (o, cpu) = timed(d.path(), &args);
        assert!(o.status.code().is_some_and(|c| c <= 1), "{args:?}: {o:?}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        let rows = v.as_array().expect("array");
        assert!(rows.len() >= 66_666, "{args:?}: {}", rows.len());
        let last = rows.last().expect("a row");
        assert_eq!(last["line"], 3);
        assert_eq!(last["col"], 4 + last_link * 19, "{args:?}");
        assert!(
            cpu < Duration::from_secs(8),
            "{args:?} took {cpu:?} of CPU: quadratic again?"
        );
    }
}

#[test]
fn show_with_a_hundred_thousand_entries_sharing_a_stamp_is_linear() {
    let d = tempfile::tempdir().expect("tempdir");
    let text = "9:05 2013-1-4\nsame, stamp\n1, see\"9:05 2013-1-4\"\n\n".repeat(100_000);
    // Linear: about 9 s of CPU in a debug build on a busy machine; the square
    // (every link of the store scanned per entry shown) takes minutes.
    std::fs::write(d.path().join("n.txt"), text).expect("write");
    let (o, cpu) = timed(d.path(), &["show", "--json", "9:05 2013-1-4", "n.txt"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let rows = v.as_array().expect("array");
    assert_eq!(rows.len(), 100_000);
    assert_eq!(rows[99_999]["line"], 4 * 99_999 + 1);
    assert_eq!(rows[99_999]["links"][0]["col"], 4);
    assert!(
        cpu < Duration::from_secs(40),
        "show took {cpu:?} of CPU: quadratic again?"
    );
}

#[test]
fn todo_on_ten_thousand_marks_in_one_line_is_linear() {
    let d = tempfile::tempdir().expect("tempdir");
    let mut line = String::from("1, ");
    for i in 0..10_000 {
        line.push_str(&format!("\\todo item{i} "));
    }
    std::fs::write(
        d.path().join("n.txt"),
        format!("9:05 2013-1-4\nmany, todos\n{line}\n2, \\TODO last one\n"),
    )
    .expect("write");
    // Each mark's text ends at the next mark on its line: 10k short texts.
    // Before, every text ran to the line's end (searched per mark): ~700 MB
    // of JSON and minutes of CPU.
    let (o, cpu) = timed(d.path(), &["todo", "--json", "n.txt"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let rows = v.as_array().expect("array");
    assert_eq!(rows.len(), 10_001);
    assert_eq!(rows[0]["text"], "\\todo item0");
    assert_eq!(rows[0]["col"], 4);
    assert_eq!(rows[9_999]["text"], "\\todo item9999");
    assert_eq!(rows[9_999]["line"], 3);
    assert_eq!(rows[10_000]["text"], "\\TODO last one");
    assert_eq!(rows[10_000]["line"], 4);
    assert!(
        cpu < Duration::from_secs(10),
        "todo took {cpu:?} of CPU: quadratic again?"
    );
}
