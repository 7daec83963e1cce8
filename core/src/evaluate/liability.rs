//! Does the regulation attach legal liability to this conduct, and what?

use super::assign::{assigner, binds, evaluate_assignment, Decision};
use super::{Context, Finding};
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
        "citations": [l.prepared.citation.clone()],
    });
    if let Some(s) = &l.if_serious {
        let mut serious =
            json!({ "threshold": s.threshold, "targets": s.targets, "consequence": s.consequence });
        if let Some(by) = &s.imposed_by {
            serious["imposed_by"] = json!(by);
        }
        v["if_serious"] = serious;
    }
    if let Some(c) = &l.if_crime {
        v["if_crime"] = json!({ "threshold": c.threshold, "consequence": c.consequence });
    }
    v
}

fn covers(l: &Liability, ids: &[&str]) -> bool {
    l.covers
        .iter()
        .any(|c| c == "*" || ids.contains(&c.as_str()))
}

fn condition_of(zh: &str, en: &str, l: &Liability) -> Condition {
    Condition {
        text_zh: zh.to_string().into(),
        text_en: en.to_string().into(),
        citations: vec![l.prepared.citation.clone()],
        either_or: false,
        group: None,
    }
}

fn conclude(f: &mut Finding, verdict: &str, l: &Liability, conditions: Vec<Condition>) -> Finding {
    f.cite_text(&l.prepared.citation);
    let characterised = l.general && verdict == "conditional";
    f.sanction = Some(if characterised {
        json!({ "if_condition": sanction(l) })
    } else {
        sanction(l)
    });
    f.verdict = verdict.into();
    f.conditions = conditions;
    let word = if verdict == "yes" {
        ("是", "Yes")
    } else {
        ("附条件", "Conditional")
    };
    f.summary_zh = format!("{}：{}（{}）。", word.0, l.zh, l.cite);
    f.summary_en = format!("{}: {} ({}).", word.1, l.en, l.cite);
    std::mem::take(f)
}

/// Liability for a conduct named in words (挪用专项资金, 玩忽职守 …). `None` when the words name nothing
/// a clause sanctions and an assignment is described: the assignment then decides.
fn conduct_liability(
    file: &NormFile,
    clauses: &[&Liability],
    actor: &crate::actor::Actor,
    conduct: &str,
    has_assignment: bool,
    f: &mut Finding,
) -> Option<Finding> {
    let mut unbound = false;
    for l in clauses {
        let Some(k) = l
            .conduct_keywords
            .iter()
            .find(|k| conduct.contains(k.as_str()))
        else {
            continue;
        };
        let bound = binds(&l.prepared.binds, actor);
        if bound.is_false() {
            unbound = true;
            f.cite_text(&l.prepared.citation);
            f.step(&l.id, &l.prepared.citation, "does-not-bind", format_args!("行为含“{k}”，但本条不适用于该主体（{}）：{}", actor.in_zh(), l.zh), format_args!("The conduct involves “{k}”, but the clause does not reach this body ({actor}): {}", l.en));
            continue;
        }
        f.step(
            &l.id,
            &l.prepared.citation,
            "applies",
            format_args!("行为含“{k}”：{}", l.zh),
            format_args!("The conduct involves “{k}”: {}", l.en),
        );
        let mut conditions = Vec::new();
        if bound == Tri::Unknown {
            let (zh, en) = crate::actor::describe(&l.binds);
            conditions.push(condition_of(
                &format!("行为主体属于{zh}"),
                &format!("The body is one of those {} reaches ({en})", l.cite),
                l,
            ));
        }
        if !l.element_words.is_empty()
            && !l.element_words.iter().any(|w| conduct.contains(w.as_str()))
        {
            if let (Some(zh), Some(en)) = (&l.element_zh, &l.element_en) {
                conditions.push(condition_of(zh, en, l));
            }
        }
        // a general clause named by its own words needs no further characterisation
        let verdict = if conditions.is_empty() {
            "yes"
        } else {
            "conditional"
        };
        return Some(conclude(f, verdict, l, conditions));
    }
    // an open list (…等行为): conduct about the same objects may be of the same kind
    for l in clauses
        .iter()
        .filter(|l| !binds(&l.prepared.binds, actor).is_false())
    {
        if let Some(w) = l.like_words.iter().find(|w| conduct.contains(w.as_str())) {
            f.step(&l.id, &l.prepared.citation, "conditional", format_args!("行为涉及“{w}”，可能属于条文“等”字涵盖的同类行为：{}", l.zh), format_args!("The conduct concerns “{w}” and may be of the kind the open list (等) covers: {}", l.en));
            let c = condition_of(
                &format!(
                    "该行为属于{}所列行为的同类行为（条文列举以“等”结尾）",
                    l.cite
                ),
                &format!(
                    "The conduct is of the same kind as those {} lists (the list ends in 等)",
                    l.cite
                ),
                l,
            );
            return Some(conclude(f, "conditional", l, vec![c]));
        }
    }
    if has_assignment {
        return None;
    }
    // no assignment described: only a general clause can reach the conduct, and only as characterised
    if !unbound {
        if let Some(l) = clauses
            .iter()
            .find(|l| l.general && !binds(&l.prepared.binds, actor).is_false())
        {
            f.step(&l.id, &l.prepared.citation, "conditional", &l.zh, &l.en);
            let c = condition_of(
                l.condition_zh.as_deref().unwrap_or(&l.zh),
                l.condition_en.as_deref().unwrap_or(&l.en),
                l,
            );
            return Some(conclude(f, "conditional", l, vec![c]));
        }
    }
    cite_checked(f, clauses, file, None);
    f.step(
        "liability.conduct",
        "",
        "no-clause",
        format_args!("没有条款对“{conduct}”规定法律责任"),
        format_args!("No clause attaches liability to “{conduct}”"),
    );
    f.verdict = "no".into();
    f.summary_zh = "否：本条例没有对该行为（或该主体的该行为）规定法律责任。".into();
    f.summary_en = "No: the regulation attaches no liability to this conduct by this body.".into();
    Some(std::mem::take(f))
}

