//! The `zhili` binary end to end.

use std::process::{Command, Output};

fn zhili(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhili"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn ingest_check_passes_on_the_committed_texts() {
    let o = zhili(&["ingest", "--check"]);
    assert!(
        o.status.success(),
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    let out = stdout(&o);
    assert!(out.contains("haidong: 海东市基层社会治理促进条例 — 7 chapters, 52 articles, 103 paragraphs, 7 items"), "{out}");
    assert!(out.contains("lacks the heading 第六章 附则"), "{out}");
    assert!(!out.contains("DIFFERENCE"), "{out}");
}

#[test]
fn article_prints_text_and_json() {
    let o = zhili(&["article", "haidong:6:1:7"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        "海东市基层社会治理促进条例第六条第一款第（七）项\n其他应当履行的职责。\n"
    );
    let o = zhili(&[
        "article",
        "第六条第（七）项",
        "--regulation",
        "haidong",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["citation"], "haidong:6:1:7");
    assert_eq!(v["level"], "item");
    let o = zhili(&["article", "大连条例第二十四条第三款", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["citation"], "dalian:24:3");
    assert!(v["text"].as_str().unwrap().contains("购买服务"));
}

#[test]
fn article_errors_carry_their_code() {
    for (args, code) in [
        (vec!["article", "haidong:999"], "unknown-article"),
        (
            vec!["article", "第四十八条", "--regulation", "xinyang"],
            "unknown-article",
        ),
        (
            vec!["article", "海东条例第五十二条第二款"],
            "unknown-article",
        ),
        (vec!["article", "杭州条例第五条"], "unknown-regulation"),
        // a reference naming another regulation than --regulation is refused, as `ask` refuses it
        (
            vec!["article", "haidong:23", "--regulation", "dalian"],
            "invalid-question",
        ),
        (
            vec!["article", "大连条例第二十四条", "--regulation", "haidong"],
            "invalid-question",
        ),
    ] {
        let o = zhili(&args);
        assert!(!o.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(&format!("error[{code}]")), "{args:?}: {err}");
    }
}

#[test]
fn features_lists_features_then_topics() {
    let o = zhili(&["features", "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v.as_array().unwrap();
    let topics = rows.iter().filter(|r| r["kind"] == "topic").count();
    assert!(topics >= 120, "{topics} topics");
    assert_eq!(rows[0]["kind"], "feature");
}

#[test]
fn search_prints_hits_as_json_and_refuses_an_empty_query() {
    let o = zhili(&["search", "网格 经费", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!hits.is_empty());
    for h in &hits {
        let text = h["text"].as_str().unwrap();
        assert!(text.contains("网格") && text.contains("经费"), "{h}");
    }
    let o = zhili(&[
        "search",
        "志愿服务",
        "--regulation",
        "dalian",
        "--limit",
        "2",
    ]);
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 2);
    let o = zhili(&["search", " "]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("error[invalid-question]"));
}

#[test]
fn gaps_cites_what_the_others_have() {
    let o = zhili(&[
        "gaps",
        "wuxi-draft",
        "--against",
        "dalian,xinyang",
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["regulation"], "wuxi-draft");
    assert_eq!(v["against"], serde_json::json!(["dalian", "xinyang"]));
    for t in v["missing"].as_array().unwrap() {
        let cites = t["citations"].as_array().unwrap();
        assert!(!cites.is_empty());
        assert!(cites.iter().all(|c| {
            let c = c.as_str().unwrap();
            c.starts_with("dalian:") || c.starts_with("xinyang:")
        }));
    }
    for t in v["extra"].as_array().unwrap() {
        let cites = t["citations"].as_array().unwrap();
        assert!(cites
            .iter()
            .all(|c| c.as_str().unwrap().starts_with("wuxi-draft:")));
    }
    // the regulation reviewed cannot be its own yardstick
    let o = zhili(&["gaps", "dalian", "--against", "大连条例"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid-question"));
}

#[test]
fn regulations_lists_keys_status_and_counts() {
    let o = zhili(&["regulations", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let w = rows.iter().find(|r| r["key"] == "wuxi-draft").unwrap();
    assert_eq!(w["status"], "draft");
    assert!(w["effective"].is_null());
    assert_eq!(w["articles"], 77);
    let d = rows.iter().find(|r| r["key"] == "dalian").unwrap();
    assert_eq!(
        (
            d["effective"].as_str(),
            d["chapters"].as_u64(),
            d["items"].as_u64()
        ),
        (Some("2024-07-01"), Some(6), Some(8))
    );
}

fn zhili_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhili"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Runs `zhili ask --jsonl` on `input` and parses its answer lines.
fn ask_jsonl(args: &[&str], input: &[u8]) -> Vec<serde_json::Value> {
    let o = zhili_stdin(args, input);
    assert!(o.status.success());
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn ask_answers_one_question() {
    let o = zhili(&["ask", "examples/dalian-assist.json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["id"], "demo-1");
    assert_eq!(v["verdict"], "conditional");
    assert_eq!(v["conditions"].as_array().unwrap().len(), 2);
}

#[test]
fn ask_jsonl_answers_every_line_even_after_bad_ones() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\":\"a\",\"kind\":\"in-force\",\"regulation\":\"haidong\",\"date\":\"2023-02-30\"}\n");
    input.extend_from_slice(b"not json at all\n");
    input.extend_from_slice(b"\xff\xfe\xfd invalid utf-8\n");
    input.extend_from_slice(b"{\"id\":\"b\",\"kind\":\"guess\"}\n");
    input.extend_from_slice(b"{\"id\":\"c\",\"kind\":\"facility-area\",\"regulation\":\"haidong\",\"facts\":{\"households\":-5}}\n");
    input.extend_from_slice(b"{\"id\":\"d\",\"kind\":\"article-lookup\",\"regulation\":\"hangzhou\",\"facts\":{\"article\":5}}\n");
    input.extend_from_slice(b"\n");
    input.extend_from_slice(b"{\"id\":\"e\",\"kind\":\"in-force\",\"regulation\":\"haidong\",\"date\":\"2023-02-01\"}\n");
    let lines = ask_jsonl(&["ask", "--jsonl"], &input);
    let codes: Vec<&str> = lines
        .iter()
        .map(|a| a["error"]["code"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        codes,
        [
            "invalid-date",
            "invalid-json",
            "invalid-json",
            "unknown-kind",
            "invalid-fact",
            "unknown-regulation",
            "-"
        ]
    );
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[6]["id"], "e");
    assert_eq!(lines[6]["verdict"], "yes");
}

#[test]
fn ask_survives_a_huge_line() {
    let mut input =
        b"{\"id\":\"big\",\"kind\":\"duty-of\",\"regulation\":\"dalian\",\"facts\":{\"duty\":\""
            .to_vec();
    input.extend(std::iter::repeat_n(b'a', 10 * 1024 * 1024));
    input.extend_from_slice(b"\"}}\n{\"id\":\"after\",\"kind\":\"in-force\",\"regulation\":\"dalian\",\"date\":\"2024-07-01\"}\n");
    let lines = ask_jsonl(&["ask", "--jsonl"], &input);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["error"]["code"], "too-large");
    assert_eq!(lines[1]["verdict"], "yes");
}

#[test]
fn ask_usage_errors_exit_non_zero() {
    let o = zhili(&["ask", "no/such/file.json"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_corpus_of_bad_questions_gets_one_coded_answer_per_line() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/bad-input/");
    let input = std::fs::read(format!("{root}questions.jsonl")).unwrap();
    let expected: Vec<String> = std::fs::read_to_string(format!("{root}expected-codes.txt"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let answers = ask_jsonl(&["ask", "--jsonl"], &input);
    assert_eq!(
        answers.len(),
        expected.len(),
        "one answer per non-blank line"
    );
    for (i, (a, code)) in answers.iter().zip(&expected).enumerate() {
        let got = a["error"]["code"].as_str().unwrap_or("-");
        assert_eq!(got, code, "line {}: {}", i + 1, a);
        if code != "-" {
            assert_eq!(a["verdict"], "error");
            assert!(zhili::Error::CODES.contains(&got));
        }
    }
    // the good questions after the bad ones are answered in full
    assert_eq!(answers[answers.len() - 2]["verdict"], "yes");
    assert_eq!(answers[answers.len() - 1]["verdict"], "prohibited");
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhili"))
        .args(["article", "wuxi-draft:52"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is read
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn ask_jsonl_gives_the_same_answers_in_order_on_any_number_of_threads() {
    // every conformance question, repeated so that each block is shared among the threads
    let mut input = Vec::new();
    for entry in
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance")).unwrap()
    {
        input.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    input.extend(b"\nnot json\n\n".iter());
    let input = input.repeat(3);
    let one = zhili_stdin(&["ask", "--jsonl", "--threads", "1"], &input);
    assert!(one.status.success());
    assert!(one.stdout.len() > 1_000_000);
    for threads in ["2", "3", "8"] {
        let many = zhili_stdin(&["ask", "--jsonl", "--threads", threads], &input);
        assert!(many.stdout == one.stdout, "{threads} threads");
    }
    assert!(!zhili_stdin(&["ask", "--jsonl", "--threads", "0"], b"")
        .status
        .success());
}

#[test]
fn ask_jsonl_answers_each_line_as_it_arrives() {
    use std::io::{BufRead, Write};
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhili"))
        .args(["ask", "--jsonl", "--explain", "none"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut answers = std::io::BufReader::new(child.stdout.take().unwrap());
    for id in ["a", "b"] {
        // the next question is written only once the previous answer has been read
        writeln!(
            stdin,
            r#"{{"id":"{id}","kind":"in-force","regulation":"haidong","date":"2024-01-01"}}"#
        )
        .unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        answers.read_line(&mut line).unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["id"], id);
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

/// The peak resident memory of a running process, in KiB (Linux).
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn ask_jsonl_reads_an_endless_line_in_flat_memory() {
    // /dev/zero is one line that never ends: it is read up to the limit and then skipped, never
    // kept (it used to grow until an allocation of 1 GiB failed and the process aborted)
    if !std::path::Path::new("/dev/zero").exists() {
        return;
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhili"))
        .args(["ask", "--jsonl", "/dev/zero"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(3));
    let running = child.try_wait().unwrap().is_none();
    let peak = peak_rss_kib(child.id());
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    assert!(
        running,
        "exited: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let peak = peak.expect("VmHWM in /proc");
    assert!(peak < 100 << 10, "peak RSS {peak} KiB");
}

/// Runs `zhili` with its standard output on /dev/full, where every write fails (ENOSPC).
fn zhili_to_full_disk(args: &[&str]) -> Option<Output> {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .ok()?;
    Some(
        Command::new(env!("CARGO_BIN_EXE_zhili"))
            .args(args)
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
            .stdin(std::process::Stdio::null())
            .stdout(full)
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("runs"),
    )
}

/// A failed write is a typed `io` error with exit status 2, never silence or a panic.
fn assert_io_error(args: &[&str]) {
    let Some(o) = zhili_to_full_disk(args) else {
        return; // no /dev/full here
    };
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.starts_with("error[io]: "), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
}

#[test]
fn article_to_a_full_disk_is_an_io_error() {
    assert_io_error(&["article", "haidong:23:2"]);
    assert_io_error(&["article", "haidong:23", "--json"]);
}

#[test]
fn regulations_to_a_full_disk_is_an_io_error() {
    assert_io_error(&["regulations"]);
    assert_io_error(&["regulations", "--json"]);
}

#[test]
fn export_to_a_full_disk_is_an_io_error() {
    assert_io_error(&["export", "haidong"]);
    assert_io_error(&["export", "--format", "json", "dalian"]);
}

#[test]
fn export_to_a_full_file_is_an_io_error_not_ingest_failed() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let o = zhili(&["export", "haidong", "-o", "/dev/full"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("error[io]: cannot write /dev/full"),
        "{err}"
    );
    let o = zhili(&["export", "haidong", "-o", "/no/such/dir/x.xml"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error[io]: cannot write /no/such/dir/x.xml"),
        "{err}"
    );
}

#[test]
fn coverage_to_a_full_disk_is_an_io_error() {
    assert_io_error(&["coverage"]);
    assert_io_error(&["coverage", "--json"]);
}

#[test]
fn serve_openapi_to_a_full_disk_is_an_io_error_not_a_panic() {
    assert_io_error(&["serve", "--openapi"]);
}

#[test]
fn ask_and_ingest_to_a_full_disk_are_io_errors() {
    assert_io_error(&["ask", "examples/dalian-assist.json"]);
    assert_io_error(&["ask", "--jsonl", "tests/conformance/in-force.jsonl"]);
    assert_io_error(&["ingest", "--check", "--only", "haidong"]);
}

/// `zhili serve` on a free loopback port with `args`: the child and its address (from its log).
/// The caller waits for the child.
#[allow(clippy::zombie_processes)]
fn serve(args: &[&str]) -> (std::process::Child, std::net::SocketAddr) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhili"))
        .args(["serve", "--addr", "127.0.0.1:0", "--log-format", "json"])
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        if log.read_line(&mut line).unwrap_or(0) == 0 {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve did not start");
        }
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        if v["fields"]["message"] == "zhili serve listening" {
            let addr = v["fields"]["addr"].as_str().unwrap().parse().unwrap();
            // keep reading the log so that the child never blocks on a full pipe
            std::thread::spawn(move || std::io::copy(&mut log, &mut std::io::sink()));
            return (child, addr);
        }
    }
}

fn signal(child: &std::process::Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

/// Waits up to `within` for the child to exit.
fn exited_within(child: &mut std::process::Child, within: std::time::Duration) -> bool {
    let t = std::time::Instant::now();
    while t.elapsed() < within {
        if child.try_wait().unwrap().is_some() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

#[cfg(unix)]
#[test]
fn serve_drains_within_its_deadline_and_a_second_signal_stops_it_at_once() {
    use std::io::Write;
    use std::time::Duration;
    // a client holding a partial request head no longer keeps a SIGTERM from completing
    let (mut child, addr) = serve(&["--drain-timeout-ms", "500", "--header-timeout-ms", "60000"]);
    let mut held = std::net::TcpStream::connect(addr).unwrap();
    held.write_all(b"GET /healthz HTTP/1.1\r\nHo").unwrap();
    std::thread::sleep(Duration::from_millis(100));
    signal(&child, "-TERM");
    let drained = exited_within(&mut child, Duration::from_secs(5));
    let _ = child.kill();
    assert!(drained, "SIGTERM did not complete within 5 s");
    assert!(child.wait().unwrap().success());
    // with a long drain, the first signal waits for the client; the second stops at once
    let (mut child, addr) = serve(&[
        "--drain-timeout-ms",
        "60000",
        "--header-timeout-ms",
        "60000",
    ]);
    let mut held = std::net::TcpStream::connect(addr).unwrap();
    held.write_all(b"POST /v1/ask HTTP/1.1\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(100));
    signal(&child, "-TERM");
    assert!(!exited_within(&mut child, Duration::from_millis(500)));
    signal(&child, "-INT");
    let stopped = exited_within(&mut child, Duration::from_secs(2));
    let _ = child.kill();
    assert!(stopped, "a second signal did not stop the service at once");
}
