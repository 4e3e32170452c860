//! `rizhi keywords`: the JSON table, the plain table with its sparkline, the
//! three orders, and the exit codes, on `keywords_over_months.txt`.

use serde_json::{json, Value};
use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn rizhi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(args)
        .env("RIZHI_CONFIG", "/nonexistent/rizhi-config.toml")
        .env("NO_COLOR", "1")
        .output()
        .expect("run rizhi")
}

fn json_rows(args: &[&str]) -> Vec<Value> {
    let out = rizhi(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v.as_array().expect("array").clone()
}

fn names(rows: &[Value]) -> Vec<&str> {
    rows.iter()
        .map(|r| r["keyword"].as_str().expect("keyword"))
        .collect()
}

#[test]
fn json_counts_each_entry_once_and_groups_ascii_case() {
    let rows = json_rows(&["keywords", "--json", &fixture("keywords_over_months.txt")]);
    assert_eq!(
        names(&rows),
        [
            "xen",
            "KVM",
            "virtualization",
            "内核",
            "GTD",
            "migration",
            "调度"
        ]
    );
    assert_eq!(
        rows[0],
        json!({"keyword": "xen", "count": 3, "first": "2012-01-05 10:00",
               "last": "2012-03-02 09:00", "months": {"2012-01": 2, "2012-03": 1}})
    );
    // `KVM` and `kvm` once each: one keyword, spelled as first written.
    assert_eq!(rows[1]["count"], 2);
    assert_eq!(rows[1]["months"], json!({"2012-03": 1, "2012-04": 1}));
    assert_eq!(rows[3]["months"], json!({"2012-01": 1, "2012-04": 1}));
    // The series marker `cont2` is not a keyword.
    assert!(!names(&rows).iter().any(|n| n.starts_with("cont")));
}

#[test]
fn sort_by_name_and_by_last_use() {
    let f = fixture("keywords_over_months.txt");
    let by_name = json_rows(&["keywords", "--json", "--sort", "name", &f]);
    assert_eq!(
        names(&by_name),
        [
            "GTD",
            "KVM",
            "migration",
            "virtualization",
            "xen",
            "内核",
            "调度"
        ]
    );
    let by_last = json_rows(&["keywords", "--json", "--sort", "last", &f]);
    // 2012-04-28 (GTD, 内核, 调度; by count, then name), 04-03, 03-02, 01-20, 01-05.
    assert_eq!(
        names(&by_last),
        [
            "内核",
            "GTD",
            "调度",
            "KVM",
            "xen",
            "virtualization",
            "migration"
        ]
    );
}

#[test]
fn plain_table_aligns_columns_and_draws_one_bar_per_month() {
    let out = rizhi(&["keywords", &fixture("keywords_over_months.txt")]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    // Months 2012-01 … 2012-04: four columns, a space for a month without use.
    assert_eq!(lines[0], "3  xen             2012-03-02  █ ▄");
    assert_eq!(lines[1], "2  KVM             2012-04-03    ██");
    // 内核 is four columns wide: padded by display width, not bytes.
    assert_eq!(lines[3], "2  内核            2012-04-28  █  █");
    assert_eq!(lines.len(), 7);
}

#[test]
fn no_keywords_exits_1_and_a_bad_sort_is_a_usage_error() {
    let out = rizhi(&["keywords", "--json", &fixture("empty.txt")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    let out = rizhi(&["keywords", "--sort", "size", &fixture("empty.txt")]);
    assert_eq!(out.status.code(), Some(2));
}
