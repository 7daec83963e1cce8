//! The intake measured against the hand-written questions: every conformance case and spec
//! example that has `question_zh`, and the cases of tests/intake written for the phrasings the
//! intake must handle (negations, both-and, dates in Chinese numerals, committee name variants).
//! For each, the intake reads the words alone; its kind and each hand-written fact are compared.
//! Reported (run with `--nocapture`): kind accuracy, per fact `equal` (the intake's value is the
//! hand-written one), `wrong` (set, but not equal), `null` (left unknown), and the misses.
//! The free-word facts (task, duty, conduct, feature, and the premises' and charges' own words
//! `facility`, `utility_zh`) are reported apart: the hand-written ones paraphrase the words.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use zhili::intake;

const FREE_WORDS: &[&str] = &[
    "task",
    "duty",
    "conduct",
    "feature",
    "facility",
    "utility_zh",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cases() -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["tests/conformance", "tests/intake"] {
        let mut fs: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        fs.sort();
        files.extend(fs);
    }
    let spec = root().join("../shared/spec/examples.jsonl");
    if spec.exists() {
        files.push(spec);
    }
    let mut out = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(line).unwrap();
            if v.get("question_zh").and_then(Value::as_str).is_some() {
                out.push((name.clone(), v));
            }
        }
    }
    out
}

fn norm_name(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '某'))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect::<String>()
        .replace("居委会", "居民委员会")
        .replace("村委会", "村民委员会")
}

/// Two names of one body: equal once 某, brackets' width and the short committee names are set
/// aside, or one is the other with a place in front and both are recognised as the same body.
fn same_name(a: &str, b: &str) -> bool {
    let (x, y) = (norm_name(a), norm_name(b));
    if x == y {
        return true;
    }
    let suffix = x.ends_with(&y) || y.ends_with(&x);
    suffix && intake::actor_of(&x) == intake::actor_of(&y)
}

fn resolve(corpus: &zhili::Corpus, v: &Value) -> Option<String> {
    corpus.resolve(v.as_str()?).ok().map(|r| r.meta.key.clone())
}

fn same(key: &str, want: &Value, got: &Value, case: &Value) -> bool {
    let corpus = zhili::Corpus::get().unwrap();
    match key {
        "regulation" => {
            want == got
                || match (resolve(corpus, want), resolve(corpus, got)) {
                    (Some(a), Some(b)) => a == b,
                    // two names the corpus does not hold: both are answered unknown-regulation
                    (None, None) => {
                        want.is_string() && got.is_string() && want != "all" && got != "all"
                    }
                    _ => false,
                }
        }
        "assigner" | "assignee" | "actor" | "requested_regulation" => {
            match (want.as_str(), got.as_str()) {
                (Some(a), Some(b)) => same_name(a, b),
                _ => false,
            }
        }
        "ref_zh" => {
            let reg = case["regulation"].as_str().filter(|r| *r != "all");
            let parse = |v: &Value| {
                let s = v.as_str()?;
                corpus
                    .parse_ref(s, reg)
                    .ok()
                    .map(|r| r.to_string())
                    .or_else(|| {
                        zhili::reference::parse_zh(s).ok().map(|z| {
                            // the same numbers: the regulation is compared as its own field
                            format!("{}:{:?}:{:?}", z.article, z.paragraph, z.item)
                        })
                    })
            };
            want == got || matches!((parse(want), parse(got)), (Some(a), Some(b)) if a == b)
        }
        "regulations" => {
            let set = |v: &Value| {
                let mut s: Vec<String> = v
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                s.sort();
                s
            };
            set(want) == set(got)
        }
        "households" | "area_m2" | "article" | "paragraph" | "item" => {
            want.as_f64() == got.as_f64()
        }
        _ => want == got,
    }
}

#[derive(Default)]
struct Tally {
    equal: usize,
    wrong: usize,
    null: usize,
    /// Set where the hand-written question says null (unknown).
    extra: usize,
    /// Set where the hand-written question does not list the fact at all.
    unlisted: usize,
}

