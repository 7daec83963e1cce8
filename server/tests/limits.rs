//! The connection limits on 127.0.0.1 (bounded, loopback only): idle and slow clients are cut by
//! the header and keep-alive timeouts, connections over the cap are refused fast, a batch holds its
//! concurrency slot until it ends and is ended at its deadline, and shutdown drains with a
//! deadline (or stops at once when forced).

mod common;

use axum::routing::get;
use serde_json::Value;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use zhili_server::{api_routes, with_layers, Config};

struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    force: Option<oneshot::Sender<()>>,
    done: Option<JoinHandle<std::io::Result<()>>>,
}

/// The service with test routes (`/test/sleep/{ms}`) and the limits of `cfg`.
async fn start(cfg: Config) -> Running {
    let routes = api_routes(&cfg).route(
        "/test/sleep/{ms}",
        get(
            |axum::extract::Path(ms): axum::extract::Path<u64>| async move {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                "slept"
            },
        ),
    );
    let router = with_layers(routes, &cfg);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stop_rx) = oneshot::channel::<()>();
    let (force, force_rx) = oneshot::channel::<()>();
    let done = tokio::spawn(async move {
        zhili_server::serve_with(
            listener,
            router,
            &cfg,
            async {
                let _ = stop_rx.await;
            },
            async {
                if force_rx.await.is_err() {
                    std::future::pending::<()>().await;
                }
            },
        )
        .await
    });
    Running {
        addr,
        stop: Some(stop),
        force: Some(force),
        done: Some(done),
    }
}

