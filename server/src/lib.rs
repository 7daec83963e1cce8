//! `zhili-server`: the HTTP JSON service over `zhili::api` (`zhili serve`). Stateless: every
//! request is answered from the embedded corpus alone, so any number of replicas can run behind
//! a load balancer. See docs/guide-http.md.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let cfg = zhili_server::Config::default();
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! zhili_server::serve(listener, zhili_server::router(&cfg), zhili_server::shutdown_signal()).await
//! # }
//! ```

mod batch;
mod cache;
pub mod client;
mod error;
mod listen;
mod openapi;
mod routes;

pub use error::{status_of, Origin, SERVER_CODES};
pub use openapi::document as openapi_document;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, DefaultPredicate};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

/// How the service runs. Every field has a documented default (`Config::default()`).
#[derive(Debug, Clone)]
pub struct Config {
    /// The longest a request may take to its response head (a batch: to the first answers; then
    /// each read of its body may wait this long). Past it: 503 `timeout`.
    pub timeout: Duration,
    /// Requests handled at the same time; more wait for a slot (within `timeout`).
    pub concurrency: usize,
    /// The largest batch body; one question is limited to the core's 1 MiB.
    pub max_batch_bytes: u64,
    /// Chunks of batches answered in parallel, for one batch and for all batches together (each
    /// on a thread of the blocking pool).
    pub batch_parallel: usize,
    /// The longest a whole batch may take, from its request to its last answer; past it the
    /// stream ends with a `timeout` error line (and a client that no longer reads is disconnected).
    pub batch_deadline: Duration,
    /// Open connections at most; past it a new connection gets a fast 503 `overloaded` and is
    /// closed. Keep it below the file-descriptor limit (`ulimit -n`).
    pub max_connections: usize,
    /// The longest a request head may take to arrive whole (from the connection, or from the
    /// previous response): slow and silent clients are cut.
    pub header_timeout: Duration,
    /// The longest a kept-alive connection may stay idle between requests.
    pub keep_alive: Duration,
    /// On shutdown, the longest the requests in flight are waited for before their connections
    /// are closed (a second signal closes them at once).
    pub drain_timeout: Duration,
    /// A directory served at `/` for paths no API route takes (the browser explorer).
    pub static_dir: Option<PathBuf>,
    /// Origins whose web pages may call the service (CORS): `https://example.org`, or `*` for any.
    /// Empty (the default): no CORS headers, and a preflight `OPTIONS` is 405. An entry that is no
    /// origin ([`check_cors_origin`], which `zhili serve --cors` applies) is ignored.
    pub cors: Vec<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            timeout: Duration::from_secs(10),
            concurrency: 1024,
            max_batch_bytes: 64 << 20,
            batch_parallel: std::thread::available_parallelism().map_or(2, |n| n.get()),
            batch_deadline: Duration::from_secs(120),
            max_connections: 1000,
            header_timeout: Duration::from_secs(10),
            keep_alive: Duration::from_secs(5),
            drain_timeout: Duration::from_secs(10),
            static_dir: None,
            cors: Vec::new(),
        }
    }
}

/// The routes without the protective layers (for tests that add routes of their own before
/// [`with_layers`]).
pub fn api_routes(cfg: &Config) -> Router {
    let openapi = serde_json::to_vec(&openapi::document()).expect("the document serialises");
    let shared = Arc::new(routes::Shared {
        batch: batch::BatchLimits::new(
            cfg.max_batch_bytes,
            cfg.timeout,
            cfg.batch_deadline,
            cfg.batch_parallel,
        ),
        openapi: openapi.into(),
        health: routes::health(),
    });
    // the look-ups answer from the embedded data, the same bytes for the same URL as long as the
    // binary is the same: cacheable, with an ETag (the paths of cache::CACHED; a test checks that
    // each of them, and no other route, answers with one)
    let lookups = Router::new()
        .route("/v1/regulations", get(routes::regulations))
        .route("/v1/regulations/{key}", get(routes::structure))
        .route("/v1/articles/{ref}", get(routes::article))
        .route("/v1/compare/{feature}", get(routes::compare))
        .route("/v1/features", get(routes::features))
        .route("/v1/gaps/{key}", get(routes::gaps))
        .route("/v1/search", get(routes::search))
        .route("/v1/errors", get(routes::errors))
        .route("/openapi.json", get(routes::openapi_json))
        .route_layer(middleware::from_fn(cache::validated));
    let r = Router::new()
        .route("/v1/ask", post(routes::ask))
        .route("/v1/intake", post(routes::intake))
        .route("/healthz", get(routes::healthz))
        .merge(lookups)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .with_state(shared);
    match &cfg.static_dir {
        Some(dir) => {
            use axum::handler::HandlerWithoutStateExt;
            let files = tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(cache::STATIC_FILES),
                ))
                .service(
                    tower_http::services::ServeDir::new(dir)
                        .fallback(routes::not_found.into_service()),
                );
            r.fallback_service(files)
        }
        None => r.fallback(routes::not_found),
    }
}

