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
            Update::Progress { done, total } => self.loading.progress = Some((done, total)),
            Update::Store(s) => self.on_store(s),
            Update::Problems(ps) => {
                if !ps.is_empty() {
                    self.message = Some(match ps.len() {
                        1 => format!("could not read {}", ps[0]),
                        n => format!("could not read {n} paths, first: {}", ps[0]),
                    });
                }
                self.loading.problems = ps.iter().map(ToString::to_string).collect();
            }
            Update::Reload(r) => self.on_reload(*r),
            Update::Unwatched(folders) => {
                self.add_note(format!("live reload cannot watch {}", folders.join(", ")))
            }
            Update::WatchFailed(e) => self.add_note(format!("live reload is off: {e}")),
            Update::Done => {
                self.loading.progress = None;
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
        let anchor = self.reader.current.and_then(|k| Anchor::of(&old, k));
        let selected = self.result(self.filter.sel).map(|id| old.key(id));
        let offset = self
            .current_id()
            .map(|id| self.entry_row(id).saturating_sub(self.timeline.top));
        let carry = |k: EntryKey| remap(&old, k, &new);
        self.history.remap(carry);
        self.filter.origin = self
            .filter
            .origin
            .and_then(|l| carry(l.entry).map(|entry| Location { entry, ..l }));
        self.filter.reselect = selected.and_then(carry);

        let pinyin = self.search.pinyin_enabled();
        self.search = r.search;
        self.search.set_pinyin(pinyin);
        self.search.set(&self.filter.query, self.filter.scope);
        self.store = Arc::clone(&new);
        self.loading.problems = r.problems;
        self.reader.doc = None;
        self.reader.layout = None;
        self.build_timeline();

        let mut notes: Vec<String> = self.place_reader(anchor, &r.changes).into_iter().collect();
        if let (Some(offset), Some(id), false) = (offset, self.current_id(), self.timeline.center) {
            self.timeline.top = self.entry_row(id).saturating_sub(offset);
        }
        if self.filter.reselect.is_none() && selected.is_some() {
            // The selected result is gone: select what the reader shows.
            self.filter.reselect = self.reader.current;
        }
        self.rematch();
        if let Some(list) = self.overlays.list.take() {
            self.overlays.list = self.reopened(list);
        }
        if !self.reader.moved {
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
            self.reader.current = store.len().checked_sub(1).map(|id| store.key(id));
            return None;
        };
        if let Some(k) = anchor.find(&store) {
            self.reader.current = Some(k);
            if store.id_of(k).map(|id| store.text(id)) != Some(anchor.text()) {
                // Its links may have moved: a selected one would now
                // point at another.
                self.reader.link = None;
            }
            return None;
        }
        self.reader.current = nearest(&store, anchor.stamp).map(|id| store.key(id));
        self.reader.top = 0;
        self.reader.link = None;
        self.reader.pending_line = None;
        self.timeline.center = true;
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
            ListKind::Thread => lists::thread(&self.store, self.current_id()?, old.max_depth),
            ListKind::OnThisDay => {
                lists::on_this_day(&self.store, old.day.unwrap_or(self.opts.now.date()))
            }
            ListKind::Files => lists::files(&self.store, &self.loading.problems),
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
mod tests;
