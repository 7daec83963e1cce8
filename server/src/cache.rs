//! Cache headers. The look-ups (`GET /v1/regulations…`, articles, compare, features, gaps, search,
//! errors, the OpenAPI document) answer from data compiled into the binary: one URL gives the same
//! bytes for as long as the same build runs, on every replica. So a successful look-up carries
//! `Cache-Control: public, max-age=3600` and a weak `ETag` made from its body; a request whose
//! `If-None-Match` names that tag gets `304 Not Modified` without a body. Weak because the
//! compression layer may send the same representation gzip- or br-encoded. Static files (the
//! explorer) are revalidated on every use (`no-cache`) against their `Last-Modified`: they change
//! whenever the explorer is rebuilt, without a new name.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The look-ups with an ETag (the routes [`validated`] is layered on, in `crate::api_routes`).
pub const CACHED: &[&str] = &[
    "/v1/regulations",
    "/v1/regulations/{key}",
    "/v1/articles/{ref}",
    "/v1/compare/{feature}",
    "/v1/features",
    "/v1/gaps/{key}",
    "/v1/search",
    "/v1/errors",
    "/openapi.json",
];

/// How long a look-up may be reused without asking again.
pub const LOOKUPS: &str = "public, max-age=3600";
/// Static files: reused only after a revalidation (`If-Modified-Since` → 304).
pub const STATIC_FILES: &str = "no-cache";

/// The weak entity tag of a body: its 64-bit FNV-1a hash, the same in every process and build of
/// the service for the same bytes.
fn etag_of(body: &[u8]) -> HeaderValue {
    let hash = body.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    HeaderValue::from_str(&format!("W/\"{hash:016x}\"")).expect("hex is a header value")
}

/// Whether the `If-None-Match` values name `tag` (weak comparison, `*` matches any), RFC 9110
/// 13.1.2.
fn matches(if_none_match: &[HeaderValue], tag: &HeaderValue) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let ours = opaque(tag.to_str().unwrap_or(""));
    if_none_match
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || opaque(t) == ours)
}

/// Adds `ETag` and `Cache-Control` to a successful GET look-up, and answers 304 when the client
/// already holds it. Error responses are not cached.
pub async fn validated(req: Request, next: Next) -> Response {
    let get = matches!(*req.method(), Method::GET | Method::HEAD);
    let conditional: Vec<HeaderValue> = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .cloned()
        .collect();
    let res = next.run(req).await;
    if !get || res.status() != StatusCode::OK {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // the look-ups' bodies are whole in memory already: collecting them copies nothing
    let bytes: Bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let tag = etag_of(&bytes);
    parts.headers.insert(header::ETAG, tag.clone());
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(LOOKUPS));
    if matches(&conditional, &tag) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly_and_lists() {
        let tag = etag_of(b"{}");
        assert!(tag.to_str().unwrap().starts_with("W/\""));
        assert_eq!(tag, etag_of(b"{}"));
        assert_ne!(tag, etag_of(b"[]"));
        let strong = tag.to_str().unwrap().trim_start_matches("W/").to_string();
        for (given, hit) in [
            (tag.to_str().unwrap().to_string(), true),
            (strong, true),
            (format!("\"x\", {}", tag.to_str().unwrap()), true),
            ("*".to_string(), true),
            ("W/\"0000000000000000\"".to_string(), false),
            (String::new(), false),
        ] {
            let h = [HeaderValue::from_str(&given).unwrap()];
            assert_eq!(matches(&h, &tag), hit, "{given}");
        }
        assert!(!matches(&[], &tag));
        // one value per header line works as one list
        let two = [HeaderValue::from_static("\"x\""), tag.clone()];
        assert!(matches(&two, &tag));
    }
}
