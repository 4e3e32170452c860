//! Live reload (issue #6), end to end: the real `rizhi` binary in tmux on a
//! notebook in a temp folder that the test then changes on disk, the way an
//! editor does (a plain write, or a temporary file renamed over the notebook)
//! or a user does (deleting an entry, deleting the file). The tmux harness is
//! `tests/common/mod.rs`.

mod common;

use common::{filter_count, left_pane_rows, reader_title, status_line, Tmux};

use std::path::{Path, PathBuf};

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

/// rizhi on `args` (paths and flags) in a 100×30 window.
fn start(args: &[&Path]) -> Tmux {
    let args: Vec<String> = args.iter().map(|p| p.display().to_string()).collect();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    Tmux::start(&refs, 100, 30)
}

/// Waits until `n` entries are loaded (the Filter title reads `n/n` without
/// a query) and `title` is the Reader's.
fn loaded(t: &Tmux, n: usize, title: &str) -> String {
    let count = format!("{n}/{n}");
    t.wait_until(&format!("{count} loaded, {title:?} in the reader"), |s| {
        filter_count(s).as_deref() == Some(count.as_str()) && reader_title(s).contains(title)
    })
}

/// From the Filter: `:` and a date, Enter: the reader shows that day.
fn goto(t: &Tmux, date: &str) {
    t.normal_mode();
    t.send_keys(&[":"]);
    t.wait_until("the : prompt", |s| status_line(s).starts_with(':'));
    t.send_literal(date);
    t.send_keys(&["Enter"]);
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
    let t = start(&[d.path()]);
    loaded(&t, 3, GAMMA);
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
    let t = start(&[&file]);
    loaded(&t, 3, GAMMA);
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
    let t = start(&[d.path()]);
    loaded(&t, 3, GAMMA);
    goto(&t, "2013-1-4");
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
    let t = start(&[d.path()]);
    loaded(&t, 3, GAMMA);
    goto(&t, "2013-1-4");
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
    let t = start(&[d.path()]);
    loaded(&t, 4, "09:00 2013-02-01 · log201302.txt:1");
    goto(&t, "2013-1-4");
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
    let still = start(&[Path::new("--no-watch"), d.path()]);
    let live = start(&[d.path()]);
    loaded(&still, 3, GAMMA);
    loaded(&live, 3, GAMMA);
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

/// Issue 13, defect 5: live reload went on no more after the folder of a
/// notebook named on the command line was deleted and made again. Now the
/// notebook written there again comes back, and so does a later write.
#[test]
fn the_folder_of_a_named_notebook_deleted_and_made_again_is_watched_again() {
    let d = tempfile::tempdir().expect("tempdir");
    let dir = d.path().join("notes");
    std::fs::create_dir(&dir).expect("mkdir");
    let jan = notebook(&dir, "log201301.txt", LOG);
    let t = start(&[&jan]);
    loaded(&t, 3, GAMMA);
    std::fs::remove_dir_all(&dir).expect("delete the folder");
    let s = t.wait_until("the notebook gone", |s| {
        filter_count(s).as_deref() == Some("0/0")
    });
    assert!(status_line(&s).contains("log201301.txt is gone"), "{s}");
    std::fs::create_dir(&dir).expect("make the folder again");
    notebook(
        &dir,
        "log201301.txt",
        "9:00 2013-1-2\nalpha, back\n1, body\n",
    );
    loaded(&t, 1, ALPHA);
    notebook(
        &dir,
        "log201301.txt",
        "9:00 2013-1-2\nalpha, back\n1, body\n\n10:00 2013-1-3\nlater, written\n1, body\n",
    );
    // The reader stays on the entry it shows; the new one is in the Filter.
    let s = loaded(&t, 2, ALPHA);
    assert!(s.contains("later"), "{s}");
}
