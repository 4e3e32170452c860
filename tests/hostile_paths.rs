//! Hostile paths, second round (issue 13, defects 9 and 10): devices and
//! notebooks too large to read, folders nested thousands deep, and paths
//! longer than the system's limit. Each is refused or walked with a message
//! naming the path, and the rest loads.

mod common;

use common::thread_cpu;
use rizhi::live::load;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// How long a run may take before it counts as hung (`/dev/zero` read to
/// the end takes until memory runs out).
const HANG: Duration = Duration::from_secs(60);

const NOTE: &str = "9:00 2013-1-2\nalpha, one\n1, body\n";

/// Runs the real binary in `dir` with extra environment; a hang is a
/// failure (the child is killed), not a stuck suite.
fn rizhi_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rizhi"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("RIZHI_CONFIG", dir.join("no-config.toml"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("run rizhi");
    common::output_within(child, HANG, args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

// ---------------------------------------------------------------- devices

/// Issue 13, defect 10: `rizhi /dev/zero` read until memory ran out (2.1 GB).
/// A device is refused at once, with a message naming it.
#[cfg(unix)]
#[test]
fn a_device_is_refused_at_once_with_a_message() {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("good.txt"), NOTE).expect("write");
    let cpu = std::time::Instant::now();
    let o = rizhi_env(d.path(), &["stats", "/dev/zero", "good.txt"], &[]);
    assert!(
        cpu.elapsed() < Duration::from_secs(20),
        "{:?}",
        cpu.elapsed()
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("rizhi: /dev/zero: not a regular file or folder (a character device)"),
        "{err}"
    );
    assert!(
        stdout(&o).starts_with("entries        1\n"),
        "{}",
        stdout(&o)
    );
    // A socket named like a notebook in a folder is skipped too.
    let sock = d.path().join("sock.txt");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind");
    let (files, problems) = load::collect(&[d.path().to_path_buf(), sock.clone()]);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        problems
            .iter()
            .any(|p| p.path == sock && p.message.contains("(a socket)")),
        "{problems:?}"
    );
}

/// Writes `config.toml` with `max_file_mb` in `dir`, and returns its path.
fn config_with_cap(dir: &Path, mb: u64) -> PathBuf {
    let p = dir.join("config.toml");
    std::fs::write(&p, format!("max_file_mb = {mb}\n")).expect("write config");
    p
}

/// Issue 13, defect 10: a notebook over the size cap (`max_file_mb` in the
/// config, 256 MiB by default) is refused with a message naming it and the
/// cap, and the rest loads; a pipe that goes on past the cap is cut off.
#[cfg(unix)]
#[test]
fn a_notebook_over_the_size_cap_is_refused_and_the_rest_loads() {
    let d = tempfile::tempdir().expect("tempdir");
    let notes = d.path().join("notes");
    std::fs::create_dir(&notes).expect("mkdir");
    std::fs::write(notes.join("small.txt"), NOTE).expect("write");
    let big: String = (0..40_000)
        .map(|i| {
            format!(
                "9:{:02} 2012-1-{}\nbig, {i}\n1, some body text\n\n",
                i % 60,
                1 + i % 28
            )
        })
        .collect();
    assert!(big.len() > 1 << 20 && big.len() < 2 << 20);
    std::fs::write(notes.join("big.txt"), &big).expect("write");
    let config = config_with_cap(d.path(), 1);
    let o = rizhi_env(
        d.path(),
        &["stats", "--json", "notes"],
        &[("RIZHI_CONFIG", &config)],
    );
    let err = stderr(&o);
    assert!(
        err.contains(
            "big.txt: 2 MiB, over the 1 MiB limit for one notebook (max_file_mb in config.toml)"
        ),
        "{err}"
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("stats --json is JSON");
    assert_eq!(v["entries"], 1, "{v:#}");
    // Without the config, the default cap takes it.
    let o = rizhi_env(d.path(), &["stats", "--json", "notes"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("stats --json is JSON");
    assert_eq!(v["entries"], 40_001);
    // A pipe named explicitly is read, up to the cap.
    let fifo = d.path().join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            use std::io::Write;
            let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&fifo) else {
                return;
            };
            for _ in 0..3 {
                if f.write_all(big.as_bytes()).is_err() {
                    return;
                }
            }
        })
    };
    let o = rizhi_env(
        d.path(),
        &["stats", "pipe", "notes/small.txt"],
        &[("RIZHI_CONFIG", &config)],
    );
    let _ = writer.join();
    let err = stderr(&o);
    assert!(
        err.contains("pipe: over the 1 MiB limit for one notebook"),
        "{err}"
    );
    assert!(
        stdout(&o).starts_with("entries        1\n"),
        "{}",
        stdout(&o)
    );
}

