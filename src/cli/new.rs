//! `rizhi new [FILE]`: append a header for now, then open the editor on it.
//! The one subcommand that writes, and only through
//! [`crate::notebook::append::append_entry`] (append-only).
//!
//! Without FILE the notebook is chosen among the configured ones: the newest
//! by the stamp of its last entry (ties: the later file name). When that file
//! is named by the config's `pattern` with a month in place of its `*`
//! (`log201301.txt` for `log*.txt`) and the month is not this one, a new
//! file for this month is started next to it (`log202507.txt`).

use crate::config::{Config, Sources};
use crate::notebook::append::{self, append_entry, Appended};
use crate::notebook::Notebook;
use crate::report::{for_terminal, warn};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `rizhi new [--no-edit] [FILE]`: 0 written (or found) and edited, 2 refused.
pub fn run(file: Option<&Path>, no_edit: bool) -> ExitCode {
    let now = chrono::Local::now().naive_local();
    let (config, sources) = Sources::start(Vec::new(), crate::tui::CONFIG_CHECKS);
    for w in &sources.warnings {
        warn(w);
    }
    let target = match file {
        Some(f) => f.to_path_buf(),
        None => match choose(now, &config, &sources) {
            Ok(p) => p,
            Err(msg) => {
                warn(msg);
                return ExitCode::from(2);
            }
        },
    };
    let done = match append_entry(&target, now) {
        Ok(a) => a,
        Err(e) => {
            warn(e);
            return ExitCode::from(2);
        }
    };
    tell(&done);
    if no_edit {
        let at = format!("{}:{}", super::plain_path(&done.path), done.line);
        return match super::print_line(&at) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => super::io_exit(&e),
        };
    }
    edit(&done.path, done.line, config.editor.as_deref())
}

/// What happened, on stderr: which file and line.
fn tell(a: &Appended) {
    let at = format!("{}:{}", a.path.display(), a.line);
    if !a.appended {
        warn(format_args!(
            "{at}: an entry stamped {} is already there; opening it",
            a.header
        ));
    } else if a.created {
        warn(format_args!("{at}: created, with the header {}", a.header));
    } else {
        warn(format_args!("{at}: appended the header {}", a.header));
    }
}

/// Opens `$VISUAL`/`$EDITOR` on `path` at `line`; its failure is ours (2).
fn edit(path: &Path, line: u32, configured: Option<&str>) -> ExitCode {
    // A relative name starting with `-` or `+` reaches the editor as `./name`
    // (`editor::command` sees to it), so it never reads as an option.
    let editor = crate::tui::editor::chosen(configured);
    let mut cmd = match crate::tui::editor::command(&editor, path, line) {
        Ok(c) => c,
        Err(e) => {
            warn(e);
            return ExitCode::from(2);
        }
    };
    match cmd.status() {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => {
            warn(format_args!("the editor `{editor}` exited with {s}"));
            ExitCode::from(2)
        }
        Err(e) => {
            warn(format_args!("cannot run the editor `{editor}`: {e}"));
            ExitCode::from(2)
        }
    }
}

/// The notebook `rizhi new` writes to when no FILE is given (see the module
/// documentation), or why there is none.
fn choose(now: NaiveDateTime, config: &Config, sources: &Sources) -> Result<PathBuf, String> {
    if sources.sample {
        return Err("no notebooks configured: give a FILE (`rizhi new log.txt`) or set `notebooks` in the config file (`rizhi config --path`)".into());
    }
    let pattern = config.pattern.clone().unwrap_or_else(|| "*.txt".into());
    let (files, _) = crate::live::load::collect_matching(&sources.paths, sources.pattern.as_ref());
    let newest = files
        .iter()
        .filter_map(|f| {
            let nb = Notebook::load(f).ok()?;
            Some((nb.entries().last()?.stamp, f.clone()))
        })
        .max_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.file_name().cmp(&b.1.file_name()))
        });
    let today = now.date();
    if let Some((_, path)) = newest {
        return Ok(match month_of(&path, &pattern) {
            Some(m) if (m.year(), m.month()) != (today.year(), today.month()) => {
                let folder = path.parent().unwrap_or(Path::new("."));
                append::month_file(folder, &pattern, today).map_err(|e| e.to_string())?
            }
            _ => path,
        });
    }
    // No notebook with an entry yet: this month's file in the first folder.
    let folder = sources.paths.iter().find(|p| p.is_dir()).ok_or_else(|| {
        format!(
            "no notebook with an entry in {}, and no folder to start one in: give a FILE",
            for_terminal(
                &sources
                    .paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        )
    })?;
    append::month_file(folder, &pattern, today).map_err(|e| e.to_string())
}

/// The month in a file name made from `pattern` (`log201301.txt` for
/// `log*.txt`: 2013-01), if the name is one.
fn month_of(path: &Path, pattern: &str) -> Option<NaiveDate> {
    let name = path.file_name()?.to_str()?;
    let (pre, post) = pattern.split_once('*')?;
    let mid = name.strip_prefix(pre)?.strip_suffix(post)?;
    if mid.len() != 6 || !mid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(mid[..4].parse().ok()?, mid[4..].parse().ok()?, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_in_a_pattern_name() {
        let m = |n: &str, p: &str| month_of(Path::new(n), p).map(|d| d.to_string());
        assert_eq!(
            m("/n/log201301.txt", "log*.txt").as_deref(),
            Some("2013-01-01")
        );
        assert_eq!(m("log201301.txt", "*.txt").as_deref(), None);
        assert_eq!(m("201313.txt", "*.txt"), None);
        assert_eq!(m("notes.txt", "log*.txt"), None);
        assert_eq!(m("202507.txt", "*.txt").as_deref(), Some("2025-07-01"));
    }
}
