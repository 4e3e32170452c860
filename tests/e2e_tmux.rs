//! The real `rizhi` binary in a real terminal (tmux), driven the way a person
//! drives it; every test asserts on what the screen shows.
//!
//! Each test gets its own tmux server (`-L rizhi-<pid>-<n>`, no config), a
//! 100×30 window, `TERM=xterm-256color`, `LANG=C.UTF-8`, and HOME/XDG
//! directories in a temp dir so the user's own config never leaks in. Screens
//! are polled every 50 ms until they show what we wait for or 5 s pass; a
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

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/e2e_links.txt");
const POLL: Duration = Duration::from_millis(50);
const DEADLINE: Duration = Duration::from_secs(5);
const TOO_SMALL: &str = "rizhi needs at least 20×5";

/// The reader title of each fixture entry, as rizhi draws it.
const NEWEST: &str = "20:05 2014-03-05 · e2e_links.txt:86";
const MIGRATION: &str = "10:00 2014-03-02 · e2e_links.txt:6";
const PLAN: &str = "11:47 2014-03-02 · e2e_links.txt:76";
const SCHED: &str = "18:30 2014-03-01 · e2e_links.txt:1";
const SPINLOCK: &str = "09:15 2014-03-04 · e2e_links.txt:81";

static NEXT_SOCKET: AtomicUsize = AtomicUsize::new(0);

/// One tmux server running rizhi in a single pane. Dropping it kills the
/// server, so a failing test leaves nothing running.
struct Tmux {
    socket: String,
    home: tempfile::TempDir,
}

impl Tmux {
    /// Starts `rizhi FILE` in a 100×30 window, exec'd directly so the pane's
    /// process is rizhi. The pane stays after rizhi exits (`remain-on-exit`)
    /// so a crash shows its exit status and last screen.
    fn start(file: &str) -> Tmux {
        Tmux::launch(&[env!("CARGO_BIN_EXE_rizhi"), file])
    }

    /// Starts rizhi under a shell that reports its exit status and then stays
    /// alive, as a user's shell would: the terminal can be inspected after
    /// rizhi has gone (a dead pane always reports a hidden cursor).
    fn start_in_shell(file: &str) -> Tmux {
        Tmux::launch(&[
            "sh",
            "-c",
            "\"$0\" \"$1\"; echo \"[rizhi exited with status $?]\"; exec sleep 600",
            env!("CARGO_BIN_EXE_rizhi"),
            file,
        ])
    }

    fn launch(command: &[&str]) -> Tmux {
        require_tmux();
        let home = tempfile::tempdir().expect("create a temp dir for HOME");
        let n = NEXT_SOCKET.fetch_add(1, Ordering::SeqCst);
        let t = Tmux {
            socket: format!("rizhi-{}-{n}", std::process::id()),
            home,
        };
        let h = t.home.path();
        let dir = |sub: &str| {
            let d = h.join(sub);
            std::fs::create_dir_all(&d).expect("create XDG dir");
            d.display().to_string()
        };
        let env = [
            "TERM=xterm-256color".to_string(),
            "LANG=C.UTF-8".to_string(),
            "RUST_BACKTRACE=0".to_string(),
            format!("HOME={}", h.display()),
            format!("XDG_CONFIG_HOME={}", dir("config")),
            format!("XDG_DATA_HOME={}", dir("data")),
            format!("XDG_STATE_HOME={}", dir("state")),
            format!("XDG_CACHE_HOME={}", dir("cache")),
        ];
        let mut args: Vec<&str> = vec![
            "start-server",
            ";",
            "set-option",
            "-g",
            "remain-on-exit",
            "on",
            ";",
            "set-option",
            "-g",
            "history-limit",
            "1000",
            ";",
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "--",
            // With several arguments tmux execs directly (no shell), and
            // env execs the command.
            "env",
            "-u",
            "NO_COLOR",
            "-u",
            "VISUAL",
            "-u",
            "EDITOR",
        ];
        args.extend(env.iter().map(String::as_str));
        args.extend_from_slice(command);
        t.tmux(&args);
        t
    }

    /// Starts rizhi on the fixture and waits until all five entries are
    /// loaded and the newest one is in the reader.
    fn ready() -> Tmux {
        Tmux::start(FIXTURE).loaded()
    }