// ---------------------------------------------------------------- deep folders

/// Makes `levels` nested folders named `name` under `root` (relative to the
/// parent's handle, so deeper than the system's path limit too) and writes
/// `file` with `text` at the bottom; returns the bottom file's path.
fn nest(root: &Path, name: &str, levels: usize, file: &str, text: &str) -> PathBuf {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let mut fd = rustix::fs::open(root, flags, Mode::empty()).expect("open root");
    let mut path = root.to_path_buf();
    for _ in 0..levels {
        rustix::fs::mkdirat(&fd, name, Mode::from_raw_mode(0o755)).expect("mkdirat");
        fd = rustix::fs::openat(&fd, name, flags, Mode::empty()).expect("openat");
        path.push(name);
    }
    let f = rustix::fs::openat(
        &fd,
        file,
        OFlags::WRONLY | OFlags::CREATE | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o644),
    )
    .expect("create the file");
    rustix::io::write(&f, text.as_bytes()).expect("write");
    path.join(file)
}

/// Issue 13, defect 9: a folder 2000 deep took 79 s of system time (the walk
/// made every path canonical, looking at every component again). It is
/// walked in time linear in its depth: well under a second of CPU here, the
/// bound is generous for a loaded machine and a debug build.
#[test]
fn a_folder_two_thousand_deep_is_walked_quickly() {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("top.txt"), NOTE).expect("write");
    let deep = nest(d.path(), "d", 2000, "deep.txt", "10:00 2012-1-1\ndeep\n");
    assert!(deep.as_os_str().len() < 4096, "below the path limit");
    let cpu = thread_cpu();
    let (files, problems) = load::collect(&[d.path().to_path_buf()]);
    let took = thread_cpu() - cpu;
    eprintln!("walk of a folder 2000 deep: {took:?} of CPU");
    assert!(took < Duration::from_secs(3), "walk took {took:?} of CPU");
    assert_eq!(problems, vec![]);
    assert_eq!(files.len(), 2, "{:?}", problems);
    assert!(files.contains(&deep));
}

/// Issue 13, defect 9: a notebook whose path is longer than PATH_MAX (4096
/// bytes) was skipped without a word, exit 0. It is named in a problem (a
/// warning from the CLI, exit 2) and the rest loads.
#[test]
fn a_notebook_past_the_path_limit_is_named() {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("top.txt"), NOTE).expect("write");
    let name = "n".repeat(250);
    let deep = nest(d.path(), &name, 17, "deep.txt", "10:00 2012-1-1\ndeep\n");
    assert!(deep.as_os_str().len() > 4096);
    let (files, problems) = load::collect(&[d.path().to_path_buf()]);
    assert_eq!(files, vec![d.path().join("top.txt")]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, deep);
    assert!(
        problems[0]
            .message
            .contains("longer than the system's limit of 4096"),
        "{}",
        problems[0].message
    );
    let o = rizhi_env(d.path(), &["stats", "."], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("deep.txt: path of "), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("entries        1\n"),
        "{}",
        stdout(&o)
    );
}

/// An entry keeps its offsets as u32: a `max_file_mb` of 4 GiB or more is
/// lowered to 4095 with a warning, never taken as it is.
#[cfg(unix)]
#[test]
fn a_size_cap_over_four_gib_is_lowered_with_a_warning() {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("small.txt"), NOTE).expect("write");
    for (mb, warned) in [(4096, true), (1 << 40, true), (4095, false)] {
        let config = config_with_cap(d.path(), mb);
        let o = rizhi_env(
            d.path(),
            &["stats", "--json", "small.txt"],
            &[("RIZHI_CONFIG", &config)],
        );
        let err = stderr(&o);
        let want = format!(
            "max_file_mb: {mb} is over 4095, the most rizhi reads in one notebook: 4095 used"
        );
        assert_eq!(err.contains(&want), warned, "{mb}: {err}");
        let v: Value = serde_json::from_slice(&o.stdout).expect("stats --json is JSON");
        assert_eq!(v["entries"], 1, "{v:#}");
    }
}