pub fn liability(
    ctx: &Context,
    reg: &Regulation,
    file: &NormFile,
    facts: &Facts,
) -> Result<Finding> {
    let actor = assigner(ctx.actor_words(), facts);
    let clauses: Vec<&Liability> = file
        .liability
        .iter()
        .filter(|l| !l.referral && !l.soft)
        .collect();
    let mut f = ctx.finding();
    for l in file.liability.iter().filter(|l| l.referral) {
        f.step(&l.id, &l.prepared.citation, "referral", &l.zh, &l.en);
    }

    if let Some(conduct) = facts.text("conduct") {
        let has_assignment = facts.text("assignee").is_some()
            || facts.task_on_list.is_some()
            || facts.text("task").is_some();
        if let Some(found) =
            conduct_liability(file, &clauses, &actor, conduct, has_assignment, &mut f)
        {
            return Ok(done(found, file));
        }
    }

    // the assignment engine reads the assignee itself (committee, grid, enterprise, other)
    let a = evaluate_assignment(ctx, reg, file, Target::Committee, facts);
    f.steps.extend(a.finding.steps.iter().cloned());
    let target = match super::assign::assignee(ctx.actor_words(), facts) {
        Some(super::assign::Assignee::Grid) => Target::Grid,
        _ => Target::Committee,
    };
    // a permission's conditions (the committee accepts a commission) cannot be breached: if they
    // fail, the work is simply outside the permission
    let breachable: Vec<&str> = a
        .conditional_on
        .iter()
        .filter(|n| !n.fallback)
        .map(|n| n.id.as_str())
        .collect();
    let decision = match a.decision {
        Decision::Conditional if breachable.is_empty() => Decision::NotGoverned,
        d => d,
    };
    let (breached, how): (Vec<&str>, &str) = match decision {
        Decision::Prohibited => (a.violated.iter().map(|n| n.id.as_str()).collect(), "breach"),
        Decision::Conditional => (breachable, "possible-breach"),
        Decision::Permitted | Decision::NotGoverned => {
            for c in &a.finding.citations {
                f.cite_text(c);
            }
            cite_checked(&mut f, &clauses, file, Some(target));
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
            return Ok(done(f, file));
        }
    };
    let breached_cites: Vec<crate::answer::Text> = match a.decision {
        Decision::Prohibited => a
            .violated
            .iter()
            .map(|n| n.prepared.citation.clone())
            .collect(),
        _ => a.finding.citations.clone(),
    };
    for c in &breached_cites {
        f.cite_text(c);
    }
    let mut definite: Option<&Liability> = None;
    let mut also: Vec<&Liability> = Vec::new(); // further clauses that reach the same breach
    let mut possible: Vec<(&Liability, Condition)> = Vec::new();
    for l in clauses.iter().copied().filter(|l| covers(l, &breached)) {
        let bound = binds(&l.prepared.binds, &actor);
        f.cite_text(&l.prepared.citation);
        match (bound, l.general) {
            (Tri::False, _) => {
                f.step(
                    &l.id,
                    &l.prepared.citation,
                    "does-not-bind",
                    format_args!("不适用于该主体（{}）：{}", actor.in_zh(), l.zh),
                    format_args!("Does not reach this body ({actor}): {}", l.en),
                );
            }
            (Tri::True, false) => {
                if definite.is_none() {
                    definite = Some(l);
                } else {
                    also.push(l);
                }
                f.step(&l.id, &l.prepared.citation, "applies", &l.zh, &l.en);
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
                        text_zh: zh.into(),
                        text_en: en.into(),
                        citations: vec![l.prepared.citation.clone()],
                        either_or: false,
                        group: None,
                    },
                ));
                f.step(&l.id, &l.prepared.citation, "conditional", &l.zh, &l.en);
            }
        }
    }
    match (how, definite) {
        ("breach", Some(l)) => {
            f.verdict = "yes".into();
            let mut s = sanction(l);
            if !also.is_empty() {
                s["also"] = Value::Array(also.iter().map(|x| sanction(x)).collect());
            }
            f.sanction = Some(s);
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
                    text_zh: format!("若未满足则承担责任：{}", c.text_zh).into(),
                    text_en: format!("Liability arises unless: {}", c.text_en).into(),
                    citations: c.citations.clone(),
                    either_or: c.either_or,
                    group: None,
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
            cite_checked(&mut f, &clauses, file, Some(target));
            f.summary_zh = "否：本条例对此未规定法律责任（可能依其他法律法规追究）。".into();
            f.summary_en =
                "No: this regulation attaches no liability to the conduct (other laws may).".into();
        }
    }
    Ok(done(f, file))
}

