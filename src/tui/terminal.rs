//! The terminal's whole lifecycle, written once: entering (raw mode, the
//! alternate screen, mouse capture, bracketed paste), leaving, handing the
//! terminal to a child (the editor), the panic hook, signals and the hang-up
//! watchdog. Every way out of rizhi goes through [`leave`], which does its
//! work once however many paths reach it.

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::prelude::CrosstermBackend;
use ratatui::DefaultTerminal;
use std::io::stdout;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Whether the terminal is in rizhi's modes now (between [`enter`] and [`leave`]).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen, mouse capture and bracketed paste.
fn enter() -> std::io::Result<DefaultTerminal> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    ratatui::Terminal::new(CrosstermBackend::new(stdout()))
}

/// Gives the terminal back as it was before [`enter`]. Only the first call
/// after an `enter` does anything: leaving the alternate screen twice would
/// restore the cursor saved on entry, and the shell would overwrite what was
/// printed in between (a panic's message).
pub fn leave() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        let _ = disable_raw_mode();
        let _ = execute!(stdout(), LeaveAlternateScreen, Show);
    }
}

/// The exit status for a run that `signal` ended (0: the user quit).
pub fn exit_status(signal: i32) -> std::process::ExitCode {
    use std::process::ExitCode;
    if signal == 0 {
        return ExitCode::SUCCESS;
    }
    u8::try_from(128 + signal).map_or(ExitCode::FAILURE, ExitCode::from)
}

/// The browser's hold on the terminal: made by [`Session::start`], it gives
/// the terminal back when dropped, on every return path.
pub struct Session {
    stop: Arc<AtomicI32>,
}

impl Session {
    /// Starts watching signals (before anything slow, so a SIGTERM during
    /// start-up is not lost); the terminal is entered by [`Session::enter`].
    pub fn watch() -> std::io::Result<Session> {
        let stop = Arc::new(AtomicI32::new(0));
        watch_signals(Arc::clone(&stop))?;
        Ok(Session { stop })
    }

    /// Installs the panic hook, enters the terminal and starts the hang-up
    /// watchdog.
    pub fn enter(&self) -> std::io::Result<DefaultTerminal> {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave();
            hook(info);
        }));
        let terminal = enter()?;
        spawn_hangup_watchdog();
        Ok(terminal)
    }

    /// The signal that asked the browser to stop (0: none).
    pub fn stop_signal(&self) -> i32 {
        self.stop.load(Ordering::SeqCst)
    }

    /// Hands the terminal to `child` (the editor), then takes it back and
    /// clears the screen so the next frame is drawn whole.
    pub fn foreground<T>(
        &self,
        terminal: &mut DefaultTerminal,
        child: impl FnOnce() -> T,
    ) -> std::io::Result<T> {
        leave();
        let result = child();
        *terminal = enter()?;
        terminal.clear()?;
        Ok(result)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        leave();
    }
}

/// SIGTERM, SIGHUP and SIGINT ask the event loop to stop, by storing the
/// signal's number in `stop`; `run` then gives the terminal back and exits
/// with 128 + the signal's number, as a shell reports a process the signal
/// killed (143 for SIGTERM, 129 for SIGHUP). If the loop has not stopped
/// shortly after (a hung-up terminal can leave a read blocked inside
/// crossterm), this thread gives the terminal back and exits itself with that
/// status, so rizhi never lingers without a terminal.
fn watch_signals(stop: Arc<AtomicI32>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            stop.store(sig, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(300));
            leave();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// Ends the process once the terminal is gone (window closed, ssh dropped,
/// tmux killed). The event loop cannot: crossterm 0.29 retries a read that
/// returns EOF for ever inside `event::poll`, ignoring the timeout, so the
/// loop never sees SIGHUP and rizhi would spin at 100% CPU as an orphan
/// (crossterm-rs/crossterm#793). A hung-up tty stops being a terminal
/// (`tcgetattr` fails with EIO), which is what this polls for.
fn spawn_hangup_watchdog() {
    use std::io::IsTerminal;
    std::thread::spawn(|| loop {
        std::thread::sleep(Duration::from_millis(250));
        if !std::io::stdin().is_terminal() {
            // 128 + SIGHUP, as if the signal had ended us; there is no
            // terminal left to restore.
            std::process::exit(129);
        }
    });
}
