//! `rizhi completions SHELL` and `rizhi man`: generated from the clap
//! definitions in [`super::Cli`].

use super::Cli;
use std::process::ExitCode;

pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut c = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut c, "rizhi", &mut std::io::stdout());
    ExitCode::SUCCESS
}

/// The man page (roff) on stdout.
pub fn man() -> ExitCode {
    let c = <Cli as clap::CommandFactory>::command();
    match clap_mangen::Man::new(c).render(&mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            crate::report::warn(e);
            ExitCode::from(2)
        }
    }
}
