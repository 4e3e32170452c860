//! The terminal browser: three panes over the store and a background loader;
//! [`terminal`] holds the terminal's lifecycle, [`event_loop`] the loop.

pub mod action;
pub mod app;
pub mod doc;
pub mod editor;
pub mod event_loop;
pub mod history;
pub mod keymap;
pub mod lists;
pub mod reload;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod timings;
pub mod ui;
pub mod views;

use crate::load::{self, Problem};
use crate::notebook::Notebook;
use crate::search::LiveSearch;
use crate::store::Store;
use app::{App, Options};
use std::path::PathBuf;
use std::sync::mpsc::{channel, Sender};
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
    /// The notebooks changed on disk: everything loaded now (after `Done`).
    Reload(Box<reload::Reload>),
    /// Something to tell the user (live reload could not start).
    Note(String),
}

/// Loads `paths` (newest files first) on worker threads: each notebook is fed to
/// the matcher as soon as it is parsed, and a new store is published at most
/// every `every` so the UI thread never parses, resolves or matches. Feeding
/// the matcher and building stores happen outside the shared lock, so the other
/// worker keeps parsing meanwhile. With `watch`, the folders are watched from
/// before the first read (a change during the load is not missed), and the
/// thread then stays to send a [`Loaded::Reload`] after every change.
pub fn spawn_loader(
    paths: Vec<PathBuf>,
    pattern: Option<glob::Pattern>,
    injector: crate::search::Feeder,
    tx: Sender<Loaded>,
    watch: bool,
) {
    std::thread::spawn(move || {
        let watcher = if watch {
            start_watch(&paths, pattern.as_ref(), &tx)
        } else {
            None
        };
        // The first load's matcher feed and notebooks are dropped when it
        // returns: after a reload nothing here may keep old text alive.
        let (all, problems) = load_first(&paths, pattern.as_ref(), injector, &tx);
        if let Some(w) = watcher {
            let tracker = crate::watch::Tracker::new(paths, pattern, all, problems);
            reload::run_reloader(w, tracker, tx);
        }
    });
}

/// Starts watching `paths`; what cannot be watched is told to the user.
fn start_watch(
    paths: &[PathBuf],
    pattern: Option<&glob::Pattern>,
    tx: &Sender<Loaded>,
) -> Option<crate::watch::Watch> {
    match crate::watch::Watch::start(paths, pattern) {
        Ok((w, problems)) => {
            if !problems.is_empty() {
                let _ = tx.send(Loaded::Note(format!(
                    "live reload cannot watch {}",
                    problems.join(", ")
                )));
            }
            Some(w)
        }
        Err(e) => {
            let _ = tx.send(Loaded::Note(format!("live reload is off: {e}")));
            None
        }
    }
}

/// The first load (see [`spawn_loader`]); returns the notebooks in the order
/// they were fed to the matcher, and the paths that could not be read.
fn load_first(
    paths: &[PathBuf],
    pattern: Option<&glob::Pattern>,
    injector: crate::search::Feeder,
    tx: &Sender<Loaded>,
) -> (Vec<Arc<Notebook>>, Vec<Problem>) {
    let (files, problems) = load::collect_matching(paths, pattern);
    let total = files.len();
    let _ = tx.send(Loaded::Progress { done: 0, total });
    // The files so far, when the last store was started and how long the
    // one before took: stores are built at most every `every`, and never
    // more than a sixth of the time, as they grow with the files (a build
    // takes a core from parsing: at 100 MB a third cost ~15% of the load).
    let loaded: Mutex<(Vec<Arc<Notebook>>, Instant, Duration)> =
        Mutex::new((Vec::new(), Instant::now(), Duration::ZERO));
    // How many files the newest store sent holds: a slower build of fewer
    // files is never sent after it.
    let published = Mutex::new(0usize);
    let publish = |notebooks: Vec<Arc<Notebook>>| {
        let done = notebooks.len();
        let t = Instant::now();
        let store = Arc::new(Store::new(notebooks));
        if let Ok(mut g) = loaded.lock() {
            g.2 = t.elapsed();
        }
        if let Ok(mut last) = published.lock() {
            if done > *last {
                *last = done;
                let _ = tx.send(Loaded::Store(store));
                let _ = tx.send(Loaded::Progress { done, total });
            }
        }
    };
    let failed = Mutex::new(problems);
    let every = Duration::from_millis(40);
    load::load_each(&files, |_, r| match r {
        Ok(nb) => {
            let nb = Arc::new(nb);
            let Ok(mut g) = loaded.lock() else { return };
            let file = g.0.len() as u32;
            g.0.push(Arc::clone(&nb));
            // The first file goes out at once: it is the newest, what the
            // user wants to see first.
            let due = g.0.len() == 1 || g.1.elapsed() >= every.max(g.2 * 6);
            let snapshot = due.then(|| {
                g.1 = Instant::now();
                g.0.clone()
            });
            drop(g);
            LiveSearch::inject_literal(&injector, file, &nb);
            if let Some(notebooks) = snapshot {
                publish(notebooks);
            }
        }
        Err(p) => {
            if let Ok(mut f) = failed.lock() {
                f.push(p);
            }
        }
    });
    let all = loaded.lock().map(|g| g.0.clone()).unwrap_or_default();
    if published.lock().is_ok_and(|p| *p < all.len()) {
        publish(all.clone());
    }
    let problems = failed.into_inner().unwrap_or_default();
    let _ = tx.send(Loaded::Problems(problems.clone()));
    let _ = tx.send(Loaded::Done);
    // Every entry is searchable; the pinyin spellings of titles follow.
    for (file, nb) in all.iter().enumerate() {
        LiveSearch::inject_pinyin(&injector, file as u32, nb);
    }
    (all, problems)
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
            Loaded::Reload(r) => self.on_reload(*r),
            Loaded::Note(n) => {
                self.message = Some(match self.message.take() {
                    Some(m) => format!("{m}; {n}"),
                    None => n,
                })
            }
            Loaded::Done => {
                self.loading = None;
                if self.message.is_none() {
                    self.greet();
                }
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

/// What the browser checks in a config beyond its data (keys, colours): both
/// the browser and the CLI read the config with these, so they report alike.
pub const CONFIG_CHECKS: &[crate::config::Check] = &[keymap::check, theme::check];

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
    let session = terminal::Session::watch()?;
    let (config, sources) = crate::config::Sources::start(paths, CONFIG_CHECKS);
    let crate::config::Sources {
        paths,
        pattern,
        sample,
        warnings: mut notes,
    } = sources;
    let mut timings = timings::Timings::from_env();
    let search = LiveSearch::new(Arc::new(|| {}));
    let (tx, rx) = channel();
    let store = if sample {
        let nb = Arc::new(load::bundled_sample());
        LiveSearch::inject(&search.injector(), 0, &nb);
        Arc::new(Store::new(vec![nb]))
    } else {
        spawn_loader(paths, pattern, search.injector(), tx, watch);
        Arc::new(Store::default())
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
    keymap::apply_keys(&config, &mut app.keymap);
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
    let mut terminal = session.enter()?;
    let result = event_loop::run(&mut app, &mut terminal, &rx, &session, &mut timings);
    // Leave the screen first, so the message below is on the normal screen.
    terminal::leave();
    if let Err(e) = state::save(&app.snapshot_state()) {
        eprintln!("rizhi: could not save the session state: {e}");
    }
    result.map(|()| terminal::exit_status(session.stop_signal()))
}
