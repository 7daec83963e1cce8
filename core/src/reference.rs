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
///
/// It reads exactly what the pattern
/// `(?i)^\s*(?:([a-z][a-z-]*)\s+)?art(?:icle)?\.?\s*(\d{1,3})(?:\s*\((\d{1,3})\)|\s*,?\s*(?:para(?:graph)?|§)\.?\s*(\d{1,3}))?(?:\s*,?\s*item\s*\(?(\d{1,3})\)?)?\s*$`
/// of the `regex` crate (Unicode `\s`, `\d` and case folding) reads, by hand: the WebAssembly
/// package is a third smaller without a regex engine (docs/performance.md). The tests compare the
/// two on every character and on generated references.
pub fn parse_en(input: &str) -> Option<ZhRef> {
    let start = En(input).ws(0);
    // the regulation key is taken when the rest reads after it (the pattern's first choice)
    let (reg_name, m) = En(input)
        .key(start)
        .and_then(|(word, at)| Some((Some(word), En(input).rest(at)?)))
        .or_else(|| Some((None, En(input).rest(start)?)))?;
    let n = |s: Option<&str>| s.and_then(|x| x.parse::<u32>().ok()).filter(|&v| v > 0);
    Some(ZhRef {
        reg_name: reg_name.map(str::to_lowercase),
        article: n(m[0])?,
        paragraph: n(m[1]).or(n(m[2])),
        item: n(m[3]),
    })
}

/// A decimal digit as the `regex` crate's Unicode `\d` reads it (general category Nd).
fn is_nd(c: char) -> bool {
    const ND: &[(u32, u32)] = &[
        (0x30, 0x39),
        (0x660, 0x669),
        (0x6F0, 0x6F9),
        (0x7C0, 0x7C9),
        (0x966, 0x96F),
        (0x9E6, 0x9EF),
        (0xA66, 0xA6F),
        (0xAE6, 0xAEF),
        (0xB66, 0xB6F),
        (0xBE6, 0xBEF),
        (0xC66, 0xC6F),
        (0xCE6, 0xCEF),
        (0xD66, 0xD6F),
        (0xDE6, 0xDEF),
        (0xE50, 0xE59),
        (0xED0, 0xED9),
        (0xF20, 0xF29),
        (0x1040, 0x1049),
        (0x1090, 0x1099),
        (0x17E0, 0x17E9),
        (0x1810, 0x1819),
        (0x1946, 0x194F),
        (0x19D0, 0x19D9),
        (0x1A80, 0x1A89),
        (0x1A90, 0x1A99),
        (0x1B50, 0x1B59),
        (0x1BB0, 0x1BB9),
        (0x1C40, 0x1C49),
        (0x1C50, 0x1C59),
        (0xA620, 0xA629),
        (0xA8D0, 0xA8D9),
        (0xA900, 0xA909),
        (0xA9D0, 0xA9D9),
        (0xA9F0, 0xA9F9),
        (0xAA50, 0xAA59),
        (0xABF0, 0xABF9),
        (0xFF10, 0xFF19),
        (0x104A0, 0x104A9),
        (0x10D30, 0x10D39),
        (0x10D40, 0x10D49),
        (0x11066, 0x1106F),
        (0x110F0, 0x110F9),
        (0x11136, 0x1113F),
        (0x111D0, 0x111D9),
        (0x112F0, 0x112F9),
        (0x11450, 0x11459),
        (0x114D0, 0x114D9),
        (0x11650, 0x11659),
        (0x116C0, 0x116C9),
        (0x116D0, 0x116E3),
        (0x11730, 0x11739),
        (0x118E0, 0x118E9),
        (0x11950, 0x11959),
        (0x11BF0, 0x11BF9),
        (0x11C50, 0x11C59),
        (0x11D50, 0x11D59),
        (0x11DA0, 0x11DA9),
        (0x11F50, 0x11F59),
        (0x16130, 0x16139),
        (0x16A60, 0x16A69),
        (0x16AC0, 0x16AC9),
        (0x16B50, 0x16B59),
        (0x16D70, 0x16D79),
        (0x1CCF0, 0x1CCF9),
        (0x1D7CE, 0x1D7FF),
        (0x1E140, 0x1E149),
        (0x1E2F0, 0x1E2F9),
        (0x1E4F0, 0x1E4F9),
        (0x1E5F1, 0x1E5FA),
        (0x1E950, 0x1E959),
        (0x1FBF0, 0x1FBF9),
    ];
    let c = c as u32;
    ND.iter().any(|&(a, b)| (a..=b).contains(&c))
}

