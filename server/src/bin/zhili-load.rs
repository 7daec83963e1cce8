//! `zhili-load`: a bounded load test of the HTTP service, loopback only.
//!
//! ```sh
//! cargo run --release -p zhili-server --bin zhili-load -- --clients 1,8,64 --seconds 5
//! ```
//!
//! Without `--addr` it starts the service in this process on 127.0.0.1 (a port the system picks)
//! on its own runtime; with `--addr` it drives a `zhili serve` already running on a loopback
//! address (any other address is refused). Every phase stops at whichever comes first, its request
//! count or its duration, and then the tool exits: nothing runs unbounded.

use clap::Parser;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use zhili_server::client::Conn;

#[derive(Parser)]
#[command(
    name = "zhili-load",
    about = "Bounded loopback load test of zhili serve"
)]
struct Args {
    /// A running `zhili serve` on a loopback address; without it the service runs in-process.
    #[arg(long)]
    addr: Option<SocketAddr>,
    /// Concurrent clients (one keep-alive connection each), one phase per number.
    #[arg(long, value_delimiter = ',', default_value = "1,8,64")]
    clients: Vec<usize>,
    /// At most this many single-question requests per phase.
    #[arg(long, default_value_t = 200_000)]
    requests: u64,
    /// At most this many seconds per phase.
    #[arg(long, default_value_t = 5.0)]
    seconds: f64,
    /// Questions per batch request.
    #[arg(long, default_value_t = 1000)]
    batch_size: usize,
    /// At most this many batch requests per batch phase.
    #[arg(long, default_value_t = 400)]
    batch_requests: u64,
    /// Concurrent clients for the batch phase(s).
    #[arg(long, value_delimiter = ',', default_value = "1,2")]
    batch_clients: Vec<usize>,
    /// The explain level every request asks for.
    #[arg(long, default_value = "full")]
    explain: String,
    /// Questions to send (JSON Lines), round robin; default: every conformance case.
    #[arg(long)]
    questions: Option<std::path::PathBuf>,
    /// Worker threads of the in-process service.
    #[arg(long, default_value_t = 2)]
    server_workers: usize,
    /// Threads of the load generator (1: a single-threaded runtime).
    #[arg(long, default_value_t = 1)]
    client_threads: usize,
    /// A GET route measured beside the questions at each number of clients, as the floor of what
    /// any request costs (`/healthz`: a handler that returns stored bytes); the ask rows then say
    /// their rate as a fraction of it.
    #[arg(long, value_name = "PATH")]
    floor: Option<String>,
}

fn load_questions(path: Option<&std::path::Path>) -> Vec<String> {
    let mut files = Vec::new();
    match path {
        Some(p) => files.push(p.to_path_buf()),
        None => {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance");
            for e in std::fs::read_dir(dir).expect("tests/conformance is readable") {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "jsonl") {
                    files.push(p);
                }
            }
            files.sort();
        }
    }
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            // send what a caller would send: the question without the expected answer
            let q = match serde_json::from_str::<serde_json::Value>(line) {
                Ok(serde_json::Value::Object(mut m)) => {
                    m.retain(|k, _| !k.starts_with("expected") && k != "rationale");
                    serde_json::Value::Object(m).to_string()
                }
                _ => line.to_string(),
            };
            out.push(q);
        }
    }
    assert!(!out.is_empty(), "no questions");
    out
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

/// CPU time used by this process so far (all threads: with the in-process service, the service and
/// the load generator together), from /proc (Linux); None elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0) // USER_HZ is 100 on Linux
}

