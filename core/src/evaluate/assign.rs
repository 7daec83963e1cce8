//! May this body give this work to a committee / community, or to the grid? Three-valued: each
//! norm is tried in the order of the data; unknown facts a norm needs become conditions.

use super::plan::{bit, target_slot, Given, NormPlan, Plan};
use super::{Context, Finding};
use crate::actor::{recognise, Actor, ActorPattern, ActorWords};
use crate::answer::{Condition, Text};
use crate::norm::{Modality, Norm, NormFile, Target};
use crate::question::{Facts, ListStatus};
use crate::text::Regulation;
use crate::tri::Tri;
use std::borrow::Cow;

/// The verdict of an assignment question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// `permitted`: a norm allows it and nothing binding forbids it.
    Permitted,
    /// `prohibited`: a prohibition applies with no route, or an obligation's requirement is false.
    Prohibited,
    /// `conditional`: lawful only if the answer's conditions hold.
    Conditional,
    /// `not-governed`: no norm of the regulation binds this assigner for this work.
    NotGoverned,
}

impl Decision {
    /// The verdict string, e.g. `not-governed`.
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
    /// The verdict.
    pub decision: Decision,
    /// The assigner as recognised from the facts (explicit level and kind win over the name).
    pub actor: Actor,
    /// Norms definitely breached.
    pub violated: Vec<&'a Norm>,
    /// Norms whose unknown facts became conditions.
    pub conditional_on: Vec<&'a Norm>,
    /// The finding the answer is made of.
    pub finding: Finding,
}

/// The assigner as the facts describe it: explicit level and kind win over the name.
pub fn assigner(words: &ActorWords, facts: &Facts) -> Actor {
    let mut a = facts
        .text("assigner")
        .map(|n| recognise(words, n))
        .unwrap_or_default();
    if facts.assigner_level.is_some() {
        a.level = facts.assigner_level;
    }
    if facts.assigner_kind.is_some() {
        a.kind = facts.assigner_kind;
    }
    if a.level.is_none() {
        a.level = crate::actor::implied_level(a.kind);
    }
    a
}

/// Whom the work goes to, from the assignee's name; `None` when the name does not say.
pub enum Assignee {
    Committee,
    Grid,
    /// A body the work-item and grid rules do not protect (an enterprise, an owners' committee …).
    Other(Option<crate::actor::Kind>),
}

pub fn assignee(words: &ActorWords, facts: &Facts) -> Option<Assignee> {
    let name = facts.text("assignee")?;
    // a name that is no committee, community or grid (楼栋长) is not what the list rules protect
    let Some(kind) = recognise(words, name).kind else {
        return Some(Assignee::Other(None));
    };
    Some(if kind.is_committee_like() {
        Assignee::Committee
    } else if kind.is_grid_like() {
        Assignee::Grid
    } else {
        Assignee::Other(Some(kind))
    })
}

pub fn binds(patterns: &[ActorPattern], actor: &Actor) -> Tri {
    Tri::any(patterns.iter().map(|p| p.matches(actor)))
}

/// The task's list status as this regulation knows it: a status the regulation has no list for
/// (Dalian has no negative list) is off the lists; the status given is returned beside it then.
fn list_status(
    plan: &Plan,
    target: Target,
    facts: &Facts,
) -> (Option<ListStatus>, Option<ListStatus>) {
    let Some(s) = facts.task_on_list else {
        return (None, None);
    };
    // no lists for enterprises
    if target == Target::Enterprise || s == ListStatus::None || plan.has_list(target, s) {
        (Some(s), None)
    } else {
        (Some(ListStatus::None), Some(s))
    }
}

/// Whether the norm (`n`, read as `p`) is about this task and assignee.
fn when_applies(
    n: &Norm,
    p: &NormPlan,
    status: Option<ListStatus>,
    own_duty: Tri,
    g: &Given,
) -> Tri {
    if !p.unless_all_false.is_empty() && p.unless_all_false.iter().all(|f| g.tri(f).is_false()) {
        return Tri::False;
    }
    // a norm about some assignees only (住宅小区物业管理服务企业; 居民委员会, not 村民委员会)
    if g.leaves_out(n, p) {
        return Tri::False;
    }
    let list = match p.list {
        None => Tri::True,
        Some(wanted) => match status {
            None => Tri::Unknown,
            Some(s) => Tri::from(wanted & bit(s) != 0),
        },
    };
    let own = match n.when.own_duty {
        None => Tri::True,
        Some(true) => own_duty,
        Some(false) => own_duty.not(),
    };
    list.and(own)
}

