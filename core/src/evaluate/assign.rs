//! May this body give this work to a committee / community, or to the grid? Three-valued: each
//! norm is tried in the order of the data; unknown facts a norm needs become conditions.

use super::Finding;
use crate::actor::{recognise, Actor, ActorPattern};
use crate::answer::Condition;
use crate::norm::{Modality, Norm, NormFile, Target};
use crate::question::{Facts, ListStatus};
use crate::text::Regulation;
use crate::tri::Tri;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Permitted,
    Prohibited,
    Conditional,
    NotGoverned,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Permitted => "permitted",
            Decision::Prohibited => "prohibited",
            Decision::Conditional => "conditional",
            Decision::NotGoverned => "not-governed",
        }
    }
}

/// The full result of evaluating an assignment, for the liability and compare evaluators too.
#[derive(Debug, Clone)]
pub struct Assessment<'a> {
    pub decision: Decision,
    pub actor: Actor,
    /// Norms definitely breached.
    pub violated: Vec<&'a Norm>,
    /// Norms whose unknown facts became conditions.
    pub conditional_on: Vec<&'a Norm>,
    pub finding: Finding,
}

/// The assigner as the facts describe it: explicit level and kind win over the name.
pub fn assigner(facts: &Facts) -> Actor {
    let mut a = facts.text("assigner").map(recognise).unwrap_or_default();
    if facts.assigner_level.is_some() {
        a.level = facts.assigner_level;
    }
    if facts.assigner_kind.is_some() {
        a.kind = facts.assigner_kind;
    }
    a
}

pub fn binds(patterns: &[String], actor: &Actor) -> Tri {
    Tri::any(patterns.iter().filter_map(|p| ActorPattern::parse(p)).map(|p| p.matches(actor)))
}

/// The task's list status as this regulation knows it: a status the regulation has no list for
/// (Dalian has no negative list) is off the lists.
fn list_status(file: &NormFile, target: Target, facts: &Facts) -> (Option<ListStatus>, Option<String>) {
    let Some(s) = facts.task_on_list else { return (None, None) };
    let known = match target {
        Target::Committee => &file.lists.committee,
        Target::Grid => &file.lists.grid,
    };
    if s == ListStatus::None || known.contains_key(s.as_str()) {
        (Some(s), None)
    } else {
        (Some(ListStatus::None), Some(s.as_str().to_string()))
    }
}

fn when_applies(n: &Norm, status: Option<ListStatus>, own_duty: Tri) -> Tri {
    let list = match &n.when.task_on_list {
        None => Tri::True,
        Some(wanted) => match status {
            None => Tri::Unknown,
            Some(s) => Tri::from(wanted.iter().any(|w| w == s.as_str())),
        },
    };
    let own = match n.when.own_duty {
        None => Tri::True,
        Some(true) => own_duty,
        Some(false) => own_duty.not(),
    };
    list.and(own)
}

fn requirement_value(facts: &Facts, req: &crate::norm::Requirement) -> Tri {
    Tri::all(req.facts.iter().map(|f| facts.tri(f)))
}

fn condition(zh: String, en: String, cite: &Norm) -> Condition {
    Condition { text_zh: zh, text_en: en, citations: vec![cite.cite.to_string()], either_or: false }
}

/// Adds a condition, merging it into an equal one already there (same text) with both citations.
fn push_condition(list: &mut Vec<Condition>, c: Condition) {
    if let Some(existing) = list.iter_mut().find(|x| x.text_en == c.text_en && x.either_or == c.either_or) {
        for cite in c.citations {
            if !existing.citations.contains(&cite) {
                existing.citations.push(cite);
            }
        }
    } else {
        list.push(c);
    }
}

