//! Whole-screen snapshots of the browser, driven by key events through the real
//! `App` on a `TestBackend` (STYLE.md §5). The clock is fixed.

mod common;

use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Terminal;
use rizhi::notebook::Notebook;
use rizhi::tui::app::App;

fn fixture(name: &str) -> Notebook {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("fixture");
    Notebook::from_bytes(name, &bytes)
}

fn app(name: &str) -> App {
    app_with(name, false)
}

fn app_with(name: &str, ambiguous_wide: bool) -> App {
    let mut opts = common::fixed_options();
    opts.wrap.ambiguous_wide = ambiguous_wide;
    rizhi::tui::open(vec![fixture(name)], opts)
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
    term.backend().to_string()
}

#[test]
fn startup_at_100x30_shows_three_panes_and_the_newest_entry() {
    let mut a = app("tui_screen.txt");
    insta::assert_snapshot!(screen(&mut a, 100, 30));
}

#[test]
fn a_query_narrows_the_list_and_the_reader_follows() {
    let mut a = app("tui_screen.txt");
    typed(&mut a, "sched");
    insta::assert_snapshot!(screen(&mut a, 100, 30));
}

#[test]
fn whole_entry_scope_shows_the_matching_body_line() {
    let mut a = app("tui_screen.txt");
    ctrl(&mut a, 't');
    typed(&mut a, "vruntime");
    insta::assert_snapshot!(screen(&mut a, 100, 30));
}

fn open_mixed_entry() -> App {
    let mut a = app("tui_screen.txt");
    typed(&mut a, "ftrace");
    key(&mut a, KeyCode::Enter);
    a
}

#[test]
fn mixed_cjk_entry_at_width_100() {
    let mut a = open_mixed_entry();
    insta::assert_snapshot!(screen(&mut a, 100, 30));
}

#[test]
fn mixed_cjk_entry_at_width_61() {
    let mut a = open_mixed_entry();
    insta::assert_snapshot!(screen(&mut a, 61, 24));
}

#[test]
fn mixed_cjk_entry_at_width_20() {
    let mut a = open_mixed_entry();
    insta::assert_snapshot!(screen(&mut a, 20, 12));
}

#[test]
fn following_an_approximate_link_says_which_entry_it_meant() {
    let mut a = open_mixed_entry();
    // Links in order: see"18:30"2-1), 详见"10:00" (dangling), "18:32" (approximate).
    for _ in 0..3 {
        key(&mut a, KeyCode::Char('n'));
    }
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 100, 30);
    assert!(
        s.contains("no entry at 18:32 2014-03-01, showing 18:30"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn following_a_link_lands_on_its_section() {
    let mut a = open_mixed_entry();
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 100, 12);
    assert!(s.contains("18:30 2014-03-01"), "{s}");
    assert!(s.contains("1), struct sched_entity"), "{s}");
    ctrl(&mut a, 'o');
    let s = screen(&mut a, 100, 12);
    assert!(s.contains("09:05 2014-03-02"), "{s}");
}

#[test]
fn help_overlay_lists_the_keymap() {
    let mut a = open_mixed_entry();
    key(&mut a, KeyCode::Char('?'));
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("focus the Filter and type"), "{s}");
    insta::assert_snapshot!(s);
    key(&mut a, KeyCode::Esc);
    assert!(!screen(&mut a, 100, 30).contains("focus the Filter and type"));
}

#[test]
fn narrow_layout_shows_one_pane_with_tabs() {
    let mut a = app("tui_screen.txt");
    insta::assert_snapshot!("narrow_filter", screen(&mut a, 60, 20));
    key(&mut a, KeyCode::Enter);
    insta::assert_snapshot!("narrow_reader", screen(&mut a, 60, 20));
}

#[test]
fn tiny_terminals_get_one_line_and_no_panic() {
    let mut a = open_mixed_entry();
    for (w, h) in [(1, 1), (2, 2), (19, 5), (20, 4), (5, 30), (200, 3)] {
        let s = screen(&mut a, w, h);
        assert!(s.contains("rizhi") || w < 8, "{w}x{h}: {s}");
    }
    let s = screen(&mut a, 20, 5);
    assert!(!s.contains("needs at least"), "{s}");
}

