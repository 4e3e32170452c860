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
        }
    }
}
