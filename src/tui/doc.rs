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
mod tests {
    use super::*;

    /// A blank line inside an entry is part of it; the blank lines between
    /// it and the next header are not.
    #[test]
    fn a_blank_line_inside_an_entry_is_kept_the_ones_after_it_are_not() {
        let s = crate::store::from_text(
            "t.txt",
            "10:00 2014-3-1\nkw\nfirst\n\nafter blank\n\n\n11:00 2014-3-1\nb\n",
        );
        let d = build(&s, 0);
        let texts: Vec<(&str, Option<u32>)> = d
            .lines
            .iter()
            .map(|l| (l.text.as_str(), l.source))
            .collect();
        assert_eq!(
            texts,
            [
                ("kw", Some(2)),
                ("first", Some(3)),
                ("", Some(4)),
                ("after blank", Some(5))
            ]
        );
        // A file line maps to the doc line showing it, or the nearest before.
        let at: Vec<usize> = [1, 2, 4, 5, 6, 99].map(|l| d.line_of_source(l)).to_vec();
        assert_eq!(at, [0, 0, 2, 3, 3, 3]);
        // The last entry: the text's final newline adds no line.
        let last = build(&s, 1);
        let last: Vec<&str> = last.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(last, ["b"]);
    }

    /// Each doc line as its text and its marked pieces, in mark order.
    fn marked(d: &Doc) -> Vec<(String, Vec<(String, Mark)>)> {
        d.lines
            .iter()
            .map(|l| {
                let marks = l
                    .marks
                    .iter()
                    .map(|(r, m)| (l.text[r.clone()].to_string(), *m));
                (l.text.clone(), marks.collect())
            })
            .collect()
    }

    /// Every kind of mark in one entry: the revision and keyword lines,
    /// outline numbers, an update opened after a number and closed with
    /// `end`, quoted mail, exact / approximate / dangling links (cue words
    /// included) with their annotations, a todo and URLs (trailing
    /// punctuation left out); then the links a cursor visits, in the order
    /// they are written.
    #[test]
    fn every_mark_and_link_of_an_entry() {
        let s = crate::store::from_text(
            "t.txt",
            "18:30 2014-03-01\nkernel\n1, target\n\n9:05 2014-3-2\n(21:40 2014-3-3)\n\
             kernel, scheduler\n1, see\"18:30 2014-03-01\"1) and https://example.org/a.\n\
             2, (21:40 2014-3-3) more\n> quoted mail\n\"21:40 2014-3-3\"end\n\
             3, \\todo \"18:32 2014-3-1\" ref \"7:00 2013-12-31\"\n",
        );
        let d = build(&s, 1);
        let m = |t: &str, k: Mark| (t.to_string(), k);
        let line = |t: &str, marks: Vec<(String, Mark)>| (t.to_string(), marks);
        use Mark::*;
        assert_eq!(
            marked(&d),
            [
                line("(21:40 2014-3-3)", vec![m("(21:40 2014-3-3)", Update)]),
                line("kernel, scheduler", vec![m("kernel, scheduler", Keywords)]),
                line(
                    "1, see\"18:30 2014-03-01\"1) and https://example.org/a.",
                    vec![
                        m("1, ", Outline),
                        m("https://example.org/a", Url),
                        m("see\"18:30 2014-03-01\"1)", LinkExact),
                    ]
                ),
                line(
                    "2, (21:40 2014-3-3) more",
                    vec![m("2, ", Outline), m("(21:40 2014-3-3)", Update)]
                ),
                line("> quoted mail", vec![m("> quoted mail", Quote)]),
                line(
                    "\"21:40 2014-3-3\"end",
                    vec![m("\"21:40 2014-3-3\"end", Update)]
                ),
                line(
                    "3, \\todo \"18:32 2014-3-1\" ≈ 18:30 ref \"7:00 2013-12-31\" ✗",
                    vec![
                        m("3, ", Outline),
                        m("\"18:32 2014-3-1\"", LinkApprox),
                        m("ref \"7:00 2013-12-31\"", LinkDangling),
                        m("\\todo", Todo),
                        m(" ≈ 18:30", Annotation),
                        m(" ✗", Annotation),
                    ]
                ),
            ]
        );
        let sources: Vec<Option<u32>> = d.lines.iter().map(|l| l.source).collect();
        assert_eq!(sources, (6..=12).map(Some).collect::<Vec<_>>());
        let links: Vec<(usize, &str, Target)> = d
            .links
            .iter()
            .map(|l| (l.line, &d.lines[l.line].text[l.range.clone()], l.target))
            .collect();
        assert_eq!(
            links,
            [
                (2, "see\"18:30 2014-03-01\"1)", Target::Ref(0)),
                (2, "https://example.org/a", Target::Url),
                (6, "\"18:32 2014-3-1\"", Target::Ref(1)),
                (6, "ref \"7:00 2013-12-31\"", Target::Ref(2)),
            ]
        );
    }

    /// After the body: who links here (once per entry, `×n` when it links
    /// more than once) and the other parts of a series, each a cursor link
    /// over its label.
    #[test]
    fn backlinks_and_series_parts_follow_the_body_as_links() {
        let s = crate::store::from_text(
            "t.txt",
            "10:00 2014-3-1\nxen, cont1\n1, first\n\n\
             11:00 2014-3-1\nxen, cont2\n1, see\"10:00 2014-3-1\" and \"10:00 2014-3-1\"1)\n",
        );
        let d = build(&s, 0);
        let texts: Vec<&str> = d.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "xen, cont1",
                "1, first",
                "",
                "── Linked from (1) ",
                "  03-01 11:00  xen, cont2  ×2",
                "",
                "── Series \"xen\": part 1 of 2 ",
                "  ▶ next  03-01 11:00  xen, cont2",
            ]
        );
        assert_eq!(
            d.lines[3].marks,
            [(0..d.lines[3].text.len(), Mark::Section)]
        );
        assert_eq!((d.lines[3].source, d.lines[4].source), (None, None));
        let links: Vec<(&str, Target)> = d
            .links
            .iter()
            .map(|l| (&d.lines[l.line].text[l.range.clone()], l.target))
            .collect();
        assert_eq!(
            links,
            [
                (
                    "03-01 11:00  xen, cont2  ×2",
                    Target::Backlink { from: 1, index: 0 }
                ),
                ("▶ next  03-01 11:00  xen, cont2", Target::Series(1)),
            ]
        );
    }

    /// A URL ends at white space, a quote, `<` / `>` or the first non-ASCII
    /// character, and trailing `.,);:` are not part of it.
    #[test]
    fn a_url_ends_where_the_text_around_it_begins() {
        let line = "<https://a.org/x> https://b.org/y\"q https://c.org/路径 \
                    (https://d.org/z). http://e.org\tx https://f.org/'g'";
        let mut marks = Vec::new();
        body_marks(line, &mut marks);
        let urls: Vec<&str> = marks
            .iter()
            .filter(|m| m.1 == Mark::Url)
            .map(|m| &line[m.0.clone()])
            .collect();
        assert_eq!(
            urls,
            [
                "http://e.org",
                "https://a.org/x",
                "https://b.org/y",
                "https://c.org/",
                "https://d.org/z",
                "https://f.org/",
            ]
        );
    }
}
