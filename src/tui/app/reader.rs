//! The Reader pane's state: the current entry, its scroll and link cursor,
//! the document built from it and its wrapped layout.

use super::*;

/// The Reader pane (its entry is the current entry of every pane).
#[derive(Default)]
pub struct ReaderState {
    pub current: Option<EntryKey>,
    /// The first layout row shown.
    pub top: usize,
    /// The selected link (an index in `doc.links`).
    pub link: Option<usize>,
    /// A source line to scroll to once the layout is built.
    pub(crate) pending_line: Option<u32>,
    /// The link cursor moved: scroll it into view.
    pub(crate) reveal_link: bool,
    /// The user chose an entry; loading more files no longer moves the reader.
    pub(crate) moved: bool,
    /// Where to go once the remembered entry is loaded.
    pub restore_to: Option<(String, u32, usize)>,
    // Derived from the current entry and the pane's width by `sync`.
    pub doc: Option<Doc>,
    pub layout: Option<Layout>,
}
