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
    InForceFrom {
        /// The first day the regulation applies (its 施行 date).
        from: NaiveDate,
    },
    /// A draft published for comment: never in force, whatever its text says.
    Draft,
}

/// A dated act of a body (adoption, approval, first reading, publication).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Act {
    /// `None` when the text does not date the act (the Wuxi first reading).
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// The meeting or office as the text names it.
    pub by: String,
    /// The standing body behind the meeting (the meeting's name without term and session).
    pub body: String,
}

/// What the library knows about a regulation besides its provisions: identity, place, status and
/// the dated acts of its making. Built from the text and `regulations/<key>/regulation.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The stable key used in references and questions, e.g. `haidong`, `wuxi-draft`.
    pub key: String,
    /// The official Chinese title as the text gives it, e.g. 海东市基层社会治理促进条例.
    pub title: String,
    /// The city that made the regulation, e.g. 海东市.
    pub city: String,
    /// The province whose standing committee approved it, e.g. 青海省.
    pub province: String,
    /// Names by which users refer to the regulation (海东条例, 海东 …), besides the title.
    pub aliases: Vec<String>,
    /// An English rendering of the title (not official).
    pub english_title: String,
    /// In force from a date, or a draft (never in force).
    pub status: Status,
    /// Adoption by the city's people's congress standing committee; `None` for a draft.
    #[serde(default)]
    pub adopted: Option<Act>,
    /// Approval by the provincial people's congress standing committee; `None` for a draft.
    #[serde(default)]
    pub approved: Option<Act>,
    /// For a draft: the first reading (初次审议).
    #[serde(default)]
    pub first_reading: Option<Act>,
    /// For a draft: publication for public comment.
    #[serde(default)]
    pub published: Option<Act>,
    /// The effective date written in the text; `None` when it is blank (the Wuxi draft).
    #[serde(default)]
    pub effective: Option<NaiveDate>,
    /// The article that states the effective date.
    pub effective_article: u32,
}

/// An item (项) of a paragraph, marked `（一）`, `（二）` … in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The item's number, from 1: `（七）` is 7.
    pub number: u32,
    /// The item's text without its `（一）` marker.
    pub text: String,
}

/// A paragraph (款) of an article: its text and the items that follow it, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// The paragraph's own text; for a paragraph with items, the lead-in before `（一）`.
    pub text: String,
    /// Its items in text order; empty for most paragraphs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

/// An article (条), e.g. 第二十三条.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The article's number, from 1; unique within the regulation (第二十三条 is 23).
    pub number: u32,
    /// Its paragraphs in text order (at least one); paragraph `n` of a reference is
    /// `paragraphs[n - 1]`.
    pub paragraphs: Vec<Paragraph>,
}

/// A chapter (章) and the articles it contains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    /// The chapter's number, from 1 (第二章 is 2).
    pub number: u32,
    /// The chapter's heading without its number, e.g. 总则.
    pub title: String,
    /// Its articles in text order.
    pub articles: Vec<Article>,
}

/// The canonical text of one regulation (`regulations/<key>/text.json`): metadata and chapters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Regulation {
    /// Identity, status and dates.
    pub meta: Meta,
    /// The chapters in text order; article numbers run on across them.
    pub chapters: Vec<Chapter>,
}

/// Counts of the structure, as `zhili regulations` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Number of chapters (章).
    pub chapters: usize,
    /// Number of articles (条).
    pub articles: usize,
    /// Number of paragraphs (款), over all articles.
    pub paragraphs: usize,
    /// Number of items (项), over all paragraphs.
    pub items: usize,
}

/// What a reference resolves to.
#[derive(Debug, Clone, Copy)]
pub enum Provision<'a> {
    /// A whole article (`haidong:23`).
    Article(&'a Article),
    /// A paragraph (`haidong:23:2`): its article, its number (from 1) and the paragraph.
    Paragraph(&'a Article, u32, &'a Paragraph),
    /// An item (`haidong:6:1:7`).
    Item(&'a Item),
}

impl Item {
    /// The item's marker as printed in the text, e.g. `（七）`.
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
    /// The article's heading, e.g. `第二十三条`.
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
    /// The provision's text: an article or paragraph with its items (one per line, with their
    /// markers); an item without its marker.
    pub fn text(&self) -> String {
        match self {
            Provision::Article(a) => a.full_text(),
            Provision::Paragraph(_, _, p) => p.full_text(),
            Provision::Item(i) => i.text.clone(),
        }
    }
}

impl Regulation {
    /// Every article in text order, across chapters.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.chapters.iter().flat_map(|c| c.articles.iter())
    }

    /// The article numbered `n`, if there is one.
    pub fn article(&self, n: u32) -> Option<&Article> {
        self.articles().find(|a| a.number == n)
    }

    /// The chapter that contains article number `article`.
    pub fn chapter_of(&self, article: u32) -> Option<&Chapter> {
        self.chapters
            .iter()
            .find(|c| c.articles.iter().any(|a| a.number == article))
    }

    /// How many chapters, articles, paragraphs and items the text has.
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
        // paragraph 0 does not exist (a hand-built Ref may carry it): an error, not an underflow
        let para = (p as usize)
            .checked_sub(1)
            .and_then(|i| art.paragraphs.get(i))
            .ok_or_else(|| {
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
