//! `rizhi onthisday`: entries written on this month and day in earlier years.

use super::{entry_json, print_entries, EntryJson, Opened};
use crate::store::analysis;
use chrono::NaiveDate;
use std::io::Write;

/// `--date`, or today when absent; `None` (after a warning) when it is no date.
pub fn day(date: Option<&str>) -> Option<NaiveDate> {
    match date {
        Some(d) => {
            let day = crate::notebook::stamp::parse_date(d.trim());
            if day.is_none() {
                crate::report::warn(format_args!("--date `{d}` is not a date like 2014-3-5"));
            }
            day
        }
        None => Some(chrono::Local::now().date_naive()),
    }
}

pub fn run(l: &Opened, json: bool, date: NaiveDate, out: &mut impl Write) -> std::io::Result<bool> {
    let store = &l.store;
    let rows: Vec<EntryJson> = analysis::on_this_day(store, date)
        .into_iter()
        .map(|id| entry_json(store, id, None))
        .collect();
    print_entries(out, &rows, json)?;
    Ok(!rows.is_empty())
}
