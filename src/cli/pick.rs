//! `rizhi pick`: the browser as a chooser on the terminal, the choice on
//! stdout (see [`crate::tui::pick`]).

use crate::report::warn;
use crate::tui::cite::Print;
use std::path::PathBuf;
use std::process::ExitCode;

/// What `--print` takes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default)]
pub enum PrintArg {
    /// `file:line`.
    #[default]
    Location,
    /// The entry's stamp, spelled as its notebook spells stamps.
    Stamp,
    /// A see-link (`see"16:50 2013-1-4"5-1)`), with the section path of the line chosen.
    Link,
    /// One JSON object: file, line, stamp, link, keywords.
    Json,
}

pub fn run(print: PrintArg, query: Option<String>, paths: Vec<PathBuf>) -> ExitCode {
    let how = match print {
        PrintArg::Location => Print::Location,
        PrintArg::Stamp => Print::Stamp,
        PrintArg::Link => Print::Link,
        PrintArg::Json => Print::Json,
    };
    match crate::tui::pick::run(paths, query, how) {
        Ok(code) => code,
        Err(e) => {
            warn(format_args!("{e:#}"));
            ExitCode::from(2)
        }
    }
}
