//! The command line: `rizhi [PATH...]` browses; subcommands print to stdout and
//! never start the TUI. Exit codes: 0 ok, 1 nothing found, 2 usage or I/O error.

mod cache;
mod check;
mod completions;
mod config;
mod keywords;
mod links;
mod new;
mod onthisday;
mod open;
mod pick;
mod resolve;
mod search;
pub mod show;
mod stats;
mod thread;
mod todo;

use open::search_keywords;
pub use open::{open, Opened};

use crate::notebook::Stamp;
use crate::report::{for_terminal, warn};
use crate::store::{EntryId, Store};
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "rizhi",
    version,
    about = "Browse plain-text engineering notebooks: fuzzy filter, timeline, reader, see-links",
    args_conflicts_with_subcommands = true,
    // Plain messages: main shows them through the sanitiser, where styling
    // escapes would be made visible too.
    color = clap::ColorChoice::Never
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Notebook files or folders (folders are searched for *.txt). Without any,
    /// the bundled sample notebook is shown.
    pub paths: Vec<PathBuf>,
    /// Do not reload notebooks that change on disk while the browser is open.
    #[arg(long)]
    pub no_watch: bool,
    /// Neither read nor write the persistent index (parse every notebook).
    #[arg(long, global = true)]
    pub no_cache: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Counts: entries, date range, references by status, top keywords, files.
    Stats {
        #[arg(long)]
        json: bool,
        paths: Vec<PathBuf>,
    },
    /// Every reference: where it is, where it points, how it resolved and why.
    Links {
        #[arg(long)]
        json: bool,
        #[arg(long, value_parser = ["exact", "approximate", "dangling"])]
        status: Option<String>,
        paths: Vec<PathBuf>,
    },
    /// Fuzzy search (fzf syntax, pinyin, `@2012-01..` date ranges), best first,
    /// as the filter ranks; `file:line:col: stamp  keywords`.
    Search {
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value = "keywords")]
        scope: ScopeArg,
        #[command(flatten)]
        opts: search::Opts,
        query: String,
        paths: Vec<PathBuf>,
    },
    /// Print one entry: `rizhi show "16:50 2013-1-4"5-1)` starts at item 5, sub-item 1.
    Show {
        #[arg(long)]
        json: bool,
        stamp: String,
        paths: Vec<PathBuf>,
    },
    /// Every keyword: `count  keyword  last use  sparkline of its use per month`.
    Keywords {
        #[arg(long)]
        json: bool,
        #[arg(long, value_parser = ["count", "name", "last"], default_value = "count")]
        sort: String,
        paths: Vec<PathBuf>,
    },
    /// Every `\todo` / `\TODO` mark with its entry and line.
    Todo {
        #[arg(long)]
        json: bool,
        paths: Vec<PathBuf>,
    },
    /// Every entry reachable from STAMP through see-links, either way, in time order.
    Thread {
        #[arg(long)]
        json: bool,
        /// Only entries at most N links away.
        #[arg(long, value_name = "N")]
        depth: Option<usize>,
        stamp: String,
        paths: Vec<PathBuf>,
    },
    /// Entries written on this month and day in earlier years, newest first.
    Onthisday {
        #[arg(long)]
        json: bool,
        /// The day to look back from (`2014-3-5`); today when absent.
        #[arg(long)]
        date: Option<String>,
        paths: Vec<PathBuf>,
    },
    /// Link problems: dangling, approximate (typos), ambiguous, unquoted stamps.
    /// Exit status 1 when anything is found (for a git hook).
    Check {
        #[arg(long)]
        json: bool,
        paths: Vec<PathBuf>,
    },
    /// Where the config file is (`--path`), or write a commented default (`--init`).
    Config {
        #[arg(long)]
        path: bool,
        #[arg(long)]
        init: bool,
    },
    /// Choose an entry in the browser, drawn on the terminal; print it on
    /// stdout (`file:line` by default). Esc or Ctrl-c: nothing, status 130.
    Pick {
        #[arg(long, value_enum, default_value = "location")]
        print: pick::PrintArg,
        /// Put into the Filter at the start.
        query: Option<String>,
        paths: Vec<PathBuf>,
    },
    /// Append a header stamped now to FILE (else the newest configured
    /// notebook, or a new file for this month) and open $VISUAL/$EDITOR on it.
    New {
        /// Print `file:line` instead of opening the editor.
        #[arg(long)]
        no_edit: bool,
        file: Option<PathBuf>,
    },
    /// The see-link at FILE:LINE:COL (1-based, COL in bytes) and where it lands.
    Resolve {
        #[arg(long)]
        json: bool,
        /// FILE:LINE:COL; FILE is always loaded, with PATHs (else the config's).
        position: String,
        paths: Vec<PathBuf>,
    },
    /// Where the persistent index is (`--path`), or remove it (`--clear`).
    Cache {
        #[arg(long, conflicts_with = "clear")]
        path: bool,
        #[arg(long)]
        clear: bool,
    },
    /// Print shell completions.
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff).
    Man,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum ScopeArg {
    Keywords,
    All,
}

