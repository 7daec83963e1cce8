//! Which regulations have a feature, or how does the same conduct fare under each?

use super::{assign, evaluate_kind, liability, wrap_date, Context, Finding, Wrapped};
use crate::actor::recognise;
use crate::answer::Condition;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::norm::{normalise, Feature, FeatureEntry, Liability, Norm, NormBase, NormFile, Target};
use crate::question::{Question, QuestionKind, Scope};
use crate::text::Regulation;
use serde_json::{Map, Value};

/// The regulations compared: the `regulations` fact, else the one in `regulation`, else all. The
/// question's words never choose them (a question says `regulations` to narrow the comparison).
fn scope<'a>(corpus: &'a Corpus, q: &Question) -> Result<Vec<&'a Regulation>> {
    if let Some(keys) = &q.facts.regulations {
        if keys.is_empty() {
            // a comparison over no regulation answers nothing: a contradiction, not "none has it"
            return Err(Error::InvalidQuestion(
                "`regulations` is an empty list: name the regulations to compare, or leave it out \
                 to compare them all"
                    .into(),
            ));
        }
        return keys.iter().map(|k| corpus.resolve(k)).collect();
    }
    if let Scope::One(k) = &q.scope {
        return Ok(vec![corpus.resolve(k)?]);
    }
    Ok(corpus.regulations.iter().collect())
}

/// Whether the words ask for a consequence (责任, 追究, 处分, 予以纠正, 罚, 后果, liability …).
/// The words are the lexicon's `consequence_words`.
pub fn asks_consequence(lex: &Lexicon, query: &str) -> bool {
    let q = query.to_lowercase();
    // 职责 (a body's duties) is not 责任 (liability)
    let q = q.replace("职责", "");
    lex.consequence_words.iter().any(|w| q.contains(w.as_str()))
}

fn without_consequence_words(lex: &Lexicon, query: &str) -> String {
    let mut q = query.to_lowercase();
    for w in &lex.consequence_words {
        q = q.replace(w.as_str(), " ");
    }
    q.replace("法律", " ")
}

/// How strongly a (normalised) query points to a feature by its own names and signals; `alias` is
/// the query's best closeness to one of the feature's names (`FeatureCatalogue::alias_scores`: how
/// much of the name the query holds, plus how much of the query the name covers); each signal word
/// adds `signal_weight` (the lexicon's threshold of that name).
fn own_score(q: &str, f: &Feature, alias: f64, signal_weight: f64) -> f64 {
    // each matched group counts by its size: two words together are stronger evidence than one
    let signals: usize = f
        .signals
        .iter()
        .filter(|g| g.iter().all(|w| q.contains(w.as_str())))
        .map(Vec::len)
        .sum();
    alias + signal_weight * signals as f64
}

/// A score at least this high selects a feature.
const CONFIDENT: f64 = 1.0;

