//! One test per fixture in tests/fixtures/, named for the FORMAT.md rule it
//! holds. Each asserts what tests/fixtures/README.md says a correct reader finds,
//! through the public library API (`Notebook::from_bytes` + `Store::new`).
//!
//! Stamps are compared in their display form `YYYY-MM-DD HH:MM`, line numbers
//! are 1-based physical lines, exactly as the README writes them.

use rizhi::notebook::refs::parse_section;
use rizhi::notebook::{Cue, Notebook, Stamp};
use rizhi::store::{Dangling, EntryId, Resolution, Store};
use std::sync::Arc;

fn load(name: &str) -> Store {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Store::new(vec![Arc::new(Notebook::from_bytes(path, &bytes))])
}

fn nb(store: &Store) -> &Notebook {
    &store.files()[0]
}

fn st(s: &str) -> Stamp {
    Stamp::parse(s).unwrap_or_else(|| panic!("test stamp {s}"))
}

/// (stamp, header line) of every entry in time order.
fn timeline(store: &Store) -> Vec<(String, u32)> {
    (0..store.len())
        .map(|id| (store.entry(id).stamp.to_string(), store.entry(id).line))
        .collect()
}

/// (stamp, header line) of every entry in file order.
fn file_order(store: &Store) -> Vec<(String, u32)> {
    nb(store)
        .entries()
        .iter()
        .map(|e| (e.stamp.to_string(), e.line))
        .collect()
}

fn at_line(store: &Store, line: u32) -> EntryId {
    (0..store.len())
        .find(|&id| store.entry(id).line == line)
        .unwrap_or_else(|| panic!("no entry header at line {line}"))
}

/// Keyword groups as written (series markers included), or `None`.
fn groups(store: &Store, id: EntryId) -> Option<Vec<Vec<String>>> {
    let n = store.notebook(id);
    store.entry(id).keywords.as_ref().map(|k| {
        k.groups(&n.text)
            .iter()
            .map(|g| g.iter().map(|r| n.slice(r).to_string()).collect())
            .collect()
    })
}

fn terms(store: &Store, id: EntryId) -> Vec<String> {
    store.terms(id).map(str::to_string).collect()
}

/// Where a reference went, in the README's words.
#[derive(Debug, PartialEq, Eq)]
enum Went {
    /// Exact on an entry header: the header line and the line the section lands on.
    Header {
        line: u32,
        lands: u32,
    },
    /// Exact on an update: the update's line and the header line of its entry.
    Update {
        line: u32,
        entry: u32,
    },
    /// Approximate: the header line meant and the minutes from written to meant.
    Approx {
        line: u32,
        off: i64,
    },
    Outside,
    NoEntry,
}

#[derive(Debug, PartialEq, Eq)]
struct Ref {
    line: u32,
    cue: Cue,
    to: String,
    section: String,
    went: Went,
}

fn refs(store: &Store, id: EntryId) -> Vec<Ref> {
    let n = store.notebook(id);
    let e = store.entry(id);
    assert_eq!(e.refs().len(), store.resolutions(id).len());
    e.refs()
        .iter()
        .zip(store.resolutions(id))
        .map(|(r, res)| {
            let section = n.slice(&r.section).to_string();
            let went = match *res {
                Resolution::Exact {
                    entry,
                    update: None,
                } => {
                    let steps = parse_section(section.as_bytes())
                        .map(|(s, _)| s)
                        .unwrap_or_default();
                    let lands = store.section_line(entry, &steps).map_or(
                        store.entry(entry).line,
                        |(l, full)| {
                            assert!(full, "section {section} only partly found");
                            l
                        },
                    );
                    Went::Header {
                        line: store.entry(entry).line,
                        lands,
                    }
                }
                Resolution::Exact {
                    entry,
                    update: Some(u),
                } => Went::Update {
                    line: store.entry(entry).updates()[u].line,
                    entry: store.entry(entry).line,
                },
                Resolution::Approximate { entry, minutes_off } => Went::Approx {
                    line: store.entry(entry).line,
                    off: minutes_off,
                },
                Resolution::Dangling(Dangling::OutsideRange { .. }) => Went::Outside,
                Resolution::Dangling(Dangling::NoEntryAtTime) => Went::NoEntry,
            };
            Ref {
                line: r.line,
                cue: r.cue,
                to: r.stamp.to_string(),
                section,
                went,
            }
        })
        .collect()
}

