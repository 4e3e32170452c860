//! Properties of decode + parse over generated notebooks: the parser never loses
//! or doubles a line, line endings never change what is found, and no input makes
//! it panic or produce a span outside its entry.

use proptest::prelude::*;
use rizhi::notebook::{Notebook, Stamp};
use rizhi::store::Store;
use std::ops::Range;
use std::sync::Arc;

/// One generated line and, when it is a header, the stamp a reader must find.
#[derive(Clone, Debug)]
struct Line {
    text: String,
    header: Option<Stamp>,
}

fn plain(text: impl Into<String>) -> Line {
    Line {
        text: text.into(),
        header: None,
    }
}

/// A valid date and time, and its notebook spelling (padded or not).
fn stamp() -> impl Strategy<Value = (Stamp, String)> {
    (
        2000i32..2030,
        1u32..13,
        1u32..29,
        0u32..24,
        0u32..60,
        any::<bool>(),
    )
        .prop_map(|(y, mo, d, h, mi, pad)| {
            let text = if pad {
                format!("{h:02}:{mi:02} {y}-{mo:02}-{d:02}")
            } else {
                format!("{h}:{mi:02} {y}-{mo}-{d}")
            };
            let s = Stamp::parse(&text).expect("generated stamp is valid");
            (s, text)
        })
}

/// Lines that look like headers but are not (FORMAT.md: invalid dates, text around).
fn not_a_header() -> impl Strategy<Value = Line> {
    prop_oneof![
        Just(plain("25:61 2012-2-30")),
        Just(plain("10:00 2012-02-30")),
        Just(plain("9:5 2012-1-1")),
        Just(plain("24:00 2012-1-2")),
        Just(plain("10:60 2012-1-2")),
        Just(plain("10:00 2012-13-01")),
        Just(plain("10:00 2011-2-29")),
        Just(plain("10:00 12-1-1")),
        Just(plain("2014-03-01 10:00")),
        Just(plain("10:45-19:55")),
        stamp().prop_map(|(_, t)| plain(format!("{t} 会议记录"))),
        stamp().prop_map(|(_, t)| plain(format!("see {t}"))),
        stamp().prop_map(|(_, t)| plain(format!("{t}."))),
    ]
}

fn header() -> impl Strategy<Value = Line> {
    (stamp(), "[ \t]{0,3}", " {0,3}").prop_map(|((s, t), lead, trail)| Line {
        text: format!("{lead}{t}{trail}"),
        header: Some(s),
    })
}

fn term() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("kernel".to_string()),
        Just("vcpu 卡顿".to_string()),
        Just("mm: numa balancing".to_string()),
        Just("sched/fair.c".to_string()),
        Just("qemu 2.0".to_string()),
        Just("cont".to_string()),
        (1u32..30).prop_map(|n| format!("cont{n}")),
        "[a-z]{1,8}",
        "[内核调度虚拟化阅读]{1,4}",
    ]
}

fn keyword_line() -> impl Strategy<Value = Line> {
    prop::collection::vec(
        (
            term(),
            prop::sample::select(vec![", ", ",", "，", "、", "; ", "；"]),
        ),
        1..6,
    )
    .prop_map(|v| {
        let mut s = String::new();
        for (i, (t, sep)) in v.iter().enumerate() {
            if i > 0 {
                s.push_str(sep);
            }
            s.push_str(t);
        }
        plain(s)
    })
}

fn outline_line() -> impl Strategy<Value = Line> {
    (
        0u32..12,
        prop::sample::select(vec![
            "{n}, ", "{n}，", "{n}), ", "{n}) ", "({n}), ", "({n})",
        ]),
        "[\t ]{0,2}",
        "[a-z 读代码]{0,12}",
    )
        .prop_map(|(n, form, indent, rest)| {
            plain(format!(
                "{indent}{}{rest}",
                form.replace("{n}", &n.to_string())
            ))
        })
}

fn quoted_line() -> impl Strategy<Value = Line> {
    (
        stamp(),
        prop::sample::select(vec!["see", "see ", "见", "详见", "ref ", "ref", "", "x "]),
        prop::sample::select(vec!["", "4", "5-1)", "2-2)-(2).", "-4-3)", "end", "end."]),
        prop::sample::select(vec!["", "1, ", "3, (", "\t", "> "]),
    )
        .prop_map(|((_, t), cue, tail, lead)| {
            if lead == "3, (" {
                plain(format!("3, ({t}) 补充"))
            } else {
                plain(format!("{lead}{cue}\"{t}\"{tail}"))
            }
        })
}

