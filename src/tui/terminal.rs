//! The terminal's whole lifecycle, written once: entering (raw mode, the
//! alternate screen, mouse capture, bracketed paste), leaving, handing the
//! terminal to a child (the editor), the panic hook, signals and the hang-up
//! watchdog. Every way out of rizhi goes through [`leave`], which does its
//! work once however many paths reach it.
//!
//! The screen is stdout, or for `rizhi pick` the controlling terminal
//! (`/dev/tty`, see [`use_tty`]) so stdout stays free for the choice. Every
//! escape rizhi writes goes through [`Out`], which picks between the two.

use super::state::{self, State};
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::prelude::CrosstermBackend;
use signal_hook::consts::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGSTOP, SIGTERM, SIGTSTP, SIGUSR1,
};
use std::fs::File;
use std::io::{stdout, BufWriter, Write};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The terminal the browser draws on (see [`Out`]).
pub type Term = ratatui::Terminal<CrosstermBackend<BufWriter<Out>>>;

/// The controlling terminal, once [`use_tty`] opened it: then the screen.
static TTY: OnceLock<File> = OnceLock::new();

/// Draws on `/dev/tty` instead of stdout from now on (for `rizhi pick`,
/// whose stdout is a pipe or a file). crossterm reads keys and sets raw mode
/// on `/dev/tty` by itself when stdin is not a terminal, and on stdin (the
/// same terminal) when it is.
pub fn use_tty() -> std::io::Result<()> {
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")?;
    let _ = TTY.set(f);
    Ok(())
}

/// The terminal file when drawing on `/dev/tty` (children such as the
/// editor get it as their stdin, stdout and stderr).
pub fn tty() -> Option<&'static File> {
    TTY.get()
}

/// Where every escape goes: the tty once [`use_tty`] opened it, else stdout.
pub struct Out;

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match TTY.get() {
            Some(mut f) => f.write(buf),
            None => stdout().write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match TTY.get() {
            Some(mut f) => f.flush(),
            None => stdout().flush(),
        }
    }
}

/// Whether the screen is still a terminal (a hung-up tty stops being one).
fn screen_is_terminal() -> bool {
    use std::io::IsTerminal;
    match TTY.get() {
        Some(f) => f.is_terminal(),
        None => std::io::stdin().is_terminal(),
    }
}

/// Whether the terminal is in rizhi's modes now (between [`enter`] and [`leave`]).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen, mouse capture and bracketed paste.
fn enter() -> std::io::Result<Term> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        Out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    ratatui::Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
        1 << 14,
        Out,
    )))
}

/// Gives the terminal back as it was before [`enter`]. Only the first call
/// after an `enter` does anything: leaving the alternate screen twice would
/// restore the cursor saved on entry, and the shell would overwrite what was
/// printed in between (a panic's message).
pub fn leave() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = execute!(Out, DisableMouseCapture, DisableBracketedPaste);
        let _ = disable_raw_mode();
        let _ = execute!(Out, LeaveAlternateScreen, Show);
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

/// What the signal thread, the watchdog and the event loop share.
#[derive(Default)]
struct Shared {
    /// The signal that asked the browser to stop (0: none).
    stop: AtomicI32,
    /// A stopping signal that arrived while a child had the terminal.
    held: AtomicI32,
    /// A child (the editor) has the terminal.
    child: AtomicBool,
    /// SIGTSTP: the loop should suspend.
    suspend: AtomicBool,
    /// SIGCONT: the loop should redraw the whole screen.
    redraw: AtomicBool,
    /// The latest session state, saved if rizhi ends from another thread.
    last: Mutex<Option<State>>,
}

impl Shared {
    /// Saves the latest session state (a hang-up: there is no one to tell).
    fn save_last(&self) {
        let last = self.last.lock().ok().and_then(|mut g| g.take());
        if let Some(s) = last {
            let _ = state::save(&s);
        }
    }
}

/// The browser's hold on the terminal: made by [`Session::watch`], it gives
/// the terminal back when dropped, on every return path.
pub struct Session {
    shared: Arc<Shared>,
}

impl Session {
    /// Starts watching signals (before anything slow, so a SIGTERM during
    /// start-up is not lost); the terminal is entered by [`Session::enter`].
    pub fn watch() -> std::io::Result<Session> {
        let shared = Arc::new(Shared::default());
        watch_signals(Arc::clone(&shared))?;
        Ok(Session { shared })
    }

