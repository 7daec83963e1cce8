//! Full-text search over the canonical texts: which paragraphs (or items) speak of these words.
//!
//! A query is split into terms at spaces and list punctuation; a paragraph is a hit when every
//! term is found in it: as a substring of its Chinese text, in the English summary of one of its
//! provisions (provisions.toml, case-insensitive), or as the id, name or alias of a topic one of its
//! provisions carries. No segmentation and no stemming: a search says where the words are, it does
//! not interpret them. Hits come best first (most occurrences of the terms), then in text order.

use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::norm::NormBase;
use crate::reference::Ref;
use crate::text::Regulation;
use serde::Serialize;

/// The most hits one search returns, whatever `limit` asks.
pub const MAX_LIMIT: usize = 500;
/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// The most terms a query may have.
pub const MAX_TERMS: usize = 16;

/// One paragraph or item that contains every term of the query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// The canonical citation, e.g. `haidong:23:2` or `haidong:6:1:7`.
    pub citation: String,
    /// The regulation's key.
    pub regulation: String,
    /// The reference in Chinese without the title, e.g. 第二十三条第二款.
    pub reference_zh: String,
    /// `paragraph` or `item`.
    pub level: &'static str,
    /// The chapter's heading, e.g. 总则.
    pub chapter: String,
    /// The clean text of the paragraph (with its items) or item.
    pub text: String,
    /// The topics of the provisions encoded from it (topics.toml ids), sorted, each once.
    pub topics: Vec<String>,
    /// How many times the terms occur in it (the ranking; a topic or English match counts one).
    pub score: usize,
}

/// The terms of a query: split at white space (also full-width) and list punctuation; empty terms
/// dropped. Errors when the query has no term, is longer than [`MAX_QUERY_CHARS`] or has more
/// than [`MAX_TERMS`] terms.
pub fn terms(query: &str) -> Result<Vec<String>> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(Error::InvalidQuestion(format!(
            "the search query is longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    let terms: Vec<String> = query
        .split(|c: char| c.is_whitespace() || "，,、；;。".contains(c))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    if terms.is_empty() {
        return Err(Error::InvalidQuestion(
            "the search query has no words".into(),
        ));
    }
    if terms.len() > MAX_TERMS {
        return Err(Error::InvalidQuestion(format!(
            "the search query has more than {MAX_TERMS} terms"
        )));
    }
    Ok(terms)
}

/// Searches `regulations` (every regulation of the corpus when empty) for the paragraphs, and the
/// items of paragraphs that have them, containing every term of `query`; at most `limit` hits
/// (capped at [`MAX_LIMIT`]), best first. A paragraph with items is a hit itself only when no one
/// of its items holds every term.
pub fn search(
    corpus: &Corpus,
    base: &NormBase,
    query: &str,
    regulations: &[&Regulation],
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let terms = terms(query)?;
    let lower: Vec<String> = terms.iter().map(|t| t.to_lowercase()).collect();
    let all: Vec<&Regulation> = if regulations.is_empty() {
        corpus.regulations.iter().collect()
    } else {
        regulations.to_vec()
    };
    let mut hits = Vec::new();
    for reg in all {
        let units = Units { base, reg };
        for chapter in &reg.chapters {
            for article in &chapter.articles {
                for (pi, para) in article.paragraphs.iter().enumerate() {
                    let pref = reg.paragraph_ref(article.number, pi);
                    let mut item_hit = false;
                    for item in &para.items {
                        let iref = Ref {
                            item: Some(item.number),
                            ..pref.clone()
                        };
                        if let Some(h) = units.hit(&iref, &item.text, &lower, &chapter.title) {
                            hits.push(h);
                            item_hit = true;
                        }
                    }
                    if !item_hit {
                        if let Some(h) = units.hit(&pref, &para.full_text(), &lower, &chapter.title)
                        {
                            hits.push(h);
                        }
                    }
                }
            }
        }
    }
    // Stable: equal scores keep text order (regulations in the order asked).
    crate::sort::by_key(&mut hits, |h| std::cmp::Reverse(h.score));
    hits.truncate(limit.min(MAX_LIMIT));
    Ok(hits)
}

/// One regulation's searchable units with what its provisions add (English, topics).
struct Units<'a> {
    base: &'a NormBase,
    reg: &'a Regulation,
}

impl Units<'_> {
    fn hit(&self, at: &Ref, text: &str, terms: &[String], chapter: &str) -> Option<SearchHit> {
        let provisions: Vec<_> = self
            .base
            .file(&self.reg.meta.key)
            .map(|f| {
                f.provision
                    .iter()
                    .filter(|p| p.cite.is_within(at))
                    .collect()
            })
            .unwrap_or_default();
        let mut topics: Vec<String> = provisions
            .iter()
            .flat_map(|p| p.topics.iter().cloned())
            .collect();
        crate::sort::sort(&mut topics);
        topics.dedup();
        let text_lower = text.to_lowercase();
        let mut score = 0;
        for term in terms {
            let in_text = text_lower.matches(term.as_str()).count();
            let in_english = provisions
                .iter()
                .any(|p| p.en.to_lowercase().contains(term.as_str()));
            let in_topic = topics.iter().any(|id| self.topic_named(id, term));
            if in_text == 0 && !in_english && !in_topic {
                return None;
            }
            score += in_text.max(1);
        }
        let citation = self.reg.canonical(at).unwrap_or_else(|_| at.clone());
        Some(SearchHit {
            citation: citation.to_string(),
            regulation: self.reg.meta.key.clone(),
            reference_zh: citation.to_zh(),
            level: if at.item.is_some() {
                "item"
            } else {
                "paragraph"
            },
            chapter: chapter.to_string(),
            text: text.to_string(),
            topics,
            score,
        })
    }

    /// True when `term` (lower case) is the topic's id, Chinese or English name, or an alias.
    fn topic_named(&self, id: &str, term: &str) -> bool {
        self.base.topics.topic.iter().any(|t| {
            t.id == id
                && (t.id == term
                    || t.zh == term
                    || t.en.to_lowercase() == term
                    || t.aliases.iter().any(|a| a.to_lowercase() == term))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_split_at_spaces_and_list_punctuation() {
        assert_eq!(
            terms(" 网格员　经费，考核 ").unwrap(),
            ["网格员", "经费", "考核"]
        );
        assert!(terms("  ，、 ").is_err());
        assert!(terms(&"字".repeat(MAX_QUERY_CHARS + 1)).is_err());
        assert!(terms(&"a ".repeat(MAX_TERMS + 1)).is_err());
    }
}
