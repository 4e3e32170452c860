//! The real `rizhi` binary in a real terminal (tmux), driven the way a person
//! drives it; every test asserts on what the screen shows.
//!
//! The harness is tests/common/mod.rs: each test gets its own tmux server
//! (no config), a 100×30 window, `TERM=xterm-256color`, `LANG=C.UTF-8`, and
//! HOME/XDG directories in a temp dir so the user's own config never leaks
//! in. Screens are polled every 50 ms until they show what we wait for; a
//! timeout fails with the last screen.
//!
//! The fixture `tests/fixtures/e2e_links.txt` has five entries (2014-03-01 …
//! 2014-03-05). The newest, 20:05 2014-03-05 (line 86), is part 2 of the
//! series "live migration" and holds four links, in order: `see"10:00
//! 2014-3-2"2-1)` exact, to item 2 sub-item 1 (line 42, ~35 rows into its
//! entry at line 6); `"11:45 2014-3-2"` approximate (means 11:47, line 76);
//! `详见"9:00 2014-3-3"` dangling (no entry that day); `ref "7:00
//! 2013-12-31"` dangling (outside the loaded notebooks). 18:30 2014-03-01
//! (line 1) is the only entry whose keywords hold 调度; 09:15 2014-03-04 is at
//! line 81.

mod common;

use common::{
    filter_count, left_pane_rows, lines, reader_rows, reader_title, status_line, Tmux, TOO_SMALL,
};
use std::path::Path;
use std::process::Command;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/e2e_links.txt");

/// The stamp each fixture entry's reader title starts with (its `file:line`
/// gives way to the link counts at 100 columns; the status line has it).
const NEWEST: &str = "┌ 20:05 2014-03-05 ";
const MIGRATION: &str = "┌ 10:00 2014-03-02 ";
const PLAN: &str = "┌ 11:47 2014-03-02 ";
const SCHED: &str = "┌ 18:30 2014-03-01 ";
const SPINLOCK: &str = "┌ 09:15 2014-03-04 ";

/// Starts rizhi on the fixture and waits until all five entries are loaded
/// and the newest one is in the reader.
fn ready() -> Tmux {
    loaded(Tmux::start(&[FIXTURE], 100, 30))
}

fn loaded(t: Tmux) -> Tmux {
    t.wait_until("the fixture loaded: 5/5 in the Filter title", |s| {
        filter_count(s).as_deref() == Some("5/5") && reader_title(s).contains(NEWEST)
    });
    t
}

// ---- reading the screen ----------------------------------------------------

/// The selected Filter row (marked `▌`) as the reader title would show its
/// stamp: `03-05 20:05 …` → `20:05 2014-03-05`.
fn selected_filter_stamp(screen: &str) -> Option<String> {
    let rows = left_pane_rows(screen, "Filter");
    let row = rows.iter().find(|r| r.starts_with('▌'))?;
    let mut words = row.trim_start_matches('▌').split_whitespace();
    let (date, time) = (words.next()?, words.next()?);
    Some(format!("{time} 2014-{date}"))
}

/// Is `needle` within the first `n` rows of the Reader?
fn near_top_of_reader(screen: &str, needle: &str, n: usize) -> bool {
    reader_rows(screen)
        .iter()
        .take(n)
        .any(|r| r.contains(needle))
}

// ---- the tests -------------------------------------------------------------

#[test]
fn opens_with_three_panes_and_the_newest_entry_in_the_reader() {
    let t = ready();
    let s = t.screen();
    let first = lines(&s)[0];
    assert!(first.contains("Filter · keywords"), "no Filter pane\n{s}");
    assert!(
        lines(&s).iter().any(|l| l.contains("Timeline · 2014-03")),
        "no Timeline pane\n{s}"
    );
    assert!(reader_title(&s).contains(NEWEST), "reader title\n{s}");
    assert!(
        near_top_of_reader(&s, "virtualization, xen, live migration, cont2; 复盘", 1),
        "the newest entry's keyword line opens the reader\n{s}"
    );
    assert!(
        status_line(&s).starts_with("e2e_links.txt:86  entry 5/5"),
        "status bar\n{s}"
    );
    // Every entry is listed in the Filter, newest first.
    let rows = left_pane_rows(&s, "Filter");
    let listed = rows[1..].iter().filter(|r| !r.is_empty()).count();
    assert_eq!(listed, 5, "five entries in the Filter\n{s}");
    assert!(rows[1].starts_with("▌03-05 20:05"), "newest selected\n{s}");
    t.wait_focus("Filter");
}

