//! The watcher and the tracker, alone and together.

use super::load;
use super::tracker::{Change, Tracker};
use super::watch::{absolute, Watch};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

const A: &str = "9:00 2013-1-2\nalpha, one\n1, body\n";
const DEADLINE: Duration = Duration::from_secs(5);
const B: &str = "9:00 2013-2-1\nbeta, two\n1, body\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

/// A tracker over `paths`, loaded as the browser loads them.
fn tracker(paths: &[PathBuf]) -> Tracker {
    let (files, problems) = load::collect_matching(paths, None);
    let (nbs, more) = load::load_all(&files);
    let problems = problems.into_iter().chain(more).collect();
    Tracker::new(
        paths.to_vec(),
        None,
        nbs.into_iter().map(Arc::new).collect(),
        problems,
    )
}

fn names(t: &Tracker) -> Vec<String> {
    t.notebooks()
        .iter()
        .map(|nb| {
            nb.path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into()
        })
        .collect()
}

fn none() -> HashSet<PathBuf> {
    HashSet::new()
}

#[test]
fn nothing_changed_nothing_reported_nothing_read() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", A);
    write(d.path(), "b.txt", B);
    let mut t = tracker(&[d.path().to_path_buf()]);
    let before = t.notebooks();
    assert_eq!(t.rescan(&none()), vec![]);
    let after = t.notebooks();
    assert_eq!(before.len(), 2);
    assert!(before.iter().zip(&after).all(|(x, y)| Arc::ptr_eq(x, y)));
}

#[test]
fn a_changed_file_is_read_again_and_the_others_are_kept() {
    let d = tempfile::tempdir().expect("tempdir");
    let a = write(d.path(), "a.txt", A);
    write(d.path(), "b.txt", B);
    let mut t = tracker(&[d.path().to_path_buf()]);
    let before = t.notebooks();
    let order = names(&t);
    std::fs::write(&a, format!("{A}\n10:00 2013-1-3\nmore\n")).expect("append");
    assert_eq!(
        t.rescan(&none()),
        vec![Change::Changed {
            path: a.clone(),
            before: 1,
            after: 2
        }]
    );
    assert_eq!(names(&t), order, "files keep their places");
    for (x, y) in before.iter().zip(t.notebooks()) {
        assert_eq!(Arc::ptr_eq(x, &y), x.path != a, "{}", x.path.display());
    }
}

#[test]
fn a_file_renamed_over_the_notebook_is_a_change() {
    let d = tempfile::tempdir().expect("tempdir");
    let a = write(d.path(), "a.txt", A);
    let mut t = tracker(std::slice::from_ref(&a));
    let tmp = write(d.path(), "a.txt.tmp", &A.replace("alpha", "renamed"));
    std::fs::rename(&tmp, &a).expect("rename over");
    assert_eq!(
        t.rescan(&none()),
        vec![Change::Changed {
            path: a.clone(),
            before: 1,
            after: 1
        }]
    );
    assert!(t.notebooks()[0].text.contains("renamed"));
}

#[test]
fn the_same_text_written_again_is_not_a_change() {
    let d = tempfile::tempdir().expect("tempdir");
    let a = write(d.path(), "a.txt", A);
    let mut t = tracker(&[d.path().to_path_buf()]);
    let before = t.notebooks();
    std::fs::write(&a, format!("{A}x")).expect("grow");
    std::fs::write(&a, A).expect("and back");
    // Named by an event, so read even if size and time look the same.
    let named: HashSet<PathBuf> = [absolute(&a)].into();
    assert_eq!(t.rescan(&named), vec![]);
    assert!(Arc::ptr_eq(&before[0], &t.notebooks()[0]));
}

#[test]
fn a_file_named_by_an_event_is_read_even_when_it_looks_the_same() {
    let d = tempfile::tempdir().expect("tempdir");
    let a = write(d.path(), "a.txt", A);
    let mut t = tracker(&[d.path().to_path_buf()]);
    let modified = std::fs::metadata(&a)
        .and_then(|m| m.modified())
        .expect("mtime");
    // Same length; put the old modification time back.
    let edited = A.replace("alpha", "ALPHA");
    std::fs::write(&a, &edited).expect("edit in place");
    let f = std::fs::File::options().write(true).open(&a).expect("open");
    f.set_modified(modified).expect("set mtime");
    drop(f);
    assert_eq!(t.rescan(&none()), vec![], "size and time look the same");
    let named: HashSet<PathBuf> = [absolute(&a)].into();
    assert_eq!(
        t.rescan(&named),
        vec![Change::Changed {
            path: a,
            before: 1,
            after: 1
        }]
    );
    assert!(t.notebooks()[0].text.contains("ALPHA"));
}

