use clap::Parser;
use rizhi::cli::Cli;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(&e),
    };
    rizhi::cache::set_enabled(!cli.no_cache);
    match cli.command {
        Some(cmd) => rizhi::cli::run(cmd),
        None => match rizhi::tui::run(cli.paths, !cli.no_watch) {
            Ok(code) => code,
            Err(e) => {
                rizhi::report::warn(format_args!("{e:#}"));
                ExitCode::from(2)
            }
        },
    }
}

/// clap's message (or `--help`, `--version`) rendered to text and made
/// inert the way every message is: an argument clap echoes back
/// (`rizhi completions $'\e]0;T\a'`) never drives the terminal. Errors go to
/// stderr with exit 2; help and version to stdout with 0.
fn argument_error(e: &clap::Error) -> ExitCode {
    // Styles are off (`color = Never` on the command), so the ANSI form holds
    // exactly the text and the values echoed, escapes included.
    let text = e.render().ansi().to_string();
    // Write errors are ignored: a closed pipe (`rizhi --help | head -1`)
    // ends quietly.
    if e.use_stderr() {
        let tty = std::io::stderr().is_terminal();
        let text = if tty {
            rizhi::report::sanitize(&text)
        } else {
            text.as_str().into()
        };
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
        ExitCode::from(2)
    } else {
        let text = rizhi::report::for_terminal(&text);
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        ExitCode::SUCCESS
    }
}
