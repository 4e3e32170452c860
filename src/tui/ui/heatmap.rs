//! The year heatmap in the Timeline pane: months down, days across, one cell a
//! day shaded by how many entries were written that day.

use crate::tui::app::year_counts;
use crate::tui::app::App;
use chrono::{Datelike, NaiveDate};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

const SHADES: [&str; 5] = ["·", "░", "▒", "▓", "█"];

pub fn render(app: &App, f: &mut Frame, inner: Rect) {
    let Some(h) = app.overlays.heatmap else {
        return;
    };
    let t = &app.opts.theme;
    let year = h.cursor.year();
    let counts = year_counts(app, year);
    let total: usize = counts.iter().flatten().sum();
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{year}"), t.month()),
        Span::styled(format!("  {total} entries"), t.dim()),
    ])];
    for (m, row) in counts.iter().enumerate() {
        let mut spans = vec![Span::styled(format!("{:02} ", m + 1), t.dim())];
        for (d, &c) in row.iter().enumerate() {
            let Some(date) = NaiveDate::from_ymd_opt(year, m as u32 + 1, d as u32 + 1) else {
                spans.push(Span::raw(" "));
                continue;
            };
            let cell = SHADES[c.min(4)];
            let mut style = if c == 0 { t.dim() } else { t.stamp() };
            if date == h.cursor {
                style = style.patch(t.link_cursor());
            }
            spans.push(Span::styled(cell, style));
        }
        lines.push(Line::from(spans));
    }
    let c = counts[h.cursor.month0() as usize][h.cursor.day0() as usize];
    lines.push(Line::from(Span::styled(
        format!("{} {}: {c} entries", h.cursor, h.cursor.format("%a")),
        t.message(),
    )));
    lines.push(Line::from(Span::styled(
        "· 0 ░ 1 ▒ 2 ▓ 3 █ 4+  Enter opens · Esc",
        t.dim(),
    )));
    f.render_widget(Paragraph::new(lines), inner);
}
