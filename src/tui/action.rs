//! Named intents. Every key resolves to an `Action`; `App::update` is the only
//! place state changes. Actions deserialize by name so a config file can rebind.

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
    /// Entries written on this day in earlier years.
    OnThisDay,
    /// The year heatmap in the Timeline.
    Heatmap,
    /// Open `$VISUAL` / `$EDITOR` at the current line.
    Edit,
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
            OnThisDay => "on this day in earlier years",
            Heatmap => "year heatmap (h/l day, j/k month, [ ] year)",
            Edit => "open $EDITOR at this line",
            RecallQuery => "recall a recent query",
            TogglePinyin => "pinyin matching on/off (sjgl finds 时间管理)",
            Help => "this help",
            Suspend => "suspend to the shell (fg resumes)",
            Quit => "quit",
        }
    }
}
