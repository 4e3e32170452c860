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

#[cfg(test)]
mod tests {
    use crate::notebook::Notebook;
    use crate::tui::app::{App, Options, Pane};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    const TEXT: &str = "9:05 2014-03-02\nxen\n1, see https://example.org/x\n\t1), deep\n";

    fn app() -> App {
        let nb = Notebook::from_bytes("/n/log.txt", TEXT.as_bytes());
        let opts = Options {
            now: chrono::NaiveDate::from_ymd_opt(2014, 3, 5)
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .unwrap(),
            theme: crate::tui::theme::Theme::new(false),
            wrap: crate::text::WrapOptions::default(),
            sample: false,
        };
        let mut a = crate::tui::open(vec![nb], opts);
        a.prepare(ratatui::layout::Rect::new(0, 0, 100, 30));
        a
    }

    fn key(a: &mut App, code: KeyCode) {
        a.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn in_pick_mode_keys_still_type_and_enter_chooses() {
        let mut a = app();
        a.pick = true;
        for c in "xen".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        assert_eq!(a.filter.query, "xen", "printable keys type into the query");
        a.settle();
        key(&mut a, KeyCode::Enter);
        let c = a.requests.chosen.expect("Enter chose");
        assert!(a.requests.quit);
        assert_eq!(a.store.entry(c.id).line, 1);
        assert_eq!(c.line, 1, "from the Filter: the header line");
    }

    #[test]
    fn in_pick_mode_esc_leaves_without_a_choice_and_outside_it_goes_to_normal_mode() {
        let mut a = app();
        a.pick = true;
        key(&mut a, KeyCode::Esc);
        assert!(a.requests.quit && a.requests.chosen.is_none());
        let mut b = app();
        key(&mut b, KeyCode::Esc);
        assert!(!b.requests.quit);
        assert_ne!(b.focus, Pane::Filter);
        key(&mut b, KeyCode::Enter);
        assert!(
            b.requests.chosen.is_none(),
            "Enter chooses only in pick mode"
        );
    }

    #[test]
    fn yank_url_and_append_become_requests_for_the_event_loop() {
        let mut a = app();
        key(&mut a, KeyCode::Esc); // the Reader
        key(&mut a, KeyCode::Char('y'));
        assert_eq!(a.requests.yank.take().as_deref(), Some("9:05 2014-03-02"));
        key(&mut a, KeyCode::Char('g'));
        key(&mut a, KeyCode::Char('x'));
        assert_eq!(
            a.requests.open_url.take().as_deref(),
            Some("https://example.org/x")
        );
        // n: the URL is the first link-cursor stop.
        key(&mut a, KeyCode::Char('n'));
        key(&mut a, KeyCode::Char('Y'));
        assert_eq!(
            a.requests.yank.take().as_deref(),
            Some("see\"9:05 2014-03-02\"1")
        );
        key(&mut a, KeyCode::Char('a'));
        assert_eq!(
            a.requests.append.take(),
            Some(std::path::PathBuf::from("/n/log.txt"))
        );
    }
}
