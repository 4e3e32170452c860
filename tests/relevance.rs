//! Relevance: which entries come first for a query, on a fixture shaped like
//! the cases that went wrong (a literal word later in an entry against letters
//! scattered over "gnome configuration tool"), with CJK terms, pinyin and date
//! ranges; the same ranking through `rizhi search` and through the filter's
//! matcher typed into key by key; and a literal match first, in both scopes, on
//! the shared sample notebook when it is there.
//!
//! The whole-entry rows marked "fzf" give the order fzf 0.74.5 gives the same
//! entry bodies (`fzf --read0 --filter`, checked once by hand); fzf breaks ties
//! by length, rizhi newest first, so only rows without ties follow fzf.

use rizhi::notebook::Notebook;
use rizhi::search::{ranked, LiveSearch, Scope};
use rizhi::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const FIXTURE: &str = "relevance.txt";
/// The shared sample, beside the repository (never copied into it).
const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/sample-notebook.txt");

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(FIXTURE)
}

fn load(path: &Path) -> Store {
    let bytes = std::fs::read(path).expect("notebook");
    Store::new(vec![Arc::new(Notebook::from_bytes(path, &bytes))])
}

fn titles(store: &Store, q: &str, scope: Scope) -> Vec<String> {
    ranked(store, q, scope, true)
        .iter()
        .map(|r| store.title(r.id).to_string())
        .collect()
}

use Scope::{All, Keywords};

const GNOME: &str = "gnome, desktop, configuration tool";
const LIBVIRT: &str = "virtualization, libvirt, suse";
const XEN: &str = "virtualization, xen, suse";
const SHORT: &str = "xen, migration, notes";
const SPLIT: &str = "misc, x e n, migr ation";
const SCHED: &str = "内核, 调度器, cfs";
const MEM: &str = "内核, 内存, 调试";
const GTD_CN: &str = "时间管理, gtd, 计划";
const GTD: &str = "gtd, weekly review";
const BOOK: &str = "时间, 管理, 读书";

/// (query, scope, the results in order; `..` at the end: only the first ones).
const TABLE: &[(&str, Scope, &[&str], bool)] = &[
    // fzf: the two bodies that say "migration" before the scattered ones.
    ("migration", All, &[SHORT, XEN, LIBVIRT, SPLIT, GNOME], true),
    // fzf.
    ("xen migration", All, &[SHORT, XEN, SPLIT, GNOME], true),
    // fzf.
    ("xen", All, &[SHORT, XEN, SPLIT, GNOME], true),
    ("migration", Keywords, &[SHORT, SPLIT, GNOME], true),
    ("xen", Keywords, &[SHORT, XEN, SPLIT], true),
    // fzf.
    ("调度器", All, &[SCHED], true),
    ("调度", All, &[SCHED, MEM], true),
    ("调度", Keywords, &[SCHED], true),
    // Pinyin (keyword scope): initials and full spelling.
    ("sjgl", Keywords, &[BOOK, GTD_CN], true),
    ("shijian", Keywords, &[BOOK, GTD_CN], true),
    // A tie (the same title word): newest first, where fzf takes the shorter.
    ("gtd", Keywords, &[GTD, GTD_CN], false),
    ("gtd", All, &[GTD, GTD_CN], false),
    // Date ranges, alone (newest first) and with words.
    ("@2012-01-20", Keywords, &[SHORT, XEN], true),
    ("@2012-1-20", All, &[SHORT, XEN], true),
    ("@..2012-01-15", All, &[LIBVIRT, GNOME], true),
    ("@2012-02-10..2012-2-11", All, &[GTD, GTD_CN], true),
    ("xen @2012-01-16..", All, &[SHORT, XEN, SPLIT], true),
    ("migration @..2012-01-19", All, &[LIBVIRT, GNOME], true),
    ("sjgl @2012-02-10", Keywords, &[GTD_CN], true),
    ("@2012-02", Keywords, &[BOOK, GTD, GTD_CN, MEM, SCHED], true),
];

#[test]
fn the_table_of_queries_and_their_top_results() {
    let store = load(&fixture());
    for &(q, scope, want, whole) in TABLE {
        let got = titles(&store, q, scope);
        if whole {
            assert_eq!(got, want, "{q:?} in {scope:?}");
        } else {
            assert_eq!(
                &got[..want.len().min(got.len())],
                want,
                "{q:?} in {scope:?}"
            );
        }
    }
}

/// Both scopes put an entry holding the word itself first, and every entry
/// holding it before every entry that only has its letters scattered.
#[test]
fn a_literal_match_comes_first_in_both_scopes() {
    let store = load(&fixture());
    for q in ["migration", "xen", "调度器", "configuration", "gtd"] {
        for scope in [Keywords, All] {
            let hits = ranked(&store, q, scope, false);
            assert!(!hits.is_empty(), "{q:?} in {scope:?}");
            let literal: Vec<bool> = hits
                .iter()
                .map(|r| {
                    let text = match scope {
                        Keywords => store.title(r.id),
                        All => store.body(r.id),
                    };
                    text.to_lowercase().contains(q)
                })
                .collect();
            assert!(literal[0], "{q:?} in {scope:?}: {literal:?}");
            let first_other = literal.iter().position(|l| !l).unwrap_or(literal.len());
            assert!(
                literal[first_other..].iter().all(|l| !l),
                "{q:?} in {scope:?}: a literal match after a scattered one: {literal:?}"
            );
        }
    }
}

