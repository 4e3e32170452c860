//! Appending a new entry header: the one place rizhi writes to a notebook.
//!
//! The promise is append-only. The file is opened with `O_APPEND` and never
//! truncated or rewritten, so every byte before its old end stays as it was,
//! and what is added is written the way the file's author writes: in the
//! file's own encoding (UTF-8, UTF-8 with BOM, GB18030, UTF-16 LE/BE), its
//! dominant line end (CRLF, LF or CR) and its stamp spelling (`9:05 2013-1-4`
//! or `09:05 2013-01-04`). A file rizhi could only read by guessing (a lossy
//! decode, a damaged UTF-16 tail, a zero-filled tail) or a binary file is
//! refused: appending to it would bury the damage or mix two encodings.
//!
//! Entry point: [`append_entry`]. The caller (`rizhi new`, the browser's `a`)
//! then opens `$EDITOR` at [`Appended::line`]; when an entry already carries
//! this minute's stamp nothing is written and that entry's line is returned.

use super::decode::{self, Detected};
use super::parse::{self, Entry};
use super::stamp::Stamp;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};
use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// What [`append_entry`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appended {
    pub path: PathBuf,
    /// 1-based line of the stamp header: the new one, or the existing entry
    /// of the same minute. Lines are counted like the parser counts them
    /// (CRLF and a lone CR are one line end each).
    pub line: u32,
    /// The minute the header stands for (`now` without its seconds).
    pub stamp: Stamp,
    /// The header as written in the file (or as found there), without line end.
    pub header: String,
    /// `false` when an entry with this minute's stamp already existed and
    /// nothing was written.
    pub appended: bool,
    /// `true` when the file did not exist and was created (UTF-8, LF).
    pub created: bool,
    /// The encoding the header was written in (or the file was read with).
    pub encoding: Detected,
}

/// Why nothing was appended. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    #[error("{}: {}; nothing appended", path.display(), super::io_message(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: looks like a binary file (NUL bytes); nothing appended", path.display())]
    Binary { path: PathBuf },
    /// The file decoded only with guesses or replacements (`reason` is the
    /// decoder's warning); rizhi cannot write back in an encoding it does not know.
    #[error(
        "{}:{line}: {reason}; rizhi appends only to a file it decodes exactly, nothing appended",
        path.display()
    )]
    Lossy {
        path: PathBuf,
        line: u32,
        reason: String,
    },
    /// The file kept changing between reading it and appending (an editor saving).
    #[error("{}: changed on disk while appending; nothing appended, try again", path.display())]
    Changed { path: PathBuf },
    /// The path is a symbolic link to nothing: rizhi creates no file through a link.
    #[error(
        "{}: a symbolic link to {}, which does not exist; nothing appended",
        path.display(),
        target.display()
    )]
    Dangling { path: PathBuf, target: PathBuf },
    #[error("file pattern `{pattern}`: a new month's file needs a name pattern with exactly one `*` and no `?`, `[` or `/` (e.g. `log*.txt`)")]
    Pattern { pattern: String },
}

/// How a file spells its stamps. Zero padding of the hour and of the date
/// (month and day) is decided apart, each by a majority of the headers that
/// show it (an hour below 10, a month or day below 10); a tie, or no header
/// that shows it, takes the other field's decision, else no padding, the
/// FORMAT.md spelling `H:MM YYYY-M-D`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StampStyle {
    pub pad_hour: bool,
    pub pad_date: bool,
}

impl StampStyle {
    /// The style of `text` (decoded, LF line ends) given its parsed entries.
    pub fn of(text: &str, entries: &[Entry]) -> StampStyle {
        // Votes: positive for padded, negative for unpadded.
        let (mut hour, mut date) = (0i64, 0i64);
        for e in entries {
            let Some((h, d)) = header_text(text, e).trim().split_once(' ') else {
                continue;
            };
            let vote = |field: &str| if field.len() == 2 { 1 } else { -1 };
            if e.stamp.hour() < 10 {
                hour += vote(h.split(':').next().unwrap_or(h));
            }
            let mut parts = d.split('-').skip(1);
            let date_fields = [parts.next(), parts.next()];
            let values = [e.stamp.date().month(), e.stamp.date().day()];
            for (field, value) in date_fields.into_iter().zip(values) {
                if let (Some(f), true) = (field, value < 10) {
                    date += vote(f);
                }
            }
        }
        let pick = |own: i64, other: i64| if own != 0 { own > 0 } else { other > 0 };
        StampStyle {
            pad_hour: pick(hour, date),
            pad_date: pick(date, hour),
        }
    }

