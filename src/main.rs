use clap::Parser;
use rizhi::cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(cmd) => rizhi::cli::run(cmd),
        None => rizhi::cli::run(Command::Stats {
            json: false,
            paths: cli.paths,
        }),
    }
}
