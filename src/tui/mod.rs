//! The terminal browser: three panes over the store, fed by [`crate::live`],
//! and one terminal lifecycle that always gives the terminal back.

pub mod action;
pub mod app;
pub mod doc;
pub mod editor;
pub mod history;
pub mod keymap;
pub mod lists;
pub mod reload;
pub mod state;
pub mod theme;
pub mod ui;
pub mod views;

use crate::live::{self, Update};
use crate::notebook::Notebook;
use crate::search::LiveSearch;
use crate::store::Store;
use app::{App, Options};
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A browser over notebooks that are already loaded, with every entry matched
/// synchronously: what tests and small inputs use.
pub fn open(notebooks: Vec<Notebook>, opts: Options) -> App {
    let search = LiveSearch::new(Arc::new(|| {}));
    let injector = search.injector();
    let files: Vec<Arc<Notebook>> = notebooks.into_iter().map(Arc::new).collect();
    for (i, nb) in files.iter().enumerate() {
        LiveSearch::inject(&injector, i as u32, nb);
    }
    let mut app = App::new(Arc::new(Store::new(files)), search, opts);
    app.settle();
    app
}

/// SIGTERM, SIGHUP and SIGINT ask the event loop to stop, by storing the
/// signal's number in `stop`; [`run`] then gives the terminal back and exits
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
            let _ = execute!(
                std::io::stdout(),
                DisableMouseCapture,
                DisableBracketedPaste
            );
            ratatui::restore();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

impl App {
    /// The start-up note: what was written on this day in earlier years.
    pub fn greet(&mut self) {
        let n = crate::analysis::on_this_day(&self.store, self.opts.now.date()).len();
        if n > 0 {
            self.message = Some(format!(
                "on this day ({}): {n} entries from earlier years · o shows them",
                self.opts.now.date().format("%m-%d")
            ));
        }
    }
}

/// Undoes what rizhi enabled beyond ratatui's own setup, even on an early return.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        // On a panic the hook has already restored the terminal and printed
        // the message. Leaving the alternate screen twice would restore the
        // cursor saved on entry, and the shell would overwrite the message.
        if std::thread::panicking() {
            return;
        }
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        ratatui::restore();
    }
}

/// The exit status for a run that `signal` ended (0: the user quit).
fn exit_status(signal: i32) -> std::process::ExitCode {
    use std::process::ExitCode;
    if signal == 0 {
        return ExitCode::SUCCESS;
    }
    u8::try_from(128 + signal).map_or(ExitCode::FAILURE, ExitCode::from)
}

