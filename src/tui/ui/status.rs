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
    let mut right = key_hint(app, width);
    let right_room = width.saturating_sub(right.chars().count() + 1);
    let w = |s: &str| crate::text::display_width(s, &app.opts.wrap);
    let left = match &app.message {
        // A message outranks the key hint: the hint goes first, then the
        // message's last words (never a word cut in two).
        Some(m) if w(m) > right_room => {
            right = "";
            match fit_words(m, width, &w) {
                cut if cut.is_empty() => m.clone(),
                cut => cut,
            }
        }
        Some(m) => m.clone(),
        // The selected link's target, then where the reader is. Parts are
        // dropped from the end rather than cut in the middle; the peek's
        // parts lose their last words.
        None => {
            let mut out = String::new();
            let peek = app.link_peek();
            let peeked = peek.len();
            for (i, p) in peek.into_iter().chain(position(app)).enumerate() {
                let sep = if out.is_empty() { "" } else { "  " };
                let room = right_room.saturating_sub(w(&out) + sep.len());
                if w(&p) > room {
                    if out.is_empty() || i < peeked {
                        let cut = fit_words(&p, room, &w);
                        if !cut.is_empty() && cut != "…" {
                            out.push_str(sep);
                            out.push_str(&cut);
                        }
                    }
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
    let right_w = if right.is_empty() {
        0
    } else {
        right.chars().count() + 1
    };
    let (mut spans, used) = super::clipped(
        app,
        &left,
        &[],
        style,
        width.saturating_sub(right_w).max(width.min(10)),
    );
    if !right.is_empty() && used + right_w <= width {
        spans.push(Span::raw(" ".repeat(width - used - right_w + 1)));
        spans.push(Span::styled(right, t.dim()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `text` cut after its last whole word that fits `room` columns with an
/// `…`; all of it when it fits.
fn fit_words(text: &str, room: usize, w: &dyn Fn(&str) -> usize) -> String {
    if w(text) <= room {
        return text.to_string();
    }
    let ends = text
        .char_indices()
        .filter(|&(_, c)| c == ' ')
        .map(|(i, _)| i)
        .collect::<Vec<_>>();
    for &end in ends.iter().rev() {
        let head = text[..end].trim_end_matches([',', ';', ':', ' ', '·']);
        if !head.is_empty() && w(head) < room {
            return format!("{head}…");
        }
    }
    String::new()
}

/// The keys for help and quit. Where `?` and `q` are typed (the Filter, a
/// pop-up list's query) the keys that work there are named instead.
fn key_hint(app: &App, width: usize) -> &'static str {
    let wide = width >= 60;
    if app.overlays.list.is_some() || app.overlays.keywords.is_some() {
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
