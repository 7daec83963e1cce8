//! Raw text (PDF extraction, web scrape) → canonical [`Regulation`].
//!
//! The pipeline is the same for every regulation; what differs between sources is data in
//! `regulations/<key>/regulation.toml` (city, province, aliases, boilerplate line markers). Each
//! noise-removal step is a small named function with its own tests.

use crate::error::{Error, Result};
use crate::numeral;
use crate::text::{Act, Article, Chapter, Item, Meta, Paragraph, Regulation, Status};
use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// `regulations/<key>/regulation.toml`: the facts about a regulation that its raw text does not
/// carry, and where its raw sources are.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The regulation's key, also its folder name under `regulations/`, e.g. `haidong`.
    pub key: String,
    /// The city that made it, e.g. 海东市.
    pub city: String,
    /// The province, e.g. 青海省.
    pub province: String,
    /// The English title shown beside the Chinese one.
    pub english_title: String,
    /// Short names users refer to it by (海东条例, 海东 …), besides the title.
    pub aliases: Vec<String>,
    /// The raw sources, in the order [`ingest`] is given them; one of them is `primary`.
    pub sources: Vec<SourceSpec>,
}

/// One raw source of a regulation (`[[sources]]` in regulation.toml).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// Path relative to the regulation's folder.
    pub file: String,
    /// `primary` gives the canonical text; a `witness` is parsed and compared with it.
    pub role: SourceRole,
    /// Lines whose whitespace-free form starts with one of these are web boilerplate.
    #[serde(default)]
    pub drop_lines: Vec<String>,
}

/// How ingestion uses a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceRole {
    /// The source the canonical text is parsed from, metadata and all.
    Primary,
    /// A body-only copy whose articles are compared with the primary's; differences are reported.
    Witness,
}

/// What ingestion noticed while reconciling sources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// The regulation's key.
    pub key: String,
    /// Structural observations (repeated copies, a missing heading in a witness …).
    pub notes: Vec<String>,
    /// Differences in wording between copies or sources; there should be none.
    pub differences: Vec<String>,
}

/// One raw source handed to [`ingest`]: its file name and its bytes.
pub struct RawSource<'a> {
    /// The source's file name, used in messages and notes.
    pub name: &'a str,
    /// Its raw contents (must be UTF-8).
    pub bytes: &'a [u8],
}

/// Ingests the sources of one regulation (in manifest order) into its canonical text.
pub fn ingest(manifest: &Manifest, raw: &[RawSource<'_>]) -> Result<(Regulation, IngestReport)> {
    let mut report = IngestReport {
        key: manifest.key.clone(),
        ..Default::default()
    };
    if raw.len() != manifest.sources.len() {
        return Err(Error::Ingest {
            source_name: manifest.key.clone(),
            detail: format!(
                "{} sources listed, {} given",
                manifest.sources.len(),
                raw.len()
            ),
        });
    }
    let mut primary: Option<Regulation> = None;
    let mut witnesses = Vec::new();
    for (spec, src) in manifest.sources.iter().zip(raw) {
        let fail = |detail: String| Error::Ingest {
            source_name: src.name.to_string(),
            detail,
        };
        let text = std::str::from_utf8(src.bytes).map_err(|e| fail(format!("not UTF-8: {e}")))?;
        let lines = drop_boilerplate(&normalize_spaces(text), &spec.drop_lines);
        match spec.role {
            SourceRole::Primary => {
                let (reg, copy) = parse_document(manifest, &lines).map_err(fail)?;
                if let Some((copy_chapters, note)) = copy {
                    report.notes.push(format!("{}: {note}", src.name));
                    compare_bodies(
                        &reg.chapters,
                        &copy_chapters,
                        "copy B",
                        "copy A",
                        &mut report,
                    );
                }
                primary = Some(reg);
            }
            SourceRole::Witness => {
                let start = find_body_start(&lines, 0)
                    .ok_or_else(|| fail("no chapter heading followed by an article".into()))?;
                witnesses.push((src.name, parse_body(&lines[start..]).map_err(fail)?));
            }
        }
    }
    let reg = primary.ok_or_else(|| Error::Ingest {
        source_name: manifest.key.clone(),
        detail: "no primary source".into(),
    })?;
    for (name, chapters) in witnesses {
        report.notes.push(format!(
            "{name}: body-only witness, compared article by article"
        ));
        compare_bodies(&reg.chapters, &chapters, "primary", name, &mut report);
    }
    Ok((reg, report))
}

// ---------------------------------------------------------------- noise removal steps

/// NBSP and ideographic spaces become ordinary spaces; CR is dropped. Returns the lines.
pub fn normalize_spaces(text: &str) -> Vec<String> {
    text.replace('\r', "")
        .split('\n')
        .map(|l| {
            l.replace(['\u{a0}', '\u{3000}', '\u{feff}'], " ")
                .trim_end()
                .to_string()
        })
        .collect()
}

/// Blanks out lines of web boilerplate (site header, footer) named by the manifest.
pub fn drop_boilerplate(lines: &[String], markers: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            let c = compact(l);
            if markers.iter().any(|m| c.starts_with(m.as_str())) {
                String::new()
            } else {
                l.clone()
            }
        })
        .collect()
}

