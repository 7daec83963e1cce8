//! The explanation level (`full`, `summary`, `none`) never changes a decision: over every
//! conformance case (and the spec's examples when ../shared is beside the checkout), the verdict,
//! conditions, citations, what-if, sanction, alternatives and error of an answer are the same at
//! every level, and each level carries exactly the explanation it promises. The JSON written at
//! `full` is what serde_json writes for the answer.

use std::path::PathBuf;
use zhili::api::{ask, AskOptions, Explain};

fn lines() -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/conformance"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.push(root.join("../shared/spec/examples.jsonl"));
    files.sort();
    files
        .iter()
        .filter(|p| p.exists())
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn decisions_do_not_depend_on_the_explanation_level() {
    let all = lines();
    assert!(all.len() > 1000, "only {} cases", all.len());
    let mut with_steps = 0;
    for line in &all {
        let full = ask(
            line,
            &AskOptions {
                explain: Explain::Full,
            },
        );
        assert_eq!(
            full.to_json_line(),
            serde_json::to_string(&full).unwrap(),
            "{line}"
        );
        with_steps += usize::from(!full.explanation.steps.is_empty());
        for level in [Explain::Summary, Explain::None] {
            let a = ask(line, &AskOptions { explain: level });
            let decision = |a: &zhili::Answer| {
                (
                    a.id.clone(),
                    a.kind.clone(),
                    a.regulation.clone(),
                    a.verdict.clone(),
                    a.conditions.clone(),
                    a.citations.clone(),
                    a.whatif.clone(),
                    a.sanction.clone(),
                    a.alternatives.clone(),
                    a.error.clone(),
                )
            };
            assert_eq!(decision(&a), decision(&full), "{level:?}: {line}");
            assert!(a.explanation.steps.is_empty(), "{level:?}: {line}");
            if level == Explain::Summary {
                assert_eq!(a.explanation.summary_zh, full.explanation.summary_zh);
                assert_eq!(a.explanation.summary_en, full.explanation.summary_en);
            } else {
                assert!(a.explanation.summary_zh.is_empty() && a.explanation.summary_en.is_empty());
            }
        }
    }
    // the full level does carry the reasoning
    assert!(
        with_steps * 5 > all.len() * 4,
        "{with_steps} of {}",
        all.len()
    );
}
