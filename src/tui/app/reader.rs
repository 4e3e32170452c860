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
    /// Where the last jump landed (a link's section, a todo's line): the
    /// source line drawn highlighted until the next key.
    pub landed: Option<u32>,
    /// The link cursor moved: scroll it into view.
    pub(crate) reveal_link: bool,
    /// The user chose an entry; loading more files no longer moves the reader.
    pub(crate) moved: bool,
    /// The query's matches in the current entry (see `hits`), when opened
    /// from a whole-entry result or asked for with Ctrl-n.
    pub hits: Option<crate::tui::hits::Hits>,
    /// Opened from a whole-entry result: land on the first match.
    pub(crate) land_on_match: bool,
    /// The current match moved: scroll it into view.
    pub(crate) reveal_hit: bool,
    /// Where to go once the remembered entry is loaded.
    pub restore_to: Option<(String, u32, usize)>,
    // Derived from the current entry and the pane's width by `sync`.
    pub doc: Option<Doc>,
    pub layout: Option<Layout>,
}

impl App {
    /// The document and its layout for the current entry at the pane's
    /// width; a pending line or link scrolled to, the scroll kept in range.
    pub(crate) fn sync_reader(&mut self) {
        let id = self.current_id();
        if self.reader.doc.as_ref().map(|d| d.key) != self.reader.current {
            self.reader.doc = id.map(|id| doc::build(&self.store, id));
            self.reader.layout = None;
        }
        // A link restored from the jumplist may be gone after a reload.
        let links = self.reader.doc.as_ref().map_or(0, |d| d.links.len());
        self.reader.link = self.reader.link.filter(|&i| i < links);
        // The reader's size even while the narrow layout hides it, so its row
        // count and scroll limits stay right.
        let inner = layout::inner(layout::areas(self.screen.size, Pane::Reader).reader);
        let width = usize::from(inner.width.saturating_sub(1)); // the scrollbar
        if self.reader.layout.as_ref().map(|l| l.options().width) != Some(width) {
            self.reader.layout = self.reader.doc.as_ref().map(|d| {
                let opts = WrapOptions {
                    width,
                    ..self.opts.wrap
                };
                Layout::new(d.lines.iter().map(|l| l.text.as_str()), opts)
            });
        }
        let height = usize::from(inner.height).max(1);
        if std::mem::take(&mut self.reader.land_on_match) {
            self.land_on_match();
        }
        if let (Some(doc), Some(layout)) = (self.reader.doc.as_ref(), self.reader.layout.as_ref()) {
            if let Some(line) = self.reader.pending_line.take() {
                // Land on the section with a line of context above it.
                let row = layout.first_row_of_line(doc.line_of_source(line));
                self.reader.top = row.saturating_sub(1);
            }
            if self.reader.reveal_link {
                if let Some(l) = self.reader.link.and_then(|i| doc.links.get(i)) {
                    let row = layout.row_at(l.line, l.range.start);
                    if row < self.reader.top || row >= self.reader.top + height {
                        self.reader.top = row.saturating_sub(height / 3);
                    }
                }
            }
            if std::mem::take(&mut self.reader.reveal_hit) {
                let at = self.reader.hits.as_ref().and_then(|h| h.current());
                if let Some((li, r)) = at.and_then(|h| h.marks.first()) {
                    let row = layout.row_at(*li, r.start);
                    if row < self.reader.top || row >= self.reader.top + height {
                        self.reader.top = row.saturating_sub(height / 3);
                    }
                }
            }
            self.reader.top = self.reader.top.min(layout.rows().saturating_sub(height));
        }
        self.reader.reveal_link = false;
    }

    /// Shows an entry without recording a jump.
    pub(crate) fn show(&mut self, id: EntryId) {
        let key = self.store.key(id);
        if self.reader.current != Some(key) {
            self.reader.current = Some(key);
            self.reader.top = 0;
            self.reader.link = None;
            self.reader.pending_line = None;
        }
        self.reader.moved = true;
    }