#[test]
fn todo_view_lists_every_todo_and_enter_opens_it() {
    let mut a = app("tui_screen.txt");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('t'));
    insta::assert_snapshot!(screen(&mut a, 100, 30));
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 100, 30);
    // The Reader's title: the entry's stamp (its counts outrank the file).
    assert!(s.contains("┐┌ 09:05 2014-03-02 "), "{s}");
}

#[test]
fn thread_view_shows_the_linked_entries_with_depth() {
    let mut a = app("tui_screen.txt");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('T'));
    insta::assert_snapshot!(screen(&mut a, 100, 30));
}

#[test]
fn on_this_day_view_uses_the_injected_clock() {
    let mut a = app("on_this_day.txt");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('o'));
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("On Mar 5 in other years"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn year_heatmap_in_the_timeline() {
    let mut a = app("on_this_day.txt");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('h'));
    key(&mut a, KeyCode::Char('H'));
    key(&mut a, KeyCode::Char('['));
    insta::assert_snapshot!(screen(&mut a, 100, 30));
    key(&mut a, KeyCode::Char('l'));
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 100, 30);
    assert!(
        s.contains("20:00 2013-03-06"),
        "Enter opens the day under the cursor: {s}"
    );
}

#[test]
fn ambiguous_width_one_column() {
    let mut a = app_with("ambiguous_width.txt", false);
    key(&mut a, KeyCode::Enter);
    insta::assert_snapshot!(screen(&mut a, 70, 12));
}

#[test]
fn ambiguous_width_two_columns() {
    let mut a = app_with("ambiguous_width.txt", true);
    key(&mut a, KeyCode::Enter);
    insta::assert_snapshot!(screen(&mut a, 70, 12));
}

/// The status bar names the help key that works where the focus is: in the
/// Filter `?` and `q` are typed into the query, so it says F1 and Ctrl-c;
/// in a pop-up list Esc closes it.
#[test]
fn the_status_bar_names_the_help_key_that_works_here() {
    let status = |a: &mut App, w: u16| {
        screen(a, w, 30)
            .lines()
            .last()
            .unwrap_or_default()
            .trim_matches('"')
            .trim_end()
            .to_string()
    };
    let mut a = app("tui_screen.txt");
    assert!(status(&mut a, 100).ends_with("F1 help · Ctrl-c quit"));
    assert!(status(&mut a, 50).ends_with("F1 help"));
    // What it says is true: `?` is typed, F1 opens the help.
    key(&mut a, KeyCode::Char('?'));
    assert_eq!(a.filter.query, "?");
    assert!(a.overlays.help.is_none());
    key(&mut a, KeyCode::F(1));
    assert!(a.overlays.help.is_some());
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::Esc);
    assert!(status(&mut a, 100).ends_with("? help · q quit"));
    assert!(status(&mut a, 50).ends_with("? help"));
    key(&mut a, KeyCode::Char('t'));
    assert!(a.overlays.list.is_some());
    assert!(status(&mut a, 100).ends_with("Esc closes · Ctrl-c quit"));
}

