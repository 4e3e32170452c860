//! Live reload (issue #6), end to end: the real `rizhi` binary in tmux on a
//! notebook in a temp folder that the test then changes on disk, the way an
//! editor does (a plain write, or a temporary file renamed over the notebook)
//! or a user does (deleting an entry, deleting the file).
//!
//! The tmux harness is a self-contained copy of the one in tests/e2e_tmux.rs:
//! a server per test (`-L rizhi-reload-<pid>-<n>`, `-f /dev/null`), a 100×30
//! window, HOME and XDG folders in a temp dir, the screen polled every 50 ms
//! until it shows what we wait for or 5 s pass (never a bare sleep), and
//! `kill-server` on drop.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const POLL: Duration = Duration::from_millis(50);
const DEADLINE: Duration = Duration::from_secs(5);

/// Three entries; 10:59 2013-01-04 is the middle one, at line 5.
const LOG: &str = "9:00 2013-1-2
alpha, one
1, the alpha body

10:59 2013-1-4
beta, two
1, the beta body
2, more beta

15:00 2013-1-6
gamma, three
1, the gamma body
";

const ALPHA: &str = "09:00 2013-01-02 · log201301.txt:1";
const BETA: &str = "10:59 2013-01-04 · log201301.txt:5";
const GAMMA: &str = "15:00 2013-01-06 · log201301.txt:10";

static NEXT_SOCKET: AtomicUsize = AtomicUsize::new(0);

/// One tmux server running rizhi in a single pane; dropping it kills the
/// server.
struct Tmux {
    socket: String,
    _home: tempfile::TempDir,
}