#[test]
fn new_files_are_added_and_deleted_ones_removed() {
    let d = tempfile::tempdir().expect("tempdir");
    let a = write(d.path(), "a.txt", A);
    let mut t = tracker(&[d.path().to_path_buf()]);
    std::fs::create_dir(d.path().join("2013")).expect("mkdir");
    let b = write(&d.path().join("2013"), "b.txt", B);
    write(d.path(), "notes.md", B);
    assert_eq!(
        t.rescan(&none()),
        vec![Change::Added {
            path: b.clone(),
            entries: 1
        }]
    );
    assert_eq!(names(&t), ["a.txt", "b.txt"]);
    std::fs::remove_file(&a).expect("delete");
    assert_eq!(
        t.rescan(&none()),
        vec![Change::Removed {
            path: a,
            entries: 1
        }]
    );
    assert_eq!(names(&t), ["b.txt"]);
    std::fs::remove_dir_all(d.path().join("2013")).expect("delete the folder");
    assert_eq!(
        t.rescan(&none()),
        vec![Change::Removed {
            path: b,
            entries: 1
        }]
    );
    assert!(t.notebooks().is_empty());
}

#[test]
fn a_file_named_on_the_command_line_and_deleted_is_reported_once() {
    let d = tempfile::tempdir().expect("tempdir");
    let a = write(d.path(), "a.txt", A);
    let mut t = tracker(std::slice::from_ref(&a));
    std::fs::remove_file(&a).expect("delete");
    assert_eq!(
        t.rescan(&none()),
        vec![Change::Removed {
            path: a.clone(),
            entries: 1
        }]
    );
    assert_eq!(t.rescan(&none()), vec![]);
    assert_eq!(t.problems().len(), 1, "{:?}", t.problems());
    write(d.path(), "a.txt", A);
    assert_eq!(
        t.rescan(&none()),
        vec![Change::Added {
            path: a,
            entries: 1
        }]
    );
    assert!(t.problems().is_empty());
}

/// A file that exists but cannot be read keeps its entries. As root,
/// permissions do not stop a read; `/proc/self/mem` always fails (EIO).
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_keeps_its_entries_and_is_reported_once() {
    let d = tempfile::tempdir().expect("tempdir");
    let real = write(d.path(), "real", A);
    let link = d.path().join("a.txt");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let mut t = tracker(&[d.path().to_path_buf()]);
    assert_eq!(names(&t), ["a.txt"]);
    std::fs::remove_file(&link).expect("unlink");
    std::os::unix::fs::symlink("/proc/self/mem", &link).expect("symlink to mem");
    let changes = t.rescan(&none());
    assert!(
        matches!(&changes[..], [Change::Unreadable { path, kept: 1, .. }] if *path == link),
        "{changes:?}"
    );
    assert_eq!(t.notebooks().len(), 1);
    assert!(
        matches!(&changes[0], Change::Unreadable { message, .. } if !message.is_empty()),
        "the read error is kept: {changes:?}"
    );
    assert_eq!(t.rescan(&none()), vec![], "reported once");
    // A new notebook that cannot be read is a problem, reported once
    // (another path than a.txt's, which the walk would take for a.txt).
    std::os::unix::fs::symlink("/proc/thread-self/mem", d.path().join("b.txt")).expect("symlink");
    let changes = t.rescan(&none());
    assert!(
        matches!(&changes[..], [Change::Problem(p)] if p.path.ends_with("b.txt")),
        "{changes:?}"
    );
    assert_eq!(t.rescan(&none()), vec![]);
}

