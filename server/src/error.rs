//! HTTP statuses for the core's error codes, and the service's own codes for what only HTTP can get
//! wrong (an unknown route, a timeout, a panic). Every error body carries `{"error": {"code",
//! "message"}}`, the same object an error answer of `zhili ask` carries.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Codes the service adds to the core's catalogue (`zhili::api::error_catalogue()`), with meanings.
pub const SERVER_CODES: &[(&str, &str)] = &[
    ("not-found", "no such route (or static file)"),
    (
        "method-not-allowed",
        "the route exists but not for this HTTP method",
    ),
    (
        "unsupported-media-type",
        "POST /v1/ask takes application/json or application/x-ndjson",
    ),
    (
        "invalid-parameter",
        "a query or path parameter that cannot be used (e.g. explain=chatty)",
    ),
    (
        "incomplete-body",
        "the request body broke off (the connection closed before its Content-Length, a bad chunk); \
         a batch ends with this line, saying how many lines were read and answered",
    ),
    (
        "overloaded",
        "the service holds its maximum of open connections (--max-connections): the new one is \
         answered at once and closed; retry later",
    ),
    (
        "timeout",
        "the request did not finish within the per-request timeout (the service is busy or the client sends too slowly)",
    ),
    (
        "internal",
        "an unexpected failure inside the service (a panic caught in a handler); a defect, please report it",
    ),
];

/// Where an error arises: a question (`POST /v1/ask`) or a look-up by path (`GET /v1/...`). An
/// unknown article is a wrong question in the first case and a missing resource in the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Ask,
    Lookup,
}

/// The HTTP status of a core error code, documented in docs/guide-http.md.
pub fn status_of(code: &str, origin: Origin) -> StatusCode {
    match (code, origin) {
        ("invalid-json", _) => StatusCode::BAD_REQUEST,
        ("too-large", _) => StatusCode::PAYLOAD_TOO_LARGE,
        // a look-up of something that does not exist (a feature: GET /v1/compare/{feature})
        ("unknown-article" | "unknown-regulation" | "unknown-feature", Origin::Lookup) => {
            StatusCode::NOT_FOUND
        }
        (
            "invalid-reference" | "invalid-question" | "invalid-date" | "invalid-fact",
            Origin::Lookup,
        ) => StatusCode::BAD_REQUEST,
        (
            "invalid-question" | "unknown-kind" | "unknown-regulation" | "unknown-article"
            | "unknown-feature" | "invalid-reference" | "invalid-date" | "invalid-fact"
            | "unknown-fact" | "missing-fact",
            _,
        ) => StatusCode::UNPROCESSABLE_ENTITY,
        ("not-found", _) => StatusCode::NOT_FOUND,
        ("method-not-allowed", _) => StatusCode::METHOD_NOT_ALLOWED,
        ("unsupported-media-type", _) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ("invalid-parameter" | "incomplete-body", _) => StatusCode::BAD_REQUEST,
        ("timeout" | "overloaded", _) => StatusCode::SERVICE_UNAVAILABLE,
        // ingest-failed, invalid-norm (build defects), internal, and anything unforeseen
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: &'a str,
    message: &'a str,
}

/// An error response: `{"error": {"code", "message"}}` with the given status.
pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    tracing::Span::current().record("code", code);
    let body = serde_json::to_vec(&Body {
        error: Inner { code, message },
    })
    .expect("error bodies serialise");
    json_response(status, body.into())
}

/// An error response for a core error arising at `origin`.
pub fn core_error(e: &zhili::Error, origin: Origin) -> Response {
    error_response(status_of(e.code(), origin), e.code(), &e.to_string())
}

/// A JSON body with its status.
pub fn json_response(status: StatusCode, body: bytes::Bytes) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_deliberate_status() {
        for code in zhili::Error::CODES {
            let ask = status_of(code, Origin::Ask);
            let get = status_of(code, Origin::Lookup);
            match *code {
                "ingest-failed" | "invalid-norm" => {
                    assert_eq!(ask, StatusCode::INTERNAL_SERVER_ERROR)
                }
                _ => {
                    assert!(ask.is_client_error(), "{code}: {ask}");
                    assert!(get.is_client_error(), "{code}: {get}");
                }
            }
        }
        assert_eq!(
            status_of("unknown-article", Origin::Ask),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            status_of("unknown-article", Origin::Lookup),
            StatusCode::NOT_FOUND
        );
        for (code, meaning) in SERVER_CODES {
            assert!(!meaning.is_empty());
            assert!(!zhili::Error::CODES.contains(code), "{code} clashes");
            let s = status_of(code, Origin::Ask);
            assert_eq!(
                s == StatusCode::INTERNAL_SERVER_ERROR,
                *code == "internal",
                "{code}"
            );
        }
    }
}
