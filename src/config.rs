//! `config.toml` in the platform config dir (`rizhi config --path`): notebook
//! locations, key overrides by action name, theme, widths. A bad file gets a
//! message naming the line and the key, and rizhi carries on with defaults.
//!
//! This is data: key and style strings stay strings here. The browser parses
//! and checks them (`tui::keymap`, `tui::theme`) and hands its checks to
//! [`load`] as [`Check`]s, so their problems get line numbers like the rest.
//! [`Sources`] decides once, for both front ends, what to open.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// The editor for `e` and `rizhi new`, over `$VISUAL` / `$EDITOR`: a
    /// command, or a template with `{line}`, `{col}` and `{file}`.
    pub editor: Option<String>,
    /// The largest notebook read, in MiB (default 256): a larger file is
    /// refused with a message naming it.
    pub max_file_mb: Option<u64>,
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

/// A check of values this module keeps as strings (keys, colours): returns
/// (text to find the line by, message) pairs.
pub type Check = fn(&Config) -> Vec<(String, String)>;

/// Reads the config; a missing file is the default, a bad one is the default
/// plus the messages to show. `checks` look at what only a front end can read.
pub fn load(checks: &[Check]) -> (Config, Vec<String>) {
    let Some(p) = path() else {
        return (Config::default(), Vec::new());
    };
    match std::fs::read_to_string(&p) {
        Ok(text) => parse(&text, &p, checks),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), Vec::new()),
        Err(e) => (Config::default(), vec![format!("{}: {e}", p.display())]),
    }
}

/// Parses `text` (the file at `p`): every problem names the file and line.
pub fn parse(text: &str, p: &Path, checks: &[Check]) -> (Config, Vec<String>) {
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
            for check in checks {
                problems.extend(
                    check(&c)
                        .into_iter()
                        .map(|(at, msg)| format!("{}:{}: {msg}", p.display(), line_of(text, &at))),
                );
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

/// The 1-based line where `needle` first appears (for messages): as written,
/// else as a key or string value once TOML escapes are read
/// (`"\u0061mbiguous_width"` is `ambiguous_width`).
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).or_else(|| {
        let doc = toml::de::DeTable::parse(text).ok()?;
        decoded_at(doc.get_ref(), needle)
    });
    at.map_or(1, |i| 1 + text[..i.min(text.len())].matches('\n').count())
}

/// The offset of the first key or string value in `table` (at any depth)
/// that reads `needle`.
fn decoded_at(table: &toml::de::DeTable<'_>, needle: &str) -> Option<usize> {
    use toml::de::DeValue;
    fn in_value(v: &toml::Spanned<DeValue<'_>>, needle: &str) -> Option<usize> {
        match v.get_ref() {
            DeValue::String(s) if s.as_ref() == needle => Some(v.span().start),
            DeValue::Table(t) => decoded_at(t, needle),
            DeValue::Array(a) => a.iter().find_map(|x| in_value(x, needle)),
            _ => None,
        }
    }
    let mut found: Vec<usize> = table
        .iter()
        .filter_map(|(k, v)| {
            if k.get_ref().as_ref() == needle {
                Some(k.span().start)
            } else {
                in_value(v, needle)
            }
        })
        .collect();
    found.sort_unstable();
    found.first().copied()
}

