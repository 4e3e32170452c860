//! Positions that outlive a store. Entry keys do not survive a reload (a
//! file's entries move when one is inserted before them), so an entry is
//! named by its file, its header stamp, and which of that file's entries with
//! that stamp it is ([`Anchor`]); [`remap`] finds it again in a new store.
//! This is about entries, not screens: the browser uses it to keep its
//! place, but nothing here knows of one.

use super::{EntryId, EntryKey, Store};
use crate::notebook::{Notebook, Stamp};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An entry named independently of any store version.
#[derive(Clone, Debug)]
pub struct Anchor {
    pub path: PathBuf,
    pub stamp: Stamp,
    /// Which of the file's entries with this stamp (0 for the first).
    pub nth: usize,
    /// How many entries with this stamp the file held.
    pub of: usize,
    /// The notebook it was read from, and where the entry's text is in it:
    /// compared only when equal stamps must be told apart.
    notebook: Arc<Notebook>,
    span: std::ops::Range<usize>,
}

/// The entries of `store` with this stamp in the notebook at `path`, in
/// file order.
fn same_stamp(store: &Store, path: &Path, stamp: Stamp) -> Vec<EntryId> {
    store
        .with_stamp(stamp)
        .filter(|&id| store.notebook(id).path == path)
        .collect()
}

impl Anchor {
    /// The anchor of an entry of `store`; `None` when the key is not in it.
    pub fn of(store: &Store, key: EntryKey) -> Option<Anchor> {
        let id = store.id_of(key)?;
        let notebook = Arc::clone(store.files().get(key.file as usize)?);
        let entry = store.entry(id);
        let same = same_stamp(store, &notebook.path, entry.stamp);
        Some(Anchor {
            path: notebook.path.clone(),
            stamp: entry.stamp,
            nth: same.iter().position(|&x| x == id)?,
            of: same.len(),
            span: entry.span(),
            notebook,
        })
    }

    /// The entry's text (header line included) as it was.
    pub fn text(&self) -> &str {
        self.notebook.slice(&self.span)
    }

    /// The same entry in `store`: the `nth` with the stamp in the same file
    /// while their number is unchanged (an edited entry is still itself),
    /// else the one with the same text. `None` when it is gone.
    pub fn find(&self, store: &Store) -> Option<EntryKey> {
        let same = same_stamp(store, &self.path, self.stamp);
        let id = if same.len() == self.of {
            same.get(self.nth).copied()
        } else {
            same.into_iter().find(|&id| store.text(id) == self.text())
        }?;
        Some(store.key(id))
    }
}

/// Where the entry `key` of `old` is in `new`, if it is still there.
pub fn remap(old: &Store, key: EntryKey, new: &Store) -> Option<EntryKey> {
    Anchor::of(old, key)?.find(new)
}

/// The entry nearest in time to `stamp` (the later one on a tie).
pub fn nearest(store: &Store, stamp: Stamp) -> Option<EntryId> {
    let after = store.at_or_after(stamp)?;
    let distance = |id: EntryId| stamp.minutes_to(store.entry(id).stamp).abs();
    match after.checked_sub(1) {
        Some(before) if distance(before) < distance(after) => Some(before),
        _ => Some(after),
    }
}

/// Notebooks for the tests of positions across a reload, here and in the
/// browser's.
#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Three entries; 10:59 2013-01-04 (line 5) is the middle one.
    pub(crate) const LOG: &str = "9:00 2013-1-2
alpha, one
1, the alpha body \\todo call

10:59 2013-1-4
beta, two
1, the beta body

