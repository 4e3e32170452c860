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
    let counts = title_counts(
        res.len(),
        res.iter().filter(|r| r.status() == "approximate").count(),
        store.backlinks(id).len(),
        store.series_of(id).next().map(|s| {
            let pos = s.parts.iter().position(|p| p.0 == id).unwrap_or(0);
            (pos + 1, s.parts.len())
        }),
    );
    let room = usize::from(area.width.saturating_sub(4));
    let (title, right) = title_parts(
        &e.stamp.notebook_form(),
        &name,
        e.line,
        e.revision.map(|r| r.notebook_form()).as_deref(),
        counts,
        room,
        &|s| crate::text::display_width(s, &app.opts.wrap),
    );
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
        let base = if dl.source.is_some() && dl.source == app.reader.landed {
            t.landing()
        } else {
            Style::new()
        };
        let mut out = vec![Span::styled(" ".repeat(indent), base)];
        let cells = crate::text::row_cells(&dl.text, &row, &opts);
        let (s, used) = spans(cells, &marks, base, t.control(), width - indent);
        out.extend(s);
        if base != Style::new() {
            // The whole row, so a short line still shows where it landed.
            out.push(Span::styled(
                " ".repeat(width.saturating_sub(indent + used)),
                base,
            ));
        }
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
    // The query's matches, while they are this entry's and this query's.
    let hits = app
        .reader
        .hits
        .as_ref()
        .filter(|h| h.key == doc.key && h.query == app.filter.query);
    for (r, current) in hits.into_iter().flat_map(|h| h.marks_on(li)) {
        let s = if current {
            t.current_match()
        } else {
            t.matched()
        };
        out.push((r, s));
    }
    out
}

/// The link mark already on each range of a source line (its resolution
/// status), the first one where a range has several.
fn link_status(dl: &crate::tui::doc::DocLine) -> HashMap<(usize, usize), Mark> {
    let mut status = HashMap::new();
    for (r, m) in &dl.marks {
        if matches!(
            m,
            Mark::LinkExact | Mark::LinkApprox | Mark::LinkDangling | Mark::Url
        ) {
            status.entry((r.start, r.end)).or_insert(*m);
        }
    }
    status
}

/// The Reader title's right side: `3 links (1 ≈) · 1 backlink · part 2 of 4`,
/// each part left out when there is nothing to count.
/// The Reader's two titles on one border, in `room` columns. What stays,
/// most important first: the entry's stamp, the counts (right), the whole
/// revision stamp, then `file:line`, whose file name is shortened from the
/// front (`…201201.txt:412`) before it goes. Nothing is cut inside a stamp
/// or a count.
fn title_parts(
    stamp: &str,
    name: &str,
    line: u32,
    revision: Option<&str>,
    counts: String,
    room: usize,
    w: &dyn Fn(&str) -> usize,
) -> (String, String) {
    let mut left = format!(" {stamp} ");
    let right = if w(&left) + w(&counts) <= room {
        counts
    } else {
        String::new()
    };
    let rev = revision.map(|r| format!("· rev {r} ")).unwrap_or_default();
    let rev = if w(&left) + w(&rev) + w(&right) <= room {
        rev
    } else {
        String::new()
    };
    let spare = room.saturating_sub(w(&left) + w(&rev) + w(&right));
    let whole = format!("· {name}:{line} ");
    if w(&whole) <= spare {
        left.push_str(&whole);
    } else {
        // `· …` + the name's tail + `:LINE `: at least eight characters of
        // the name (more than an extension), or none of it.
        let fixed = w(&format!("· …:{line} "));
        let mut tail: Vec<char> = Vec::new();
        let mut used = 0;
        for c in name.chars().rev() {
            let cw = w(c.encode_utf8(&mut [0; 4]));
            if fixed + used + cw > spare {
                break;
            }
            used += cw;
            tail.push(c);
        }
        if tail.len() >= 8 {
            let tail: String = tail.into_iter().rev().collect();
            left.push_str(&format!("· …{tail}:{line} "));
        }
    }
    left.push_str(&rev);
    (left, right)
}

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
    use super::{title_counts, title_parts};

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

    /// Issue 14: at 100 columns the title lost its counts and cut the
    /// revision stamp inside its date. The file name gives way first, then
    /// the revision, then the counts; a stamp is whole or absent.
    #[test]
    fn the_title_gives_way_by_priority_never_inside_a_stamp() {
        let w = |s: &str| s.chars().count();
        let at = |room| {
            let (l, r) = title_parts(
                "09:05 2014-03-02",
                "tui_screen.txt",
                4,
                Some("21:40 2014-03-03"),
                " 5 links (1 ≈) · part 2 of 2 ".into(),
                room,
                &w,
            );
            assert!(w(&l) + w(&r) <= room.max(18), "{room}: {l:?} {r:?}");
            format!("{l}|{r}")
        };
        assert_eq!(
            at(200),
            " 09:05 2014-03-02 · tui_screen.txt:4 · rev 21:40 2014-03-03 | 5 links (1 ≈) · part 2 of 2 "
        );
        assert_eq!(
            at(84),
            " 09:05 2014-03-02 · …reen.txt:4 · rev 21:40 2014-03-03 | 5 links (1 ≈) · part 2 of 2 "
        );
        assert_eq!(
            at(80),
            " 09:05 2014-03-02 · rev 21:40 2014-03-03 | 5 links (1 ≈) · part 2 of 2 "
        );
        assert_eq!(
            at(66),
            " 09:05 2014-03-02 · tui_screen.txt:4 | 5 links (1 ≈) · part 2 of 2 "
        );
        assert_eq!(
            at(62),
            " 09:05 2014-03-02 · …creen.txt:4 | 5 links (1 ≈) · part 2 of 2 "
        );
        assert_eq!(at(60), " 09:05 2014-03-02 | 5 links (1 ≈) · part 2 of 2 ");
        // No room for the counts with the stamp: the file, not half of them.
        assert_eq!(at(40), " 09:05 2014-03-02 · tui_screen.txt:4 |");
        assert_eq!(at(10), " 09:05 2014-03-02 |");
    }
}
