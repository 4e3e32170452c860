//! The persistent index, through the real binary: results with and without it
//! are identical; a damaged, truncated, foreign or old index is ignored and
//! rebuilt; an edit that keeps size and mtime is seen; two processes may write
//! at once; an unwritable cache is silent; the notebooks are never written.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A copy of every fixture notebook in a fresh folder, and an empty cache.
struct Setup {
    _tmp: tempfile::TempDir,
    notes: PathBuf,
    cache: PathBuf,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().expect("tempdir");
    let notes = tmp.path().join("notes");
    fs::create_dir(&notes).expect("mkdir");
    for e in fs::read_dir(fixtures()).expect("fixtures").flatten() {
        if e.path().extension().is_some_and(|x| x == "txt") {
            fs::copy(e.path(), notes.join(e.file_name())).expect("copy");
        }
    }
    let cache = tmp.path().join("cache");
    Setup {
        _tmp: tmp,
        notes,
        cache,
    }
}

fn run(cache: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rizhi"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("RIZHI_CACHE", cache)
        .env("RIZHI_CONFIG", dir.join("no-such-config.toml"))
        .output()
        .expect("run rizhi")
}

/// What the user sees: exit code, stdout and stderr.
fn seen(o: &Output) -> (Option<i32>, String, String) {
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const COMMANDS: &[&[&str]] = &[
    &["stats", "--json", "."],
    &["links", "--json", "."],
    &["search", "--json", "xen", "."],
    &["search", "--json", "--scope", "all", "see", "."],
    &["search", "--json", "内核", "."],
    &["todo", "--json", "."],
    &["check", "--json", "."],
    &["show", "--json", "16:50 2013-1-4", "."],
];

fn outputs(s: &Setup, extra: &[&str]) -> Vec<(Option<i32>, String, String)> {
    outputs_of(s, COMMANDS, extra)
}

/// What each of `commands` gives, with `extra` after the subcommand's name.
fn outputs_of(
    s: &Setup,
    commands: &[&[&str]],
    extra: &[&str],
) -> Vec<(Option<i32>, String, String)> {
    commands
        .iter()
        .map(|c| {
            let mut args = c[..1].to_vec();
            args.extend_from_slice(extra);
            args.extend_from_slice(&c[1..]);
            seen(&run(&s.cache, &s.notes, &args))
        })
        .collect()
}

/// Index files in the cache folder with their inodes (a rewrite renames a new
/// file into place, so a changed inode means the index was rebuilt).
fn indexes(cache: &Path) -> Vec<(PathBuf, u64)> {
    use std::os::unix::fs::MetadataExt;
    let mut v: Vec<(PathBuf, u64)> = fs::read_dir(cache)
        .map(|rd| {
            rd.flatten()
                .map(|e| (e.path(), e.metadata().expect("meta").ino()))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn notebook_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(dir)
        .expect("notes")
        .flatten()
        .map(|e| (e.path(), fs::read(e.path()).expect("read")))
        .collect();
    v.sort();
    v
}

#[test]
fn results_are_identical_with_and_without_the_index() {
    let s = setup();
    let before = notebook_bytes(&s.notes);
    let plain = outputs(&s, &["--no-cache"]);
    assert!(indexes(&s.cache).is_empty(), "--no-cache wrote an index");
    assert!(plain[0].1.contains("\"entries\""), "{:?}", plain[0]);
    let cold = outputs(&s, &[]);
    let written = indexes(&s.cache);
    assert!(written.len() >= 20, "one index per notebook: {written:?}");
    let warm = outputs(&s, &[]);
    assert_eq!(indexes(&s.cache), written, "a valid index is not rewritten");
    for ((c, (p, w)), k) in COMMANDS.iter().zip(plain.iter().zip(&warm)).zip(&cold) {
        assert_eq!(p, w, "rizhi {c:?} with a warm index");
        assert_eq!(p, k, "rizhi {c:?} while writing the index");
    }
    assert_eq!(notebook_bytes(&s.notes), before, "a notebook was written");
}

#[test]
fn the_cache_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let s = setup();
    outputs(&s, &[]);
    let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&s.cache), 0o700);
    for (p, _) in indexes(&s.cache) {
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
}

#[test]
fn a_damaged_truncated_foreign_or_old_index_is_ignored_and_rebuilt() {
    let s = setup();
    let plain = outputs(&s, &["--no-cache"]);
    outputs(&s, &[]);
    let files = indexes(&s.cache);
    let biggest = files
        .iter()
        .map(|(p, _)| p.clone())
        .max_by_key(|p| fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .expect("an index");
    let good = fs::read(&biggest).expect("index");
    let other = files
        .iter()
        .find(|(p, _)| *p != biggest)
        .expect("two")
        .0
        .clone();
    let mut flipped = good.clone();
    let mid = good.len() / 2;
    flipped[mid] ^= 0x01;
    let mut old = good.clone();
    old[4..8].copy_from_slice(&0u32.to_le_bytes());
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good[..good.len() / 3].to_vec()),
        ("empty", Vec::new()),
        ("one bit flipped", flipped),
        ("another notebook's", fs::read(&other).expect("other")),
        ("an older version", old),
        ("not an index", b"hello, world\n".repeat(40)),
    ];
    for (what, bytes) in damaged {
        for (p, _) in indexes(&s.cache) {
            fs::write(&p, &bytes).expect("damage");
        }
        assert_eq!(outputs(&s, &[]), plain, "{what} index");
        let rebuilt = indexes(&s.cache);
        assert_eq!(
            fs::read(&biggest).expect("rebuilt"),
            good,
            "{what}: rebuilt"
        );
        assert_eq!(outputs(&s, &[]), plain, "{what}: after the rebuild");
        assert_eq!(
            indexes(&s.cache),
            rebuilt,
            "{what}: the rebuilt index is used"
        );
    }
}

