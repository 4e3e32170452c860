//! The browser's state and the one place it changes (`update`). Rendering reads
//! it (see `ui`); `prepare` derives what depends on the terminal size (pane
//! areas, the reader's wrapped layout, scroll limits) before each frame.

use super::action::Action;
use super::doc::{self, Doc, Target};
use super::history::{History, Location};
use super::keymap::{Context, Key, Keymap, Lookup};
pub use super::layout::Pane;
use super::layout::{self, Areas};
use super::lists::{ListKind, ListView};
use super::state::State;
use super::theme::Theme;

use crate::notebook::refs::parse_section;
use crate::notebook::stamp::parse_date;
use crate::notebook::Stamp;
use crate::search::{LiveSearch, Scope};
use crate::store::{Dangling, EntryId, EntryKey, Resolution, Store};
use crate::text::{Layout, WrapOptions};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use std::sync::Arc;

mod filter;
mod input;
mod mouse;
mod nav;
mod overlays;
mod reader;
mod timeline;

pub use filter::FilterState;
pub use overlays::{delete_word, year_counts, Heatmap, Overlay, Overlays};
pub use reader::ReaderState;
pub use timeline::{TimelineRow, TimelineState};

/// Options that do not change while the browser runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// The clock, passed in so tests render the same every run.
    pub now: NaiveDateTime,
    pub theme: Theme,
    pub wrap: WrapOptions,
    pub sample: bool,
}

pub struct App {
    pub store: Arc<Store>,
    pub search: LiveSearch,
    pub keymap: Keymap,
    pub opts: Options,
    /// Remembered between runs (last entry, recent queries, `:` lines).
    pub state: State,
    /// The jumplist (Ctrl-o / Ctrl-i).
    pub(crate) history: History,
    pub focus: Pane,
    /// The status bar's note; cleared by the next key.
    pub message: Option<String>,
    pub filter: FilterState,
    pub timeline: TimelineState,
    pub reader: ReaderState,
    pub overlays: Overlays,
    pub loading: Loading,
    pub(crate) input: Input,
    /// The terminal's size and the pane areas in it, set by `sync`.
    pub screen: Screen,
    /// What the event loop is asked to do after this event.
    pub requests: Requests,
}

/// Loading the notebooks: progress and what could not be read.
#[derive(Default)]
pub struct Loading {
    /// Files read of all, while the first load runs.
    pub progress: Option<(usize, usize)>,
    /// Paths that could not be read (`:files` lists them).
    pub problems: Vec<String>,
    /// Files with warnings the status bar has announced (see `note_warnings`).
    pub(crate) warned_files: usize,
}

/// Keys typed so far that do not make an action yet.
#[derive(Default)]
pub struct Input {
    /// The first key(s) of a longer binding (`g` of `gg`).
    pub(crate) pending: Vec<Key>,
    /// A count typed before a key (`5j`).
    pub(crate) count: Option<usize>,
}

/// Where things are: derived from the terminal's size before each frame.
pub struct Screen {
    pub size: Rect,
    pub areas: Areas,
}

/// Asks for the event loop, which owns the terminal.
#[derive(Default)]
pub struct Requests {
    pub quit: bool,
    /// Set by Ctrl-z: the event loop gives the terminal back and stops.
    pub suspend: bool,
    /// Set by `e`: the event loop suspends the screen and runs the editor.
    pub edit: Option<(std::path::PathBuf, u32)>,
}

impl App {
    pub fn new(store: Arc<Store>, search: LiveSearch, opts: Options) -> App {
        let mut app = App {
            store: Arc::new(Store::default()),
            search,
            keymap: Keymap::default(),
            opts,
            state: State::default(),
            history: History::default(),
            focus: Pane::Filter,
            message: None,
            filter: FilterState::default(),
            timeline: TimelineState::default(),
            reader: ReaderState::default(),
            overlays: Overlays::default(),
            loading: Loading::default(),
            input: Input::default(),
            screen: Screen {
                size: Rect::new(0, 0, 100, 30),
                areas: Areas::default(),
            },
            requests: Requests::default(),
        };
        app.on_store(store);
        app
    }

    /// Swaps in a newer store (more files loaded). Positions are kept by key.
    pub fn on_store(&mut self, store: Arc<Store>) {
        self.store = store;
        self.reader.doc = None;
        self.reader.layout = None;
        self.build_timeline();
        if !self.reader.moved
            || self
                .reader
                .current
                .and_then(|k| self.store.id_of(k))
                .is_none()
        {
            self.reader.current = self.store.len().checked_sub(1).map(|id| self.store.key(id));
            self.filter.origin = self.location();
        }
        if !self.reader.moved {
            self.try_restore();
        }
        if crate::search::has_or(&self.filter.query) {
            // More entries: match the `|` query again over all of them.
            let keep = self.filter.sel;
            self.query_changed();
            self.filter.sel = keep;
        }
        self.refresh_matches();
        self.note_warnings();
    }

