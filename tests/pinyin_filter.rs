//! Pinyin in the filter: a Latin query finds hanzi by full pinyin and by
//! initials, ranked below literal matches, with the hanzi highlighted.

mod common;

use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Terminal;
use rizhi::notebook::Notebook;
use rizhi::tui::app::App;

const NOTES: &str = "\
9:00 2014-3-1
时间管理, 计划
1, 周计划

10:00 2014-3-2
jihua review, english notes
1, plain

11:00 2014-3-3
银行, 开户
1, 银行卡

12:00 2014-3-4
kernel, scheduler
1, nothing chinese

13:00 2014-3-5
读书, 小说, 三体
1, 第二部

14:00 2014-3-6
先恩, 名字
1, plain
";

fn app() -> App {
    rizhi::tui::open(
        vec![Notebook::from_bytes("py.txt", NOTES.as_bytes())],
        common::fixed_options(),
    )
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        a.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        a.settle();
    }
}

fn titles(a: &App) -> Vec<String> {
    (0..a.result_count())
        .filter_map(|n| a.result(n))
        .map(|id| a.store.title(id).to_string())
        .collect()
}

#[test]
fn initials_and_full_pinyin_find_hanzi() {
    let mut a = app();
    typed(&mut a, "sjgl");
    assert_eq!(titles(&a), ["时间管理, 计划"]);
    let mut a = app();
    typed(&mut a, "shijian");
    assert_eq!(titles(&a), ["时间管理, 计划"]);
}

#[test]
fn literal_matches_rank_above_pinyin_matches() {
    let mut a = app();
    typed(&mut a, "jihua");
    assert_eq!(
        titles(&a),
        ["jihua review, english notes", "时间管理, 计划"]
    );
}

#[test]
fn heteronyms_match_by_any_reading() {
    let mut a = app();
    typed(&mut a, "yinhang");
    assert_eq!(titles(&a), ["银行, 开户"]);
}

#[test]
fn mixed_latin_and_pinyin_query() {
    let mut a = app();
    typed(&mut a, "guanli jihua");
    assert_eq!(titles(&a), ["时间管理, 计划"]);
}

#[test]
fn alt_p_switches_pinyin_off() {
    let mut a = app();
    a.on_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::ALT));
    typed(&mut a, "sjgl");
    assert!(titles(&a).is_empty());
}

#[test]
fn matched_hanzi_are_highlighted() {
    let mut a = app();
    typed(&mut a, "sjgl");
    let mut term = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    a.prepare(Rect::new(0, 0, 100, 30));
    term.draw(|f| rizhi::tui::ui::render(&a, f)).expect("draw");
    let buf = term.backend().buffer();
    let row: Vec<_> = (0..40).map(|x| buf[(x, 2)].clone()).collect();
    let lit: Vec<&str> = row
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::UNDERLINED))
        .map(|c| c.symbol())
        .collect();
    assert_eq!(lit, ["时", "间", "管", "理"], "{row:?}");
}

#[test]
fn pinyin_is_read_by_syllables_not_by_scattered_letters() {
    let mut a = app();
    // x-iao, yu-e, sa-n would spell "xen" letter by letter in 小说三体.
    typed(&mut a, "xen");
    assert_eq!(titles(&a), ["先恩, 名字"]);
    let mut a = app();
    typed(&mut a, "shijgl");
    assert_eq!(titles(&a), ["时间管理, 计划"]);
    let mut a = app();
    typed(&mut a, "xsst");
    assert_eq!(titles(&a), ["读书, 小说, 三体"]);
}

#[test]
fn exact_and_anchored_pinyin_words_see_the_readings_joined() {
    let mut a = app();
    typed(&mut a, "'guanli");
    assert_eq!(titles(&a), ["时间管理, 计划"]);
    let mut a = app();
    typed(&mut a, "^shijian");
    assert_eq!(titles(&a), ["时间管理, 计划"]);
    let mut a = app();
    typed(&mut a, "'xiaoshuo");
    assert_eq!(titles(&a), ["读书, 小说, 三体"]);
}
