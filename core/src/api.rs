//! The surface every front end calls: the CLI, the Python wheel, the WASM package and the HTTP
//! service are thin layers over these functions and hold no legal logic of their own. Everything
//! here returns plain serialisable values in the shape of spec QUERIES.md.
//!
//! ```
//! use zhili::api::{self, AskOptions, Explain};
//! let a = api::ask(
//!     r#"{"id":"q1","kind":"in-force","regulation":"haidong","date":"2024-01-01","facts":{}}"#,
//!     &AskOptions { explain: Explain::None },
//! );
//! assert_eq!(a.verdict, "yes");
//! assert!(a.explanation.steps.is_empty());
//! assert_eq!(api::regulations().unwrap().len(), 4);
//! assert_eq!(api::article("haidong:23:2", None).unwrap().level, "paragraph");
//! ```

use crate::answer::Answer;
use crate::corpus::Corpus;
use crate::embedded;
use crate::error::{Error, Result};
use crate::norm::NormBase;
use crate::question::Question;
use crate::text::{Provision, Regulation, Status};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

pub use crate::explain::Explain;

/// What a front end needs to read its own objects (Python dicts, JS values) straight into a
/// [`Question`] without JSON: a serde deserializer over them with [`GiveUp`] as its error, read by
/// [`read_common_from`], within [`MAX_INPUT_BYTES`] and [`MAX_DEPTH`]; then [`ask_question`]. Dates
/// and facts given as JSON text are read by [`parse_date`] and [`parse_json`].
pub use crate::question::{
    parse_date, parse_json, read_common_from, GiveUp, MAX_DEPTH, MAX_INPUT_BYTES,
};

/// Options every front end passes through unchanged.
#[derive(Debug, Clone, Copy, Default)]
pub struct AskOptions {
    /// How much of the reasoning trace to keep.
    pub explain: Explain,
}

impl Answer {
    /// Trims the explanation to the level asked for.
    pub fn with_explain(mut self, level: Explain) -> Answer {
        match level {
            Explain::Full => {}
            Explain::Summary => self.explanation.steps.clear(),
            Explain::None => {
                self.explanation.steps.clear();
                self.explanation.summary_zh.clear();
                self.explanation.summary_en.clear();
            }
        }
        self
    }
}

/// Answers one question given as JSON text. Never fails: bad input gets an error answer that keeps
/// the question's id where it can be read.
pub fn ask(input: &str, opts: &AskOptions) -> Answer {
    match embedded::context(opts.explain) {
        Ok(ctx) => crate::evaluate::ask_json(&ctx, input),
        // the embedded data failed to load: the same error answer the full-level path gives
        Err(_) => crate::embedded::ask_json(input),
    }
    .with_explain(opts.explain)
}

/// Answers one question given as bytes (a line of a JSONL batch): as [`ask`] once they are read as
/// UTF-8, an `invalid-json` answer when they are not. The CLI's and the service's batches answer
/// every line through this.
pub fn ask_bytes(input: &[u8], opts: &AskOptions) -> Answer {
    match std::str::from_utf8(input) {
        Ok(text) => ask(text, opts),
        Err(e) => Answer::from_error("", &Error::not_utf8(e)).with_explain(opts.explain),
    }
}

/// The answer to an input of `bytes` bytes that was not read because it is over the size limit
/// (a batch skips such a line to its end; no id could be read from it).
pub fn too_large_answer(bytes: usize, opts: &AskOptions) -> Answer {
    Answer::from_error("", &crate::question::too_large(bytes)).with_explain(opts.explain)
}

/// Answers one question given as a JSON value (for front ends that already hold parsed JSON).
pub fn ask_value(value: &Value, opts: &AskOptions) -> Answer {
    match embedded::context(opts.explain) {
        Ok(ctx) => crate::evaluate::ask_value(&ctx, value),
        Err(_) => crate::embedded::ask_value(value),
    }
    .with_explain(opts.explain)
}