fn condition(zh: impl Into<Text>, en: impl Into<Text>, cite: &Norm) -> Condition {
    Condition {
        text_zh: zh.into(),
        text_en: en.into(),
        citations: vec![cite.prepared.citation.clone()],
        either_or: false,
        group: None,
    }
}

/// Adds a condition, merging it into an equal one already there (same text) with both citations.
fn push_condition(list: &mut Vec<Condition>, c: Condition) {
    if let Some(existing) = list
        .iter_mut()
        .find(|x| x.text_en == c.text_en && x.either_or == c.either_or && x.group == c.group)
    {
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
pub fn evaluate_assignment<'a>(
    ctx: &Context,
    reg: &Regulation,
    file: &'a NormFile,
    target: Target,
    facts: &Facts,
) -> Assessment<'a> {
    let plan = ctx.plan(reg, file);
    assess(ctx, reg, file, &plan, target, facts)
}

/// [`evaluate_assignment`] with the regulation's [`Plan`].
fn assess<'a>(
    ctx: &Context,
    reg: &Regulation,
    file: &'a NormFile,
    plan: &Plan,
    target: Target,
    facts: &Facts,
) -> Assessment<'a> {
    let g = Given::new(plan, facts);
    let actor = assigner(ctx.actor_words(), facts);
    let target = match assignee(ctx.actor_words(), facts) {
        Some(Assignee::Committee) => Target::Committee,
        Some(Assignee::Grid) => Target::Grid,
        None => target,
        // an enterprise the regulation speaks of (Haidong Art. 35 para 2) has its own rules
        Some(Assignee::Other(Some(crate::actor::Kind::Enterprise)))
            if plan.by_target[target_slot(Target::Enterprise)]
                .iter()
                .any(|&i| {
                    !when_applies(&file.norm[i], &plan.norms[i], None, Tri::Unknown, &g).is_false()
                }) =>
        {
            Target::Enterprise
        }
        Some(Assignee::Other(kind)) => {
            return unprotected_assignee(ctx, reg, file, plan, &g, target, actor, kind)
        }
    };
    let (status, remapped) = list_status(plan, target, facts);
    let own_duty = g.fact("task_is_assigner_own_duty");
    let mut t = Tally::new(ctx, file, plan, &g, actor);
    if let Some(orig) = remapped {
        let orig = orig.as_str();
        t.f.step(
            format_args!("{}.lists", reg.meta.key),
            &reg.meta.key,
            "remapped",
            format_args!("本条例没有“{orig}”类清单，该事项按清单以外事项处理。"),
            format_args!(
                "This regulation has no `{orig}` list; the task is treated as off the lists."
            ),
        );
    }
    let norms = &plan.by_target[target_slot(target)];
    let applies = |i: usize| when_applies(&file.norm[i], &plan.norms[i], status, own_duty, &g);

    // 1. work the regulation itself gives the assignee: only where the norm surely applies; it then
    // settles whatever the lists leave open, but not a definite breach (a negative-list item stays banned)
    let statutory: Option<&Norm> = norms
        .iter()
        .copied()
        .filter(|&i| file.norm[i].modality == Modality::StatutoryTask)
        .find(|&i| {
            let n = &file.norm[i];
            // (pure tests: the cheap ones first)
            !binds(&n.prepared.binds, &actor).is_false()
                && applies(i).is_true()
                && g.mentions(n, &plan.norms[i])
        })
        .map(|i| &file.norm[i]);
    if let Some(n) = statutory {
        t.f.step(&n.id, &n.prepared.citation, "statutory-task", &n.zh, &n.en);
    }

    // 2. prohibitions, obligations and permissions, in the order of the data
    for &i in norms {
        let n = &file.norm[i];
        if matches!(n.modality, Modality::StatutoryTask | Modality::Route) || n.fallback {
            continue;
        }
        let applies = applies(i);
        let bound = binds(&n.prepared.binds, &actor);
        if n.modality == Modality::Silent {
            if !applies.is_false() {
                t.checked.push(n.prepared.citation.clone());
                t.f.step(&n.id, &n.prepared.citation, "silent", &n.zh, &n.en);
            }
            continue;
        }
        if applies.is_false() {
            if n.modality == Modality::Permission && !bound.is_false() {
                t.checked.push(n.prepared.citation.clone()); // the permission that would have reached it
            }
            t.f.step(
                &n.id,
                &n.prepared.citation,
                "not-applicable",
                format_args!("不适用于该事项：{}", n.zh),
                format_args!("Not about this task: {}", n.en),
            );
            continue;
        }
        if bound.is_false() {
            t.checked.push(n.prepared.citation.clone());
            t.f.step(
                &n.id,
                &n.prepared.citation,
                "does-not-bind",
                format_args!("不约束该主体（{}）：{}", actor.in_zh(), n.zh),
                format_args!("Does not bind this assigner ({actor}): {}", n.en),
            );
            continue;
        }
        if applies.is_true() {
            t.reached = true;
        } else if n.modality != Modality::Permission {
            t.maybe_reached = true; // a ban or duty that may apply (its conditions come first)
        }
        match n.modality {
            Modality::Prohibition => t.prohibition(i, applies, bound),
            Modality::Obligation => t.obligation(i, applies, bound),
            Modality::Permission => t.permission(n, applies.and(bound)),
            Modality::StatutoryTask | Modality::Route | Modality::Silent => {}
        }
    }
    // 3. a permission that is the only rule left (committees *may* take commissioned work): its
    // requirements are the conditions of the assignment
    if !t.reached && statutory.is_none() {
        for &i in norms.iter().filter(|&&i| file.norm[i].fallback) {
            let n = &file.norm[i];
            let applies = applies(i);
            let bound = binds(&n.prepared.binds, &actor);
            if applies.is_false() || bound.is_false() {
                t.checked.push(n.prepared.citation.clone());
                continue;
            }
            t.fallback(i, bound);
        }
    }
    t.conclude(statutory)
}