/// The filter as the browser drives it: the query typed one key at a time
/// (each key narrowing the previous results), ticked like frames.
fn typed(store: &Store, q: &str, scope: Scope) -> Vec<String> {
    let mut live = LiveSearch::new(Arc::new(|| {}));
    let feed = live.injector();
    for (i, nb) in store.files().iter().enumerate() {
        LiveSearch::inject(&feed, i as u32, nb);
    }
    drop(feed);
    let mut typed = String::new();
    for c in q.chars() {
        typed.push(c);
        live.set(&typed, scope);
        live.tick(1);
    }
    while live.tick(10).1 {}
    (0..live.count(store))
        .filter_map(|n| live.result(store, n))
        .map(|id| store.title(id).to_string())
        .collect()
}

fn rizhi(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("RIZHI_CONFIG", "/nonexistent/rizhi-config.toml")
        .output()
        .expect("run rizhi")
}

/// (keywords, line, col, text) of each `rizhi search --json` hit.
fn cli(args: &[&str]) -> Vec<(String, u64, u64, String)> {
    let out = rizhi(args);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array()
        .expect("array")
        .iter()
        .map(|h| {
            (
                h["keywords"].as_str().unwrap_or("").to_string(),
                h["line"].as_u64().unwrap_or(0),
                h["col"].as_u64().unwrap_or(0),
                h["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn the_cli_and_the_filter_give_the_same_entries_in_the_same_order() {
    let path = fixture();
    let store = load(&path);
    let p = path.to_str().expect("utf-8 path");
    for &(q, scope, _, _) in TABLE {
        let s = if scope == Keywords { "keywords" } else { "all" };
        let from_cli: Vec<String> = cli(&["search", "--json", "--scope", s, q, p])
            .into_iter()
            .map(|h| h.0)
            .collect();
        assert_eq!(from_cli, typed(&store, q, scope), "{q:?} in {scope:?}");
    }
}

#[test]
fn the_cli_reports_the_best_match_and_takes_its_options() {
    let path = fixture();
    let p = path.to_str().expect("utf-8 path");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let lines: Vec<&str> = text.lines().collect();
    let at = |line: u64, col: u64| &lines[line as usize - 1][col as usize - 1..];
    // line:col is the best place, not the first greedy one.
    let hits = cli(&["search", "--json", "--scope", "all", "migration", p]);
    for (kw, line, col, _) in &hits[..3] {
        assert!(
            at(*line, *col).starts_with("migration"),
            "{kw}: {line}:{col}"
        );
    }
    // Pinyin by default, off with --no-pinyin.
    let hits = cli(&["search", "--json", "sjgl", p]);
    assert_eq!(hits.len(), 2);
    assert!(at(hits[1].1, hits[1].2).starts_with("时间管理"));
    let off = rizhi(&["search", "--no-pinyin", "sjgl", p]);
    assert_eq!(off.status.code(), Some(1), "nothing found");
    assert!(off.stdout.is_empty());
    // --since / --until / --limit.
    let hits = cli(&[
        "search",
        "--json",
        "--since",
        "2012-01-16",
        "--until",
        "2012-1",
        "xen",
        p,
    ]);
    assert_eq!(
        hits.iter().map(|h| h.0.as_str()).collect::<Vec<_>>(),
        [SHORT, XEN, SPLIT]
    );
    let hits = cli(&[
        "search", "--json", "--since", "2012-02", "--limit", "2", "", p,
    ]);
    assert_eq!(
        hits.iter().map(|h| h.0.as_str()).collect::<Vec<_>>(),
        [BOOK, GTD]
    );
    let bad = rizhi(&["search", "--since", "soon", "xen", p]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a date"));
    // The config switch turns pinyin off too.
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "pinyin = false\n").expect("config");
    let out = Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(["search", "sjgl", p])
        .env("RIZHI_CONFIG", &config)
        .output()
        .expect("run rizhi");
    assert_eq!(out.status.code(), Some(1));
}

/// On the shared sample: whole words of the notebook come first in both
/// scopes, at a line that holds them.
#[test]
fn on_the_sample_a_literal_match_comes_first() {
    if !Path::new(SAMPLE).exists() {
        eprintln!("skipped: {SAMPLE} is absent");
        return;
    }
    let store = load(Path::new(SAMPLE));
    for q in [
        "libvirt", "qemu", "console", "patch", "kernel", "build", "xen",
    ] {
        for (s, scope) in [("keywords", Keywords), ("all", All)] {
            let hits = cli(&["search", "--json", "--scope", s, q, SAMPLE]);
            let Some((kw, line, col, text)) = hits.first() else {
                // No keyword line holds these letters at all.
                assert!(titles(&store, q, scope).is_empty());
                continue;
            };
            let shown = if scope == Keywords { kw } else { text };
            assert!(shown.to_lowercase().contains(q), "{q:?} {s}: {shown:?}");
            let from = *col as usize - 1;
            let rest = text.get(from..).unwrap_or("");
            assert!(
                rest.to_lowercase().starts_with(q),
                "{q:?} {s}: {line}:{col} {text:?}"
            );
            // The same order as the filter typed into.
            let order: Vec<&str> = hits.iter().map(|h| h.0.as_str()).collect();
            assert_eq!(order, typed(&store, q, scope), "{q:?} {s}");
        }
    }
}
