//! Moving between entries by what the user names: `:` dates and stamps, the
//! reader's link cursor, following a see-link to its section, series parts.

use super::*;

impl App {
    /// `:` targets: `2012-1-20`, `1-20` (this year of the current entry),
    /// `2012-01`, `10:19 2012-1-20`: the nearest entry on or after.
    pub(crate) fn goto(&mut self, text: &str) {
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        if matches!(t, "files" | "f") {
            return self.open_list(ListKind::Files);
        }
        let year = self.current_id().map_or(self.opts.now.year(), |id| {
            self.store.entry(id).stamp.date().year()
        });
        let target = if let Some(s) = Stamp::parse(t) {
            Some(s)
        } else if let Some(d) = parse_date(t) {
            Stamp::new(d, 0, 0)
        } else {
            let parts: Vec<&str> = t.split('-').collect();
            let num = |s: &str| s.parse::<u32>().ok();
            match parts.as_slice() {
                [y, m] if y.len() == 4 => num(y)
                    .zip(num(m))
                    .and_then(|(y, m)| NaiveDate::from_ymd_opt(y as i32, m, 1))
                    .and_then(|d| Stamp::new(d, 0, 0)),
                [m, d] => num(m)
                    .zip(num(d))
                    .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d))
                    .and_then(|d| Stamp::new(d, 0, 0)),
                _ => None,
            }
        };
        let Some(target) = target else {
            self.message = Some(format!(
                "`{t}` is not a date or stamp (try 2012-1-20, 1-20, 2012-01)"
            ));
            return;
        };
        match self.store.at_or_after(target) {
            Some(id) => {
                let found = self.store.entry(id).stamp;
                if found < target {
                    self.message = Some(format!("nothing on or after {t}; showing the last entry"));
                }
                self.jump(id, None);
            }
            None => self.message = Some("no entries loaded".into()),
        }
    }

    pub(super) fn move_link(&mut self, d: isize) {
        let n = self.reader.doc.as_ref().map_or(0, |doc| doc.links.len());
        if n == 0 {
            self.message = Some("this entry has no links".into());
            return;
        }
        self.reader.link = Some(match self.reader.link {
            None if d > 0 => self.first_visible_link().unwrap_or(0),
            None => n - 1,
            Some(i) => (i as isize + d).rem_euclid(n as isize) as usize,
        });
        self.reader.reveal_link = true;
    }

    pub(super) fn first_visible_link(&self) -> Option<usize> {
        let (doc, layout) = (self.reader.doc.as_ref()?, self.reader.layout.as_ref()?);
        doc.links.iter().position(|l| {
            let row = layout.row_at(l.line, l.range.start);
            row >= self.reader.top
        })
    }

    pub(super) fn follow_link(&mut self) {
        let Some(doc) = self.reader.doc.as_ref() else {
            return;
        };
        let Some(link) = self.reader.link.and_then(|i| doc.links.get(i)) else {
            self.message = Some("no link selected: n / N move between links".into());
            return;
        };
        self.follow(link.target);
    }

    pub(super) fn follow(&mut self, target: Target) {
        let Some(id) = self.current_id() else { return };
        match target {
            Target::Ref(i) => {
                let r = self.store.reference(id, i).clone();
                let nb = self.store.notebook(id);
                let steps = parse_section(nb.slice(&r.section).as_bytes())
                    .map(|(s, _)| s)
                    .unwrap_or_default();
                let section = nb.slice(&r.section).to_string();
                match self.store.resolutions(id)[i] {
                    Resolution::Exact { entry, update } => {
                        let line = match update {
                            Some(u) => Some(self.store.entry(entry).updates[u].line),
                            None => self.section_line(entry, &steps, &section),
                        };
                        self.jump(entry, line);
                    }
                    Resolution::Approximate { entry, .. } => {
                        let line = self.section_line(entry, &steps, &section);
                        let shown = self.store.entry(entry).stamp;
                        let note = format!(
                            "no entry at {}, showing {}",
                            r.stamp.notebook_form(),
                            shown.hm()
                        );
                        self.jump(entry, line);
                        self.message = Some(match self.message.take() {
                            Some(m) => format!("{note}; {m}"),
                            None => note,
                        });
                    }
                    Resolution::Dangling(why) => self.message = Some(dangling_note(r.stamp, why)),
                }
            }
            Target::Backlink { from, index } => {
                let line = self.store.reference(from, index).line;
                self.jump(from, Some(line));
            }
            Target::Series(other) => self.jump(other, None),
        }
    }

    pub(super) fn section_line(
        &mut self,
        entry: EntryId,
        steps: &[crate::notebook::Step],
        written: &str,
    ) -> Option<u32> {
        if steps.is_empty() {
            return None;
        }
        match self.store.section_line(entry, steps) {
            Some((line, true)) => Some(line),
            Some((line, false)) => {
                self.message = Some(format!(
                    "section {written} not found in full; showing the nearest item"
                ));
                Some(line)
            }
            None => {
                self.message = Some(format!("no section {written} in that entry"));
                None
            }
        }
    }

    pub(super) fn series_step(&mut self, next: bool) {
        let Some(id) = self.current_id() else { return };
        let (prev, nxt) = self.store.series_neighbours(id);
        match if next { nxt } else { prev } {
            Some(t) => self.jump(t, None),
            None if self.store.series_of(id).next().is_none() => {
                self.message = Some("this entry is not part of a series".into())
            }
            None => {
                self.message = Some(format!(
                    "no {} part in this series",
                    if next { "next" } else { "previous" }
                ))
            }
        }
    }

    // ----- vim habits -------------------------------------------------------

    /// A digit of a count: `5j`, `10G` (a leading 0 is no count).
    pub(super) fn push_count(&mut self, d: u8) {
        if self.input.count.is_none() && d == 0 {
            return;
        }
        let c = self.input.count.unwrap_or(0).saturating_mul(10) + usize::from(d);
        self.input.count = Some(c.min(1_000_000));
    }

    /// Rows of the Timeline's list, and the row the current entry's heading
    /// or itself takes at the top (a month's first entry keeps its heading).
    fn timeline_height(&self) -> usize {
        usize::from(self.screen.areas.timeline.height.saturating_sub(2)).max(1)
    }

    fn entry_top_row(&self, row: usize) -> usize {
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
    pub(super) fn scroll_lines(&mut self, d: isize) {
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

    /// `zz` / `zt` / `zb`: the current entry's row (Timeline) or the
    /// selected link's line, else the top line (Reader), to the middle, top
    /// or bottom of the pane.
    pub(super) fn line_to(&mut self, a: Action) {
        let place = |row: usize, h: usize| match a {
            Action::LineToTop => row,
            Action::LineToBottom => (row + 1).saturating_sub(h),
            _ => row.saturating_sub(h / 2),
        };
        match self.focus {
            Pane::Filter => {}
            Pane::Timeline => {
                let Some(cur) = self.current_id() else { return };
                let row = self.entry_top_row(self.entry_row(cur));
                let h = self.timeline_height();
                self.timeline.top = match a {
                    // The entry's own row at the bottom, its heading above.
                    Action::LineToBottom => place(self.entry_row(cur), h),
                    _ => place(row, h),
                };
            }
            Pane::Reader => {
                let row = match (
                    self.reader.link,
                    self.reader.doc.as_ref(),
                    self.reader.layout.as_ref(),
                ) {
                    (Some(i), Some(doc), Some(layout)) => doc
                        .links
                        .get(i)
                        .map_or(self.reader.top, |l| layout.row_at(l.line, l.range.start)),
                    _ => self.reader.top,
                };
                self.reader.top = place(row, self.reader_height());
            }
        }
    }

    /// `n` / `N` in the Timeline: the `d`-th next (previous) entry that
    /// matches the query, wrapping round as vim's search does.
    pub(super) fn next_match(&mut self, d: isize) {
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
