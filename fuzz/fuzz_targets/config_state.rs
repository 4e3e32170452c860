//! The loaders of what rizhi reads besides notebooks, checked on every
//! input, not just "no panic":
//!
//! * `config::parse(text, path)`: deterministic; every problem names the
//!   file and a line that exists in the text (`config.toml:N: …`);
//! * the browser state (`tui::state::load`, which reads `$RIZHI_STATE`; it
//!   has no function taking text, so the input is written to a temp file):
//!   a file it cannot read as state gives the default state and a warning
//!   naming the file; a state it reads survives `save` then `load`
//!   unchanged; `remember_query` keeps queries unique, newest first, at
//!   most `MAX_QUERIES`.
//!
//! Input: the bytes of the file, both as config (lossily UTF-8) and as
//! state.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rizhi::tui::state::{self, State, MAX_QUERIES};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn state_file() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("rizhi-fuzz-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("state.json");
        std::env::set_var("RIZHI_STATE", &file);
        file
    })
}

fn check_config(text: &str) {
    let path = Path::new("config.toml");
    let (_, problems) = rizhi::config::parse(text, path, rizhi::tui::CONFIG_CHECKS);
    let (_, again) = rizhi::config::parse(text, path, rizhi::tui::CONFIG_CHECKS);
    assert_eq!(problems, again, "deterministic");
    let lines = text.matches('\n').count() + 1;
    for p in &problems {
        let rest = p
            .strip_prefix("config.toml:")
            .unwrap_or_else(|| panic!("problem without the file: {p:?}"));
        let n: usize = rest
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("problem without a line: {p:?}"));
        assert!((1..=lines).contains(&n), "line {n} of {lines} in {p:?}");
    }
}

fn check_state(data: &[u8]) {
    let file = state_file();
    std::fs::write(file, data).expect("write the state file");
    let (s, warning) = state::load();
    match warning {
        Some(w) => {
            assert_eq!(s, State::default(), "a warning and a state: {w}");
            assert!(w.contains(&file.display().to_string()), "{w}");
        }
        None => {
            state::save(&s).expect("save");
            let (back, w) = state::load();
            assert_eq!(w, None, "a saved state does not load back");
            assert_eq!(back, s, "a saved state loads back changed");
        }
    }
    let mut s = s;
    for q in String::from_utf8_lossy(data).lines().take(64) {
        s.remember_query(q);
        let q = q.trim();
        if !q.is_empty() {
            assert_eq!(s.queries.first().map(String::as_str), Some(q));
        }
    }
    let mut seen = std::collections::HashSet::new();
    if !s.queries.is_empty() {
        s.remember_query("x");
        assert!(s.queries.len() <= MAX_QUERIES.max(1), "{} queries", s.queries.len());
        assert!(s.queries.iter().all(|q| seen.insert(q.clone())), "duplicates");
    }
}

fuzz_target!(|data: &[u8]| {
    check_config(&String::from_utf8_lossy(data));
    check_state(data);
});