    /// `s` spelled in this style.
    pub fn write(&self, s: Stamp) -> String {
        let d = s.date();
        let (y, m, day) = (d.year(), d.month(), d.day());
        match (self.pad_hour, self.pad_date) {
            (true, true) => format!("{:02}:{:02} {y:04}-{m:02}-{day:02}", s.hour(), s.minute()),
            (true, false) => format!("{:02}:{:02} {y:04}-{m}-{day}", s.hour(), s.minute()),
            (false, true) => format!("{}:{:02} {y:04}-{m:02}-{day:02}", s.hour(), s.minute()),
            (false, false) => format!("{}:{:02} {y:04}-{m}-{day}", s.hour(), s.minute()),
        }
    }
}

/// A file's line end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnd {
    Lf,
    CrLf,
    Cr,
}

impl LineEnd {
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnd::Lf => "\n",
            LineEnd::CrLf => "\r\n",
            LineEnd::Cr => "\r",
        }
    }

    /// The most frequent line end of `raw` (text before newline
    /// normalisation); a tie goes to the file's last line end, none to LF.
    pub fn dominant(raw: &str) -> LineEnd {
        let b = raw.as_bytes();
        let (mut lf, mut crlf, mut cr, mut last) = (0usize, 0usize, 0usize, LineEnd::Lf);
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            last = match (b[i], b.get(i + 1)) {
                (b'\r', Some(b'\n')) => continue,
                (b'\n', _) if i > 0 && b[i - 1] == b'\r' => {
                    crlf += 1;
                    LineEnd::CrLf
                }
                (b'\n', _) => {
                    lf += 1;
                    LineEnd::Lf
                }
                _ => {
                    cr += 1;
                    LineEnd::Cr
                }
            };
        }
        let most = lf.max(crlf).max(cr);
        let count = |e: LineEnd| match e {
            LineEnd::Lf => lf,
            LineEnd::CrLf => crlf,
            LineEnd::Cr => cr,
        };
        if count(last) == most {
            last
        } else if crlf == most {
            LineEnd::CrLf
        } else if lf == most {
            LineEnd::Lf
        } else {
            LineEnd::Cr
        }
    }
}

/// The file name of `date`'s month for a folder pattern: the one `*` becomes
/// `YYYYMM` (`log*.txt` → `log201301.txt`), inside `folder`.
pub fn month_file(folder: &Path, pattern: &str, date: NaiveDate) -> Result<PathBuf, AppendError> {
    let bad = pattern.matches('*').count() != 1
        || pattern.contains(['?', '[', ']', '/', '\\'])
        || pattern == "*";
    if bad {
        return Err(AppendError::Pattern {
            pattern: pattern.to_string(),
        });
    }
    let name = pattern.replacen('*', &date.format("%Y%m").to_string(), 1);
    Ok(folder.join(name))
}

/// Appends a header for `now` (to the minute) at the end of the notebook
/// `path`, or finds the entry already stamped that minute (the last such in
/// file order). A missing file is created, UTF-8 with LF. See the module
/// documentation for how the file's own style is followed.
///
/// The header starts on a line of its own (a line end is added first when the
/// file does not end with one), is followed by a line end, and is preceded by
/// a blank line when most of the file's headers are (or the file has no
/// header to tell, and the file does not already end in a blank line).
pub fn append_entry(path: &Path, now: NaiveDateTime) -> Result<Appended, AppendError> {
    let stamp = Stamp::new(now.date(), now.hour(), now.minute())
        .expect("a NaiveDateTime's hour and minute are valid");
    let io = |source: std::io::Error| AppendError::Io {
        path: path.to_path_buf(),
        source,
    };
    // A file that changes under us (an editor saving) is read again.
    for _ in 0..3 {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::NotFound => match create(path, stamp) {
                Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                r => return r.map_err(io),
            },
            Err(e) => return Err(io(e)),
        };
        let plan = plan(path, &bytes, stamp)?;
        if !plan.appended {
            return Ok(plan.result);
        }
        let mut file = match OpenOptions::new().append(true).open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            Err(e) => return Err(io(e)),
        };
        if file.metadata().map_err(io)?.len() != bytes.len() as u64 {
            continue;
        }
        file.write_all(&plan.bytes).map_err(io)?;
        file.sync_all().map_err(io)?;
        return Ok(plan.result);
    }
    // A link to nothing reads as missing and cannot be created anew.
    if let (Ok(target), false) = (std::fs::read_link(path), path.exists()) {
        return Err(AppendError::Dangling {
            path: path.to_path_buf(),
            target,
        });
    }
    Err(AppendError::Changed {
        path: path.to_path_buf(),
    })
}