fn cpu_us_per(before: Option<f64>, n: u64) -> String {
    match (before, cpu_seconds()) {
        (Some(a), Some(b)) if n > 0 => format!("{:.0}", (b - a) * 1e6 / n as f64),
        _ => "?".into(),
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

struct Phase {
    done: u64,
    failed: u64,
    non_200: u64,
    elapsed: Duration,
    lat_us: Vec<u32>,
}

/// Single requests from `clients` connections: each question of `questions` POSTed to `path`, or,
/// with `get`, GET `path` (the questions unused).
async fn single_phase(
    addr: SocketAddr,
    clients: usize,
    requests: u64,
    seconds: f64,
    path: Arc<String>,
    questions: Arc<Vec<bytes::Bytes>>,
    get: bool,
) -> Phase {
    let left = Arc::new(AtomicI64::new(requests as i64));
    let failed = Arc::new(AtomicU64::new(0));
    let non_200 = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for k in 0..clients {
        let (left, failed, non_200) = (left.clone(), failed.clone(), non_200.clone());
        let (path, questions) = (path.clone(), questions.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut conn = match Conn::connect(addr).await {
                Ok(c) => c,
                Err(_) => {
                    failed.fetch_add(1, Ordering::Relaxed);
                    return lat;
                }
            };
            let mut i = k * 7919;
            while left.fetch_sub(1, Ordering::Relaxed) > 0 && Instant::now() < deadline {
                let q = questions[i % questions.len()].clone();
                i += 1;
                let t = Instant::now();
                let reply = if get {
                    conn.get(&path).await
                } else {
                    conn.post_json(&path, q).await
                };
                match reply {
                    Ok(r) => {
                        lat.push(t.elapsed().as_micros().min(u32::MAX as u128) as u32);
                        if r.status != 200 {
                            non_200.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    Err(_) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        match Conn::connect(addr).await {
                            Ok(c) => conn = c,
                            Err(_) => return lat,
                        }
                    }
                }
            }
            lat
        }));
    }
    let mut lat_us = Vec::new();
    for t in tasks {
        lat_us.extend(t.await.unwrap());
    }
    let elapsed = start.elapsed();
    lat_us.sort_unstable();
    Phase {
        done: lat_us.len() as u64,
        failed: failed.load(Ordering::Relaxed),
        non_200: non_200.load(Ordering::Relaxed),
        elapsed,
        lat_us,
    }
}

async fn batch_phase(
    addr: SocketAddr,
    clients: usize,
    requests: u64,
    seconds: f64,
    path: Arc<String>,
    body: bytes::Bytes,
    expect_lines: usize,
) -> (Phase, u64) {
    let left = Arc::new(AtomicI64::new(requests as i64));
    let failed = Arc::new(AtomicU64::new(0));
    let answers = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (left, failed, answers, path, body) = (
            left.clone(),
            failed.clone(),
            answers.clone(),
            path.clone(),
            body.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let Ok(mut conn) = Conn::connect(addr).await else {
                failed.fetch_add(1, Ordering::Relaxed);
                return lat;
            };
            while left.fetch_sub(1, Ordering::Relaxed) > 0 && Instant::now() < deadline {
                let t = Instant::now();
                match conn.post_ndjson(&path, body.clone()).await {
                    Ok(r) if r.status == 200 => {
                        lat.push(t.elapsed().as_micros().min(u32::MAX as u128) as u32);
                        let n = r.body.iter().filter(|&&b| b == b'\n').count();
                        if n != expect_lines {
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                        answers.fetch_add(n as u64, Ordering::Relaxed);
                    }
                    _ => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        return lat;
                    }
                }
            }
            lat
        }));
    }
    let mut lat_us = Vec::new();
    for t in tasks {
        lat_us.extend(t.await.unwrap());
    }
    let elapsed = start.elapsed();
    lat_us.sort_unstable();
    (
        Phase {
            done: lat_us.len() as u64,
            failed: failed.load(Ordering::Relaxed),
            non_200: 0,
            elapsed,
            lat_us,
        },
        answers.load(Ordering::Relaxed),
    )
}

