//! Bytes → text. Each file is decoded on its own: old notebooks from Notepad on a
//! Chinese Windows are GB18030, some are UTF-16 with a BOM, most are UTF-8.
//!
//! Line endings are normalised to LF here (CRLF and lone CR alike) so that the
//! parser sees one shape and CRLF and LF files give identical entries. The decoded
//! text is the only copy of a notebook that rizhi keeps.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;
use std::fmt;

/// The encoding a file was read with, as reported by `rizhi stats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
    /// Not valid in any encoding we know: decoded as UTF-8 with U+FFFD for bad bytes.
    Utf8Lossy,
    /// Looks like a binary file (NUL bytes): not parsed.
    Binary,
}

impl Detected {
    pub fn name(&self) -> &'static str {
        match self {
            Detected::Utf8 => "UTF-8",
            Detected::Utf8Bom => "UTF-8 (BOM)",
            Detected::Utf16Le => "UTF-16LE",
            Detected::Utf16Be => "UTF-16BE",
            Detected::Gb18030 => "GB18030",
            Detected::Utf8Lossy => "UTF-8 (lossy)",
            Detected::Binary => "binary",
        }
    }
}

impl fmt::Display for Detected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A decoded file: its text with LF line endings, and what happened on the way.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: Detected,
    /// Problems worth telling the user, with the 1-based line they concern.
    pub warnings: Vec<(u32, String)>,
}

/// [`decode`] without a copy where the text is the bytes: a UTF-8 file
/// without a BOM, a NUL or a CR (nearly every notebook) becomes its text as
/// it is. Any other file's bytes come back (`Err`) for [`decode`].
pub fn decode_in_place(bytes: Vec<u8>) -> Result<Decoded, Vec<u8>> {
    if Encoding::for_bom(&bytes).is_some() || memchr::memchr2(0, b'\r', &bytes).is_some() {
        return Err(bytes);
    }
    // encoding_rs validates about 7× faster than `String::from_utf8` on
    // CJK-heavy text (which would cost more than the copy it saves). Its
    // answer is used only when it is a `&str` over exactly these bytes.
    let valid = match UTF_8.decode_without_bom_handling_and_without_replacement(&bytes) {
        Some(Cow::Borrowed(text)) => {
            text.as_ptr() == bytes.as_ptr()
                && text.len() == bytes.len()
                && gb18030_read_as_utf8(&bytes, text).is_none()
        }
        _ => false,
    };
    if !valid {
        return Err(bytes);
    }
    // SAFETY: a `&str` spanning exactly `bytes` existed just above, so the
    // bytes are valid UTF-8.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    Ok(finish(text, Detected::Utf8, Vec::new()))
}

/// Decodes a whole file. Never fails: the worst case is a lossy decode or a binary
/// file reported as such, both with a warning.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let detected = if enc == UTF_8 {
            Detected::Utf8Bom
        } else if enc == UTF_16LE {
            Detected::Utf16Le
        } else {
            debug_assert_eq!(enc, UTF_16BE);
            Detected::Utf16Be
        };
        let body = &bytes[bom_len..];
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        let mut warnings = Vec::new();
        if had_errors {
            let at = text.find('\u{FFFD}').unwrap_or(0);
            let line = line_at(&text.as_bytes()[..at]);
            warnings.push((
                line,
                format!("invalid {} byte sequences replaced with U+FFFD", enc.name()),
            ));
        }
        return finish(text.into_owned(), detected, warnings);
    }
    // Text notebooks never hold NUL; UTF-16 ones do, at every other byte.
    // The whole file is searched: a binary file may start with a text-like
    // header longer than any fixed window.
    let mut nul_tail = None;
    if let Some(first) = memchr::memchr(0, bytes) {
        if let Some(d) = utf16_without_bom(bytes) {
            return d;
        }
        if !bytes[first..].iter().all(|&b| b == 0) || !text_like(&bytes[..first]) {
            return binary(line_at(&bytes[..first]));
        }
        // Only a zero-filled tail (what a crash or a preallocating editor
        // leaves): the text is kept whole, the NULs shown as `^@`.
        nul_tail = Some((line_at(&bytes[..first]), bytes.len() - first));
    }
    let mut d = decode_8bit(bytes);
    if let Some((line, n)) = nul_tail {
        d.warnings.push((
            line,
            format!("ends in {n} NUL bytes (a zero-filled tail?), shown as ^@"),
        ));
    }
    d
}

