//! The question text never decides (QUERIES.md: `question_zh` / `question_en` may be shown, the
//! evaluator must not need them). Every conformance case and every spec example is answered with and
//! without its text fields; verdict, conditions, citations, what-if, sanction and error code must be
//! identical.
//!
//! One documented exception (docs/questions-and-answers.md, compare): a conduct comparison with no
//! `regulations` fact and `regulation: "all"` may be narrowed to the regulations its words name as
//! regulations (the spec's ex-083 carries them nowhere else). The project's own cases all carry
//! `regulations`, so for them the check is strict; for a spec example narrowed this way, each
//! regulation compared must answer exactly as without the text.

use serde_json::Value;
use std::path::PathBuf;
use zhili::ask_value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cases(path: &PathBuf) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn without_text(case: &Value) -> Value {
    let mut v = case.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("question_zh");
        o.remove("question_en");
    }
    v
}

/// What must not change: everything but the explanation (whose summary may quote nothing of the text
/// either, but is free prose).
fn decided(a: &Value) -> Value {
    serde_json::json!({
        "verdict": a["verdict"],
        "conditions": a["conditions"],
        "citations": a["citations"],
        "whatif": a["whatif"],
        "sanction": a["sanction"],
        "error": a["error"]["code"],
    })
}

fn has_text(case: &Value) -> bool {
    case.get("question_zh").is_some() || case.get("question_en").is_some()
}

/// For a comparison narrowed by its words: each regulation compared answers as without the text, and
/// every condition and citation comes from the answer without the text.
fn narrowed_consistently(with: &Value, without: &Value) -> Result<usize, String> {
    let (Some(w), Some(wo)) = (with["verdict"].as_object(), without["verdict"].as_object()) else {
        return Err("not a per-regulation comparison".into());
    };
    for (k, v) in w {
        if wo.get(k) != Some(v) {
            return Err(format!("{k}: {v} with the text, {:?} without", wo.get(k)));
        }
    }
    let contains = |field: &str| {
        let all = without[field].as_array().cloned().unwrap_or_default();
        with[field]
            .as_array()
            .into_iter()
            .flatten()
            .all(|x| all.contains(x))
    };
    if !contains("conditions") || !contains("citations") {
        return Err("a condition or citation not in the answer without the text".into());
    }
    let keys = |v: &Value| {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_str())
            .map(|c| c.split(':').next().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    // what the narrowed answer cites is exactly what the regulations it kept cite without the text
    let kept: Vec<String> = keys(&without["citations"])
        .into_iter()
        .filter(|k| w.contains_key(k))
        .collect();
    if keys(&with["citations"]).len() != kept.len() {
        return Err("the narrowed answer drops citations of a regulation it compares".into());
    }
    Ok(wo.len() - w.len())
}

#[test]
fn project_cases_answer_the_same_without_their_text() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/conformance"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let (mut n, mut with_text, mut bad) = (0, 0, Vec::new());
    for f in &files {
        for case in cases(f) {
            n += 1;
            if has_text(&case) {
                with_text += 1;
            }
            let a = decided(&serde_json::to_value(ask_value(&case)).unwrap());
            let b = decided(&serde_json::to_value(ask_value(&without_text(&case))).unwrap());
            if a != b {
                bad.push(format!("{}: {a}\n   without the text: {b}", case["id"]));
            }
        }
    }
    assert!(
        n > 1000 && with_text > 100,
        "{n} cases, {with_text} with text"
    );
    assert!(
        bad.is_empty(),
        "{} of {n} cases answer differently without their text:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn spec_examples_answer_the_same_without_their_text() {
    let spec = root().join("../shared/spec/examples.jsonl");
    if !spec.exists() {
        eprintln!("note: {} not present; skipped", spec.display());
        return;
    }
    let mut bad = Vec::new();
    let mut narrowed = Vec::new();
    for case in cases(&spec) {
        let a = serde_json::to_value(ask_value(&case)).unwrap();
        let b = serde_json::to_value(ask_value(&without_text(&case))).unwrap();
        if decided(&a) == decided(&b) {
            continue;
        }
        let may_narrow = case["kind"] == "compare"
            && case["regulation"] == "all"
            && case["facts"].get("regulations").is_none()
            && case["facts"].get("feature").is_none();
        match narrowed_consistently(&a, &b) {
            Ok(dropped) if may_narrow && dropped > 0 => narrowed.push(case["id"].to_string()),
            Ok(_) => bad.push(format!("{}: differs without the text", case["id"])),
            Err(e) => bad.push(format!("{}: {e}", case["id"])),
        }
    }
    eprintln!("spec examples narrowed by the regulations their words name: {narrowed:?}");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // the exception stays an exception
    assert!(narrowed.len() <= 1, "{narrowed:?}");
}

#[test]
fn a_text_naming_all_four_regulations_in_prose_compares_all_four() {
    let q = serde_json::json!({
        "id": "prose", "kind": "compare", "regulation": "all", "date": "2025-06-01",
        "facts": {"assigner": "区民政局", "assignee": "居委会", "task_on_list": "assist",
                  "written_commission": false, "funding_provided": true, "work_conditions_provided": true},
        "question_zh": "区民政局安排居委会办理协助事项，提供了经费和工作条件但没有书面委托，按海东、大连、信阳三部条例和无锡草案分别是否合法？",
        "question_en": "Under the Haidong, Dalian and Xinyang regulations and the Wuxi draft, is this lawful?"
    });
    let a = serde_json::to_value(ask_value(&q)).unwrap();
    let keys: Vec<&String> = a["verdict"].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 4, "{}", a["verdict"]);
    assert_eq!(
        decided(&a),
        decided(&serde_json::to_value(ask_value(&without_text(&q))).unwrap())
    );
}

#[test]
fn a_feature_question_is_never_narrowed_by_its_words() {
    let q = serde_json::json!({
        "id": "f", "kind": "compare", "regulation": "all",
        "facts": {"feature": "书面委托"},
        "question_zh": "大连条例和信阳条例哪个要求书面委托？"
    });
    let a = serde_json::to_value(ask_value(&q)).unwrap();
    assert_eq!(a["verdict"], serde_json::json!(["dalian"]));
    let cited: Vec<&str> = a["citations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    for key in ["haidong", "dalian", "wuxi-draft", "xinyang"] {
        assert!(
            cited.iter().any(|c| c.starts_with(&format!("{key}:"))),
            "{key} not cited: {cited:?}"
        );
    }
}
