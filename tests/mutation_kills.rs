//! Tests that kill bugs the suite once let through (issue 13, "Tests that
//! let bugs through"): each was planted in a copy and not caught. Every test
//! here was seen failing with its bug planted (see TESTING.md, cases 38+).

mod common;

use common::{filter_count, fixed_options, TOO_SMALL};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Terminal;
use rizhi::notebook::{Notebook, Stamp};
use rizhi::store::{Dangling, Resolution, Store};
use rizhi::tui::app::App;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

fn store(text: &str) -> Store {
    Store::new(vec![Arc::new(Notebook::from_bytes(
        "log.txt",
        text.as_bytes(),
    ))])
}

fn stamp(s: &str) -> Stamp {
    Stamp::parse(s).expect("a stamp")
}

/// How the reference to `at` resolves: ("exact" | "approximate" |
/// "dangling", the target's header, minutes off).
fn resolved(s: &Store, at: &str) -> (&'static str, Option<String>, i64) {
    let r = s.resolve(stamp(at));
    let target = r.target().map(|id| s.entry(id).stamp.notebook_form());
    let off = match r {
        Resolution::Approximate { minutes_off, .. } => minutes_off,
        _ => 0,
    };
    (r.status(), target, off)
}

// ---------------------------------------------------- the approximate window

/// FORMAT.md: "an entry header on the same day within 10 minutes". Exactly
/// 10 minutes off either way is inside, 11 is outside; 9 is inside (a window
/// shrunk to 9 would still take it, a window of 9 loses the 10).
#[test]
fn the_approximate_window_is_ten_minutes_inclusive_either_way() {
    let s = store("12:00 2013-1-4\nnoon, entry\n1, body\n\n18:00 2013-1-4\nevening\n");
    let noon = Some("12:00 2013-01-04".to_string());
    for (at, want) in [
        ("12:09 2013-1-4", ("approximate", noon.clone(), -9)),
        ("12:10 2013-1-4", ("approximate", noon.clone(), -10)),
        ("11:51 2013-1-4", ("approximate", noon.clone(), 9)),
        ("11:50 2013-1-4", ("approximate", noon.clone(), 10)),
        ("12:11 2013-1-4", ("dangling", None, 0)),
        ("11:49 2013-1-4", ("dangling", None, 0)),
    ] {
        assert_eq!(resolved(&s, at), want, "{at}");
    }
    // A dangling one on a loaded day says there is no entry at that time.
    assert_eq!(
        s.resolve(stamp("12:11 2013-1-4")),
        Resolution::Dangling(Dangling::NoEntryAtTime)
    );
    // The same through references in the text, as `links` and the reader see them.
    let s = store(concat!(
        "12:00 2013-1-4\nnoon\n\n",
        "18:00 2013-1-4\nlinks\n",
        "1, \"12:10 2013-1-4\" \"11:50 2013-1-4\" \"12:11 2013-1-4\" \"11:49 2013-1-4\"\n",
    ));
    let statuses: Vec<&str> = s.resolutions(1).iter().map(|r| r.status()).collect();
    assert_eq!(
        statuses,
        ["approximate", "approximate", "dangling", "dangling"]
    );
}