fn all_refs(store: &Store) -> usize {
    (0..store.len())
        .map(|id| store.entry(id).refs().len())
        .sum()
}

fn r(line: u32, cue: Cue, to: &str, section: &str, went: Went) -> Ref {
    Ref {
        line,
        cue,
        to: to.into(),
        section: section.into(),
        went,
    }
}

/// (stamp, opening line, closing line) of each update of an entry.
fn updates(store: &Store, id: EntryId) -> Vec<(String, u32, Option<u32>)> {
    store
        .entry(id)
        .updates()
        .iter()
        .map(|u| (u.stamp.to_string(), u.line, u.closed_at))
        .collect()
}

fn todo_lines(store: &Store) -> Vec<u32> {
    let mut v: Vec<u32> = (0..store.len())
        .flat_map(|id| store.entry(id).todos().iter().map(|t| t.line))
        .collect();
    v.sort_unstable();
    v
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn kw(v: &[&[&str]]) -> Option<Vec<Vec<String>>> {
    Some(v.iter().map(|g| strs(g)).collect())
}

fn pairs(v: &[(&str, u32)]) -> Vec<(String, u32)> {
    v.iter().map(|&(s, l)| (s.to_string(), l)).collect()
}

/// Each series: its topic and, per part, the header line and the number written.
type SeriesParts = Vec<(String, Vec<(u32, Option<u32>)>)>;

#[test]
fn empty_file_has_no_entries_and_no_preamble() {
    let s = load("empty.txt");
    assert_eq!(s.len(), 0);
    assert_eq!(nb(&s).preamble(), "");
    assert!(!nb(&s).parsed.log_switch);
    assert_eq!(s.first(), None);
}

#[test]
fn text_before_the_first_header_is_preamble_even_without_entries() {
    let s = load("preamble_only.txt");
    assert_eq!(s.len(), 0, "line 3 has text after its stamp: not a header");
    assert!(nb(&s).parsed.log_switch);
    assert_eq!(
        nb(&s).preamble(),
        "Notes without any entry yet.\n\
         10:00 2014-3-1 plan: this line has text after the stamp, so it is not a header"
    );
}

#[test]
fn log_switch_is_not_content_and_preamble_is_kept() {
    let s = load("log_switch_and_preamble.txt");
    let n = nb(&s);
    assert!(n.parsed.log_switch);
    assert_eq!(n.parsed.preamble_line, 2);
    assert_eq!(
        n.preamble(),
        "2014 年 3 月的日志, 新换的电脑.\n\
         This is the preamble: text before the first header, not an entry."
    );
    assert!(!n.preamble().contains(".LOG"));
    assert_eq!(timeline(&s), pairs(&[("2014-03-01 10:00", 5)]));
    assert_eq!(groups(&s, 0), kw(&[&["misc", "first entry"]]));
}

#[test]
fn zero_padding_does_not_change_the_moment() {
    let s = load("header_zero_padding.txt");
    assert_eq!(
        file_order(&s),
        pairs(&[
            ("2014-03-03 09:05", 1),
            ("2014-03-03 09:06", 5),
            ("2014-03-03 09:07", 9),
            ("2014-12-31 00:00", 13),
            ("2014-01-09 23:59", 17),
        ])
    );
    let lines: Vec<u32> = timeline(&s).into_iter().map(|(_, l)| l).collect();
    assert_eq!(lines, [17, 1, 5, 9, 13]);
    assert_eq!(st("9:05 2014-3-3"), st("09:05 2014-03-03"));
}

#[test]
fn header_may_have_spaces_around_it() {
    let s = load("header_with_spaces.txt");
    assert_eq!(
        timeline(&s),
        pairs(&[
            ("2014-03-01 10:00", 1),
            ("2014-03-01 10:05", 5),
            ("2014-03-01 10:10", 9),
        ])
    );
    assert_eq!(groups(&s, 1), kw(&[&["spaces", "trailing"]]));
}

#[test]
fn invalid_dates_are_not_headers_and_stay_in_the_body() {
    let s = load("invalid_dates_not_headers.txt");
    assert_eq!(
        timeline(&s),
        pairs(&[("2012-01-01 10:00", 1), ("2012-02-29 11:00", 15)])
    );
    let first = s.entry(0);
    assert_eq!(first.lines, 14, "lines 1-14 belong to the first entry");
    let body = s.body(0);
    for l in [
        "25:61 2012-2-30",
        "10:00 2012-02-30",
        "9:5 2012-1-1",
        "24:00 2012-1-2",
        "10:60 2012-1-2",
        "10:00 2012-13-01",
        "10:00 2011-2-29",
        "10:00 12-1-1",
        "10:00 2012-1-1 会议记录",
        "see 10:00 2012-1-1",
    ] {
        assert!(body.lines().any(|b| b == l), "{l:?} missing from the body");
    }
    assert_eq!(all_refs(&s), 0);
}

#[test]
fn entries_out_of_order_sort_by_time_and_shared_stamps_are_both_kept() {
    let s = load("out_of_order_and_shared_stamp.txt");
    assert_eq!(
        file_order(&s),
        pairs(&[
            ("2014-03-05 10:00", 1),
            ("2014-03-05 09:00", 5),
            ("2014-03-05 10:00", 9),
            ("2014-03-04 08:00", 13),
        ])
    );
    let lines: Vec<u32> = timeline(&s).into_iter().map(|(_, l)| l).collect();
    assert_eq!(lines, [13, 5, 1, 9]);
    let shared: Vec<u32> = s
        .with_stamp(st("10:00 2014-3-5"))
        .map(|id| s.entry(id).line)
        .collect();
    assert_eq!(shared, [1, 9]);
}

#[test]
fn revision_line_right_after_the_header() {
    let s = load("revision_line.txt");
    let rev = |line| s.entry(at_line(&s, line)).revision.map(|r| r.to_string());
    let kw_line = |line| s.entry(at_line(&s, line)).keywords.as_ref().map(|k| k.line);
    assert_eq!(s.len(), 3);
    assert_eq!(rev(1), Some("2014-03-02 21:40".into()));
    assert_eq!(kw_line(1), Some(3));
    assert_eq!(groups(&s, at_line(&s, 1)), kw(&[&["kernel", "revised"]]));
    assert_eq!(rev(6), Some("2014-03-03 09:05".into()));
    assert_eq!(kw_line(6), Some(9));
    assert_eq!(
        groups(&s, at_line(&s, 6)),
        kw(&[&["kernel", "revised", "blank line before keywords"]])
    );
    assert_eq!(rev(12), None);
    assert_eq!(
        groups(&s, at_line(&s, 12)),
        kw(&[&["kernel", "not revised"]])
    );
    assert_eq!(
        updates(&s, at_line(&s, 12)),
        [("2014-03-01 13:00".to_string(), 15, None)]
    );
    assert!(updates(&s, at_line(&s, 1)).is_empty());
    assert!(updates(&s, at_line(&s, 6)).is_empty());
}

#[test]
fn keywords_split_into_groups_on_ascii_and_fullwidth_separators() {
    let s = load("keywords_groups_fullwidth.txt");
    let g = |line| groups(&s, at_line(&s, line));
    assert_eq!(
        g(1),
        kw(&[
            &["virtualization", "xen", "source code", "reading"],
            &["quilt usage"]
        ])
    );
    assert_eq!(
        g(5),
        kw(&[&["内核", "调度", "CFS"], &["ftrace usage", "trace-cmd"]])
    );
    assert_eq!(
        g(9),
        kw(&[
            &[
                "mm: numa balancing",
                "sched/fair.c",
                "qemu 2.0",
                "v3.14-rc5"
            ],
            &["perf sched: latency"]
        ])
    );
    assert_eq!(g(13), kw(&[&["GTD"]]));
}

#[test]
fn first_line_that_is_an_outline_item_means_no_keywords() {
    let s = load("no_keyword_line.txt");
    assert_eq!(
        timeline(&s),
        pairs(&[
            ("2014-03-01 10:00", 1),
            ("2014-03-01 11:00", 5),
            ("2014-03-01 12:00", 9),
            ("2014-03-01 13:00", 12),
            ("2014-03-01 14:00", 15),
            ("2014-03-01 15:00", 18),
        ])
    );
    for (line, item_line) in [(1, 2), (5, 7), (9, 10), (12, 13), (15, 16)] {
        let id = at_line(&s, line);
        assert_eq!(groups(&s, id), None, "entry at line {line}");
        let first = s.entry(id).outline().first().map(|o| o.line);
        assert_eq!(first, Some(item_line), "entry at line {line}");
    }
    assert_eq!(
        groups(&s, at_line(&s, 18)),
        kw(&[&["control", "has keywords"]])
    );
}

#[test]
fn cont_terms_mark_series_parts() {
    let s = load("series_markers.txt");
    let marks = |line| {
        let id = at_line(&s, line);
        s.entry(id)
            .series(&nb(&s).text)
            .iter()
            .map(|m| (nb(&s).slice(&m.topic).to_string(), m.part))
            .collect::<Vec<_>>()
    };
    assert_eq!(marks(1), [("arm64 bring-up".to_string(), Some(17))]);
    assert_eq!(
        terms(&s, at_line(&s, 1)),
        ["virtualization", "arm64 bring-up"]
    );
    assert_eq!(
        marks(5),
        [
            ("live migration".to_string(), Some(3)),
            ("dirty log".to_string(), Some(2))
        ]
    );
    assert_eq!(
        terms(&s, at_line(&s, 5)),
        ["virtualization", "live migration", "dirty log", "qemu"]
    );
    assert_eq!(
        groups(&s, at_line(&s, 9)),
        kw(&[&["kernel", "reading", "cont"], &["ftrace usage", "cont1"]])
    );
    assert_eq!(
        marks(9),
        [
            ("reading".to_string(), None),
            ("ftrace usage".to_string(), Some(1))
        ]
    );
    assert_eq!(
        terms(&s, at_line(&s, 9)),
        ["kernel", "reading", "ftrace usage"]
    );
    assert!(marks(13).is_empty());
    assert_eq!(
        terms(&s, at_line(&s, 13)),
        ["kernel", "spinlock", "contention"]
    );
    // The store sees the same series, each with its one part.
    let mut series: SeriesParts = s
        .all_series()
        .iter()
        .map(|x| {
            let parts = x.parts.iter().map(|&(id, p)| (s.entry(id).line, p));
            (x.topic.clone(), parts.collect())
        })
        .collect();
    series.sort();
    assert_eq!(
        series,
        [
            ("arm64 bring-up".to_string(), vec![(1, Some(17))]),
            ("dirty log".to_string(), vec![(5, Some(2))]),
            ("ftrace usage".to_string(), vec![(9, Some(1))]),
            ("live migration".to_string(), vec![(5, Some(3))]),
            ("reading".to_string(), vec![(9, None)]),
        ]
    );
    assert_eq!(all_refs(&s), 0, "quoted non-stamps are not references");
}

#[test]
fn outline_items_have_three_levels() {
    let s = load("outline_levels.txt");
    assert_eq!(s.len(), 1);
    assert_eq!(groups(&s, 0), kw(&[&["outline"]]));
    let items: Vec<(u32, u8, u32)> = s
        .entry(0)
        .outline()
        .iter()
        .map(|o| (o.line, o.level, o.number))
        .collect();
    assert_eq!(
        items,
        [
            (3, 1, 0),
            (4, 1, 1),
            (5, 2, 1),
            (6, 3, 1),
            (7, 3, 2),
            (8, 3, 3),
            (9, 2, 2),
            (10, 2, 3),
            (11, 1, 2),
            (12, 1, 10),
        ]
    );
}

#[test]
fn update_open_runs_to_the_end_of_the_entry() {
    let s = load("update_open.txt");
    assert_eq!(
        timeline(&s),
        pairs(&[("2014-03-01 10:00", 1), ("2014-03-03 11:00", 8)])
    );
    assert_eq!(
        updates(&s, at_line(&s, 1)),
        [("2014-03-02 15:30".to_string(), 4, None)]
    );
    assert!(updates(&s, at_line(&s, 8)).is_empty());
    assert_eq!(all_refs(&s), 0);
}

#[test]
fn update_closed_by_its_quoted_stamp() {
    let s = load("update_closed.txt");
    assert_eq!(s.len(), 1);
    assert_eq!(
        updates(&s, 0),
        [("2014-03-02 16:44".to_string(), 4, Some(6))]
    );
    assert_eq!(all_refs(&s), 0, "the closing line is not a reference");
}

#[test]
fn update_closed_with_end() {
    let s = load("update_closed_with_end.txt");
    assert_eq!(s.len(), 1);
    assert_eq!(
        updates(&s, 0),
        [
            ("2014-03-02 16:44".to_string(), 4, Some(6)),
            ("2014-03-04 09:10".to_string(), 7, Some(9)),
        ]
    );
    assert_eq!(all_refs(&s), 0);
}

#[test]
fn update_may_open_right_after_an_outline_number() {
    let s = load("update_after_outline_number.txt");
    assert_eq!(s.len(), 1);
    assert_eq!(
        updates(&s, 0),
        [
            ("2014-03-02 14:13".to_string(), 5, Some(7)),
            ("2014-03-03 09:00".to_string(), 8, None),
        ]
    );
    assert_eq!(all_refs(&s), 0, "(10:30 2014-3-3) mid-line is no reference");
}

#[test]
fn every_cue_word_introduces_a_reference() {
    let s = load("reference_cues.txt");
    assert_eq!(s.len(), 2);
    let to = "2014-03-01 10:00";
    let h = || Went::Header { line: 1, lands: 1 };
    assert_eq!(
        refs(&s, at_line(&s, 5)),
        [
            r(7, Cue::See, to, "", h()),
            r(8, Cue::See, to, "", h()),
            r(9, Cue::Jian, to, "", h()),
            r(10, Cue::XiangJian, to, "", h()),
            r(11, Cue::Ref, to, "", h()),
            r(12, Cue::Ref, to, "", h()),
            r(13, Cue::None, to, "", h()),
            r(14, Cue::See, to, "", h()),
            r(14, Cue::XiangJian, to, "", h()),
        ]
    );
    // The written form is kept: `see "…"` includes the space, `"…"` only quotes.
    let n = nb(&s);
    let e = s.entry(at_line(&s, 5));
    assert_eq!(n.slice(&e.refs()[1].span), "see \"10:00 2014-3-1\"");
    assert_eq!(n.slice(&e.refs()[6].span), "\"10:00 2014-03-01\"");
    assert!(refs(&s, at_line(&s, 1)).is_empty());
    assert_eq!(s.backlinks(at_line(&s, 1)).len(), 9);
    assert_eq!(s.backlinks(at_line(&s, 5)).len(), 0);
}

#[test]
fn section_paths_land_on_outline_items() {
    let s = load("section_paths.txt");
    let to = "2014-03-01 10:00";
    let h = |lands| Went::Header { line: 1, lands };
    assert_eq!(
        refs(&s, at_line(&s, 17)),
        [
            r(19, Cue::See, to, "4", h(10)),
            r(20, Cue::See, to, "5-1)", h(15)),
            r(21, Cue::See, to, "2-2)-(2)", h(8)),
            r(22, Cue::See, to, "-4-3)", h(13)),
            r(23, Cue::See, to, "", h(1)),
        ]
    );
}

#[test]
fn mistyped_minutes_resolve_to_the_nearest_header_within_ten_minutes() {
    let s = load("reference_approximate.txt");
    assert_eq!(
        timeline(&s),
        pairs(&[
            ("2014-03-01 11:30", 5),
            ("2014-03-01 11:47", 1),
            ("2014-03-01 15:00", 9)
        ])
    );
    assert_eq!(
        refs(&s, at_line(&s, 9)),
        [
            r(
                11,
                Cue::None,
                "2014-03-01 11:46",
                "",
                Went::Approx { line: 1, off: 1 }
            ),
            r(
                12,
                Cue::See,
                "2014-03-01 11:56",
                "",
                Went::Approx { line: 1, off: -9 }
            ),
            r(
                13,
                Cue::See,
                "2014-03-01 11:37",
                "",
                Went::Approx { line: 5, off: -7 }
            ),
            r(14, Cue::See, "2014-03-01 11:59", "", Went::NoEntry),
        ]
    );
    // Approximate links count as backlinks of the entry meant.
    assert_eq!(s.backlinks(at_line(&s, 1)).len(), 2);
    assert_eq!(s.backlinks(at_line(&s, 5)).len(), 1);
}

#[test]
fn dangling_outside_the_loaded_range() {
    let s = load("reference_dangling_outside.txt");
    assert_eq!(
        timeline(&s),
        pairs(&[("2014-03-10 10:00", 1), ("2014-03-12 12:00", 7)])
    );
    assert_eq!(
        refs(&s, at_line(&s, 1)),
        [
            r(3, Cue::Ref, "2013-12-31 07:00", "", Went::Outside),
            r(4, Cue::See, "2014-03-09 09:00", "", Went::Outside),
            r(5, Cue::See, "2014-04-01 10:00", "", Went::Outside),
        ]
    );
    let res = s.resolutions(at_line(&s, 1))[0];
    assert_eq!(
        res,
        Resolution::Dangling(Dangling::OutsideRange {
            first: st("0:00 2014-3-10").date(),
            last: st("0:00 2014-3-12").date(),
        })
    );
}

#[test]
fn dangling_on_a_loaded_day() {
    let s = load("reference_dangling_loaded_day.txt");
    assert_eq!(
        timeline(&s),
        pairs(&[("2014-03-10 09:00", 1), ("2014-03-12 12:00", 8)])
    );
    assert_eq!(
        refs(&s, at_line(&s, 1)),
        [
            r(3, Cue::See, "2014-03-10 10:00", "", Went::NoEntry),
            r(4, Cue::None, "2014-03-10 09:15", "", Went::NoEntry),
            r(5, Cue::See, "2014-03-12 17:30", "", Went::NoEntry),
            r(6, Cue::See, "2014-03-11 10:00", "", Went::NoEntry),
        ]
    );
    assert!(s.backlinks(at_line(&s, 1)).is_empty());
    assert!(s.backlinks(at_line(&s, 8)).is_empty());
}

#[test]
fn reference_to_an_update_stamp_lands_on_the_update() {
    let s = load("reference_to_update.txt");
    assert_eq!(
        timeline(&s),
        pairs(&[
            ("2014-03-01 10:00", 1),
            ("2014-03-03 14:10", 9),
            ("2014-03-06 11:00", 13)
        ])
    );
    assert_eq!(
        updates(&s, at_line(&s, 1)),
        [
            ("2014-03-03 14:13".to_string(), 4, Some(5)),
            ("2014-03-05 09:00".to_string(), 6, None),
        ]
    );
    let u = |line| Went::Update { line, entry: 1 };
    assert_eq!(
        refs(&s, at_line(&s, 13)),
        [
            r(15, Cue::See, "2014-03-03 14:13", "", u(4)),
            r(16, Cue::XiangJian, "2014-03-05 09:00", "", u(6)),
            r(17, Cue::See, "2014-03-03 14:13", "2", u(4)),
        ]
    );
    assert!(
        refs(&s, at_line(&s, 1)).is_empty(),
        "line 5 closes an update"
    );
    assert_eq!(s.backlinks(at_line(&s, 1)).len(), 3);
    assert_eq!(s.backlinks(at_line(&s, 9)).len(), 0);
}

#[test]
fn closing_marker_is_not_a_reference_but_a_look_alike_is() {
    let s = load("closing_marker_not_reference.txt");
    assert_eq!(
        updates(&s, at_line(&s, 1)),
        [("2014-03-02 15:00".to_string(), 4, Some(6))]
    );
    assert_eq!(
        refs(&s, at_line(&s, 1)),
        [r(
            7,
            Cue::See,
            "2014-03-02 15:00",
            "",
            Went::Update { line: 4, entry: 1 }
        )]
    );
    assert_eq!(
        refs(&s, at_line(&s, 9)),
        [r(
            12,
            Cue::None,
            "2014-03-01 10:00",
            "",
            Went::Header { line: 1, lands: 1 }
        )]
    );
    assert_eq!(all_refs(&s), 2);
}

#[test]
fn todo_marks_need_the_backslash() {
    let s = load("todo_marks.txt");
    assert_eq!(s.len(), 1);
    assert_eq!(todo_lines(&s), [3, 4, 6]);
    // The mark points at the backslash, wherever it is on the line.
    let n = nb(&s);
    for t in s.entry(0).todos() {
        assert!(n.text[t.offset..].to_lowercase().starts_with("\\todo"));
    }
}

#[test]
fn urls_mail_and_shell_are_body_text_not_references() {
    let s = load("urls_and_mail.txt");
    assert_eq!(s.len(), 1);
    assert_eq!(groups(&s, 0), kw(&[&["urls", "mail", "shell"]]));
    assert_eq!(all_refs(&s), 0, "a mail reference is not a see-link");
    assert!(updates(&s, 0).is_empty());
    assert_eq!(s.entry(0).lines, 13);
    let text = s.text(0);
    for l in [
        "1, http://lists.example.org/archive/2014-03/msg00042.html",
        "3, \"Wang Lei <wanglei@example.com>\"_email_20140305",
        "> ",
        ">> Is the race still there?",
        "linux-dev:~ # uname -r",
        "$ echo done",
    ] {
        assert!(text.lines().any(|t| t == l), "{l:?} not kept");
    }
}

#[test]
fn tabs_in_body_are_kept() {
    let s = load("tabs_in_body.txt");
    assert_eq!(s.len(), 1);
    assert_eq!(groups(&s, 0), kw(&[&["tabs"]]));
    assert_eq!(s.entry(0).lines, 10);
    let path = format!(
        "{}/tests/fixtures/tabs_in_body.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let file = std::fs::read_to_string(path).expect("fixture");
    assert_eq!(
        s.text(0),
        file,
        "every byte, tabs included, is in the entry"
    );
    let lines: Vec<&str> = s.text(0).lines().collect();
    assert_eq!(lines[5], "\t\treturn 0;\t/* tab inside the line */");
    assert_eq!(lines[8], "name\tvalue");
}

#[test]
fn worked_example_of_format_md() {
    let s = load("worked_example.txt");
    let n = nb(&s);
    assert!(n.parsed.log_switch);
    assert_eq!(n.preamble(), "Notes for March, new laptop.");
    assert_eq!(
        timeline(&s),
        pairs(&[("2014-03-01 18:30", 13), ("2014-03-02 09:05", 4)])
    );
    let first = at_line(&s, 4);
    let part1 = at_line(&s, 13);
    assert_eq!(
        s.entry(first).revision.map(|r| r.to_string()),
        Some("2014-03-03 21:40".into())
    );
    assert_eq!(
        groups(&s, first),
        kw(&[
            &["kernel", "scheduler", "reading", "cont2"],
            &["ftrace usage"]
        ])
    );
    assert_eq!(
        terms(&s, first),
        ["kernel", "scheduler", "reading", "ftrace usage"]
    );
    let series: Vec<_> = s.series_of(first).collect();
    assert_eq!(series.len(), 1);
    assert_eq!(series[0].topic, "reading");
    assert_eq!(series[0].parts, [(part1, Some(1)), (first, Some(2))]);
    assert_eq!(s.series_neighbours(first), (Some(part1), None));
    assert_eq!(
        updates(&s, first),
        [("2014-03-03 21:40".to_string(), 8, Some(10))]
    );
    assert_eq!(
        refs(&s, first),
        [
            r(
                7,
                Cue::See,
                "2014-03-01 18:30",
                "2-1)",
                Went::Header {
                    line: 13,
                    lands: 17
                }
            ),
            r(9, Cue::XiangJian, "2014-03-02 10:00", "", Went::NoEntry),
            r(
                11,
                Cue::None,
                "2014-03-01 18:32",
                "",
                Went::Approx { line: 13, off: -2 }
            ),
            r(11, Cue::Ref, "2013-12-31 07:00", "", Went::Outside),
        ]
    );
    let back: Vec<u32> = s
        .backlinks(part1)
        .iter()
        .map(|&(from, i)| s.reference(from, i).line)
        .collect();
    assert_eq!(back, [7, 11]);
    assert!(s.backlinks(first).is_empty());
    assert_eq!(todo_lines(&s), [11]);
}

/// The fixtures README says what "outside the loaded range" means: before the
/// first or after the last day of the loaded entry headers. An update stamp
/// later than every header does not widen the range.
#[test]
fn loaded_range_is_the_span_of_header_days() {
    let text = "10:00 2014-3-1\nrange\n1, x\n(9:00 2014-3-5)\n2, late update\n\n\
                11:00 2014-3-2\nlinks\n1, see\"10:00 2014-3-4\" and see\"9:00 2014-3-5\"\n";
    let s = Store::new(vec![Arc::new(Notebook::from_bytes(
        "range.txt",
        text.as_bytes(),
    ))]);
    let got = refs(&s, at_line(&s, 7));
    assert_eq!(
        got[0].went,
        Went::Outside,
        "03-04 is after the last header day"
    );
    assert_eq!(got[1].went, Went::Update { line: 4, entry: 1 });
}

/// Every rule fixture the README lists has a test above; a new rule fixture
/// without one fails here. (Fixtures for screens and tmux runs are not listed.)
#[test]
fn every_rule_fixture_has_a_test() {
    let source = include_str!("fixtures_rules.rs");
    let readme = include_str!("fixtures/README.md");
    let listed: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("- `")?.split_once("`:"))
        .map(|(name, _)| name)
        .collect();
    assert!(listed.len() >= 27, "README lists {} fixtures", listed.len());
    let missing: Vec<&&str> = listed
        .iter()
        .filter(|n| !source.contains(&format!("load(\"{n}\")")))
        .collect();
    assert!(
        missing.is_empty(),
        "rule fixtures without a test: {missing:?}"
    );
}
