//! The Filter pane's state: the query, its scope, the selected result and
//! the rows drawn; the methods that keep the results and the selection right.

use super::*;

/// The Filter pane: what is typed and which result is selected.
pub struct FilterState {
    pub query: String,
    pub scope: Scope,
    /// The selected result (its rank) and the first result shown.
    pub sel: usize,
    pub top: usize,
    /// Where the reader was when the Filter took the focus: Enter records
    /// it in the jumplist.
    pub(crate) origin: Option<Location>,
    /// Where `Ctrl-r` is in the recent queries.
    pub(crate) recall: usize,
    /// The visible results with their highlights, for drawing.
    pub rows: Vec<crate::search::Row>,
    /// After a reload: the selected entry (new key), to select again once
    /// the new matcher's results are in, instead of the best match.
    pub(crate) reselect: Option<EntryKey>,
    /// The pane the focus goes back to when leaving the Filter.
    pub(crate) leave_to: Pane,
    /// The reader's entry the selection was last lined up with (see
    /// `follow_reader`).
    pub(crate) synced: Option<EntryKey>,
}

impl Default for FilterState {
    fn default() -> FilterState {
        FilterState {
            query: String::new(),
            scope: Scope::Keywords,
            sel: 0,
            top: 0,
            origin: None,
            recall: 0,
            rows: Vec::new(),
            reselect: None,
            leave_to: Pane::Reader,
            synced: None,
        }
    }
}

impl App {
    /// The selection among the results and in view.
    pub(crate) fn sync_filter(&mut self) {
        // Filter list: rows below the query line.
        let list_h = (usize::from(self.screen.areas.filter.height.saturating_sub(3))
            / self.filter_row_height())
        .max(1);
        self.follow_reader();
        let n = self.result_count();
        self.filter.sel = self.filter.sel.min(n.saturating_sub(1));
        self.filter.top = keep_in_view(self.filter.top, self.filter.sel, list_h, n);
    }

    /// The selection follows the reader's entry when that entry is among
    /// the results, however the reader got there (`:`, a link, Ctrl-o, the
    /// Timeline, the entry restored at start-up). Looked up once per entry
    /// the reader shows (and again when the results change).
    fn follow_reader(&mut self) {
        let Some(cur) = self.reader.current else {
            return;
        };
        if self.filter.synced == Some(cur) {
            return;
        }
        self.filter.synced = Some(cur);
        if self.result(self.filter.sel).map(|id| self.store.key(id)) == Some(cur) {
            return;
        }
        let at = if self.filter.query.is_empty() {
            self.store
                .id_of(cur)
                .and_then(|id| self.store.len().checked_sub(id + 1))
        } else {
            self.search.all().position(|k| k == cur)
        };
        if let Some(at) = at {
            self.filter.sel = at;
        }
    }

    /// Number of results: every entry for an empty query, else nucleo's matches.
    pub fn result_count(&self) -> usize {
        self.search.count(&self.store)
    }

    /// The `n`-th result: newest first for an empty query, else best first.
    pub fn result(&self, n: usize) -> Option<EntryId> {
        self.search.result(&self.store, n)
    }

    /// Lets the matcher run; called every frame by the event loop.
    pub fn tick(&mut self) -> bool {
        self.tick_changes().1
    }

    /// [`App::tick`], telling also whether the results changed.
    pub fn tick_changes(&mut self) -> (bool, bool) {
        let (changed, running) = self.search.tick(10);
        if changed {
            self.after_results();
        }
        if !running {
            self.filter.reselect = None;
        }
        (changed, running)
    }

    pub(crate) fn after_results(&mut self) {
        self.refresh_matches();
        self.filter.synced = None;
        if self.filter.reselect.is_some() {
            self.place_selection();
            return;
        }
        if self.focus == Pane::Filter && !self.filter.query.is_empty() {
            self.filter.sel = 0;
            self.follow_filter();
        }
    }

    /// Waits for the matcher to finish (tests, and the first frame of a query).
    pub fn settle(&mut self) {
        for _ in 0..1000 {
            if !self.tick() {
                break;
            }
        }
        // One more tick publishes the final snapshot.
        self.tick();
    }

    pub(crate) fn refresh_matches(&mut self) {
        self.timeline.matched = if self.filter.query.is_empty() {
            None
        } else {
            let mut m = vec![false; self.store.len()];
            for k in self.search.all() {
                if let Some(id) = self.store.id_of(k) {
                    m[id] = true;
                }
            }
            Some(m)
        };
    }

    /// After a reload: the same query over the new store, the selection
    /// kept on the same entry (at once for an empty query, else when the
    /// results are in).
    pub(crate) fn rematch(&mut self) {
        self.search.match_or(&self.store);
        self.refresh_matches();
        if self.filter.query.is_empty() {
            self.place_selection();
            self.filter.reselect = None;
        }
    }

    /// Selects `reselect` in the filter's results, if it is among them.
    pub(crate) fn place_selection(&mut self) {
        let Some(k) = self.filter.reselect else {
            return;
        };
        let at = if self.filter.query.is_empty() {
            self.store
                .id_of(k)
                .and_then(|id| self.store.len().checked_sub(id + 1))
        } else {
            self.search.all().position(|x| x == k)
        };
        if let Some(at) = at {
            self.filter.sel = at;
        }
    }

    pub(crate) fn query_changed(&mut self) {
        self.filter.reselect = None;
        self.search.set(&self.filter.query, self.filter.scope);
        self.search.match_or(&self.store);
        self.filter.sel = 0;
        self.filter.top = 0;
        if self.filter.query.is_empty() {
            self.refresh_matches();
            self.follow_filter();
        }
    }

    /// The reader follows the filter's selection, as fzf's preview does.
    pub(crate) fn follow_filter(&mut self) {
        if let Some(id) = self.result(self.filter.sel) {
            self.show(id);
        }
    }

    /// Screen rows per filter result: whole-entry results show their best
    /// matching body line under the title.
    pub fn filter_row_height(&self) -> usize {
        if self.filter.scope == Scope::All && !self.filter.query.is_empty() {
            2
        } else {
            1
        }
    }
}
