//! The heuristic word lists and thresholds (`regulations/lexicon.toml`): the words that mark a duty,
//! end a body's name, ask rather than name, ask for a value, a recipient or a consequence, and the
//! similarity thresholds with what each decides. Heuristics, not law: data like the feature
//! catalogue, embedded at build time and validated when loaded ([`Lexicon::get`]; the norm store's
//! load checks it first, so an invalid lexicon is an `invalid-norm` error of the data).

use crate::error::{Error, Result};
use crate::provision::ValueKind;
use serde::Deserialize;

include!(concat!(env!("OUT_DIR"), "/lexicon.rs"));

/// The word lists and thresholds of `regulations/lexicon.toml` (see its comments for each).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// Modal duty markers; also the normative keywords of texts.md section 5, in their order.
    pub modals: Vec<String>,
    /// Verbs that assign work without a modal (duty markers too).
    pub verbs: Vec<String>,
    /// Words opening a head that is an object, not a subject (besides the markers).
    pub object_openers: Vec<String>,
    /// Words that end the name of a body.
    pub bearer_endings: Vec<String>,
    /// Level words that may end a subject before a modal.
    pub level_endings: Vec<String>,
    /// Adverbs between a subject and its verb.
    pub adverbs: Vec<String>,
    /// Words ending a leading clause that sets a condition.
    pub condition_endings: Vec<String>,
    /// Words starting a leading clause that sets a condition.
    pub condition_starts: Vec<String>,
    /// Level words at the start of a body's name, stripped in this order.
    pub level_prefixes: Vec<String>,
    /// Words that ask rather than name a duty, removed in this order.
    pub question_words: Vec<String>,
    /// Words that ask whether.
    pub whether_words: Vec<String>,
    /// Words that state a frequency.
    pub frequency_words: Vec<String>,
    /// Words that ask to whom.
    pub recipient_words: Vec<String>,
    /// Words that ask for a legal consequence (matched in lower case).
    pub consequence_words: Vec<String>,
    /// Words that ask for one kind of value.
    pub value_kind_words: Vec<ValueKindWords>,
    /// Short forms in questions and the texts' full forms (村（居）委会 → 村（居）民委员会, 水电气 → 用水用电用气).
    pub short_names: Vec<[String; 2]>,
    /// Words that name no field of a department (有关部门, 其部门): such a bearer is any department.
    pub generic_fields: Vec<String>,
    /// Premises plainly not community service facilities.
    pub not_facilities: Vec<String>,
    /// The utilities of utility-price questions, in the order their words are tried.
    pub utilities: Vec<Utility>,
    /// The thresholds.
    pub thresholds: Thresholds,
    /// The word lists of actor recognition (`[actors]`).
    pub actors: crate::actor::ActorWords,
    /// The duty markers by first character, for one scan of a text (built at load).
    #[serde(skip)]
    markers: Vec<(char, String, bool)>,
    /// The first characters of the markers, as a mask of their code points modulo 128.
    #[serde(skip)]
    first: u128,
}

/// Words of a question that ask for one kind of value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueKindWords {
    /// The kind of value they ask for.
    pub kind: ValueKind,
    /// The words.
    pub words: Vec<String>,
}

/// A utility of utility-price questions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Utility {
    /// Its key, e.g. `water`.
    pub key: String,
    /// The Chinese words that name it; the first is its name.
    pub words: Vec<String>,
    /// Of the same kind as the metered utilities (an open list of the text may reach it).
    pub metered: bool,
}

/// A threshold and what it decides.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Its value.
    pub value: f64,
    /// What it decides.
    pub description: String,
}

/// The thresholds of the lexicon.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Below it a duty-of question names no provision.
    pub duty_match: Threshold,
    /// Below it not even the closest provision is cited for a duty-of `no`.
    pub duty_closest: Threshold,
    /// Below it a provision sharing no distinctive pair is not cited for a duty-of `no`.
    pub duty_nearest: Threshold,
    /// The largest share of a regulation's places a distinctive character pair occurs in.
    pub distinctive_share: Threshold,
    /// What a matched signal word adds to a feature's score.
    pub signal_weight: Threshold,
}