/// Runs the browser until the user quits (status 0) or SIGTERM / SIGHUP /
/// SIGINT arrive (128 + the signal's number), the terminal restored either way.
/// With `watch`, notebooks changed on disk are reloaded live (not the bundled
/// sample).
pub fn run(paths: Vec<PathBuf>, watch: bool) -> anyhow::Result<std::process::ExitCode> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the browser needs a terminal; for scripts use a subcommand (rizhi stats, search, show, links, todo — see rizhi --help)"
        );
    }
    let stop = Arc::new(AtomicI32::new(0));
    watch_signals(Arc::clone(&stop))?;
    let (config, mut notes) = crate::config::load();
    let paths = if paths.is_empty() {
        let (p, problems) = crate::config::notebook_paths(&config);
        notes.extend(problems);
        p
    } else {
        paths
    };
    let pattern = match config.pattern.as_deref().map(glob::Pattern::new) {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            notes.push(format!("pattern: {e}"));
            None
        }
        None => None,
    };
    let mut timings = Timings::from_env();
    let search = LiveSearch::new(Arc::new(|| {}));
    let sample = paths.is_empty();
    let (store, rx) = if sample {
        let nb = Arc::new(live::load::bundled_sample());
        LiveSearch::inject(&search.injector(), 0, &nb);
        // Nothing to load or watch: a channel that stays empty.
        let (_, rx) = std::sync::mpsc::channel();
        (Arc::new(Store::new(vec![nb])), rx)
    } else {
        let rx = live::spawn(paths, pattern, search.injector(), watch);
        (Arc::new(Store::default()), rx)
    };
    let opts = Options {
        now: chrono::Local::now().naive_local(),
        theme: theme::Theme::from_env(&config.theme),
        wrap: crate::text::WrapOptions {
            ambiguous_wide: config.ambiguous_width == Some(2),
            tab_width: config.tab_width.map_or(8, usize::from),
            ..crate::text::WrapOptions::default()
        },
        sample,
    };
    let mut app = App::new(store, search, opts);
    crate::config::apply_keys(&config, &mut app.keymap);
    if config.pinyin == Some(false) {
        app.search.set_pinyin(false);
    }
    let (remembered, warning) = state::load();
    notes.extend(warning);
    if let (Some(file), Some(line)) = (remembered.file.clone(), remembered.line) {
        app.restore_to = Some((file, line, remembered.scroll));
    }
    app.state = remembered;
    app.on_store(Arc::clone(&app.store));
    if !notes.is_empty() {
        app.message = Some(notes.join("; "));
    } else if sample {
        app.message = Some("no notebook given or configured: showing the bundled sample (rizhi config --init to set yours)".into());
    } else if !app.store.is_empty() {
        app.greet();
    }
    let mut terminal = ratatui::try_init()?;
    let _guard = TerminalGuard;
    // ratatui's hook restores raw mode and the alternate screen; mouse capture
    // and bracketed paste are ours to undo before the message prints.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        hook(info);
    }));
    execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    spawn_hangup_watchdog();
    let result = event_loop(&mut app, &mut terminal, &rx, &stop, &mut timings);
    if let Err(e) = state::save(&app.snapshot_state()) {
        eprintln!("rizhi: could not save the session state: {e}");
    }
    result.map(|()| exit_status(stop.load(Ordering::SeqCst)))
}