/// Answers a typed question (e.g. one read by [`crate::question::read_common_from`] from a front
/// end's own objects); an error answer keeps its id.
pub fn ask_question(q: &Question, opts: &AskOptions) -> Answer {
    let ctx = embedded::context(opts.explain);
    ctx.as_ref()
        .map_err(Clone::clone)
        .and_then(|ctx| crate::evaluate::answer(ctx, q))
        .unwrap_or_else(|e| {
            let echo = crate::question::Echo::of_question(q);
            crate::evaluate::error_answer(ctx.as_ref().ok(), echo, &e)
        })
        .with_explain(opts.explain)
}

/// Answers many questions, one answer per question, in order; a bad question gets an error answer
/// in its place.
pub fn ask_many<'a>(inputs: impl IntoIterator<Item = &'a str>, opts: &AskOptions) -> Vec<Answer> {
    inputs.into_iter().map(|q| ask(q, opts)).collect()
}

/// Reads a question written in Chinese into the structured question (spec QUERIES.md), with what
/// was recognised and the facts it still needs (see [`crate::intake`]). The words never decide the
/// answer: `needs` comes from asking the structured question with each unknown fact set both ways.
/// Empty text is `invalid-question`, text over [`crate::intake::MAX_CHARS`] characters `too-large`.
///
/// ```
/// let i = zhili::api::intake("2024年9月2日，大连市某区民政局要求社区居委会协助开展协助事项清单内的工作，提供了经费，是否合法？").unwrap();
/// assert_eq!(i.question["facts"]["assigner"], "区民政局");
/// assert_eq!(i.question["facts"]["funding_provided"], true);
/// // the facts the answer still turns on: the written commission among them, not the funding
/// assert!(i.needs.contains(&"written_commission".to_string()));
/// assert!(!i.needs.contains(&"funding_provided".to_string()));
/// ```
pub fn intake(text: &str) -> Result<crate::intake::Intake> {
    let read = crate::intake::read(text)?;
    let opts = AskOptions {
        explain: Explain::None,
    };
    Ok(crate::intake::needs(read, &|q| ask_value(q, &opts)))
}

/// [`intake`], then the structured question answered (when its kind and regulation were read;
/// otherwise `None`).
pub fn intake_and_ask(
    text: &str,
    opts: &AskOptions,
) -> Result<(crate::intake::Intake, Option<Answer>)> {
    let i = intake(text)?;
    let answerable = !i.question["kind"].is_null() && !i.question["regulation"].is_null();
    let answer = answerable.then(|| ask_value(&i.question, opts));
    Ok((i, answer))
}

/// One regulation as `zhili regulations --json` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegulationSummary {
    /// The regulation's key, e.g. `haidong`.
    pub key: String,
    /// The official Chinese title.
    pub title: String,
    /// An English rendering of the title.
    pub english_title: String,
    /// The city that made it, e.g. 海东市.
    pub city: String,
    /// Its province, e.g. 青海省.
    pub province: String,
    /// Short names users refer to it by (海东条例 …).
    pub aliases: Vec<String>,
    /// `in-force` or `draft`.
    pub status: &'static str,
    /// The effective date the text states; `None` when it is blank (a draft).
    pub effective: Option<NaiveDate>,
    /// The article that states the effective date.
    pub effective_article: u32,
    /// Adoption by the city's standing committee; `None` for a draft.
    pub adopted: Option<crate::text::Act>,
    /// Approval by the provincial standing committee; `None` for a draft.
    pub approved: Option<crate::text::Act>,
    /// Number of chapters (章).
    pub chapters: usize,
    /// Number of articles (条).
    pub articles: usize,
    /// Number of paragraphs (款).
    pub paragraphs: usize,
    /// Number of items (项).
    pub items: usize,
}