/// A `no` rests on every liability clause that was checked and does not reach the conduct — the
/// general clause included — and, where the regulation has no sanction at all, on the accountability
/// mechanism it does have (evaluation results used in appraisal).
fn cite_checked(f: &mut Finding, clauses: &[&Liability], file: &NormFile, target: Option<Target>) {
    let assignment: Vec<&str> = file
        .norm
        .iter()
        .filter(|n| target.is_none_or(|t| n.applies_to == t))
        .map(|n| n.id.as_str())
        .collect();
    let mut any = false;
    for l in clauses.iter().filter(|l| covers(l, &assignment)) {
        f.cite_text(&l.prepared.citation);
        any = true;
    }
    if !any {
        for l in file.liability.iter().filter(|l| l.soft) {
            f.cite_text(&l.prepared.citation);
            f.step(&l.id, &l.prepared.citation, "soft", &l.zh, &l.en);
        }
    }
}

/// The citations with the provisions each clause or norm is read together with.
fn done(mut f: Finding, file: &NormFile) -> Finding {
    super::assign::add_read_with(file, &mut f.citations);
    for c in &mut f.conditions {
        super::assign::add_read_with(file, &mut c.citations);
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::Explain;
    use crate::question::ListStatus;

    /// Haidong's liability finding for these facts, at the full explanation.
    fn haidong(facts: Facts) -> Finding {
        let c = crate::embedded::context(Explain::Full).unwrap();
        let reg = c.corpus.regulation("haidong").unwrap();
        let file = c.base.file("haidong").unwrap();
        liability(&c, reg, file, &facts).unwrap()
    }

    #[test]
    fn an_off_list_assignment_is_sanctioned_by_the_assignment_clause() {
        // Haidong Art. 50 para 2: bypassing the lists is corrected and criticised, and handled
        // by the competent body when serious
        let f = haidong(
            Facts::new()
                .with_text("assigner", "镇人民政府")
                .with_text("assignee", "村民委员会")
                .with_list(ListStatus::None)
                .with_tri("task_is_assigner_own_duty", Some(true)),
        );
        assert_eq!(f.verdict, "yes");
        assert_eq!(f.citations[0], "haidong:50:2");
        let s = f.sanction.unwrap();
        assert_eq!(s["imposed_by"], "相关部门");
        assert_eq!(s["consequence"], "予以纠正、通报批评");
        assert_eq!(s["if_serious"]["threshold"], "情节较重");
        assert_eq!(s["citations"], json!(["haidong:50:2"]));
    }

    #[test]
    fn a_permitted_assignment_attracts_no_liability() {
        let f = haidong(
            Facts::new()
                .with_text("assigner", "区民政局")
                .with_text("assignee", "社区")
                .with_list(ListStatus::Assist)
                .with_tri("work_conditions_provided", Some(true)),
        );
        assert_eq!(f.verdict, "no");
        assert!(f.sanction.is_none());
        // the rule that permits it and the clauses checked are cited
        assert!(f.citations.iter().any(|c| c == "haidong:23:2"));
        assert!(f.citations.iter().any(|c| c == "haidong:50:2"));
    }

    #[test]
    fn a_conduct_named_in_words_finds_its_clause() {
        // Haidong Art. 51: misappropriating governance funds leads to 处分, and to criminal
        // liability if it is a crime
        let f = haidong(Facts::new().with_text("conduct", "挪用专项资金"));
        assert_eq!(f.verdict, "yes");
        assert_eq!(f.citations, ["haidong:51"]);
        let s = f.sanction.unwrap();
        assert_eq!(s["consequence"], "依法给予处分");
        assert_eq!(s["if_crime"]["threshold"], "构成犯罪");
    }

    #[test]
    fn sanction_carries_only_what_the_clause_says() {
        let c = crate::embedded::context(Explain::Full).unwrap();
        for file in c.base.files.values() {
            for l in &file.liability {
                let s = sanction(l);
                assert_eq!(s["citations"], json!([l.cite.to_string()]), "{}", l.id);
                assert_eq!(
                    s.get("if_serious").is_some(),
                    l.if_serious.is_some(),
                    "{}",
                    l.id
                );
                assert_eq!(
                    s.get("if_crime").is_some(),
                    l.if_crime.is_some(),
                    "{}",
                    l.id
                );
            }
        }
    }
}
