//! The evaluators: one function per question kind, all driven by the norm base. [`answer`] is the
//! single entry point taking a question as in QUERIES.md. Every evaluator takes a [`Context`]: the
//! corpus and norm store it answers from and the explanation level; nothing here reaches for the
//! embedded data or for ambient state (the facade, `api`, passes the embedded data).

mod assign;
mod compare;
mod duty;
mod liability;
mod lookup;
mod numeric;
mod plan;
mod topic;

pub use assign::{evaluate_assignment, Assessment, Decision};
pub use duty::{duty_index, Duty, DutyIndexes};
pub use plan::Plan;

use crate::answer::{Answer, Condition, Explanation, Step, Text, WhatIf};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::explain::Explain;
use crate::norm::{NormBase, NormFile};
use crate::question::{parse_json, Echo, Question, QuestionKind, Scope};
use crate::text::{Regulation, Status};
use serde_json::Value;
use std::borrow::Cow;

/// What an evaluator answers from: the corpus, the norm store validated against it, how much of
/// the trace to build, and (optionally) the duty indexes of that data, built once each.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The texts.
    pub corpus: &'a Corpus,
    /// The norm store of those texts.
    pub base: &'a NormBase,
    /// How much of the reasoning trace the answer keeps: steps and summaries that would be
    /// dropped are not built.
    pub explain: Explain,
    /// Duty indexes of this corpus and store kept between questions; without them a duty-of
    /// question builds the index of its regulation afresh.
    pub indexes: Option<&'a DutyIndexes<'a>>,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("regulations", &self.corpus.keys().collect::<Vec<_>>())
            .field("explain", &self.explain)
            .field("indexes", &self.indexes.is_some())
            .finish()
    }
}

impl<'a> Context<'a> {
    /// The word lists actor recognition reads (the lexicon's `[actors]`).
    pub fn actor_words(&self) -> &'a crate::actor::ActorWords {
        &self.base.lexicon.actors
    }

    /// A context over this data, building duty indexes per question.
    pub fn new(corpus: &'a Corpus, base: &'a NormBase, explain: Explain) -> Context<'a> {
        Context {
            corpus,
            base,
            explain,
            indexes: None,
        }
    }

    /// The same context reading duty indexes from `indexes` (used only when they were made for
    /// this context's corpus and store).
    pub fn with_indexes(self, indexes: &'a DutyIndexes<'a>) -> Context<'a> {
        Context {
            indexes: Some(indexes),
            ..self
        }
    }

    /// The same context at another explanation level.
    pub fn at(self, explain: Explain) -> Context<'a> {
        Context { explain, ..self }
    }

    /// The assignment plan of `reg` and its norms `file`: the one kept in the context's indexes, or
    /// one built for this question when the context has none for them.
    pub fn plan(&self, reg: &Regulation, file: &NormFile) -> Cow<'a, Plan> {
        match self.indexes.and_then(|i| i.plan(reg, file)) {
            Some(p) => Cow::Borrowed(p),
            None => Cow::Owned(Plan::build(reg, file)),
        }
    }

    /// An empty finding that builds steps and summaries as this context's level asks.
    pub fn finding(&self) -> Finding {
        Finding::at(self.explain)
    }
}

/// What an evaluator found, before the date check wraps it.
#[derive(Debug, Clone, Default)]
pub struct Finding {
    /// The verdict, as in [`Answer::verdict`].
    pub verdict: Value,
    /// What must hold for the verdict.
    pub conditions: Vec<Condition>,
    /// The provisions the finding rests on, without repeats (see [`Finding::cite`]).
    pub citations: Vec<Text>,
    /// For liability: the sanction.
    pub sanction: Option<Value>,
    /// Other defensible values (see [`Answer::alternatives`]).
    pub alternatives: Vec<Value>,
    /// The norms tried, in order.
    pub steps: Vec<Step>,
    /// The finding in Chinese.
    pub summary_zh: String,
    /// The finding in English.
    pub summary_en: String,
    /// The explanation level it is built at (that of the [`Context`] it was made in): steps and
    /// summaries the level drops are not built.
    explain: Explain,
}

