//! Tests of [`super`]: the reader's document built from entries.

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
