//! Where the selected link leads, for the status line: a peek without
//! following (`n` / `N` select, Enter follows).

use super::*;

impl App {
    /// The selected link's target, most important first: the link and the
    /// stamp it names, how it resolves (exact, ≈ and what it shows, ✗ and
    /// why), then the target's keywords. Empty when no link is selected.
    pub fn link_peek(&self) -> Vec<String> {
        let (Some(id), Some(doc)) = (self.current_id(), self.reader.doc.as_ref()) else {
            return Vec::new();
        };
        let Some(link) = self.reader.link.and_then(|i| doc.links.get(i)) else {
            return Vec::new();
        };
        let at = format!(
            "link {}/{}",
            self.reader.link.map_or(0, |i| i + 1),
            doc.links.len()
        );
        let store = &self.store;
        let (head, how, to) = match link.target {
            Target::Ref(i) => {
                let r = store.reference(id, i);
                let section = store.notebook(id).slice(&r.section).trim().to_string();
                let named = if section.is_empty() {
                    r.stamp.notebook_form()
                } else {
                    format!("{} {section}", r.stamp.notebook_form())
                };
                let head = format!("{at} → {named}");
                match store.resolutions(id)[i] {
                    Resolution::Exact { entry, .. } => (head, "exact".to_string(), Some(entry)),
                    Resolution::Approximate { entry, minutes_off } => {
                        let shown = store.entry(entry).stamp.hm();
                        let off = minutes_off.unsigned_abs();
                        (head, format!("≈ {shown} ({off} min off)"), Some(entry))
                    }
                    Resolution::Dangling(why) => {
                        (head, format!("✗ {}", dangling_why(r.stamp, why)), None)
                    }
                }
            }
            Target::Backlink { from, .. } => (
                format!(
                    "{at} ← linked from {}",
                    store.entry(from).stamp.notebook_form()
                ),
                String::new(),
                Some(from),
            ),
            Target::Url => {
                let url = doc
                    .lines
                    .get(link.line)
                    .and_then(|l| l.text.get(link.range.clone()))
                    .unwrap_or_default();
                (format!("{at} → {url}"), "gx opens it".to_string(), None)
            }
            Target::Series(other) => (
                format!(
                    "{at} → series part {}",
                    store.entry(other).stamp.notebook_form()
                ),
                String::new(),
                Some(other),
            ),
        };
        let mut parts = vec![head];
        if !how.is_empty() {
            parts.push(how);
        }
        if let Some(e) = to {
            let keywords = store.title(e).trim();
            if !keywords.is_empty() {
                parts.push(keywords.to_string());
            }
        }
        parts
    }
}

/// Why a link points nowhere, in the few words a status line has room for.
fn dangling_why(stamp: Stamp, why: Dangling) -> String {
    match why {
        Dangling::OutsideRange { first, last } if first < stamp.date() && stamp.date() < last => {
            format!("not loaded (no notebook covers {first} … {last})")
        }
        Dangling::OutsideRange { first, last } => {
            format!("outside the loaded notebooks ({first} … {last})")
        }
        Dangling::NoEntryAtTime => "no entry within 10 minutes that day".into(),
    }
}