impl Tmux {
    /// Starts `rizhi ARGS...` in a 100×30 window, exec'd directly; the pane
    /// stays after rizhi exits so a crash shows its status and last screen.
    fn start(args: &[&Path]) -> Tmux {
        require_tmux();
        let home = tempfile::tempdir().expect("create a temp dir for HOME");
        let n = NEXT_SOCKET.fetch_add(1, Ordering::SeqCst);
        let t = Tmux {
            socket: format!("rizhi-reload-{}-{n}", std::process::id()),
            _home: home,
        };
        let h = t._home.path();
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
        let mut cmd: Vec<String> = [
            "start-server",
            ";",
            "set-option",
            "-g",
            "remain-on-exit",
            "on",
            ";",
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "--",
            "env",
            "-u",
            "NO_COLOR",
            "-u",
            "VISUAL",
            "-u",
            "EDITOR",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        cmd.extend(env);
        cmd.push(env!("CARGO_BIN_EXE_rizhi").to_string());
        cmd.extend(args.iter().map(|p| p.display().to_string()));
        let refs: Vec<&str> = cmd.iter().map(String::as_str).collect();
        t.tmux(&refs);
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

    /// Named keys (`Enter`, `Escape`, `C-o`, `h`…), each sent on its own.
    fn send_keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Text typed as is.
    fn send_literal(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p"])
    }

    fn display(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", format])
            .trim()
            .to_string()
    }

    fn pane_dead(&self) -> bool {
        self.display("#{pane_dead}") == "1"
    }

    fn describe(&self, screen: &str) -> String {
        if !self.pane_dead() {
            return format!("rizhi running\n---- screen ----\n{screen}----------------");
        }
        let all = self.tmux(&["capture-pane", "-p", "-S", "-", "-E", "-"]);
        let text: Vec<&str> = all.lines().filter(|l| !l.trim().is_empty()).collect();
        format!(
            "rizhi EXITED (status {})\n---- output ----\n{}\n----------------",
            self.display("#{pane_dead_status}"),
            text.join("\n")
        )
    }

    /// Polls until `ok` holds on two captures in a row (a half-drawn frame
    /// is never taken for the result); fails with the last screen after 5 s,
    /// or at once if rizhi has exited.
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

    /// Waits until `n` entries are loaded (the Filter title reads `n/n`
    /// without a query) and `title` is the Reader's.
    fn loaded(&self, n: usize, title: &str) -> String {
        let count = format!("{n}/{n}");
        self.wait_until(&format!("{count} loaded, {title:?} in the reader"), |s| {
            filter_count(s).as_deref() == Some(count.as_str()) && reader_title(s).contains(title)
        })
    }

    /// Esc, waiting until the Filter lets go (its cursor hidden): a key sent
    /// right after an Esc would arrive as an Alt chord.
    fn normal_mode(&self) {
        self.send_keys(&["Escape"]);
        self.wait_cursor("0", "Esc to leave the Filter");
    }

    /// `/` into the Filter, waiting until its cursor shows.
    fn filter_mode(&self) {
        self.send_keys(&["/"]);
        self.wait_cursor("1", "/ to focus the Filter");
    }

    fn wait_cursor(&self, flag: &str, what: &str) {
        let start = Instant::now();
        while self.display("#{cursor_flag}") != flag {
            if start.elapsed() > DEADLINE || self.pane_dead() {
                panic!("waited for {what}\n{}", self.describe(&self.screen()));
            }
            std::thread::sleep(POLL);
        }
    }

    /// From the Filter: `:` and a date, Enter: the reader shows that day.
    fn goto(&self, date: &str) {
        self.normal_mode();
        self.send_keys(&[":"]);
        self.wait_until("the : prompt", |s| status_line(s).starts_with(':'));
        self.send_literal(date);
        self.send_keys(&["Enter"]);
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
        if !socket.is_empty() {
            let _ = std::fs::remove_file(socket);
        }
    }
}

fn require_tmux() {
    match Command::new("tmux").arg("-V").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!("`tmux -V` failed ({}): these tests need tmux", out.status),
        Err(e) => panic!(
            "tmux is not installed ({e}): the live-reload tests drive the real binary in \
             tmux; install it (e.g. `apt-get install tmux`)"
        ),
    }
}

// ---- reading the screen ----------------------------------------------------

/// Splits a screen row into the left column (Filter/Timeline, with its
/// borders) and the rest (the Reader).
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
    let first = screen.lines().next()?;
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
    screen
        .lines()
        .next()
        .map(|l| split_columns(l).1.to_string())
        .unwrap_or_default()
}

