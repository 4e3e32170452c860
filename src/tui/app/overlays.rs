//! The overlays over the panes: the pop-up lists (`t`, `T`, `o`, `:files`),
//! the year heatmap (`H`), the `:` line and the help. While one is open, the
//! actions its keymap context gives (see `keymap::Context`) act on it.

use super::*;
use crate::tui::lists;
use chrono::Months;

/// The overlays; at most the one `overlay()` names takes the keys.
#[derive(Default)]
pub struct Overlays {
    /// The help, scrolled to this line.
    pub help: Option<usize>,
    /// The `:` line, as typed.
    pub prompt: Option<String>,
    /// Browsing the `:` history: the index in `state.gotos`, and the line
    /// as typed before the first ↑.
    pub(crate) goto_at: Option<usize>,
    pub(crate) goto_draft: String,
    /// A pop-up list (`t`, `T`, `o`, `:files`).
    pub list: Option<ListView>,
    /// The year heatmap, shown in the Timeline pane.
    pub heatmap: Option<Heatmap>,
    /// The keyword browser (`K`).
    pub keywords: Option<crate::tui::keyword_view::KeywordView>,
}

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
        if n > self.loading.warned_files {
            let files = if n == 1 { "file" } else { "files" };
            self.message = Some(format!("{n} {files} with warnings — :files"));
        }
        self.loading.warned_files = n;
    }

    pub(crate) fn open_list(&mut self, kind: ListKind) {
        let view = match kind {
            ListKind::Todos => lists::todos(&self.store),
            ListKind::Thread => match self.current_id() {
                Some(id) => lists::thread(&self.store, id, None),
                None => return,
            },
            ListKind::OnThisDay => lists::on_this_day(&self.store, self.on_this_day_date()),
            ListKind::Files => lists::files(&self.store, &self.loading.problems),
        };
        if view.items.is_empty() {
            self.message = Some(match kind {
                ListKind::Todos => "no \\todo marks in the loaded notebooks".into(),
                ListKind::OnThisDay => format!(
                    "nothing was written on {} in other years",
                    lists::month_day(self.on_this_day_date())
                ),
                _ => "nothing to list".into(),
            });
            return;
        }
        self.overlays.list = Some(view);
    }

    /// The day `o` lists: the reader's entry's, or today's while the reader
    /// still shows what start-up chose.
    pub(crate) fn on_this_day_date(&self) -> NaiveDate {
        match self.current_id() {
            Some(id) if self.reader.moved => self.store.entry(id).stamp.date(),
            _ => self.opts.now.date(),
        }
    }

    /// `+` / `-` in the thread view: one link further out or less far, from
    /// every linked entry (no limit) down to those one link away.
    fn thread_depth(&mut self, deeper: bool) {
        let (Some(id), Some(old)) = (self.current_id(), self.overlays.list.as_ref()) else {
            return;
        };
        let all = crate::store::analysis::thread_steps(&self.store, id, None);
        let reach = all.iter().map(|s| s.depth).max().unwrap_or(0);
        let now = old.max_depth.unwrap_or(reach).min(reach);
        let to = if deeper {
            now + 1
        } else {
            now.saturating_sub(1)
        }
        .max(1);
        let limit = (to < reach).then_some(to);
        let mut view = lists::thread(&self.store, id, limit);
        view.filter = old.filter.clone();
        self.message = Some(match limit {
            Some(d) => format!("thread: entries at most {d} links away (+ / -)"),
            None => format!("thread: every linked entry, {reach} links at most (-)"),
        });
        self.overlays.list = Some(view);
    }

    pub(crate) fn toggle_heatmap(&mut self) {
        if self.overlays.heatmap.take().is_some() {
            return;
        }
        let cursor = self
            .current_id()
            .map_or(self.opts.now.date(), |id| self.store.entry(id).stamp.date());
        self.overlays.heatmap = Some(Heatmap { cursor });
        self.focus = Pane::Timeline;
    }

    /// The overlay that takes the keys now, if one is open.
    pub(crate) fn overlay(&self) -> Option<Overlay> {
        if self.overlays.help.is_some() {
            Some(Overlay::Help)
        } else if self.overlays.prompt.is_some() {
            Some(Overlay::Prompt)
        } else if self.overlays.keywords.is_some() {
            Some(Overlay::Keywords)
        } else if self.overlays.list.is_some() {
            Some(Overlay::List)
        } else if self.overlays.heatmap.is_some() && self.focus == Pane::Timeline {
            Some(Overlay::Heatmap)
        } else {
            None
        }
    }

    /// An action while an overlay is open; false when the overlay leaves it
    /// to the panes (Quit, Back, and in the heatmap the Timeline's keys).
    pub(crate) fn overlay_action(&mut self, o: Overlay, a: Action, count: Option<usize>) -> bool {
        use Action::*;
        let n = count.unwrap_or(1).min(100_000);
        match o {
            Overlay::Help => {
                let page = crate::tui::layout::help_height(self.screen.size);
                let top = self.overlays.help.unwrap_or(0);
                let to = match a {
                    Down => top + n,
                    Up => top.saturating_sub(n),
                    HalfPageDown => top + page / 2 * n,
                    HalfPageUp => top.saturating_sub(page / 2 * n),
                    PageDown => top + page.saturating_sub(1).max(1) * n,
                    PageUp => top.saturating_sub(page.saturating_sub(1).max(1) * n),
                    Top => 0,
                    Bottom => usize::MAX,
                    Close | Help => {
                        self.overlays.help = None;
                        return true;
                    }
                    _ => return false,
                };
                self.overlays.help = Some(
                    to.min(
                        self.keymap
                            .help_len()
                            .saturating_sub(crate::tui::layout::help_height(self.screen.size)),
                    ),
                );
            }
            Overlay::Prompt => match a {
                Insert(c) => self.insert_text(c.encode_utf8(&mut [0; 4])),
                Open => {
                    let text = self.overlays.prompt.take().unwrap_or_default();
                    self.state.remember_goto(&text);
                    self.goto(&text);
                }
                Close => self.overlays.prompt = None,
                DeleteChar => {
                    if self
                        .overlays
                        .prompt
                        .as_mut()
                        .and_then(String::pop)
                        .is_none()
                    {
                        self.overlays.prompt = None;
                    }
                }
                DeleteWord => self.overlays.prompt.iter_mut().for_each(delete_word),
                ClearQuery => self.overlays.prompt.iter_mut().for_each(String::clear),
                HistoryPrev | HistoryNext => self.goto_history(a == HistoryPrev),
                _ => return false,
            },
            Overlay::List => {
                let Some(list) = self.overlays.list.as_mut() else {
                    return false;
                };
                let last = list.visible().len().saturating_sub(1);
                match a {
                    Up => list.sel = list.sel.saturating_sub(n),
                    Down => list.sel = (list.sel + n).min(last),
                    PageUp => list.sel = list.sel.saturating_sub(10 * n),
                    PageDown => list.sel = (list.sel + 10 * n).min(last),
                    Top => list.sel = 0,
                    Bottom => list.sel = last,
                    Insert(c) => self.insert_text(c.encode_utf8(&mut [0; 4])),
                    DeleteChar | DeleteWord | ClearQuery => {
                        match a {
                            DeleteChar => drop(list.filter.pop()),
                            DeleteWord => delete_word(&mut list.filter),
                            _ => list.filter.clear(),
                        }
                        list.sel = 0;
                    }
                    Close => self.overlays.list = None,
                    Open => self.open_list_row(),
                    DeeperThread | ShallowerThread if list.kind != ListKind::Thread => {
                        self.insert_text(if a == DeeperThread { "+" } else { "-" })
                    }
                    DeeperThread | ShallowerThread => self.thread_depth(a == DeeperThread),
                    _ => return false,
                }
            }
            Overlay::Keywords => return self.keywords_action(a, n),
            Overlay::Heatmap => {
                let Some(h) = self.overlays.heatmap.as_mut() else {
                    return false;
                };
                let (d, n32) = (h.cursor, n as u32);
                let days = chrono::Days::new(n as u64);
                let next = match a {
                    PrevDay => d.checked_sub_days(days),
                    NextDay => d.checked_add_days(days),
                    PrevMonth => d.checked_sub_months(Months::new(n32)),
                    NextMonth => d.checked_add_months(Months::new(n32)),
                    PrevYear => d.checked_sub_months(Months::new(12 * n32)),
                    NextYear => d.checked_add_months(Months::new(12 * n32)),
                    Close => {
                        self.overlays.heatmap = None;
                        return true;
                    }
                    Open => {
                        self.open_heatmap_day(d);
                        return true;
                    }
                    _ => return false,
                };
                if let Some(n) = next {
                    h.cursor = n;
                }
            }
        }
        true
    }

    /// Text typed or pasted: into the `:` line, an open list's filter, or
    /// the query when the Filter has the focus.
    pub(crate) fn insert_text(&mut self, text: &str) {
        if self.overlays.help.is_some() {
            return;
        }
        if let Some(p) = self.overlays.prompt.as_mut() {
            p.push_str(text);
            self.overlays.goto_at = None;
        } else if let Some(v) = self.overlays.keywords.as_mut() {
            v.filter.push_str(text);
            v.sel = 0;
        } else if let Some(list) = self.overlays.list.as_mut() {
            list.filter.push_str(text);
            list.sel = 0;
        } else if self.focus == Pane::Filter && !text.is_empty() {
            self.filter.query.push_str(text);
            self.query_changed();
        }
    }

    /// ↑ / ↓ in the `:` line: older / newer lines run before (kept in the
    /// session state), then back to what was typed.
    fn goto_history(&mut self, older: bool) {
        let Some(p) = self.overlays.prompt.as_mut() else {
            return;
        };
        let len = self.state.gotos.len();
        let at = match (self.overlays.goto_at, older) {
            (_, true) if len == 0 => {
                self.message = Some("no earlier : lines".into());
                return;
            }
            (None, true) => {
                self.overlays.goto_draft = p.clone();
                Some(0)
            }
            (Some(i), true) => Some((i + 1).min(len - 1)),
            (None, false) => return,
            (Some(0), false) => None,
            (Some(i), false) => Some(i - 1),
        };
        *p = match at {
            Some(i) => self.state.gotos[i].clone(),
            None => self.overlays.goto_draft.clone(),
        };
        self.overlays.goto_at = at;
    }

    fn open_list_row(&mut self) {
        let Some(item) = self
            .overlays
            .list
            .as_ref()
            .and_then(|l| l.selected().cloned())
        else {
            return;
        };
        let Some(id) = item.entry.and_then(|k| self.store.id_of(k)) else {
            self.message = Some("nothing to open on that row".into());
            return;
        };
        self.overlays.list = None;
        self.jump(id, item.line);
        self.focus = Pane::Reader;
    }

    fn open_heatmap_day(&mut self, d: NaiveDate) {
        match self.store.first_on_or_after(d) {
            Some(id) if self.store.entry(id).stamp.date() == d => {
                self.overlays.heatmap = None;
                self.jump(id, None);
                self.focus = Pane::Reader;
            }
            _ => self.message = Some(format!("nothing written on {d}")),
        }
    }
}

/// What takes the keys over the panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Prompt,
    List,
    /// The keyword browser: the lists' keys.
    Keywords,
    Heatmap,
}

/// Readline's Ctrl-w: the word before the end and the spaces after it.
pub fn delete_word(s: &mut String) {
    let t = s.trim_end();
    let cut = t.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    s.truncate(cut);
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