#[test]
fn typing_a_query_narrows_the_list_and_the_reader_follows() {
    let t = ready();

    t.send_literal("xen");
    let s = t.wait_until("the Filter to show 2/5 for \"xen\"", |s| {
        let rows = left_pane_rows(s, "Filter");
        filter_count(s).as_deref() == Some("2/5") && rows.first().is_some_and(|r| r == "> xen")
    });
    let rows = left_pane_rows(&s, "Filter");
    let shown: Vec<&String> = rows[1..].iter().filter(|r| !r.is_empty()).collect();
    assert_eq!(shown.len(), 2, "two rows match \"xen\"\n{s}");
    assert!(
        shown.iter().all(|r| r.contains("virtualization, xen")),
        "only xen entries are listed\n{s}"
    );
    assert!(
        !rows
            .iter()
            .any(|r| r.contains("kernel") || r.contains("时间管理")),
        "non-matching rows are gone\n{s}"
    );
    let first = selected_filter_stamp(&s).expect("a selected row");
    assert!(
        reader_title(&s).contains(&first),
        "reader shows the selection\n{s}"
    );

    // Moving the selection moves the reader with it.
    t.send_keys(&["Down"]);
    let s = t.wait_until("the selection to move down and the reader to follow", |s| {
        selected_filter_stamp(s).is_some_and(|sel| sel != first && reader_title(s).contains(&sel))
    });
    let second = selected_filter_stamp(&s).expect("a selected row");
    t.send_keys(&["C-p"]);
    t.wait_until("Ctrl-p to move the selection back up", |s| {
        selected_filter_stamp(s).as_deref() == Some(first.as_str())
            && reader_title(s).contains(&first)
    });
    t.send_keys(&["C-n"]);
    t.wait_until("Ctrl-n to move the selection down again", |s| {
        selected_filter_stamp(s).as_deref() == Some(second.as_str())
            && reader_title(s).contains(&second)
    });

    // A Chinese query.
    t.send_keys(&["C-u"]);
    t.wait_until("Ctrl-u to clear the query (5/5)", |s| {
        filter_count(s).as_deref() == Some("5/5")
    });
    t.send_literal("调度");
    let s = t.wait_until("the Filter to show 1/5 for \"调度\"", |s| {
        let rows = left_pane_rows(s, "Filter");
        filter_count(s).as_deref() == Some("1/5") && rows.first().is_some_and(|r| r == "> 调度")
    });
    let rows = left_pane_rows(&s, "Filter");
    // The row scrolls so the matched 调度 is in view (as fzf does).
    assert!(
        rows[1].starts_with("▌03-01 18:30 ") && rows[1].contains("调度"),
        "{s}"
    );
    assert!(
        rows[2..].iter().all(|r| r.is_empty()),
        "only one row is left\n{s}"
    );
    t.wait_until("the reader to show the 调度 entry", |s| {
        reader_title(s).contains(SCHED) && near_top_of_reader(s, "kernel, scheduler, 调度, CFS", 1)
    });
}

#[test]
fn following_a_section_link_lands_on_the_section_then_back_and_forward() {
    let t = ready();
    t.send_keys(&["Enter"]);
    t.wait_focus("Reader");
    t.send_keys(&["n"]);
    t.wait_reversed("see\"10:00 2014-3-2\"2-1)");

    t.send_keys(&["Enter"]);
    let s = t.wait_until("the reader to show the link target", |s| {
        reader_title(s).contains(MIGRATION)
    });
    // Item 2, sub-item 1 is ~35 rows into the entry: it must be scrolled
    // into view, at the top, not left below the fold.
    assert!(
        near_top_of_reader(&s, "1), dirty page tracking 脏页跟踪", 3),
        "section 2-1) is near the top of the reader\n{s}"
    );
    assert!(
        !s.contains("迁移的整体流程 overview"),
        "the start of the entry is scrolled away\n{s}"
    );

    t.send_keys(&["C-o"]);
    t.wait_until("Ctrl-o to go back to the entry with the link", |s| {
        reader_title(s).contains(NEWEST)
            && near_top_of_reader(s, "virtualization, xen, live migration, cont2; 复盘", 1)
    });

    t.send_keys(&["Tab"]);
    t.wait_until("Tab to go forward to section 2-1) again", |s| {
        reader_title(s).contains(MIGRATION)
            && near_top_of_reader(s, "1), dirty page tracking 脏页跟踪", 3)
    });
}