impl Running {
    fn shutdown(&mut self) -> JoinHandle<std::io::Result<()>> {
        let _ = self.stop.take().unwrap().send(());
        self.done.take().unwrap()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(f) = self.force.take() {
            let _ = f.send(());
        }
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Waits up to `within` for the server to close `tcp` (EOF or reset); the time it took.
async fn closed_within(tcp: &mut TcpStream, within: Duration) -> Option<Duration> {
    let t = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(within.saturating_sub(t.elapsed()), tcp.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(t.elapsed()),
            Ok(Ok(_)) => {} // a response (or an error status) before the close
        }
    }
}

/// One GET on a new connection: the status and body (`Connection: close`).
async fn get_status(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let mut tcp = TcpStream::connect(addr).await.ok()?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    tcp.write_all(req.as_bytes()).await.ok()?;
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut raw))
        .await
        .ok()?
        .ok()?;
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text.get(9..12)?.parse().ok()?;
    Some((status, text))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_sockets_are_cut_and_do_not_block_a_real_request() {
    let cfg = Config {
        max_connections: 20,
        header_timeout: ms(600),
        ..Config::default()
    };
    let s = start(cfg).await;
    // a few idle sockets under the cap: a real request is answered at once beside them
    let mut idle = Vec::new();
    for _ in 0..10 {
        idle.push(TcpStream::connect(s.addr).await.unwrap());
    }
    let t = Instant::now();
    assert_eq!(get_status(s.addr, "/healthz").await.unwrap().0, 200);
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    // up to the cap: a new connection is refused fast with 503 overloaded, not left waiting
    for _ in 0..10 {
        idle.push(TcpStream::connect(s.addr).await.unwrap());
    }
    tokio::time::sleep(ms(50)).await;
    let t = Instant::now();
    let (status, text) = get_status(s.addr, "/healthz").await.unwrap();
    assert_eq!(status, 503, "{text}");
    assert!(text.contains("\"overloaded\""), "{text}");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    // the idle sockets are closed by the header timeout, and then requests are served again
    for tcp in &mut idle {
        let took = closed_within(tcp, Duration::from_secs(3)).await;
        assert!(took.is_some(), "an idle socket is still open after 3 s");
    }
    assert_eq!(get_status(s.addr, "/healthz").await.unwrap().0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slowloris_is_cut_by_the_header_timeout() {
    let cfg = Config {
        header_timeout: ms(500),
        keep_alive: Duration::from_secs(30),
        ..Config::default()
    };
    let s = start(cfg).await;
    let mut tcp = TcpStream::connect(s.addr).await.unwrap();
    tcp.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n")
        .await
        .unwrap();
    // one header byte every 100 ms: the head never completes within the timeout
    let t = Instant::now();
    let dripping = async {
        loop {
            tokio::time::sleep(ms(100)).await;
            if tcp.write_all(b"X").await.is_err() {
                return;
            }
            if t.elapsed() > Duration::from_secs(5) {
                return;
            }
        }
    };
    dripping.await;
    let cut = t.elapsed();
    assert!(cut < Duration::from_secs(3), "still open after {cut:?}");
    assert!(cut >= ms(400), "cut too early: {cut:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_kept_alive_connection_is_closed_after_the_keep_alive_timeout() {
    let cfg = Config {
        header_timeout: Duration::from_secs(30),
        keep_alive: ms(400),
        ..Config::default()
    };
    let s = start(cfg).await;
    let mut tcp = TcpStream::connect(s.addr).await.unwrap();
    tcp.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tcp.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let took = closed_within(&mut tcp, Duration::from_secs(3))
        .await
        .expect("the idle connection is closed");
    assert!(took >= ms(300), "closed too early: {took:?}");
}

fn batch_head() -> &'static str {
    "POST /v1/ask?explain=none HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\n\
     Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
}

const LINE: &str =
    "{\"id\":\"s1\",\"kind\":\"in-force\",\"regulation\":\"haidong\",\"date\":\"2024-01-01\"}\n";

fn chunk(s: &str) -> String {
    format!("{:x}\r\n{s}\r\n", s.len())
}

/// Reads from `tcp` until `needle` has arrived.
async fn read_until(tcp: &mut TcpStream, raw: &mut Vec<u8>, needle: &str) {
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(raw).contains(needle) {
        let n = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
            .await
            .expect("more of the response")
            .unwrap();
        assert!(n > 0, "closed early: {}", String::from_utf8_lossy(raw));
        raw.extend_from_slice(&buf[..n]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_holds_its_concurrency_slot_until_it_ends() {
    let cfg = Config {
        concurrency: 1,
        timeout: ms(400),
        ..Config::default()
    };
    let s = start(cfg).await;
    let mut tcp = TcpStream::connect(s.addr).await.unwrap();
    tcp.write_all(batch_head().as_bytes()).await.unwrap();
    tcp.write_all(chunk(LINE).as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    read_until(&mut tcp, &mut raw, "\"id\":\"s1\"").await;
    // the batch's response head and first answer are sent, but the batch goes on (a line every
    // 150 ms, within its idle timeout, for 1.2 s)
    let (mut rd, mut wr) = tcp.into_split();
    let writer = tokio::spawn(async move {
        for _ in 0..8 {
            tokio::time::sleep(ms(150)).await;
            wr.write_all(chunk(LINE).as_bytes()).await.unwrap();
        }
        wr.write_all(b"0\r\n\r\n").await.unwrap();
        wr
    });
    tokio::time::sleep(ms(50)).await;
    // the one slot is still taken, so another request waits for it and times out
    let (status, text) = get_status(s.addr, "/healthz").await.unwrap();
    assert_eq!(status, 503, "{text}");
    assert!(text.contains("\"timeout\""), "{text}");
    // the batch ends: the slot is free again
    let _wr = writer.await.unwrap();
    rd.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8(common::dechunk(&raw).unwrap()).unwrap();
    assert_eq!(text.lines().count(), 9, "{text}");
    assert!(!text.contains("error\":{"), "{text}");
    assert_eq!(get_status(s.addr, "/healthz").await.unwrap().0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dripping_batch_is_ended_at_its_deadline() {
    let cfg = Config {
        timeout: Duration::from_secs(5),
        batch_deadline: ms(800),
        ..Config::default()
    };
    let s = start(cfg).await;
    let mut tcp = TcpStream::connect(s.addr).await.unwrap();
    tcp.write_all(batch_head().as_bytes()).await.unwrap();
    let t = Instant::now();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    // one line every 150 ms, each well within the idle timeout; the whole batch is not
    loop {
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "the batch was not ended"
        );
        let _ = tcp.write_all(chunk(LINE).as_bytes()).await;
        match tokio::time::timeout(ms(150), tcp.read(&mut buf)).await {
            Err(_) => continue,
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => raw.extend_from_slice(&buf[..n]),
        }
    }
    let took = t.elapsed();
    assert!(took >= ms(700) && took < Duration::from_secs(3), "{took:?}");
    let text = String::from_utf8(common::dechunk(&raw).expect("a complete stream")).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let last = lines.last().unwrap();
    assert_eq!(last["error"]["code"], "timeout", "{text}");
    let msg = last["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains(&format!("{} lines were answered", lines.len() - 1)),
        "{msg}"
    );
    assert!(lines[..lines.len() - 1]
        .iter()
        .all(|l| l["verdict"] == "yes"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_drains_within_its_deadline_whatever_the_clients_hold() {
    let cfg = Config {
        header_timeout: Duration::from_secs(30),
        drain_timeout: ms(500),
        ..Config::default()
    };
    let mut s = start(cfg).await;
    // a partial request head, a batch that drips, and a request still being answered
    let mut partial = TcpStream::connect(s.addr).await.unwrap();
    partial
        .write_all(b"GET /healthz HTTP/1.1\r\nHo")
        .await
        .unwrap();
    let mut batch = TcpStream::connect(s.addr).await.unwrap();
    batch.write_all(batch_head().as_bytes()).await.unwrap();
    batch.write_all(chunk(LINE).as_bytes()).await.unwrap();
    let addr = s.addr;
    let slow = tokio::spawn(async move { get_status(addr, "/test/sleep/5000").await });
    // a short request in flight at the signal still finishes
    let quick = tokio::spawn(async move { get_status(addr, "/test/sleep/200").await });
    tokio::time::sleep(ms(100)).await;
    let t = Instant::now();
    let done = s.shutdown();
    tokio::time::timeout(Duration::from_secs(3), done)
        .await
        .expect("serve returns by the drain deadline")
        .unwrap()
        .unwrap();
    let took = t.elapsed();
    assert!(
        took >= ms(400),
        "returned before the drain deadline: {took:?}"
    );
    assert_eq!(quick.await.unwrap().unwrap().0, 200);
    // what was left is closed
    assert!(closed_within(&mut partial, Duration::from_secs(2))
        .await
        .is_some());
    assert!(closed_within(&mut batch, Duration::from_secs(2))
        .await
        .is_some());
    assert!(slow.await.unwrap().is_none_or(|(status, _)| status != 200));
    assert!(TcpStream::connect(addr).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_signal_stops_at_once() {
    let cfg = Config {
        drain_timeout: Duration::from_secs(30),
        ..Config::default()
    };
    let mut s = start(cfg).await;
    let addr = s.addr;
    let slow = tokio::spawn(async move { get_status(addr, "/test/sleep/10000").await });
    tokio::time::sleep(ms(100)).await;
    let done = s.shutdown();
    tokio::time::sleep(ms(200)).await;
    assert!(
        !done.is_finished(),
        "the request in flight is being waited for"
    );
    let t = Instant::now();
    let _ = s.force.take().unwrap().send(());
    tokio::time::timeout(Duration::from_secs(2), done)
        .await
        .expect("serve returns at once on the second signal")
        .unwrap()
        .unwrap();
    assert!(t.elapsed() < Duration::from_secs(1));
    assert!(slow.await.unwrap().is_none_or(|(status, _)| status != 200));
}
