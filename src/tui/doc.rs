//! An entry prepared for the reader: display lines with styled ranges and the
//! links a cursor can visit. Built once per entry (not per frame); the text is
//! borrowed from the store except where annotations (`≈ 11:47`, `✗`) are
//! inserted, which needs an owned line.

use crate::notebook::parse::outline_marker;
use crate::notebook::refs::{parse_section, quoted_stamp_at};
use crate::notebook::stamp::parse_prefix;
use crate::store::{EntryId, EntryKey, Resolution, Store};
use std::ops::Range;

/// What a range of a line is, for styling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Keywords,
    Outline,
    Update,
    Url,
    Todo,
    Quote,
    LinkExact,
    LinkApprox,
    LinkDangling,
    /// The `≈ 11:47` / `✗` after a link.
    Annotation,
    /// Headings of the Linked-from and series sections.
    Section,
    Dim,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocLine {
    pub text: String,
    pub marks: Vec<(Range<usize>, Mark)>,
    /// The file line this shows (1-based); `None` for the sections rizhi adds.
    pub source: Option<u32>,
}

/// Where a link leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The entry's own reference number `index`.
    Ref(usize),
    /// An entry that points here (its reference `index`).
    Backlink { from: EntryId, index: usize },
    /// Another part of a series.
    Series(EntryId),
    /// A URL in the body (the link's range of its line is the URL).
    Url,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocLink {
    pub line: usize,
    pub range: Range<usize>,
    pub target: Target,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    pub key: EntryKey,
    pub lines: Vec<DocLine>,
    pub links: Vec<DocLink>,
}

impl Doc {
    /// The doc line showing file line `line`, or the nearest before it.
    pub fn line_of_source(&self, line: u32) -> usize {
        self.lines
            .iter()
            .rposition(|l| l.source.is_some_and(|s| s <= line))
            .unwrap_or(0)
    }
}

pub fn build(store: &Store, id: EntryId) -> Doc {
    let e = store.entry(id);
    let text = store.text(id);
    let res = store.resolutions(id);
    let mut lines = Vec::new();
    let mut links = Vec::new();
    let mut ref_i = 0;
    let kw_line = e.keywords.as_ref().map(|k| k.line);
    let base = e.span().start;
    let mut offset = 0;
    // Blank lines at the end (and the piece after a final newline) are
    // dropped after the loop.
    for (i, raw) in text.split_terminator('\n').enumerate() {
        let line_start = base + offset;
        offset += raw.len() + 1;
        let no = e.line + i as u32;
        if i == 0 {
            continue; // the header is the pane's title
        }
        let mut marks: Vec<(Range<usize>, Mark)> = Vec::new();
        let mut inserts: Vec<(usize, String)> = Vec::new();
        let mut line_links: Vec<(Range<usize>, usize)> = Vec::new();
        if Some(no) == kw_line {
            marks.push((0..raw.len(), Mark::Keywords));
        } else if e.revision.is_some() && i == 1 {
            marks.push((0..raw.len(), Mark::Update));
        } else {
            body_marks(raw, &mut marks);
        }
        while let Some(r) = e.refs().get(ref_i).filter(|r| r.line == no) {
            let span = r.span.start - line_start..r.span.end - line_start;
            let (mark, note) = match res.get(ref_i) {
                Some(Resolution::Exact { .. }) => (Mark::LinkExact, None),
                Some(Resolution::Approximate { entry, .. }) => (
                    Mark::LinkApprox,
                    Some(format!(" ≈ {}", store.entry(*entry).stamp.hm())),
                ),
                _ => (Mark::LinkDangling, Some(" ✗".to_string())),
            };
            marks.push((span.clone(), mark));
            if let Some(n) = note {
                inserts.push((span.end, n));
            }
            line_links.push((span, ref_i));
            ref_i += 1;
        }
        for t in e.todos().iter().filter(|t| t.line == no) {
            let s = t.offset - line_start;
            marks.push((s..s + 5, Mark::Todo));
        }
        let (text, marks, line_links) = apply_inserts(raw, marks, inserts, line_links);
        // The line's see-links and URLs, in the order they are written.
        let mut here: Vec<(Range<usize>, Target)> = line_links
            .into_iter()
            .map(|(range, index)| (range, Target::Ref(index)))
            .chain(
                marks
                    .iter()
                    .filter(|m| m.1 == Mark::Url)
                    .map(|m| (m.0.clone(), Target::Url)),
            )
            .collect();
        here.sort_by_key(|l| l.0.start);
        for (range, target) in here {
            links.push(DocLink {
                line: lines.len(),
                range,
                target,
            });
        }
        lines.push(DocLine {
            text,
            marks,
            source: Some(no),
        });
    }
    while lines.last().is_some_and(|l| l.text.trim().is_empty()) {
        lines.pop();
    }
    if lines.is_empty() {
        lines.push(DocLine {
            text: "(empty entry)".into(),
            marks: vec![(0..13, Mark::Dim)],
            source: Some(e.line),
        });
    }
    let backs = store.backlinks(id);
    if !backs.is_empty() {
        // One row per entry that links here, however often it does.
        let mut seen: Vec<(EntryId, usize, usize)> = Vec::new();
        for &(from, index) in backs {
            match seen.iter_mut().find(|s| s.0 == from) {
                Some(s) => s.2 += 1,
                None => seen.push((from, index, 1)),
            }
        }
        section(&mut lines, format!("── Linked from ({}) ", seen.len()));
        for (from, index, times) in seen {
            let mut label = format!("{}  {}", store.entry(from).stamp.short(), store.title(from));
            if times > 1 {
                label = format!("{label}  ×{times}");
            }
            links.push(DocLink {
                line: lines.len(),
                range: 2..2 + label.len(),
                target: Target::Backlink { from, index },
            });
            lines.push(DocLine {
                text: format!("  {label}"),
                marks: Vec::new(),
                source: None,
            });
        }
    }
    for s in store.series_of(id) {
        let pos = s.parts.iter().position(|p| p.0 == id).unwrap_or(0);
        section(
            &mut lines,
            format!(
                "── Series \"{}\": part {} of {} ",
                s.topic,
                pos + 1,
                s.parts.len()
            ),
        );
        let neighbours = [
            (pos.checked_sub(1), "◀ previous"),
            (Some(pos + 1).filter(|&p| p < s.parts.len()), "▶ next"),
        ];
        for (p, word) in neighbours {
            let Some(p) = p else { continue };
            let other = s.parts[p].0;
            let label = format!(
                "{word}  {}  {}",
                store.entry(other).stamp.short(),
                store.title(other)
            );
            links.push(DocLink {
                line: lines.len(),
                range: 2..2 + label.len(),
                target: Target::Series(other),
            });
            lines.push(DocLine {
                text: format!("  {label}"),
                marks: Vec::new(),
                source: None,
            });
        }
    }
    Doc {
        key: store.key(id),
        lines,
        links,
    }
}