/// Expands `~` and glob patterns in the configured notebook locations.
fn notebook_paths(c: &Config) -> (Vec<PathBuf>, Vec<String>) {
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

# The editor for `e` in the browser and `rizhi new` (default: $VISUAL, else
# $EDITOR, else vi). A template names where the line, column and file go:
# {line}, {col}, {file}. It is split like a shell does (quotes work, no shell
# runs); the file is always one argument, and the last one if not named.
# Without placeholders, rizhi passes +LINE to the editors it knows (vim, nano,
# emacs, helix, kak, micro, ...), --goto FILE:LINE to VS Code, else the file.
# editor = "myed +{line} {file}"
# editor = "subl {file}:{line}:{col}"

# The largest notebook read, in MiB (at most 4095): a larger file is left out
# with a message.
# max_file_mb = 256

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

/// What to open, decided once for both front ends (the browser and every
/// subcommand), with the same warnings for the same config.
#[derive(Debug, Default)]
pub struct Sources {
    /// Files, folders and glob patterns: the command line's, else the
    /// config's `notebooks` (`~` expanded, globs kept for loading to expand).
    pub paths: Vec<PathBuf>,
    /// Which files in a folder are notebooks (`pattern`); `None`: `*.txt`.
    pub pattern: Option<glob::Pattern>,
    /// Nothing given or configured: the bundled sample is shown instead.
    pub sample: bool,
    /// What to tell the user: the config file's problems, bad `notebooks`
    /// globs, a bad `pattern` (which is then ignored).
    pub warnings: Vec<String>,
}

impl Sources {
    /// Reads the config file (with `checks`, see [`load`]) and resolves
    /// `given`, the paths on the command line: the one start-up path.
    pub fn start(given: Vec<PathBuf>, checks: &[Check]) -> (Config, Sources) {
        let (config, mut warnings) = load(checks);
        if let Some(mb) = config.max_file_mb {
            let limit = crate::notebook::MAX_FILE_MB_LIMIT;
            if mb > limit {
                warnings.push(format!("max_file_mb: {mb} is over {limit}, the most rizhi reads in one notebook: {limit} used"));
            }
            crate::notebook::set_max_file_mb(mb);
        }
        let mut sources = Sources::resolve(given, &config);
        warnings.append(&mut sources.warnings);
        sources.warnings = warnings;
        (config, sources)
    }

    /// The paths to open and the pattern, from `given` or else `config`.
    pub fn resolve(given: Vec<PathBuf>, config: &Config) -> Sources {
        let (paths, mut warnings) = if given.is_empty() {
            notebook_paths(config)
        } else {
            (given, Vec::new())
        };
        let pattern = match config.pattern.as_deref().map(glob::Pattern::new) {
            Some(Ok(p)) => Some(p),
            Some(Err(e)) => {
                warnings.push(format!("pattern: {e}"));
                None
            }
            None => None,
        };
        Sources {
            sample: paths.is_empty(),
            paths,
            pattern,
            warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_parses_clean() {
        let (c, problems) = parse(DEFAULT, Path::new("config.toml"), &[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(c.notebooks.is_empty());
    }

    #[test]
    fn bad_files_name_the_line_and_the_key() {
        let text = "pinyin = true\nnotebok = [\"x\"]\n";
        let (_, p) = parse(text, Path::new("c.toml"), &[]);
        assert!(p[0].starts_with("c.toml:2:"), "{p:?}");
        assert!(p[0].contains("notebok"), "{p:?}");
        let text = "ambiguous_width = 3\n";
        let (_, p) = parse(text, Path::new("c.toml"), &[]);
        assert!(p[0].contains("ambiguous_width"), "{p:?}");
    }

    #[test]
    fn keys_and_values_written_with_escapes_get_their_own_line() {
        let text = "pinyin = true\n\n\"\\u0061mbiguous_width\" = 3\n";
        let (_, p) = parse(text, Path::new("c.toml"), &[]);
        assert!(p[0].starts_with("c.toml:3: ambiguous_width"), "{p:?}");
        let text = "pinyin = true\n[theme]\ntitle = { fg = \"r\\u0065d\" }\n";
        let (_, p) = parse(text, Path::new("c.toml"), &[no_colours]);
        assert_eq!(p, vec!["c.toml:3: no colour `red`".to_string()]);
    }

    #[test]
    fn widths_one_and_two_are_fine_and_escaped_names_are_found_past_other_strings() {
        for w in [1, 2] {
            let (c, p) = parse(
                &format!("ambiguous_width = {w}\n"),
                Path::new("c.toml"),
                &[],
            );
            assert!(p.is_empty() && c.ambiguous_width == Some(w), "{p:?}");
        }
        // A string value before the escaped key is not the key.
        let text = "pattern = \"*.md\"\n\"\\u0061mbiguous_width\" = 3\n";
        let (_, p) = parse(text, Path::new("c.toml"), &[]);
        assert!(p[0].starts_with("c.toml:2: ambiguous_width"), "{p:?}");
        // A value written with escapes inside an array is found there.
        let text = "pinyin = true\nnotebooks = [\"a.txt\", \"r\\u0065d.txt\"]\n";
        let (_, p) = parse(text, Path::new("c.toml"), &[names_red]);
        assert_eq!(p, vec!["c.toml:2: red".to_string()]);
    }

    fn names_red(_: &Config) -> Vec<(String, String)> {
        vec![("red.txt".into(), "red".into())]
    }

    fn no_colours(c: &Config) -> Vec<(String, String)> {
        c.theme
            .values()
            .filter_map(|s| s.fg.clone())
            .map(|fg| (fg.clone(), format!("no colour `{fg}`")))
            .collect()
    }

    #[test]
    fn checks_problems_get_the_line_of_what_they_name() {
        let text = "pinyin = true\n[theme]\ntitle = { fg = \"red\" }\n";
        let (_, p) = parse(text, Path::new("c.toml"), &[no_colours]);
        assert_eq!(p, vec!["c.toml:3: no colour `red`".to_string()]);
    }

    #[test]
    fn sources_take_the_command_line_over_the_config() {
        let c = Config {
            notebooks: vec!["/notes/a.txt".into(), "/notes/log*.txt".into()],
            ..Config::default()
        };
        let s = Sources::resolve(vec![PathBuf::from("b.txt")], &c);
        assert_eq!(s.paths, vec![PathBuf::from("b.txt")]);
        assert!(!s.sample && s.warnings.is_empty() && s.pattern.is_none());
        let s = Sources::resolve(Vec::new(), &c);
        assert_eq!(
            s.paths,
            vec![
                PathBuf::from("/notes/a.txt"),
                PathBuf::from("/notes/log*.txt")
            ]
        );
        let s = Sources::resolve(Vec::new(), &Config::default());
        assert!(s.sample && s.paths.is_empty());
        // `~/` is the home folder; `~` elsewhere is a name like any other.
        let home = directories::BaseDirs::new()
            .expect("a home")
            .home_dir()
            .to_path_buf();
        let c = Config {
            notebooks: vec!["~/notes/a.txt".into(), "x/~/b.txt".into()],
            ..Config::default()
        };
        let s = Sources::resolve(Vec::new(), &c);
        assert_eq!(
            s.paths,
            [home.join("notes/a.txt"), PathBuf::from("x/~/b.txt")]
        );
    }

    #[test]
    fn a_bad_pattern_or_glob_is_a_warning_and_is_ignored() {
        let c = Config {
            notebooks: vec!["/notes/[".into()],
            pattern: Some("[".into()),
            ..Config::default()
        };
        let s = Sources::resolve(Vec::new(), &c);
        assert!(s.pattern.is_none());
        assert_eq!(s.warnings.len(), 2, "{:?}", s.warnings);
        assert!(
            s.warnings[0].starts_with("notebooks: `/notes/[`"),
            "{:?}",
            s.warnings
        );
        assert!(s.warnings[1].starts_with("pattern: "), "{:?}", s.warnings);
        let c = Config {
            pattern: Some("*.log".into()),
            ..Config::default()
        };
        let s = Sources::resolve(vec![PathBuf::from("x")], &c);
        assert_eq!(s.pattern, glob::Pattern::new("*.log").ok());
    }
}
