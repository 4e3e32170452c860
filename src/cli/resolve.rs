//! `rizhi resolve FILE:LINE:COL [--json] [PATH...]`: the see-link at a
//! position in a file, and where it lands. The contract (for editors: the
//! vim plugin in contrib/vim) is in contrib/vim/doc/rizhi.txt:
//! `{"file", "line", "col", "stamp", "status", "reason"}`, exit 1 printing
//! nothing when no link covers the position.

use super::{links, open, plain_path, print_line};
use crate::notebook::Notebook;
use crate::report::warn;
use crate::store::{EntryKey, Link, Resolution, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// `FILE:LINE:COL` → (file, 1-based line, 1-based byte column). The file
/// name may hold colons; the last two fields are the numbers.
pub fn parse_position(at: &str) -> Option<(PathBuf, u32, usize)> {
    let mut it = at.rsplitn(3, ':');
    let col = it.next()?.parse().ok().filter(|&c| c > 0)?;
    let line = it.next()?.parse().ok().filter(|&l| l > 0)?;
    let file = it.next().filter(|f| !f.is_empty())?;
    Some((PathBuf::from(file), line, col))
}

pub fn run(at: &str, json: bool, paths: &[PathBuf]) -> ExitCode {
    let Some((file, line, col)) = parse_position(at) else {
        warn(format_args!(
            "`{at}` is not a position like notes/log201301.txt:12:5 (FILE:LINE:COL, 1-based)"
        ));
        return ExitCode::from(2);
    };
    let (store, index) = match store_with(&file, paths) {
        Ok(s) => s,
        Err(msg) => {
            warn(msg);
            return ExitCode::from(2);
        }
    };
    let Some(link) = link_at(&store, index, line, col) else {
        return ExitCode::from(1);
    };
    let answer = describe(&store, &link);
    let printed = if json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer(&mut out, &answer)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush())
    } else {
        print_line(&answer.plain(&store, &link))
    };
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::io_exit(&e),
    }
}

/// The store over `paths` (else the configured notebooks) with `file` in it,
/// and `file`'s index among the store's files. The file is added when the
/// paths do not hold it; the bundled sample never stands in for it.
fn store_with(file: &Path, paths: &[PathBuf]) -> Result<(Store, usize), String> {
    let opened = open(paths);
    for p in &opened.problems {
        warn(p);
    }
    let wanted = std::fs::canonicalize(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut files: Vec<Arc<Notebook>> = if opened.sample {
        Vec::new()
    } else {
        opened.store.files().to_vec()
    };
    let same = |nb: &Notebook| std::fs::canonicalize(&nb.path).is_ok_and(|p| p == wanted);
    let index = match files.iter().position(|nb| same(nb)) {
        Some(i) => i,
        None => {
            let nb = Notebook::load(file).map_err(|e| format!("{}: {e}", file.display()))?;
            files.push(Arc::new(nb));
            files.len() - 1
        }
    };
    Ok((Store::new(files), index))
}

/// The reference of file `index` whose span (cue word, quoted stamp,
/// section path) covers byte `col` of `line`.
fn link_at(store: &Store, index: usize, line: u32, col: usize) -> Option<Link> {
    let nb = &store.files()[index];
    let start = if line == 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', nb.text.as_bytes()).nth(line as usize - 2)? + 1
    };
    let end = nb.text[start..]
        .find('\n')
        .map_or(nb.text.len(), |i| start + i);
    let pos = start + col - 1;
    if pos >= end {
        return None;
    }
    // The entry holding the position: the last one starting at or before it.
    let entries = nb.entries();
    let e = entries
        .partition_point(|e| e.span().start <= pos)
        .checked_sub(1)?;
    let r = nb
        .entry(e)
        .refs()
        .iter()
        .position(|r| r.span.contains(&pos))?;
    let from = store.id_of(EntryKey {
        file: index as u32,
        index: e as u32,
    })?;
    Some(Link {
        from,
        index: r,
        resolution: store.resolutions(from)[r],
    })
}

/// The contract's object.
#[derive(serde::Serialize)]
struct Answer {
    file: Option<String>,
    line: Option<u32>,
    col: Option<usize>,
    stamp: String,
    status: &'static str,
    reason: String,
}

impl Answer {
    /// `file:line:col: stamp (status)`, with the reason after the status;
    /// a dangling link is reported at its own position.
    fn plain(&self, store: &Store, link: &Link) -> String {
        let status = if self.reason.is_empty() {
            self.status.to_string()
        } else {
            format!("{}: {}", self.status, self.reason)
        };
        let at = match (&self.file, self.line, self.col) {
            (Some(_), Some(line), Some(col)) => {
                let t = link.resolution.target().map(|t| store.notebook(t));
                let file = t.map_or(String::new(), |nb| plain_path(&nb.path));
                format!("{file}:{line}:{col}")
            }
            _ => {
                let nb = store.notebook(link.from);
                let r = store.reference(link.from, link.index);
                let col = super::column(&nb.text, r.span.start);
                format!("{}:{}:{col}", plain_path(&nb.path), r.line)
            }
        };
        crate::report::for_terminal(&format!("{at}: {} ({status})", self.stamp)).into_owned()
    }
}

fn describe(store: &Store, link: &Link) -> Answer {
    let j = links::describe(store, link, &mut super::Columns::default());
    let nb = store.notebook(link.from);
    let written = nb
        .slice(&store.reference(link.from, link.index).quoted)
        .trim_matches('"')
        .to_string();
    let (Some(target), Some(line)) = (link.resolution.target(), j.target_line) else {
        return Answer {
            file: None,
            line: None,
            col: None,
            stamp: written,
            status: j.status,
            reason: j.reason.unwrap_or_default(),
        };
    };
    let tnb = store.notebook(target);
    let landing = tnb.text.split('\n').nth(line as usize - 1).unwrap_or("");
    let col = 1 + landing.len() - landing.trim_start().len();
    let (stamp, reason) = match link.resolution {
        Resolution::Approximate { minutes_off, .. } => {
            let e = store.entry(target);
            let header = tnb.text[e.span().start..].split('\n').next().unwrap_or("");
            let n = minutes_off.unsigned_abs();
            let unit = if n == 1 { "minute" } else { "minutes" };
            (header.trim().to_string(), format!("{n} {unit} off"))
        }
        _ => (written, String::new()),
    };
    Answer {
        file: Some(tnb.path.display().to_string()),
        line: Some(line),
        col: Some(col),
        stamp,
        status: j.status,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(
            parse_position("a:b.txt:3:10"),
            Some((PathBuf::from("a:b.txt"), 3, 10))
        );
        assert_eq!(parse_position("x.txt:0:1"), None);
        assert_eq!(parse_position("x.txt:1"), None);
        assert_eq!(parse_position(":1:1"), None);
        assert_eq!(parse_position("x.txt:1:0"), None, "columns count from 1");
    }

    /// A position past the end of its line is on no link, not on the next
    /// line's.
    #[test]
    fn a_position_is_on_its_own_line() {
        use crate::notebook::Notebook;
        let text = "9:05 2013-1-4\nplan\n1, ab\nsee\"9:05 2013-1-4\"\n";
        let nb = Notebook::from_bytes("a.txt", text.as_bytes());
        let store = Store::new(vec![Arc::new(nb)]);
        let found = |line, col| link_at(&store, 0, line, col).map(|k| k.index);
        assert_eq!(found(4, 1), Some(0));
        assert_eq!(found(3, 5), None, "the line `1, ab` ends at column 5");
        assert_eq!(found(3, 6), None, "column 6 is past it");
        assert_eq!(found(3, 9), None, "and column 9 too");
    }
}
