//! Live reload, the browser's side: the watcher thread hands over a complete
//! new store and a matcher already fed with it (see [`run_reloader`]), and
//! [`App::on_reload`] swaps both in at once, so no frame ever shows old and
//! new entries mixed. Entry keys do not survive a reload (a file's entries
//! move when one is inserted), so every position is carried over by stamp:
//! the entry's file, its header stamp, and which of that file's entries with
//! that stamp it is ([`Anchor`]).

use super::app::App;
use super::history::Location;
use super::lists::{self, ListKind, ListView};
use super::Loaded;
use crate::load::Problem;
use crate::notebook::{Notebook, Stamp};
use crate::search::LiveSearch;
use crate::store::{EntryId, EntryKey, Store};
use crate::watch::{Change, Tracker, Watch};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A reload: everything loaded now, and what changed.
pub struct Reload {
    pub store: Arc<Store>,
    /// A matcher fed with every entry of `store` (keys of `store`).
    pub search: LiveSearch,
    /// What changed, one note per file.
    pub changes: Vec<Change>,
    /// The paths that cannot be read now (for `:files`).
    pub problems: Vec<String>,
    /// How long the reloader worked on it: rescan, parse, store, matcher feed.
    pub took: Duration,
}

/// Waits for changes to the watched notebooks and sends a [`Reload`] after
/// each burst that changed something, until the browser is gone. Runs on the
/// loader thread once the first load is done; parsing, store building and
/// matcher feeding all happen here, never on the UI thread.
pub fn run_reloader(watch: Watch, mut tracker: Tracker, tx: Sender<Loaded>) {
    while let Some(batch) = watch.wait() {
        let start = Instant::now();
        let changes = tracker.rescan(&batch.paths);
        if changes.is_empty() {
            continue;
        }
        let problems = tracker.problems().iter().map(Problem::to_string).collect();
        let mut reload = build(tracker.notebooks(), changes, problems);
        reload.took = start.elapsed();
        if tx.send(Loaded::Reload(Box::new(reload))).is_err() {
            return;
        }
    }
}

/// An entry named independently of any store version.
#[derive(Clone, Debug)]
pub struct Anchor {
    pub path: PathBuf,
    pub stamp: Stamp,
    /// Which of the file's entries with this stamp (0 for the first).
    pub nth: usize,
    /// How many entries with this stamp the file held.
    pub of: usize,
    /// The notebook it was read from, and where the entry's text is in it:
    /// compared only when equal stamps must be told apart.
    notebook: Arc<Notebook>,
    span: std::ops::Range<usize>,
}

/// The entries of `store` with this stamp in the notebook at `path`, in
/// file order.
fn same_stamp(store: &Store, path: &Path, stamp: Stamp) -> Vec<EntryId> {
    store
        .with_stamp(stamp)
        .filter(|&id| store.notebook(id).path == path)
        .collect()
}

impl Anchor {
    /// The anchor of an entry of `store`; `None` when the key is not in it.
    pub fn of(store: &Store, key: EntryKey) -> Option<Anchor> {
        let id = store.id_of(key)?;
        let notebook = Arc::clone(store.files().get(key.file as usize)?);
        let entry = store.entry(id);
        let same = same_stamp(store, &notebook.path, entry.stamp);
        Some(Anchor {
            path: notebook.path.clone(),
            stamp: entry.stamp,
            nth: same.iter().position(|&x| x == id)?,
            of: same.len(),
            span: entry.span.clone(),
            notebook,
        })
    }

    /// The entry's text (header line included) as it was.
    pub fn text(&self) -> &str {
        self.notebook.slice(&self.span)
    }

    /// The same entry in `store`: the `nth` with the stamp in the same file
    /// while their number is unchanged (an edited entry is still itself),
    /// else the one with the same text. `None` when it is gone.
    pub fn find(&self, store: &Store) -> Option<EntryKey> {
        let same = same_stamp(store, &self.path, self.stamp);
        let id = if same.len() == self.of {
            same.get(self.nth).copied()
        } else {
            same.into_iter().find(|&id| store.text(id) == self.text())
        }?;
        Some(store.key(id))
    }
}

/// Where the entry `key` of `old` is in `new`, if it is still there.
pub fn remap(old: &Store, key: EntryKey, new: &Store) -> Option<EntryKey> {
    Anchor::of(old, key)?.find(new)
}

