//! SIGTERM stops the service gracefully (a test binary of its own: it signals its own process).

#![cfg(unix)]

use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_and_stops() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // installs the SIGTERM handler now, before the signal is sent
    let shutdown = zhili_server::shutdown_signal();
    let cfg = zhili_server::Config::default();
    let served = tokio::spawn(zhili_server::serve(
        listener,
        zhili_server::router(&cfg),
        shutdown,
    ));
    let mut c = zhili_server::client::Conn::connect(addr).await.unwrap();
    assert_eq!(c.get("/healthz").await.unwrap().status, 200);
    drop(c);
    let status = std::process::Command::new("kill")
        .args(["-TERM", &std::process::id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    tokio::time::timeout(Duration::from_secs(10), served)
        .await
        .expect("serve returns after SIGTERM")
        .unwrap()
        .unwrap();
    assert!(zhili_server::client::Conn::connect(addr).await.is_err());
}
