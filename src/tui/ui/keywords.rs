//! The keyword browser (`K`) over the panes: `count  keyword  last use  sparkline`.

use super::clipped;
use crate::store::keywords::sparkline;
use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(app: &App, f: &mut Frame, size: Rect) {
    let Some(v) = &app.overlays.keywords else {
        return;
    };
    let t = &app.opts.theme;
    let hint = " type to narrow · Ctrl-s sort · Enter filters · Esc closes ";
    let Some(inner) = super::list::popup(app, f, size, 110, &v.title(), hint) else {
        return;
    };
    let width = usize::from(inner.width);
    let mut query = vec![Span::styled("> ", t.marker())];
    query.extend(clipped(app, &v.filter, &[], Style::new(), width.saturating_sub(2)).0);
    let mut lines = vec![Line::from(query)];
    let visible = v.visible();
    let rows = usize::from(inner.height.saturating_sub(1));
    let sel = v.sel.min(visible.len().saturating_sub(1));
    let top = sel.saturating_sub(rows.saturating_sub(1));
    let count_w = visible
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    // The sparkline takes what is left after the keyword's share, at most
    // one column per month.
    let name_w = (width / 3).clamp(8, 32);
    let fixed = 1 + count_w + 2 + name_w + 2 + 10 + 2;
    let spark_w = width.saturating_sub(fixed).min(v.table.months);
    for (i, r) in visible.iter().enumerate().skip(top).take(rows) {
        let selected = i == sel;
        let base = if selected { t.selected() } else { Style::new() };
        let head = format!(
            "{}{:>count_w$}  ",
            if selected { "▌" } else { " " },
            r.count
        );
        let mut spans = vec![Span::styled(head, base.patch(t.marker()))];
        let (s, used) = clipped(app, &r.keyword, &[], base, name_w);
        spans.extend(s);
        spans.push(Span::styled(" ".repeat(name_w - used + 2), base));
        spans.push(Span::styled(
            r.last.date().format("%Y-%m-%d").to_string(),
            base.patch(t.stamp()),
        ));
        spans.push(Span::styled("  ", base));
        let spark = sparkline(&r.months, spark_w);
        let spark_len = spark.chars().count();
        spans.push(Span::styled(spark, base.patch(t.matched())));
        let rest = width.saturating_sub(fixed + spark_len);
        if selected && rest > 0 {
            spans.push(Span::styled(" ".repeat(rest), base));
        }
        lines.push(Line::from(spans));
    }
    if visible.is_empty() {
        lines.push(Line::from(Span::styled("  nothing matches", t.dim())));
    }
    f.render_widget(Paragraph::new(lines), inner);
}