#[test]
fn an_approximate_link_says_which_entry_it_shows() {
    let t = ready();
    t.send_keys(&["Enter"]);
    t.wait_focus("Reader");
    t.send_keys(&["n"]);
    t.wait_reversed("see\"10:00 2014-3-2\"2-1)");
    t.send_keys(&["n"]);
    t.wait_reversed("\"11:45 2014-3-2\"");
    t.send_keys(&["Enter"]);
    let s = t.wait_until("the approximate link to open 11:47", |s| {
        reader_title(s).contains(PLAN)
    });
    assert!(
        status_line(&s).contains("no entry at 11:45 2014-03-02, showing 11:47"),
        "the status bar says the link was approximate\n{s}"
    );
    assert!(near_top_of_reader(&s, "时间管理, GTD, 计划", 1), "{s}");
}

#[test]
fn a_dangling_link_explains_why_and_the_reader_stays() {
    let t = ready();
    t.send_keys(&["Enter"]);
    t.wait_focus("Reader");
    for link in [
        "see\"10:00 2014-3-2\"2-1)",
        "\"11:45 2014-3-2\"",
        "\"9:00 2014-3-3\"",
    ] {
        t.send_keys(&["n"]);
        t.wait_reversed(link);
    }
    t.send_keys(&["Enter"]);
    let s = t.wait_until("the reason the link dangles", |s| {
        let status = status_line(s);
        status.contains("no entry at 09:00 2014-03-03") && !status.contains("showing")
    });
    assert!(reader_title(&s).contains(NEWEST), "the reader stays\n{s}");
    assert!(
        near_top_of_reader(&s, "virtualization, xen, live migration, cont2; 复盘", 1),
        "the reader did not scroll\n{s}"
    );
    t.wait_reversed("\"9:00 2014-3-3\"");

    t.send_keys(&["n"]);
    t.wait_reversed("\"7:00 2013-12-31\"");
    t.send_keys(&["Enter"]);
    let s = t.wait_until("the reason the second link dangles", |s| {
        let status = status_line(s);
        status.contains("2013-12-31")
            && status.contains("outside the loaded notebooks (2014-03-01 … 2014-03-05)")
    });
    assert!(reader_title(&s).contains(NEWEST), "the reader stays\n{s}");
}

/// Rows of a window the whole help fits in, with room to grow.
const HELP_ROWS: u16 = 200;