/// Finds a feature of the catalogue by id, name or alias; else the feature the words point to with
/// confidence. Words asking for a consequence choose among the consequence features only (a twin
/// through its conduct's words, or the liability chapter); otherwise twins are not candidates. No
/// confident match is an `unknown-feature` error naming the closest features.
pub fn find_feature<'a>(base: &'a NormBase, query: &str) -> Result<&'a Feature> {
    let q = normalise(query);
    let all = &base.features.feature;
    // the names come normalised from the catalogue (Feature::names), their closeness from its index
    if let Some(f) = all.iter().find(|f| f.names.contains(&q)) {
        return Ok(f);
    }
    let lex = base.lexicon;
    let weight = lex.thresholds.signal_weight.value;
    let consequence = asks_consequence(lex, &q);
    let stripped = normalise(&without_consequence_words(lex, &q));
    let (q_alias, stripped_alias) = (
        base.features.alias_scores(&q),
        base.features.alias_scores(&stripped),
    );
    let at = |f: &Feature| {
        all.iter()
            .position(|x| std::ptr::eq(x, f))
            .expect("a feature of the catalogue")
    };
    let by_id = |id: &str| all.iter().find(|f| f.id == id);
    let scored: Vec<(f64, &Feature)> = all
        .iter()
        .filter(|f| consequence == (f.consequence || f.consequence_of.is_some()))
        .map(|f| {
            let own = own_score(&q, f, q_alias[at(f)], weight);
            let through_conduct = f
                .consequence_of
                .iter()
                .chain(&f.also_of)
                .filter_map(|id| by_id(id))
                .map(|c| own_score(&stripped, c, stripped_alias[at(c)], weight))
                .fold(0.0, f64::max);
            (own.max(through_conduct), f)
        })
        .collect();
    let best = scored
        .iter()
        .copied()
        .fold(None::<(f64, &Feature)>, |acc, (s, f)| match acc {
            Some((bs, _)) if bs >= s => acc,
            _ => Some((s, f)),
        });
    // consequence words about a conduct that has no twin (四同步的法律责任): the words name what is
    // asked about, and no feature answers it: not a guess at the liability chapter
    let untwinned = consequence
        .then(|| {
            all.iter()
                .filter(|f| !f.consequence && f.consequence_of.is_none())
                .filter(|f| {
                    !all.iter().any(|t| {
                        t.consequence_of.as_deref() == Some(&f.id) || t.also_of.contains(&f.id)
                    })
                })
                .map(|f| (own_score(&stripped, f, stripped_alias[at(f)], weight), f))
                .fold(None::<(f64, &Feature)>, |acc, (s, f)| match acc {
                    Some((bs, _)) if bs >= s => acc,
                    _ => Some((s, f)),
                })
        })
        .flatten();
    match (best, untwinned) {
        (Some((s, f)), u) if s >= CONFIDENT && u.is_none_or(|(us, _)| us <= s) => Ok(f),
        _ => {
            let mut near: Vec<(f64, &Feature)> = scored
                .into_iter()
                .chain(untwinned)
                .filter(|(s, _)| *s > 0.3)
                .collect();
            crate::sort::by(&mut near, |a, b| b.0.total_cmp(&a.0));
            let mut closest: Vec<String> = Vec::new();
            for (_, f) in near {
                let name = format!("{} ({})", f.zh, f.id);
                if !closest.contains(&name) && closest.len() < 5 {
                    closest.push(name);
                }
            }
            Err(Error::UnknownFeature {
                query: query.chars().take(80).collect(),
                closest,
            })
        }
    }
}
fn norms_of<'a>(base: &'a NormBase, r: &Regulation) -> Result<&'a NormFile> {
    base.file(&r.meta.key)
        .ok_or_else(|| Error::Inconsistent(format!("no norms for {}", r.meta.key)))
}

fn entry_of<'a>(file: &'a NormFile, r: &Regulation, id: &str) -> Result<&'a FeatureEntry> {
    file.feature
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| Error::Inconsistent(format!("{} has no entry for {id}", r.meta.key)))
}

/// Which regulations have a feature: each regulation's entry says.
fn feature_compare(
    ctx: &Context,
    base: &NormBase,
    regs: &[&Regulation],
    feat: &Feature,
    q: &Question,
) -> Result<Wrapped> {
    let mut f = ctx.finding();
    let mut have = Vec::new();
    for r in regs {
        let entry = entry_of(norms_of(base, r)?, r, &feat.id)?;
        for c in &entry.cites {
            f.cite(c.to_string());
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
            format_args!("{}.feature.{}", r.meta.key, feat.id),
            cite,
            if present { "has" } else { "lacks" },
            &entry.zh,
            &entry.en,
        );
        if present {
            have.push(r.meta.key.clone());
        }
    }
    f.summary_zh = format!("具有“{}”的条例：{}。", feat.zh, listed(&have, "、", "无"));
    f.summary_en = format!(
        "Regulations with {}: {}.",
        feat.en,
        listed(&have, ", ", "none")
    );
    f.verdict = Value::Array(have.into_iter().map(Value::String).collect());
    Ok(f.into())
}

fn listed(keys: &[String], sep: &str, none: &str) -> String {
    if keys.is_empty() {
        none.to_string()
    } else {
        keys.join(sep)
    }
}