    /// Goes to an entry, recording where we were for Ctrl-o.
    pub(crate) fn jump(&mut self, id: EntryId, line: Option<u32>) {
        if let Some(here) = self.location() {
            self.history.jump(here);
        }
        self.show(id);
        self.reader.top = 0;
        self.reader.link = None;
        self.reader.pending_line = line;
        self.reader.landed = line;
        self.timeline.center = true;
    }

    pub(crate) fn restore(&mut self, to: Location) {
        if self.store.id_of(to.entry).is_none() {
            self.message = Some("that entry is no longer loaded".into());
            return;
        }
        self.reader.current = Some(to.entry);
        self.timeline.center = true;
        self.reader.top = to.scroll;
        self.reader.link = to.link;
        self.reader.pending_line = None;
        self.reader.moved = true;
    }

    pub(crate) fn reader_height(&self) -> usize {
        usize::from(self.screen.areas.reader.height.saturating_sub(2)).max(1)
    }

    pub fn reader_rows(&self) -> usize {
        self.reader.layout.as_ref().map_or(0, Layout::rows)
    }

    /// `e`: the line at the top of the reader (or the entry's header).
    pub(crate) fn request_edit(&mut self) {
        let Some(id) = self.current_id() else { return };
        let nb = self.store.notebook(id);
        if nb.path.to_string_lossy() == crate::live::load::SAMPLE_NAME {
            self.message = Some("the bundled sample is read-only inside rizhi; open your own notebooks to edit them".into());
            return;
        }
        let top_line = match (self.reader.doc.as_ref(), self.reader.layout.as_ref()) {
            (Some(doc), Some(layout)) => layout
                .row(self.reader.top)
                .and_then(|(li, _)| doc.lines.get(li))
                .and_then(|l| l.source),
            _ => None,
        };
        let line = top_line.unwrap_or(self.store.entry(id).line);
        self.requests.edit = Some((nb.path.clone(), line));
    }

    /// Goes to the entry remembered from last time once it is loaded.
    pub(crate) fn try_restore(&mut self) {
        let Some((file, line, scroll)) = self.reader.restore_to.clone() else {
            return;
        };
        let found = (0..self.store.len()).find(|&id| {
            self.store.entry(id).line == line
                && self.store.notebook(id).path.to_string_lossy() == file
        });
        if let Some(id) = found {
            self.reader.current = Some(self.store.key(id));
            self.reader.top = scroll;
            self.filter.origin = self.location();
            self.reader.restore_to = None;
            self.timeline.center = true;
        }
    }

    /// What to remember for next time.
    pub fn snapshot_state(&mut self) -> State {
        let mut s = self.state.clone();
        if let Some(id) = self.current_id() {
            s.file = Some(self.store.notebook(id).path.to_string_lossy().into_owned());
            s.line = Some(self.store.entry(id).line);
            s.stamp = Some(self.store.entry(id).stamp.to_string());
            s.scroll = self.reader.top;
        }
        s
    }

    pub(crate) fn move_link(&mut self, d: isize) {
        let n = self.reader.doc.as_ref().map_or(0, |doc| doc.links.len());
        if n == 0 {
            self.message = Some("this entry has no links".into());
            return;
        }
        self.reader.link = Some(match self.reader.link {
            None if d > 0 => self.first_visible_link().unwrap_or(0),
            None => n - 1,
            Some(i) => (i as isize + d).rem_euclid(n as isize) as usize,
        });
        self.reader.reveal_link = true;
    }

    pub(crate) fn first_visible_link(&self) -> Option<usize> {
        let (doc, layout) = (self.reader.doc.as_ref()?, self.reader.layout.as_ref()?);
        doc.links.iter().position(|l| {
            let row = layout.row_at(l.line, l.range.start);
            row >= self.reader.top
        })
    }

    pub(crate) fn follow_link(&mut self) {
        let Some(doc) = self.reader.doc.as_ref() else {
            return;
        };
        let Some(link) = self.reader.link.and_then(|i| doc.links.get(i)) else {
            self.message = Some("no link selected: n / N move between links".into());
            return;
        };
        self.follow(link.target);
    }
}
