//! Speed of the library's main paths: answering questions, parsing references, ingesting a text.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

const QUESTIONS: &[(&str, &str)] = &[
    (
        "assign-to-committee",
        r#"{"id":"b","kind":"assign-to-committee","regulation":"dalian","date":"2024-10-10","facts":{"assigner":"某区民政局","assignee":"社区居委会","task_on_list":"assist","written_commission":true,"funding_provided":null}}"#,
    ),
    (
        "liability",
        r#"{"id":"b","kind":"liability","regulation":"haidong","date":"2024-05-01","facts":{"assigner":"县民政局","assignee":"村民委员会","task_on_list":"none","task_is_assigner_own_duty":true}}"#,
    ),
    (
        "duty-of",
        r#"{"id":"b","kind":"duty-of","regulation":"wuxi-draft","facts":{"duty":"定期排查、及时化解婚姻家庭矛盾、邻里关系纠纷"}}"#,
    ),
    (
        "compare",
        r#"{"id":"b","kind":"compare","regulation":"all","facts":{"feature":"网格事项准入/清单"}}"#,
    ),
    (
        "article-lookup",
        r#"{"id":"b","kind":"article-lookup","regulation":"haidong","facts":{"ref_zh":"第六条第（七）项"}}"#,
    ),
    (
        "error",
        r#"{"id":"b","kind":"in-force","regulation":"haidong","date":"2023-02-30"}"#,
    ),
];

fn bench(c: &mut Criterion) {
    zhili::ask_json(QUESTIONS[0].1); // load and validate the embedded data once
    for (name, q) in QUESTIONS {
        c.bench_function(&format!("ask/{name}"), |b| {
            b.iter(|| zhili::ask_json(black_box(q)))
        });
    }
    let corpus = zhili::Corpus::get().unwrap();
    c.bench_function("parse_ref/zh", |b| {
        b.iter(|| corpus.parse_ref(black_box("大连条例第二十四条第三款"), None))
    });
    let raw = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../regulations/haidong/source/000_cd911b62190819bd.txt"
    ))
    .unwrap();
    let manifest: zhili::ingest::Manifest =
        toml::from_str(include_str!("../../regulations/haidong/regulation.toml")).unwrap();
    c.bench_function("ingest/haidong", |b| {
        b.iter(|| {
            zhili::ingest::ingest(
                &manifest,
                &[zhili::ingest::RawSource {
                    name: "000",
                    bytes: black_box(&raw),
                }],
            )
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