/// What one regulation attaches to breaching a conduct feature's rule.
enum Consequence<'a> {
    /// The regulation has no rule on the conduct (nothing to breach).
    NoRule,
    /// A rule, but no clause attaches a consequence to its breach.
    None,
    /// Only a general clause, which reaches the breach if it is so characterised.
    General(Vec<&'a Liability>),
    /// Clauses that attach a consequence to the breach.
    Sanctioned(Vec<&'a Liability>),
}

/// Reads a regulation's consequence for breaching the rules `norms` from its liability clauses:
/// those covering the norms by id or covering every breach (`*`); referral clauses (从其规定) are
/// recorded in the trace only.
fn consequence_of<'a>(
    f: &mut Finding,
    r: &Regulation,
    file: &'a NormFile,
    entry: &FeatureEntry,
) -> Consequence<'a> {
    let key = &r.meta.key;
    let rules: Vec<&Norm> = entry
        .norms
        .iter()
        .filter_map(|id| file.norm.iter().find(|n| &n.id == id))
        .collect();
    if rules.is_empty() {
        for c in &entry.cites {
            f.cite(c.to_string());
        }
        f.step(
            format_args!("{key}.feature.{}", entry.id),
            entry
                .cites
                .first()
                .map(ToString::to_string)
                .unwrap_or_default(),
            "no-rule",
            format_args!("没有这方面的规则，无从违反：{}", entry.zh),
            format_args!(
                "no rule on this conduct, so nothing to breach: {}",
                entry.en
            ),
        );
        return Consequence::NoRule;
    }
    for n in &rules {
        f.cite_text(&n.prepared.citation);
        for r in &n.read_with {
            f.cite(r.to_string());
        }
        f.step(&n.id, &n.prepared.citation, "rule", &n.zh, &n.en);
    }
    let ids: Vec<&str> = rules.iter().map(|n| n.id.as_str()).collect();
    let mut specific = Vec::new();
    let mut general = Vec::new();
    let mut soft = Vec::new();
    for l in &file.liability {
        // an accountability mechanism that is no legal sanction (evaluation results in appraisal)
        if l.soft {
            soft.push(l);
            continue;
        }
        if l.referral {
            f.step(&l.id, &l.prepared.citation, "referral", &l.zh, &l.en);
            continue;
        }
        if !l
            .covers
            .iter()
            .any(|c| c == "*" || ids.contains(&c.as_str()))
        {
            continue;
        }
        f.cite_text(&l.prepared.citation);
        // a clause read together with another provision cites both (Xinyang 45 with 40:2)
        for r in &l.read_with {
            f.cite(r.to_string());
        }
        let reach_zh = format!("（由{}；针对{}）", l.imposed_by, l.targets.join("、"));
        let reach_en = format!(" (by {}; against {})", l.imposed_by, l.targets.join(", "));
        if l.general {
            f.step(
                &l.id,
                &l.prepared.citation,
                "general",
                format_args!("{}{reach_zh}", l.zh),
                format_args!("{}{reach_en}", l.en),
            );
            general.push(l);
        } else {
            f.step(
                &l.id,
                &l.prepared.citation,
                "applies",
                format_args!("{}{reach_zh}", l.zh),
                format_args!("{}{reach_en}", l.en),
            );
            specific.push(l);
        }
    }
    if !specific.is_empty() {
        Consequence::Sanctioned(specific)
    } else if !general.is_empty() {
        Consequence::General(general)
    } else {
        f.step(
            format_args!("{key}.liability"),
            &rules[0].cite,
            "none",
            "条例没有对违反该规则规定法律后果",
            "the regulation attaches no consequence to breaching this rule",
        );
        // what the regulation does say instead (Dalian's evaluation articles)
        for l in soft {
            f.cite_text(&l.prepared.citation);
            f.step(&l.id, &l.prepared.citation, "soft", &l.zh, &l.en);
        }
        Consequence::None
    }
}

