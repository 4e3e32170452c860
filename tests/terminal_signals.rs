//! Signals, suspend and hang-up in a real terminal (issue 13, defects 3, 4
//! and 6; TESTING.md cases 30–35). The tmux harness is tests/common/mod.rs.

mod common;

use common::{filter_count, Tmux, POLL};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Two plain entries, newest "11:00 2014-03-02".
const TWO: &str = "10:00 2014-3-1\nfirst, 调度\n1, the first entry body\n\n\
                   11:00 2014-3-2\nsecond, kernel\n1, the second entry body\n";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write fixture");
    p.display().to_string()
}

fn loaded_two(t: &Tmux) {
    t.wait_until("both entries loaded", |s| {
        filter_count(s).as_deref() == Some("2/2") && s.contains("the second entry body")
    });
}

fn kill(signal: &str, pid: u32) {
    let ok = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(ok.success(), "kill -{signal} {pid}");
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            let state = s.rsplit(')').next().unwrap_or("").trim_start();
            !state.starts_with('Z') && !state.starts_with('X')
        })
        .unwrap_or(false)
}

fn wait_file(path: &Path, want: &str) -> String {
    let start = Instant::now();
    loop {
        let got = std::fs::read_to_string(path).unwrap_or_default();
        if got.contains(want) {
            return got;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{} never held {want:?}: {got:?}",
            path.display()
        );
        std::thread::sleep(POLL);
    }
}

/// Case 30: SIGTERM while `$EDITOR` runs. rizhi waits for the editor (it
/// is not orphaned: its parent is still rizhi when it exits), then gives the
/// terminal back and exits 143.
#[cfg(unix)]
#[test]
fn sigterm_while_the_editor_runs_waits_for_it_then_exits_143() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().expect("tempdir");
    let file = write(d.path(), "two.txt", TWO);
    let marker = d.path().join("marker");
    let go = d.path().join("go");
    let script = d.path().join("fake-ed");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"start $PPID\" > '{m}'\n\
             while [ ! -e '{g}' ]; do sleep 0.05; done\n\
             echo \"end $(awk '/^PPid/ {{print $2}}' /proc/$$/status)\" >> '{m}'\n",
            m = marker.display(),
            g = go.display()
        ),
    )
    .expect("write the fake editor");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let editor = format!("EDITOR={}", script.display());
    let t = Tmux::start_in_shell(&[&file], &[&editor]);
    loaded_two(&t);
    let pid = t.rizhi_pid();
    t.normal_mode();
    t.send_keys(&["e"]);
    let started = wait_file(&marker, "start ");
    assert_eq!(started.trim(), format!("start {pid}"));
    kill("TERM", pid);
    // Longer than the signal thread's 300 ms grace: rizhi must still be
    // there, waiting for its editor.
    let until = Instant::now() + Duration::from_millis(1200);
    while Instant::now() < until {
        assert!(alive(pid), "rizhi exited while its editor was running");
        std::thread::sleep(POLL);
    }
    std::fs::write(&go, "").expect("let the editor finish");
    let done = wait_file(&marker, "end ");
    assert!(
        done.contains(&format!("end {pid}")),
        "the editor was orphaned: {done:?}"
    );
    let (status, tty) = t.wait_shell_exit();
    t.assert_terminal_restored(&tty);
    assert_eq!(
        status,
        "143",
        "exit status after SIGTERM held for the editor\n{}",
        t.screen()
    );
}

/// rizhi typed into an interactive bash (job control on), as a user runs it.
fn in_bash(file: &str, env: &[&str]) -> Tmux {
    let t = Tmux::launch(&["bash", "--norc", "--noprofile", "-i"], env, 100, 30);
    t.wait_until("the bash prompt", |s| s.contains('$') || s.contains('#'));
    t.send_literal(&format!("'{}' '{file}'", env!("CARGO_BIN_EXE_rizhi")));
    t.send_keys(&["Enter"]);
    loaded_two(&t);
    t
}

