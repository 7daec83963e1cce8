//! Article look-up and in-force questions.

use super::{not_in_force_reason, Context, Wrapped};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::question::{parse_date, Question, Scope};
use crate::reference::Ref;
use crate::text::Regulation;

pub fn lookup(ctx: &Context, q: &Question) -> Result<Wrapped> {
    let corpus = ctx.corpus;
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
        (None, Some(b)) => refined(corpus, b, q.facts.paragraph, q.facts.item)?,
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
    let mut f = ctx.finding();
    f.verdict = text.into();
    f.cite(r.to_string());
    f.step(
        "lookup",
        &r,
        "found",
        format_args!("{}{}", reg.meta.title, r.to_zh()),
        format_args!("{} {}", reg.meta.english_title, r),
    );
    f.summary_zh = format!("{}{}的原文。", reg.meta.title, r.to_zh());
    f.summary_en = format!("The text of {r}.");
    Ok(f.into())
}

pub fn in_force(ctx: &Context, reg: &Regulation, q: &Question) -> Result<Wrapped> {
    let cite = format!("{}:{}", reg.meta.key, reg.meta.effective_article);
    let mut f = ctx.finding();
    f.cite(&cite);
    // without a date, the timeless reading: is this text a regulation in force (from its date)?
    match not_in_force_reason(reg, q.date) {
        Some((zh, en)) => {
            f.verdict = "no".into();
            f.step(
                format_args!("{}.effective-date", reg.meta.key),
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
                format_args!("{}.effective-date", reg.meta.key),
                &cite,
                "in-force",
                format_args!("自{from}起施行"),
                format_args!("in force from {from}"),
            );
            f.summary_zh = format!("是：本条例自{from}起施行（{cite}）。");
            f.summary_en = format!("Yes: in force from {from} ({cite}).");
        }
    }
    Ok(f.into())
}

/// A `ref_zh` with `paragraph` / `item` facts but no `article`: the facts narrow the reference where
/// it stops short (第六条 + paragraph 2 → 6:2) and must agree with it where it does not, so that no
/// fact is silently ignored.
fn refined(corpus: &Corpus, mut r: Ref, paragraph: Option<u32>, item: Option<u32>) -> Result<Ref> {
    let given = r.clone();
    for (level, fact, slot) in [
        ("paragraph", paragraph, &mut r.paragraph),
        ("item", item, &mut r.item),
    ] {
        match (fact, *slot) {
            (Some(n), None) => *slot = Some(n),
            (Some(n), Some(m)) if n != m => {
                return Err(Error::InvalidQuestion(format!(
                    "ref_zh names {given} but the {level} fact is {n}"
                )))
            }
            _ => {}
        }
    }
    if r == given {
        return Ok(r);
    }
    corpus.regulation(&r.reg)?.canonical(&r)
}

#[cfg(test)]
mod tests {
    use crate::api::{ask, AskOptions};

    fn lookup(facts: &str) -> (Vec<crate::answer::Text>, Option<String>) {
        let q = format!(
            r#"{{"id":"t","kind":"article-lookup","regulation":"haidong","facts":{facts}}}"#
        );
        let a = ask(&q, &AskOptions::default());
        (a.citations, a.error.map(|e| e.code))
    }

    #[test]
    fn paragraph_and_item_facts_narrow_a_chinese_reference_and_are_never_ignored() {
        let cited = |c: &str| (vec![crate::answer::Text::from(c.to_string())], None);
        assert_eq!(lookup(r#"{"ref_zh":"第六条"}"#), cited("haidong:6"));
        assert_eq!(
            lookup(r#"{"ref_zh":"第六条","paragraph":1}"#),
            cited("haidong:6:1")
        );
        assert_eq!(
            lookup(r#"{"ref_zh":"第六条","paragraph":1,"item":7}"#),
            cited("haidong:6:1:7")
        );
        assert_eq!(
            lookup(r#"{"ref_zh":"第六条第一款","paragraph":1}"#),
            cited("haidong:6:1")
        );
        let code = |f: &str| lookup(f).1;
        assert_eq!(
            code(r#"{"ref_zh":"第六条第一款","paragraph":2}"#).as_deref(),
            Some("invalid-question")
        );
        assert_eq!(
            code(r#"{"ref_zh":"第六条","paragraph":9}"#).as_deref(),
            Some("unknown-article")
        );
    }

    #[test]
    fn a_hand_built_paragraph_zero_is_an_error_not_a_panic() {
        let corpus = crate::Corpus::get().unwrap();
        let reg = &corpus.regulations[0];
        let art = reg.articles().next().unwrap().number;
        let r = crate::Ref {
            reg: reg.meta.key.clone(),
            article: art,
            paragraph: Some(0),
            item: None,
        };
        assert_eq!(reg.lookup(&r).unwrap_err().code(), "unknown-article");
    }
}
