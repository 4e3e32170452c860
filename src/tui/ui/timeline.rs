//! The Timeline pane: every entry in time order under month headings, the
//! current one marked, non-matching ones dimmed while a query is active.

use super::{clipped, pane_block};
use crate::tui::app::{App, Pane, TimelineRow};
use chrono::Datelike;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.opts.theme;
    let store = &app.store;
    let cur = app.current_id();
    let month = cur
        .map(|id| store.entry(id).stamp.date().format("%Y-%m").to_string())
        .unwrap_or_default();
    let title = Line::from(format!(" Timeline · {month} "));
    let right = match &app.timeline.matched {
        Some(m) => {
            let n = m.iter().filter(|b| **b).count();
            Line::from(format!(
                " {n} {} ",
                if n == 1 { "match" } else { "matches" }
            ))
        }
        None => Line::from(""),
    };
    let block = pane_block(app, Pane::Timeline, title, right);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if app.overlays.heatmap.is_some() {
        return super::heatmap::render(app, f, inner);
    }
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    for (shown, row) in app
        .timeline
        .rows
        .iter()
        .skip(app.timeline.top)
        .take(usize::from(inner.height))
        .enumerate()
    {
        match *row {
            TimelineRow::Month {
                year,
                month,
                first,
                count,
            } => {
                let head = format!("{year}-{month:02}");
                let tail = format!(" {count} {}", if count == 1 { "entry" } else { "entries" });
                let room = width.saturating_sub(head.len() + tail.len() + 2);
                let spark = sparkline(app, first, count, room.min(31));
                let mut spans = vec![
                    Span::styled(head, t.month()),
                    Span::raw(" "),
                    Span::styled(spark, t.stamp()),
                ];
                spans.push(Span::styled(tail, t.dim()));
                let line = Line::from(spans);
                lines.push(line);
            }
            TimelineRow::Entry { id, first_of_day } => {
                let e = store.entry(id);
                let selected = Some(id) == cur;
                let dimmed = app
                    .timeline
                    .matched
                    .as_ref()
                    .is_some_and(|m| !m.get(id).copied().unwrap_or(false));
                let mut base = if selected { t.selected() } else { Style::new() };
                if dimmed && !selected {
                    base = base.patch(t.dim());
                }
                let d = e.stamp.date();
                // The top row names its day even when scrolled mid-day.
                let day = if first_of_day || shown == 0 {
                    format!("{} {:02}", d.format("%a"), d.day())
                } else {
                    "      ".to_string()
                };
                let backs = store.backlinks(id).len();
                let count = if backs > 0 {
                    format!(" {backs}")
                } else {
                    String::new()
                };
                let mut spans = vec![
                    Span::styled(if selected { "▌" } else { " " }, t.marker()),
                    Span::styled(format!("{day}  "), base),
                    Span::styled(
                        format!("{}  ", e.stamp.hm()),
                        if dimmed { base } else { base.patch(t.stamp()) },
                    ),
                ];
                let room = width.saturating_sub(16 + count.len());
                let (s, used) = clipped(app, store.title(id), &[], base, room);
                spans.extend(s);
                let pad = width.saturating_sub(16 + used + count.len());
                spans.push(Span::styled(" ".repeat(pad), base));
                spans.push(Span::styled(count, base.patch(t.dim())));
                lines.push(Line::from(spans));
            }
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// Entries per day of a month as bars, squeezed into `room` columns.
fn sparkline(app: &App, first: usize, count: usize, room: usize) -> String {
    if room == 0 {
        return String::new();
    }
    let store = &app.store;
    let mut days = [0usize; 31];
    for id in first..first + count {
        let d = store.entry(id).stamp.date().day0() as usize;
        days[d.min(30)] += 1;
    }
    let last_day = store.entry(first + count - 1).stamp.date();
    let n = match last_day
        .with_day(1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
    {
        Some(next) => (next - chrono::Duration::days(1)).day() as usize,
        None => 31,
    };
    let buckets = room.min(n);
    let mut sums = vec![0usize; buckets];
    for (d, c) in days.iter().take(n).enumerate() {
        sums[d * buckets / n] += c;
    }
    let max = sums.iter().copied().max().unwrap_or(0).max(1);
    sums.iter()
        .map(|&s| {
            if s == 0 {
                ' '
            } else {
                BARS[(s * 7).div_ceil(max).min(7)]
            }
        })
        .collect()
}
