//! Where things are on screen: the pane areas (wide and narrow layouts), the
//! area inside a pane's border, the help overlay's box. Drawing (`ui`) and
//! mouse hit-testing and scrolling (`app`) both read it, so they agree.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Block;

/// The three panes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pane {
    #[default]
    Filter,
    Timeline,
    Reader,
}

/// Below this the wide layout gives way to one pane at a time.
pub const NARROW: u16 = 80;
/// Below this nothing useful fits: one line says so.
pub const MIN_W: u16 = 20;
pub const MIN_H: u16 = 5;

/// The narrow layout's tabs, with their labels.
pub const TABS: [(&str, Pane); 3] = [
    ("Filter", Pane::Filter),
    ("Timeline", Pane::Timeline),
    ("Reader", Pane::Reader),
];

/// Where each pane is on screen (zero-sized when hidden).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub filter: Rect,
    pub timeline: Rect,
    pub reader: Rect,
    pub status: Rect,
    /// The narrow layout's tab bar, one rect per tab.
    pub tabs: [(Rect, Pane); 3],
    pub too_small: bool,
}

pub fn areas(size: Rect, focus: Pane) -> Areas {
    let mut a = Areas::default();
    if size.width < MIN_W || size.height < MIN_H {
        a.too_small = true;
        return a;
    }
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(size);
    a.status = status;
    if size.width < NARROW {
        let [tabs, pane] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        let mut x = tabs.x;
        let short = tabs.width < 30;
        for (i, (label, p)) in TABS.iter().enumerate() {
            let len = if short {
                3
            } else {
                label.chars().count() as u16
            };
            let w = (len + 2).min(tabs.right().saturating_sub(x));
            a.tabs[i] = (Rect::new(x, tabs.y, w, 1), *p);
            x = x.saturating_add(w + 1);
        }
        match focus {
            Pane::Filter => a.filter = pane,
            Pane::Timeline => a.timeline = pane,
            Pane::Reader => a.reader = pane,
        }
        return a;
    }
    let left_w = (size.width * 36 / 100).clamp(30, 48);
    let [left, reader] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(1)]).areas(body);
    let [filter, timeline] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Min(3)]).areas(left);
    a.filter = filter;
    a.timeline = timeline;
    a.reader = reader;
    a
}

/// The area inside a pane's border.
pub fn inner(r: Rect) -> Rect {
    Block::bordered().inner(r)
}

/// The help overlay's box in a terminal of `size`.
pub fn help_area(size: Rect) -> Rect {
    let w = size.width.saturating_sub(4).min(76);
    let h = size.height.saturating_sub(2);
    Rect::new(size.x + (size.width - w) / 2, size.y + 1, w, h)
}

/// Rows of text the help overlay shows at once in a terminal of `size`.
pub fn help_height(size: Rect) -> usize {
    usize::from(help_area(size).height.saturating_sub(2)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(w: u16, h: u16) -> Areas {
        areas(Rect::new(0, 0, w, h), Pane::Timeline)
    }

    /// `MIN_W` × `MIN_H` still draws; one less either way does not.
    #[test]
    fn the_smallest_size_drawn_is_inclusive() {
        assert!(!at(MIN_W, MIN_H).too_small);
        assert!(at(MIN_W - 1, MIN_H).too_small);
        assert!(at(MIN_W, MIN_H - 1).too_small);
    }

    /// From `NARROW` columns up, three panes side by side; one column less,
    /// the tab bar and the focused pane alone.
    #[test]
    fn the_wide_layout_starts_at_narrow_columns() {
        let wide = at(NARROW, 30);
        assert_eq!(
            (wide.filter, wide.timeline, wide.reader),
            (
                Rect::new(0, 0, 30, 13),
                Rect::new(0, 13, 30, 16),
                Rect::new(30, 0, NARROW - 30, 29)
            )
        );
        assert_eq!(wide.tabs[0].0, Rect::default());
        let narrow = at(NARROW - 1, 30);
        assert_eq!(
            (narrow.filter, narrow.timeline, narrow.reader),
            (
                Rect::default(),
                Rect::new(0, 1, NARROW - 1, 28),
                Rect::default()
            )
        );
        assert_eq!(narrow.tabs[1], (Rect::new(9, 0, 10, 1), Pane::Timeline));
        // Tabs keep their whole labels down to 30 columns, then three letters.
        let widths = |w: u16| at(w, 30).tabs.map(|t| t.0.width);
        assert_eq!((widths(30), widths(29)), ([8, 10, 8], [5, 5, 5]));
    }
}