    pub fn current_id(&self) -> Option<EntryId> {
        self.reader.current.and_then(|k| self.store.id_of(k))
    }

    fn location(&self) -> Option<Location> {
        self.reader.current.map(|entry| Location {
            entry,
            scroll: self.reader.top,
        })
    }

    // ----- the filter's results ------------------------------------------------

    // ----- input ---------------------------------------------------------------

    pub fn update(&mut self, a: Action) {
        use Action::*;
        if let Count(d) = a {
            return self.push_count(d);
        }
        let count = self.input.count.take();
        if let Some(o) = self.overlay() {
            if self.overlay_action(o, a, count) {
                return;
            }
        }
        let n = count.unwrap_or(1).min(100_000) as isize;
        match a {
            FocusFilter => self.focus_pane(Pane::Filter),
            FocusTimeline => self.focus_pane(Pane::Timeline),
            FocusReader => self.focus_pane(Pane::Reader),
            NextPane => self.focus_pane(match self.focus {
                Pane::Filter => Pane::Timeline,
                Pane::Timeline => Pane::Reader,
                Pane::Reader => Pane::Filter,
            }),
            LeaveFilter => self.focus_pane(self.filter.leave_to),
            Down => self.move_by(n),
            Up => self.move_by(-n),
            HalfPageDown => self.move_by(self.page() / 2 * n),
            HalfPageUp => self.move_by(-(self.page() / 2 * n)),
            PageDown => self.move_by(self.page().saturating_sub(1).max(1) * n),
            PageUp => self.move_by(-(self.page().saturating_sub(1).max(1) * n)),
            // With a count, `10G` and `10gg`: the 10th row (entry, line).
            Top | Bottom if count.is_some() => {
                self.move_by(isize::MIN / 2);
                self.move_by(n - 1);
            }
            Top => self.move_by(isize::MIN / 2),
            Bottom => self.move_by(isize::MAX / 2),
            Open => self.open_selected(),
            ToggleScope => {
                self.filter.scope = self.filter.scope.toggled();
                self.query_changed();
                self.message = Some(format!("filter scope: {}", self.filter.scope.label()));
            }
            Insert(c) => self.insert_text(c.encode_utf8(&mut [0; 4])),
            DeleteChar => {
                if self.filter.query.pop().is_some() {
                    self.query_changed();
                }
            }
            DeleteWord => {
                delete_word(&mut self.filter.query);
                self.query_changed();
            }
            ClearQuery => {
                self.filter.query.clear();
                self.query_changed();
            }
            Goto => {
                self.overlays.prompt = Some(String::new());
                self.overlays.goto_at = None;
            }
            NextLink => self.move_link(n),
            PrevLink => self.move_link(-n),
            FollowLink => self.follow_link(),
            Back => {
                let here = self.location();
                match here.and_then(|h| self.history.back(h)) {
                    Some(to) => self.restore(to),
                    None => self.message = Some("at the start of the jumplist".into()),
                }
            }
            Forward => {
                let here = self.location();
                match here.and_then(|h| self.history.forward(h)) {
                    Some(to) => self.restore(to),
                    None => self.message = Some("at the end of the jumplist".into()),
                }
            }
            PrevPart | NextPart => self.series_step(a == NextPart),
            Todos => self.open_list(ListKind::Todos),
            Thread => self.open_list(ListKind::Thread),
            OnThisDay => self.open_list(ListKind::OnThisDay),
            Heatmap => self.toggle_heatmap(),
            TogglePinyin => {
                let on = !self.search.pinyin_enabled();
                self.search.set_pinyin(on);
                self.refresh_matches();
                self.message = Some(format!("pinyin matching {}", if on { "on" } else { "off" }));
            }
            Edit => self.request_edit(),
            RecallQuery => {
                if let Some(q) = self
                    .state
                    .queries
                    .get(self.filter.recall % self.state.queries.len().max(1))
                    .cloned()
                {
                    self.filter.recall += 1;
                    self.filter.query = q;
                    self.query_changed();
                } else {
                    self.message = Some("no recent queries yet".into());
                }
            }
            Help => self.overlays.help = Some(0),
            Suspend => self.requests.suspend = true,
            Quit => self.requests.quit = true,
            ScrollDown => self.scroll_lines(n),
            ScrollUp => self.scroll_lines(-n),
            LineToMiddle | LineToTop | LineToBottom => self.line_to(a),
            NextMatch => self.next_match(n),
            PrevMatch => self.next_match(-n),
            // Only in an overlay (handled above).
            Close | HistoryPrev | HistoryNext | PrevDay | NextDay | PrevMonth | NextMonth
            | PrevYear | NextYear | Count(_) => {}
        }
    }

