//! The intake's word lists (`regulations/intake.toml`), embedded at build time and validated when
//! loaded: a defect is an `invalid-norm` error of the data, never a panic.

use crate::error::{Error, Result};
use crate::question::{ListStatus, TRI_FACTS};
use serde::Deserialize;

include!(concat!(env!("OUT_DIR"), "/intake_words.rs"));

/// The words of `regulations/intake.toml` (see its comments for each list).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// Words asking across regulations.
    pub compare_words: Vec<String>,
    /// Words asking for the text of a provision.
    pub lookup_words: Vec<String>,
    /// Words asking whether a regulation is in force.
    pub in_force_words: Vec<String>,
    /// Words asking about a legal consequence.
    pub liability_words: Vec<String>,
    /// Conduct the liability clauses name on their own.
    pub conduct_words: Vec<String>,
    /// Words asking about a facility's area.
    pub area_words: Vec<String>,
    /// Words asking at what price a utility is billed.
    pub price_words: Vec<String>,
    /// Words asking who.
    pub who_words: Vec<String>,
    /// Words before 谁 that make it a recipient.
    pub recipient_before_who: Vec<String>,
    /// Words asking to what or where.
    pub recipient_words: Vec<String>,
    /// Words asking for a value.
    pub value_words: Vec<String>,
    /// Words asking whether.
    pub whether_words: Vec<String>,
    /// Verbs between the body asked about and the duty.
    pub duty_openers: Vec<String>,
    /// Words asking whether an assignment is lawful.
    pub legality_words: Vec<String>,
    /// Verbs that give work.
    pub assign_verbs: Vec<String>,
    /// Names of bodies that receive work, longest first.
    pub assignees: Vec<String>,
    /// Words ending a body's name.
    pub body_endings: Vec<String>,
    /// Words around a name that are not part of it.
    pub not_in_names: Vec<String>,
    /// Places within each regulation's city.
    pub places: Vec<PlaceWords>,
    /// The lists, in the order they are tried.
    pub lists: Vec<ListWords>,
    /// The support facts.
    pub support: Vec<SupportWords>,
    /// Phrases in which a support word is not read.
    pub support_exceptions: Vec<String>,
    /// Negation words.
    pub negations: Vec<String>,
    /// Words of doubt.
    pub doubts: Vec<String>,
    /// Words ending a negation's reach.
    pub negation_breaks: Vec<String>,
    /// Utilities and their words.
    pub utilities: Vec<UtilityWords>,
    /// Premises, longest first.
    pub facilities: Vec<String>,
    /// Relative dates (never resolved).
    pub relative_dates: Vec<String>,
}

/// The places of one regulation's city.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceWords {
    /// The regulation's key.
    pub regulation: String,
    /// Districts, counties and county-level cities.
    pub names: Vec<String>,
}

/// The words naming one list status.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListWords {
    /// A `task_on_list` value.
    pub status: String,
    /// Its words.
    pub words: Vec<String>,
}

/// The words of one boolean fact.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportWords {
    /// A boolean fact of the question contract.
    pub fact: String,
    /// Its words.
    pub words: Vec<String>,
}

/// The words of one utility.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UtilityWords {
    /// The `utility` value.
    pub utility: String,
    /// Its words.
    pub words: Vec<String>,
}

fn bad(msg: String) -> Error {
    Error::InvalidNorm(format!("intake.toml: {msg}"))
}

