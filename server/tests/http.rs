//! The service on 127.0.0.1 on a free port: every endpoint, every error status, the answers for
//! every conformance case equal to `zhili::api::ask` (what `zhili ask` prints), the OpenAPI document
//! true to what is served, and the protective layers (size limits, timeout, concurrency limit,
//! panics, graceful shutdown, streaming).

mod common;

use axum::routing::get;
use common::{conformance_lines, dechunk, validate_as, Server};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zhili::api::{self, AskOptions, Explain};
use zhili_server::{api_routes, router, with_layers, Config};

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn code_of(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

async fn default_server() -> Server {
    Server::start(router(&Config::default())).await
}

fn opts(explain: Explain) -> AskOptions {
    AskOptions { explain }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_conformance_case_gets_the_clis_answer_over_the_batch_endpoint() {
    let s = default_server().await;
    let mut c = s.conn().await;
    let lines = conformance_lines();
    let doc = c.get("/openapi.json").await.unwrap().json();
    for (explain, name) in [(Explain::Full, "full"), (Explain::None, "none")] {
        let body = lines.join("\n") + "\n";
        let r = c
            .post_ndjson(&format!("/v1/ask?explain={name}"), body)
            .await
            .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.content_type(), "application/x-ndjson");
        let got: Vec<&str> = std::str::from_utf8(&r.body).unwrap().lines().collect();
        assert_eq!(got.len(), lines.len());
        for (q, a) in lines.iter().zip(&got) {
            let want = api::ask(q, &opts(explain)).to_json_line();
            assert_eq!(*a, want, "question {q}");
            if explain == Explain::Full {
                validate_as(&doc, "Answer", &serde_json::from_str(a).unwrap());
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_questions_get_the_clis_answer_and_the_status_of_their_error_code() {
    let s = default_server().await;
    let mut c = s.conn().await;
    let lines = conformance_lines();
    let mut errors = 0;
    for q in lines.iter().step_by(7) {
        let r = c.post_json("/v1/ask", q.clone()).await.unwrap();
        let want = api::ask(q, &AskOptions::default());
        assert_eq!(
            std::str::from_utf8(&r.body).unwrap(),
            want.to_json_line(),
            "{q}"
        );
        let status = match &want.error {
            None => 200,
            Some(e) => {
                errors += 1;
                zhili_server::status_of(&e.code, zhili_server::Origin::Ask).as_u16()
            }
        };
        assert_eq!(r.status, status, "{q}");
        assert_eq!(r.content_type(), "application/json");
    }
    assert!(errors > 0, "some conformance cases are bad input");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_input_case_gets_its_code_and_status() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/bad-input");
    let questions = std::fs::read_to_string(format!("{dir}/questions.jsonl")).unwrap();
    let codes = std::fs::read_to_string(format!("{dir}/expected-codes.txt")).unwrap();
    let s = default_server().await;
    let mut c = s.conn().await;
    let mut seen = std::collections::BTreeSet::new();
    let questions: Vec<&str> = questions.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(questions.len(), codes.lines().count());
    for (q, code) in questions.into_iter().zip(codes.lines()) {
        let r = c.post_json("/v1/ask", q.to_string()).await.unwrap();
        let a = r.json();
        assert_eq!(
            a,
            serde_json::to_value(api::ask(q, &AskOptions::default())).unwrap()
        );
        if code == "-" {
            assert_eq!((r.status, code_of(&a)), (200, ""), "{q}");
            continue;
        }
        assert_eq!(code_of(&a), code, "{q}");
        let want = match code {
            "invalid-json" => 400,
            "too-large" => 413,
            _ => 422,
        };
        assert_eq!(r.status, want, "{q}");
        assert_eq!(a["verdict"], "error");
        seen.insert(code.to_string());
    }
    // the question-level codes are all exercised
    for code in [
        "invalid-json",
        "invalid-question",
        "unknown-kind",
        "unknown-regulation",
        "unknown-article",
        "invalid-date",
        "invalid-fact",
        "unknown-fact",
        "missing-fact",
    ] {
        assert!(seen.contains(code), "no bad-input case for {code}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_level_errors() {
    let s = default_server().await;
    let mut c = s.conn().await;
    let q =
        r#"{"id":"q1","kind":"in-force","regulation":"haidong","date":"2024-01-01","facts":{}}"#;

    // 400: not JSON, not UTF-8, empty; the id is kept where it can be read
    for (body, id) in [
        (b"not json".to_vec(), ""),
        (vec![0xff, 0xfe], ""),
        (b"".to_vec(), ""),
    ] {
        let r = c
            .request(
                axum::http::Method::POST,
                "/v1/ask",
                Some("application/json"),
                body,
            )
            .await
            .unwrap();
        assert_eq!(r.status, 400);
        assert_eq!(code_of(&r.json()), "invalid-json");
        assert_eq!(r.json()["id"], id);
    }
    // 422 keeps the id
    let r = c
        .post_json("/v1/ask", r#"{"id":"k","kind":"guess"}"#)
        .await
        .unwrap();
    assert_eq!((r.status, code_of(&r.json())), (422, "unknown-kind"));
    assert_eq!(r.json()["id"], "k");
    // no content type is one question; a JSON suffix type too
    for ct in [
        None,
        Some("application/json; charset=utf-8"),
        Some("application/vnd.x+json"),
    ] {
        let r = c
            .request(axum::http::Method::POST, "/v1/ask", ct, q)
            .await
            .unwrap();
        assert_eq!((r.status, r.json()["verdict"].as_str()), (200, Some("yes")));
    }
    // 415
    let r = c
        .request(axum::http::Method::POST, "/v1/ask", Some("text/plain"), q)
        .await
        .unwrap();
    assert_eq!(
        (r.status, code_of(&r.json())),
        (415, "unsupported-media-type")
    );
    // 413: over 1 MiB (with a Content-Length, so refused before reading)
    let big = format!(
        r#"{{"id":"big","kind":"in-force","question_zh":"{}"}}"#,
        "字".repeat(400_000)
    );
    let r = c.post_json("/v1/ask", big).await.unwrap();
    assert_eq!((r.status, code_of(&r.json())), (413, "too-large"));
    // the server does not read the refused body, so it closes that connection
    let mut c = s.conn().await;
    // 400: a bad explain level
    let r = c.post_json("/v1/ask?explain=chatty", q).await.unwrap();
    assert_eq!((r.status, code_of(&r.json())), (400, "invalid-parameter"));
    // 404 and 405
    let r = c.get("/v2/ask").await.unwrap();
    assert_eq!((r.status, code_of(&r.json())), (404, "not-found"));
    let r = c.get("/v1/ask").await.unwrap();
    assert_eq!((r.status, code_of(&r.json())), (405, "method-not-allowed"));
    let r = c.post_json("/healthz", "").await.unwrap();
    assert_eq!(r.status, 405);
    // the explain levels pass through and never change the decision
    let full = c.post_json("/v1/ask", q).await.unwrap().json();
    for level in ["summary", "none"] {
        let a = c
            .post_json(&format!("/v1/ask?explain={level}"), q)
            .await
            .unwrap()
            .json();
        assert_eq!(a["verdict"], full["verdict"]);
        assert_eq!(a["citations"], full["citations"]);
        assert_eq!(a["explanation"]["steps"], json!([]));
        assert_eq!(
            a,
            serde_json::to_value(api::ask(q, &opts(level.parse().unwrap()))).unwrap()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn look_ups_equal_the_api_and_fit_the_openapi_document() {
    let s = default_server().await;
    let mut c = s.conn().await;
    let doc = c.get("/openapi.json").await.unwrap().json();

    let r = c.get("/healthz").await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "ok");
    validate_as(&doc, "Health", &r.json());

    let r = c.get("/v1/regulations").await.unwrap();
    assert_eq!(
        r.json(),
        serde_json::to_value(api::regulations().unwrap()).unwrap()
    );
    for row in r.json().as_array().unwrap() {
        validate_as(&doc, "RegulationSummary", row);
        let key = row["key"].as_str().unwrap();
        let st = c.get(&format!("/v1/regulations/{key}")).await.unwrap();
        assert_eq!(st.status, 200);
        assert_eq!(
            st.json(),
            serde_json::to_value(api::structure(key).unwrap()).unwrap()
        );
        validate_as(&doc, "Regulation", &st.json());
    }
    assert!(r.json().as_array().unwrap().len() >= 4);
    // by title, URL-encoded
    let title = api::structure("dalian").unwrap().meta.title.clone();
    let st = c
        .get(&format!("/v1/regulations/{}", enc(&title)))
        .await
        .unwrap();
    assert_eq!(st.json()["meta"]["key"], "dalian");
    let st = c.get("/v1/regulations/hangzhou").await.unwrap();
    assert_eq!(
        (st.status, code_of(&st.json())),
        (404, "unknown-regulation")
    );
    validate_as(&doc, "ErrorResponse", &st.json());

    // articles: citations, Chinese references (URL-encoded), ?regulation=
    for (path, want) in [
        (
            "/v1/articles/haidong:23:2".to_string(),
            api::article("haidong:23:2", None),
        ),
        (
            format!("/v1/articles/{}", enc("大连条例第二十四条第三款")),
            api::article("大连条例第二十四条第三款", None),
        ),
        (
            format!(
                "/v1/articles/{}?regulation=haidong",
                enc("第六条第（七）项")
            ),
            api::article("第六条第（七）项", Some("haidong")),
        ),
    ] {
        let r = c.get(&path).await.unwrap();
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.json(), serde_json::to_value(want.unwrap()).unwrap());
        validate_as(&doc, "ArticleView", &r.json());
    }
    for (path, status, code) in [
        (
            "/v1/articles/haidong:999".to_string(),
            404,
            "unknown-article",
        ),
        (
            format!("/v1/articles/{}", enc("海东条例第五十二条第二款")),
            404,
            "unknown-article",
        ),
        (
            format!("/v1/articles/{}?regulation=hangzhou", enc("第五条")),
            404,
            "unknown-regulation",
        ),
        (
            format!("/v1/articles/{}", enc("第十十条")),
            400,
            "invalid-reference",
        ),
        (
            format!("/v1/articles/{}", enc("第五条")),
            400,
            "invalid-reference",
        ),
        ("/v1/articles/%FF".to_string(), 400, "invalid-parameter"),
        // a regulation that contradicts the path is refused as POST /v1/ask refuses it
        (
            "/v1/articles/haidong:23:2?regulation=dalian".to_string(),
            400,
            "invalid-question",
        ),
        (
            format!(
                "/v1/articles/{}?regulation=haidong",
                enc("大连条例第二十四条第三款")
            ),
            400,
            "invalid-question",
        ),
        // a query that is not UTF-8 once decoded is not read with replacement characters
        (
            format!("/v1/articles/{}?regulation=%FF", enc("第五条")),
            400,
            "invalid-parameter",
        ),
        (
            "/v1/articles/haidong:23?regulation=%E6%B5".to_string(),
            400,
            "invalid-parameter",
        ),
    ] {
        let r = c.get(&path).await.unwrap();
        assert_eq!((r.status, code_of(&r.json())), (status, code), "{path}");
        validate_as(&doc, "ErrorResponse", &r.json());
    }

    // gaps: the API's answer, in the documented shape; a bad `against` is the core's error
    let r = c
        .get("/v1/gaps/wuxi-draft?against=dalian,xinyang")
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    let want = api::gaps("wuxi-draft", &["dalian".into(), "xinyang".into()]).unwrap();
    assert_eq!(r.json(), serde_json::to_value(&want).unwrap());
    validate_as(&doc, "Gaps", &r.json());
    let r = c.get("/v1/gaps/dalian?against=dalian").await.unwrap();
    assert_eq!((r.status, code_of(&r.json())), (400, "invalid-question"));
    validate_as(&doc, "ErrorResponse", &r.json());
    let r = c.get("/v1/gaps/atlantis").await.unwrap();
    assert_eq!((r.status, code_of(&r.json())), (404, "unknown-regulation"));

    // features and compare
    let r = c.get("/v1/features").await.unwrap();
    assert_eq!(
        r.json(),
        serde_json::to_value(api::features().unwrap()).unwrap()
    );
    let features = api::features().unwrap();
    assert!(!features.is_empty());
    for f in &features {
        validate_as(&doc, "FeatureSummary", &serde_json::to_value(f).unwrap());
        for (name, level) in [(&f.id, Explain::Full), (&f.zh, Explain::None)] {
            let r = c
                .get(&format!(
                    "/v1/compare/{}?explain={}",
                    enc(name),
                    level.as_str()
                ))
                .await
                .unwrap();
            assert_eq!(r.status, 200, "{name}");
            let want = api::compare(name, &opts(level)).unwrap();
            assert_eq!(std::str::from_utf8(&r.body).unwrap(), want.to_json_line());
            validate_as(&doc, "Answer", &r.json());
        }
    }
    let r = c
        .get(&format!("/v1/compare/{}", enc("火星移民")))
        .await
        .unwrap();
    // an unknown feature is a look-up of nothing: the `{"error": …}` body of every look-up error
    assert_eq!((r.status, code_of(&r.json())), (404, "unknown-feature"));
    assert_eq!(r.json().as_object().unwrap().len(), 1, "{}", r.json());
    validate_as(&doc, "ErrorResponse", &r.json());
    let r = c.get("/v1/compare/grid?explain=loud").await.unwrap();
    assert_eq!((r.status, code_of(&r.json())), (400, "invalid-parameter"));

    // the error catalogue: the core's codes, then the service's, each with its statuses
    let r = c.get("/v1/errors").await.unwrap();
    let cat = r.json();
    let codes: Vec<&str> = cat
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    for code in zhili::Error::CODES {
        assert!(codes.contains(code), "{code}");
    }
    for e in cat.as_array().unwrap() {
        validate_as(&doc, "ErrorCode", e);
    }
    let enum_codes = &doc["components"]["schemas"]["ErrorBody"]["properties"]["code"]["enum"];
    assert_eq!(
        enum_codes,
        &json!(codes),
        "the error schema lists the catalogue"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_committed_openapi_file_is_the_served_document() {
    let s = default_server().await;
    let served = s.conn().await.get("/openapi.json").await.unwrap().json();
    assert_eq!(served["openapi"].as_str().map(|v| &v[..2]), Some("3."));
    for p in [
        "/v1/ask",
        "/v1/regulations",
        "/v1/regulations/{key}",
        "/v1/articles/{ref}",
        "/v1/compare/{feature}",
        "/v1/features",
        "/v1/gaps/{key}",
        "/v1/search",
        "/v1/errors",
        "/healthz",
        "/openapi.json",
    ] {
        assert!(served["paths"].get(p).is_some(), "{p} undocumented");
    }
    let kinds = &served["components"]["schemas"]["Question"]["properties"]["kind"]["enum"];
    assert!(kinds
        .as_array()
        .unwrap()
        .contains(&json!("assign-to-committee")));
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
    let text = serde_json::to_string_pretty(&served).unwrap() + "\n";
    if std::env::var_os("ZHILI_BLESS").is_some() {
        std::fs::write(path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == text,
        "server/openapi.json is stale: regenerate with \
         `cargo run -p zhili-cli -- serve --openapi > server/openapi.json`"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_lines_are_read_as_the_cli_reads_them() {
    let s = default_server().await;
    let mut c = s.conn().await;
    let q1 = r#"{"id":"a","kind":"in-force","regulation":"dalian","date":"2024-01-01"}"#;
    let over = format!(
        r#"{{"id":"big","kind":"in-force","x":"{}"}}"#,
        "y".repeat(1 << 20)
    );
    let mut body = Vec::new();
    body.extend_from_slice(format!("  {q1}  \r\n\n   \n").as_bytes());
    body.extend_from_slice(b"{broken\n");
    body.extend_from_slice(&[0xff, b'{', b'\n']);
    body.extend_from_slice(over.as_bytes());
    body.extend_from_slice(b"\n\t");
    body.extend_from_slice(q1.as_bytes()); // no final newline
    let r = c
        .request(
            axum::http::Method::POST,
            "/v1/ask?explain=summary",
            Some("application/x-ndjson"),
            body,
        )
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    let got: Vec<&str> = std::str::from_utf8(&r.body).unwrap().lines().collect();
    let o = opts(Explain::Summary);
    let invalid_utf8 = {
        let bytes = std::hint::black_box(vec![0xff, b'{']);
        let e = std::str::from_utf8(&bytes).unwrap_err();
        zhili::Answer::from_error("", &zhili::Error::InvalidJson(format!("not UTF-8: {e}")))
            .with_explain(Explain::Summary)
            .to_json_line()
    };
    let want = vec![
        api::ask(q1, &o).to_json_line(),
        api::ask("{broken", &o).to_json_line(),
        invalid_utf8,
        api::ask(&over, &o).to_json_line(),
        api::ask(q1, &o).to_json_line(),
    ];
    assert_eq!(got, want);
    let v: Value = serde_json::from_str(got[3]).unwrap();
    assert_eq!(code_of(&v), "too-large");
    // an empty batch has no answers
    let r = c.post_ndjson("/v1/ask", "\n\n").await.unwrap();
    assert_eq!((r.status, r.body.len()), (200, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_size_limit() {
    let cfg = Config {
        max_batch_bytes: 4096,
        ..Config::default()
    };
    let s = Server::start(router(&cfg)).await;
    let q = r#"{"id":"a","kind":"in-force","regulation":"haidong","date":"2024-01-01"}"#;
    let body = format!("{q}\n").repeat(100);
    // with a Content-Length: refused before reading
    let r = s
        .conn()
        .await
        .post_ndjson("/v1/ask", body.clone())
        .await
        .unwrap();
    assert_eq!((r.status, code_of(&r.json())), (413, "too-large"));
    // chunked, so the size shows only while reading: the answers so far, then one too-large line
    let mut tcp = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let head = "POST /v1/ask HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\n\
                Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    tcp.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.as_bytes().chunks(1000) {
        tcp.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .await
            .unwrap();
        tcp.write_all(chunk).await.unwrap();
        tcp.write_all(b"\r\n").await.unwrap();
    }
    tcp.write_all(b"0\r\n\r\n").await.unwrap();
    let mut raw = Vec::new();
    tcp.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8(dechunk(&raw).expect("a complete chunked body")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.len() > 1 && lines.len() < 100,
        "{} lines",
        lines.len()
    );
    let last: Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    assert_eq!(code_of(&last), "too-large");
    for l in &lines[..lines.len() - 1] {
        assert_eq!(serde_json::from_str::<Value>(l).unwrap()["verdict"], "yes");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_answers_stream_before_the_batch_is_complete_and_a_stalled_batch_times_out() {
    let cfg = Config {
        timeout: Duration::from_millis(700),
        ..Config::default()
    };
    let s = Server::start(router(&cfg)).await;
    let mut tcp = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let head =
        "POST /v1/ask?explain=none HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\n\
                Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    tcp.write_all(head.as_bytes()).await.unwrap();
    let line = "{\"id\":\"s1\",\"kind\":\"in-force\",\"regulation\":\"haidong\",\"date\":\"2024-01-01\"}\n";
    tcp.write_all(format!("{:x}\r\n{line}\r\n", line.len()).as_bytes())
        .await
        .unwrap();
    // the first answer arrives while the request body is still open
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let t = Instant::now();
    while !String::from_utf8_lossy(&raw).contains("\"id\":\"s1\"") {
        let n = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
            .await
            .expect("the first answer streams back")
            .unwrap();
        assert!(n > 0, "closed early");
        raw.extend_from_slice(&buf[..n]);
    }
    assert!(t.elapsed() < Duration::from_millis(650));
    // then nothing more is sent: the stream ends with a timeout line
    tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut raw))
        .await
        .expect("the stalled batch is ended by the server")
        .unwrap();
    let text = String::from_utf8(dechunk(&raw).unwrap()).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["verdict"], "yes");
    assert_eq!(code_of(&lines[1]), "timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_whose_body_never_starts_is_a_503_timeout_not_a_stream() {
    let cfg = Config {
        timeout: Duration::from_millis(300),
        ..Config::default()
    };
    let s = Server::start(router(&cfg)).await;
    let mut tcp = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let head = "POST /v1/ask HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\n\
                Content-Length: 100\r\nConnection: close\r\n\r\n";
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut raw))
        .await
        .expect("answered within the timeout")
        .unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 503"), "{head}");
    assert!(!head.to_ascii_lowercase().contains("x-ndjson"), "{head}");
    let v: Value = serde_json::from_str(body).unwrap();
    assert_eq!(code_of(&v), "timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_sent_with_expect_100_continue_is_invited_at_once() {
    // curl sends `Expect: 100-continue` with bodies over 1 MiB and waits up to 1 s for the
    // interim response before it sends the body; a final 200 head sent first cost every such
    // batch that second
    let s = default_server().await;
    let line = "{\"id\":\"e1\",\"kind\":\"in-force\",\"regulation\":\"haidong\",\"date\":\"2024-01-01\"}\n";
    let body = line.repeat(3);
    let mut tcp = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let head = format!(
        "POST /v1/ask?explain=none HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\n\
         Content-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut buf = [0u8; 256];
    let n = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
        .await
        .expect("an interim response before the body is sent")
        .unwrap();
    let interim = String::from_utf8_lossy(&buf[..n]).to_string();
    assert!(
        interim.starts_with("HTTP/1.1 100 Continue\r\n\r\n"),
        "{interim}"
    );
    tcp.write_all(body.as_bytes()).await.unwrap();
    let mut raw = buf[n..n].to_vec();
    tokio::time::timeout(Duration::from_secs(10), tcp.read_to_end(&mut raw))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8(dechunk(&raw).unwrap()).unwrap();
    let answer = api::ask(line.trim(), &opts(Explain::None)).to_json_line() + "\n";
    assert_eq!(text, answer.repeat(3));
}

/// Sends a raw batch request head and body on a new connection, then (optionally) closes the
/// sending side, and returns the answer lines of the streamed response.
async fn raw_batch(s: &Server, head_extra: &str, body: &[u8], half_close: bool) -> Vec<Value> {
    let mut tcp = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let head = format!(
        "POST /v1/ask?explain=none HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\n\
         Connection: close\r\n{head_extra}\r\n"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(body).await.unwrap();
    if half_close {
        tcp.shutdown().await.unwrap();
    }
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), tcp.read_to_end(&mut raw))
        .await
        .expect("the server ends the response")
        .unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, _) = text.split_once("\r\n\r\n").expect("a response");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let body = dechunk(text.as_bytes()).expect("a complete chunked body");
    String::from_utf8(body)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_whose_body_breaks_ends_with_an_error_line_not_a_normal_end() {
    let s = default_server().await;
    let line = "{\"id\":\"b1\",\"kind\":\"in-force\",\"regulation\":\"haidong\",\"date\":\"2024-01-01\"}\n";
    // a bad chunk size after two good lines
    let body = format!("{:x}\r\n{line}{line}\r\nZZ\r\nwhatever\r\n", 2 * line.len());
    let lines = raw_batch(&s, "Transfer-Encoding: chunked\r\n", body.as_bytes(), false).await;
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["id"], "b1");
    assert_eq!(lines[1]["verdict"], "yes");
    assert_eq!(code_of(&lines[2]), "incomplete-body");
    let msg = lines[2]["error"]["message"].as_str().unwrap();
    assert!(msg.contains("after 2 complete lines"), "{msg}");
    // a body shorter than its Content-Length: the client closes its side after one line and a half
    let mut body = line.as_bytes().to_vec();
    body.extend_from_slice(&line.as_bytes()[..20]);
    let lines = raw_batch(&s, "Content-Length: 1000\r\n", &body, true).await;
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["verdict"], "yes");
    assert_eq!(code_of(&lines[1]), "incomplete-body");
    let msg = lines[1]["error"]["message"].as_str().unwrap();
    assert!(msg.contains("after 1 complete lines"), "{msg}");
    // a whole body still ends normally, the last line without its newline answered too
    let body = format!("{line}{}", line.trim_end());
    let cl = format!("Content-Length: {}\r\n", body.len());
    let lines = raw_batch(&s, &cl, body.as_bytes(), false).await;
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().all(|l| l["verdict"] == "yes"));
}

/// A router with test-only routes under the same layers.
fn with_test_routes(cfg: &Config) -> axum::Router {
    let extra = api_routes(cfg)
        .route(
            "/test/panic",
            get(|| async {
                if std::hint::black_box(true) {
                    panic!("deliberate panic in a handler");
                }
                "unreachable"
            }),
        )
        .route(
            "/test/sleep/{ms}",
            get(
                |axum::extract::Path(ms): axum::extract::Path<u64>| async move {
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                    "slept"
                },
            ),
        );
    with_layers(extra, cfg)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_becomes_a_500_with_a_code_and_the_server_keeps_serving() {
    let s = Server::start(with_test_routes(&Config::default())).await;
    let mut c = s.conn().await;
    for _ in 0..3 {
        let r = c.get("/test/panic").await.unwrap();
        assert_eq!((r.status, code_of(&r.json())), (500, "internal"));
    }
    let r = c.get("/healthz").await.unwrap();
    assert_eq!(r.status, 200);
    let r = s.conn().await.get("/healthz").await.unwrap();
    assert_eq!(r.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeout_and_concurrency_limit() {
    let cfg = Config {
        timeout: Duration::from_millis(300),
        concurrency: 1,
        ..Config::default()
    };
    let s = Server::start(with_test_routes(&cfg)).await;
    // a request past the timeout gets 503 timeout
    let r = s.conn().await.get("/test/sleep/1000").await.unwrap();
    assert_eq!((r.status, code_of(&r.json())), (503, "timeout"));
    // one slot: the second of two 200 ms requests waits 200 ms for it, and 400 ms > 300 ms
    let (mut a, mut b) = (s.conn().await, s.conn().await);
    let first = tokio::spawn(async move { a.get("/test/sleep/200").await.unwrap().status });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let second = b.get("/test/sleep/200").await.unwrap();
    assert_eq!(first.await.unwrap(), 200);
    assert_eq!((second.status, code_of(&second.json())), (503, "timeout"));
    // with room for both, both succeed
    let cfg = Config {
        timeout: Duration::from_millis(300),
        concurrency: 2,
        ..Config::default()
    };
    let s = Server::start(with_test_routes(&cfg)).await;
    let (mut a, mut b) = (s.conn().await, s.conn().await);
    let first = tokio::spawn(async move { a.get("/test/sleep/200").await.unwrap().status });
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(b.get("/test/sleep/200").await.unwrap().status, 200);
    assert_eq!(first.await.unwrap(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_finishes_the_requests_in_flight() {
    let mut s = Server::start(with_test_routes(&Config::default())).await;
    let mut c = s.conn().await;
    let in_flight = tokio::spawn(async move { c.get("/test/sleep/300").await.unwrap() });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let done = s.shutdown();
    let r = in_flight.await.unwrap();
    assert_eq!((r.status, &r.body[..]), (200, &b"slept"[..]));
    tokio::time::timeout(Duration::from_secs(5), done)
        .await
        .expect("serve returns after the drain")
        .unwrap()
        .unwrap();
    assert!(zhili_server::client::Conn::connect(s.addr).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_are_served_beside_the_api() {
    let dir = std::env::temp_dir().join(format!("zhili-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<h1>zhili</h1>").unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    let cfg = Config {
        static_dir: Some(dir.clone()),
        ..Config::default()
    };
    let s = Server::start(router(&cfg)).await;
    let mut c = s.conn().await;
    let r = c.get("/").await.unwrap();
    assert_eq!((r.status, &r.body[..]), (200, &b"<h1>zhili</h1>"[..]));
    assert!(r.content_type().starts_with("text/html"));
    let r = c.get("/app.js").await.unwrap();
    assert_eq!(r.status, 200);
    assert!(
        r.content_type().contains("javascript"),
        "{}",
        r.content_type()
    );
    let r = c.get("/missing.css").await.unwrap();
    assert_eq!((r.status, code_of(&r.json())), (404, "not-found"));
    let r = c.get("/../Cargo.toml").await.unwrap();
    assert_eq!(r.status, 404);
    assert_eq!(c.get("/healthz").await.unwrap().status, 200);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_refuses_non_loopback_addresses() {
    let err = zhili_server::client::Conn::connect("192.0.2.1:80".parse().unwrap()).await;
    assert!(err.is_err());
}

/// The response the OpenAPI document declares for `method path` with `status`, validated against
/// its schema (as schemathesis checks it: an undeclared status or a body of another shape fails).
fn check_declared(doc: &Value, method: &str, template: &str, status: u16, body: &Value) {
    let op = &doc["paths"][template][method];
    assert!(!op.is_null(), "{method} {template} undocumented");
    let resp = &op["responses"][status.to_string()];
    assert!(
        !resp.is_null(),
        "{method} {template}: status {status} undeclared ({body})"
    );
    let schema = &resp["content"]["application/json"]["schema"];
    if let Err(e) = common::validate(doc, schema, body, &format!("{method} {template} {status}")) {
        panic!("{e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_status_a_route_returns_is_declared_with_its_body() {
    let cfg = Config {
        max_batch_bytes: 1000,
        ..Config::default()
    };
    let s = Server::start(router(&cfg)).await;
    let mut c = s.conn().await;
    let doc = c.get("/openapi.json").await.unwrap().json();
    let q = r#"{"id":"q","kind":"in-force","regulation":"haidong","date":"2024-01-01"}"#;
    // POST /v1/ask: a bad explain is an ErrorResponse, not JSON an error answer
    for (path, body, status) in [
        ("/v1/ask?explain=chatty", q.to_string(), 400),
        ("/v1/ask", "not json".to_string(), 400),
        (
            "/v1/ask",
            format!("{{\"x\":\"{}\"}}", "a".repeat(1 << 20)),
            413,
        ),
        ("/v1/ask", r#"{"id":"k","kind":"guess"}"#.to_string(), 422),
    ] {
        let r = c.post_json(path, body).await.unwrap();
        assert_eq!(r.status, status, "{path}");
        check_declared(&doc, "post", "/v1/ask", status, &r.json());
        c = s.conn().await;
    }
    // a batch refused by its Content-Length is an ErrorResponse
    let r = c.post_ndjson("/v1/ask", "x".repeat(2000)).await.unwrap();
    assert_eq!(r.status, 413);
    check_declared(&doc, "post", "/v1/ask", 413, &r.json());
    let mut c = s.conn().await;
    // look-ups: bad parameters, bad path text, a query that is not UTF-8 on any route
    for (path, template, status) in [
        ("/v1/compare/x?explain=chatty", "/v1/compare/{feature}", 400),
        ("/v1/compare/%FF", "/v1/compare/{feature}", 400),
        ("/v1/compare/nonesuch", "/v1/compare/{feature}", 404),
        ("/v1/search", "/v1/search", 400),
        ("/v1/search?q=%20", "/v1/search", 400),
        ("/v1/search?q=a&limit=many", "/v1/search", 400),
        ("/v1/search?q=a&regulation=hangzhou", "/v1/search", 404),
        ("/v1/regulations/%FF", "/v1/regulations/{key}", 400),
        ("/v1/regulations/hangzhou", "/v1/regulations/{key}", 404),
        ("/v1/articles/%FF", "/v1/articles/{ref}", 400),
        ("/healthz?x=%FF", "/healthz", 400),
        ("/v1/features?x=%FF", "/v1/features", 400),
        ("/v1/errors?x=%FF", "/v1/errors", 400),
        ("/v1/regulations?x=%FF", "/v1/regulations", 400),
    ] {
        let r = c.get(path).await.unwrap();
        assert_eq!(r.status, status, "{path}");
        check_declared(&doc, "get", template, status, &r.json());
    }
    // a question without facts (or with null facts) is valid, as the service reads it
    for question in [
        json!({"kind": "in-force", "regulation": "haidong"}),
        json!({"kind": "in-force", "regulation": "haidong", "facts": null}),
    ] {
        validate_as(&doc, "Question", &question);
        let r = c.post_json("/v1/ask", question.to_string()).await.unwrap();
        assert_eq!(r.status, 200);
    }
    // every operation declares the statuses every route can give
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            for status in ["400", "500", "503"] {
                assert!(
                    !op["responses"][status].is_null(),
                    "{method} {path}: {status} undeclared"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn intake_reads_words_into_the_structured_question_the_api_gives() {
    let s = default_server().await;
    let mut c = s.conn().await;
    let doc = c.get("/openapi.json").await.unwrap().json();
    let words = "2024年9月2日，大连市某区民政局要求社区居委会协助开展协助事项清单内的工作，提供了经费，但没有书面委托，是否合法？";
    let r = c
        .post_json(
            "/v1/intake",
            json!({"id": "w1", "question_zh": words}).to_string(),
        )
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    let v = r.json();
    let want =
        serde_json::to_value(zhili::intake::with_id(api::intake(words).unwrap(), "w1")).unwrap();
    assert_eq!(v, want);
    assert_eq!(v["question"]["id"], "w1");
    assert_eq!(v["question"]["facts"]["written_commission"], false);
    check_declared(&doc, "post", "/v1/intake", 200, &v);
    // with the answer
    let r = c
        .post_json(
            "/v1/intake?explain=none",
            json!({"id": "w1", "question_zh": words, "ask": true}).to_string(),
        )
        .await
        .unwrap();
    let v = r.json();
    assert_eq!(v["answer"]["verdict"], "prohibited");
    assert_eq!(v["answer"]["id"], "w1");
    check_declared(&doc, "post", "/v1/intake", 200, &v);
    // errors: each with its status and a declared body
    for (path, body, status, code) in [
        ("/v1/intake", "not json".to_string(), 400, "invalid-json"),
        (
            "/v1/intake?explain=chatty",
            json!({"question_zh": words}).to_string(),
            400,
            "invalid-parameter",
        ),
        (
            "/v1/intake",
            json!({"id": "x"}).to_string(),
            422,
            "invalid-question",
        ),
        (
            "/v1/intake",
            json!({"question_zh": ""}).to_string(),
            422,
            "invalid-question",
        ),
        (
            "/v1/intake",
            json!({"question_zh": "问".repeat(5000)}).to_string(),
            413,
            "too-large",
        ),
        (
            "/v1/intake",
            format!("{{\"question_zh\":\"{}\"}}", "a".repeat(3 << 20)),
            413,
            "too-large",
        ),
    ] {
        let r = c.post_json(path, body).await.unwrap();
        assert_eq!(r.status, status, "{path} {code}");
        let v = r.json();
        assert_eq!(code_of(&v), code);
        check_declared(&doc, "post", "/v1/intake", status, &v);
        c = s.conn().await;
    }
}