#[test]
fn an_edit_keeping_size_and_mtime_is_seen() {
    let s = setup();
    let nb = s.notes.join("edited.txt");
    let text = "10:00 2014-3-1\nxen, migration\nbody one\n\n11:00 2014-3-1\nkvm, tuning\nsee\"10:00 2014-3-1\"\n";
    fs::write(&nb, text).expect("write");
    let mtime = fs::metadata(&nb).and_then(|m| m.modified()).expect("mtime");
    let search = ["search", "--json", "xen", "edited.txt"];
    let first = seen(&run(&s.cache, &s.notes, &search));
    assert!(first.1.contains("migration"), "{first:?}");
    // The same bytes count, the keywords swapped between the entries, a
    // header moved: what the index recorded no longer holds.
    let edited = "10:00 2014-3-1\nkvm, migration\nbody one\n11:00 2014-3-1\n\nxen, tuning\nsee\"10:00 2014-3-1\"\n";
    assert_eq!(edited.len(), text.len());
    let f = fs::OpenOptions::new().write(true).open(&nb).expect("open");
    use std::io::Write;
    (&f).write_all(edited.as_bytes()).expect("rewrite in place");
    f.set_modified(mtime).expect("set mtime");
    drop(f);
    assert_eq!(
        fs::metadata(&nb).and_then(|m| m.modified()).ok(),
        Some(mtime)
    );
    for args in [
        &search[..],
        &["stats", "--json", "edited.txt"],
        &["links", "--json", "edited.txt"],
    ] {
        let with = seen(&run(&s.cache, &s.notes, args));
        let mut no = vec![args[0], "--no-cache"];
        no.extend_from_slice(&args[1..]);
        assert_eq!(with, seen(&run(&s.cache, &s.notes, &no)), "{args:?}");
    }
    let now = seen(&run(&s.cache, &s.notes, &search));
    assert!(
        now.1.contains("tuning") && !now.1.contains("migration"),
        "{now:?}"
    );
}