#[test]
fn question_mark_shows_the_help_overlay_and_esc_closes_it() {
    let t = ready();
    t.send_keys(&["Escape"]);
    t.wait_focus("Reader");
    t.send_keys(&["?"]);
    let s = t.wait_for_all(&[
        "Keys · Esc or ? closes",
        "open the selected entry in the Reader",
        "scope: keywords ⇄ whole entries",
        "focus the Filter and type",
        "focus the Timeline",
    ]);
    // The overlay opens at its top, with the Filter's keys; j scrolls it.
    let top_row = |s: &str| lines(s).get(2).map(|l| l.to_string()).unwrap_or_default();
    assert!(
        top_row(&s).contains("│Filter "),
        "help starts with the Filter keys\n{s}"
    );
    t.send_keys(&["j"]);
    t.wait_until("j to scroll the help", |s| {
        s.contains("Keys · Esc") && !top_row(s).contains("│Filter ")
    });
    // In a tall window the whole list fits: the reader's keys are there too,
    // and every context has exactly one heading (rows are grouped). The
    // window is well taller than the help; that it all fits is checked
    // first (its first heading on the top row, its last row on screen), so
    // a help that outgrows it says so instead of missing headings.
    t.resize(100, HELP_ROWS);
    let s = t.wait_for_all(&[
        "pinyin initials or syllables",
        "follow the link under the cursor",
        "next link",
        "previous link",
        "back (jumplist)",
        "forward (jumplist)",
        "previous part of the series",
        "go to a date or stamp",
        "quit",
        "this help",
    ]);
    assert!(
        top_row(&s).contains("│Filter "),
        "the whole help fits in {HELP_ROWS} rows: raise HELP_ROWS\n{s}"
    );
    for heading in [
        "Filter",
        "Timeline and Reader (normal mode)",
        "Timeline",
        "Reader",
        "Anywhere",
        "The : line (go to a date or stamp; :files)",
        "Lists (t todos, T thread, o on this day, :files)",
        "Heatmap (H, in the Timeline)",
        "This help",
        "rizhi pick (the chooser)",
        "Mouse",
        "Query (Filter)",
    ] {
        let n = lines(&s)
            .iter()
            .filter(|l| l.split('│').any(|cell| cell.trim_end() == heading))
            .count();
        assert_eq!(n, 1, "the {heading} heading appears {n} times\n{s}");
    }
    t.resize(100, 30);
    t.wait_until("the help at 100×30 again", |s| {
        s.contains("Keys · Esc") && lines(s).len() <= 30
    });

    t.send_keys(&["Escape"]);
    let s = t.wait_until("Esc to close the help", |s| !s.contains("Keys · Esc"));
    assert!(lines(&s)[0].contains("Filter · keywords"), "{s}");
    assert!(reader_title(&s).contains(NEWEST), "{s}");
    assert!(!t.pane_dead(), "Esc in the help must not quit");

    // `?` closes it too.
    t.send_keys(&["?"]);
    t.wait_for("Keys · Esc or ? closes");
    t.send_keys(&["?"]);
    t.wait_until("? to close the help", |s| !s.contains("Keys · Esc"));
}

#[test]
fn q_quits_and_gives_the_terminal_back() {
    let t = loaded(Tmux::start_in_shell(&[FIXTURE], &[]));
    assert!(t.alternate_on(), "rizhi draws on the alternate screen");
    t.send_keys(&["Escape"]);
    t.wait_focus("Reader");
    t.send_keys(&["q"]);
    let (status, tty) = t.wait_shell_exit();
    assert_eq!(status, "0", "q exits with status 0");
    t.assert_terminal_restored(&tty);
}

#[test]
fn colon_and_a_date_jumps_to_that_day() {
    let t = ready();
    t.send_keys(&["Escape"]);
    t.wait_focus("Reader");
    for (typed, title, timeline) in [
        ("2014-3-1", SCHED, "Sat 01  18:30"),
        ("3-4", SPINLOCK, "Tue 04  09:15"),
        ("2014-03", SCHED, "Sat 01  18:30"),
        // The nearest entry on or after the stamp.
        ("10:19 2014-3-2", PLAN, "11:47"),
    ] {
        t.send_keys(&[":"]);
        t.wait_until("the : prompt", |s| status_line(s).starts_with(':'));
        t.send_literal(typed);
        t.wait_until(&format!("the prompt to echo {typed:?}"), |s| {
            status_line(s).starts_with(&format!(":{typed}"))
        });
        t.send_keys(&["Enter"]);
        let s = t.wait_until(&format!(":{typed} to open {title}"), |s| {
            reader_title(s).contains(title)
        });
        let selected = left_pane_rows(&s, "Timeline")
            .into_iter()
            .find(|r| r.starts_with('▌'))
            .unwrap_or_default();
        assert!(
            selected.contains(timeline),
            ":{typed}: the timeline marks {timeline:?}, marked {selected:?}\n{s}"
        );
    }
}

#[test]
fn brackets_walk_the_series() {
    let t = ready();
    t.send_keys(&["Escape"]);
    t.wait_focus("Reader");
    t.send_keys(&["["]);
    t.wait_until("[ to open part 1 of \"live migration\"", |s| {
        reader_title(s).contains(MIGRATION)
            && near_top_of_reader(s, "live migration, cont1; 迁移", 1)
    });
    t.send_keys(&["]"]);
    t.wait_until("] to open part 2 again", |s| {
        reader_title(s).contains(NEWEST)
    });
}

