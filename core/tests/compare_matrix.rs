//! Every row of the side-by-side matrices of the legal analysis answers through `compare`, with a
//! citation of every regulation; every conduct feature has a consequence twin that does the same.

use std::collections::BTreeSet;
use std::path::PathBuf;
use zhili::api::{compare, features, AskOptions};
use zhili::norm::NormBase;

/// The rows of the two matrices of spec/legal-analysis.md (section (a)), by their first column, and
/// the features that answer them.
const ROWS: &[(&str, &[&str])] = &[
    ("committee lists", &["committee-lists"]),
    ("dynamic adjustment", &["dynamic-adjustment"]),
    (
        "written commission for assist items",
        &["written-commission"],
    ),
    ("funding", &["assist-funding"]),
    ("work conditions", &["work-conditions"]),
    ("information support", &["information-support"]),
    ("business guidance", &["business-guidance"]),
    ("ban", &["assignment-ban"]),
    (
        "purchase of services / consultation",
        &["purchase-of-services", "consultation"],
    ),
    ("commission by governments", &["commissioned-work"]),
    ("grid item list / access", &["grid-access"]),
    ("off-list items", &["grid-approval"]),
    ("support owed by departments", &["grid-support"]),
    ("sanction", &["grid-approval-liability"]),
];

const REGULATIONS: &[&str] = &["haidong", "dalian", "wuxi-draft", "xinyang"];

fn matrix_rows(analysis: &str) -> BTreeSet<String> {
    let mut rows = BTreeSet::new();
    let mut in_matrix = false;
    for line in analysis.lines() {
        if line.starts_with("### ") {
            in_matrix = line.contains("Side-by-side matrix");
            continue;
        }
        if !in_matrix || !line.starts_with('|') || line.starts_with("|---") {
            continue;
        }
        let first = line
            .trim_matches('|')
            .split('|')
            .next()
            .unwrap_or("")
            .trim();
        // the header rows
        if first.is_empty() || first == "requirement" {
            continue;
        }
        rows.insert(first.to_string());
    }
    rows
}

#[test]
fn the_row_list_is_the_one_of_the_spec() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec/legal-analysis.md");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("note: {} not present; skipped", path.display());
        return;
    };
    let spec = matrix_rows(&text);
    let ours: BTreeSet<String> = ROWS.iter().map(|(r, _)| r.to_string()).collect();
    assert_eq!(
        spec, ours,
        "the matrices' rows changed: update ROWS and the catalogue"
    );
}

fn cites_every_regulation(id: &str) {
    let a = compare(id, &AskOptions::default()).unwrap_or_else(|e| panic!("{id}: {e}"));
    assert!(a.verdict.is_array(), "{id}: {:?}", a.verdict);
    for key in REGULATIONS {
        assert!(
            a.citations
                .iter()
                .any(|c| c.starts_with(&format!("{key}:"))),
            "{id}: no citation of {key}: {:?}",
            a.citations
        );
    }
}

#[test]
fn every_matrix_row_answers_with_a_citation_per_regulation() {
    for (row, ids) in ROWS {
        assert!(!ids.is_empty(), "{row}");
        for id in *ids {
            cites_every_regulation(id);
        }
    }
}

#[test]
fn every_feature_and_twin_cites_every_regulation() {
    for f in features().unwrap() {
        cites_every_regulation(&f.id);
    }
}

#[test]
fn every_conduct_feature_has_a_consequence_twin() {
    let base = NormBase::get().unwrap();
    let all = &base.features.feature;
    // a conduct feature is one some regulation carries by obligation or prohibition norms
    let conduct: BTreeSet<&str> = base
        .files
        .values()
        .flat_map(|f| &f.feature)
        .filter(|e| !e.norms.is_empty())
        .map(|e| e.id.as_str())
        .collect();
    assert!(conduct.len() >= 10, "{conduct:?}");
    for c in &conduct {
        let twins: Vec<&str> = all
            .iter()
            .filter(|t| t.consequence_of.as_deref() == Some(*c))
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(twins.len(), 1, "{c}: twins {twins:?}");
        // the twin is a separate feature, with its own answer
        let rule = compare(c, &AskOptions::default()).unwrap();
        let twin = compare(twins[0], &AskOptions::default()).unwrap();
        assert!(
            twin.explanation.summary_en.contains("attaching"),
            "{}",
            twins[0]
        );
        assert_ne!(rule.explanation.summary_en, twin.explanation.summary_en);
    }
}

#[test]
fn consequence_words_never_select_the_conducts_list() {
    let base = NormBase::get().unwrap();
    for t in base
        .features
        .feature
        .iter()
        .filter(|t| t.consequence_of.is_some())
    {
        let conduct = t.consequence_of.as_deref().unwrap();
        let c = base
            .features
            .feature
            .iter()
            .find(|f| f.id == conduct)
            .unwrap();
        for word in [
            "的法律责任",
            "的后果",
            "要追究吗",
            "的处分",
            "会被予以纠正吗",
            "的罚则",
        ] {
            let q = format!("{}{word}", c.zh);
            match compare(&q, &AskOptions::default()) {
                Ok(a) => assert!(
                    a.explanation
                        .summary_en
                        .starts_with("Regulations attaching"),
                    "{q}: answered as {}",
                    a.explanation.summary_en
                ),
                Err(e) => panic!("{q}: {e}"),
            }
        }
    }
}

#[test]
fn words_matching_nothing_are_unknown_feature_with_the_closest() {
    let e = compare("星际旅行", &AskOptions::default()).unwrap_err();
    assert_eq!(e.code(), "unknown-feature");
    let e = compare("四同步的法律责任", &AskOptions::default()).unwrap_err();
    assert_eq!(e.code(), "unknown-feature");
    let msg = e.to_string();
    assert!(msg.contains("four-synchronous"), "{msg}");
}