    fn loaded(self) -> Tmux {
        let t = self;
        t.wait_until("the fixture loaded: 5/5 in the Filter title", |s| {
            filter_count(s).as_deref() == Some("5/5") && reader_title(s).contains(NEWEST)
        });
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Named keys (`Enter`, `Escape`, `C-o`, `n`…), each sent on its own.
    fn send_keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Text typed as is (`send-keys -l`), Chinese included.
    fn send_literal(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
    }

    /// The screen as plain text, one line per row.
    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p"])
    }

    /// The screen with its SGR attributes, for what plain text cannot show
    /// (reverse video, bold titles).
    fn styled(&self) -> Vec<Vec<Cell>> {
        parse_styled(&self.tmux(&["capture-pane", "-p", "-e"]))
    }

    fn display(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", format])
            .trim()
            .to_string()
    }

    fn alternate_on(&self) -> bool {
        self.display("#{alternate_on}") == "1"
    }

    fn pane_dead(&self) -> bool {
        self.display("#{pane_dead}") == "1"
    }

    fn pane_pid(&self) -> u32 {
        let pid = self.display("#{pane_pid}");
        pid.parse()
            .unwrap_or_else(|_| panic!("pane_pid {pid:?} is not a number"))
    }

    fn resize(&self, width: u16, height: u16) {
        self.tmux(&[
            "resize-window",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }

    fn describe(&self, screen: &str) -> String {
        let size = format!(
            "pane {}x{}",
            self.display("#{pane_width}"),
            self.display("#{pane_height}")
        );
        if !self.pane_dead() {
            return format!("{size}, rizhi running\n---- screen ----\n{screen}----------------");
        }
        // A panic message may have scrolled off the screen: show it all.
        let all = self.tmux(&["capture-pane", "-p", "-S", "-", "-E", "-"]);
        let text: Vec<&str> = all.lines().filter(|l| !l.trim().is_empty()).collect();
        format!(
            "{size}, rizhi EXITED (status {})\n---- output ----\n{}\n----------------",
            self.display("#{pane_dead_status}"),
            text.join("\n")
        )
    }

    /// Polls the screen until `ok` holds on two captures in a row (50 ms
    /// apart), so a frame tmux caught half-drawn is never taken for the
    /// result. Fails with the last screen after 5 s, or at once if rizhi has
    /// exited.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut previous: Option<String> = None;
        loop {
            let screen = self.screen();
            if ok(&screen) && previous.as_deref() == Some(screen.as_str()) {
                return screen;
            }
            if self.pane_dead() {
                panic!(
                    "rizhi exited while waiting for {what}\n{}",
                    self.describe(&screen)
                );
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "timed out after {DEADLINE:?} waiting for {what}\n{}",
                    self.describe(&screen)
                );
            }
            previous = Some(screen);
            std::thread::sleep(POLL);
        }
    }

    fn wait_for(&self, pattern: &str) -> String {
        self.wait_until(&format!("{pattern:?} on screen"), |s| s.contains(pattern))
    }

    /// Waits until every one of `patterns` is on screen at once.
    fn wait_for_all(&self, patterns: &[&str]) -> String {
        self.wait_until(&format!("all of {patterns:?} on screen"), |s| {
            patterns.iter().all(|p| s.contains(p))
        })
    }

