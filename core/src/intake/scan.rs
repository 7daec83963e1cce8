//! Finding words in a question: positions, dates, regulation names and references.

use crate::corpus::Corpus;
use crate::numeral;
use regex::Regex;
use std::sync::LazyLock;

/// A piece of the question: byte range and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset where the words start.
    pub start: usize,
    /// Byte offset after them.
    pub end: usize,
}

impl Hit {
    pub fn new(start: usize, end: usize) -> Hit {
        Hit { start, end }
    }
    pub fn words<'s>(&self, s: &'s str) -> &'s str {
        &s[self.start..self.end]
    }
}

/// Every occurrence of a word, as byte offsets of its start.
pub fn all<'a>(s: &'a str, w: &'a str) -> impl Iterator<Item = usize> + 'a {
    s.match_indices(w).map(|(i, _)| i)
}

/// The earliest occurrence of any of the words (the longest at a tie).
pub fn first<'w>(s: &str, words: &'w [String]) -> Option<(Hit, &'w str)> {
    words
        .iter()
        .filter_map(|w| s.find(w.as_str()).map(|i| (i, w.as_str())))
        .min_by_key(|(i, w)| (*i, std::cmp::Reverse(w.len())))
        .map(|(i, w)| (Hit::new(i, i + w.len()), w))
}

/// Whether any of the words occurs.
pub fn any(s: &str, words: &[String]) -> bool {
    words.iter().any(|w| s.contains(w.as_str()))
}

/// A date as the question writes it.
#[derive(Debug, Clone)]
pub struct DateHit {
    pub hit: Hit,
    /// `YYYY-MM-DD` as written (not checked against the calendar: the evaluator does).
    pub iso: String,
}

fn zh_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '零' | 'Ｏ' | 'O' | '○' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => c.to_digit(10),
    }
}

/// A number written in Arabic digits (full width too) or Chinese numerals (up to 999).
pub fn number(s: &str) -> Option<u32> {
    let ascii: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    if !ascii.is_empty() && ascii.len() <= 9 && ascii.bytes().all(|b| b.is_ascii_digit()) {
        return ascii.parse().ok();
    }
    numeral::parse(s)
}

/// The dates of a question: 2024年5月10日, 二〇二四年五月十日, 2024-05-10, 2024/5/10, 2024.5.10.
pub fn dates(s: &str) -> Vec<DateHit> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"([0-9０-９]{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*",
            r"([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*",
            r"([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]",
            r"|([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})"
        ))
        .expect("a valid pattern")
    });
    DATE.captures_iter(s)
        .filter_map(|c| {
            let m = c.get(0)?;
            let (y, mo, d) = match c.get(1) {
                Some(y) => (y.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str()),
                None => (c.get(4)?.as_str(), c.get(5)?.as_str(), c.get(6)?.as_str()),
            };
            let year: u32 = if y.chars().all(|c| zh_digit(c).is_some()) {
                y.chars()
                    .try_fold(0u32, |a, c| Some(a * 10 + zh_digit(c)?))?
            } else {
                return None;
            };
            let (mo, d) = (number(mo)?, number(d)?);
            // a month or day beyond two digits is no date at all; 2月30日 is kept: the evaluator
            // says it is not a day of the calendar
            (mo <= 99 && d <= 99).then(|| DateHit {
                hit: Hit::new(m.start(), m.end()),
                iso: format!("{year:04}-{mo:02}-{d:02}"),
            })
        })
        .collect()
}

/// A regulation named in a question.
#[derive(Debug, Clone)]
pub struct RegHit {
    pub hit: Hit,
    /// Its key; `None` for a regulation the corpus does not hold (the name is kept).
    pub key: Option<String>,
    /// The name as written, without 《》.
    pub name: String,
}