fn line() -> impl Strategy<Value = Line> {
    prop_oneof![
        3 => header(),
        2 => not_a_header(),
        1 => Just(plain(".LOG")),
        1 => stamp().prop_map(|(_, t)| plain(format!("({t})"))),
        2 => keyword_line(),
        2 => outline_line(),
        2 => quoted_line(),
        1 => Just(plain("读 sched/fair.c 的 update_curr，中文全角")),
        2 => Just(plain("")),
        1 => Just(plain("\tstatic int f(void)\t/* tab */")),
        1 => Just(plain("\\todo 对比 A 和 B")),
        1 => "[ -~]{0,30}".prop_map(plain),
    ]
}

/// A notebook: lines, each with its own line ending, an optional BOM, and
/// whether the last line is terminated.
fn notebook() -> impl Strategy<Value = (Vec<Line>, Vec<&'static str>, bool, bool)> {
    prop::collection::vec(line(), 0..40).prop_flat_map(|lines| {
        let n = lines.len();
        (
            Just(lines),
            prop::collection::vec(prop::sample::select(vec!["\n", "\r\n", "\r"]), n),
            any::<bool>(),
            any::<bool>(),
        )
    })
}

fn join(lines: &[Line], endings: &[&str], last_terminated: bool) -> String {
    let mut s = String::new();
    let mut prev = "";
    for (i, (l, &e)) in lines.iter().zip(endings).enumerate() {
        s.push_str(&l.text);
        if i + 1 < lines.len() || last_terminated {
            // A lone CR then an empty LF line would read as one CRLF: keep the
            // empty line by ending it with CRLF.
            let e = if prev == "\r" && l.text.is_empty() && e == "\n" {
                "\r\n"
            } else {
                e
            };
            s.push_str(e);
            prev = e;
        }
    }
    s
}

/// Byte ranges of the lines of `text` (LF endings), without their newline.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut v = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        v.push(start..end);
        start = end + 1;
    }
    v
}

/// Index of the line holding byte `at`.
fn line_of(lines: &[Range<usize>], at: usize) -> usize {
    lines.partition_point(|r| r.end < at)
}

/// The `.LOG` line, the preamble and the entries tile the file's lines: in
/// order, contiguous, covering everything, each line in exactly one part.
fn check_tiling(nb: &Notebook) -> Result<(), TestCaseError> {
    let text = &nb.text;
    let p = &nb.parsed;
    let lines = line_ranges(text);
    let starts: Vec<usize> = lines.iter().map(|r| r.start).collect();
    let mut covered = 0usize;
    let mut pos = 0usize;
    if p.log_switch {
        prop_assert!(!lines.is_empty());
        prop_assert_eq!(text[lines[0].clone()].trim(), ".LOG");
        pos = (lines[0].end + 1).min(text.len());
        covered = 1;
        prop_assert_eq!(p.preamble_line, 2);
    } else {
        prop_assert_eq!(p.preamble_line, 1);
    }
    prop_assert_eq!(p.preamble.start, pos, "preamble starts after .LOG");
    let pre_end = p.entries.first().map_or(text.len(), |e| e.span().start);
    prop_assert_eq!(p.preamble.end, pre_end, "preamble ends at the first header");
    covered += lines
        .iter()
        .filter(|r| r.start >= p.preamble.start && r.start < p.preamble.end)
        .count();
    pos = pre_end;
    for e in &p.entries {
        prop_assert_eq!(e.span().start, pos, "entries are contiguous");
        prop_assert!(starts.contains(&e.span().start), "entry starts a line");
        let first = line_of(&lines, e.span().start);
        prop_assert_eq!(e.line as usize, first + 1);
        let n = lines
            .iter()
            .filter(|r| r.start >= e.span().start && r.start < e.span().end)
            .count();
        prop_assert_eq!(e.lines as usize, n, "entry.lines at line {}", e.line);
        let header = &text[lines[first].clone()];
        prop_assert_eq!(rizhi::notebook::stamp::line_is_stamp(header), Some(e.stamp));
        covered += n;
        pos = e.span().end;
    }
    prop_assert_eq!(pos, text.len(), "the last entry runs to the end");
    prop_assert_eq!(covered, lines.len(), "every line in exactly one part");
    Ok(())
}

