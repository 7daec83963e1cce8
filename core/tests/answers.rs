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
