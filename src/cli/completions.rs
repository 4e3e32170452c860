//! `rizhi completions SHELL` and `rizhi man`: generated from the clap
//! definitions in [`super::Cli`]. Both are rendered to memory first, so a
//! closed pipe (`rizhi man | true`) is an error we handle, not a panic.

use super::Cli;
use std::io::Write;
use std::process::ExitCode;

pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut c = <Cli as clap::CommandFactory>::command();
    let mut text = Vec::new();
    clap_complete::generate(shell, &mut c, "rizhi", &mut text);
    write_out(&text)
}

/// The man page (roff) on stdout.
pub fn man() -> ExitCode {
    let c = <Cli as clap::CommandFactory>::command();
    let mut text = Vec::new();
    match clap_mangen::Man::new(c).render(&mut text) {
        Ok(()) => write_out(&text),
        Err(e) => super::io_exit(&e),
    }
}

fn write_out(bytes: &[u8]) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::io_exit(&e),
    }
}
