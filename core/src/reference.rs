//! References to provisions: `haidong:23:2`, `haidong:6:1:7`, and Chinese forms such as
//! 大连条例第二十四条第三款 or 第六条第（七）项.

use crate::error::{Error, Result};
use crate::numeral;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A provision: a whole article, one paragraph (款) of it, or one item (项) of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ref {
    /// The regulation key, e.g. `haidong`.
    pub reg: String,
    /// The article number, from 1.
    pub article: u32,
    /// The paragraph (款) number within the article, from 1; `None` for the whole article.
    pub paragraph: Option<u32>,
    /// The item (项) number within the paragraph, from 1; `None` for the whole paragraph or article.
    pub item: Option<u32>,
}

impl Ref {
    /// A reference to a whole article, e.g. `Ref::article("dalian", 24)` is `dalian:24`.
    pub fn article(reg: &str, article: u32) -> Ref {
        Ref {
            reg: reg.to_string(),
            article,
            paragraph: None,
            item: None,
        }
    }

    /// True when `self` is `other` or lies inside it (`haidong:6:1:7` is within `haidong:6`).
    pub fn is_within(&self, other: &Ref) -> bool {
        self.reg == other.reg
            && self.article == other.article
            && (other.paragraph.is_none() || self.paragraph == other.paragraph)
            && (other.item.is_none() || self.item == other.item)
    }

    /// The Chinese form without the regulation name: 第二十三条第二款, 第六条第一款第（七）项.
    pub fn to_zh(&self) -> String {
        let n = |v: u32| numeral::format(v).unwrap_or_else(|| v.to_string());
        let mut s = format!("第{}条", n(self.article));
        if let Some(p) = self.paragraph {
            s += &format!("第{}款", n(p));
        }
        if let Some(i) = self.item {
            s += &format!("第（{}）项", n(i));
        }
        s
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.reg, self.article)?;
        if let Some(p) = self.paragraph {
            write!(f, ":{p}")?;
        }
        if let Some(i) = self.item {
            write!(f, ":{i}")?;
        }
        Ok(())
    }
}

impl FromStr for Ref {
    type Err = Error;

    /// Parses the citation form `reg:article[:paragraph[:item]]`. The regulation key is not checked
    /// against the corpus here (see `Corpus::resolve`).
    fn from_str(s: &str) -> Result<Ref> {
        let bad = || Error::unparsable_reference(s);
        let mut parts = s.split(':');
        let reg = parts.next().filter(|r| is_key(r)).ok_or_else(bad)?;
        let mut nums = Vec::new();
        for p in parts {
            if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let v: u32 = p.parse().map_err(|_| bad())?;
            if v == 0 {
                return Err(bad());
            }
            nums.push(v);
        }
        match nums.as_slice() {
            [a] => Ok(Ref {
                reg: reg.into(),
                article: *a,
                paragraph: None,
                item: None,
            }),
            [a, p] => Ok(Ref {
                reg: reg.into(),
                article: *a,
                paragraph: Some(*p),
                item: None,
            }),
            [a, p, i] => Ok(Ref {
                reg: reg.into(),
                article: *a,
                paragraph: Some(*p),
                item: Some(*i),
            }),
            _ => Err(bad()),
        }
    }
}

fn is_key(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Serialize for Ref {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ref {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Ref, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A Chinese reference as written, before its regulation name is resolved against the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZhRef {
    /// The regulation name in front of the reference (大连条例, 《海东市基层社会治理促进条例》), if any.
    pub reg_name: Option<String>,
    /// The article number (第二十四条 is 24).
    pub article: u32,
    /// The paragraph number (第三款 is 3), if given.
    pub paragraph: Option<u32>,
    /// The item number (第（七）项 is 7), if given; it may come without a paragraph.
    pub item: Option<u32>,
}

/// Parses 大连条例第二十四条第三款, 第六条第（七）项, 第6条第1款, 《…条例》第五条.
pub fn parse_zh(input: &str) -> Result<ZhRef> {
    let bad = || Error::unparsable_reference(input);
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.replace('(', "（").replace(')', "）");
    // traditional characters (第二十三條第二款, 第六條第（七）項, 《…條例》) read as the simplified ones
    let s: String = s
        .chars()
        .map(|c| match c {
            '條' => '条',
            '項' => '项',
            '東' => '东',
            '連' => '连',
            '無' => '无',
            '錫' => '锡',
            '陽' => '阳',
            '區' => '区',
            '縣' => '县',
            '務' => '务',
            '會' => '会',
            '層' => '层',
            '進' => '进',
            '鄉' => '乡',
            other => other,
        })
        .collect();
    let start = first_article_marker(&s).ok_or_else(bad)?;
    let (name, mut rest) = s.split_at(start);
    let name = name.trim_matches(|c| c == '《' || c == '》' || c == '的');
    let reg_name = if name.is_empty() {
        None
    } else {
        Some(name.to_string())
    };

    let mut take = |unit: char, bracketed: bool| -> Result<Option<u32>> {
        let Some(r) = rest.strip_prefix('第') else {
            return Ok(None);
        };
        let (inner, after) = if bracketed && r.starts_with('（') {
            let close = r.find('）').ok_or_else(bad)?;
            (&r['（'.len_utf8()..close], &r[close + '）'.len_utf8()..])
        } else {
            let Some(end) = r.find(unit) else {
                return Ok(None);
            };
            (&r[..end], &r[end..])
        };
        let Some(after) = after.strip_prefix(unit) else {
            return Ok(None);
        };
        let v = number(inner).ok_or_else(bad)?;
        rest = after;
        Ok(Some(v))
    };
    let article = take('条', false)?.ok_or_else(bad)?;
    let paragraph = take('款', false)?;
    let item = take('项', true)?;
    if !rest.is_empty() {
        return Err(bad());
    }
    Ok(ZhRef {
        reg_name,
        article,
        paragraph,
        item,
    })
}

/// The byte offset of the 第 that opens `第…条`.
fn first_article_marker(s: &str) -> Option<usize> {
    s.match_indices('第').map(|(i, _)| i).find(|&i| {
        let tail = &s[i + '第'.len_utf8()..];
        let Some(end) = tail.find('条') else {
            return false;
        };
        number(&tail[..end]).is_some()
    })
}

/// Parses an English-style reference: `Art. 24 para. 3`, `Article 6 paragraph 1 item 7`,
/// `dalian Art. 24(3)`. The regulation key, if any, comes first.
pub fn parse_en(input: &str) -> Option<ZhRef> {
    static EN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)^\s*(?:([a-z][a-z-]*)\s+)?art(?:icle)?\.?\s*(\d{1,3})(?:\s*\((\d{1,3})\)|\s*,?\s*(?:para(?:graph)?|§)\.?\s*(\d{1,3}))?(?:\s*,?\s*item\s*\(?(\d{1,3})\)?)?\s*$",
        )
        .unwrap()
    });
    let m = EN.captures(input)?;
    let n = |i: usize| {
        m.get(i)
            .and_then(|x| x.as_str().parse::<u32>().ok())
            .filter(|&v| v > 0)
    };
    let reg_name = m.get(1).map(|x| x.as_str().to_lowercase());
    Some(ZhRef {
        reg_name,
        article: n(2)?,
        paragraph: n(3).or(n(4)),
        item: n(5),
    })
}

