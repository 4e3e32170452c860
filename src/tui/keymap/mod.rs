//! Keys → actions, per context. The help overlay is generated from this table;
//! the default bindings are in `defaults.rs`, reading `[keys.*]` in `parse.rs`.

use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod defaults;
mod parse;

pub use parse::{apply_keys, check, parse_keys};

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Typing in the Filter.
    Filter,
    /// Timeline and Reader (vim's normal mode).
    Normal,
    Timeline,
    Reader,
    /// Every pane, the Filter included, and every overlay.
    Anywhere,
    /// The `:` line.
    Prompt,
    /// A pop-up list (`t`, `T`, `o`, `:files`).
    List,
    /// The year heatmap (`H`), in the Timeline; Timeline keys it leaves work.
    Heatmap,
    /// The `?` overlay.
    Help,
    /// `rizhi pick`, before the pane's own keys (no overlay open).
    Pick,
}

impl Context {
    /// Every context, in the order the help shows them.
    pub const ALL: [Context; 10] = [
        Context::Filter,
        Context::Normal,
        Context::Timeline,
        Context::Reader,
        Context::Anywhere,
        Context::Prompt,
        Context::List,
        Context::Heatmap,
        Context::Help,
        Context::Pick,
    ];

    pub fn label(&self) -> &'static str {
        match self {
            Context::Filter => "Filter",
            Context::Normal => "Timeline and Reader (normal mode)",
            Context::Timeline => "Timeline",
            Context::Reader => "Reader",
            Context::Anywhere => "Anywhere",
            Context::Prompt => "The : line (go to a date or stamp; :files)",
            Context::List => "Lists (t todos, T thread, o on this day, :files)",
            Context::Heatmap => "Heatmap (H, in the Timeline)",
            Context::Help => "This help",
            Context::Pick => "rizhi pick (the chooser)",
        }
    }

    /// The name in config.toml: `[keys.NAME]`.
    pub fn name(&self) -> &'static str {
        match self {
            Context::Filter => "filter",
            Context::Normal => "normal",
            Context::Timeline => "timeline",
            Context::Reader => "reader",
            Context::Anywhere => "anywhere",
            Context::Prompt => "prompt",
            Context::List => "list",
            Context::Heatmap => "heatmap",
            Context::Help => "help",
            Context::Pick => "pick",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Where an unbound printable key is typed as text.
    fn types_text(&self) -> bool {
        matches!(self, Context::Filter | Context::Prompt | Context::List)
    }
}

/// A key with its modifiers, as the user presses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        Key { code, mods }
    }

    pub fn from_event(e: KeyEvent) -> Key {
        let mut mods = e.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        // Shift is part of the character for printable keys (`G`, `?`).
        if !matches!(e.code, KeyCode::Char(_)) {
            mods |= e.modifiers & KeyModifiers::SHIFT;
        }
        let code = match e.code {
            // Ctrl-\ ] ^ _ arrive as 0x1c-0x1f, which crossterm reports as
            // Ctrl-4 … Ctrl-7: one key, whichever way it comes.
            KeyCode::Char(c @ '4'..='7') if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(['\\', ']', '^', '_'][(c as u8 - b'4') as usize])
            }
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            // Terminals send Tab for Ctrl-i; treat both as one key.
            KeyCode::BackTab => KeyCode::BackTab,
            c => c,
        };
        Key { code, mods }
    }

    /// How the help overlay spells the key (`Ctrl-o`, `Alt-←`, `G`, `Space`).
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            c => format!("{c:?}"),
        };
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        s + &base
    }
}

/// One binding: a key sequence (one or two keys) in a context.
#[derive(Clone, Debug)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    pub action: Action,
}

pub struct Keymap {
    pub bindings: Vec<Binding>,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

fn ch(c: char) -> Key {
    Key::new(KeyCode::Char(c), NONE)
}
fn ctrl(c: char) -> Key {
    Key::new(KeyCode::Char(c), CTRL)
}
fn code(c: KeyCode) -> Key {
    Key::new(c, NONE)
}

/// What a key (sequence) means now.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Action(Action),
    /// The keys so far begin a longer binding: wait for the next key.
    Pending,
    None,
}

impl Keymap {
    /// Looks up `keys` (pending prefix plus the new key) for a pane. More specific
    /// contexts win over `Normal`, which wins over `Anywhere`. Keys that are a
    /// binding and also begin a longer one (Ctrl-w in the Filter) wait.
    pub fn lookup(&self, keys: &[Key], contexts: &[Context]) -> Lookup {
        for ctx in contexts {
            let mut pending = false;
            let mut exact = None;
            for b in self.bindings.iter().filter(|b| b.context == *ctx) {
                if b.keys == keys {
                    exact = Some(b.action);
                }
                if b.keys.len() > keys.len() && b.keys.starts_with(keys) {
                    pending = true;
                }
            }
            if pending {
                return Lookup::Pending;
            }
            if let Some(a) = exact {
                return Lookup::Action(a);
            }
        }
        Lookup::None
    }

