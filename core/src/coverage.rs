//! Which normative sentences of each regulation the encoding accounts for: a norm quotes it, a
//! provision (provisions.toml) encodes it, or the data marks it non-operative with a reason.

use crate::norm::{normalise, NormFile};
use crate::reference::Ref;
use crate::text::Regulation;
use serde::Serialize;

/// The keywords of spec texts.md section 5 that make a sentence normative: the lexicon's modal
/// duty markers (`modals` of regulations/lexicon.toml), in its order.
pub fn keywords() -> &'static [String] {
    &crate::lexicon::Lexicon::embedded().modals
}

/// What accounts for a normative sentence, tried in this order: a norm, a provision, a
/// non-operative mark; otherwise it is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// A hand-written norm (assignment rule, liability clause, value, numeric rule) quotes it.
    Norm,
    /// A provision of provisions.toml encodes it (bearer, force, act, topics).
    Provision,
    /// Marked in coverage.toml as having no operative content for the evaluators, with a reason.
    NonOperative,
    /// Not accounted for.
    Open,
}

/// One normative sentence (it contains a [`keywords`] keyword) and what accounts for it.
#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    /// The paragraph, or item, the sentence is in, e.g. `haidong:6:1:7`.
    pub cite: Ref,
    /// The sentence as in the text, with its closing 。 or ； if it has one.
    pub text: String,
    /// The normative keywords it contains, in [`keywords`] order.
    pub keywords: Vec<&'static str>,
    /// What accounts for it.
    pub status: Status,
    /// The norm ids, the provision ids, or the reason, as the status says.
    pub by: Vec<String>,
    /// The ids of the provisions that encode it (whatever the status).
    pub provisions: Vec<String>,
}

/// The coverage of one regulation: counts per [`Status`] and every normative sentence
/// (`zhili coverage`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The regulation's key.
    pub regulation: String,
    /// Normative sentences in the text; the four counts below add up to it.
    pub sentences: usize,
    /// Sentences quoted by a norm.
    pub norm: usize,
    /// Sentences encoded by a provision and by no norm.
    pub provision: usize,
    /// Sentences no provision encodes (whatever else accounts for them).
    pub without_provision: usize,
    /// Sentences marked non-operative in coverage.toml.
    pub non_operative: usize,
    /// Sentences nothing accounts for.
    pub open: usize,
    /// Every normative sentence, in text order.
    pub detail: Vec<Sentence>,
}

