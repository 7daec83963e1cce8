//! Questions as in spec QUERIES.md, parsed from JSON into typed, validated values.

use crate::actor::{Kind as ActorKind, Level};
use crate::error::{Error, Result};
use crate::tri::Tri;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::borrow::Cow;

mod common;
pub(crate) use common::read as read_common;
pub use common::{read_from as read_common_from, GiveUp};

/// Inputs larger than this are refused before parsing (a line of a JSONL file, a question).
pub const MAX_INPUT_BYTES: usize = 1 << 20;
/// JSON nested deeper than this is refused (a question is at most three levels deep).
pub const MAX_DEPTH: usize = 32;

/// The kind of a question (`kind` in the JSON), which decides the evaluator and the verdict values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuestionKind {
    /// `assign-to-committee`: may this body give this work to a residents'/villagers' committee or
    /// community?
    AssignToCommittee,
    /// `assign-to-grid`: may this body hand this item to the grid or grid staff?
    AssignToGrid,
    /// `liability`: does the regulation attach legal liability to this conduct, and what?
    Liability,
    /// `in-force`: is the regulation in force on `date`?
    InForce,
    /// `duty-of`: who bears a duty, does an actor bear it, or what value does the text fix?
    DutyOf,
    /// `compare`: which regulations have a feature, or how does the same conduct fare under each?
    Compare,
    /// `facility-area`: the minimum planned facility area, or whether an area meets it.
    FacilityArea,
    /// `utility-price`: must this utility be billed at the residential price?
    UtilityPrice,
    /// `article-lookup`: the clean text of an article, paragraph or item.
    ArticleLookup,
    /// `bad-input`: a look-up expected to fail (article 999, an unknown regulation, 2023-02-30); it
    /// is answered like `article-lookup`, so bad input gets its error answer.
    BadInput,
}

impl QuestionKind {
    /// Every kind with its JSON name, in the order of spec QUERIES.md.
    pub const ALL: &'static [(&'static str, QuestionKind)] = &[
        ("assign-to-committee", QuestionKind::AssignToCommittee),
        ("assign-to-grid", QuestionKind::AssignToGrid),
        ("liability", QuestionKind::Liability),
        ("in-force", QuestionKind::InForce),
        ("duty-of", QuestionKind::DutyOf),
        ("compare", QuestionKind::Compare),
        ("facility-area", QuestionKind::FacilityArea),
        ("utility-price", QuestionKind::UtilityPrice),
        ("article-lookup", QuestionKind::ArticleLookup),
        ("bad-input", QuestionKind::BadInput),
    ];

    /// The kind with this JSON name (exact, e.g. `duty-of`).
    pub fn parse(s: &str) -> Option<QuestionKind> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    /// The JSON name, e.g. `duty-of`.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .expect("listed")
    }
}

/// Which regulations a question is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One regulation, by key, title or alias as the question gives it (resolved when answered).
    One(String),
    /// Every regulation (`"all"`, or no `regulation` at all): for compare questions and look-ups.
    All,
}

/// Where a task stands on the work-item lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListStatus {
    /// `assist`: on the list of work the committee assists the government with (协助政府工作事项清单).
    Assist,
    /// `autonomy`: on the list of the committee's own self-governance work (自治工作事项清单).
    Autonomy,
    /// `negative`: on a negative list (负面清单) of work that must not be assigned.
    Negative,
    /// `grid`: on the list of grid work items (网格事项清单).
    Grid,
    /// `none`: on no list (off-list work).
    None,
}

impl ListStatus {
    /// Parses a `task_on_list` value: `assist`, `autonomy`, `negative`, `grid`, `none`.
    pub fn parse(s: &str) -> Option<ListStatus> {
        Some(match s {
            "assist" => ListStatus::Assist,
            "autonomy" => ListStatus::Autonomy,
            "negative" => ListStatus::Negative,
            "grid" => ListStatus::Grid,
            "none" => ListStatus::None,
            _ => return None,
        })
    }

