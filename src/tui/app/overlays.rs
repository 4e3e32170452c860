//! What can be open over the panes: the help, the `:` line (with its
//! history cursor), a pop-up list, the year heatmap.

use super::*;

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
}
