//! The canonical texts: counts, look-ups, references and their errors, full-text snapshots.

use zhili::text::Status;
use zhili::{Corpus, Ref};

fn corpus() -> &'static Corpus {
    Corpus::get().expect("embedded corpus loads")
}

#[test]
fn structure_counts_match_the_texts() {
    // (chapters, articles, paragraphs, items) from ../shared/spec/texts.md
    let expected = [
        ("haidong", (7, 52, 103, 7)),
        ("dalian", (6, 45, 68, 8)),
        ("wuxi-draft", (7, 77, 135, 7)),
        ("xinyang", (7, 47, 73, 0)),
    ];
    for (key, (ch, ar, pa, it)) in expected {
        let c = corpus().regulation(key).unwrap().counts();
        assert_eq!(
            (c.chapters, c.articles, c.paragraphs, c.items),
            (ch, ar, pa, it),
            "{key}"
        );
    }
}

#[test]
fn metadata_matches_the_texts() {
    let h = corpus().regulation("haidong").unwrap();
    assert_eq!(h.meta.title, "海东市基层社会治理促进条例");
    assert_eq!(h.meta.effective.unwrap().to_string(), "2023-02-01");
    assert_eq!(h.meta.effective_article, 52);
    assert_eq!(
        h.meta.adopted.as_ref().unwrap().date.unwrap().to_string(),
        "2022-08-03"
    );
    assert_eq!(
        h.meta.adopted.as_ref().unwrap().body,
        "海东市人民代表大会常务委员会"
    );
    assert_eq!(
        h.meta.approved.as_ref().unwrap().body,
        "青海省人民代表大会常务委员会"
    );
    let d = corpus().regulation("dalian").unwrap();
    assert_eq!(
        d.meta.approved.as_ref().unwrap().date.unwrap().to_string(),
        "2024-03-29"
    );
    assert_eq!(
        d.meta.status,
        Status::InForceFrom {
            from: "2024-07-01".parse().unwrap()
        }
    );
    let w = corpus().regulation("wuxi-draft").unwrap();
    assert_eq!(w.meta.title, "无锡市社会治理促进条例（草案）");
    assert_eq!(w.meta.status, Status::Draft);
    assert_eq!(w.meta.effective, None);
    assert_eq!(w.meta.effective_article, 77);
    assert_eq!(
        w.meta.published.as_ref().unwrap().date.unwrap().to_string(),
        "2022-07-01"
    );
    assert!(w
        .meta
        .first_reading
        .as_ref()
        .unwrap()
        .by
        .contains("第十七届"));
    let x = corpus().regulation("xinyang").unwrap();
    assert_eq!(x.meta.effective.unwrap().to_string(), "2025-03-01");
    assert_eq!(
        x.meta.approved.as_ref().unwrap().date.unwrap().to_string(),
        "2024-11-28"
    );
}

#[test]
fn chapter_layout_matches_the_texts() {
    let first_articles = |key: &str| -> Vec<(String, u32)> {
        corpus()
            .regulation(key)
            .unwrap()
            .chapters
            .iter()
            .map(|c| (c.title.clone(), c.articles[0].number))
            .collect()
    };
    let d = first_articles("dalian");
    assert_eq!(d.last().unwrap(), &("附则".to_string(), 45));
    assert_eq!(d[4], ("促进与保障".to_string(), 36));
    let w = first_articles("wuxi-draft");
    assert_eq!(w[4], ("基层社会治理".to_string(), 51));
    let h = first_articles("haidong");
    assert_eq!(h[5], ("法律责任".to_string(), 49));
}

#[test]
fn clean_text_has_no_noise() {
    for r in &corpus().regulations {
        for a in r.articles() {
            let t = a.full_text();
            assert!(
                !t.contains([' ', '\u{a0}', '\u{3000}', ',', ';', ':', '(', ')', '"', '-']),
                "{} {}: {t}",
                r.meta.key,
                a.number
            );
            for p in &a.paragraphs {
                assert!(
                    zhili::ingest::is_complete(&p.text),
                    "{} {}: paragraph ends mid-sentence",
                    r.meta.key,
                    a.number
                );
            }
        }
    }
}

fn text(input: &str, default_reg: Option<&str>) -> String {
    let c = corpus();
    let r = c
        .parse_ref(input, default_reg)
        .unwrap_or_else(|e| panic!("{input}: {e}"));
    c.lookup(&r).unwrap().text()
}

