//! Cross-language conformance: every case in tests/conformance/*.jsonl (and the spec's worked
//! examples, when ../shared is beside the checkout) is answered as expected. The check mirrors the
//! spec's scorer: verdict (punctuation width ignored), every expected citation covered by an equal
//! or more specific one, every expected condition's provision among the conditions' citations.

use serde_json::Value;
use std::path::{Path, PathBuf};
use zhili::{ask_json, ask_value, Corpus, Ref};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The cases of a file: each line's raw text (what a front end receives) and its parsed value.
fn cases(path: &Path) -> Vec<(String, Value)> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            (
                l.to_string(),
                serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}: {l}", path.display())),
            )
        })
        .collect()
}

fn conformance_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/conformance"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files
}

fn norm_text(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '，' => ',',
            '；' => ';',
            '：' => ':',
            '（' => '(',
            '）' => ')',
            '“' | '”' => '"',
            c => c,
        })
        .collect()
}

fn verdict_ok(expected: &Value, got: &Value) -> bool {
    match (expected, got) {
        (Value::Number(e), g) => g
            .as_f64()
            .or_else(|| g.as_str().and_then(|s| s.parse().ok()))
            .is_some_and(|g| (g - e.as_f64().unwrap()).abs() < 1e-6),
        (Value::Array(e), Value::Array(g)) => {
            let mut e: Vec<String> = e.iter().map(|x| x.to_string()).collect();
            let mut g: Vec<String> = g.iter().map(|x| x.to_string()).collect();
            e.sort();
            g.sort();
            e == g
        }
        (Value::Object(e), Value::Object(g)) => e == g,
        (Value::String(e), Value::String(g)) => norm_text(e) == norm_text(g),
        _ => false,
    }
}