/// Every range the parser hands out lies inside its entry and on char boundaries.
fn check_spans(nb: &Notebook) -> Result<(), TestCaseError> {
    let text = &nb.text;
    let inside = |outer: &Range<usize>, r: &Range<usize>| {
        r.start <= r.end && outer.start <= r.start && r.end <= outer.end
    };
    for e in nb.parsed.iter() {
        prop_assert!(text.get(e.span()).is_some());
        for r in e.refs() {
            prop_assert!(inside(&e.span(), &r.span), "ref span outside entry");
            prop_assert!(inside(&r.span, &r.quoted));
            prop_assert!(inside(&r.span, &r.section));
            prop_assert!(text.get(r.span.clone()).is_some());
            prop_assert!(text[r.quoted.clone()].starts_with('"'));
            prop_assert!(text[r.quoted.clone()].ends_with('"'));
            prop_assert!(r.line >= e.line && r.line < e.line + e.lines);
        }
        if let Some(k) = &e.keywords {
            prop_assert!(inside(&e.span(), &k.span()));
            for t in &k.terms(text) {
                prop_assert!(inside(&k.span(), t) && text.get(t.clone()).is_some());
            }
        }
        for s in &e.series(text) {
            prop_assert!(inside(&e.span(), &s.topic));
        }
        for o in e.outline() {
            prop_assert!(o.line > e.line && o.line < e.line + e.lines);
        }
        for u in e.updates() {
            prop_assert!(u.line > e.line && u.line < e.line + e.lines);
            if let Some(c) = u.closed_at {
                prop_assert!(c > u.line && c < e.line + e.lines);
            }
        }
        for t in e.todos() {
            prop_assert!(t.offset >= e.span().start && t.offset < e.span().end);
        }
    }
    Ok(())
}

/// What a reader finds, in comparable form.
#[allow(clippy::type_complexity)]
fn summary(
    nb: &Notebook,
) -> (
    String,
    Vec<(
        String,
        u32,
        u32,
        Option<String>,
        String,
        Vec<(String, String)>,
    )>,
) {
    let entries = nb
        .parsed
        .iter()
        .map(|e| {
            let kw = e.keywords.as_ref().map(|k| nb.slice(&k.span()).to_string());
            let refs = e
                .refs()
                .iter()
                .map(|r| (r.stamp.to_string(), nb.slice(&r.section).to_string()))
                .collect();
            let outline = format!(
                "{:?} {:?} {:?}",
                e.outline()
                    .iter()
                    .map(|o| (o.line, o.level, o.number))
                    .collect::<Vec<_>>(),
                e.updates()
                    .iter()
                    .map(|u| (u.stamp, u.line, u.closed_at))
                    .collect::<Vec<_>>(),
                e.todos().iter().map(|t| t.line).collect::<Vec<_>>()
            );
            (e.stamp.to_string(), e.line, e.lines, kw, outline, refs)
        })
        .collect();
    (nb.preamble().to_string(), entries)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn log_preamble_and_entries_tile_the_lines(
        (lines, endings, last, bom) in notebook()
    ) {
        let mut bytes = if bom { vec![0xEF, 0xBB, 0xBF] } else { Vec::new() };
        bytes.extend_from_slice(join(&lines, &endings, last).as_bytes());
        let nb = Notebook::from_bytes("gen.txt", &bytes);
        check_tiling(&nb)?;
        check_spans(&nb)?;
        // The headers found are exactly the generated header lines, at their lines.
        let want: Vec<(u32, Stamp)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.header.map(|s| (i as u32 + 1, s)))
            .collect();
        let got: Vec<(u32, Stamp)> = nb.entries().iter().map(|e| (e.line, e.stamp)).collect();
        prop_assert_eq!(got, want);
        let log = lines.first().is_some_and(|l| l.text == ".LOG");
        prop_assert_eq!(nb.parsed.log_switch, log);
    }

    #[test]
    fn crlf_lf_and_cr_give_identical_entries((lines, _, last, _) in notebook()) {
        let n = lines.len();
        let lf = Notebook::from_bytes("lf.txt", join(&lines, &vec!["\n"; n], last).as_bytes());
        let crlf = Notebook::from_bytes("crlf.txt", join(&lines, &vec!["\r\n"; n], last).as_bytes());
        let cr = Notebook::from_bytes("cr.txt", join(&lines, &vec!["\r"; n], last).as_bytes());
        let want = summary(&lf);
        prop_assert_eq!(&summary(&crlf), &want);
        prop_assert_eq!(&summary(&cr), &want);
        prop_assert_eq!(&crlf.parsed, &lf.parsed);
        prop_assert_eq!(&crlf.warnings, &lf.warnings);
        prop_assert_eq!(lf.entries().len(), lines.iter().filter(|l| l.header.is_some()).count());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let nb = Notebook::from_bytes("noise.txt", &bytes);
        check_tiling(&nb)?;
        check_spans(&nb)?;
        exercise(nb);
    }

    #[test]
    fn notebooks_with_noise_spliced_in_never_panic(
        (lines, endings, last, _) in notebook(),
        noise in prop::collection::vec((any::<prop::sample::Index>(), prop::collection::vec(any::<u8>(), 1..6)), 0..8),
    ) {
        let mut bytes = join(&lines, &endings, last).into_bytes();
        for (at, junk) in noise {
            let i = at.index(bytes.len() + 1);
            bytes.splice(i..i, junk);
        }
        let nb = Notebook::from_bytes("spliced.txt", &bytes);
        check_tiling(&nb)?;
        check_spans(&nb)?;
        exercise(nb);
    }
}