    /// The `task_on_list` value, e.g. `assist`.
    pub fn as_str(self) -> &'static str {
        match self {
            ListStatus::Assist => "assist",
            ListStatus::Autonomy => "autonomy",
            ListStatus::Negative => "negative",
            ListStatus::Grid => "grid",
            ListStatus::None => "none",
        }
    }
}

/// The boolean facts: each three-valued.
pub const TRI_FACTS: &[&str] = &[
    "task_is_assigner_own_duty",
    "written_commission",
    "funding_provided",
    "work_conditions_provided",
    "information_support_provided",
    "guidance_provided",
    "approval",
    "consulted_committee",
    "committee_consented",
    "via_purchase_of_service",
    "complies_with_purchase_rules",
];

const TEXT_FACTS: &[&str] = &[
    "assigner",
    "assignee",
    "task",
    "facility",
    "utility",
    "utility_zh",
    "ref_zh",
    "raw_date",
    "requested_regulation",
    "duty",
    "actor",
    "conduct",
    "feature",
    "asks",
];

/// A fact's name as [`Facts`] keeps it: borrowed when it is a known fact, copied otherwise.
pub(crate) fn fact_key(key: &str) -> Cow<'static, str> {
    match TRI_FACTS.iter().chain(TEXT_FACTS).find(|k| **k == key) {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(key.to_string()),
    }
}

/// The values of the `asks` fact (what a duty-of question asks: who, whether, or the value).
pub const ASKS: &[&str] = &["who", "whether", "value", "recipient"];

/// The facts of a question, validated.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The text facts (`assigner`, `assignee`, `task`, `duty`, `feature`, `ref_zh` …) as key–value
    /// pairs (from JSON: trimmed, and empty strings left out).
    /// The keys are borrowed from [`TRI_FACTS`] and the text keys when they are among them (every
    /// key read from a question is): no allocation per fact for its name.
    pub text: Vec<(Cow<'static, str>, String)>,
    /// The boolean facts given ([`TRI_FACTS`]); a fact not listed is unknown.
    pub tri: Vec<(Cow<'static, str>, Tri)>,
    /// `assigner_level`: overrides the level recognised from the assigner's name.
    pub assigner_level: Option<Level>,
    /// `assigner_kind`: overrides the kind recognised from the assigner's name.
    pub assigner_kind: Option<ActorKind>,
    /// `task_on_list`: where the task stands on the work-item lists; `None` is unknown.
    pub task_on_list: Option<ListStatus>,
    /// `households`: the number of resident households a facility is planned for (facility-area
    /// questions).
    pub households: Option<u64>,
    /// `area_m2`: a facility's area in m², to check against the standard (facility-area questions).
    pub area_m2: Option<f64>,
    /// `article`: an article number, from 1 (article-lookup questions).
    pub article: Option<u32>,
    /// `paragraph`: a paragraph number within the article, from 1.
    pub paragraph: Option<u32>,
    /// `item`: an item number within the paragraph, from 1.
    pub item: Option<u32>,
    /// For compare: the regulations to compare (default: all).
    pub regulations: Option<Vec<String>>,
}

impl Facts {
    /// Starts an empty set of facts (every boolean unknown).
    pub fn new() -> Facts {
        Facts::default()
    }

    /// Sets a text fact (assigner, assignee, task, duty, feature, ref_zh …).
    pub fn with_text(mut self, key: &str, value: &str) -> Facts {
        self.text.retain(|(k, _)| k != key);
        self.text.push((fact_key(key), value.to_string()));
        self
    }

    /// Sets a three-valued fact; `None` is unknown.
    pub fn with_tri(mut self, key: &str, value: Option<bool>) -> Facts {
        self.tri.retain(|(k, _)| k != key);
        self.tri.push((fact_key(key), Tri::from_option(value)));
        self
    }

    /// Sets `task_on_list`.
    pub fn with_list(mut self, status: ListStatus) -> Facts {
        self.task_on_list = Some(status);
        self
    }

    /// A text fact; `None` when absent.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.text
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A boolean fact; absent and null are both unknown.
    pub fn tri(&self, key: &str) -> Tri {
        self.tri
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| *v)
            .unwrap_or(Tri::Unknown)
    }

    /// True when the question says anything about an assignment (assigner, assignee or task).
    pub fn has_assignment(&self) -> bool {
        ["assigner", "assignee", "task"]
            .iter()
            .any(|k| self.text(k).is_some())
            || self.assigner_level.is_some()
            || self.assigner_kind.is_some()
            || self.task_on_list.is_some()
    }
}