#[test]
fn a_resize_storm_never_kills_it() {
    let t = ready();

    // A burst first, without waiting for any frame in between.
    for (w, h) in [(30, 8), (1, 1), (20, 5), (79, 24), (100, 30)] {
        t.resize(w, h);
    }
    t.wait_until("three panes again after the burst", |s| {
        lines(s)[0].contains("Filter · keywords") && reader_title(s).contains(NEWEST)
    });

    t.resize(30, 8);
    t.wait_until("the tab bar at 30×8", |s| {
        let first = lines(s)[0];
        ["Filter", "Timeline", "Reader"]
            .iter()
            .all(|tab| first.contains(tab))
    });

    t.resize(1, 1);
    t.wait_until("a prefix of the too-small message at 1×1", |s| {
        let first = lines(s).first().map_or("", |l| l.trim());
        !first.is_empty() && TOO_SMALL.starts_with(first)
    });

    t.resize(40, 3);
    t.wait_until("the too-small message at 40×3, and nothing else", |s| {
        let shown: Vec<&str> = lines(s)
            .into_iter()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        shown == [TOO_SMALL]
    });

    t.resize(20, 5);
    t.wait_until("the smallest usable screen at 20×5", |s| {
        !s.contains("needs at least") && s.contains("Filter") && s.contains("5/5")
    });

    t.resize(79, 24);
    let s = t.wait_until("one pane with a tab bar at 79×24", |s| {
        let l = lines(s);
        ["Filter", "Timeline", "Reader"]
            .iter()
            .all(|tab| l[0].contains(tab))
            && l.get(1)
                .is_some_and(|b| b.starts_with("┌ Filter · keywords"))
    });
    let border = lines(&s)[1];
    assert_eq!(
        border.chars().count(),
        79,
        "the one pane is full width\n{s}"
    );
    assert!(
        !s.contains("Timeline · 2014-03") && !s.contains(NEWEST),
        "only the focused pane is drawn under 80 columns\n{s}"
    );

    t.resize(100, 30);
    t.wait_until("three panes again at 100×30", |s| {
        lines(s)[0].contains("Filter · keywords")
            && reader_title(s).contains(NEWEST)
            && s.contains("Timeline · 2014-03")
    });
    assert!(!t.pane_dead(), "rizhi survived the storm");
}

#[test]
fn sigterm_restores_the_terminal() {
    let t = loaded(Tmux::start_in_shell(&[FIXTURE], &[]));
    assert!(t.alternate_on(), "rizhi draws on the alternate screen");
    let pid = t.rizhi_pid();
    let comm = Path::new("/proc").join(pid.to_string()).join("comm");
    if let Ok(name) = std::fs::read_to_string(&comm) {
        assert_eq!(name.trim(), "rizhi", "pid {pid} is rizhi");
    }
    let out = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .output()
        .expect("run kill");
    assert!(out.status.success(), "kill -TERM {pid} failed");
    let (status, tty) = t.wait_shell_exit();
    assert_eq!(status, "143", "SIGTERM exits with 128 + 15");
    t.assert_terminal_restored(&tty);
}

// ---- vim habits (issue 14) ----------------------------------------------------

#[test]
fn ctrl_close_bracket_follows_the_selected_link() {
    // tmux sends C-] as 0x1d, which crossterm reports as Ctrl-5.
    let t = ready();
    t.send_keys(&["Enter"]);
    t.wait_focus("Reader");
    t.send_keys(&["n"]);
    t.wait_reversed("see\"10:00 2014-3-2\"2-1)");
    t.send_keys(&["C-]"]);
    t.wait_until("Ctrl-] to follow the link", |s| {
        reader_title(s).contains(MIGRATION)
    });
}

