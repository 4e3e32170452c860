//! Navigation that says where it went (issue 14), driven through the real
//! `App` on a `TestBackend`: `:` targets, the jumplist and the link cursor,
//! the Filter following the reader, peeking at a link's target, landing
//! marks, the thread view and On this day. The notebooks are written here.

mod common;

use common::status_line;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Terminal;
use rizhi::notebook::Notebook;
use rizhi::tui::app::App;

/// Two months of 2012: the days and minutes the issue names.
const NOTES: &str = "\
9:00 2012-1-2
start, 开始
1, first entry of the year

11:47 2012-1-29
plan, 计划
1, see\"11:47 2012-1-31\"2
2, \\todo 买书
3, near \"11:50 2012-1-31\", gone \"10:00 2012-1-30\"

11:47 2012-1-31
review, 回顾
1, intro
2, details
\t1), the part a link names
3, back to \"9:00 2012-1-2\"

8:15 2012-2-3
misc
1, a later note
";

fn app(text: &str) -> App {
    rizhi::tui::open(
        vec![Notebook::from_bytes("log2012.txt", text.as_bytes())],
        common::fixed_options(),
    )
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    app.settle();
}

fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    app.settle();
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    app.prepare(Rect::new(0, 0, w, h));
    term.draw(|f| rizhi::tui::ui::render(app, f)).expect("draw");
    // Plain rows, as tmux would print them: a wide glyph's second cell is
    // part of the glyph.
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            out.push_str(sym);
        }
        out.push('\n');
    }
    out
}

/// `:TEXT` Enter from the Reader; the screen after it.
fn colon(app: &mut App, text: &str) -> String {
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char(':'));
    typed(app, text);
    key(app, KeyCode::Enter);
    screen(app, 140, 30)
}

#[test]
fn colon_says_when_it_shows_another_moment_than_asked() {
    let mut a = app(NOTES);
    for (asked, said) in [
        (
            "11:46 2012-01-31",
            "no entry at 11:46 2012-01-31; showing 11:47 (+1 min)",
        ),
        (
            "9:00 2012-1-31",
            "no entry at 09:00 2012-01-31; showing 11:47 (+2 h 47 min)",
        ),
        (
            "12:00 2012-1-30",
            "no entry at 12:00 2012-01-30; showing 11:47 2012-01-31 (+23 h 47 min)",
        ),
        (
            "2012-1-25",
            "no entry on 2012-01-25; showing 2012-01-29 (+4 days)",
        ),
        (
            "2011-12-31",
            "2011-12-31 is before the first entry; showing 2012-01-02 (+2 days)",
        ),
        (
            "2013-01-01",
            "2013-01-01 is after the last entry; showing 2012-02-03 (-333 days)",
        ),
        (
            "2011-11",
            "2011-11 is before the first entry; showing 2012-01-02 (+2 months)",
        ),
        (
            "12:00 2012-2-3",
            "12:00 2012-02-03 is after the last entry; showing 08:15 (-3 h 45 min)",
        ),
    ] {
        let s = colon(&mut a, asked);
        assert!(status_line(&s).contains(said), ":{asked}\n{s}");
    }
    // `1-31`: that day in the year of the entry shown; `1-30` has none.
    let s = colon(&mut a, "1-31");
    assert!(
        s.contains("11:47 2012-01-31") && status_line(&s).trim().starts_with("log2012.txt:"),
        "{s}"
    );
    let s = colon(&mut a, "1-30");
    assert!(
        status_line(&s).contains("no entry on 2012-01-30; showing 2012-01-31 (+1 day)"),
        "{s}"
    );
    assert!(status_line(&colon(&mut a, "13-1")).contains("is not a date or stamp"));
    // What was asked for is what is shown: nothing to say.
    for exact in ["11:47 2012-1-31", "2012-1-29", "2012-01", "2012-02"] {
        let s = colon(&mut a, exact);
        assert!(
            !status_line(&s).contains("showing"),
            ":{exact}: {}",
            status_line(&s)
        );
    }
}

#[test]
fn ctrl_o_brings_back_the_chosen_link() {
    let mut a = app(NOTES);
    colon(&mut a, "2012-1-29");
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 140, 30);
    assert!(common::reader_title(&s).contains("2012-01-31"), "{s}");
    ctrl(&mut a, 'o');
    let s = screen(&mut a, 140, 30);
    assert!(common::reader_title(&s).contains("2012-01-29"), "{s}");
    // The link is still chosen: Enter follows it again.
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 140, 30);
    assert!(!status_line(&s).contains("no link selected"), "{s}");
    assert!(common::reader_title(&s).contains("2012-01-31"), "{s}");
    // And Tab (forward) after Ctrl-o also keeps the link where it was.
    ctrl(&mut a, 'o');
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('n'));
    ctrl(&mut a, 'o');
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 140, 30);
    assert!(common::reader_title(&s).contains("2012-01-31"), "{s}");
}

