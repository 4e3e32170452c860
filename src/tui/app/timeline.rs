//! The Timeline pane's state: its rows (month headings and entries), the
//! first row shown, which entries match the query.

use super::*;

/// One row of the timeline: a month heading or an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineRow {
    Month {
        year: i32,
        month: u32,
        first: EntryId,
        count: usize,
    },
    Entry {
        id: EntryId,
        first_of_day: bool,
    },
}

/// The Timeline pane.
pub struct TimelineState {
    /// The first row shown.
    pub top: usize,
    pub rows: Vec<TimelineRow>,
    /// Per entry: its row.
    pub(crate) entry_row: Vec<usize>,
    /// The current entry changed by a jump: centre it in the timeline.
    pub(crate) center: bool,
    /// Per entry: does it match the query (for dimming the timeline)?
    pub matched: Option<Vec<bool>>,
}

impl Default for TimelineState {
    fn default() -> TimelineState {
        TimelineState {
            top: 0,
            rows: Vec::new(),
            entry_row: Vec::new(),
            center: true,
            matched: None,
        }
    }
}

impl App {
    /// The current entry's row in view (centred after a jump).
    pub(crate) fn sync_timeline(&mut self) {
        // Timeline: the current entry's row in view.
        let tl_h = usize::from(self.screen.areas.timeline.height.saturating_sub(2)).max(1);
        if let Some(id) = self.current_id() {
            let row = self.entry_row(id);
            // Show the month heading too when the entry is its first.
            let want = if row > 0
                && matches!(
                    self.timeline.rows.get(row - 1),
                    Some(TimelineRow::Month { .. })
                ) {
                row - 1
            } else {
                row
            };
            if std::mem::take(&mut self.timeline.center) {
                self.timeline.top = want.saturating_sub(tl_h / 2);
            }
            if want < self.timeline.top {
                self.timeline.top = want;
            }
            self.timeline.top =
                keep_in_view(self.timeline.top, row, tl_h, self.timeline.rows.len());
        }
    }

    pub(crate) fn build_timeline(&mut self) {
        let s = &self.store;
        let mut rows = Vec::with_capacity(s.len() + s.len() / 20 + 1);
        let mut entry_row = vec![0; s.len()];
        let mut last_day: Option<NaiveDate> = None;
        let mut month_row = 0;
        for (id, slot) in entry_row.iter_mut().enumerate() {
            let d = s.entry(id).stamp.date();
            if last_day.is_none_or(|l| (l.year(), l.month()) != (d.year(), d.month())) {
                month_row = rows.len();
                rows.push(TimelineRow::Month {
                    year: d.year(),
                    month: d.month(),
                    first: id,
                    count: 0,
                });
            }
            if let TimelineRow::Month { count, .. } = &mut rows[month_row] {
                *count += 1;
            }
            *slot = rows.len();
            rows.push(TimelineRow::Entry {
                id,
                first_of_day: last_day != Some(d),
            });
            last_day = Some(d);
        }
        self.timeline.rows = rows;
        self.timeline.entry_row = entry_row;
    }

    pub fn entry_row(&self, id: EntryId) -> usize {
        self.timeline.entry_row.get(id).copied().unwrap_or(0)
    }

    /// Rows of the Timeline's list, and the row the current entry's heading
    /// or itself takes at the top (a month's first entry keeps its heading).
    pub(crate) fn timeline_height(&self) -> usize {
        usize::from(self.screen.areas.timeline.height.saturating_sub(2)).max(1)
    }

    pub(crate) fn entry_top_row(&self, row: usize) -> usize {
        if row > 0
            && matches!(
                self.timeline.rows.get(row - 1),
                Some(TimelineRow::Month { .. })
            )
        {
            row - 1
        } else {
            row
        }
    }

    /// Ctrl-e / Ctrl-y: the pane scrolls `d` lines; the cursor stays unless
    /// it would leave the screen (then it moves to the nearest row shown).
    pub(crate) fn scroll_lines(&mut self, d: isize) {
        match self.focus {
            Pane::Filter => {}
            Pane::Reader => self.move_by(d),
            Pane::Timeline => {
                let h = self.timeline_height();
                let max = self.timeline.rows.len().saturating_sub(h);
                let top = clamp_add(self.timeline.top, d, max);
                self.timeline.top = top;
                let Some(cur) = self.current_id() else { return };
                let row = self.entry_row(cur);
                let shown = |app: &App, r: usize| app.entry_top_row(r) >= top && r < top + h;
                if shown(self, row) {
                    return;
                }
                let entry = |r: &TimelineRow| match r {
                    TimelineRow::Entry { id, .. } => Some(*id),
                    TimelineRow::Month { .. } => None,
                };
                let rows = top..(top + h).min(self.timeline.rows.len());
                let pick = if row < top + h {
                    rows.clone()
                        .find_map(|r| entry(&self.timeline.rows[r]).filter(|_| shown(self, r)))
                } else {
                    rows.rev()
                        .find_map(|r| entry(&self.timeline.rows[r]).filter(|_| shown(self, r)))
                };
                if let Some(id) = pick {
                    self.show(id);
                }
            }
        }
    }

    /// `n` / `N` in the Timeline: the `d`-th next (previous) entry that
    /// matches the query, wrapping round as vim's search does.
    pub(crate) fn next_match(&mut self, d: isize) {
        let Some(m) = self.timeline.matched.as_ref() else {
            self.message =
                Some("n / N: the next / previous entry matching the query; type one with /".into());
            return;
        };
        let len = m.len();
        let Some(mut at) = self.current_id() else {
            return;
        };
        let mut wrapped = false;
        for _ in 0..d.unsigned_abs() {
            let step = |i: usize| {
                if d > 0 {
                    (i + 1) % len
                } else {
                    (i + len - 1) % len
                }
            };
            let mut i = at;
            let found = loop {
                let next = step(i);
                wrapped |= if d > 0 { next < i } else { next > i };
                i = next;
                if m[i] {
                    break Some(i);
                }
                if i == at {
                    break None;
                }
            };
            match found {
                Some(i) => at = i,
                None => {
                    self.message = Some("no loaded entry matches the query".into());
                    return;
                }
            }
        }
        if Some(at) != self.current_id() {
            self.jump(at, None);
        }
        if wrapped {
            self.message = Some(if d > 0 {
                "search hit the newest entry, continuing at the oldest".into()
            } else {
                "search hit the oldest entry, continuing at the newest".into()
            });
        }
    }
}
