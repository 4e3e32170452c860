//! The jumplist: vim's Ctrl-o / Ctrl-i as two stacks of locations (data, not
//! widgets), bounded so ten thousand jumps never grow memory without end.

use crate::store::EntryKey;

/// Where the reader was: the entry, the first visible row and the selected
/// link (so Ctrl-o comes back to a link ready to follow again).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub entry: EntryKey,
    pub scroll: usize,
    pub link: Option<usize>,
}

#[derive(Debug, Default)]
pub struct History {
    back: Vec<Location>,
    forward: Vec<Location>,
}

/// Jumps kept; vim keeps 100, a long link-walk deserves more.
pub const LIMIT: usize = 1000;

impl History {
    /// Records `from` before a jump; forward history is dropped as in vim.
    pub fn jump(&mut self, from: Location) {
        if self.back.last().map(|l| l.entry) != Some(from.entry) {
            self.back.push(from);
        } else if let Some(l) = self.back.last_mut() {
            *l = from;
        }
        if self.back.len() > LIMIT {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    /// Goes back from `here`; `None` at the start of the list.
    pub fn back(&mut self, here: Location) -> Option<Location> {
        let to = self.back.pop()?;
        self.forward.push(here);
        Some(to)
    }

    pub fn forward(&mut self, here: Location) -> Option<Location> {
        let to = self.forward.pop()?;
        self.back.push(here);
        Some(to)
    }

    /// Carries the jumplist over a reload: `f` gives an entry's key in the new
    /// store, or `None` when it is gone, and its jumps are dropped (with the
    /// repeats that leaves side by side).
    pub fn remap(&mut self, mut f: impl FnMut(EntryKey) -> Option<EntryKey>) {
        for stack in [&mut self.back, &mut self.forward] {
            stack.retain_mut(|l| match f(l.entry) {
                Some(k) => {
                    l.entry = k;
                    true
                }
                None => false,
            });
            stack.dedup_by_key(|l| l.entry);
        }
    }

    pub fn depth(&self) -> (usize, usize) {
        (self.back.len(), self.forward.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(i: u32) -> Location {
        Location {
            entry: EntryKey { file: 0, index: i },
            scroll: i as usize,
            link: None,
        }
    }

    #[test]
    fn back_and_forward_restore_locations() {
        let mut h = History::default();
        h.jump(loc(1));
        h.jump(loc(2));
        assert_eq!(h.back(loc(3)), Some(loc(2)));
        assert_eq!(h.back(loc(2)), Some(loc(1)));
        assert_eq!(h.back(loc(1)), None);
        assert_eq!(h.forward(loc(1)), Some(loc(2)));
        assert_eq!(h.forward(loc(2)), Some(loc(3)));
        assert_eq!(h.forward(loc(3)), None);
    }

    #[test]
    fn a_new_jump_drops_forward_history() {
        let mut h = History::default();
        h.jump(loc(1));
        assert_eq!(h.back(loc(2)), Some(loc(1)));
        h.jump(loc(1));
        assert_eq!(h.forward(loc(5)), None);
    }

    #[test]
    fn remap_moves_kept_jumps_and_drops_gone_ones() {
        let mut h = History::default();
        for i in [1, 2, 1, 3] {
            h.jump(loc(i));
        }
        assert_eq!(h.back(loc(4)), Some(loc(3)));
        // 2 is gone; every other entry moved one place down.
        h.remap(|k| {
            (k.index != 2).then_some(EntryKey {
                file: 0,
                index: k.index + 1,
            })
        });
        let moved = |i: u32| Location {
            entry: EntryKey {
                file: 0,
                index: i + 1,
            },
            scroll: i as usize,
            link: None,
        };
        assert_eq!(h.depth(), (1, 1));
        assert_eq!(h.forward(moved(1)), Some(moved(4)));
        assert_eq!(h.back(moved(4)), Some(moved(1)));
        assert_eq!(h.back(moved(1)), Some(moved(1)));
        assert_eq!(h.back(moved(1)), None);
    }

    /// Ten thousand jumps keep exactly the last [`LIMIT`], oldest dropped.
    #[test]
    fn ten_thousand_jumps_stay_bounded() {
        let mut h = History::default();
        for i in 0..10_000 {
            h.jump(loc(i));
        }
        assert_eq!(h.depth(), (LIMIT, 0));
        let mut here = loc(10_000);
        for i in (10_000 - LIMIT as u32..10_000).rev() {
            let to = h.back(here);
            assert_eq!(to, Some(loc(i)));
            here = loc(i);
        }
        assert_eq!(h.back(here), None);
        // Jumps that repeat the last entry replace it rather than grow the list.
        let mut h = History::default();
        for i in 0..10_000 {
            h.jump(loc(i % 7 + (i % 2)));
        }
        assert!(h.depth().0 <= LIMIT);
    }
}