/// Removes every whitespace character: in the PDF extractions spaces fall at wrap points inside
/// words (农 业农村, 应 当) and around digits (2023 年 2 月); Chinese legal text has none of its own.
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Half-width punctuation inside Chinese text becomes full-width; straight double quotes become
/// curly quotes, opening and closing in turn.
pub fn full_width_punctuation(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut open = true;
    for c in s.chars() {
        out.push(match c {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '(' => '（',
            ')' => '）',
            '?' => '？',
            '!' => '！',
            '"' => {
                open = !open;
                if open {
                    '”'
                } else {
                    '“'
                }
            }
            c => c,
        });
    }
    out
}

/// The clean form of a line of legal text.
pub fn clean(s: &str) -> String {
    full_width_punctuation(&compact(s))
}

/// Strips a Markdown bullet (`- (一)`) that the PDF extraction put before an item.
pub fn strip_bullet(line: &str) -> &str {
    let t = line.trim_start();
    match t.strip_prefix('-') {
        Some(rest) if matches!(rest.trim_start().chars().next(), Some('(') | Some('（')) => {
            rest.trim_start()
        }
        _ => t,
    }
}

/// True when a paragraph's text ends a sentence or introduces items; anything else was cut by a
/// PDF line break and continues on the next line.
pub fn is_complete(text: &str) -> bool {
    matches!(text.chars().last(), Some('。' | '；' | '：' | '？' | '！'))
}

// ---------------------------------------------------------------- document structure

const NUM: &str = "[零〇一二三四五六七八九十百]+";
static CHAPTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^第({NUM})章(.*)$")).unwrap());
static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^第({NUM})条\s+(.*)$")).unwrap());
static ARTICLE_BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^第({NUM})条$")).unwrap());
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^[（(]({NUM})[）)](.*)$")).unwrap());
static NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(](\d{4})年(\d{1,2})月(\d{1,2})日(.+?)通过(\d{4})年(\d{1,2})月(\d{1,2})日(.+?)批准[）)]$").unwrap()
});
static FIRST_READING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"已由(.+?会议)进行了初次审议").unwrap());
static NOTICE_ISSUER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)关于公开征求").unwrap());
static DATE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$").unwrap());
static EFFECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"本条例自(\d{4})年(\d{1,2})月(\d{1,2})日起施行").unwrap());
static TERM_SESSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("第{NUM}届|第{NUM}次会议$")).unwrap());

fn chapter_heading(line: &str) -> Option<(u32, String)> {
    let c = compact(line);
    let m = CHAPTER.captures(&c)?;
    let title = m[2].to_string();
    // a heading is short and has no sentence punctuation
    if title.chars().count() > 20 || title.contains(['。', '，', ',', '；', ';']) {
        return None;
    }
    Some((numeral::parse(&m[1])?, title))
}

fn article_start(line: &str) -> Option<(Option<u32>, String, String)> {
    let t = line.trim();
    if let Some(m) = ARTICLE.captures(t) {
        return Some((numeral::parse(&m[1]), m[1].to_string(), m[2].to_string()));
    }
    ARTICLE_BARE
        .captures(t)
        .map(|m| (numeral::parse(&m[1]), m[1].to_string(), String::new()))
}

fn is_title_line(lines: &[String], i: usize) -> bool {
    let c = compact(&lines[i]);
    c.ends_with("条例")
        && next_nonblank(lines, i + 1).is_some_and(|j| {
            let n = compact(&lines[j]);
            n.starts_with('(') || n.starts_with('（')
        })
}

fn next_nonblank(lines: &[String], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&j| !lines[j].trim().is_empty())
}