/// `prefix` then `text`, without the formatting machinery (a condition's text is built for every
/// answer).
fn joined(prefix: &str, text: &Text) -> Text {
    if prefix.is_empty() {
        return text.clone(); // the data's own text, borrowed
    }
    let mut s = String::with_capacity(prefix.len() + text.len());
    s.push_str(prefix);
    s.push_str(text);
    Cow::Owned(s)
}

/// [`with_read_with`] in place, leaving the list untouched (and unallocated) when it would not
/// change it: no citation is read with another, and none is repeated.
pub fn add_read_with(file: &NormFile, cites: &mut Vec<Text>) {
    let unchanged = cites
        .iter()
        .enumerate()
        .all(|(i, c)| file.read_with_of(c).next().is_none() && !cites[..i].contains(c));
    if !unchanged {
        *cites = with_read_with(file, cites);
    }
}

/// Adds the provisions each cited norm or clause is read together with, right after it, once.
pub fn with_read_with(file: &NormFile, cites: &[Text]) -> Vec<Text> {
    let mut out: Vec<Text> = Vec::with_capacity(cites.len());
    let push = |c: &Text, out: &mut Vec<Text>| {
        if !out.contains(c) {
            out.push(c.clone());
        }
    };
    for c in cites {
        push(c, &mut out);
        let extra = file.read_with_of(c);
        for r in extra {
            push(r, &mut out);
        }
    }
    out
}

