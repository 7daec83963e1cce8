//! Every normative sentence is accounted for, and the sentence counts are those of spec texts.md §5.

use zhili::coverage::{coverage, Status};
use zhili::norm::NormBase;
use zhili::Corpus;

#[test]
fn every_normative_sentence_is_accounted_for() {
    let corpus = Corpus::get().unwrap();
    let base = NormBase::get().unwrap();
    // "any of the six" keywords, counted on the clean text (texts.md section 5)
    let expected = [
        ("haidong", 71),
        ("dalian", 60),
        ("wuxi-draft", 116),
        ("xinyang", 63),
    ];
    for (key, n) in expected {
        let r = coverage(corpus.regulation(key).unwrap(), base.file(key).unwrap());
        assert_eq!(r.sentences, n, "{key}: normative sentence count");
        let open: Vec<_> = r
            .detail
            .iter()
            .filter(|s| s.status == Status::Open)
            .map(|s| format!("{} {}", s.cite, s.text))
            .collect();
        assert!(
            open.is_empty(),
            "{key}: unaccounted sentences:\n{}",
            open.join("\n")
        );
        assert!(
            r.norm >= 7,
            "{key}: hand-written norms cover only {} sentences",
            r.norm
        );
        for s in r.detail.iter().filter(|s| s.status == Status::NonOperative) {
            assert!(
                s.by[0].len() > 20,
                "{key} {}: a non-operative mark needs a real reason",
                s.cite
            );
            assert!(
                !s.by[0].starts_with("TODO"),
                "{key} {}: {}",
                s.cite,
                s.by[0]
            );
        }
    }
}
