//! The accept loop and the connections: what protects the service from clients that hold sockets
//! without using them, and how it stops.
//!
//! - a cap on open connections: past it a new connection gets a fast 503 `overloaded` and is closed,
//!   so sockets held by idle or slow clients cannot use up the file descriptors and starve `accept`;
//! - a header-read timeout: a request head must be complete within it (hyper's timer, which also
//!   runs while a kept-alive connection waits for its next request): a slowloris is cut;
//! - a keep-alive idle timeout: a connection idle between requests is closed;
//! - a response deadline: a connection whose response is still unsent long after the batch deadline
//!   (a client that stops reading) is closed;
//! - a graceful shutdown with a drain deadline: on the first signal no connection is accepted any
//!   more, idle connections close, requests in flight finish; at the deadline (or on a second
//!   signal) the remaining connections are closed.

use axum::body::Body;
use axum::Router;
use http_body::Frame;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch, Semaphore};

/// The connection-level limits (see [`crate::Config`] for the defaults).
#[derive(Debug, Clone, Copy)]
pub struct ConnLimits {
    pub max_connections: usize,
    pub header_timeout: Duration,
    pub keep_alive: Duration,
    /// The longest one response may be in progress before its connection is closed.
    pub response_deadline: Duration,
    pub drain: Duration,
}

impl ConnLimits {
    pub fn of(cfg: &crate::Config) -> ConnLimits {
        ConnLimits {
            max_connections: cfg.max_connections.max(1),
            header_timeout: cfg.header_timeout.max(Duration::from_millis(1)),
            keep_alive: cfg.keep_alive.max(Duration::from_millis(1)),
            // the batch deadline ends a batch's stream; this closes a connection whose client
            // stopped reading it
            response_deadline: cfg.batch_deadline + cfg.timeout + Duration::from_secs(1),
            drain: cfg.drain_timeout,
        }
    }
}

/// What the accept loop tells the connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Serving,
    /// Finish what is in flight, then close.
    Draining,
    /// Close now.
    Closing,
}

/// The requests of one connection: how many are in flight, since when, and when the last ended.
#[derive(Default)]
struct Activity {
    in_flight: AtomicUsize,
    served: AtomicUsize,
    /// Milliseconds since `epoch` at which the connection last became busy / idle.
    busy_since: AtomicU64,
    idle_since: AtomicU64,
    epoch: std::sync::OnceLock<Instant>,
}

impl Activity {
    fn now(&self) -> u64 {
        self.epoch.get_or_init(Instant::now).elapsed().as_millis() as u64
    }
    fn begin(&self) {
        if self.in_flight.fetch_add(1, Ordering::AcqRel) == 0 {
            self.busy_since.store(self.now(), Ordering::Release);
        }
    }
    fn end(&self) {
        self.served.fetch_add(1, Ordering::AcqRel);
        self.idle_since.store(self.now(), Ordering::Release);
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Ends a request's activity when its response body is dropped (sent, or abandoned).
struct Guard(Arc<Activity>);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.end();
    }
}

/// A response body that holds something (a guard, a permit) until it is dropped.
pub struct Holding<T> {
    inner: Body,
    _held: T,
}

impl<T> Holding<T> {
    pub fn new(inner: Body, held: T) -> Holding<T> {
        Holding { inner, _held: held }
    }
}

impl<T: Unpin + Send + 'static> http_body::Body for Holding<T> {
    type Data = bytes::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        http_body::Body::is_end_stream(&self.inner)
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::Body::size_hint(&self.inner)
    }
}

/// The answer to a connection over the cap: written if the socket takes it at once, never waited for.
fn overloaded_response() -> Vec<u8> {
    let body = r#"{"error":{"code":"overloaded","message":"the service holds its maximum of open connections; retry later"}}"#;
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nconnection: close\r\n\
         retry-after: 1\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Connections over the cap that are answered 503 at the same time (each for at most a second).
const REFUSING: usize = 64;

/// Answers a connection over the cap with 503 `overloaded` and closes it, reading what the client
/// sends meanwhile so that the close does not reset the answer away; a second at most.
async fn refuse(mut tcp: TcpStream, response: &[u8]) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        tcp.write_all(response).await?;
        tcp.shutdown().await?;
        let mut buf = [0u8; 4096];
        while tcp.read(&mut buf).await? > 0 {}
        Ok::<_, std::io::Error>(())
    })
    .await;
}