/// The figures of one set of questions.
struct Figures {
    n: usize,
    kind_ok: usize,
    equal: usize,
    wrong: usize,
    null: usize,
    misses: Vec<String>,
}

fn pct(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}

/// Reads every question of `cases` and compares it with the hand-written one; prints the table.
fn measure(title: &str, cases: &[(String, Value)]) -> Figures {
    let (mut kind_ok, mut misses) = (0usize, Vec::new());
    let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
    let mut unlisted_booleans = Vec::new();
    for (file, case) in cases {
        let id = case["id"].as_str().unwrap_or_default();
        let text = case["question_zh"].as_str().unwrap();
        let got = intake::read(text)
            .unwrap_or_else(|e| panic!("{id}: {e}"))
            .question;
        let want_kind = match case["kind"].as_str() {
            // answered like an article look-up (QUERIES.md)
            Some("bad-input") => "article-lookup",
            Some(k) => k,
            None => "",
        };
        if got["kind"] == want_kind || (case["kind"].is_null() && got["kind"].is_null()) {
            kind_ok += 1;
        } else {
            misses.push(format!(
                "{file} {id} kind: want {want_kind}, got {} | {text}",
                got["kind"]
            ));
        }
        let mut want: Vec<(String, Value)> = vec![
            ("regulation".into(), case["regulation"].clone()),
            ("date".into(), case["date"].clone()),
        ];
        if let Some(f) = case["facts"].as_object() {
            want.extend(f.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        if let Some(g) = got["facts"].as_object() {
            for (k, v) in g {
                if !want.iter().any(|(w, _)| w == k) {
                    tally.entry(k.clone()).or_default().unlisted += 1;
                    if v.is_boolean() {
                        unlisted_booleans.push(format!("{file} {id} {k} = {v} | {text}"));
                    }
                }
            }
        }
        for (key, w) in &want {
            let g = if key == "regulation" || key == "date" {
                got[key.as_str()].clone()
            } else {
                got["facts"][key.as_str()].clone()
            };
            let t = tally.entry(key.clone()).or_default();
            if w.is_null() {
                if !g.is_null() {
                    t.extra += 1;
                }
                continue;
            }
            if g.is_null() {
                t.null += 1;
                if !FREE_WORDS.contains(&key.as_str()) {
                    misses.push(format!("{file} {id} {key}: want {w}, got null | {text}"));
                }
            } else if same(key, w, &g, case) {
                t.equal += 1;
            } else {
                t.wrong += 1;
                if !FREE_WORDS.contains(&key.as_str()) {
                    misses.push(format!("{file} {id} {key}: want {w}, got {g} | {text}"));
                }
            }
        }
    }
    let n = cases.len();
    println!("== {title}: {n} questions with question_zh");
    println!("kind: {kind_ok}/{n} = {:.1} %", pct(kind_ok, n));
    println!(
        "{:<30} {:>6} {:>6} {:>6} {:>6} {:>8}",
        "fact", "equal", "wrong", "null", "extra", "unlisted"
    );
    let (mut e, mut w, mut z, mut x) = (0, 0, 0, 0);
    for (k, t) in &tally {
        let free = FREE_WORDS.contains(&k.as_str());
        println!(
            "{:<30} {:>6} {:>6} {:>6} {:>6} {:>8}{}",
            k,
            t.equal,
            t.wrong,
            t.null,
            t.extra,
            t.unlisted,
            if free { "  (free words)" } else { "" }
        );
        if !free {
            e += t.equal;
            w += t.wrong;
            z += t.null;
            x += t.extra;
        }
    }
    let total = e + w + z;
    println!(
        "facts (free words aside): {total} hand-written non-null; equal {e} = {:.1} %, wrong {w} = {:.1} %, \
         null {z} = {:.1} %; set where the hand-written says unknown: {x}",
        pct(e, total),
        pct(w, total),
        pct(z, total)
    );
    println!("misses: {}", misses.len());
    for m in &misses {
        println!("  {m}");
    }
    println!(
        "boolean facts the intake states and the hand-written question does not list: {}",
        unlisted_booleans.len()
    );
    for u in &unlisted_booleans {
        println!("  {u}");
    }
    Figures {
        n,
        kind_ok,
        equal: e,
        wrong: w,
        null: z,
        misses,
    }
}

/// The targets on the hand-written questions (every conformance case and spec example with
/// `question_zh`); the cases of tests/intake, written with the intake, are reported beside them.
#[test]
fn intake_reads_the_hand_written_questions() {
    let all = cases();
    let (own, written): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|(file, _)| file.starts_with("phrasings") || file.starts_with("intake-"));
    assert!(written.len() > 1000, "{} cases", written.len());
    let f = measure("conformance cases and spec examples", &written);
    let g = measure("tests/intake", &own);
    println!(
        "together: kind {:.1} %, equal {:.1} %, wrong {:.1} %",
        pct(f.kind_ok + g.kind_ok, f.n + g.n),
        pct(
            f.equal + g.equal,
            f.equal + f.wrong + f.null + g.equal + g.wrong + g.null
        ),
        pct(
            f.wrong + g.wrong,
            f.equal + f.wrong + f.null + g.equal + g.wrong + g.null
        )
    );
    let total = f.equal + f.wrong + f.null;
    assert!(
        pct(f.kind_ok, f.n) >= 95.0,
        "kind {:.1} % < 95 %",
        pct(f.kind_ok, f.n)
    );
    assert!(
        pct(f.equal, total) >= 90.0,
        "equal {:.1} % < 90 %",
        pct(f.equal, total)
    );
    assert!(
        pct(f.wrong, total) <= 3.0,
        "wrong {:.1} % > 3 %",
        pct(f.wrong, total)
    );
    assert!(g.misses.is_empty(), "tests/intake misses: {:?}", g.misses);
}

/// What the words alone lead to: the intake's structured question answered gives the verdict (and
/// error code) of the hand-written question for most questions; printed with the kinds where they
/// differ, and held at 90 % so that a change in the intake that costs answers is seen.
#[test]
fn the_words_alone_lead_to_the_hand_written_answer() {
    let written: Vec<(String, Value)> = cases()
        .into_iter()
        .filter(|(file, _)| !file.starts_with("phrasings"))
        .collect();
    let mut by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut same = 0;
    for (_, case) in &written {
        let want = zhili::ask_value(case);
        let read = intake::read(case["question_zh"].as_str().unwrap()).unwrap();
        let got = zhili::ask_value(&read.question);
        let code = |a: &zhili::Answer| a.error.as_ref().map(|e| e.code.clone());
        let ok = got.verdict == want.verdict && code(&got) == code(&want);
        let t = by_kind
            .entry(case["kind"].as_str().unwrap_or("?").to_string())
            .or_default();
        t.1 += 1;
        if ok {
            t.0 += 1;
            same += 1;
        }
    }
    println!(
        "the same verdict from the words alone: {same}/{} = {:.1} %; by kind: {by_kind:?}",
        written.len(),
        pct(same, written.len())
    );
    assert!(pct(same, written.len()) >= 90.0);
}

/// The cases written for the phrasings the intake must handle are read exactly: their kind,
/// regulation, date and every fact they list (a fact listed as null must stay unknown).
#[test]
fn the_phrasings_it_must_handle_are_read_exactly() {
    let dir = root().join("tests/intake");
    let mut n = 0;
    let mut bad = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "jsonl") {
            continue;
        }
        for line in std::fs::read_to_string(&p)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let case: Value = serde_json::from_str(line).unwrap();
            n += 1;
            let id = case["id"].as_str().unwrap();
            let got = intake::read(case["question_zh"].as_str().unwrap())
                .unwrap()
                .question;
            for key in ["kind", "regulation", "date"] {
                let ok = if key == "regulation" && !case[key].is_null() {
                    same(key, &case[key], &got[key], &case)
                } else {
                    case[key] == got[key]
                };
                if !ok {
                    bad.push(format!("{id} {key}: want {}, got {}", case[key], got[key]));
                }
            }
            for (key, want) in case["facts"].as_object().unwrap() {
                let g = &got["facts"][key.as_str()];
                let ok = if want.is_null() {
                    g.is_null()
                } else {
                    same(key, want, g, &case)
                };
                if !ok {
                    bad.push(format!("{id} {key}: want {want}, got {g}"));
                }
            }
        }
    }
    assert!(n >= 30, "{n} cases");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

