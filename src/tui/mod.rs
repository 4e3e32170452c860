//! The terminal browser: three panes over the store, a background loader, and
//! one terminal lifecycle that always gives the terminal back.

pub mod action;
pub mod app;
pub mod doc;
pub mod history;
pub mod keymap;
pub mod theme;
pub mod ui;

use crate::load::{self, Problem};
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
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the loader thread tells the UI.
pub enum Loaded {
    Progress {
        done: usize,
        total: usize,
    },
    /// A newer store with everything loaded so far (swap it in whole).
    Store(Arc<Store>),
    Problems(Vec<Problem>),
    Done,
}

/// Loads `paths` (newest files first) on worker threads: each notebook is fed to
/// the matcher as soon as it is parsed, and a new store is published at most
/// every `every` so the UI thread never parses, resolves or matches.
pub fn spawn_loader(
    paths: Vec<PathBuf>,
    injector: nucleo::Injector<crate::store::EntryKey>,
    tx: Sender<Loaded>,
) {
    std::thread::spawn(move || {
        let (files, problems) = load::collect(&paths);
        let total = files.len();
        let _ = tx.send(Loaded::Progress { done: 0, total });
        let loaded: Mutex<(Vec<Arc<Notebook>>, Instant)> = Mutex::new((Vec::new(), Instant::now()));
        let failed = Mutex::new(problems);
        let every = Duration::from_millis(40);
        load::load_each(&files, |_, r| match r {
            Ok(nb) => {
                let nb = Arc::new(nb);
                let Ok(mut g) = loaded.lock() else { return };
                let file = g.0.len() as u32;
                LiveSearch::inject(&injector, file, &nb);
                g.0.push(nb);
                let done = g.0.len();
                // The first file goes out at once: it is the newest, what the
                // user wants to see first.
                if done == 1 || g.1.elapsed() >= every {
                    g.1 = Instant::now();
                    let store = Store::new(g.0.clone());
                    let _ = tx.send(Loaded::Store(Arc::new(store)));
                    let _ = tx.send(Loaded::Progress { done, total });
                }
            }
            Err(p) => {
                if let Ok(mut f) = failed.lock() {
                    f.push(p);
                }
            }
        });
        if let Ok(g) = loaded.lock() {
            let _ = tx.send(Loaded::Store(Arc::new(Store::new(g.0.clone()))));
        }
        let _ = tx.send(Loaded::Problems(failed.into_inner().unwrap_or_default()));
        let _ = tx.send(Loaded::Done);
    });
}

impl App {
    pub fn on_loaded(&mut self, msg: Loaded) {
        match msg {
            Loaded::Progress { done, total } => self.loading = Some((done, total)),
            Loaded::Store(s) => self.on_store(s),
            Loaded::Problems(ps) => {
                if !ps.is_empty() {
                    self.message = Some(match ps.len() {
                        1 => format!("could not read {}", ps[0]),
                        n => format!("could not read {n} paths, first: {}", ps[0]),
                    });
                }
                self.problems = ps.iter().map(ToString::to_string).collect();
            }
            Loaded::Done => {
                self.loading = None;
                if self.store.is_empty() && self.message.is_none() {
                    self.message = Some("no entries found in the given paths".into());
                }
            }
        }
    }
}

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

/// Undoes what rizhi enabled beyond ratatui's own setup, even on an early return.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        ratatui::restore();
    }
}

/// Runs the browser until the user quits (or SIGTERM / SIGHUP arrive).
pub fn run(paths: Vec<PathBuf>) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the browser needs a terminal; for scripts use a subcommand (rizhi stats, search, show, links, todo — see rizhi --help)"
        );
    }
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let search = LiveSearch::new(Arc::new(|| {}));
    let (tx, rx) = channel();
    let sample = paths.is_empty();
    let store = if sample {
        let nb = Arc::new(load::bundled_sample());
        LiveSearch::inject(&search.injector(), 0, &nb);
        Arc::new(Store::new(vec![nb]))
    } else {
        spawn_loader(paths, search.injector(), tx);
        Arc::new(Store::default())
    };
    let opts = Options {
        now: chrono::Local::now().naive_local(),
        theme: theme::Theme::from_env(),
        wrap: crate::text::WrapOptions::default(),
        sample,
    };
    let mut app = App::new(store, search, opts);
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
    event_loop(&mut app, &mut terminal, &rx, &stop)
}

fn event_loop(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    rx: &Receiver<Loaded>,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    loop {
        while let Ok(msg) = rx.try_recv() {
            app.on_loaded(msg);
        }
        let busy = app.tick() || app.loading.is_some();
        let size = terminal.size()?;
        app.prepare(ratatui::layout::Rect::new(0, 0, size.width, size.height));
        terminal.draw(|f| ui::render(app, f))?;
        if app.quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        let wait = if busy {
            Duration::from_millis(16)
        } else {
            Duration::from_millis(200)
        };
        if event::poll(wait)? {
            // Drain everything that is queued before the next frame, so a burst
            // of keys (or a resize storm) costs one frame.
            loop {
                match event::read()? {
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
