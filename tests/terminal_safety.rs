//! Terminal safety (issue #7): whatever a notebook holds and whatever the
//! terminal does, rizhi never panics, never draws garbage, never lets a byte
//! of a note act on the terminal, and always gives the terminal back.
//!
//! Two levels. The real `App` on a `TestBackend`, driven by key events, for
//! what needs many repetitions (every size from 1×1 up, 10,000 link
//! follows). The real binary in tmux, for what only a real terminal can show:
//! the pane title, the clipboard, the alternate screen, the cursor and mouse
//! modes after a signal or a panic. The tmux harness is tests/common/mod.rs
//! (STYLE.md): a server per test, polling, never a bare sleep, `kill-server`
//! on drop.

use chrono::NaiveDate;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Terminal;
use rizhi::notebook::Notebook;
use rizhi::tui::app::App;
mod common;

use common::{filter_count, fixed_options, huge_line, thread_cpu, Tmux, POLL, TOO_SMALL};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

/// Everything a terminal might act on, in one note: CSI (clear screen, leave
/// the alternate screen, hide the cursor, enable the mouse), OSC 0/2 (window
/// title) and 52 (clipboard), C1 forms of CSI and OSC, bidi overrides and
/// isolates, zero-width characters, BEL, BS, DEL, FF, VT. The keyword line is
/// hostile too: it is drawn in the Filter list and the Timeline.
const HOSTILE: &str = "9:00 2014-3-1
esc\x1b[2J, osc\x1b]0;owned\x07, bidi\u{202e}evil\u{202c}
1, title \x1b]0;owned\x07 and \x1b]2;owned2\x1b\\ here
2, clipboard \x1b]52;c;b3duZWQ=\x07 set
3, csi \x1b[31mred\x1b[0m \x1b[?1049l \x1b[?25l \x1b[?1000h \x1b[H
4, c1 \u{9b}2J \u{9d}0;owned\u{9c} \u{85}nel
5, bidi \u{202e}evil\u{202c} \u{2066}iso\u{2069} \u{61c}
6, zw a\u{200b}b a\u{200d}b \u{feff}c \u{2060}d \u{200e}e
7, bell \x07 bs \x08 del \x7f ff \x0c vt \x0b
8, 读 sched/fair.c 的 update_curr, see\"10:00 2014-3-2\"

10:00 2014-3-2
plain, 调度
1, an ordinary entry, see\"9:00 2014-3-1\"
";

// ------------------------------------------------------------ the App on a TestBackend

fn app_of(files: &[(&str, &str)]) -> App {
    let nbs = files
        .iter()
        .map(|(name, text)| Notebook::from_bytes(*name, text.as_bytes()))
        .collect();
    rizhi::tui::open(nbs, fixed_options())
}

fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    app.on_key(KeyEvent::new(code, mods));
}

fn key(app: &mut App, code: KeyCode) {
    press(app, code, KeyModifiers::NONE);
    app.settle();
}

fn ctrl(app: &mut App, c: char) {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL);
    app.settle();
}

fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    app.prepare(Rect::new(0, 0, w, h));
    term.draw(|f| rizhi::tui::ui::render(app, f)).expect("draw");
    term.backend().buffer().clone()
}

/// Rows as the terminal shows them (cells hidden under a wide glyph skipped).
fn rows(buf: &Buffer) -> Vec<String> {
    let a = buf.area;
    (a.y..a.bottom())
        .map(|y| {
            let mut s = String::new();
            let mut skip = 0;
            for x in a.x..a.right() {
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

// The characters the text module promises never to pass through to the
// terminal (C0, DEL, C1, bidi controls, zero-width and separators).
use rizhi::text::is_hidden as hidden;

/// No garbage: no cell holds a character a terminal would act on or hide,
/// and no row is wider than the screen (a wide glyph in the last column
/// would make the terminal wrap and shift everything below).
fn assert_clean(buf: &Buffer, what: &str) {
    let a = buf.area;
    for y in a.y..a.bottom() {
        let mut used = 0usize;
        let mut x = a.x;
        while x < a.right() {
            let sym = buf[(x, y)].symbol();
            if let Some(c) = sym.chars().find(|&c| hidden(c)) {
                panic!(
                    "{what}: cell ({x},{y}) holds U+{:04X} raw\n{}",
                    u32::from(c),
                    rows(buf).join("\n")
                );
            }
            let w = sym.width().max(1);
            used += w;
            x = x.saturating_add(u16::try_from(w).unwrap_or(u16::MAX));
        }
        assert!(
            used <= usize::from(a.width),
            "{what}: row {y} is {used} columns wide on a {}-column screen\n{}",
            a.width,
            rows(buf).join("\n")
        );
    }
}

/// The whole screen below 20×5: a prefix of the one-line message, nothing else.
fn assert_too_small(buf: &Buffer, w: u16, h: u16) {
    let r = rows(buf);
    let want: String = TOO_SMALL.chars().take(usize::from(w)).collect();
    assert_eq!(r[0].trim_end(), want.trim_end(), "{w}×{h}");
    assert!(
        r.iter().skip(1).all(|l| l.trim().is_empty()),
        "{w}×{h}: only the message\n{}",
        r.join("\n")
    );
}

/// Item 10: every size from 1×1 to 24×8, and the usual ones, in every pane,
/// with the help overlay and the `:` prompt open; then a storm of random
/// sizes leaves the same screen as a fresh start.
#[test]
fn every_terminal_size_renders_without_panic_or_garbage() {
    let files = [("hostile.txt", HOSTILE)];
    let mut sizes: Vec<(u16, u16)> = (1..=24)
        .flat_map(|w| (1..=8).map(move |h| (w, h)))
        .collect();
    sizes.extend([
        (100, 30),
        (79, 24),
        (80, 24),
        (81, 6),
        (200, 60),
        (300, 2),
        (2, 100),
    ]);
    type Setup = fn(&mut App);
    let states: [(&str, Setup); 5] = [
        ("filter", |_| {}),
        ("timeline", |a| {
            key(a, KeyCode::Esc);
            key(a, KeyCode::Char('h'));
        }),
        ("reader", |a| key(a, KeyCode::Esc)),
        ("help", |a| key(a, KeyCode::F(1))),
        ("prompt", |a| {
            key(a, KeyCode::Esc);
            key(a, KeyCode::Char(':'));
            for c in "2014-3-1".chars() {
                key(a, KeyCode::Char(c));
            }
        }),
    ];
    for (name, setup) in states {
        let mut app = app_of(&files);
        setup(&mut app);
        for &(w, h) in &sizes {
            let buf = draw(&mut app, w, h);
            let what = format!("{name} at {w}×{h}");
            assert_clean(&buf, &what);
            if w < 20 || h < 5 {
                assert_too_small(&buf, w, h);
            }
        }
    }

    // A storm: 400 frames at random sizes, then 100×30 again.
    let fresh = rows(&draw(&mut app_of(&files), 100, 30));
    let mut app = app_of(&files);
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..400 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let w = (seed % 160) as u16 + 1;
        let h = ((seed >> 16) % 50) as u16 + 1;
        assert_clean(&draw(&mut app, w, h), &format!("storm at {w}×{h}"));
    }
    assert_eq!(
        rows(&draw(&mut app, 100, 30)),
        fresh,
        "after the storm the screen is what a fresh start shows"
    );
}

/// Item 12 on the App: every hostile character is drawn in a visible,
/// inert form, in the Reader, the Filter list, the Timeline and the title.
#[test]
fn control_bidi_and_zero_width_characters_are_drawn_visibly() {
    let mut app = app_of(&[("hostile.txt", HOSTILE)]);
    // The hostile entry is the older one: go there with `:`.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char(':'));
    for c in "2014-3-1".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    for (w, h) in [(100, 30), (60, 20), (200, 40)] {
        let buf = draw(&mut app, w, h);
        assert_clean(&buf, &format!("hostile entry at {w}×{h}"));
    }
    let screen = rows(&draw(&mut app, 200, 40)).join("\n");
    for visible in [
        "^[]0;owned^G",
        "^[]2;owned2^[\\",
        "^[]52;c;b3duZWQ=^G",
        "^[[?1049l",
        "<U+009B>2J",
        "<U+202E>evil<U+202C>",
        "<U+2066>iso<U+2069>",
        "a<U+200B>b",
        "<U+FEFF>c",
        "bell ^G bs ^H del ^?",
    ] {
        assert!(
            screen.contains(visible),
            "{visible:?} is not on screen\n{screen}"
        );
    }
    assert!(screen.contains("09:00 2014-03-01 · hostile.txt:1"));
}

/// The file name is drawn in the Reader title, the status bar and the
/// `:files` list; a name with an escape sequence or a bidi override in it
/// must not reach the terminal from any of them, and must stay readable (in
/// visible form), not garbled. The same for a key bound in the config, which
/// the help overlay draws.
#[test]
fn a_hostile_file_name_is_drawn_inertly() {
    use rizhi::tui::action::Action;
    use rizhi::tui::keymap::{Context, Key};
    let name = "evil\x1b]0;owned\x07\u{202e}txt.exe.txt";
    let shown = "evil^[]0;owned^G<U+202E>txt.exe.txt";
    let mut app = app_of(&[(name, "10:00 2014-3-2\nplain\n1, body\n")]);
    key(&mut app, KeyCode::Esc);
    for (w, h) in [(100, 30), (60, 20)] {
        assert_clean(&draw(&mut app, w, h), &format!("file name at {w}×{h}"));
    }
    let screen = rows(&draw(&mut app, 100, 30));
    assert!(
        screen[0].contains(&format!("10:00 2014-03-02 · {shown}:1")),
        "the Reader title shows the name in visible form\n{}",
        screen.join("\n")
    );
    assert!(
        screen[29].starts_with(&format!("{shown}:1")),
        "the status bar too\n{}",
        screen.join("\n")
    );

    key(&mut app, KeyCode::Char(':'));
    for c in "files".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    // Typing narrows the list: its query line is drawn inertly as well.
    app.on_key(KeyEvent::new(KeyCode::Char('\u{202e}'), KeyModifiers::NONE));
    let buf = draw(&mut app, 100, 30);
    assert_clean(&buf, ":files with a hostile name");
    let screen = rows(&buf).join("\n");
    assert!(screen.contains(shown), ":files shows the name\n{screen}");
    assert!(screen.contains("> <U+202E>"), "the list query\n{screen}");
    key(&mut app, KeyCode::Esc);

    app.keymap.bind(
        Context::Normal,
        vec![Key::new(KeyCode::Char('\u{9b}'), KeyModifiers::NONE)],
        Action::Help,
    );
    key(&mut app, KeyCode::Char('?'));
    let buf = draw(&mut app, 100, 80);
    assert_clean(&buf, "help with a hostile key binding");
    assert!(rows(&buf).join("\n").contains("?, <U+009B>"));
}

/// Decode warnings (a binary file, a lossy one, one without entries) are
/// announced in the status bar on load, and `:files` lists each with its
/// file and line.
#[test]
fn files_with_warnings_are_announced_and_listed() {
    let mut binary = b"10:00 2014-3-3\nlooks like text\n".to_vec();
    binary.extend_from_slice(b"\x00\x01\x02 then binary");
    let nbs = vec![
        Notebook::from_bytes("good.txt", TWO.as_bytes()),
        Notebook::from_bytes("lossy.txt", b"9:00 2014-3-4\nbad \xff\xfe bytes\n"),
        Notebook::from_bytes("blob.txt", &binary),
    ];
    let mut app = rizhi::tui::open(nbs, fixed_options());
    let screen = rows(&draw(&mut app, 100, 30));
    assert!(
        screen[29].starts_with("2 files with warnings — :files"),
        "{}",
        screen.join("\n")
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char(':'));
    for c in "files".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    let screen = rows(&draw(&mut app, 100, 30)).join("\n");
    for want in [
        "lossy.txt:2: not valid UTF-8",
        "blob.txt:3: looks like a binary file (NUL bytes): skipped",
        "UTF-8 (lossy)",
        "binary",
    ] {
        assert!(screen.contains(want), "{want:?} not listed\n{screen}");
    }
    // One clean file: no announcement.
    let mut app = app_of(&[("good.txt", TWO)]);
    let screen = rows(&draw(&mut app, 100, 30));
    assert!(!screen[29].contains("warnings"), "{}", screen[29]);
}

/// Item 7: an 8 MiB line. The first frame wraps it once (the cost of the
/// layout); every key after that is a frame, and must stay fast wherever it
/// lands, the end of the line included.
#[test]
fn an_eight_mib_line_scrolls_without_freezing() {
    let text = format!(
        "9:05 2014-3-2\nbig, line\n{}\n\n10:00 2014-3-3\nsmall\n",
        huge_line("END-OF-LINE")
    );
    let mut app = app_of(&[("big.txt", &text)]);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('h'));
    key(&mut app, KeyCode::Char('k'));
    let t = thread_cpu();
    let first = rows(&draw(&mut app, 100, 30)).join("\n");
    let layout_took = thread_cpu() - t;
    assert!(first.contains("09:05 2014-03-02 · big.txt:1"), "{first}");
    assert!(first.contains("1, the 读 sched/fair.c"), "{first}");
    key(&mut app, KeyCode::Char('l'));
    let mut slowest = Duration::ZERO;
    let mut frame = |app: &mut App, code: KeyCode, mods: KeyModifiers| {
        let t = thread_cpu();
        press(app, code, mods);
        let s = rows(&draw(app, 100, 30)).join("\n");
        slowest = slowest.max(thread_cpu() - t);
        s
    };
    let end = frame(&mut app, KeyCode::Char('G'), KeyModifiers::NONE);
    assert!(end.contains("END-OF-LINE"), "G shows the end\n{end}");
    for _ in 0..20 {
        frame(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        frame(&mut app, KeyCode::Char('k'), KeyModifiers::NONE);
    }
    frame(&mut app, KeyCode::Char('g'), KeyModifiers::NONE);
    let top = frame(&mut app, KeyCode::Char('g'), KeyModifiers::NONE);
    assert!(top.contains("1, the 读 sched/fair.c"), "gg\n{top}");
    for _ in 0..20 {
        frame(&mut app, KeyCode::Char(' '), KeyModifiers::NONE);
    }
    eprintln!("8 MiB line (CPU): layout {layout_took:?}, slowest frame {slowest:?}");
    // Debug builds are ~10× slower than release; even so a frame must not
    // take long enough to feel like a hang.
    assert!(
        slowest < Duration::from_millis(300),
        "slowest frame {slowest:?} of CPU"
    );
}

/// Item 14: A → B → A … followed 10,000 times with Enter; the jumplist stays
/// at its cap, Ctrl-o walks back through exactly that many alternating
/// entries, Tab comes forward again, and a self-link records nothing new.
#[test]
fn a_link_cycle_followed_ten_thousand_times_keeps_history_bounded() {
    let a = "10:00 2014-3-1\nA, cycle\n1, go to see\"11:00 2014-3-1\"\n";
    let b = "11:00 2014-3-1\nB, cycle\n1, back to see\"10:00 2014-3-1\"\n";
    let mut app = app_of(&[("cycle.txt", &format!("{a}\n{b}"))]);
    let stamp = |app: &App| {
        app.current_id()
            .map(|id| app.store.entry(id).stamp.hm())
            .unwrap_or_default()
    };
    key(&mut app, KeyCode::Esc); // into the Reader, on B (the newest)
    assert_eq!(stamp(&app), "11:00");
    for i in 0..10_000 {
        press(&mut app, KeyCode::Char('n'), KeyModifiers::NONE);
        press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        let want = if i % 2 == 0 { "10:00" } else { "11:00" };
        assert_eq!(stamp(&app), want, "follow {i}");
    }
    // 10,000 follows: back on B.
    let screen = rows(&draw(&mut app, 100, 30)).join("\n");
    assert!(
        screen.contains("11:00 2014-03-01 · cycle.txt:5"),
        "{screen}"
    );
    let cap = rizhi::tui::history::LIMIT;
    let mut back = 0;
    loop {
        let before = stamp(&app);
        press(&mut app, KeyCode::Char('o'), KeyModifiers::CONTROL);
        if app.message.as_deref() == Some("at the start of the jumplist") {
            break;
        }
        back += 1;
        assert_ne!(stamp(&app), before, "Ctrl-o {back} alternates A and B");
        assert!(back <= cap, "more than {cap} jumps kept");
    }
    assert_eq!(back, cap, "the jumplist holds exactly its cap");
    let status = rows(&draw(&mut app, 100, 30)).join("\n");
    assert!(status.contains("at the start of the jumplist"), "{status}");
    for _ in 0..cap {
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(stamp(&app), "11:00", "Tab comes all the way forward");
    press(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(stamp(&app), "11:00");

    // A self-link: following it 1,000 times leaves one jump at most.
    let c = "12:00 2014-3-1\nC\n1, me see\"12:00 2014-3-1\"\n";
    let mut app = app_of(&[("self.txt", c)]);
    key(&mut app, KeyCode::Esc);
    for _ in 0..1_000 {
        press(&mut app, KeyCode::Char('n'), KeyModifiers::NONE);
        press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    }
    let mut back = 0;
    while back < 10 {
        press(&mut app, KeyCode::Char('o'), KeyModifiers::CONTROL);
        if app.message.as_deref() == Some("at the start of the jumplist") {
            break;
        }
        back += 1;
    }
    assert!(back <= 1, "a self-link adds {back} jumps");
}

/// Item 8 in the browser: empty and preamble-only notebooks open, every pane
/// draws, keys do nothing harmful, and the status says why it is empty.
#[test]
fn empty_and_preamble_only_notebooks_open_in_the_browser() {
    let mut app = app_of(&[
        ("empty.txt", ""),
        ("pre.txt", ".LOG\nPlans for 2015.\n计划\n"),
    ]);
    for k in [
        KeyCode::Char('x'),
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Char('j'),
        KeyCode::Char('G'),
        KeyCode::Char('n'),
        KeyCode::Enter,
        KeyCode::Char('h'),
        KeyCode::Enter,
        KeyCode::Char('['),
        KeyCode::Tab,
    ] {
        key(&mut app, k);
        for (w, h) in [(100, 30), (40, 10)] {
            assert_clean(&draw(&mut app, w, h), "empty notebook");
        }
    }
    ctrl(&mut app, 'o');
    let screen = rows(&draw(&mut app, 100, 30)).join("\n");
    assert!(screen.contains("no entries"), "{screen}");
}

/// A large accidental paste into the Filter (bracketed paste delivers it in
/// one event) must not freeze the screen. Fails today: src/tui/ui/filter.rs
/// finds the visible end of the query by re-measuring the rest of it after
/// every character (quadratic): 142 s of CPU for this 46 KB paste in a debug
/// build, and again on every frame.
#[test]
fn a_large_paste_into_the_filter_does_not_freeze() {
    let mut app = app_of(&[("hostile.txt", HOSTILE)]);
    let paste = "kernel 调度 \u{202e}x\u{1b}[2J ".repeat(2_000);
    let t = thread_cpu();
    app.on_paste(&paste);
    app.settle();
    let buf = draw(&mut app, 100, 30);
    let took = thread_cpu() - t;
    assert_clean(&buf, "after a 46 KB paste");
    assert!(
        took < Duration::from_secs(1),
        "a paste cost {took:?} of CPU"
    );
}

/// 100,000 tiny entries, one minute apart from 2000-01-01 00:00.
fn hundred_thousand() -> String {
    let start = NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("date");
    let mut s = String::with_capacity(100_000 * 40);
    for i in 0..100_000i64 {
        let t = start + chrono::Duration::minutes(i);
        s.push_str(&format!(
            "{}\nk{}, tiny\n",
            t.format("%-H:%M %Y-%-m-%-d"),
            i % 10
        ));
    }
    s
}

// ------------------------------------------------------------ tmux

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write fixture");
    p.display().to_string()
}

/// Two plain entries, newest "11:00 2014-03-02".
const TWO: &str = "10:00 2014-3-1\nfirst, 调度\n1, the first entry body\n\n\
                   11:00 2014-3-2\nsecond, kernel\n1, the second entry body\n";

fn loaded_two(t: &Tmux) {
    t.wait_until("both entries loaded", |s| {
        filter_count(s).as_deref() == Some("2/2") && s.contains("the second entry body")
    });
}

/// Sends `signal` to rizhi: the terminal must be restored, and rizhi must
/// exit with `status` (128 + the signal's number, what a shell reports for a
/// process the signal ended, so scripts can tell it from a normal quit).
fn signal_restores(signal: &str, status: &str) {
    let d = tempfile::tempdir().expect("tempdir");
    let file = write(d.path(), "two.txt", TWO);
    let t = Tmux::start_in_shell(&[&file], &[]);
    loaded_two(&t);
    assert_eq!(t.display("#{alternate_on}"), "1");
    assert_eq!(
        t.display("#{mouse_any_flag}"),
        "1",
        "rizhi enables the mouse"
    );
    let pid = t.rizhi_pid();
    let ok = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(ok.success());
    let (got, tty) = t.wait_shell_exit();
    t.assert_terminal_restored(&tty);
    assert_eq!(got, status, "exit status after SIG{signal}");
}

/// Item 11: SIGTERM, exit status 143.
#[test]
fn sigterm_restores_the_terminal() {
    signal_restores("TERM", "143");
}

/// Item 11: SIGHUP (the terminal window was closed).
#[test]
fn sighup_restores_the_terminal() {
    signal_restores("HUP", "129");
}

/// Item 11, the real hangup: the terminal goes away (tmux is killed, as when
/// a window closes or ssh drops). rizhi must exit, not live on as an orphan
/// spinning on a dead tty (crossterm-rs/crossterm#793).
#[test]
fn closing_the_terminal_ends_rizhi() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = write(d.path(), "two.txt", TWO);
    let t = Tmux::start(&[&file], 100, 30);
    loaded_two(&t);
    let pid = t.display("#{pane_pid}");
    let stat = Path::new("/proc").join(&pid).join("stat");
    let comm =
        std::fs::read_to_string(Path::new("/proc").join(&pid).join("comm")).unwrap_or_default();
    assert_eq!(comm.trim(), "rizhi", "the pane runs rizhi itself");
    t.tmux(&["kill-server"]);
    let alive = || {
        std::fs::read_to_string(&stat)
            .map(|s| {
                !s.rsplit(')')
                    .next()
                    .unwrap_or("")
                    .trim_start()
                    .starts_with('Z')
            })
            .unwrap_or(false)
    };
    let start = Instant::now();
    while alive() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(POLL);
    }
    if alive() {
        // Ours to clean up: we started it.
        let _ = Command::new("kill").args(["-KILL", &pid]).status();
        panic!("rizhi (pid {pid}) outlived its terminal by 20 s");
    }
}

/// Item 11: a panic (the `RIZHI_TEST_PANIC=1` hook panics on the first key)
/// restores the terminal before the message prints, so the message is
/// readable on the normal screen.
#[test]
fn a_panic_restores_the_terminal_and_the_message_is_readable() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = write(d.path(), "two.txt", TWO);
    let t = Tmux::start_in_shell(&[&file], &["RIZHI_TEST_PANIC=1"]);
    loaded_two(&t);
    t.send_keys(&["j"]);
    let (status, tty) = t.wait_shell_exit();
    assert_eq!(status, "101", "a panic exits with Rust's panic status");
    t.assert_terminal_restored(&tty);
    let screen = t.screen();
    assert!(
        screen.contains("RIZHI_TEST_PANIC is set: panicking on the first key"),
        "the panic message is on the normal screen\n{screen}"
    );
}

/// Item 12 in a real terminal: the pane title, the clipboard, the alternate
/// screen, the cursor and the mouse are untouched by a hostile note, and the
/// note is drawn in visible form.
#[test]
fn escape_sequences_in_a_note_never_reach_the_terminal() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = write(d.path(), "hostile.txt", HOSTILE);
    let t = Tmux::start(&[&file], 200, 40);
    t.wait_until("both entries loaded", |s| {
        filter_count(s).as_deref() == Some("2/2")
    });
    t.tmux(&["select-pane", "-T", "sentinel-title"]);
    // To the hostile entry, then scroll through it.
    t.normal_mode();
    t.send_keys(&[":"]);
    t.send_literal("2014-3-1");
    t.send_keys(&["Enter"]);
    let s = t.wait_for("09:00 2014-03-01 · hostile.txt:1");
    for visible in [
        "^[]0;owned^G",
        "^[]52;c;b3duZWQ=^G",
        "<U+202E>evil",
        "a<U+200B>b",
    ] {
        assert!(s.contains(visible), "{visible:?} not drawn\n{s}");
    }
    t.send_keys(&["j", "j", "k", "G", "g", "g", "n", "n"]);
    t.filter_mode();
    t.send_literal("osc");
    t.wait_until("the query to be typed", |s| s.contains("> osc"));
    t.normal_mode();
    t.wait_for("09:00 2014-03-01 · hostile.txt:1");
    assert_eq!(
        t.display("#{pane_title}"),
        "sentinel-title",
        "OSC 0/2 leaked"
    );
    assert_eq!(
        t.tmux(&["list-buffers"]),
        "",
        "OSC 52 reached the clipboard"
    );
    assert_eq!(t.display("#{alternate_on}"), "1", "CSI ?1049l leaked");
    assert!(!t.pane_dead());
    let s = t.screen();
    assert!(
        s.contains("Filter · "),
        "the screen was not cleared by CSI 2J\n{s}"
    );
}

/// Item 12 for the CLI: printed to a terminal, a hostile file name (in
/// `rizhi stats` on stdout, with its warning) and a hostile path (in the
/// error on stderr) are shown in visible form and never act on it. Into a
/// pipe the output is unchanged (tests/cli.rs, tests/hostile_input.rs).
#[test]
fn cli_output_to_a_terminal_never_drives_it() {
    let d = tempfile::tempdir().expect("tempdir");
    let name = "evil\x1b]0;owned\x07\u{202e}txt.exe.txt";
    std::fs::write(
        d.path().join(name),
        b"10:00 2014-3-2\nok\n1, bad \xff byte\n",
    )
    .expect("write");
    let missing = d.path().join("gone\x1b]2;owned2\x07.txt");
    let script = "\"$0\" stats \"$1\"; \"$0\" stats \"$2\"; echo '[done]'; exec sleep 600";
    let t = Tmux::launch(
        &[
            "sh",
            "-c",
            script,
            env!("CARGO_BIN_EXE_rizhi"),
            d.path().to_str().expect("utf-8 temp path"),
            missing.to_str().expect("utf-8 temp path"),
        ],
        &[],
        200,
        40,
    );
    let s = t.wait_for("[done]");
    for shown in [
        "evil^[]0;owned^G<U+202E>txt.exe.txt  UTF-8 (lossy)",
        "evil^[]0;owned^G<U+202E>txt.exe.txt:3: warning: not valid UTF-8",
        "rizhi: ",
        "gone^[]2;owned2^G.txt",
    ] {
        assert!(s.contains(shown), "{shown:?} not shown\n{s}");
    }
    let title = t.display("#{pane_title}");
    assert!(
        !title.contains("owned"),
        "OSC 0/2 reached the terminal: {title}"
    );
    assert!(!s.contains('\u{202e}'), "U+202E reached the terminal\n{s}");
}

/// Polls until the screen holds `title` and has stopped changing (two
/// captures in a row are equal), and returns it.
fn settled(t: &Tmux, title: &str) -> String {
    let mut last = t.wait_for(title);
    loop {
        std::thread::sleep(POLL * 4);
        let now = t.wait_for(title);
        if now == last {
            return now;
        }
        last = now;
    }
}

/// Item 10 in a real terminal: a storm of resizes down to 1×1 and 2×2, with
/// no frame waited for, leaves exactly the screen a fresh start shows.
#[test]
fn a_resize_storm_down_to_one_cell_leaves_no_garbage() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = write(d.path(), "hostile.txt", HOSTILE);
    let title = "10:00 2014-03-02 · hostile.txt:12";
    let t = Tmux::start(&[&file], 100, 30);
    settled(&t, title);
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for i in 0..60 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let (w, h) = match i % 6 {
            0 => (1, 1),
            1 => (2, 2),
            2 => (20, 5),
            _ => ((seed % 150) as u16 + 1, ((seed >> 20) % 45) as u16 + 1),
        };
        t.resize(w, h);
    }
    t.resize(2, 2);
    t.wait_until("the message prefix at 2×2", |s| {
        s.lines().next() == Some("ri")
    });
    t.resize(100, 30);
    let after = settled(&t, title);
    assert!(!t.pane_dead());
    let fresh = Tmux::start(&[&file], 100, 30);
    let want = settled(&fresh, title);
    assert_eq!(
        after, want,
        "after the storm the screen is what a fresh start shows"
    );
}

/// Item 13 with live reload off (`--no-watch`): the file is rewritten, then
/// deleted, while rizhi shows it: rizhi keeps showing (and browsing) what it
/// loaded, and does not crash. With live reload on, tests/reload.rs.
#[test]
fn a_file_changed_or_deleted_while_open_keeps_what_was_loaded() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = write(d.path(), "two.txt", TWO);
    let dir = d.path().to_str().expect("utf-8 temp path");
    let t = Tmux::start(&["--no-watch", dir], 100, 30);
    loaded_two(&t);
    std::fs::write(&file, "23:00 2015-1-1\nreplaced\n1, new text\n").expect("rewrite");
    t.normal_mode();
    t.send_keys(&["h", "k"]);
    t.wait_for("the first entry body");
    std::fs::remove_file(&file).expect("delete");
    t.send_keys(&["j"]);
    t.wait_for("the second entry body");
    t.filter_mode();
    t.send_literal("first");
    t.wait_until("the query to narrow", |s| {
        filter_count(s).as_deref() == Some("1/2")
    });
    t.send_keys(&["Enter"]);
    let s = t.wait_for("10:00 2014-03-01 · two.txt:1");
    assert!(s.contains("the first entry body"), "{s}");
    assert!(!s.contains("new text") && !s.contains("replaced"), "{s}");
    t.send_keys(&["G", "g", "g", "l", "j", "k"]);
    t.send_keys(&["C-o"]);
    let s = t.wait_until("Ctrl-o back to a loaded entry", |s| {
        s.contains("the second entry body") && s.contains("11:00 2014-03-02 · two.txt:5")
    });
    assert!(!s.contains("new text") && !s.contains("replaced"), "{s}");
    assert!(!t.pane_dead());
}

