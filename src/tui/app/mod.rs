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
use super::views::{delete_word, Heatmap, Overlay};
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
mod mouse;
mod nav;
mod overlays;
mod reader;
mod timeline;

pub use filter::FilterState;
pub use overlays::Overlays;
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

    pub(super) fn build_timeline(&mut self) {
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

    pub fn current_id(&self) -> Option<EntryId> {
        self.reader.current.and_then(|k| self.store.id_of(k))
    }

    pub fn entry_row(&self, id: EntryId) -> usize {
        self.timeline.entry_row.get(id).copied().unwrap_or(0)
    }

    fn location(&self) -> Option<Location> {
        self.reader.current.map(|entry| Location {
            entry,
            scroll: self.reader.top,
        })
    }

    // ----- the filter's results ------------------------------------------------

    /// Number of results: every entry for an empty query, else nucleo's matches.
    pub fn result_count(&self) -> usize {
        self.search.count(&self.store)
    }

    /// The `n`-th result: newest first for an empty query, else best first.
    pub fn result(&self, n: usize) -> Option<EntryId> {
        self.search.result(&self.store, n)
    }

    /// Lets the matcher run; called every frame by the event loop.
    pub fn tick(&mut self) -> bool {
        let (changed, running) = self.search.tick(10);
        if changed {
            self.after_results();
        }
        if !running {
            self.filter.reselect = None;
        }
        running
    }

    fn after_results(&mut self) {
        self.refresh_matches();
        if self.filter.reselect.is_some() {
            self.place_selection();
            return;
        }
        if self.focus == Pane::Filter && !self.filter.query.is_empty() {
            self.filter.sel = 0;
            self.follow_filter();
        }
    }

    /// Waits for the matcher to finish (tests, and the first frame of a query).
    pub fn settle(&mut self) {
        for _ in 0..1000 {
            if !self.tick() {
                break;
            }
        }
        // One more tick publishes the final snapshot.
        self.tick();
    }

    fn refresh_matches(&mut self) {
        self.timeline.matched = if self.filter.query.is_empty() {
            None
        } else {
            let mut m = vec![false; self.store.len()];
            for k in self.search.all() {
                if let Some(id) = self.store.id_of(k) {
                    m[id] = true;
                }
            }
            Some(m)
        };
    }

    /// After a reload: the same query over the new store, the selection
    /// kept on the same entry (at once for an empty query, else when the
    /// results are in).
    pub(super) fn rematch(&mut self) {
        self.search.match_or(&self.store);
        self.refresh_matches();
        if self.filter.query.is_empty() {
            self.place_selection();
            self.filter.reselect = None;
        }
    }

    /// Selects `reselect` in the filter's results, if it is among them.
    fn place_selection(&mut self) {
        let Some(k) = self.filter.reselect else {
            return;
        };
        let at = if self.filter.query.is_empty() {
            self.store
                .id_of(k)
                .and_then(|id| self.store.len().checked_sub(id + 1))
        } else {
            self.search.all().position(|x| x == k)
        };
        if let Some(at) = at {
            self.filter.sel = at;
        }
    }

    pub(super) fn query_changed(&mut self) {
        self.filter.reselect = None;
        self.search.set(&self.filter.query, self.filter.scope);
        self.search.match_or(&self.store);
        self.filter.sel = 0;
        self.filter.top = 0;
        if self.filter.query.is_empty() {
            self.refresh_matches();
            self.follow_filter();
        }
    }

    /// The reader follows the filter's selection, as fzf's preview does.
    fn follow_filter(&mut self) {
        if let Some(id) = self.result(self.filter.sel) {
            self.show(id);
        }
    }

    /// Shows an entry without recording a jump.
    fn show(&mut self, id: EntryId) {
        let key = self.store.key(id);
        if self.reader.current != Some(key) {
            self.reader.current = Some(key);
            self.reader.top = 0;
            self.reader.link = None;
            self.reader.pending_line = None;
        }
        self.reader.moved = true;
    }

    /// Goes to an entry, recording where we were for Ctrl-o.
    pub(crate) fn jump(&mut self, id: EntryId, line: Option<u32>) {
        if let Some(here) = self.location() {
            self.history.jump(here);
        }
        self.show(id);
        self.reader.top = 0;
        self.reader.link = None;
        self.reader.pending_line = line;
        self.timeline.center = true;
    }

    fn restore(&mut self, to: Location) {
        if self.store.id_of(to.entry).is_none() {
            self.message = Some("that entry is no longer loaded".into());
            return;
        }
        self.reader.current = Some(to.entry);
        self.timeline.center = true;
        self.reader.top = to.scroll;
        self.reader.link = None;
        self.reader.pending_line = None;
        self.reader.moved = true;
    }

    // ----- input ---------------------------------------------------------------

    /// The contexts whose bindings apply now, most specific first: an open
    /// overlay's, else the focused pane's.
    fn contexts(&self) -> Vec<Context> {
        use Context as C;
        match self.overlay() {
            Some(Overlay::Help) => vec![C::Help, C::Anywhere],
            Some(Overlay::Prompt) => vec![C::Prompt, C::Anywhere],
            Some(Overlay::List) => vec![C::List, C::Anywhere],
            Some(Overlay::Heatmap) => vec![C::Heatmap, C::Timeline, C::Normal, C::Anywhere],
            None => match self.focus {
                Pane::Filter => vec![C::Filter, C::Anywhere],
                Pane::Timeline => vec![C::Timeline, C::Normal, C::Anywhere],
                Pane::Reader => vec![C::Reader, C::Normal, C::Anywhere],
            },
        }
    }

    /// A key: resolved through the keymap (typing included, as its fallback)
    /// to one `Action` for `update`.
    pub fn on_key(&mut self, ev: KeyEvent) {
        self.sync();
        self.message = None;
        self.dispatch(Key::from_event(ev));
    }

    fn dispatch(&mut self, key: Key) {
        let mut keys = std::mem::take(&mut self.input.pending);
        keys.push(key);
        let ctx = self.contexts();
        match self.keymap.lookup(&keys, &ctx) {
            Lookup::Action(a) => self.update(a),
            Lookup::Pending => self.input.pending = keys,
            Lookup::None if keys.len() > 1 => {
                // No longer binding completes the prefix: what the prefix
                // means alone (Ctrl-w in the Filter: delete a word), then
                // the new key afresh.
                match self.keymap.exact(&keys[..keys.len() - 1], &ctx) {
                    Some(a) => self.update(a),
                    None => self.input.count = None,
                }
                self.dispatch(key);
            }
            Lookup::None => match self.keymap.fallback(key, &ctx) {
                Some(a) => self.update(a),
                None => self.input.count = None,
            },
        }
    }

    /// Text pasted (bracketed paste): typed where a key would type it.
    pub fn on_paste(&mut self, s: &str) {
        let text: String = s.chars().filter(|c| !c.is_control()).collect();
        self.insert_text(&text);
    }

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

    fn reader_height(&self) -> usize {
        usize::from(self.screen.areas.reader.height.saturating_sub(2)).max(1)
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
        let id = self.current_id();
        if self.reader.doc.as_ref().map(|d| d.key) != self.reader.current {
            self.reader.doc = id.map(|id| doc::build(&self.store, id));
            self.reader.layout = None;
        }
        // The reader's size even while the narrow layout hides it, so its row
        // count and scroll limits stay right.
        let inner = layout::inner(layout::areas(self.screen.size, Pane::Reader).reader);
        let width = usize::from(inner.width.saturating_sub(1)); // the scrollbar
        if self.reader.layout.as_ref().map(|l| l.options().width) != Some(width) {
            self.reader.layout = self.reader.doc.as_ref().map(|d| {
                let opts = WrapOptions {
                    width,
                    ..self.opts.wrap
                };
                Layout::new(d.lines.iter().map(|l| l.text.as_str()), opts)
            });
        }
        let height = usize::from(inner.height).max(1);
        if let (Some(doc), Some(layout)) = (self.reader.doc.as_ref(), self.reader.layout.as_ref()) {
            if let Some(line) = self.reader.pending_line.take() {
                // Land on the section with a line of context above it.
                let row = layout.first_row_of_line(doc.line_of_source(line));
                self.reader.top = row.saturating_sub(1);
            }
            if self.reader.reveal_link {
                if let Some(l) = self.reader.link.and_then(|i| doc.links.get(i)) {
                    let row = layout.row_at(l.line, l.range.start);
                    if row < self.reader.top || row >= self.reader.top + height {
                        self.reader.top = row.saturating_sub(height / 3);
                    }
                }
            }
            self.reader.top = self.reader.top.min(layout.rows().saturating_sub(height));
        }
        self.reader.reveal_link = false;
        // Filter list: rows below the query line.
        let list_h = (usize::from(self.screen.areas.filter.height.saturating_sub(3))
            / self.filter_row_height())
        .max(1);
        let n = self.result_count();
        self.filter.sel = self.filter.sel.min(n.saturating_sub(1));
        self.filter.top = keep_in_view(self.filter.top, self.filter.sel, list_h, n);
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

    /// `e`: the line at the top of the reader (or the entry's header).
    fn request_edit(&mut self) {
        let Some(id) = self.current_id() else { return };
        let nb = self.store.notebook(id);
        if nb.path.to_string_lossy() == crate::live::load::SAMPLE_NAME {
            self.message = Some("the bundled sample is read-only inside rizhi; open your own notebooks to edit them".into());
            return;
        }
        let top_line = match (self.reader.doc.as_ref(), self.reader.layout.as_ref()) {
            (Some(doc), Some(layout)) => layout
                .row(self.reader.top)
                .and_then(|(li, _)| doc.lines.get(li))
                .and_then(|l| l.source),
            _ => None,
        };
        let line = top_line.unwrap_or(self.store.entry(id).line);
        self.requests.edit = Some((nb.path.clone(), line));
    }

    /// Goes to the entry remembered from last time once it is loaded.
    pub(super) fn try_restore(&mut self) {
        let Some((file, line, scroll)) = self.reader.restore_to.clone() else {
            return;
        };
        let found = (0..self.store.len()).find(|&id| {
            self.store.entry(id).line == line
                && self.store.notebook(id).path.to_string_lossy() == file
        });
        if let Some(id) = found {
            self.reader.current = Some(self.store.key(id));
            self.reader.top = scroll;
            self.filter.origin = self.location();
            self.reader.restore_to = None;
            self.timeline.center = true;
        }
    }

    /// What to remember for next time.
    pub fn snapshot_state(&mut self) -> State {
        let mut s = self.state.clone();
        if let Some(id) = self.current_id() {
            s.file = Some(self.store.notebook(id).path.to_string_lossy().into_owned());
            s.line = Some(self.store.entry(id).line);
            s.stamp = Some(self.store.entry(id).stamp.to_string());
            s.scroll = self.reader.top;
        }
        s
    }

    /// Screen rows per filter result: whole-entry results show their best
    /// matching body line under the title.
    pub fn filter_row_height(&self) -> usize {
        if self.filter.scope == Scope::All && !self.filter.query.is_empty() {
            2
        } else {
            1
        }
    }

    pub fn reader_rows(&self) -> usize {
        self.reader.layout.as_ref().map_or(0, Layout::rows)
    }
}

/// The status-bar form of why a link points nowhere (DESIGN.md's wording).
pub fn dangling_note(stamp: Stamp, why: Dangling) -> String {
    match why {
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
