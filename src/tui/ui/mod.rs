//! Rendering: a pure function of the `App` (after `App::prepare`).

mod filter;
mod heatmap;
mod help;
pub use help::{height as help_height, max_top as help_max_top};
mod list;
mod reader;
mod status;
mod timeline;

use super::app::{App, Pane};
use crate::text::{Cell, Glyph, WrapOptions};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use ratatui::Frame;
use std::ops::Range;

/// Below this the wide layout gives way to one pane at a time.
pub const NARROW: u16 = 80;
/// Below this nothing useful fits: one line says so.
pub const MIN_W: u16 = 20;
pub const MIN_H: u16 = 5;

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

const TABS: [(&str, Pane); 3] = [
    ("Filter", Pane::Filter),
    ("Timeline", Pane::Timeline),
    ("Reader", Pane::Reader),
];

/// The area inside a pane's border.
pub fn inner(r: Rect) -> Rect {
    Block::bordered().inner(r)
}

pub fn render(app: &App, f: &mut Frame) {
    let size = f.area();
    let a = app.areas;
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
    if app.list.is_some() {
        list::render(app, f, size);
    }
    if app.help.is_some() {
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
