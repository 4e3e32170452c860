//! How rizhi cites an entry for the user to paste: its stamp and a see-link
//! written the way the entry's notebook writes stamps (`9:05 2014-3-2` or
//! `09:05 2014-03-02`, [`StampStyle`]), with the section path of the
//! numbered item a line lies in (`see"16:50 2013-1-4"5-1)`). `y`, `Y` and
//! `rizhi pick --print` all print through here.

use crate::notebook::append::StampStyle;
use crate::notebook::refs::parse_section;
use crate::notebook::EntryRef;
use crate::store::{EntryId, Store};

/// The stamp of entry `id` as its notebook spells stamps.
pub fn stamp_text(store: &Store, id: EntryId) -> String {
    let nb = store.notebook(id);
    StampStyle::of(&nb.text, nb.entries()).write(store.entry(id).stamp)
}

/// `see"STAMP"` for entry `id`, with the section path of `line` (a file
/// line inside the entry) when it lies in a numbered item.
pub fn link_text(store: &Store, id: EntryId, line: Option<u32>) -> String {
    let section = line
        .and_then(|l| section_path(store.entry(id), l))
        .unwrap_or_default();
    format!("see\"{}\"{section}", stamp_text(store, id))
}

/// The section path (`5`, `5-1)`, `2-2)-(2)`) of the innermost numbered
/// item holding file line `line`, as a see-link writes it; `None` outside
/// any item, or when the path would lead elsewhere (numbering that repeats
/// inside the entry: a link finds the first item of a number).
pub fn section_path(e: EntryRef, line: u32) -> Option<String> {
    let mut chain: Vec<usize> = Vec::new();
    for (i, item) in e.outline().iter().enumerate() {
        if item.line > line {
            break;
        }
        while chain
            .last()
            .is_some_and(|&j| e.outline()[j].level >= item.level)
        {
            chain.pop();
        }
        chain.push(i);
    }
    let last = *chain.last()?;
    let path = chain
        .iter()
        .map(|&j| {
            let it = e.outline()[j];
            match it.level {
                1 => it.number.to_string(),
                2 => format!("{})", it.number),
                _ => format!("({})", it.number),
            }
        })
        .collect::<Vec<_>>()
        .join("-");
    let (steps, _) = parse_section(path.as_bytes())?;
    match e.section(&steps) {
        Some((found, true)) if found == e.outline()[last] => Some(path),
        _ => None,
    }
}

/// What `rizhi pick` prints for the choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Print {
    /// `file:line` (what `vim +LINE FILE` and quickfix lists take).
    #[default]
    Location,
    /// The stamp, in the notebook's spelling.
    Stamp,
    /// A see-link, with the section path of the chosen line.
    Link,
    /// One JSON object: file, line, stamp (`YYYY-MM-DD HH:MM`), link, keywords.
    Json,
}

/// An entry chosen, and the file line in it (its header, or the Reader's
/// line when chosen there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub id: EntryId,
    pub line: u32,
}

/// The line `rizhi pick` prints (without its line end).
pub fn print(store: &Store, c: Choice, how: Print) -> String {
    let file = store.notebook(c.id).path.display().to_string();
    match how {
        Print::Location => format!("{file}:{}", c.line),
        Print::Stamp => stamp_text(store, c.id),
        Print::Link => link_text(store, c.id, Some(c.line)),
        Print::Json => serde_json::json!({
            "file": file,
            "line": c.line,
            "stamp": store.entry(c.id).stamp.to_string(),
            "link": link_text(store, c.id, Some(c.line)),
            "keywords": store.title(c.id),
        })
        .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notebook::Notebook;
    use std::sync::Arc;

    const PADDED: &str = "09:05 2014-03-02\nkernel, sched\n1, one\n2, two\n\t1), two-one\n\t2), two-two\n\t\t(1), deep\n3, three\n\n18:30 2014-03-01\nother\nplain text\n";
    const PLAIN: &str = "9:05 2014-3-2\nkernel\nbody\n";

    fn store(text: &str) -> Store {
        Store::new(vec![Arc::new(Notebook::from_bytes(
            "/n/log.txt",
            text.as_bytes(),
        ))])
    }

    fn id_at(s: &Store, line: u32) -> EntryId {
        (0..s.len()).find(|&id| s.entry(id).line == line).unwrap()
    }

    #[test]
    fn stamps_follow_the_files_padding() {
        let s = store(PADDED);
        assert_eq!(stamp_text(&s, id_at(&s, 1)), "09:05 2014-03-02");
        let s = store(PLAIN);
        assert_eq!(stamp_text(&s, 0), "9:05 2014-3-2");
        assert_eq!(link_text(&s, 0, Some(3)), "see\"9:05 2014-3-2\"");
    }

    #[test]
    fn the_section_path_is_the_innermost_item_holding_the_line() {
        let s = store(PADDED);
        let id = id_at(&s, 1);
        let e = s.entry(id);
        let at = |l| section_path(e, l);
        assert_eq!(at(1), None, "the header is in no item");
        assert_eq!(at(2), None, "the keyword line is in no item");
        assert_eq!(at(3).as_deref(), Some("1"));
        assert_eq!(at(4).as_deref(), Some("2"));
        assert_eq!(at(5).as_deref(), Some("2-1)"));
        assert_eq!(at(6).as_deref(), Some("2-2)"));
        assert_eq!(at(7).as_deref(), Some("2-2)-(1)"));
        assert_eq!(at(8).as_deref(), Some("3"));
        assert_eq!(link_text(&s, id, Some(5)), "see\"09:05 2014-03-02\"2-1)");
        // Every path found leads back to its item.
        for l in 3..=8 {
            let p = at(l).unwrap();
            let (steps, _) = parse_section(p.as_bytes()).unwrap();
            let (item, full) = e.section(&steps).unwrap();
            assert!(full && item.line == l, "{p} from line {l}");
        }
    }

    #[test]
    fn repeated_numbering_gives_no_path_rather_than_a_wrong_one() {
        let s = store("9:05 2014-3-2\nkw\n1, first\n(10:00 2014-3-3)\n1, again\n");
        assert_eq!(section_path(s.entry(0), 3).as_deref(), Some("1"));
        assert_eq!(section_path(s.entry(0), 5), None);
    }

    #[test]
    fn pick_prints_each_form() {
        let s = store(PADDED);
        let c = Choice {
            id: id_at(&s, 1),
            line: 5,
        };
        assert_eq!(print(&s, c, Print::Location), "/n/log.txt:5");
        assert_eq!(print(&s, c, Print::Stamp), "09:05 2014-03-02");
        assert_eq!(print(&s, c, Print::Link), "see\"09:05 2014-03-02\"2-1)");
        let v: serde_json::Value = serde_json::from_str(&print(&s, c, Print::Json)).unwrap();
        assert_eq!(v["file"], "/n/log.txt");
        assert_eq!(v["line"], 5);
        assert_eq!(v["stamp"], "2014-03-02 09:05");
        assert_eq!(v["link"], "see\"09:05 2014-03-02\"2-1)");
        assert_eq!(v["keywords"], "kernel, sched");
    }
}
