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
    assert!(o.status.success(), "{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains("haidong: 海东市基层社会治理促进条例 — 7 chapters, 52 articles, 103 paragraphs, 7 items"), "{out}");
    assert!(out.contains("lacks the heading 第六章 附则"), "{out}");
    assert!(!out.contains("DIFFERENCE"), "{out}");
}

#[test]
fn article_prints_text_and_json() {
    let o = zhili(&["article", "haidong:6:1:7"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "海东市基层社会治理促进条例第六条第一款第（七）项\n其他应当履行的职责。\n");
    let o = zhili(&["article", "第六条第（七）项", "--regulation", "haidong", "--json"]);
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
        (vec!["article", "第四十八条", "--regulation", "xinyang"], "unknown-article"),
        (vec!["article", "海东条例第五十二条第二款"], "unknown-article"),
        (vec!["article", "杭州条例第五条"], "unknown-regulation"),
    ] {
        let o = zhili(&args);
        assert!(!o.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(&format!("error[{code}]")), "{args:?}: {err}");
    }
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
    assert_eq!((d["effective"].as_str(), d["chapters"].as_u64(), d["items"].as_u64()), (Some("2024-07-01"), Some(6), Some(8)));
}
