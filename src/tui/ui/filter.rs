//! The Filter pane: the query line and the matching entries, best first.

use super::{clipped, pane_block};
use crate::search::{Preview, Scope};
use crate::tui::app::{App, Pane};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.opts.theme;
    let n = app.result_count();
    let title = Line::from(format!(" Filter · {} ", app.filter.scope.label()));
    let count = Line::from(format!(" {}/{} ", n, app.store.len()));
    let block = pane_block(app, Pane::Filter, title, count);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let width = usize::from(inner.width);
    // The query line; long queries show their end.
    let q = &app.filter.query;
    // Measured once, then trimmed from the front: re-measuring the rest after
    // each dropped character was quadratic in the query's length.
    let cells: Vec<(usize, usize)> = crate::text::cells(q, &app.opts.wrap)
        .map(|c| (c.byte + c.len, c.width))
        .collect();
    let mut rest: usize = cells.iter().map(|c| c.1).sum();
    let mut start = 0;
    for &(end, w) in &cells {
        if rest + 3 <= width {
            break;
        }
        rest -= w;
        start = end;
    }
    let mut spans = vec![Span::styled("> ", t.marker())];
    let (qs, used) = clipped(app, &q[start..], &[], Style::new(), width.saturating_sub(3));
    spans.extend(qs);
    f.render_widget(
        Paragraph::new(Line::from(spans)),
        Rect { height: 1, ..inner },
    );
    if app.focus == Pane::Filter && app.overlays.prompt.is_none() && app.overlays.help.is_none() {
        let x = inner.x
            + u16::try_from(2 + used)
                .unwrap_or(inner.width)
                .min(inner.width - 1);
        f.set_cursor_position((x, inner.y));
    }
    let row_h = app.filter_row_height();
    let list_h = usize::from(inner.height.saturating_sub(1)) / row_h;
    if n == 0 {
        if inner.height > 1 && !app.store.is_empty() {
            let msg = if app.filter.scope == Scope::Keywords {
                "no match · Ctrl-t searches whole entries"
            } else {
                "no match"
            };
            let (s, _) = clipped(app, msg, &[], t.dim(), width);
            f.render_widget(
                Paragraph::new(Line::from(s)),
                Rect {
                    y: inner.y + 1,
                    height: 1,
                    ..inner
                },
            );
        }
        return;
    }
    let years = match (app.store.first(), app.store.last()) {
        (Some(a), Some(b)) => {
            a.date().format("%Y").to_string() != b.date().format("%Y").to_string()
        }
        _ => false,
    };
    let mut lines = Vec::with_capacity(list_h);
    let styled = |marks: &[std::ops::Range<usize>]| -> Marks {
        marks.iter().map(|r| (r.clone(), t.matched())).collect()
    };
    for (row, found) in app.filter.rows.iter().take(list_h).enumerate() {
        let i = app.filter.top + row;
        let id = found.id;
        let selected = i == app.filter.sel;
        let base = if selected { t.selected() } else { Style::new() };
        let stamp = app.store.entry(id).stamp;
        let date = if years {
            stamp.to_string()
        } else {
            stamp.short()
        };
        let mut spans = vec![
            Span::styled(if selected { "▌" } else { " " }, t.marker()),
            Span::styled(format!("{date} "), base.patch(t.stamp())),
        ];
        let mut room = width.saturating_sub(2 + date.chars().count());
        let title = app.store.title(id);
        let (title, marks, cut) = bring_match_into_view(app, title, styled(&found.title), room);
        if cut {
            spans.push(Span::styled("…", base.patch(t.dim())));
            room -= 1;
        }
        let (s, used) = clipped(app, title, &marks, base, room);
        spans.extend(s);
        room -= used;
        if selected && room > 0 {
            spans.push(Span::styled(" ".repeat(room), base));
        }
        lines.push(Line::from(spans));
        if row_h == 2 {
            let mut spans = vec![Span::raw("    ")];
            let room = width.saturating_sub(4);
            match &found.preview {
                Some(Preview::Line { line, marks }) => {
                    let line = &app.store.body(id)[line.clone()];
                    let (line, marks, cut) = bring_match_into_view(app, line, styled(marks), room);
                    let mut room = room;
                    if cut {
                        spans.push(Span::styled("…", t.dim()));
                        room -= 1;
                    }
                    spans.extend(clipped(app, line, &marks, t.dim(), room).0);
                }
                _ => spans.push(Span::styled(
                    "(long entry: open it to see the match)",
                    t.dim(),
                )),
            }
            lines.push(Line::from(spans));
        }
    }
    f.render_widget(
        Paragraph::new(lines),
        Rect {
            y: inner.y + 1,
            height: inner.height - 1,
            ..inner
        },
    );
}

/// When the first highlighted character would fall off the right edge, drops
/// text from the left (the caller shows `…`) so the match is visible, as fzf does.
fn bring_match_into_view<'a>(
    app: &App,
    text: &'a str,
    marks: Vec<(std::ops::Range<usize>, Style)>,
    room: usize,
) -> (&'a str, Vec<(std::ops::Range<usize>, Style)>, bool) {
    let Some(first) = marks.first().map(|m| m.0.start) else {
        return (text, marks, false);
    };
    let wrap = &app.opts.wrap;
    let last = marks.last().map_or(first, |m| m.0.end).min(text.len());
    if crate::text::display_width(&text[..last], wrap) < room || room < 12 {
        return (text, marks, false);
    }
    // Keep a little context before the first match.
    let mut start = first;
    let mut ctx = 0;
    while start > 0 && ctx < 6 {
        start -= 1;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        ctx += 1;
    }
    let moved = marks
        .into_iter()
        .filter(|(r, _)| r.start >= start)
        .map(|(r, s)| (r.start - start..r.end - start, s))
        .collect();
    (&text[start..], moved, true)
}

type Marks = Vec<(std::ops::Range<usize>, Style)>;