#[test]
fn two_processes_may_write_at_once() {
    let s = setup();
    let plain = seen(&run(
        &s.cache,
        &s.notes,
        &["stats", "--no-cache", "--json", "."],
    ));
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_rizhi"))
                .args(["stats", "--json", "."])
                .current_dir(&s.notes)
                .env("RIZHI_CACHE", &s.cache)
                .env("RIZHI_CONFIG", s.notes.join("no-such-config.toml"))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for c in children {
        assert_eq!(seen(&c.wait_with_output().expect("wait")), plain);
    }
    let files = indexes(&s.cache);
    assert!(
        files
            .iter()
            .all(|(p, _)| p.extension().is_some_and(|x| x == "rzi" || x == "rzk")),
        "a temporary file was left: {files:?}"
    );
    assert_eq!(
        seen(&run(&s.cache, &s.notes, &["stats", "--json", "."])),
        plain
    );
    assert_eq!(indexes(&s.cache), files, "what the writers left is valid");
}

#[test]
fn an_unwritable_cache_is_silent() {
    let s = setup();
    let plain = outputs(&s, &["--no-cache"]);
    // Tests run as root, so permissions do not stop a write: a folder under
    // a regular file cannot be created by anyone.
    let file = s.notes.join("..").join("a-file");
    fs::write(&file, "not a folder").expect("write");
    let blocked = Setup {
        _tmp: tempfile::tempdir().expect("tempdir"),
        notes: s.notes.clone(),
        cache: file.join("cache"),
    };
    assert_eq!(outputs(&blocked, &[]), plain);
    assert_eq!(fs::read(&file).expect("file"), b"not a folder");
}

#[test]
fn cache_path_and_clear() {
    let s = setup();
    let o = run(&s.cache, &s.notes, &["cache", "--path"]);
    assert_eq!(seen(&o).1.trim(), s.cache.display().to_string());
    outputs(&s, &[]);
    let n = indexes(&s.cache).len();
    assert!(n > 0);
    fs::write(s.cache.join("keep.me"), "not ours").expect("write");
    let o = seen(&run(&s.cache, &s.notes, &["cache", "--clear"]));
    assert_eq!(o.0, Some(0), "{o:?}");
    assert!(o.1.contains(&format!("removed {n} index files")), "{o:?}");
    let left = indexes(&s.cache);
    assert_eq!(left.len(), 1, "only rizhi's files are removed: {left:?}");
    assert!(
        notebook_bytes(&s.notes).len() > 20,
        "notebooks are untouched"
    );
}

/// Notebooks in the encodings and line ends the keyword-line index maps (LF,
/// CRLF, a BOM, lone CRs) and one it does not (GB18030), with titles that
/// are keyword lines, body lines, and lines after blank ones.
fn mixed_notes(dir: &Path) {
    let lf = "9:00 2015-1-1\nxen, lf\nbody\n\n9:05 2015-1-1\n\n\n  xen under blank lines\n\n9:10 2015-1-1\n(9:20 2015-1-1)\nxen after an update\n";
    fs::write(dir.join("lf.txt"), lf).expect("write");
    fs::write(
        dir.join("crlf.txt"),
        lf.replace("xen, lf", "xen, crlf").replace('\n', "\r\n"),
    )
    .expect("write");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(
        lf.replace("xen, lf", "xen, 内核 bom")
            .replace("2015", "2016")
            .as_bytes(),
    );
    fs::write(dir.join("bom.txt"), bom).expect("write");
    fs::write(
        dir.join("cr.txt"),
        lf.replace("2015", "2017").replace('\n', "\r"),
    )
    .expect("write");
    let (gb, _, _) = encoding_rs::GB18030.encode("9:00 2018-1-1\nxen, 内核 gb\n正文\n");
    fs::write(dir.join("gb.txt"), gb).expect("write");
}

const KEYWORD_SEARCHES: &[&[&str]] = &[
    &["search", "xen", "."],
    &["search", "--json", "xen", "."],
    &["search", "--json", "nh", "."],
    &["search", "内核", "."],
    &["search", "--json", "xen @2015", "."],
    &["search", "--json", "--limit", "3", "!kvm xen", "."],
    &["search", "--json", "", "."],
    &["search", "--json", "no such words here", "."],
];

fn keyword_outputs(s: &Setup, extra: &[&str]) -> Vec<(Option<i32>, String, String)> {
    outputs_of(s, KEYWORD_SEARCHES, extra)
}

