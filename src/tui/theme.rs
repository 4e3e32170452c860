//! Styles by name. The 16 ANSI colours, so the user's terminal theme applies;
//! with `NO_COLOR` every colour is dropped and meaning stays visible through
//! bold, underline, reverse and the `≈` / `✗` marks.

use super::doc::Mark;
use crate::config::{Config, StyleSpec};
use ratatui::style::{Color, Modifier, Style};

use std::collections::HashMap;

/// Every style name the `[theme]` table of the config accepts.
pub const NAMES: [&str; 27] = [
    "border",
    "border_focus",
    "title",
    "title_focus",
    "selected",
    "marker",
    "matched",
    "current_match",
    "dim",
    "stamp",
    "month",
    "status",
    "message",
    "link_cursor",
    "landing",
    "control",
    "keywords",
    "outline",
    "update",
    "url",
    "todo",
    "quote",
    "link_exact",
    "link_approx",
    "link_dangling",
    "annotation",
    "section",
];

#[derive(Clone, Debug, Default)]
pub struct Theme {
    pub color: bool,
    /// Styles from the config, by name; they replace the built-in ones.
    pub overrides: HashMap<&'static str, Style>,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme {
            color,
            overrides: HashMap::new(),
        }
    }

    /// Colour unless `NO_COLOR` is set (to anything non-empty), plus the
    /// config's `[theme]` overrides.
    pub fn from_env(specs: &std::collections::BTreeMap<String, StyleSpec>) -> Theme {
        let mut t = Theme::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()));
        for (name, spec) in specs {
            if let Some(n) = NAMES.iter().find(|n| **n == name) {
                t.overrides.insert(n, style_of(spec));
            }
        }
        t
    }

    fn c(&self, s: Style) -> Style {
        if self.color {
            s
        } else {
            Style {
                fg: None,
                bg: None,
                ..s
            }
        }
    }

    fn named(&self, name: &'static str, default: Style) -> Style {
        self.c(self.overrides.get(name).copied().unwrap_or(default))
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.named(
                "border_focus",
                Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
            )
        } else {
            self.named("border", Style::new().fg(Color::DarkGray))
        }
    }

    pub fn title(&self, focused: bool) -> Style {
        if focused {
            self.named(
                "title_focus",
                Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            )
        } else {
            self.named("title", Style::new().fg(Color::Gray))
        }
    }

    pub fn selected(&self) -> Style {
        self.named(
            "selected",
            Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
        )
    }

    pub fn marker(&self) -> Style {
        self.named(
            "marker",
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        )
    }

    pub fn matched(&self) -> Style {
        self.named(
            "matched",
            Style::new()
                .fg(Color::Green)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// The match Ctrl-n / Ctrl-p went to, in the reader.
    pub fn current_match(&self) -> Style {
        self.named(
            "current_match",
            Style::new()
                .fg(Color::Green)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED | Modifier::REVERSED),
        )
    }

    pub fn dim(&self) -> Style {
        self.named(
            "dim",
            Style::new().fg(Color::DarkGray).add_modifier(Modifier::DIM),
        )
    }

    pub fn stamp(&self) -> Style {
        self.named("stamp", Style::new().fg(Color::Cyan))
    }

    pub fn month(&self) -> Style {
        self.named(
            "month",
            Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
        )
    }

    pub fn status(&self) -> Style {
        self.named("status", Style::new().fg(Color::Gray))
    }

    pub fn message(&self) -> Style {
        self.named(
            "message",
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        )
    }

    pub fn link_cursor(&self) -> Style {
        self.named("link_cursor", Style::new().add_modifier(Modifier::REVERSED))
    }

    /// The line a jump landed on (a link's section, a todo), until the next
    /// key: reversed without colour, where the link cursor is not drawn.
    pub fn landing(&self) -> Style {
        let default = if self.color {
            Style::new().bg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        };
        self.named("landing", default)
    }

    pub fn control(&self) -> Style {
        self.named(
            "control",
            Style::new().fg(Color::Red).add_modifier(Modifier::DIM),
        )
    }

    pub fn mark(&self, m: Mark) -> Style {
        let s = Style::new();
        match m {
            Mark::Keywords => {
                self.named("keywords", s.fg(Color::Yellow).add_modifier(Modifier::BOLD))
            }
            Mark::Outline => self.named("outline", s.add_modifier(Modifier::BOLD)),
            Mark::Update => self.named("update", s.fg(Color::Magenta)),
            Mark::Url => self.named("url", s.fg(Color::Blue).add_modifier(Modifier::UNDERLINED)),
            Mark::Todo => self.named(
                "todo",
                s.fg(Color::Black)
                    .bg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
            ),
            Mark::Quote => self.named("quote", s.fg(Color::DarkGray)),
            Mark::LinkExact => self.named(
                "link_exact",
                s.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED),
            ),
            Mark::LinkApprox => self.named(
                "link_approx",
                s.fg(Color::Yellow).add_modifier(Modifier::UNDERLINED),
            ),
            Mark::LinkDangling => self.named(
                "link_dangling",
                s.fg(Color::DarkGray)
                    .add_modifier(Modifier::DIM | Modifier::CROSSED_OUT),
            ),
            Mark::Annotation => self.named(
                "annotation",
                s.fg(Color::Yellow).add_modifier(Modifier::ITALIC),
            ),
            Mark::Section => {
                self.named("section", s.fg(Color::Magenta).add_modifier(Modifier::BOLD))
            }
            Mark::Dim => self.dim(),
        }
    }
}