impl Finding {
    /// An empty finding built at this explanation level (see [`Context::finding`]).
    pub fn at(explain: Explain) -> Finding {
        Finding {
            explain,
            ..Default::default()
        }
    }

    /// Whether this finding keeps reasoning steps.
    pub fn explains_steps(&self) -> bool {
        self.explain == Explain::Full
    }

    /// Whether this finding keeps its summaries.
    pub fn explains_summary(&self) -> bool {
        self.explain != Explain::None
    }

    /// Adds a citation unless it is already there. A `String` is moved in, a `&str` copied only
    /// when it is new.
    pub fn cite(&mut self, c: impl AsRef<str> + Into<String>) {
        if !self.citations.iter().any(|x| x == c.as_ref()) {
            self.citations.push(Cow::Owned(c.into()));
        }
    }

    /// [`Finding::cite`] for a citation of the data (borrowed, not copied, from the embedded base).
    pub fn cite_text(&mut self, c: &Text) {
        if !self.citations.contains(c) {
            self.citations.push(c.clone());
        }
    }

    /// Sets the summaries, formatted only when the finding's explanation level keeps them
    /// ([`Finding::explains_summary`]); pass `format_args!`.
    pub fn summarise(&mut self, zh: impl std::fmt::Display, en: impl std::fmt::Display) {
        if self.explains_summary() {
            self.summary_zh = zh.to_string();
            self.summary_en = en.to_string();
        }
    }

    /// Records a step of the trace: the norm id, its citation, the outcome and what it says. Not
    /// built when the finding's explanation level drops steps ([`Finding::explains_steps`]): the
    /// texts are taken as `Display` so that callers pass `format_args!` and nothing is formatted
    /// for a step that is dropped.
    pub fn step(
        &mut self,
        norm: impl std::fmt::Display,
        citation: impl std::fmt::Display,
        outcome: &str,
        zh: impl std::fmt::Display,
        en: impl std::fmt::Display,
    ) {
        // a step the explanation level drops is not built
        if !self.explains_steps() {
            return;
        }
        self.steps.push(Step {
            norm: norm.to_string(),
            citation: citation.to_string(),
            outcome: outcome.to_string(),
            zh: zh.to_string(),
            en: en.to_string(),
        });
    }
}

/// Answers a question given as JSON text. Never fails: a malformed question gets an error answer.
pub fn ask_json(ctx: &Context<'static>, input: &str) -> Answer {
    // most questions are of the common shape, read straight into a typed question
    if let Some(q) = crate::question::read_common(input) {
        return answer(ctx, &q)
            .unwrap_or_else(|e| error_answer(Some(ctx), Echo::of_question(&q), &e));
    }
    let value = match parse_json(input) {
        Ok(v) => v,
        // keep the id, kind and regulation when the text is readable JSON at all (a duplicate
        // key, too deep …)
        Err(e) => return error_answer(Some(ctx), Echo::of_text(input), &e),
    };
    ask_value(ctx, &value)
}

/// Answers a question given as a JSON value.
pub fn ask_value(ctx: &Context<'static>, value: &Value) -> Answer {
    match Question::from_value(value).and_then(|q| answer(ctx, &q)) {
        Ok(a) => a,
        Err(e) => error_answer(Some(ctx), Echo::of_value(value), &e),
    }
}

/// The error answer to a question: its id, kind and regulation kept (the regulation as its key
/// when the corpus knows the name), the error's code and message.
pub fn error_answer(ctx: Option<&Context<'_>>, echo: Echo, e: &Error) -> Answer {
    let regulation = echo.regulation.map(|name| {
        ctx.and_then(|c| c.corpus.resolve(&name).ok())
            .map_or(name, |r| r.meta.key.clone())
    });
    Answer::from_error(echo.id, e).echoing(echo.kind, regulation)
}

