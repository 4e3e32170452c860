//! Series: entries whose keyword line marks them parts of one topic
//! (`topic, contN`), in time order.

use super::{EntryId, Store};
use std::borrow::Cow;
use std::collections::HashMap;

/// A series: entries whose keyword line marks them `topic, contN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    /// The topic as first written.
    pub topic: String,
    /// Parts in time order, with the number written (`None` for a bare `cont`).
    pub parts: Vec<(EntryId, Option<u32>)>,
}

impl Store {
    pub(super) fn index_series(&mut self) {
        let mut by_topic: HashMap<String, usize> = HashMap::new();
        let mut series: Vec<Series> = Vec::new();
        // (entry, series), sorted: the marks come in timeline order.
        let mut entry_series: Vec<(EntryId, u32)> = Vec::new();
        // Each file's marks, split when it was loaded, put in timeline order
        // (a stable sort: an entry's marks keep their order).
        let mut marks: Vec<(EntryId, u32, u32)> = Vec::new();
        for (f, nb) in self.files.iter().enumerate() {
            for (m, (index, _)) in nb.series_marks().iter().enumerate() {
                let id = self.positions[f][*index as usize] as EntryId;
                marks.push((id, f as u32, m as u32));
            }
        }
        marks.sort_by_key(|m| m.0);
        for (id, f, m) in marks {
            let nb = &self.files[f as usize];
            let mark = &nb.series_marks()[m as usize].1;
            let topic = nb.slice(&mark.topic);
            let lower = if topic
                .bytes()
                .all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic())
                && topic.is_ascii()
            {
                Cow::Borrowed(topic)
            } else {
                Cow::Owned(topic.to_lowercase())
            };
            let s = match by_topic.get(lower.as_ref()) {
                Some(&s) => s,
                None => {
                    series.push(Series {
                        topic: topic.to_string(),
                        parts: Vec::new(),
                    });
                    by_topic.insert(lower.into_owned(), series.len() - 1);
                    series.len() - 1
                }
            };
            // Timeline order is time order, so parts arrive sorted.
            if series[s].parts.last().map(|p| p.0) != Some(id) {
                series[s].parts.push((id, mark.part));
                entry_series.push((id, s as u32));
            }
        }
        self.series = series;
        self.entry_series = entry_series;
    }

    /// carry two).
    pub fn series_of(&self, id: EntryId) -> impl Iterator<Item = &Series> {
        let from = self.entry_series.partition_point(|e| e.0 < id);
        self.entry_series[from..]
            .iter()
            .take_while(move |e| e.0 == id)
            .map(|&(_, s)| &self.series[s as usize])
    }

    pub fn all_series(&self) -> &[Series] {
        &self.series
    }

    /// The previous and next part of the entry's first series.
    pub fn series_neighbours(&self, id: EntryId) -> (Option<EntryId>, Option<EntryId>) {
        let Some(s) = self.series_of(id).next() else {
            return (None, None);
        };
        let Some(pos) = s.parts.iter().position(|p| p.0 == id) else {
            return (None, None);
        };
        let prev = pos.checked_sub(1).map(|p| s.parts[p].0);
        (prev, s.parts.get(pos + 1).map(|p| p.0))
    }
}

#[cfg(test)]
mod tests {
    use crate::notebook::Notebook;
    use crate::store::Store;
    use std::sync::Arc;

    fn store(text: &str) -> Store {
        Store::new(vec![Arc::new(Notebook::from_bytes(
            "log.txt",
            text.as_bytes(),
        ))])
    }

    /// A topic is one series however its letters are cased (`XEN`, `Xen`,
    /// `xen`), ASCII or not (`Ärger`, `ärger`), and is named as first written.
    #[test]
    fn a_topic_is_one_series_in_any_case() {
        let s = store(
            "9:00 2014-3-1\nXEN, cont1\n\n10:00 2014-3-1\nxen, cont2\n\n\
             11:00 2014-3-1\nXen, cont3\n\n12:00 2014-3-1\nÄrger, cont1\n\n\
             13:00 2014-3-1\närger, cont2\n\n14:00 2014-3-1\nxen 4.2, cont1\n",
        );
        let all: Vec<(&str, Vec<usize>)> = s
            .all_series()
            .iter()
            .map(|x| (x.topic.as_str(), x.parts.iter().map(|p| p.0).collect()))
            .collect();
        assert_eq!(
            all,
            [
                ("XEN", vec![0, 1, 2]),
                ("Ärger", vec![3, 4]),
                ("xen 4.2", vec![5])
            ]
        );
    }

    /// The neighbours of a first, a middle and a last part, and of an entry
    /// in no series.
    #[test]
    fn series_neighbours_are_the_parts_before_and_after() {
        let s = store(
            "9:00 2014-3-1\nnone\n\n10:00 2014-3-1\nt, cont1\n\n\
             11:00 2014-3-1\nt, cont2\n\n12:00 2014-3-1\nt, cont3\n",
        );
        assert_eq!(s.series_neighbours(0), (None, None));
        assert_eq!(s.series_neighbours(1), (None, Some(2)));
        assert_eq!(s.series_neighbours(2), (Some(1), Some(3)));
        assert_eq!(s.series_neighbours(3), (Some(2), None));
    }
}