/// The entry nearest in time to `stamp` (the later one on a tie).
pub fn nearest(store: &Store, stamp: Stamp) -> Option<EntryId> {
    let after = store.at_or_after(stamp)?;
    let distance = |id: EntryId| stamp.minutes_to(store.entry(id).stamp).abs();
    match after.checked_sub(1) {
        Some(before) if distance(before) < distance(after) => Some(before),
        _ => Some(after),
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
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
        notes.extend(r.changes.iter().map(ToString::to_string));
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

/// A reload of `notebooks`: the store, and a matcher fed with it in the same
/// order (so its keys are the store's).
fn build(notebooks: Vec<Arc<Notebook>>, changes: Vec<Change>, problems: Vec<String>) -> Reload {
    let search = LiveSearch::new(Arc::new(|| {}));
    let feeder = search.injector();
    for (i, nb) in notebooks.iter().enumerate() {
        LiveSearch::inject(&feeder, i as u32, nb);
    }
    Reload {
        store: Arc::new(Store::new(notebooks)),
        search,
        changes,
        problems,
        took: Duration::ZERO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

    fn store(files: &[(&str, &str)]) -> Store {
        Store::new(
            files
                .iter()
                .map(|(p, t)| Arc::new(Notebook::from_bytes(*p, t.as_bytes())))
                .collect(),
        )
    }

    fn key_at(s: &Store, at: &str, nth: usize) -> EntryKey {
        s.key(
            s.with_stamp(stamp(at))
                .nth(nth)
                .expect("an entry at that stamp"),
        )
    }

    fn reload(files: &[(&str, &str)], changes: Vec<Change>) -> Reload {
        build(
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
    fn an_entry_keeps_its_place_when_one_is_inserted_before_it() {
        let old = store(&[("log.txt", LOG)]);
        let new = store(&[("log.txt", &format!("{ZERO}{LOG}"))]);
        let beta = key_at(&old, "10:59 2013-1-4", 0);
        let moved = remap(&old, beta, &new).expect("beta is still there");
        assert_eq!(beta.index, 1);
        assert_eq!(moved.index, 2);
        let id = new.id_of(moved).expect("a key of the new store");
        assert_eq!(new.entry(id).stamp, stamp("10:59 2013-1-4"));
    }

    #[test]
    fn an_edited_entry_is_still_itself_and_a_deleted_one_is_gone() {
        let old = store(&[("log.txt", LOG)]);
        let edited = store(&[("log.txt", &LOG.replace("the beta body", "a new body"))]);
        let beta = key_at(&old, "10:59 2013-1-4", 0);
        assert_eq!(remap(&old, beta, &edited), Some(beta));
        let deleted = store(&[("log.txt", &LOG.replace(BETA, ""))]);
        assert_eq!(remap(&old, beta, &deleted), None);
        let gamma = key_at(&old, "15:00 2013-1-6", 0);
        assert_eq!(
            remap(&old, gamma, &deleted),
            Some(EntryKey { file: 0, index: 1 })
        );
    }

    #[test]
    fn equal_stamps_are_told_apart_by_place_then_by_text() {
        let twins = "9:00 2013-1-2\nfirst, twin\n\n9:00 2013-1-2\nsecond, twin\n";
        let old = store(&[("log.txt", twins)]);
        let second = key_at(&old, "9:00 2013-1-2", 1);
        // Both edited, the count unchanged: the second is still the second.
        let edited = store(&[("log.txt", &twins.replace("twin", "edited"))]);
        assert_eq!(remap(&old, second, &edited), Some(second));
        // The first deleted: the second is found by its text.
        let one = store(&[("log.txt", "9:00 2013-1-2\nsecond, twin\n")]);
        assert_eq!(
            remap(&old, second, &one),
            Some(EntryKey { file: 0, index: 0 })
        );
        assert_eq!(remap(&old, key_at(&old, "9:00 2013-1-2", 0), &one), None);
    }

    #[test]
    fn an_entry_stays_in_its_file_when_another_file_has_the_same_stamp() {
        let other = "10:59 2013-1-4\nother, file\n";
        let old = store(&[("a.txt", other), ("log.txt", LOG)]);
        // The files change places and `a.txt` is rewritten with the same stamp.
        let new = store(&[("log.txt", LOG), ("a.txt", "10:59 2013-1-4\nrewritten\n")]);
        let in_log = key_at(&old, "10:59 2013-1-4", 1);
        assert_eq!(
            old.notebook(old.id_of(in_log).unwrap()).path,
            Path::new("log.txt")
        );
        let moved = remap(&old, in_log, &new).expect("still in log.txt");
        assert_eq!(moved, EntryKey { file: 0, index: 1 });
        let in_a = key_at(&old, "10:59 2013-1-4", 0);
        assert_eq!(
            remap(&old, in_a, &new),
            Some(EntryKey { file: 1, index: 0 })
        );
    }

    #[test]
    fn nearest_is_the_closest_in_time_and_the_later_on_a_tie() {
        let s = store(&[("log.txt", &LOG.replace(BETA, ""))]);
        let at = |id: EntryId| s.entry(id).stamp.notebook_form();
        // 2 days 1:59 back to alpha, 2 days 4:01 on to gamma.
        assert_eq!(
            nearest(&s, stamp("10:59 2013-1-4")).map(at).as_deref(),
            Some("09:00 2013-01-02")
        );
        // 12:00 on the 4th: exactly 2 days 3 hours either way.
        assert_eq!(
            nearest(&s, stamp("12:00 2013-1-4")).map(at).as_deref(),
            Some("15:00 2013-01-06")
        );
        assert_eq!(
            nearest(&s, stamp("0:00 2020-1-1")).map(at).as_deref(),
            Some("15:00 2013-01-06")
        );
        assert_eq!(
            nearest(&s, stamp("0:00 2000-1-1")).map(at).as_deref(),
            Some("09:00 2013-01-02")
        );
        assert_eq!(nearest(&Store::default(), stamp("0:00 2000-1-1")), None);
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
}
