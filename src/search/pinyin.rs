//! Pinyin spellings of Chinese text, so a Latin query finds hanzi: `shijian`
//! (full pinyin) and `sjgl` (initials) both find 时间管理, and so do `shij`
//! and `sjguanl`. Heteronyms (多音字) contribute every reading.
//!
//! A fuzzy word matches by syllables, as pinyin input methods do: each hanzi
//! it uses gives the start of one of its readings (any hanzi may be skipped),
//! so `xen` finds 先恩 but not 小说三 (x from xiao, e from yue, n from san).
//! Spellings write readings in capitals, `.` between two (`SHI.JIAN`), and the
//! title's other characters in lower case, so the syllables can be told apart
//! in the spelling alone ([`syllables_match`]).

use super::chars::caseless;
use pinyin::ToPinyinMulti;

/// The pinyin haystack of `text` and, for each of its chars, the byte offset in
/// `text` it came from. `None` when the text holds no hanzi (nothing to add).
pub fn haystack(text: &str) -> Option<(String, Vec<usize>)> {
    let mut from = Vec::with_capacity(text.len() * 2);
    let hay = spell(text, |b| from.push(b))?;
    Some((hay, from))
}

/// [`haystack`] without the offsets: what the matcher is fed.
pub fn spelling(text: &str) -> Option<String> {
    spell(text, |_| ())
}

/// The pinyin haystack of `text`, telling `from` the byte offset each of its
/// chars came from; `None` when the text holds no hanzi.
fn spell(text: &str, mut from: impl FnMut(usize)) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let mut hay = String::with_capacity(text.len() * 2);
    let mut any = false;
    // A hanzi's readings, each once (one list for the whole text).
    let mut seen: Vec<&str> = Vec::new();
    for (b, c) in text.char_indices() {
        match c.to_pinyin_multi() {
            Some(multi) => {
                any = true;
                seen.clear();
                for p in multi {
                    let s = p.plain();
                    if !seen.contains(&s) {
                        seen.push(s);
                        if hay.ends_with(|c: char| c.is_ascii_uppercase()) {
                            hay.push('.');
                            from(b);
                        }
                        for pc in s.chars() {
                            hay.push(pc.to_ascii_uppercase());
                            from(b);
                        }
                    }
                }
            }
            None => {
                for lc in c.to_lowercase() {
                    hay.push(plain(lc));
                    from(b);
                }
            }
        }
    }
    any.then_some(hay)
}

/// CJK punctuation and Unicode spaces as the ASCII character of the same
/// class for the matcher ('.' and ' '): a pinyin query (ASCII letters and
/// digits) never matches either, and a haystack left pure ASCII takes nucleo's
/// byte path instead of its much slower `char` one.
fn plain(c: char) -> char {
    if c.is_ascii() {
        c
    } else if c.is_whitespace() {
        ' '
    } else if caseless(c) && !c.is_alphanumeric() {
        '.'
    } else {
        c
    }
}

/// Whether the (lower-case ASCII) fuzzy word `needle` can be read in the
/// spelling `hay` syllable by syllable: each reading it uses gives a start of
/// itself (`SHI` gives `s`, `sh` or `shi`), in order, and each of the title's
/// other letters and digits (lower case in `hay`) gives itself. A needle that
/// is not ASCII, or over 127 bytes, is not restricted.
pub fn syllables_match(needle: &str, hay: &str) -> bool {
    let q = needle.as_bytes();
    let n = q.len();
    if !needle.is_ascii() || n > 127 {
        return true;
    }
    let done = 1u128 << n;
    // Bit i: the first i bytes of the needle are read so far.
    let mut reach = 1u128;
    let h = hay.as_bytes();
    let mut j = 0;
    while j < h.len() && reach & done == 0 {
        let b = h[j];
        if b.is_ascii_uppercase() {
            let end = h[j..]
                .iter()
                .position(|c| !c.is_ascii_uppercase())
                .map_or(h.len(), |k| j + k);
            let reading = &h[j..end];
            let mut next = reach;
            for i in (0..n).filter(|i| reach >> i & 1 == 1) {
                for (l, &r) in reading.iter().enumerate() {
                    if i + l >= n || !q[i + l].eq_ignore_ascii_case(&r) {
                        break;
                    }
                    next |= 1 << (i + l + 1);
                }
            }
            reach = next;
            j = end;
        } else {
            if b.is_ascii_alphanumeric() {
                let mut next = reach;
                for i in (0..n).filter(|i| reach >> i & 1 == 1) {
                    if q[i].to_ascii_lowercase() == b {
                        next |= 1 << (i + 1);
                    }
                }
                reach = next;
            }
            j += 1;
        }
    }
    reach & done != 0
}