/// A letter of `[a-z]` under Unicode case folding: ASCII letters, ſ (folds to s) and the Kelvin
/// sign (folds to k).
fn is_key_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '\u{17F}' || c == '\u{212A}'
}

/// The reader of [`parse_en`]: positions are byte offsets into the input.
#[derive(Clone, Copy)]
struct En<'a>(&'a str);

impl<'a> En<'a> {
    fn at(self, i: usize) -> Option<char> {
        self.0[i..].chars().next()
    }
    /// After any whitespace (`\s*`).
    fn ws(self, mut i: usize) -> usize {
        while let Some(c) = self.at(i).filter(|c| c.is_whitespace()) {
            i += c.len_utf8();
        }
        i
    }
    /// After the character `c`, if it is next.
    fn char(self, i: usize, c: char) -> Option<usize> {
        (self.at(i) == Some(c)).then(|| i + c.len_utf8())
    }
    /// After an optional `c` (`c?`).
    fn opt(self, i: usize, c: char) -> usize {
        self.char(i, c).unwrap_or(i)
    }
    /// After the ASCII word `w` in any letter case (none of the pattern's words has a letter
    /// that folds to a non-ASCII one).
    fn word(self, i: usize, w: &str) -> Option<usize> {
        let s = self.0.get(i..i + w.len())?;
        s.eq_ignore_ascii_case(w).then_some(i + w.len())
    }
    /// `(\d{1,3})`: the digits and the position after them.
    fn digits(self, i: usize) -> Option<(&'a str, usize)> {
        let mut j = i;
        for _ in 0..3 {
            match self.at(j).filter(|&c| is_nd(c)) {
                Some(c) => j += c.len_utf8(),
                None => break,
            }
        }
        (j > i).then(|| (&self.0[i..j], j))
    }
    /// `([a-z][a-z-]*)\s+`: the key and the position after the whitespace.
    fn key(self, i: usize) -> Option<(&'a str, usize)> {
        let first = self.at(i).filter(|&c| is_key_letter(c))?;
        let mut j = i + first.len_utf8();
        while let Some(c) = self.at(j).filter(|&c| is_key_letter(c) || c == '-') {
            j += c.len_utf8();
        }
        let after = self.ws(j);
        (after > j).then(|| (&self.0[i..j], after))
    }
    /// From `art` to the end of the input: the article, paragraph (either form) and item digits.
    /// Each optional part is taken whenever it reads, which is the pattern's choice: what follows
    /// a part never starts the way the part does, so no other reading could succeed.
    fn rest(self, i: usize) -> Option<[Option<&'a str>; 4]> {
        let mut i = self.word(i, "art")?;
        i = self.word(i, "icle").unwrap_or(i);
        i = self.ws(self.opt(i, '.'));
        let (article, mut i) = self.digits(i)?;
        let (mut round, mut para) = (None, None);
        let paren = || {
            let j = self.char(self.ws(i), '(')?;
            let (d, j) = self.digits(j)?;
            Some((d, self.char(j, ')')?))
        };
        let named = || {
            let j = self.ws(self.opt(self.ws(i), ','));
            let j = self
                .word(j, "paragraph")
                .or_else(|| self.word(j, "para"))
                .or_else(|| self.char(j, '§'))?;
            self.digits(self.ws(self.opt(j, '.')))
        };
        if let Some((d, j)) = paren() {
            (round, i) = (Some(d), j);
        } else if let Some((d, j)) = named() {
            (para, i) = (Some(d), j);
        }
        let mut item = None;
        let it = || {
            let j = self.ws(self.opt(self.ws(i), ','));
            let j = self.ws(self.word(j, "item")?);
            let (d, j) = self.digits(self.opt(j, '('))?;
            Some((d, self.opt(j, ')')))
        };
        if let Some((d, j)) = it() {
            (item, i) = (Some(d), j);
        }
        (self.ws(i) == self.0.len()).then_some([Some(article), round, para, item])
    }
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

