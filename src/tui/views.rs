//! The keys of the pop-up lists (`t`, `T`, `o`, `:files`) and of the year
//! heatmap (`H`): while one is open it takes the keys it understands.

use super::app::{App, Pane};
use super::keymap::Key;
use super::lists::{self, ListKind};
use chrono::{Datelike, Months, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// The year heatmap's cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Heatmap {
    pub cursor: NaiveDate,
}

impl App {
    /// After a new store: when more files carry warnings (lossy decode,
    /// binary, no entry headers) than the status bar last announced, it says
    /// how many and where to read them. `:files` lists each with its line.
    pub(crate) fn note_warnings(&mut self) {
        let n = self
            .store
            .files()
            .iter()
            .filter(|nb| !nb.warnings.is_empty())
            .count();
        if n > self.warned_files {
            let files = if n == 1 { "file" } else { "files" };
            self.message = Some(format!("{n} {files} with warnings — :files"));
        }
        self.warned_files = n;
    }

    pub(crate) fn open_list(&mut self, kind: ListKind) {
        let view = match kind {
            ListKind::Todos => lists::todos(&self.store),
            ListKind::Thread => match self.current_id() {
                Some(id) => lists::thread(&self.store, id),
                None => return,
            },
            ListKind::OnThisDay => lists::on_this_day(&self.store, self.opts.now.date()),
            ListKind::Files => lists::files(&self.store, &self.problems),
        };
        if view.items.is_empty() {
            self.message = Some(match kind {
                ListKind::Todos => "no \\todo marks in the loaded notebooks".into(),
                ListKind::OnThisDay => format!(
                    "nothing was written on {} in earlier years",
                    self.opts.now.date().format("%m-%d")
                ),
                _ => "nothing to list".into(),
            });
            return;
        }
        self.list = Some(view);
    }

    /// Keys while a list is open: typing narrows it, arrows move, Enter opens.
    pub(crate) fn on_list_key(&mut self, key: Key) {
        let Some(list) = self.list.as_mut() else {
            return;
        };
        let ctrl = key.mods.contains(KeyModifiers::CONTROL);
        let n = list.visible().len();
        match key.code {
            KeyCode::Esc => self.list = None,
            KeyCode::Char('c') if ctrl => self.quit = true,
            KeyCode::Up => list.sel = list.sel.saturating_sub(1),
            KeyCode::Char('p' | 'k') if ctrl => list.sel = list.sel.saturating_sub(1),
            KeyCode::Down => list.sel = (list.sel + 1).min(n.saturating_sub(1)),
            KeyCode::Char('n' | 'j') if ctrl => list.sel = (list.sel + 1).min(n.saturating_sub(1)),
            KeyCode::PageUp => list.sel = list.sel.saturating_sub(10),
            KeyCode::PageDown => list.sel = (list.sel + 10).min(n.saturating_sub(1)),
            KeyCode::Backspace => {
                list.filter.pop();
                list.sel = 0;
            }
            KeyCode::Char('u') if ctrl => {
                list.filter.clear();
                list.sel = 0;
            }
            KeyCode::Char(c) if !ctrl => {
                list.filter.push(c);
                list.sel = 0;
            }
            KeyCode::Enter => {
                let Some(item) = list.selected().cloned() else {
                    return;
                };
                let Some(id) = item.entry.and_then(|k| self.store.id_of(k)) else {
                    self.message = Some("nothing to open on that row".into());
                    return;
                };
                self.list = None;
                self.jump(id, item.line);
                self.focus = Pane::Reader;
            }
            _ => {}
        }
    }

    pub(crate) fn toggle_heatmap(&mut self) {
        if self.heatmap.take().is_some() {
            return;
        }
        let cursor = self
            .current_id()
            .map_or(self.opts.now.date(), |id| self.store.entry(id).stamp.date());
        self.heatmap = Some(Heatmap { cursor });
        self.focus = Pane::Timeline;
    }

    /// Keys while the heatmap is open in the Timeline: h/l a day, j/k a month,
    /// [ ] a year, Enter opens that day, Esc or H closes.
    pub(crate) fn on_heatmap_key(&mut self, key: Key) -> bool {
        let Some(h) = self.heatmap.as_mut() else {
            return false;
        };
        let d = h.cursor;
        let next = match key.code {
            KeyCode::Char('h') | KeyCode::Left => d.pred_opt(),
            KeyCode::Char('l') | KeyCode::Right => d.succ_opt(),
            KeyCode::Char('j') | KeyCode::Down => d.checked_add_months(Months::new(1)),
            KeyCode::Char('k') | KeyCode::Up => d.checked_sub_months(Months::new(1)),
            KeyCode::Char(']') => d.checked_add_months(Months::new(12)),
            KeyCode::Char('[') => d.checked_sub_months(Months::new(12)),
            KeyCode::Esc | KeyCode::Char('H') => {
                self.heatmap = None;
                return true;
            }
            KeyCode::Enter => {
                match self.store.first_on_or_after(d) {
                    Some(id) if self.store.entry(id).stamp.date() == d => {
                        self.heatmap = None;
                        self.jump(id, None);
                        self.focus = Pane::Reader;
                    }
                    _ => self.message = Some(format!("nothing written on {d}")),
                }
                return true;
            }
            _ => return false,
        };
        if let Some(n) = next {
            h.cursor = n;
        }
        true
    }
}

/// Entries per day of `year`, indexed [month0][day0].
pub fn year_counts(app: &App, year: i32) -> [[usize; 31]; 12] {
    let mut c = [[0usize; 31]; 12];
    let store = &app.store;
    let Some(start) = NaiveDate::from_ymd_opt(year, 1, 1).and_then(|d| store.first_on_or_after(d))
    else {
        return c;
    };
    for id in start..store.len() {
        let d = store.entry(id).stamp.date();
        if d.year() != year {
            if d.year() > year {
                break;
            }
            continue;
        }
        c[d.month0() as usize][d.day0() as usize] += 1;
    }
    c
}
