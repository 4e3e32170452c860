//! `rizhi thread STAMP`: every entry reachable through see-links, either way.

use super::{entry_json, print_entries, EntryJson, Opened};
use crate::analysis;
use std::io::Write;

pub fn run(l: &Opened, json: bool, arg: &str, out: &mut impl Write) -> std::io::Result<bool> {
    let store = &l.store;
    let Some((stamp, _, _)) = super::show::parse_target(arg) else {
        crate::report::warn(format_args!("`{arg}` is not a stamp like `16:50 2013-1-4`"));
        return Ok(false);
    };
    let Some(start) = store.resolve(stamp).target() else {
        crate::report::warn(format_args!("no entry at {stamp}"));
        return Ok(false);
    };
    let rows: Vec<EntryJson> = analysis::thread(store, start)
        .into_iter()
        .map(|(id, d)| entry_json(store, id, Some(d)))
        .collect();
    print_entries(out, &rows, json)?;
    Ok(true)
}
