//! Writes every entry of a notebook folder NUL-separated, for `fzf --filter --read0`
//! in `benches/compare.sh`. Deliberately independent of the rizhi library: a
//! header is a line holding only `H:MM YYYY-M-D` with a valid date; `--scope all`
//! writes each entry's text after its header, `--scope keywords` its first
//! non-empty line after the header that is not a `(revision)` stamp (its keyword
//! line), and `--scope fields` both as `keywords` U+001F `text`, so fzf reads
//! whole entries and matches only the keyword line (`--delimiter $'\x1f' --nth 1`).
//!
//! `cargo run --release --example dump_entries -- --scope all DIR > entries.bin`

use std::io::Write;
use std::path::{Path, PathBuf};

fn stamp_len(b: &[u8]) -> Option<usize> {
    let digits = |at: usize, min: usize, max: usize| -> Option<(u32, usize)> {
        let mut i = at;
        let mut n = 0u32;
        while i < b.len() && b[i].is_ascii_digit() && i - at < max {
            n = n * 10 + u32::from(b[i] - b'0');
            i += 1;
        }
        (i - at >= min && !b.get(i).is_some_and(u8::is_ascii_digit)).then_some((n, i))
    };
    let (h, i) = digits(0, 1, 2)?;
    (b.get(i) == Some(&b':')).then_some(())?;
    let (m, i) = digits(i + 1, 2, 2)?;
    (b.get(i) == Some(&b' ')).then_some(())?;
    let (y, i) = digits(i + 1, 4, 4)?;
    (b.get(i) == Some(&b'-')).then_some(())?;
    let (mo, i) = digits(i + 1, 1, 2)?;
    (b.get(i) == Some(&b'-')).then_some(())?;
    let (d, i) = digits(i + 1, 1, 2)?;
    let ok = h < 24 && m < 60 && chrono::NaiveDate::from_ymd_opt(y as i32, mo, d).is_some();
    ok.then_some(i)
}

fn is_header(line: &str) -> bool {
    let t = line.trim_matches(' ');
    stamp_len(t.as_bytes()) == Some(t.len())
}

fn is_paren_stamp(line: &str) -> bool {
    let t = line.trim();
    t.len() > 2
        && t.starts_with('(')
        && t.ends_with(')')
        && stamp_len(&t.as_bytes()[1..t.len() - 1]) == Some(t.len() - 2)
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            files(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (scope, dir) = match args.as_slice() {
        [flag, s, d]
            if flag == "--scope" && ["all", "keywords", "fields"].contains(&s.as_str()) =>
        {
            (s.clone(), d)
        }
        _ => {
            eprintln!("usage: dump_entries --scope all|keywords|fields DIR > FILE");
            std::process::exit(2);
        }
    };
    let mut paths = Vec::new();
    files(Path::new(dir), &mut paths)?;
    paths.sort();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    for p in paths {
        let raw = std::fs::read(&p)?;
        let text = String::from_utf8_lossy(&raw);
        let text = text
            .strip_prefix('\u{FEFF}')
            .unwrap_or(&text)
            .replace("\r\n", "\n");
        // Entry i runs from one header line to the next.
        let mut body: Option<String> = None;
        let emit = |body: Option<String>, out: &mut dyn Write| -> std::io::Result<()> {
            if let Some(b) = body {
                let title = || {
                    b.lines()
                        .map(str::trim)
                        .find(|l| !l.is_empty() && !is_paren_stamp(l))
                        .unwrap_or("")
                };
                match scope.as_str() {
                    "all" => out.write_all(b.as_bytes())?,
                    "keywords" => out.write_all(title().as_bytes())?,
                    _ => {
                        out.write_all(title().as_bytes())?;
                        out.write_all(b"\x1f")?;
                        out.write_all(b.as_bytes())?;
                    }
                }
                out.write_all(b"\0")?;
            }
            Ok(())
        };
        for line in text.split_inclusive('\n') {
            if is_header(line.trim_end_matches('\n')) {
                emit(body.take(), &mut out)?;
                body = Some(String::new());
            } else if let Some(b) = body.as_mut() {
                b.push_str(line);
            }
        }
        emit(body.take(), &mut out)?;
    }
    out.flush()
}