/// "Same day" is the calendar day of the reference: 23:55 and 0:03 the next
/// day are 8 minutes apart but never taken for each other, in either
/// direction, even when no entry at all is on the reference's own day
/// besides, and a same-day entry further off wins over a nearer one across
/// midnight.
#[test]
fn the_approximate_window_never_crosses_midnight() {
    let s = store(concat!(
        "23:55 2013-1-4\nlate\n\n",
        "0:03 2013-1-5\nearly\n\n",
        "23:50 2013-1-6\nlate, again\n\n",
        "0:00 2013-1-7\nmidnight\n",
    ));
    for (at, want) in [
        // 8 minutes before 0:03 on the 5th, but on the 4th: its own entry.
        (
            "23:58 2013-1-4",
            ("approximate", Some("23:55 2013-01-04"), -3),
        ),
        // 23:55 on the 4th is 8 minutes back, over midnight: not taken.
        ("0:03 2013-1-5", ("exact", Some("00:03 2013-01-05"), 0)),
        (
            "0:01 2013-1-5",
            ("approximate", Some("00:03 2013-01-05"), 2),
        ),
        // 0:03 on the 5th is 8 minutes on, over midnight: not taken.
        (
            "23:59 2013-1-4",
            ("approximate", Some("23:55 2013-01-04"), -4),
        ),
        // 23:59 on the 6th: 0:00 on the 7th is 1 minute on, 23:50 9 back.
        (
            "23:59 2013-1-6",
            ("approximate", Some("23:50 2013-01-06"), -9),
        ),
        // 0:05 on the 7th: 0:00 is 5 back; 23:50 the day before is 15.
        (
            "0:05 2013-1-7",
            ("approximate", Some("00:00 2013-01-07"), -5),
        ),
    ] {
        let (status, target, off) = resolved(&s, at);
        assert_eq!(
            (status, target.as_deref(), off),
            (want.0, want.1, want.2),
            "{at}"
        );
    }
    // Only an entry across midnight nearby: dangling, both ways.
    let s = store("23:55 2013-1-4\nlate\n\n0:03 2013-1-5\nearly\n");
    assert_eq!(s.resolve(stamp("0:00 2013-1-5")).status(), "approximate");
    let s = store("23:55 2013-1-4\nlate\n\n12:00 2013-1-5\nlater\n");
    for at in ["0:03 2013-1-5", "0:00 2013-1-5"] {
        assert_eq!(
            s.resolve(stamp(at)),
            Resolution::Dangling(Dangling::NoEntryAtTime),
            "{at}: 23:55 the day before is not the same day"
        );
    }
    let s = store("10:00 2013-1-4\nmorning\n\n0:03 2013-1-5\nearly\n");
    assert_eq!(
        s.resolve(stamp("23:55 2013-1-4")),
        Resolution::Dangling(Dangling::NoEntryAtTime),
        "0:03 the next day is not the same day"
    );
}

// ---------------------------------------------------------------- rizhi check