/// The names by which questions name each regulation of the corpus, longest first: its title,
/// its aliases, its city and the city without 市.
fn names(corpus: &Corpus) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in &corpus.regulations {
        let m = &r.meta;
        let mut ns = vec![m.title.clone(), m.city.clone()];
        ns.extend(m.aliases.iter().cloned());
        ns.push(m.title.trim_end_matches("（草案）").to_string());
        if let Some(short) = m.city.strip_suffix('市') {
            if short.chars().count() >= 2 {
                ns.push(short.to_string());
            }
        }
        for n in ns {
            if !n.is_empty() && !out.iter().any(|(x, _)| *x == n) {
                out.push((n, m.key.clone()));
            }
        }
    }
    crate::sort::by_key(&mut out, |(n, _)| std::cmp::Reverse(n.len()));
    out
}

/// The regulations a question names, in the order of the words, each occurrence once (a longer
/// name wins over the shorter ones inside it), with the titles in 《》 the corpus does not hold.
pub fn regulations(s: &str, corpus: &Corpus) -> Vec<RegHit> {
    static TITLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"《([^》]{1,60})》").expect("a valid pattern"));
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        // Han characters by their ranges: the WebAssembly build's regex has no Unicode script tables
        Regex::new(r"([\x{3400}-\x{9FFF}\x{F900}-\x{FAFF}]{2,6}?)(?:市)?条例(?:（草案）|草案)?第")
            .expect("a valid pattern")
    });
    let mut hits: Vec<RegHit> = Vec::new();
    let taken =
        |hits: &[RegHit], a: usize, b: usize| hits.iter().any(|h| a < h.hit.end && h.hit.start < b);
    for c in TITLE.captures_iter(s) {
        let (Some(m), Some(inner)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let key = corpus
            .resolve(inner.as_str())
            .ok()
            .map(|r| r.meta.key.clone());
        hits.push(RegHit {
            hit: Hit::new(m.start(), m.end()),
            key,
            name: inner.as_str().to_string(),
        });
    }
    for (n, key) in names(corpus) {
        for i in all(s, &n).collect::<Vec<_>>() {
            let e = i + n.len();
            if !taken(&hits, i, e) {
                // a name followed by 条例（草案）/条例/草案 takes those words too
                let mut end = e;
                for tail in ["条例（草案）", "条例草案", "条例", "草案"] {
                    if s[end..].starts_with(tail) {
                        end += tail.len();
                        break;
                    }
                }
                hits.push(RegHit {
                    hit: Hit::new(i, end),
                    key: Some(key.clone()),
                    name: s[i..end].to_string(),
                });
            }
        }
    }
    // a key written in Latin letters (dalian:24:3, Dalian regulation), in any case, as a word
    let lower = s.to_ascii_lowercase();
    for key in corpus.keys() {
        for i in all(&lower, key).collect::<Vec<_>>() {
            let e = i + key.len();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-');
            if !word(lower[..i].chars().next_back())
                && !word(lower[e..].chars().next())
                && !taken(&hits, i, e)
            {
                hits.push(RegHit {
                    hit: Hit::new(i, e),
                    key: Some(key.to_string()),
                    name: s[i..e].to_string(),
                });
            }
        }
    }
    // a regulation the corpus does not hold, named before an article (杭州条例第五条)
    for c in NAMED.captures_iter(s) {
        let (Some(m), Some(place)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let end = m.end() - "第".len();
        let start = place.start();
        let generic = ["本", "该", "各", "哪", "四部", "三部", "两部", "部", "这"];
        if taken(&hits, start, end) || generic.iter().any(|g| place.as_str().contains(g)) {
            continue;
        }
        hits.push(RegHit {
            hit: Hit::new(start, end),
            key: None,
            name: s[start..end].to_string(),
        });
    }
    crate::sort::by_key(&mut hits, |h| h.hit.start);
    hits
}

/// A reference to a provision: 第二十四条第三款, 第六条第（七）项, dalian:24:3, Art. 24 para. 3.
#[derive(Debug, Clone)]
pub struct RefHit {
    pub hit: Hit,
}

/// The references of a question, in order.
pub fn references(s: &str) -> Vec<RefHit> {
    static ZH: LazyLock<Regex> = LazyLock::new(|| {
        let n = r"[〇零一二三四五六七八九十百两0-9０-９]+";
        Regex::new(&format!(
            r"第{n}条(?:之[一二三四五六七八九十]+)?(?:第{n}款)?(?:第[（(]?{n}[）)]?项)?"
        ))
        .expect("a valid pattern")
    });
    static CITE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b[a-z][a-z-]*:[0-9]{1,3}(?::[0-9]{1,3}){0,2}\b|(?i)\bart(?:icle)?\.?\s*[0-9]{1,3}(?:\s*,?\s*para(?:graph)?\.?\s*[0-9]{1,3})?(?:\s*,?\s*item\s*\(?[0-9]{1,3}\)?)?")
            .expect("a valid pattern")
    });
    let mut out: Vec<RefHit> = ZH
        .find_iter(s)
        .chain(CITE.find_iter(s))
        .map(|m| RefHit {
            hit: Hit::new(m.start(), m.end()),
        })
        .collect();
    crate::sort::by_key(&mut out, |r| r.hit.start);
    out
}

