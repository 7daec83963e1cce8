//! The OpenAPI 3.1 description served at `GET /openapi.json`, generated with utoipa from the types
//! below. They mirror, field for field, the serialised types of `zhili::api` (the core does not
//! depend on utoipa); the integration tests validate every answer and look-up the service returns
//! against this document, so a field added in the core and not here fails the tests. The enums that
//! the core owns (question kinds, explain levels, error codes) are filled in from the core itself.

#![allow(dead_code)] // the types exist for their schemas

use serde::Serialize;
use serde_json::{json, Value};
use utoipa::{OpenApi, ToSchema};

/// A question (spec QUERIES.md). Unknown top-level fields are ignored; unknown fact keys are an
/// error (`unknown-fact`).
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": "q1", "kind": "assign-to-committee", "regulation": "dalian",
    "date": "2024-06-01", "facts": {"assigner": "区民政局", "task_on_list": "assist"}}))]
pub struct Question {
    /// Echoed in the answer.
    id: Option<String>,
    /// The question kind (filled in from the core's list).
    kind: String,
    /// `haidong`, `dalian`, `wuxi-draft`, `xinyang`, a title or alias, or `all`.
    regulation: Option<String>,
    /// `YYYY-MM-DD`, or null for a timeless reading.
    #[schema(format = Date)]
    date: Option<String>,
    /// Kind-specific facts; boolean facts are three-valued (`true`, `false`, null/absent = unknown).
    /// Optional: absent or null is no facts.
    #[schema(value_type = Option<Object>)]
    facts: Option<Value>,
    question_zh: Option<String>,
    question_en: Option<String>,
}

/// A condition the verdict depends on.
#[derive(Serialize, ToSchema)]
pub struct Condition {
    text_zh: String,
    text_en: String,
    citations: Vec<String>,
    /// Set (true) on alternatives: any one suffices.
    #[serde(skip_serializing_if = "Option::is_none")]
    either_or: Option<bool>,
    /// The alternative group a condition belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<u32>,
}

/// One step of the reasoning: a norm tried and what came of it.
#[derive(Serialize, ToSchema)]
pub struct Step {
    norm: String,
    citation: String,
    outcome: String,
    zh: String,
    en: String,
}

/// The reasoning trace (trimmed by `explain`).
#[derive(Serialize, ToSchema)]
pub struct Explanation {
    steps: Vec<Step>,
    summary_zh: String,
    summary_en: String,
}

/// The answer as if the regulation were in force (for `not-in-force` verdicts).
#[derive(Serialize, ToSchema)]
pub struct WhatIf {
    verdict: Value,
    conditions: Vec<Condition>,
    citations: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sanction: Option<Value>,
}

/// The stable error code and a message for people.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// A code of the catalogue (`GET /v1/errors`).
    code: String,
    message: String,
}

/// Every error response of the service. Nothing but `error`: so an `Answer`, which carries an
/// `error` too, is never also an `ErrorResponse` (`AnswerOrError` is one of them, not both).
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorResponse {
    error: ErrorBody,
}

/// An error that is an answer (`POST /v1/ask` with a question that cannot be read or is too large),
/// or an `ErrorResponse` (a bad query parameter, a body that broke off, a batch refused by its
/// `Content-Length`).
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum AnswerOrError {
    Answer(Box<Answer>),
    Error(ErrorResponse),
}

/// An answer (spec QUERIES.md), byte for byte what `zhili ask` prints.
#[derive(Serialize, ToSchema)]
pub struct Answer {
    id: String,
    #[schema(required = true)]
    kind: Option<String>,
    #[schema(required = true)]
    regulation: Option<String>,
    /// A string (`permitted`, `yes`, an actor, a text …), a number, a list of keys or an object
    /// regulation → verdict, depending on the kind.
    verdict: Value,
    conditions: Vec<Condition>,
    citations: Vec<String>,
    #[schema(required = true)]
    whatif: Option<WhatIf>,
    #[schema(required = true)]
    sanction: Option<Value>,
    /// Other defensible values where the text allows more than one reading.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternatives: Vec<Value>,
    explanation: Explanation,
    /// Set on error answers (verdict `error`).
    #[schema(required = true)]
    error: Option<ErrorBody>,
}