fn style_of(spec: &StyleSpec) -> Style {
    let mut s = Style::new();
    if let Some(c) = spec.fg.as_deref().and_then(parse_color) {
        s = s.fg(c);
    }
    if let Some(c) = spec.bg.as_deref().and_then(parse_color) {
        s = s.bg(c);
    }
    for (on, m) in [
        (spec.bold, Modifier::BOLD),
        (spec.dim, Modifier::DIM),
        (spec.italic, Modifier::ITALIC),
        (spec.underline, Modifier::UNDERLINED),
        (spec.reversed, Modifier::REVERSED),
        (spec.crossed, Modifier::CROSSED_OUT),
    ] {
        if on == Some(true) {
            s = s.add_modifier(m);
        }
    }
    s
}

/// A colour as the config writes it: an ANSI name, `#rrggbb` or 0-255.
pub fn parse_color(s: &str) -> Option<Color> {
    s.parse().ok()
}

/// The `[theme]` problems of a config (unknown style names and colours), for
/// [`crate::config::load`] (which adds the lines).
pub fn check(c: &Config) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for (name, spec) in &c.theme {
        if !NAMES.contains(&name.as_str()) {
            problems.push((
                name.clone(),
                format!(
                    "theme: unknown style `{name}` (known: {})",
                    NAMES.join(", ")
                ),
            ));
        }
        for c in [&spec.fg, &spec.bg].into_iter().flatten() {
            if parse_color(c).is_none() {
                problems.push((c.clone(), format!("theme.{name}: unknown colour `{c}`")));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_styles_and_colours_name_their_line() {
        let (_, p) = crate::config::parse(
            "[theme]\nlink_exact = { fg = \"blurple\" }\n",
            std::path::Path::new("c.toml"),
            &[check],
        );
        assert!(
            p[0].contains("blurple") && p[0].starts_with("c.toml:2:"),
            "{p:?}"
        );
        let (c, p) = crate::config::parse(
            "pinyin = true\n[theme]\nshiny = { bg = \"#102030\" }\n",
            std::path::Path::new("c.toml"),
            &[check],
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].starts_with("c.toml:3: theme: unknown style `shiny`"),
            "{p:?}"
        );
        assert_eq!(
            style_of(&c.theme["shiny"]).bg,
            Some(Color::Rgb(0x10, 0x20, 0x30))
        );
    }

    /// In colour every style shows; without colour (`NO_COLOR`) the things
    /// that carry meaning still differ through bold, underline, reverse and
    /// dim: focus, the selected row, the current match among matches, the
    /// link cursor and a dangling link.
    #[test]
    fn every_style_shows_and_meaning_survives_without_colour() {
        let t = Theme::new(true);
        let styles = [
            ("border", t.border(false)),
            ("border_focus", t.border(true)),
            ("title", t.title(false)),
            ("title_focus", t.title(true)),
            ("selected", t.selected()),
            ("marker", t.marker()),
            ("matched", t.matched()),
            ("current_match", t.current_match()),
            ("dim", t.dim()),
            ("stamp", t.stamp()),
            ("month", t.month()),
            ("status", t.status()),
            ("message", t.message()),
            ("link_cursor", t.link_cursor()),
            ("landing", t.landing()),
            ("control", t.control()),
        ];
        for (name, style) in styles {
            assert_ne!(style, Style::default(), "{name} shows nothing");
        }
        let plain = Theme::new(false);
        let no_colour = |s: Style| s.fg.is_none() && s.bg.is_none();
        let pairs = [
            ("focus", plain.border(true), plain.border(false)),
            ("focused title", plain.title(true), plain.title(false)),
            ("selected row", plain.selected(), Style::default()),
            ("current match", plain.current_match(), plain.matched()),
            ("a match", plain.matched(), Style::default()),
            ("link cursor", plain.link_cursor(), Style::default()),
            ("landing", plain.landing(), Style::default()),
            // An approximate link is told from an exact one by the `≈ 11:47`
            // after it (doc.rs), not by its style.
            (
                "exact / dangling link",
                plain.mark(Mark::LinkExact),
                plain.mark(Mark::LinkDangling),
            ),
        ];
        for (what, a, b) in pairs {
            assert!(no_colour(a) && no_colour(b), "{what}: colour with NO_COLOR");
            assert_ne!(a, b, "{what} lost without colour");
        }
    }
}
