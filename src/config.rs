//! `config.toml` in the platform config dir (`rizhi config --path`): notebook
//! locations, key overrides by action name, theme, widths. A bad file gets a
//! message naming the line and the key, and rizhi carries on with defaults.

use crate::tui::action::Action;
use crate::tui::keymap::{Context, Key, Keymap};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Files, folders or glob patterns (`~/notes/log*.txt`) opened when rizhi
    /// gets no path on the command line.
    #[serde(default)]
    pub notebooks: Vec<String>,
    /// Which files in a folder are notebooks (default `*.txt`).
    pub pattern: Option<String>,
    /// 1, or 2 for terminals that draw East Asian ambiguous characters wide.
    pub ambiguous_width: Option<u8>,
    /// Match Chinese by pinyin in the filter (default on).
    pub pinyin: Option<bool>,
    pub tab_width: Option<u8>,
    /// `[keys.normal] "Ctrl-n" = "next_link"`: context → key → action.
    #[serde(default)]
    pub keys: BTreeMap<String, BTreeMap<String, String>>,
    /// `[theme] link_exact = { fg = "green", underline = true }`.
    #[serde(default)]
    pub theme: BTreeMap<String, StyleSpec>,
}

#[derive(Debug, Default, Deserialize, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    pub fg: Option<String>,
    pub bg: Option<String>,
    pub bold: Option<bool>,
    pub dim: Option<bool>,
    pub italic: Option<bool>,
    pub underline: Option<bool>,
    pub reversed: Option<bool>,
    pub crossed: Option<bool>,
}

/// Where the config file lives: `$RIZHI_CONFIG`, else the platform config dir.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("RIZHI_CONFIG") {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "rizhi").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config; a missing file is the default, a bad one is the default
/// plus the messages to show.
pub fn load() -> (Config, Vec<String>) {
    let Some(p) = path() else {
        return (Config::default(), Vec::new());
    };
    match std::fs::read_to_string(&p) {
        Ok(text) => parse(&text, &p),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), Vec::new()),
        Err(e) => (Config::default(), vec![format!("{}: {e}", p.display())]),
    }
}

pub fn parse(text: &str, p: &Path) -> (Config, Vec<String>) {
    match toml::from_str::<Config>(text) {
        Ok(c) => {
            let mut problems = Vec::new();
            if let Some(w) = c.ambiguous_width {
                if w != 1 && w != 2 {
                    problems.push(format!(
                        "{}:{}: ambiguous_width must be 1 or 2, not {w}",
                        p.display(),
                        line_of(text, "ambiguous_width")
                    ));
                }
            }
            let mut km = Keymap::default();
            problems.extend(
                apply_keys(&c, &mut km)
                    .into_iter()
                    .map(|(key, msg)| format!("{}:{}: {msg}", p.display(), line_of(text, &key))),
            );
            for (name, spec) in &c.theme {
                if !crate::tui::theme::NAMES.contains(&name.as_str()) {
                    problems.push(format!(
                        "{}:{}: theme: unknown style `{name}` (known: {})",
                        p.display(),
                        line_of(text, name),
                        crate::tui::theme::NAMES.join(", ")
                    ));
                }
                for c in [&spec.fg, &spec.bg].into_iter().flatten() {
                    if parse_color(c).is_none() {
                        problems.push(format!(
                            "{}:{}: theme.{name}: unknown colour `{c}`",
                            p.display(),
                            line_of(text, c)
                        ));
                    }
                }
            }
            (c, problems)
        }
        Err(e) => {
            let line = e.span().map_or(1, |s| {
                1 + text[..s.start.min(text.len())].matches('\n').count()
            });
            let msg = e.message().replace('\n', " ");
            (
                Config::default(),
                vec![format!(
                    "{}:{line}: {msg} (using the defaults)",
                    p.display()
                )],
            )
        }
    }
}

/// The 1-based line where `needle` first appears (for messages).
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map_or(1, |i| 1 + text[..i].matches('\n').count())
}

