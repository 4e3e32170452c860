//! `rizhi todo`: every `\todo` mark, newest entry first.

use super::{print_json, Columns, Opened};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct TodoJson {
    stamp: String,
    file: String,
    line: u32,
    col: usize,
    keywords: String,
    text: String,
}

pub fn run(l: &Opened, json: bool, out: &mut impl Write) -> std::io::Result<bool> {
    let store = &l.store;
    let mut cols = Columns::default();
    let rows: Vec<TodoJson> = store
        .todos()
        .map(|(id, t, text)| {
            let nb = store.notebook(id);
            TodoJson {
                stamp: store.entry(id).stamp.to_string(),
                file: nb.path.display().to_string(),
                line: t.line,
                col: cols.of(&nb.text, t.offset),
                keywords: store.title(id).to_string(),
                text: text.trim_end().to_string(),
            }
        })
        .collect();
    if json {
        print_json(out, &rows)?;
    } else {
        for r in &rows {
            let rest = format_args!("{}  {}", r.stamp, r.text);
            super::write_located(out, &r.file, r.line, r.col, rest)?;
        }
    }
    Ok(!rows.is_empty())
}
