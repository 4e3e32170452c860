//! The Filter pane: the query line and the matching entries, best first.

use super::{clipped, pane_block};
use crate::search::{match_bytes, Scope};
use crate::tui::app::{App, Pane};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::cell::RefCell;

thread_local! {
    /// One matcher for highlighting visible rows (its scratch space is reused).
    static MATCHER: RefCell<nucleo::Matcher> = RefCell::new(crate::search::matcher());
}

/// Bodies longer than this get no best-line preview (it would be matched every
/// frame); the entry itself still matches.
const PREVIEW_LIMIT: usize = 256 * 1024;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.opts.theme;
    let n = app.result_count();
    let title = Line::from(format!(" Filter · {} ", app.scope.label()));
    let count = Line::from(format!(" {}/{} ", n, app.store.len()));
    let block = pane_block(app, Pane::Filter, title, count);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let width = usize::from(inner.width);
    // The query line; long queries show their end.
    let q = &app.query;
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
    if app.focus == Pane::Filter && app.prompt.is_none() && app.help.is_none() {
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
            let msg = if app.scope == Scope::Keywords {
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
    MATCHER.with(|m| {
        let m = &mut m.borrow_mut();
        for row in 0..list_h {
            let i = app.filter_top + row;
            let Some(id) = app.result(i) else { break };
            let selected = i == app.filter_sel;
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
            let hl =
                |text: &str, m: &mut nucleo::Matcher| -> Vec<(std::ops::Range<usize>, Style)> {
                    if app.query.is_empty() {
                        return Vec::new();
                    }
                    match_bytes(&app.pattern, text, m)
                        .into_iter()
                        .map(|b| {
                            (
                                b..b + text[b..].chars().next().map_or(1, char::len_utf8),
                                t.matched(),
                            )
                        })
                        .collect()
                };
            let marks = if app.scope == Scope::Keywords
                && app.search.is_pinyin(i as u32)
                && !app.query.is_empty()
            {
                pinyin_marks(app, title, m)
            } else if app.scope == Scope::Keywords {
                hl(title, m)
            } else {
                Vec::new()
            };
            let (title, marks, cut) = bring_match_into_view(app, title, marks, room);
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
                let body = app.store.body(id);
                let room = width.saturating_sub(4);
                let found = (body.len() <= PREVIEW_LIMIT)
                    .then(|| best_line(body, hl(body, m)))
                    .flatten();
                match found {
                    Some((line, marks)) => {
                        let (line, marks, cut) = bring_match_into_view(app, line, marks, room);
                        let mut room = room;
                        if cut {
                            spans.push(Span::styled("…", t.dim()));
                            room -= 1;
                        }
                        spans.extend(clipped(app, line, &marks, t.dim(), room).0);
                    }
                    None => spans.push(Span::styled(
                        "(long entry: open it to see the match)",
                        t.dim(),
                    )),
                }
                lines.push(Line::from(spans));
            }
        }
    });
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

/// Highlights for a row that matched by pinyin: the hanzi whose spelling the
/// query hit.
fn pinyin_marks(app: &App, title: &str, m: &mut nucleo::Matcher) -> Marks {
    let Some((hay, from)) = crate::pinyin::haystack(title) else {
        return Vec::new();
    };
    let mut out: Marks = Vec::new();
    for b in match_bytes(&app.pattern, &hay, m) {
        let ci = hay[..b].chars().count();
        let Some(&tb) = from.get(ci) else { continue };
        let len = title[tb..].chars().next().map_or(1, char::len_utf8);
        if out.last().map(|l| l.0.start) != Some(tb) {
            out.push((tb..tb + len, app.opts.theme.matched()));
        }
    }
    out
}

/// The body line holding the first matched character, trimmed of its indent,
/// with the highlights moved onto it.
fn best_line(body: &str, marks: Vec<(std::ops::Range<usize>, Style)>) -> Option<(&str, Marks)> {
    let first = marks.first()?.0.start;
    let start = body[..first].rfind('\n').map_or(0, |i| i + 1);
    let end = body[first..].find('\n').map_or(body.len(), |i| first + i);
    let line = &body[start..end];
    let trimmed = line.trim_start();
    let off = start + (line.len() - trimmed.len());
    let moved = marks
        .into_iter()
        .filter(|(r, _)| r.start >= off && r.end <= end)
        .map(|(r, s)| (r.start - off..r.end - off, s))
        .collect();
    Some((trimmed, moved))
}