/// The protective layers, outermost first: request log (tracing, with the question id), CORS (when
/// `cfg.cors` names origins: a preflight is answered here, and every response, errors included,
/// carries the headers), panic → 500 `internal`, response compression (gzip or br, as the client
/// accepts; not for the streamed NDJSON of a batch, whose answers must leave as they are made), a
/// query that is not UTF-8 → 400, per-request timeout → 503 `timeout`, global concurrency limit
/// (a request holds its slot until its response body ends: a streamed batch counts until its last
/// answer).
pub fn with_layers(router: Router, cfg: &Config) -> Router {
    let slots = Arc::new(tokio::sync::Semaphore::new(cfg.concurrency.max(1)));
    let compress = DefaultPredicate::new().and(NotForContentType::new("application/x-ndjson"));
    let router = router
        .layer(middleware::from_fn_with_state(slots, concurrency))
        .layer(middleware::from_fn_with_state(cfg.timeout, timeout))
        .layer(middleware::from_fn(routes::query_must_be_utf8))
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .br(true)
                .compress_when(compress),
        )
        .layer(CatchPanicLayer::custom(panic_response));
    let router = match cors_layer(&cfg.cors) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router.layer(
        TraceLayer::new_for_http()
            .make_span_with(|req: &Request| {
                tracing::info_span!(
                    "request",
                    method = %req.method(),
                    path = %req.uri().path(),
                    question_id = tracing::field::Empty,
                    code = tracing::field::Empty,
                )
            })
            .on_response(
                DefaultOnResponse::new()
                    .level(tracing::Level::INFO)
                    .latency_unit(tower_http::LatencyUnit::Micros),
            ),
    )
}

/// The CORS layer for `origins` (`*`: any origin), or none for an empty list. Simple requests and
/// preflights from those origins get `Access-Control-Allow-Origin`; a preflight may ask for GET,
/// POST or OPTIONS and the `Content-Type` header, and its answer may be cached for a day.
fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| check_cors_origin(o).ok())
                .filter_map(|o| HeaderValue::from_str(&o).ok()),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([
                axum::http::Method::GET,
                axum::http::Method::POST,
                axum::http::Method::OPTIONS,
            ])
            .allow_headers([header::CONTENT_TYPE, header::IF_NONE_MATCH])
            .expose_headers([header::ETAG])
            .max_age(Duration::from_secs(86_400)),
    )
}

/// Checks a `--cors` origin: `*`, or `http(s)://host[:port]`; returns it as a browser sends it in
/// `Origin` (lower case, no trailing slash).
pub fn check_cors_origin(origin: &str) -> Result<String, String> {
    let o = origin.trim_end_matches('/').to_ascii_lowercase();
    let o = o.as_str();
    if o == "*" {
        return Ok(o.to_string());
    }
    let rest = o
        .strip_prefix("https://")
        .or_else(|| o.strip_prefix("http://"))
        .ok_or_else(|| format!("`{origin}`: an origin is `*` or http(s)://host[:port]"))?;
    let valid = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    if !valid || HeaderValue::from_str(o).is_err() {
        return Err(format!(
            "`{origin}`: an origin is `*` or http(s)://host[:port], without a path"
        ));
    }
    Ok(o.to_string())
}

/// The service: [`api_routes`] with [`with_layers`].
pub fn router(cfg: &Config) -> Router {
    with_layers(api_routes(cfg), cfg)
}

async fn concurrency(
    State(slots): State<Arc<tokio::sync::Semaphore>>,
    req: Request,
    next: Next,
) -> Response {
    let Ok(slot) = slots.acquire_owned().await else {
        unreachable!("the semaphore is never closed")
    };
    next.run(req)
        .await
        .map(|b| axum::body::Body::new(listen::Holding::new(b, slot)))
}