impl RegulationSummary {
    /// The summary of one canonical text.
    pub fn of(r: &Regulation) -> RegulationSummary {
        let c = r.counts();
        RegulationSummary {
            key: r.meta.key.clone(),
            title: r.meta.title.clone(),
            english_title: r.meta.english_title.clone(),
            city: r.meta.city.clone(),
            province: r.meta.province.clone(),
            aliases: r.meta.aliases.clone(),
            status: match r.meta.status {
                Status::Draft => "draft",
                Status::InForceFrom { .. } => "in-force",
            },
            effective: r.meta.effective,
            effective_article: r.meta.effective_article,
            adopted: r.meta.adopted.clone(),
            approved: r.meta.approved.clone(),
            chapters: c.chapters,
            articles: c.articles,
            paragraphs: c.paragraphs,
            items: c.items,
        }
    }
}

/// Every regulation of the corpus, in corpus order.
pub fn regulations() -> Result<Vec<RegulationSummary>> {
    Ok(Corpus::get()?
        .regulations
        .iter()
        .map(RegulationSummary::of)
        .collect())
}

/// The whole structure of one regulation (chapters → articles → paragraphs → items), by key,
/// title or alias, for browsing.
pub fn structure(regulation: &str) -> Result<&'static Regulation> {
    Corpus::get()?.resolve(regulation)
}

/// A provision found by reference, as `zhili article --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleView {
    /// The canonical citation, e.g. `haidong:6:1:7`.
    pub citation: String,
    /// The regulation's key.
    pub regulation: String,
    /// The regulation's official Chinese title.
    pub title: String,
    /// The title and the reference in Chinese, e.g. 《…》第六条第一款第（七）项.
    pub reference_zh: String,
    /// `article`, `paragraph` or `item`.
    pub level: &'static str,
    /// The clean text (full-width punctuation).
    pub text: String,
}

/// Looks up a provision by citation (`dalian:24:3`), Chinese reference (大连条例第二十四条第三款) or
/// English-style reference; `regulation` is the default for a reference that names none. A
/// reference that names another regulation than `regulation` is refused as `invalid-question`, as an
/// `article-lookup` question refuses it: never answered from another text than the one asked about.
pub fn article(reference: &str, regulation: Option<&str>) -> Result<ArticleView> {
    let corpus = Corpus::get()?;
    let r = corpus.parse_ref(reference, regulation)?;
    if let Some(name) = regulation {
        let asked = &corpus.resolve(name)?.meta.key;
        if *asked != r.reg {
            return Err(Error::InvalidQuestion(format!(
                "`regulation` is {asked} but the reference names {}",
                r.reg
            )));
        }
    }
    let reg = corpus.regulation(&r.reg)?;
    let p = reg.lookup(&r)?;
    Ok(ArticleView {
        citation: r.to_string(),
        regulation: reg.meta.key.clone(),
        title: reg.meta.title.clone(),
        reference_zh: format!("{}{}", reg.meta.title, r.to_zh()),
        level: match p {
            Provision::Article(_) => "article",
            Provision::Paragraph(..) => "paragraph",
            Provision::Item(_) => "item",
        },
        text: p.text(),
    })
}

/// One thing `compare` can be asked about: a feature of the comparison catalogue
/// (features.toml) or a topic of the provisions (topics.toml).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureSummary {
    /// Its id, as `compare` questions may name it, e.g. `written-commission` or `worker-insurance`.
    pub id: String,
    /// Its Chinese name.
    pub zh: String,
    /// Its English name.
    pub en: String,
    /// Other words by which a question may name it.
    pub aliases: Vec<String>,
    /// `feature` (the comparison catalogue: conduct, values, consequences) or `topic`.
    pub kind: &'static str,
    /// For a topic, the chapter theme it belongs to (`grid`, `workers` …); `comparison` for a feature.
    pub group: String,
}

/// Everything `compare` answers on: the comparison catalogue's features, then the topics.
pub fn features() -> Result<Vec<FeatureSummary>> {
    let base = NormBase::get()?;
    let features = base.features.feature.iter().map(|f| FeatureSummary {
        id: f.id.clone(),
        zh: f.zh.clone(),
        en: f.en.clone(),
        aliases: f.aliases.clone(),
        kind: "feature",
        group: "comparison".into(),
    });
    let topics = base.topics.topic.iter().map(|t| FeatureSummary {
        id: t.id.clone(),
        zh: t.zh.clone(),
        en: t.en.clone(),
        aliases: t.aliases.clone(),
        kind: "topic",
        group: t.group.clone(),
    });
    Ok(features.chain(topics).collect())
}