/// Work given to a body the list and grid rules do not protect (物业公司, 业主委员会, 楼栋长).
#[allow(clippy::too_many_arguments)]
fn unprotected_assignee<'a>(
    ctx: &Context,
    reg: &Regulation,
    file: &'a NormFile,
    plan: &Plan,
    g: &Given,
    target: Target,
    actor: Actor,
    kind: Option<crate::actor::Kind>,
) -> Assessment<'a> {
    let mut f = ctx.finding();
    let name = g.assignee.unwrap_or_default();
    f.step(
        format_args!("{}.assignee", reg.meta.key),
        &reg.meta.key,
        "not-governed",
        format_args!(
            "“{name}”（{}）不是居（村）民委员会、社区或者网格，本条例的清单和网格规则不保护其承接的工作。",
            kind.map(|k| k.zh()).unwrap_or("未识别的主体")
        ),
        format_args!(
            "“{name}” ({}) is neither a committee, a community nor the grid: the list and grid rules do not cover work given to it.",
            kind.map(|k| k.as_str()).unwrap_or("not a recognised body")
        ),
    );
    // cite the rules that were checked: those that would govern work given to the protected bodies
    let (status, _) = list_status(plan, target, g.facts);
    let own_duty = g.fact("task_is_assigner_own_duty");
    for &i in &plan.by_target[target_slot(target)] {
        let n = &file.norm[i];
        let relevant = matches!(n.modality, Modality::Prohibition | Modality::Obligation)
            && !when_applies(n, &plan.norms[i], status, own_duty, g).is_false()
            && !binds(&n.prepared.binds, &actor).is_false();
        if relevant {
            f.cite_text(&n.prepared.citation);
        }
    }
    add_read_with(file, &mut f.citations);
    f.verdict = Decision::NotGoverned.as_str().into();
    f.summarise(
        "本条例的工作事项清单和网格规则只调整交给居（村）民委员会、社区和网格的工作。",
        "The regulation's list and grid rules govern only work given to committees, communities and the grid.",
    );
    Assessment {
        decision: Decision::NotGoverned,
        actor,
        violated: vec![],
        conditional_on: vec![],
        finding: f,
    }
}

/// What the norms tried so far have found.
struct Tally<'a, 'f> {
    file: &'a NormFile,
    plan: &'f Plan,
    g: &'f Given<'f>,
    actor: Actor,
    f: Finding,
    violated: Vec<&'a Norm>,
    conditional_on: Vec<&'a Norm>,
    conditions: Vec<Condition>,
    /// Provisions that make the assignment lawful (permissions, satisfied obligations, lifted bans).
    basis: Vec<Text>,
    /// Provisions examined that turned out not to reach the assigner (cited when nothing governs).
    checked: Vec<Text>,
    violation_notes: Vec<(String, String)>,
    failed_routes: Vec<Text>,
    lifted: Vec<Text>,
    /// Whether a norm other than a fallback surely applies to the task (and may bind the assigner).
    reached: bool,
    /// Whether one may apply (its list status or own-duty fact is unknown).
    maybe_reached: bool,
}

impl<'a, 'f> Tally<'a, 'f> {
    fn new(
        ctx: &Context,
        file: &'a NormFile,
        plan: &'f Plan,
        g: &'f Given<'f>,
        actor: Actor,
    ) -> Self {
        Tally {
            file,
            plan,
            g,
            actor,
            f: ctx.finding(),
            violated: vec![],
            conditional_on: vec![],
            conditions: vec![],
            basis: vec![],
            checked: vec![],
            violation_notes: vec![],
            failed_routes: vec![],
            lifted: vec![],
            reached: false,
            maybe_reached: false,
        }
    }

    /// A fallback permission (可以承担…委托的相关工作) reaches the assignment only as what it
    /// describes: each requirement shown false takes the work outside it, unknown ones are conditions.
    fn fallback(&mut self, i: usize, bound: Tri) {
        let n = &self.file.norm[i];
        let values = self.requirements(i);
        if values.iter().any(|(_, v)| v.is_false()) {
            self.checked.push(n.prepared.citation.clone());
            self.f.step(
                &n.id,
                &n.prepared.citation,
                "not-applicable",
                format_args!("不属于该条所述情形：{}", n.zh),
                format_args!("The work is not what the provision describes: {}", n.en),
            );
            return;
        }
        let open: Vec<&crate::norm::Requirement> = values
            .iter()
            .filter(|(_, v)| *v == Tri::Unknown)
            .map(|(q, _)| *q)
            .collect();
        if open.is_empty() && bound.is_true() {
            self.basis.push(n.prepared.citation.clone());
            self.f
                .step(&n.id, &n.prepared.citation, "permits", &n.zh, &n.en);
            return;
        }
        self.conditional_on.push(n);
        let texts = &self.plan.norms[i].texts;
        let (mut pzh, mut pen) = if bound.is_true() {
            (String::new(), String::new())
        } else {
            texts.bound_and.clone()
        };
        if self.maybe_reached {
            pzh.insert_str(0, "如以上规定均不适用：");
            pen.insert_str(0, "If none of the rules above applies: ");
        }
        if open.is_empty() {
            let (zh, en) = texts.bound.clone();
            push_condition(&mut self.conditions, condition(zh, en, n));
        }
        for q in open {
            push_condition(
                &mut self.conditions,
                condition(joined(&pzh, &q.zh), joined(&pen, &q.en), n),
            );
        }
        self.f.step(
            &n.id,
            &n.prepared.citation,
            "conditional",
            format_args!("唯一适用的规定：{}", n.zh),
            format_args!("The only rule that applies: {}", n.en),
        );
    }