/// Numbers of households (300户) and areas (95平方米) in a question.
pub fn quantity(s: &str, units: &[&str]) -> Option<(Hit, f64)> {
    static NUM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([0-9]+(?:\.[0-9]+)?|[〇零一二三四五六七八九十百千两]+)\s*")
            .expect("a valid pattern")
    });
    for m in NUM.captures_iter(s) {
        let (Some(all), Some(n)) = (m.get(0), m.get(1)) else {
            continue;
        };
        let rest = &s[all.end()..];
        let Some(unit) = units.iter().find(|u| rest.starts_with(**u)) else {
            continue;
        };
        let v = match n.as_str().parse::<f64>() {
            Ok(v) => v,
            Err(_) => match chinese_count(n.as_str()) {
                Some(v) => v as f64,
                None => continue,
            },
        };
        if v.is_finite() {
            return Some((Hit::new(n.start(), all.end() + unit.len()), v));
        }
    }
    None
}

/// A Chinese count up to 9999 (一千二百三十六, 三百).
fn chinese_count(s: &str) -> Option<u32> {
    match s.split_once('千') {
        Some((th, rest)) => {
            let t = if th.is_empty() { 1 } else { number(th)? };
            let rest = rest.trim_start_matches('零');
            let r = if rest.is_empty() { 0 } else { number(rest)? };
            (t < 10).then_some(t * 1000 + r)
        }
        None => number(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_digits_and_numerals() {
        let d = dates("二〇二四年五月十日，2023年2月30日，2024-07-01");
        let iso: Vec<&str> = d.iter().map(|d| d.iso.as_str()).collect();
        assert_eq!(iso, ["2024-05-10", "2023-02-30", "2024-07-01"]);
        assert!(dates("去年五月").is_empty());
        assert_eq!(dates("二〇二五年十二月三十一日")[0].iso, "2025-12-31");
    }

    #[test]
    fn counts() {
        assert_eq!(quantity("有1236户居民", &["户"]).unwrap().1, 1236.0);
        assert_eq!(quantity("有三百户居民", &["户"]).unwrap().1, 300.0);
        assert_eq!(quantity("有一千二百户居民", &["户"]).unwrap().1, 1200.0);
        assert_eq!(quantity("面积29.7平方米", &["平方米"]).unwrap().1, 29.7);
        assert!(quantity("没有", &["户"]).is_none());
    }

    #[test]
    fn references_are_found() {
        let s = "大连条例第二十四条第三款和第六条第（七）项，dalian:24:3";
        let r: Vec<&str> = references(s).iter().map(|r| r.hit.words(s)).collect();
        assert_eq!(r, ["第二十四条第三款", "第六条第（七）项", "dalian:24:3"]);
    }
}
