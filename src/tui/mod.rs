//! The terminal browser: three panes over the store, fed by [`crate::live`];
//! [`terminal`] holds the terminal's lifecycle, [`event_loop`] the loop.

pub mod action;
pub mod app;
pub mod cite;
pub mod clipboard;
pub mod doc;
pub mod editor;
pub mod event_loop;
pub mod history;
pub mod hits;
pub mod keymap;
pub mod keyword_view;
pub mod layout;
pub mod lists;
pub mod opener;
pub mod pick;
pub mod reload;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod timings;
pub mod ui;

use crate::live;
use crate::notebook::Notebook;
use crate::search::LiveSearch;
use crate::store::Store;
use app::{App, Options};
use std::path::PathBuf;
use std::sync::Arc;

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
        let n = crate::store::analysis::on_this_day(&self.store, self.opts.now.date()).len();
        if n > 0 {
            self.message = Some(format!(
                "on this day ({}): {n} entries from earlier years · o shows them",
                lists::month_day(self.opts.now.date())
            ));
        }
    }
}

/// What the browser checks in a config beyond its data (keys, colours): both
/// the browser and the CLI read the config with these, so they report alike.
pub const CONFIG_CHECKS: &[crate::config::Check] = &[keymap::check, theme::check, editor::check];

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
    let mut started = start(paths, watch, true);
    let result = started.show(&session)?;
    let mut app = started.app;
    // The screen is left first, so the message below is on the normal screen.
    if let Err(e) = state::save(&app.snapshot_state()) {
        eprintln!("rizhi: could not save the session state: {e}");
    }
    result.map(|()| terminal::exit_status(session.stop_signal()))
}

/// A browser set up, its files loading (see [`start`]).
pub(crate) struct Started {
    pub app: App,
    pub rx: std::sync::mpsc::Receiver<live::Update>,
    pub timings: timings::Timings,
    /// What `e` and `a` run: the config's `editor`, else `$VISUAL`/`$EDITOR`.
    pub editor: String,
}

impl Started {
    /// Enters the terminal (the outer error: it could not be entered), runs
    /// the event loop until the user leaves or a signal ends it (the inner
    /// result), and leaves the terminal again.
    pub(crate) fn show(
        &mut self,
        session: &terminal::Session,
    ) -> anyhow::Result<anyhow::Result<()>> {
        let mut terminal = session.enter()?;
        let result = event_loop::run(
            &mut self.app,
            &mut terminal,
            &self.rx,
            session,
            &mut self.timings,
            &self.editor,
        );
        terminal::leave();
        Ok(result)
    }
}

/// Reads the config, starts loading (and with `watch` watching) the
/// notebooks, and makes the browser; with `remember`, where the last session
/// ended is restored once loaded.
pub(crate) fn start(paths: Vec<PathBuf>, watch: bool, remember: bool) -> Started {
    let (config, sources) = crate::config::Sources::start(paths, CONFIG_CHECKS);
    let crate::config::Sources {
        paths,
        pattern,
        sample,
        warnings: mut notes,
    } = sources;
    let timings = timings::Timings::from_env();
    let search = LiveSearch::new(Arc::new(|| {}));
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
    keymap::apply_keys(&config, &mut app.keymap);
    if config.pinyin == Some(false) {
        app.search.set_pinyin(false);
    }
    let (remembered, warning) = state::load();
    notes.extend(warning);
    if remember {
        if let (Some(file), Some(line)) = (remembered.file.clone(), remembered.line) {
            app.reader.restore_to = Some((file, line, remembered.scroll));
        }
    }
    app.state = remembered;
    app.on_store(Arc::clone(&app.store));
    if !notes.is_empty() {
        app.message = Some(notes.join("; "));
    } else if sample {
        app.message = Some("no notebook given or configured: showing the bundled sample (rizhi config --init to set yours)".into());
    } else if !app.store.is_empty() && remember {
        app.greet();
    }
    Started {
        app,
        rx,
        timings,
        editor: editor::chosen(config.editor.as_deref()),
    }
}