/// A validated question (spec QUERIES.md), from JSON ([`Question::from_json`]) or built in Rust
/// ([`Question::new`]).
#[derive(Debug, Clone)]
pub struct Question {
    /// Echoed in the answer; empty when not given.
    pub id: String,
    /// What is asked.
    pub kind: QuestionKind,
    /// Which regulation(s) it is about.
    pub scope: Scope,
    /// The day the conduct happens or the question is asked; `None` is the timeless reading of the
    /// text.
    pub date: Option<NaiveDate>,
    /// The kind-specific facts.
    pub facts: Facts,
    /// The question in Chinese words, for display only (the evaluators never read it).
    pub question_zh: Option<String>,
    /// The question in English words, for display only.
    pub question_en: Option<String>,
}

/// Parses a `YYYY-MM-DD` date that exists on the calendar.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(Error::InvalidDate(s.chars().take(40).collect()));
    }
    // the shape is checked: the three numbers are read directly (chrono's format parser costs
    // more than the rest of reading a question's fields)
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0); // digits: the shape is checked
    NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10))
        .ok_or_else(|| Error::InvalidDate(s.to_string()))
}

pub(crate) fn depth(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

const DUPLICATE: &str = "duplicate key";

/// A JSON value read with duplicate object keys refused: with them, which value wins is silent and a
/// question could be answered about another kind or date than the one its writer saw.
pub(crate) struct NoDuplicateKeys(pub(crate) Value);

impl<'de> serde::Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(NoDuplicateKeys)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Value, E> {
        Ok(serde_json::Number::from_f64(v)
            .map(Value::Number)
            .unwrap_or(Value::Null))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(NoDuplicateKeys(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            if out.contains_key(&k) {
                return Err(serde::de::Error::custom(format!(
                    "{DUPLICATE} `{}`",
                    k.chars().take(60).collect::<String>()
                )));
            }
            let NoDuplicateKeys(v) = map.next_value()?;
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }
}

/// Reads the `id` of a JSON question, whatever else is wrong with it (for error answers).
pub fn id_of(v: &Value) -> Option<String> {
    v.get("id").and_then(Value::as_str).map(str::to_string)
}

/// What an error answer keeps of its question: the id, kind and regulation as far as they could be
/// read, each as written (a string, else nothing).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Echo {
    /// The question's `id`; empty when it could not be read.
    pub id: String,
    /// The `kind` as written.
    pub kind: Option<String>,
    /// The `regulation` as written.
    pub regulation: Option<String>,
}

impl Echo {
    /// The echo of a question given as a JSON value. A question object that names no regulation
    /// is about `all`, as its answer would say.
    pub fn of_value(v: &Value) -> Echo {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let regulation = match v.get("regulation") {
            None | Some(Value::Null) if v.is_object() => Some("all".to_string()),
            _ => text("regulation"),
        };
        Echo {
            id: text("id").unwrap_or_default(),
            kind: text("kind"),
            regulation,
        }
    }

    /// The echo of a question given as JSON text, when the text is readable JSON at all and within
    /// the size limit; only an empty id otherwise.
    pub fn of_text(input: &str) -> Echo {
        (input.len() <= MAX_INPUT_BYTES)
            .then(|| serde_json::from_str::<Value>(input).ok())
            .flatten()
            .map(|v| Echo::of_value(&v))
            .unwrap_or_default()
    }

    /// The echo of a typed question: its kind and its regulation (`all` when it is about all).
    pub fn of_question(q: &Question) -> Echo {
        Echo {
            id: q.id.clone(),
            kind: Some(q.kind.as_str().to_string()),
            regulation: Some(match &q.scope {
                Scope::One(k) => k.clone(),
                Scope::All => "all".to_string(),
            }),
        }
    }
}

