//! Writing with rizhi, in a real terminal (tmux, see tests/common/mod.rs):
//! `y` / `Y` yank a stamp and a see-link into tmux's buffer through OSC 52,
//! `rizhi pick` draws on the pane while its stdout goes to a file, `gx` hands
//! a URL to `$BROWSER`, and `a` appends a header and opens `$EDITOR` there.
//!
//! The notebook is written by each test into a temp dir. Its headers spell
//! the hour unpadded and the date padded (`9:05 2014-03-02`), so a stamp
//! copied in the notebook's own form differs from both of rizhi's display
//! forms (`09:05 2014-03-02`, `2014-03-02 09:05`).

mod common;

use common::{filter_count, reader_title, status_line, Tmux};
use std::path::{Path, PathBuf};

/// Line 1: the older entry, two URLs in item 2; line 7: the newest, a
/// see-link in item 2, sub-item 1 (line 11).
const NOTEBOOK: &str = "18:30 2014-03-01
kernel, scheduler
1, 读 sched/fair.c
2, docs at https://example.org/one and https://example.org/two.
\t1), see\"9:05 2014-03-02\" for more

9:05 2014-03-02
virtualization, xen
1, overview
2, steps
\t1), precopy, see \"18:30 2014-03-01\" again
\t2), stop and copy
3, summary
";

const NEWEST: &str = "09:05 2014-03-02";
const OLDER: &str = "18:30 2014-03-01";

struct Setup {
    dir: tempfile::TempDir,
    file: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("notebook.txt");
    std::fs::write(&file, NOTEBOOK).expect("write the notebook");
    Setup { dir, file }
}

/// No display server: no local clipboard tool runs, OSC 52 is the one way.
const NO_DISPLAY: [&str; 2] = ["DISPLAY=", "WAYLAND_DISPLAY="];

fn start(file: &Path, env: &[&str]) -> Tmux {
    let mut all: Vec<&str> = NO_DISPLAY.to_vec();
    all.extend_from_slice(env);
    let f = file.to_str().expect("utf-8 temp path");
    let t = Tmux::launch(&[env!("CARGO_BIN_EXE_rizhi"), f], &all, 100, 30);
    t.wait_until("both entries loaded, the newest in the reader", |s| {
        filter_count(s).as_deref() == Some("2/2") && reader_title(s).contains(NEWEST)
    });
    t
}

/// An executable shell script `name` in `dir`.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(name);
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    p
}

/// Waits until `path` holds something, and returns it.
fn wait_file(t: &Tmux, path: &Path, what: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        if let Ok(s) = std::fs::read_to_string(path) {
            if !s.is_empty() {
                return s;
            }
        }
        if start.elapsed() > t.deadline {
            panic!(
                "timed out waiting for {what} in {}\n{}",
                path.display(),
                t.describe(&t.screen())
            );
        }
        std::thread::sleep(common::POLL);
    }
}

#[test]
fn y_copies_the_stamp_and_capital_y_a_link_with_its_section_into_tmux() {
    let s = setup();
    let t = start(&s.file, &[]);
    t.normal_mode(); // the Reader, on the newest entry
    t.send_keys(&["y"]);
    let screen = t.wait_for("copied 9:05 2014-03-02");
    assert!(status_line(&screen).contains("OSC 52"), "{screen}");
    assert_eq!(t.tmux(&["show-buffer"]), "9:05 2014-03-02");
    // The link cursor on the see-link in item 2, sub-item 1.
    t.send_keys(&["n"]);
    t.wait_reversed("see \"18:30 2014-03-01\"");
    t.send_keys(&["Y"]);
    t.wait_for("copied see\"9:05 2014-03-02\"2-1)");
    assert_eq!(t.tmux(&["show-buffer"]), "see\"9:05 2014-03-02\"2-1)");
}

/// What rizhi writes to the terminal for `y`, seen through `pipe-pane`:
/// OSC 52, then inside tmux (`$TMUX` set, not empty) the same wrapped for
/// tmux's passthrough with its ESC doubled.
#[test]
fn y_sends_osc_52_and_inside_tmux_a_passthrough_copy() {
    let osc = "\x1b]52;c;OTowNSAyMDE0LTAzLTAy\x07"; // base64 of 9:05 2014-03-02
    let wrapped = format!("\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b"));
    for (env, inside) in [(None, true), (Some("TMUX="), false)] {
        let s = setup();
        let t = start(&s.file, env.as_slice());
        let raw = s.dir.path().join("raw.bin");
        t.tmux(&["pipe-pane", "-o", &format!("cat > '{}'", raw.display())]);
        t.normal_mode();
        t.send_keys(&["y"]);
        t.wait_for("copied 9:05 2014-03-02");
        let want = if inside {
            format!("{osc}{wrapped}")
        } else {
            osc.to_string()
        };
        let start = std::time::Instant::now();
        let got = loop {
            let got =
                String::from_utf8_lossy(&std::fs::read(&raw).unwrap_or_default()).into_owned();
            if got.contains(&want) || start.elapsed() > t.deadline {
                break got;
            }
            std::thread::sleep(common::POLL);
        };
        assert!(got.contains(&want), "{env:?}: {got:?}");
        assert_eq!(got.contains("\x1bPtmux;"), inside, "{env:?}: {got:?}");
    }
}