#[test]
fn counts_move_that_many_entries_and_pick_an_entry_by_number() {
    let t = ready();
    t.normal_mode();
    t.send_keys(&["h"]);
    t.wait_focus("Timeline");
    t.send_keys(&["3", "k"]);
    t.wait_until("3k to go three entries up", |s| {
        reader_title(s).contains(MIGRATION)
    });
    t.send_keys(&["2", "j"]);
    t.wait_until("2j to go two entries down", |s| {
        reader_title(s).contains(SPINLOCK)
    });
    t.send_keys(&["5", "j"]);
    t.wait_until("5j to stop at the newest", |s| {
        reader_title(s).contains(NEWEST)
    });
    t.send_keys(&["1", "G"]);
    t.wait_until("1G to go to the first entry", |s| {
        reader_title(s).contains(SCHED)
    });
}

/// A notebook of `n` entries, one a day from 2014-01-01, keywords `dayNN`.
fn daily_notebook(dir: &Path, n: u32) -> String {
    let mut text = String::new();
    let start = chrono::NaiveDate::from_ymd_opt(2014, 1, 1).unwrap();
    for i in 0..n {
        let d = start + chrono::Days::new(u64::from(i));
        text.push_str(&format!(
            "09:00 {}\nday{:02}\nbody\n\n",
            d.format("%Y-%-m-%-d"),
            i + 1
        ));
    }
    let p = dir.join("daily.txt");
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn zt_puts_the_current_entry_at_the_top_of_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let nb = daily_notebook(dir.path(), 40);
    let t = Tmux::start(&[&nb], 100, 30);
    t.wait_until("40 entries loaded", |s| {
        filter_count(s).as_deref() == Some("40/40")
    });
    t.normal_mode();
    t.send_keys(&["h"]);
    t.wait_focus("Timeline");
    t.send_keys(&["g", "g"]);
    t.wait_until("gg to the first entry", |s| {
        reader_title(s).contains("2014-01-01")
    });
    t.send_keys(&["2", "0", "j"]);
    let s = t.wait_until("20j to day 21", |s| reader_title(s).contains("2014-01-21"));
    let rows = left_pane_rows(&s, "Timeline");
    assert!(
        !rows[0].contains("day21"),
        "day 21 starts below the top\n{s}"
    );
    t.send_keys(&["z", "t"]);
    t.wait_until("zt to put day 21 at the top of the Timeline", |s| {
        left_pane_rows(s, "Timeline")
            .first()
            .is_some_and(|r| r.contains("day21") && r.starts_with('▌'))
    });
    t.send_keys(&["z", "b"]);
    t.wait_until("zb to put day 21 at the bottom", |s| {
        let rows = left_pane_rows(s, "Timeline");
        rows.iter()
            .rev()
            .find(|r| !r.is_empty())
            .is_some_and(|r| r.contains("day21"))
    });
    t.send_keys(&["z", "z"]);
    t.wait_until("zz to put day 21 in the middle", |s| {
        let rows = left_pane_rows(s, "Timeline");
        let at = rows.iter().position(|r| r.contains("day21"));
        at.is_some_and(|i| i.abs_diff(rows.len() / 2) <= 1)
    });
}

#[test]
fn up_in_the_colon_line_brings_back_the_last_one() {
    let t = ready();
    t.normal_mode();
    t.send_keys(&[":"]);
    t.send_literal("2014-3-2");
    t.send_keys(&["Enter"]);
    t.wait_until(":2014-3-2 to open 10:00 that day", |s| {
        reader_title(s).contains(MIGRATION)
    });
    t.send_keys(&["h"]);
    t.wait_focus("Timeline");
    t.send_keys(&["G"]);
    t.wait_until("G to the newest entry", |s| {
        reader_title(s).contains(NEWEST)
    });
    t.send_keys(&[":"]);
    t.send_keys(&["Up"]);
    t.wait_until("↑ to bring back :2014-3-2", |s| {
        status_line(s).starts_with(":2014-3-2")
    });
    t.send_keys(&["Enter"]);
    t.wait_until("Enter to go there again", |s| {
        reader_title(s).contains(MIGRATION)
    });
}