    fn route_conditions(&mut self, r: usize, either_or: bool, group: u32) {
        let route = &self.file.norm[r];
        self.conditional_on.push(route);
        let g = self.g;
        for (q, _) in route
            .requires
            .iter()
            .zip(&self.plan.norms[r].requires)
            .filter(|(_, facts)| !g.all(facts).is_true())
        {
            let mut c = condition(q.zh.clone(), q.en.clone(), route);
            c.either_or = either_or;
            c.group = either_or.then_some(group);
            push_condition(&mut self.conditions, c);
        }
    }

    /// 不得: breached unless a route holds; unknown routes, binding or applicability are conditions.
    fn prohibition(&mut self, i: usize, applies: Tri, bound: Tri) {
        let relevance = applies.and(bound);
        let (file, plan, g) = (self.file, self.plan, self.g);
        let n = &file.norm[i];
        let routes = &plan.norms[i].routes;
        let values: Vec<(usize, Tri)> = routes
            .iter()
            .map(|&r| (r, Tri::all(plan.norms[r].requires.iter().map(|q| g.all(q)))))
            .collect();
        if let Some(r) = values
            .iter()
            .find(|(_, v)| v.is_true())
            .map(|(r, _)| &file.norm[*r])
        {
            self.f.step(
                &n.id,
                &n.prepared.citation,
                "lifted",
                format_args!("{}；但{}", n.zh, r.zh),
                format_args!("{}; but {}", n.en, r.en),
            );
            self.basis.push(r.prepared.citation.clone());
            self.lifted.push(n.prepared.citation.clone());
            return;
        }
        let open: Vec<usize> = values
            .iter()
            .filter(|(r, v)| *v == Tri::Unknown && !file.norm[*r].presumed_absent)
            .map(|(r, _)| *r)
            .collect();
        if relevance.is_true() && open.is_empty() {
            self.failed_routes.extend(
                routes
                    .iter()
                    .map(|&r| file.norm[r].prepared.citation.clone()),
            );
            self.violated.push(n);
            if self.f.explains_summary() {
                self.violation_notes.push((n.zh.clone(), n.en.clone()));
            }
            self.f
                .step(&n.id, &n.prepared.citation, "violated", &n.zh, &n.en);
            return;
        }
        // the alternatives: the ban does not reach the assigner or the task, or a route holds
        let either_or = open.len() + usize::from(!relevance.is_true()) > 1;
        if applies.is_true() && bound == Tri::Unknown {
            let (zh, en) = plan.norms[i].texts.not_bound.clone();
            let mut c = condition(zh, en, n);
            c.either_or = either_or;
            c.group = either_or.then_some(0);
            push_condition(&mut self.conditions, c);
        } else if !relevance.is_true() {
            let zh = n
                .if_unknown_zh
                .clone()
                .unwrap_or_else(|| plan.norms[i].texts.outside.0.clone().into());
            let en = n
                .if_unknown_en
                .clone()
                .unwrap_or_else(|| plan.norms[i].texts.outside.1.clone().into());
            let mut c = condition(zh, en, n);
            c.either_or = either_or;
            c.group = either_or.then_some(0);
            push_condition(&mut self.conditions, c);
        }
        // alternative 0: the ban does not reach the assigner or task; alternative i: route i holds
        for (i, r) in open.into_iter().enumerate() {
            self.route_conditions(r, either_or, i as u32 + 1);
        }
        self.conditional_on.push(n);
        self.f.cite_text(&n.prepared.citation);
        self.f.step(
            &n.id,
            &n.prepared.citation,
            "conditional",
            format_args!("{}；是否违反取决于条件", n.zh),
            format_args!("{}; whether it is breached depends on the conditions", n.en),
        );
    }