/// Input of `bytes` bytes, over [`MAX_INPUT_BYTES`]: the one message every front end gives for it.
pub fn too_large(bytes: impl std::fmt::Display) -> Error {
    Error::TooLarge(format!("{bytes} bytes; the limit is {MAX_INPUT_BYTES}"))
}

/// Parses JSON text into a value, with the size and depth limits.
pub fn parse_json(input: &str) -> Result<Value> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(too_large(input.len()));
    }
    if input.trim().is_empty() {
        return Err(Error::InvalidJson("empty input".into()));
    }
    // serde_json refuses nesting beyond 128 levels itself; a question never nests past MAX_DEPTH
    let v = serde_json::from_str::<NoDuplicateKeys>(input)
        .map_err(|e| {
            let msg = e.to_string();
            if msg.starts_with(DUPLICATE) {
                Error::InvalidQuestion(msg)
            } else {
                Error::InvalidJson(msg)
            }
        })?
        .0;
    if depth(&v) > MAX_DEPTH {
        return Err(Error::InvalidJson(format!(
            "nested deeper than {MAX_DEPTH} levels"
        )));
    }
    Ok(v)
}

impl Question {
    /// A question built in Rust (the typed entry points in `zhili::kinds` use this).
    pub fn new(
        kind: QuestionKind,
        regulation: &str,
        date: Option<NaiveDate>,
        facts: Facts,
    ) -> Question {
        let scope = if regulation == "all" {
            Scope::All
        } else {
            Scope::One(regulation.to_string())
        };
        Question {
            id: String::new(),
            kind,
            scope,
            date,
            facts,
            question_zh: None,
            question_en: None,
        }
    }

    /// Parses and validates a question from JSON text.
    pub fn from_json(input: &str) -> Result<Question> {
        match read_common(input) {
            Some(q) => Ok(q),
            None => Question::from_value(&parse_json(input)?),
        }
    }

    /// Validates a question given as a JSON value. Unknown top-level fields (such as the
    /// `expected_*` and `rationale` fields of the example files) are ignored; unknown fact keys are
    /// an error.
    pub fn from_value(v: &Value) -> Result<Question> {
        if depth(v) > MAX_DEPTH {
            return Err(Error::InvalidJson(format!(
                "nested deeper than {MAX_DEPTH} levels"
            )));
        }
        let obj = v
            .as_object()
            .ok_or_else(|| Error::InvalidQuestion("a question is a JSON object".into()))?;
        let id = match obj.get("id") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(Error::InvalidQuestion("`id` must be a string".into())),
        };
        let kind_s = match obj.get("kind") {
            Some(Value::String(s)) => s.as_str(),
            Some(_) => return Err(Error::InvalidQuestion("`kind` must be a string".into())),
            None => return Err(Error::InvalidQuestion("`kind` is missing".into())),
        };
        let kind = QuestionKind::parse(kind_s)
            .ok_or_else(|| Error::UnknownKind(kind_s.chars().take(60).collect()))?;
        let scope = match obj.get("regulation") {
            Some(Value::String(s)) if s == "all" => Scope::All,
            Some(Value::String(s)) => Scope::One(s.clone()),
            None | Some(Value::Null) => Scope::All,
            Some(_) => {
                return Err(Error::InvalidQuestion(
                    "`regulation` must be a string".into(),
                ))
            }
        };
        let date = match obj.get("date") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(parse_date(s)?),
            Some(other) => {
                return Err(Error::InvalidDate(
                    other.to_string().chars().take(40).collect(),
                ))
            }
        };
        let facts = match obj.get("facts") {
            None | Some(Value::Null) => Facts::default(),
            Some(Value::Object(m)) => parse_facts(m)?,
            Some(_) => return Err(Error::InvalidQuestion("`facts` must be an object".into())),
        };
        let text = |k: &str| -> Result<Option<String>> {
            match obj.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(Error::InvalidQuestion(format!("`{k}` must be a string"))),
            }
        };
        Ok(Question {
            id,
            kind,
            scope,
            date,
            facts,
            question_zh: text("question_zh")?,
            question_en: text("question_en")?,
        })
    }
}