/// A dated act of a body (adoption, approval, first reading, publication).
#[derive(Serialize, ToSchema)]
pub struct Act {
    #[schema(format = Date)]
    #[schema(required = true)]
    date: Option<String>,
    by: String,
    body: String,
}

/// One regulation as listed.
#[derive(Serialize, ToSchema)]
pub struct RegulationSummary {
    key: String,
    title: String,
    english_title: String,
    city: String,
    province: String,
    aliases: Vec<String>,
    /// `in-force` or `draft`.
    status: String,
    #[schema(format = Date)]
    #[schema(required = true)]
    effective: Option<String>,
    effective_article: u32,
    #[schema(required = true)]
    adopted: Option<Act>,
    #[schema(required = true)]
    approved: Option<Act>,
    chapters: u64,
    articles: u64,
    paragraphs: u64,
    items: u64,
}

/// Whether a text is law, and from when.
#[derive(Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Status {
    InForceFrom {
        #[schema(format = Date)]
        from: String,
    },
    Draft,
}

#[derive(Serialize, ToSchema)]
pub struct Meta {
    key: String,
    title: String,
    city: String,
    province: String,
    aliases: Vec<String>,
    english_title: String,
    status: Status,
    #[schema(required = true)]
    adopted: Option<Act>,
    #[schema(required = true)]
    approved: Option<Act>,
    #[schema(required = true)]
    first_reading: Option<Act>,
    #[schema(required = true)]
    published: Option<Act>,
    #[schema(format = Date)]
    #[schema(required = true)]
    effective: Option<String>,
    effective_article: u32,
}

#[derive(Serialize, ToSchema)]
pub struct Item {
    number: u32,
    text: String,
}

#[derive(Serialize, ToSchema)]
pub struct Paragraph {
    text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    items: Vec<Item>,
}

#[derive(Serialize, ToSchema)]
pub struct Article {
    number: u32,
    paragraphs: Vec<Paragraph>,
}

#[derive(Serialize, ToSchema)]
pub struct Chapter {
    number: u32,
    title: String,
    articles: Vec<Article>,
}

/// The whole structure of a regulation: chapters → articles → paragraphs → items.
#[derive(Serialize, ToSchema)]
pub struct Regulation {
    meta: Meta,
    chapters: Vec<Chapter>,
}

/// A provision found by reference.
#[derive(Serialize, ToSchema)]
pub struct ArticleView {
    citation: String,
    regulation: String,
    title: String,
    reference_zh: String,
    /// `article`, `paragraph` or `item`.
    level: String,
    text: String,
}

/// A comparable feature of the catalogue, or a topic of the provisions.
#[derive(Serialize, ToSchema)]
pub struct FeatureSummary {
    id: String,
    zh: String,
    en: String,
    aliases: Vec<String>,
    /// `feature` or `topic`.
    kind: String,
    /// A topic's group (chapter theme); `comparison` for a feature.
    group: String,
}

/// A topic one regulation regulates and another does not.
#[derive(Serialize, ToSchema)]
pub struct GapTopic {
    topic: String,
    zh: String,
    en: String,
    group: String,
    /// The provisions on it of the regulations that have it.
    citations: Vec<String>,
}

/// The gaps of a regulation against others.
#[derive(Serialize, ToSchema)]
pub struct Gaps {
    regulation: String,
    against: Vec<String>,
    /// Topics some other regulation has and this one does not.
    missing: Vec<GapTopic>,
    /// Topics this one has and none of the others has.
    extra: Vec<GapTopic>,
}