fn suspended(t: &Tmux, how: &str) {
    t.wait_until(&format!("bash to report rizhi stopped after {how}"), |s| {
        s.contains("Stopped")
    });
    assert!(!t.alternate_on(), "{how}: the alternate screen is still on");
    for flag in ["mouse_any_flag", "mouse_sgr_flag"] {
        assert_eq!(t.display(&format!("#{{{flag}}}")), "0", "{how}: {flag}");
    }
    assert_eq!(t.display("#{cursor_flag}"), "1", "{how}: cursor hidden");
    t.send_literal("stty -a | grep -o -- '-\\?icanon' | head -1");
    t.send_keys(&["Enter"]);
    t.wait_until(&format!("{how}: the tty mode"), |s| {
        s.lines().any(|l| l.trim() == "icanon")
    });
}

fn resumed(t: &Tmux, how: &str) {
    t.send_literal("fg");
    t.send_keys(&["Enter"]);
    t.wait_display("#{alternate_on}", "1", &format!("fg after {how}"));
    loaded_two(t);
    assert_eq!(
        t.display("#{mouse_any_flag}"),
        "1",
        "mouse again after {how}"
    );
}

/// Case 31: Ctrl-z in the browser and SIGTSTP from outside give the
/// terminal back (normal screen, cooked tty, mouse off) before stopping;
/// `fg` brings the browser back, redrawn.
#[test]
fn ctrl_z_and_sigtstp_suspend_with_the_terminal_restored_and_fg_resumes() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = write(d.path(), "two.txt", TWO);
    let t = in_bash(&file, &[]);
    t.normal_mode();
    t.send_keys(&["C-z"]);
    suspended(&t, "Ctrl-z");
    t.send_keys(&["C-l"]);
    resumed(&t, "Ctrl-z");
    let pid = t.rizhi_pid();
    kill("TSTP", pid);
    suspended(&t, "SIGTSTP");
    resumed(&t, "SIGTSTP");
    t.send_keys(&["q"]);
    t.wait_display("#{alternate_on}", "0", "q to quit");
}

fn signal_restores(signal: &str, status: &str) {
    let d = tempfile::tempdir().expect("tempdir");
    let file = write(d.path(), "two.txt", TWO);
    let t = Tmux::start_in_shell(&[&file], &[]);
    loaded_two(&t);
    assert_eq!(t.display("#{mouse_any_flag}"), "1");
    kill(signal, t.rizhi_pid());
    let (got, tty) = t.wait_shell_exit();
    t.assert_terminal_restored(&tty);
    assert_eq!(got, status, "exit status after SIG{signal}");
}

/// Case 32: SIGQUIT restores the terminal, exit 131 (not a core dump with
/// the screen left in raw mode).
#[test]
fn sigquit_restores_the_terminal() {
    signal_restores("QUIT", "131");
}

/// Case 33: SIGUSR1 and SIGALRM restore the terminal too.
#[test]
fn sigusr1_and_sigalrm_restore_the_terminal() {
    signal_restores("USR1", "138");
    signal_restores("ALRM", "142");
}

/// Case 34: closing the terminal (the tmux server killed) saves the session
/// state: the query opened last is in the state file.
#[test]
fn closing_the_terminal_saves_the_session_state() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = write(d.path(), "two.txt", TWO);
    let state = d.path().join("state").join("state.json");
    let env = format!("RIZHI_STATE={}", state.display());
    let t = Tmux::launch(&[env!("CARGO_BIN_EXE_rizhi"), &file], &[&env], 100, 30);
    loaded_two(&t);
    t.send_literal("first");
    t.wait_until("the query to narrow", |s| {
        filter_count(s).as_deref() == Some("1/2")
    });
    t.send_keys(&["Enter"]);
    t.wait_for("the first entry body");
    let pid = t.pane_pid();
    t.tmux(&["kill-server"]);
    let start = Instant::now();
    while alive(pid) && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(POLL);
    }
    assert!(!alive(pid), "rizhi outlived its terminal");
    let saved = std::fs::read_to_string(&state).expect("the state was saved on hang-up");
    let saved: serde_json::Value = serde_json::from_str(&saved).expect("valid JSON");
    assert_eq!(saved["queries"][0], "first", "{saved}");
    assert_eq!(saved["line"], 1, "the entry in the reader: {saved}");
    // The next start reads it: the reader opens on that entry again, not on
    // the newest.
    let t = Tmux::launch(&[env!("CARGO_BIN_EXE_rizhi"), &file], &[&env], 100, 30);
    t.wait_until("the saved entry restored", |s| {
        filter_count(s).as_deref() == Some("2/2")
            && s.contains("the first entry body")
            && !s.contains("the second entry body")
    });
}