fn with_ext(cache: &Path, ext: &str) -> Vec<(PathBuf, u64)> {
    indexes(cache)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|x| x == ext))
        .collect()
}

#[test]
fn keyword_search_from_the_keyword_line_index_is_a_full_reads_answer() {
    let s = setup();
    mixed_notes(&s.notes);
    let full = keyword_outputs(&s, &["--no-cache"]);
    assert!(full[0].1.contains("lf.txt:2:1:"), "{:?}", full[0]);
    assert!(full[0].1.contains("crlf.txt:2:1:"), "{:?}", full[0]);
    assert!(
        full[0].1.contains("lf.txt:8:3:"),
        "title under blank lines: {:?}",
        full[0]
    );
    assert!(full[2].1.contains("bom.txt"), "pinyin: {:?}", full[2]);
    let cold = keyword_outputs(&s, &[]);
    let titles = with_ext(&s.cache, "rzk");
    assert!(
        titles.len() >= 20,
        "a keyword-line index per notebook: {titles:?}"
    );
    // Keyword search takes the keyword-line indexes alone: with the full
    // indexes gone, it answers without reading any notebook in full (which
    // would write them again).
    for (p, _) in with_ext(&s.cache, "rzi") {
        fs::remove_file(p).expect("rm");
    }
    let warm = keyword_outputs(&s, &[]);
    let rewritten = with_ext(&s.cache, "rzi");
    assert!(
        rewritten.len() <= 1,
        "only the GB18030 notebook (no keyword-line index) is read in full: {rewritten:?}"
    );
    for ((c, f), (k, w)) in KEYWORD_SEARCHES
        .iter()
        .zip(&full)
        .zip(cold.iter().zip(&warm))
    {
        assert_eq!(f, k, "rizhi {c:?} while writing the index");
        assert_eq!(f, w, "rizhi {c:?} from the keyword-line index");
    }
}

#[test]
fn a_keyword_line_index_that_lies_is_caught_by_the_notebook() {
    let s = setup();
    let nb = s.notes.join("lie.txt");
    fs::write(
        &nb,
        "10:00 2014-3-1\nkvm, tuning\nbody\n\n11:00 2014-3-1\nxen, migration\n",
    )
    .expect("write");
    let search = ["search", "--json", "xen", "lie.txt"];
    let truth = seen(&run(&s.cache, &s.notes, &search));
    assert!(
        truth.1.contains("migration") && !truth.1.contains("tuning"),
        "{truth:?}"
    );
    // Rewrite the keyword-line index so that it says the first entry is about
    // xen, with a correct hash: only the check against the notebook's bytes
    // can tell.
    let (rzk, _) = with_ext(&s.cache, "rzk")
        .pop()
        .expect("a keyword-line index");
    let mut b = fs::read(&rzk).expect("read");
    let at = b
        .windows(3)
        .position(|w| w == b"kvm")
        .expect("kvm in the index");
    b[at..at + 3].copy_from_slice(b"xen");
    let sum = rizhi::cache::hash(&b[24..]);
    b[16..24].copy_from_slice(&sum.to_le_bytes());
    fs::write(&rzk, &b).expect("write");
    assert_eq!(seen(&run(&s.cache, &s.notes, &search)), truth);
    // The lying index was replaced by a true one.
    assert!(!fs::read(&rzk)
        .expect("rewritten")
        .windows(10)
        .any(|w| w == b"xen, tunin"));
    assert_eq!(seen(&run(&s.cache, &s.notes, &search)), truth);
    // Truncated or damaged: ignored, and written again.
    let good = fs::read(&rzk).expect("read");
    for bad in [good[..good.len() / 2].to_vec(), {
        let mut b = good.clone();
        let last = b.len() - 1;
        b[last] ^= 1;
        b
    }] {
        fs::write(&rzk, &bad).expect("write");
        assert_eq!(seen(&run(&s.cache, &s.notes, &search)), truth);
        assert_eq!(fs::read(&rzk).expect("rewritten"), good);
    }
}