fn invalid(key: &str, detail: impl Into<String>) -> Error {
    Error::InvalidFact {
        key: key.to_string(),
        detail: detail.into(),
    }
}

fn parse_facts(m: &Map<String, Value>) -> Result<Facts> {
    let mut f = Facts::default();
    for (key, v) in m {
        let k = key.as_str();
        if TRI_FACTS.contains(&k) {
            let t = match v {
                Value::Null => Tri::Unknown,
                Value::Bool(b) => Tri::from(*b),
                other => {
                    return Err(invalid(
                        k,
                        format!("expected true, false or null, got {}", type_name(other)),
                    ))
                }
            };
            f.tri.push((fact_key(k), t));
        } else if TEXT_FACTS.contains(&k) {
            match v {
                Value::Null => {}
                Value::String(s) if s.chars().count() > 2000 => {
                    return Err(invalid(k, "longer than 2000 characters"))
                }
                Value::String(s) if s.trim().is_empty() => {}
                Value::String(s) if k == "asks" && !ASKS.contains(&s.trim()) => {
                    return Err(invalid(
                        k,
                        format!(
                            "`{}` is not one of {}",
                            s.chars().take(40).collect::<String>(),
                            ASKS.join(", ")
                        ),
                    ))
                }
                Value::String(s) => f.text.push((fact_key(k), s.trim().to_string())),
                other => {
                    return Err(invalid(
                        k,
                        format!("expected a string, got {}", type_name(other)),
                    ))
                }
            }
        } else {
            match k {
                "assigner_level" => {
                    f.assigner_level = enum_fact(k, v, Level::parse, "city, county, township")?;
                }
                "assigner_kind" => {
                    f.assigner_kind = enum_fact(
                        k,
                        v,
                        ActorKind::parse,
                        "government, department, street-office, court, procuratorate, mass-organization, enterprise, social-organization, party-committee, vertical-agency",
                    )?;
                }
                "task_on_list" => {
                    f.task_on_list = enum_fact(
                        k,
                        v,
                        ListStatus::parse,
                        "assist, autonomy, negative, grid, none",
                    )?;
                }
                "households" => f.households = count_fact(k, v, 100_000_000)?,
                "area_m2" => {
                    f.area_m2 = match v {
                        Value::Null => None,
                        Value::Number(n) => {
                            let x = n
                                .as_f64()
                                .filter(|x| x.is_finite())
                                .ok_or_else(|| invalid(k, "not a finite number"))?;
                            if !(0.0..=1.0e9).contains(&x) {
                                return Err(invalid(k, format!("{x} is outside 0..=1e9 m²")));
                            }
                            Some(x)
                        }
                        other => {
                            return Err(invalid(
                                k,
                                format!("expected a number, got {}", type_name(other)),
                            ))
                        }
                    }
                }
                "article" | "paragraph" | "item" => {
                    let n = count_fact(k, v, 999)?.map(|n| n as u32);
                    if n == Some(0) {
                        return Err(invalid(k, "provisions are numbered from 1"));
                    }
                    match k {
                        "article" => f.article = n,
                        "paragraph" => f.paragraph = n,
                        _ => f.item = n,
                    }
                }
                "regulations" => {
                    f.regulations = match v {
                        Value::Null => None,
                        Value::Array(a) => Some(
                            a.iter()
                                .map(|x| {
                                    x.as_str().map(str::to_string).ok_or_else(|| {
                                        invalid(k, "expected a list of regulation keys")
                                    })
                                })
                                .collect::<Result<_>>()?,
                        ),
                        other => {
                            return Err(invalid(
                                k,
                                format!("expected a list, got {}", type_name(other)),
                            ))
                        }
                    }
                }
                _ => return Err(Error::UnknownFact(k.chars().take(60).collect())),
            }
        }
    }
    Ok(f)
}

fn enum_fact<T>(
    k: &str,
    v: &Value,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<Option<T>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => parse(s).map(Some).ok_or_else(|| {
            invalid(
                k,
                format!(
                    "`{}` is not one of {allowed}",
                    s.chars().take(40).collect::<String>()
                ),
            )
        }),
        other => Err(invalid(
            k,
            format!("expected a string, got {}", type_name(other)),
        )),
    }
}

