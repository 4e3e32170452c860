//! Styles by name. The 16 ANSI colours, so the user's terminal theme applies;
//! with `NO_COLOR` every colour is dropped and meaning stays visible through
//! bold, underline, reverse and the `≈` / `✗` marks.

use super::doc::Mark;
use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
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

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.c(Style::new().fg(Color::White).add_modifier(Modifier::BOLD))
        } else {
            self.c(Style::new().fg(Color::DarkGray))
        }
    }

    pub fn title(&self, focused: bool) -> Style {
        if focused {
            self.c(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD))
        } else {
            self.c(Style::new().fg(Color::Gray))
        }
    }

    pub fn selected(&self) -> Style {
        self.c(Style::new().bg(Color::DarkGray))
            .add_modifier(Modifier::BOLD)
    }

    pub fn marker(&self) -> Style {
        self.c(Style::new().fg(Color::Yellow))
            .add_modifier(Modifier::BOLD)
    }

    pub fn matched(&self) -> Style {
        self.c(Style::new().fg(Color::Green))
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn dim(&self) -> Style {
        self.c(Style::new().fg(Color::DarkGray))
            .add_modifier(Modifier::DIM)
    }

    pub fn stamp(&self) -> Style {
        self.c(Style::new().fg(Color::Cyan))
    }

    pub fn month(&self) -> Style {
        self.c(Style::new().fg(Color::Magenta))
            .add_modifier(Modifier::BOLD)
    }

    pub fn status(&self) -> Style {
        self.c(Style::new().fg(Color::Gray))
    }

    pub fn message(&self) -> Style {
        self.c(Style::new().fg(Color::Yellow))
            .add_modifier(Modifier::BOLD)
    }

    pub fn link_cursor(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn control(&self) -> Style {
        self.c(Style::new().fg(Color::Red))
            .add_modifier(Modifier::DIM)
    }

    pub fn mark(&self, m: Mark) -> Style {
        let s = Style::new();
        match m {
            Mark::Keywords => self.c(s.fg(Color::Yellow)).add_modifier(Modifier::BOLD),
            Mark::Outline => s.add_modifier(Modifier::BOLD),
            Mark::Update => self.c(s.fg(Color::Magenta)),
            Mark::Url => self.c(s.fg(Color::Blue)).add_modifier(Modifier::UNDERLINED),
            Mark::Todo => self
                .c(s.fg(Color::Black).bg(Color::Yellow))
                .add_modifier(Modifier::BOLD),
            Mark::Quote => self.c(s.fg(Color::DarkGray)),
            Mark::LinkExact => self.c(s.fg(Color::Cyan)).add_modifier(Modifier::UNDERLINED),
            Mark::LinkApprox => self
                .c(s.fg(Color::Yellow))
                .add_modifier(Modifier::UNDERLINED),
            Mark::LinkDangling => self
                .c(s.fg(Color::DarkGray))
                .add_modifier(Modifier::DIM | Modifier::CROSSED_OUT),
            Mark::Annotation => self.c(s.fg(Color::Yellow)).add_modifier(Modifier::ITALIC),
            Mark::Section => self.c(s.fg(Color::Magenta)).add_modifier(Modifier::BOLD),
            Mark::Dim => self.dim(),
        }
    }
}
