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
        return say(&p.display().to_string());
    }
    if show_path {
        return say(&p.display().to_string());
    }
    if !p.exists() {
        return say(&format!(
            "no config file: rizhi would read {} (`rizhi config --init` writes a commented one)",
            p.display()
        ));
    }
    let (_, sources) = Sources::start(Vec::new(), crate::tui::CONFIG_CHECKS);
    if sources.warnings.is_empty() {
        say(&format!("{}: ok", p.display()))
    } else {
        for m in sources.warnings {
            warn(m);
        }
        ExitCode::from(1)
    }
}

/// One line on stdout, made inert for a terminal; exit 0 (or as a closed
/// pipe or a failed write ends, see [`super::io_exit`]).
fn say(line: &str) -> ExitCode {
    match super::print_line(&for_terminal(line)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::io_exit(&e),
    }
}
