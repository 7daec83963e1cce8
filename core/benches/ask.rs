//! Speed of the library's main paths (`cargo bench -p zhili --bench ask`): cold load of the four
//! regulations, article look-up, reference parsing, each question kind, and the mixed batch of
//! 100 000 generated questions beside a serde_json read-parse-write floor of the same lines.
//! docs/performance.md reports one run.

mod batch;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use std::io::Write;
use zhili::api::{self, AskOptions, Explain};

// the allocator the CLI and the Python module answer with
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One representative question per kind (the figures of docs/performance.md).
const QUESTIONS: &[(&str, &str)] = &[
    (
        "assign-to-committee",
        r#"{"id":"b","kind":"assign-to-committee","regulation":"dalian","date":"2024-10-10","facts":{"assigner":"某区民政局","assignee":"社区居委会","task_on_list":"assist","written_commission":true,"funding_provided":null}}"#,
    ),
    (
        "assign-to-grid",
        r#"{"id":"b","kind":"assign-to-grid","regulation":"xinyang","date":"2024-06-01","facts":{"assigner":"县住房和城乡建设局","assignee":"网格员","task":"违章建筑巡查","task_on_list":"none","approval":null}}"#,
    ),
    (
        "liability",
        r#"{"id":"b","kind":"liability","regulation":"haidong","date":"2024-05-01","facts":{"assigner":"县民政局","assignee":"村民委员会","task_on_list":"none","task_is_assigner_own_duty":true}}"#,
    ),
    (
        "liability-conduct",
        r#"{"id":"b","kind":"liability","regulation":"haidong","date":"2024-05-01","facts":{"assigner":"镇人民政府","conduct":"挪用基层社会治理专项资金"}}"#,
    ),
    (
        "in-force",
        r#"{"id":"b","kind":"in-force","regulation":"dalian","date":"2022-01-01","facts":{}}"#,
    ),
    (
        "duty-of",
        r#"{"id":"b","kind":"duty-of","regulation":"wuxi-draft","facts":{"duty":"定期排查、及时化解婚姻家庭矛盾、邻里关系纠纷"}}"#,
    ),
    (
        "compare-feature",
        r#"{"id":"b","kind":"compare","regulation":"all","facts":{"feature":"网格事项准入/清单"}}"#,
    ),
    (
        "compare-assignment",
        r#"{"id":"b","kind":"compare","regulation":"all","date":"2024-06-01","facts":{"assigner":"区民政局","assignee":"社区居委会","task_on_list":"assist","funding_provided":true}}"#,
    ),
    (
        "facility-area",
        r#"{"id":"b","kind":"facility-area","regulation":"haidong","date":"2024-03-01","facts":{"households":250}}"#,
    ),
    (
        "utility-price",
        r#"{"id":"b","kind":"utility-price","regulation":"dalian","date":"2024-05-01","facts":{"facility":"社区综合服务设施","utility_zh":"供暖"}}"#,
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

const LEVELS: &[(&str, Explain)] = &[
    ("full", Explain::Full),
    ("summary", Explain::Summary),
    ("none", Explain::None),
];

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn load(c: &mut Criterion) {
    // everything the first question pays for: texts, norms, features, validation, indexes
    c.bench_function(
        "load/cold (four regulations, norms, validation, indexes)",
        |b| b.iter(|| black_box(zhili::norm::load_all().unwrap())),
    );
}

fn kinds(c: &mut Criterion) {
    api::ask(QUESTIONS[0].1, &AskOptions::default()); // load once before measuring
    let mut g = c.benchmark_group("ask");
    for (name, q) in QUESTIONS {
        for (level, explain) in LEVELS {
            let opts = AskOptions { explain: *explain };
            g.bench_function(format!("{name}/{level}"), |b| {
                b.iter(|| api::ask(black_box(q), &opts))
            });
        }
    }
    g.finish();
    let mut g = c.benchmark_group("answer+json");
    for (name, q) in QUESTIONS
        .iter()
        .filter(|(n, _)| *n == "assign-to-committee")
    {
        for (level, explain) in LEVELS {
            let opts = AskOptions { explain: *explain };
            g.bench_function(format!("{name}/{level}"), |b| {
                b.iter(|| api::ask(black_box(q), &opts).to_json_line())
            });
        }
    }
    g.finish();
}

/// The decision alone: a typed question (parsed once, outside the loop) answered by
/// [`zhili::evaluate::answer`] in the embedded data's context with no explanation, as a Rust program embedding the library calls it — the
/// figure the issue's "decisions per second on one core" is about. Each question of the kind in the
/// generated batch is decided in turn, so the facts vary.
fn decide(c: &mut Criterion) {
    let text = batch::jsonl(&root(), 20_000);
    let mut g = c.benchmark_group("decide");
    for kind in [
        "assign-to-committee",
        "assign-to-grid",
        "liability",
        "duty-of",
        "compare",
        "in-force",
        "facility-area",
        "utility-price",
        "article-lookup",
    ] {
        let questions: Vec<zhili::Question> = text
            .lines()
            .filter_map(|l| zhili::Question::from_json(l).ok())
            .filter(|q| q.kind.as_str() == kind)
            .collect();
        let ctx = zhili::embedded::context(Explain::None).unwrap();
        let _ = zhili::evaluate::answer(&ctx, &questions[0]);
        g.throughput(Throughput::Elements(questions.len() as u64));
        g.bench_function(kind, |b| {
            b.iter(|| {
                for q in &questions {
                    let _ = black_box(zhili::evaluate::answer(&ctx, black_box(q)));
                }
            })
        });
    }
    g.finish();
}

fn references(c: &mut Criterion) {
    let corpus = zhili::Corpus::get().unwrap();
    let mut g = c.benchmark_group("parse_ref");
    g.bench_function("zh (大连条例第二十四条第三款)", |b| {
        b.iter(|| corpus.parse_ref(black_box("大连条例第二十四条第三款"), None))
    });
    g.bench_function("zh-default (第六条第（七）项)", |b| {
        b.iter(|| corpus.parse_ref(black_box("第六条第（七）项"), Some("haidong")))
    });
    g.bench_function("en (Art. 24 para. 3)", |b| {
        b.iter(|| corpus.parse_ref(black_box("Art. 24 para. 3"), Some("dalian")))
    });
    g.bench_function("citation (haidong:6:1:7)", |b| {
        b.iter(|| corpus.parse_ref(black_box("haidong:6:1:7"), None))
    });
    g.finish();
    let r = corpus.parse_ref("haidong:23:2", None).unwrap();
    c.bench_function("lookup/provision (haidong:23:2)", |b| {
        b.iter(|| corpus.lookup(black_box(&r)).unwrap().text())
    });
    c.bench_function(
        "lookup/api::article (大连条例第二十四条第三款)",
        |b| b.iter(|| api::article(black_box("大连条例第二十四条第三款"), None)),
    );
}

fn mixed_batch(c: &mut Criterion) {
    let text = batch::jsonl(&root(), 100_000);
    let lines: Vec<&str> = text.lines().collect();
    api::ask(lines[0], &AskOptions::default());
    let mut g = c.benchmark_group("batch-100k");
    g.throughput(Throughput::Elements(lines.len() as u64));
    g.sample_size(10);
    g.measurement_time(std::time::Duration::from_secs(20));
    // the floor: what reading, parsing and writing the same JSON Lines costs with serde_json
    g.bench_function("serde_json read-parse-write floor", |b| {
        b.iter_batched_ref(
            || Vec::with_capacity(text.len() * 2),
            |out| {
                for l in text.lines() {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    serde_json::to_writer(&mut *out, &v).unwrap();
                    out.push(b'\n');
                }
            },
            BatchSize::LargeInput,
        )
    });
    for (level, explain) in LEVELS {
        let opts = AskOptions { explain: *explain };
        // the decisions alone
        g.bench_function(format!("ask/{level}"), |b| {
            b.iter(|| {
                for l in &lines {
                    black_box(api::ask(l, &opts));
                }
            })
        });
        // what `zhili ask --jsonl` does in memory: answer and write each line
        g.bench_function(format!("ask+write/{level}"), |b| {
            b.iter_batched_ref(
                || Vec::with_capacity(text.len() * 6),
                |out| {
                    for l in &lines {
                        writeln!(out, "{}", api::ask(l, &opts).to_json_line()).unwrap();
                    }
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

fn ingest(c: &mut Criterion) {
    let raw =
        std::fs::read(root().join("regulations/haidong/source/000_cd911b62190819bd.txt")).unwrap();
    let manifest: zhili::ingest::Manifest =
        toml::from_str(include_str!("../../regulations/haidong/regulation.toml")).unwrap();
    c.bench_function("ingest/haidong (raw text to a Regulation)", |b| {
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
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = load, decide, kinds, references, mixed_batch, ingest
}
criterion_main!(benches);