/// The index of the first chapter heading that is followed by an article: the body, after any
/// table of contents (whose headings follow one another).
pub fn find_body_start(lines: &[String], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| {
        chapter_heading(&lines[i]).is_some()
            && next_nonblank(lines, i + 1).is_some_and(|j| article_start(&lines[j]).is_some())
    })
}

type CopyCheck = Option<(Vec<Chapter>, String)>;

/// Parses a whole document: preamble (a notice), title, adoption note, table of contents, body.
/// When the document holds the text twice (a web page repeating it), returns the second copy as
/// canonical and the first, rebuilt, for comparison.
fn parse_document(
    manifest: &Manifest,
    lines: &[String],
) -> Result<(Regulation, CopyCheck), String> {
    let titles: Vec<usize> = (0..lines.len())
        .filter(|&i| is_title_line(lines, i))
        .collect();
    let (main, copy): (Vec<String>, Option<(Vec<String>, String)>) = match titles.as_slice() {
        [] => {
            return Err(
                "no title line (a line ending in 条例 followed by a parenthesised note)".into(),
            )
        }
        [_] => (lines.to_vec(), None),
        [a, b] => {
            let (main, copy, note) = split_repeated_copies(&lines[*a..*b], &lines[*b..], *a)?;
            (main, Some((copy, note)))
        }
        more => {
            return Err(format!(
                "the title occurs {} times; at most two copies are handled",
                more.len()
            ))
        }
    };
    let preamble: Vec<String> = lines[..titles[0]].iter().map(|l| compact(l)).collect();
    // the title line: the second copy starts with it; otherwise it stays where it was found
    let t = if copy.is_some() { 0 } else { titles[0] };
    let mut title = compact(&main[t]);
    let mut cursor = next_nonblank(&main, t + 1).ok_or("nothing after the title")?;
    let marker = full_width_punctuation(&compact(&main[cursor]));
    if marker == "（草案）" {
        title += "（草案）";
        cursor += 1;
    }
    let (adopted, approved) = match next_nonblank(&main, cursor).map(|j| (j, compact(&main[j]))) {
        Some((j, note)) if NOTE.is_match(&note) => {
            cursor = j + 1;
            let m = NOTE.captures(&note).expect("matched");
            (
                Some(act(&m[1], &m[2], &m[3], &m[4])?),
                Some(act(&m[5], &m[6], &m[7], &m[8])?),
            )
        }
        _ => (None, None),
    };
    let body_start =
        find_body_start(&main, cursor).ok_or("no chapter heading followed by an article")?;
    let chapters = parse_body(&main[body_start..])?;

    let draft = title.contains("草案");
    let last = chapters
        .last()
        .and_then(|c| c.articles.last())
        .ok_or("no articles")?;
    let last_text = last.full_text();
    if !last_text.contains("施行") {
        return Err(format!(
            "the last article ({}) states no effective date",
            last.heading()
        ));
    }
    let effective = match EFFECTIVE.captures(&last_text) {
        Some(m) => Some(date(&m[1], &m[2], &m[3])?),
        None => None, // blank date (本条例自2022年*月*日起施行)
    };
    let status = match (draft, effective) {
        (true, _) => Status::Draft,
        (false, Some(from)) => Status::InForceFrom { from },
        (false, None) => {
            return Err(format!(
                "{} gives no readable effective date",
                last.heading()
            ))
        }
    };
    let joined = preamble.join("\n");
    let first_reading = FIRST_READING.captures(&joined).map(|m| Act {
        date: None,
        by: m[1].to_string(),
        body: standing_body(&m[1]),
    });
    let published = match (
        preamble.iter().find_map(|l| NOTICE_ISSUER.captures(l)),
        preamble.iter().find_map(|l| DATE_LINE.captures(l)),
    ) {
        (Some(who), Some(d)) => Some(Act {
            date: Some(date(&d[1], &d[2], &d[3])?),
            by: who[1].to_string(),
            body: who[1].to_string(),
        }),
        _ => None,
    };
    let meta = Meta {
        key: manifest.key.clone(),
        title,
        city: manifest.city.clone(),
        province: manifest.province.clone(),
        aliases: manifest.aliases.clone(),
        english_title: manifest.english_title.clone(),
        status,
        adopted,
        approved,
        first_reading,
        published,
        effective,
        effective_article: last.number,
    };
    let reg = Regulation { meta, chapters };
    let copy = match copy {
        Some((copy_lines, note)) => {
            let s = find_body_start(&copy_lines, 0).ok_or("the first copy has no body")?;
            Some((parse_body(&copy_lines[s..])?, note))
        }
        None => None,
    };
    Ok((reg, copy))
}

