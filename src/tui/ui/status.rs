//! The bottom line: where you are, or what just happened.

use crate::tui::app::{App, Pane};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.opts.theme;
    let width = usize::from(area.width);
    if let Some(p) = &app.overlays.prompt {
        let line = format!(":{p}");
        let (spans, used) = super::clipped(app, &line, &[], t.message(), width);
        f.render_widget(Paragraph::new(Line::from(spans)), area);
        let x = area.x
            + u16::try_from(used)
                .unwrap_or(area.width)
                .min(area.width.saturating_sub(1));
        f.set_cursor_position((x, area.y));
        return;
    }
    let right = key_hint(app, width);
    let right_room = width.saturating_sub(right.chars().count() + 1);
    let left = match &app.message {
        Some(m) => m.clone(),
        // Parts are dropped from the end rather than cut in the middle.
        None => {
            let mut out = String::new();
            for p in position(app) {
                let sep = if out.is_empty() { "" } else { "  " };
                if crate::text::display_width(&out, &app.opts.wrap)
                    + sep.len()
                    + crate::text::display_width(&p, &app.opts.wrap)
                    > right_room
                {
                    break;
                }
                out.push_str(sep);
                out.push_str(&p);
            }
            out
        }
    };
    let style = if app.message.is_some() {
        t.message()
    } else {
        t.status()
    };
    let right_w = right.chars().count() + 1;
    let (mut spans, used) = super::clipped(
        app,
        &left,
        &[],
        style,
        width.saturating_sub(right_w).max(width.min(10)),
    );
    if used + right_w <= width {
        spans.push(Span::raw(" ".repeat(width - used - right_w + 1)));
        spans.push(Span::styled(right, t.dim()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The keys for help and quit. Where `?` and `q` are typed (the Filter, a
/// pop-up list's query) the keys that work there are named instead.
fn key_hint(app: &App, width: usize) -> &'static str {
    let wide = width >= 60;
    if app.overlays.list.is_some() {
        return if wide {
            "Esc closes · Ctrl-c quit"
        } else {
            "Esc closes"
        };
    }
    match (
        app.focus == Pane::Filter && app.overlays.help.is_none(),
        wide,
    ) {
        (true, true) => "F1 help · Ctrl-c quit",
        (true, false) => "F1 help",
        (false, true) => "? help · q quit",
        (false, false) => "? help",
    }
}

/// `log201201.txt:412`, `entry 23/45`, `row 5/18`, `links 2 (1 ≈)`, `backlinks 2`:
/// most important first.
fn position(app: &App) -> Vec<String> {
    let store = &app.store;
    let mut parts = Vec::new();
    if let Some((done, total)) = app.loading.progress {
        parts.push(format!("loading {done}/{total} files…"));
    }
    let Some(id) = app.current_id() else {
        if store.is_empty() && app.loading.progress.is_none() {
            parts.push("no entries".into());
        }
        return parts;
    };
    let nb = store.notebook(id);
    let name = nb.path.file_name().map_or_else(
        || nb.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    parts.push(format!("{}:{}", name, store.entry(id).line));
    parts.push(format!("entry {}/{}", id + 1, store.len()));
    let rows = app.reader_rows();
    if rows > 0 {
        parts.push(format!("row {}/{}", app.reader.top + 1, rows));
    }
    let res = store.resolutions(id);
    if !res.is_empty() {
        let approx = res.iter().filter(|r| r.status() == "approximate").count();
        let dangling = res.iter().filter(|r| r.status() == "dangling").count();
        let mut s = format!("links {}", res.len());
        let mut notes = Vec::new();
        if approx > 0 {
            notes.push(format!("{approx} ≈"));
        }
        if dangling > 0 {
            notes.push(format!("{dangling} ✗"));
        }
        if !notes.is_empty() {
            s.push_str(&format!(" ({})", notes.join(", ")));
        }
        parts.push(s);
    }
    let backs = store.backlinks(id).len();
    if backs > 0 {
        parts.push(format!("backlinks {backs}"));
    }
    if app.opts.sample {
        parts.push("bundled sample".into());
    }
    parts
}