/// Item 7 in a real terminal (the debug binary): open an 8 MiB line, jump to
/// its end and back, scroll a page at a time.
#[test]
fn an_eight_mib_line_opens_and_scrolls_in_a_real_terminal() {
    let d = tempfile::tempdir().expect("tempdir");
    let text = format!(
        "9:05 2014-3-2\nbig, line\n{}\n\n10:00 2014-3-3\nsmall, newest\n1, small body\n",
        huge_line("END-OF-LINE")
    );
    let file = write(d.path(), "big.txt", &text);
    let mut t = Tmux::start(&[&file], 100, 30);
    t.deadline = Duration::from_secs(60);
    t.wait_until("loaded", |s| filter_count(s).as_deref() == Some("2/2"));
    t.normal_mode();
    t.send_keys(&[":"]);
    t.send_literal("2014-3-2");
    t.send_keys(&["Enter"]);
    t.wait_for("09:05 2014-03-02 · big.txt:1");
    t.wait_for("1, the 读 sched/fair.c");
    t.deadline = Duration::from_secs(20);
    t.send_keys(&["G"]);
    t.wait_for("END-OF-LINE");
    t.send_keys(&["C-u", "C-u", "g", "g"]);
    t.wait_for("1, the 读 sched/fair.c");
    for _ in 0..5 {
        t.send_keys(&["Space"]);
    }
    t.send_keys(&["G"]);
    t.wait_for("END-OF-LINE");
}

