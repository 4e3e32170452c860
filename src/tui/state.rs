//! What rizhi remembers between runs: the last entry, its scroll, recent
//! queries. Kept in the platform data dir (`RIZHI_STATE` overrides the
//! path); a corrupt file is ignored with a warning, never fatal, and kept as
//! `state.json.bad` rather than overwritten. Several instances may save at
//! once: a save locks `state.json.lock`, merges the recent queries already
//! on disk, writes a temporary file of its own and renames it over.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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
    /// How many of `queries` (from the front) were remembered in this run;
    /// the rest came from disk. On save the others' newer queries go
    /// between the two.
    #[serde(skip)]
    pub fresh: usize,
    /// Recent `:` lines, newest first (↑ in the `:` line).
    #[serde(default)]
    pub gotos: Vec<String>,
}

pub const MAX_QUERIES: usize = 50;
/// Longer queries are cut (at a character boundary) when loaded.
pub const MAX_QUERY_LEN: usize = 1024;
/// A state file larger than this is not read (it is not one rizhi wrote).
pub const MAX_FILE: u64 = 1 << 20;

pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("RIZHI_STATE") {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "rizhi").map(|d| d.data_dir().join("state.json"))
}

/// The saved state, or the default and a warning when the file is unreadable.
pub fn load() -> (State, Option<String>) {
    path().map_or((State::default(), None), |p| load_from(&p))
}

/// [`load`] from `p`.
pub fn load_from(p: &Path) -> (State, Option<String>) {
    match read(p) {
        Disk::Missing => (State::default(), None),
        Disk::Good(s) => (s, None),
        Disk::Bad(e) => (
            State::default(),
            Some(format!(
                "the saved state {} is unreadable ({e}): starting afresh, the file will be kept as {}",
                p.display(),
                bad_path(p).display()
            )),
        ),
        Disk::Unreadable(e) => (
            State::default(),
            Some(format!("cannot read the saved state {}: {e}", p.display())),
        ),
    }
}

/// What is on disk at a state path.
enum Disk {
    Missing,
    Good(State),
    /// Not a state rizhi wrote (corrupt, or too large).
    Bad(String),
    /// The file is there but cannot be read.
    Unreadable(std::io::Error),
}

fn read(p: &Path) -> Disk {
    use std::io::Read;
    let file = match std::fs::File::open(p) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Disk::Missing,
        Err(e) => return Disk::Unreadable(e),
    };
    let mut bytes = Vec::new();
    if let Err(e) = file.take(MAX_FILE + 1).read_to_end(&mut bytes) {
        return Disk::Unreadable(e);
    }
    if bytes.len() as u64 > MAX_FILE {
        return Disk::Bad(format!("larger than {} KiB", MAX_FILE >> 10));
    }
    match serde_json::from_slice::<State>(&bytes) {
        Ok(s) => Disk::Good(s.capped()),
        Err(e) => Disk::Bad(e.to_string()),
    }
}

fn bad_path(p: &Path) -> PathBuf {
    let mut name = p.file_name().unwrap_or_default().to_os_string();
    name.push(".bad");
    p.with_file_name(name)
}

pub fn save(s: &State) -> std::io::Result<()> {
    path().map_or(Ok(()), |p| save_to(&p, s))
}

