//! Colours in a real terminal (tmux, see tests/common/mod.rs), read from
//! `capture-pane -p -e`: the 16-colour palette by default, none at all with
//! `NO_COLOR` set to anything non-empty, and the config's `[theme]` table
//! overriding a style by name.

mod common;

use common::{filter_count, Tmux};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/e2e_links.txt");

/// rizhi on the fixture with `env`, loaded; the screen with its escapes.
fn raw_screen(env: &[&str]) -> String {
    let t = Tmux::launch(&[env!("CARGO_BIN_EXE_rizhi"), FIXTURE], env, 100, 30);
    t.wait_until("all five entries", |s| {
        filter_count(s).as_deref() == Some("5/5")
    });
    t.tmux(&["capture-pane", "-p", "-e"])
}

/// Any SGR that sets a foreground or background colour: 30–37, 40–47,
/// 90–97, 100–107, or 38 / 48 (`38;5;N`, as tmux writes the palette).
fn has_colour(raw: &str) -> bool {
    raw.split("\x1b[").skip(1).any(|seq| {
        let params = seq.split('m').next().unwrap_or_default();
        params
            .split(';')
            .any(|p| matches!(p.parse::<u8>(), Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)))
    })
}

#[test]
fn no_color_drops_every_colour_and_an_empty_one_does_not() {
    let coloured = raw_screen(&[]);
    assert!(
        coloured.contains("\x1b[38;5;3m Filter · keywords"),
        "{coloured:?}"
    );
    let plain = raw_screen(&["NO_COLOR=1"]);
    assert!(!has_colour(&plain), "{plain:?}");
    // Bold still marks the focused pane's border.
    assert!(plain.starts_with("\x1b[1m┌ Filter · keywords"), "{plain:?}");
    assert!(has_colour(&raw_screen(&["NO_COLOR="])));
}

#[test]
fn the_theme_table_overrides_styles_by_name_and_no_color_beats_it() {
    let d = tempfile::tempdir().expect("tempdir");
    let cfg = d.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[theme]\ntitle = { fg = \"red\" }\ntitle_focus = { fg = \"red\" }\n\
         status = { fg = \"green\", bg = \"blue\" }\n",
    )
    .expect("write the config");
    let env = format!("RIZHI_CONFIG={}", cfg.display());
    let raw = raw_screen(&[&env]);
    let first = raw.lines().next().unwrap_or_default();
    // The focused Filter's title and the Reader's, both red now.
    assert!(
        first.contains("\x1b[38;5;1m Filter · keywords"),
        "{first:?}"
    );
    assert!(first.contains("\x1b[38;5;1m 20:05 2014-03-05"), "{first:?}");
    // Styles not named keep theirs: the keyword line stays yellow.
    assert!(raw.contains("\x1b[38;5;3mvirtualization, xen"), "{raw:?}");
    // NO_COLOR wins over the theme's colours, background ones too.
    let plain = raw_screen(&[&env, "NO_COLOR=1"]);
    assert!(!has_colour(&plain), "{plain:?}");
}
