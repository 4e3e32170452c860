//! The command line: `rizhi [PATH...]` browses; subcommands print to stdout and
//! never start the TUI. Exit codes: 0 ok, 1 nothing found, 2 usage or I/O error.

mod cache;
mod check;
mod completions;
mod config;
mod links;
mod onthisday;
mod search;
pub mod show;
mod stats;
mod thread;
mod todo;

use crate::config::Sources;
use crate::live::load::{self, Problem};
use crate::notebook::Stamp;
use crate::report::{for_terminal, warn};
use crate::store::{EntryId, Store};
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(
    name = "rizhi",
    version,
    about = "Browse plain-text engineering notebooks: fuzzy filter, timeline, reader, see-links",
    args_conflicts_with_subcommands = true
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
    /// Fuzzy search (fzf syntax), best first; `file:line:col: stamp  keywords`.
    Search {
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value = "keywords")]
        scope: ScopeArg,
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

/// The opened notebooks and what went wrong on the way.
pub struct Opened {
    pub store: Store,
    pub problems: Vec<Problem>,
    pub sample: bool,
}

/// Opens the given paths, else the configured ones, else the bundled sample,
/// telling on stderr what the browser would tell in its status line.
pub fn open(paths: &[PathBuf]) -> Opened {
    let (_, sources) = Sources::start(paths.to_vec(), crate::tui::CONFIG_CHECKS);
    for w in &sources.warnings {
        warn(w);
    }
    if sources.sample {
        return Opened {
            store: Store::new(vec![Arc::new(load::bundled_sample())]),
            problems: Vec::new(),
            sample: true,
        };
    }
    let (files, mut problems) = load::collect_matching(&sources.paths, sources.pattern.as_ref());
    let (notebooks, more) = load::load_all(&files);
    problems.extend(more);
    Opened {
        store: Store::new(notebooks.into_iter().map(Arc::new).collect()),
        problems,
        sample: false,
    }
}

/// Runs a subcommand; `None` means "browse" and is handled by the caller.
pub fn run(cmd: Command) -> ExitCode {
    let (paths, result) = match &cmd {
        Command::Config { path, init } => return config::run(*path, *init),
        Command::Cache { path, clear } => return cache::run(*path, *clear),
        Command::Completions { shell } => return completions::completions(*shell),
        Command::Man => return completions::man(),
        Command::Stats { paths, .. }
        | Command::Links { paths, .. }
        | Command::Search { paths, .. }
        | Command::Show { paths, .. }
        | Command::Thread { paths, .. }
        | Command::Onthisday { paths, .. }
        | Command::Check { paths, .. }
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
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            warn(e);
            2
        }
    };
    ExitCode::from(code)
}

fn dispatch(cmd: &Command, l: &Opened) -> std::io::Result<bool> {
    let out = &mut std::io::stdout().lock();
    let r = match cmd {
        Command::Stats { json, .. } => stats::run(l, *json, out),
        Command::Links { json, status, .. } => links::run(l, *json, status.as_deref(), out),
        Command::Search {
            json, scope, query, ..
        } => {
            let scope = match scope {
                ScopeArg::Keywords => crate::search::Scope::Keywords,
                ScopeArg::All => crate::search::Scope::All,
            };
            search::run(l, *json, scope, query, out)
        }
        Command::Show { json, stamp, .. } => show::run(l, *json, stamp, out),
        Command::Todo { json, .. } => todo::run(l, *json, out),
        Command::Thread { json, stamp, .. } => thread::run(l, *json, stamp, out),
        Command::Onthisday { json, date, .. } => {
            let Some(day) = onthisday::day(date.as_deref()) else {
                return Err(std::io::Error::other("bad date"));
            };
            onthisday::run(l, *json, day, out)
        }
        Command::Check { json, .. } => check::run(l, *json, out),
        Command::Config { .. }
        | Command::Cache { .. }
        | Command::Completions { .. }
        | Command::Man => Ok(true),
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

/// The 1-based byte column of `offset` on its line, for `file:line:col`.
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
            r.file, r.line, r.stamp, r.keywords
        );
        writeln!(out, "{}", for_terminal(&line))?;
    }
    Ok(())
}
