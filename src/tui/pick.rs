//! `rizhi pick`: the browser as a chooser. It draws on the controlling
//! terminal (`/dev/tty`) so stdout stays free for the choice:
//! `$(rizhi pick --print link)` and vim's `:r !rizhi pick --print link`
//! work. Enter (Filter, Timeline or Reader) chooses: the choice is printed
//! after the screen is given back, status 0. Esc in the Filter, `q` or
//! Ctrl-c leave without a choice: nothing printed, status 130 (as fzf).
//! The session state of the browser is neither restored nor saved.

use super::cite::{self, Print};
use super::{start, terminal};
use anyhow::Context as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The exit status of a pick left without a choice.
pub const CANCELLED: u8 = 130;

/// Runs the chooser over `paths` (else the configured notebooks), the
/// Filter holding `query`.
pub fn run(paths: Vec<PathBuf>, query: Option<String>, how: Print) -> anyhow::Result<ExitCode> {
    terminal::use_tty().context("rizhi pick draws on the terminal (/dev/tty): none to open")?;
    let session = terminal::Session::watch()?;
    let mut started = start(paths, true, false);
    started.app.pick = true;
    if let Some(q) = query.filter(|q| !q.is_empty()) {
        started.app.filter.query = q;
        started.app.query_changed();
    }
    started.show(&session)??;
    let app = started.app;
    let signal = session.stop_signal();
    if signal != 0 {
        return Ok(terminal::exit_status(signal));
    }
    let Some(choice) = app.requests.chosen else {
        return Ok(ExitCode::from(CANCELLED));
    };
    let line = cite::print(&app.store, choice, how);
    // A file name could hold control characters: harmless in a pipe, shown
    // in visible form when stdout is a terminal.
    let line = crate::report::for_terminal(&line);
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{line}").and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.into()),
    }
}