// ---- single questions ----

fn q(text: &str) -> Value {
    intake::read(text).unwrap().question
}

#[test]
fn empty_and_huge_text_are_typed_errors() {
    assert_eq!(intake::read("").unwrap_err().code(), "invalid-question");
    assert_eq!(
        intake::read("  \n ").unwrap_err().code(),
        "invalid-question"
    );
    let huge = "问".repeat(intake::MAX_CHARS + 1);
    assert_eq!(intake::read(&huge).unwrap_err().code(), "too-large");
}

#[test]
fn words_it_cannot_read_leave_an_all_unknown_question() {
    for text in ["hello world", "🙂🙂🙂", "\u{0}\u{1}\u{7f}", "12345"] {
        let v = q(text);
        assert!(v["kind"].is_null(), "{text}: {v}");
        assert!(v["regulation"].is_null());
        assert!(v["date"].is_null());
        assert_eq!(v["facts"], serde_json::json!({}));
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
    let i = intake::read(
        "二〇二四年五月十日，大连市某街道办事处要求社区居委会承担清单以外的工作，是否合法？",
    )
    .unwrap();
    assert_eq!(i.question["date"], "2024-05-10");
    assert_eq!(i.question["facts"]["task_on_list"], "none");
    let i = intake::read("去年，大连市某街道办事处要求社区居委会承担清单以外的工作，是否合法？")
        .unwrap();
    assert!(i.question["date"].is_null());
    assert_eq!(i.unresolved[0].words, "去年");
}

#[test]
fn recognised_words_carry_their_span() {
    let text = "2024年5月10日，海东市某区民政局要求社区居委会承担清单外工作，是否合法？";
    let i = intake::read(text).unwrap();
    for r in &i.recognised {
        let words: String = text
            .chars()
            .skip(r.span[0])
            .take(r.span[1] - r.span[0])
            .collect();
        assert_eq!(words, r.words, "{r:?}");
    }
    let a = i.recognised.iter().find(|r| r.field == "assigner").unwrap();
    assert_eq!(a.value, "区民政局");
    assert_eq!(a.words, "海东市某区民政局");
}

// ---- bad input and arbitrary text ----

/// Checks one intake of arbitrary text: a question or a typed error; spans are the text's own
/// characters; the structured question has the contract's shape (no unknown-fact, invalid-fact).
fn check_any(text: &str) {
    match intake::read(text) {
        Ok(i) => {
            let chars: Vec<char> = text.chars().collect();
            for r in i.recognised.iter().chain(&i.unresolved) {
                let [a, b] = r.span;
                assert!(a <= b && b <= chars.len(), "{text:?}: span {a}..{b}");
                if a < b {
                    assert_eq!(r.words, chars[a..b].iter().collect::<String>(), "{text:?}");
                }
            }
            if !i.question["kind"].is_null() && !i.question["regulation"].is_null() {
                let a = zhili::ask_value(&i.question);
                if let Some(e) = &a.error {
                    assert!(
                        !["unknown-fact", "invalid-fact", "invalid-json"]
                            .contains(&e.code.as_str()),
                        "{text:?}: {e:?}"
                    );
                }
            }
        }
        Err(e) => assert!(
            ["invalid-question", "too-large"].contains(&e.code()),
            "{text:?}: {e}"
        ),
    }
}

#[test]
fn bad_input_never_panics() {
    for text in [
        "",
        " ",
        "\u{0}",
        "\u{202e}海东条例\u{200b}第二十三条",
        "（（（（（",
        "）某某某局要求",
        "第第第条条款项",
        "2023年13月45日，海东条例是否施行？",
        "9999年99月99日",
        "某",
        "要求",
        "是否是否是否",
        "《》第一条",
        "《海东市基层社会治理促进条例",
        "大连大连大连大连",
        "a\u{0}b\u{7}c\u{1b}[31m",
        "👩‍👩‍👧‍👦要求居委会🙂",
        "ＡＢＣ１２３户",
        "99999999999999999999户居民",
        "一千零一户",
    ] {
        check_any(text);
    }
    check_any(&"海东市某区民政局要求社区居委会承担清单外工作，".repeat(150));
    let huge = "要求".repeat(intake::MAX_CHARS);
    assert_eq!(intake::read(&huge).unwrap_err().code(), "too-large");
}

/// Every question the intake reads from the hand-written words has the contract's shape: answered
/// without an error of its form.
#[test]
fn every_read_question_is_answerable() {
    for (_, case) in cases() {
        check_any(case["question_zh"].as_str().unwrap());
    }
}

mod generated {
    use super::check_any;
    use proptest::prelude::*;

    /// Pieces of questions: words the intake reads, punctuation, digits, numerals, and others.
    const PIECES: &[&str] = &[
        "海东条例",
        "大连市",
        "无锡草案",
        "信阳",
        "《",
        "》",
        "某区民政局",
        "街道办事处",
        "要求",
        "安排",
        "将",
        "交由",
        "社区居委会",
        "村（居）民委员会",
        "网格员",
        "协助事项清单",
        "清单外",
        "负面清单",
        "没有",
        "未",
        "不",
        "提供了",
        "经费",
        "书面委托",
        "但",
        "也",
        "是否",
        "不清楚",
        "第",
        "二十三",
        "条",
        "款",
        "（七）",
        "项",
        "2024年",
        "5月",
        "10日",
        "二〇二四年",
        "户",
        "平方米",
        "用电",
        "费",
        "谁",
        "哪些条例",
        "分别",
        "责任",
        "挪用",
        "，",
        "。",
        "？",
        "(",
        ")",
        "🙂",
        "\u{0}",
        "a",
        "1",
        " ",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn any_text_gets_a_question_or_a_typed_error(s in "\\PC{0,80}") {
            check_any(&s);
        }

        #[test]
        fn question_like_text_gets_a_question_or_a_typed_error(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40)
        ) {
            check_any(&pieces.concat());
        }
    }
}