fn create(path: &Path, stamp: Stamp) -> std::io::Result<Appended> {
    let header = StampStyle::default().write(stamp);
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(format!("{header}\n").as_bytes())?;
    file.sync_all()?;
    Ok(Appended {
        path: path.to_path_buf(),
        line: 1,
        stamp,
        header,
        appended: true,
        created: true,
        encoding: Detected::Utf8,
    })
}

/// What to append to a file holding `bytes`, or the existing entry to open.
struct Plan {
    result: Appended,
    appended: bool,
    bytes: Vec<u8>,
}

fn plan(path: &Path, bytes: &[u8], stamp: Stamp) -> Result<Plan, AppendError> {
    let d = decode::decode(bytes);
    if d.encoding == Detected::Binary {
        return Err(AppendError::Binary {
            path: path.to_path_buf(),
        });
    }
    // Any warning means the text is not exactly what the bytes say: a lossy
    // decode, replaced sequences, a zero-filled tail.
    if let Some((line, reason)) = d.warnings.into_iter().next() {
        return Err(AppendError::Lossy {
            path: path.to_path_buf(),
            line,
            reason,
        });
    }
    let text = d.text;
    let parsed = parse::parse(&text);
    let mut result = Appended {
        path: path.to_path_buf(),
        line: 0,
        stamp,
        header: String::new(),
        appended: false,
        created: false,
        encoding: d.encoding,
    };
    if let Some(e) = parsed.entries.iter().rev().find(|e| e.stamp == stamp) {
        result.line = e.line;
        result.header = header_text(&text, e).trim().to_string();
        return Ok(Plan {
            result,
            appended: false,
            bytes: Vec::new(),
        });
    }
    let raw = raw_text(bytes, d.encoding);
    let le = LineEnd::dominant(&raw);
    let mut add = String::new();
    let mut lines_before = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    if !text.is_empty() {
        if raw.ends_with('\r') && le == LineEnd::CrLf {
            // A CRLF file cut after its CR: the CR already ends the line for
            // the parser; the LF completes it.
            add.push('\n');
        } else if !raw.ends_with(['\n', '\r']) {
            add.push_str(le.as_str());
            lines_before += 1;
        }
        let last = text.strip_suffix('\n').unwrap_or(&text);
        let last_line = last.rsplit('\n').next().unwrap_or("");
        if !last_line.trim().is_empty() && blank_before_headers(&text, &parsed.entries) {
            add.push_str(le.as_str());
            lines_before += 1;
        }
    }
    result.header = StampStyle::of(&text, &parsed.entries).write(stamp);
    add.push_str(&result.header);
    add.push_str(le.as_str());
    result.line = u32::try_from(lines_before + 1).unwrap_or(u32::MAX);
    result.appended = true;
    Ok(Plan {
        bytes: encode(&add, d.encoding),
        result,
        appended: true,
    })
}

/// The header line of `e`, as in the file.
fn header_text<'t>(text: &'t str, e: &Entry) -> &'t str {
    let t = text.get(e.span().start..).unwrap_or("");
    t.split('\n').next().unwrap_or("")
}

/// Whether most headers after the first line have a blank line before them
/// (ties and files without such a header: yes).
fn blank_before_headers(text: &str, entries: &[Entry]) -> bool {
    let mut votes = 0i64;
    for e in entries.iter().filter(|e| e.span().start > 0) {
        let before = &text[..e.span().start - 1];
        let prev = before.rsplit('\n').next().unwrap_or("");
        votes += if prev.trim().is_empty() { 1 } else { -1 };
    }
    votes >= 0
}

/// The file's text with its line ends as they are (the decoder's text has
/// them normalised). Only called for encodings that decoded without errors.
fn raw_text(bytes: &[u8], enc: Detected) -> String {
    let body = Encoding::for_bom(bytes).map_or(bytes, |(_, n)| &bytes[n..]);
    let enc = match enc {
        Detected::Gb18030 => GB18030,
        Detected::Utf16Le => UTF_16LE,
        Detected::Utf16Be => UTF_16BE,
        _ => encoding_rs::UTF_8,
    };
    enc.decode_without_bom_handling(body).0.into_owned()
}

