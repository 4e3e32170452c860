//! `rizhi new [FILE]`: the real binary appends a header stamped now and opens
//! `$EDITOR` (a fake `vim` here, a script that records its argv) at its line.
//! Every byte the file held before stays a prefix of the new file, in every
//! encoding a notebook may come in.

mod common;

use common::encodings::{crlf, gb18030, utf16, with_bom};
use rizhi::notebook::append::StampStyle;
use rizhi::notebook::{Notebook, Stamp};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const OLD: &str = "9:05 2013-1-4\nplan, 计划\n1, 读 see\"16:50 2013-1-3\"\n";

/// A fake `vim` in `dir/bin` that writes its arguments, one a line, to
/// `dir/argv.txt`.
fn fake_editor(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    let vim = bin.join("vim");
    let log = dir.join("argv.txt");
    std::fs::write(
        &vim,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{}'\n",
            log.display()
        ),
    )
    .expect("write fake vim");
    let _ = Command::new("chmod").arg("+x").arg(&vim).status();
    vim
}

/// Runs `rizhi ARGS` in `dir` with the fake editor and `config` (a path
/// that may not exist) as the config file.
fn rizhi(dir: &Path, config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(args)
        .current_dir(dir)
        .env_remove("VISUAL")
        .env("EDITOR", fake_editor(dir))
        .env("RIZHI_CONFIG", config)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rizhi")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The minute now, for comparing with what was appended (a run may cross
/// a minute: both ends are accepted).
fn minute() -> Stamp {
    let now = chrono::Local::now().naive_local();
    Stamp::parse(&now.format("%-H:%M %Y-%-m-%-d").to_string()).expect("stamp")
}

/// The last entry of the notebook in `bytes`: (line, stamp).
fn last_entry(bytes: &[u8]) -> (u32, Stamp) {
    let nb = Notebook::from_bytes("x.txt", bytes);
    assert!(nb.warnings.is_empty(), "{:?}", nb.warnings);
    let e = nb.entries().last().expect("an entry");
    (e.line, e.stamp)
}

#[test]
fn new_appends_in_every_encoding_and_opens_the_editor_at_the_header() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("UTF-8", OLD.as_bytes().to_vec()),
        ("BOM+CRLF", with_bom(&crlf(OLD))),
        ("GB18030", gb18030(OLD)),
        ("UTF-16LE", utf16(OLD, false)),
        ("UTF-16BE", utf16(OLD, true)),
    ];
    for (name, old) in cases {
        let d = tempfile::tempdir().expect("tempdir");
        let file = d.path().join("log201301.txt");
        std::fs::write(&file, &old).expect("write");
        let before = minute();
        let o = rizhi(
            d.path(),
            &d.path().join("none.toml"),
            &["new", "log201301.txt"],
        );
        let after = minute();
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let new = std::fs::read(&file).expect("read");
        assert!(new.len() > old.len(), "{name}: nothing appended");
        assert_eq!(&new[..old.len()], &old[..], "{name}: the old bytes changed");
        let (line, stamp) = last_entry(&new);
        assert!(stamp == before || stamp == after, "{name}: {stamp}");
        assert_eq!(line, 5, "{name}: a blank line, then the header");
        let argv = std::fs::read_to_string(d.path().join("argv.txt")).expect("editor ran");
        assert_eq!(argv, "+5\n./log201301.txt\n", "{name}");
        let header = StampStyle::default().write(stamp);
        assert!(
            stderr(&o).contains(&format!("log201301.txt:5: appended the header {header}")),
            "{name}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn the_same_minute_opens_the_entry_already_there() {
    let d = tempfile::tempdir().expect("tempdir");
    let file = d.path().join("n.txt");
    std::fs::write(&file, OLD).expect("write");
    let cfg = d.path().join("none.toml");
    // Two runs in one minute; when a minute boundary falls between them, the
    // pair is run again.
    for _ in 0..3 {
        let first = rizhi(d.path(), &cfg, &["new", "--no-edit", "n.txt"]);
        assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
        let written = std::fs::read(&file).expect("read");
        let second = rizhi(d.path(), &cfg, &["new", "--no-edit", "n.txt"]);
        assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
        if std::fs::read(&file).expect("read") != written {
            continue;
        }
        assert_eq!(first.stdout, second.stdout);
        let at = String::from_utf8(second.stdout.clone()).expect("utf8");
        assert_eq!(at, format!("n.txt:{}\n", last_entry(&written).0));
        assert!(
            stderr(&second).contains("is already there; opening it"),
            "{}",
            stderr(&second)
        );
        assert!(
            !d.path().join("argv.txt").exists(),
            "--no-edit ran the editor"
        );
        return;
    }
    panic!("three minute boundaries in three tries");
}

#[test]
fn a_lossy_or_binary_file_is_refused_with_exit_2_and_left_alone() {
    let d = tempfile::tempdir().expect("tempdir");
    let cfg = d.path().join("none.toml");
    let mut lossy = OLD.as_bytes().to_vec();
    lossy.extend_from_slice(b"2, bad \xff\xfe byte\n");
    let mut binary = b"9:05 2013-1-4\n".to_vec();
    binary.extend_from_slice(&[0u8, 1, 2, 0, 0, 7, 0, 9].repeat(200));
    for (name, bytes, says) in [
        (
            "lossy.txt",
            lossy,
            "rizhi appends only to a file it decodes exactly",
        ),
        ("bin.txt", binary, "binary"),
    ] {
        std::fs::write(d.path().join(name), &bytes).expect("write");
        let o = rizhi(d.path(), &cfg, &["new", name]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(name), "{name}: {}", stderr(&o));
        assert_eq!(std::fs::read(d.path().join(name)).expect("read"), bytes);
        assert!(!d.path().join("argv.txt").exists(), "{name}: editor ran");
    }
}

/// A notebook rizhi may read but not write (run as user nobody, since root
/// writes anything): `new` says permission denied, exits 2 and changes
/// nothing; it is no file that kept changing.
#[test]
fn a_read_only_notebook_is_refused_as_permission_denied() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().expect("tempdir");
    let mode = |p: &Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(d.path(), 0o755).expect("chmod");
    let ro = d.path().join("ro.txt");
    std::fs::write(&ro, OLD).expect("write");
    mode(&ro, 0o444).expect("chmod");
    let Some(o) = common::rizhi_as_nobody(d.path(), &["new", "ro.txt"]) else {
        println!("skipped: neither setpriv nor runuser can drop privileges here");
        return;
    };
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("ro.txt: permission denied"), "{err}");
    assert_eq!(std::fs::read_to_string(&ro).expect("read"), OLD);
}