    /// The pattern parse_en reads by hand, with the `regex` crate, as parse_en read it before.
    fn parse_en_regex(input: &str) -> Option<ZhRef> {
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
        Some(ZhRef {
            reg_name: m.get(1).map(|x| x.as_str().to_lowercase()),
            article: n(2)?,
            paragraph: n(3).or(n(4)),
            item: n(5),
        })
    }

    #[test]
    fn the_hand_reader_sees_every_character_as_the_regex_does() {
        let (d, s, k) = (
            regex::Regex::new(r"^\d$").unwrap(),
            regex::Regex::new(r"^\s$").unwrap(),
            regex::Regex::new(r"(?i)^[a-z]$").unwrap(),
        );
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let t = c.to_string();
            assert_eq!(is_nd(c), d.is_match(&t), "\\d {c:?}");
            assert_eq!(c.is_whitespace(), s.is_match(&t), "\\s {c:?}");
            assert_eq!(is_key_letter(c), k.is_match(&t), "[a-z] {c:?}");
            // each character of a class the pattern names, and a sample of the others, in every
            // place of a reference
            let named = is_nd(c) || c.is_whitespace() || is_key_letter(c) || c.is_ascii();
            if !named && !(c as u32).is_multiple_of(97) {
                continue;
            }
            for r in [
                format!("{c}Art. 2"),
                format!("x{c}Art. 2"),
                format!("Art{c}2"),
                format!("Art. 2{c}"),
                format!("Art. 2 para{c}3"),
                format!("Art. 2{c}3"),
                format!("Art. 2(3{c}"),
                format!("Art. 2 item{c}4"),
                format!("ar{c} 2"),
            ] {
                assert_eq!(parse_en(&r), parse_en_regex(&r), "{r:?}");
            }
        }
    }

    #[test]
    fn the_hand_reader_agrees_with_the_regex_on_written_references() {
        for r in [
            "Art. 24 para. 3",
            "Article 6 paragraph 1 item 7",
            "dalian Art. 24(3)",
            "art 5",
            "ART.5",
            "Art 1234",
            "Art. 12 (3) item (4)",
            "Art. 12(3), item 4)",
            "Art. 12 , § 2",
            "wuxi-draft article 56 para 1",
            "art art 5",
            "  Art. 24 para.3  ",
            "Art. 24 para",
            "Art. 24 paragraph3",
            "Art. 24 paragraph",
            "Art. 24 para graph 3",
            "Art 0",
            "Art 00",
            "Art 2 para 0",
            "Art ２３",
            "Art 2 para ３",
            "Art 2 item ٣",
            "Art 2 item (3",
            "Art. 2 (3",
            "\u{212A}ey Art 2",
            "\u{17F}x Art 2",
            "Articles 5",
            "Artic 5",
            "-x Art 2",
            "x- Art 2",
            "Art. 5 para 2 item 3 item 4",
            "Art 5 item 3 para 2",
            "Art 5,, para 2",
            "Art 5 ,para2",
            "Art. 5 §3",
            "Art. 5 § 3.",
            "Art. 5 §. 3",
            "a\u{85}Art 5",
            "Art.\u{3000}5",
            "",
        ] {
            assert_eq!(parse_en(r), parse_en_regex(r), "{r:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn the_hand_reader_agrees_with_the_regex(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "art", "Art", "ARTICLE", "icle", ".", " ", "  ", ",", "(", ")", "1", "23", "456",
                "7890", "0", "para", "Paragraph", "graph", "§", "item", "ITEM", "dalian", "x-y",
                "\u{212A}", "\u{17F}", "\u{3000}", "３", "-", "z", "\t", "条",
            ]), 0..12)
        ) {
            let r: String = parts.concat();
            prop_assert_eq!(parse_en(&r), parse_en_regex(&r), "{:?}", r);
        }
    }
}