/// The rows inside a left-column pane (`Filter` or `Timeline`).
fn left_pane_rows(screen: &str, title: &str) -> Vec<String> {
    let mut rows = Vec::new();
    let mut inside = false;
    for line in screen.lines() {
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

fn timeline_has(screen: &str, text: &str) -> bool {
    left_pane_rows(screen, "Timeline")
        .iter()
        .any(|r| r.contains(text))
}

/// The selected row of a left pane (marked `▌`).
fn selected_row(screen: &str, pane: &str) -> String {
    left_pane_rows(screen, pane)
        .into_iter()
        .find(|r| r.starts_with('▌'))
        .unwrap_or_default()
}

/// The bottom line: position, or a transient message.
fn status_line(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string()
}

// ---- changing the notebook --------------------------------------------------

fn notebook(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write the notebook");
    p
}

/// What an editor that saves atomically does: write a temporary file in the
/// same folder, then rename it over the notebook.
fn rename_over(path: &Path, text: &str) {
    let tmp = path.with_file_name(".rizhi-test-save.tmp");
    std::fs::write(&tmp, text).expect("write the temporary file");
    std::fs::rename(&tmp, path).expect("rename it over the notebook");
}

// ---- the tests ----------------------------------------------------------------

/// (a) An entry appended with a plain write shows in the timeline; the
/// query typed before is matched again over the new entries.
#[test]
fn an_entry_appended_with_a_plain_write_shows_up() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = notebook(d.path(), "log201301.txt", LOG);
    let t = Tmux::start(&[d.path()]);
    t.loaded(3, GAMMA);
    t.send_literal("delta");
    t.wait_until("the query matching nothing yet", |s| {
        filter_count(s).as_deref() == Some("0/3")
    });
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .expect("open for appending");
    std::io::Write::write_all(&mut f, b"\n9:30 2013-1-8\ndelta, four\n1, the delta body\n")
        .expect("append");
    drop(f);
    let s = t.wait_until("the new entry in the timeline, matched by the query", |s| {
        timeline_has(s, "delta, four") && filter_count(s).as_deref() == Some("1/4")
    });
    assert!(
        status_line(&s).contains("reloaded log201301.txt (+1 entry)"),
        "{s}"
    );
    assert!(s.contains("> delta"), "the query is kept\n{s}");
}

/// (b) A notebook named on the command line, saved twice by renaming a
/// temporary file over it: both saves are seen (the watch is on the folder,
/// so it survives the notebook's inode being replaced).
#[test]
fn a_temporary_file_renamed_over_the_notebook_is_seen_every_time() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = notebook(d.path(), "log201301.txt", LOG);
    let t = Tmux::start(&[&file]);
    t.loaded(3, GAMMA);
    rename_over(&file, &LOG.replace("gamma, three", "gamma, v1"));
    t.wait_until("the first save", |s| timeline_has(s, "gamma, v1"));
    rename_over(&file, &LOG.replace("gamma, three", "gamma, v2"));
    let s = t.wait_until("the second save", |s| {
        timeline_has(s, "gamma, v2") && !timeline_has(s, "gamma, v1")
    });
    assert!(reader_title(&s).contains(GAMMA), "{s}");
    assert!(s.contains("gamma, v2"), "{s}");
    assert_eq!(filter_count(&s).as_deref(), Some("3/3"), "{s}");
}

/// (c) An entry inserted before the one in the reader: the reader keeps
/// showing the same entry (now further down the file), and Ctrl-o still goes
/// back to where the jump came from.
#[test]
fn the_entry_in_the_reader_stays_when_one_is_inserted_before_it() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = notebook(d.path(), "log201301.txt", LOG);
    let t = Tmux::start(&[d.path()]);
    t.loaded(3, GAMMA);
    t.goto("2013-1-4");
    t.wait_until("beta in the reader", |s| reader_title(s).contains(BETA));
    let inserted = format!("8:00 2013-1-1\nzero, inserted\n1, the zero body\n\n{LOG}");
    std::fs::write(&file, inserted).expect("rewrite");
    let s = t.wait_until("the inserted entry in the timeline", |s| {
        timeline_has(s, "zero, inserted")
    });
    // Four lines were inserted above it: line 5 is now line 9.
    assert!(
        reader_title(&s).contains("10:59 2013-01-04 · log201301.txt:9"),
        "{s}"
    );
    assert!(s.contains("the beta body"), "{s}");
    assert!(
        selected_row(&s, "Timeline").contains("beta, two"),
        "the timeline's selection stays on beta\n{s}"
    );
    t.send_keys(&["C-o"]);
    t.wait_until("Ctrl-o back to gamma, moved down too", |s| {
        reader_title(s).contains("15:00 2013-01-06 · log201301.txt:14")
    });
}