    /// Waits until `text` is drawn in reverse video (the link cursor).
    fn wait_reversed(&self, text: &str) {
        let start = Instant::now();
        loop {
            let runs = runs(&self.styled(), |c| c.reverse);
            if runs.iter().any(|r| r.contains(text)) {
                return;
            }
            if start.elapsed() > DEADLINE || self.pane_dead() {
                panic!(
                    "waited for {text:?} in reverse video (the link cursor); reversed now: \
                     {runs:?}\n{}",
                    self.describe(&self.screen())
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the pane drawn with a bold title is `pane` ("Filter",
    /// "Timeline", or "Reader"): the focused pane's title is bright.
    fn wait_focus(&self, pane: &str) {
        let start = Instant::now();
        loop {
            let focused = focused_pane(&self.styled());
            if focused.as_deref() == Some(pane) {
                return;
            }
            if start.elapsed() > DEADLINE || self.pane_dead() {
                panic!(
                    "waited for the focus to be on the {pane}; it is on {focused:?}\n{}",
                    self.describe(&self.screen())
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// With `start_in_shell`: waits for rizhi to exit and returns its exit
    /// status as the shell reported it.
    fn wait_shell_exit(&self) -> String {
        let s = self.wait_for("[rizhi exited with status ");
        let line = lines(&s)
            .into_iter()
            .find(|l| l.contains("[rizhi exited with status "))
            .unwrap_or_default();
        line.trim()
            .trim_start_matches("[rizhi exited with status ")
            .trim_end_matches(']')
            .to_string()
    }

    /// With `start_in_shell`: the pid of rizhi, the shell's child.
    fn rizhi_pid(&self) -> u32 {
        let shell = self.pane_pid();
        let out = Command::new("pgrep")
            .args(["-P", &shell.to_string(), "rizhi"])
            .output()
            .expect("run pgrep (procps) to find rizhi under the pane's shell");
        let pids = String::from_utf8_lossy(&out.stdout);
        let pid = pids.split_whitespace().next().unwrap_or("");
        pid.parse()
            .unwrap_or_else(|_| panic!("no rizhi process under the pane's shell {shell}"))
    }

    /// After rizhi exits: the terminal must be as the shell left it.
    fn assert_terminal_restored(&self) {
        let screen = self.screen();
        assert!(
            !self.alternate_on(),
            "the alternate screen is still on after rizhi exited\n{}",
            self.describe(&screen)
        );
        assert_eq!(
            self.display("#{mouse_any_flag}"),
            "0",
            "mouse reporting is still on after rizhi exited"
        );
        assert_eq!(
            self.display("#{cursor_flag}"),
            "1",
            "the cursor is still hidden after rizhi exited"
        );
        assert!(
            !screen.contains("Filter · keywords"),
            "rizhi's screen is still showing after it exited\n{screen}"
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let tmux = |args: &[&str]| {
            Command::new("tmux")
                .args(["-L", &self.socket, "-f", "/dev/null"])
                .args(args)
                .env_remove("TMUX")
                .output()
        };
        let socket = tmux(&["display-message", "-p", "#{socket_path}"])
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        let _ = tmux(&["kill-server"]);
        // kill-server leaves the socket file behind.
        if !socket.is_empty() {
            let _ = std::fs::remove_file(socket);
        }
    }
}

fn require_tmux() {
    match Command::new("tmux").arg("-V").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "`tmux -V` failed ({}): these end-to-end tests need a working tmux",
            out.status
        ),
        Err(e) => panic!(
            "tmux is not installed ({e}): the end-to-end tests drive the real binary in \
             tmux; install it (e.g. `apt-get install tmux` or `brew install tmux`)"
        ),
    }
}

// ---- reading the screen ----------------------------------------------------

fn lines(screen: &str) -> Vec<&str> {
    screen.lines().collect()
}

/// Splits a screen row into the left column (Filter/Timeline, including its
/// borders) and the rest (the Reader). At 100 columns the left box's right
/// border is the first box character after the first column.
fn split_columns(line: &str) -> (&str, &str) {
    let mut chars = line.char_indices();
    chars.next();
    for (i, c) in chars {
        if "│┐┘┤".contains(c) {
            let end = i + c.len_utf8();
            return (&line[..end], &line[end..]);
        }
    }
    (line, "")
}

/// The Filter title's `n/N` count.
fn filter_count(screen: &str) -> Option<String> {
    let first = *lines(screen).first()?;
    let (left, _) = split_columns(first);
    if !left.contains("Filter") {
        return None;
    }
    left.split_whitespace()
        .rev()
        .find(|w| w.contains('/'))
        .map(str::to_string)
}

/// The Reader's top border, with its title.
fn reader_title(screen: &str) -> String {
    lines(screen)
        .first()
        .map(|l| split_columns(l).1.to_string())
        .unwrap_or_default()
}

/// The rows inside a left-column pane (`Filter` or `Timeline`), between its
/// top border (holding `title`) and its bottom border.
fn left_pane_rows(screen: &str, title: &str) -> Vec<String> {
    let mut rows = Vec::new();
    let mut inside = false;
    for line in lines(screen) {
        let (left, _) = split_columns(line);
        if !inside {
            inside = left.starts_with('┌') && left.contains(title);
            continue;
        }
        if left.starts_with('└') || left.starts_with('┌') {
            break;
        }
        let inner = left.trim_start_matches('│').trim_end_matches('│');
        rows.push(inner.trim_end().to_string());
    }
    rows
}

/// The rows inside the Reader (at 100×30: screen rows 2…29).
fn reader_rows(screen: &str) -> Vec<String> {
    let all = lines(screen);
    all.iter()
        .skip(1)
        .map(|l| split_columns(l).1)
        .take_while(|r| !r.starts_with('└'))
        .map(|r| r.trim_start_matches('│').to_string())
        .collect()
}

/// The bottom line: position and link summary, or a transient message.
fn status_line(screen: &str) -> String {
    lines(screen)
        .into_iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string()
}

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

/// One character cell as tmux reports it with `capture-pane -e`.
#[derive(Clone, Copy, Debug)]
struct Cell {
    ch: char,
    bold: bool,
    reverse: bool,
}

/// Parses `capture-pane -p -e` output: text with SGR sequences. Attributes
/// carry over from one row to the next, as tmux emits them.
fn parse_styled(raw: &str) -> Vec<Vec<Cell>> {
    let mut rows = vec![Vec::new()];
    let (mut bold, mut reverse) = (false, false);
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                if chars.peek() != Some(&'[') {
                    chars.next();
                    continue;
                }
                chars.next();
                let mut params = String::new();
                let mut fin = '\0';
                for p in chars.by_ref() {
                    if ('\x40'..='\x7e').contains(&p) {
                        fin = p;
                        break;
                    }
                    params.push(p);
                }
                if fin != 'm' {
                    continue;
                }
                let ps: Vec<&str> = params.split(';').collect();
                let mut i = 0;
                while i < ps.len() {
                    match ps[i] {
                        "" | "0" => (bold, reverse) = (false, false),
                        "1" => bold = true,
                        "22" => bold = false,
                        "7" => reverse = true,
                        "27" => reverse = false,
                        "38" | "48" | "58" => match ps.get(i + 1) {
                            Some(&"5") => i += 2,
                            Some(&"2") => i += 4,
                            _ => {}
                        },
                        _ => {}
                    }
                    i += 1;
                }
            }
            '\n' => rows.push(Vec::new()),
            _ => rows.last_mut().expect("at least one row").push(Cell {
                ch: c,
                bold,
                reverse,
            }),
        }
    }
    rows
}

/// Runs of consecutive cells for which `pick` holds, per row.
fn runs(rows: &[Vec<Cell>], pick: impl Fn(&Cell) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for row in rows {
        let mut run = String::new();
        for cell in row {
            if pick(cell) {
                run.push(cell.ch);
            } else if !run.is_empty() {
                out.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            out.push(run);
        }
    }
    out
}

/// Which pane has its title drawn bold on a top border.
fn focused_pane(rows: &[Vec<Cell>]) -> Option<String> {
    for run in runs(rows, |c| c.bold) {
        if run.contains("Filter ·") {
            return Some("Filter".into());
        }
        if run.contains("Timeline ·") {
            return Some("Timeline".into());
        }
        if run.contains(".txt:") && run.contains("2014-") {
            return Some("Reader".into());
        }
    }
    None
}

// ---- the tests -------------------------------------------------------------

#[test]
fn opens_with_three_panes_and_the_newest_entry_in_the_reader() {
    let t = Tmux::ready();
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
    let t = Tmux::ready();

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
    let t = Tmux::ready();
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
    let t = Tmux::ready();
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
    let t = Tmux::ready();
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

#[test]
fn question_mark_shows_the_help_overlay_and_esc_closes_it() {
    let t = Tmux::ready();
    t.send_keys(&["Escape"]);
    t.wait_focus("Reader");
    t.send_keys(&["?"]);
    let s = t.wait_for_all(&[
        "Keys · Esc or ? closes",
        "open the selected entry in the Reader",
        "scope: keywords ⇄ whole entries",
        "focus the Filter and type",
        "go to a date or stamp",
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
    // In a tall window the whole list fits: the reader's keys are there too.
    t.resize(100, 80);
    t.wait_for_all(&[
        "follow the link under the cursor",
        "next link",
        "previous link",
        "back (jumplist)",
        "forward (jumplist)",
        "previous part of the series",
        "quit",
        "this help",
    ]);
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
    let t = Tmux::start_in_shell(FIXTURE).loaded();
    assert!(t.alternate_on(), "rizhi draws on the alternate screen");
    t.send_keys(&["Escape"]);
    t.wait_focus("Reader");
    t.send_keys(&["q"]);
    assert_eq!(t.wait_shell_exit(), "0", "q exits with status 0");
    t.assert_terminal_restored();
}

#[test]
fn colon_and_a_date_jumps_to_that_day() {
    let t = Tmux::ready();
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
    let t = Tmux::ready();
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
    let t = Tmux::ready();

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
    let t = Tmux::start_in_shell(FIXTURE).loaded();
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
    t.wait_shell_exit();
    t.assert_terminal_restored();
}
