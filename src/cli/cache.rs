//! `rizhi cache`: where the persistent index lives (`--path`), or remove it
//! (`--clear`). Without a flag, the folder and what it holds.

use crate::report::{for_terminal, warn};
use std::process::ExitCode;

/// 0 ok, 2 no cache folder on this system or an I/O error.
pub fn run(show_path: bool, clear: bool) -> ExitCode {
    let Some(dir) = crate::cache::dir() else {
        warn("no cache directory on this system");
        return ExitCode::from(2);
    };
    let shown = for_terminal(&dir.display().to_string()).into_owned();
    if clear {
        return match crate::cache::clear(&dir) {
            Ok(n) => {
                println!("{shown}: removed {n} index files");
                ExitCode::SUCCESS
            }
            Err(e) => {
                warn(format_args!("{shown}: {e}"));
                ExitCode::from(2)
            }
        };
    }
    if show_path {
        println!("{shown}");
        return ExitCode::SUCCESS;
    }
    let (n, bytes) = crate::cache::usage(&dir);
    println!(
        "{shown}: {n} index files, {:.1} MiB (cap {} MiB)",
        bytes as f64 / 1048576.0,
        crate::cache::CAP >> 20
    );
    ExitCode::SUCCESS
}