/// Item 16 in a real terminal: 100,000 entries start the browser, and a
/// query narrows them.
#[test]
fn a_hundred_thousand_entries_start_the_browser() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = write(d.path(), "many.txt", &hundred_thousand());
    let mut t = Tmux::start(&[&file], 100, 30);
    t.deadline = Duration::from_secs(60);
    t.wait_until("100000 entries", |s| {
        filter_count(s).as_deref() == Some("100000/100000")
    });
    t.send_literal("k3");
    t.wait_until("the query to narrow to 10000", |s| {
        filter_count(s).as_deref() == Some("10000/100000")
    });
    t.normal_mode();
    t.send_keys(&["h", "g", "g"]);
    t.wait_for("00:00 2000-01-01 · many.txt:1 ");
    t.send_keys(&["G"]);
    t.wait_for("10:39 2000-03-10 · many.txt:");
}

/// Item 17: `e` runs `$EDITOR` split with shell-words, no shell involved: an
/// editor in a folder with a space, quoted arguments with spaces, a notebook
/// path with a space, double quotes and an apostrophe. The fake editor (a
/// script named `vim`, so it gets `+LINE`) writes the argv it received.
#[cfg(unix)]
#[test]
fn e_runs_an_editor_with_spaces_and_quotes_in_its_value_and_path() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().expect("tempdir");
    let bin = d.path().join("my editor");
    std::fs::create_dir(&bin).expect("mkdir");
    let argv = d.path().join("argv.txt");
    let script = bin.join("vim");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nout='{}'\n: > \"$out\"\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$out\"; done\n\
             if [ -t 0 ] && [ -t 1 ]; then echo '[on a tty]' >> \"$out\"; fi\n",
            argv.display()
        ),
    )
    .expect("write the fake editor");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let notes = d.path().join("my \"notes\" dir");
    std::fs::create_dir(&notes).expect("mkdir");
    let file = write(&notes, "it's log.txt", TWO);
    let editor = format!(
        "EDITOR='{}' -c 'set ft=text' --cmd \"let g:x = 1\"",
        script.display()
    );
    let t = Tmux::launch(&[env!("CARGO_BIN_EXE_rizhi"), &file], &[&editor], 100, 30);
    loaded_two(&t);
    t.normal_mode();
    t.send_keys(&["e"]);
    let s = t.wait_for("back from ");
    let got = std::fs::read_to_string(&argv).expect("the editor ran and wrote its argv");
    let got: Vec<&str> = got.lines().collect();
    assert_eq!(
        got,
        [
            "-c",
            "set ft=text",
            "--cmd",
            "let g:x = 1",
            "+6",
            file.as_str(),
            "[on a tty]"
        ],
        "argv as the editor received it"
    );
    // Back in rizhi: its screen, the mouse and the alternate screen again.
    assert!(s.contains("the second entry body"), "{s}");
    assert_eq!(t.display("#{alternate_on}"), "1");
    assert_eq!(t.display("#{mouse_any_flag}"), "1");
}