/// A web page that repeats the text: the first copy (`a`) is cut mid-sentence and its missing end
/// is spliced onto a line of the second copy (`b`), after which the rest of the first copy follows.
/// Returns the second copy without the spliced tail, and the first copy made whole again.
/// `a_offset` is the 0-based line index of `a` in the file, for the report.
pub fn split_repeated_copies(
    a: &[String],
    b: &[String],
    a_offset: usize,
) -> Result<(Vec<String>, Vec<String>, String), String> {
    let last = a
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .ok_or("the first copy is empty")?;
    let cut = a[last].trim();
    if is_complete(&clean(cut)) {
        return Ok((
            b.to_vec(),
            a.to_vec(),
            "the text appears twice; the copies are compared".into(),
        ));
    }
    // the complete version of the cut line, in the second copy
    let full = b
        .iter()
        .position(|l| l.trim().starts_with(cut) && l.trim().len() > cut.len())
        .ok_or_else(|| {
            format!(
                "the first copy ends mid-sentence (`{cut}`) and the second copy lacks that line"
            )
        })?;
    let missing = &b[full].trim()[cut.len()..];
    // where the missing end was spliced in: a later line holding it, not at its start
    let (j, at) = b
        .iter()
        .enumerate()
        .skip(full + 1)
        .find_map(|(j, l)| l.find(missing).filter(|&k| k > 0).map(|k| (j, k)))
        .ok_or_else(|| {
            format!("the first copy is cut at `{cut}` and its end is nowhere in the second copy")
        })?;
    let mut second: Vec<String> = b[..j].to_vec();
    second.push(b[j][..at].to_string());
    let mut first: Vec<String> = a[..last].to_vec();
    first.push(format!("{cut}{}", &b[j][at..]));
    first.extend(b[j + 1..].iter().cloned());
    let note = format!(
        "the text appears twice: copy A is cut mid-sentence at line {} and its end is spliced onto line {} \
         after copy B's last article; copy B is canonical and copy A, rejoined, is compared with it",
        a_offset + last + 1,
        a_offset + a.len() + j + 1
    );
    Ok((second, first, note))
}

fn date(y: &str, m: &str, d: &str) -> Result<NaiveDate, String> {
    let (y, m, d) = (
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("{y}-{m}-{d} is not a calendar day"))
}

fn act(y: &str, m: &str, d: &str, meeting: &str) -> Result<Act, String> {
    Ok(Act {
        date: Some(date(y, m, d)?),
        by: meeting.to_string(),
        body: standing_body(meeting),
    })
}

/// 海东市第三届人民代表大会常务委员会第八次会议 → 海东市人民代表大会常务委员会.
fn standing_body(meeting: &str) -> String {
    TERM_SESSION.replace_all(meeting, "").into_owned()
}

/// One line of the body, classified.
#[derive(Debug)]
enum Line {
    Chapter(u32, String),
    Article(u32, String),
    Item(u32, String),
    Text(String),
}

fn classify(raw: &str, line_no: usize) -> Result<Line, String> {
    if let Some((n, title)) = chapter_heading(raw) {
        return Ok(Line::Chapter(n, title));
    }
    if let Some((n, numeral_text, rest)) = article_start(raw) {
        let n =
            n.ok_or_else(|| format!("line {line_no}: mangled article number 第{numeral_text}条"))?;
        return Ok(Line::Article(n, clean(&rest)));
    }
    let t = strip_bullet(raw);
    if let Some(m) = ITEM.captures(&compact(t)) {
        let n = numeral::parse(&m[1])
            .ok_or_else(|| format!("line {line_no}: mangled item number ({})", &m[1]))?;
        return Ok(Line::Item(n, clean(&m[2])));
    }
    Ok(Line::Text(clean(t)))
}

