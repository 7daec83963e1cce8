//! Snapshots of whole answers (verdict, conditions, citations, sanction and the bilingual trace) for
//! the shipped example questions: any change in what the library says shows up in review.

#[test]
fn example_answers_snapshot() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/");
    let mut inputs: Vec<String> = std::fs::read_to_string(format!("{root}questions.jsonl"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    inputs.push(std::fs::read_to_string(format!("{root}dalian-assist.json")).unwrap());
    for input in inputs.iter().filter(|l| !l.trim().is_empty()) {
        let answer = zhili::ask_json(input);
        let name = format!("answer_{}", answer.id);
        insta::assert_json_snapshot!(name, answer);
    }
}

/// An error answer keeps what could be read of its question: id, kind and regulation (as its key
/// when the corpus knows the name, else as written), on every path into the core.
#[test]
fn error_answers_keep_the_questions_kind_and_regulation() {
    use zhili::api::{self, AskOptions};
    let opts = AskOptions::default();
    let by_title = r#"{"id":"e1","kind":"assign-to-committee","regulation":"大连市基层社会治理促进条例","date":"2024-13-01","facts":{}}"#;
    let unknown = r#"{"id":"e2","kind":"liability","regulation":"nowhere","facts":{}}"#;
    let duplicate =
        r#"{"id":"e3","kind":"in-force","kind":"in-force","regulation":"haidong","facts":{}}"#;
    for (input, kind, reg) in [
        (by_title, "assign-to-committee", "dalian"),
        (unknown, "liability", "nowhere"),
        (duplicate, "in-force", "haidong"),
    ] {
        let a = api::ask(input, &opts);
        assert_eq!(a.verdict, "error", "{input}");
        assert_eq!(a.kind.as_deref(), Some(kind), "{input}");
        assert_eq!(a.regulation.as_deref(), Some(reg), "{input}");
        let v: serde_json::Value = serde_json::from_str(input).unwrap_or_default();
        if !v.is_null() {
            assert_eq!(api::ask_value(&v, &opts).kind, a.kind);
        }
    }
    let unreadable = api::ask("{\"id\":\"x\",", &opts);
    assert_eq!(
        (
            unreadable.id.as_str(),
            unreadable.kind,
            unreadable.regulation
        ),
        ("", None, None)
    );
}
