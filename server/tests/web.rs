//! What a web page that calls the service needs (issue 24): CORS for configured origins with the
//! preflight answered, compressed responses, cache headers with ETag and 304, and the search
//! endpoint.

mod common;

use axum::http::Method;
use common::{validate_as, Server};
use serde_json::Value;
use std::io::Read;
use zhili::api;
use zhili_server::client::Reply;
use zhili_server::{router, Config};

fn header<'a>(r: &'a Reply, name: &str) -> Option<&'a str> {
    r.headers.get(name).and_then(|v| v.to_str().ok())
}

fn code_of(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

fn preflight(origin: &str) -> Vec<(&str, &str)> {
    vec![
        ("origin", origin),
        ("access-control-request-method", "POST"),
        ("access-control-request-headers", "content-type"),
    ]
}

const Q: &str = r#"{"id":"q","kind":"in-force","regulation":"haidong","date":"2024-01-01"}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_is_off_by_default() {
    let s = Server::start(router(&Config::default())).await;
    let mut c = s.conn().await;
    let r = c
        .request_with(
            Method::OPTIONS,
            "/v1/ask",
            &preflight("https://example.org"),
            "",
        )
        .await
        .unwrap();
    assert_eq!((r.status, code_of(&r.json())), (405, "method-not-allowed"));
    assert_eq!(header(&r, "access-control-allow-origin"), None);
    let r = c
        .request_with(
            Method::GET,
            "/v1/regulations",
            &[("origin", "https://example.org")],
            "",
        )
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(header(&r, "access-control-allow-origin"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_answers_the_preflight_and_every_response_for_the_configured_origins_only() {
    let cfg = Config {
        cors: vec!["https://example.org".into(), "http://localhost:5173".into()],
        ..Config::default()
    };
    let s = Server::start(router(&cfg)).await;
    let mut c = s.conn().await;
    for origin in ["https://example.org", "http://localhost:5173"] {
        let r = c
            .request_with(Method::OPTIONS, "/v1/ask", &preflight(origin), "")
            .await
            .unwrap();
        assert_eq!(r.status, 200, "{origin}");
        assert_eq!(header(&r, "access-control-allow-origin"), Some(origin));
        let methods = header(&r, "access-control-allow-methods").unwrap();
        assert!(
            methods.contains("POST") && methods.contains("GET"),
            "{methods}"
        );
        let allowed = header(&r, "access-control-allow-headers").unwrap();
        assert!(allowed.contains("content-type"), "{allowed}");
        assert!(r.body.is_empty());
    }
    // the actual requests: an answer, a look-up, an error, a batch
    let origin = [
        ("origin", "https://example.org"),
        ("content-type", "application/json"),
    ];
    let r = c
        .request_with(Method::POST, "/v1/ask", &origin, Q)
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(
        header(&r, "access-control-allow-origin"),
        Some("https://example.org")
    );
    assert_eq!(r.body, api::ask(Q, &Default::default()).to_json_line());
    for (path, status) in [("/v1/regulations", 200), ("/v1/nothing", 404)] {
        let r = c
            .request_with(Method::GET, path, &origin[..1], "")
            .await
            .unwrap();
        assert_eq!(r.status, status, "{path}");
        assert_eq!(
            header(&r, "access-control-allow-origin"),
            Some("https://example.org"),
            "{path}"
        );
    }
    // the ETag is readable by the page's script
    let r = c
        .request_with(Method::GET, "/v1/features", &origin[..1], "")
        .await
        .unwrap();
    assert!(header(&r, "access-control-expose-headers")
        .unwrap()
        .contains("etag"));
    // another origin gets no permission (the browser then withholds the response)
    for (method, headers) in [
        (Method::OPTIONS, preflight("https://evil.example")),
        (Method::GET, vec![("origin", "https://evil.example")]),
    ] {
        let r = c
            .request_with(method, "/v1/regulations", &headers, "")
            .await
            .unwrap();
        assert_eq!(header(&r, "access-control-allow-origin"), None);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_with_a_star_allows_any_origin() {
    let cfg = Config {
        cors: vec!["*".into()],
        ..Config::default()
    };
    let s = Server::start(router(&cfg)).await;
    let mut c = s.conn().await;
    let r = c
        .request_with(
            Method::OPTIONS,
            "/v1/ask",
            &preflight("https://a.example"),
            "",
        )
        .await
        .unwrap();
    assert_eq!(
        (r.status, header(&r, "access-control-allow-origin")),
        (200, Some("*"))
    );
}

#[test]
fn cors_origins_are_checked() {
    use zhili_server::check_cors_origin as check;
    assert_eq!(
        check("https://Example.org/").unwrap(),
        "https://example.org"
    );
    assert_eq!(
        check("http://127.0.0.1:8000").unwrap(),
        "http://127.0.0.1:8000"
    );
    assert_eq!(check("*").unwrap(), "*");
    for bad in [
        "example.org",
        "https://",
        "https://example.org/app",
        "ftp://x",
        "https://a b",
    ] {
        assert!(check(bad).is_err(), "{bad}");
    }
}

fn gunzip(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(b, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_are_compressed_as_the_client_accepts_except_a_streamed_batch() {
    let s = Server::start(router(&Config::default())).await;
    let mut c = s.conn().await;
    let plain = c.get("/v1/regulations/dalian").await.unwrap();
    assert_eq!(header(&plain, "content-encoding"), None);
    for (accept, encoding, decode) in [
        ("gzip", "gzip", gunzip as fn(&[u8]) -> Vec<u8>),
        ("br", "br", unbrotli),
        ("gzip, deflate, br", "br", unbrotli),
    ] {
        let r = c
            .request_with(
                Method::GET,
                "/v1/regulations/dalian",
                &[("accept-encoding", accept)],
                "",
            )
            .await
            .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(header(&r, "content-encoding"), Some(encoding), "{accept}");
        assert!(
            r.body.len() * 2 < plain.body.len(),
            "{accept}: {} of {} bytes",
            r.body.len(),
            plain.body.len()
        );
        assert_eq!(decode(&r.body), plain.body, "{accept}");
        // a single answer is compressed too
        let a = c
            .request_with(
                Method::POST,
                "/v1/ask",
                &[
                    ("accept-encoding", accept),
                    ("content-type", "application/json"),
                ],
                Q,
            )
            .await
            .unwrap();
        assert_eq!(header(&a, "content-encoding"), Some(encoding));
        assert_eq!(
            decode(&a.body),
            api::ask(Q, &Default::default()).to_json_line().as_bytes()
        );
    }
    // a batch streams its answers as they are made: not held back by a compressor
    let r = c
        .request_with(
            Method::POST,
            "/v1/ask",
            &[
                ("accept-encoding", "gzip, br"),
                ("content-type", "application/x-ndjson"),
            ],
            format!("{Q}\n{Q}\n"),
        )
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(header(&r, "content-encoding"), None);
    assert_eq!(std::str::from_utf8(&r.body).unwrap().lines().count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn look_ups_carry_an_etag_and_answer_304_when_it_is_named() {
    let s = Server::start(router(&Config::default())).await;
    let mut c = s.conn().await;
    let doc = c.get("/openapi.json").await.unwrap().json();
    let samples = [
        "/v1/regulations",
        "/v1/regulations/dalian",
        "/v1/articles/haidong:23:2",
        "/v1/compare/grid?explain=none",
        "/v1/features",
        "/v1/gaps/dalian",
        "/v1/search?q=%E7%BD%91%E6%A0%BC",
        "/v1/errors",
        "/openapi.json",
    ];
    let mut tags = std::collections::BTreeSet::new();
    for path in samples {
        let r = c.get(path).await.unwrap();
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(
            header(&r, "cache-control"),
            Some("public, max-age=3600"),
            "{path}"
        );
        let tag = header(&r, "etag").unwrap().to_string();
        assert!(tag.starts_with("W/\""), "{tag}");
        // the same URL, the same tag; another URL, another one
        assert_eq!(
            header(&c.get(path).await.unwrap(), "etag"),
            Some(tag.as_str())
        );
        assert!(tags.insert(tag.clone()), "{path}: {tag} repeats");
        for given in [tag.clone(), format!("\"other\", {tag}"), "*".to_string()] {
            let r = c
                .request_with(Method::GET, path, &[("if-none-match", &given)], "")
                .await
                .unwrap();
            assert_eq!(r.status, 304, "{path} {given}");
            assert!(r.body.is_empty());
            assert_eq!(header(&r, "etag"), Some(tag.as_str()));
        }
        let r = c
            .request_with(Method::GET, path, &[("if-none-match", "W/\"0\"")], "")
            .await
            .unwrap();
        assert_eq!(r.status, 200, "{path}");
        // the document says so, for the route's template
        let template = path
            .split('?')
            .next()
            .unwrap()
            .replace("/dalian", "/{key}")
            .replace("/haidong:23:2", "/{ref}")
            .replace("/grid", "/{feature}");
        let op = &doc["paths"][&template]["get"]["responses"];
        assert!(op["304"].is_object(), "{template}: 304 undeclared");
        assert!(op["200"]["headers"]["ETag"].is_object(), "{template}");
    }
    // what is not a look-up of the embedded data is not cached: health, answers, errors
    let r = c.get("/healthz").await.unwrap();
    assert_eq!(
        (header(&r, "etag"), header(&r, "cache-control")),
        (None, None)
    );
    let r = c.post_json("/v1/ask", Q).await.unwrap();
    assert_eq!(header(&r, "etag"), None);
    let r = c.get("/v1/regulations/hangzhou").await.unwrap();
    assert_eq!((r.status, header(&r, "etag")), (404, None));
    // every GET of the document but the health check declares it
    for (path, ops) in doc["paths"].as_object().unwrap() {
        if let Some(get) = ops.get("get") {
            assert_eq!(
                get["responses"]["304"].is_object(),
                path != "/healthz",
                "{path}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_are_revalidated() {
    let dir = std::env::temp_dir().join(format!("zhili-static-cache-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    let cfg = Config {
        static_dir: Some(dir.clone()),
        ..Config::default()
    };
    let s = Server::start(router(&cfg)).await;
    let mut c = s.conn().await;
    let r = c.get("/app.js").await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(header(&r, "cache-control"), Some("no-cache"));
    let modified = header(&r, "last-modified").unwrap().to_string();
    let r = c
        .request_with(
            Method::GET,
            "/app.js",
            &[("if-modified-since", &modified)],
            "",
        )
        .await
        .unwrap();
    assert_eq!(r.status, 304);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_gives_the_apis_hits_and_typed_errors() {
    let s = Server::start(router(&Config::default())).await;
    let mut c = s.conn().await;
    let doc = c.get("/openapi.json").await.unwrap().json();
    // 网格 经费, in wuxi-draft, at most 3
    let r = c
        .get("/v1/search?q=%E7%BD%91%E6%A0%BC+%E7%BB%8F%E8%B4%B9&regulation=wuxi-draft&limit=3")
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    let want = api::search("网格 经费", Some("wuxi-draft"), 3).unwrap();
    assert!(!want.is_empty());
    assert_eq!(r.json(), serde_json::to_value(&want).unwrap());
    for hit in r.json().as_array().unwrap() {
        validate_as(&doc, "SearchHit", hit);
    }
    // all regulations, the default limit of 20
    let r = c
        .get("/v1/search?q=%E5%A7%94%E5%91%98%E4%BC%9A")
        .await
        .unwrap();
    let want = api::search("委员会", None, 20).unwrap();
    assert_eq!(want.len(), 20, "enough hits to see the default limit");
    assert_eq!(r.json(), serde_json::to_value(&want).unwrap());
    for (path, status, code) in [
        ("/v1/search", 400, "invalid-question"),
        ("/v1/search?q=", 400, "invalid-question"),
        ("/v1/search?q=a&limit=-1", 400, "invalid-parameter"),
        (
            "/v1/search?q=a&regulation=atlantis",
            404,
            "unknown-regulation",
        ),
        ("/v1/search?q=%FF", 400, "invalid-parameter"),
    ] {
        let r = c.get(path).await.unwrap();
        assert_eq!((r.status, code_of(&r.json())), (status, code), "{path}");
        validate_as(&doc, "ErrorResponse", &r.json());
    }
    let long = "%E5%AD%97".repeat(201);
    let r = c.get(&format!("/v1/search?q={long}")).await.unwrap();
    assert_eq!((r.status, code_of(&r.json())), (400, "invalid-question"));
}