/// A file without BOM or NUL bytes (or with a zero-filled tail): UTF-8,
/// GB18030, or lossy UTF-8.
fn decode_8bit(bytes: &[u8]) -> Decoded {
    // encoding_rs validates CJK-heavy UTF-8 about 7× faster than
    // `std::str::from_utf8`, which was the largest single cost of loading.
    let valid_up_to = match UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => {
            if let Some(gb) = gb18030_read_as_utf8(bytes, &text) {
                return finish(gb, Detected::Gb18030, Vec::new());
            }
            return finish(text.into_owned(), Detected::Utf8, Vec::new());
        }
        None => Encoding::utf8_valid_up_to(bytes),
    };
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    // chardetng answers GBK for Chinese Windows text; GB18030 is its superset.
    if guess == GB18030 || guess.name() == "GBK" {
        let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
        if !had_errors {
            return finish(text.into_owned(), Detected::Gb18030, Vec::new());
        }
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    // The first invalid byte, not the first U+FFFD: the file may hold valid ones.
    let line = line_at(&bytes[..valid_up_to]);
    let warnings = vec![(
        line,
        "not valid UTF-8, GB18030 or UTF-16: decoded lossily, bad bytes shown as U+FFFD"
            .to_string(),
    )];
    finish(text, Detected::Utf8Lossy, warnings)
}