    /// The action bound to exactly `keys`, even when longer bindings begin
    /// with them: what a pending prefix means when no longer one completes.
    pub fn exact(&self, keys: &[Key], contexts: &[Context]) -> Option<Action> {
        contexts.iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| b.context == *ctx && b.keys == keys)
                .map(|b| b.action)
        })
    }

    /// What an unbound key means: a printable character is typed where text
    /// is typed (the first context is the Filter, the `:` line or a list);
    /// a digit in normal mode is a count.
    pub fn fallback(&self, key: Key, contexts: &[Context]) -> Option<Action> {
        let KeyCode::Char(c) = key.code else {
            return None;
        };
        if !key.mods.is_empty() || c.is_control() {
            return None;
        }
        // The pick context goes before the pane's and types nothing itself.
        let first = contexts.iter().find(|c| **c != Context::Pick);
        if first.is_some_and(Context::types_text) {
            return Some(Action::Insert(c));
        }
        if contexts.contains(&Context::Normal) {
            return c.to_digit(10).map(|d| Action::Count(d as u8));
        }
        None
    }

    /// Replaces every binding of `keys` in `context` with `action`.
    pub fn bind(&mut self, context: Context, keys: Vec<Key>, action: Action) {
        self.bindings
            .retain(|b| !(b.context == context && b.keys == keys));
        self.bindings.push(Binding {
            context,
            keys,
            action,
        });
    }

    /// Help rows: (context, keys joined, description), one per action and
    /// context, grouped by context (in `Context::ALL` order, rows in table
    /// order within each, the fallbacks last), so every context has one
    /// heading in the help overlay.
    pub fn help_rows(&self) -> Vec<(Context, String, &'static str)> {
        let mut rows: Vec<(Context, Action, Vec<String>)> = Vec::new();
        for b in &self.bindings {
            let label = b.keys.iter().map(Key::label).collect::<Vec<_>>().join(" ");
            match rows
                .iter_mut()
                .find(|r| r.0 == b.context && r.1 == b.action)
            {
                Some(r) => r.2.push(label),
                None => rows.push((b.context, b.action, vec![label])),
            }
        }
        for ctx in [Context::Filter, Context::Prompt, Context::List] {
            rows.push((ctx, Action::Insert(' '), vec!["other characters".into()]));
        }
        rows.push((Context::Normal, Action::Count(0), vec!["1-9, 0".into()]));
        // A stable sort: table order is kept within each context.
        rows.sort_by_key(|r| Context::ALL.iter().position(|c| *c == r.0));
        rows.into_iter()
            .map(|(c, a, keys)| (c, keys.join(", "), a.describe_in(c)))
            .collect()
    }

    /// Lines of the help overlay: per context a heading (a blank line
    /// before each but the first) and its rows, then a blank, "Mouse" and
    /// the mouse's rows.
    pub fn help_len(&self) -> usize {
        let rows = self.help_rows();
        let mut contexts = rows.iter().map(|r| r.0).collect::<Vec<_>>();
        contexts.dedup();
        let headings = contexts.len();
        rows.len() + headings + headings.saturating_sub(1) + 2 + MOUSE.len() + 2 + QUERY.len()
    }
}

/// What the mouse does (see `app/mouse.rs`), shown at the end of the help.
pub const MOUSE: [(&str, &str); 4] = [
    ("wheel", "scroll the pane under the pointer (3 lines)"),
    ("click", "focus a pane, select the row clicked"),
    ("click a link", "follow it (in the Reader)"),
    ("click a tab", "narrow layout: show that pane"),
];