#[test]
fn look_ups_return_the_clean_text() {
    assert_eq!(
        text("haidong:15:1", None),
        "基层社会治理综合服务设施建设原则上按照每百户居民不低于建筑面积三十平方米的标准规划。不能满足需要的，可以采取置换、购买、租赁、借用等方式解决。"
    );
    assert_eq!(
        text("信阳条例第三十四条第二款", None),
        "网格化服务管理事项实行准入制度和清单化管理，并进行动态调整。任何单位未经批准不得将准入清单外事项交由网格化服务管理人员办理。"
    );
    assert_eq!(
        text("第六条第（七）项", Some("haidong")),
        "其他应当履行的职责。"
    );
    assert_eq!(text("haidong:6:1:7", None), "其他应当履行的职责。");
    assert_eq!(text("大连条例第二十四条第三款", None), "清单以外事项符合政府购买服务相关规定的，在征求居（村）民委员会意见的基础上，可以向居（村）民委员会购买服务。");
    assert_eq!(
        text("dalian:6:1:7", None),
        "负责本辖区网格化管理服务具体工作；"
    );
    assert_eq!(text("wuxi-draft:77", None), "本条例自2022年*月*日起施行。");
    assert_eq!(
        text("《海东市基层社会治理促进条例》第五十二条", None),
        "本条例自2023年2月1日起施行。"
    );
    // PDF breaks inside words are re-joined
    assert!(text("haidong:50:2", None).contains("街道办事处擅自将职责事项清单范围内的事项"));
    assert!(text("xinyang:40:2", None).contains("安排居（村）民委员会办理协助事项清单内的工作事务"));
    assert!(text("haidong:37", None).contains("应当加强"));
    // a whole article lists its items under the chapeau
    let art6 = text("dalian:6", None);
    assert!(art6.starts_with("乡镇人民政府、街道办事处依法履行"));
    assert!(art6.ends_with("（八）其他应当依法承担的职责。"));
    assert_eq!(art6.lines().count(), 9);
}

#[test]
fn item_references_name_their_paragraph() {
    let r = corpus()
        .parse_ref("第六条第（七）项", Some("haidong"))
        .unwrap();
    assert_eq!(r.to_string(), "haidong:6:1:7");
}

#[test]
fn bad_references_are_typed_errors() {
    let c = corpus();
    let code = |input: &str, reg: Option<&str>| c.parse_ref(input, reg).unwrap_err().code();
    assert_eq!(code("第九百九十九条", Some("haidong")), "unknown-article");
    assert_eq!(code("haidong:999", None), "unknown-article");
    assert_eq!(code("第四十八条", Some("xinyang")), "unknown-article");
    assert_eq!(code("第五十二条第二款", Some("haidong")), "unknown-article");
    assert_eq!(code("haidong:6:1:8", None), "unknown-article");
    assert_eq!(code("第五条第（一）项", Some("haidong")), "unknown-article");
    assert_eq!(
        code("杭州市基层社会治理促进条例第五条", None),
        "unknown-regulation"
    );
    assert_eq!(code("hangzhou:5", None), "unknown-regulation");
    assert_eq!(code("第五条", Some("hangzhou")), "unknown-regulation");
    assert_eq!(code("第五条", None), "invalid-reference");
    assert_eq!(code("第五十条第", Some("haidong")), "invalid-reference");
}

#[test]
fn every_provision_resolves_and_prints_back() {
    let c = corpus();
    for reg in &c.regulations {
        for r in reg.all_refs() {
            assert!(c.exists(&r), "{r}");
            assert_eq!(r.to_string().parse::<Ref>().unwrap(), r);
            let zh = format!("{}{}", reg.meta.title, r.to_zh());
            assert_eq!(c.parse_ref(&zh, None).unwrap(), r, "{zh}");
        }
    }
}

#[test]
fn full_texts_snapshot() {
    for reg in &corpus().regulations {
        let mut out = String::new();
        for r in reg.all_refs() {
            out += &format!(
                "{r}\t{}\n",
                corpus().lookup(&r).unwrap().text().replace('\n', "⏎")
            );
        }
        insta::assert_snapshot!(format!("text_{}", reg.meta.key), out);
    }
}
