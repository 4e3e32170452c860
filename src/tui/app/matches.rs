//! Landing on the match: an entry opened from a whole-entry result shows the
//! query's matches highlighted, scrolled to the first; Ctrl-n / Ctrl-p (and
//! `gn` / `gN`) move between them with `match 2/5` in the status line.

use super::*;
use crate::tui::hits::{in_doc, Hits};

impl App {
    /// The matches of the Filter's query in the current entry, found again
    /// when the entry or the query changed; false when there are none.
    fn find_hits(&mut self) -> bool {
        let query = self.filter.query.clone();
        let (Some(id), Some(doc)) = (self.current_id(), self.reader.doc.as_ref()) else {
            return false;
        };
        if query.trim().is_empty() {
            self.reader.hits = None;
            return false;
        }
        let stale = self
            .reader
            .hits
            .as_ref()
            .is_none_or(|h| h.key != doc.key || h.query != query);
        if stale {
            let places: Vec<_> = crate::search::body_places(&self.store, id, &query)
                .into_iter()
                .map(|p| p.marks)
                .collect();
            let list = in_doc(&self.store, id, doc, &places);
            self.reader.hits = Some(Hits {
                key: doc.key,
                query,
                list,
                cur: 0,
            });
        }
        self.reader
            .hits
            .as_ref()
            .is_some_and(|h| !h.list.is_empty())
    }

    /// Right after opening a whole-entry result (the document is built).
    pub(crate) fn land_on_match(&mut self) {
        self.reader.hits = None;
        if self.find_hits() {
            self.reader.top = 0;
            self.reveal_match();
        }
    }

    /// Ctrl-n / Ctrl-p: `n` matches on or back, wrapping. The first press in
    /// an entry starts from the first match at or below the top of the pane.
    pub(crate) fn step_match(&mut self, n: isize) {
        if self.filter.query.trim().is_empty() {
            self.message = Some("no query: / and type one".into());
            return;
        }
        let fresh = self
            .reader
            .hits
            .as_ref()
            .is_none_or(|h| Some(h.key) != self.reader.current || h.query != self.filter.query);
        if !self.find_hits() {
            self.message = Some("the query does not match in this entry".into());
            return;
        }
        let (top, layout) = (self.reader.top, self.reader.layout.as_ref());
        let Some(h) = self.reader.hits.as_mut() else {
            return;
        };
        if fresh {
            let below = layout.map_or(0, |l| {
                h.list
                    .iter()
                    .position(|x| l.row_at(x.line, x.marks[0].1.start) >= top)
                    .unwrap_or(0)
            });
            h.cur = below;
            h.step(if n > 0 { n - 1 } else { n });
        } else {
            h.step(n);
        }
        self.reveal_match();
    }

    fn reveal_match(&mut self) {
        self.reader.reveal_hit = true;
        self.message = self.reader.hits.as_ref().map(Hits::status);
    }
}
