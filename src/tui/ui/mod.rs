//! Rendering: a pure function of the `App` (after `App::prepare`).

mod filter;
mod heatmap;
mod help;
mod keywords;
mod list;
mod reader;
mod status;
mod timeline;

use super::app::App;
use super::layout::{Pane, MIN_H, MIN_W, TABS};
use crate::text::{Cell, Glyph, WrapOptions};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use ratatui::Frame;
use std::ops::Range;

pub fn render(app: &App, f: &mut Frame) {
    let size = f.area();
    let a = app.screen.areas;
    if a.too_small {
        let msg = format!("rizhi needs at least {MIN_W}×{MIN_H}");
        let (shown, _) =
            crate::text::truncate_to_width(&msg, usize::from(size.width), &WrapOptions::default());
        f.render_widget(
            Paragraph::new(shown.to_string()),
            Rect {
                height: size.height.min(1),
                ..size
            },
        );
        return;
    }
    if a.tabs[0].0.width > 0 {
        for (r, p) in a.tabs {
            let full = TABS.iter().find(|t| t.1 == p).map_or("", |t| t.0);
            let label = if r.width < 6 + 2 {
                &full[..3.min(full.len())]
            } else {
                full
            };
            let style = if p == app.focus {
                app.opts
                    .theme
                    .title(true)
                    .add_modifier(ratatui::style::Modifier::REVERSED)
            } else {
                app.opts.theme.title(false)
            };
            f.render_widget(Paragraph::new(Span::styled(format!(" {label} "), style)), r);
        }
    }
    if !a.filter.is_empty() {
        filter::render(app, f, a.filter);
    }
    if !a.timeline.is_empty() {
        timeline::render(app, f, a.timeline);
    }
    if !a.reader.is_empty() {
        reader::render(app, f, a.reader);
    }
    status::render(app, f, a.status);
    if app.overlays.list.is_some() {
        list::render(app, f, size);
    }
    if app.overlays.keywords.is_some() {
        keywords::render(app, f, size);
    }
    if app.overlays.help.is_some() {
        help::render(app, f, size);
    }
    if app.opts.wrap.ambiguous_wide {
        finish(f.buffer_mut());
    }
}

/// A pane's frame: thin border, bright when focused, title left and right.
pub fn pane_block<'a>(app: &App, pane: Pane, title: Line<'a>, right: Line<'a>) -> Block<'a> {
    let focused = app.focus == pane;
    let t = &app.opts.theme;
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Plain)
        .border_style(t.border(focused))
        .title(title.style(t.title(focused)))
        .title_top(right.right_aligned().style(t.title(focused)))
}

/// Draws part of a text as spans no wider than `max` columns: graphemes
/// measured by the text module, control characters in their visible form,
/// each grapheme styled by the last mark that covers it.
pub fn spans<'a>(
    cells: impl Iterator<Item = Cell<'a>>,
    marks: &[(Range<usize>, Style)],
    base: Style,
    control: Style,
    max: usize,
) -> (Vec<Span<'a>>, usize) {
    let mut out: Vec<Span<'a>> = Vec::new();
    let mut cur = String::new();
    let mut cur_style = base;
    let mut used = 0;
    for c in cells {
        if used + c.width > max {
            break;
        }
        let mut style = marks
            .iter()
            .rev()
            .find(|(r, _)| r.contains(&c.byte))
            .map_or(base, |(_, s)| base.patch(*s));
        let piece: std::borrow::Cow<str> = match &c.glyph {
            // A glyph we count as two columns that ratatui counts as one (East
            // Asian ambiguous width): a placeholder cell follows it, and
            // `finish` marks that cell skipped so the terminal's second column
            // is left alone.
            Glyph::Text(s) if c.width == 2 && unicode_width::UnicodeWidthStr::width(*s) == 1 => {
                format!("{s}{WIDE_PAD}").into()
            }
            Glyph::Text(s) => (*s).into(),
            Glyph::Tab(w) => " ".repeat(*w).into(),
            Glyph::Control(s) => {
                style = style.patch(control);
                s.clone().into()
            }
        };
        if style != cur_style && !cur.is_empty() {
            out.push(Span::styled(std::mem::take(&mut cur), cur_style));
        }
        cur_style = style;
        cur.push_str(&piece);
        used += c.width;
    }
    if !cur.is_empty() {
        out.push(Span::styled(cur, cur_style));
    }
    (out, used)
}

/// The placeholder after an ambiguous-width glyph drawn two columns wide.
pub const WIDE_PAD: char = '\u{E000}';

/// Marks the placeholder cells skipped: the terminal already covered them with
/// the wide glyph before, and the backend moves the cursor past them.
pub fn finish(buf: &mut ratatui::buffer::Buffer) {
    let pad = WIDE_PAD.to_string();
    for cell in buf.content.iter_mut() {
        if cell.symbol() == pad {
            cell.set_symbol(" ");
            cell.set_diff_option(ratatui::buffer::CellDiffOption::Skip);
        }
    }
}

/// A one-line text (a title, a keyword line) clipped to `max` columns.
pub fn clipped<'a>(
    app: &App,
    text: &'a str,
    marks: &[(Range<usize>, Style)],
    base: Style,
    max: usize,
) -> (Vec<Span<'a>>, usize) {
    let opts = app.opts.wrap;
    spans(
        crate::text::cells(text, &opts),
        marks,
        base,
        app.opts.theme.control(),
        max,
    )
}