/// Answers a typed question. The answer borrows the data's texts, so the data lives as long as the
/// program (the embedded data does).
pub fn answer(ctx: &Context<'static>, q: &Question) -> Result<Answer> {
    let corpus = ctx.corpus;
    let (regulation, wrapped) = match q.kind {
        QuestionKind::Compare => (None, compare::compare(ctx, q)?),
        QuestionKind::ArticleLookup | QuestionKind::BadInput => (None, lookup::lookup(ctx, q)?),
        QuestionKind::InForce => {
            let reg = one_regulation(corpus, q)?;
            (
                Some(Cow::Borrowed(reg.meta.key.as_str())),
                lookup::in_force(ctx, reg, q)?,
            )
        }
        _ => {
            let reg = one_regulation(corpus, q)?;
            let file = norms_of(ctx.base, &reg.meta.key)?;
            let finding = evaluate_kind(ctx, reg, file, q)?;
            // the effective-date citation of the plan kept for the regulation, borrowed
            let effective = || match ctx.indexes.and_then(|i| i.plan(reg, file)) {
                Some(p) => Cow::Borrowed(p.effective.as_str()),
                None => Cow::Owned(article_citation(&reg.meta.key, reg.meta.effective_article)),
            };
            (
                Some(Cow::Borrowed(reg.meta.key.as_str())),
                wrap_date_citing(reg, q, finding, effective),
            )
        }
    };
    let a = Answer {
        id: q.id.clone(),
        kind: Some(Cow::Borrowed(q.kind.as_str())),
        regulation: regulation.or_else(|| match &q.scope {
            Scope::All => Some(Cow::Borrowed("all")),
            Scope::One(k) => Some(Cow::Owned(k.clone())),
        }),
        verdict: wrapped.finding.verdict,
        conditions: wrapped.finding.conditions,
        citations: wrapped.finding.citations,
        whatif: wrapped.whatif,
        sanction: wrapped.finding.sanction,
        alternatives: wrapped.finding.alternatives,
        explanation: Explanation {
            steps: wrapped.finding.steps,
            summary_zh: wrapped.finding.summary_zh,
            summary_en: wrapped.finding.summary_en,
        },
        error: None,
    };
    // every citation must name an existing provision: a defect in the data is an error, not an answer
    let in_conditions = a
        .conditions
        .iter()
        .chain(a.whatif.iter().flat_map(|w| &w.conditions))
        .flat_map(|c| &c.citations);
    for c in a
        .citations
        .iter()
        .chain(a.whatif.iter().flat_map(|w| &w.citations))
        .chain(in_conditions)
    {
        if !corpus.cites(c) {
            return Err(Error::Inconsistent(format!(
                "answer cites {c}, which does not exist"
            )));
        }
    }
    Ok(a)
}

/// A finding after the date check: outside the effective period it is the not-in-force finding, and
/// the ordinary one goes under `whatif`.
pub struct Wrapped {
    /// The finding to answer with: the evaluator's own, or the not-in-force one.
    pub finding: Finding,
    /// Outside the effective period: the evaluator's finding, as if in force.
    pub whatif: Option<WhatIf>,
}

impl From<Finding> for Wrapped {
    fn from(finding: Finding) -> Wrapped {
        Wrapped {
            finding,
            whatif: None,
        }
    }
}

/// Whether the regulation governs the date: in force on it (the timeless reading, no date, of a
/// regulation in force), not a draft.
fn governs(reg: &Regulation, date: Option<chrono::NaiveDate>) -> bool {
    match (&reg.meta.status, date) {
        (Status::Draft, _) => false,
        (Status::InForceFrom { from }, Some(d)) => d >= *from,
        (Status::InForceFrom { .. }, None) => true,
    }
}

/// Whether the regulation governs the question's date; `None` when it does, else the reason.
pub fn not_in_force_reason(
    reg: &Regulation,
    date: Option<chrono::NaiveDate>,
) -> Option<(String, String)> {
    if governs(reg, date) {
        return None;
    }
    let art = format!(
        "第{}条",
        crate::numeral::format(reg.meta.effective_article).unwrap_or_default()
    );
    Some(match (&reg.meta.status, date) {
        // not governed while in force: the date is before the effective date
        (Status::InForceFrom { from }, Some(d)) => (
            format!("{d}早于{art}规定的施行日期{from}，条例当时尚未施行。"),
            format!("{d} is before the effective date {from} set by {art}; the regulation did not yet apply."),
        ),
        _ => (
            format!("《{}》是征求意见的草案，{art}施行日期空白，从未施行。", reg.meta.title),
            format!("{} is a draft published for comment; its effective date ({art}) is blank and it is never in force.", reg.meta.english_title),
        ),
    })
}