/// A topic one regulation regulates and another does not, with the provisions that show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapTopic {
    /// The topic's id.
    pub topic: String,
    /// Its Chinese name.
    pub zh: String,
    /// Its English name.
    pub en: String,
    /// Its group (chapter theme).
    pub group: String,
    /// The provisions on it, of the regulations that have it.
    pub citations: Vec<String>,
}

/// What one regulation regulates beside others: the topics they have and it lacks (`missing`,
/// cited from them) and the topics it has and none of them has (`extra`, cited from it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gaps {
    /// The regulation reviewed.
    pub regulation: String,
    /// The regulations it is compared with.
    pub against: Vec<String>,
    /// Topics some regulation of `against` has and this one does not.
    pub missing: Vec<GapTopic>,
    /// Topics this one has and no regulation of `against` has.
    pub extra: Vec<GapTopic>,
}

/// The gaps of `regulation` (key, title or alias) against `against` (all the others when empty):
/// what a drafting committee reviewing a text wants to see.
pub fn gaps(regulation: &str, against: &[String]) -> Result<Gaps> {
    let corpus = Corpus::get()?;
    let base = NormBase::get()?;
    let key = corpus.resolve(regulation)?.meta.key.clone();
    let mut others = Vec::new();
    for a in against {
        let k = corpus.resolve(a)?.meta.key.clone();
        if k == key {
            return Err(Error::InvalidQuestion(format!(
                "`{a}` is the regulation reviewed; compare it with others"
            )));
        }
        if !others.contains(&k) {
            others.push(k);
        }
    }
    if others.is_empty() {
        others = corpus
            .keys()
            .filter(|k| *k != key)
            .map(str::to_string)
            .collect();
    }
    let on = |k: &str, topic: &str| -> Vec<String> {
        base.file(k)
            .map(|f| f.provisions_on(topic).map(|p| p.cite.to_string()).collect())
            .unwrap_or_default()
    };
    let dedup = |mut v: Vec<String>| {
        let mut seen = std::collections::HashSet::new();
        v.retain(|c| seen.insert(c.clone()));
        v
    };
    let (mut missing, mut extra) = (Vec::new(), Vec::new());
    for t in &base.topics.topic {
        let mine = dedup(on(&key, &t.id));
        let theirs = dedup(others.iter().flat_map(|o| on(o, &t.id)).collect());
        let gap = |citations: Vec<String>| GapTopic {
            topic: t.id.clone(),
            zh: t.zh.clone(),
            en: t.en.clone(),
            group: t.group.clone(),
            citations,
        };
        if mine.is_empty() && !theirs.is_empty() {
            missing.push(gap(theirs));
        } else if !mine.is_empty() && theirs.is_empty() {
            extra.push(gap(mine));
        }
    }
    Ok(Gaps {
        regulation: key,
        against: others,
        missing,
        extra,
    })
}

pub use crate::search::SearchHit;

/// The paragraphs and items that contain every word of `query` (split at spaces and list
/// punctuation; a word may also be a topic's id or name, or English words of a provision's
/// summary), in `regulation` (key, title or alias) or in all regulations, best first, at most
/// `limit` (capped at 500). An empty query, one over 200 characters or 16 words is
/// `invalid-question`; an unknown regulation is `unknown-regulation`.
///
/// ```
/// let hits = zhili::api::search("网格 经费", Some("wuxi-draft"), 5).unwrap();
/// assert!(!hits.is_empty());
/// assert!(hits.iter().all(|h| h.text.contains("网格") && h.text.contains("经费")));
/// ```
pub fn search(query: &str, regulation: Option<&str>, limit: usize) -> Result<Vec<SearchHit>> {
    let corpus = Corpus::get()?;
    let only = match regulation {
        Some(name) => vec![corpus.resolve(name)?],
        None => Vec::new(),
    };
    crate::search::search(corpus, NormBase::get()?, query, &only, limit)
}

