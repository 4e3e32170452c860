//! The Reader pane: the current entry wrapped by our own layout (CJK-correct,
//! hanging indents under outline items), styled, with a scrollbar.

use super::{clipped, pane_block, spans};
use crate::tui::app::{App, Pane};
use crate::tui::doc::Mark;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use ratatui::Frame;
use std::collections::HashMap;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.opts.theme;
    let store = &app.store;
    let Some(id) = app.current_id() else {
        let block = pane_block(app, Pane::Reader, Line::from(" Reader "), Line::from(""));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let msg = if app.loading.progress.is_some() {
            "loading…"
        } else {
            "no entries"
        };
        f.render_widget(Paragraph::new(Span::styled(msg, t.dim())), inner);
        return;
    };
    let e = store.entry(id);
    let nb = store.notebook(id);
    let name = nb.path.file_name().map_or_else(
        || nb.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let res = store.resolutions(id);
    let mut title = format!(" {} · {}:{} ", e.stamp.notebook_form(), name, e.line);
    if let Some(r) = e.revision {
        title.push_str(&format!("· rev {} ", r.notebook_form()));
    }
    let right = title_counts(
        res.len(),
        res.iter().filter(|r| r.status() == "approximate").count(),
        store.backlinks(id).len(),
        store.series_of(id).next().map(|s| {
            let pos = s.parts.iter().position(|p| p.0 == id).unwrap_or(0);
            (pos + 1, s.parts.len())
        }),
    );
    // Both titles share the top border: the counts give way first.
    let room = usize::from(area.width.saturating_sub(4));
    let wrap = &app.opts.wrap;
    let tw = crate::text::display_width(&title, wrap);
    let right = if tw + crate::text::display_width(&right, wrap) > room {
        String::new()
    } else {
        right
    };
    // The file name is the file system's, not ours: drawn through the text
    // module like note text, so an escape sequence or a bidi override in it
    // shows in visible form instead of reaching the terminal.
    let (title, _) = clipped(app, &title, &[], Style::new(), room);
    let block = pane_block(app, Pane::Reader, Line::from(title), Line::from(right));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let (Some(doc), Some(layout)) = (app.reader.doc.as_ref(), app.reader.layout.as_ref()) else {
        return;
    };
    let opts = *layout.options();
    let width = opts.width.max(1);
    let mut lines = Vec::with_capacity(usize::from(inner.height));
    let visible = app.reader.top..(app.reader.top + usize::from(inner.height)).min(layout.rows());
    // The styled ranges of each doc line on screen, gathered once per frame
    // (not per row): a line may hold 100,000 links, and looking each one's
    // status up among all the line's marks, for every row, was quadratic.
    let mut styled: Vec<(usize, Vec<Styled>)> = Vec::new();
    for r in visible.clone() {
        let Some((li, _)) = layout.row(r) else { break };
        if styled.last().is_none_or(|(l, _)| *l != li) {
            if let Some(dl) = doc.lines.get(li) {
                styled.push((li, line_marks(app, doc, li, dl)));
            }
        }
    }
    for r in visible {
        let Some((li, row)) = layout.row(r) else {
            break;
        };
        let Some(dl) = doc.lines.get(li) else { break };
        let all = styled
            .iter()
            .find(|(l, _)| *l == li)
            .map_or(&[][..], |(_, m)| &m[..]);
        // Only the ranges this row shows, in their order (a later one wins).
        let marks: Vec<Styled> = all
            .iter()
            .filter(|(m, _)| m.start < row.end && m.end > row.start)
            .cloned()
            .collect();
        let indent = row.indent.min(width);
        let mut out = vec![Span::raw(" ".repeat(indent))];
        let cells = crate::text::row_cells(&dl.text, &row, &opts);
        let (s, _) = spans(cells, &marks, Style::new(), t.control(), width - indent);
        out.extend(s);
        lines.push(Line::from(out));
    }
    let text_area = Rect {
        width: inner.width.saturating_sub(1),
        ..inner
    };
    f.render_widget(Paragraph::new(lines), text_area);
    let rows = layout.rows();
    if rows > usize::from(inner.height) && inner.width > 1 {
        let mut sb = ScrollbarState::new(rows.saturating_sub(usize::from(inner.height)))
            .position(app.reader.top)
            .viewport_content_length(usize::from(inner.height));
        f.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .track_symbol(Some("│"))
                .thumb_symbol("█")
                .style(t.dim()),
            inner,
            &mut sb,
        );
    }
}

/// A range of a doc line and its style.
type Styled = (std::ops::Range<usize>, Style);

/// Every styled range of doc line `li`: its own marks, then its links (the
/// link under the cursor highlighted), in the order `spans` wants them (a
/// later range wins). Linear in the line's marks and the doc's links.
fn line_marks(
    app: &App,
    doc: &crate::tui::doc::Doc,
    li: usize,
    dl: &crate::tui::doc::DocLine,
) -> Vec<Styled> {
    let t = &app.opts.theme;
    let mut out: Vec<Styled> = dl
        .marks
        .iter()
        .map(|(r, m)| (r.clone(), t.mark(*m)))
        .collect();
    let status = link_status(dl);
    for (i, l) in doc.links.iter().enumerate().filter(|(_, l)| l.line == li) {
        let m = if dl.source.is_none() {
            Mark::LinkExact
        } else {
            status
                .get(&(l.range.start, l.range.end))
                .copied()
                .unwrap_or(Mark::LinkExact)
        };
        let mut s = t.mark(m);
        if app.reader.link == Some(i) {
            s = s.patch(t.link_cursor());
        }
        out.push((l.range.clone(), s));
    }
    out
}

/// The link mark already on each range of a source line (its resolution
/// status), the first one where a range has several.
fn link_status(dl: &crate::tui::doc::DocLine) -> HashMap<(usize, usize), Mark> {
    let mut status = HashMap::new();
    for (r, m) in &dl.marks {
        if matches!(m, Mark::LinkExact | Mark::LinkApprox | Mark::LinkDangling) {
            status.entry((r.start, r.end)).or_insert(*m);
        }
    }
    status
}

/// The Reader title's right side: `3 links (1 ≈) · 1 backlink · part 2 of 4`,
/// each part left out when there is nothing to count.
fn title_counts(
    links: usize,
    approx: usize,
    backlinks: usize,
    part: Option<(usize, usize)>,
) -> String {
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if links > 0 {
        let mut l = plural(links, "link");
        if approx > 0 {
            l.push_str(&format!(" ({approx} ≈)"));
        }
        parts.push(l);
    }
    if backlinks > 0 {
        parts.push(plural(backlinks, "backlink"));
    }
    if let Some((at, of)) = part {
        parts.push(format!("part {at} of {of}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" {} ", parts.join(" · "))
    }
}

#[cfg(test)]
mod tests {
    use super::title_counts;

    #[test]
    fn title_counts_say_one_and_many_and_leave_out_nothing_to_count() {
        assert_eq!(title_counts(0, 0, 0, None), "");
        assert_eq!(title_counts(1, 0, 0, None), " 1 link ");
        assert_eq!(title_counts(3, 1, 1, None), " 3 links (1 ≈) · 1 backlink ");
        assert_eq!(
            title_counts(0, 0, 2, Some((2, 4))),
            " 2 backlinks · part 2 of 4 "
        );
    }
}
