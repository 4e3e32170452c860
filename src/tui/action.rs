//! Named intents. Every key resolves to an `Action`; `App::update` is the only
//! place state changes. Actions deserialize by name so a config file can rebind.
//! Two carry what was typed and have no name: `Insert` (a printable key no
//! binding claims, where text is typed) and `Count` (a digit in normal mode);
//! the keymap produces them as its fallback (see `Keymap::fallback`).

use super::keymap::Context;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Focus the Filter and type.
    FocusFilter,
    /// Focus the Timeline.
    FocusTimeline,
    /// Focus the Reader.
    FocusReader,
    /// Next pane (vim's Ctrl-w w).
    NextPane,
    /// Leave the Filter, keeping the query, back to the pane focused before.
    LeaveFilter,
    /// Move the selection or scroll one line down.
    Down,
    /// Move the selection or scroll one line up.
    Up,
    /// Half a page down.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// A page down.
    PageDown,
    /// A page up.
    PageUp,
    /// To the top.
    Top,
    /// To the bottom.
    Bottom,
    /// Open the selected entry in the Reader and focus it.
    Open,
    /// Filter scope: keywords ⇄ whole entries.
    ToggleScope,
    /// Delete the character before the cursor in the query.
    DeleteChar,
    /// Delete the word before the cursor in the query.
    DeleteWord,
    /// Clear the query.
    ClearQuery,
    /// Go to a date or stamp (`2012-1-20`, `1-20`, `2012-01`, `10:19 2012-1-20`).
    Goto,
    /// Next link (body links, then backlinks, then series).
    NextLink,
    /// Previous link.
    PrevLink,
    /// Follow the link under the cursor, landing on its section.
    FollowLink,
    /// Back in the jumplist.
    Back,
    /// Forward in the jumplist.
    Forward,
    /// Previous part of the series.
    PrevPart,
    /// Next part of the series.
    NextPart,
    /// Every open `\todo`, newest first.
    Todos,
    /// Every entry linked to this one, directly or not.
    Thread,
    /// Entries written on the reader entry's day (today's at start-up) in other years.
    OnThisDay,
    /// The year heatmap in the Timeline.
    Heatmap,
    /// Open the editor (config `editor`, `$VISUAL`, `$EDITOR`) at the current line.
    Edit,
    /// Copy the current entry's stamp (as its notebook spells it).
    YankStamp,
    /// Copy a see-link to the current entry, with the section the cursor is in.
    YankLink,
    /// Open the URL under the link cursor, else the first URL in view.
    OpenUrl,
    /// Append a header stamped now to the current entry's file and edit it.
    AppendEntry,
    /// `rizhi pick`: print this entry (the Reader: and its line) and exit.
    Choose,
    /// `rizhi pick`: exit printing nothing (status 130).
    Cancel,
    /// Pinyin matching on or off.
    TogglePinyin,
    /// Put a recent query back into the Filter (again: an older one).
    RecallQuery,
    /// Show or hide this help.
    Help,
    /// Suspend to the shell (`fg` comes back), as Ctrl-z does in every TUI.
    Suspend,
    /// Quit.
    Quit,
    /// Close the overlay (help, list, heatmap, `:` prompt).
    Close,
    /// `:` prompt: an older command line.
    HistoryPrev,
    /// `:` prompt: a newer command line (at the newest, what was typed).
    HistoryNext,
    /// Scroll one line down, the cursor staying where it is (vim's Ctrl-e).
    ScrollDown,
    /// Scroll one line up, the cursor staying (vim's Ctrl-y).
    ScrollUp,
    /// The cursor's row to the middle of the pane (vim's `zz`).
    LineToMiddle,
    /// The cursor's row to the top (`zt`).
    LineToTop,
    /// The cursor's row to the bottom (`zb`).
    LineToBottom,
    /// Timeline: the next entry that matches the query (vim's `n`).
    NextMatch,
    /// Timeline: the previous entry that matches the query.
    PrevMatch,
    /// The keyword browser: every keyword, its count and use per month.
    Keywords,
    /// Keyword browser: the next order (count, name, last use).
    CycleSort,
    /// Entries like this one (vim's `*`): the entry's first keyword group
    /// into the Filter as the query.
    LikeThis,
    /// Reader: the next place the query matches in this entry.
    NextMatchInEntry,
    /// Reader: the previous place the query matches in this entry.
    PrevMatchInEntry,
    /// Heatmap cursor: a day back.
    PrevDay,
    /// Heatmap cursor: a day on.
    NextDay,
    /// Heatmap cursor: a month back.
    PrevMonth,
    /// Heatmap cursor: a month on.
    NextMonth,
    /// Heatmap cursor: a year back.
    PrevYear,
    /// Heatmap cursor: a year on.
    NextYear,
    /// Thread view: one link further out (elsewhere `+` is typed).
    DeeperThread,
    /// Thread view: one link less far out (elsewhere `-` is typed).
    ShallowerThread,
    /// Type a character into the query, the `:` line or a list's filter.
    #[serde(skip)]
    Insert(char),
    /// A digit of a count (`5j`, `3n`, `10G`).
    #[serde(skip)]
    Count(u8),
}