async fn timeout(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => error::error_response(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            &format!("the request took longer than {} ms", limit.as_millis()),
        ),
    }
}

fn panic_response(payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(panic = %what, "a handler panicked");
    error::error_response(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the service failed while answering this request (a defect: please report it)",
    )
}

/// Serves `router` on `listener` until `shutdown` completes, then stops accepting and lets the
/// requests in flight finish, with the connection limits of `Config::default()`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(
        listener,
        router,
        &Config::default(),
        shutdown,
        std::future::pending(),
    )
    .await
}

/// Serves `router` on `listener` with the connection limits of `cfg` (open connections, header
/// and keep-alive timeouts) until `shutdown` completes; then stops accepting, lets the requests in
/// flight finish for at most `cfg.drain_timeout`, and closes what is left — at once if `force`
/// completes first.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    router: Router,
    cfg: &Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
    force: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    listen::serve(
        listener,
        router,
        listen::ConnLimits::of(cfg),
        shutdown,
        force,
    )
    .await
}

/// Completes on ctrl-c (SIGINT) or SIGTERM. The SIGTERM handler is installed when this is called
/// (so a SIGTERM that arrives before the future is first polled is not lost).
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    let (first, _) = signals();
    first
}

/// Two futures: the first completes on the first SIGINT or SIGTERM (drain), the second on the
/// second one (close at once). The handlers are installed when this is called, on the current
/// tokio runtime.
pub fn signals() -> (
    impl Future<Output = ()> + Send + 'static,
    impl Future<Output = ()> + Send + 'static,
) {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("a SIGTERM handler can be installed");
    let (tx, rx) = tokio::sync::watch::channel(0u32);
    tokio::spawn(async move {
        loop {
            let ctrl_c = tokio::signal::ctrl_c();
            #[cfg(unix)]
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
            #[cfg(not(unix))]
            let _ = ctrl_c.await;
            tx.send_modify(|n| *n += 1);
            if tx.receiver_count() == 0 {
                return;
            }
        }
    });
    let wait = |mut rx: tokio::sync::watch::Receiver<u32>, n: u32| async move {
        // a dropped sender (the runtime going away) never counts as a signal
        if rx.wait_for(|&k| k >= n).await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let first = wait(rx.clone(), 1);
    let second = wait(rx, 2);
    (
        async move {
            first.await;
            tracing::info!("shutting down: finishing the requests in flight");
        },
        second,
    )
}

/// Logs to stderr with a tracing-subscriber filter (`info`: every request with its question id;
/// `warn`: problems only), as text or as one JSON object per line.
pub fn init_logging(filter: &str, json: bool) -> Result<(), String> {
    let filter = tracing_subscriber::EnvFilter::try_new(filter).map_err(|e| e.to_string())?;
    let fmt = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        fmt.json().try_init()
    } else {
        fmt.try_init()
    }
    .map_err(|e| e.to_string())
}

/// `zhili serve`: checks the embedded data, binds `addr`, serves until ctrl-c or SIGTERM, then
/// drains. `workers`: runtime threads (default one per core).
pub fn run(
    addr: std::net::SocketAddr,
    mut cfg: Config,
    workers: Option<usize>,
) -> std::io::Result<()> {
    // load and validate the embedded data before accepting connections
    zhili::api::regulations().map_err(std::io::Error::other)?;
    zhili::api::features().map_err(std::io::Error::other)?;
    if let Some(dir) = &cfg.static_dir {
        if !dir.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("--static {}: not a directory", dir.display()),
            ));
        }
    }
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = workers {
        rt.worker_threads(n.max(1));
        cfg.batch_parallel = n.max(1);
    }
    let rt = rt.enable_all().build()?;
    let r = rt.block_on(async move {
        let (shutdown, force) = signals();
        let listener = tokio::net::TcpListener::bind(addr).await?;
        tracing::info!(addr = %listener.local_addr()?, "zhili serve listening");
        serve_with(listener, router(&cfg), &cfg, shutdown, force).await?;
        tracing::info!("stopped");
        Ok(())
    });
    // answers still being computed on the blocking pool are not waited for
    rt.shutdown_background();
    r
}
