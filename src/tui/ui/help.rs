//! The help overlay, generated from the keymap so it cannot go stale, with
//! the mouse (not keys, so not in the keymap) at the end.

use super::clipped;
use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

/// What the mouse does (see `app/mouse.rs`).
const MOUSE: [(&str, &str); 4] = [
    ("wheel", "scroll the pane under the pointer (3 lines)"),
    ("click", "focus a pane, select the row clicked"),
    ("click a link", "follow it (in the Reader)"),
    ("click a tab", "narrow layout: show that pane"),
];

fn area(size: Rect) -> Rect {
    let w = size.width.saturating_sub(4).min(76);
    let h = size.height.saturating_sub(2);
    Rect::new(size.x + (size.width - w) / 2, size.y + 1, w, h)
}

/// Rows of text the overlay shows at once in a terminal of `size`.
pub fn height(size: Rect) -> usize {
    usize::from(area(size).height.saturating_sub(2)).max(1)
}

/// The furthest the help scrolls: its last line at the bottom.
pub fn max_top(app: &App, size: Rect) -> usize {
    lines(app).len().saturating_sub(height(size))
}

fn lines(app: &App) -> Vec<Line<'static>> {
    let t = &app.opts.theme;
    let mut lines = Vec::new();
    let mut last = None;
    let row = |lines: &mut Vec<Line<'static>>, keys: &str, what: &'static str| {
        // Keys may come from the config file: drawn through the text module
        // so a control character in one cannot reach the terminal.
        let keys = format!("  {keys:<25}");
        let mut row: Vec<Span> = clipped(app, &keys, &[], t.stamp(), usize::MAX)
            .0
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style))
            .collect();
        row.push(Span::raw(what));
        lines.push(Line::from(row));
    };
    for (ctx, keys, what) in app.keymap.help_rows() {
        if last != Some(ctx) {
            if last.is_some() {
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled(ctx.label(), t.month())));
            last = Some(ctx);
        }
        row(&mut lines, &keys, what);
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Mouse", t.month())));
    for (keys, what) in MOUSE {
        row(&mut lines, keys, what);
    }
    lines
}

pub fn render(app: &App, f: &mut Frame, size: Rect) {
    let t = &app.opts.theme;
    let area = area(size);
    f.render_widget(Clear, area);
    let block = Block::bordered()
        .title(Line::from(" Keys · Esc or ? closes · j/k scroll ").style(t.title(true)))
        .border_style(t.border(true));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let lines = lines(app);
    let top = app
        .help
        .unwrap_or(0)
        .min(lines.len().saturating_sub(usize::from(inner.height)));
    let shown: Vec<Line> = lines.into_iter().skip(top).collect();
    f.render_widget(Paragraph::new(shown), inner);
}