/// Everything a user can reach from a loaded file: the store, every resolution,
/// every title and body, backlinks and series.
fn exercise(nb: Notebook) {
    let store = Store::new(vec![Arc::new(nb)]);
    for l in store.links() {
        if let Some(t) = l.resolution.target() {
            assert!(store.backlinks(t).contains(&(l.from, l.index)));
        }
        let _ = l.resolution.reason(store.reference(l.from, l.index).stamp);
    }
    for id in 0..store.len() {
        let _ = (store.title(id), store.body(id));
        let _ = store.series_neighbours(id);
        let _ = store.terms(id).count();
    }
}

/// Bytes that become the text as they are (`decode_in_place`) decode to
/// exactly what `decode` gives; any others come back unchanged.
fn same_as_decode(bytes: Vec<u8>) -> Result<bool, TestCaseError> {
    use rizhi::notebook::decode::{decode, decode_in_place};
    let want = decode(&bytes);
    match decode_in_place(bytes.clone()) {
        Ok(got) => {
            prop_assert_eq!(&got.text, &want.text);
            prop_assert_eq!(got.encoding, want.encoding);
            prop_assert_eq!(&got.warnings, &want.warnings);
            prop_assert_eq!(got.text.as_bytes(), &bytes[..]);
            Ok(true)
        }
        Err(back) => {
            prop_assert_eq!(back, bytes);
            Ok(false)
        }
    }
}

#[test]
fn decoding_in_place_takes_only_plain_utf8_and_agrees_with_decode() {
    let gb = encoding_rs::GB18030
        .encode("9:00 2013-1-4\n源码\n")
        .0
        .into_owned();
    for (bytes, in_place) in [
        (
            b"9:00 2013-1-4\nxen, \xE5\x86\x85\xE6\xA0\xB8\n".to_vec(),
            true,
        ),
        (b"".to_vec(), true),
        (b"\xEF\xBB\xBF9:00 2013-1-4\n".to_vec(), false),
        (b"9:00 2013-1-4\r\nxen\r\n".to_vec(), false),
        (b"9:00 2013-1-4\nxen\n\0\0".to_vec(), false),
        (b"9:00 2013-1-4\n\xFF\n".to_vec(), false),
        (gb, false),
        // GB18030 that reads as valid UTF-8 (Armenian): not in place.
        (b"9:00 2013-1-4\n\xD4\xB4\n".to_vec(), false),
    ] {
        let got = same_as_decode(bytes.clone()).map_err(|e| e.to_string());
        assert_eq!(got, Ok(in_place), "{bytes:?}");
    }
}

proptest! {
    #[test]
    fn decoding_in_place_agrees_with_decode_on_any_bytes(
        bytes in prop::collection::vec(prop_oneof![Just(b'\n'), Just(b'\r'), Just(0u8), any::<u8>(), 0x80u8..0xC0], 0..64),
    ) {
        same_as_decode(bytes)?;
    }

    #[test]
    fn decoding_in_place_agrees_with_decode_on_any_text(text in "\\PC{0,40}") {
        same_as_decode(text.into_bytes())?;
    }
}