    /// 应当: a false requirement is a breach, an unknown one a condition.
    fn obligation(&mut self, i: usize, applies: Tri, bound: Tri) {
        let relevance = applies.and(bound);
        let n = &self.file.norm[i];
        let values = self.requirements(i);
        // the requirements shown false, and those unknown (read from `values`, not collected)
        let with = |want: Tri| {
            values
                .iter()
                .filter(move |(_, v)| *v == want)
                .map(|(q, _)| *q)
        };
        let (failed, open) = (|| with(Tri::False), || with(Tri::Unknown));
        let any_failed = failed().next().is_some();
        if relevance.is_true() && any_failed {
            self.violated.push(n);
            // the notes are text for the summary and the trace only
            if !self.f.explains_summary() {
                return;
            }
            let zh = failed().map(|q| &*q.zh).collect::<Vec<_>>().join("；");
            let en = failed().map(|q| &*q.en).collect::<Vec<_>>().join("; ");
            self.violation_notes
                .push((format!("未满足：{zh}"), format!("not met: {en}")));
            self.f.step(
                &n.id,
                &n.prepared.citation,
                "violated",
                format_args!("{}；未满足：{zh}", n.zh),
                format_args!("{}; not met: {en}", n.en),
            );
            return;
        }
        if !any_failed && open().next().is_none() {
            self.basis.push(n.prepared.citation.clone());
            self.f
                .step(&n.id, &n.prepared.citation, "satisfied", &n.zh, &n.en);
            return;
        }
        self.conditional_on.push(n);
        // when it is unknown whether the norm reaches this assigner or task, say so before each requirement
        let texts = &self.plan.norms[i].texts;
        let (pzh, pen): (&str, &str) = if relevance.is_true() {
            ("", "")
        } else if applies.is_true() {
            (&texts.if_bound.0, &texts.if_bound.1)
        } else {
            match &texts.if_reaches {
                Some((zh, en)) => (zh, en),
                None => ("", ""),
            }
        };
        for q in failed().chain(open()) {
            push_condition(
                &mut self.conditions,
                condition(joined(pzh, &q.zh), joined(pen, &q.en), n),
            );
        }
        self.f
            .step(&n.id, &n.prepared.citation, "conditional", &n.zh, &n.en);
    }

    /// Each requirement of norm `i` with its value.
    fn requirements(&self, i: usize) -> Vec<(&'a crate::norm::Requirement, Tri)> {
        let g = self.g;
        self.file.norm[i]
            .requires
            .iter()
            .zip(&self.plan.norms[i].requires)
            .map(|(q, facts)| (q, g.all(facts)))
            .collect()
    }

    /// 可以: a basis for `permitted` when it surely applies.
    fn permission(&mut self, n: &'a Norm, relevance: Tri) {
        if relevance.is_true() {
            self.basis.push(n.prepared.citation.clone());
            self.f
                .step(&n.id, &n.prepared.citation, "permits", &n.zh, &n.en);
        } else {
            self.f.step(
                &n.id,
                &n.prepared.citation,
                "may-permit",
                format_args!("可能适用：{}", n.zh),
                format_args!("May apply: {}", n.en),
            );
        }
    }