/// The Filter's selected row (marked `▌`), trimmed.
fn filter_selected(s: &str) -> String {
    common::left_pane_rows(s, "Filter")
        .into_iter()
        .find(|r| r.starts_with('▌'))
        .unwrap_or_default()
}

#[test]
fn the_filter_selection_follows_the_reader() {
    let mut a = app(NOTES);
    let s = screen(&mut a, 140, 30);
    assert!(filter_selected(&s).contains("02-03"), "{s}");
    // `:` to a day.
    let s = colon(&mut a, "2012-1-29");
    assert!(filter_selected(&s).contains("01-29"), "{s}");
    // Following a link, and back.
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 140, 30);
    assert!(filter_selected(&s).contains("01-31"), "{s}");
    ctrl(&mut a, 'o');
    let s = screen(&mut a, 140, 30);
    assert!(filter_selected(&s).contains("01-29"), "{s}");
    // With a query: the reader's entry is selected when it matches, and the
    // selection stays when it does not.
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "re");
    key(&mut a, KeyCode::Enter);
    let s = colon(&mut a, "2012-1-31");
    assert!(filter_selected(&s).contains("01-31"), "{s}");
    let s = colon(&mut a, "2012-1-2");
    assert!(filter_selected(&s).contains("01-31"), "{s}");
    assert!(common::reader_title(&s).contains("2012-01-02"), "{s}");
}

#[test]
fn after_a_restart_the_filter_selects_the_restored_entry() {
    let mut a = app(NOTES);
    a.reader.restore_to = Some(("log2012.txt".into(), 5, 0));
    let store = std::sync::Arc::clone(&a.store);
    a.on_store(store);
    a.settle();
    let s = screen(&mut a, 140, 30);
    assert!(common::reader_title(&s).contains("2012-01-29"), "{s}");
    assert!(filter_selected(&s).contains("01-29"), "{s}");
}

#[test]
fn on_this_day_takes_the_readers_day_and_names_it_plainly() {
    let mut a = app("\
9:00 2012-1-31
a
1, one

10:00 2012-12-1
b
1, two

9:00 2013-1-31
c
1, three

9:00 2013-3-5
d
1, four

9:00 2014-3-5
e
1, five
");
    // At start-up: today (2014-03-05, the fixed clock).
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('o'));
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("On Mar 5 in other years · 1"), "{s}");
    assert!(s.contains("2013-03-05 09:00"), "{s}");
    key(&mut a, KeyCode::Esc);
    // From the reader's entry: its month and day, earlier and later years.
    colon(&mut a, "2012-1-31");
    key(&mut a, KeyCode::Char('o'));
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("On Jan 31 in other years · 1"), "{s}");
    assert!(s.contains("2013-01-31 09:00"), "{s}");
    key(&mut a, KeyCode::Esc);
    // Nothing else on Dec 1: said as "Dec 1", not "12-01".
    colon(&mut a, "2012-12-1");
    key(&mut a, KeyCode::Char('o'));
    let s = screen(&mut a, 100, 30);
    assert!(
        status_line(&s).contains("nothing was written on Dec 1 in other years"),
        "{s}"
    );
}

#[test]
fn a_selected_link_shows_where_it_leads() {
    let mut a = app(NOTES);
    colon(&mut a, "2012-1-29");
    let peeks = [
        "link 1/3 → 11:47 2012-01-31 2  exact  review, 回顾",
        "link 2/3 → 11:50 2012-01-31  ≈ 11:47 (3 min off)  review, 回顾",
        "link 3/3 → 10:00 2012-01-30  ✗ no entry within 10 minutes that day",
    ];
    for want in peeks {
        key(&mut a, KeyCode::Char('n'));
        let s = screen(&mut a, 140, 30);
        assert!(status_line(&s).starts_with(want), "{want}\n{s}");
    }
    // Nothing was followed.
    let s = screen(&mut a, 140, 30);
    assert!(common::reader_title(&s).contains("2012-01-29"), "{s}");
    // A backlink and its direction.
    colon(&mut a, "2012-1-31");
    key(&mut a, KeyCode::Char('N'));
    let s = screen(&mut a, 140, 30);
    assert!(
        status_line(&s).contains("← linked from 11:47 2012-01-29  plan, 计划"),
        "{s}"
    );
    // In a narrow status line the keywords lose words, never half a word,
    // and the link and its stamp stay.
    colon(&mut a, "2012-1-29");
    key(&mut a, KeyCode::Char('n'));
    let s = screen(&mut a, 60, 20);
    let line = status_line(&s);
    assert!(
        line.starts_with("link 1/3 → 11:47 2012-01-31 2  exact"),
        "{s}"
    );
    assert!(!line.contains("review, 回"), "{line}");
}