#[test]
fn config_rebinds_a_filter_editing_key_and_a_list_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[keys.filter]\n\"Ctrl-b\" = \"delete_word\"\n[keys.list]\n\"Ctrl-g\" = \"close\"\n",
    )
    .unwrap();
    let env = format!("RIZHI_CONFIG={}", cfg.display());
    let t = loaded(Tmux::launch(
        &[env!("CARGO_BIN_EXE_rizhi"), FIXTURE],
        &[&env],
        100,
        30,
    ));
    t.send_literal("xen zzz");
    t.wait_until("the query typed", |s| lines(s)[1].contains("> xen zzz"));
    t.send_keys(&["C-b"]);
    t.wait_until("Ctrl-b to delete a word, as configured", |s| {
        lines(s)[1].contains("> xen") && !lines(s)[1].contains("zzz")
    });
    t.normal_mode();
    t.send_keys(&["T"]);
    t.wait_for("Thread of");
    t.send_keys(&["C-g"]);
    let s = t.wait_until("Ctrl-g to close the list, as configured", |s| {
        !s.contains("Thread of")
    });
    assert!(!status_line(&s).contains("keys."), "no config warning\n{s}");
}

/// With the keyword-line index current (written by an earlier run), the
/// browser takes the titles' pinyin spellings from it: pinyin finds the
/// hanzi by syllables, and letters from the middle of readings do not.
#[test]
fn pinyin_from_the_keyword_line_index_reads_by_syllables() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("py.txt");
    std::fs::write(
        &notes,
        "9:00 2014-3-1\n时间管理, 计划\n1, plan\n\n\
         10:00 2014-3-2\n读书, 小说, 三体\n1, read\n\n\
         11:00 2014-3-3\nkernel, scheduler\n1, plain\n",
    )
    .unwrap();
    let cache = dir.path().join("cache");
    let out = Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(["stats", notes.to_str().unwrap()])
        .env("RIZHI_CACHE", &cache)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let rzk = std::fs::read_dir(&cache)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "rzk")
        })
        .count();
    assert_eq!(rzk, 1, "the first run wrote the keyword-line index");
    let env = format!("RIZHI_CACHE={}", cache.display());
    let t = Tmux::launch(
        &[env!("CARGO_BIN_EXE_rizhi"), notes.to_str().unwrap()],
        &[&env],
        100,
        30,
    );
    t.wait_until("3 entries loaded", |s| {
        filter_count(s).as_deref() == Some("3/3")
    });
    t.send_literal("shijgl");
    let s = t.wait_until("shijgl finds 时间管理 by its syllables", |s| {
        filter_count(s).as_deref() == Some("1/3")
    });
    assert!(
        left_pane_rows(&s, "Filter")
            .iter()
            .any(|r| r.contains("时间管理")),
        "{s}"
    );
    t.send_keys(&["C-u"]);
    t.send_literal("xsst");
    let s = t.wait_until("xsst finds 小说, 三体", |s| {
        filter_count(s).as_deref() == Some("1/3")
    });
    assert!(
        left_pane_rows(&s, "Filter")
            .iter()
            .any(|r| r.contains("三体")),
        "{s}"
    );
    // x-iao, yu-e, sa-n: letters from inside readings are not pinyin.
    t.send_keys(&["C-u"]);
    t.send_literal("xen");
    t.wait_until("xen finds nothing", |s| {
        filter_count(s).as_deref() == Some("0/3")
    });
}

/// rizhi on a notebook holding `text`, in a temp dir, with `RIZHI_TIMINGS`
/// naming a file beside it: the dir, the notebook, the timings file.
fn timed(
    text: &str,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    Tmux,
) {
    let d = tempfile::tempdir().expect("tempdir");
    let path = d.path().join("timings.txt");
    let notebook = d.path().join("notebook.txt");
    std::fs::write(&notebook, text).expect("write the notebook");
    let env = format!("RIZHI_TIMINGS={}", path.display());
    let nb = notebook.to_str().expect("utf-8 temp path");
    let t = Tmux::launch(&[env!("CARGO_BIN_EXE_rizhi"), nb], &[&env], 100, 30);
    (d, notebook, path, t)
}

