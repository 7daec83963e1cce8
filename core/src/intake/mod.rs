//! The intake: a question written in Chinese → the structured question of spec QUERIES.md, with
//! what was recognised (field, value, the words that gave it, their character span) and what the
//! question still needs.
//!
//! Deterministic and without a model: the words it reads are data (`regulations/intake.toml`,
//! [`words::Words`]), regulation names come from the corpus, bodies are recognised by
//! [`crate::actor`]. What it cannot read stays `null` (unknown), never a guess: a relative date
//! (去年) is listed under `unresolved`, not turned into a day. The intake never decides an answer:
//! the structured question is answered by the evaluators, which never read the words; the facts a
//! question still needs are found by asking it ([`needs`]) with each unknown fact set both ways.
//!
//! ```
//! let i = zhili::intake::read("2024年5月10日，大连市某区民政局要求社区居委会协助开展协助事项清单内的工作，没有书面委托，是否合法？").unwrap();
//! assert_eq!(i.question["kind"], "assign-to-committee");
//! assert_eq!(i.question["regulation"], "dalian");
//! assert_eq!(i.question["date"], "2024-05-10");
//! assert_eq!(i.question["facts"]["written_commission"], false);
//! assert_eq!(i.question["facts"]["funding_provided"], serde_json::Value::Null);
//! ```

use crate::actor::{self, Kind as ActorKind};
use crate::answer::Answer;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::{json, Map, Value};

mod read;
pub(crate) mod scan;
mod word_char;
pub mod words;

pub use words::Words;

/// The longest question text the intake reads, in characters (a question is a sentence or a
/// paragraph, not a document).
pub const MAX_CHARS: usize = 4000;

/// One thing the intake recognised: which field, its value, and the words that gave it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recognised {
    /// The field: `kind`, `regulation`, `date`, or a fact key (`assigner`, `funding_provided` …);
    /// `reference` for an article reference read outside an article look-up.
    pub field: String,
    /// The value it gave (JSON: a string, a boolean, a number, or null for a fact the words leave
    /// unknown, such as 是否提供经费不清楚).
    pub value: Value,
    /// The words of the question that gave it.
    pub words: String,
    /// Their place in the question: `[start, end)` in characters (Unicode scalar values).
    pub span: [usize; 2],
}

/// What the intake read from a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intake {
    /// The structured question (spec QUERIES.md): `id`, `kind`, `regulation`, `date`, `facts`,
    /// `question_zh`. Fields it could not read are `null`.
    pub question: Value,
    /// What was recognised, in the order of the words.
    pub recognised: Vec<Recognised>,
    /// Words seen but not turned into a value (a relative date such as 去年): never guessed.
    pub unresolved: Vec<Recognised>,
    /// The facts whose value would change the answer (filled by [`needs`]; empty from [`read`]).
    pub needs: Vec<String>,
}

/// Reads a question in Chinese with the embedded corpus and words. Empty text is
/// `invalid-question`, text over [`MAX_CHARS`] is `too-large`; anything else gives a question,
/// all-unknown when no word is recognised.
pub fn read(text: &str) -> Result<Intake> {
    read_with(Corpus::get()?, Words::get()?, text)
}

/// [`read`] with a given corpus and word lists.
pub fn read_with(corpus: &Corpus, words: &Words, text: &str) -> Result<Intake> {
    let n = text.chars().count();
    if n > MAX_CHARS {
        return Err(Error::TooLarge(format!(
            "the question has {n} characters; the intake reads at most {MAX_CHARS}"
        )));
    }
    if text.trim().is_empty() {
        return Err(Error::InvalidQuestion("the question text is empty".into()));
    }
    Ok(read::Reader::new(corpus, words, text).read())
}

/// Sets the question's `id` (the intake leaves it empty).
pub fn with_id(mut intake: Intake, id: &str) -> Intake {
    if let Some(q) = intake.question.as_object_mut() {
        q.insert("id".into(), Value::String(id.to_string()));
    }
    intake
}