/// Parses the body (from the first chapter heading) into chapters, articles, paragraphs and items,
/// re-joining sentences cut by PDF line breaks and checking every number runs on without a gap.
pub fn parse_body(lines: &[String]) -> Result<Vec<Chapter>, String> {
    let mut chapters: Vec<Chapter> = Vec::new();
    let mut last_article = 0u32;
    let mut last_article_line = 0usize;
    for (i, raw) in lines.iter().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line_no = i + 1;
        match classify(raw, line_no)? {
            Line::Chapter(n, title) => {
                check_article_complete(&chapters)?;
                let expected = chapters.len() as u32 + 1;
                if n != expected {
                    return Err(numbering_error("chapter", "章", n, expected, line_no));
                }
                chapters.push(Chapter {
                    number: n,
                    title,
                    articles: Vec::new(),
                });
            }
            Line::Article(n, text) => {
                check_article_complete(&chapters)?;
                let expected = last_article + 1;
                if n != expected {
                    let mut e = numbering_error("article", "条", n, expected, line_no);
                    if n <= last_article {
                        e += &format!(
                            " (the previous article header is on line {last_article_line})"
                        );
                    }
                    return Err(e);
                }
                let chapter = chapters
                    .last_mut()
                    .ok_or(format!("line {line_no}: article before any chapter"))?;
                chapter.articles.push(Article {
                    number: n,
                    paragraphs: vec![Paragraph {
                        text,
                        items: vec![],
                    }],
                });
                last_article = n;
                last_article_line = line_no;
            }
            Line::Item(n, text) => {
                let para = current_paragraph(&mut chapters, line_no)?;
                let expected = para.items.len() as u32 + 1;
                if n != expected {
                    return Err(numbering_error("item", "项", n, expected, line_no));
                }
                para.items.push(Item { number: n, text });
            }
            Line::Text(text) => {
                let article = current_article(&mut chapters, line_no)?;
                let para = article
                    .paragraphs
                    .last_mut()
                    .expect("articles start with a paragraph");
                let tail = para
                    .items
                    .last_mut()
                    .map(|it| &mut it.text)
                    .unwrap_or(&mut para.text);
                if !is_complete(tail) {
                    tail.push_str(&text); // a PDF line break inside a sentence
                } else if tail.is_empty() {
                    *tail = text; // the article header stood alone on its line
                } else {
                    article.paragraphs.push(Paragraph {
                        text,
                        items: vec![],
                    });
                }
            }
        }
    }
    check_article_complete(&chapters)?;
    if chapters.iter().all(|c| c.articles.is_empty()) {
        return Err("no articles found".into());
    }
    if let Some(c) = chapters.iter().find(|c| c.articles.is_empty()) {
        return Err(format!(
            "chapter 第{}章 {} has no articles",
            numeral::format(c.number).unwrap_or_default(),
            c.title
        ));
    }
    Ok(chapters)
}

fn numbering_error(what: &str, unit: &str, got: u32, expected: u32, line: usize) -> String {
    let zh = |n: u32| {
        format!(
            "第{}{unit}",
            numeral::format(n).unwrap_or_else(|| n.to_string())
        )
    };
    if got < expected {
        format!(
            "line {line}: {what} {} repeats or goes backwards (expected {})",
            zh(got),
            zh(expected)
        )
    } else {
        format!(
            "line {line}: {what} {} found where {} was expected ({what} missing)",
            zh(got),
            zh(expected)
        )
    }
}

fn current_article(chapters: &mut [Chapter], line: usize) -> Result<&mut Article, String> {
    chapters
        .last_mut()
        .and_then(|c| c.articles.last_mut())
        .ok_or(format!("line {line}: text before the first article"))
}

fn current_paragraph(chapters: &mut [Chapter], line: usize) -> Result<&mut Paragraph, String> {
    Ok(current_article(chapters, line)?
        .paragraphs
        .last_mut()
        .expect("articles start with a paragraph"))
}

/// An article must not end mid-sentence: that is a truncated text, never silently accepted.
fn check_article_complete(chapters: &[Chapter]) -> Result<(), String> {
    let Some(a) = chapters.last().and_then(|c| c.articles.last()) else {
        return Ok(());
    };
    let p = a
        .paragraphs
        .last()
        .expect("articles start with a paragraph");
    let tail = p.items.last().map(|i| &i.text).unwrap_or(&p.text);
    if tail.is_empty() || !is_complete(tail) {
        return Err(format!("{} ends mid-sentence: `{}`", a.heading(), tail));
    }
    Ok(())
}

