//! The canonical text of a regulation: metadata, chapters (章), articles (条), paragraphs (款) and
//! items (项), with look-up by [`Ref`].

use crate::error::{Error, Result};
use crate::numeral;
use crate::reference::Ref;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Whether a text is law, and from when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Status {
    /// Adopted and approved; in force from `from` (inclusive).
    InForceFrom { from: NaiveDate },
    /// A draft published for comment: never in force, whatever its text says.
    Draft,
}

/// A dated act of a body (adoption, approval, first reading, publication).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Act {
    /// `None` when the text does not date the act (the Wuxi first reading).
    pub date: Option<NaiveDate>,
    /// The meeting or office as the text names it.
    pub by: String,
    /// The standing body behind the meeting (the meeting's name without term and session).
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub key: String,
    pub title: String,
    pub city: String,
    pub province: String,
    /// Names by which users refer to the regulation (海东条例, 海东 …), besides the title.
    pub aliases: Vec<String>,
    pub english_title: String,
    pub status: Status,
    pub adopted: Option<Act>,
    pub approved: Option<Act>,
    /// For a draft: the first reading (初次审议).
    pub first_reading: Option<Act>,
    /// For a draft: publication for public comment.
    pub published: Option<Act>,
    /// The effective date written in the text; `None` when it is blank (the Wuxi draft).
    pub effective: Option<NaiveDate>,
    /// The article that states the effective date.
    pub effective_article: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub number: u32,
    /// The item's text without its `（一）` marker.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub number: u32,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    pub number: u32,
    pub title: String,
    pub articles: Vec<Article>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Regulation {
    pub meta: Meta,
    pub chapters: Vec<Chapter>,
}

/// Counts of the structure, as `zhili regulations` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub chapters: usize,
    pub articles: usize,
    pub paragraphs: usize,
    pub items: usize,
}