/// A GB18030 file with only a few hanzi can be valid UTF-8 by accident: `源`
/// is D4 B4, which UTF-8 reads as the Armenian `Դ`. When every non-ASCII
/// character of the UTF-8 reading lies in scripts a Chinese/English notebook
/// does not use (Cyrillic Supplement to NKo, U+0500–U+07FF) and the GB18030
/// reading is all Chinese, the file is GB18030. Latin-1, Greek and Cyrillic
/// readings stay UTF-8: `é` and `茅` are the same two bytes, and in a UTF-8
/// file `é`, `°` or `μ` is by far the likelier.
fn gb18030_read_as_utf8(bytes: &[u8], utf8: &str) -> Option<String> {
    let mut foreign = utf8.chars().filter(|c| !c.is_ascii()).peekable();
    foreign.peek()?;
    if !foreign.all(|c| ('\u{0500}'..='\u{07FF}').contains(&c)) {
        return None;
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    let chinese = |c: char| {
        c.is_ascii()
            || matches!(c,
                '\u{3000}'..='\u{303F}' // CJK punctuation
                | '\u{3400}'..='\u{4DBF}'
                | '\u{4E00}'..='\u{9FFF}'
                | '\u{F900}'..='\u{FAFF}'
                | '\u{FF00}'..='\u{FFEF}' // full-width forms
                | '\u{20000}'..='\u{3FFFF}')
    };
    (!had_errors && text.chars().all(chinese)).then(|| text.into_owned())
}

/// Whether the bytes before a zero-filled tail read as text: not empty, and
/// hardly any control bytes besides tab, line ends, form feed and escape
/// (an executable's header such as `7F 45 4C 46 02 01 01 00 00` is not).
fn text_like(head: &[u8]) -> bool {
    let controls = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    !head.is_empty() && controls * 100 <= head.len()
}

/// A file with NUL bytes that is not UTF-16: not parsed. The warning names
/// the line of the first NUL, which tells a text-looking file whose tail is
/// binary from one that is binary throughout.
fn binary(line: u32) -> Decoded {
    Decoded {
        text: String::new(),
        encoding: Detected::Binary,
        warnings: vec![(
            line,
            "looks like a binary file (NUL bytes): skipped".to_string(),
        )],
    }
}

/// How much of a file the UTF-16 guess looks at.
const UTF16_SAMPLE: usize = 64 * 1024;

/// UTF-16 without a BOM (some Windows tools write it): a notebook's stamps,
/// digits, punctuation and line ends are ASCII, so in UTF-16 the high byte of
/// many code units is NUL, always at the same parity (odd offsets for little
/// endian). Accepted when, in the first 64 KiB, at least one code unit in 16
/// has a NUL high byte, NUL low bytes are rare in comparison, and the decoded
/// sample is plausible text: no unpaired surrogate, and hardly any control
/// characters besides tab, line ends and form feed. Binary data with NULs at
/// one parity (arrays of small integers) decodes to control characters and
/// is refused. A decoding error past the sample (a truncated last byte, a
/// damaged tail) is reported like any lossy decode.
fn utf16_without_bom(bytes: &[u8]) -> Option<Decoded> {
    let sample = &bytes[..bytes.len().min(UTF16_SAMPLE) & !1];
    let units = sample.len() / 2;
    if units < 2 {
        return None;
    }
    let zeros = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let (enc, detected, high, low) = if odd >= even {
        (UTF_16LE, Detected::Utf16Le, odd, even)
    } else {
        (UTF_16BE, Detected::Utf16Be, even, odd)
    };
    if high * 16 < units || low * 4 > high {
        return None;
    }
    // The sample may end inside a surrogate pair: its high half is left out.
    let last = [sample[sample.len() - 2], sample[sample.len() - 1]];
    let last = if detected == Detected::Utf16Le {
        u16::from_le_bytes(last)
    } else {
        u16::from_be_bytes(last)
    };
    let sample = if (0xD800..0xDC00).contains(&last) {
        &sample[..sample.len() - 2]
    } else {
        sample
    };
    let (head, head_errors) = enc.decode_without_bom_handling(sample);
    let controls = head
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
        .count();
    if head_errors || controls * 100 > head.chars().count() {
        return None;
    }
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let mut warnings = Vec::new();
    if had_errors {
        let at = text.find('\u{FFFD}').unwrap_or(0);
        warnings.push((
            line_at(&text.as_bytes()[..at]),
            format!("invalid {} byte sequences replaced with U+FFFD", enc.name()),
        ));
    }
    Some(finish(text.into_owned(), detected, warnings))
}

/// The 1-based line a byte right after `before` is on, counting line ends the
/// way `normalize_newlines` does (CRLF once, lone CR and LF each once), so a
/// warning names the line the user sees whatever the file's line endings.
fn line_at(before: &[u8]) -> u32 {
    let lf = memchr::memchr_iter(b'\n', before).count();
    let lone_cr = memchr::memchr_iter(b'\r', before)
        .filter(|&i| before.get(i + 1) != Some(&b'\n'))
        .count();
    u32::try_from(1 + lf + lone_cr).unwrap_or(u32::MAX)
}

fn finish(text: String, encoding: Detected, warnings: Vec<(u32, String)>) -> Decoded {
    Decoded {
        text: normalize_newlines(text),
        encoding,
        warnings,
    }
}

/// CRLF → LF and lone CR → LF; returns the input untouched when it has no CR.
pub fn normalize_newlines(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "9:05 2014-3-2\n内核, 调度\n1, 读代码\n";

    #[test]
    fn utf8_plain_and_with_bom() {
        let d = decode(SAMPLE.as_bytes());
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, Detected::Utf8));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bom);
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, Detected::Utf8Bom));
    }

    #[test]
    fn utf16_both_orders() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in SAMPLE.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).text, SAMPLE);
        assert_eq!(decode(&le).encoding, Detected::Utf16Le);
        assert_eq!(decode(&be).text, SAMPLE);
        assert_eq!(decode(&be).encoding, Detected::Utf16Be);
    }

    #[test]
    fn gb18030_without_bom() {
        let text = "10:00 2012-1-17\n时间管理, 计划\n1, 今天的工作安排和总结\n";
        let (bytes, _, _) = GB18030.encode(text);
        let d = decode(&bytes);
        assert_eq!(d.encoding, Detected::Gb18030);
        assert_eq!(d.text, text);
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn invalid_bytes_decode_lossily_with_a_warning_naming_the_line() {
        let bytes = b"10:00 2012-1-17\nok\nbad \xff\xfe\xfd here\n";
        let d = decode(bytes);
        assert_eq!(d.encoding, Detected::Utf8Lossy);
        assert!(d.text.contains("bad "));
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].0, 3);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        // A binary header that happens to end in NULs is no zero-filled tail.
        for bytes in [&b"\x7fELF\x02\x01\x01\x00\x00"[..], b"\x00\x00\x00"] {
            assert_eq!(decode(bytes).encoding, Detected::Binary, "{bytes:?}");
        }
        let d = decode(b"\x7fELF\x00\x00\x01\x02junk");
        assert_eq!(d.encoding, Detected::Binary);
        assert!(d.text.is_empty());
        assert!(d.warnings[0].1.contains("binary"));
    }

    /// A text-looking head longer than any window, then binary: still binary,
    /// and the warning names the line where the NULs start.
    #[test]
    fn nul_bytes_far_into_the_file_mean_binary() {
        let mut bytes = SAMPLE.repeat(8000).into_bytes();
        assert!(bytes.len() > 256 * 1024);
        let lines = SAMPLE.lines().count() * 8000;
        bytes.extend_from_slice(b"\x00\x01\x02\x03 packed \x00\x00 data");
        let d = decode(&bytes);
        assert_eq!(d.encoding, Detected::Binary);
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].0, u32::try_from(lines + 1).expect("fits"));
    }

    /// Only NULs after the text (a zero-filled tail): the text is kept whole,
    /// NULs included, with a warning on the line they start.
    #[test]
    fn a_zero_filled_tail_keeps_the_text_and_warns() {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        bytes.extend_from_slice(&[0; 4096]);
        let d = decode(&bytes);
        assert_eq!(d.encoding, Detected::Utf8);
        assert_eq!(d.text.len(), bytes.len(), "nothing dropped");
        assert!(d.text.starts_with(SAMPLE) && d.text.ends_with('\0'));
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].0, 4);
        assert!(
            d.warnings[0].1.contains("4096 NUL bytes"),
            "{:?}",
            d.warnings
        );
    }

    fn utf16_no_bom(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_without_bom_is_recognised_in_both_orders() {
        // Hanzi-heavy, CRLF, a character outside the BMP.
        let text = "9:05 2014-3-2\r\n内核调度, 读代码笔记\r\n1, 读调度器的代码 𠮷\r\n";
        let want = text.replace("\r\n", "\n");
        for (big, enc) in [(false, Detected::Utf16Le), (true, Detected::Utf16Be)] {
            let d = decode(&utf16_no_bom(text, big));
            assert_eq!((d.encoding, d.text.as_str()), (enc, want.as_str()));
            assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        }
        // Longer than the sample, cut inside a surrogate pair at 64 KiB.
        let mut long = "a".repeat(UTF16_SAMPLE / 2 - 1);
        long.push_str("𠮷\n");
        long.push_str(&SAMPLE.repeat(100));
        let d = decode(&utf16_no_bom(&long, false));
        assert_eq!(
            (d.encoding, d.text.as_str()),
            (Detected::Utf16Le, long.as_str())
        );
        // A truncated last code unit: the text before it, with a warning.
        let mut cut = utf16_no_bom(SAMPLE, true);
        cut.push(0x4E);
        let d = decode(&cut);
        assert_eq!(d.encoding, Detected::Utf16Be);
        assert!(d.text.starts_with(SAMPLE));
        assert_eq!(d.warnings.len(), 1);
    }

    /// The thresholds of the guess, each at its edge (mutation testing found
    /// them untested: the sample's size, the code-unit count, the tiny files).
    #[test]
    fn utf16_without_bom_thresholds() {
        // One code unit in 8 with a NUL high byte (the line end): under 1 in
        // 4, over 1 in 16.
        let mostly_hanzi = "内核调度读代码\n".repeat(300);
        let d = decode(&utf16_no_bom(&mostly_hanzi, false));
        assert_eq!(d.encoding, Detected::Utf16Le);
        // The first KiB all hanzi, the ASCII after it: the whole 64 KiB
        // sample decides, not its first 1,088 bytes.
        let mut late = "内核调度读代码笔记".repeat(70);
        late.push_str(&"9:05 2014-3-2\nascii notes\n".repeat(200));
        let d = decode(&utf16_no_bom(&late, false));
        assert_eq!(
            (d.encoding, d.text.as_str()),
            (Detected::Utf16Le, late.as_str())
        );
        // Exactly one code unit in 16 with a NUL high byte is enough.
        let edge = "内核调度读代码笔记内核调度读代\n".repeat(40);
        assert_eq!(edge.encode_utf16().count(), 16 * 40);
        assert_eq!(
            decode(&utf16_no_bom(&edge, false)).encoding,
            Detected::Utf16Le
        );
        // NUL low bytes (一 is U+4E00) up to a quarter of the NUL high
        // bytes are allowed, more are not.
        let quarter = "abc\n一内核调度读代码笔记内".repeat(40);
        assert_eq!(
            decode(&utf16_no_bom(&quarter, false)).encoding,
            Detected::Utf16Le
        );
        let half = "abc\n一一核调度读代码笔记内".repeat(40);
        assert_ne!(
            decode(&utf16_no_bom(&half, false)).encoding,
            Detected::Utf16Le
        );
        // Big endian, the sample cut inside a surrogate pair.
        let mut long = "a".repeat(UTF16_SAMPLE / 2 - 1);
        long.push_str("𠮷\n");
        long.push_str(&"内核调度\n".repeat(50));
        let d = decode(&utf16_no_bom(&long, true));
        assert_eq!(
            (d.encoding, d.text.as_str()),
            (Detected::Utf16Be, long.as_str())
        );
        // A surrogate pair across the middle of the sample and another cut
        // by its end: only the cut one's half is left out.
        let mut pairs = "a".repeat(UTF16_SAMPLE / 4 - 1);
        pairs.push('𠮷');
        pairs.push_str(&"a".repeat(UTF16_SAMPLE / 4 - 2));
        pairs.push_str("𠮷\n内核\n");
        for (big, enc) in [(false, Detected::Utf16Le), (true, Detected::Utf16Be)] {
            let d = decode(&utf16_no_bom(&pairs, big));
            assert_eq!((d.encoding, d.text.as_str()), (enc, pairs.as_str()));
        }
        // Two code units are enough; one is not text.
        assert_eq!(decode(b"a\0b\0").encoding, Detected::Utf16Le);
        assert_eq!(decode(b"a\0b\0").text, "ab");
        assert_eq!(decode(b"a\0").encoding, Detected::Utf8);
    }

    /// GB18030 bytes that are valid UTF-8 by accident (`源` is D4 B4, UTF-8's
    /// Armenian `Դ`) are read as GB18030; real UTF-8 in those scripts stays.
    #[test]
    fn gb18030_valid_as_utf8_by_accident() {
        let text = "9:00 2013-1-4\n源, notes\n1, 源\n";
        let (bytes, _, _) = GB18030.encode(text);
        assert!(std::str::from_utf8(&bytes).is_ok());
        let d = decode(&bytes);
        assert_eq!((d.encoding, d.text.as_str()), (Detected::Gb18030, text));
        let latin = "9:00 2013-1-4\ncafé naïve\n";
        assert_eq!(decode(latin.as_bytes()).encoding, Detected::Utf8);
    }

    #[test]
    fn line_at_counts_crlf_once_and_lone_crs_and_lfs_each() {
        assert_eq!(line_at(b""), 1);
        assert_eq!(line_at(b"a\r\nb\rc\rd"), 4);
        assert_eq!(line_at(b"a\n\nb\r"), 4);
        assert_eq!(line_at(b"\r\n\r\n"), 3);
    }

    #[test]
    fn utf16_without_bom_allows_one_control_character_in_a_hundred() {
        let edge = format!("{}\u{1}", "a".repeat(99)).repeat(10);
        assert_eq!(
            decode(&utf16_no_bom(&edge, false)).encoding,
            Detected::Utf16Le
        );
        let over = format!("{}\u{1}", "a".repeat(98)).repeat(10);
        assert_ne!(
            decode(&utf16_no_bom(&over, false)).encoding,
            Detected::Utf16Le
        );
    }

    #[test]
    fn encodings_display_as_their_names() {
        for d in [
            Detected::Utf8,
            Detected::Utf8Bom,
            Detected::Utf16Le,
            Detected::Utf16Be,
            Detected::Gb18030,
            Detected::Utf8Lossy,
            Detected::Binary,
        ] {
            assert_eq!(d.to_string(), d.name());
        }
        assert_eq!(Detected::Gb18030.to_string(), "GB18030");
    }

    /// NULs at one parity that do not decode to text (small integers, a
    /// UTF-32 file, random bytes) stay binary.
    #[test]
    fn binary_with_regular_nuls_is_not_taken_for_utf16() {
        let ints: Vec<u8> = (0u16..4000).flat_map(|i| (i % 200).to_le_bytes()).collect();
        assert_eq!(decode(&ints).encoding, Detected::Binary);
        let utf32: Vec<u8> = SAMPLE
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect();
        assert_eq!(decode(&utf32).encoding, Detected::Binary);
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let random: Vec<u8> = (0..70_000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect();
        assert_eq!(decode(&random).encoding, Detected::Binary);
    }

    #[test]
    fn line_endings_normalise() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n\r\n".into()), "a\nb\nc\n\n");
        assert_eq!(normalize_newlines("\r".into()), "\n");
    }
}
