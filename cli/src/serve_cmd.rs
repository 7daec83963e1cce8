//! `zhili serve`: the HTTP JSON service (crate `zhili-server`), see docs/guide-http.md.

use clap::{Args, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (`0.0.0.0:8080` to accept connections from other hosts).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Also serve this directory at `/` (the browser explorer's files), for paths no API route takes.
    #[arg(long = "static", value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// Per-request timeout in milliseconds (503 `timeout` past it).
    #[arg(long, default_value_t = 10_000)]
    timeout_ms: u64,
    /// Requests handled at the same time; more wait for a slot within the timeout.
    #[arg(long, default_value_t = 1024)]
    concurrency: usize,
    /// The largest batch (application/x-ndjson) body, in bytes.
    #[arg(long, default_value_t = 64 << 20)]
    max_batch_bytes: u64,
    /// The longest a whole batch may take, in milliseconds (its stream then ends with a `timeout`
    /// line).
    #[arg(long, default_value_t = 120_000)]
    batch_deadline_ms: u64,
    /// Open connections at most; more get a fast 503 `overloaded`. Keep it below `ulimit -n`.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: u64,
    /// The longest a request head may take to arrive whole, in milliseconds (slow clients are cut).
    #[arg(long, default_value_t = 10_000)]
    header_timeout_ms: u64,
    /// The longest a kept-alive connection may stay idle between requests, in milliseconds.
    #[arg(long, default_value_t = 5_000)]
    keep_alive_ms: u64,
    /// On SIGTERM/SIGINT, the longest the requests in flight are waited for, in milliseconds; a
    /// second signal stops at once.
    #[arg(long, default_value_t = 10_000)]
    drain_timeout_ms: u64,
    /// Let web pages of this origin call the service (CORS): `https://example.org`, or `*` for any.
    /// Repeat it for several origins. Off by default: no CORS headers, a preflight is 405.
    #[arg(long = "cors", value_name = "ORIGIN", value_parser = zhili_server::check_cors_origin)]
    cors: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    workers: Option<usize>,
    /// Log lines as JSON objects (for log collectors) or as text.
    #[arg(long, value_enum, default_value = "text")]
    log_format: LogFormat,
    /// Log filter (tracing-subscriber syntax): `info` logs every request, `warn` only problems.
    #[arg(long, default_value = "info", env = "RUST_LOG")]
    log: String,
    /// Print the OpenAPI document and exit.
    #[arg(long)]
    openapi: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

pub fn run(args: ServeArgs) -> Result<(), crate::Failure> {
    use crate::Failure;
    if args.openapi {
        let doc = zhili_server::openapi_document();
        // a failed write (a full disk) is an `io` error, not a panic as `println!` made it
        crate::outjson(&doc)?;
        return Ok(());
    }
    // memory given back after a burst (set before `main` already where that is possible)
    crate::alloc::for_service();
    zhili_server::init_logging(&args.log, matches!(args.log_format, LogFormat::Json))
        .map_err(|e| Failure::Serve(std::io::Error::new(std::io::ErrorKind::InvalidInput, e)))?;
    let cfg = zhili_server::Config {
        timeout: Duration::from_millis(args.timeout_ms.max(1)),
        concurrency: args.concurrency.max(1),
        max_batch_bytes: args.max_batch_bytes,
        batch_deadline: Duration::from_millis(args.batch_deadline_ms.max(1)),
        max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
        header_timeout: Duration::from_millis(args.header_timeout_ms.max(1)),
        keep_alive: Duration::from_millis(args.keep_alive_ms.max(1)),
        drain_timeout: Duration::from_millis(args.drain_timeout_ms),
        static_dir: args.static_dir,
        cors: args.cors,
        ..Default::default()
    };
    zhili_server::run(args.addr, cfg, args.workers).map_err(Failure::Serve)
}
