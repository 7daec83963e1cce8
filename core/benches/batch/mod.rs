//! The mixed batch of the benchmarks: questions of every kind with varied facts, generated
//! deterministically from the conformance cases (their names, tasks, duties, features and
//! references are the vocabulary; every fact is redrawn). The criterion benchmark, the CLI script
//! (through `cargo run --example bench_batch`) and any front end's benchmark use the same lines.

use serde_json::{json, Map, Value};
use std::path::Path;

/// A small deterministic generator (splitmix64): the same seed gives the same batch everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const REGULATIONS: &[&str] = &["haidong", "dalian", "xinyang", "wuxi-draft"];
/// The three-valued facts, as the core validates them.
const TRI: &[&str] = zhili::question::TRI_FACTS;
const LISTS: &[&str] = &["assist", "autonomy", "negative", "grid", "none"];
const LEVELS: &[&str] = &["city", "county", "township"];
const KINDS: &[&str] = &[
    "government",
    "department",
    "street-office",
    "mass-organization",
];

/// The vocabulary taken from the conformance cases.
#[derive(Default)]
pub struct Vocabulary {
    assigners: Vec<String>,
    assignees: Vec<String>,
    tasks: Vec<String>,
    conducts: Vec<String>,
    /// (regulation, duty words) pairs: a duty is asked of the regulation it was written for.
    duties: Vec<(String, String)>,
    actors: Vec<String>,
    features: Vec<String>,
    /// (regulation, ref_zh) pairs.
    refs: Vec<(String, String)>,
    facilities: Vec<String>,
    utilities: Vec<(Option<String>, Option<String>)>,
}

impl Vocabulary {
    /// Reads the vocabulary from `tests/conformance/*.jsonl` under `root` (the checkout).
    pub fn from_cases(root: &Path) -> Vocabulary {
        let mut files: Vec<_> = std::fs::read_dir(root.join("tests/conformance"))
            .expect("tests/conformance")
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        files.sort();
        let mut v = Vocabulary::default();
        let add = |xs: &mut Vec<String>, s: Option<&str>| {
            if let Some(s) = s {
                if !xs.iter().any(|x| x == s) {
                    xs.push(s.to_string());
                }
            }
        };
        for f in files {
            for line in std::fs::read_to_string(&f).unwrap().lines() {
                let Ok(q) = serde_json::from_str::<Value>(line) else {
                    continue;
                };
                if q.get("expected_error_code").is_some()
                    || q.get("expected_verdict") == Some(&json!("error"))
                {
                    continue;
                }
                let reg = q["regulation"].as_str().unwrap_or("all").to_string();
                let facts = &q["facts"];
                let s = |k: &str| facts.get(k).and_then(Value::as_str);
                add(&mut v.assigners, s("assigner"));
                add(&mut v.assignees, s("assignee"));
                add(&mut v.tasks, s("task"));
                add(&mut v.conducts, s("conduct"));
                add(&mut v.actors, s("actor"));
                add(&mut v.features, s("feature"));
                add(&mut v.facilities, s("facility"));
                match q["kind"].as_str() {
                    Some("duty-of") if reg != "all" => {
                        if let Some(d) = s("duty") {
                            v.duties.push((reg.clone(), d.to_string()));
                        }
                    }
                    Some("article-lookup") if reg != "all" => {
                        if let Some(r) = s("ref_zh") {
                            v.refs.push((reg.clone(), r.to_string()));
                        }
                    }
                    Some("utility-price") => {
                        let u = (
                            s("utility").map(str::to_string),
                            s("utility_zh").map(str::to_string),
                        );
                        if !v.utilities.contains(&u) && (u.0.is_some() || u.1.is_some()) {
                            v.utilities.push(u);
                        }
                    }
                    _ => {}
                }
            }
        }
        v
    }
}

fn date(rng: &mut Rng) -> Value {
    if rng.chance(10) {
        return Value::Null;
    }
    json!(format!(
        "{}-{:02}-{:02}",
        2019 + rng.below(8),
        1 + rng.below(12),
        1 + rng.below(28)
    ))
}