/// A paragraph or item that contains every word of a search.
#[derive(Serialize, ToSchema)]
pub struct SearchHit {
    /// The canonical citation, e.g. `haidong:23:2` or `haidong:6:1:7`.
    citation: String,
    /// The regulation's key.
    regulation: String,
    /// The reference in Chinese without the title, e.g. 第二十三条第二款.
    reference_zh: String,
    /// `paragraph` or `item`.
    level: String,
    /// The chapter's heading.
    chapter: String,
    /// The text of the paragraph (with its items) or item.
    text: String,
    /// The topics of the provisions encoded from it, sorted.
    topics: Vec<String>,
    /// How many times the words occur in it (the ranking).
    #[schema(minimum = 1)]
    score: u64,
}

/// `POST /v1/intake`: a question in Chinese words.
#[derive(Serialize, ToSchema)]
pub struct IntakeRequest {
    /// Echoed as the structured question's `id`.
    id: Option<String>,
    /// The question in Chinese; empty words are 422 `invalid-question`, words over 4000 characters
    /// 413 `too-large`.
    #[schema(min_length = 1)]
    question_zh: String,
    /// Answer the structured question too.
    ask: Option<bool>,
}

/// One thing the intake recognised.
#[derive(Serialize, ToSchema)]
pub struct Recognised {
    /// `kind`, `regulation`, `date`, a fact key, or `reference`.
    field: String,
    /// The value it gave (null: the words leave the fact unknown).
    value: Option<serde_json::Value>,
    /// The words that gave it.
    words: String,
    /// `[start, end)` in characters of `question_zh`.
    span: Vec<u64>,
}

/// What the intake read from the words.
#[derive(Serialize, ToSchema)]
pub struct Intake {
    /// The structured question (spec QUERIES.md); what could not be read is null.
    question: serde_json::Value,
    recognised: Vec<Recognised>,
    /// Words seen but not turned into a value (a relative date such as 去年).
    unresolved: Vec<Recognised>,
    /// The facts whose value would change the answer (`kind`, `regulation` when unread).
    needs: Vec<String>,
    /// With `"ask": true`: the answer (null when the kind or regulation could not be read).
    answer: Option<Answer>,
}

/// One entry of the error catalogue.
#[derive(Serialize, ToSchema)]
pub struct ErrorCode {
    code: String,
    meaning: String,
    /// The HTTP status for this code on `POST /v1/ask` and on the `GET` look-ups.
    status_ask: u16,
    status_lookup: u16,
}

/// Liveness and readiness: the embedded corpus loaded.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    status: String,
    version: String,
    regulations: u64,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "zhili",
        description = "Chinese local regulations on grassroots social governance (Haidong, Dalian, \
Xinyang, the Wuxi draft) as executable, citable rules. The same JSON contract as the `zhili` CLI \
(spec QUERIES.md). Stateless: run any number of replicas behind a load balancer.\n\n\
Besides the statuses of each operation: a path that no route takes is 404 `not-found`, a method \
that a path does not take is 405 `method-not-allowed` (both `ErrorResponse`s), and a connection \
past the limit of open connections is answered 503 `overloaded` and closed. Responses are \
compressed (gzip or br) when the request's `Accept-Encoding` asks for it, except the streamed \
NDJSON of a batch. With `zhili serve --cors ORIGIN`, pages of that origin may call the service \
(a CORS preflight `OPTIONS` is answered 200).",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        crate::routes::ask,
        crate::routes::intake,
        crate::routes::regulations,
        crate::routes::structure,
        crate::routes::article,
        crate::routes::compare,
        crate::routes::features,
        crate::routes::gaps,
        crate::routes::search,
        crate::routes::errors,
        crate::routes::healthz,
        crate::routes::openapi_json,
    ),
    components(schemas(
        Question,
        Answer,
        IntakeRequest,
        Intake,
        Recognised,
        AnswerOrError,
        Condition,
        Step,
        Explanation,
        WhatIf,
        ErrorBody,
        ErrorResponse,
        RegulationSummary,
        Regulation,
        Meta,
        Status,
        Act,
        Chapter,
        Article,
        Paragraph,
        Item,
        ArticleView,
        FeatureSummary,
        GapTopic,
        Gaps,
        SearchHit,
        ErrorCode,
        Health
    ))
)]
struct ApiDoc;

