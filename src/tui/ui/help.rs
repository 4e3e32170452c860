//! The help overlay, generated from the keymap so it cannot go stale, with
//! the mouse (not keys, so not in the keymap) at the end. Its length is
//! `Keymap::help_len`, which the app scrolls by.

use super::clipped;
use crate::tui::app::App;
use crate::tui::keymap::MOUSE;
use crate::tui::layout::help_area;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

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
    let area = help_area(size);
    f.render_widget(Clear, area);
    let block = Block::bordered()
        .title(Line::from(" Keys · Esc or ? closes · j/k scroll ").style(t.title(true)))
        .border_style(t.border(true));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let lines = lines(app);
    let top = app
        .overlays
        .help
        .unwrap_or(0)
        .min(lines.len().saturating_sub(usize::from(inner.height)));
    let shown: Vec<Line> = lines.into_iter().skip(top).collect();
    f.render_widget(Paragraph::new(shown), inner);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::Options;

    #[test]
    fn the_app_scrolls_by_as_many_lines_as_are_drawn() {
        let opts = Options {
            now: chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .expect("a date"),
            theme: crate::tui::theme::Theme::default(),
            wrap: crate::text::WrapOptions::default(),
            sample: false,
        };
        let app = crate::tui::open(Vec::new(), opts);
        assert_eq!(lines(&app).len(), app.keymap.help_len());
    }
}
