//! The keyword browser (`K`) and entries like this one (`*`): both put a
//! query into the Filter (keyword scope) and hand it the focus.

use super::*;
use crate::tui::keyword_view::{like_query, term_query, KeywordView};

impl App {
    pub(crate) fn open_keywords(&mut self) {
        let view = KeywordView::new(&self.store);
        if view.table.rows.is_empty() {
            self.message = Some("no keyword lines in the loaded notebooks".into());
            return;
        }
        self.overlays.keywords = Some(view);
    }

    /// After a reload: the open browser counts the new notebooks, in the
    /// same order, with the same filter.
    pub(crate) fn refresh_keywords(&mut self) {
        let Some(old) = self.overlays.keywords.take() else {
            return;
        };
        let mut view = KeywordView::new(&self.store);
        while view.sort != old.sort {
            view.cycle_sort();
        }
        view.filter = old.filter;
        view.sel = old.sel.min(view.visible().len().saturating_sub(1));
        self.overlays.keywords = Some(view);
    }

    /// An action while the browser is open (the lists' keys); false for
    /// those it leaves to the panes.
    pub(crate) fn keywords_action(&mut self, a: Action, n: usize) -> bool {
        use Action::*;
        let Some(v) = self.overlays.keywords.as_mut() else {
            return false;
        };
        let last = v.visible().len().saturating_sub(1);
        match a {
            Up => v.sel = v.sel.saturating_sub(n),
            Down => v.sel = (v.sel + n).min(last),
            PageUp => v.sel = v.sel.saturating_sub(10 * n),
            PageDown => v.sel = (v.sel + 10 * n).min(last),
            Top => v.sel = 0,
            Bottom => v.sel = last,
            Insert(c) => self.insert_text(c.encode_utf8(&mut [0; 4])),
            DeleteChar | DeleteWord | ClearQuery => {
                match a {
                    DeleteChar => drop(v.filter.pop()),
                    DeleteWord => delete_word(&mut v.filter),
                    _ => v.filter.clear(),
                }
                v.sel = 0;
            }
            CycleSort => v.cycle_sort(),
            Close | Keywords => self.overlays.keywords = None,
            Open => {
                let Some(k) = v.selected().map(|r| r.keyword.clone()) else {
                    self.message = Some("no keyword contains that text".into());
                    return true;
                };
                self.overlays.keywords = None;
                self.put_query(term_query(&k));
            }
            _ => return false,
        }
        true
    }

    /// `*`: the current entry's first keyword group as the query.
    pub(crate) fn like_this(&mut self) {
        match self.current_id().and_then(|id| like_query(&self.store, id)) {
            Some(q) => self.put_query(q),
            None => self.message = Some("this entry has no keywords".into()),
        }
    }

    /// `query` into the Filter, keyword scope, and the focus there; the
    /// reader follows the best result as soon as the results are in.
    fn put_query(&mut self, query: String) {
        self.focus_pane(Pane::Filter);
        self.filter.scope = Scope::Keywords;
        self.filter.query = query;
        self.query_changed();
    }
}
