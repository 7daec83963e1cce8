//! The handlers: each converts between HTTP and one `zhili::api` call, nothing more.

// handlers return a ready `Response` as their error: boxing it would only add an allocation
#![allow(clippy::result_large_err)]

use crate::batch;
use crate::error::{core_error, error_response, json_response, status_of, Origin, SERVER_CODES};
use crate::openapi as schema;
use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body_util::BodyExt;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use zhili::api::{self, AskOptions, Explain};
use zhili::question::MAX_INPUT_BYTES;

/// What the handlers share (read-only: the service is stateless).
pub struct Shared {
    pub batch: batch::BatchLimits,
    pub openapi: Bytes,
    /// `GET /healthz`'s body, or the error that loading the embedded data gave.
    pub health: Result<Bytes, (&'static str, String)>,
}

pub type St = State<Arc<Shared>>;

/// `?explain=full|summary|none` (default full): how much reasoning an answer carries. The verdict,
/// conditions and citations never change with it.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExplainQuery {
    /// `full` (every step, the default), `summary` or `none`.
    explain: Option<String>,
}

/// `?regulation=KEY` for a reference that names no regulation (第六条第（七）项).
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleQuery {
    /// A key, title or alias; the default regulation for a reference that names none.
    regulation: Option<String>,
}

/// `?against=KEY,KEY` for `/v1/gaps/{key}`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GapsQuery {
    /// The regulations to compare with, comma-separated keys, titles or aliases (default: all
    /// the others).
    against: Option<String>,
}

fn explain_of(q: Result<Query<ExplainQuery>, QueryRejection>) -> Result<AskOptions, Response> {
    let q = q.map_err(|e| bad_parameter(&e.body_text()))?;
    let explain = match q.0.explain.as_deref() {
        None => Explain::Full,
        Some(s) => s
            .parse()
            .map_err(|e: zhili::Error| bad_parameter(&e.to_string()))?,
    };
    Ok(AskOptions { explain })
}

/// Refuses a query string whose percent-decoded bytes are not UTF-8 (`?regulation=%FF`) as
/// `invalid-parameter`, rather than reading it with replacement characters.
pub async fn query_must_be_utf8(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if let Some(q) = req.uri().query() {
        for part in q.split('&') {
            if std::str::from_utf8(&percent_decode(part.as_bytes())).is_err() {
                return bad_parameter(&format!(
                    "the query parameter `{part}` is not UTF-8 once percent-decoded"
                ));
            }
        }
    }
    next.run(req).await
}