#[test]
fn without_a_file_the_newest_configured_notebook_or_this_months_file() {
    let d = tempfile::tempdir().expect("tempdir");
    let notes = d.path().join("notes");
    std::fs::create_dir(&notes).expect("mkdir");
    // Not monthly: the notebook whose last entry is newest, whatever its name.
    std::fs::write(notes.join("b.txt"), "9:00 2014-3-1\nb\n").expect("write");
    std::fs::write(
        notes.join("a.txt"),
        "9:00 2013-3-1\na\n\n9:00 2014-3-2\na\n",
    )
    .expect("write");
    let cfg = d.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!("notebooks = [{:?}]\n", notes.display().to_string()),
    )
    .expect("write");
    let o = rizhi(d.path(), &cfg, &["new", "--no-edit"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let at = String::from_utf8(o.stdout.clone()).expect("utf8");
    assert_eq!(at, format!("{}:7\n", notes.join("a.txt").display()));
    assert_eq!(
        std::fs::read_to_string(notes.join("b.txt")).expect("b"),
        "9:00 2014-3-1\nb\n"
    );

    // Monthly names: an earlier month's file leads to this month's new file.
    let logs = d.path().join("logs");
    std::fs::create_dir(&logs).expect("mkdir");
    std::fs::write(logs.join("log201301.txt"), OLD).expect("write");
    std::fs::write(
        &cfg,
        format!(
            "notebooks = [{:?}]\npattern = \"log*.txt\"\n",
            logs.display().to_string()
        ),
    )
    .expect("write");
    let o = rizhi(d.path(), &cfg, &["new"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let month = chrono::Local::now().format("%Y%m").to_string();
    let created = logs.join(format!("log{month}.txt"));
    let (line, _) = last_entry(&std::fs::read(&created).expect("this month's file"));
    assert_eq!(line, 1);
    assert_eq!(
        std::fs::read_to_string(logs.join("log201301.txt")).expect("old"),
        OLD
    );
    let argv = std::fs::read_to_string(d.path().join("argv.txt")).expect("editor ran");
    assert_eq!(argv, format!("+1\n{}\n", created.display()));
    assert!(stderr(&o).contains("created"), "{}", stderr(&o));
}

#[test]
fn without_a_file_or_notebooks_new_says_what_to_do() {
    let d = tempfile::tempdir().expect("tempdir");
    let o = rizhi(d.path(), &d.path().join("none.toml"), &["new"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no notebooks configured"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_dir(d.path()).expect("ls").count(),
        1,
        "the fake editor's bin and nothing else"
    );
}

#[test]
fn a_file_named_like_an_option_reaches_the_editor_as_a_file() {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("+!touch PWNED"), OLD).expect("write");
    let o = rizhi(
        d.path(),
        &d.path().join("none.toml"),
        &["new", "--", "+!touch PWNED"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let argv = std::fs::read_to_string(d.path().join("argv.txt")).expect("editor ran");
    assert_eq!(argv, "+5\n./+!touch PWNED\n");
}

/// Issue 14: an editor rizhi does not know got only the file. The config's
/// `editor` template places the line and the file; the file stays one
/// argument (spaces and all) and keeps its `./` guard, and the template wins
/// over `$EDITOR`.
#[test]
fn the_config_editor_template_places_line_and_file() {
    let d = tempfile::tempdir().expect("tempdir");
    let vim = fake_editor(d.path());
    let myed = d.path().join("bin").join("my ed");
    std::fs::rename(&vim, &myed).expect("rename the fake editor");
    let config = d.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "editor = \"'{}' --at={{line}}:{{col}} -- {{file}}\"\n",
            myed.display()
        ),
    )
    .expect("write config");
    std::fs::write(d.path().join("-my log.txt"), OLD).expect("write");
    let o = rizhi(d.path(), &config, &["new", "--", "-my log.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let argv = std::fs::read_to_string(d.path().join("argv.txt")).expect("editor ran");
    assert_eq!(argv, "--at=5:1\n--\n./-my log.txt\n");

    // A template that cannot be split is named with its line, and $EDITOR
    // (the fake vim, put back) is used instead.
    std::fs::rename(&myed, &vim).expect("rename back");
    std::fs::write(&config, "pinyin = true\neditor = \"myed '{file}\"\n").expect("write config");
    let o = rizhi(d.path(), &config, &["new", "--", "-my log.txt"]);
    assert!(
        stderr(&o).contains("config.toml:2: editor: cannot split"),
        "{}",
        stderr(&o)
    );
}

/// An editor that fails is reported (exit 2) and the stamp it was opened at
/// stays; a name with seven digits after the pattern's prefix is no month, so
/// its notebook is appended to, not replaced by this month's file.
#[test]
fn a_failing_editor_is_reported_and_only_six_digits_make_a_month() {
    let d = tempfile::tempdir().expect("tempdir");
    let logs = d.path().join("logs");
    std::fs::create_dir(&logs).expect("mkdir");
    let odd = logs.join("log2013011.txt");
    std::fs::write(&odd, OLD).expect("write");
    let cfg = d.path().join("config.toml");
    let config = format!(
        "notebooks = [{:?}]\npattern = \"log*.txt\"\neditor = \"false\"\n",
        logs.display().to_string()
    );
    std::fs::write(&cfg, config).expect("write");
    let before = minute();
    let o = rizhi(d.path(), &cfg, &["new"]);
    let after = minute();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the editor `false` exited with"),
        "{}",
        stderr(&o)
    );
    let now = std::fs::read(&odd).expect("read");
    assert!(now.starts_with(OLD.as_bytes()));
    let (line, stamp) = last_entry(&now);
    assert_eq!(line, 5);
    assert!(before <= stamp && stamp <= after, "{stamp}");
    assert_eq!(
        std::fs::read_dir(&logs).expect("ls").count(),
        1,
        "no new file"
    );
}
