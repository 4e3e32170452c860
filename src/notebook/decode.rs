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
#[path = "decode_tests.rs"]
mod tests;