impl Words {
    /// The embedded words, parsed and validated on first use.
    pub fn get() -> Result<&'static Words> {
        static WORDS: std::sync::LazyLock<Result<Words>> =
            std::sync::LazyLock::new(|| Words::parse(INTAKE_JSON));
        WORDS.as_ref().map_err(Clone::clone)
    }

    /// Parses the JSON form build.rs embeds, and validates it.
    pub fn parse(json: &str) -> Result<Words> {
        let w: Words = crate::data_json::from_json(json).map_err(|e| bad(e.to_string()))?;
        w.validate()?;
        Ok(w)
    }

    fn validate(&self) -> Result<()> {
        let lists: [(&str, &[String]); 24] = [
            ("support_exceptions", &self.support_exceptions),
            ("recipient_words", &self.recipient_words),
            ("compare_words", &self.compare_words),
            ("lookup_words", &self.lookup_words),
            ("in_force_words", &self.in_force_words),
            ("liability_words", &self.liability_words),
            ("conduct_words", &self.conduct_words),
            ("area_words", &self.area_words),
            ("price_words", &self.price_words),
            ("who_words", &self.who_words),
            ("recipient_before_who", &self.recipient_before_who),
            ("value_words", &self.value_words),
            ("whether_words", &self.whether_words),
            ("duty_openers", &self.duty_openers),
            ("legality_words", &self.legality_words),
            ("assign_verbs", &self.assign_verbs),
            ("assignees", &self.assignees),
            ("body_endings", &self.body_endings),
            ("not_in_names", &self.not_in_names),
            ("negations", &self.negations),
            ("doubts", &self.doubts),
            ("negation_breaks", &self.negation_breaks),
            ("facilities", &self.facilities),
            ("relative_dates", &self.relative_dates),
        ];
        let nested = self
            .lists
            .iter()
            .map(|l| ("lists", l.words.as_slice()))
            .chain(self.support.iter().map(|s| ("support", s.words.as_slice())))
            .chain(self.places.iter().map(|p| ("places", p.names.as_slice())))
            .chain(
                self.utilities
                    .iter()
                    .map(|u| ("utilities", u.words.as_slice())),
            );
        for (name, list) in lists.into_iter().chain(nested) {
            if list.is_empty() {
                return Err(bad(format!("`{name}` has an empty list")));
            }
            for (i, w) in list.iter().enumerate() {
                if w.trim().is_empty() {
                    return Err(bad(format!("`{name}` has an empty word")));
                }
                if list[..i].contains(w) {
                    return Err(bad(format!("`{name}` repeats `{w}`")));
                }
            }
        }
        for (group, n) in [
            ("lists", self.lists.len()),
            ("support", self.support.len()),
            ("places", self.places.len()),
            ("utilities", self.utilities.len()),
        ] {
            if n == 0 {
                return Err(bad(format!("`{group}` is empty")));
            }
        }
        for (i, l) in self.lists.iter().enumerate() {
            if ListStatus::parse(&l.status).is_none() {
                return Err(bad(format!("`{}` is no task_on_list value", l.status)));
            }
            if self.lists[..i].iter().any(|o| o.status == l.status) {
                return Err(bad(format!("list `{}` twice", l.status)));
            }
        }
        for (i, s) in self.support.iter().enumerate() {
            if !TRI_FACTS.contains(&s.fact.as_str()) {
                return Err(bad(format!("`{}` is no boolean fact", s.fact)));
            }
            if self.support[..i].iter().any(|o| o.fact == s.fact) {
                return Err(bad(format!("support fact `{}` twice", s.fact)));
            }
        }
        for (i, u) in self.utilities.iter().enumerate() {
            let ok = !u.utility.is_empty()
                && u.utility
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-');
            if !ok {
                return Err(bad(format!("`{}` is no utility value", u.utility)));
            }
            if self.utilities[..i].iter().any(|o| o.utility == u.utility) {
                return Err(bad(format!("utility `{}` twice", u.utility)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_words_load() {
        let w = Words::get().unwrap();
        assert!(w.assignees.iter().any(|a| a == "居委会"));
    }

    #[test]
    fn defects_are_refused() {
        let good: serde_json::Value = serde_json::from_str(INTAKE_JSON).unwrap();
        let broken = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut v = good.clone();
            f(&mut v);
            Words::parse(&v.to_string()).unwrap_err().code()
        };
        assert_eq!(
            broken(&|v| v["negations"] = serde_json::json!([])),
            "invalid-norm"
        );
        assert_eq!(
            broken(&|v| v["negations"] = serde_json::json!(["未", "未"])),
            "invalid-norm"
        );
        assert_eq!(
            broken(&|v| v["lists"][0]["status"] = serde_json::json!("maybe")),
            "invalid-norm"
        );
        assert_eq!(
            broken(&|v| v["support"][0]["fact"] = serde_json::json!("paid")),
            "invalid-norm"
        );
        assert_eq!(
            broken(&|v| v["utilities"][0]["utility"] = serde_json::json!("Heat")),
            "invalid-norm"
        );
        assert_eq!(
            broken(&|v| v["extra"] = serde_json::json!([])),
            "invalid-norm"
        );
    }
}
