//! `rizhi keywords`: every keyword with its count, first and last use and its
//! use per month, as the browser's keyword view lists it.

use super::{print_json, Opened};
use crate::report::for_terminal;
use crate::store::keywords::{keywords, sort, sparkline, KeywordSort};
use crate::text::{display_width, WrapOptions};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(Serialize)]
struct KeywordJson {
    keyword: String,
    count: usize,
    first: String,
    last: String,
    /// `YYYY-MM` → entries that month; months without use are left out.
    months: BTreeMap<String, u32>,
}

pub fn run(
    l: &Opened,
    json: bool,
    order: KeywordSort,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    let mut table = keywords(&l.store);
    sort(&mut table.rows, order);
    if json {
        let rows: Vec<KeywordJson> = table
            .rows
            .iter()
            .map(|r| KeywordJson {
                keyword: r.keyword.clone(),
                count: r.count,
                first: r.first.to_string(),
                last: r.last.to_string(),
                months: r
                    .months
                    .iter()
                    .enumerate()
                    .filter(|(_, &n)| n > 0)
                    .map(|(i, &n)| (table.month_name(i), n))
                    .collect(),
            })
            .collect();
        print_json(out, &rows)?;
        return Ok(!rows.is_empty());
    }
    let opts = WrapOptions::default();
    let count_w = table
        .rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let name_w = table
        .rows
        .iter()
        .map(|r| display_width(&r.keyword, &opts) as usize)
        .max()
        .unwrap_or(0);
    for r in &table.rows {
        let name = for_terminal(&r.keyword);
        let pad = name_w.saturating_sub(display_width(&r.keyword, &opts) as usize);
        let spark = sparkline(&r.months, table.months);
        let line = format!(
            "{:>count_w$}  {name}{:pad$}  {}  {}",
            r.count,
            "",
            r.last.date().format("%Y-%m-%d"),
            spark
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(!table.rows.is_empty())
}
