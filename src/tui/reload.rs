//! Live reload, the browser's side: [`App::on_update`] takes what
//! [`crate::live`] sends. A reload hands over a complete new store and a
//! matcher already fed with it, and [`App::on_reload`] swaps both in at once,
//! so no frame ever shows old and new entries mixed. Every position is
//! carried over by [`Anchor`] (entry keys do not survive a reload). The words
//! the status bar shows for what changed are written here ([`note`]).

use super::app::App;
use super::history::Location;
use super::lists::{self, ListKind, ListView};
use crate::live::{Change, Reload, Update};
use crate::store::{nearest, remap, Anchor, EntryKey};
use std::path::Path;
use std::sync::Arc;

impl App {
    /// Applies what the background loader and watcher sent.
    pub fn on_update(&mut self, msg: Update) {
        match msg {
            Update::Progress { done, total } => self.loading = Some((done, total)),
            Update::Store(s) => self.on_store(s),
            Update::Problems(ps) => {
                if !ps.is_empty() {
                    self.message = Some(match ps.len() {
                        1 => format!("could not read {}", ps[0]),
                        n => format!("could not read {n} paths, first: {}", ps[0]),
                    });
                }
                self.problems = ps.iter().map(ToString::to_string).collect();
            }
            Update::Reload(r) => self.on_reload(*r),
            Update::Unwatched(folders) => {
                self.add_note(format!("live reload cannot watch {}", folders.join(", ")))
            }
            Update::WatchFailed(e) => self.add_note(format!("live reload is off: {e}")),
            Update::Done => {
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

    /// Adds `n` to the status-bar message.
    fn add_note(&mut self, n: String) {
        self.message = Some(match self.message.take() {
            Some(m) => format!("{m}; {n}"),
            None => n,
        })
    }
}

impl App {
    /// Swaps in reloaded notebooks: store and matcher together. The current
    /// entry, its scroll, the timeline's position, the query, the filter's
    /// selection, the jumplist and an open list all carry over by [`Anchor`];
    /// jumps to entries that are gone are dropped. When the current entry is
    /// gone the reader moves to the entry nearest in time and says so.
    pub fn on_reload(&mut self, r: Reload) {
        let old = Arc::clone(&self.store);
        let new = r.store;
        let anchor = self.current.and_then(|k| Anchor::of(&old, k));
        let selected = self.result(self.filter_sel).map(|id| old.key(id));
        let offset = self
            .current_id()
            .map(|id| self.entry_row(id).saturating_sub(self.timeline_top));
        let carry = |k: EntryKey| remap(&old, k, &new);
        self.history.remap(carry);
        self.filter_origin = self
            .filter_origin
            .and_then(|l| carry(l.entry).map(|entry| Location { entry, ..l }));
        self.reselect = selected.and_then(carry);

        let pinyin = self.search.pinyin_enabled();
        self.search = r.search;
        self.search.set_pinyin(pinyin);
        self.search.set(&self.query, self.scope);
        self.store = Arc::clone(&new);
        self.problems = r.problems;
        self.doc = None;
        self.layout = None;
        self.build_timeline();

        let mut notes: Vec<String> = self.place_reader(anchor, &r.changes).into_iter().collect();
        if let (Some(offset), Some(id), false) = (offset, self.current_id(), self.center) {
            self.timeline_top = self.entry_row(id).saturating_sub(offset);
        }
        if self.reselect.is_none() && selected.is_some() {
            // The selected result is gone: select what the reader shows.
            self.reselect = self.current;
        }
        self.rematch();
        if let Some(list) = self.list.take() {
            self.list = self.reopened(list);
        }
        if !self.moved {
            self.try_restore();
        }
        notes.extend(r.changes.iter().map(note));
        if !notes.is_empty() {
            self.message = Some(notes.join("; "));
        }
    }

    /// Puts the reader back on its entry (`anchor`: where it was before the
    /// reload) in the new store, or when that is gone on the entry nearest in
    /// time; the note says which entry went (unless its whole file did, which
    /// `changes` says).
    fn place_reader(&mut self, anchor: Option<Anchor>, changes: &[Change]) -> Option<String> {
        let store = Arc::clone(&self.store);
        let Some(anchor) = anchor else {
            self.current = store.len().checked_sub(1).map(|id| store.key(id));
            return None;
        };
        if let Some(k) = anchor.find(&store) {
            self.current = Some(k);
            if store.id_of(k).map(|id| store.text(id)) != Some(anchor.text()) {
                // Its links may have moved: a selected one would now
                // point at another.
                self.link = None;
            }
            return None;
        }
        self.current = nearest(&store, anchor.stamp).map(|id| store.key(id));
        self.reader_top = 0;
        self.link = None;
        self.pending_line = None;
        self.center = true;
        let file_gone = changes
            .iter()
            .any(|c| matches!(c, Change::Removed { path, .. } if *path == anchor.path));
        (!file_gone).then(|| {
            format!(
                "entry {} was removed from {}",
                anchor.stamp.notebook_form(),
                file_name(&anchor.path)
            )
        })
    }

    /// An open pop-up list built again over the new store, with its filter
    /// and selection; `None` when it has nothing left to show.
    fn reopened(&self, old: ListView) -> Option<ListView> {
        let mut view = match old.kind {
            ListKind::Todos => lists::todos(&self.store),
            ListKind::Thread => lists::thread(&self.store, self.current_id()?),
            ListKind::OnThisDay => lists::on_this_day(&self.store, self.opts.now.date()),
            ListKind::Files => lists::files(&self.store, &self.problems),
        };
        if view.items.is_empty() {
            return None;
        }
        let n = {
            view.filter = old.filter;
            view.visible().len()
        };
        view.sel = old.sel.min(n.saturating_sub(1));
        view.top = old.top.min(view.sel);
        Some(view)
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
}

fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".into()
    } else {
        format!("{n} entries")
    }
}

/// What the status bar says about a change on disk.
pub fn note(c: &Change) -> String {
    match c {
        Change::Added { path, entries: n } => {
            format!("loaded new {} ({})", file_name(path), entries(*n))
        }
        Change::Changed {
            path,
            before,
            after,
        } => {
            let name = file_name(path);
            match after.cmp(before) {
                std::cmp::Ordering::Greater => {
                    format!("reloaded {name} (+{})", entries(after - before))
                }
                std::cmp::Ordering::Less => {
                    format!("reloaded {name} (−{})", entries(before - after))
                }
                std::cmp::Ordering::Equal => format!("reloaded {name}"),
            }
        }
        Change::Removed { path, entries: n } => format!(
            "{} is gone: its {} left the timeline",
            file_name(path),
            entries(*n)
        ),
        Change::Unreadable {
            path,
            message,
            kept,
        } => format!(
            "could not re-read {}: {message}; kept the {} read before",
            file_name(path),
            entries(*kept)
        ),
        Change::Problem(p) => format!("could not read {p}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notebook::{Notebook, Stamp};
    use crate::tui::app::{Options, Pane};
    use crate::tui::lists::ListKind;

    /// Three entries; 10:59 2013-01-04 (line 5) is the middle one.
    const LOG: &str = "9:00 2013-1-2
alpha, one
1, the alpha body \\todo call

10:59 2013-1-4
beta, two
1, the beta body

15:00 2013-1-6
gamma, three
1, the gamma body
";
    const ZERO: &str = "8:00 2013-1-1\nzero, inserted\n1, the zero body\n\n";
    const BETA: &str = "10:59 2013-1-4\nbeta, two\n1, the beta body\n\n";

    fn stamp(s: &str) -> Stamp {
        Stamp::parse(s).expect("a stamp")
    }

    fn reload(files: &[(&str, &str)], changes: Vec<Change>) -> Reload {
        Reload::new(
            files
                .iter()
                .map(|(p, t)| Arc::new(Notebook::from_bytes(*p, t.as_bytes())))
                .collect(),
            changes,
            Vec::new(),
        )
    }

    fn app(files: &[(&str, &str)]) -> App {
        let opts = Options {
            now: chrono::NaiveDate::from_ymd_opt(2013, 1, 10)
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .expect("date"),
            theme: crate::tui::theme::Theme::new(false),
            wrap: crate::text::WrapOptions::default(),
            sample: false,
        };
        let nbs = files
            .iter()
            .map(|(p, t)| Notebook::from_bytes(*p, t.as_bytes()))
            .collect();
        crate::tui::open(nbs, opts)
    }

    /// The stamp and file of the entry in the reader.
    fn reading(app: &App) -> (String, String) {
        let id = app.current_id().expect("an entry in the reader");
        (
            app.store.entry(id).stamp.notebook_form(),
            app.store.notebook(id).path.display().to_string(),
        )
    }

    #[test]
    fn the_reader_its_scroll_and_the_jumplist_survive_an_insert() {
        let mut app = app(&[("log.txt", LOG)]);
        let beta = app.store.with_stamp(stamp("10:59 2013-1-4")).start;
        let gamma = app.store.with_stamp(stamp("15:00 2013-1-6")).start;
        app.jump(beta, None);
        app.jump(gamma, None);
        app.reader_top = 1;
        app.on_reload(reload(&[("log.txt", &format!("{ZERO}{LOG}"))], Vec::new()));
        assert_eq!(reading(&app), ("15:00 2013-01-06".into(), "log.txt".into()));
        assert_eq!(app.reader_top, 1);
        assert_eq!(app.store.len(), 4);
        app.update(crate::tui::action::Action::Back);
        assert_eq!(reading(&app), ("10:59 2013-01-04".into(), "log.txt".into()));
        app.update(crate::tui::action::Action::Back);
        assert_eq!(reading(&app), ("15:00 2013-01-06".into(), "log.txt".into()));
        assert_eq!(app.message, None);
    }

    #[test]
    fn the_query_and_the_selected_result_survive_a_reload() {
        let mut app = app(&[("log.txt", LOG)]);
        app.on_paste("two");
        app.settle();
        assert_eq!(app.result_count(), 1);
        assert_eq!(reading(&app).0, "10:59 2013-01-04");
        // A newer, shorter entry that ranks first for the query.
        let more = format!("{LOG}\n16:00 2013-1-7\ntwo\n");
        app.on_reload(reload(&[("log.txt", &more)], Vec::new()));
        app.settle();
        assert_eq!(app.query, "two");
        assert_eq!(app.result_count(), 2);
        let selected = app.result(app.filter_sel).expect("a selected result");
        assert_eq!(app.store.entry(selected).stamp, stamp("10:59 2013-1-4"));
        assert_eq!(reading(&app).0, "10:59 2013-01-04");
        assert_ne!(
            app.filter_sel,
            0,
            "the new entry ranks first: {}",
            app.store.title(app.result(0).unwrap())
        );
    }

    #[test]
    fn an_empty_query_keeps_the_selection_on_the_same_entry() {
        let mut app = app(&[("log.txt", LOG)]);
        app.focus = Pane::Filter;
        // Newest first: beta is the second row.
        app.update(crate::tui::action::Action::Down);
        assert_eq!(reading(&app).0, "10:59 2013-01-04");
        app.on_reload(reload(
            &[("log.txt", &format!("{LOG}\n16:00 2013-1-7\nnew\n"))],
            Vec::new(),
        ));
        assert_eq!(app.filter_sel, 2);
        app.update(crate::tui::action::Action::Down);
        assert_eq!(reading(&app).0, "09:00 2013-01-02");
    }

    #[test]
    fn a_deleted_entry_in_the_reader_is_named_and_the_nearest_shown() {
        let mut app = app(&[("log.txt", LOG)]);
        let beta = app.store.with_stamp(stamp("10:59 2013-1-4")).start;
        let gamma = app.store.with_stamp(stamp("15:00 2013-1-6")).start;
        app.jump(gamma, None);
        app.jump(beta, None);
        app.reader_top = 2;
        let changes = vec![Change::Changed {
            path: "log.txt".into(),
            before: 3,
            after: 2,
        }];
        app.on_reload(reload(&[("log.txt", &LOG.replace(BETA, ""))], changes));
        assert_eq!(reading(&app).0, "09:00 2013-01-02");
        assert_eq!(app.reader_top, 0);
        assert_eq!(
            app.message.as_deref(),
            Some("entry 10:59 2013-01-04 was removed from log.txt; reloaded log.txt (−1 entry)")
        );
        // The jump from gamma to beta is still there; beta itself is not.
        app.update(crate::tui::action::Action::Back);
        assert_eq!(reading(&app).0, "15:00 2013-01-06");
    }

    #[test]
    fn a_deleted_file_is_said_once_and_an_open_list_follows_the_new_store() {
        let mut app = app(&[
            ("log.txt", LOG),
            ("b.txt", "9:00 2013-2-1\nfeb, b \\todo x\n"),
        ]);
        let beta = app.store.with_stamp(stamp("10:59 2013-1-4")).start;
        app.jump(beta, None);
        app.update(crate::tui::action::Action::Todos);
        assert_eq!(app.list.as_ref().map(|l| l.items.len()), Some(2));
        let changes = vec![Change::Removed {
            path: "log.txt".into(),
            entries: 3,
        }];
        app.on_reload(reload(
            &[("b.txt", "9:00 2013-2-1\nfeb, b \\todo x\n")],
            changes,
        ));
        assert_eq!(reading(&app), ("09:00 2013-02-01".into(), "b.txt".into()));
        assert_eq!(
            app.message.as_deref(),
            Some("log.txt is gone: its 3 entries left the timeline")
        );
        let list = app.list.as_ref().expect("the todo list stays open");
        assert_eq!(list.kind, ListKind::Todos);
        assert_eq!(list.items.len(), 1);
        let k = list.items[0].entry.expect("an entry");
        assert_eq!(app.store.id_of(k), Some(0));
    }

    #[test]
    fn everything_gone_leaves_an_empty_browser_that_works() {
        let mut app = app(&[("log.txt", LOG)]);
        app.on_reload(reload(&[], Vec::new()));
        assert_eq!(app.current_id(), None);
        assert!(app.store.is_empty());
        for a in [
            crate::tui::action::Action::Down,
            crate::tui::action::Action::Back,
            crate::tui::action::Action::Todos,
            crate::tui::action::Action::Open,
        ] {
            app.update(a);
        }
        app.prepare(ratatui::layout::Rect::new(0, 0, 100, 30));
        app.on_reload(reload(&[("log.txt", LOG)], Vec::new()));
        assert_eq!(reading(&app).0, "15:00 2013-01-06");
    }

    #[test]
    fn notes_say_what_happened_to_which_file() {
        let p = std::path::PathBuf::from("notes/log201301.txt");
        let changed = |before, after| Change::Changed {
            path: p.clone(),
            before,
            after,
        };
        assert_eq!(note(&changed(3, 4)), "reloaded log201301.txt (+1 entry)");
        assert_eq!(note(&changed(3, 1)), "reloaded log201301.txt (−2 entries)");
        assert_eq!(note(&changed(3, 3)), "reloaded log201301.txt");
        assert_eq!(
            note(&Change::Removed {
                path: p.clone(),
                entries: 3
            }),
            "log201301.txt is gone: its 3 entries left the timeline"
        );
        assert_eq!(
            note(&Change::Added {
                path: p.clone(),
                entries: 1
            }),
            "loaded new log201301.txt (1 entry)"
        );
        assert_eq!(
            note(&Change::Unreadable {
                path: p,
                message: "Input/output error (os error 5)".into(),
                kept: 1
            }),
            "could not re-read log201301.txt: Input/output error (os error 5); kept the 1 entry read before"
        );
    }
}
