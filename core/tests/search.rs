//! api::search: every hit holds every term; items before their paragraph; topics and English
//! summaries count as words; bad queries are typed errors.

use zhili::api::search;

#[test]
fn every_hit_contains_every_chinese_term() {
    let hits = search("网格 经费", None, 500).unwrap();
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(h.text.contains("网格") && h.text.contains("经费"), "{h:?}");
    }
    // best first
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn an_item_that_holds_the_words_is_the_hit_not_its_paragraph() {
    let hits = search("法律服务", Some("haidong"), 500).unwrap();
    let items: Vec<_> = hits.iter().filter(|h| h.level == "item").collect();
    assert!(!items.is_empty());
    for i in &items {
        let para = i.citation.rsplit_once(':').unwrap().0;
        assert!(
            !hits.iter().any(|h| h.citation == para),
            "{para} and its item both hit"
        );
        assert!(i.reference_zh.ends_with('项'));
    }
}

#[test]
fn a_regulation_filter_keeps_to_it_and_accepts_titles_and_aliases() {
    let by_key = search("志愿服务", Some("dalian"), 500).unwrap();
    assert!(!by_key.is_empty());
    assert!(by_key.iter().all(|h| h.regulation == "dalian"));
    let by_title = search("志愿服务", Some("大连市基层社会治理促进条例"), 500).unwrap();
    assert_eq!(by_key, by_title);
    assert_eq!(search("志愿服务", Some("dalian"), 2).unwrap().len(), 2);
}

#[test]
fn a_topic_name_or_english_words_find_paragraphs_that_do_not_write_them() {
    let topic = zhili::api::features()
        .unwrap()
        .into_iter()
        .find(|f| f.kind == "topic" && f.id == "worker-insurance")
        .expect("topic worker-insurance");
    let hits = search(&topic.id, None, 500).unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.topics.contains(&topic.id)));
    let english = search("volunteer", None, 500).unwrap();
    assert!(english.iter().any(|h| !h.text.contains("volunteer")));
}

#[test]
fn bad_queries_are_typed_errors() {
    for q in ["", "   ", "，、", &"字".repeat(201)] {
        assert_eq!(
            search(q, None, 10).unwrap_err().code(),
            "invalid-question",
            "{q:?}"
        );
    }
    assert_eq!(
        search("网格", Some("nowhere"), 10).unwrap_err().code(),
        "unknown-regulation"
    );
    assert!(search("没有这样的词组合XYZ", None, 10).unwrap().is_empty());
}
