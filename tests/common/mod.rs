//! What several test files share (each does `mod common;`): the tmux
//! harness that drives the real binary in a real terminal, the readers of
//! its screen, and (in [`encodings`]) the encoders that turn UTF-8 fixtures
//! into every encoding a notebook may come in.
//!
//! The harness (STYLE.md): each [`Tmux`] is its own tmux server
//! (`-L rizhi-<pid>-<n>`, `-f /dev/null`), `TERM=xterm-256color`,
//! `LANG=C.UTF-8`, and HOME/XDG directories in a temp dir so the user's own
//! config never leaks in. Screens are polled every 50 ms until they show
//! what is waited for, twice in a row (a frame caught half-drawn is never
//! taken for the result), or the deadline passes; a timeout fails with the
//! last screen. Dropping a `Tmux` kills its server and with it rizhi.

// Each test file uses its own part of this module.
#![allow(dead_code)]

pub mod encodings;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const POLL: Duration = Duration::from_millis(50);
/// How long a wait may take by default. Generous: the machine running the
/// suite may be busy; a passing wait returns as soon as the screen is right.
pub const DEADLINE: Duration = Duration::from_secs(20);
pub const TOO_SMALL: &str = "rizhi needs at least 20×5";

static NEXT_SOCKET: AtomicUsize = AtomicUsize::new(0);

/// Waits for a spawned `rizhi ARGS` with its output piped, at most `hang`:
/// past that the child is killed and the test fails, so a hang is a failure
/// and not a stuck suite.
pub fn output_within(
    child: std::process::Child,
    hang: Duration,
    args: &[&str],
) -> std::process::Output {
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(hang) {
        Ok(out) => out.expect("wait for rizhi"),
        Err(_) => {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("rizhi {args:?} still running after {hang:?} (killed)");
        }
    }
}

/// Browser options for tests of the `App`: the clock fixed at 2014-03-05
/// 12:00 (so screens are the same every run), colour off, default wrapping.
pub fn fixed_options() -> rizhi::tui::app::Options {
    rizhi::tui::app::Options {
        now: chrono::NaiveDate::from_ymd_opt(2014, 3, 5)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .expect("date"),
        theme: rizhi::tui::theme::Theme::new(false),
        wrap: rizhi::text::WrapOptions::default(),
        sample: false,
    }
}

/// CPU time of the calling thread (Linux: `/proc/thread-self/stat`, 10 ms
/// ticks): costs that mean something on a loaded machine.
pub fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let ticks: u64 = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// An outline item on one line of about 8 MiB (words, hanzi, tabs, quotes),
/// ending in `tail`.
pub fn huge_line(tail: &str) -> String {
    let mut s = "1, ".to_string();
    while s.len() < 8 << 20 {
        s.push_str("the 读 sched/fair.c\t的 \"update_curr\" ");
    }
    s.push_str(tail);
    s
}

/// The shell wrapper of [`Tmux::start_in_shell`]: runs rizhi, then reports
/// its exit status and whether the tty was left in raw mode, and stays alive
/// so the pane can be read (a dead pane always reports a hidden cursor).
const SHELL: &str = "\"$0\" \"$@\"; echo \"[rizhi exited with status $?]\"; \
     if stty -a | grep -qw -- '-icanon\\|-echo'; then echo '[tty raw]'; else echo '[tty cooked]'; fi; \
     exec sleep 600";

/// One tmux server running one pane; dropping it kills the server.
pub struct Tmux {
    socket: String,
    home: tempfile::TempDir,
    /// How long [`Tmux::wait_until`] waits; tests of slow cases raise it.
    pub deadline: Duration,
}

impl Tmux {
    /// rizhi `args` exec'd directly in a `w`×`h` window, so the pane's
    /// process is rizhi. The pane stays after rizhi exits (`remain-on-exit`)
    /// so a crash shows its exit status and last screen.
    pub fn start(args: &[&str], w: u16, h: u16) -> Tmux {
        let mut cmd = vec![env!("CARGO_BIN_EXE_rizhi")];
        cmd.extend_from_slice(args);
        Tmux::launch(&cmd, &[], w, h)
    }