/// `s` in the file's encoding, without a BOM (the file has its own already).
/// encoding_rs encodes UTF-16 as UTF-8 (per the WHATWG standard), so UTF-16
/// is done by hand.
fn encode(s: &str, enc: Detected) -> Vec<u8> {
    match enc {
        Detected::Utf16Le => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        Detected::Utf16Be => s.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        Detected::Gb18030 => GB18030.encode(s).0.into_owned(),
        _ => s.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Stamp {
        Stamp::parse(s).expect(s)
    }

    fn style(text: &str) -> StampStyle {
        StampStyle::of(text, &parse::parse(text).entries)
    }

    #[test]
    fn style_follows_the_majority_per_field_and_falls_back() {
        let short = StampStyle::default();
        let long = StampStyle {
            pad_hour: true,
            pad_date: true,
        };
        assert_eq!(style("9:05 2013-1-4\nx\n"), short);
        assert_eq!(style("09:05 2013-01-04\nx\n"), long);
        // No hour below 10: the hour follows the date.
        assert_eq!(style("16:50 2013-01-04\nx\n"), long);
        assert_eq!(style("16:50 2013-11-14\nx\n"), short);
        assert_eq!(
            style("9:05 2013-01-04\n\n9:06 2013-01-04\n"),
            StampStyle {
                pad_hour: false,
                pad_date: true
            }
        );
        // Two padded headers against one unpadded.
        assert!(style("09:01 2013-1-1\n09:02 2013-1-1\n9:03 2013-1-1\n").pad_hour);
        assert_eq!(long.write(at("9:05 2013-1-4")), "09:05 2013-01-04");
        assert_eq!(short.write(at("9:05 2013-1-4")), "9:05 2013-1-4");
        assert_eq!(short.write(at("0:00 2013-12-31")), "0:00 2013-12-31");
        // An hour of 10 and up, a month or day of 10 and up, shows no padding
        // and has no vote.
        let tens = "10:00 2013-11-14\nx\n10:01 2013-11-14\nx\n9:05 2013-11-14\n";
        assert_eq!(style(tens), short);
        let tens = "16:50 2013-10-10\nx\n16:51 2013-10-10\nx\n16:52 2013-1-14\n";
        assert_eq!(style(tens), short);
    }

    #[test]
    fn dominant_line_end() {
        assert_eq!(LineEnd::dominant(""), LineEnd::Lf);
        assert_eq!(LineEnd::dominant("a\r\nb\r\nc\n"), LineEnd::CrLf);
        assert_eq!(LineEnd::dominant("a\nb\nc\r\n"), LineEnd::Lf);
        assert_eq!(LineEnd::dominant("a\nb\r\n"), LineEnd::CrLf, "tie: last");
        assert_eq!(LineEnd::dominant("a\rb\r"), LineEnd::Cr);
        assert_eq!(
            LineEnd::dominant("a\rb\rc\n"),
            LineEnd::Cr,
            "most, not last"
        );
        assert_eq!(LineEnd::dominant("\nx\n"), LineEnd::Lf, "a line end first");
    }

    #[test]
    fn month_file_names() {
        let d = NaiveDate::from_ymd_opt(2013, 1, 4).expect("date");
        let p = month_file(Path::new("/n"), "log*.txt", d).expect("ok");
        assert_eq!(p, Path::new("/n/log201301.txt"));
        for bad in ["*", "log.txt", "*-*.txt", "log?.txt", "a/*.txt"] {
            assert!(month_file(Path::new("/n"), bad, d).is_err(), "{bad}");
        }
    }

    #[test]
    fn plan_separates_and_terminates() {
        let p = Path::new("x.txt");
        let s = at("9:07 2013-1-4");
        let cases: [(&str, &str, u32); 6] = [
            ("", "9:07 2013-1-4\n", 1),
            ("9:05 2013-1-4\nbody\n", "\n9:07 2013-1-4\n", 4),
            ("9:05 2013-1-4\nbody", "\n\n9:07 2013-1-4\n", 4),
            ("9:05 2013-1-4\nbody\n\n", "9:07 2013-1-4\n", 4),
            // Headers packed without blank lines stay packed.
            ("9:01 2013-1-4\na\n9:05 2013-1-4\nb\n", "9:07 2013-1-4\n", 5),
            ("9:05 2013-1-4\r\nx\r\nbody\r", "\n\r\n9:07 2013-1-4\r\n", 5),
        ];
        for (old, add, line) in cases {
            let plan = plan(p, old.as_bytes(), s).expect(old);
            assert_eq!(String::from_utf8(plan.bytes).expect("utf8"), add, "{old:?}");
            assert_eq!(plan.result.line, line, "{old:?}");
            let new = format!("{old}{add}");
            let e = parse::parse(&decode::decode(new.as_bytes()).text).entries;
            assert_eq!(
                e.last().map(|e| (e.line, e.stamp)),
                Some((line, s)),
                "{old:?}"
            );
        }
    }
}