fn main() {
    let args = Args::parse();
    if let Some(a) = args.addr {
        if !a.ip().is_loopback() {
            eprintln!("--addr {a}: only loopback addresses may be load-tested");
            std::process::exit(2);
        }
    }
    let questions = load_questions(args.questions.as_deref());
    let explain = args.explain.clone();
    let level: zhili::api::Explain = match explain.parse() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("--explain: {e}");
            std::process::exit(2);
        }
    };

    // the in-process service, on a runtime of its own
    let mut stop = None;
    let addr = match args.addr {
        Some(a) => a,
        None => {
            let (tx_addr, rx_addr) = std::sync::mpsc::channel();
            let (tx_stop, rx_stop) = tokio::sync::oneshot::channel::<()>();
            let workers = args.server_workers.max(1);
            let handle = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(workers)
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                    tx_addr.send(l.local_addr().unwrap()).unwrap();
                    let cfg = zhili_server::Config {
                        batch_parallel: workers,
                        ..Default::default()
                    };
                    zhili_server::serve(l, zhili_server::router(&cfg), async {
                        let _ = rx_stop.await;
                    })
                    .await
                    .unwrap();
                });
            });
            stop = Some((tx_stop, handle));
            rx_addr.recv().unwrap()
        }
    };

    let rt = if args.client_threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(args.client_threads)
            .enable_all()
            .build()
    }
    .unwrap();

    println!(
        "zhili-load: {} questions round robin, explain={explain}, server {} ({}), load average {}",
        questions.len(),
        addr,
        if args.addr.is_some() {
            "external".to_string()
        } else {
            format!("in-process, {} workers", args.server_workers)
        },
        loadavg()
    );
    let path = Arc::new(format!("/v1/ask?explain={explain}"));
    let qs: Arc<Vec<bytes::Bytes>> = Arc::new(
        questions
            .iter()
            .map(|q| bytes::Bytes::from(q.clone()))
            .collect(),
    );
    // the core alone on one thread, same questions, same machine load: the ceiling for one core
    {
        let opts = zhili::api::AskOptions { explain: level };
        let start = Instant::now();
        let cpu = cpu_seconds();
        let mut n = 0u64;
        let mut bytes = 0usize;
        while start.elapsed() < Duration::from_secs_f64((args.seconds / 2.0).max(0.2)) {
            for _ in 0..200 {
                bytes += zhili::api::ask(&questions[(n as usize) % questions.len()], &opts)
                    .to_json_line()
                    .len();
                n += 1;
            }
        }
        println!(
            "core alone (zhili::api::ask + serialising, one thread, no HTTP): {:.0} answers/s, {} CPU µs/answer, {:.0} bytes per answer",
            n as f64 / start.elapsed().as_secs_f64(),
            cpu_us_per(cpu, n),
            bytes as f64 / n as f64
        );
    }
    rt.block_on(async {
        // warm-up (connections, caches, the lazily loaded corpus)
        single_phase(addr, 4, 2000, 2.0, path.clone(), qs.clone(), false).await;
        println!();
        println!("| clients | route | requests | seconds | req/s | × floor | p50 ms | p99 ms | max ms | CPU µs/req | non-200 | failed |");
        println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        let row = |c: usize, route: &str, p: &Phase, cpu: Option<f64>, floor: Option<f64>| {
            let rate = p.done as f64 / p.elapsed.as_secs_f64();
            println!(
                "| {c} | {route} | {} | {:.2} | {:.0} | {} | {:.3} | {:.3} | {:.3} | {} | {} | {} |",
                p.done,
                p.elapsed.as_secs_f64(),
                rate,
                floor.map_or("".into(), |f| format!("{:.2}", rate / f)),
                pct(&p.lat_us, 50.0),
                pct(&p.lat_us, 99.0),
                pct(&p.lat_us, 100.0),
                cpu_us_per(cpu, p.done),
                p.non_200,
                p.failed
            );
            rate
        };
        for &c in &args.clients {
            let floor = match &args.floor {
                Some(f) => {
                    let cpu = cpu_seconds();
                    let fp = Arc::new(f.clone());
                    let p = single_phase(addr, c.max(1), args.requests, args.seconds, fp, qs.clone(), true)
                        .await;
                    Some(row(c, &format!("GET {f}"), &p, cpu, None))
                }
                None => None,
            };
            let cpu = cpu_seconds();
            let p = single_phase(
                addr,
                c.max(1),
                args.requests,
                args.seconds,
                path.clone(),
                qs.clone(),
                false,
            )
            .await;
            row(c, "POST /v1/ask", &p, cpu, floor);
        }
        let n = args.batch_size.max(1);
        let body: String = (0..n)
            .map(|i| questions[i % questions.len()].as_str())
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
        let body = bytes::Bytes::from(body);
        println!();
        println!(
            "| batch clients | batches of {n} | seconds | answers/s | p50 ms per batch | p99 ms | CPU µs/answer | failed |"
        );
        println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for &c in &args.batch_clients {
            let cpu = cpu_seconds();
            let (p, answers) = batch_phase(
                addr,
                c.max(1),
                args.batch_requests,
                args.seconds,
                path.clone(),
                body.clone(),
                n,
            )
            .await;
            println!(
                "| {c} | {} | {:.2} | {:.0} | {:.1} | {:.1} | {} | {} |",
                p.done,
                p.elapsed.as_secs_f64(),
                answers as f64 / p.elapsed.as_secs_f64(),
                pct(&p.lat_us, 50.0),
                pct(&p.lat_us, 99.0),
                cpu_us_per(cpu, answers),
                p.failed
            );
        }
    });
    println!();
    println!("load average at the end: {}", loadavg());
    if let Some((tx, h)) = stop {
        let _ = tx.send(());
        h.join().unwrap();
    }
}
