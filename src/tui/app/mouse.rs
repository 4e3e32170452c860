//! The mouse: the wheel scrolls the pane under it, a click focuses and
//! selects, a click on a see-link follows it.

use super::*;

impl App {
    /// A mouse event, in terminal cells.
    pub fn on_mouse(&mut self, m: MouseEvent) {
        self.sync();
        let pos = Position::new(m.column, m.row);
        let a = self.screen.areas;
        let pane = [
            (a.filter, Pane::Filter),
            (a.timeline, Pane::Timeline),
            (a.reader, Pane::Reader),
        ]
        .into_iter()
        .find(|(r, _)| r.contains(pos))
        .map(|(_, p)| p);
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let Some(p) = pane else { return };
                let d = if m.kind == MouseEventKind::ScrollDown {
                    3
                } else {
                    -3
                };
                let keep = self.focus;
                self.focus = p;
                self.move_by(d);
                self.focus = keep;
            }
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some((r, p)) = a.tabs.iter().find(|(r, _)| r.contains(pos)) {
                    let _ = r;
                    self.focus_pane(*p);
                    return;
                }
                let Some(p) = pane else { return };
                self.message = None;
                self.focus_pane(p);
                match p {
                    Pane::Filter => {
                        let list_top = a.filter.y + 2;
                        if m.row >= list_top && m.row + 1 < a.filter.bottom() {
                            let n = self.filter.top
                                + usize::from(m.row - list_top) / self.filter_row_height();
                            if n < self.result_count() {
                                self.filter.sel = n;
                                self.follow_filter();
                            }
                        }
                    }
                    Pane::Timeline => {
                        let row =
                            self.timeline.top + usize::from(m.row.saturating_sub(a.timeline.y + 1));
                        let id = match self.timeline.rows.get(row) {
                            Some(TimelineRow::Entry { id, .. }) => Some(*id),
                            Some(TimelineRow::Month { first, .. }) => Some(*first),
                            None => None,
                        };
                        if let Some(id) = id {
                            self.show(id);
                        }
                    }
                    Pane::Reader => {
                        if let Some(i) = self.link_at(m.column, m.row) {
                            self.reader.link = Some(i);
                            let t = self.reader.doc.as_ref().map(|d| d.links[i].target);
                            if let Some(t) = t {
                                self.follow(t);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The link drawn at a screen position of the reader, if any.
    pub(super) fn link_at(&self, x: u16, y: u16) -> Option<usize> {
        let (doc, layout) = (self.reader.doc.as_ref()?, self.reader.layout.as_ref()?);
        let inner = layout::inner(self.screen.areas.reader);
        if !inner.contains(Position::new(x, y)) {
            return None;
        }
        let row_i = self.reader.top + usize::from(y - inner.y);
        let (line, row) = layout.row(row_i)?;
        let text = &doc.lines.get(line)?.text;
        let col = usize::from(x - inner.x);
        let byte = crate::text::byte_at_col(text, &row, col, layout.options())?;
        doc.links
            .iter()
            .position(|l| l.line == line && l.range.contains(&byte))
    }
}
