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
        // What was asked for, to say so when the entry shown is another.
        let target = if let Some(s) = Stamp::parse(t) {
            Some((s, Asked::Minute))
        } else if let Some(d) = parse_date(t) {
            Stamp::new(d, 0, 0).map(|s| (s, Asked::Day))
        } else {
            let parts: Vec<&str> = t.split('-').collect();
            let num = |s: &str| s.parse::<u32>().ok();
            match parts.as_slice() {
                [y, m] if y.len() == 4 => num(y)
                    .zip(num(m))
                    .and_then(|(y, m)| NaiveDate::from_ymd_opt(y as i32, m, 1))
                    .and_then(|d| Stamp::new(d, 0, 0))
                    .map(|s| (s, Asked::Month)),
                [m, d] => num(m)
                    .zip(num(d))
                    .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d))
                    .and_then(|d| Stamp::new(d, 0, 0))
                    .map(|s| (s, Asked::Day)),
                _ => None,
            }
        };
        let Some((target, asked)) = target else {
            self.message = Some(format!(
                "`{t}` is not a date or stamp (try 2012-1-20, 1-20, 2012-01)"
            ));
            return;
        };
        match self.store.at_or_after(target) {
            Some(id) => {
                let found = self.store.entry(id).stamp;
                let note = goto_note(target, asked, found, id == 0);
                self.jump(id, None);
                self.message = note;
            }
            None => self.message = Some("no entries loaded".into()),
        }
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
                            Some(u) => Some(self.store.entry(entry).updates()[u].line),
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
            Target::Url => self.open_url(),
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
}

/// How precise a `:` target was: a minute, a day or a month.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Asked {
    Minute,
    Day,
    Month,
}

/// What `:` says when the entry shown is not the one asked for: `None` when
/// it is (the minute, a day's first entry, a month's first entry). The
/// words name what was asked, what is shown and how far it is.
pub(crate) fn goto_note(target: Stamp, asked: Asked, found: Stamp, first: bool) -> Option<String> {
    let same = match asked {
        Asked::Minute => found == target,
        Asked::Day => found.date() == target.date(),
        Asked::Month => {
            (found.date().year(), found.date().month())
                == (target.date().year(), target.date().month())
        }
    };
    if same {
        return None;
    }
    let what = match asked {
        Asked::Minute => target.notebook_form(),
        Asked::Day => target.date().format("%Y-%m-%d").to_string(),
        Asked::Month => target.date().format("%Y-%m").to_string(),
    };
    // The same day as asked: the time is enough; else the day (and the time
    // when a time was asked).
    let shown = if asked == Asked::Minute && found.date() == target.date() {
        found.hm()
    } else if asked == Asked::Minute {
        found.notebook_form()
    } else {
        found.date().format("%Y-%m-%d").to_string()
    };
    let away = distance(target, asked, found);
    Some(if found < target {
        format!("{what} is after the last entry; showing {shown} ({away})")
    } else if first {
        format!("{what} is before the first entry; showing {shown} ({away})")
    } else {
        let on = match asked {
            Asked::Minute => "at",
            Asked::Day => "on",
            Asked::Month => "in",
        };
        format!("no entry {on} {what}; showing {shown} ({away})")
    })
}

/// `+1 min`, `+2 h 5 min`, `+4 days`, `-1 day`: from what was asked to what
/// is shown, in minutes within a day of a time asked for, else in days.
fn distance(target: Stamp, asked: Asked, found: Stamp) -> String {
    let minutes = target.minutes_to(found);
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    if asked == Asked::Minute && m < 24 * 60 {
        return match (m / 60, m % 60) {
            (0, m) => format!("{sign}{m} min"),
            (h, 0) => format!("{sign}{h} h"),
            (h, m) => format!("{sign}{h} h {m} min"),
        };
    }
    let days = (found.date() - target.date()).num_days().unsigned_abs();
    let plural =
        |n: u64, one: &str, many: &str| format!("{sign}{n} {}", if n == 1 { one } else { many });
    match asked {
        Asked::Month => {
            let months = |s: Stamp| s.date().year() as i64 * 12 + s.date().month0() as i64;
            let n = (months(found) - months(target)).unsigned_abs();
            plural(n, "month", "months")
        }
        _ => plural(days, "day", "days"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Stamp {
        Stamp::parse(s).expect("a stamp")
    }

    /// How far what is shown is from what was asked: minutes and hours within
    /// a day of a time asked for, else days (or months for a month), signed.
    #[test]
    fn the_distance_to_what_is_shown() {
        let d = |t: &str, asked, f: &str| distance(at(t), asked, at(f));
        use Asked::*;
        assert_eq!(d("10:00 2014-3-2", Minute, "10:01 2014-3-2"), "+1 min");
        assert_eq!(d("10:00 2014-3-2", Minute, "7:55 2014-3-2"), "-2 h 5 min");
        assert_eq!(d("10:00 2014-3-2", Minute, "13:00 2014-3-2"), "+3 h");
        assert_eq!(d("10:00 2014-3-2", Minute, "9:59 2014-3-3"), "+23 h 59 min");
        assert_eq!(d("10:00 2014-3-2", Minute, "10:00 2014-3-3"), "+1 day");
        assert_eq!(d("0:00 2014-3-2", Day, "23:00 2014-3-6"), "+4 days");
        assert_eq!(d("0:00 2014-3-2", Day, "23:00 2014-3-1"), "-1 day");
        assert_eq!(d("0:00 2014-3-1", Month, "0:00 2014-1-31"), "-2 months");
    }

    /// What the status line says when the entry shown is not the one asked
    /// for, and nothing when it is.
    #[test]
    fn the_note_after_a_goto() {
        use Asked::*;
        let n = |t: &str, asked, f: &str, first| goto_note(at(t), asked, at(f), first);
        assert_eq!(n("10:00 2014-3-2", Minute, "10:00 2014-3-2", false), None);
        assert_eq!(n("0:00 2014-3-2", Day, "23:00 2014-3-2", false), None);
        assert_eq!(n("0:00 2014-3-1", Month, "0:00 2014-3-31", false), None);
        assert_eq!(
            n("10:00 2014-3-2", Minute, "10:05 2014-3-2", false).as_deref(),
            Some("no entry at 10:00 2014-03-02; showing 10:05 (+5 min)")
        );
        assert_eq!(
            n("0:00 2014-3-9", Day, "8:00 2014-3-5", false).as_deref(),
            Some("2014-03-09 is after the last entry; showing 2014-03-05 (-4 days)")
        );
        assert_eq!(
            n("0:00 2014-1-1", Month, "8:00 2014-3-5", true).as_deref(),
            Some("2014-01 is before the first entry; showing 2014-03-05 (+2 months)")
        );
    }
}