/// Splits a paragraph or item into sentences on 。 and ；, as texts.md section 5 counts them.
pub fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        cur.push(c);
        if matches!(c, '。' | '；') {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

fn quotes_of(file: &NormFile) -> Vec<(&Ref, &str, String)> {
    let mut q: Vec<(&Ref, &str, String)> = Vec::new();
    for n in &file.norm {
        q.push((&n.cite, &n.quote, n.id.clone()));
    }
    for l in &file.liability {
        q.push((&l.cite, &l.quote, l.id.clone()));
    }
    for v in &file.value {
        if let Some(quote) = &v.quote {
            q.push((&v.cite, quote, v.id.clone()));
        }
    }
    for a in &file.facility_area {
        q.push((&a.cite, &a.quote, "facility-area".into()));
    }
    for u in &file.utility_price {
        q.push((&u.cite, &u.quote, "utility-price".into()));
    }
    q
}

/// The core of a sentence for matching: no trailing punctuation.
fn core(s: &str) -> String {
    normalise(s)
        .trim_end_matches(['。', '；', '，', '：'])
        .to_string()
}

/// Accounts for every normative sentence of `reg` (paragraph and item texts split by
/// [`split_sentences`]) against its norm data `file`.
pub fn coverage(reg: &Regulation, file: &NormFile) -> Report {
    let quotes = quotes_of(file);
    let key = &reg.meta.key;
    let mut detail = Vec::new();
    for a in reg.articles() {
        for (pi, p) in a.paragraphs.iter().enumerate() {
            let pref = reg.paragraph_ref(a.number, pi);
            let mut units: Vec<(Ref, String)> = Vec::new();
            for s in split_sentences(&p.text) {
                units.push((pref.clone(), s));
            }
            for it in &p.items {
                for s in split_sentences(&it.text) {
                    units.push((
                        Ref {
                            item: Some(it.number),
                            ..pref.clone()
                        },
                        s,
                    ));
                }
            }
            for (cite, text) in units {
                let keywords: Vec<&'static str> = keywords()
                    .iter()
                    .map(String::as_str)
                    .filter(|k| text.contains(k))
                    .collect();
                if keywords.is_empty() {
                    continue;
                }
                let c = core(&text);
                let quotes_it = |r: &Ref, q: &str| {
                    (cite.is_within(r)
                        || r.is_within(&cite)
                        || (r.article == cite.article && r.paragraph.is_none()))
                        && r.reg == cite.reg
                        && {
                            let q = core(q);
                            !q.is_empty() && (q.contains(&c) || c.contains(&q))
                        }
                };
                let by_norm: Vec<String> = quotes
                    .iter()
                    .filter(|(r, q, _)| quotes_it(r, q))
                    .map(|(_, _, id)| id.clone())
                    .collect();
                let provisions: Vec<String> = file
                    .provision
                    .iter()
                    .filter(|p| quotes_it(&p.cite, &p.quote))
                    .map(|p| p.id.clone())
                    .collect();
                let mark = file.non_operative.iter().find(|m| {
                    (cite.is_within(&m.cite) || m.cite.is_within(&cite))
                        && c.contains(&core(&m.sentence))
                });
                let (status, by) = if !by_norm.is_empty() {
                    (Status::Norm, by_norm)
                } else if !provisions.is_empty() {
                    (Status::Provision, provisions.clone())
                } else if let Some(m) = mark {
                    (Status::NonOperative, vec![m.reason.clone()])
                } else {
                    (Status::Open, vec![])
                };
                detail.push(Sentence {
                    cite,
                    text,
                    keywords,
                    status,
                    by,
                    provisions,
                });
            }
        }
    }
    let count = |s: Status| detail.iter().filter(|d| d.status == s).count();
    Report {
        regulation: key.clone(),
        sentences: detail.len(),
        norm: count(Status::Norm),
        provision: count(Status::Provision),
        without_provision: detail.iter().filter(|d| d.provisions.is_empty()).count(),
        non_operative: count(Status::NonOperative),
        open: count(Status::Open),
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_full_stops_and_semicolons() {
        assert_eq!(
            split_sentences("甲应当做。乙不得做；丙"),
            ["甲应当做。", "乙不得做；", "丙"]
        );
        // a trailing blank is no sentence
        assert_eq!(split_sentences("甲。 "), ["甲。"]);
        assert!(split_sentences("").is_empty());
    }

    #[test]
    fn the_core_drops_trailing_punctuation_only() {
        assert_eq!(core("应当做好工作。"), "应当做好工作");
        assert_eq!(core("下列职责："), "下列职责");
    }

    #[test]
    fn every_normative_sentence_is_counted_once_with_its_keywords_in_order() {
        let (corpus, base) = crate::embedded::data().unwrap();
        for reg in &corpus.regulations {
            let file = base.file(&reg.meta.key).unwrap();
            let r = coverage(reg, file);
            assert_eq!(
                r.norm + r.provision + r.non_operative + r.open,
                r.sentences,
                "{}",
                r.regulation
            );
            assert_eq!(r.detail.len(), r.sentences);
            for s in &r.detail {
                assert!(!s.keywords.is_empty(), "{}", s.text);
                let order: Vec<usize> = s
                    .keywords
                    .iter()
                    .map(|k| keywords().iter().position(|w| w == k).unwrap())
                    .collect();
                assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", s.text);
                assert!(s.keywords.iter().all(|k| s.text.contains(k)));
                assert!(reg.lookup(&s.cite).is_ok(), "{}", s.cite);
                // what accounts for it is named, except for an open sentence
                assert_eq!(s.by.is_empty(), s.status == Status::Open, "{}", s.text);
            }
        }
    }
}