/// Outside the effective period the same evaluation runs and goes under `whatif`.
pub fn wrap_date(reg: &Regulation, q: &Question, f: Finding) -> Wrapped {
    wrap_date_citing(reg, q, f, || {
        Cow::Owned(article_citation(&reg.meta.key, reg.meta.effective_article))
    })
}

/// [`wrap_date`] citing the effective-date article as `effective` gives it.
fn wrap_date_citing(
    reg: &Regulation,
    q: &Question,
    f: Finding,
    effective: impl FnOnce() -> Text,
) -> Wrapped {
    if governs(reg, q.date) {
        return f.into();
    }
    // the reason is text for the summary and the trace only
    let (zh, en) = if f.explains_summary() {
        not_in_force_reason(reg, q.date).unwrap_or_default()
    } else {
        Default::default()
    };
    let effective = effective();
    let mut steps = Vec::new();
    if f.explains_steps() {
        steps.push(Step {
            norm: format!("{}.effective-date", reg.meta.key),
            citation: effective.to_string(),
            outcome: "not-in-force".into(),
            zh: zh.clone(),
            en: en.clone(),
        });
        steps.extend(f.steps);
    }
    let mut finding = Finding {
        verdict: Value::String("not-in-force".into()),
        citations: vec![effective],
        steps,
        ..Finding::at(f.explain)
    };
    finding.summarise(
        format_args!("{zh}假如施行：{}", f.summary_zh),
        format_args!("{en} As if in force: {}", f.summary_en),
    );
    let whatif = WhatIf {
        verdict: f.verdict,
        conditions: f.conditions,
        citations: f.citations,
        sanction: f.sanction,
    };
    Wrapped {
        finding,
        whatif: Some(whatif),
    }
}

/// `key:article` without the formatting machinery (every answer about a date before a regulation's
/// effect cites its effective-date article; `format!` was a tenth of such an assignment answer).
fn article_citation(key: &str, article: u32) -> String {
    let mut digits = [0u8; 10];
    let mut n = article;
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut s = String::with_capacity(key.len() + 1 + digits.len() - at);
    s.push_str(key);
    s.push(':');
    s.push_str(std::str::from_utf8(&digits[at..]).expect("ASCII digits"));
    s
}

fn one_regulation<'a>(corpus: &'a Corpus, q: &Question) -> Result<&'a Regulation> {
    match &q.scope {
        Scope::One(name) => corpus.resolve(name),
        Scope::All => Err(Error::InvalidQuestion(format!(
            "a {} question is about one regulation: set `regulation` to one of {}",
            q.kind.as_str(),
            corpus.keys().collect::<Vec<_>>().join(", ")
        ))),
    }
}

fn norms_of<'a>(base: &'a NormBase, key: &str) -> Result<&'a NormFile> {
    base.file(key)
        .ok_or_else(|| Error::Inconsistent(format!("no norms for {key}")))
}

/// The kinds that depend on a regulation's norms (dates handled by the caller).
pub fn evaluate_kind(
    ctx: &Context,
    reg: &Regulation,
    file: &NormFile,
    q: &Question,
) -> Result<Finding> {
    match q.kind {
        QuestionKind::AssignToCommittee => Ok(assign::finding(
            ctx,
            reg,
            file,
            crate::norm::Target::Committee,
            &q.facts,
        )),
        QuestionKind::AssignToGrid => Ok(assign::finding(
            ctx,
            reg,
            file,
            crate::norm::Target::Grid,
            &q.facts,
        )),
        QuestionKind::Liability => liability::liability(ctx, reg, file, &q.facts),
        QuestionKind::DutyOf => duty::duty_of(ctx, reg, file, &q.facts),
        QuestionKind::FacilityArea => numeric::facility_area(ctx, reg, file, &q.facts),
        QuestionKind::UtilityPrice => numeric::utility_price(ctx, reg, file, &q.facts),
        other => Err(Error::InvalidQuestion(format!(
            "{} is not a per-regulation kind",
            other.as_str()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_citations_read_as_formatted() {
        for n in [0, 1, 9, 10, 52, 100, 999, u32::MAX] {
            assert_eq!(article_citation("k", n), format!("k:{n}"));
        }
    }
}