/// The watcher itself: a write, and a rename over a notebook named on
/// the command line, each wake it up; another file in its folder does
/// not. A wait returns as soon as an event has come and things are quiet;
/// 5 s is only the deadline for a missed event.
#[test]
fn the_watcher_sees_writes_and_renames_over_a_named_notebook() {
    let d = tempfile::tempdir().expect("tempdir");
    let a = write(d.path(), "a.txt", A);
    let (mut w, problems) = Watch::start(std::slice::from_ref(&a), None).expect("watch");
    assert_eq!(problems, Vec::<String>::new());
    write(d.path(), "other.txt", B);
    std::fs::write(&a, B).expect("write");
    let batch = w.wait_at_most(DEADLINE).expect("an event for the write");
    assert!(batch.paths.contains(&absolute(&a)), "{batch:?}");
    assert!(
        !batch.paths.iter().any(|p| p.ends_with("other.txt")),
        "{batch:?}"
    );
    let tmp = write(d.path(), "a.txt.tmp", A);
    std::fs::rename(&tmp, &a).expect("rename over");
    let batch = w.wait_at_most(DEADLINE).expect("an event for the rename");
    assert!(batch.paths.contains(&absolute(&a)), "{batch:?}");
}

/// A glob from the config (`~/work/log*.txt`) is expanded again on each
/// rescan, and the watcher sees a file that starts to match it: next
/// month's notebook appears in the browser.
#[test]
fn a_new_file_matching_a_configured_glob_is_watched_and_added() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "log201301.txt", A);
    write(d.path(), "notes.txt", B);
    let glob = d.path().join("log*.txt");
    let mut t = tracker(std::slice::from_ref(&glob));
    assert_eq!(names(&t), ["log201301.txt"]);
    let (mut w, problems) = Watch::start(std::slice::from_ref(&glob), None).expect("watch");
    assert_eq!(problems, Vec::<String>::new());
    write(d.path(), "other.txt", A);
    let b = write(d.path(), "log201302.txt", B);
    let batch = w.wait_at_most(DEADLINE).expect("an event for the new file");
    assert!(batch.paths.contains(&absolute(&b)), "{batch:?}");
    assert!(
        !batch.paths.iter().any(|p| p.ends_with("other.txt")),
        "{batch:?}"
    );
    assert_eq!(
        t.rescan(&batch.paths),
        vec![Change::Added {
            path: b,
            entries: 1
        }]
    );
    assert_eq!(names(&t), ["log201301.txt", "log201302.txt"]);
}

#[test]
fn a_glob_matching_nothing_is_a_problem_not_an_error() {
    let d = tempfile::tempdir().expect("tempdir");
    let glob = d.path().join("log*.txt");
    let (files, problems) = load::collect_matching(std::slice::from_ref(&glob), None);
    assert!(files.is_empty());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].message, "matches no file");
    assert_eq!(
        load::glob_base(&d.path().join("*/log.txt")),
        (d.path().to_path_buf(), true)
    );
}

/// Waits for batches and rescans until a rescan reports all of `want`, or
/// the deadline.
fn rescan_until(w: &mut Watch, t: &mut Tracker, want: &[Change]) {
    let start = std::time::Instant::now();
    let mut seen = Vec::new();
    while start.elapsed() < DEADLINE {
        if let Some(batch) = w.wait_at_most(DEADLINE) {
            let changes = t.rescan(&batch.paths);
            if want.iter().all(|c| changes.contains(c)) {
                return;
            }
            seen.push(changes);
        }
    }
    panic!("no {want:?} within {DEADLINE:?}; saw {seen:?}");
}

/// Issue 13, defect 5: a watched folder deleted and made again, and the
/// folder of a notebook named on the command line, are watched again: new
/// notebooks in them appear, later writes are seen.
#[test]
fn a_watched_folder_deleted_and_made_again_is_watched_again() {
    let d = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(d.path()).expect("canonical");
    let notes = root.join("notes");
    let named_dir = root.join("named");
    for dir in [&notes, &named_dir] {
        std::fs::create_dir(dir).expect("mkdir");
    }
    let a = write(&notes, "a.txt", A);
    let n = write(&named_dir, "n.txt", A);
    let paths = [notes.clone(), n.clone()];
    let mut t = tracker(&paths);
    let (mut w, problems) = Watch::start(&paths, None).expect("watch");
    assert_eq!(problems, Vec::<String>::new());
    for (dir, file) in [(&notes, &a), (&named_dir, &n)] {
        std::fs::remove_dir_all(dir).expect("delete the folder");
        let removed = Change::Removed {
            path: file.clone(),
            entries: 1,
        };
        rescan_until(&mut w, &mut t, std::slice::from_ref(&removed));
        std::fs::create_dir(dir).expect("make it again");
        write(
            dir,
            file.file_name().and_then(|f| f.to_str()).expect("name"),
            B,
        );
        let added = Change::Added {
            path: file.clone(),
            entries: 1,
        };
        rescan_until(&mut w, &mut t, std::slice::from_ref(&added));
        // The new folder's own watch: a write in it wakes the watcher up.
        std::fs::write(file, format!("{B}\n10:00 2013-2-2\nmore\n")).expect("append");
        let changed = Change::Changed {
            path: file.clone(),
            before: 1,
            after: 2,
        };
        rescan_until(&mut w, &mut t, std::slice::from_ref(&changed));
    }
}

