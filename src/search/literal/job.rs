//! The matching job: one query over the fed items, on the worker threads.

use super::*;

/// What one job needs: the query, the items and what to score of them.
pub(super) struct JobInput {
    pub(super) pattern: Arc<Parsed>,
    pub(super) scope: Scope,
    /// The items fed so far (the job looks at the first `n` only).
    pub(super) items: Arc<Vec<Item>>,
    pub(super) files: Vec<Option<File>>,
    pub(super) keep: Vec<Match>,
    pub(super) todo: Vec<u32>,
    pub(super) cancel: Arc<AtomicBool>,
}

impl JobInput {
    /// Scores `todo` on all cores, merges with `keep` and ranks; `None` when
    /// cancelled.
    pub(super) fn run(self) -> Option<Vec<Match>> {
        let next = AtomicUsize::new(0);
        let work = || {
            let Parsed {
                pat,
                pre,
                squash,
                dates,
                fuzzy,
                joined,
            } = &*self.pattern;
            let mut m = matcher();
            let mut bufs = (Vec::new(), Vec::new());
            let mut out = Vec::new();
            loop {
                if self.cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let lo = next.fetch_add(BLOCK, Ordering::Relaxed);
                let Some(block) = self.todo.get(lo..(lo + BLOCK).min(self.todo.len())) else {
                    return Some(out);
                };
                if block.is_empty() {
                    return Some(out);
                }
                for &idx in block {
                    let it = self.items[idx as usize];
                    if dates.is_some_and(|d| !d.contains(it.stamp.date())) {
                        continue;
                    }
                    let Some(Some(file)) = self.files.get(it.key.file as usize) else {
                        continue;
                    };
                    let (text, lookalike) = match self.scope {
                        Scope::Keywords => {
                            (it.title.map(|p| at(&file.titles, p)), it.title_lookalike)
                        }
                        Scope::All => (it.body.map(|p| at(&file.nb.text, p)), it.body_lookalike),
                    };
                    let text = match text {
                        Some(t) => t,
                        None => match file.nb.entries().get(it.key.index as usize) {
                            Some(e) if self.scope == Scope::Keywords => file.nb.title(e),
                            Some(e) => file.nb.body(e),
                            None => continue,
                        },
                    };
                    if !pre.may_match(text, Some(lookalike)) {
                        continue;
                    }
                    if file.spelled && !fuzzy.iter().all(|w| pinyin::syllables_match(w, text)) {
                        continue;
                    }
                    let readings;
                    let text = if file.spelled && *joined {
                        readings = text.replace('.', "");
                        readings.as_str()
                    } else {
                        text
                    };
                    let score = match squash {
                        Some(sq) if !lookalike => pat.atoms.iter().try_fold(0, |total, a| {
                            Some(total + window::score(a, text, sq, &mut m, &mut bufs)? as u32)
                        }),
                        _ => pattern_score(&pat.atoms, utf32_str(text, &mut bufs.1), &mut m),
                    };
                    if let Some(score) = score {
                        out.push(Match {
                            score,
                            stamp: it.stamp,
                            idx,
                            key: it.key,
                        });
                    }
                }
            }
        };
        let mut matches = self.keep.clone();
        let found = std::thread::scope(|s| {
            let helpers: Vec<_> = (1..workers()).map(|_| s.spawn(work)).collect();
            let mut all = vec![work()];
            for h in helpers {
                all.push(h.join().unwrap_or(None));
            }
            all
        });
        for part in found {
            matches.extend(part?);
        }
        matches.sort_unstable_by(Match::rank);
        Some(matches)
    }
}