/// Applies `[keys.*]` to a keymap; returns (key as written, problem) pairs.
pub fn apply_keys(c: &Config, km: &mut Keymap) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for (ctx_name, table) in &c.keys {
        let Some(ctx) = Context::from_name(ctx_name) else {
            let names: Vec<&str> = Context::ALL.iter().map(Context::name).collect();
            problems.push((
                ctx_name.clone(),
                format!("keys.{ctx_name}: unknown context ({})", names.join(", ")),
            ));
            continue;
        };
        for (keys, action) in table {
            let Some(seq) = parse_keys(keys) else {
                problems.push((
                    keys.clone(),
                    format!("keys.{ctx_name}: cannot read the key `{keys}`"),
                ));
                continue;
            };
            let Ok(a) = serde_json::from_value::<Action>(serde_json::Value::String(action.clone()))
            else {
                problems.push((
                    action.clone(),
                    format!("keys.{ctx_name}.\"{keys}\": unknown action `{action}`"),
                ));
                continue;
            };
            km.bind(ctx, seq, a);
        }
    }
    problems
}

/// `Ctrl-o`, `Alt-Left`, `Enter`, `g g`, `Ctrl-w w`, `Space`, `F1`, `x`.
pub fn parse_keys(s: &str) -> Option<Vec<Key>> {
    s.split_whitespace().map(parse_key).collect()
}

fn parse_key(s: &str) -> Option<Key> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = s;
    loop {
        if let Some(r) = rest
            .strip_prefix("Ctrl-")
            .or_else(|| rest.strip_prefix("C-"))
        {
            mods |= KeyModifiers::CONTROL;
            rest = r;
        } else if let Some(r) = rest
            .strip_prefix("Alt-")
            .or_else(|| rest.strip_prefix("M-"))
        {
            mods |= KeyModifiers::ALT;
            rest = r;
        } else {
            break;
        }
    }
    let code = match rest {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "Space" => KeyCode::Char(' '),
        "Backspace" => KeyCode::Backspace,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        f if f.len() > 1 && f.starts_with('F') => KeyCode::F(f[1..].parse().ok()?),
        c if c.chars().count() == 1 => {
            let ch = c.chars().next()?;
            KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                ch.to_ascii_lowercase()
            } else {
                ch
            })
        }
        _ => return None,
    };
    Some(Key::new(code, mods))
}

pub fn parse_color(s: &str) -> Option<ratatui::style::Color> {
    s.parse().ok()
}

/// Expands `~` and glob patterns in the configured notebook locations.
pub fn notebook_paths(c: &Config) -> (Vec<PathBuf>, Vec<String>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    for n in &c.notebooks {
        let expanded = match (n.strip_prefix("~/"), &home) {
            (Some(rest), Some(h)) => h.join(rest).display().to_string(),
            _ => n.clone(),
        };
        if expanded.contains(['*', '?', '[']) {
            // The pattern itself is kept: loading expands it, and expands it
            // again on a live reload, so a new month's file is found.
            match glob::Pattern::new(&expanded) {
                Ok(_) => out.push(PathBuf::from(expanded)),
                Err(e) => problems.push(format!("notebooks: `{n}`: {e}")),
            }
        } else {
            out.push(PathBuf::from(expanded));
        }
    }
    (out, problems)
}

pub const DEFAULT: &str = r##"# rizhi configuration. Every setting is optional; delete what you do not need.

# Notebooks opened when `rizhi` is started without a path: files, folders
# (searched recursively) or glob patterns. `~` is your home directory.
# notebooks = ["~/notes", "~/work/log*.txt"]

# Which files in a folder are notebooks.
# pattern = "*.txt"

# East Asian ambiguous-width characters (“ ” ‘ ’ … — ·): 1 column, or 2 for
# terminals set to draw them wide (like fzf's RUNEWIDTH_EASTASIAN).
# ambiguous_width = 1

# Match Chinese by pinyin in the filter: `sjgl` and `shijian` find 时间管理.
# pinyin = true

