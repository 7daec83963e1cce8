//! Which regulations have a feature, or how does the same conduct fare under each?

use super::{assign, evaluate_kind, wrap_date, Finding, Wrapped};
use crate::actor::recognise;
use crate::answer::Condition;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::norm::{normalise, Feature, NormBase, Target};
use crate::question::{Question, QuestionKind, Scope};
use crate::text::Regulation;
use serde_json::{Map, Value};

/// The regulations compared: the `regulations` fact, else those the question's words name, else
/// the one in `regulation`, else all.
fn scope<'a>(corpus: &'a Corpus, q: &Question) -> Result<Vec<&'a Regulation>> {
    if let Some(keys) = &q.facts.regulations {
        return keys.iter().map(|k| corpus.resolve(k)).collect();
    }
    if let Scope::One(k) = &q.scope {
        return Ok(vec![corpus.resolve(k)?]);
    }
    // only names of regulations count (大连条例, 《信阳市城乡社区治理促进条例》, "the Dalian regulation"):
    // a city named as the place of the facts (海东市某区民政局) does not narrow the comparison
    let zh = q.question_zh.as_deref().unwrap_or("");
    let en = q.question_en.as_deref().unwrap_or("").to_lowercase();
    let named: Vec<&Regulation> = corpus
        .regulations
        .iter()
        .filter(|r| {
            let city = r.meta.key.split('-').next().unwrap_or("");
            let zh_names = std::iter::once(&r.meta.title)
                .chain(&r.meta.aliases)
                .filter(|a| a.contains("条例"));
            zh_names.into_iter().any(|a| zh.contains(a.as_str()))
                || en.contains(&format!("{city} regulation"))
                || en.contains(&format!("{city} draft"))
        })
        .collect();
    Ok(if named.is_empty() {
        corpus.regulations.iter().collect()
    } else {
        named
    })
}

/// Finds a feature of the catalogue by id, name or alias; else the closest name.
pub fn find_feature<'a>(base: &'a NormBase, query: &str) -> Result<&'a Feature> {
    let q = normalise(query);
    // the names come normalised with their character pairs from the catalogue (Feature::names)
    if let Some(f) = base.features.feature.iter().find(|f| f.names.contains(&q)) {
        return Ok(f);
    }
    // the best alias: how much of the alias the query holds, plus how much of the query it covers
    let alias_scores = base.features.alias_scores(&q);
    let scored = base
        .features
        .feature
        .iter()
        .zip(alias_scores)
        .map(|(f, alias)| {
            // each matched group counts by its size: two words together are stronger evidence than one
            let signals: usize = f
                .signals
                .iter()
                .filter(|g| g.iter().all(|w| q.contains(w.as_str())))
                .map(Vec::len)
                .sum();
            (alias + SIGNAL_WEIGHT * signals as f64, f)
        })
        .fold(None::<(f64, &Feature)>, |acc, (s, f)| match acc {
            Some((bs, _)) if bs >= s => acc,
            _ => Some((s, f)),
        });
    match scored {
        Some((s, f)) if s >= 1.0 => Ok(f),
        _ => Err(Error::InvalidFact {
            key: "feature".into(),
            detail: format!(
                "`{query}` is not a comparable feature; known: {}",
                base.features
                    .feature
                    .iter()
                    .map(|f| f.zh.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        }),
    }
}

/// What each word of a matched signal group adds to a feature's score: more than any difference in
/// alias closeness.
const SIGNAL_WEIGHT: f64 = 1.5;

pub fn compare(corpus: &Corpus, base: &NormBase, q: &Question) -> Result<Wrapped> {
    let regs = scope(corpus, q)?;
    if let Some(feature) = q.facts.text("feature") {
        let feat = find_feature(base, feature)?;
        let mut f = Finding::default();
        let mut have = Vec::new();
        for r in &regs {
            let file = base
                .file(&r.meta.key)
                .ok_or_else(|| Error::InvalidNorm(format!("no norms for {}", r.meta.key)))?;
            let entry = file
                .feature
                .iter()
                .find(|e| e.id == feat.id)
                .ok_or_else(|| {
                    Error::InvalidNorm(format!("{} has no entry for {}", r.meta.key, feat.id))
                })?;
            for c in &entry.cites {
                f.cite(c);
            }
            let cite = entry
                .cites
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            // a dated feature is asked of the question's date (in force on that day?)
            let present = match (feat.dated, q.date) {
                (true, Some(d)) => r.in_force_on(d),
                _ => entry.present,
            };
            f.step(
                &format!("{}.feature.{}", r.meta.key, feat.id),
                cite,
                if present { "has" } else { "lacks" },
                &entry.zh,
                &entry.en,
            );
            if present {
                have.push(Value::String(r.meta.key.clone()));
            }
        }
        f.summary_zh = format!(
            "具有“{}”的条例：{}。",
            feat.zh,
            have.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("、")
        );
        f.summary_en = format!(
            "Regulations with {}: {}.",
            feat.en,
            have.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        );
        f.verdict = Value::Array(have);
        return Ok(f.into());
    }
    let kind = if q.facts.has_assignment() {
        match q.facts.text("assignee").map(recognise).and_then(|a| a.kind) {
            Some(k) if k.is_grid_like() => QuestionKind::AssignToGrid,
            _ => QuestionKind::AssignToCommittee,
        }
    } else if q.facts.text("duty").is_some() {
        QuestionKind::DutyOf
    } else {
        return Err(Error::MissingFact(
            "feature (or assignment facts, or duty)".into(),
        ));
    };
    let per_reg = Question { kind, ..q.clone() };
    let mut verdicts = Map::new();
    let mut out = Finding::default();
    for r in &regs {
        let file = base
            .file(&r.meta.key)
            .ok_or_else(|| Error::InvalidNorm(format!("no norms for {}", r.meta.key)))?;
        let inner = match kind {
            QuestionKind::DutyOf => evaluate_kind(r, file, &per_reg)?,
            _ => {
                let target = if kind == QuestionKind::AssignToGrid {
                    Target::Grid
                } else {
                    Target::Committee
                };
                assign::finding(r, file, target, &q.facts)
            }
        };
        let Wrapped { finding: w, whatif } = wrap_date(r, &per_reg, inner);
        verdicts.insert(r.meta.key.clone(), w.verdict.clone());
        for c in w
            .citations
            .iter()
            .chain(whatif.iter().flat_map(|x| &x.citations))
        {
            out.cite(c);
        }
        for c in w.conditions {
            out.conditions.push(Condition {
                text_zh: format!("〔{}〕{}", r.meta.key, c.text_zh),
                text_en: format!("[{}] {}", r.meta.key, c.text_en),
                ..c
            });
        }
        out.step(
            &format!("{}.{}", r.meta.key, kind.as_str()),
            r.meta.key.clone(),
            w.verdict.as_str().unwrap_or("value"),
            &w.summary_zh,
            &w.summary_en,
        );
    }
    out.summary_zh = format!("逐条例结论：{}", Value::Object(verdicts.clone()));
    out.summary_en = format!("Per regulation: {}", Value::Object(verdicts.clone()));
    out.verdict = Value::Object(verdicts);
    Ok(out.into())
}