fn section(lines: &mut Vec<DocLine>, title: String) {
    lines.push(DocLine {
        text: String::new(),
        marks: Vec::new(),
        source: None,
    });
    let len = title.len();
    lines.push(DocLine {
        text: title,
        marks: vec![(0..len, Mark::Section)],
        source: None,
    });
}

/// Inserts annotations, moving every range that lies after an insertion point.
type Shifted = (
    String,
    Vec<(Range<usize>, Mark)>,
    Vec<(Range<usize>, usize)>,
);
fn apply_inserts(
    raw: &str,
    mut marks: Vec<(Range<usize>, Mark)>,
    mut inserts: Vec<(usize, String)>,
    mut links: Vec<(Range<usize>, usize)>,
) -> Shifted {
    if inserts.is_empty() {
        return (raw.to_string(), marks, links);
    }
    inserts.sort_by_key(|i| i.0);
    // `added[k]`: the bytes inserted by the first `k` insertions. A position
    // moves by what is inserted before it (at it, for a range's start), found
    // by binary search: a line may carry 100,000 annotations.
    let mut added = Vec::with_capacity(inserts.len() + 1);
    added.push(0);
    for (_, s) in &inserts {
        added.push(added.last().copied().unwrap_or(0) + s.len());
    }
    let start = |p: usize| p + added[inserts.partition_point(|i| i.0 <= p)];
    let end = |p: usize| p + added[inserts.partition_point(|i| i.0 < p)];
    for m in marks.iter_mut() {
        m.0 = start(m.0.start)..end(m.0.end);
    }
    for l in links.iter_mut() {
        l.0 = start(l.0.start)..end(l.0.end);
    }
    let mut text = String::with_capacity(raw.len() + 16);
    let mut last = 0;
    for (p, s) in &inserts {
        text.push_str(&raw[last..*p]);
        marks.push((text.len()..text.len() + s.len(), Mark::Annotation));
        text.push_str(s);
        last = *p;
    }
    text.push_str(&raw[last..]);
    (text, marks, links)
}

/// Outline numbers, update stamps and their closing markers, URLs, quoted mail.
fn body_marks(line: &str, marks: &mut Vec<(Range<usize>, Mark)>) {
    let ind = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[ind..];
    if rest.starts_with('>') {
        marks.push((ind..line.len(), Mark::Quote));
    }
    let mut after = ind;
    if let Some((_, _, end)) = outline_marker(line) {
        marks.push((ind..end, Mark::Outline));
        after = end;
    }
    let b = line.as_bytes();
    if b.get(after) == Some(&b'(') {
        if let Some((_, n)) = parse_prefix(&b[after + 1..]) {
            if b.get(after + 1 + n) == Some(&b')') {
                marks.push((after..after + n + 2, Mark::Update));
            }
        }
    }
    if let Some((_, end)) = quoted_stamp_at(b, ind) {
        // A closing marker `"stamp"end` (a reference there is styled as a link
        // later, which takes precedence).
        let end = if line[end..].starts_with("end") {
            end + 3
        } else {
            end
        };
        if parse_section(&b[end..]).is_none() {
            marks.push((ind..end, Mark::Update));
        }
    }
    for scheme in ["http://", "https://"] {
        for (s, _) in line.match_indices(scheme) {
            let len = line[s..]
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>') || !c.is_ascii()
                })
                .unwrap_or(line.len() - s);
            let mut e = s + len;
            while e > s && line[..e].ends_with(['.', ',', ')', ';', ':']) {
                e -= 1;
            }
            marks.push((s..e, Mark::Url));
        }
    }
}

#[cfg(test)]
#[path = "doc_tests.rs"]
mod tests;