    /// rizhi `args` in a 100×30 window under a shell that outlives it, as a
    /// user's shell would (see [`SHELL`]); `env` is extra `NAME=value`s.
    pub fn start_in_shell(args: &[&str], env: &[&str]) -> Tmux {
        let mut cmd = vec!["sh", "-c", SHELL, env!("CARGO_BIN_EXE_rizhi")];
        cmd.extend_from_slice(args);
        Tmux::launch(&cmd, env, 100, 30)
    }

    /// `command` in a `w`×`h` window with a clean environment plus `extra_env`.
    pub fn launch(command: &[&str], extra_env: &[&str], w: u16, h: u16) -> Tmux {
        require_tmux();
        let home = tempfile::tempdir().expect("create a temp dir for HOME");
        let n = NEXT_SOCKET.fetch_add(1, Ordering::SeqCst);
        let t = Tmux {
            socket: format!("rizhi-{}-{n}", std::process::id()),
            home,
            deadline: DEADLINE,
        };
        let h_dir = t.home.path();
        let dir = |sub: &str| {
            let d = h_dir.join(sub);
            std::fs::create_dir_all(&d).expect("create XDG dir");
            d.display().to_string()
        };
        let mut env = vec![
            "TERM=xterm-256color".to_string(),
            "LANG=C.UTF-8".to_string(),
            "RUST_BACKTRACE=0".to_string(),
            format!("HOME={}", h_dir.display()),
            format!("XDG_CONFIG_HOME={}", dir("config")),
            format!("XDG_DATA_HOME={}", dir("data")),
            format!("XDG_STATE_HOME={}", dir("state")),
            format!("XDG_CACHE_HOME={}", dir("cache")),
        ];
        env.extend(extra_env.iter().map(|s| s.to_string()));
        let (ws, hs) = (w.to_string(), h.to_string());
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
            // Let OSC 52 reach tmux's paste buffers, so a leak would show.
            "set-option",
            "-g",
            "set-clipboard",
            "on",
            ";",
            "new-session",
            "-d",
            "-x",
            &ws,
            "-y",
            &hs,
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

    pub fn tmux(&self, args: &[&str]) -> String {
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
    pub fn send_keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Text typed as is (`send-keys -l`), Chinese included.
    pub fn send_literal(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
    }

    /// The screen as plain text, one line per row.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p"])
    }

    /// The screen with its SGR attributes, for what plain text cannot show
    /// (reverse video, bold titles).
    pub fn styled(&self) -> Vec<Vec<Cell>> {
        parse_styled(&self.tmux(&["capture-pane", "-p", "-e"]))
    }

    pub fn display(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", format])
            .trim()
            .to_string()
    }

    pub fn alternate_on(&self) -> bool {
        self.display("#{alternate_on}") == "1"
    }

    pub fn pane_dead(&self) -> bool {
        self.display("#{pane_dead}") == "1"
    }

    pub fn pane_pid(&self) -> u32 {
        let pid = self.display("#{pane_pid}");
        pid.parse()
            .unwrap_or_else(|_| panic!("pane_pid {pid:?} is not a number"))
    }

    pub fn resize(&self, w: u16, h: u16) {
        self.tmux(&["resize-window", "-x", &w.to_string(), "-y", &h.to_string()]);
    }

    /// Esc out of the Filter into normal mode, and wait until rizhi has
    /// taken it (the Filter shows the terminal cursor, normal mode hides it),
    /// so the next key is not read as Alt-key together with the Esc.
    pub fn normal_mode(&self) {
        self.send_keys(&["Escape"]);
        self.wait_display("#{cursor_flag}", "0", "Esc to leave the Filter");
    }

    /// `/` into the Filter, waiting until it is focused (cursor shown).
    pub fn filter_mode(&self) {
        self.send_keys(&["/"]);
        self.wait_display("#{cursor_flag}", "1", "/ to focus the Filter");
    }

    /// Polls `display-message` until `format` expands to `want`.
    pub fn wait_display(&self, format: &str, want: &str, what: &str) {
        let start = Instant::now();
        loop {
            let got = self.display(format);
            if got == want {
                return;
            }
            if start.elapsed() > self.deadline {
                panic!(
                    "timed out after {:?} waiting for {what}: {format} is {got:?}, not {want:?}\n{}",
                    self.deadline,
                    self.describe(&self.screen())
                );
            }
            std::thread::sleep(POLL);
        }
    }

    pub fn describe(&self, screen: &str) -> String {
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
    /// apart). Fails with the last screen after the deadline, or at once if
    /// the pane's process has exited.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
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
            if start.elapsed() > self.deadline {
                panic!(
                    "timed out after {:?} waiting for {what}\n{}",
                    self.deadline,
                    self.describe(&screen)
                );
            }
            previous = Some(screen);
            std::thread::sleep(POLL);
        }
    }