/// Which regulations attach a legal consequence to breaching a conduct feature's rule, and what: read
/// from each regulation's liability clauses (data), citing the rule and every clause checked. The
/// verdict lists the regulations whose clauses sanction the breach; a breach reached only by a
/// general clause is a condition of that regulation; `sanction` maps each regulation to who acts and
/// what follows.
fn consequence_compare(
    ctx: &Context,
    base: &NormBase,
    regs: &[&Regulation],
    twin: &Feature,
    conduct: &str,
) -> Result<Wrapped> {
    let mut f = ctx.finding();
    let mut have = Vec::new();
    let mut sanctions = Map::new();
    for r in regs {
        let file = norms_of(base, r)?;
        let entry = entry_of(file, r, conduct)?;
        match consequence_of(&mut f, r, file, entry) {
            Consequence::Sanctioned(ls) => {
                have.push(r.meta.key.clone());
                let mut s = liability::sanction(ls[0]);
                if ls.len() > 1 {
                    s["also"] =
                        Value::Array(ls[1..].iter().map(|l| liability::sanction(l)).collect());
                }
                sanctions.insert(r.meta.key.clone(), s);
            }
            Consequence::General(ls) => {
                for l in &ls {
                    f.conditions.push(Condition {
                        text_zh: format!(
                            "〔{}〕{}",
                            r.meta.key,
                            l.condition_zh.as_deref().unwrap_or(&l.zh)
                        )
                        .into(),
                        text_en: format!(
                            "[{}] {}",
                            r.meta.key,
                            l.condition_en.as_deref().unwrap_or(&l.en)
                        )
                        .into(),
                        citations: vec![l.prepared.citation.clone()],
                        either_or: false,
                        group: None,
                    });
                }
                sanctions.insert(
                    r.meta.key.clone(),
                    serde_json::json!({ "if_condition": liability::sanction(ls[0]) }),
                );
            }
            Consequence::None | Consequence::NoRule => {}
        }
    }
    f.summary_zh = format!(
        "对“{}”规定法律后果的条例：{}。",
        twin.zh,
        listed(&have, "、", "无")
    );
    f.summary_en = format!(
        "Regulations attaching a {}: {}.",
        twin.en,
        listed(&have, ", ", "none")
    );
    f.verdict = Value::Array(have.into_iter().map(Value::String).collect());
    f.sanction = (!sanctions.is_empty()).then_some(Value::Object(sanctions));
    Ok(f.into())
}