/// The help scrolls as a pager (G, gg, Ctrl-d) and ends with the overlays'
/// keys, the mouse and the query syntax.
#[test]
fn help_scrolls_to_its_end_with_the_overlays_and_the_mouse() {
    let mut a = open_mixed_entry();
    key(&mut a, KeyCode::Char('?'));
    key(&mut a, KeyCode::Char('G'));
    let s = screen(&mut a, 100, 30);
    for want in [
        "rizhi pick (the chooser)",
        "Mouse",
        "click a link",
        "follow it (in the Reader)",
        "Query (Filter)",
        "pinyin initials or syllables find",
    ] {
        assert!(s.contains(want), "{want}\n{s}");
    }
    insta::assert_snapshot!(s);
    typed(&mut a, "gg");
    assert!(screen(&mut a, 100, 30).contains("│Filter "));
    ctrl(&mut a, 'd');
    let s = screen(&mut a, 100, 30);
    assert!(!s.contains("│Filter ") && s.contains("Keys · Esc"), "{s}");
    // Every overlay's keys and `:files` are there, at the right size.
    let tall = {
        key(&mut a, KeyCode::Char('g'));
        key(&mut a, KeyCode::Char('g'));
        screen(&mut a, 100, 130)
    };
    for want in [
        "The : line (go to a date or stamp; :files)",
        "files (or f) lists the loaded files",
        "an older command (history)",
        "Lists (t todos, T thread, o on this day, :files)",
        "narrow the list",
        "Heatmap (H, in the Timeline)",
        "a month on",
        "This help",
        "z t",
        "Ctrl-e",
        "count for the next key (5j, 3n, 10G)",
        "next entry matching the query (wraps)",
    ] {
        assert!(tall.contains(want), "{want}\n{tall}");
    }
}

/// `n` / `N` in the Timeline go to the next / previous entry that matches
/// the query, wrapping as vim's search does, and say so.
#[test]
fn n_in_the_timeline_jumps_between_matching_entries() {
    use rizhi::tui::app::Pane;
    let mut a = app("tui_screen.txt");
    typed(&mut a, "kernel");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('h'));
    assert_eq!(a.focus, Pane::Timeline);
    let title = |a: &mut App| screen(a, 100, 30).lines().next().unwrap().to_string();
    // Both entries say "kernel" in their title alike: a tie, and ties come
    // newest first (issue 15), so the Timeline starts on the newer one.
    assert!(
        title(&mut a).contains("09:05 2014-03-02"),
        "{}",
        title(&mut a)
    );
    // 10:30 2014-3-4 does not match: n skips it and wraps round.
    key(&mut a, KeyCode::Char('n'));
    assert!(
        title(&mut a).contains("18:30 2014-03-01"),
        "{}",
        title(&mut a)
    );
    assert!(a
        .message
        .as_deref()
        .unwrap_or("")
        .contains("continuing at the oldest"));
    key(&mut a, KeyCode::Char('n'));
    assert!(
        title(&mut a).contains("09:05 2014-03-02"),
        "{}",
        title(&mut a)
    );
    assert_eq!(a.message, None);
    key(&mut a, KeyCode::Char('N'));
    assert!(
        title(&mut a).contains("18:30 2014-03-01"),
        "{}",
        title(&mut a)
    );
    assert_eq!(a.message, None);
    key(&mut a, KeyCode::Char('N'));
    assert!(
        title(&mut a).contains("09:05 2014-03-02"),
        "{}",
        title(&mut a)
    );
    assert!(a
        .message
        .as_deref()
        .unwrap_or("")
        .contains("continuing at the newest"));
    // With no query it says what it does.
    key(&mut a, KeyCode::Char('/'));
    ctrl(&mut a, 'u');
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('h'));
    key(&mut a, KeyCode::Char('n'));
    assert!(
        a.message.as_deref().unwrap_or("").starts_with("n / N"),
        "{:?}",
        a.message
    );
}

/// Ctrl-w in the Filter: then w/h/j/l/k is the window command, then any
/// other key deletes a word and is handled as usual.
#[test]
fn ctrl_w_in_the_filter_is_the_window_command_or_deletes_a_word() {
    use rizhi::tui::app::Pane;
    let mut a = app("tui_screen.txt");
    typed(&mut a, "sched kernel");
    ctrl(&mut a, 'w');
    key(&mut a, KeyCode::Char('x'));
    assert_eq!(a.filter.query, "sched x");
    ctrl(&mut a, 'w');
    key(&mut a, KeyCode::Char('w'));
    assert_eq!(
        (a.focus, a.filter.query.as_str()),
        (Pane::Timeline, "sched x")
    );
    ctrl(&mut a, 'w');
    key(&mut a, KeyCode::Char('k'));
    assert_eq!(a.focus, Pane::Filter);
    ctrl(&mut a, 'w');
    key(&mut a, KeyCode::Backspace);
    assert_eq!(a.filter.query, "sched");
}
