//! Article look-up and in-force questions.

use super::{not_in_force_reason, Finding, Wrapped};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::question::{parse_date, Question, Scope};
use crate::reference::Ref;
use crate::text::Regulation;

pub fn lookup(corpus: &Corpus, q: &Question) -> Result<Wrapped> {
    if let Some(raw) = q.facts.text("raw_date") {
        parse_date(raw)?;
    }
    let asked = match &q.scope {
        Scope::One(k) => Some(corpus.resolve(k)?.meta.key.clone()),
        Scope::All => None,
    };
    let requested = match q.facts.text("requested_regulation") {
        Some(name) => Some(corpus.resolve(name)?.meta.key.clone()),
        None => None,
    };
    // two names for the regulation must agree: never answer from another text than the one asked about
    let named = match (asked, requested) {
        (Some(a), Some(r)) if a != r => {
            return Err(Error::InvalidQuestion(format!(
                "`regulation` is {a} but `requested_regulation` is {r}"
            )))
        }
        (a, r) => r.or(a),
    };
    let by_numbers = match (q.facts.article, &named) {
        (Some(article), Some(reg)) => Some(Ref {
            reg: reg.clone(),
            article,
            paragraph: q.facts.paragraph,
            item: q.facts.item,
        }),
        (Some(_), None) => {
            return Err(Error::InvalidQuestion(
                "name the regulation of the article".into(),
            ))
        }
        (None, _) => None,
    };
    let by_text = match q.facts.text("ref_zh") {
        Some(s) => Some(corpus.parse_ref(s, named.as_deref())?),
        None => None,
    };
    let r = match (by_numbers, by_text) {
        (Some(a), Some(b)) => {
            let a = corpus.regulation(&a.reg)?.canonical(&a)?;
            if a != b {
                return Err(Error::InvalidQuestion(format!(
                    "the numbers name {a} but ref_zh names {b}"
                )));
            }
            a
        }
        (Some(a), None) => corpus.regulation(&a.reg)?.canonical(&a)?,
        (None, Some(b)) => b,
        (None, None) => return Err(Error::MissingFact("article (or ref_zh)".into())),
    };
    if let Some(n) = named.as_deref().filter(|n| *n != r.reg) {
        return Err(Error::InvalidQuestion(format!(
            "the question is about {n} but the reference names {}",
            r.reg
        )));
    }
    let reg = corpus.regulation(&r.reg)?;
    let text = reg.lookup(&r)?.text();
    let mut f = Finding::new(text);
    f.cite(&r);
    f.step(
        "lookup",
        &r,
        "found",
        format!("{}{}", reg.meta.title, r.to_zh()),
        format!("{} {}", reg.meta.english_title, r),
    );
    f.summary_zh = format!("{}{}的原文。", reg.meta.title, r.to_zh());
    f.summary_en = format!("The text of {r}.");
    Ok(f.into())
}

pub fn in_force(reg: &Regulation, q: &Question) -> Result<Wrapped> {
    let cite = format!("{}:{}", reg.meta.key, reg.meta.effective_article);
    let mut f = Finding::default();
    f.cite(&cite);
    // without a date, the timeless reading: is this text a regulation in force (from its date)?
    match not_in_force_reason(reg, q.date) {
        Some((zh, en)) => {
            f.verdict = "no".into();
            f.step(
                &format!("{}.effective-date", reg.meta.key),
                &cite,
                "not-in-force",
                &zh,
                &en,
            );
            f.summary_zh = zh;
            f.summary_en = en;
        }
        None => {
            let from = reg
                .meta
                .effective
                .map(|d| d.to_string())
                .unwrap_or_default();
            f.verdict = "yes".into();
            f.step(
                &format!("{}.effective-date", reg.meta.key),
                &cite,
                "in-force",
                format!("自{from}起施行"),
                format!("in force from {from}"),
            );
            f.summary_zh = format!("是：本条例自{from}起施行（{cite}）。");
            f.summary_en = format!("Yes: in force from {from} ({cite}).");
        }
    }
    Ok(f.into())
}