/// Evaluates an assignment under one regulation's norms.
pub fn evaluate_assignment<'a>(reg: &Regulation, file: &'a NormFile, target: Target, facts: &Facts) -> Assessment<'a> {
    let actor = assigner(facts);
    let (status, remapped) = list_status(file, target, facts);
    let own_duty = facts.tri("task_is_assigner_own_duty");
    let task = facts.text("task").unwrap_or("");
    let mut f = Finding::default();
    if let Some(orig) = remapped {
        f.step(
            &format!("{}.lists", reg.meta.key),
            format!("{}", reg.meta.key),
            "remapped",
            format!("本条例没有“{orig}”类清单，该事项按清单以外事项处理。"),
            format!("This regulation has no `{orig}` list; the task is treated as off the lists."),
        );
    }
    let norms: Vec<&Norm> = file.norm.iter().filter(|n| n.applies_to == target).collect();

    // 1. work the regulation itself gives the assignee
    for n in norms.iter().filter(|n| n.modality == Modality::StatutoryTask) {
        let hit = n.task_keywords.iter().find(|k| task.contains(k.as_str()));
        if let (Some(k), false) = (hit, binds(&n.binds, &actor).is_false()) {
            f.step(&n.id, &n.cite, "statutory-task", format!("任务含“{k}”：{}", n.zh), format!("The task mentions “{k}”: {}", n.en));
            f.cite(&n.cite);
            f.verdict = Decision::Permitted.as_str().into();
            f.summary_zh = format!("允许：{}（{}）。", n.zh, n.cite);
            f.summary_en = format!("Permitted: {} ({}).", n.en, n.cite);
            return Assessment { decision: Decision::Permitted, actor, violated: vec![], conditional_on: vec![], finding: f };
        }
    }

    // 2. prohibitions, obligations and permissions, in the order of the data
    let mut violated: Vec<&Norm> = Vec::new();
    let mut conditional_on: Vec<&Norm> = Vec::new();
    let mut conditions: Vec<Condition> = Vec::new();
    let mut basis: Vec<String> = Vec::new();
    let mut checked: Vec<String> = Vec::new();
    let mut violation_notes: Vec<(String, String)> = Vec::new();
    let mut failed_routes: Vec<String> = Vec::new();
    let mut lifted: Vec<String> = Vec::new();
    for n in norms.iter().copied() {
        if matches!(n.modality, Modality::StatutoryTask | Modality::Route) {
            continue;
        }
        let applies = when_applies(n, status, own_duty);
        let bound = binds(&n.binds, &actor);
        if n.modality == Modality::Silent {
            if !applies.is_false() {
                checked.push(n.cite.to_string());
                f.step(&n.id, &n.cite, "silent", &n.zh, &n.en);
            }
            continue;
        }
        if applies.is_false() {
            f.step(&n.id, &n.cite, "not-applicable", format!("不适用于该事项：{}", n.zh), format!("Not about this task: {}", n.en));
            continue;
        }
        if bound.is_false() {
            checked.push(n.cite.to_string());
            f.step(
                &n.id,
                &n.cite,
                "does-not-bind",
                format!("不约束该主体（{actor}）：{}", n.zh),
                format!("Does not bind this assigner ({actor}): {}", n.en),
            );
            continue;
        }
        let relevance = applies.and(bound);
        match n.modality {
            Modality::Prohibition => {
                let routes: Vec<&Norm> = n.routes.iter().filter_map(|r| file.norm.iter().find(|m| &m.id == r)).collect();
                let route_values: Vec<(&Norm, Tri)> = routes
                    .iter()
                    .map(|r| (*r, Tri::all(r.requires.iter().map(|q| requirement_value(facts, q)))))
                    .collect();
                if let Some((r, _)) = route_values.iter().find(|(_, v)| v.is_true()) {
                    f.step(&n.id, &n.cite, "lifted", format!("{}；但{}", n.zh, r.zh), format!("{}; but {}", n.en, r.en));
                    basis.push(n.cite.to_string());
                    basis.push(r.cite.to_string());
                    lifted.push(n.cite.to_string());
                    lifted.push(r.cite.to_string());
                    continue;
                }
                if relevance.is_true() {
                    let open: Vec<&(&Norm, Tri)> = route_values.iter().filter(|(_, v)| *v == Tri::Unknown).collect();
                    if open.is_empty() {
                        // the routes that were tried and failed are part of what the answer rests on
                        failed_routes.extend(routes.iter().map(|r| r.cite.to_string()));
                        violated.push(n);
                        violation_notes.push((n.zh.clone(), n.en.clone()));
                        f.step(&n.id, &n.cite, "violated", &n.zh, &n.en);
                    } else {
                        let either = open.len() > 1;
                        for (r, _) in open {
                            conditional_on.push(r);
                            for q in r.requires.iter().filter(|q| !requirement_value(facts, q).is_true()) {
                                let mut c = condition(q.zh.clone(), q.en.clone(), r);
                                c.either_or = either;
                                push_condition(&mut conditions, c);
                            }
                        }
                        conditional_on.push(n);
                        f.cite(&n.cite);
                        f.step(&n.id, &n.cite, "conditional", format!("{}；除非符合例外途径", n.zh), format!("{}; unless the exception route holds", n.en));
                    }
                } else {
                    let zh = n.if_unknown_zh.clone().unwrap_or_else(|| format!("该事项不属于{}所禁止的情形", n.cite));
                    let en = n.if_unknown_en.clone().unwrap_or_else(|| format!("The task falls outside the ban of {}", n.cite));
                    push_condition(&mut conditions, condition(zh, en, n));
                    conditional_on.push(n);
                    f.step(&n.id, &n.cite, "conditional", format!("是否适用不明：{}", n.zh), format!("Unknown whether it applies: {}", n.en));
                }
            }
            Modality::Obligation => {
                let values: Vec<(&crate::norm::Requirement, Tri)> =
                    n.requires.iter().map(|q| (q, requirement_value(facts, q))).collect();
                let failed: Vec<_> = values.iter().filter(|(_, v)| v.is_false()).collect();
                let open: Vec<_> = values.iter().filter(|(_, v)| *v == Tri::Unknown).collect();
                if relevance.is_true() && !failed.is_empty() {
                    violated.push(n);
                    let (zh, en) = (
                        failed.iter().map(|(q, _)| q.zh.as_str()).collect::<Vec<_>>().join("；"),
                        failed.iter().map(|(q, _)| q.en.as_str()).collect::<Vec<_>>().join("; "),
                    );
                    violation_notes.push((format!("未满足：{zh}"), format!("not met: {en}")));
                    f.step(&n.id, &n.cite, "violated", format!("{}；未满足：{zh}", n.zh), format!("{}; not met: {en}", n.en));
                } else if failed.is_empty() && open.is_empty() {
                    basis.push(n.cite.to_string());
                    f.step(&n.id, &n.cite, "satisfied", &n.zh, &n.en);
                } else {
                    conditional_on.push(n);
                    let (pzh, pen) = match (relevance.is_true(), &n.if_unknown_zh, &n.if_unknown_en) {
                        (false, Some(zh), Some(en)) => (format!("{zh}："), format!("{en}: ")),
                        _ => (String::new(), String::new()),
                    };
                    for (q, _) in failed.iter().chain(open.iter()) {
                        push_condition(&mut conditions, condition(format!("{pzh}{}", q.zh), format!("{pen}{}", q.en), n));
                    }
                    f.step(&n.id, &n.cite, "conditional", &n.zh, &n.en);
                }
            }
            Modality::Permission => {
                if relevance.is_true() {
                    basis.push(n.cite.to_string());
                    f.step(&n.id, &n.cite, "permits", &n.zh, &n.en);
                } else {
                    f.step(&n.id, &n.cite, "may-permit", format!("可能适用：{}", n.zh), format!("May apply: {}", n.en));
                }
            }
            Modality::StatutoryTask | Modality::Route | Modality::Silent => {}
        }
    }

    let decision = if !violated.is_empty() {
        Decision::Prohibited
    } else if !conditions.is_empty() {
        Decision::Conditional
    } else if !basis.is_empty() {
        Decision::Permitted
    } else {
        Decision::NotGoverned
    };
    match decision {
        Decision::Prohibited => {
            f.citations.clear();
            for n in &violated {
                f.cite(&n.cite);
            }
            for c in failed_routes.iter().chain(&lifted) {
                f.cite(c);
            }
            let (zh, en): (Vec<_>, Vec<_>) = violation_notes.into_iter().unzip();
            f.summary_zh = format!("禁止：{}。", zh.join("；"));
            f.summary_en = format!("Prohibited: {}.", en.join("; "));
        }
        Decision::Conditional => {
            for c in &conditions {
                for cite in &c.citations {
                    f.cite(cite);
                }
            }
            for b in &basis {
                f.cite(b);
            }
            f.summary_zh = format!("附条件：须满足{}项条件。", conditions.len());
            f.summary_en = format!("Conditional: lawful only if the {} condition(s) listed hold.", conditions.len());
            f.conditions = conditions;
        }
        Decision::Permitted => {
            for b in &basis {
                f.cite(b);
            }
            f.summary_zh = format!("允许：依据{}。", basis.join("、"));
            f.summary_en = format!("Permitted under {}.", basis.join(", "));
        }
        Decision::NotGoverned => {
            for c in &checked {
                f.cite(c);
            }
            f.summary_zh = "本条例没有规范该主体或该事项的条款。".into();
            f.summary_en = "No provision of this regulation reaches this assigner or matter.".into();
        }
    }
    f.verdict = decision.as_str().into();
    Assessment { decision, actor, violated, conditional_on, finding: f }
}

pub fn finding(reg: &Regulation, file: &NormFile, target: Target, facts: &Facts) -> Finding {
    evaluate_assignment(reg, file, target, facts).finding
}
