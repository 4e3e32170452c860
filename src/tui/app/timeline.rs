//! The Timeline pane's state: its rows (month headings and entries), the
//! first row shown, which entries match the query.

use super::*;

/// One row of the timeline: a month heading or an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineRow {
    Month {
        year: i32,
        month: u32,
        first: EntryId,
        count: usize,
    },
    Entry {
        id: EntryId,
        first_of_day: bool,
    },
}

/// The Timeline pane.
pub struct TimelineState {
    /// The first row shown.
    pub top: usize,
    pub rows: Vec<TimelineRow>,
    /// Per entry: its row.
    pub(crate) entry_row: Vec<usize>,
    /// The current entry changed by a jump: centre it in the timeline.
    pub(crate) center: bool,
    /// Per entry: does it match the query (for dimming the timeline)?
    pub matched: Option<Vec<bool>>,
}

impl Default for TimelineState {
    fn default() -> TimelineState {
        TimelineState {
            top: 0,
            rows: Vec::new(),
            entry_row: Vec::new(),
            center: true,
            matched: None,
        }
    }
}
