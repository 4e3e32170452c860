//! Every entry's outline, updates, references and todos, kept per file: one
//! entry's after another in four lists, so that a file costs four allocations
//! rather than up to five an entry (the persistent index is decoded into them
//! with pushes, and the store walks them in order). An entry keeps where its
//! items start; [`EntryRef`] pairs it with its file's lists.

use super::parse::{Entry, OutlineItem, Parsed, Todo, Update};
use super::refs::{Reference, Step};
use std::ops::{Deref, Range};

/// The four lists of one file (or of one entry while it is parsed), each
/// in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lists {
    pub outline: Vec<OutlineItem>,
    pub updates: Vec<Update>,
    pub refs: Vec<Reference>,
    pub todos: Vec<Todo>,
}

impl Lists {
    /// Where the next entry's items would start, list by list.
    fn lens(&self) -> [u32; 4] {
        let n = |len: usize| u32::try_from(len).unwrap_or(u32::MAX);
        [
            n(self.outline.len()),
            n(self.updates.len()),
            n(self.refs.len()),
            n(self.todos.len()),
        ]
    }

    /// Drops what was pushed after `lens`.
    fn truncate(&mut self, lens: [u32; 4]) {
        self.outline.truncate(lens[0] as usize);
        self.updates.truncate(lens[1] as usize);
        self.refs.truncate(lens[2] as usize);
        self.todos.truncate(lens[3] as usize);
    }

    /// A growing Vec keeps up to twice the room it needs; the lists are kept
    /// for as long as the file is loaded.
    pub fn shrink_to_fit(&mut self) {
        self.outline.shrink_to_fit();
        self.updates.shrink_to_fit();
        self.refs.shrink_to_fit();
        self.todos.shrink_to_fit();
    }
}

impl Parsed {
    /// Adds `e` as the last entry, holding `more`'s items (moved out: `more`
    /// is left empty, its room kept for the next entry). The parser gathers
    /// one entry's items in a `Lists` of their own.
    pub fn push(&mut self, e: Entry, more: &mut Lists) {
        self.push_with(e, |l| {
            l.outline.append(&mut more.outline);
            l.updates.append(&mut more.updates);
            l.refs.append(&mut more.refs);
            l.todos.append(&mut more.todos);
            Some(())
        });
    }

    /// Adds `e` as the last entry, its items the ones `fill` pushes onto the
    /// lists; nothing is added when `fill` fails (what it pushed is dropped).
    pub fn push_with(
        &mut self,
        mut e: Entry,
        fill: impl FnOnce(&mut Lists) -> Option<()>,
    ) -> Option<()> {
        let at = self.lists.lens();
        if fill(&mut self.lists).is_none() {
            self.lists.truncate(at);
            return None;
        }
        e.lists = at;
        self.entries.push(e);
        Some(())
    }

    /// Entry `i` with its items. Panics when there is no entry `i`, as
    /// indexing `entries` would.
    pub fn entry(&self, i: usize) -> EntryRef<'_> {
        let entry = &self.entries[i];
        let ends = self
            .entries
            .get(i + 1)
            .map_or_else(|| self.lists.lens(), |next| next.lists);
        EntryRef {
            entry,
            lists: &self.lists,
            ends,
        }
    }

    /// Every entry with its items, in file order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = EntryRef<'_>> + '_ {
        (0..self.entries.len()).map(|i| self.entry(i))
    }
}

/// An entry and its file's lists: what it is (through `Deref`) and what it
/// holds.
#[derive(Clone, Copy, Debug)]
pub struct EntryRef<'a> {
    entry: &'a Entry,
    lists: &'a Lists,
    ends: [u32; 4],
}

impl Deref for EntryRef<'_> {
    type Target = Entry;
    fn deref(&self) -> &Entry {
        self.entry
    }
}

