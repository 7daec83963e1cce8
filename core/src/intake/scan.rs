//! Finding words in a question: positions, dates, regulation names and references.

use super::word_char::is_word;
use crate::corpus::Corpus;
use crate::numeral;

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
    date_matches(s)
        .into_iter()
        .filter_map(|(m, y, mo, d)| {
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
                hit: m,
                iso: format!("{year:04}-{mo:02}-{d:02}"),
            })
        })
        .collect()
}

/// The readers below read, by hand, what the intake once read with patterns of the `regex` crate
/// (each reader's pattern is in its comment): the WebAssembly package is a fifth smaller without
/// a regex engine (docs/performance.md). They find the same matches: the leftmost, the pattern's
/// first choice at that place (its alternatives and repeats tried in their order), the next one
/// after its end; the tests compare them with the crate on written questions, generated strings
/// and every character of the classes they use (`\s` is White_Space, `\b` Unicode `\w`).
#[derive(Clone, Copy)]
struct At<'a>(&'a str);

impl<'a> At<'a> {
    fn at(self, i: usize) -> Option<char> {
        self.0.get(i..)?.chars().next()
    }
    /// After at most `max` characters of a class, and how many.
    fn run(self, mut i: usize, max: usize, class: impl Fn(char) -> bool) -> (usize, usize) {
        let mut n = 0;
        while n < max {
            match self.at(i).filter(|&c| class(c)) {
                Some(c) => (i, n) = (i + c.len_utf8(), n + 1),
                None => break,
            }
        }
        (i, n)
    }
    /// After at least `min` and at most `max` characters of a class, as many as there are.
    fn some(self, i: usize, min: usize, max: usize, class: impl Fn(char) -> bool) -> Option<usize> {
        let (j, n) = self.run(i, max, class);
        (n >= min).then_some(j)
    }
    /// After any whitespace (`\s*`).
    fn ws(self, i: usize) -> usize {
        self.run(i, usize::MAX, char::is_whitespace).0
    }
    /// After the words `w`, if they are next.
    fn lit(self, i: usize, w: &str) -> Option<usize> {
        self.0.get(i..)?.starts_with(w).then_some(i + w.len())
    }
    /// After the ASCII word `w` in any letter case (`(?i)`: no letter of the words read this way
    /// folds to a non-ASCII one).
    fn word(self, i: usize, w: &str) -> Option<usize> {
        let s = self.0.get(i..i + w.len())?;
        s.eq_ignore_ascii_case(w).then_some(i + w.len())
    }
    /// After an optional `w` (`(?:w)?`).
    fn opt(self, i: usize, w: &str) -> usize {
        self.lit(i, w).unwrap_or(i)
    }
    /// Whether `i` is a word boundary (`\b`).
    fn boundary(self, i: usize) -> bool {
        let before = self.0[..i].chars().next_back().is_some_and(is_word);
        before != self.at(i).is_some_and(is_word)
    }
    /// Every match of a reader that reads one at a place, leftmost first, each after the last.
    fn each<M>(self, read: impl Fn(usize) -> Option<(usize, M)>) -> Vec<M> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(c) = self.at(i) {
            match read(i) {
                Some((end, m)) if end > i => {
                    out.push(m);
                    i = end;
                }
                _ => i += c.len_utf8(),
            }
        }
        out
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn one_of(set: &'static str) -> impl Fn(char) -> bool {
    move |c| set.contains(c)
}

/// The dates as written: the whole, the year, the month and the day, as the pattern
/// `([0-9０-９]{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]|([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})`
/// finds them. Each repeat is followed by a character it does not take, so taking as many as
/// there are is its only reading.
fn date_matches(s: &str) -> Vec<(Hit, &str, &str, &str)> {
    let a = At(s);
    let zh_year = one_of("〇零一二三四五六七八九○Ｏ");
    let zh = one_of("一二三四五六七八九十");
    let part = |i: usize| a.some(i, 1, 2, is_digit).or_else(|| a.some(i, 1, 3, &zh));
    let written = |i: usize| {
        let y = a
            .some(i, 4, 4, is_digit)
            .or_else(|| a.some(i, 4, 4, &zh_year))?;
        let m0 = a.ws(a.lit(a.ws(y), "年")?);
        let m = part(m0)?;
        let d0 = a.ws(a.lit(a.ws(m), "月")?);
        let d = part(d0)?;
        let e = a.ws(d);
        let e = a.lit(e, "日").or_else(|| a.lit(e, "号"))?;
        Some((e, (Hit::new(i, e), &s[i..y], &s[m0..m], &s[d0..d])))
    };
    let ascii = |i: usize| a.some(i, 1, 2, |c: char| c.is_ascii_digit());
    let sep = |i: usize| a.some(i, 1, 1, one_of("-/."));
    let numeric = |i: usize| {
        let y = a.some(i, 4, 4, |c: char| c.is_ascii_digit())?;
        let m0 = sep(y)?;
        let m = ascii(m0)?;
        let d0 = sep(m)?;
        let d = ascii(d0)?;
        Some((d, (Hit::new(i, d), &s[i..y], &s[m0..m], &s[d0..d])))
    };
    a.each(|i| written(i).or_else(|| numeric(i)))
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
    let mut hits: Vec<RegHit> = Vec::new();
    let taken =
        |hits: &[RegHit], a: usize, b: usize| hits.iter().any(|h| a < h.hit.end && h.hit.start < b);
    for (m, inner) in title_matches(s) {
        let key = corpus.resolve(inner).ok().map(|r| r.meta.key.clone());
        hits.push(RegHit {
            hit: m,
            key,
            name: inner.to_string(),
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
    for (m, place) in named_matches(s) {
        let end = m.end - "第".len();
        let start = place.start;
        let generic = ["本", "该", "各", "哪", "四部", "三部", "两部", "部", "这"];
        if taken(&hits, start, end) || generic.iter().any(|g| place.words(s).contains(g)) {
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
    let mut out: Vec<RefHit> = zh_ref_matches(s)
        .into_iter()
        .chain(cite_matches(s))
        .map(|hit| RefHit { hit })
        .collect();
    crate::sort::by_key(&mut out, |r| r.hit.start);
    out
}

/// The titles in 《》 and the words inside, as `《([^》]{1,60})》` finds them.
fn title_matches(s: &str) -> Vec<(Hit, &str)> {
    let a = At(s);
    a.each(|i| {
        let j = a.lit(i, "《")?;
        let k = a.some(j, 1, 60, |c| c != '》')?;
        let e = a.lit(k, "》")?;
        Some((e, (Hit::new(i, e), &s[j..k])))
    })
}

/// A regulation named before an article and its place, as
/// `([\x{3400}-\x{9FFF}\x{F900}-\x{FAFF}]{2,6}?)(?:市)?条例(?:（草案）|草案)?第` finds them (Han
/// characters by their ranges): the fewest Han characters first, 市 taken before not, （草案）
/// before 草案 before neither.
fn named_matches(s: &str) -> Vec<(Hit, Hit)> {
    let a = At(s);
    let han = |c: char| matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}');
    a.each(|i| {
        let mut ends = Vec::with_capacity(6);
        let mut j = i;
        while let Some(c) = a.at(j).filter(|&c| han(c) && ends.len() < 6) {
            j += c.len_utf8();
            ends.push(j);
        }
        for &p in ends.iter().skip(1) {
            for after_shi in [a.lit(p, "市"), Some(p)].into_iter().flatten() {
                let Some(k) = a.lit(after_shi, "条例") else {
                    continue;
                };
                for tail in ["（草案）", "草案", ""] {
                    if let Some(e) = a.lit(k, tail).and_then(|t| a.lit(t, "第")) {
                        return Some((e, (Hit::new(i, e), Hit::new(i, p))));
                    }
                }
            }
        }
        None
    })
}

/// The Chinese references, as
/// `第{n}条(?:之[一二三四五六七八九十]+)?(?:第{n}款)?(?:第[（(]?{n}[）)]?项)?` with
/// `n = [〇零一二三四五六七八九十百两0-9０-９]+` finds them: each part is taken when it reads (what
/// follows a repeat is never a character it takes).
fn zh_ref_matches(s: &str) -> Vec<Hit> {
    let a = At(s);
    let n = one_of("〇零一二三四五六七八九十百两0123456789０１２３４５６７８９");
    let num = |i: usize| a.some(i, 1, usize::MAX, &n);
    a.each(|i| {
        let mut e = a.lit(num(a.lit(i, "第")?)?, "条")?;
        let zhi = |j: usize| {
            a.some(
                a.lit(j, "之")?,
                1,
                usize::MAX,
                one_of("一二三四五六七八九十"),
            )
        };
        e = zhi(e).unwrap_or(e);
        e = a
            .lit(e, "第")
            .and_then(num)
            .and_then(|j| a.lit(j, "款"))
            .unwrap_or(e);
        let item = |j: usize| {
            let j = a.lit(j, "第")?;
            let j = num(a.lit(j, "（").or_else(|| a.lit(j, "(")).unwrap_or(j))?;
            a.lit(a.lit(j, "）").or_else(|| a.lit(j, ")")).unwrap_or(j), "项")
        };
        e = item(e).unwrap_or(e);
        Some((e, Hit::new(i, e)))
    })
}

/// The references written in Latin letters, as
/// `\b[a-z][a-z-]*:[0-9]{1,3}(?::[0-9]{1,3}){0,2}\b|(?i)\bart(?:icle)?\.?\s*[0-9]{1,3}(?:\s*,?\s*para(?:graph)?\.?\s*[0-9]{1,3})?(?:\s*,?\s*item\s*\(?[0-9]{1,3}\)?)?`
/// finds them. A citation's numbers are read as the pattern tries them: the most digits and
/// parts first, then fewer, until a word boundary follows.
fn cite_matches(s: &str) -> Vec<Hit> {
    let a = At(s);
    let digit = |c: char| c.is_ascii_digit();
    // `[0-9]{1,3}` followed by what `then` reads, the most digits first
    fn digits_then(a: At, i: usize, then: &dyn Fn(usize) -> Option<usize>) -> Option<usize> {
        let (_, n) = a.run(i, 3, |c| c.is_ascii_digit());
        (1..=n).rev().find_map(|k| then(i + k))
    }
    // `(?::[0-9]{1,3}){0,left}\b`
    fn parts(a: At, i: usize, left: usize) -> Option<usize> {
        let more = (left > 0)
            .then(|| a.lit(i, ":"))
            .flatten()
            .and_then(|j| digits_then(a, j, &|k| parts(a, k, left - 1)));
        more.or_else(|| a.boundary(i).then_some(i))
    }
    let citation = |i: usize| {
        if !a.boundary(i) {
            return None;
        }
        let j = a.some(i, 1, 1, |c| c.is_ascii_lowercase())?;
        let j = a
            .run(j, usize::MAX, |c| c.is_ascii_lowercase() || c == '-')
            .0;
        digits_then(a, a.lit(j, ":")?, &|k| parts(a, k, 2))
    };
    let article = |i: usize| {
        if !a.boundary(i) {
            return None;
        }
        let j = a.word(i, "art")?;
        let j = a.word(j, "icle").unwrap_or(j);
        let mut e = a.some(a.ws(a.opt(j, ".")), 1, 3, digit)?;
        let para = |j: usize| {
            let j = a.word(a.ws(a.opt(a.ws(j), ",")), "para")?;
            let j = a.word(j, "graph").unwrap_or(j);
            a.some(a.ws(a.opt(j, ".")), 1, 3, digit)
        };
        e = para(e).unwrap_or(e);
        let item = |j: usize| {
            let j = a.ws(a.word(a.ws(a.opt(a.ws(j), ",")), "item")?);
            let j = a.some(a.opt(j, "("), 1, 3, digit)?;
            Some(a.opt(j, ")"))
        };
        Some(item(e).unwrap_or(e))
    };
    a.each(|i| {
        let e = citation(i).or_else(|| article(i))?;
        Some((e, Hit::new(i, e)))
    })
}

/// Numbers of households (300户) and areas (95平方米) in a question.
pub fn quantity(s: &str, units: &[&str]) -> Option<(Hit, f64)> {
    for (all, n) in number_matches(s) {
        let rest = &s[all.end..];
        let Some(unit) = units.iter().find(|u| rest.starts_with(**u)) else {
            continue;
        };
        let v = match n.words(s).parse::<f64>() {
            Ok(v) => v,
            Err(_) => match chinese_count(n.words(s)) {
                Some(v) => v as f64,
                None => continue,
            },
        };
        if v.is_finite() {
            return Some((Hit::new(n.start, all.end + unit.len()), v));
        }
    }
    None
}

/// The numbers with the whitespace after them, and the numbers, as
/// `([0-9]+(?:\.[0-9]+)?|[〇零一二三四五六七八九十百千两]+)\s*` finds them.
fn number_matches(s: &str) -> Vec<(Hit, Hit)> {
    let a = At(s);
    let digit = |c: char| c.is_ascii_digit();
    a.each(|i| {
        let n = match a.some(i, 1, usize::MAX, digit) {
            Some(j) => a
                .lit(j, ".")
                .and_then(|k| a.some(k, 1, usize::MAX, digit))
                .unwrap_or(j),
            None => a.some(i, 1, usize::MAX, one_of("〇零一二三四五六七八九十百千两"))?,
        };
        let e = a.ws(n);
        Some((e, (Hit::new(i, e), Hit::new(i, n))))
    })
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
    use proptest::prelude::*;
    use regex::Regex;
    use std::sync::LazyLock;

    /// The patterns the readers read by hand, with the `regex` crate, as the intake read them
    /// before (the same patterns, the same iteration).
    fn re(p: &str) -> Regex {
        Regex::new(p).expect("a valid pattern")
    }
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        re(concat!(
            r"([0-9０-９]{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*",
            r"([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*",
            r"([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]",
            r"|([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})"
        ))
    });
    static TITLE: LazyLock<Regex> = LazyLock::new(|| re(r"《([^》]{1,60})》"));
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        re(r"([\x{3400}-\x{9FFF}\x{F900}-\x{FAFF}]{2,6}?)(?:市)?条例(?:（草案）|草案)?第")
    });
    static ZH: LazyLock<Regex> = LazyLock::new(|| {
        let n = r"[〇零一二三四五六七八九十百两0-9０-９]+";
        re(&format!(
            r"第{n}条(?:之[一二三四五六七八九十]+)?(?:第{n}款)?(?:第[（(]?{n}[）)]?项)?"
        ))
    });
    static CITE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b[a-z][a-z-]*:[0-9]{1,3}(?::[0-9]{1,3}){0,2}\b|(?i)\bart(?:icle)?\.?\s*[0-9]{1,3}(?:\s*,?\s*para(?:graph)?\.?\s*[0-9]{1,3})?(?:\s*,?\s*item\s*\(?[0-9]{1,3}\)?)?",
        )
    });
    static NUM: LazyLock<Regex> =
        LazyLock::new(|| re(r"([0-9]+(?:\.[0-9]+)?|[〇零一二三四五六七八九十百千两]+)\s*"));

    fn hit(m: regex::Match) -> Hit {
        Hit::new(m.start(), m.end())
    }

    /// Each reader and its pattern find the same matches in `s`.
    fn same(s: &str) {
        let dates: Vec<_> = DATE
            .captures_iter(s)
            .map(|c| {
                let g = |i: usize| c.get(i).unwrap().as_str();
                let (y, m, d) = match c.get(1) {
                    Some(_) => (g(1), g(2), g(3)),
                    None => (g(4), g(5), g(6)),
                };
                (hit(c.get(0).unwrap()), y, m, d)
            })
            .collect();
        assert_eq!(date_matches(s), dates, "dates {s:?}");
        let titles: Vec<_> = TITLE
            .captures_iter(s)
            .map(|c| (hit(c.get(0).unwrap()), c.get(1).unwrap().as_str()))
            .collect();
        assert_eq!(title_matches(s), titles, "titles {s:?}");
        let named: Vec<_> = NAMED
            .captures_iter(s)
            .map(|c| (hit(c.get(0).unwrap()), hit(c.get(1).unwrap())))
            .collect();
        assert_eq!(named_matches(s), named, "named {s:?}");
        let zh: Vec<_> = ZH.find_iter(s).map(hit).collect();
        assert_eq!(zh_ref_matches(s), zh, "zh {s:?}");
        let cite: Vec<_> = CITE.find_iter(s).map(hit).collect();
        assert_eq!(cite_matches(s), cite, "cite {s:?}");
        let num: Vec<_> = NUM
            .captures_iter(s)
            .map(|c| (hit(c.get(0).unwrap()), hit(c.get(1).unwrap())))
            .collect();
        assert_eq!(number_matches(s), num, "numbers {s:?}");
    }

    #[test]
    fn the_readers_agree_with_the_patterns_on_written_questions() {
        let mut n = 0;
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests"
        ))];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "jsonl") {
                    for line in std::fs::read_to_string(&p).unwrap().lines() {
                        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                            continue;
                        };
                        for k in ["question_zh", "text", "question"] {
                            if let Some(q) = v.get(k).and_then(|q| q.as_str()) {
                                same(q);
                                n += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(n > 500, "{n} questions");
        for s in [
            "二〇二四年五月十日，2023年2月30日，2024-07-01",
            "2024 年 5 月 10 号，２０２４年０５月１日，二〇二四年十二月三十一日",
            "20245年5月1日，2024年123月1日，2024年5月10，2024/5/10，2024.05.1，2024-5-123",
            "12024-05-10，2024-1-1-1，2024年十一十月1日，ＯＯ二四年1月1日，OO二四年1月1日",
            "《大连市社区条例》《《海东》》《》《一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一》",
            "杭州条例第五条，杭州市条例（草案）第一条，苏州条例草案第二条，市条例第三条，上海市市条例第四条",
            "本市条例第一条，一二三四五六七条例第八条，条例条例第一条，杭州条例（草案第一条",
            "第二十四条第三款，第六条第（七）项，第十条之一第二款第(三)项，第五条第三项），第条，第第五条",
            "第1条第２款第（3)项，第十条之第一款，第五条之一之二",
            "dalian:24:3，Dalian:24:3，x-dalian:1:2:3:4，a:1234，a:1:2345，例a:1，a:1例，-b:2，a-:1",
            "Art. 24 para. 3, Article 6 paragraph 1 item 7, ART.5, art 1234, Art. 12 , item (4)",
            "xArt 5，大Art 5，Art.\u{3000}5，art5para6item7，Artic 5，Art 5 para",
            "有1236户居民，三百户，一千二百户，29.7平方米，12.5.3户，12.户，1 户，两千零五十户",
        ] {
            same(s);
        }
    }

    #[test]
    fn the_readers_see_every_character_as_the_patterns_do() {
        let (w, ws, fold) = (re(r"^\w$"), re(r"^\s$"), re(r"(?i)^[artiiclepghm]$"));
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let t = c.to_string();
            assert_eq!(is_word(c), w.is_match(&t), "\\w {c:?}");
            assert_eq!(c.is_whitespace(), ws.is_match(&t), "\\s {c:?}");
            let letter = c.is_ascii() && "artiiclepghm".contains(c.to_ascii_lowercase());
            assert_eq!(letter, fold.is_match(&t), "(?i) {c:?}");
            // each character of a class a pattern names, and a sample of the others, in the places
            // of the patterns
            let named = is_word(c) && (c as u32) < 0x3000
                || c.is_whitespace()
                || c.is_ascii()
                || "０１２３４５６７８９〇零一二三四五六七八九十百千两○Ｏ年月日号《》市条例（）草案第款项之"
                    .contains(c)
                || matches!(c as u32, 0x33FF..=0x3401 | 0x9FFE..=0xA000 | 0xF8FF..=0xF901 | 0xFAFE..=0xFB00);
            if !named && !(c as u32).is_multiple_of(97) {
                continue;
            }
            for s in [
                format!("{c}2024年5月1日"),
                format!("2024{c}年5月1日{c}"),
                format!("202{c}年5{c}月1{c}日"),
                format!("2024{c}5{c}1{c}"),
                format!("二〇二{c}年五月十{c}日"),
                format!("《{c}》《a{c}》"),
                format!("{c}杭州{c}条例第{c}"),
                format!("杭{c}州市条例草案{c}第"),
                format!("第{c}条第二{c}款第（{c}）项"),
                format!("第五条之{c}第{c}款"),
                format!("{c}dalian:24:3{c}"),
                format!("d{c}a:2{c}:3"),
                format!("{c}Art{c}5{c}para{c}3{c}item{c}(4{c})"),
                format!("Art. 5{c}, paragraph{c}3 ,{c}item 4"),
                format!("1{c}2.{c}3{c}户"),
            ] {
                same(&s);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6000))]
        #[test]
        fn the_readers_agree_with_the_patterns(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "2024", "２０２４", "二〇二四", "〇", "Ｏ", "1", "12", "１", "五", "十", "一", "百",
                "千", "两", "零", "年", "月", "日", "号", "-", "/", ".", " ", "\u{3000}", "\t", ":",
                "《", "》", "杭州", "市", "条例", "（草案）", "草案", "（", "）", "(", ")", "第",
                "条", "款", "项", "之", "本", "a", "dalian", "x-", "Art", "art", "icle", "para",
                "graph", "item", ",", "Ä", "é", "_", "户", "平方米", "\u{301}", "\u{200D}",
            ]), 0..16)
        ) {
            let s: String = parts.concat();
            same(&s);
        }
    }

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