/// A notebook of `days` days with `per_day` entries each, from 2012-01-01.
fn busy(days: u32, per_day: u32) -> String {
    let mut s = String::new();
    for d in 1..=days {
        for h in 0..per_day {
            s.push_str(&format!("{}:00 2012-1-{d}\nk{d}x{h}\n1, x\n\n", 8 + h));
        }
    }
    s
}

#[test]
fn the_timeline_title_counts_matches_in_words() {
    let mut a = app(NOTES);
    key(&mut a, KeyCode::Char('p'));
    key(&mut a, KeyCode::Char('l'));
    key(&mut a, KeyCode::Char('a'));
    key(&mut a, KeyCode::Char('n'));
    let s = screen(&mut a, 100, 30);
    assert!(s.contains(" 1 match ┐"), "{s}");
    for _ in 0..4 {
        key(&mut a, KeyCode::Backspace);
    }
    typed(&mut a, "s");
    let s = screen(&mut a, 100, 30);
    assert!(s.contains(" 2 matches ┐"), "{s}");
    // A month with one entry says so.
    assert!(s.contains("2012-02") && s.contains(" 1 entry "), "{s}");
}

#[test]
fn the_top_timeline_row_names_its_day_when_scrolled_mid_day() {
    let mut a = app(&busy(3, 8));
    key(&mut a, KeyCode::Esc);
    ctrl(&mut a, 'w');
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('g'));
    key(&mut a, KeyCode::Char('g'));
    // Down into the second day's entries, the top scrolled past its first.
    for _ in 0..14 {
        key(&mut a, KeyCode::Char('j'));
    }
    for _ in 0..6 {
        ctrl(&mut a, 'e');
    }
    let s = screen(&mut a, 100, 30);
    let rows = common::left_pane_rows(&s, "Timeline");
    let top = rows.first().cloned().unwrap_or_default();
    // The first row shown is day 2's third entry: it names its day anyway.
    assert!(
        top.trim_start_matches(['▌', ' '])
            .starts_with("Mon 02  10:00  k2x2"),
        "the top row names its day: {top:?}\n{s}"
    );
    // The rows under it on the same day do not.
    assert!(rows[1].trim_start().starts_with("11:00  k2x3"), "{s}");
}

#[test]
fn a_long_message_loses_the_key_hint_then_whole_words() {
    let mut a = app(NOTES);
    a.message = Some("no notebook given or configured: showing the bundled sample (rizhi config --init to set yours)".into());
    let s = screen(&mut a, 100, 30);
    let line = status_line(&s);
    assert_eq!(
        line.trim_end(),
        "no notebook given or configured: showing the bundled sample (rizhi config --init to set yours)",
        "{s}"
    );
    a.message = Some("no notebook given or configured: showing the bundled sample (rizhi config --init to set yours)".into());
    let s = screen(&mut a, 60, 20);
    let line = status_line(&s);
    assert_eq!(
        line.trim_end(),
        "no notebook given or configured: showing the bundled sample…",
        "{s}"
    );
}

/// The rows of the Reader drawn reversed (the landing mark without colour).
fn landing_rows(a: &mut App) -> Vec<String> {
    let (w, h) = (140u16, 30u16);
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    a.prepare(Rect::new(0, 0, w, h));
    term.draw(|f| rizhi::tui::ui::render(a, f)).expect("draw");
    let area = a.screen.areas.reader;
    let buf = term.backend().buffer();
    let mut out = Vec::new();
    for y in area.y + 1..area.y + area.height.saturating_sub(1) {
        let xs = area.x + 1..area.x + area.width.saturating_sub(2);
        // Every cell but the second half of a wide glyph.
        let mut reversed = true;
        let mut skip = false;
        for x in xs.clone() {
            if std::mem::take(&mut skip) {
                continue;
            }
            let cell = &buf[(x, y)];
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()) == 2;
            reversed &= cell.modifier.contains(ratatui::style::Modifier::REVERSED);
        }
        if reversed {
            out.push(
                xs.map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>(),
            );
        }
    }
    out
}