impl Action {
    /// The help text: the doc comment's words, kept here so the overlay never
    /// drifts from what the action does.
    pub fn describe(&self) -> &'static str {
        use Action::*;
        match self {
            FocusFilter => "focus the Filter and type",
            FocusTimeline => "focus the Timeline",
            FocusReader => "focus the Reader",
            NextPane => "next pane",
            LeaveFilter => "leave the Filter (the query stays)",
            Down => "down one line",
            Up => "up one line",
            HalfPageDown => "half a page down",
            HalfPageUp => "half a page up",
            PageDown => "a page down",
            PageUp => "a page up",
            Top => "to the top",
            Bottom => "to the bottom",
            Open => "open the selected entry in the Reader",
            ToggleScope => "scope: keywords ⇄ whole entries",
            DeleteChar => "delete a character",
            DeleteWord => "delete a word",
            ClearQuery => "clear the query",
            Goto => "go to a date or stamp",
            NextLink => "next link",
            PrevLink => "previous link",
            FollowLink => "follow the link under the cursor",
            Back => "back (jumplist)",
            Forward => "forward (jumplist)",
            PrevPart => "previous part of the series",
            NextPart => "next part of the series",
            Todos => "todo list (every \\todo)",
            Thread => "thread: every entry linked to this one",
            OnThisDay => "on this day (the entry's) in other years",
            Heatmap => "year heatmap (h/l day, j/k month, [ ] year)",
            Edit => "open the editor at this line",
            YankStamp => "copy the entry's stamp",
            YankLink => "copy a see-link to the entry (and its section)",
            OpenUrl => "open the URL under the cursor (else the first in view)",
            AppendEntry => "append a new entry stamped now, open the editor on it",
            Choose => "choose this entry (Reader: with its section)",
            Cancel => "leave without a choice",
            RecallQuery => "recall a recent query",
            TogglePinyin => "pinyin matching on/off (sjgl finds 时间管理)",
            Help => "this help",
            Suspend => "suspend to the shell (fg resumes)",
            Quit => "quit",
            Close => "close",
            HistoryPrev => "an older command (history)",
            HistoryNext => "a newer command (history)",
            ScrollDown => "scroll a line down, the cursor stays",
            ScrollUp => "scroll a line up, the cursor stays",
            LineToMiddle => "entry (Reader: link, else top line) to the middle",
            LineToTop => "entry (Reader: link, else top line) to the top",
            LineToBottom => "entry (Reader: link, else top line) to the bottom",
            NextMatch => "next entry matching the query (wraps)",
            PrevMatch => "previous entry matching the query",
            Keywords => "keyword browser: counts, use per month",
            CycleSort => "sort the keywords: count → name → last use",
            LikeThis => "entries like this one (its first keywords)",
            NextMatchInEntry => "next match of the query in this entry",
            PrevMatchInEntry => "previous match of the query in this entry",
            PrevDay => "a day back",
            NextDay => "a day on",
            PrevMonth => "a month back",
            NextMonth => "a month on",
            PrevYear => "a year back",
            NextYear => "a year on",
            DeeperThread => "thread: one link further out (other lists: type it)",
            ShallowerThread => "thread: one link less far (other lists: type it)",
            Insert(_) => "type it",
            Count(_) => "count for the next key (5j, 3n, 10G)",
        }
    }

    /// The help text where the context gives the action a narrower sense
    /// (Enter in the `:` prompt goes, `j` in the help scrolls).
    pub fn describe_in(&self, ctx: Context) -> &'static str {
        use Action::*;
        match (ctx, self) {
            (Context::Prompt, Open) => "go there; files (or f) lists the loaded files",
            (Context::Prompt, DeleteChar) => "delete a character (on an empty line: close)",
            (Context::Prompt, ClearQuery) => "clear the line",
            (Context::Prompt, Insert(_)) => "type it",
            (Context::List, Open) => "open the selected row (keywords: filter by it)",
            (Context::List, PageDown) => "ten rows down",
            (Context::List, PageUp) => "ten rows up",
            (Context::List, ClearQuery) => "clear the list's filter",
            (Context::List, Insert(_)) => "narrow the list (rows containing the text)",
            (Context::Filter, Insert(_)) => "type into the query",
            (Context::Heatmap, Open) => "open the first entry of that day",
            (Context::Heatmap, Heatmap) => "close the heatmap",
            (Context::Help, Down) => "scroll down",
            (Context::Help, Up) => "scroll up",
            (Context::Help, Top) => "to the top of the help",
            (Context::Help, Bottom) => "to the end of the help",
            (Context::Help, Help) => "close the help",
            _ => self.describe(),
        }
    }
}