/// Whether a query could be pinyin: Latin letters (and fzf's syntax around them).
pub fn applies(query: &str) -> bool {
    query.chars().any(|c| c.is_ascii_alphabetic())
        && query
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c.is_ascii_whitespace() || "'^$!|".contains(c))
}

#[cfg(test)]
mod tests {
    use super::super::chars::matcher;
    use super::super::query::{match_bytes, pattern};
    use super::*;

    /// What the filter asks of a title's spelling: nucleo's match, and every
    /// word read by syllables.
    fn finds(query: &str, text: &str) -> bool {
        let (hay, _) = haystack(text).expect("hanzi");
        !match_bytes(&pattern(query), &hay, &mut matcher()).is_empty()
            && query.split(' ').all(|w| syllables_match(w, &hay))
    }

    #[test]
    fn full_pinyin_and_initials_find_hanzi() {
        assert!(finds("shijian", "时间管理, 计划"));
        assert!(finds("sjgl", "时间管理, 计划"));
        assert!(finds("guanli", "时间管理"));
        assert!(!finds("xyz", "时间管理"));
    }

    #[test]
    fn mixed_latin_and_hanzi_text() {
        assert!(finds("xen qianyi", "xen 迁移"));
        assert!(finds("gtd jihua", "GTD, 计划"));
    }

    #[test]
    fn words_match_by_syllables_not_by_scattered_letters() {
        // Initials, whole syllables and their starts, any hanzi skipped.
        for q in ["sjgl", "shijian", "shij", "sjguanl", "sgl", "guanli", "gl"] {
            assert!(finds(q, "时间管理"), "{q}");
        }
        // Letters from inside a syllable, or from two readings of one
        // hanzi (说: shuo, shui, yue), are not pinyin for it.
        assert!(!finds("xen", "读书, 小说, 三体"));
        assert!(!finds("hjan", "时间管理"));
        assert!(!finds("sia", "时间"));
        assert!(finds("xen", "先恩"));
        assert!(finds("xys", "小说, 三体"));
        // The title's own letters and digits count one by one.
        assert!(finds("xenqy", "xen 迁移"));
        assert!(finds("v2qy", "v2 迁移"));
        assert!(!finds("qianyix", "迁移"));
    }

    #[test]
    fn syllables_match_reads_readings_from_their_starts() {
        assert!(syllables_match("shij", "SHI.JIAN"));
        assert!(syllables_match("sj", "SHI.JIAN"));
        assert!(!syllables_match("hi", "SHI.JIAN"));
        assert!(!syllables_match("ij", "SHI.JIAN"));
        // Each reading of a heteronym is a start: 说 SHUO.SHUI.YUE.
        assert!(syllables_match("shui", "SHUO.SHUI.YUE"));
        assert!(syllables_match("yue", "SHUO.SHUI.YUE"));
        assert!(!syllables_match("shuoe", "SHUO.SHUI.YUE"));
        // Lower case is the title's own text.
        assert!(syllables_match("ab", "xaybSHI"));
        assert!(syllables_match("abs", "xaybSHI"));
        assert!(!syllables_match("ah", "aSHI"));
        // A letter of the title reads the needle's next letter only.
        assert!(!syllables_match("ab", "ba"));
        assert!(!syllables_match("ab", "bSHI"));
        assert!(syllables_match("", "SHI"));
        // Not restricted: non-ASCII needles, very long ones.
        assert!(syllables_match("é", "SHI"));
        assert!(syllables_match(&"a".repeat(128), "SHI"));
        assert!(!syllables_match(&"a".repeat(127), "SHI"));
    }

    #[test]
    fn heteronyms_match_by_any_reading() {
        // 行 reads xing and hang; 重 reads zhong and chong.
        assert!(finds("yinhang", "银行"));
        assert!(finds("xingdong", "行动"));
        assert!(finds("chongxin", "重新"));
    }

    #[test]
    fn offsets_point_back_at_the_hanzi() {
        let (hay, from) = haystack("a时间").unwrap();
        assert_eq!(hay, "aSHI.JIAN");
        assert_eq!(from[0], 0);
        assert_eq!(from[1], 1);
        assert_eq!(from[4], 4);
        assert!(haystack("plain ascii").is_none());
    }

    #[test]
    fn cjk_punctuation_becomes_ascii_of_its_class() {
        let (hay, from) = haystack("时，间\u{3000}ｘ").unwrap();
        assert_eq!(hay, "SHI.JIAN ｘ");
        assert_eq!(hay.chars().count(), from.len());
        assert!(finds("diaodu neicun", "调度，内存"));
        // Letters and digits without case (kana, Arabic-Indic) stay themselves.
        assert_eq!(spelling("时カ٣").unwrap(), "SHIカ٣");
    }

    #[test]
    fn which_queries_are_pinyin() {
        assert!(applies("sjgl"));
        assert!(applies("^shi !xen"));
        assert!(!applies("时间"));
        assert!(!applies("123"));
    }
}