#[test]
fn landing_on_a_section_or_a_todo_marks_the_line_until_the_next_key() {
    let mut a = app(NOTES);
    colon(&mut a, "2012-1-29");
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Enter);
    let rows = landing_rows(&mut a);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].starts_with("2, details"), "{rows:?}");
    // The next key takes the mark away.
    ctrl(&mut a, 'e');
    assert!(landing_rows(&mut a).is_empty());
    // A todo opened from the list.
    key(&mut a, KeyCode::Char('t'));
    key(&mut a, KeyCode::Enter);
    let rows = landing_rows(&mut a);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("todo 买"), "{rows:?}");
    // A jump without a line marks nothing.
    colon(&mut a, "2012-1-31");
    assert!(landing_rows(&mut a).is_empty());
}

#[test]
fn the_thread_view_starts_on_this_entry_shows_direction_and_limits_depth() {
    let mut a = app(NOTES);
    // 01-31 links to 01-02 and is linked from 01-29 (twice: exact, ≈).
    colon(&mut a, "2012-1-31");
    key(&mut a, KeyCode::Char('T'));
    let s = screen(&mut a, 140, 30);
    assert!(
        s.contains("Thread of 2012-01-31 11:47 · 3 entries · →N links to, ←N linked from · depth all (+/-)"),
        "{s}"
    );
    // The cursor starts on this entry (the row marked ▌ in the list).
    assert!(s.contains("▌2012-01-31 11:47  ·   review"), "{s}");
    assert!(s.contains("2012-01-02 09:00  →1  start"), "{s}");
    assert!(s.contains("2012-01-29 11:47  ←1  plan"), "{s}");
    // Enter opens the selected row: this entry.
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 140, 30);
    assert!(common::reader_title(&s).contains("2012-01-31"), "{s}");
}

#[test]
fn minus_and_plus_limit_the_thread_and_other_lists_type_them() {
    // A chain: 1 → 2 → 3 → 4.
    let mut a = app("\
9:00 2012-1-1
one
1, see \"9:00 2012-1-2\"

9:00 2012-1-2
two
1, see \"9:00 2012-1-3\"

9:00 2012-1-3
three
1, see \"9:00 2012-1-4\"

9:00 2012-1-4
four
1, \\todo end-of-chain
");
    colon(&mut a, "2012-1-1");
    key(&mut a, KeyCode::Char('T'));
    let count = |a: &mut App| {
        let s = screen(a, 140, 30);
        s.lines()
            .filter(|l| l.contains("2012-01-0") && l.contains(" 09:00  "))
            .count()
    };
    assert_eq!(count(&mut a), 4);
    key(&mut a, KeyCode::Char('-'));
    assert_eq!(count(&mut a), 3);
    let s = screen(&mut a, 140, 30);
    assert!(s.contains("depth 2 (+/-)"), "{s}");
    assert!(status_line(&s).contains("at most 2 links away"), "{s}");
    key(&mut a, KeyCode::Char('-'));
    key(&mut a, KeyCode::Char('-'));
    assert_eq!(count(&mut a), 2, "never below one link");
    key(&mut a, KeyCode::Char('+'));
    key(&mut a, KeyCode::Char('+'));
    assert_eq!(count(&mut a), 4);
    assert!(screen(&mut a, 140, 30).contains("depth all"));
    // In the todo list `-` is typed into its filter.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('t'));
    typed(&mut a, "end-of");
    let s = screen(&mut a, 140, 30);
    assert!(s.contains("> end-of"), "{s}");
    assert!(s.contains("end-of-chain"), "{s}");
    // The help names both keys.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('?'));
    let mut seen = String::new();
    for _ in 0..40 {
        seen.push_str(&screen(&mut a, 140, 30));
        ctrl(&mut a, 'd');
    }
    assert!(seen.contains("thread: one link further out"), "{seen}");
    assert!(seen.contains("thread: one link less far"), "{seen}");
}

/// `]` / `[` say why they do not move: no series at all, or no part further
/// that way.
#[test]
fn brackets_say_why_they_do_not_move() {
    let mut a = app(NOTES);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char(']'));
    let s = screen(&mut a, 140, 30);
    assert!(
        status_line(&s).contains("this entry is not part of a series"),
        "{s}"
    );
    let mut a = app("10:00 2014-3-1\nxen, cont1\n1, a\n\n11:00 2014-3-2\nxen, cont2\n1, b\n");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char(']'));
    let s = screen(&mut a, 140, 30);
    assert!(
        status_line(&s).contains("no next part in this series"),
        "{s}"
    );
    key(&mut a, KeyCode::Char('['));
    key(&mut a, KeyCode::Char('['));
    let s = screen(&mut a, 140, 30);
    assert!(s.contains("10:00 2014-03-01"), "{s}");
    assert!(
        status_line(&s).contains("no previous part in this series"),
        "{s}"
    );
}
