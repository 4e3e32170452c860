//! Keys and pastes: resolved through the keymap to the one `Action` for
//! `update`, in the contexts that apply now; counts typed before a key.

use super::*;

impl App {
    /// The contexts whose bindings apply now, most specific first: an open
    /// overlay's, else the focused pane's.
    pub(crate) fn contexts(&self) -> Vec<Context> {
        use Context as C;
        let mut ctx = self.pane_contexts();
        if self.pick && self.overlay().is_none() {
            ctx.insert(0, C::Pick);
        }
        ctx
    }

    fn pane_contexts(&self) -> Vec<Context> {
        use Context as C;
        match self.overlay() {
            Some(Overlay::Help) => vec![C::Help, C::Anywhere],
            Some(Overlay::Prompt) => vec![C::Prompt, C::Anywhere],
            Some(Overlay::List | Overlay::Keywords) => vec![C::List, C::Anywhere],
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
        self.reader.landed = None;
        self.dispatch(Key::from_event(ev));
    }

    pub(crate) fn dispatch(&mut self, key: Key) {
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

    /// A digit of a count: `5j`, `10G` (a leading 0 is no count).
    pub(crate) fn push_count(&mut self, d: u8) {
        if self.input.count.is_none() && d == 0 {
            return;
        }
        let c = self.input.count.unwrap_or(0).saturating_mul(10) + usize::from(d);
        self.input.count = Some(c.min(1_000_000));
    }
}
