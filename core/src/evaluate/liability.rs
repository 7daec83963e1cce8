//! Does the regulation attach legal liability to this conduct, and what?

use super::assign::{assigner, binds, evaluate_assignment, Decision};
use super::Finding;
use crate::actor::recognise;
use crate::answer::Condition;
use crate::error::Result;
use crate::norm::{Liability, NormFile, Target};
use crate::question::Facts;
use crate::text::Regulation;
use crate::tri::Tri;
use serde_json::{json, Value};

pub fn sanction(l: &Liability) -> Value {
    let mut v = json!({
        "imposed_by": l.imposed_by,
        "targets": l.targets,
        "consequence": l.consequence,
        "citations": [l.cite.to_string()],
    });
    if let Some(s) = &l.if_serious {
        let mut serious =
            json!({ "threshold": s.threshold, "targets": s.targets, "consequence": s.consequence });
        if let Some(by) = &s.imposed_by {
            serious["imposed_by"] = json!(by);
        }
        v["if_serious"] = serious;
    }
    v
}

fn covers(l: &Liability, ids: &[&str]) -> bool {
    l.covers
        .iter()
        .any(|c| c == "*" || ids.contains(&c.as_str()))
}

pub fn liability(reg: &Regulation, file: &NormFile, facts: &Facts) -> Result<Finding> {
    let actor = assigner(facts);
    let clauses: Vec<&Liability> = file.liability.iter().filter(|l| !l.referral).collect();
    let mut f = Finding::default();
    for l in file.liability.iter().filter(|l| l.referral) {
        f.step(&l.id, &l.cite, "referral", &l.zh, &l.en);
    }

    // conduct named directly (挪用专项资金 …)
    if let Some(conduct) = facts.text("conduct") {
        for l in &clauses {
            if let Some(k) = l
                .conduct_keywords
                .iter()
                .find(|k| conduct.contains(k.as_str()))
            {
                if binds(&l.binds, &actor) != Tri::False {
                    f.cite(&l.cite);
                    f.sanction = Some(sanction(l));
                    f.verdict = "yes".into();
                    f.step(
                        &l.id,
                        &l.cite,
                        "applies",
                        format!("行为含“{k}”：{}", l.zh),
                        format!("The conduct involves “{k}”: {}", l.en),
                    );
                    f.summary_zh = format!("是：{}（{}）。", l.zh, l.cite);
                    f.summary_en = format!("Yes: {} ({}).", l.en, l.cite);
                    return Ok(f);
                }
            }
        }
    }

    let target = match facts.text("assignee").map(recognise).and_then(|a| a.kind) {
        Some(k) if k.is_grid_like() => Target::Grid,
        _ => Target::Committee,
    };
    let a = evaluate_assignment(reg, file, target, facts);
    f.steps.extend(a.finding.steps.iter().cloned());
    let (breached, how): (Vec<&str>, &str) = match a.decision {
        Decision::Prohibited => (a.violated.iter().map(|n| n.id.as_str()).collect(), "breach"),
        Decision::Conditional => (
            a.conditional_on.iter().map(|n| n.id.as_str()).collect(),
            "possible-breach",
        ),
        Decision::Permitted | Decision::NotGoverned => {
            for c in &a.finding.citations {
                f.cite(c);
            }
            f.verdict = "no".into();
            f.summary_zh = format!(
                "否：该行为依本条例{}，不构成违反。",
                if a.decision == Decision::Permitted {
                    "被允许"
                } else {
                    "不受规范"
                }
            );
            f.summary_en = format!(
                "No: the conduct is {} under this regulation, so no liability arises from it.",
                a.decision.as_str()
            );
            return Ok(f);
        }
    };
    let breached_cites: Vec<String> = match a.decision {
        Decision::Prohibited => a.violated.iter().map(|n| n.cite.to_string()).collect(),
        _ => a.finding.citations.clone(),
    };
    for c in &breached_cites {
        f.cite(c);
    }
    let mut definite: Option<&Liability> = None;
    let mut possible: Vec<(&Liability, Condition)> = Vec::new();
    for l in clauses.iter().copied().filter(|l| covers(l, &breached)) {
        let bound = binds(&l.binds, &actor);
        f.cite(&l.cite);
        match (bound, l.general) {
            (Tri::False, _) => {
                f.step(
                    &l.id,
                    &l.cite,
                    "does-not-bind",
                    format!("不适用于该主体（{actor}）：{}", l.zh),
                    format!("Does not reach this body ({actor}): {}", l.en),
                );
            }
            (Tri::True, false) if definite.is_none() => {
                definite = Some(l);
                f.step(&l.id, &l.cite, "applies", &l.zh, &l.en);
            }
            _ => {
                let zh = l
                    .condition_zh
                    .clone()
                    .unwrap_or_else(|| format!("该主体属于{}所列主体", l.cite));
                let en = l
                    .condition_en
                    .clone()
                    .unwrap_or_else(|| format!("The body is one of those named in {}", l.cite));
                possible.push((
                    l,
                    Condition {
                        text_zh: zh,
                        text_en: en,
                        citations: vec![l.cite.to_string()],
                        either_or: false,
                    },
                ));
                f.step(&l.id, &l.cite, "conditional", &l.zh, &l.en);
            }
        }
    }
    match (how, definite) {
        ("breach", Some(l)) => {
            f.verdict = "yes".into();
            f.sanction = Some(sanction(l));
            f.summary_zh = format!("是：违反{}，依{}处理。", breached_cites.join("、"), l.cite);
            f.summary_en = format!(
                "Yes: the conduct breaches {} and {} attaches liability.",
                breached_cites.join(", "),
                l.cite
            );
        }
        (_, Some(l)) => {
            // liability follows only if the conditions of the assignment fail
            f.verdict = "conditional".into();
            f.sanction = Some(sanction(l));
            f.conditions = a
                .finding
                .conditions
                .iter()
                .map(|c| Condition {
                    text_zh: format!("若未满足则承担责任：{}", c.text_zh),
                    text_en: format!("Liability arises unless: {}", c.text_en),
                    citations: c.citations.clone(),
                    either_or: c.either_or,
                })
                .collect();
            f.summary_zh = format!("附条件：如条件不满足，依{}承担责任。", l.cite);
            f.summary_en = format!(
                "Conditional: liability under {} arises if the conditions are not met.",
                l.cite
            );
        }
        (_, None) if !possible.is_empty() => {
            f.verdict = "conditional".into();
            let (l, _) = &possible[0];
            f.sanction = Some(json!({ "if_condition": sanction(l) }));
            f.conditions = possible.into_iter().map(|(_, c)| c).collect();
            f.summary_zh = "附条件：仅在行为被认定属于一般责任条款所述情形时承担责任。".into();
            f.summary_en = "Conditional: liability follows only if the conduct is characterised as the general liability clause describes.".into();
        }
        _ => {
            f.verdict = "no".into();
            f.summary_zh = "否：本条例对此未规定法律责任（可能依其他法律法规追究）。".into();
            f.summary_en =
                "No: this regulation attaches no liability to the conduct (other laws may).".into();
        }
    }
    Ok(f)
}
