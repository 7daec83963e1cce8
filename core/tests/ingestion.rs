//! Ingestion from the raw sources shipped in regulations/<key>/source: it reproduces the committed
//! canonical texts exactly, reconciles the two Dalian sources, and reports damaged input precisely.

use std::path::PathBuf;
use zhili::ingest::{ingest, IngestReport, Manifest, RawSource};
use zhili::{Corpus, Regulation};

fn dir(key: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../regulations")
        .join(key)
}

fn manifest(key: &str) -> Manifest {
    toml::from_str(&std::fs::read_to_string(dir(key).join("regulation.toml")).unwrap()).unwrap()
}

fn sources(m: &Manifest) -> Vec<(String, Vec<u8>)> {
    m.sources
        .iter()
        .map(|s| {
            (
                s.file.clone(),
                std::fs::read(dir(&m.key).join(&s.file)).unwrap(),
            )
        })
        .collect()
}

fn run(m: &Manifest, raw: &[(String, Vec<u8>)]) -> zhili::Result<(Regulation, IngestReport)> {
    let raw: Vec<RawSource> = raw
        .iter()
        .map(|(n, b)| RawSource { name: n, bytes: b })
        .collect();
    ingest(m, &raw)
}

#[test]
fn ingestion_reproduces_the_committed_texts() {
    for key in ["haidong", "dalian", "wuxi-draft", "xinyang"] {
        let m = manifest(key);
        let (reg, report) = run(&m, &sources(&m)).unwrap();
        assert!(
            report.differences.is_empty(),
            "{key}: {:?}",
            report.differences
        );
        assert_eq!(
            &reg,
            Corpus::get().unwrap().regulation(key).unwrap(),
            "{key}: text.json is stale"
        );
        let md = std::fs::read_to_string(dir(key).join("text.md")).unwrap();
        assert_eq!(reg.to_markdown(), md, "{key}: text.md is stale");
    }
}

#[test]
fn dalian_sources_agree_in_wording() {
    let m = manifest("dalian");
    let (_, report) = run(&m, &sources(&m)).unwrap();
    assert!(report.differences.is_empty());
    let notes = report.notes.join("\n");
    assert!(notes.contains("appears twice"), "{notes}");
    assert!(notes.contains("cut mid-sentence at line 172"), "{notes}");
    assert!(notes.contains("lacks the heading 第六章 附则"), "{notes}");
}

#[test]
fn a_wording_difference_between_the_dalian_sources_is_reported() {
    let m = manifest("dalian");
    let mut raw = sources(&m);
    let witness = String::from_utf8(raw[1].1.clone())
        .unwrap()
        .replace("书面委托", "口头委托");
    raw[1].1 = witness.into_bytes();
    let (_, report) = run(&m, &raw).unwrap();
    assert_eq!(report.differences.len(), 1, "{:?}", report.differences);
    assert!(report.differences[0].starts_with("第二十四条"));
}

fn damaged(key: &str, edit: impl Fn(&str) -> String) -> String {
    let m = manifest(key);
    let mut raw = sources(&m);
    raw[0].1 = edit(std::str::from_utf8(&raw[0].1).unwrap()).into_bytes();
    match run(&m, &raw) {
        Ok(_) => panic!("damaged {key} text was accepted"),
        Err(e) => {
            assert_eq!(e.code(), "ingest-failed");
            e.to_string()
        }
    }
}

#[test]
fn damaged_raw_texts_are_reported_precisely() {
    // a missing article
    let e = damaged("xinyang", |t| {
        let start = t.find("第十二条").unwrap();
        let end = t.find("第十三条").unwrap();
        format!("{}{}", &t[..start], &t[end..])
    });
    assert!(
        e.contains("第十三条 found where 第十二条 was expected"),
        "{e}"
    );
    // a duplicated article
    let e = damaged("xinyang", |t| {
        let start = t.find("第十二条").unwrap();
        let end = t.find("第十三条").unwrap();
        format!("{}{}{}", &t[..end], &t[start..end], &t[end..])
    });
    assert!(e.contains("第十二条 repeats"), "{e}");
    // a mangled number
    let e = damaged("haidong", |t| t.replacen("第十五条 ", "第十五五条 ", 1));
    assert!(e.contains("mangled article number 第十五五条"), "{e}");
    // a truncated text
    let e = damaged("haidong", |t| t[..t.find("起施行").unwrap()].to_string());
    assert!(e.contains("第五十二条 ends mid-sentence"), "{e}");
    // not UTF-8
    let m = manifest("haidong");
    let e = run(&m, &[("x".into(), vec![0xff, 0xfe, 0x00])]).unwrap_err();
    assert_eq!(e.code(), "ingest-failed");
}