    pub fn wait_for(&self, pattern: &str) -> String {
        self.wait_until(&format!("{pattern:?} on screen"), |s| s.contains(pattern))
    }

    /// Waits until every one of `patterns` is on screen at once.
    pub fn wait_for_all(&self, patterns: &[&str]) -> String {
        self.wait_until(&format!("all of {patterns:?} on screen"), |s| {
            patterns.iter().all(|p| s.contains(p))
        })
    }

    /// Waits until `text` is drawn in reverse video (the link cursor).
    pub fn wait_reversed(&self, text: &str) {
        let start = Instant::now();
        loop {
            let runs = runs(&self.styled(), |c| c.reverse);
            if runs.iter().any(|r| r.contains(text)) {
                return;
            }
            if start.elapsed() > self.deadline || self.pane_dead() {
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
    pub fn wait_focus(&self, pane: &str) {
        let start = Instant::now();
        loop {
            let focused = focused_pane(&self.styled());
            if focused.as_deref() == Some(pane) {
                return;
            }
            if start.elapsed() > self.deadline || self.pane_dead() {
                panic!(
                    "waited for the focus to be on the {pane}; it is on {focused:?}\n{}",
                    self.describe(&self.screen())
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// With `start_in_shell`: waits for rizhi to exit and the shell to
    /// report; returns rizhi's exit status and the tty mode (`raw`/`cooked`).
    pub fn wait_shell_exit(&self) -> (String, String) {
        let s = self.wait_until("rizhi to exit and the shell to report", |s| {
            s.contains("[tty ")
        });
        let find = |prefix: &str| {
            s.lines()
                .find_map(|l| l.trim().strip_prefix(prefix))
                .map(|r| r.trim_end_matches(']').to_string())
                .unwrap_or_default()
        };
        (find("[rizhi exited with status "), find("[tty "))
    }

    /// With `start_in_shell`: the pid of rizhi, the shell's child.
    pub fn rizhi_pid(&self) -> u32 {
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

    /// After rizhi exits (with `start_in_shell`, `tty` from
    /// [`Tmux::wait_shell_exit`]): alternate screen off, cursor shown, every
    /// mouse mode off, the tty out of raw mode, rizhi's screen gone.
    pub fn assert_terminal_restored(&self, tty: &str) {
        let screen = self.screen();
        assert!(
            !self.alternate_on(),
            "the alternate screen is still on after rizhi exited\n{}",
            self.describe(&screen)
        );
        assert_eq!(
            self.display("#{cursor_flag}"),
            "1",
            "the cursor is still hidden after rizhi exited\n{screen}"
        );
        for flag in [
            "mouse_any_flag",
            "mouse_all_flag",
            "mouse_button_flag",
            "mouse_sgr_flag",
        ] {
            assert_eq!(
                self.display(&format!("#{{{flag}}}")),
                "0",
                "{flag} still on after rizhi exited"
            );
        }
        assert_eq!(tty, "cooked", "the tty is still in raw mode\n{screen}");
        assert!(
            !screen.contains("Filter · "),
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

pub fn lines(screen: &str) -> Vec<&str> {
    screen.lines().collect()
}

/// Splits a screen row into the left column (Filter/Timeline, including its
/// borders) and the rest (the Reader). At 100 columns the left box's right
/// border is the first box character after the first column.
pub fn split_columns(line: &str) -> (&str, &str) {
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

/// The Filter title's `n/N` count, as drawn on the first row.
pub fn filter_count(screen: &str) -> Option<String> {
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
pub fn reader_title(screen: &str) -> String {
    lines(screen)
        .first()
        .map(|l| split_columns(l).1.to_string())
        .unwrap_or_default()
}

/// The rows inside a left-column pane (`Filter` or `Timeline`), between its
/// top border (holding `title`) and its bottom border.
pub fn left_pane_rows(screen: &str, title: &str) -> Vec<String> {
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
pub fn reader_rows(screen: &str) -> Vec<String> {
    let all = lines(screen);
    all.iter()
        .skip(1)
        .map(|l| split_columns(l).1)
        .take_while(|r| !r.starts_with('└'))
        .map(|r| r.trim_start_matches('│').to_string())
        .collect()
}

/// The bottom line: position and link summary, or a transient message.
pub fn status_line(screen: &str) -> String {
    lines(screen)
        .into_iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string()
}

/// One character cell as tmux reports it with `capture-pane -e`.
#[derive(Clone, Copy, Debug)]
pub struct Cell {
    pub ch: char,
    pub bold: bool,
    pub reverse: bool,
}

/// Parses `capture-pane -p -e` output: text with SGR sequences. Attributes
/// carry over from one row to the next, as tmux emits them.
pub fn parse_styled(raw: &str) -> Vec<Vec<Cell>> {
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
pub fn runs(rows: &[Vec<Cell>], pick: impl Fn(&Cell) -> bool) -> Vec<String> {
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
pub fn focused_pane(rows: &[Vec<Cell>]) -> Option<String> {
    for run in runs(rows, |c| c.bold) {
        if run.contains("Filter ·") {
            return Some("Filter".into());
        }
        if run.contains("Timeline ·") {
            return Some("Timeline".into());
        }
        // The Reader's title: `HH:MM 2014-MM-DD`, then `· file:line` where
        // there is room (it gives way to the link counts).
        let title = run.trim_start_matches(['┌', '─', ' ']);
        let stamp = title.len() > 11
            && title.as_bytes()[2] == b':'
            && title.get(5..).is_some_and(|d| d.starts_with(" 2014-"));
        if stamp || (run.contains(".txt:") && run.contains("2014-")) {
            return Some("Reader".into());
        }
    }
    None
}

/// Runs the real binary as user nobody (uid 65534) when this process is
/// root (as the tests usually run, where mode 000 means nothing): with
/// `setpriv`, else `runuser`. `None` when neither can run.
pub fn rizhi_as_nobody(dir: &Path, args: &[&str]) -> Option<Output> {
    let exe = env!("CARGO_BIN_EXE_rizhi");
    let is_root = std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("Uid:"))
        .is_some_and(|l| l.split_whitespace().nth(2) == Some("0"));
    let mut tries: Vec<Command> = Vec::new();
    if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", exe]);
        tries.push(c);
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--", exe]);
        tries.push(c);
    } else {
        tries.push(Command::new(exe));
    }
    for mut c in tries {
        c.args(args)
            .current_dir(dir)
            .env("RIZHI_CONFIG", "/nonexistent/rizhi-config.toml")
            .env("HOME", dir)
            .env("NO_COLOR", "1");
        match c.output() {
            Ok(o) => return Some(o),
            Err(e) => eprintln!("cannot run {c:?}: {e}"),
        }
    }
    None
}