/// Suspends the screen, runs the editor, and comes back.
fn edit(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    path: &std::path::Path,
    line: u32,
) -> anyhow::Result<()> {
    let editor = editor::from_env();
    let mut cmd = match editor::command(&editor, path, line) {
        Ok(c) => c,
        Err(e) => {
            app.message = Some(e);
            return Ok(());
        }
    };
    execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste
    )?;
    ratatui::restore();
    let status = cmd.status();
    *terminal = ratatui::try_init()?;
    execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    terminal.clear()?;
    app.message = Some(match status {
        Ok(s) if s.success() => format!("back from {editor}"),
        Ok(s) => format!("{editor} exited with {s}"),
        Err(e) => format!("could not run {editor}: {e}"),
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

fn event_loop(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    rx: &Receiver<Update>,
    stop: &AtomicI32,
    timings: &mut Timings,
) -> anyhow::Result<()> {
    // Test hook (tests/terminal_safety.rs): `RIZHI_TEST_PANIC=1` panics on the
    // first key, to prove a panic gives the terminal back.
    let panic_on_key = std::env::var_os("RIZHI_TEST_PANIC").is_some_and(|v| v == "1");
    let mut loading = true;
    // A frame is drawn when something may have changed: a message, input,
    // a new terminal size, and while (and once after) loading or matching.
    // An idle browser polls often, so a live reload shows at once, but
    // draws nothing.
    let mut dirty = true;
    let mut was_busy = false;
    let mut drawn_size = None;
    loop {
        while let Ok(msg) = rx.try_recv() {
            dirty = true;
            loading &= !matches!(msg, Update::Done);
            let reload = match &msg {
                Update::Reload(r) => Some(r.took),
                _ => None,
            };
            let swap = Instant::now();
            app.on_update(msg);
            if let Some(took) = reload {
                timings.reload(swap, took);
            }
        }
        let matching = app.tick();
        let busy = matching || app.loading.is_some();
        let size = terminal.size()?;
        if dirty || busy || was_busy || drawn_size != Some(size) {
            app.prepare(ratatui::layout::Rect::new(0, 0, size.width, size.height));
            terminal.draw(|f| ui::render(app, f))?;
            timings.frame(app, loading, matching);
            drawn_size = Some(size);
        }
        dirty = false;
        was_busy = busy;
        if app.quit || stop.load(Ordering::Relaxed) != 0 {
            return Ok(());
        }
        if let Some((path, line)) = app.edit.take() {
            edit(app, terminal, &path, line)?;
            dirty = true;
            continue;
        }
        // Until the first files arrive, look for them often: the first frame
        // with entries must not wait for a key or a long poll.
        let wait = if loading && app.store.is_empty() {
            Duration::from_millis(4)
        } else if busy {
            Duration::from_millis(16)
        } else {
            Duration::from_millis(50)
        };
        if event::poll(wait)? {
            dirty = true;
            timings.input();
            // Drain everything that is queued before the next frame, so a burst
            // of keys (or a resize storm) costs one frame.
            loop {
                match event::read()? {
                    Event::Key(_) if panic_on_key => {
                        panic!("RIZHI_TEST_PANIC is set: panicking on the first key")
                    }
                    Event::Key(k) if k.kind != KeyEventKind::Release => app.on_key(k),
                    Event::Mouse(m) => app.on_mouse(m),
                    Event::Paste(s) => app.on_paste(&s),
                    _ => {}
                }
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
    }
}

/// Phase timings for `benches/startup.sh`: with `RIZHI_TIMINGS=path` the browser
/// appends `name milliseconds` lines to that file: `first_frame` (entries on
/// screen), `searchable` (every file loaded and every entry in the matcher),
/// per input batch `key_frame` (input read → next frame drawn) and
/// `key_results` (input read → the matcher's results complete), and per live
/// reload `reload` (the swap on the UI thread, and its `background` work).
pub struct Timings {
    out: Option<std::fs::File>,
    start: Instant,
    first_frame: bool,
    searchable: bool,
    key: Option<Instant>,
    results: Option<Instant>,
}

impl Timings {
    fn from_env() -> Timings {
        let out = std::env::var_os("RIZHI_TIMINGS").and_then(|p| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .ok()
        });
        Timings {
            out,
            start: Instant::now(),
            first_frame: false,
            searchable: false,
            key: None,
            results: None,
        }
    }

    fn write(&mut self, name: &str, since: Instant, extra: &str) {
        use std::io::Write;
        if let Some(f) = self.out.as_mut() {
            let ms = since.elapsed().as_secs_f64() * 1e3;
            let _ = writeln!(f, "{name} {ms:.2}{extra}");
        }
    }

    /// A reload swapped in: the UI thread's part (since `swap`) and the
    /// reloader's (`background`: rescan, parse, store, matcher feed).
    fn reload(&mut self, swap: Instant, background: Duration) {
        let extra = format!(" background={:.2}", background.as_secs_f64() * 1e3);
        self.write("reload", swap, &extra);
    }

    fn input(&mut self) {
        if self.out.is_some() {
            self.key = Some(Instant::now());
        }
    }

    /// Called after every frame is drawn; `matching`: the matcher is still busy.
    fn frame(&mut self, app: &App, loading: bool, matching: bool) {
        if self.out.is_none() {
            return;
        }
        if !self.first_frame && !app.store.is_empty() {
            self.first_frame = true;
            self.write("first_frame", self.start, "");
        }
        let entries = app.store.len();
        if !self.searchable && !loading && app.search.injected() as usize == entries {
            self.searchable = true;
            self.write("searchable", self.start, &format!(" entries={entries}"));
        }
        if let Some(k) = self.key.take() {
            self.write("key_frame", k, "");
            self.results = Some(k);
        }
        if let Some(k) = self.results.filter(|_| !matching) {
            self.results = None;
            self.write(
                "key_results",
                k,
                &format!(" matched={}", app.result_count()),
            );
        }
    }
}
