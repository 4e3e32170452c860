//! Pop-up lists over the panes: todos (`t`), the thread of the current entry
//! (`T`), the reader entry's day in other years (`o`) and the loaded files (`:files`).
//! Each is data (items with the entry and line they open); typing narrows it.

use crate::store::analysis;
use crate::store::{EntryKey, Store};
use chrono::NaiveDate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    Todos,
    Thread,
    OnThisDay,
    Files,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What Enter opens; `None` for rows that only inform (a file's warning).
    pub entry: Option<EntryKey>,
    pub line: Option<u32>,
    pub stamp: String,
    pub label: String,
    pub depth: usize,
}

#[derive(Clone, Debug)]
pub struct ListView {
    pub kind: ListKind,
    pub title: String,
    pub items: Vec<Item>,
    pub filter: String,
    pub sel: usize,
    pub top: usize,
    /// The day an On this day list is about (kept over a reload).
    pub day: Option<NaiveDate>,
    /// A thread's depth limit (`+` / `-`); `None`: every linked entry.
    pub max_depth: Option<usize>,
}

impl ListView {
    /// Items that contain the filter text (case-insensitive), in list order.
    pub fn visible(&self) -> Vec<&Item> {
        let f = self.filter.to_lowercase();
        self.items
            .iter()
            .filter(|i| f.is_empty() || i.label.to_lowercase().contains(&f) || i.stamp.contains(&f))
            .collect()
    }

    pub fn selected(&self) -> Option<&Item> {
        self.visible().get(self.sel).copied()
    }

    fn new(kind: ListKind, title: String, items: Vec<Item>) -> ListView {
        ListView {
            kind,
            title,
            items,
            filter: String::new(),
            sel: 0,
            top: 0,
            day: None,
            max_depth: None,
        }
    }
}

fn item(store: &Store, id: usize, line: Option<u32>, label: String, depth: usize) -> Item {
    Item {
        entry: Some(store.key(id)),
        line,
        stamp: store.entry(id).stamp.to_string(),
        label,
        depth,
    }
}

/// Every `\todo` across the notebooks, newest entry first.
pub fn todos(store: &Store) -> ListView {
    let items: Vec<_> = store
        .todos()
        .map(|(id, t, text)| item(store, id, Some(t.line), text.trim().to_string(), 0))
        .collect();
    let title = format!("Todos · {}", items.len());
    ListView::new(ListKind::Todos, title, items)
}

/// Every entry reachable from `id` through links (at most `max_depth` away),
/// in time order; each row says which way its last step went (→ links to,
/// ← linked from) and how far it is. The selection starts on `id`.
pub fn thread(store: &Store, id: usize, max_depth: Option<usize>) -> ListView {
    let steps = analysis::thread_steps(store, id, max_depth);
    let items: Vec<Item> = steps
        .iter()
        .map(|s| {
            let way = match s.via {
                analysis::Via::Start => "·".to_string(),
                analysis::Via::LinksTo => format!("→{}", s.depth),
                analysis::Via::LinkedFrom => format!("←{}", s.depth),
            };
            let label = format!("{way:<3} {}", store.title(s.id));
            item(store, s.id, None, label, s.depth)
        })
        .collect();
    let depth = max_depth.map_or_else(|| "all".to_string(), |d| d.to_string());
    let title = format!(
        "Thread of {} · {} entries · →N links to, ←N linked from · depth {depth} (+/-)",
        store.entry(id).stamp,
        items.len()
    );
    let mut view = ListView::new(ListKind::Thread, title, items);
    view.sel = steps.iter().position(|s| s.id == id).unwrap_or(0);
    view.max_depth = max_depth;
    view
}

/// Entries on `day`'s month and day in other years (`day` is the reader's
/// entry's, or today's at start-up).
pub fn on_this_day(store: &Store, day: NaiveDate) -> ListView {
    let items: Vec<Item> = analysis::same_day_other_years(store, day)
        .into_iter()
        .map(|e| item(store, e, None, store.title(e).to_string(), 0))
        .collect();
    let title = format!("On {} in other years · {}", month_day(day), items.len());
    let mut view = ListView::new(ListKind::OnThisDay, title, items);
    view.day = Some(day);
    view
}

/// `Dec 1`: a day no reader takes for the first of December or the twelfth
/// of January.
pub fn month_day(day: NaiveDate) -> String {
    day.format("%b %-d").to_string()
}

/// The loaded files with their encodings, entry counts and warnings.
pub fn files(store: &Store, problems: &[String]) -> ListView {
    let mut items = Vec::new();
    let first_entry: std::collections::HashMap<u32, usize> = (0..store.len())
        .rev()
        .map(|id| (store.key(id).file, id))
        .collect();
    for (f, nb) in store.files().iter().enumerate() {
        let entry = first_entry.get(&(f as u32)).map(|&id| store.key(id));
        items.push(Item {
            entry,
            line: None,
            stamp: nb.encoding.name().to_string(),
            label: format!("{}  {} entries", nb.path.display(), nb.entries().len()),
            depth: 0,
        });
        for w in &nb.warnings {
            items.push(Item {
                entry: None,
                line: None,
                stamp: String::new(),
                label: format!("{}:{}: {}", nb.path.display(), w.line, w.message),
                depth: 1,
            });
        }
    }
    for p in problems {
        items.push(Item {
            entry: None,
            line: None,
            stamp: "unread".into(),
            label: p.clone(),
            depth: 0,
        });
    }
    let title = format!(
        "Files · {} loaded, {} unreadable",
        store.files().len(),
        problems.len()
    );
    ListView::new(ListKind::Files, title, items)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Typing narrows a list to the items whose label or stamp holds the
    /// text, case ignored; nothing typed shows them all.
    #[test]
    fn the_filter_matches_label_or_stamp_case_ignored() {
        let it = |stamp: &str, label: &str| Item {
            entry: None,
            line: None,
            stamp: stamp.into(),
            label: label.into(),
            depth: 0,
        };
        let mut v = ListView::new(
            ListKind::Todos,
            "Todos".into(),
            vec![
                it("2014-03-02 09:05", "Xen migration"),
                it("2013-01-04 16:50", "kernel 调度"),
            ],
        );
        let shown = |v: &ListView| {
            v.visible()
                .iter()
                .map(|i| i.label.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(shown(&v).len(), 2);
        v.filter = "XEN".into();
        assert_eq!(shown(&v), ["Xen migration"]);
        v.filter = "2013-01".into();
        assert_eq!(shown(&v), ["kernel 调度"]);
        v.filter = "调度".into();
        assert_eq!(shown(&v), ["kernel 调度"]);
        v.filter = "nothing".into();
        assert!(shown(&v).is_empty());
    }
}