    /// Installs the panic hook, enters the terminal and starts the hang-up
    /// watchdog.
    pub fn enter(&self) -> std::io::Result<Term> {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave();
            hook(info);
        }));
        let terminal = enter()?;
        spawn_hangup_watchdog(Arc::clone(&self.shared));
        Ok(terminal)
    }

    /// The signal that asked the browser to stop (0: none).
    pub fn stop_signal(&self) -> i32 {
        self.shared.stop.load(Ordering::SeqCst)
    }

    /// Keeps `s` as the state to save if rizhi ends on a hang-up.
    pub fn remember(&self, s: State) {
        if let Ok(mut g) = self.shared.last.lock() {
            *g = Some(s);
        }
    }

    /// Hands the terminal to `child` (the editor), then takes it back and
    /// clears the screen so the next frame is drawn whole. While the child
    /// runs, SIGINT is the child's (the tty sends it to both; rizhi drops
    /// it), and SIGTERM, SIGHUP and the others are held: once the child has
    /// exited they stop the browser (the terminal is then not re-entered).
    pub fn foreground<T>(
        &self,
        terminal: &mut Term,
        child: impl FnOnce() -> T,
    ) -> std::io::Result<T> {
        leave();
        self.shared.child.store(true, Ordering::SeqCst);
        let result = child();
        self.shared.child.store(false, Ordering::SeqCst);
        let held = self.shared.held.swap(0, Ordering::SeqCst);
        if held != 0 {
            self.shared.stop.store(held, Ordering::SeqCst);
            return Ok(result);
        }
        *terminal = enter()?;
        terminal.clear()?;
        Ok(result)
    }

    /// Ctrl-z or SIGTSTP: gives the terminal back, stops the process as the
    /// shell expects (SIGSTOP), and once continued enters and redraws.
    pub fn suspend(&self, terminal: &mut Term) -> std::io::Result<()> {
        self.shared.suspend.store(false, Ordering::SeqCst);
        leave();
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
        self.shared.redraw.store(false, Ordering::SeqCst);
        *terminal = enter()?;
        terminal.clear()
    }

    /// Whether SIGTSTP asked for a suspend.
    pub fn suspend_asked(&self) -> bool {
        self.shared.suspend.load(Ordering::SeqCst)
    }

    /// Whether SIGCONT arrived since the last call (the screen may have been
    /// changed by whoever had the terminal meanwhile).
    pub fn take_redraw(&self) -> bool {
        self.shared.redraw.swap(false, Ordering::SeqCst)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        leave();
    }
}

/// The signals that end rizhi (after giving the terminal back), with status
/// 128 + the signal's number, as a shell reports a process the signal killed.
const STOPPING: [i32; 6] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGALRM];

/// SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1 and SIGALRM ask the event loop
/// to stop, by storing the signal's number; `run` then gives the terminal
/// back and exits with 128 + it (143 for SIGTERM, 129 for SIGHUP). If the
/// loop has not stopped shortly after (a hung-up terminal can leave a read
/// blocked inside crossterm), this thread saves the session state, gives
/// the terminal back and exits itself with that status, so rizhi never
/// lingers without a terminal. While the editor runs these are held (see
/// [`Session::foreground`]). SIGTSTP asks the loop to suspend (while the
/// editor runs, the editor has stopped itself: rizhi just stops too), and
/// SIGCONT to redraw.
fn watch_signals(shared: Arc<Shared>) -> std::io::Result<()> {
    let mut wanted = STOPPING.to_vec();
    wanted.extend([SIGTSTP, SIGCONT]);
    let mut signals = signal_hook::iterator::Signals::new(wanted)?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            let child = shared.child.load(Ordering::SeqCst);
            match sig {
                SIGTSTP if child => {
                    let _ = signal_hook::low_level::raise(SIGSTOP);
                }
                SIGTSTP => shared.suspend.store(true, Ordering::SeqCst),
                SIGCONT => shared.redraw.store(true, Ordering::SeqCst),
                SIGINT if child => {}
                _ if child => shared.held.store(sig, Ordering::SeqCst),
                _ => {
                    shared.stop.store(sig, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(300));
                    shared.save_last();
                    leave();
                    std::process::exit(128 + sig);
                }
            }
        }
    });
    Ok(())
}

/// Ends the process once the terminal is gone (window closed, ssh dropped,
/// tmux killed), after saving the session state. The event loop cannot:
/// crossterm 0.29 retries a read that returns EOF for ever inside
/// `event::poll`, ignoring the timeout, so the loop never sees SIGHUP and
/// rizhi would spin at 100% CPU as an orphan (crossterm-rs/crossterm#793).
/// A hung-up tty stops being a terminal (`tcgetattr` fails with EIO), which
/// is what this polls for. While the editor runs it waits: the editor gets
/// the hang-up too, and rizhi acts once it has exited.
fn spawn_hangup_watchdog(shared: Arc<Shared>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(250));
        if !screen_is_terminal() && !shared.child.load(Ordering::SeqCst) {
            shared.save_last();
            // 128 + SIGHUP, as if the signal had ended us; there is no
            // terminal left to restore.
            std::process::exit(129);
        }
    });
}
