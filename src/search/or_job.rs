//! The filter's `a | b` queries. nucleo has no OR, so these are matched by
//! [`super::search`] over the whole store, on a worker thread (never on the
//! thread that asks for the results).

use super::batch::search;
use super::query::Scope;
use crate::store::{EntryKey, Store};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

/// One `a | b` query being matched, then its results. Dropping it drops the
/// results of a worker still running.
pub struct OrJob {
    rx: Option<Receiver<Vec<EntryKey>>>,
    results: Option<Vec<EntryKey>>,
}

/// What [`OrJob::poll`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrState {
    /// Still matching.
    Running,
    /// The results came in with this call.
    Arrived,
    /// The results came in earlier.
    Done,
    /// The worker stopped without results.
    Failed,
}

impl OrJob {
    /// Starts matching `query` over every entry of `store`.
    pub fn start(store: &Arc<Store>, query: &str, scope: Scope) -> OrJob {
        let (tx, rx) = mpsc::channel();
        let (store, query) = (Arc::clone(store), query.to_string());
        std::thread::spawn(move || {
            let keys = search(&store, &query, scope)
                .into_iter()
                .map(|h| store.key(h.id))
                .collect();
            let _ = tx.send(keys);
        });
        OrJob {
            rx: Some(rx),
            results: None,
        }
    }

    pub fn poll(&mut self) -> OrState {
        let Some(rx) = &self.rx else {
            return if self.results.is_some() {
                OrState::Done
            } else {
                OrState::Failed
            };
        };
        match rx.try_recv() {
            Ok(keys) => {
                self.results = Some(keys);
                self.rx = None;
                OrState::Arrived
            }
            Err(TryRecvError::Empty) => OrState::Running,
            Err(TryRecvError::Disconnected) => {
                self.rx = None;
                OrState::Failed
            }
        }
    }

    /// The matches, best first (equal scores newest first), once they are in.
    pub fn results(&self) -> Option<&[EntryKey]> {
        self.results.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notebook::Notebook;

    #[test]
    fn an_or_query_matches_either_word_off_the_calling_thread() {
        let text = "9:00 2014-3-1\nopensuse, arm\n1, x\n\n\
                    10:00 2014-3-2\ngtd review\n1, y\n\n\
                    11:00 2014-3-3\nkernel\n1, z\n";
        let store = Arc::new(Store::new(vec![Arc::new(Notebook::from_bytes(
            "a.txt",
            text.as_bytes(),
        ))]));
        let mut job = OrJob::start(&store, "gtd | arm", Scope::Keywords);
        let mut state = job.poll();
        while state == OrState::Running {
            std::thread::sleep(std::time::Duration::from_millis(1));
            state = job.poll();
        }
        assert_eq!(state, OrState::Arrived);
        assert_eq!(job.poll(), OrState::Done);
        let titles: Vec<&str> = job
            .results()
            .unwrap_or_default()
            .iter()
            .filter_map(|&k| store.id_of(k))
            .map(|id| store.title(id))
            .collect();
        assert_eq!(titles.len(), 2);
        assert!(titles.contains(&"gtd review") && titles.contains(&"opensuse, arm"));
    }
}
