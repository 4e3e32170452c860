//! A pop-up list (todos, thread, on this day, files) over the panes.

use super::clipped;
use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

pub fn render(app: &App, f: &mut Frame, size: Rect) {
    let Some(list) = &app.overlays.list else {
        return;
    };
    let t = &app.opts.theme;
    let hint = " type to narrow · ↑↓ move · Enter opens · Esc closes ";
    let Some(inner) = popup(app, f, size, 96, &list.title, hint) else {
        return;
    };
    let width = usize::from(inner.width);
    let mut query = vec![Span::styled("> ", t.marker())];
    query.extend(
        clipped(
            app,
            &list.filter,
            &[],
            Style::new(),
            width.saturating_sub(2),
        )
        .0,
    );
    let mut lines = vec![Line::from(query)];
    let visible = list.visible();
    let rows = usize::from(inner.height.saturating_sub(1));
    let sel = list.sel.min(visible.len().saturating_sub(1));
    let top = sel.saturating_sub(rows.saturating_sub(1));
    for (i, item) in visible.iter().enumerate().skip(top).take(rows) {
        let selected = i == sel;
        let base = if selected { t.selected() } else { Style::new() };
        let indent = "  ".repeat(item.depth.min(6));
        let head = format!(
            "{}{indent}{}  ",
            if selected { "▌" } else { " " },
            item.stamp
        );
        let room = width.saturating_sub(head.chars().count());
        let mut spans = vec![Span::styled(head, base.patch(t.stamp()))];
        let (s, used) = clipped(
            app,
            &item.label,
            &[],
            if item.entry.is_some() {
                base
            } else {
                base.patch(t.dim())
            },
            room,
        );
        spans.extend(s);
        if selected {
            spans.push(Span::styled(" ".repeat(room - used), base));
        }
        lines.push(Line::from(spans));
    }
    if visible.is_empty() {
        lines.push(Line::from(Span::styled("  nothing matches", t.dim())));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// Draws a pop-up's frame, centred over the panes at most `max_width`
/// columns wide, with its title on top and its keys at the bottom: the area
/// inside it, or `None` when no row is left inside.
pub(super) fn popup(
    app: &App,
    f: &mut Frame,
    size: Rect,
    max_width: u16,
    title: &str,
    hint: &str,
) -> Option<Rect> {
    let t = &app.opts.theme;
    let w = size.width.saturating_sub(4).clamp(1, max_width);
    let h = size.height.saturating_sub(2).max(1);
    let area = Rect::new(
        size.x + (size.width - w) / 2,
        size.y + 1.min(size.height),
        w,
        h.min(size.height),
    );
    f.render_widget(Clear, area);
    let block = Block::bordered()
        .title(Line::from(format!(" {title} ")).style(t.title(true)))
        .title_bottom(Line::from(hint).style(t.dim()))
        .border_style(t.border(true));
    let inner = block.inner(area);
    f.render_widget(block, area);
    (inner.height > 0).then_some(inner)
}
