//! A small HTTP/1.1 client (hyper) for the integration tests and the load tool. It talks to
//! loopback addresses only: the load tool must never send traffic anywhere else.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::header::{HeaderMap, CONTENT_TYPE, HOST};

use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A reply, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            )
        })
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// One keep-alive connection; requests on it go one after the other.
pub struct Conn {
    send: SendRequest<Full<Bytes>>,
    host: String,
}

impl Conn {
    /// Connects to `addr`, which must be a loopback address.
    pub async fn connect(addr: SocketAddr) -> Result<Conn, BoxError> {
        if !addr.ip().is_loopback() {
            return Err(format!("{addr} is not a loopback address: refused").into());
        }
        let tcp = tokio::net::TcpStream::connect(addr).await?;
        tcp.set_nodelay(true)?;
        let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tcp)).await?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(Conn {
            send,
            host: addr.to_string(),
        })
    }

    /// Sends one request and reads the whole reply.
    pub async fn request(
        &mut self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: impl Into<Bytes>,
    ) -> Result<Reply, BoxError> {
        let headers: Vec<(&str, &str)> = content_type
            .map(|ct| ("content-type", ct))
            .into_iter()
            .collect();
        self.request_with(method, path, &headers, body).await
    }

    /// Sends one request with the given headers (besides `Host`) and reads the whole reply (as
    /// it arrives: a compressed body stays compressed).
    pub async fn request_with(
        &mut self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Result<Reply, BoxError> {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(HOST, &self.host);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let req = req.body(Full::new(body.into()))?;
        self.send.ready().await?;
        let res = self.send.send_request(req).await?;
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await?.to_bytes();
        Ok(Reply {
            status,
            headers,
            body,
        })
    }

    pub async fn get(&mut self, path: &str) -> Result<Reply, BoxError> {
        self.request(Method::GET, path, None, Bytes::new()).await
    }

    pub async fn post_json(
        &mut self,
        path: &str,
        body: impl Into<Bytes>,
    ) -> Result<Reply, BoxError> {
        self.request(Method::POST, path, Some("application/json"), body)
            .await
    }

    pub async fn post_ndjson(
        &mut self,
        path: &str,
        body: impl Into<Bytes>,
    ) -> Result<Reply, BoxError> {
        self.request(Method::POST, path, Some("application/x-ndjson"), body)
            .await
    }
}