/// Runs a subcommand; `None` means "browse" and is handled by the caller.
pub fn run(cmd: Command) -> ExitCode {
    let (paths, result) = match &cmd {
        Command::Config { path, init } => return config::run(*path, *init),
        Command::Cache { path, clear } => return cache::run(*path, *clear),
        Command::Completions { shell } => return completions::completions(*shell),
        Command::Man => return completions::man(),
        Command::Pick {
            print,
            query,
            paths,
        } => return pick::run(*print, query.clone(), paths.clone()),
        Command::New { no_edit, file } => return new::run(file.as_deref(), *no_edit),
        Command::Resolve {
            json,
            position,
            paths,
        } => return resolve::run(position, *json, paths),
        Command::Search {
            json,
            scope: ScopeArg::Keywords,
            opts,
            query,
            paths,
        } => search_keywords(paths, *json, opts, query),
        Command::Stats { paths, .. }
        | Command::Links { paths, .. }
        | Command::Search { paths, .. }
        | Command::Show { paths, .. }
        | Command::Thread { paths, .. }
        | Command::Onthisday { paths, .. }
        | Command::Check { paths, .. }
        | Command::Keywords { paths, .. }
        | Command::Todo { paths, .. } => {
            let opened = open(paths);
            for p in &opened.problems {
                warn(p);
            }
            (opened.problems.len(), dispatch(&cmd, &opened))
        }
    };
    let code = match result {
        Ok(found) => {
            if paths > 0 {
                2
            } else if found {
                0
            } else {
                1
            }
        }
        Err(e) => return io_exit(&e),
    };
    ExitCode::from(code)
}

/// The exit for an output error: a closed pipe (`rizhi man | head`) ends
/// quietly with 0, as ripgrep does; anything else is reported, 2.
pub fn io_exit(e: &std::io::Error) -> ExitCode {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return ExitCode::SUCCESS;
    }
    warn(e);
    ExitCode::from(2)
}

/// Writes `line` and a newline to stdout, flushed (errors returned, never a
/// panic as `println!` would on a closed pipe).
pub fn print_line(line: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()
}

/// A file name for the `file` part of a plain `file:line:col:` line: line
/// breaks are written `\n` and `\r` (other backslashes stay as they are),
/// so a name can never split the line.
pub fn plain_path(p: &std::path::Path) -> String {
    plain_name(&p.display().to_string()).into_owned()
}

/// [`plain_path`] of a name already made a string.
pub fn plain_name(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\n', '\r']) {
        return s.into();
    }
    s.replace('\n', "\\n").replace('\r', "\\r").into()
}

/// One `file:line:col: rest` line of plain output, the form vim's quickfix
/// reads, drawn inertly when stdout is a terminal.
pub fn write_located(
    out: &mut impl std::io::Write,
    file: &str,
    line: impl std::fmt::Display,
    col: impl std::fmt::Display,
    rest: std::fmt::Arguments,
) -> std::io::Result<()> {
    let text = format!("{}:{line}:{col}: {rest}", plain_name(file));
    writeln!(out, "{}", for_terminal(&text))
}

