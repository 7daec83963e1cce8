//! The answers to a duty-of question, one function each: what each decides, and its verdict,
//! citations, trace steps and summaries.

use super::index::Entry;
use super::members::{kinds_bear, members, members_bear, same_field};
use super::reading::{real, Reading};
use super::{Aim, Duty, Finding};
use crate::actor::Actor;
use crate::norm::ValueAnswer;
use crate::text::Regulation;

/// A value of the norm data as a verdict's English summary writes it (`annual`, `30 m²`).
fn value_text(v: &ValueAnswer) -> String {
    match (&v.value, &v.unit) {
        (serde_json::Value::String(s), _) => s.clone(),
        (other, Some(u)) => format!("{other} {u}"),
        (other, None) => other.to_string(),
    }
}

/// Answers by a value of the norm data: the value; asked whether, yes or no by it (每季度…吗 when
/// the text says 每年: no); `no` when the actor does not bear the duty.
pub(super) fn value_answer(f: &mut Finding, r: &Reading, v: &ValueAnswer, aim: Aim) {
    f.cite(v.cite.to_string());
    f.step(&v.id, &v.cite, "value", &v.zh, &v.en);
    if r.actor_bears == Some(false) && r.matched.is_some() {
        let b = r.named().map_or("", |b| b.name);
        f.verdict = "no".into();
        summarise(
            f,
            || format!("否：该职责由{b}承担（{}）。", v.cite),
            || format!("No: the duty lies with {b} ({}).", v.cite),
        );
    } else if aim == Aim::Whether {
        let other = r.lex.frequency_words.iter().any(|w| r.in_asked(w)) && !r.states(v);
        let yes = real(v) && !other;
        f.verdict = if yes { "yes" } else { "no" }.into();
        summarise(
            f,
            || {
                format!(
                    "{}：{}（{}）。",
                    if yes { "是" } else { "否" },
                    v.zh,
                    v.cite
                )
            },
            || format!("{}: {} ({}).", if yes { "Yes" } else { "No" }, v.en, v.cite),
        );
    } else {
        f.verdict = v.value.clone();
        summarise(
            f,
            || format!("{}（{}）。", v.zh, v.cite),
            || format!("{} ({}): {}.", v.en, v.cite, value_text(v)),
        );
    }
}

/// Answers a value question the norm data's values do not: the value the matched provision's data
/// fixes (a standard, a count, a date …), else `no` citing the provision on the matter.
pub(super) fn provision_value_answer(f: &mut Finding, r: &Reading) {
    if let Some((_, e)) = r.matched {
        let d = &e.duty;
        if let Some(v) = r.provision_value(d) {
            f.cite(d.cite.to_string());
            f.step(
                &d.id,
                &d.cite,
                "value",
                format_args!("{}：{}", v.text, d.sentence),
                format_args!("{}: {}", v.text, d.sentence),
            );
            f.verdict = v.value.clone().into();
            summarise(
                f,
                || format!("{}（{}）。", v.text, d.cite),
                || format!("{} ({}).", v.value, d.cite),
            );
            return;
        }
    }
    f.verdict = "no".into();
    match r.matched.map(|(s, e)| (s, &e.duty)).or(r.closest) {
        Some((s, d)) => {
            f.cite(d.cite.to_string());
            f.step(
                format_args!("{}.duty", r.reg.meta.key),
                &d.cite,
                "no-value",
                format_args!(
                    "最接近的条文（相似度{s:.2}）没有规定频次、数量或者期限：{}",
                    d.sentence
                ),
                format_args!(
                    "The closest provision (similarity {s:.2}) fixes no frequency, quantity or time: {}",
                    d.sentence
                ),
            );
            summarise(
                f,
                || format!("否：{}没有规定具体的频次、数量或者期限。", d.cite),
                || format!("No: {} fixes no frequency, quantity or time.", d.cite),
            );
        }
        None => {
            let query = r.query;
            no_match_step(f, r.reg, query);
            summarise(
                f,
                || format!("否：本条例没有规定“{query}”。"),
                || format!("No: the regulation says nothing of “{query}”."),
            );
        }
    }
}

/// Answers a question whose words match no provision: `no`, citing the closest provision, which
/// shows what the regulation does say.
pub(super) fn no_match_answer(f: &mut Finding, r: &Reading) {
    let query = r.query;
    f.verdict = "no".into();
    match r.closest {
        Some((s, d)) => {
            f.cite(d.cite.to_string());
            f.step(
                format_args!("{}.duty", r.reg.meta.key),
                &d.cite,
                "closest",
                format_args!(
                    "没有条文规定该职责；最接近的条文（相似度{s:.2}）：{}",
                    d.sentence
                ),
                format_args!(
                    "No provision states this duty; the closest (similarity {s:.2}): {}",
                    d.sentence
                ),
            );
            summarise(
                f,
                || format!("本条例没有规定“{query}”这一职责；最接近的是{}。", d.cite),
                || {
                    format!("The regulation states no duty matching “{query}”; the closest provision is {}.", d.cite)
                },
            );
        }
        None => {
            no_match_step(f, r.reg, query);
            summarise(
                f,
                || format!("本条例没有规定“{query}”这一职责。"),
                || format!("The regulation states no duty matching “{query}”."),
            );
        }
    }
}

