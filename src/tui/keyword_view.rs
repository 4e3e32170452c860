//! The keyword browser (`K`): every keyword with its count and a sparkline of
//! its use per month, in one of three orders; typing narrows it, Enter puts the
//! keyword into the Filter. And the queries that the browser and `*` (entries
//! like this one) put into the Filter.

use crate::store::keywords::{keywords, sort, KeywordSort, KeywordTable, KeywordUse};
use crate::store::{EntryId, Store};

#[derive(Clone, Debug)]
pub struct KeywordView {
    pub table: KeywordTable,
    pub sort: KeywordSort,
    /// Typed text: rows whose keyword contains it (case-insensitive).
    pub filter: String,
    /// The selected row among the visible ones.
    pub sel: usize,
}

impl KeywordView {
    pub fn new(store: &Store) -> KeywordView {
        KeywordView {
            table: keywords(store),
            sort: KeywordSort::Count,
            filter: String::new(),
            sel: 0,
        }
    }

    /// The rows that contain the filter text, in the current order.
    pub fn visible(&self) -> Vec<&KeywordUse> {
        let f = self.filter.to_lowercase();
        self.table
            .rows
            .iter()
            .filter(|r| f.is_empty() || r.keyword.to_lowercase().contains(&f))
            .collect()
    }

    pub fn selected(&self) -> Option<&KeywordUse> {
        self.visible().get(self.sel).copied()
    }

    /// The next order; the selected keyword stays selected.
    pub fn cycle_sort(&mut self) {
        let keep = self.selected().map(|r| r.keyword.clone());
        self.sort = self.sort.next();
        sort(&mut self.table.rows, self.sort);
        self.sel = keep
            .and_then(|k| self.visible().iter().position(|r| r.keyword == k))
            .unwrap_or(0);
    }

    pub fn title(&self) -> String {
        let span = match (self.table.start, self.table.months) {
            (Some(_), n) if n > 0 => format!(
                " · {} … {}",
                self.table.month_name(0),
                self.table.month_name(n - 1)
            ),
            _ => String::new(),
        };
        format!(
            "Keywords · {}{span} · by {}",
            self.table.rows.len(),
            self.sort.name()
        )
    }
}

/// One keyword as a Filter query (keyword scope): each of its words as an
/// exact (`'word`) term, ASCII lower-cased so case does not matter, a final
/// `$` escaped so it is not read as "ends with". `source code` →
/// `'source 'code`.
pub fn term_query(term: &str) -> String {
    term.split_whitespace()
        .map(|w| {
            let w = w.to_ascii_lowercase();
            match w.strip_suffix('$') {
                Some(rest) => format!("'{rest}\\$"),
                None => format!("'{w}"),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `*`: the entry's first keyword group as a query that finds the entries
/// whose keyword lines hold every one of its terms (series markers left out).
/// `None` when the entry has no keyword terms.
pub fn like_query(store: &Store, id: EntryId) -> Option<String> {
    let nb = store.notebook(id);
    let groups = store.entry(id).keywords?.groups(&nb.text);
    let terms: Vec<String> = groups
        .first()?
        .iter()
        .map(|r| nb.slice(r))
        .filter(|t| crate::notebook::parse::series_part(t).is_none())
        .map(term_query)
        .filter(|q| !q.is_empty())
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(text: &str) -> Store {
        crate::store::from_text("t.txt", text)
    }

    const TEXT: &str = "\
10:00 2012-1-5
virtualization, SUSE, xen, source code, cont3; quilt
1, body

11:00 2012-3-20
xen, kvm
";

    #[test]
    fn like_query_takes_the_first_group_as_exact_terms() {
        let s = store(TEXT);
        assert_eq!(
            like_query(&s, 0).as_deref(),
            Some("'virtualization 'suse 'xen 'source 'code")
        );
        assert_eq!(like_query(&s, 1).as_deref(), Some("'xen 'kvm"));
        assert_eq!(
            like_query(&store("10:00 2012-1-5\n1, no keywords\n"), 0),
            None
        );
    }

    #[test]
    fn term_query_escapes_a_final_dollar() {
        assert_eq!(term_query("Price$"), "'price\\$");
        assert_eq!(term_query("  mm:  numa "), "'mm: 'numa");
    }

    #[test]
    fn the_view_filters_cycles_its_order_and_keeps_the_selection() {
        let mut v = KeywordView::new(&store(TEXT));
        assert_eq!(v.selected().map(|r| r.keyword.as_str()), Some("xen"));
        assert_eq!(v.title(), "Keywords · 6 · 2012-01 … 2012-03 · by count");
        v.sel = 1; // kvm (count 1, by name first)
        assert_eq!(v.selected().map(|r| r.keyword.as_str()), Some("kvm"));
        v.cycle_sort();
        assert_eq!(v.sort, KeywordSort::Name);
        assert_eq!(v.selected().map(|r| r.keyword.as_str()), Some("kvm"));
        v.filter = "S".into();
        let names: Vec<&str> = v.visible().iter().map(|r| r.keyword.as_str()).collect();
        assert_eq!(names, ["source code", "SUSE"]);
    }
}