/// The facts a question may need, by kind, in the order they are reported: for the kinds that
/// evaluate an assignment, its parties, the list status and every three-valued fact of the question
/// model ([`crate::question::TRI_FACTS`]).
fn candidates(kind: &str) -> impl Iterator<Item = &'static str> {
    let assignment = matches!(
        kind,
        "assign-to-committee" | "assign-to-grid" | "liability" | "compare"
    );
    ["assigner", "assignee", "task_on_list"]
        .into_iter()
        .chain(crate::question::TRI_FACTS.iter().copied())
        .filter(move |_| assignment)
}

/// The list statuses a `task_on_list` fact may take.
const LIST_VALUES: &[&str] = &["assist", "autonomy", "negative", "grid", "none"];

/// What decides an answer: its verdict (for a compare question over several regulations, the
/// verdict of each), the verdict as if in force (`whatif`), and an error's code.
fn decision(a: &Answer) -> (Value, Option<Value>, Option<String>) {
    (
        a.verdict.clone(),
        a.whatif.as_ref().map(|w| w.verdict.clone()),
        a.error.as_ref().map(|e| e.code.clone()),
    )
}

/// Fills `needs`: the structural fields missing (`kind`, `regulation`), the fact a `missing-fact`
/// error names, and each unknown fact of the kind whose value — set true or false, or each list
/// status — changes the answer's verdict. `ask` answers a structured question (the facade passes
/// the evaluators with the embedded data); the law stays in the evaluators.
pub fn needs(mut intake: Intake, ask: &dyn Fn(&Value) -> Answer) -> Intake {
    let q = &intake.question;
    let mut needs: Vec<String> = Vec::new();
    let kind = q["kind"].as_str().unwrap_or_default().to_string();
    if kind.is_empty() {
        needs.push("kind".into());
    }
    if q["regulation"].is_null() {
        needs.push("regulation".into());
    }
    if !needs.is_empty() {
        intake.needs = needs;
        return intake;
    }
    let base = ask(q);
    if let Some(e) = &base.error {
        if e.code == "missing-fact" {
            let key = e
                .message
                .trim_start_matches("missing fact `")
                .split('`')
                .next()
                .unwrap_or_default();
            needs.push(key.to_string());
        }
        intake.needs = needs;
        return intake;
    }
    let before = decision(&base);
    let facts = q["facts"].as_object().cloned().unwrap_or_default();
    for key in candidates(&kind) {
        if facts.get(key).is_some_and(|v| !v.is_null()) {
            continue;
        }
        let values: Vec<Value> = match key {
            "assigner" | "assignee" => continue,
            "task_on_list" => LIST_VALUES.iter().map(|v| json!(v)).collect(),
            _ => vec![json!(true), json!(false)],
        };
        let changes = values.into_iter().any(|v| {
            let mut probe = q.clone();
            probe["facts"][key] = v;
            decision(&ask(&probe)) != before
        });
        if changes {
            needs.push(key.to_string());
        }
    }
    // a body the question does not name: its name (or level and kind) decides who is bound
    if matches!(
        kind.as_str(),
        "assign-to-committee" | "assign-to-grid" | "liability"
    ) {
        for key in ["assigner", "assignee"] {
            if facts.get(key).is_none_or(Value::is_null) {
                needs.push(key.to_string());
            }
        }
    }
    intake.needs = needs;
    intake
}

/// A body's name recognised with the embedded actor words (level × kind, as the evaluators read
/// it); unknown parts when the words cannot be loaded.
pub fn actor_of(name: &str) -> actor::Actor {
    match crate::lexicon::Lexicon::get() {
        Ok(lex) => actor::recognise(&lex.actors, name),
        Err(_) => actor::Actor::default(),
    }
}

/// The level and kind of a body's name, as the assignment facts name them.
pub(crate) fn actor_facts(name: &str) -> (Option<&'static str>, Option<&'static str>) {
    let a = actor_of(name);
    (a.level.map(|l| l.as_str()), a.kind.map(ActorKind::as_str))
}

/// The structured question's empty shape.
pub(crate) fn empty_question(text: &str) -> Map<String, Value> {
    let mut q = Map::new();
    q.insert("id".into(), Value::String(String::new()));
    q.insert("kind".into(), Value::Null);
    q.insert("regulation".into(), Value::Null);
    q.insert("date".into(), Value::Null);
    q.insert("facts".into(), Value::Object(Map::new()));
    q.insert("question_zh".into(), Value::String(text.to_string()));
    q
}