pub fn compare(ctx: &Context, q: &Question) -> Result<Wrapped> {
    let (corpus, base) = (ctx.corpus, ctx.base);
    if let Some(feature) = q.facts.text("feature") {
        let regs = scope(corpus, q)?;
        // a topic named exactly, unless a catalogue feature is named exactly too
        let named = normalise(feature);
        if !base
            .features
            .feature
            .iter()
            .any(|f| f.names.contains(&named))
        {
            if let Some(topic) = super::topic::exact(base, feature) {
                return Ok(super::topic::compare(ctx, &regs, topic).into());
            }
        }
        let feat = match find_feature(base, feature) {
            Ok(feat) => feat,
            // no feature of the comparison catalogue: a topic of the provisions, if the words name one
            // words asking for a consequence the catalogue has no twin for (四同步的法律责任) stay
            // unknown unless the topic is the same without them (督促检查和约谈): a topic of the
            // conduct would say whether it is regulated, not what follows from it
            Err(e @ Error::UnknownFeature { .. }) => {
                let topic = super::topic::resolve(base, feature).filter(|t| {
                    !asks_consequence(base.lexicon, &named)
                        || super::topic::resolve(
                            base,
                            &without_consequence_words(base.lexicon, &named),
                        )
                        .is_some_and(|u| u.id == t.id)
                });
                return match topic {
                    Some(topic) => Ok(super::topic::compare(ctx, &regs, topic).into()),
                    // the nearest topics join the nearest features in the error
                    None => Err(match e {
                        Error::UnknownFeature { query, mut closest } => {
                            closest.extend(super::topic::nearest(base, feature, 3));
                            Error::UnknownFeature { query, closest }
                        }
                        other => other,
                    }),
                };
            }
            Err(e) => return Err(e),
        };
        return match &feat.consequence_of {
            Some(conduct) => consequence_compare(ctx, base, &regs, feat, conduct),
            None => feature_compare(ctx, base, &regs, feat, q),
        };
    }
    let regs = scope(corpus, q)?;
    let kind = if q.facts.has_assignment() {
        match q
            .facts
            .text("assignee")
            .map(|n| recognise(ctx.actor_words(), n))
            .and_then(|a| a.kind)
        {
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
    let mut out = ctx.finding();
    for r in &regs {
        let file = base
            .file(&r.meta.key)
            .ok_or_else(|| Error::Inconsistent(format!("no norms for {}", r.meta.key)))?;
        let inner = match kind {
            QuestionKind::DutyOf => evaluate_kind(ctx, r, file, &per_reg)?,
            _ => {
                let target = if kind == QuestionKind::AssignToGrid {
                    Target::Grid
                } else {
                    Target::Committee
                };
                assign::finding(ctx, r, file, target, &q.facts)
            }
        };
        let Wrapped { finding: w, whatif } = wrap_date(r, &per_reg, inner);
        verdicts.insert(r.meta.key.clone(), w.verdict.clone());
        for c in w
            .citations
            .iter()
            .chain(whatif.iter().flat_map(|x| &x.citations))
        {
            out.cite_text(c);
        }
        for c in w.conditions {
            out.conditions.push(Condition {
                text_zh: format!("〔{}〕{}", r.meta.key, c.text_zh).into(),
                text_en: format!("[{}] {}", r.meta.key, c.text_en).into(),
                ..c
            });
        }
        out.step(
            format_args!("{}.{}", r.meta.key, kind.as_str()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_text_never_narrows_a_comparison() {
        use crate::api::{ask, AskOptions};
        // the words name two regulations; without `regulations` all four are compared
        let q = r#"{"id":"t","kind":"compare","question_zh":"按大连条例和信阳条例分别是否合法？",
            "facts":{"assigner":"区民政局","assigner_level":"county","assigner_kind":"department",
            "assignee":"居委会","task_on_list":"assist"}}"#;
        let a = ask(q, &AskOptions::default());
        assert_eq!(
            a.verdict.as_object().map(|m| m.len()),
            Some(4),
            "{:?}",
            a.verdict
        );
    }

    #[test]
    fn a_comparison_over_no_regulation_is_an_invalid_question() {
        use crate::api::{ask, AskOptions};
        let feature = &crate::api::features().unwrap()[0].id;
        for facts in [
            format!(r#"{{"feature":"{feature}","regulations":[]}}"#),
            r#"{"assigner":"区民政局","task_on_list":"none","regulations":[]}"#.to_string(),
        ] {
            let q = format!(r#"{{"id":"c","kind":"compare","facts":{facts}}}"#);
            let a = ask(&q, &AskOptions::default());
            let code = a.error.as_ref().map(|e| e.code.as_str());
            assert_eq!(code, Some("invalid-question"), "{q}");
            assert_eq!(a.id, "c");
        }
        // one regulation, or none named, still compares
        let q = format!(
            r#"{{"id":"c","kind":"compare","facts":{{"feature":"{feature}","regulations":["dalian"]}}}}"#
        );
        assert!(ask(&q, &AskOptions::default()).error.is_none());
    }

    #[test]
    fn consequence_words() {
        let lex = crate::lexicon::Lexicon::get().unwrap();
        for q in [
            "违规转交的法律责任",
            "会被追究吗",
            "给予处分",
            "予以纠正",
            "罚则",
            "有何后果",
            "要担责吗",
            "Liability",
            "sanctions",
        ] {
            assert!(asks_consequence(lex, q), "{q}");
        }
        for q in ["网格员职责", "乡镇街道的职责", "书面委托", "负责网格工作"]
        {
            assert!(!asks_consequence(lex, q), "{q}");
        }
    }
}