fn count_fact(k: &str, v: &Value, max: u64) -> Result<Option<u64>> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                if u > max {
                    return Err(invalid(k, format!("{u} is larger than {max}")));
                }
                return Ok(Some(u));
            }
            match n.as_f64() {
                Some(x) if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= max as f64 => {
                    Ok(Some(x as u64))
                }
                Some(x) if x < 0.0 => Err(invalid(k, format!("{x} is negative"))),
                _ => Err(invalid(k, format!("{n} is not a whole number up to {max}"))),
            }
        }
        other => Err(invalid(
            k,
            format!("expected a whole number, got {}", type_name(other)),
        )),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> &'static str {
        Question::from_json(s).unwrap_err().code()
    }

    #[test]
    fn validates_every_field() {
        assert_eq!(err(""), "invalid-json");
        assert_eq!(err("{"), "invalid-json");
        assert_eq!(err("[1]"), "invalid-question");
        assert_eq!(err(r#"{"id":"a"}"#), "invalid-question");
        assert_eq!(err(r#"{"id":"a","kind":"guess"}"#), "unknown-kind");
        assert_eq!(
            err(r#"{"id":"a","kind":"in-force","date":"2023-02-30"}"#),
            "invalid-date"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"in-force","date":"2024-13-45"}"#),
            "invalid-date"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"in-force","date":"2024-1-5"}"#),
            "invalid-date"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"in-force","date":20240105}"#),
            "invalid-date"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"facility-area","facts":{"households":-3}}"#),
            "invalid-fact"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"facility-area","facts":{"households":1e308}}"#),
            "invalid-fact"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"facility-area","facts":{"households":2.5}}"#),
            "invalid-fact"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"assign-to-committee","facts":{"approval":"yes"}}"#),
            "invalid-fact"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"assign-to-committee","facts":{"task_on_list":"maybe"}}"#),
            "invalid-fact"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"assign-to-committee","facts":{"colour":"red"}}"#),
            "unknown-fact"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"duty-of","facts":{"duty":"演练","asks":"how"}}"#),
            "invalid-fact"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"duty-of","facts":{"duty":"演练","asks":3}}"#),
            "invalid-fact"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"article-lookup","facts":{"article":0}}"#),
            "invalid-fact"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"in-force","kind":"liability"}"#),
            "invalid-question"
        );
        assert_eq!(
            err(r#"{"id":"a","kind":"in-force","facts":{"approval":true,"approval":false}}"#),
            "invalid-question"
        );
        for bad in [
            "2023-02-29",
            "2024-00-10",
            "2024-04-31",
            "0000-00-00",
            "2024-1a-01",
        ] {
            assert_eq!(
                err(&format!(r#"{{"kind":"in-force","date":"{bad}"}}"#)),
                "invalid-date"
            );
        }
        let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
        assert_eq!(err(&deep), "invalid-json");
    }

    proptest::proptest! {
        #[test]
        fn dates_read_as_chrono_reads_them(y in 0u32..10000, m in 0u32..14, d in 0u32..33) {
            let s = format!("{y:04}-{m:02}-{d:02}");
            let chrono = NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok();
            proptest::prop_assert_eq!(parse_date(&s).ok(), chrono, "{}", s);
        }
    }

    #[test]
    fn reads_a_valid_question() {
        let q = Question::from_json(
            r#"{"id":"q1","kind":"assign-to-committee","regulation":"dalian","date":"2024-10-10","expected_verdict":"x",
                "facts":{"assigner":"区民政局","task_on_list":"assist","written_commission":true,"funding_provided":null}}"#,
        )
        .unwrap();
        assert_eq!(q.kind, QuestionKind::AssignToCommittee);
        assert_eq!(q.scope, Scope::One("dalian".into()));
        assert_eq!(q.facts.tri("written_commission"), Tri::True);
        assert_eq!(q.facts.tri("funding_provided"), Tri::Unknown);
        assert_eq!(q.facts.tri("approval"), Tri::Unknown);
        assert_eq!(q.facts.task_on_list, Some(ListStatus::Assist));
    }
}