/// (d) The entry in the reader is deleted from the file: the reader moves to
/// the entry nearest in time and the status line names the one that went.
#[test]
fn deleting_the_entry_in_the_reader_moves_to_the_nearest_and_says_so() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = notebook(d.path(), "log201301.txt", LOG);
    let t = Tmux::start(&[d.path()]);
    t.loaded(3, GAMMA);
    t.goto("2013-1-4");
    t.wait_until("beta in the reader", |s| reader_title(s).contains(BETA));
    let without = LOG.replace(
        "10:59 2013-1-4\nbeta, two\n1, the beta body\n2, more beta\n\n",
        "",
    );
    assert_ne!(without, LOG);
    std::fs::write(&file, without).expect("rewrite without beta");
    // 09:00 on the 2nd is 2 days 2 hours away, 15:00 on the 6th 2 days 4.
    let s = t.wait_until("the removal noted, alpha in the reader", |s| {
        status_line(s).contains("entry 10:59 2013-01-04 was removed from log201301.txt")
            && reader_title(s).contains(ALPHA)
    });
    assert!(!timeline_has(&s, "beta"), "{s}");
    assert_eq!(filter_count(&s).as_deref(), Some("2/2"), "{s}");
    // The browser goes on as usual.
    t.send_keys(&["h"]);
    t.send_keys(&["j"]);
    t.wait_until("j in the timeline to gamma", |s| {
        reader_title(s).contains("15:00 2013-01-06 · log201301.txt:5")
    });
}

/// (e) Deleting a whole notebook: its entries leave and the status line says
/// so; deleting the last one leaves an empty browser that still works, and a
/// notebook written into the folder afterwards is loaded.
#[test]
fn deleting_a_notebook_removes_its_entries_and_says_so() {
    let d = tempfile::tempdir().expect("tempdir");
    let jan = notebook(d.path(), "log201301.txt", LOG);
    let feb = notebook(
        d.path(),
        "log201302.txt",
        "9:00 2013-2-1\nfebruary, other\n1, the february body\n",
    );
    let t = Tmux::start(&[d.path()]);
    t.loaded(4, "09:00 2013-02-01 · log201302.txt:1");
    t.goto("2013-1-4");
    t.wait_until("beta in the reader", |s| reader_title(s).contains(BETA));
    std::fs::remove_file(&jan).expect("delete january");
    let s = t.wait_until("january's entries gone", |s| {
        filter_count(s).as_deref() == Some("1/1")
    });
    assert!(
        status_line(&s).contains("log201301.txt is gone: its 3 entries left the timeline"),
        "{s}"
    );
    assert!(
        reader_title(&s).contains("09:00 2013-02-01 · log201302.txt:1"),
        "{s}"
    );
    std::fs::remove_file(&feb).expect("delete february");
    let s = t.wait_until("no entries left", |s| {
        filter_count(s).as_deref() == Some("0/0")
    });
    assert!(status_line(&s).contains("log201302.txt is gone"), "{s}");
    t.send_keys(&["h", "j", "k", "G", "l", "C-o", "Tab"]);
    t.filter_mode();
    t.send_literal("x");
    t.wait_until("a query over nothing", |s| s.contains("> x"));
    t.send_keys(&["BSpace"]);
    notebook(
        d.path(),
        "log201303.txt",
        "9:00 2013-3-1\nmarch, back\n1, body\n",
    );
    t.wait_until("a new notebook loaded", |s| {
        filter_count(s).as_deref() == Some("1/1") && reader_title(s).contains("log201303.txt:1")
    });
}

/// `--no-watch`: a change on disk is not loaded. A second rizhi, watching
/// the same folder, shows when a reload would have happened.
#[test]
fn no_watch_keeps_what_was_loaded() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = notebook(d.path(), "log201301.txt", LOG);
    let still = Tmux::start(&[Path::new("--no-watch"), d.path()]);
    let live = Tmux::start(&[d.path()]);
    still.loaded(3, GAMMA);
    live.loaded(3, GAMMA);
    std::fs::write(&file, LOG.replace("gamma, three", "gamma, changed")).expect("rewrite");
    live.wait_until("the watching rizhi reloaded", |s| {
        timeline_has(s, "gamma, changed")
    });
    let s = still.wait_until("the screen of the other one", |s| {
        reader_title(s).contains(GAMMA)
    });
    assert!(timeline_has(&s, "gamma, three"), "{s}");
    assert!(
        !s.contains("gamma, changed") && !s.contains("reloaded"),
        "{s}"
    );
}
