//! The event loop: messages from the loader, frames, input, and the editor.

use super::app::App;
use super::terminal::Session;
use super::timings::Timings;
use super::{clipboard, editor, opener, ui};
use crate::live::Update;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// Runs until the user quits or a signal asks the browser to stop.
pub fn run(
    app: &mut App,
    terminal: &mut super::terminal::Term,
    rx: &Receiver<Update>,
    session: &Session,
    timings: &mut Timings,
    editor: &str,
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
    let mut drawn_at = Instant::now();
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
        if session.take_redraw() {
            terminal.clear()?;
            dirty = true;
        }
        let (changed, matching) = app.tick_changes();
        let busy = matching || app.loading.progress.is_some();
        let size = terminal.size()?;
        // While a query is matched, a frame only when its results changed
        // (or now and then, for the count going up): a frame drawn for
        // nothing delays seeing the results that arrive meanwhile.
        let redraw = app.loading.progress.is_some()
            || (matching && (changed || drawn_at.elapsed() >= Duration::from_millis(50)));
        if dirty || redraw || changed || was_busy || drawn_size != Some(size) {
            drawn_at = Instant::now();
            app.prepare(ratatui::layout::Rect::new(0, 0, size.width, size.height));
            terminal.draw(|f| ui::render(app, f))?;
            timings.frame(app, loading, matching);
            drawn_size = Some(size);
            if dirty && !app.pick {
                session.remember(app.snapshot_state());
            }
        }
        dirty = false;
        was_busy = busy;
        if app.requests.quit || session.stop_signal() != 0 {
            return Ok(());
        }
        if std::mem::take(&mut app.requests.suspend) || session.suspend_asked() {
            session.suspend(terminal)?;
            dirty = true;
            continue;
        }
        if let Some(text) = app.requests.yank.take() {
            app.message = Some(match clipboard::copy(terminal.backend_mut(), &text) {
                Ok(via) => format!("copied {text} ({via})"),
                Err(e) => format!("could not copy: {e}"),
            });
            dirty = true;
            continue;
        }
        if let Some(url) = app.requests.open_url.take() {
            app.message = Some(match opener::open(&url) {
                Ok(prog) => format!("opening {url} with {prog}"),
                Err(e) => e,
            });
            dirty = true;
            continue;
        }
        let mut note = None;
        if let Some(path) = app.requests.append.take() {
            note = append(app, &path);
            dirty = true;
        }
        if let Some((path, line)) = app.requests.edit.take() {
            edit(app, terminal, session, editor, &path, line)?;
            if let (Some(n), Some(m)) = (note, app.message.as_mut()) {
                *m = format!("{n} · {m}");
            }
            if session.stop_signal() != 0 {
                // A signal held while the editor ran: the terminal was not
                // taken back, so nothing more may be drawn.
                return Ok(());
            }
            dirty = true;
            continue;
        }
        // Until the first files arrive, look for them often: the first frame
        // with entries must not wait for a key or a long poll.
        // While a query is matched the matcher's own wait (`tick`, up to
        // 10 ms on its job) paces the loop: a long poll here would hold
        // results that are ready until it ends (a 7 ms match was drawn after
        // 16 ms or more).
        let wait = if loading && app.store.is_empty() {
            Duration::from_millis(4)
        } else if matching {
            Duration::from_millis(1)
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
                if app.requests.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
    }
}

/// `a`: a header for now appended to `path`; the editor is then opened at
/// it (through `app.edit`), and the live reload shows the new entry. Returns
/// what was done, for the status line after the editor.
fn append(app: &mut App, path: &std::path::Path) -> Option<String> {
    let now = chrono::Local::now().naive_local();
    match crate::notebook::append::append_entry(path, now) {
        Ok(a) => {
            let name = a.path.file_name().unwrap_or(a.path.as_os_str());
            let name = name.to_string_lossy();
            let note = if a.appended {
                format!("appended {} to {name}", a.header)
            } else {
                format!("{} is already in {name}: opened it", a.header)
            };
            app.requests.edit = Some((a.path, a.line));
            Some(note)
        }
        Err(e) => {
            app.message = Some(e.to_string());
            None
        }
    }
}

/// Suspends the screen, runs the editor, and comes back.
fn edit(
    app: &mut App,
    terminal: &mut super::terminal::Term,
    session: &Session,
    editor: &str,
    path: &std::path::Path,
    line: u32,
) -> anyhow::Result<()> {
    let mut cmd = match editor::command(editor, path, line) {
        Ok(c) => c,
        Err(e) => {
            app.message = Some(e);
            return Ok(());
        }
    };
    if let Some(tty) = super::terminal::tty() {
        // `rizhi pick`: stdout is the caller's; the editor gets the terminal.
        cmd.stdin(tty.try_clone()?)
            .stdout(tty.try_clone()?)
            .stderr(tty.try_clone()?);
    }
    let status = session.foreground(terminal, || cmd.status())?;
    let editor = editor::program(editor);
    let back = match status {
        Ok(s) if s.success() => format!("back from {editor}"),
        Ok(s) => format!("{editor} exited with {s}"),
        Err(e) => format!("could not run {editor}: {e}"),
    };
    app.message = Some(back);
    Ok(())
}