/// [`save`] to `p`: under a lock, merged with what is on disk, written to a
/// temporary file of this process and renamed over (a crash never leaves
/// half a file, and two instances never write the same temporary file).
pub fn save_to(p: &Path, s: &State) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    // A bare file name's parent is "", which `create_dir_all` accepts as is.
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut lock_name = p.file_name().unwrap_or_default().to_os_string();
    lock_name.push(".lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(p.with_file_name(lock_name))?;
    lock.lock()?;
    let merged = match read(p) {
        Disk::Missing => s.clone(),
        Disk::Good(disk) => s.merged_with(&disk),
        Disk::Bad(_) => {
            std::fs::rename(p, bad_path(p))?;
            s.clone()
        }
        Disk::Unreadable(e) => return Err(e),
    };
    let mut tmp_name = p.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(format!(
        ".{}.{}.tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let tmp = p.with_file_name(tmp_name);
    let bytes = serde_json::to_vec_pretty(&merged).map_err(std::io::Error::other)?;
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, p));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

impl State {
    pub fn remember_query(&mut self, q: &str) {
        let q = q.trim();
        if q.is_empty() {
            return;
        }
        match self.queries.iter().position(|x| x == q) {
            Some(i) => {
                self.queries.remove(i);
                if i >= self.fresh {
                    self.fresh += 1;
                }
            }
            None => self.fresh += 1,
        }
        self.queries.insert(0, q.to_string());
        self.queries.truncate(MAX_QUERIES);
        self.fresh = self.fresh.min(self.queries.len());
    }

    /// This run's queries first, then the ones on disk (other instances may
    /// have saved newer ones), then the rest of what this run loaded;
    /// without repeats, at most [`MAX_QUERIES`]. The position is this run's.
    pub fn merged_with(&self, disk: &State) -> State {
        let fresh = self.fresh.min(self.queries.len());
        let (new, old) = self.queries.split_at(fresh);
        let mut queries: Vec<String> = Vec::new();
        for q in new.iter().chain(&disk.queries).chain(old) {
            if queries.len() < MAX_QUERIES && !queries.contains(q) {
                queries.push(q.clone());
            }
        }
        State {
            queries,
            fresh: 0,
            ..self.clone()
        }
    }

    /// Within the sizes a state rizhi wrote can have.
    fn capped(mut self) -> State {
        self.queries.retain(|q| !q.trim().is_empty());
        self.queries.truncate(MAX_QUERIES);
        for q in &mut self.queries {
            q.truncate(q.floor_char_boundary(MAX_QUERY_LEN));
        }
        self.gotos
            .retain(|g| !g.trim().is_empty() && g.len() <= MAX_QUERY_LEN);
        self.gotos.truncate(MAX_QUERIES);
        self.fresh = 0;
        self
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

    /// The `:` line's history: newest first, once each, blanks skipped,
    /// at most [`MAX_QUERIES`].
    #[test]
    fn gotos_are_recent_first_unique_and_short() {
        let mut s = State::default();
        for g in ["2014-3-2", "16:50", " ", "2014-3-2 "] {
            s.remember_goto(g);
        }
        assert_eq!(s.gotos, ["2014-3-2", "16:50"]);
        for i in 0..MAX_QUERIES {
            s.remember_goto(&format!("g{i}"));
        }
        assert_eq!(s.gotos.len(), MAX_QUERIES);
        assert_eq!(s.gotos[0], format!("g{}", MAX_QUERIES - 1));
    }

    /// A state path under a file (not a directory) cannot be read: that is
    /// reported, not taken for "no state yet".
    #[test]
    fn a_state_path_that_cannot_be_opened_is_reported() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("file"), "x").unwrap();
        let p = d.path().join("file").join("state.json");
        let (s, warning) = load_from(&p);
        assert_eq!(s, State::default());
        assert!(
            warning.is_some_and(|w| w.starts_with("cannot read the saved state")),
            "no warning"
        );
    }

    #[test]
    fn round_trip_through_json() {
        let s = State {
            file: Some("log.txt".into()),
            line: Some(12),
            stamp: Some("2014-03-02 09:05".into()),
            scroll: 3,
            queries: vec!["xen".into()],
            fresh: 0,
            gotos: vec!["2014-3-2".into()],
        };
        let back: State = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }

    /// A query this run used again counts as this run's (it goes before
    /// the ones other instances saved), however often it is used; and a
    /// file of exactly the size limit is still read.
    #[test]
    fn queries_used_again_are_this_runs_and_the_size_limit_is_inclusive() {
        let loaded = State {
            queries: vec!["x".into(), "y".into()],
            ..State::default()
        };
        let mut s = loaded.clone();
        s.remember_query("y");
        s.remember_query("y");
        assert_eq!(s.fresh, 1);
        let disk = State {
            queries: vec!["z".into()],
            ..State::default()
        };
        assert_eq!(s.merged_with(&disk).queries, ["y", "z", "x"]);
        // Never more than MAX_QUERIES, however many both sides hold.
        let many = |p: &str| State {
            queries: (0..MAX_QUERIES).map(|i| format!("{p}{i}")).collect(),
            fresh: MAX_QUERIES,
            ..State::default()
        };
        assert_eq!(many("a").merged_with(&many("b")).queries.len(), MAX_QUERIES);
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("state.json");
        let mut bytes = serde_json::to_vec(&State {
            queries: vec!["a".into()],
            ..State::default()
        })
        .unwrap();
        bytes.resize(MAX_FILE as usize, b' ');
        std::fs::write(&p, &bytes).unwrap();
        let (got, warning) = load_from(&p);
        assert_eq!((got.queries, warning), (vec!["a".to_string()], None));
    }

    fn state_with(queries: &[&str]) -> State {
        let mut s = State::default();
        for q in queries.iter().rev() {
            s.remember_query(q);
        }
        s
    }

    #[test]
    fn a_save_merges_the_queries_on_disk_newest_first() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("state.json");
        let (mut a, _) = load_from(&p);
        save_to(&p, &state_with(&["old1", "old2"])).unwrap();
        let (mut b, _) = load_from(&p);
        b.remember_query("from-b");
        a.remember_query("from-a");
        save_to(&p, &b).unwrap();
        save_to(&p, &a).unwrap();
        let (got, warning) = load_from(&p);
        assert_eq!(warning, None);
        assert_eq!(got.queries, ["from-a", "from-b", "old1", "old2"]);
    }

    /// Case 36: twelve instances saving at once never leave a corrupt file,
    /// never share a temporary file, and every instance's query is kept.
    #[test]
    fn twelve_concurrent_saves_keep_every_query_and_a_valid_file() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("state.json");
        for round in 0..4 {
            let threads: Vec<_> = (0..12)
                .map(|i| {
                    let p = p.clone();
                    std::thread::spawn(move || {
                        let (mut s, warning) = load_from(&p);
                        assert_eq!(warning, None, "a save left a corrupt file");
                        s.remember_query(&format!("r{round}-q{i}"));
                        save_to(&p, &s).unwrap();
                    })
                })
                .collect();
            for t in threads {
                t.join().unwrap();
            }
            let (got, warning) = load_from(&p);
            assert_eq!(warning, None);
            for i in 0..12 {
                let q = format!("r{round}-q{i}");
                assert!(got.queries.contains(&q), "{q} lost: {:?}", got.queries);
            }
        }
        let left: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
    }

    #[test]
    fn sizes_are_capped_when_loading() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("state.json");
        let many: Vec<String> = (0..500).map(|i| format!("q{i}")).collect();
        let mut long = "读".repeat(MAX_QUERY_LEN);
        long.push('x');
        let mut queries = vec![long.clone()];
        queries.extend(many.iter().cloned());
        // A goto line too long or blank is dropped, not cut.
        let mut gotos = vec![" ".to_string(), long, "ok".into()];
        gotos.extend(many);
        std::fs::write(
            &p,
            serde_json::json!({"scroll": 0, "queries": queries, "gotos": gotos}).to_string(),
        )
        .unwrap();
        let (s, warning) = load_from(&p);
        assert_eq!(warning, None);
        assert_eq!(s.queries.len(), MAX_QUERIES);
        // Cut at the last whole 读 (three bytes) within the limit.
        assert_eq!(s.queries[0], "读".repeat(MAX_QUERY_LEN / 3));
        assert_eq!(
            (s.gotos.len(), &s.gotos[..2]),
            (MAX_QUERIES, &["ok".to_string(), "q0".into()][..])
        );
        std::fs::write(&p, vec![b' '; MAX_FILE as usize + 1]).unwrap();
        let (s, warning) = load_from(&p);
        assert_eq!(s, State::default());
        assert!(warning.is_some_and(|w| w.contains("larger than")));
    }

    /// Case 37: a corrupt state file is reported and kept as `.bad`.
    #[test]
    fn a_corrupt_state_is_reported_and_kept_aside() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("state.json");
        std::fs::write(&p, "{\"queries\": [\"half").unwrap();
        let (s, warning) = load_from(&p);
        assert_eq!(s, State::default());
        let w = warning.expect("a warning for a corrupt file");
        assert!(
            w.contains("unreadable") && w.contains("state.json.bad"),
            "{w}"
        );
        save_to(&p, &state_with(&["new"])).unwrap();
        let bad = std::fs::read_to_string(d.path().join("state.json.bad")).unwrap();
        assert_eq!(bad, "{\"queries\": [\"half");
        assert_eq!(load_from(&p).0.queries, ["new"]);
    }
}
