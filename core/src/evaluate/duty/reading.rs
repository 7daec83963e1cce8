//! A duty-of question as read against the duty index: its words, the provision they name, the
//! actor it asks about, and the values of the norm data it touches.

use super::bearer::bearer_of;
use super::index::{Entry, Index};
use super::members::Named;
use super::words::CharMask;
use super::{Aim, Duty};
use crate::actor::{recognise, Actor};
use crate::lexicon::Lexicon;
use crate::norm::{NormFile, ValueAnswer};
use crate::pairs::{bigrams, Pairs};
use crate::provision::{ProvisionValue, ValueKind};
use crate::text::Regulation;

/// A duty-of question as read against the regulation's duty index: its duty words, the provision
/// they name and the closest one, and the actor it asks about.
pub(super) struct Reading<'a> {
    pub(super) lex: &'a Lexicon,
    pub(super) reg: &'a Regulation,
    /// The duty as the question gives it.
    asked: &'a str,
    /// The words matched against the index: `asked` without its question words and the
    /// regulation's names (or as given, when that leaves less than two characters).
    pub(super) query: &'a str,
    /// The character pairs of `query`.
    pairs: Vec<(char, char)>,
    asked_chars: CharMask,
    query_chars: CharMask,
    /// The provision the words name, with its similarity.
    pub(super) matched: Option<(f64, &'a Entry)>,
    /// The closest provision, which a `no` cites, with its similarity.
    pub(super) closest: Option<(f64, &'a Duty)>,
    /// The actor the question asks about, as written and as recognised.
    pub(super) actor: Option<(&'a str, Actor)>,
    /// Whether the actor bears the matched duty (`None` without an actor).
    pub(super) actor_bears: Option<bool>,
}

impl<'a> Reading<'a> {
    /// Reads the duty words (`asked`, and `cleaned` as [`Noise::duty_words`] leaves them) and the
    /// actor: finds the matched and closest provisions and whether the actor bears the matched one.
    ///
    /// [`Noise::duty_words`]: super::words::Noise::duty_words
    pub(super) fn new(
        lex: &'a Lexicon,
        reg: &'a Regulation,
        index: &'a Index,
        asked: &'a str,
        cleaned: &'a str,
        actor: Option<&'a str>,
    ) -> Reading<'a> {
        let query = if cleaned.chars().count() >= 2 {
            cleaned
        } else {
            asked
        };
        let pairs = bigrams(query);
        let found = index.closest(lex, &pairs);
        let matched = found
            .matched
            .map(|(s, i)| (s, &index.entries[index.resolve(i, &pairs)]));
        let closest = found
            .closest
            .map(|(s, i)| (s, &index.entries[index.resolve(i, &pairs)].duty));
        let mut r = Reading {
            lex,
            reg,
            asked,
            query,
            pairs,
            asked_chars: CharMask::of(asked),
            query_chars: CharMask::of(query),
            matched,
            closest,
            actor: actor.map(|a| (a, recognise(&lex.actors, a))),
            actor_bears: None,
        };
        r.actor_bears = r
            .actor
            .map(|(a, rec)| r.named().is_some_and(|b| b.bears(lex, a, &rec)));
        r
    }

    /// Whether the duty as given holds `w`.
    pub(super) fn in_asked(&self, w: &str) -> bool {
        self.asked_chars.may_contain(w) && self.asked.contains(w)
    }

    /// Whether the matched words hold `w`.
    fn in_query(&self, w: &str) -> bool {
        self.query_chars.may_contain(w) && self.query.contains(w)
    }

    /// The matched provision's bearer: `None` with no match, `Some(None)` when it names none.
    fn bearer(&self) -> Option<Option<Named<'a>>> {
        self.matched.map(|(_, e)| e.bearer())
    }

    /// The matched provision's bearer, if there is a match and it names one.
    pub(super) fn named(&self) -> Option<Named<'a>> {
        self.bearer().flatten()
    }

    /// Whether the question's words already state the value `v` (每年): then they ask whether.
    pub(super) fn states(&self, v: &ValueAnswer) -> bool {
        v.states.iter().any(|w| self.in_asked(w))
    }

    /// Whether `v` is a value of the matched provision (same article, paragraph or item).
    fn attached(&self, v: &ValueAnswer) -> bool {
        self.matched.is_some_and(|(_, e)| {
            let (dc, vc) = (e.duty.cite.to_string(), v.cite.to_string());
            dc == vc || dc.starts_with(&format!("{vc}:")) || vc.starts_with(&format!("{dc}:"))
        })
    }

    /// What the question asks when `asks` does not say: whether, when its words ask it; the value,
    /// when its words ask for one or the bearer is given; else whether the actor bears the duty,
    /// or who does.
    pub(super) fn aim(&self, values: &Values) -> Aim {
        if self.lex.whether_words.iter().any(|w| self.in_asked(w)) {
            return Aim::Whether;
        }
        if values.asked.is_some() {
            return Aim::Value;
        }
        // the bearer is given (or the provision names none): what is left to ask is the value
        let value_left = values.attached.is_some_and(|v| real(v) && !self.states(v));
        if value_left && self.bearer_given() {
            Aim::Value
        } else if self.actor.is_some() {
            Aim::Whether
        } else {
            Aim::Who
        }
    }

    /// Whether the question gives the bearer: the actor bears the duty, or (with no actor) the
    /// words name a body that does, or the provision names none.
    fn bearer_given(&self) -> bool {
        self.actor_bears == Some(true)
            || (self.actor.is_none() && self.names_bearer())
            || matches!(self.bearer(), Some(None))
    }

    /// Whether the duty words open with a body that bears the matched duty.
    fn names_bearer(&self) -> bool {
        let lex = self.lex;
        self.matched.is_some()
            && bearer_of(lex, self.query).is_some_and(|b| {
                self.named()
                    .is_some_and(|x| x.bears(lex, &b, &recognise(&lex.actors, &b)))
            })
    }

    /// Of the values the matched provision `d` fixes, the one the question asks for: of the kind
    /// its words ask for (面积 an area), sharing most of its words.
    pub(super) fn provision_value(&self, d: &'a Duty) -> Option<&'a ProvisionValue> {
        let share = |v: &ProvisionValue| {
            let words = Pairs::of(&v.text);
            self.pairs.iter().filter(|p| words.contains(p)).count()
        };
        let wanted: Vec<ValueKind> = self
            .lex
            .value_kind_words
            .iter()
            .filter(|k| k.words.iter().any(|w| self.in_query(w)))
            .map(|k| k.kind)
            .collect();
        d.values
            .iter()
            .filter(|v| wanted.is_empty() || wanted.contains(&v.kind))
            .fold(None, |acc: Option<&ProvisionValue>, v| match acc {
                Some(b) if share(b) >= share(v) => Some(b),
                _ => Some(v),
            })
    }
}

