//! Pinyin spellings of Chinese text, so a Latin query finds hanzi: `shijian`
//! (full pinyin) and `sjgl` (initials, as a fuzzy subsequence) both find 时间管理.
//! Heteronyms (多音字) contribute every reading.

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
                        for pc in s.chars() {
                            hay.push(pc);
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

    fn finds(query: &str, text: &str) -> bool {
        let (hay, _) = haystack(text).expect("hanzi");
        !match_bytes(&pattern(query), &hay, &mut matcher()).is_empty()
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
    fn heteronyms_match_by_any_reading() {
        // 行 reads xing and hang; 重 reads zhong and chong.
        assert!(finds("yinhang", "银行"));
        assert!(finds("xingdong", "行动"));
        assert!(finds("chongxin", "重新"));
    }

    #[test]
    fn offsets_point_back_at_the_hanzi() {
        let (hay, from) = haystack("a时间").unwrap();
        assert_eq!(hay, "ashijian");
        assert_eq!(from[0], 0);
        assert_eq!(from[1], 1);
        assert_eq!(from[4], 4);
        assert!(haystack("plain ascii").is_none());
    }

    #[test]
    fn cjk_punctuation_becomes_ascii_of_its_class() {
        let (hay, from) = haystack("时，间\u{3000}ｘ").unwrap();
        assert_eq!(hay, "shi.jian ｘ");
        assert_eq!(hay.chars().count(), from.len());
        assert!(finds("diaodu neicun", "调度，内存"));
    }

    #[test]
    fn which_queries_are_pinyin() {
        assert!(applies("sjgl"));
        assert!(applies("^shi !xen"));
        assert!(!applies("时间"));
        assert!(!applies("123"));
    }
}
