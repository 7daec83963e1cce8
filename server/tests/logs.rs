//! Request logs carry the method, path, status, latency and the question id (a test binary of its
//! own: it installs a log subscriber).

mod common;

use std::sync::{Arc, Mutex};
use tracing_subscriber::fmt::MakeWriter;

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buf {
    type Writer = Buf;
    fn make_writer(&'a self) -> Buf {
        self.clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_logs_carry_the_question_id_and_the_error_code() {
    let buf = Buf::default();
    tracing_subscriber::fmt()
        .json()
        .with_writer(buf.clone())
        .with_max_level(tracing::Level::INFO)
        .init();
    let s = common::Server::start(zhili_server::router(&zhili_server::Config::default())).await;
    let mut c = s.conn().await;
    let q = r#"{"id":"log-me-1","kind":"in-force","regulation":"haidong","date":"2024-01-01"}"#;
    assert_eq!(c.post_json("/v1/ask", q).await.unwrap().status, 200);
    let bad = r#"{"id":"log-me-2","kind":"in-force","regulation":"haidong","date":"2024-02-30"}"#;
    assert_eq!(c.post_json("/v1/ask", bad).await.unwrap().status, 422);
    // a batch of 2 000 lines, some of them bad, is one request: one line at INFO, not one per answer
    let batch: String = (0..1000).map(|_| format!("{q}\n{bad}\n")).collect();
    let r = c.post_ndjson("/v1/ask", batch).await.unwrap();
    assert_eq!(std::str::from_utf8(&r.body).unwrap().lines().count(), 2000);
    drop(c);
    drop(s);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["fields"]["message"] == "finished processing request")
        .collect();
    let find = |id: &str| {
        lines
            .iter()
            .find(|v| v["span"]["question_id"] == id)
            .unwrap_or_else(|| panic!("no log line for {id}: {text}"))
    };
    let ok = find("log-me-1");
    assert_eq!(ok["span"]["path"], "/v1/ask");
    assert_eq!(ok["span"]["method"], "POST");
    assert_eq!(ok["fields"]["status"], 200);
    assert!(ok["fields"]["latency"].is_string() || ok["fields"]["latency"].is_number());
    let bad = find("log-me-2");
    assert_eq!(bad["span"]["code"], "invalid-date");
    assert_eq!(bad["fields"]["status"], 422);
    // every line at INFO or above about a request, whatever its message: two questions, one batch
    let about_requests = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["span"]["path"] == "/v1/ask")
        .count();
    assert_eq!(about_requests, 3, "{text}");
    let batch = find("(batch)");
    assert_eq!(batch["fields"]["status"], 200);
}
