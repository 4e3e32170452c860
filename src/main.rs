use clap::Parser;
use rizhi::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
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
