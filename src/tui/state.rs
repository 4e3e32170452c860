//! What rizhi remembers between runs: the last entry, its scroll, recent
//! queries. Kept in the platform data dir; a corrupt file is ignored with a
//! warning, never fatal.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// The entry in the reader at quit: its file, header line and stamp.
    pub file: Option<String>,
    pub line: Option<u32>,
    pub stamp: Option<String>,
    pub scroll: usize,
    /// Recent filter queries, newest first.
    #[serde(default)]
    pub queries: Vec<String>,
    /// Recent `:` lines, newest first (↑ in the `:` line).
    #[serde(default)]
    pub gotos: Vec<String>,
}

pub const MAX_QUERIES: usize = 50;

pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("RIZHI_STATE") {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "rizhi").map(|d| d.data_dir().join("state.json"))
}

/// The saved state, or the default and a warning when the file is unreadable.
pub fn load() -> (State, Option<String>) {
    let Some(p) = path() else {
        return (State::default(), None);
    };
    match std::fs::read_to_string(&p) {
        Ok(text) => match serde_json::from_str(&text) {
            Ok(s) => (s, None),
            Err(e) => (
                State::default(),
                Some(format!("ignoring the saved state {}: {e}", p.display())),
            ),
        },
        Err(_) => (State::default(), None),
    }
}

pub fn save(s: &State) -> std::io::Result<()> {
    let Some(p) = path() else { return Ok(()) };
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Write then rename, so a crash never leaves half a file.
    let tmp = p.with_extension("json.tmp");
    std::fs::write(
        &tmp,
        serde_json::to_vec_pretty(s).map_err(std::io::Error::other)?,
    )?;
    std::fs::rename(tmp, p)
}

impl State {
    pub fn remember_query(&mut self, q: &str) {
        remember(&mut self.queries, q);
    }

    pub fn remember_goto(&mut self, line: &str) {
        remember(&mut self.gotos, line);
    }
}

/// Puts `q` first in a most-recent-first list, once, and keeps the list short.
fn remember(list: &mut Vec<String>, q: &str) {
    let q = q.trim();
    if q.is_empty() {
        return;
    }
    list.retain(|x| x != q);
    list.insert(0, q.to_string());
    list.truncate(MAX_QUERIES);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_recent_first_and_unique() {
        let mut s = State::default();
        for q in ["a", "b", "a", " ", "c"] {
            s.remember_query(q);
        }
        assert_eq!(s.queries, ["c", "a", "b"]);
    }

    #[test]
    fn round_trip_through_json() {
        let s = State {
            file: Some("log.txt".into()),
            line: Some(12),
            stamp: Some("2014-03-02 09:05".into()),
            scroll: 3,
            queries: vec!["xen".into()],
            gotos: vec!["2014-3-2".into()],
        };
        let back: State = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }
}