/// Whether a value of the norm data is one (`no` says the text fixes none).
pub(super) fn real(v: &ValueAnswer) -> bool {
    v.value != serde_json::Value::String("no".into())
}

/// The values the norm data keeps beside the provisions (drill frequency, facility area …) that
/// a question touches.
pub(super) struct Values<'a> {
    /// The value of its topic the question asks for (频次, 面积标准 …): the matched provision's
    /// first, else the one the data keeps for the topic (an area standard asked near Art. 15 para 2).
    pub(super) asked: Option<&'a ValueAnswer>,
    /// A value of its topic that belongs to the matched provision, asked for or not.
    pub(super) attached: Option<&'a ValueAnswer>,
}

impl<'a> Values<'a> {
    /// The values of `file` whose topic the question's words name.
    pub(super) fn of(r: &Reading, file: &'a NormFile) -> Values<'a> {
        let topical: Vec<&ValueAnswer> = file
            .value
            .iter()
            .filter(|v| v.topic.iter().any(|t| r.in_query(t)))
            .collect();
        let asking: Vec<&ValueAnswer> = topical
            .iter()
            .copied()
            .filter(|v| {
                v.ask.iter().any(|a| r.in_query(a))
                    || (r.lex.frequency_words.iter().any(|w| r.in_query(w)) && !r.states(v))
            })
            .collect();
        Values {
            asked: asking
                .iter()
                .copied()
                .find(|v| r.attached(v))
                .or_else(|| asking.first().copied()),
            attached: topical.iter().copied().find(|v| r.attached(v)),
        }
    }

    /// The value that answers a value question. A value of the norm data that says the text fixes
    /// none (`no`: no area figure) gives way to a value the matched provision's data fixes
    /// (按照国家建设标准) when the question did not ask for that value by its words (a value the
    /// question's own words ask for, such as 面积标准 for an area figure, stands).
    pub(super) fn for_value(&self, r: &Reading) -> Option<&'a ValueAnswer> {
        self.asked.or(self.attached).filter(|v| {
            real(v)
                || self.asked.is_some()
                || r.matched.is_none_or(|(_, e)| e.duty.values.is_empty())
        })
    }
}
