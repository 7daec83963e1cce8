//! Who bears a duty? A searchable index of the duties in the text (every provision of the norm
//! data, with its duty-bearer), plus values the norm data settles (drill frequency).
//!
//! [`duty_of`] reads a question once ([`reading`]: its duty words, the provision they name, the
//! actor, the values it touches), decides what it asks ([`Aim`]) and gives one of the answers of
//! [`answer`]. Beneath them: the index of a regulation's duties and its character-pair lists
//! ([`index`]), the words stripped from a question ([`words`]), the bearer a sentence names
//! ([`bearer`]) and the bodies a bearer covers ([`members`]).

mod answer;
mod bearer;
mod index;
mod members;
mod reading;
mod words;

pub use index::DutyIndexes;

use super::{Context, Finding};
use crate::error::{Error, Result};
use crate::norm::NormFile;
use crate::question::Facts;
use crate::reference::Ref;
use crate::text::Regulation;
use answer::{
    bears_answer, matched_step, no_match_answer, provision_value_answer, recipient_answer,
    says_it_answer, value_answer, who_answer,
};
use index::Index;
use reading::{Reading, Values};
use serde::Serialize;

/// One entry of the duty index: a provision of the regulation's provisions.toml (a sentence, or a
/// clause of it, with one bearer and one act), as the data gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duty {
    /// The provision's id.
    pub id: String,
    /// The paragraph or item the text is in.
    pub cite: Ref,
    /// The provision's words, verbatim.
    pub sentence: String,
    /// The duty-bearer as the text writes it, if the text names one.
    pub bearer: Option<String>,
    /// The level/kind of each body of the bearer.
    pub bearer_kinds: Vec<String>,
    /// To whom (报X备案, 向X报告), as the text writes it.
    pub recipient: Option<String>,
    /// The force of its wording (`shall`, `must-not`, `may`, `encourage` …).
    pub modality: &'static str,
    /// Whether that force binds the bearer (permissive wording never does).
    pub binds: bool,
    /// The values it fixes.
    pub values: Vec<crate::provision::ProvisionValue>,
    /// What a question's words are matched against: the words, then the object the data names.
    #[serde(skip)]
    pub matched_text: String,
    /// The act and its object as the data names them (the bearer's name left out).
    #[serde(skip)]
    pub act_text: String,
}

/// Every provision of a regulation's data as a duty of the index, in the data's order.
pub fn duty_index(file: &NormFile) -> Vec<Duty> {
    file.provision
        .iter()
        .map(|p| Duty {
            id: p.id.clone(),
            cite: p.cite.clone(),
            sentence: p.quote.clone(),
            bearer: (!p.bearer.is_empty()).then(|| p.bearer.clone()),
            bearer_kinds: p.bearer_kinds.clone(),
            recipient: (!p.recipient.is_empty()).then(|| p.recipient.clone()),
            modality: p.modality.name(),
            binds: p.modality.binds(),
            values: p.values.clone(),
            matched_text: format!("{}{}", p.quote, p.object),
            act_text: format!("{}{}", p.action, p.object),
        })
        .collect()
}

/// What a duty-of question asks: who bears the duty, whether (the actor bears it / the regulation
/// says it), or the value the provision fixes (how often, how much).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aim {
    /// `who`: who bears the duty.
    Who,
    /// `whether`: does the actor bear it, or does the regulation say it.
    Whether,
    /// `value`: the value the provision fixes (how often, how much).
    Value,
    /// `recipient`: to whom (报X备案, 向X报告).
    Recipient,
}

impl Aim {
    /// Parses an `asks` value, one of [`crate::question::ASKS`] (`who`, `whether`, `value`,
    /// `recipient`).
    pub fn parse(s: &str) -> Option<Aim> {
        match s {
            "who" => Some(Aim::Who),
            "whether" => Some(Aim::Whether),
            "value" => Some(Aim::Value),
            "recipient" => Some(Aim::Recipient),
            _ => None,
        }
    }
}

/// Answers a duty-of question from the duty index and the norm data's values: `duty` is the duty
/// asked about; `actor` and `asks` (or the question's words) say whether it asks who, whether,
/// or the value. The question is read once ([`Reading`]); each kind of answer is one function.
pub fn duty_of(ctx: &Context, reg: &Regulation, file: &NormFile, facts: &Facts) -> Result<Finding> {
    let asked = facts
        .text("duty")
        .ok_or_else(|| Error::MissingFact("duty".into()))?;
    let aim_given = facts.text("asks").map(parse_asks).transpose()?;
    let lex = ctx.base.lexicon;
    let built;
    let index: &Index = match ctx.indexes.and_then(|i| i.get(reg, file)) {
        Some(i) => i,
        None => {
            built = Index::build(lex, reg, file);
            &built
        }
    };
    let cleaned = index.noise.duty_words(asked);
    let r = Reading::new(lex, reg, index, asked, &cleaned, facts.text("actor"));
    let values = Values::of(&r, file);
    let aim = aim_given.unwrap_or_else(|| r.aim(&values));
    let mut f = ctx.finding();
    match aim {
        Aim::Value => {
            match values.for_value(&r) {
                Some(v) => value_answer(&mut f, &r, v, aim),
                None => provision_value_answer(&mut f, &r),
            }
            return Ok(f);
        }
        Aim::Whether => {
            if let Some(v) = values.asked {
                value_answer(&mut f, &r, v, aim);
                return Ok(f);
            }
        }
        Aim::Who | Aim::Recipient => {}
    }
    let Some((score, entry)) = r.matched else {
        no_match_answer(&mut f, &r);
        return Ok(f);
    };
    matched_step(&mut f, reg, score, &entry.duty);
    match aim {
        Aim::Recipient => recipient_answer(&mut f, &entry.duty),
        Aim::Whether => match r.actor {
            None => says_it_answer(&mut f, &r, &entry.duty),
            Some((actor, a)) => bears_answer(&mut f, &r, entry, actor, a),
        },
        // (a value question has had its answer above)
        Aim::Who | Aim::Value => who_answer(&mut f, &r, entry),
    }
    Ok(f)
}

/// The `asks` fact as an [`Aim`], or the error naming the values it may take.
fn parse_asks(a: &str) -> Result<Aim> {
    Aim::parse(a).ok_or_else(|| Error::InvalidFact {
        key: "asks".into(),
        detail: format!("`{a}` is not one of who, whether, value, recipient"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_actor_is_checked_against_the_body_the_act_is_given_to() {
        let ask = |duty: &str, actor: &str, reg: &str| {
            let q = serde_json::json!({"id": "t", "kind": "duty-of", "regulation": reg,
                "date": null, "facts": {"duty": duty, "actor": actor}});
            crate::ask_value(&q).verdict.to_string()
        };
        // 报街道办事处或者乡镇人民政府备案: the township receives the filing, the committee makes it
        let filing = "接受自治章程、居民公约、村规民约备案";
        assert_eq!(ask(filing, "镇人民政府", "xinyang"), "\"yes\"");
        assert_eq!(ask(filing, "居民委员会", "xinyang"), "\"no\"");
        // 积分制管理，由村（居）民委员会、社区具体实施
        assert_eq!(ask("具体实施积分制管理", "社区", "haidong"), "\"yes\"");
        assert_eq!(ask("具体实施积分制管理", "街道办事处", "haidong"), "\"no\"");
    }

    #[test]
    fn every_asks_value_is_an_aim() {
        for a in crate::question::ASKS {
            assert!(Aim::parse(a).is_some(), "{a}");
        }
    }
}
