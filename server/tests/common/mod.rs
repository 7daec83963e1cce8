//! Shared by the integration tests: a server on 127.0.0.1 on a free port, and a validator for the
//! subset of JSON Schema the OpenAPI document uses.

#![allow(dead_code)]

use axum::Router;
use serde_json::Value;
use std::net::SocketAddr;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub struct Server {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    done: Option<JoinHandle<std::io::Result<()>>>,
}

impl Server {
    /// Serves `router` on 127.0.0.1 on a port the system picks.
    pub async fn start(router: Router) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let done = tokio::spawn(zhili_server::serve(listener, router, async {
            let _ = rx.await;
        }));
        Server {
            addr,
            stop: Some(tx),
            done: Some(done),
        }
    }

    pub async fn conn(&self) -> zhili_server::client::Conn {
        zhili_server::client::Conn::connect(self.addr)
            .await
            .unwrap()
    }

    /// Asks for a graceful shutdown; returns the handle of the serving task.
    pub fn shutdown(&mut self) -> JoinHandle<std::io::Result<()>> {
        let _ = self.stop.take().unwrap().send(());
        self.done.take().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// The lines of the conformance files, as they are (one question per line).
pub fn conformance_lines() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut lines = Vec::new();
    for f in files {
        for l in std::fs::read_to_string(f).unwrap().lines() {
            if !l.trim().is_empty() {
                lines.push(l.to_string());
            }
        }
    }
    assert!(lines.len() > 1000, "{} conformance cases", lines.len());
    lines
}

/// Checks `v` against `schema` (a schema of the OpenAPI document `doc`): `$ref`, `oneOf`, `enum`,
/// `type`, `format: date`, `minimum`, `required`, `items`, and `properties`, strictly: a property
/// the schema does not list is an error, so a field the core adds and the document lacks is caught.
pub fn validate(doc: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/components/schemas/").unwrap();
        let target = &doc["components"]["schemas"][name];
        assert!(!target.is_null(), "dangling {r}");
        return validate(doc, target, v, at);
    }
    if let Some(alts) = schema.get("oneOf").and_then(Value::as_array) {
        let ok = alts
            .iter()
            .filter(|s| validate(doc, s, v, at).is_ok())
            .count();
        return if ok == 1 {
            Ok(())
        } else {
            Err(format!("{at}: {ok} of the oneOf alternatives match {v}"))
        };
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        if !values.contains(v) {
            return Err(format!("{at}: {v} not in {values:?}"));
        }
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => panic!("odd type {t}"),
        };
        let actual = match v {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let fits = types.contains(&actual) || (actual == "integer" && types.contains(&"number"));
        if !fits {
            return Err(format!("{at}: a {actual}, the schema says {types:?}"));
        }
    }
    if schema.get("format").and_then(Value::as_str) == Some("date") {
        if let Some(s) = v.as_str() {
            let b = s.as_bytes();
            let shape = b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
            if !shape {
                return Err(format!("{at}: `{s}` is not a date"));
            }
        }
    }
    if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if n < min {
            return Err(format!("{at}: {n} below {min}"));
        }
    }
    if let Value::Object(m) = v {
        if let Some(req) = schema.get("required").and_then(Value::as_array) {
            for k in req.iter().filter_map(Value::as_str) {
                if !m.contains_key(k) {
                    return Err(format!("{at}: required `{k}` missing"));
                }
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, x) in m {
                let s = props
                    .get(k)
                    .ok_or_else(|| format!("{at}: `{k}` is not in the schema"))?;
                validate(doc, s, x, &format!("{at}.{k}"))?;
            }
        }
    }
    if let (Value::Array(a), Some(items)) = (v, schema.get("items")) {
        for (i, x) in a.iter().enumerate() {
            validate(doc, items, x, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

/// Validates `v` against the named component schema.
pub fn validate_as(doc: &Value, name: &str, v: &Value) {
    let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
    if let Err(e) = validate(doc, &schema, v, name) {
        panic!("{e}");
    }
}

/// The body of a chunked HTTP/1.1 response read raw (the head cut off), de-chunked; `None` while
/// the terminating chunk has not arrived.
pub fn dechunk(raw: &[u8]) -> Option<Vec<u8>> {
    let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let mut rest = &raw[head_end..];
    let mut out = Vec::new();
    loop {
        let eol = rest.windows(2).position(|w| w == b"\r\n")?;
        let size =
            usize::from_str_radix(std::str::from_utf8(&rest[..eol]).ok()?.trim(), 16).ok()?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() < size + 2 {
            return None;
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}