/// Whether this process can read a file whose mode is 000 (root, or a
/// process with CAP_DAC_OVERRIDE): permission tests must then drop them.
fn permissions_do_not_apply() -> bool {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().expect("tempdir");
    let p = write(d.path(), "probe", "x");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::read(&p).is_ok()
}

/// Runs the test `name` of this binary again as user nobody, with
/// `setpriv`; true when it ran there (and passed), false (with a message)
/// when privileges cannot be dropped here.
fn passes_as_nobody(name: &str) -> bool {
    let exe = std::env::current_exe().expect("test binary");
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&exe)
        .args(["--exact", name, "--test-threads=1", "--nocapture"])
        .env("TMPDIR", "/tmp")
        .env("RIZHI_TEST_UNPRIVILEGED", "1")
        .output();
    match out {
        Ok(o) => {
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(o.status.success(), "as nobody: {text}");
            assert!(text.contains("1 passed"), "as nobody: {text}");
            true
        }
        Err(e) => {
            eprintln!("skipped: cannot drop privileges with setpriv ({e})");
            false
        }
    }
}

/// Issue 13, defect 5: `chmod 000` on the folder of a named notebook, or on
/// a watched folder, keeps the entries read before (README), says so once,
/// and the notebook is read as before when the folder is readable again.
#[test]
fn a_folder_made_unreadable_keeps_the_entries_read_before() {
    use std::os::unix::fs::PermissionsExt;
    if permissions_do_not_apply() {
        assert!(
            std::env::var_os("RIZHI_TEST_UNPRIVILEGED").is_none(),
            "still privileged after dropping privileges"
        );
        passes_as_nobody("live::tests::a_folder_made_unreadable_keeps_the_entries_read_before");
        return;
    }
    let d = tempfile::tempdir().expect("tempdir");
    let named_dir = d.path().join("named");
    let notes = d.path().join("notes");
    for dir in [&named_dir, &notes] {
        std::fs::create_dir(dir).expect("mkdir");
    }
    let n = write(&named_dir, "n.txt", A);
    let a = write(&notes, "a.txt", B);
    let mut t = tracker(&[n.clone(), notes.clone()]);
    let mode = |dir: &Path, m: u32| {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(m)).expect("chmod")
    };
    mode(&named_dir, 0o000);
    mode(&notes, 0o000);
    let changes = t.rescan(&none());
    mode(&named_dir, 0o755);
    mode(&notes, 0o755);
    let kept: Vec<&Change> = changes
        .iter()
        .filter(|c| matches!(c, Change::Unreadable { kept: 1, .. }))
        .collect();
    assert_eq!(kept.len(), 2, "{changes:?}");
    assert!(kept.iter().any(|c| c.path() == n) && kept.iter().any(|c| c.path() == a));
    assert!(
        matches!(&changes[0], Change::Unreadable { message, .. } if message.contains("permission denied")),
        "{changes:?}"
    );
    assert!(
        !changes.iter().any(|c| matches!(c, Change::Removed { .. })),
        "{changes:?}"
    );
    assert_eq!(t.notebooks().len(), 2);
    mode(&named_dir, 0o000);
    mode(&notes, 0o000);
    let again = t.rescan(&none());
    mode(&named_dir, 0o755);
    mode(&notes, 0o755);
    assert_eq!(again, vec![], "reported once");
    assert_eq!(t.rescan(&none()), vec![], "readable again, unchanged");
    assert_eq!(t.notebooks().len(), 2);
    assert!(t.problems().is_empty(), "{:?}", t.problems());
    std::fs::remove_file(&a).expect("delete");
    assert_eq!(
        t.rescan(&none()),
        vec![Change::Removed {
            path: a,
            entries: 1
        }]
    );
}