/// What a Filter query may hold (fzf's syntax, dates, pinyin), shown after
/// the mouse: typed text, not keys, so not in the keymap.
pub const QUERY: [(&str, &str); 7] = [
    ("xen mig", "every word matches, fuzzily (fzf)"),
    ("'word ^start end$", "exact word, at the start, at the end"),
    ("^word$  'word$", "the whole text is the word alone"),
    ("!word  a | b", "must not match; either of two"),
    ("@2012-01  @2012-1-20", "a month, a day (also @2012)"),
    ("@A..B  @A..  @..B", "a date range, with any words"),
    (
        "sjgl  shijian",
        "pinyin initials or syllables find 时间管理",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_rows_give_each_context_one_heading() {
        let mut km = Keymap::default();
        // A binding added later (as from the config) joins its context's group.
        km.bind(
            Context::Filter,
            vec![Key::new(KeyCode::F(2), NONE)],
            Action::Help,
        );
        let rows = km.help_rows();
        let mut seen: Vec<Context> = Vec::new();
        for (ctx, _, _) in &rows {
            if seen.last() != Some(ctx) {
                assert!(!seen.contains(ctx), "{ctx:?} appears in two groups");
                seen.push(*ctx);
            }
        }
        assert_eq!(seen, Context::ALL);
        // Within a context, table order: the Filter starts with ↑ and ends
        // with the late binding; Normal's `?` comes after its `q`.
        let filter: Vec<&str> = rows
            .iter()
            .filter(|r| r.0 == Context::Filter)
            .map(|r| r.1.as_str())
            .collect();
        assert_eq!(filter.first(), Some(&"↑, Ctrl-p, Ctrl-k"));
        assert_eq!(filter.last(), Some(&"other characters"));
        assert!(filter.contains(&"F2"), "{filter:?}");
        let normal: Vec<&str> = rows
            .iter()
            .filter(|r| r.0 == Context::Normal)
            .map(|r| r.1.as_str())
            .collect();
        let q = normal.iter().position(|k| *k == "q");
        let help = normal.iter().position(|k| *k == "?");
        assert!(q.is_some() && q < help, "{normal:?}");
    }

    #[test]
    fn keys_rebind_actions() {
        let (c, p) = crate::config::parse(
            "[keys.reader]\n\"Ctrl-n\" = \"next_link\"\n\"g x\" = \"quit\"\n",
            std::path::Path::new("c"),
            &[check],
        );
        assert!(p.is_empty(), "{p:?}");
        let mut km = Keymap::default();
        assert!(apply_keys(&c, &mut km).is_empty());
        let k = parse_keys("Ctrl-n").unwrap();
        assert_eq!(
            km.lookup(&k, &[Context::Reader]),
            Lookup::Action(Action::NextLink)
        );
    }

    #[test]
    fn a_bad_key_or_action_names_its_line() {
        let text = "[keys.reader]\n\"Ctrl-n\" = \"jump_around\"\n";
        let (_, p) = crate::config::parse(text, std::path::Path::new("c.toml"), &[check]);
        assert!(
            p[0].starts_with("c.toml:2:") && p[0].contains("jump_around"),
            "{p:?}"
        );
        let text = "[keys.nowhere]\nx = \"quit\"\n";
        let (_, p) = crate::config::parse(text, std::path::Path::new("c.toml"), &[check]);
        assert!(
            p[0].starts_with("c.toml:1:") && p[0].contains("unknown context"),
            "{p:?}"
        );
    }

    /// One key however the terminal spells it: Ctrl-4 … Ctrl-7 are
    /// Ctrl-\\ ] ^ _, Ctrl with a capital is Ctrl with the small letter,
    /// Shift is part of a printable character but kept on other keys, and
    /// Alt is kept.
    #[test]
    fn keys_from_events_are_normalized() {
        let key = |code, mods| Key::from_event(KeyEvent::new(code, mods));
        let shift = KeyModifiers::SHIFT;
        let ctrl4: Vec<Key> = ['4', '5', '6', '7']
            .map(|c| key(KeyCode::Char(c), CTRL))
            .to_vec();
        assert_eq!(ctrl4, ['\\', ']', '^', '_'].map(ctrl).to_vec());
        assert_eq!(key(KeyCode::Char('4'), NONE), ch('4'));
        assert_eq!(key(KeyCode::Char('O'), CTRL | shift), ctrl('o'));
        assert_eq!(key(KeyCode::Char('G'), shift), ch('G'));
        assert_eq!(key(KeyCode::Left, shift), Key::new(KeyCode::Left, shift));
        assert_eq!(
            key(KeyCode::Char('b'), ALT | shift),
            Key::new(KeyCode::Char('b'), ALT)
        );
    }

    /// `exact` looks in the contexts given only; an unbound key is typed
    /// only where text is typed, never with Ctrl or Alt, and a digit is a
    /// count in normal mode.
    #[test]
    fn exact_and_fallback_keep_to_their_contexts() {
        let mut km = Keymap::default();
        let f2 = vec![Key::new(KeyCode::F(2), NONE)];
        km.bind(Context::Filter, f2.clone(), Action::Help);
        assert_eq!(km.exact(&f2, &[Context::Filter]), Some(Action::Help));
        assert_eq!(km.exact(&f2, &[Context::Reader, Context::Anywhere]), None);
        // Binding again replaces in that context only.
        km.bind(Context::Reader, f2.clone(), Action::Quit);
        km.bind(Context::Filter, f2.clone(), Action::NextLink);
        assert_eq!(km.exact(&f2, &[Context::Filter]), Some(Action::NextLink));
        assert_eq!(km.exact(&f2, &[Context::Reader]), Some(Action::Quit));
        let typing = [Context::Pick, Context::Filter, Context::Anywhere];
        assert_eq!(km.fallback(ch('z'), &typing), Some(Action::Insert('z')));
        assert_eq!(km.fallback(ctrl('z'), &typing), None);
        assert_eq!(km.fallback(ch('\u{7}'), &typing), None);
        let reading = [Context::Reader, Context::Normal, Context::Anywhere];
        assert_eq!(km.fallback(ch('z'), &reading), None);
        assert_eq!(km.fallback(ch('3'), &reading), Some(Action::Count(3)));
    }
}