/// What a reference resolves to.
#[derive(Debug, Clone, Copy)]
pub enum Provision<'a> {
    Article(&'a Article),
    Paragraph(&'a Article, u32, &'a Paragraph),
    Item(&'a Item),
}

impl Item {
    pub fn marker(&self) -> String {
        format!("（{}）", numeral::format(self.number).unwrap_or_default())
    }
}

impl Paragraph {
    /// The paragraph with its items, one per line, items with their markers.
    pub fn full_text(&self) -> String {
        let mut s = self.text.clone();
        for it in &self.items {
            s.push('\n');
            s += &it.marker();
            s += &it.text;
        }
        s
    }
}

impl Article {
    pub fn heading(&self) -> String {
        format!("第{}条", numeral::format(self.number).unwrap_or_default())
    }

    /// The article's text: paragraphs one per line, items on their own lines.
    pub fn full_text(&self) -> String {
        self.paragraphs
            .iter()
            .map(Paragraph::full_text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Provision<'_> {
    pub fn text(&self) -> String {
        match self {
            Provision::Article(a) => a.full_text(),
            Provision::Paragraph(_, _, p) => p.full_text(),
            Provision::Item(i) => i.text.clone(),
        }
    }
}

impl Regulation {
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.chapters.iter().flat_map(|c| c.articles.iter())
    }

    pub fn article(&self, n: u32) -> Option<&Article> {
        self.articles().find(|a| a.number == n)
    }

    pub fn chapter_of(&self, article: u32) -> Option<&Chapter> {
        self.chapters
            .iter()
            .find(|c| c.articles.iter().any(|a| a.number == article))
    }

    pub fn counts(&self) -> Counts {
        let paragraphs = self.articles().map(|a| a.paragraphs.len()).sum();
        let items = self
            .articles()
            .flat_map(|a| &a.paragraphs)
            .map(|p| p.items.len())
            .sum();
        Counts {
            chapters: self.chapters.len(),
            articles: self.articles().count(),
            paragraphs,
            items,
        }
    }

    /// Whether the regulation governs conduct on `date` (a draft never does).
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        match self.meta.status {
            Status::InForceFrom { from } => date >= from,
            Status::Draft => false,
        }
    }

    /// Resolves a reference to its provision. An item reference without a paragraph
    /// (第六条第（七）项) is looked for in the one paragraph of the article that has items.
    pub fn lookup(&self, r: &Ref) -> Result<Provision<'_>> {
        let missing = |detail: String| Error::UnknownArticle {
            reference: r.to_string(),
            detail,
        };
        let art = self.article(r.article).ok_or_else(|| {
            missing(format!(
                "{} has {} articles",
                self.meta.title,
                self.articles().count()
            ))
        })?;
        let para_no = match (r.paragraph, r.item) {
            (Some(p), _) => Some(p),
            (None, Some(_)) => {
                let with_items: Vec<usize> = (0..art.paragraphs.len())
                    .filter(|&i| !art.paragraphs[i].items.is_empty())
                    .collect();
                match with_items.as_slice() {
                    [only] => Some(*only as u32 + 1),
                    _ => return Err(missing(format!("{} has no items", art.heading()))),
                }
            }
            (None, None) => None,
        };
        let Some(p) = para_no else {
            return Ok(Provision::Article(art));
        };
        let para = art.paragraphs.get(p as usize - 1).ok_or_else(|| {
            missing(format!(
                "{} has {} paragraph(s)",
                art.heading(),
                art.paragraphs.len()
            ))
        })?;
        let Some(i) = r.item else {
            return Ok(Provision::Paragraph(art, p, para));
        };
        para.items
            .iter()
            .find(|it| it.number == i)
            .map(Provision::Item)
            .ok_or_else(|| {
                missing(format!(
                    "paragraph {p} of {} has {} item(s)",
                    art.heading(),
                    para.items.len()
                ))
            })
    }

    /// The canonical form of a reference: an item reference always names its paragraph.
    pub fn canonical(&self, r: &Ref) -> Result<Ref> {
        let mut out = r.clone();
        if let Provision::Item(_) = self.lookup(r)? {
            if out.paragraph.is_none() {
                let art = self.article(r.article).expect("looked up");
                let p = art
                    .paragraphs
                    .iter()
                    .position(|p| !p.items.is_empty())
                    .expect("has items");
                out.paragraph = Some(p as u32 + 1);
            }
        }
        Ok(out)
    }

    /// A reference to paragraph `index` (0-based) of an article.
    pub fn paragraph_ref(&self, article: u32, index: usize) -> Ref {
        Ref {
            reg: self.meta.key.clone(),
            article,
            paragraph: Some(index as u32 + 1),
            item: None,
        }
    }

    /// Every provision as a reference, in text order: articles, their paragraphs, their items.
    pub fn all_refs(&self) -> Vec<Ref> {
        let key = &self.meta.key;
        let mut out = Vec::new();
        for a in self.articles() {
            out.push(Ref::article(key, a.number));
            for (pi, p) in a.paragraphs.iter().enumerate() {
                let pn = pi as u32 + 1;
                out.push(Ref {
                    reg: key.clone(),
                    article: a.number,
                    paragraph: Some(pn),
                    item: None,
                });
                for it in &p.items {
                    out.push(Ref {
                        reg: key.clone(),
                        article: a.number,
                        paragraph: Some(pn),
                        item: Some(it.number),
                    });
                }
            }
        }
        out
    }

    /// The human-readable canonical text (`regulations/<key>/text.md`).
    pub fn to_markdown(&self) -> String {
        let m = &self.meta;
        let mut s = format!("# {}\n\n", m.title);
        s += &format!("- 城市：{}（{}）\n", m.city, m.province);
        let act = |label: &str, a: &Option<Act>| match a {
            Some(a) => match a.date {
                Some(d) => format!("- {label}：{d} {}\n", a.by),
                None => format!("- {label}：{}\n", a.by),
            },
            None => String::new(),
        };
        s += &act("通过", &m.adopted);
        s += &act("批准", &m.approved);
        s += &act("初次审议", &m.first_reading);
        s += &act("公布征求意见", &m.published);
        let art = numeral::format(m.effective_article).unwrap_or_default();
        match (&m.status, m.effective) {
            (Status::InForceFrom { from }, _) => s += &format!("- 施行：{from}（第{art}条）\n"),
            (Status::Draft, _) => s += &format!("- 状态：草案，未施行（第{art}条施行日期空白）\n"),
        }
        for c in &self.chapters {
            s += &format!(
                "\n## 第{}章　{}\n",
                numeral::format(c.number).unwrap_or_default(),
                c.title
            );
            for a in &c.articles {
                for (i, p) in a.paragraphs.iter().enumerate() {
                    s.push('\n');
                    if i == 0 {
                        s += &format!("**{}**　", a.heading());
                    }
                    s += &p.text;
                    s.push('\n');
                    for it in &p.items {
                        s += &format!("\n{}{}\n", it.marker(), it.text);
                    }
                }
            }
        }
        s
    }
}
