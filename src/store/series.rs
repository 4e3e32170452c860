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