fn bad(msg: String) -> Error {
    Error::InvalidNorm(format!("lexicon.toml: {msg}"))
}

fn bit(c: char) -> u128 {
    1u128 << (c as u32 % 128)
}

impl Lexicon {
    /// The embedded lexicon, parsed and validated on first use.
    pub fn get() -> Result<&'static Lexicon> {
        static LEXICON: std::sync::LazyLock<Result<Lexicon>> =
            std::sync::LazyLock::new(|| Lexicon::parse(LEXICON_JSON));
        LEXICON.as_ref().map_err(Clone::clone)
    }

    /// The embedded lexicon, for code that runs only on data already loaded (the norm store's
    /// load checks the lexicon first, so this never panics there).
    pub fn embedded() -> &'static Lexicon {
        Lexicon::get().expect("the embedded lexicon is checked when the norm store loads")
    }

    /// Parses a lexicon from the JSON form build.rs embeds, and validates it.
    pub fn parse(json: &str) -> Result<Lexicon> {
        let mut lex: Lexicon = crate::data_json::from_json(json).map_err(|e| bad(e.to_string()))?;
        lex.validate()?;
        lex.actors.index().map_err(bad)?;
        let mut markers: Vec<(char, String, bool)> = lex
            .modals
            .iter()
            .map(|m| (m, true))
            .chain(lex.verbs.iter().map(|v| (v, false)))
            .map(|(m, modal)| (m.chars().next().expect("validated"), m.clone(), modal))
            .collect();
        crate::sort::by_key(&mut markers, |(c, _, _)| *c);
        lex.first = markers.iter().fold(0, |m, (c, _, _)| m | bit(*c));
        lex.markers = markers;
        Ok(lex)
    }

    fn validate(&self) -> Result<()> {
        let lists: [(&str, &[String]); 15] = [
            ("modals", &self.modals),
            ("verbs", &self.verbs),
            ("object_openers", &self.object_openers),
            ("bearer_endings", &self.bearer_endings),
            ("level_endings", &self.level_endings),
            ("adverbs", &self.adverbs),
            ("condition_endings", &self.condition_endings),
            ("condition_starts", &self.condition_starts),
            ("level_prefixes", &self.level_prefixes),
            ("question_words", &self.question_words),
            ("whether_words", &self.whether_words),
            ("frequency_words", &self.frequency_words),
            ("recipient_words", &self.recipient_words),
            ("consequence_words", &self.consequence_words),
            ("generic_fields", &self.generic_fields),
        ];
        if let Some([short, full]) = self
            .short_names
            .iter()
            .find(|[s, f]| s.trim().is_empty() || f.trim().is_empty())
        {
            return Err(bad(format!(
                "`short_names` has an empty name: `{short}` → `{full}`"
            )));
        }
        let kinds = self
            .value_kind_words
            .iter()
            .map(|k| ("value_kind_words", k.words.as_slice()));
        let keys: Vec<String> = self.utilities.iter().map(|u| u.key.clone()).collect();
        let utilities = self
            .utilities
            .iter()
            .map(|u| ("utilities", u.words.as_slice()));
        let more = [
            ("not_facilities", self.not_facilities.as_slice()),
            ("utilities", &keys),
        ];
        for (name, list) in lists.into_iter().chain(kinds).chain(utilities).chain(more) {
            if list.is_empty() {
                return Err(bad(format!("`{name}` is empty")));
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
        if self.value_kind_words.is_empty() {
            return Err(bad("`value_kind_words` is empty".into()));
        }
        for (i, k) in self.value_kind_words.iter().enumerate() {
            if self.value_kind_words[..i].iter().any(|o| o.kind == k.kind) {
                return Err(bad(format!("`value_kind_words` repeats {:?}", k.kind)));
            }
        }
        // the markers are found in one scan: none may be the start of another
        let all: Vec<&String> = self.modals.iter().chain(&self.verbs).collect();
        for a in &all {
            for b in &all {
                if a != b && b.starts_with(a.as_str()) {
                    return Err(bad(format!("the duty marker `{a}` starts `{b}`")));
                }
            }
        }
        let t = &self.thresholds;
        for (name, th, share) in [
            ("duty_match", &t.duty_match, true),
            ("duty_closest", &t.duty_closest, true),
            ("distinctive_share", &t.distinctive_share, true),
            ("signal_weight", &t.signal_weight, false),
        ] {
            let ok = th.value.is_finite() && th.value > 0.0 && (!share || th.value <= 1.0);
            if !ok {
                return Err(bad(format!("threshold `{name}` is {}", th.value)));
            }
            if th.description.trim().is_empty() {
                return Err(bad(format!("threshold `{name}` has no description")));
            }
        }
        if t.duty_closest.value > t.duty_match.value {
            return Err(bad("`duty_closest` is above `duty_match`".into()));
        }
        Ok(())
    }

    /// The duty markers of a text in text order: the byte offset of each and whether it is a
    /// modal. No marker is the start of another, so at most one begins at a character.
    pub fn markers<'s>(&'s self, s: &'s str) -> impl Iterator<Item = (usize, bool)> + 's {
        let (table, first) = (&self.markers, self.first);
        s.char_indices().filter_map(move |(i, c)| {
            if first & bit(c) == 0 {
                return None;
            }
            let from = table.partition_point(|(f, _, _)| *f < c);
            table[from..]
                .iter()
                .take_while(|(f, _, _)| *f == c)
                .find(|(_, m, _)| s[i..].starts_with(m.as_str()))
                .map(|(_, _, modal)| (i, *modal))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_lexicon_loads() {
        let lex = Lexicon::get().unwrap();
        assert_eq!(lex.modals[0], "应当");
        assert!(lex.thresholds.duty_match.value > lex.thresholds.duty_closest.value);
    }

    #[test]
    fn defects_are_refused() {
        let good: serde_json::Value = serde_json::from_str(LEXICON_JSON).unwrap();
        let broken = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut v = good.clone();
            f(&mut v);
            Lexicon::parse(&v.to_string()).unwrap_err().code()
        };
        assert_eq!(
            broken(&|v| v["verbs"] = serde_json::json!([])),
            "invalid-norm"
        );
        assert_eq!(
            broken(&|v| v["verbs"] = serde_json::json!(["组织", "组织"])),
            "invalid-norm"
        );
        // 应当 would start 应当是
        assert_eq!(
            broken(&|v| v["verbs"] = serde_json::json!(["应当是"])),
            "invalid-norm"
        );
        assert_eq!(
            broken(&|v| v["thresholds"]["duty_match"]["value"] = serde_json::json!(1.5)),
            "invalid-norm"
        );
        assert_eq!(
            broken(&|v| v["thresholds"]["signal_weight"]["description"] = serde_json::json!("")),
            "invalid-norm"
        );
        assert_eq!(
            broken(&|v| v["extra"] = serde_json::json!([])),
            "invalid-norm"
        );
        // actor words: a repeated pattern, an unknown kind, an empty list
        assert_eq!(
            broken(&|v| v["actors"]["kind_patterns"] =
                serde_json::json!([["局", "department"], ["局", "department"]])),
            "invalid-norm"
        );
        assert_eq!(
            broken(&|v| v["actors"]["kind_patterns"] = serde_json::json!([["局", "bureau"]])),
            "invalid-norm"
        );
        assert_eq!(
            broken(&|v| v["actors"]["place_words"] = serde_json::json!([])),
            "invalid-norm"
        );
    }
}
