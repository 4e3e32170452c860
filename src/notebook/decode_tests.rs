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
