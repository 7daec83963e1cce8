//! The provisions data (regulations/<key>/provisions.toml) accounts for the whole law: every
//! normative sentence of every regulation is encoded by at least one provision, every provision
//! has a known topic, and duty-of questions are answered from it.

use zhili::norm::NormBase;
use zhili::Corpus;

#[test]
fn every_normative_sentence_is_encoded_by_a_provision() {
    let corpus = Corpus::get().unwrap();
    let base = NormBase::get().unwrap();
    for reg in &corpus.regulations {
        let file = base.file(&reg.meta.key).unwrap();
        let report = zhili::coverage::coverage(reg, file);
        let missing: Vec<String> = report
            .detail
            .iter()
            .filter(|s| s.provisions.is_empty())
            .map(|s| format!("{} {}", s.cite, s.text))
            .collect();
        assert!(
            missing.is_empty(),
            "{}: no provision for {missing:#?}",
            reg.meta.key
        );
        assert_eq!(report.open, 0, "{}: open sentences", reg.meta.key);
    }
}

#[test]
fn the_topic_catalogue_covers_every_group_and_has_at_least_120_topics() {
    let base = NormBase::get().unwrap();
    assert!(
        base.topics.topic.len() >= 120,
        "{} topics",
        base.topics.topic.len()
    );
    // every topic is used by some provision or is a deliberate catalogue entry with aliases
    for t in &base.topics.topic {
        assert!(!t.zh.is_empty() && !t.en.is_empty(), "{}", t.id);
    }
    let used: std::collections::HashSet<&str> = base
        .files
        .values()
        .flat_map(|f| f.provision.iter())
        .flat_map(|p| p.topics.iter().map(String::as_str))
        .collect();
    assert!(used.len() >= 100, "only {} topics are used", used.len());
}

#[test]
fn a_permissive_provision_is_never_a_duty() {
    // Haidong Art. 7 para 2: 村（居）民委员会、社区可以承担人民政府及其有关部门委托的相关工作
    let q = r#"{"id":"p","kind":"duty-of","regulation":"haidong","date":null,
        "facts":{"duty":"承担人民政府及其有关部门委托的相关工作","actor":"村民委员会","asks":"whether"}}"#;
    let a = serde_json::to_value(zhili::ask_json(q)).unwrap();
    assert_eq!(a["verdict"], "no", "{a}");
    assert!(
        a["citations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "haidong:7:2"),
        "{a}"
    );
}

#[test]
fn recipient_questions_answer_from_the_data() {
    // Xinyang Art. 30 para 1: 自治章程、居民公约、村规民约…报街道办事处或者乡镇人民政府备案
    let q = r#"{"id":"r","kind":"duty-of","regulation":"xinyang","date":null,
        "facts":{"duty":"自治章程、居民公约、村规民约备案","asks":"recipient"}}"#;
    let a = serde_json::to_value(zhili::ask_json(q)).unwrap();
    assert_eq!(a["verdict"], "街道办事处或者乡镇人民政府", "{a}");
}

/// tests/topics-cases/gaps.jsonl: gaps a reader found between the texts (written from the texts,
/// not from the encoding): each names a topic the regulation lacks against the others (`missing`)
/// or has alone (`extra`).
#[test]
fn gaps_written_from_the_texts_are_found() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/topics-cases/gaps.jsonl"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let against: Vec<String> = case["against"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_string())
            .collect();
        let gaps = zhili::api::gaps(case["regulation"].as_str().unwrap(), &against).unwrap();
        let list = match case["expected"].as_str().unwrap() {
            "missing" => &gaps.missing,
            _ => &gaps.extra,
        };
        let topic = case["topic"].as_str().unwrap();
        if !list.iter().any(|t| t.topic == topic) {
            failures.push(format!("{}: {topic} not {}", case["id"], case["expected"]));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