# Tab stops in the reader.
# tab_width = 8

# Keys: [keys.CONTEXT] with "KEY" = "action". Contexts: filter, normal,
# timeline, reader, anywhere, prompt (the : line), list, heatmap, help. Keys:
# "x", "G", "Ctrl-o", "Alt-Left", "Enter", "Space", "F1", sequences like
# "g g". Actions are the names in the ? help, in snake_case: next_link,
# follow_link, back, forward, quit, delete_word, history_prev, close, ...
# A printable key bound to nothing is typed (filter, prompt, list) or, for a
# digit in normal mode, a count.
# [keys.reader]
# "Ctrl-n" = "next_link"
# "Ctrl-p" = "prev_link"

# Styles: [theme] NAME = { fg = "cyan", bg = "black", bold = true, dim = false,
# italic = false, underline = true, reversed = false, crossed = false }.
# Colours: the 16 ANSI names (red, lightred, ...), "#rrggbb" or 0-255.
# [theme]
# link_exact = { fg = "green", underline = true }
"##;

/// `rizhi config --path | --init`.
pub fn cli(show_path: bool, init: bool) -> ExitCode {
    let Some(p) = path() else {
        crate::cli::warn("no config directory on this system");
        return ExitCode::from(2);
    };
    if init {
        if p.exists() {
            crate::cli::warn(format_args!("{} exists; not overwriting it", p.display()));
            return ExitCode::from(2);
        }
        let written = p
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&p, DEFAULT));
        if let Err(e) = written {
            crate::cli::warn(format_args!("{}: {e}", p.display()));
            return ExitCode::from(2);
        }
        println!("{}", crate::cli::for_terminal(&p.display().to_string()));
        return ExitCode::SUCCESS;
    }
    if show_path {
        println!("{}", crate::cli::for_terminal(&p.display().to_string()));
        return ExitCode::SUCCESS;
    }
    let (_, problems) = load();
    if problems.is_empty() {
        println!("{}: ok", crate::cli::for_terminal(&p.display().to_string()));
        ExitCode::SUCCESS
    } else {
        for m in problems {
            crate::cli::warn(m);
        }
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_parses_clean() {
        let (c, problems) = parse(DEFAULT, Path::new("config.toml"));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(c.notebooks.is_empty());
    }

    #[test]
    fn bad_files_name_the_line_and_the_key() {
        let text = "pinyin = true\nnotebok = [\"x\"]\n";
        let (_, p) = parse(text, Path::new("c.toml"));
        assert!(p[0].starts_with("c.toml:2:"), "{p:?}");
        assert!(p[0].contains("notebok"), "{p:?}");
        let text = "[keys.reader]\n\"Ctrl-n\" = \"jump_around\"\n";
        let (_, p) = parse(text, Path::new("c.toml"));
        assert!(
            p[0].starts_with("c.toml:2:") && p[0].contains("jump_around"),
            "{p:?}"
        );
        let text = "ambiguous_width = 3\n";
        let (_, p) = parse(text, Path::new("c.toml"));
        assert!(p[0].contains("ambiguous_width"), "{p:?}");
        let (_, p) = parse(
            "[theme]\nlink_exact = { fg = \"blurple\" }\n",
            Path::new("c.toml"),
        );
        assert!(
            p[0].contains("blurple") && p[0].starts_with("c.toml:2:"),
            "{p:?}"
        );
    }

    #[test]
    fn keys_rebind_actions() {
        let (c, p) = parse(
            "[keys.reader]\n\"Ctrl-n\" = \"next_link\"\n\"g x\" = \"quit\"\n",
            Path::new("c"),
        );
        assert!(p.is_empty(), "{p:?}");
        let mut km = Keymap::default();
        assert!(apply_keys(&c, &mut km).is_empty());
        let k = parse_keys("Ctrl-n").unwrap();
        assert_eq!(
            km.lookup(&k, &[Context::Reader]),
            crate::tui::keymap::Lookup::Action(Action::NextLink)
        );
    }
}