    fn conclude(mut self, statutory: Option<&'a Norm>) -> Assessment<'a> {
        let f = &mut self.f;
        // work the regulation itself gives the assignee is not "off the lists"; an unmet obligation or
        // an absolute ban (a negative-list item) still stands
        let stands = |v: &&Norm| v.modality == Modality::Obligation || v.absolute;
        if let (Some(n), true) = (statutory, self.violated.iter().all(|v| !stands(v))) {
            for v in &self.violated {
                f.step(
                    &v.id,
                    &v.prepared.citation,
                    "superseded",
                    format_args!("{}；但该工作由{}直接规定", v.zh, n.cite),
                    format_args!("{}; but {} itself gives this work", v.en, n.cite),
                );
            }
            f.citations.clear();
            f.cite_text(&n.prepared.citation);
            f.verdict = Decision::Permitted.as_str().into();
            f.summarise(
                format_args!("允许：{}（{}）。", n.zh, n.cite),
                format_args!("Permitted: {} ({}).", n.en, n.cite),
            );
            return Assessment {
                decision: Decision::Permitted,
                actor: self.actor,
                violated: vec![],
                conditional_on: vec![],
                finding: self.f,
            };
        }
        let decision = if !self.violated.is_empty() {
            Decision::Prohibited
        } else if !self.conditions.is_empty() {
            Decision::Conditional
        } else if !self.basis.is_empty() {
            Decision::Permitted
        } else {
            Decision::NotGoverned
        };
        match decision {
            Decision::Prohibited => {
                f.citations.clear();
                for n in &self.violated {
                    f.cite_text(&n.prepared.citation);
                }
                for c in self.failed_routes.iter().chain(&self.lifted) {
                    f.cite_text(c);
                }
                if f.explains_summary() {
                    let (zh, en): (Vec<_>, Vec<_>) = std::mem::take(&mut self.violation_notes)
                        .into_iter()
                        .unzip();
                    f.summarise(
                        format_args!("禁止：{}。", zh.join("；")),
                        format_args!("Prohibited: {}.", en.join("; ")),
                    );
                }
            }
            Decision::Conditional => {
                for c in &self.conditions {
                    for cite in &c.citations {
                        f.cite_text(cite);
                    }
                }
                for b in self.basis.iter().chain(&self.lifted) {
                    f.cite_text(b);
                }
                f.summarise(
                    format_args!("附条件：须满足{}项条件。", self.conditions.len()),
                    format_args!(
                        "Conditional: lawful only if the {} condition(s) listed hold.",
                        self.conditions.len()
                    ),
                );
                f.conditions = std::mem::take(&mut self.conditions);
            }
            Decision::Permitted => {
                for b in self.basis.iter().chain(&self.lifted) {
                    f.cite_text(b);
                }
                if f.explains_summary() {
                    let mut grounds: Vec<&Text> = Vec::new();
                    for b in &self.basis {
                        if !grounds.contains(&b) {
                            grounds.push(b);
                        }
                    }
                    let grounds: Vec<&str> = grounds.iter().map(|s| &***s).collect();
                    f.summarise(
                        format_args!("允许：依据{}。", grounds.join("、")),
                        format_args!("Permitted under {}.", grounds.join(", ")),
                    );
                }
            }
            Decision::NotGoverned => {
                for c in &self.checked {
                    f.cite_text(c);
                }
                f.summarise(
                    "本条例没有规范该主体或该事项的条款。",
                    "No provision of this regulation reaches this assigner or matter.",
                );
            }
        }
        f.verdict = decision.as_str().into();
        add_read_with(self.file, &mut f.citations);
        for c in &mut f.conditions {
            add_read_with(self.file, &mut c.citations);
        }
        Assessment {
            decision,
            actor: self.actor,
            violated: self.violated,
            conditional_on: self.conditional_on,
            finding: self.f,
        }
    }
}

pub fn finding(
    ctx: &Context,
    reg: &Regulation,
    file: &NormFile,
    target: Target,
    facts: &Facts,
) -> Finding {
    evaluate_assignment(ctx, reg, file, target, facts).finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::Context;
    use crate::explain::Explain;

    fn ctx(explain: Explain) -> Context<'static> {
        crate::embedded::context(explain).unwrap()
    }

