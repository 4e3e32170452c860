//! The command line: `rizhi [PATH...]` browses; subcommands print to stdout and
//! never start the TUI. Exit codes: 0 ok, 1 nothing found, 2 usage or I/O error.

mod insight;
mod links;
mod search;
pub mod show;
mod stats;
mod todo;

use crate::live::load::{self, Problem};
use crate::notebook::Stamp;
use crate::store::Store;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
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

/// The loaded notebooks and what went wrong on the way.
pub struct Loaded {
    pub store: Store,
    pub problems: Vec<Problem>,
    pub sample: bool,
}

/// Loads the given paths, or the bundled sample when none are given.
pub fn open(paths: &[PathBuf]) -> Loaded {
    let (config, notes) = crate::config::load();
    for n in &notes {
        warn(n);
    }
    let configured;
    let paths = if paths.is_empty() {
        let (p, problems) = crate::config::notebook_paths(&config);
        for n in problems {
            warn(n);
        }
        configured = p;
        &configured[..]
    } else {
        paths
    };
    let pattern = config
        .pattern
        .as_deref()
        .and_then(|p| glob::Pattern::new(p).ok());
    if paths.is_empty() {
        return Loaded {
            store: Store::new(vec![Arc::new(load::bundled_sample())]),
            problems: Vec::new(),
            sample: true,
        };
    }
    let (files, mut problems) = load::collect_matching(paths, pattern.as_ref());
    let (notebooks, more) = load::load_all(&files);
    problems.extend(more);
    Loaded {
        store: Store::new(notebooks.into_iter().map(Arc::new).collect()),
        problems,
        sample: false,
    }
}

/// Runs a subcommand; `None` means "browse" and is handled by the caller.
pub fn run(cmd: Command) -> ExitCode {
    let (paths, result) = match &cmd {
        Command::Config { path, init } => return crate::config::cli(*path, *init),
        Command::Completions { shell } => {
            let mut c = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut c, "rizhi", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
        Command::Man => {
            let c = <Cli as clap::CommandFactory>::command();
            return match clap_mangen::Man::new(c).render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    warn(e);
                    ExitCode::from(2)
                }
            };
        }
        Command::Stats { paths, .. }
        | Command::Links { paths, .. }
        | Command::Search { paths, .. }
        | Command::Show { paths, .. }
        | Command::Thread { paths, .. }
        | Command::Onthisday { paths, .. }
        | Command::Check { paths, .. }
        | Command::Todo { paths, .. } => {
            let loaded = open(paths);
            for p in &loaded.problems {
                warn(p);
            }
            (loaded.problems.len(), dispatch(&cmd, &loaded))
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

fn dispatch(cmd: &Command, l: &Loaded) -> std::io::Result<bool> {
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
        Command::Thread { json, stamp, .. } => insight::thread(l, *json, stamp, out),
        Command::Onthisday { json, date, .. } => {
            let day = match date {
                Some(d) => match crate::notebook::stamp::parse_date(d.trim()) {
                    Some(d) => d,
                    None => {
                        warn(format_args!("--date `{d}` is not a date like 2014-3-5"));
                        return Err(std::io::Error::other("bad date"));
                    }
                },
                None => chrono::Local::now().date_naive(),
            };
            insight::on_this_day(l, *json, day, out)
        }
        Command::Check { json, .. } => insight::check(l, *json, out),
        Command::Config { .. } | Command::Completions { .. } | Command::Man => Ok(true),
    };
    out.flush()?;
    r
}

/// Text from a notebook on its way to a terminal: control characters and escape
/// sequences are made visible so a file can never drive the terminal. Into a pipe
/// the text goes unchanged.
pub fn for_terminal(s: &str) -> std::borrow::Cow<'_, str> {
    if !std::io::stdout().is_terminal() {
        return s.into();
    }
    sanitize(s)
}

/// Control characters (except newline and tab), bidi controls and
/// zero-width characters in the visible `^[` / `<U+202E>` forms the reader
/// draws (one implementation: [`crate::text::visible_text`]).
pub fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    crate::text::visible_text(s, &crate::text::WrapOptions::default())
}

/// Prints `rizhi: MESSAGE` on stderr. Messages carry file names, paths,
/// arguments and config values: when stderr is a terminal they are shown in
/// visible form, so none of them can drive it.
pub fn warn(message: impl std::fmt::Display) {
    let text = message.to_string();
    let text = if std::io::stderr().is_terminal() {
        sanitize(&text)
    } else {
        text.as_str().into()
    };
    eprintln!("rizhi: {text}");
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