/// `%XX` → the byte, `+` → space (application/x-www-form-urlencoded); anything else as it is.
fn percent_decode(s: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'%' if i + 2 < s.len() => match (hex(s[i + 1]), hex(s[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

fn bad_parameter(msg: &str) -> Response {
    error_response(StatusCode::BAD_REQUEST, "invalid-parameter", msg)
}

fn path_text(p: Result<Path<String>, PathRejection>) -> Result<String, Response> {
    p.map(|Path(s)| s)
        .map_err(|e| bad_parameter(&e.body_text()))
}

fn to_json<T: Serialize>(v: &T) -> Response {
    json_response(
        StatusCode::OK,
        serde_json::to_vec(v).expect("api values serialise").into(),
    )
}

/// A JSON answer with the status of its error code (200 without one); the question id goes into
/// the request's log span.
fn answer_response(a: &zhili::Answer, origin: Origin) -> Response {
    let span = tracing::Span::current();
    span.record("question_id", a.id.as_str());
    let status = match &a.error {
        Some(e) => {
            span.record("code", e.code.as_str());
            status_of(&e.code, origin)
        }
        None => StatusCode::OK,
    };
    let mut body = Vec::with_capacity(2048);
    a.write_json(&mut body);
    json_response(status, body.into())
}

enum Media {
    Single,
    Batch,
}

fn media(headers: &HeaderMap) -> Result<Media, Response> {
    let Some(ct) = headers.get(header::CONTENT_TYPE) else {
        return Ok(Media::Single);
    };
    let ct = ct.to_str().unwrap_or("").to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or("").trim();
    match essence {
        "application/json" | "" => Ok(Media::Single),
        e if e.starts_with("application/") && e.ends_with("+json") => Ok(Media::Single),
        "application/x-ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => Ok(Media::Batch),
        other => Err(error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            &format!(
                "content type `{other}`: send one question as application/json or a batch as \
                 application/x-ndjson"
            ),
        )),
    }
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Ask one question (application/json) or a batch (application/x-ndjson, one question per line;
/// the answers stream back one per line, in order, always with status 200: a bad line gets an
/// error answer in its place, as with `zhili ask --jsonl`).
#[utoipa::path(
    post, path = "/v1/ask", tag = "ask",
    params(ExplainQuery),
    request_body(description = "One question (application/json) or one question per line \
        (application/x-ndjson).", content(
        (schema::Question = "application/json"),
        (String = "application/x-ndjson"),
    )),
    responses(
        (status = 200, description = "The answer; for a batch, one answer per line \
            (application/x-ndjson).", content(
            (schema::Answer = "application/json"),
            (String = "application/x-ndjson"),
        )),
        (status = 400, description = "Not JSON (`invalid-json`), or a bad query parameter \
            (`invalid-parameter`, an ErrorResponse), or a body that broke off \
            (`incomplete-body`, an ErrorResponse); `invalid-json` is an error Answer",
            body = schema::AnswerOrError),
        (status = 413, description = "Over the size limit (`too-large`): 1 MiB for one question \
            (an error Answer), the configured batch limit for a batch's Content-Length \
            (an ErrorResponse)", body = schema::AnswerOrError),
        (status = 415, description = "Neither JSON nor NDJSON", body = schema::ErrorResponse),
        (status = 422, description = "JSON, but not a question that can be answered (`invalid-question`, \
            `unknown-kind`, `unknown-regulation`, `unknown-article`, `unknown-feature`, \
            `invalid-reference`, `invalid-date`, `invalid-fact`, `unknown-fact`, `missing-fact`)",
            body = schema::Answer),
        (status = 503, description = "Timed out (`timeout`), or the maximum of open connections \
            is reached (`overloaded`)", body = schema::ErrorResponse),
        (status = 500, description = "A defect (`internal`, `invalid-norm`)", body = schema::ErrorResponse),
    )
)]
pub async fn ask(
    State(st): St,
    query: Result<Query<ExplainQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let opts = match explain_of(query) {
        Ok(o) => o,
        Err(r) => return r,
    };
    match media(&headers) {
        Err(r) => r,
        Ok(Media::Batch) => {
            tracing::Span::current().record("question_id", "(batch)");
            if let Some(n) = content_length(&headers).filter(|&n| n > st.batch.max_bytes) {
                return error_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too-large",
                    &format!(
                        "a batch of {n} bytes; the limit is {} bytes",
                        st.batch.max_bytes
                    ),
                );
            }
            let Some(stream) = batch::stream(body, opts, st.batch.clone()).await else {
                return error_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "timeout",
                    &format!(
                        "no part of the batch arrived within {} ms",
                        st.batch.idle.as_millis()
                    ),
                );
            };
            let mut r = Body::new(stream).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-ndjson"),
            );
            r
        }
        Ok(Media::Single) => {
            if let Some(n) = content_length(&headers).filter(|&n| n > MAX_INPUT_BYTES as u64) {
                let e = zhili::question::too_large(n);
                return answer_response(
                    &zhili::Answer::from_error("", &e).with_explain(opts.explain),
                    Origin::Ask,
                );
            }
            match read_capped(body).await {
                Ok(buf) => answer_response(&api::ask_bytes(&buf, &opts), Origin::Ask),
                Err(r) => r,
            }
        }
    }
}

/// A single-question body, read up to one byte over [`MAX_INPUT_BYTES`] (enough for the caller
/// to say too-large without holding more); a body that breaks off is `400 incomplete-body`.
async fn read_capped(mut body: Body) -> Result<Vec<u8>, Response> {
    let mut buf = Vec::new();
    while buf.len() <= MAX_INPUT_BYTES {
        match body.frame().await {
            None => break,
            Some(Err(e)) => {
                return Err(error_response(
                    StatusCode::BAD_REQUEST,
                    "incomplete-body",
                    &format!("the request body broke off: {e}"),
                ))
            }
            Some(Ok(f)) => {
                if let Ok(d) = f.into_data() {
                    let room = MAX_INPUT_BYTES + 1 - buf.len();
                    buf.extend_from_slice(&d[..d.len().min(room)]);
                }
            }
        }
    }
    Ok(buf)
}