fn dispatch(cmd: &Command, l: &Opened) -> std::io::Result<bool> {
    let out = &mut std::io::stdout().lock();
    let r = match cmd {
        Command::Stats { json, .. } => stats::run(l, *json, out),
        Command::Links { json, status, .. } => links::run(l, *json, status.as_deref(), out),
        Command::Search {
            json,
            scope,
            opts,
            query,
            ..
        } => {
            let scope = match scope {
                ScopeArg::Keywords => crate::search::Scope::Keywords,
                ScopeArg::All => crate::search::Scope::All,
            };
            search::run(l, *json, scope, opts, query, out).map(|f| f.unwrap_or(false))
        }
        Command::Show { json, stamp, .. } => show::run(l, *json, stamp, out),
        Command::Todo { json, .. } => todo::run(l, *json, out),
        Command::Thread {
            json, depth, stamp, ..
        } => thread::run(l, *json, *depth, stamp, out),
        Command::Onthisday { json, date, .. } => {
            let Some(day) = onthisday::day(date.as_deref()) else {
                return Err(std::io::Error::other("bad date"));
            };
            onthisday::run(l, *json, day, out)
        }
        Command::Check { json, .. } => check::run(l, *json, out),
        Command::Keywords { json, sort, .. } => {
            let order = crate::store::keywords::KeywordSort::parse(sort).unwrap_or_default();
            keywords::run(l, *json, order, out)
        }
        Command::Config { .. }
        | Command::Cache { .. }
        | Command::Completions { .. }
        | Command::Man
        | Command::Pick { .. }
        | Command::New { .. }
        | Command::Resolve { .. } => Ok(true),
    };
    out.flush()?;
    r
}

pub fn json_stamp(s: Option<Stamp>) -> serde_json::Value {
    s.map_or(serde_json::Value::Null, |s| s.to_string().into())
}

pub fn print_json(out: &mut impl Write, v: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v)?;
    writeln!(out)
}

/// Columns of many offsets in the same files: each file's line starts are
/// found once, then each column is a binary search (a line with 100,000
/// links costs what 100,000 lines do, not their square).
#[derive(Default)]
pub struct Columns {
    /// Line starts by the address of the notebook's text.
    starts: std::collections::HashMap<usize, Vec<usize>>,
}

impl Columns {
    /// The 1-based byte column of `offset` in `text`, as [`column`].
    pub fn of(&mut self, text: &str, offset: usize) -> usize {
        let starts = self
            .starts
            .entry(text.as_ptr() as usize)
            .or_insert_with(|| {
                std::iter::once(0)
                    .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                    .collect()
            });
        let offset = offset.min(text.len());
        let line = starts.partition_point(|&s| s <= offset) - 1;
        offset - starts[line] + 1
    }
}

/// The 1-based byte column of `offset` on its line, for `file:line:col`
/// (for one offset; many go through [`Columns`]).
pub fn column(text: &str, offset: usize) -> usize {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    offset - start + 1
}

/// One entry in the lists of `thread` and `onthisday`.
#[derive(Serialize)]
struct EntryJson {
    stamp: String,
    file: String,
    line: u32,
    keywords: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    depth: Option<usize>,
}

fn entry_json(store: &Store, id: EntryId, depth: Option<usize>) -> EntryJson {
    EntryJson {
        stamp: store.entry(id).stamp.to_string(),
        file: store.notebook(id).path.display().to_string(),
        line: store.entry(id).line,
        keywords: store.title(id).to_string(),
        depth,
    }
}

/// `file:line:1: stamp  keywords` (indented by depth), or the JSON array.
fn print_entries(out: &mut impl Write, rows: &[EntryJson], json: bool) -> std::io::Result<()> {
    if json {
        return print_json(out, &rows);
    }
    for r in rows {
        let indent = "  ".repeat(r.depth.unwrap_or(0).min(8));
        let depth = r.depth.map_or(String::new(), |d| format!("[{d}] "));
        let line = format!(
            "{}:{}:1: {}  {indent}{depth}{}",
            plain_name(&r.file),
            r.line,
            r.stamp,
            r.keywords
        );
        writeln!(out, "{}", for_terminal(&line))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_agree_with_column_everywhere() {
        let text = "ab\n\n读c\nxyz";
        let mut cols = Columns::default();
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            assert_eq!(cols.of(text, offset), column(text, offset), "{offset}");
        }
        assert_eq!(cols.of(text, 9), 1, "line 4 starts after 读c's newline");
        assert_eq!(cols.of("", 0), 1);
    }
}