/// Which regulations have a feature (by id, Chinese name or alias): a `compare` answer.
pub fn compare(feature: &str, opts: &AskOptions) -> Result<Answer> {
    Ok(crate::kinds::compare_feature_at(opts.explain, feature)?.with_explain(opts.explain))
}

/// Whether a regulation (key, title or alias) is in force on `date`: an `in-force` answer.
pub fn in_force(regulation: &str, date: NaiveDate, opts: &AskOptions) -> Result<Answer> {
    let key = Corpus::get()?.resolve(regulation)?.meta.key.clone();
    Ok(crate::kinds::in_force_at(opts.explain, &key, date)?.with_explain(opts.explain))
}

/// One entry of the error catalogue (docs/errors.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorCode {
    /// The code, e.g. `unknown-article`.
    pub code: &'static str,
    /// A one-line meaning of the code.
    pub meaning: &'static str,
}

/// Every stable error code with a one-line meaning, for front ends that map codes to their own
/// error types and for the HTTP service's error schema.
pub fn error_catalogue() -> Vec<ErrorCode> {
    Error::CATALOGUE
        .iter()
        .map(|&(code, meaning)| ErrorCode { code, meaning })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: &str = r#"{"id":"x","kind":"assign-to-committee","regulation":"dalian","date":"2024-06-01","facts":{"assigner":"区民政局","task_on_list":"none"}}"#;

    #[test]
    fn explain_level_never_changes_the_decision() {
        let full = ask(Q, &AskOptions::default());
        assert!(!full.explanation.steps.is_empty());
        for level in [Explain::Summary, Explain::None] {
            let a = ask(Q, &AskOptions { explain: level });
            assert_eq!(
                (
                    &a.verdict,
                    &a.conditions,
                    &a.citations,
                    &a.whatif,
                    &a.sanction
                ),
                (
                    &full.verdict,
                    &full.conditions,
                    &full.citations,
                    &full.whatif,
                    &full.sanction
                )
            );
            assert!(a.explanation.steps.is_empty());
        }
        let none = ask(
            Q,
            &AskOptions {
                explain: Explain::None,
            },
        );
        assert!(none.explanation.summary_zh.is_empty());
    }

    #[test]
    fn explain_names_parse_and_bad_ones_are_typed_errors() {
        for n in Explain::NAMES {
            assert_eq!(n.parse::<Explain>().unwrap().as_str(), *n);
        }
        assert_eq!(
            "chatty".parse::<Explain>().unwrap_err().code(),
            "invalid-question"
        );
    }

    #[test]
    fn every_code_has_a_meaning() {
        let cat = error_catalogue();
        assert_eq!(cat.len(), Error::CODES.len());
        assert!(cat.iter().all(|e| !e.meaning.is_empty()));
    }

    #[test]
    fn look_ups_give_typed_errors() {
        assert_eq!(
            article("haidong:999", None).unwrap_err().code(),
            "unknown-article"
        );
        // a reference naming another regulation than the one asked about is a contradiction
        for (reference, regulation) in [
            ("haidong:23", "dalian"),
            ("haidong:23:2", "大连条例"),
            ("大连条例第二十四条第三款", "haidong"),
        ] {
            let e = article(reference, Some(regulation)).unwrap_err();
            assert_eq!(
                e.code(),
                "invalid-question",
                "{reference} {regulation}: {e}"
            );
        }
        assert_eq!(
            article("haidong:23", Some("海东条例")).unwrap().citation,
            "haidong:23"
        );
        assert_eq!(
            article("haidong:23", Some("hangzhou")).unwrap_err().code(),
            "unknown-regulation"
        );
        assert_eq!(
            structure("hangzhou").unwrap_err().code(),
            "unknown-regulation"
        );
        let first = &features().unwrap()[0];
        let a = compare(&first.id, &AskOptions::default()).unwrap();
        assert!(a.verdict.is_array(), "{:?}", a.verdict);
    }
}