impl<'a> EntryRef<'a> {
    /// The entry itself, for as long as its file.
    pub fn entry(&self) -> &'a Entry {
        self.entry
    }

    fn range(&self, list: usize) -> Range<usize> {
        self.entry.lists[list] as usize..self.ends[list] as usize
    }

    pub fn outline(&self) -> &'a [OutlineItem] {
        self.lists.outline.get(self.range(0)).unwrap_or_default()
    }

    pub fn updates(&self) -> &'a [Update] {
        self.lists.updates.get(self.range(1)).unwrap_or_default()
    }

    /// The see-links, in file order.
    pub fn refs(&self) -> &'a [Reference] {
        self.lists.refs.get(self.range(2)).unwrap_or_default()
    }

    pub fn todos(&self) -> &'a [Todo] {
        self.lists.todos.get(self.range(3)).unwrap_or_default()
    }

    /// The outline item a section path lands on: each step is searched for inside
    /// the item found by the step before. Returns the deepest item found and
    /// whether the whole path was found.
    pub fn section(&self, path: &[Step]) -> Option<(OutlineItem, bool)> {
        let items = self.outline();
        let mut lo = 0;
        let mut hi = items.len();
        let mut found: Option<OutlineItem> = None;
        for step in path {
            let hit =
                (lo..hi).find(|&j| items[j].level == step.level && items[j].number == step.number);
            let Some(j) = hit else {
                return found.map(|f| (f, false));
            };
            found = Some(items[j]);
            lo = j + 1;
            hi = (lo..hi)
                .find(|&k| items[k].level <= step.level)
                .unwrap_or(hi);
        }
        found.map(|f| (f, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notebook::parse::parse;

    /// Each entry sees its own items and no neighbour's, whichever of its
    /// neighbours hold none, and the last entry's end at the lists' end.
    #[test]
    fn each_entry_holds_its_own_items_only() {
        let text = "9:00 2014-3-1\nkw\n1, one\nsee \"9:00 2014-3-1\" \\todo a\n\n\
                    9:30 2014-3-1\nnothing here\n\n\
                    10:00 2014-3-1\nkw\n(10:05 2014-3-1) later\n1, x\n2, y\n\"9:30 2014-3-1\"\n\n\
                    11:00 2014-3-1\n\\todo last\n";
        let p = parse(text);
        let counts: Vec<[usize; 4]> = p
            .iter()
            .map(|e| {
                [
                    e.outline().len(),
                    e.updates().len(),
                    e.refs().len(),
                    e.todos().len(),
                ]
            })
            .collect();
        assert_eq!(
            counts,
            [[1, 0, 1, 1], [0, 0, 0, 0], [2, 1, 1, 0], [0, 0, 0, 1]]
        );
        assert_eq!(p.entry(2).outline()[1].number, 2);
        assert_eq!(p.entry(2).refs()[0].stamp.to_string(), "2014-03-01 09:30");
        assert_eq!(p.entry(3).todos()[0].line, 17);
        assert_eq!(p.entry(3).stamp, p.entries[3].stamp);
        let total: usize = p.iter().map(|e| e.refs().len()).sum();
        assert_eq!(total, p.lists.refs.len());
    }

    /// A parse keeps no spare room in its lists: they are kept as long as
    /// the file is loaded (growing, a list holds up to twice what it needs).
    #[test]
    fn a_parse_keeps_its_lists_shrunk_to_fit() {
        let entry =
            "9:00 2014-3-1\nkw\n1, one\nsee \"9:00 2014-3-1\" \\todo a\n(9:10 2014-3-1)\n\n";
        let p = parse(&entry.repeat(5));
        let l = &p.lists;
        assert_eq!(
            (
                l.outline.len(),
                l.updates.len(),
                l.refs.len(),
                l.todos.len()
            ),
            (5, 5, 5, 5)
        );
        assert_eq!(l.outline.capacity(), 5);
        assert_eq!(l.updates.capacity(), 5);
        assert_eq!(l.refs.capacity(), 5);
        assert_eq!(l.todos.capacity(), 5);
    }

    /// A failed fill adds nothing: what it pushed is dropped, so that it
    /// is neither the entry before's nor the next one's.
    #[test]
    fn a_failed_fill_adds_no_entry() {
        let mut p = parse("9:00 2014-3-1\n\\todo a\n");
        let e = p.entries[0].clone();
        let failed = p.push_with(e.clone(), |l| {
            l.todos.push(Todo { line: 9, offset: 0 });
            None
        });
        assert_eq!(failed, None);
        assert_eq!(p.entries.len(), 1);
        let mut more = Lists::default();
        p.push(e, &mut more);
        assert_eq!(p.entry(0).todos().len(), 1);
        assert_eq!(p.entry(1).todos().len(), 0);
        assert_eq!(p.lists.todos.len(), 1);
    }
}