/// Under X11 the text also goes to xclip on stdin, found on `$PATH`; a
/// file named xclip that is not executable (earlier on `$PATH`) is passed
/// over, and the status line names the tool.
#[test]
fn under_x11_y_also_feeds_xclip_the_first_executable_one_on_path() {
    let s = setup();
    let (plain, bin) = (s.dir.path().join("plain"), s.dir.path().join("bin"));
    for d in [&plain, &bin] {
        std::fs::create_dir(d).expect("mkdir");
    }
    std::fs::write(plain.join("xclip"), "#!/bin/sh\nexit 0\n").expect("write");
    let got = s.dir.path().join("xclip.txt");
    script(
        &bin,
        "xclip",
        &format!("echo \"$@\" > '{0}.args'; cat > '{0}'", got.display()),
    );
    let path = format!(
        "PATH={}:{}:{}",
        plain.display(),
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let t = start(&s.file, &["DISPLAY=:0", &path]);
    t.normal_mode();
    t.send_keys(&["y"]);
    let screen = t.wait_for("copied 9:05 2014-03-02");
    assert!(status_line(&screen).contains("OSC 52 + xclip"), "{screen}");
    assert_eq!(wait_file(&t, &got, "xclip's stdin"), "9:05 2014-03-02");
    let args = std::fs::read_to_string(format!("{}.args", got.display())).unwrap();
    assert_eq!(args, "-selection clipboard -in\n");
}

/// `sh -c 'rizhi pick … > out.txt'` in the pane: the screen is drawn on the
/// pane while stdout is the file; `[pick exited N]` tells the status.
fn pick(s: &Setup, args: &str) -> (Tmux, PathBuf) {
    let out = s.dir.path().join("out.txt");
    let cmd =
        format!("\"$0\" pick {args} \"$1\" > \"$2\"; echo \"[pick exited $?]\"; exec sleep 600");
    let (f, o) = (s.file.to_str().unwrap(), out.to_str().unwrap());
    let t = Tmux::launch(
        &["sh", "-c", &cmd, env!("CARGO_BIN_EXE_rizhi"), f, o],
        &NO_DISPLAY,
        100,
        30,
    );
    let screen = t.wait_until("the chooser drawn on the pane", |s| {
        filter_count(s).is_some_and(|c| c.ends_with("/2"))
    });
    assert_eq!(
        std::fs::read_to_string(&out).expect("the shell made out.txt"),
        "",
        "nothing on stdout while choosing\n{screen}"
    );
    (t, out)
}

fn exit_status(t: &Tmux) -> String {
    let s = t.wait_for("[pick exited");
    s.lines()
        .find_map(|l| l.trim().strip_prefix("[pick exited "))
        .map(|r| r.trim_end_matches(']').to_string())
        .unwrap_or_default()
}

#[test]
fn pick_prints_a_link_to_the_section_chosen_in_the_reader() {
    let s = setup();
    let (t, out) = pick(&s, "--print link xen");
    t.wait_until("the query xen pre-filled: one match", |s| {
        filter_count(s).as_deref() == Some("1/2") && s.contains("xen")
    });
    t.send_keys(&["C-w", "l"]);
    t.wait_focus("Reader");
    t.send_keys(&["n"]);
    t.wait_reversed("see \"18:30 2014-03-01\"");
    t.send_keys(&["Enter"]);
    assert_eq!(exit_status(&t), "0");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "see\"9:05 2014-03-02\"2-1)\n"
    );
}

#[test]
fn pick_prints_file_and_line_by_default_from_the_filter() {
    let s = setup();
    // stdin not a terminal, as under vim's `:r !`: keys come from /dev/tty.
    let (t, out) = pick(&s, "kernel < /dev/null");
    t.wait_until("one match for kernel", |s| {
        filter_count(s).as_deref() == Some("1/2") && reader_title(s).contains(OLDER)
    });
    t.send_keys(&["Enter"]);
    assert_eq!(exit_status(&t), "0");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        format!("{}:1\n", s.file.display())
    );
}