15:00 2013-1-6
gamma, three
1, the gamma body
";
    pub(crate) const ZERO: &str = "8:00 2013-1-1\nzero, inserted\n1, the zero body\n\n";
    pub(crate) const BETA: &str = "10:59 2013-1-4\nbeta, two\n1, the beta body\n\n";

    pub(crate) fn stamp(s: &str) -> Stamp {
        Stamp::parse(s).expect("a stamp")
    }

    fn store(files: &[(&str, &str)]) -> Store {
        Store::new(
            files
                .iter()
                .map(|(p, t)| Arc::new(Notebook::from_bytes(*p, t.as_bytes())))
                .collect(),
        )
    }

    fn key_at(s: &Store, at: &str, nth: usize) -> EntryKey {
        s.key(
            s.with_stamp(stamp(at))
                .nth(nth)
                .expect("an entry at that stamp"),
        )
    }

    #[test]
    fn an_entry_keeps_its_place_when_one_is_inserted_before_it() {
        let old = store(&[("log.txt", LOG)]);
        let new = store(&[("log.txt", &format!("{ZERO}{LOG}"))]);
        let beta = key_at(&old, "10:59 2013-1-4", 0);
        let moved = remap(&old, beta, &new).expect("beta is still there");
        assert_eq!(beta.index, 1);
        assert_eq!(moved.index, 2);
        let id = new.id_of(moved).expect("a key of the new store");
        assert_eq!(new.entry(id).stamp, stamp("10:59 2013-1-4"));
    }

    #[test]
    fn an_edited_entry_is_still_itself_and_a_deleted_one_is_gone() {
        let old = store(&[("log.txt", LOG)]);
        let edited = store(&[("log.txt", &LOG.replace("the beta body", "a new body"))]);
        let beta = key_at(&old, "10:59 2013-1-4", 0);
        assert_eq!(remap(&old, beta, &edited), Some(beta));
        let deleted = store(&[("log.txt", &LOG.replace(BETA, ""))]);
        assert_eq!(remap(&old, beta, &deleted), None);
        let gamma = key_at(&old, "15:00 2013-1-6", 0);
        assert_eq!(
            remap(&old, gamma, &deleted),
            Some(EntryKey { file: 0, index: 1 })
        );
    }

    #[test]
    fn equal_stamps_are_told_apart_by_place_then_by_text() {
        let twins = "9:00 2013-1-2\nfirst, twin\n\n9:00 2013-1-2\nsecond, twin\n";
        let old = store(&[("log.txt", twins)]);
        let second = key_at(&old, "9:00 2013-1-2", 1);
        // Both edited, the count unchanged: the second is still the second.
        let edited = store(&[("log.txt", &twins.replace("twin", "edited"))]);
        assert_eq!(remap(&old, second, &edited), Some(second));
        // The first deleted: the second is found by its text.
        let one = store(&[("log.txt", "9:00 2013-1-2\nsecond, twin\n")]);
        assert_eq!(
            remap(&old, second, &one),
            Some(EntryKey { file: 0, index: 0 })
        );
        assert_eq!(remap(&old, key_at(&old, "9:00 2013-1-2", 0), &one), None);
    }

    #[test]
    fn an_entry_stays_in_its_file_when_another_file_has_the_same_stamp() {
        let other = "10:59 2013-1-4\nother, file\n";
        let old = store(&[("a.txt", other), ("log.txt", LOG)]);
        // The files change places and `a.txt` is rewritten with the same stamp.
        let new = store(&[("log.txt", LOG), ("a.txt", "10:59 2013-1-4\nrewritten\n")]);
        let in_log = key_at(&old, "10:59 2013-1-4", 1);
        assert_eq!(
            old.notebook(old.id_of(in_log).unwrap()).path,
            Path::new("log.txt")
        );
        let moved = remap(&old, in_log, &new).expect("still in log.txt");
        assert_eq!(moved, EntryKey { file: 0, index: 1 });
        let in_a = key_at(&old, "10:59 2013-1-4", 0);
        assert_eq!(
            remap(&old, in_a, &new),
            Some(EntryKey { file: 1, index: 0 })
        );
    }

    #[test]
    fn nearest_is_the_closest_in_time_and_the_later_on_a_tie() {
        let s = store(&[("log.txt", &LOG.replace(BETA, ""))]);
        let at = |id: EntryId| s.entry(id).stamp.notebook_form();
        // 2 days 1:59 back to alpha, 2 days 4:01 on to gamma.
        assert_eq!(
            nearest(&s, stamp("10:59 2013-1-4")).map(at).as_deref(),
            Some("09:00 2013-01-02")
        );
        // 12:00 on the 4th: exactly 2 days 3 hours either way.
        assert_eq!(
            nearest(&s, stamp("12:00 2013-1-4")).map(at).as_deref(),
            Some("15:00 2013-01-06")
        );
        assert_eq!(
            nearest(&s, stamp("0:00 2020-1-1")).map(at).as_deref(),
            Some("15:00 2013-01-06")
        );
        assert_eq!(
            nearest(&s, stamp("0:00 2000-1-1")).map(at).as_deref(),
            Some("09:00 2013-01-02")
        );
        assert_eq!(nearest(&Store::default(), stamp("0:00 2000-1-1")), None);
    }
}