/// `needs` are the facts each regulation's own rules turn on (the evaluators', not a list of the
/// intake's): Haidong Art. 23 para 2 asks work conditions of assisted work, Dalian Art. 24 para 1 a
/// written commission and four kinds of support, Xinyang Art. 40 para 2 funding and work
/// conditions, Xinyang Art. 34 approval for off-list grid work; a fact the words state is not needed.
#[test]
fn needs_are_the_facts_the_regulation_turns_on() {
    let needs = |words: &str| zhili::api::intake(words).unwrap().needs;
    assert_eq!(
        needs("2025年3月1日，海东市某区民政局要求社区居委会协助开展协助政府工作事项清单内的工作，是否合法？"),
        ["work_conditions_provided"]
    );
    assert_eq!(
        needs("2025年3月1日，大连市某区民政局要求社区居委会协助开展协助政府工作事项清单内的工作，是否合法？"),
        [
            "written_commission",
            "funding_provided",
            "work_conditions_provided",
            "information_support_provided",
            "guidance_provided"
        ]
    );
    assert_eq!(
        needs("2025年3月1日，信阳市某区民政局安排社区居委会办理协助事项清单内的工作，提供了经费，是否合法？"),
        ["work_conditions_provided"]
    );
    assert_eq!(
        needs("2025年3月1日，信阳市某区民政局将准入清单外事项交由网格员办理，是否合法？"),
        ["approval"]
    );
    // what the words cannot give: the kind and the regulation
    assert_eq!(needs("hello"), ["kind", "regulation"]);
    assert_eq!(
        needs("区民政局要求社区居委会承担清单外工作，是否合法？"),
        ["regulation"]
    );
}