    /// Haidong's assignment to a committee, as the evaluator assesses it.
    fn assess(facts: Facts) -> Assessment<'static> {
        let c = ctx(Explain::Full);
        let reg = c.corpus.regulation("haidong").unwrap();
        let file = c.base.file("haidong").unwrap();
        evaluate_assignment(&c, reg, file, Target::Committee, &facts)
    }

    fn assist(assigner: &str, conditions: Option<bool>) -> Facts {
        Facts::new()
            .with_text("assigner", assigner)
            .with_text("assignee", "村民委员会")
            .with_list(ListStatus::Assist)
            .with_tri("work_conditions_provided", conditions)
    }

    #[test]
    fn an_assist_item_with_the_work_conditions_is_permitted() {
        // Haidong Art. 23 para 2: assist items come with the necessary work conditions
        let a = assess(assist("区民政局", Some(true)));
        assert_eq!(a.decision, Decision::Permitted);
        assert!(a.violated.is_empty() && a.conditional_on.is_empty());
        assert_eq!(a.finding.verdict, "permitted");
        assert_eq!(a.finding.citations, ["haidong:23:2"]);
        assert!(a.finding.conditions.is_empty());
    }

    #[test]
    fn an_assist_item_without_them_breaches_the_obligation() {
        let a = assess(assist("县农业农村局", Some(false)));
        assert_eq!(a.decision, Decision::Prohibited);
        assert!(!a.violated.is_empty());
        assert!(a
            .violated
            .iter()
            .all(|n| n.cite.to_string() == "haidong:23:2"));
        assert_eq!(a.finding.citations, ["haidong:23:2"]);
    }

    #[test]
    fn an_unknown_requirement_becomes_a_cited_condition() {
        let a = assess(assist("县人民政府", None));
        assert_eq!(a.decision, Decision::Conditional);
        assert!(!a.conditional_on.is_empty());
        assert_eq!(a.finding.conditions.len(), 1);
        assert!(a.finding.conditions[0]
            .citations
            .iter()
            .any(|c| c == "haidong:23:2"));
        assert!(a.finding.conditions[0].text_zh.contains("工作条件"));
    }

    #[test]
    fn work_for_a_body_the_rules_do_not_protect_is_not_governed() {
        // an owners' committee is neither a residents' committee, a community nor the grid
        let a = assess(
            Facts::new()
                .with_text("assigner", "县人民政府")
                .with_text("assignee", "业主委员会")
                .with_list(ListStatus::None),
        );
        assert_eq!(a.decision, Decision::NotGoverned);
        assert_eq!(a.finding.verdict, "not-governed");
        assert!(a.finding.steps[0].zh.contains("业主委员会"));
        // the rules that would have governed work given to a committee are cited
        assert!(a.finding.citations.iter().any(|c| c == "haidong:23:3"));
        // an enterprise has rules of its own (Haidong Art. 35 para 2: property companies assist
        // township governments), which do not bind a county government
        let a = assess(
            Facts::new()
                .with_text("assigner", "县人民政府")
                .with_text("assignee", "物业公司")
                .with_list(ListStatus::None),
        );
        assert_eq!(a.decision, Decision::NotGoverned);
        assert_eq!(a.finding.citations, ["haidong:35:2"]);
    }

    #[test]
    fn the_explanation_level_drops_steps_and_never_the_decision() {
        let c = ctx(Explain::Full);
        let reg = c.corpus.regulation("haidong").unwrap();
        let file = c.base.file("haidong").unwrap();
        let facts = assist("县人民政府", None);
        let full = finding(&c, reg, file, Target::Committee, &facts);
        assert!(!full.steps.is_empty());
        for level in [Explain::Summary, Explain::None] {
            let f = finding(&c.at(level), reg, file, Target::Committee, &facts);
            assert!(f.steps.is_empty(), "{level:?}");
            assert_eq!(
                (&f.verdict, &f.conditions, &f.citations),
                (&full.verdict, &full.conditions, &full.citations)
            );
        }
    }

    #[test]
    fn explicit_level_and_kind_win_over_the_name() {
        let words = &crate::lexicon::Lexicon::embedded().actors;
        let named = assigner(words, &Facts::new().with_text("assigner", "区民政局"));
        assert_eq!(named.kind, Some(crate::actor::Kind::Department));
        let mut facts = Facts::new().with_text("assigner", "区民政局");
        facts.assigner_kind = Some(crate::actor::Kind::Government);
        let told = assigner(words, &facts);
        assert_eq!(told.kind, Some(crate::actor::Kind::Government));
        assert_eq!(told.level, named.level);
    }
}
