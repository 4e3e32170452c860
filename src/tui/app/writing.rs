//! What helps the user write: `y` / `Y` (yank a stamp or a see-link), `gx`
//! (open a URL), `a` (append an entry) and `rizhi pick`'s choice. Each only
//! asks (`requests`); the event loop, which owns the terminal, does it.

use super::*;
use crate::tui::cite::{self, Choice};

impl App {
    /// The file line the user points at in the Reader: the selected link's,
    /// else the top row's; `None` outside the Reader or on an added section.
    fn reader_line(&self) -> Option<u32> {
        if self.focus != Pane::Reader {
            return None;
        }
        let (doc, layout) = (self.reader.doc.as_ref()?, self.reader.layout.as_ref()?);
        let linked = self
            .reader
            .link
            .and_then(|i| doc.links.get(i))
            .and_then(|l| doc.lines.get(l.line))
            .and_then(|l| l.source);
        linked.or_else(|| {
            layout
                .row(self.reader.top)
                .and_then(|(li, _)| doc.lines.get(li))
                .and_then(|l| l.source)
        })
    }

    /// `y`: the stamp; `Y` (`link`): a see-link, with the section the
    /// Reader's line is in.
    pub(super) fn yank(&mut self, link: bool) {
        let Some(id) = self.current_id() else {
            self.message = Some("no entry to copy".into());
            return;
        };
        self.requests.yank = Some(if link {
            cite::link_text(&self.store, id, self.reader_line())
        } else {
            cite::stamp_text(&self.store, id)
        });
    }

    /// `gx`: the URL under the link cursor, else the first URL in view,
    /// else the entry's first.
    pub(super) fn open_url(&mut self) {
        let Some(doc) = self.reader.doc.as_ref() else {
            return;
        };
        let is_url = |l: &&doc::DocLink| l.target == Target::Url;
        let selected = self
            .reader
            .link
            .and_then(|i| doc.links.get(i))
            .filter(is_url);
        let top_line = self
            .reader
            .layout
            .as_ref()
            .and_then(|l| l.row(self.reader.top))
            .map_or(0, |(li, _)| li);
        let link = selected
            .or_else(|| doc.links.iter().filter(is_url).find(|l| l.line >= top_line))
            .or_else(|| doc.links.iter().find(is_url));
        let url = link.and_then(|l| doc.lines.get(l.line)?.text.get(l.range.clone()));
        match url {
            Some(u) => self.requests.open_url = Some(u.to_string()),
            None => self.message = Some("no URL in this entry".into()),
        }
    }

    /// `a`: a header for now appended to the current entry's file (the one
    /// the user is looking at, as `e` edits it), then the editor there.
    pub(super) fn request_append(&mut self) {
        let Some(id) = self.current_id() else {
            self.message = Some("no notebook loaded to append to".into());
            return;
        };
        let nb = self.store.notebook(id);
        if nb.path.to_string_lossy() == crate::live::load::SAMPLE_NAME {
            self.message = Some(
                "the bundled sample is read-only; open your own notebooks (or rizhi new FILE)"
                    .into(),
            );
            return;
        }
        self.requests.append = Some(nb.path.clone());
    }

    /// `rizhi pick`, Enter: the selected entry (the Filter's selection, the
    /// current entry elsewhere), at the Reader's line when chosen there.
    pub(super) fn choose(&mut self) {
        let id = match self.focus {
            Pane::Filter => self.result(self.filter.sel),
            _ => self.current_id(),
        };
        let Some(id) = id else {
            self.message = Some("nothing to choose: no entry matches".into());
            return;
        };
        let line = self.reader_line().unwrap_or(self.store.entry(id).line);
        self.requests.chosen = Some(Choice { id, line });
        self.requests.quit = true;
    }
}