/// `POST /v1/intake`'s body.
#[derive(Deserialize)]
struct IntakeBody {
    id: Option<String>,
    question_zh: Option<String>,
    ask: Option<bool>,
}

/// Read a question written in Chinese into the structured question (spec QUERIES.md): the
/// structured question, what was recognised (field, value, words, character span), the words left
/// unresolved and the facts the answer still turns on; with `"ask": true`, its answer too (null when
/// the kind or the regulation could not be read). See docs/intake.md.
#[utoipa::path(
    post, path = "/v1/intake", tag = "ask",
    params(ExplainQuery),
    request_body(content = schema::IntakeRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "What the words say", body = schema::Intake),
        (status = 400, description = "`invalid-json`: the body is not JSON; `invalid-parameter`: a bad \
            `explain`; `incomplete-body`", body = schema::ErrorResponse),
        (status = 413, description = "`too-large`: a body over 1 MiB or words over 4000 characters",
            body = schema::ErrorResponse),
        (status = 415, description = "Not JSON", body = schema::ErrorResponse),
        (status = 422, description = "`invalid-question`: no `question_zh` string, or empty words",
            body = schema::ErrorResponse),
        (status = 503, description = "Timed out (`timeout`), or the maximum of open connections \
            is reached (`overloaded`)", body = schema::ErrorResponse),
        (status = 500, description = "A defect (`internal`, `invalid-norm`)", body = schema::ErrorResponse),
    )
)]
pub async fn intake(
    query: Result<Query<ExplainQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let opts = match explain_of(query) {
        Ok(o) => o,
        Err(r) => return r,
    };
    if let Err(r) = media(&headers).and_then(|m| match m {
        Media::Single => Ok(()),
        Media::Batch => Err(error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "send one question as application/json",
        )),
    }) {
        return r;
    }
    let buf = match read_capped(body).await {
        Ok(buf) => buf,
        Err(r) => return r,
    };
    if buf.len() > MAX_INPUT_BYTES {
        let e = zhili::Error::TooLarge(format!("the limit is {MAX_INPUT_BYTES} bytes"));
        return core_error(&e, Origin::Ask);
    }
    let text = match std::str::from_utf8(&buf) {
        Ok(t) => t,
        Err(e) => return core_error(&zhili::Error::InvalidJson(e.to_string()), Origin::Ask),
    };
    let req: IntakeBody = match api::parse_json(text).and_then(|v| {
        serde_json::from_value(v).map_err(|e| zhili::Error::InvalidQuestion(e.to_string()))
    }) {
        Ok(r) => r,
        Err(e) => return core_error(&e, Origin::Ask),
    };
    let Some(words) = req.question_zh else {
        let e = zhili::Error::InvalidQuestion(
            "`question_zh` (the question in words) is missing".into(),
        );
        return core_error(&e, Origin::Ask);
    };
    let id = req.id.unwrap_or_default();
    let result = if req.ask == Some(true) {
        api::intake_and_ask(&words, &opts).map(|(i, a)| {
            let i = zhili::intake::with_id(i, &id);
            let a = a.map(|mut a| {
                a.id = id.clone();
                a
            });
            serde_json::json!({"question": i.question, "recognised": i.recognised,
                "unresolved": i.unresolved, "needs": i.needs, "answer": a})
        })
    } else {
        api::intake(&words)
            .map(|i| serde_json::to_value(zhili::intake::with_id(i, &id)).expect("serialisable"))
    };
    match result {
        Ok(v) => to_json(&v),
        Err(e) => core_error(&e, Origin::Ask),
    }
}

/// Every regulation of the corpus: key, titles, status, effective date, structure counts.
#[utoipa::path(get, path = "/v1/regulations", tag = "look-up",
    responses((status = 200, body = [schema::RegulationSummary])))]
pub async fn regulations() -> Response {
    match api::regulations() {
        Ok(v) => to_json(&v),
        Err(e) => core_error(&e, Origin::Lookup),
    }
}

/// The whole structure of one regulation (by key, title or alias).
#[utoipa::path(get, path = "/v1/regulations/{key}", tag = "look-up",
    params(("key" = String, Path, description = "A key (`dalian`), title or alias (大连条例), URL-encoded")),
    responses(
        (status = 200, body = schema::Regulation),
        (status = 400, description = "`invalid-parameter`: a key that is not UTF-8 once decoded",
            body = schema::ErrorResponse),
        (status = 404, description = "`unknown-regulation`", body = schema::ErrorResponse),
    ))]