/// `RIZHI_TIMINGS=path` (what benches/startup.sh and keys.sh read): the
/// browser appends `first_frame` and `searchable entries=5` (once each),
/// then for a key `key_frame` and `key_results matched=N`, and for a live
/// reload `reload … background=B`, each in milliseconds: more than zero from
/// the start, and never more than the test itself has waited.
#[test]
fn timings_are_written_when_asked_for() {
    let began = std::time::Instant::now();
    let fixture = std::fs::read_to_string(FIXTURE).expect("read the fixture");
    let (_d, notebook, path, t) = timed(&fixture);
    t.wait_until("all five entries", |s| {
        filter_count(s).as_deref() == Some("5/5")
    });
    t.send_literal("调度");
    t.wait_until("one match", |s| filter_count(s).as_deref() == Some("1/5"));
    let read = || std::fs::read_to_string(&path).unwrap_or_default();
    let wait = |what: &str, ok: &dyn Fn(&str) -> bool| {
        let start = std::time::Instant::now();
        while !ok(&read()) {
            assert!(start.elapsed() < t.deadline, "no {what}: {}", read());
            std::thread::sleep(common::POLL);
        }
    };
    // Keys may come in more than one batch: wait for the one that matched.
    wait("key_results matched=1", &|text| {
        text.lines()
            .any(|l| l.starts_with("key_results ") && l.ends_with(" matched=1"))
    });
    // A live reload: an entry appended.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&notebook)
        .unwrap();
    std::io::Write::write_all(
        &mut f,
        b"\n9:00 2014-03-06\n\xe8\xb0\x83\xe5\xba\xa6, new\n1, more\n",
    )
    .unwrap();
    drop(f);
    t.wait_until("the new entry matched", |s| {
        filter_count(s).as_deref() == Some("2/6")
    });
    wait("reload", &|text| {
        text.lines().any(|l| l.starts_with("reload "))
    });
    let waited = began.elapsed().as_secs_f64() * 1e3;
    let text = read();
    let rows: Vec<(&str, f64, &str)> = text
        .lines()
        .map(|l| {
            let mut w = l.splitn(3, ' ');
            let name = w.next().unwrap_or_default();
            let ms = w.next().and_then(|m| m.parse().ok()).unwrap_or(-1.0);
            (name, ms, w.next().unwrap_or_default())
        })
        .collect();
    let names: Vec<&str> = rows.iter().map(|r| r.0).collect();
    assert_eq!(names[..2], ["first_frame", "searchable"], "{text}");
    assert_eq!(rows[1].2, "entries=5", "{text}");
    let count = |n: &str| names.iter().filter(|&&x| x == n).count();
    assert_eq!(
        (count("first_frame"), count("searchable")),
        (1, 1),
        "{text}"
    );
    assert!(count("key_frame") >= count("key_results"), "{text}");
    for (name, ms, _) in &rows {
        assert!(
            *ms >= 0.0 && *ms <= waited,
            "{name} {ms} ms of {waited}\n{text}"
        );
    }
    assert!(rows[0].1 > 0.0 && rows[1].1 >= rows[0].1, "{text}");
    let reload = rows
        .iter()
        .find(|r| r.0 == "reload")
        .expect("a reload line");
    let background: f64 = reload
        .2
        .strip_prefix("background=")
        .and_then(|b| b.parse().ok())
        .unwrap_or(-1.0);
    assert!(background > 0.0 && background <= waited, "{text}");
}

/// `first_frame` times the first frame with entries on it: an empty notebook
/// never has one, though it is searchable (zero entries) at once.
#[test]
fn timings_of_an_empty_notebook_have_no_first_frame() {
    let (_d, _notebook, path, t) = timed("");
    t.wait_until("the empty browser", |s| {
        filter_count(s).as_deref() == Some("0/0")
    });
    t.send_literal("x");
    let start = std::time::Instant::now();
    let read = || std::fs::read_to_string(&path).unwrap_or_default();
    while !read().contains("key_results ") {
        assert!(start.elapsed() < t.deadline, "no key_results: {}", read());
        std::thread::sleep(common::POLL);
    }
    let text = read();
    assert!(
        text.starts_with("searchable ") && text.contains(" entries=0\n"),
        "{text}"
    );
    assert!(!text.contains("first_frame"), "{text}");
}