fn number(s: &str) -> Option<u32> {
    if !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().filter(|&v| v > 0);
    }
    numeral::parse(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_prints_citations() {
        for s in [
            "haidong:23:2",
            "haidong:6:1:7",
            "dalian:45",
            "wuxi-draft:56:1",
        ] {
            assert_eq!(s.parse::<Ref>().unwrap().to_string(), s);
        }
        for s in [
            "",
            "haidong",
            "haidong:",
            "haidong:0",
            "Haidong:1",
            "haidong:1:2:3:4",
            "haidong:x",
            ":5",
        ] {
            assert_eq!(
                s.parse::<Ref>().unwrap_err().code(),
                "invalid-reference",
                "{s}"
            );
        }
    }

    #[test]
    fn parses_chinese_references() {
        let t = parse_zh("大連條例第二十四條第三款").unwrap();
        assert_eq!((t.article, t.paragraph), (24, Some(3)));
        assert_eq!(t.reg_name.as_deref(), Some("大连条例"));
        let t = parse_zh("第六條第（七）項").unwrap();
        assert_eq!((t.article, t.item), (6, Some(7)));
        let r = parse_zh("大连条例第二十四条第三款").unwrap();
        assert_eq!(
            r,
            ZhRef {
                reg_name: Some("大连条例".into()),
                article: 24,
                paragraph: Some(3),
                item: None
            }
        );
        let r = parse_zh("第六条第（七）项").unwrap();
        assert_eq!(
            r,
            ZhRef {
                reg_name: None,
                article: 6,
                paragraph: None,
                item: Some(7)
            }
        );
        let r = parse_zh("第九百九十九条").unwrap();
        assert_eq!(r.article, 999);
        let r = parse_zh("《海东市基层社会治理促进条例》第五十二条第二款").unwrap();
        assert_eq!(r.reg_name.as_deref(), Some("海东市基层社会治理促进条例"));
        assert_eq!((r.article, r.paragraph), (52, Some(2)));
        let r = parse_zh("海东条例第六条第一款第(七)项").unwrap();
        assert_eq!((r.article, r.paragraph, r.item), (6, Some(1), Some(7)));
        let en = |s: &str| parse_en(s).map(|z| (z.reg_name, z.article, z.paragraph, z.item));
        assert_eq!(en("Art. 24 para. 3"), Some((None, 24, Some(3), None)));
        assert_eq!(
            en("dalian Article 6 paragraph 1 item 7"),
            Some((Some("dalian".into()), 6, Some(1), Some(7)))
        );
        assert_eq!(en("Art. 24(3)"), Some((None, 24, Some(3), None)));
        assert_eq!(parse_en("Art. 0"), None);
        for s in ["", "第条", "第十十条", "海东条例", "第五条第", "第五条abc"] {
            assert!(parse_zh(s).is_err(), "{s}");
        }
    }

    #[test]
    fn chinese_form_round_trips() {
        let r: Ref = "haidong:6:1:7".parse().unwrap();
        assert_eq!(r.to_zh(), "第六条第一款第（七）项");
        let z = parse_zh(&r.to_zh()).unwrap();
        assert_eq!((z.article, z.paragraph, z.item), (6, Some(1), Some(7)));
    }

    proptest! {
        #[test]
        fn citation_print_parse_identity(a in 1u32..999, p in proptest::option::of(1u32..20), i in 1u32..20, key in "[a-z]{1,8}(-[a-z]{1,5})?") {
            let item = p.map(|_| i);
            let r = Ref { reg: key, article: a, paragraph: p, item };
            prop_assert_eq!(r.to_string().parse::<Ref>().unwrap(), r.clone());
            let z = parse_zh(&r.to_zh()).unwrap();
            prop_assert_eq!((z.article, z.paragraph, z.item), (r.article, r.paragraph, r.item));
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,30}") {
            let _ = s.parse::<Ref>();
            let _ = parse_zh(&s);
        }
    }
}