    fn focus_pane(&mut self, p: Pane) {
        if p == self.focus {
            return;
        }
        if p == Pane::Filter {
            self.filter.leave_to = self.focus;
            self.filter.origin = self.location();
        }
        self.focus = p;
        if p == Pane::Timeline {
            self.reader.moved = true;
        }
    }

    fn page(&self) -> isize {
        let h = match self.focus {
            Pane::Filter => self.screen.areas.filter.height.saturating_sub(3),
            Pane::Timeline => self.screen.areas.timeline.height.saturating_sub(2),
            Pane::Reader => self.screen.areas.reader.height.saturating_sub(2),
        };
        h.max(2) as isize
    }

    fn move_by(&mut self, d: isize) {
        match self.focus {
            Pane::Filter => {
                let n = self.result_count();
                if n == 0 {
                    return;
                }
                self.filter.sel = clamp_add(self.filter.sel, d, n - 1);
                self.follow_filter();
            }
            Pane::Timeline => {
                let n = self.store.len();
                if n == 0 {
                    return;
                }
                let cur = self.current_id().unwrap_or(n - 1);
                self.show(clamp_add(cur, d, n - 1));
            }
            Pane::Reader => {
                let rows = self.reader.layout.as_ref().map_or(0, Layout::rows);
                let max = rows.saturating_sub(self.reader_height());
                self.reader.top = clamp_add(self.reader.top, d, max);
            }
        }
    }

    fn open_selected(&mut self) {
        match self.focus {
            Pane::Filter => {
                let Some(id) = self.result(self.filter.sel) else {
                    self.message = Some("no entry matches the query".into());
                    return;
                };
                if let Some(origin) = self.filter.origin.take() {
                    if Some(origin.entry) != Some(self.store.key(id)) {
                        self.history.jump(origin);
                    }
                }
                self.show(id);
                self.focus = Pane::Reader;
                let q = self.filter.query.clone();
                self.state.remember_query(&q);
                self.filter.recall = 0;
            }
            _ => self.focus = Pane::Reader,
        }
    }

    // ----- before each frame ----------------------------------------------------

    /// Derives everything that depends on the terminal size, and keeps the
    /// selections in view. Cheap when nothing changed.
    pub fn prepare(&mut self, size: Rect) {
        self.screen.size = size;
        self.sync();
        let shown = usize::from(self.screen.areas.filter.height.saturating_sub(3))
            / self.filter_row_height();
        let ranks = self.filter.top..self.filter.top + shown;
        self.filter.rows = self
            .search
            .rows(&self.store, ranks, self.filter_row_height() == 2);
    }

    /// Brings derived state in line with the current entry and pane sizes;
    /// runs before every frame and before every input event.
    fn sync(&mut self) {
        self.screen.areas = layout::areas(self.screen.size, self.focus);
        self.sync_reader();
        self.sync_filter();
        self.sync_timeline();
    }
}

/// The status-bar form of why a link points nowhere (DESIGN.md's wording).
pub fn dangling_note(stamp: Stamp, why: Dangling) -> String {
    match why {
        Dangling::OutsideRange { first, last }
            if first < stamp.date() && stamp.date() < last =>
        {
            format!(
                "{} is not loaded: no notebook covers the days between {first} and {last}",
                stamp.notebook_form()
            )
        }
        Dangling::OutsideRange { first, last } => format!(
            "{} is outside the loaded notebooks ({first} … {last})",
            stamp.notebook_form()
        ),
        Dangling::NoEntryAtTime => format!(
            "no entry at {} (nothing within 10 minutes that day)",
            stamp.notebook_form()
        ),
    }
}

fn clamp_add(v: usize, d: isize, max: usize) -> usize {
    (v as isize).saturating_add(d).clamp(0, max as isize) as usize
}

fn keep_in_view(top: usize, sel: usize, height: usize, len: usize) -> usize {
    let mut top = top.min(len.saturating_sub(height));
    if sel < top {
        top = sel;
    } else if sel >= top + height {
        top = sel + 1 - height;
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
    }

    #[test]
    fn a_link_into_a_gap_between_loaded_months_says_not_loaded() {
        let stamp = Stamp::parse("11:00 2012-12-21").expect("a stamp");
        let gap = Dangling::OutsideRange {
            first: day(2012, 1, 31),
            last: day(2013, 1, 1),
        };
        let note = dangling_note(stamp, gap);
        assert!(note.contains("is not loaded"), "{note}");
        assert!(!note.contains("outside"), "{note}");
        let before = Dangling::OutsideRange {
            first: day(2013, 1, 1),
            last: day(2013, 1, 31),
        };
        assert!(dangling_note(stamp, before).contains("outside the loaded notebooks"));
    }
}