/// Compares two parsed bodies article by article; wording differences are differences, a
/// different chapter layout is a note.
fn compare_bodies(
    main: &[Chapter],
    other: &[Chapter],
    main_name: &str,
    other_name: &str,
    report: &mut IngestReport,
) {
    let arts = |cs: &[Chapter]| -> Vec<(u32, Article)> {
        cs.iter()
            .flat_map(|c| c.articles.iter().map(move |a| (c.number, a.clone())))
            .collect()
    };
    let (a, b) = (arts(main), arts(other));
    if a.len() != b.len() {
        report.differences.push(format!(
            "{main_name} has {} articles, {other_name} has {}",
            a.len(),
            b.len()
        ));
    }
    for ((ca, x), (cb, y)) in a.iter().zip(&b) {
        if x != y {
            report.differences.push(format!(
                "{}: {main_name} reads `{}`, {other_name} reads `{}`",
                x.heading(),
                x.full_text(),
                y.full_text()
            ));
        }
        if ca != cb {
            report.notes.push(format!(
                "{}: in chapter {ca} of {main_name} but chapter {cb} of {other_name}",
                x.heading()
            ));
        }
    }
    let titles = |cs: &[Chapter]| {
        cs.iter()
            .map(|c| {
                format!(
                    "第{}章 {}",
                    numeral::format(c.number).unwrap_or_default(),
                    c.title
                )
            })
            .collect::<Vec<_>>()
    };
    let (ta, tb) = (titles(main), titles(other));
    for t in ta.iter().filter(|t| !tb.contains(t)) {
        report
            .notes
            .push(format!("{other_name} lacks the heading {t}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        normalize_spaces(s)
    }

    #[test]
    fn cleans_stray_spaces_and_punctuation() {
        assert_eq!(
            clean("处应 当加强, 康、 文化(居) 民"),
            "处应当加强，康、文化（居）民"
        );
        assert_eq!(
            clean("本条例自 2023 年 2 月 1 日起施行。"),
            "本条例自2023年2月1日起施行。"
        );
        assert_eq!(
            clean("\"一站式\"服务和\"枫桥经验\""),
            "“一站式”服务和“枫桥经验”"
        );
    }

    #[test]
    fn strips_bullets_only_before_items() {
        assert_eq!(strip_bullet("- (一) 支持"), "(一) 支持");
        assert_eq!(strip_bullet(" - (二)组织"), "(二)组织");
        assert_eq!(strip_bullet("-5 度"), "-5 度");
    }

    #[test]
    fn rejoins_pdf_breaks_and_attaches_items() {
        let body = lines(
            "第一章 总则\n\n第一条 甲由村(居)民代\n\n表、户代表组成。\n\n第二条 乙履行以下职责:\n- (一) 其一;\n - (二)其二;\n\n(三) 其他。\n\n丙款。",
        );
        let cs = parse_body(&body).unwrap();
        let a1 = &cs[0].articles[0];
        assert_eq!(a1.paragraphs.len(), 1);
        assert_eq!(a1.paragraphs[0].text, "甲由村（居）民代表、户代表组成。");
        let a2 = &cs[0].articles[1];
        assert_eq!(a2.paragraphs.len(), 2);
        assert_eq!(a2.paragraphs[0].items.len(), 3);
        assert_eq!(a2.paragraphs[0].items[2].text, "其他。");
        assert_eq!(a2.paragraphs[1].text, "丙款。");
    }

    #[test]
    fn reports_missing_duplicated_and_mangled_numbers() {
        let e = parse_body(&lines("第一章 总则\n第一条 甲。\n第三条 丙。")).unwrap_err();
        assert!(e.contains("第三条 found where 第二条 was expected"), "{e}");
        let e =
            parse_body(&lines("第一章 总则\n第一条 甲。\n第二条 乙。\n第二条 乙。")).unwrap_err();
        assert!(e.contains("第二条 repeats"), "{e}");
        let e = parse_body(&lines("第一章 总则\n第一条 甲。\n第二十十条 乙。")).unwrap_err();
        assert!(e.contains("mangled article number"), "{e}");
        let e =
            parse_body(&lines("第一章 总则\n第一条 甲。\n第三章 附则\n第二条 乙。")).unwrap_err();
        assert!(e.contains("chapter 第三章 found where 第二章"), "{e}");
        let e = parse_body(&lines("第一章 总则\n第一条 甲被截断")).unwrap_err();
        assert!(e.contains("ends mid-sentence"), "{e}");
    }

    #[test]
    fn rebuilds_a_cut_and_spliced_copy() {
        let a = lines("标题条例\n第一章 总则\n第一条 甲。\n第二条 乙乙\n");
        let b = lines(
            "标题条例\n第一章 总则\n第一条 甲。\n第二条 乙乙乙。\n第三条 丙。乙。\n第三条 丙。",
        );
        let (second, first, _) = split_repeated_copies(&a[..a.len() - 1], &b, 0).unwrap();
        assert_eq!(second.last().unwrap(), "第三条 丙。");
        assert!(first.contains(&"第二条 乙乙乙。".to_string()), "{first:?}");
        assert_eq!(first.last().unwrap(), "第三条 丙。");
    }
}
