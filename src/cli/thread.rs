//! `rizhi thread STAMP [--depth N]`: every entry reachable through see-links,
//! either way (at most N links away).

use super::{entry_json, print_entries, print_json, EntryJson, Opened};
use crate::store::analysis;
use std::io::Write;

pub fn run(
    l: &Opened,
    json: bool,
    depth: Option<usize>,
    arg: &str,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    let store = &l.store;
    let Some((stamp, _, _)) = super::show::parse_target(arg) else {
        crate::report::warn(format_args!("`{arg}` is not a stamp like `16:50 2013-1-4`"));
        return nothing(json, out);
    };
    let Some(start) = store.resolve(stamp).target() else {
        crate::report::warn(format_args!("no entry at {stamp}"));
        return nothing(json, out);
    };
    let rows: Vec<EntryJson> = analysis::thread_steps(store, start, depth)
        .into_iter()
        .map(|s| entry_json(store, s.id, Some(s.depth)))
        .collect();
    print_entries(out, &rows, json)?;
    Ok(true)
}

/// Nothing found: `[]` for `--json` (still exit 1), nothing in plain output.
pub fn nothing(json: bool, out: &mut impl Write) -> std::io::Result<bool> {
    if json {
        print_json(out, &[(); 0])?;
    }
    Ok(false)
}