pub async fn structure(key: Result<Path<String>, PathRejection>) -> Response {
    let key = match path_text(key) {
        Ok(k) => k,
        Err(r) => return r,
    };
    match api::structure(&key) {
        Ok(r) => to_json(r),
        Err(e) => core_error(&e, Origin::Lookup),
    }
}

/// A provision by citation (`dalian:24:3`), Chinese reference (大连条例第二十四条第三款, URL-encoded)
/// or English-style reference.
#[utoipa::path(get, path = "/v1/articles/{ref}", tag = "look-up",
    params(("ref" = String, Path, description = "The reference, URL-encoded"), ArticleQuery),
    responses(
        (status = 200, body = schema::ArticleView),
        (status = 400, description = "`invalid-reference`; `invalid-question` for a `regulation` \
            that contradicts the reference (`haidong:23?regulation=dalian`, refused as POST /v1/ask \
            refuses it); `invalid-parameter` for a query that is not UTF-8",
            body = schema::ErrorResponse),
        (status = 404, description = "`unknown-article`, `unknown-regulation`", body = schema::ErrorResponse),
    ))]
pub async fn article(
    reference: Result<Path<String>, PathRejection>,
    query: Result<Query<ArticleQuery>, QueryRejection>,
) -> Response {
    let reference = match path_text(reference) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let q = match query {
        Ok(Query(q)) => q,
        Err(e) => return bad_parameter(&e.body_text()),
    };
    match api::article(&reference, q.regulation.as_deref()) {
        Ok(v) => to_json(&v),
        Err(e) => core_error(&e, Origin::Lookup),
    }
}

/// Which regulations have a feature (by id, Chinese name or alias): a `compare` answer.
#[utoipa::path(get, path = "/v1/compare/{feature}", tag = "look-up",
    params(("feature" = String, Path, description = "A feature id, Chinese name or alias, URL-encoded"),
        ExplainQuery),
    responses(
        (status = 200, body = schema::Answer),
        (status = 400, description = "`invalid-parameter`: a bad `explain`, a feature that is \
            not UTF-8 once decoded", body = schema::ErrorResponse),
        (status = 404, description = "`unknown-feature`: a feature the catalogue does not have",
            body = schema::ErrorResponse),
    ))]
pub async fn compare(
    feature: Result<Path<String>, PathRejection>,
    query: Result<Query<ExplainQuery>, QueryRejection>,
) -> Response {
    let (feature, opts) = match (path_text(feature), explain_of(query)) {
        (Ok(f), Ok(o)) => (f, o),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    // an unknown feature is a look-up of something that does not exist: the same
    // `{"error": …}` body as every other look-up error
    match api::compare(&feature, &opts) {
        Ok(a) => match &a.error {
            None => answer_response(&a, Origin::Lookup),
            Some(e) => error_response(status_of(&e.code, Origin::Lookup), &e.code, &e.message),
        },
        Err(e) => core_error(&e, Origin::Lookup),
    }
}

/// `?q=WORDS&regulation=KEY&limit=N` for `/v1/search`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words separated by spaces (Chinese text, a topic id or name, English words of a
    /// provision's summary); every word must occur. At most 200 characters and 16 words.
    q: Option<String>,
    /// Only this regulation (key, title or alias); default: all.
    regulation: Option<String>,
    /// The most hits (default 20, at most 500).
    #[param(minimum = 0)]
    limit: Option<usize>,
}

/// The paragraphs and items that contain every word of `q`, best first (`zhili search`).
#[utoipa::path(get, path = "/v1/search", tag = "look-up",
    params(SearchQuery),
    responses(
        (status = 200, body = [schema::SearchHit]),
        (status = 400, description = "`invalid-question`: no `q`, an empty one, one over 200 \
            characters or 16 words; `invalid-parameter`: a `limit` that is not a number, a query \
            that is not UTF-8", body = schema::ErrorResponse),
        (status = 404, description = "`unknown-regulation`", body = schema::ErrorResponse),
    ))]
pub async fn search(query: Result<Query<SearchQuery>, QueryRejection>) -> Response {
    let q = match query {
        Ok(Query(q)) => q,
        Err(e) => return bad_parameter(&e.body_text()),
    };
    let limit = q.limit.unwrap_or(20);
    match api::search(q.q.as_deref().unwrap_or(""), q.regulation.as_deref(), limit) {
        Ok(hits) => to_json(&hits),
        Err(e) => core_error(&e, Origin::Lookup),
    }
}

