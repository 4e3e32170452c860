//! Reading `[keys.*]` from the config: key names (`Ctrl-o`, `g g`) and
//! action names, with a problem reported for each one that cannot be read.

use super::*;
use crate::config::Config;

/// The `[keys.*]` problems of a config, for [`crate::config::load`] (which
/// adds the lines): what the browser would report on applying them.
pub fn check(c: &Config) -> Vec<(String, String)> {
    apply_keys(c, &mut Keymap::default())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key name the config accepts, modifiers in either spelling and
    /// order, `F` alone a letter, and what is not a key.
    #[test]
    fn key_names_parse_to_their_keys() {
        let none = KeyModifiers::NONE;
        let named = [
            ("Enter", KeyCode::Enter),
            ("Esc", KeyCode::Esc),
            ("Tab", KeyCode::Tab),
            ("Space", KeyCode::Char(' ')),
            ("Backspace", KeyCode::Backspace),
            ("Up", KeyCode::Up),
            ("Down", KeyCode::Down),
            ("Left", KeyCode::Left),
            ("Right", KeyCode::Right),
            ("Home", KeyCode::Home),
            ("End", KeyCode::End),
            ("PageUp", KeyCode::PageUp),
            ("PageDown", KeyCode::PageDown),
            ("F1", KeyCode::F(1)),
            ("F12", KeyCode::F(12)),
            ("F", KeyCode::Char('F')),
            ("读", KeyCode::Char('读')),
        ];
        for (name, code) in named {
            assert_eq!(parse_key(name), Some(Key::new(code, none)), "{name}");
        }
        let both = KeyModifiers::CONTROL | KeyModifiers::ALT;
        for name in ["Ctrl-Alt-x", "C-M-X", "Alt-Ctrl-x", "M-C-x"] {
            assert_eq!(
                parse_key(name),
                Some(Key::new(KeyCode::Char('x'), both)),
                "{name}"
            );
        }
        assert_eq!(
            parse_key("M-Left"),
            Some(Key::new(KeyCode::Left, KeyModifiers::ALT))
        );
        for bad in ["", "xy", "Fx", "Ctrl-", "Enterr", "F1x"] {
            assert_eq!(parse_key(bad), None, "{bad:?}");
        }
        assert_eq!(
            parse_keys("g g"),
            Some(vec![Key::new(KeyCode::Char('g'), none); 2])
        );
    }
}