/// Issue 13, defect 1: a notebook named `+!touch PWNED`, opened by its
/// relative name from its folder, reached vim as `vim +6 '+!touch PWNED'`,
/// which vim runs as a command. The fake `vim` records its argv and whether
/// its last argument names the notebook from the editor's working folder.
#[cfg(unix)]
#[test]
fn e_passes_a_hostile_file_name_as_a_file_not_a_command() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().expect("tempdir");
    let argv = d.path().join("argv.txt");
    let script = d.path().join("vim");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nout='{}'\n: > \"$out\"\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$out\"; last=$a; done\n\
             if [ -f \"$last\" ]; then echo '[a file]' >> \"$out\"; fi\n",
            argv.display()
        ),
    )
    .expect("write the fake editor");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let notes = d.path().join("notes");
    std::fs::create_dir(&notes).expect("mkdir");
    write(&notes, "+!touch PWNED", TWO);
    let editor = format!("EDITOR={}", script.display());
    let dir = notes.display().to_string();
    let t = Tmux::launch(
        &[
            "sh",
            "-c",
            "cd \"$1\" && exec \"$0\" \"$2\"",
            env!("CARGO_BIN_EXE_rizhi"),
            &dir,
            "+!touch PWNED",
        ],
        &[&editor],
        100,
        30,
    );
    loaded_two(&t);
    t.normal_mode();
    t.send_keys(&["e"]);
    t.wait_for("back from ");
    let got = std::fs::read_to_string(&argv).expect("the editor ran and wrote its argv");
    let got: Vec<&str> = got.lines().collect();
    assert_eq!(got, ["+6", "./+!touch PWNED", "[a file]"], "argv");
    assert!(!notes.join("PWNED").exists());
}