fn assignment_facts(rng: &mut Rng, v: &Vocabulary, facts: &mut Map<String, Value>) {
    facts.insert("assigner".into(), json!(rng.pick(&v.assigners)));
    facts.insert("assignee".into(), json!(rng.pick(&v.assignees)));
    if rng.chance(60) {
        facts.insert("task".into(), json!(rng.pick(&v.tasks)));
    }
    if rng.chance(90) {
        facts.insert("task_on_list".into(), json!(rng.pick(LISTS)));
    }
    if rng.chance(25) {
        facts.insert("assigner_level".into(), json!(rng.pick(LEVELS)));
        facts.insert("assigner_kind".into(), json!(rng.pick(KINDS)));
    }
    for k in TRI {
        match rng.below(4) {
            0 => {}
            1 => {
                facts.insert((*k).into(), Value::Null);
            }
            2 => {
                facts.insert((*k).into(), json!(true));
            }
            _ => {
                facts.insert((*k).into(), json!(false));
            }
        }
    }
}

/// One question of the batch, as a JSON value.
pub fn question(rng: &mut Rng, v: &Vocabulary, n: usize) -> Value {
    let mut facts = Map::new();
    let mut reg = json!(rng.pick(REGULATIONS));
    let roll = rng.below(100);
    let kind = match roll {
        0..=29 => {
            assignment_facts(rng, v, &mut facts);
            "assign-to-committee"
        }
        30..=41 => {
            assignment_facts(rng, v, &mut facts);
            "assign-to-grid"
        }
        42..=55 => {
            assignment_facts(rng, v, &mut facts);
            if rng.chance(30) {
                facts.insert("conduct".into(), json!(rng.pick(&v.conducts)));
            }
            "liability"
        }
        56..=65 => {
            let (r, d) = rng.pick(&v.duties);
            reg = json!(r);
            facts.insert("duty".into(), json!(d));
            if rng.chance(20) {
                facts.insert("actor".into(), json!(rng.pick(&v.actors)));
            }
            "duty-of"
        }
        66..=73 => {
            reg = json!("all");
            if rng.chance(70) {
                facts.insert("feature".into(), json!(rng.pick(&v.features)));
            } else {
                assignment_facts(rng, v, &mut facts);
            }
            "compare"
        }
        74..=80 => "in-force",
        81..=86 => {
            reg = json!("haidong");
            facts.insert("households".into(), json!(rng.below(5000)));
            if rng.chance(50) {
                facts.insert("area_m2".into(), json!(rng.below(2000)));
            }
            "facility-area"
        }
        87..=92 => {
            facts.insert("facility".into(), json!(rng.pick(&v.facilities)));
            let (u, zh) = rng.pick(&v.utilities);
            if let Some(u) = u {
                facts.insert("utility".into(), json!(u));
            }
            if let Some(zh) = zh {
                facts.insert("utility_zh".into(), json!(zh));
            }
            "utility-price"
        }
        _ => {
            if rng.chance(50) {
                let (r, s) = rng.pick(&v.refs);
                reg = json!(r);
                facts.insert("ref_zh".into(), json!(s));
            } else {
                facts.insert("article".into(), json!(1 + rng.below(40)));
                if rng.chance(40) {
                    facts.insert("paragraph".into(), json!(1 + rng.below(2)));
                }
            }
            "article-lookup"
        }
    };
    let mut q = json!({"id": format!("g{n:07}"), "kind": kind, "regulation": reg, "date": date(rng), "facts": facts});
    // one question in a hundred is malformed in a way a real file might be
    if rng.chance(1) {
        q["date"] = json!("2023-02-30");
    }
    q
}

/// `n` questions, one JSON line each (with a final newline).
pub fn jsonl(root: &Path, n: usize) -> String {
    let v = Vocabulary::from_cases(root);
    let mut rng = Rng::new(0x007a_6869_6c69);
    let mut out = String::with_capacity(n * 400);
    for i in 0..n {
        out += &question(&mut rng, &v, i).to_string();
        out.push('\n');
    }
    out
}
