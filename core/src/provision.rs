//! Every normative provision as data: `regulations/<key>/provisions.toml` (who must, may or must not
//! do what, to whom, under which conditions, with which values, on which topics) and the topic
//! catalogue `regulations/topics.toml`. Written from the text and checked against it when loaded:
//! each quotation, bearer, recipient and value text is found in the cited provision, and every
//! topic exists. duty-of questions are answered from these entries, compare questions on a topic
//! and gaps from their topics.

use crate::actor::{ActorPattern, Kind, Level};
use crate::pairs::Pairs;
use crate::reference::Ref;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The force of a provision, as its wording gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Force {
    /// 应当, 必须, or a task the text plainly gives a body (X建立健全…).
    Shall,
    /// 不得, 禁止.
    MustNot,
    /// 可以: a permission, never a duty.
    May,
    /// 鼓励, 倡导: encouragement, never a duty.
    Encourage,
    /// 支持 as the main verb.
    Support,
    /// 负责, 牵头: a responsibility.
    Responsible,
    /// An aim, principle or declaration with no bearer and no act.
    Principle,
}

impl Force {
    /// Whether the provision binds its bearer (a duty or a ban), as opposed to permitting,
    /// encouraging or declaring.
    pub fn binds(self) -> bool {
        matches!(self, Force::Shall | Force::MustNot | Force::Responsible)
    }

    /// The name used in the data and in answers (`shall`, `must-not` …).
    pub fn name(self) -> &'static str {
        match self {
            Force::Shall => "shall",
            Force::MustNot => "must-not",
            Force::May => "may",
            Force::Encourage => "encourage",
            Force::Support => "support",
            Force::Responsible => "responsible",
            Force::Principle => "principle",
        }
    }
}

/// The kinds of value a provision can fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    /// How often (`annual`, `periodic` …).
    Frequency,
    /// A sum of money or a quantity of resources.
    Amount,
    /// An area (m²).
    Area,
    /// A ratio or proportion.
    Ratio,
    /// A time limit.
    Deadline,
    /// A standard to meet (不低于国家、省有关标准).
    Standard,
    /// A number of people or things.
    Count,
    /// A date.
    Date,
}

/// A value a provision fixes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisionValue {
    /// What kind of value it is.
    pub kind: ValueKind,
    /// The value: a code for frequencies (`annual`, `periodic`), otherwise the text's words.
    pub value: String,
    /// The words of the text that state it (checked against the text).
    pub text: String,
}

/// One normative provision: a sentence, or a clause of it, with one bearer and one act.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    /// `<key>.<name>`, unique in the regulation.
    pub id: String,
    /// The paragraph or item.
    pub cite: Ref,
    /// The sentence or clause, verbatim.
    pub quote: String,
    /// Who bears it, as the text writes it; empty when the text names nobody.
    #[serde(default)]
    pub bearer: String,
    /// The level/kind of each body in `bearer` (`township/street-office`, `*/department`).
    #[serde(default)]
    pub bearer_kinds: Vec<String>,
    /// The force of its wording.
    pub modality: Force,
    /// The verb, as written.
    pub action: String,
    /// What is acted on, as written.
    #[serde(default)]
    pub object: String,
    /// To whom (报X备案, 向X报告, 由X实施), as written; empty when the text names nobody.
    #[serde(default)]
    pub recipient: String,
    /// Conditions, as written.
    #[serde(default)]
    pub conditions: Vec<String>,
    /// Values it fixes.
    #[serde(default)]
    pub values: Vec<ProvisionValue>,
    /// Topic ids from the catalogue (at least one).
    pub topics: Vec<String>,
    /// The provision in English.
    pub en: String,
    /// What topic matching reads of it, made on first use (`evaluate::topic`).
    #[serde(skip)]
    matching: OnceLock<ProvisionMatching>,
}

/// A provision as topic matching reads it, made once: the character pairs of its words and its
/// quotation normalised (a compare question on a topic reads every provision of every regulation).
#[derive(Debug, Clone, Default)]
pub(crate) struct ProvisionMatching {
    /// The pairs of [`Provision::words`].
    pub(crate) word_pairs: Pairs,
    /// The quotation normalised (`norm::normalise`).
    pub(crate) normalised_quote: String,
}

/// A topic's names as topic matching reads them, made once (`evaluate::topic`).
#[derive(Debug, Clone, Default)]
pub(crate) struct TopicMatching {
    /// The Chinese name, each alias and the English name normalised, in that order.
    pub(crate) normalised: Vec<String>,
    /// The number of characters of each of `normalised`.
    pub(crate) normalised_chars: Vec<usize>,
    /// The pairs of each of `normalised`.
    pub(crate) normalised_pairs: Vec<Pairs>,
    /// The pairs of the Chinese name and of each alias as written (not normalised).
    pub(crate) written_pairs: Vec<Pairs>,
}

/// Bearer kinds of the provision data beyond the actor kinds the evaluators recognise in
/// questions ([`Kind`]).
pub const OTHER_BEARER_KINDS: &[&str] = &[
    "unit",
    "public",
    "media",
    "volunteer",
    "owners-committee",
    "property-company",
    "worker",
    "mediation-committee",
];

/// Whether `s` is a bearer kind `level/kind` of the provision data.
pub fn is_bearer_kind(s: &str) -> bool {
    let Some((l, k)) = s.split_once('/') else {
        return false;
    };
    (l == "*" || Level::parse(l).is_some())
        && (k == "*" || Kind::parse(k).is_some() || OTHER_BEARER_KINDS.contains(&k))
}

impl Provision {
    /// The bearer kinds that are actor patterns the evaluators can match against an actor.
    pub fn patterns(&self) -> impl Iterator<Item = ActorPattern> + '_ {
        self.bearer_kinds
            .iter()
            .filter_map(|k| ActorPattern::parse(k))
    }

    /// The text a question's words are matched against: the quotation with the parts the data
    /// names (object, action, recipient).
    pub fn words(&self) -> String {
        format!("{}{}{}", self.quote, self.object, self.recipient)
    }

    /// What topic matching reads of it, made by `make` on first use and kept (the evaluator
    /// that matches topics decides how it is made; the data only holds it).
    pub(crate) fn matching(
        &self,
        make: impl FnOnce(&Provision) -> ProvisionMatching,
    ) -> &ProvisionMatching {
        self.matching.get_or_init(|| make(self))
    }
}

/// `regulations/<key>/provisions.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisionFile {
    /// The provisions, in text order.
    #[serde(default)]
    pub provision: Vec<Provision>,
}

/// One topic of the catalogue.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Its id, e.g. `worker-insurance`.
    pub id: String,
    /// The chapter theme it belongs to (`organisation`, `grid`, `safety` …).
    pub group: String,
    /// Its name in Chinese.
    pub zh: String,
    /// Its name in English.
    pub en: String,
    /// Other names a question may use for it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What topic matching reads of its names, made on first use (`evaluate::topic`).
    #[serde(skip)]
    matching: OnceLock<TopicMatching>,
}

impl Topic {
    /// What topic matching reads of its names, made by `make` on first use and kept.
    pub(crate) fn matching(&self, make: impl FnOnce(&Topic) -> TopicMatching) -> &TopicMatching {
        self.matching.get_or_init(|| make(self))
    }
}

/// `regulations/topics.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicCatalogue {
    /// The topics, in catalogue order.
    #[serde(default)]
    pub topic: Vec<Topic>,
}

impl TopicCatalogue {
    /// The topic with this id.
    pub fn get(&self, id: &str) -> Option<&Topic> {
        self.topic.iter().find(|t| t.id == id)
    }
}