fn rizhi_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(args)
        .current_dir(dir)
        .env("RIZHI_CONFIG", "/nonexistent/rizhi-config.toml")
        .env("NO_COLOR", "1")
        .output()
        .expect("run rizhi")
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_exits_1_on_problems_in_plain_and_json_and_0_on_a_clean_notebook() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bad = fixture("check_problems.txt");
    let clean = fixture("on_this_day.txt");
    for args in [
        vec!["check", bad.as_str()],
        vec!["check", "--json", bad.as_str()],
    ] {
        let o = rizhi_in(here, &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {o:?}");
        assert!(!o.stdout.is_empty(), "{args:?}");
    }
    for args in [
        vec!["check", clean.as_str()],
        vec!["check", "--json", clean.as_str()],
    ] {
        let o = rizhi_in(here, &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {o:?}");
    }
}

const UPDATES: &str = "12:00 2013-1-4
(13:00 2013-1-5)
kernel, updates
1, first
(12:30 2013-1-4)
2, (12:40 2013-1-4) a second update after an outline number
\"12:30 2013-1-4\"end.
3, see \"12:30 2013-1-4\" is fine
4, 漏了引号 12:40 2013-1-4 here
5, half (12:30 2013-1-4 open
";

/// An update's `(stamp)`, a revision line and a closing `"stamp"end` are not
/// unquoted links; a bare stamp in the text is, and so is one with only an
/// opening parenthesis.
#[test]
fn check_does_not_take_update_stamps_for_unquoted_links() {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("u.txt"), UPDATES).expect("write");
    let o = rizhi_in(d.path(), &["check", "--json", "u.txt"]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let got: Vec<(String, u64, u64, String)> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
                r["col"].as_u64().unwrap(),
                r["stamp"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // `4, 漏了引号 `: 3 + 4×3 + 1 = 16 bytes before the stamp.
    assert_eq!(
        got,
        [
            ("unquoted".into(), 9, 17, "2013-01-04 12:40".into()),
            ("unquoted".into(), 10, 10, "2013-01-04 12:30".into()),
        ]
    );
    assert_eq!(o.status.code(), Some(1));
    let o = rizhi_in(d.path(), &["check", "u.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "u.txt:9:17: unquoted: unquoted timestamp 12:40 2013-1-4: a see-link needs quotes (\"12:40 2013-1-4\")\n\
         u.txt:10:10: unquoted: unquoted timestamp 12:30 2013-1-4: a see-link needs quotes (\"12:30 2013-1-4\")\n"
    );
    // Without the two bare stamps the notebook is clean.
    let clean: String = UPDATES.lines().take(8).map(|l| format!("{l}\n")).collect();
    std::fs::write(d.path().join("u.txt"), clean).expect("write");
    let o = rizhi_in(d.path(), &["check", "u.txt"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(o.stdout.is_empty());
}

// ------------------------------------------------------ permission denied

#[test]
fn an_unreadable_notebook_is_reported_as_permission_denied_and_the_rest_loads() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().expect("tempdir");
    let root = d.path();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::write(root.join("good.txt"), "10:00 2012-1-1\ngood, one\n").expect("write");
    let locked = root.join("locked.txt");
    std::fs::write(&locked, "11:00 2012-1-1\nlocked\n").expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    // Named, and found in a folder.
    for args in [
        ["stats", "locked.txt", "good.txt"].as_slice(),
        ["stats", "."].as_slice(),
    ] {
        let Some(o) = common::rizhi_as_nobody(root, args) else {
            println!("skipped: neither setpriv nor runuser can drop privileges here");
            return;
        };
        let err = String::from_utf8_lossy(&o.stderr);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            err.contains("locked.txt: permission denied"),
            "{args:?}: stderr {err:?}"
        );
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.starts_with("entries        1\n"), "{args:?}: {out}");
    }
}

// ------------------------------------------------------------- the browser

fn todos_text() -> String {
    TODOS.replace("@FILLER@", &FILLER.repeat(60))
}

fn app_of(text: &str) -> App {
    rizhi::tui::open(
        vec![Notebook::from_bytes("log.txt", text.as_bytes())],
        fixed_options(),
    )
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    app.settle();
}

/// The screen's rows, cells hidden under a wide glyph skipped.
fn rows(app: &mut App, w: u16, h: u16) -> Vec<String> {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    app.prepare(Rect::new(0, 0, w, h));
    term.draw(|f| rizhi::tui::ui::render(app, f)).expect("draw");
    let buf = term.backend().buffer();
    (0..h)
        .map(|y| {
            let mut s = String::new();
            let mut skip = 0;
            for x in 0..w {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = sym.width().saturating_sub(1);
                s.push_str(sym);
            }
            s
        })
        .collect()
}

const PASTE_BASE: &str = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo";

/// A paste arrives whole: only the full text (its last word past character
/// 100) narrows the list to the one entry, and the Filter shows its end.
#[test]
fn a_long_paste_arrives_whole_in_the_filter() {
    assert!(PASTE_BASE.chars().count() > 100);
    let text = format!("9:00 2013-1-2\n{PASTE_BASE}\n\n10:00 2013-1-3\n{PASTE_BASE} zzyzx\n");
    let mut app = app_of(&text);
    let screen = rows(&mut app, 100, 30).join("\n");
    assert_eq!(filter_count(&screen).as_deref(), Some("2/2"), "{screen}");
    app.on_paste(&format!("{PASTE_BASE} zzyzx"));
    app.settle();
    let screen = rows(&mut app, 100, 30);
    let joined = screen.join("\n");
    assert_eq!(filter_count(&joined).as_deref(), Some("1/2"), "{joined}");
    // The query line (the Filter's first row) ends with the paste's end.
    let (left, _) = common::split_columns(&screen[1]);
    assert!(
        left.trim_end_matches('│')
            .trim_end()
            .ends_with("romeo zzyzx"),
        "{left:?}"
    );
}

const FILLER: &str = "  filler\n";

const TODOS: &str = "9:00 2013-1-2
alpha, one
1, \\todo first of alpha
2, plain
@FILLER@3, \\TODO second of alpha

10:00 2013-1-3
beta, two
1, nothing to do

11:00 2013-1-4
gamma, three
1, \\todo gamma one \\todo gamma two
";

/// The todo view with several todos in several entries: newest entry first,
/// file order within one, two marks on one line are two rows, and Enter
/// opens the entry of the row under the cursor at the mark's line.
#[test]
fn the_todo_view_lists_several_todos_in_order_and_enter_opens_the_chosen_one() {
    let mut app = app_of(&todos_text());
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('t'));
    let screen = rows(&mut app, 100, 30);
    let joined = screen.join("\n");
    assert!(joined.contains("Todos · 4"), "{joined}");
    let todo_rows: Vec<&str> = screen[1..]
        .iter()
        .filter_map(|r| r.find("2013-01-0").map(|i| &r[i..]))
        .map(|r| r.trim_end_matches([' ', '│']))
        .collect();
    assert_eq!(
        todo_rows,
        [
            "2013-01-04 11:00  \\todo gamma one",
            "2013-01-04 11:00  \\todo gamma two",
            "2013-01-02 09:00  \\todo first of alpha",
            "2013-01-02 09:00  \\TODO second of alpha",
        ],
        "{joined}"
    );
    // Enter opens the row's entry scrolled to the mark's line (alpha is
    // 64 rows long: its second mark is far below the first screen).
    for (downs, title, status, shown, hidden) in [
        (
            3,
            "09:00 2013-01-02 · log.txt:1 ",
            "log.txt:1  entry 1/3  row 38/64",
            "3, \\TODO second of alpha",
            "first of alpha",
        ),
        (
            2,
            "09:00 2013-01-02 · log.txt:1 ",
            "log.txt:1  entry 1/3  row 1/64",
            "1, \\todo first of alpha",
            "second of alpha",
        ),
        (
            0,
            "11:00 2013-01-04 · log.txt:",
            "entry 3/3",
            "1, \\todo gamma one \\todo gamma two",
            "alpha",
        ),
    ] {
        let mut app = app_of(&todos_text());
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('t'));
        for _ in 0..downs {
            key(&mut app, KeyCode::Down);
        }
        key(&mut app, KeyCode::Enter);
        let screen = rows(&mut app, 100, 30);
        let joined = screen.join("\n");
        assert!(
            common::reader_title(&joined).contains(title),
            "{downs}: {joined}"
        );
        assert!(screen[29].contains(status), "{downs}: {joined}");
        let reader = common::reader_rows(&joined).join("\n");
        assert!(reader.contains(shown), "{downs}: {joined}");
        assert!(!reader.contains(hidden), "{downs}: {joined}");
    }
}

/// Below 20×5 the whole screen is the start of one line, exactly.
#[test]
fn a_tiny_terminal_draws_exactly_the_size_message() {
    let mut app = app_of(&todos_text());
    for (w, h) in [(1, 1), (2, 2), (19, 5), (20, 4), (5, 30), (25, 3), (200, 3)] {
        let got = rows(&mut app, w, h);
        let first: String = TOO_SMALL.chars().take(usize::from(w)).collect();
        let mut want = vec![format!("{first:<width$}", width = usize::from(w))];
        want.resize(usize::from(h), " ".repeat(usize::from(w)));
        assert_eq!(got, want, "{w}×{h}");
    }
    assert_eq!(rows(&mut app, 25, 1)[0], "rizhi needs at least 20×5");
    let usable = rows(&mut app, 20, 5).join("\n");
    assert!(!usable.contains("needs at least"), "{usable}");
    assert!(usable.contains("Filter"), "{usable}");
}