/// The choice cannot be written: to a full device that is an error (named,
/// status 2); to a pipe whose reader is gone (`| true`) it is not, as a
/// closed pipe means nobody wants the rest (status 0, nothing on stderr).
#[test]
fn pick_names_a_failed_write_but_not_a_closed_pipe() {
    for (to, want, err) in [("> /dev/full", "2", "No space left"), ("| true", "0", "")] {
        let s = setup();
        let st = s.dir.path().join("status");
        let cmd = format!(
            "{{ \"$0\" pick kernel \"$1\" 2> \"$2.err\"; echo $? > \"$2\"; }} {to}; exec sleep 600"
        );
        let (f, o) = (s.file.to_str().unwrap(), st.to_str().unwrap());
        let t = Tmux::launch(
            &["sh", "-c", &cmd, env!("CARGO_BIN_EXE_rizhi"), f, o],
            &NO_DISPLAY,
            100,
            30,
        );
        t.wait_until("one match for kernel", |s| {
            filter_count(s).as_deref() == Some("1/2") && reader_title(s).contains(OLDER)
        });
        t.send_keys(&["Enter"]);
        assert_eq!(
            wait_file(&t, &st, "pick's status"),
            format!("{want}\n"),
            "{to}"
        );
        let stderr = std::fs::read_to_string(format!("{o}.err")).unwrap();
        if err.is_empty() {
            assert_eq!(stderr, "", "{to}");
        } else {
            assert!(stderr.contains(err), "{to}: {stderr:?}");
        }
    }
}

#[test]
fn pick_left_with_esc_prints_nothing_and_exits_130() {
    let s = setup();
    // An empty QUERY, so the file is a PATH.
    let (t, out) = pick(&s, "--print stamp \"\"");
    t.send_keys(&["Escape"]);
    assert_eq!(exit_status(&t), "130");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "");
    assert!(!t.alternate_on(), "the screen was given back");
}

#[test]
fn gx_opens_the_first_url_in_view_then_the_one_under_the_link_cursor() {
    let s = setup();
    let got = s.dir.path().join("browser.txt");
    let browser = script(
        s.dir.path(),
        "browser",
        &format!("printf '%s\\n' \"$@\" >> '{}'", got.display()),
    );
    let env = format!("BROWSER={}", browser.display());
    let t = start(&s.file, &[&env]);
    t.send_literal("kernel");
    t.wait_until("the older entry in the reader", |s| {
        reader_title(s).contains(OLDER)
    });
    t.normal_mode();
    t.send_keys(&["g", "x"]);
    assert_eq!(
        wait_file(&t, &got, "the browser's argument"),
        "https://example.org/one\n"
    );
    t.wait_for(&format!(
        "opening https://example.org/one with {}",
        browser.display()
    ));
    // n visits URLs too: the first, then the second.
    t.send_keys(&["n"]);
    t.wait_reversed("https://example.org/one");
    t.send_keys(&["n"]);
    t.wait_reversed("https://example.org/two");
    t.send_keys(&["g", "x"]);
    t.wait_for("opening https://example.org/two");
    assert_eq!(
        std::fs::read_to_string(&got).unwrap(),
        "https://example.org/one\nhttps://example.org/two\n"
    );
    assert!(
        t.alternate_on() && !t.pane_dead(),
        "rizhi kept the terminal"
    );
}

#[test]
fn a_appends_a_header_for_now_and_opens_the_editor_there() {
    let s = setup();
    let bin = s.dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let argv = s.dir.path().join("argv.txt");
    // Named vim, so rizhi passes `+LINE`.
    let editor = script(
        &bin,
        "vim",
        &format!("printf '%s\\n' \"$@\" > '{}'", argv.display()),
    );
    let env = format!("EDITOR={}", editor.display());
    let t = start(&s.file, &[&env]);
    t.normal_mode();
    t.send_keys(&["a"]);
    let screen = t.wait_for("back from");
    assert!(status_line(&screen).contains("appended"), "{screen}");
    let new = std::fs::read(&s.file).unwrap();
    assert!(
        new.starts_with(NOTEBOOK.as_bytes()) && new.len() > NOTEBOOK.len(),
        "the old bytes are a prefix of the new file"
    );
    let text = String::from_utf8(new).unwrap();
    let header_line = text.lines().count();
    let header = text.lines().last().unwrap();
    let today = chrono::Local::now().date_naive();
    // The file's own style: padded date, unpadded hour.
    // (`0:07` just after midnight: the hour is unpadded, not absent.)
    let hour = header.split(':').next().unwrap_or("");
    assert!(
        header.ends_with(&today.format(" %Y-%m-%d").to_string())
            && (hour == "0" || !hour.starts_with('0')),
        "{header:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&argv).unwrap(),
        format!("+{header_line}\n{}\n", s.file.display())
    );
    t.wait_until("the live reload shows the new entry", |s| {
        filter_count(s).as_deref() == Some("3/3")
    });
}
