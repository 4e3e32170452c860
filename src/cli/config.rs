//! `rizhi config`: where the file is (`--path`), a commented default
//! (`--init`), or else a check that reports every problem the browser and the
//! other subcommands would (the same [`Sources`] start-up path).

use crate::config::{self, Sources};
use crate::report::{for_terminal, warn};
use std::process::ExitCode;

/// `rizhi config [--path | --init]`: 0 ok, 1 the file has problems, 2 I/O.
pub fn run(show_path: bool, init: bool) -> ExitCode {
    let Some(p) = config::path() else {
        warn("no config directory on this system");
        return ExitCode::from(2);
    };
    if init {
        if p.exists() {
            warn(format_args!("{} exists; not overwriting it", p.display()));
            return ExitCode::from(2);
        }
        let written = p
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&p, config::DEFAULT));
        if let Err(e) = written {
            warn(format_args!("{}: {e}", p.display()));
            return ExitCode::from(2);
        }
        println!("{}", for_terminal(&p.display().to_string()));
        return ExitCode::SUCCESS;
    }
    if show_path {
        println!("{}", for_terminal(&p.display().to_string()));
        return ExitCode::SUCCESS;
    }
    let (_, sources) = Sources::start(Vec::new(), crate::tui::CONFIG_CHECKS);
    if sources.warnings.is_empty() {
        println!("{}: ok", for_terminal(&p.display().to_string()));
        ExitCode::SUCCESS
    } else {
        for m in sources.warnings {
            warn(m);
        }
        ExitCode::from(1)
    }
}
