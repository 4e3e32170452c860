//! UTF-8 text → the other encodings a notebook may come in, for round-trip
//! tests (the decoded notebook must equal the UTF-8 one).

/// `text` in UTF-16, little or big endian, with its BOM.
pub fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    out.extend(utf16_without_bom(text, big_endian));
    out
}

/// `text` in UTF-16 without a BOM, as some Windows tools write it.
pub fn utf16_without_bom(text: &str, big_endian: bool) -> Vec<u8> {
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

/// `text` in GB18030 (no BOM: Notepad on a Chinese Windows).
pub fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable, "GB18030 can encode all of Unicode");
    bytes.into_owned()
}

/// `text` in UTF-8 after a BOM.
pub fn with_bom(text: &str) -> Vec<u8> {
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend_from_slice(text.as_bytes());
    b
}

/// `text` with CRLF line ends.
pub fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}