/// Serves `router` on `listener` until `shutdown` completes; then drains (see the module docs)
/// until the connections are closed, `limits.drain` has passed, or `force` completes.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnLimits,
    shutdown: impl Future<Output = ()>,
    force: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (phase_tx, phase_rx) = watch::channel(Phase::Serving);
    // every connection task holds a sender: all are gone when `recv` gives None
    let (alive_tx, mut alive_rx) = mpsc::channel::<()>(1);
    let mut shutdown = std::pin::pin!(shutdown);
    let overloaded: Arc<[u8]> = overloaded_response().into();
    let refusing = Arc::new(Semaphore::new(REFUSING));
    let mut refused_logged: Option<Instant> = None;
    loop {
        let (tcp, _peer) = tokio::select! {
            _ = &mut shutdown => break,
            r = listener.accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    // per-connection errors (a reset before accept) are nothing; running out of
                    // descriptors or memory is waited out briefly rather than spun on
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionAborted
                            | std::io::ErrorKind::ConnectionReset
                            | std::io::ErrorKind::Interrupted
                    ) {
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    continue;
                }
            },
        };
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            // answered and closed within a second; past a few such at once, just closed
            match refusing.clone().try_acquire_owned() {
                Ok(p) => {
                    let overloaded = overloaded.clone();
                    tokio::spawn(async move {
                        refuse(tcp, &overloaded).await;
                        drop(p);
                    });
                }
                Err(_) => drop(tcp),
            }
            if refused_logged.is_none_or(|t| t.elapsed() > Duration::from_secs(1)) {
                refused_logged = Some(Instant::now());
                tracing::warn!(
                    max_connections = limits.max_connections,
                    "connection refused: the maximum of open connections is reached"
                );
            }
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let router = router.clone();
        let phase = phase_rx.clone();
        let alive = alive_tx.clone();
        tokio::spawn(async move {
            connection(tcp, router, limits, phase).await;
            drop(permit);
            drop(alive);
        });
    }
    drop(listener); // new connections are refused from now on
    let open = limits.max_connections - slots.available_permits();
    tracing::info!(
        open_connections = open,
        drain_ms = limits.drain.as_millis() as u64,
        "shutting down: draining"
    );
    let _ = phase_tx.send(Phase::Draining);
    drop(alive_tx);
    let mut force = std::pin::pin!(force);
    tokio::select! {
        _ = alive_rx.recv() => {}
        _ = tokio::time::sleep(limits.drain) => {
            let open = limits.max_connections - slots.available_permits();
            tracing::warn!(open_connections = open, "drain deadline passed: closing the rest");
            let _ = phase_tx.send(Phase::Closing);
            // the connections close as soon as they see it
            let _ = tokio::time::timeout(Duration::from_millis(500), alive_rx.recv()).await;
        }
        _ = &mut force => {
            tracing::warn!("second signal: closing at once");
            let _ = phase_tx.send(Phase::Closing);
        }
    }
    Ok(())
}

async fn connection(
    tcp: TcpStream,
    router: Router,
    limits: ConnLimits,
    mut phase: watch::Receiver<Phase>,
) {
    let activity = Arc::new(Activity::default());
    activity.now(); // starts the clock
    let svc = {
        let activity = activity.clone();
        hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            use tower::Service as _;
            activity.begin();
            let guard = Guard(activity.clone());
            let mut router = router.clone();
            async move {
                let resp = match router.call(req.map(Body::new)).await {
                    Ok(r) => r,
                    Err(never) => match never {},
                };
                Ok::<_, Infallible>(resp.map(|b| Body::new(Holding::new(b, guard))))
            }
        })
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        // a client that closes its sending side after a body still gets the answers
        .half_close(true)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(tcp), svc);
    let mut conn = std::pin::pin!(conn);
    let mut draining = false;
    let tick = (limits.keep_alive / 4).clamp(Duration::from_millis(10), Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = conn.as_mut() => return,
            changed = phase.changed() => {
                let now = if changed.is_ok() { *phase.borrow_and_update() } else { Phase::Closing };
                match now {
                    Phase::Serving => {}
                    Phase::Draining => {
                        if !draining {
                            draining = true;
                            conn.as_mut().graceful_shutdown();
                        }
                    }
                    Phase::Closing => return,
                }
            }
            _ = tokio::time::sleep(tick) => {
                let now = activity.now();
                if activity.in_flight.load(Ordering::Acquire) > 0 {
                    let since = activity.busy_since.load(Ordering::Acquire);
                    if now.saturating_sub(since) > limits.response_deadline.as_millis() as u64 {
                        tracing::warn!("a response outlived its deadline: connection closed");
                        return;
                    }
                } else if activity.served.load(Ordering::Acquire) > 0 && !draining {
                    let since = activity.idle_since.load(Ordering::Acquire);
                    if now.saturating_sub(since) >= limits.keep_alive.as_millis() as u64 {
                        draining = true;
                        conn.as_mut().graceful_shutdown();
                    }
                }
            }
        }
    }
}