fn covered(expected: &str, got: &[String]) -> bool {
    got.iter()
        .any(|g| g == expected || g.starts_with(&format!("{expected}:")))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn condition_cites(conds: &Value) -> Vec<Vec<String>> {
    conds
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| match c {
                    Value::String(s) => s
                        .rsplit('—')
                        .next()
                        .map(|x| vec![x.trim().to_string()])
                        .unwrap_or_default(),
                    other => strings(&other["citations"]),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The expected sanction is a subset of the answer's: strings contained, lists included, objects
/// matched key by key.
fn sanction_matches(expected: &Value, got: &Value, path: &str, problems: &mut Vec<String>) {
    match expected {
        Value::Object(e) => {
            for (k, v) in e {
                sanction_matches(v, &got[k], &format!("{path}.{k}"), problems);
            }
        }
        Value::Array(e) => {
            let g = got.as_array().cloned().unwrap_or_default();
            if e.iter().any(|x| !g.contains(x)) {
                problems.push(format!("{path}: expected {expected}, got {got}"));
            }
        }
        Value::String(e) => {
            if !got.as_str().is_some_and(|g| g.contains(e.as_str())) {
                problems.push(format!("{path}: expected {e:?}, got {got}"));
            }
        }
        other => {
            if other != got {
                problems.push(format!("{path}: expected {other}, got {got}"));
            }
        }
    }
}

/// Checks one case; returns what is wrong, if anything.
fn check(raw: &str, case: &Value) -> Option<String> {
    let a = serde_json::to_value(ask_json(raw)).unwrap();
    let mut problems = Vec::new();
    let exp = &case["expected_verdict"];
    let alts = case["expected_alternatives"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if !verdict_ok(exp, &a["verdict"]) && !alts.iter().any(|x| verdict_ok(x, &a["verdict"])) {
        problems.push(format!("verdict {} (expected {exp})", a["verdict"]));
    }
    let whatif = &a["whatif"];
    let mut cites = strings(&a["citations"]);
    cites.extend(strings(&whatif["citations"]));
    let got_conds: Vec<Vec<String>> = condition_cites(&a["conditions"])
        .into_iter()
        .chain(condition_cites(&whatif["conditions"]))
        .collect();
    cites.extend(got_conds.iter().flatten().cloned());
    for e in strings(&case["expected_citations"]) {
        if !covered(&e, &cites) {
            problems.push(format!("missing citation {e} (got {cites:?})"));
        }
    }
    if let Some(wv) = case.get("whatif_verdict").filter(|v| !v.is_null()) {
        if !verdict_ok(wv, &whatif["verdict"]) {
            problems.push(format!(
                "what-if verdict {} (expected {wv})",
                whatif["verdict"]
            ));
        }
        let wc: Vec<String> = strings(&whatif["citations"])
            .into_iter()
            .chain(got_conds.iter().flatten().cloned())
            .collect();
        for e in strings(&case["whatif_citations"]) {
            if !covered(&e, &wc) {
                problems.push(format!("missing what-if citation {e}"));
            }
        }
    }
    let exp_conds: Vec<Vec<String>> = condition_cites(&case["expected_conditions"]);
    let flat: Vec<String> = got_conds.iter().flatten().cloned().collect();
    for ec in &exp_conds {
        for e in ec {
            if !covered(e, &flat) {
                problems.push(format!("no condition citing {e}"));
            }
        }
    }
    if got_conds.len() < exp_conds.len() {
        problems.push(format!(
            "{} condition(s), expected {}",
            got_conds.len(),
            exp_conds.len()
        ));
    }
    if exp_conds.is_empty()
        && matches!(exp.as_str(), Some("permitted" | "prohibited"))
        && !got_conds.is_empty()
    {
        problems.push("conditions on an unconditional verdict".into());
    }
    if let Some(expected) = case.get("expected_sanction").filter(|v| !v.is_null()) {
        let got = if a["sanction"].is_null() {
            &whatif["sanction"]
        } else {
            &a["sanction"]
        };
        sanction_matches(expected, got, "sanction", &mut problems);
    }
    if let Some(code) = case.get("expected_error_code").and_then(Value::as_str) {
        if a["error"]["code"].as_str() != Some(code) {
            problems.push(format!(
                "error code {} (expected {code})",
                a["error"]["code"]
            ));
        }
    }
    if exp.as_str() == Some("error") && a["error"]["code"].as_str().is_none_or(str::is_empty) {
        problems.push("an error answer without a code".into());
    }
    (!problems.is_empty()).then(|| format!("{}: {}", case["id"], problems.join("; ")))
}

fn run(files: &[PathBuf]) {
    let mut failures = Vec::new();
    let mut n = 0;
    for f in files {
        for (raw, case) in cases(f) {
            n += 1;
            if let Some(p) = check(&raw, &case) {
                failures.push(p);
            }
        }
    }
    assert!(n > 0, "no cases found");
    assert!(
        failures.is_empty(),
        "{} of {n} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn project_conformance_cases() {
    let files = conformance_files();
    assert!(files.len() >= 6);
    run(&files);
}

#[test]
fn spec_examples() {
    let spec = root().join("../shared/spec/examples.jsonl");
    if spec.exists() {
        run(&[spec]);
    } else {
        eprintln!(
            "note: {} not present; the spec examples are checked by .ci/run",
            spec.display()
        );
    }
}

#[test]
fn every_citation_in_every_answer_exists() {
    let corpus = Corpus::get().unwrap();
    for f in conformance_files() {
        for (raw, case) in cases(&f) {
            let a = serde_json::to_value(ask_json(&raw)).unwrap();
            let mut all = strings(&a["citations"]);
            all.extend(strings(&a["whatif"]["citations"]));
            for conds in [&a["conditions"], &a["whatif"]["conditions"]] {
                all.extend(condition_cites(conds).into_iter().flatten());
            }
            for step in a["explanation"]["steps"].as_array().unwrap() {
                if let Some(c) = step["citation"].as_str().filter(|c| c.contains(':')) {
                    all.push(c.to_string());
                }
            }
            if let Some(s) = a["sanction"].as_object() {
                all.extend(strings(&s.get("citations").cloned().unwrap_or_default()));
            }
            for c in all {
                let r: Ref = c
                    .parse()
                    .unwrap_or_else(|e| panic!("{}: {c}: {e}", case["id"]));
                assert!(
                    corpus.exists(&r),
                    "{}: cites {c}, which does not exist",
                    case["id"]
                );
            }
        }
    }
}

#[test]
fn answers_are_deterministic() {
    for f in conformance_files() {
        for (raw, case) in cases(&f) {
            let first = serde_json::to_string(&ask_json(&raw)).unwrap();
            assert_eq!(first, serde_json::to_string(&ask_json(&raw)).unwrap());
            // the JSON text and the parsed value get the same answer (only text can repeat a key)
            if !first.contains("duplicate key") {
                assert_eq!(
                    first,
                    serde_json::to_string(&ask_value(&case)).unwrap(),
                    "{}",
                    case["id"]
                );
            }
        }
    }
}

#[test]
fn every_answer_explains_itself_in_both_languages() {
    for f in conformance_files() {
        for (raw, case) in cases(&f) {
            let a = ask_json(&raw);
            assert!(
                !a.explanation.summary_zh.is_empty() && !a.explanation.summary_en.is_empty(),
                "{}",
                case["id"]
            );
            if a.error.is_none() {
                assert!(
                    !a.explanation.steps.is_empty(),
                    "{}: no reasoning steps",
                    case["id"]
                );
            }
        }
    }
}

/// The citation lists of an answer: its own, its what-if's, each condition's and each sanction's.
fn citation_lists(a: &Value) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (part, o) in [("answer", a), ("whatif", &a["whatif"])] {
        out.push((format!("{part}.citations"), strings(&o["citations"])));
        for (i, c) in o["conditions"].as_array().into_iter().flatten().enumerate() {
            out.push((format!("{part}.conditions[{i}]"), strings(&c["citations"])));
        }
        let s = &o["sanction"];
        for (name, x) in [
            ("sanction", s),
            ("sanction.if_condition", &s["if_condition"]),
        ] {
            out.push((format!("{part}.{name}"), strings(&x["citations"])));
            for (i, y) in x["also"].as_array().into_iter().flatten().enumerate() {
                out.push((format!("{part}.{name}.also[{i}]"), strings(&y["citations"])));
            }
        }
    }
    out
}

/// Complete but minimal: no citation appears twice in one list of an answer, no list cites a
/// provision and also the article or paragraph it belongs to, and no condition is stated twice.
#[test]
fn no_answer_cites_a_provision_twice() {
    let mut files = conformance_files();
    let spec = root().join("../shared/spec/examples.jsonl");
    if spec.exists() {
        files.push(spec);
    }
    let mut problems = Vec::new();
    let mut n = 0;
    for f in &files {
        for (raw, case) in cases(f) {
            n += 1;
            let a = serde_json::to_value(ask_json(&raw)).unwrap();
            for (part, list) in citation_lists(&a) {
                for (i, c) in list.iter().enumerate() {
                    if list[..i].contains(c) {
                        problems.push(format!("{}: {part} cites {c} twice", case["id"]));
                    }
                    if let Some(p) = list.iter().find(|p| c.starts_with(&format!("{p}:"))) {
                        problems.push(format!("{}: {part} cites {c} and {p}", case["id"]));
                    }
                }
            }
            for o in [&a, &a["whatif"]] {
                let conds: Vec<&Value> = o["conditions"].as_array().into_iter().flatten().collect();
                for (i, c) in conds.iter().enumerate() {
                    if conds[..i]
                        .iter()
                        .any(|d| d["text_en"] == c["text_en"] && d["group"] == c["group"])
                    {
                        problems.push(format!(
                            "{}: condition stated twice: {}",
                            case["id"], c["text_en"]
                        ));
                    }
                }
            }
        }
    }
    assert!(n > 1000, "only {n} cases");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
