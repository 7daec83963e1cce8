//! Numeric and checkable rules: facility area per household, residential utility prices.

use super::{Context, Finding};
use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::norm::NormFile;
use crate::question::Facts;
use crate::text::Regulation;
use serde_json::{json, Value};

fn number(x: f64) -> Value {
    let r = (x * 100.0).round() / 100.0;
    if r.fract() == 0.0 && r.abs() < 1e15 {
        json!(r as i64)
    } else {
        json!(r)
    }
}

/// A measured value as given (74.999 stays 74.999, 75.0 is 75): rounding it could make the
/// explanation contradict the verdict ("74.999 m² falls short of 75 m²" printed as 75 and 75).
fn given(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

pub fn facility_area(
    ctx: &Context,
    reg: &Regulation,
    file: &NormFile,
    facts: &Facts,
) -> Result<Finding> {
    let mut f = ctx.finding();
    let Some(rule) = file.facility_area.first() else {
        f.verdict = "not-governed".into();
        f.summary_zh = "本条例没有规定综合服务设施面积标准。".into();
        f.summary_en = "The regulation sets no area standard for service facilities.".into();
        f.step(
            format_args!("{}.facility-area", reg.meta.key),
            &reg.meta.key,
            "none",
            "无面积标准",
            "no area standard",
        );
        return Ok(f);
    };
    f.cite(rule.cite.to_string());
    for c in &rule.also_cite {
        f.cite(c.to_string());
    }
    f.step(
        format_args!("{}.facility-area", reg.meta.key),
        &rule.cite,
        &rule.standard,
        &rule.zh,
        &rule.en,
    );
    let (Some(per), Some(area), "local") =
        (rule.per_households, rule.area_m2, rule.standard.as_str())
    else {
        f.verdict = "not-governed".into();
        f.summary_zh = format!("{}；本条例没有自己的面积数值。", rule.zh);
        f.summary_en = format!("{}; the regulation has no figure of its own.", rule.en);
        return Ok(f);
    };
    let households = facts
        .households
        .ok_or_else(|| Error::MissingFact("households".into()))?;
    let minimum = households as f64 * area / per as f64;
    let per_started = households.div_ceil(per as u64) as f64 * area;
    match facts.area_m2 {
        None => {
            f.verdict = number(minimum);
            if per_started != minimum {
                f.alternatives.push(number(per_started));
            }
            f.summary_zh = format!("{households}户 × {area}平方米/{per}户 = {}平方米（原则上；不足{per}户的部分按{per}户计算则为{}平方米）。", number(minimum), number(per_started));
            f.summary_en = format!(
                "{households} households × {area} m² per {per} = {} m² in principle (counting each started hundred: {} m²).",
                number(minimum),
                number(per_started)
            );
        }
        Some(actual) => {
            let meets = actual + 1e-9 >= minimum;
            f.verdict = if meets { "yes" } else { "no" }.into();
            f.summary_zh = format!(
                "标准为{}平方米，实际{}平方米：{}。",
                number(minimum),
                given(actual),
                if meets { "达标" } else { "未达标" }
            );
            f.summary_en = format!(
                "The standard is {} m²; {} m² {} it.",
                number(minimum),
                given(actual),
                if meets { "meets" } else { "falls short of" }
            );
        }
    }
    Ok(f)
}

/// The Chinese name of a utility key, for the explanation.
fn utility_zh(lex: &Lexicon, key: &str) -> String {
    lex.utilities
        .iter()
        .find(|u| u.key == key)
        .map(|u| u.words[0].clone())
        .unwrap_or_else(|| key.to_string())
}

fn utility_key(lex: &Lexicon, facts: &Facts) -> Result<String> {
    let key = utility_from_key(lex, facts);
    let zh = utility_from_zh(lex, facts);
    match (key, zh) {
        (Some(k), Some(z)) if k != z => Err(Error::InvalidQuestion(format!(
            "`utility` names {k} but `utility_zh` names {z}"
        ))),
        (Some(k), _) => Ok(k),
        (None, Some(z)) => Ok(z),
        (None, None) => Err(Error::MissingFact("utility".into())),
    }
}

fn utility_from_key(lex: &Lexicon, facts: &Facts) -> Option<String> {
    let u = facts.text("utility")?.to_lowercase();
    Some(
        lex.utilities
            .iter()
            .find(|x| x.key == u || x.words.contains(&u))
            .map(|x| x.key.clone())
            .unwrap_or(u), // an unlisted utility is still a question with an answer: not covered
    )
}

fn utility_from_zh(lex: &Lexicon, facts: &Facts) -> Option<String> {
    let zh = facts.text("utility_zh")?;
    Some(
        lex.utilities
            .iter()
            .find(|x| x.words.iter().any(|w| zh.contains(w.as_str())))
            .map(|x| x.key.clone())
            .unwrap_or_else(|| zh.to_string()),
    )
}

pub fn utility_price(
    ctx: &Context,
    reg: &Regulation,
    file: &NormFile,
    facts: &Facts,
) -> Result<Finding> {
    let lex = ctx.base.lexicon;
    let utility = utility_key(lex, facts)?;
    let mut f = ctx.finding();
    if let (Some(facility), Some(rule)) = (facts.text("facility"), file.utility_price.first()) {
        if let Some(w) = lex
            .not_facilities
            .iter()
            .find(|w| facility.contains(w.as_str()))
        {
            f.cite(rule.cite.to_string());
            f.verdict = "not-governed".into();
            f.step(
                format_args!("{}.utility-price", reg.meta.key),
                &rule.cite,
                "other-premises",
                &rule.zh,
                &rule.en,
            );
            f.summary_zh = format!("不受规范：“{facility}”（{w}）不是{}。", rule.facility_zh);
            f.summary_en = format!(
                "Not governed: “{facility}” is not one of the premises the rule covers ({}).",
                rule.facility_zh
            );
            return Ok(f);
        }
    }
    let Some(rule) = file.utility_price.first() else {
        f.verdict = "not-governed".into();
        f.summary_zh = "本条例没有规定综合服务设施的公用事业价格。".into();
        f.summary_en =
            "The regulation says nothing on utility prices for service facilities.".into();
        return Ok(f);
    };
    f.cite(rule.cite.to_string());
    let listed = rule.utilities.contains(&utility);
    let id = format!("{}.utility-price", reg.meta.key);
    if listed {
        f.verdict = "yes".into();
        f.step(&id, &rule.cite, "listed", &rule.zh, &rule.en);
        let name = facts
            .text("utility_zh")
            .map(str::to_string)
            .unwrap_or_else(|| utility_zh(lex, &utility));
        f.summary_zh = format!(
            "是：{name}按照{}规定的居民价格标准收取（{}）。",
            rule.cite, rule.facility_zh
        );
        f.summary_en = format!(
            "Yes: {utility} is billed at the residential price ({}).",
            rule.cite
        );
    } else if rule.open_list && lex.utilities.iter().any(|u| u.metered && u.key == utility) {
        f.verdict = "conditional".into();
        f.step(&id, &rule.cite, "open-list", &rule.zh, &rule.en);
        f.conditions.push(crate::answer::Condition {
            text_zh: format!("该费用属于条文“等”字所涵盖的同类公用事业费用（{}）", rule.facility_zh).into(),
            text_en: format!("The {utility} charge counts as a utility of the same kind covered by the open list (等) of {}", rule.cite).into(),
            citations: vec![rule.cite.to_string().into()],
            either_or: false,
        group: None,
        });
        f.summary_zh = "附条件：条文列举以“等”结尾，未列明的费用是否涵盖取决于解释。".into();
        f.summary_en = "Conditional: the list ends in 等 (and so on); an unlisted charge is covered only if it is of the same kind.".into();
    } else {
        f.verdict = "not-governed".into();
        f.step(&id, &rule.cite, "not-listed", &rule.zh, &rule.en);
        f.summary_zh = format!(
            "不受规范：条文只列举{}，没有“等”字。",
            rule.utilities.join("、")
        );
        f.summary_en = format!(
            "Not governed: the provision lists only {} and is closed (no 等).",
            rule.utilities.join(", ")
        );
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ask, AskOptions};
    use crate::explain::Explain;

    /// The evaluator's finding for one regulation, at the full explanation.
    fn eval(
        key: &str,
        f: fn(&Context, &Regulation, &NormFile, &Facts) -> Result<Finding>,
        facts: Facts,
    ) -> Result<Finding> {
        let c = crate::embedded::context(Explain::Full).unwrap();
        f(
            &c,
            c.corpus.regulation(key).unwrap(),
            c.base.file(key).unwrap(),
            &facts,
        )
    }

    fn households(n: u64) -> Facts {
        let mut facts = Facts::new();
        facts.households = Some(n);
        facts
    }

    #[test]
    fn the_minimum_area_is_per_hundred_households() {
        // Haidong Art. 15 para 1: 30 m² per 100 households
        let f = eval("haidong", facility_area, households(300)).unwrap();
        assert_eq!(f.verdict, 90);
        assert_eq!(f.citations, ["haidong:15:1"]);
        assert!(f.alternatives.is_empty());
        // a started hundred is the other defensible reading
        let f = eval("haidong", facility_area, households(150)).unwrap();
        assert_eq!(f.verdict, 45);
        assert_eq!(f.alternatives, [json!(60)]);
    }

    #[test]
    fn a_regulation_without_a_local_figure_is_not_governed_citing_its_standard() {
        // Dalian follows the national construction standard (Art. 14 para 1)
        let f = eval("dalian", facility_area, households(300)).unwrap();
        assert_eq!(f.verdict, "not-governed");
        assert!(f.citations.iter().any(|c| c == "dalian:14:1"));
    }

    #[test]
    fn without_households_the_area_is_a_missing_fact() {
        let e = eval("haidong", facility_area, Facts::new()).unwrap_err();
        assert_eq!(e.code(), "missing-fact");
    }

    #[test]
    fn a_listed_utility_is_billed_at_the_residential_price() {
        let water = || Facts::new().with_text("utility", "water");
        let f = eval("haidong", utility_price, water()).unwrap();
        assert_eq!(f.verdict, "yes");
        assert_eq!(f.citations, ["haidong:15:3"]);
        let f = eval("dalian", utility_price, water()).unwrap();
        assert_eq!(
            (f.verdict.as_str(), f.citations[0].as_ref()),
            (Some("yes"), "dalian:39:2")
        );
        // a home is not one of the premises the rule covers
        let f = eval(
            "haidong",
            utility_price,
            water().with_text("facility", "居民家"),
        )
        .unwrap();
        assert_eq!(f.verdict, "not-governed");
    }

    #[test]
    fn the_utility_in_two_languages_must_agree() {
        let both = Facts::new()
            .with_text("utility", "water")
            .with_text("utility_zh", "电费");
        assert_eq!(
            eval("haidong", utility_price, both).unwrap_err().code(),
            "invalid-question"
        );
        let zh = Facts::new().with_text("utility_zh", "水费");
        assert_eq!(
            utility_key(crate::lexicon::Lexicon::embedded(), &zh).unwrap(),
            "water"
        );
        assert_eq!(
            utility_key(crate::lexicon::Lexicon::embedded(), &Facts::new())
                .unwrap_err()
                .code(),
            "missing-fact"
        );
    }

    #[test]
    fn numbers_print_as_the_law_and_the_user_wrote_them() {
        assert_eq!(number(90.0), json!(90));
        assert_eq!(number(45.004), json!(45));
        assert_eq!(number(74.999), json!(75));
        assert_eq!(given(74.999), "74.999");
        assert_eq!(given(75.0), "75");
    }

    fn summary(households: u32, area: &str) -> (String, String, String) {
        let q = format!(
            r#"{{"id":"a","kind":"facility-area","regulation":"haidong","facts":{{"households":{households},"area_m2":{area}}}}}"#
        );
        let a = ask(&q, &AskOptions::default());
        assert!(a.error.is_none(), "{q}: {:?}", a.error);
        (
            a.verdict.as_str().unwrap_or_default().to_string(),
            a.explanation.summary_en.to_string(),
            a.explanation.summary_zh.to_string(),
        )
    }

    #[test]
    fn the_measured_area_is_printed_as_given() {
        let (verdict, en, zh) = summary(250, "74.999");
        assert_eq!(verdict, "no");
        assert_eq!(en, "The standard is 75 m²; 74.999 m² falls short of it.");
        assert!(zh.contains("实际74.999平方米：未达标"), "{zh}");
        let (verdict, en, _) = summary(100, "29.999");
        assert_eq!(verdict, "no");
        assert!(en.contains("; 29.999 m² falls short"), "{en}");
        for (area, shown) in [
            ("75", "75"),
            ("75.0", "75"),
            ("75.25", "75.25"),
            ("1e3", "1000"),
        ] {
            let (verdict, en, _) = summary(250, area);
            assert_eq!(verdict, "yes", "{area}");
            assert!(en.contains(&format!("; {shown} m² meets")), "{area}: {en}");
        }
    }
}
