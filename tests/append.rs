//! `notebook::append`: the old bytes stay a prefix, the new header follows the
//! file's encoding, line ends and stamp spelling, and damaged files are refused.
//! Encoded files are made here from UTF-8 text (GB18030 with encoding_rs;
//! UTF-16 by hand, since encoding_rs only decodes UTF-16).

use chrono::NaiveDateTime;
use rizhi::notebook::append::{append_entry, month_file, AppendError};
use rizhi::notebook::{Detected, Notebook, Stamp};

/// Two entries, blank-line separated, unpadded stamps, mixed Chinese/English.
const SHORT: &str = "9:05 2013-1-4\n内核, 调度\n1, 读 sched/fair.c\n\n16:50 2013-1-4\n时间管理, 计划\n1, 今天的工作安排, see\"9:05 2013-1-4\"1\n";
/// The same notebook with every field zero-padded.
const PADDED: &str = "09:05 2013-01-04\n内核, 调度\n1, 读 sched/fair.c\n\n16:50 2013-01-04\n时间管理, 计划\n1, 今天的工作安排\n";

fn time(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect(s)
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for u in bom.then_some('\u{FEFF}').into_iter().map(|c| c as u16) {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

/// Writes `old` to a file, appends a header for `now`, and checks everything
/// the promise says; returns the new file's decoded text and its bytes.
fn appended(old: &[u8], enc: Detected, now: &str, header: &str, crlf: bool) -> (String, Vec<u8>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("log201301.txt");
    std::fs::write(&path, old).expect("write");
    let before = Notebook::load(&path).expect("load");
    assert_eq!(before.encoding, enc, "fixture encoding");
    assert!(before.warnings.is_empty(), "{:?}", before.warnings);

    let r = append_entry(&path, time(now)).expect("append");
    let new = std::fs::read(&path).expect("read");
    assert!(
        new.len() > old.len() && new.starts_with(old),
        "old bytes kept"
    );
    assert!(r.appended && !r.created);
    assert_eq!((r.encoding, r.header.as_str()), (enc, header));

    let after = Notebook::load(&path).expect("load");
    assert_eq!(after.encoding, enc);
    assert!(after.warnings.is_empty(), "{:?}", after.warnings);
    assert_eq!(after.entries().len(), before.entries().len() + 1);
    let last = after.entries().last().expect("an entry");
    let want = Stamp::parse(now.get(..16).expect("minute")).expect("stamp");
    assert_eq!((last.stamp, last.line), (want, r.line));
    // The header line, as spelled in the file, is the only line of its entry.
    let line = after.text.lines().nth(r.line as usize - 1).expect("line");
    assert_eq!(line, header);
    assert!(after.body(last).is_empty(), "{:?}", after.body(last));
    // The added bytes use the file's line end only, and end with one.
    let added = &new[old.len()..];
    let raw = match enc {
        Detected::Utf16Le | Detected::Utf16Be => {
            let units: Vec<u16> = added
                .chunks(2)
                .map(|c| match enc {
                    Detected::Utf16Le => u16::from_le_bytes([c[0], c[1]]),
                    _ => u16::from_be_bytes([c[0], c[1]]),
                })
                .collect();
            String::from_utf16(&units).expect("whole code units")
        }
        Detected::Gb18030 => encoding_rs::GB18030.decode(added).0.into_owned(),
        _ => String::from_utf8(added.to_vec()).expect("utf-8"),
    };
    let lf = raw.matches('\n').count();
    if crlf {
        assert!(
            raw.ends_with("\r\n") && raw.matches("\r\n").count() == lf,
            "{raw:?}"
        );
    } else {
        assert!(raw.ends_with('\n') && !raw.contains('\r'), "{raw:?}");
    }
    (after.text, new)
}

#[test]
fn utf8_lf_unpadded() {
    let (text, _) = appended(
        SHORT.as_bytes(),
        Detected::Utf8,
        "2013-01-05 08:07:59",
        "8:07 2013-1-5",
        false,
    );
    assert_eq!(text, format!("{SHORT}\n8:07 2013-1-5\n"));
}

#[test]
fn utf8_bom_crlf_padded() {
    let mut old = vec![0xEF, 0xBB, 0xBF];
    old.extend(PADDED.replace('\n', "\r\n").into_bytes());
    let (text, new) = appended(
        &old,
        Detected::Utf8Bom,
        "2013-02-03 07:04:00",
        "07:04 2013-02-03",
        true,
    );
    // On the bytes: exactly one blank CRLF line before the header, one BOM.
    assert_eq!(text, format!("{PADDED}\n07:04 2013-02-03\n"));
    let new = String::from_utf8(new).expect("utf-8");
    assert!(
        new.ends_with("今天的工作安排\r\n\r\n07:04 2013-02-03\r\n"),
        "{new:?}"
    );
    assert_eq!(new.matches('\u{FEFF}').count(), 1);
}

#[test]
fn gb18030_unpadded() {
    let (old, _, unmappable) = encoding_rs::GB18030.encode(SHORT);
    assert!(!unmappable);
    let (text, _) = appended(
        &old,
        Detected::Gb18030,
        "2013-01-04 17:30:00",
        "17:30 2013-1-4",
        false,
    );
    assert!(text.ends_with("今天的工作安排, see\"9:05 2013-1-4\"1\n\n17:30 2013-1-4\n"));
}

#[test]
fn utf16le_with_bom_crlf() {
    let old = utf16(&SHORT.replace('\n', "\r\n"), false, true);
    appended(
        &old,
        Detected::Utf16Le,
        "2013-01-06 09:00:00",
        "9:00 2013-1-6",
        true,
    );
}

#[test]
fn utf16be_without_bom_padded() {
    let old = utf16(PADDED, true, false);
    appended(
        &old,
        Detected::Utf16Be,
        "2013-01-06 19:00:00",
        "19:00 2013-01-06",
        false,
    );
}

#[test]
fn utf16be_with_bom_crlf() {
    let old = utf16(&SHORT.replace('\n', "\r\n"), true, true);
    appended(
        &old,
        Detected::Utf16Be,
        "2013-01-06 19:00:00",
        "19:00 2013-1-6",
        true,
    );
}

#[test]
fn a_file_without_a_final_line_end_gets_one_first() {
    let old = SHORT.trim_end_matches('\n');
    let (text, _) = appended(
        old.as_bytes(),
        Detected::Utf8,
        "2013-01-04 23:59:00",
        "23:59 2013-1-4",
        false,
    );
    assert_eq!(text, format!("{old}\n\n23:59 2013-1-4\n"));
    let crlf = PADDED.replace('\n', "\r\n");
    let old = crlf.trim_end_matches("\r\n");
    appended(
        old.as_bytes(),
        Detected::Utf8,
        "2013-01-04 23:59:00",
        "23:59 2013-01-04",
        true,
    );
}

#[test]
fn an_entry_of_the_same_minute_is_returned_not_duplicated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("log.txt");
    std::fs::write(&path, PADDED).expect("write");
    // 16:50:42 is the minute of the header spelled `16:50 2013-01-04` (line 5).
    let r = append_entry(&path, time("2013-01-04 16:50:42")).expect("append");
    assert!(!r.appended);
    assert_eq!((r.line, r.header.as_str()), (5, "16:50 2013-01-04"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), PADDED);
    // The next minute is a new entry, and a second call finds it.
    let r = append_entry(&path, time("2013-01-04 16:51:00")).expect("append");
    assert!(r.appended);
    let again = append_entry(&path, time("2013-01-04 16:51:30")).expect("append");
    assert_eq!((again.appended, again.line), (false, r.line));
}

#[test]
fn a_lossy_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.txt");
    let old = b"9:05 2013-1-4\nok\nbad \xff\xfe\xfd bytes\n".to_vec();
    std::fs::write(&path, &old).expect("write");
    let err = append_entry(&path, time("2013-01-05 10:00:00")).expect_err("refused");
    assert!(matches!(err, AppendError::Lossy { line: 3, .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("bad.txt") && msg.contains("lossily"), "{msg}");
    assert_eq!(std::fs::read(&path).expect("read"), old);
    // A UTF-16 file with a damaged (odd) tail too.
    let mut old = utf16(SHORT, false, true);
    old.push(0x41);
    std::fs::write(&path, &old).expect("write");
    let err = append_entry(&path, time("2013-01-05 10:00:00")).expect_err("refused");
    assert!(matches!(err, AppendError::Lossy { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).expect("read"), old);
}

#[test]
fn a_binary_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("image.txt");
    let old = b"\x7fELF\x02\x01\x01\x00\x00\x00junk\x00\x01".to_vec();
    std::fs::write(&path, &old).expect("write");
    let err = append_entry(&path, time("2013-01-05 10:00:00")).expect_err("refused");
    assert!(matches!(err, AppendError::Binary { .. }), "{err:?}");
    assert!(err.to_string().contains("image.txt"), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), old);
}

#[test]
fn this_months_file_is_created_as_utf8_with_lf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let now = time("2013-01-04 09:05:00");
    let path = month_file(dir.path(), "log*.txt", now.date()).expect("pattern");
    assert_eq!(path, dir.path().join("log201301.txt"));
    let r = append_entry(&path, now).expect("create");
    assert!(r.appended && r.created);
    assert_eq!((r.line, r.encoding), (1, Detected::Utf8));
    assert_eq!(std::fs::read(&path).expect("read"), b"9:05 2013-1-4\n");
    // An existing empty file gets the header on line 1, no blank line.
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").expect("write");
    let r = append_entry(&empty, now).expect("append");
    assert!(r.appended && !r.created && r.line == 1);
    assert_eq!(std::fs::read(&empty).expect("read"), b"9:05 2013-1-4\n");
}

#[test]
fn a_missing_folder_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("no/such/log.txt");
    let err = append_entry(&path, time("2013-01-04 09:05:00")).expect_err("no folder");
    assert!(matches!(err, AppendError::Io { .. }));
    assert!(err.to_string().contains("no/such/log.txt"), "{err}");
    assert!(!path.exists());
}

/// A folder is no notebook: the error is the system's, naming it, and not a
/// file that kept changing (which would only send the user to try again).
#[test]
fn a_folder_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("notes");
    std::fs::create_dir(&path).expect("mkdir");
    let err = append_entry(&path, time("2013-01-04 09:05:00")).expect_err("a folder");
    assert!(matches!(err, AppendError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("notes"), "{err}");
}

/// A symbolic link to a missing file reads as missing but cannot be created
/// anew: rizhi says so, and creates nothing.
#[test]
fn a_link_to_nothing_is_refused_and_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("log.txt");
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), &path).expect("symlink");
    let err = append_entry(&path, time("2013-01-04 09:05:00")).expect_err("dangling");
    assert!(matches!(err, AppendError::Dangling { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("log.txt: a symbolic link to") && msg.contains("gone.txt"),
        "{msg}"
    );
    assert!(!dir.path().join("gone.txt").exists());
}
