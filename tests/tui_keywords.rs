//! The keyword browser (`K`), entries like this one (`*`) and landing on the
//! match, driven by key events through the real `App` on a `TestBackend`.

mod common;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::Terminal;
use rizhi::notebook::Notebook;
use rizhi::tui::app::{App, Pane};

fn app(name: &str) -> App {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("fixture");
    rizhi::tui::open(
        vec![Notebook::from_bytes(name, &bytes)],
        common::fixed_options(),
    )
}

fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    app.on_key(KeyEvent::new(code, mods));
    app.settle();
}

fn key(app: &mut App, code: KeyCode) {
    press(app, code, KeyModifiers::NONE);
}

fn ctrl(app: &mut App, c: char) {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn draw(app: &mut App) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    app.prepare(Rect::new(0, 0, 100, 30));
    term.draw(|f| rizhi::tui::ui::render(app, f)).expect("draw");
    term.backend().buffer().clone()
}

fn rows(b: &Buffer) -> Vec<String> {
    (0..b.area.height)
        .map(|y| (0..b.area.width).map(|x| b[(x, y)].symbol()).collect())
        .collect()
}

fn screen(app: &mut App) -> String {
    rows(&draw(app)).join("\n")
}

/// The row and column where `text` starts on screen (rows of ASCII and
/// box-drawing characters: one column per char).
fn find(b: &Buffer, text: &str) -> Option<(u16, u16)> {
    rows(b).iter().enumerate().find_map(|(y, r)| {
        let i = r.find(text)?;
        Some((y as u16, r[..i].chars().count() as u16))
    })
}

/// The style modifiers of the cell at the start of the `nth` occurrence of
/// `word` in the row that holds `row_text`.
fn modifiers(b: &Buffer, row_text: &str, word: &str, nth: usize) -> Modifier {
    let (y, _) = find(b, row_text).unwrap_or_else(|| panic!("{row_text:?} not on screen"));
    let row = &rows(b)[y as usize];
    let at = row.match_indices(word).nth(nth).expect("word").0;
    let x = row[..at].chars().count() as u16;
    b[(x, y)].modifier
}

#[test]
fn the_keyword_browser_counts_sorts_narrows_and_filters_by_enter() {
    let mut a = app("keywords_over_months.txt");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('K'));
    let s = screen(&mut a);
    assert!(
        s.contains("Keywords · 7 · 2012-01 … 2012-04 · by count"),
        "{s}"
    );
    // Count, keyword, last use, one bar per month (none in February).
    assert!(s.contains("▌3  xen"), "{s}");
    assert!(s.contains("2012-03-02  █ ▄"), "{s}");
    ctrl(&mut a, 's');
    let s = screen(&mut a);
    assert!(s.contains("· by name"), "{s}");
    // The selection stays on xen; GTD now heads the list.
    let (gtd, _) = find(&draw(&mut a), "1  GTD").expect("GTD row");
    let (xen, _) = find(&draw(&mut a), "3  xen").expect("xen row");
    assert!(gtd < xen, "{s}");
    ctrl(&mut a, 's');
    assert!(screen(&mut a).contains("· by last"));
    typed(&mut a, "kv");
    let s = screen(&mut a);
    assert!(s.contains("2  KVM") && !s.contains("3  xen"), "{s}");
    key(&mut a, KeyCode::Enter);
    assert!(a.overlays.keywords.is_none());
    assert_eq!(a.filter.query, "'kvm");
    assert_eq!(a.focus, Pane::Filter);
    assert_eq!(a.result_count(), 2);
    let s = screen(&mut a);
    assert!(s.contains("> 'kvm"), "{s}");
}

#[test]
fn star_puts_the_first_keyword_group_into_the_filter() {
    let mut a = app("keywords_over_months.txt");
    key(&mut a, KeyCode::Esc);
    typed(&mut a, ":");
    typed(&mut a, "2012-1-20");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a);
    assert!(
        s.contains("11:00 2012-01-20 · keywords_over_months.txt:5"),
        "{s}"
    );
    key(&mut a, KeyCode::Char('*'));
    // The series marker `cont2` is left out; every term must be on the line.
    assert_eq!(a.filter.query, "'virtualization 'xen '内核");
    assert_eq!(a.focus, Pane::Filter);
    assert_eq!(a.result_count(), 1);
    // On an entry whose first group is one term.
    key(&mut a, KeyCode::Esc);
    typed(&mut a, ":2012-1-5");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('*'));
    assert_eq!(a.filter.query, "'virtualization 'xen 'migration");
    assert_eq!(a.result_count(), 1);
    assert!(screen(&mut a).contains("> 'virtualization 'xen 'migration"));
}

#[test]
fn a_whole_entry_result_opens_on_its_first_match_highlighted_and_steps() {
    let mut a = app("landing_on_match.txt");
    ctrl(&mut a, 't');
    typed(&mut a, "migration");
    // Before Enter the reader shows the entry from its top.
    let b = draw(&mut a);
    assert!(find(&b, "the migration stream").is_none());
    key(&mut a, KeyCode::Enter);
    let b = draw(&mut a);
    let s = rows(&b).join("\n");
    assert!(s.contains("match 1/3"), "{s}");
    assert!(find(&b, "40, the migration stream").is_some(), "{s}");
    // The current match stands out; the others are marked too.
    let m = modifiers(&b, "40, the migration", "migration", 0);
    assert!(
        m.contains(Modifier::REVERSED | Modifier::UNDERLINED),
        "{m:?}"
    );
    let m = modifiers(&b, "42, dirty pages", "migration", 1);
    assert!(m.contains(Modifier::UNDERLINED) && !m.contains(Modifier::REVERSED));
    let m = modifiers(&b, "40, the migration", "stream", 0);
    assert!(!m.contains(Modifier::UNDERLINED));
    ctrl(&mut a, 'n');
    let b = draw(&mut a);
    assert!(rows(&b).join("\n").contains("match 2/3"));
    let m = modifiers(&b, "42, dirty pages", "migration", 0);
    assert!(m.contains(Modifier::REVERSED), "{m:?}");
    let m = modifiers(&b, "40, the migration", "migration", 0);
    assert!(!m.contains(Modifier::REVERSED));
    // gn is the same step; Ctrl-p goes back, and wraps from the first.
    typed(&mut a, "gn");
    assert!(screen(&mut a).contains("match 3/3"));
    ctrl(&mut a, 'n');
    assert!(screen(&mut a).contains("match 1/3"));
    ctrl(&mut a, 'p');
    assert!(screen(&mut a).contains("match 3/3"));
    // n / N still move between links, untouched.
    key(&mut a, KeyCode::Char('n'));
    assert!(screen(&mut a).contains("this entry has no links"));
}

#[test]
fn a_keyword_scope_result_opens_at_the_top() {
    let mut a = app("landing_on_match.txt");
    typed(&mut a, "dirty");
    key(&mut a, KeyCode::Enter);
    let b = draw(&mut a);
    let s = rows(&b).join("\n");
    assert!(
        s.contains("qemu, dirty pages") && !s.contains("match 1/"),
        "{s}"
    );
}