/// Cites the matched provision and records the match.
pub(super) fn matched_step(f: &mut Finding, reg: &Regulation, score: f64, duty: &Duty) {
    f.cite(duty.cite.to_string());
    f.step(
        format_args!("{}.duty", reg.meta.key),
        &duty.cite,
        "matched",
        format_args!("最接近的条文（相似度{score:.2}）：{}", duty.sentence),
        format_args!(
            "Closest provision (similarity {score:.2}): {}",
            duty.sentence
        ),
    );
}

/// Answers whether the regulation says it (no actor asked about): yes, in the matched provision.
pub(super) fn says_it_answer(f: &mut Finding, r: &Reading, duty: &Duty) {
    let bearer = r.named().map_or("unspecified", |b| b.name);
    f.verdict = "yes".into();
    summarise(
        f,
        || format!("是：{}规定了该事项（由{bearer}负责）。", duty.cite),
        || {
            format!(
                "Yes: {} provides for it (the duty lies with {bearer}).",
                duty.cite
            )
        },
    );
}

/// Answers to whom (报X备案, 向X报告): the body the matched provision names, or `no`.
pub(super) fn recipient_answer(f: &mut Finding, duty: &Duty) {
    match duty.recipient.as_deref() {
        Some(to) => {
            f.verdict = to.into();
            summarise(
                f,
                || format!("向{to}（{}）。", duty.cite),
                || format!("To {to} ({}).", duty.cite),
            );
        }
        None => {
            f.verdict = "no".into();
            summarise(
                f,
                || format!("否：{}没有规定接受的机关。", duty.cite),
                || format!("No: {} names no body it goes to.", duty.cite),
            );
        }
    }
}

/// Answers who: the matched provision's bearer, or the body that receives a filing or gives an
/// approval when the words ask about that (报街道办事处或者乡镇人民政府备案).
pub(super) fn who_answer(f: &mut Finding, r: &Reading, entry: &Entry) {
    let duty = &entry.duty;
    if let Some(recipient) = entry.acts().recipient(r.lex, r.query, false) {
        f.verdict = recipient.into();
        summarise(
            f,
            || format!("由{recipient}接受（{}）。", duty.cite),
            || format!("{recipient} receives it ({}).", duty.cite),
        );
        return;
    }
    let bearer = r.named().map_or("unspecified", |b| b.name);
    f.verdict = bearer.into();
    summarise(
        f,
        || format!("由{bearer}负责（{}）。", duty.cite),
        || format!("The duty lies with {bearer} ({}).", duty.cite),
    );
}

/// Answers whether `actor` (recognised as `a`) bears the matched duty: it is among the bodies the
/// bearer names (or, asked about a filing, the body that receives it), of the field the bearer
/// names, and the wording binds (permissive wording is never a duty).
pub(super) fn bears_answer(f: &mut Finding, r: &Reading, entry: &Entry, actor: &str, a: Actor) {
    let (lex, duty) = (r.lex, &entry.duty);
    let acts = entry.acts();
    // the question whether a body receives a filing is about the recipient
    let (bearer, among) = match acts.recipient(lex, r.query, false) {
        Some(other) => (
            other,
            other.contains(actor) || members_bear(&members(lex, other), &a),
        ),
        None => match r.named() {
            Some(n) => (
                n.name,
                n.bears(lex, actor, &a) || kinds_bear(&duty.bearer_kinds, &a),
            ),
            None => ("unspecified", false),
        },
    };
    // a department named by its field (应急管理部门) is not any department
    let among = among && same_field(lex, bearer, actor, &a);
    // permissive wording (可以, 鼓励, 支持) is never a duty of its bearer
    let permissive = among && !duty.binds;
    let yes = among && !permissive;
    f.verdict = if yes { "yes" } else { "no" }.into();
    summarise(
        f,
        || {
            if permissive {
                format!(
                    "否：{}对{bearer}是授权或者鼓励性规定，不是义务。",
                    duty.cite
                )
            } else {
                format!(
                    "{}：该职责由{bearer}承担（{}）。",
                    if yes { "是" } else { "否" },
                    duty.cite
                )
            }
        },
        || {
            if permissive {
                format!(
                    "No: {} permits or encourages {bearer}; it imposes no duty.",
                    duty.cite
                )
            } else {
                format!(
                    "{}: the duty lies with {bearer} ({}).",
                    if yes { "Yes" } else { "No" },
                    duty.cite
                )
            }
        },
    );
}

/// Sets a finding's summaries, unless its explanation level drops them (then they are not built).
fn summarise(f: &mut Finding, zh: impl FnOnce() -> String, en: impl FnOnce() -> String) {
    if f.explains_summary() {
        f.summary_zh = zh();
        f.summary_en = en();
    }
}

/// The trace step of a duty question that no provision of the regulation comes close to.
fn no_match_step(f: &mut Finding, reg: &Regulation, query: &str) {
    f.step(
        format_args!("{}.duty", reg.meta.key),
        &reg.meta.key,
        "no-match",
        format_args!("没有与“{query}”相近的条文"),
        format_args!("No provision is close to “{query}”"),
    );
}
