use super::*;

fn q(text: &str) -> Value {
    read(text).unwrap().question
}

#[test]
fn empty_and_huge_text_are_typed_errors() {
    assert_eq!(read("").unwrap_err().code(), "invalid-question");
    assert_eq!(read("  \n ").unwrap_err().code(), "invalid-question");
    let huge = "问".repeat(MAX_CHARS + 1);
    assert_eq!(read(&huge).unwrap_err().code(), "too-large");
}

#[test]
fn words_it_cannot_read_leave_an_all_unknown_question() {
    for text in ["hello world", "🙂🙂🙂", "\u{0}\u{1}\u{7f}", "12345"] {
        let v = q(text);
        assert!(v["kind"].is_null(), "{text}: {v}");
        assert!(v["regulation"].is_null());
        assert!(v["date"].is_null());
        assert_eq!(v["facts"], json!({}));
    }
}

#[test]
fn negation_and_both_and() {
    let v = q("2024年8月1日，区民政局安排居委会办理协助清单事项，提供了经费和工作条件，但没有书面委托。按海东条例是否合法？");
    let f = &v["facts"];
    assert_eq!(f["funding_provided"], true);
    assert_eq!(f["work_conditions_provided"], true);
    assert_eq!(f["written_commission"], false);
    assert!(f.get("information_support_provided").is_none());
    let v = q("2024年8月1日，区民政局安排居委会办理协助清单事项，既没有提供经费，也没有书面委托，是否合法？");
    assert_eq!(v["facts"]["funding_provided"], false);
    assert_eq!(v["facts"]["written_commission"], false);
    let v = q("2024年8月1日，区民政局安排居委会办理协助事项清单内的工作，不提供经费和工作条件，是否合法？");
    assert_eq!(v["facts"]["funding_provided"], false);
    assert_eq!(v["facts"]["work_conditions_provided"], false);
    let v = q("2024年8月1日，区民政局安排居委会办理协助事项清单内的工作，是否提供经费和工作条件不清楚，是否合法？");
    assert!(v["facts"].get("funding_provided").is_none());
    assert!(v["facts"].get("work_conditions_provided").is_none());
}

#[test]
fn chinese_numeral_dates_and_relative_dates() {
    let i = read("二〇二四年五月十日，大连市某街道办事处要求社区居委会承担清单以外的工作，是否合法？").unwrap();
    assert_eq!(i.question["date"], "2024-05-10");
    assert_eq!(i.question["facts"]["task_on_list"], "none");
    let i = read("去年，大连市某街道办事处要求社区居委会承担清单以外的工作，是否合法？").unwrap();
    assert!(i.question["date"].is_null());
    assert_eq!(i.unresolved[0].words, "去年");
}

#[test]
fn recognised_words_carry_their_span() {
    let text = "2024年5月10日，海东市某区民政局要求社区居委会承担清单外工作，是否合法？";
    let i = read(text).unwrap();
    for r in &i.recognised {
        let words: String = text.chars().skip(r.span[0]).take(r.span[1] - r.span[0]).collect();
        assert_eq!(words, r.words, "{r:?}");
    }
    let a = i.recognised.iter().find(|r| r.field == "assigner").unwrap();
    assert_eq!(a.value, "区民政局");
    assert_eq!(a.words, "海东市某区民政局");
}