/// The feature catalogue `compare` questions are answered from.
#[utoipa::path(get, path = "/v1/features", tag = "look-up",
    responses((status = 200, body = [schema::FeatureSummary])))]
pub async fn features() -> Response {
    match api::features() {
        Ok(v) => to_json(&v),
        Err(e) => core_error(&e, Origin::Lookup),
    }
}

/// The topics the other regulations regulate and this one does not (`missing`), and the reverse
/// (`extra`), each with citations.
#[utoipa::path(get, path = "/v1/gaps/{key}", tag = "look-up",
    params(("key" = String, Path, description = "A key (`wuxi-draft`), title or alias, URL-encoded"), GapsQuery),
    responses(
        (status = 200, body = schema::Gaps),
        (status = 400, description = "`invalid-parameter` for a path or query that is not UTF-8; \
            `invalid-question` when `against` names the regulation reviewed",
            body = schema::ErrorResponse),
        (status = 404, description = "`unknown-regulation`", body = schema::ErrorResponse),
    ))]
pub async fn gaps(
    key: Result<Path<String>, PathRejection>,
    query: Result<Query<GapsQuery>, QueryRejection>,
) -> Response {
    let key = match path_text(key) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let against: Vec<String> = match query {
        Ok(Query(q)) => q
            .against
            .iter()
            .flat_map(|a| a.split(','))
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect(),
        Err(e) => return bad_parameter(&e.body_text()),
    };
    match api::gaps(&key, &against) {
        Ok(g) => to_json(&g),
        Err(e) => core_error(&e, Origin::Lookup),
    }
}

/// One entry of the error catalogue, as served.
#[derive(Serialize)]
pub struct CatalogueEntry {
    pub code: &'static str,
    pub meaning: &'static str,
    pub status_ask: u16,
    pub status_lookup: u16,
}

/// The core's error catalogue followed by the service's own codes, with their HTTP statuses.
pub fn catalogue() -> Vec<CatalogueEntry> {
    api::error_catalogue()
        .into_iter()
        .map(|e| (e.code, e.meaning))
        .chain(SERVER_CODES.iter().copied())
        .map(|(code, meaning)| CatalogueEntry {
            code,
            meaning,
            status_ask: status_of(code, Origin::Ask).as_u16(),
            status_lookup: status_of(code, Origin::Lookup).as_u16(),
        })
        .collect()
}

/// Every error code with its meaning and HTTP statuses.
#[utoipa::path(get, path = "/v1/errors", tag = "meta",
    responses((status = 200, body = [schema::ErrorCode])))]
pub async fn errors() -> Response {
    to_json(&catalogue())
}

/// Liveness and readiness: 200 once the embedded corpus and norms are loaded.
#[utoipa::path(get, path = "/healthz", tag = "meta",
    responses((status = 200, body = schema::Health),
        (status = 500, description = "the embedded data failed to load (a build defect)",
            body = schema::ErrorResponse)))]
pub async fn healthz(State(st): St) -> Response {
    match &st.health {
        Ok(body) => json_response(StatusCode::OK, body.clone()),
        Err((code, message)) => error_response(StatusCode::INTERNAL_SERVER_ERROR, code, message),
    }
}

/// The health body, made once when the routes are built (the embedded data is loaded then): a
/// health check costs no more than any request.
pub fn health() -> Result<Bytes, (&'static str, String)> {
    match api::regulations().and_then(|r| api::features().map(|_| r)) {
        Ok(r) => Ok(serde_json::to_vec(&serde_json::json!({
            "status": "ok",
            "version": env!("CARGO_PKG_VERSION"),
            "regulations": r.len(),
        }))
        .expect("the health body serialises")
        .into()),
        Err(e) => Err((e.code(), e.to_string())),
    }
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 description of the service")))]
pub async fn openapi_json(State(st): St) -> Response {
    json_response(StatusCode::OK, st.openapi.clone())
}

pub async fn not_found() -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        "not-found",
        "no such route: see GET /openapi.json",
    )
}

pub async fn method_not_allowed() -> Response {
    error_response(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "this route does not take this method: see GET /openapi.json",
    )
}