/// The OpenAPI document, with the enums the core owns filled in from the core.
pub fn document() -> Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).expect("the document serialises");
    let kinds: Vec<&str> = zhili::question::QuestionKind::ALL
        .iter()
        .map(|(n, _)| *n)
        .collect();
    let codes = crate::routes::catalogue();
    let table: String = codes
        .iter()
        .map(|c| {
            format!(
                "\n- `{}` (HTTP {} on POST /v1/ask, {} on GET): {}",
                c.code, c.status_ask, c.status_lookup, c.meaning
            )
        })
        .collect();
    let schemas = &mut doc["components"]["schemas"];
    schemas["Question"]["properties"]["kind"]["enum"] = json!(kinds);
    let code = &mut schemas["ErrorBody"]["properties"]["code"];
    code["enum"] = json!(codes.iter().map(|c| c.code).collect::<Vec<_>>());
    code["description"] = json!(format!("A stable code of the catalogue:{table}"));
    for level in ["RegulationSummary", "Answer"] {
        debug_assert!(schemas.get(level).is_some());
    }
    schemas["ArticleView"]["properties"]["level"]["enum"] = json!(["article", "paragraph", "item"]);
    schemas["SearchHit"]["properties"]["level"]["enum"] = json!(["paragraph", "item"]);
    schemas["RegulationSummary"]["properties"]["status"]["enum"] = json!(["in-force", "draft"]);
    // what every route can answer besides its own statuses: a query that is not UTF-8 (400),
    // a panic (500), the per-request timeout or the connection cap (503)
    let common = [
        (
            "400",
            "`invalid-parameter`: a query or path parameter that cannot be used (not UTF-8 once \
             decoded, an unknown explain level)",
        ),
        ("500", "`internal`: a defect (a panic caught in a handler)"),
        (
            "503",
            "`timeout`: no response within the per-request timeout (waiting for a slot \
             included); `overloaded`: the maximum of open connections is reached",
        ),
    ];
    let error_ref =
        json!({"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}});
    if let Some(paths) = doc["paths"].as_object_mut() {
        for op in paths.values_mut().filter_map(Value::as_object_mut) {
            for m in op.values_mut() {
                let Some(responses) = m.get_mut("responses").and_then(Value::as_object_mut) else {
                    continue;
                };
                for (status, description) in common {
                    responses.entry(status).or_insert_with(
                        || json!({"description": description, "content": error_ref}),
                    );
                }
            }
        }
    }
    // the look-ups answered from the embedded data carry an ETag and Cache-Control, and a
    // request naming the current ETag in If-None-Match gets 304 (crate::cache)
    let cache_headers = json!({
        "ETag": {"description": "A weak tag of the body (the same for the same URL as long as \
            the same build runs): send it back as `If-None-Match` to get 304 instead of the body",
            "schema": {"type": "string"}},
        "Cache-Control": {"description": format!("`{}`", crate::cache::LOOKUPS),
            "schema": {"type": "string"}},
    });
    if let Some(paths) = doc["paths"].as_object_mut() {
        for path in crate::cache::CACHED {
            let op = &mut paths[*path]["get"];
            debug_assert!(op.is_object(), "{path}");
            let responses = &mut op["responses"];
            responses["200"]["headers"] = cache_headers.clone();
            responses["304"] = json!({"description": "Not Modified: the request's \
                `If-None-Match` names the current ETag; no body",
                "headers": cache_headers.clone()});
        }
    }
    // the explain parameter of every operation that takes one
    if let Some(paths) = doc["paths"].as_object_mut() {
        for op in paths.values_mut().filter_map(Value::as_object_mut) {
            for m in op.values_mut() {
                if let Some(params) = m.get_mut("parameters").and_then(Value::as_array_mut) {
                    for p in params.iter_mut().filter(|p| p["name"] == "explain") {
                        p["schema"] = json!({"type": "string", "enum": zhili::api::Explain::NAMES,
                            "default": "full"});
                    }
                }
            }
        }
    }
    doc
}
