//! Norms as data: `regulations/<key>/norms.toml`, one reviewable file per regulation, and the
//! feature catalogue `regulations/features.toml`. Loaded once and validated against the canonical
//! text: every cited provision exists and every quotation is found verbatim in it.

use crate::actor::ActorPattern;
use crate::answer::Text;
use crate::corpus::{embedded_features, embedded_norms, embedded_topics, read_json, Corpus};
use crate::error::{Error, Result};
use crate::provision::{is_bearer_kind, Provision, ProvisionFile, TopicCatalogue};
use crate::question::{ListStatus, TRI_FACTS};
use crate::reference::Ref;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

/// The force of an assignment norm, which decides how the evaluator uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Modality {
    /// 应当: what the assigner must do; each requirement is a fact that must be true.
    Obligation,
    /// 不得: what the assigner must not do, unless one of its routes holds.
    Prohibition,
    /// 可以: an express permission.
    Permission,
    /// Work the regulation itself gives the assignee (its own statutory task).
    StatutoryTask,
    /// An exception route out of a prohibition, with its own requirements.
    Route,
    /// The regulation speaks to the matter without regulating the conduct (cited when nothing applies).
    Silent,
}

/// Whom an assignment goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// Residents' and villagers' committees and communities (`assign-to-committee`).
    Committee,
    /// The grid and grid staff (`assign-to-grid`).
    Grid,
    /// Enterprises the text names as taking work from government (住宅小区物业管理服务企业).
    Enterprise,
}

/// When a norm applies to an assignment; every part given must hold, an absent part always does.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// The list statuses the norm is about (`none` = off the lists).
    #[serde(default)]
    pub task_on_list: Option<Vec<String>>,
    /// Whether the matter is within the assigner's own responsibilities.
    #[serde(default)]
    pub own_duty: Option<bool>,
    /// The norm does not apply when all these boolean facts are false (and applies otherwise).
    #[serde(default)]
    pub unless_all_false: Vec<String>,
}

/// One requirement of an obligation, route or fallback permission: while unknown, a condition
/// of the answer; shown false, the obligation is breached or the route or permission fails.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Boolean facts that must all be true.
    pub facts: Vec<String>,
    /// The requirement in Chinese as the condition states it, e.g. 进行书面委托.
    pub zh: Text,
    /// The same in English.
    pub en: Text,
}

/// One assignment rule (`[[norm]]` in norms.toml): who it binds, when it applies, what it
/// requires, quoting its provision verbatim.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Norm {
    /// `<key>.` and a name, unique in the regulation, e.g. `dalian.off-list-ban`.
    pub id: String,
    /// The provision it encodes, e.g. `dalian:24:2`.
    pub cite: Ref,
    /// The provision's words it rests on, verbatim (checked against the text; punctuation width and
    /// spaces aside).
    pub quote: String,
    /// Its force: obligation, prohibition, permission, statutory task, route or silent.
    pub modality: Modality,
    /// Whom the assignments it rules on go to.
    pub applies_to: Target,
    /// Who the norm binds: `level/kind` patterns (`county/department`, `*/*`).
    pub binds: Vec<String>,
    /// When it applies (by default: always).
    #[serde(default)]
    pub when: When,
    /// For obligations, routes and fallback permissions: what must hold, each a condition while
    /// unknown.
    #[serde(default)]
    pub requires: Vec<Requirement>,
    /// Ids of route norms that lift this prohibition.
    #[serde(default)]
    pub routes: Vec<String>,
    /// For a route: presumed not taken while its facts are unknown (it lifts the ban only when shown;
    /// it never becomes a condition). Used where the text's ban presumes unilateral conduct (擅自).
    #[serde(default)]
    pub presumed_absent: bool,
    /// For statutory tasks: words in the task that identify it.
    #[serde(default)]
    pub task_keywords: Vec<String>,
    /// Words the assignee's name must contain when the text names only some assignees (Dalian Art. 28
    /// para 1: residents' committees, not villagers' ones; Haidong Art. 35 para 2: property companies).
    #[serde(default)]
    pub assignees: Vec<String>,
    /// For prohibitions: a ban nothing cures, not even work the regulation itself gives the assignee.
    #[serde(default)]
    pub absolute: bool,
    /// For permissions: consulted only when no other norm reaches the assigner and the task (the
    /// committees *may* take commissioned work); its `requires` are then the conditions of the
    /// permission, and a requirement shown false means it does not reach the assignment.
    #[serde(default)]
    pub fallback: bool,
    /// Provisions the norm is read together with (Xinyang Art. 45 with Art. 40 para 2): cited with it.
    #[serde(default)]
    pub read_with: Vec<Ref>,
    /// The condition stated when it is unknown whether the norm applies.
    #[serde(default)]
    pub if_unknown_zh: Option<Text>,
    /// The same in English.
    #[serde(default)]
    pub if_unknown_en: Option<Text>,
    /// What the norm says, in Chinese, for the explanation.
    pub zh: String,
    /// What the norm says, in English.
    pub en: String,
    /// What answering needs of `cite`, `binds` and `read_with`, ready-made; filled at load
    /// ([`NormFile::prepare`]).
    #[serde(skip)]
    pub prepared: Prepared,
}

/// The aggravated step of a liability clause (情节严重的 …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Serious {
    /// The text's threshold, e.g. 情节较重.
    pub threshold: String,
    /// Who acts at this step, when the text names another body than the clause's (有权机关).
    #[serde(default)]
    pub imposed_by: Option<String>,
    /// Whom it is imposed on, as the text names them (直接负责的主管人员 …).
    pub targets: Vec<String>,
    /// What is imposed, e.g. 依法给予处分.
    pub consequence: String,
}

/// A legal-liability clause (`[[liability]]` in norms.toml): whom it reaches, which breaches or
/// conduct it sanctions, and what follows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Liability {
    /// The clause's id, by convention `<key>.liability.` and a name, e.g.
    /// `haidong.liability.funds`.
    pub id: String,
    /// The provision, e.g. `haidong:51`.
    pub cite: Ref,
    /// Its words, verbatim (checked against the text).
    pub quote: String,
    /// Whom the clause reaches: `level/kind` patterns, as on norms.
    pub binds: Vec<String>,
    /// Ids of the norms whose breach this clause sanctions (`*`: any breach of the regulation).
    #[serde(default)]
    pub covers: Vec<String>,
    /// Words of a `conduct` fact that this clause sanctions directly (挪用, 贪污 …).
    #[serde(default)]
    pub conduct_keywords: Vec<String>,
    /// Acts of the same kind as an open list names (截留、挤占、挪用、侵占、贪污**等**行为 → 虚报, 冒领 …):
    /// a conduct naming one may be covered by 等, so the answer is conditional.
    #[serde(default)]
    pub like_words: Vec<String>,
    /// An element the conduct must also show (造成不良后果或者影响): words that show it, and the
    /// condition stated when the conduct does not.
    #[serde(default)]
    pub element_words: Vec<String>,
    /// The condition, in Chinese, stated when the conduct does not show the element.
    #[serde(default)]
    pub element_zh: Option<String>,
    /// The same in English.
    #[serde(default)]
    pub element_en: Option<String>,
    /// A clause whose reach depends on how the conduct is characterised: only ever conditional.
    #[serde(default)]
    pub general: bool,
    /// A clause that refers to other laws' liability (从其规定); cited, never decisive.
    #[serde(default)]
    pub referral: bool,
    /// An accountability mechanism that is no legal sanction (evaluation results used in appraisal):
    /// never makes liability; cited in a `no` answer as what the regulation does say.
    #[serde(default)]
    pub soft: bool,
    /// Provisions the clause is read together with (Xinyang Art. 45 with Art. 40 para 2).
    #[serde(default)]
    pub read_with: Vec<Ref>,
    /// The condition, in Chinese, stated when the clause reaches the conduct only conditionally
    /// (how it is characterised, or whether the body is one it names).
    #[serde(default)]
    pub condition_zh: Option<String>,
    /// The same in English.
    #[serde(default)]
    pub condition_en: Option<String>,
    /// Who acts, as the text says, e.g. 相关部门, 有权部门.
    pub imposed_by: String,
    /// Whom the consequence falls on, as the text names them (直接负责的主管人员 …).
    #[serde(default)]
    pub targets: Vec<String>,
    /// What follows, e.g. 予以纠正、通报批评.
    pub consequence: String,
    /// The aggravated step (情节严重的 …), if the clause has one.
    #[serde(default)]
    pub if_serious: Option<Serious>,
    /// The criminal step (构成犯罪的，依法追究刑事责任).
    #[serde(default)]
    pub if_crime: Option<Crime>,
    /// What the clause says, in Chinese, for the explanation.
    pub zh: String,
    /// What the clause says, in English.
    pub en: String,
    /// What answering needs of `cite`, `binds` and `read_with`, ready-made; filled at load
    /// ([`NormFile::prepare`]).
    #[serde(skip)]
    pub prepared: Prepared,
}

/// The criminal step of a liability clause.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crime {
    /// The text's threshold, e.g. 构成犯罪.
    pub threshold: String,
    /// What follows, e.g. 依法追究刑事责任.
    pub consequence: String,
}

/// A value the text settles for a duty-of question: a frequency (每年 → `annual`, 定期 →
/// `periodic`), a quantity (30 m² per 100 households → 30) or a time; `"no"` where the provision on
/// the subject fixes none (Haidong's drills).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueAnswer {
    /// `<key>.` and a name, e.g. `haidong.drill-frequency`.
    pub id: String,
    /// Words that name the subject (演练); one must be in the question.
    pub topic: Vec<String>,
    /// Words that make it a question about this value (频次, 多久, 每年).
    pub ask: Vec<String>,
    /// Words of a question that already state the value (每年): such a question asks whether, not how often.
    #[serde(default)]
    pub states: Vec<String>,
    /// A string (`annual`) or a number (30).
    pub value: serde_json::Value,
    /// The unit of a number (`m² per 100 households`), for the explanation.
    #[serde(default)]
    pub unit: Option<String>,
    /// The provision that fixes the value (or, for `"no"`, the one on the subject that fixes none).
    pub cite: Ref,
    /// Its words, verbatim, if given (checked against the text).
    #[serde(default)]
    pub quote: Option<String>,
    /// The answer in Chinese, for the explanation.
    pub zh: String,
    /// The answer in English.
    pub en: String,
}

/// How one regulation fares on one comparable feature (`[[feature]]` in norms.toml).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureEntry {
    /// The feature's id in features.toml, e.g. `written-commission`.
    pub id: String,
    /// Whether the regulation has the feature.
    pub present: bool,
    /// What the regulation says of it, or the closest provision showing it says nothing (at least
    /// one).
    pub cites: Vec<Ref>,
    /// What the regulation provides, in Chinese.
    pub zh: String,
    /// The same in English.
    pub en: String,
    /// For a conduct feature: the ids of the regulation's obligation or prohibition norms that carry
    /// it; its consequence twin is read from the liability clauses that cover them.
    #[serde(default)]
    pub norms: Vec<String>,
}

/// The planning standard for the area of community service facilities (`[[facility_area]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacilityArea {
    /// The provision, e.g. `haidong:15:1`.
    pub cite: Ref,
    /// Its words, verbatim (checked against the text).
    pub quote: String,
    /// `local`: a figure in the text; `national`: the text defers to the national standard.
    pub standard: String,
    /// For a local standard: the number of households the area is for (每百户 → 100).
    #[serde(default)]
    pub per_households: Option<u32>,
    /// For a local standard: the minimum area in m² per `per_households` households (三十平方米 → 30).
    #[serde(default)]
    pub area_m2: Option<f64>,
    /// Whether the text qualifies the standard as applying in principle (原则上).
    #[serde(default)]
    pub in_principle: bool,
    /// Further provisions cited with it.
    #[serde(default)]
    pub also_cite: Vec<Ref>,
    /// The standard in Chinese, for the explanation.
    pub zh: String,
    /// The standard in English.
    pub en: String,
}

/// The rule that a facility's utilities are billed at residential prices (`[[utility_price]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UtilityPrice {
    /// The provision, e.g. `haidong:15:3`.
    pub cite: Ref,
    /// Its words, verbatim (checked against the text).
    pub quote: String,
    /// Utilities named (water, electricity, gas, heating).
    pub utilities: Vec<String>,
    /// Whether the list ends in 等 (open).
    pub open_list: bool,
    /// The facilities the rule covers, as the text names them.
    pub facility_zh: String,
    /// The rule in Chinese, for the explanation.
    pub zh: String,
    /// The rule in English.
    pub en: String,
}

/// The official names of the regulation's work-item lists (`[lists]` in norms.toml), keyed by the
/// `task_on_list` value they answer to; a status with no list here counts as off the lists.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lists {
    /// Official names of the committee lists by status (assist, autonomy, negative).
    #[serde(default)]
    pub committee: BTreeMap<String, String>,
    /// Official names of the grid lists by status (grid, negative).
    #[serde(default)]
    pub grid: BTreeMap<String, String>,
}

/// A normative sentence deliberately not encoded as a norm, with the reason.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageMark {
    /// The paragraph or item the sentence is in.
    pub cite: Ref,
    /// The start of the sentence (enough to identify it).
    pub sentence: String,
    /// Why the sentence has no operative content for the evaluators.
    pub reason: String,
}

/// Everything the evaluators know about one regulation: `regulations/<key>/norms.toml`, with the
/// non-operative marks of its coverage.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NormFile {
    /// The names of its work-item lists.
    #[serde(default)]
    pub lists: Lists,
    /// The assignment rules, in the order of the file.
    #[serde(default)]
    pub norm: Vec<Norm>,
    /// The legal-liability clauses.
    #[serde(default)]
    pub liability: Vec<Liability>,
    /// Values the text fixes, for duty-of questions.
    #[serde(default)]
    pub value: Vec<ValueAnswer>,
    /// One entry per catalogue feature (consequence twins aside), for compare questions.
    #[serde(default)]
    pub feature: Vec<FeatureEntry>,
    /// The facility-area standard (the evaluator reads the first entry).
    #[serde(default)]
    pub facility_area: Vec<FacilityArea>,
    /// The residential-price rule (the evaluator reads the first entry).
    #[serde(default)]
    pub utility_price: Vec<UtilityPrice>,
    /// Filled from coverage.toml.
    #[serde(default, skip)]
    pub non_operative: Vec<CoverageMark>,
    /// Filled from provisions.toml: every normative provision, in text order.
    #[serde(default, skip)]
    pub provision: Vec<Provision>,
    /// Filled by [`NormFile::prepare`]: each norm's, then each liability clause's citation with
    /// the provisions it is read together with, for those that have any, in the file's order.
    #[serde(default, skip)]
    pub read_with_index: Vec<(Text, Vec<Text>)>,
    /// The character pairs of the provisions' words, indexed on first use
    /// ([`NormFile::provision_postings`]).
    #[serde(default, skip)]
    provision_postings: std::sync::OnceLock<crate::pairs::PairPostings>,
    /// For each topic, the provisions on it (indices in `provision`, in text order), made on first
    /// use by [`NormFile::provisions_on`].
    #[serde(default, skip)]
    provisions_by_topic: std::sync::OnceLock<BTreeMap<String, Vec<u32>>>,
}

/// A norm's or liability clause's citation, `binds` and `read_with` in the form answering uses
/// them, built once at load so that answering formats and parses nothing of the data.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// `cite` as text (`dalian:24:2`), as answers cite it.
    pub citation: Text,
    /// `binds` parsed (the patterns are checked by [`NormBase::validate`]).
    pub binds: Vec<ActorPattern>,
    /// `read_with` as text.
    pub read_with: Vec<Text>,
}

impl Prepared {
    fn freeze(&mut self) {
        freeze(&mut self.citation);
        self.read_with.iter_mut().for_each(freeze);
    }

    fn of(cite: &Ref, binds: &[String], read_with: &[Ref]) -> Prepared {
        Prepared {
            citation: cite.to_string().into(),
            binds: binds
                .iter()
                .filter_map(|b| ActorPattern::parse(b))
                .collect(),
            read_with: read_with.iter().map(|r| r.to_string().into()).collect(),
        }
    }
}

impl NormFile {
    /// Which provisions (by index in `provision`) contain each character pair of their words: a
    /// compare question on a topic finds a regulation's closest provision through it.
    /// `pairs_of` gives a provision's pairs (the evaluator's reading of its words).
    pub(crate) fn provision_postings<'a>(
        &'a self,
        pairs_of: impl Fn(&'a Provision) -> &'a crate::pairs::Pairs,
    ) -> &'a crate::pairs::PairPostings {
        self.provision_postings
            .get_or_init(|| crate::pairs::PairPostings::of(self.provision.iter().map(pairs_of)))
    }

    /// Fills every norm's and clause's [`Prepared`] form. Called by [`NormBase::load`].
    pub fn prepare(&mut self) {
        for n in &mut self.norm {
            n.prepared = Prepared::of(&n.cite, &n.binds, &n.read_with);
        }
        for l in &mut self.liability {
            l.prepared = Prepared::of(&l.cite, &l.binds, &l.read_with);
        }
        self.index_read_with();
    }

    /// Builds `read_with_index` from the prepared forms (again after they are frozen, so that
    /// the index borrows the same texts).
    fn index_read_with(&mut self) {
        let norms = self.norm.iter().map(|n| &n.prepared);
        let clauses = self.liability.iter().map(|l| &l.prepared);
        self.read_with_index = norms
            .chain(clauses)
            .filter(|p| !p.read_with.is_empty())
            .map(|p| (p.citation.clone(), p.read_with.clone()))
            .collect();
    }

    /// The provisions tagged with a topic, in text order (compare on a topic, gaps).
    pub fn provisions_on<'a>(&'a self, topic: &'a str) -> impl Iterator<Item = &'a Provision> + 'a {
        let by_topic = self.provisions_by_topic.get_or_init(|| {
            let mut by_topic: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
            for (i, p) in self.provision.iter().enumerate() {
                for t in &p.topics {
                    let list = by_topic.entry(t.as_str()).or_default();
                    // a provision listing a topic twice is still one provision on it
                    if list.last() != Some(&(i as u32)) {
                        list.push(i as u32);
                    }
                }
            }
            by_topic
                .into_iter()
                .map(|(t, list)| (t.to_string(), list))
                .collect()
        });
        by_topic
            .get(topic)
            .into_iter()
            .flatten()
            .map(|&i| &self.provision[i as usize])
    }

    /// The provisions the norms and liability clauses cited as `citation` are read together with,
    /// in the file's order (norms first).
    pub fn read_with_of<'a>(&'a self, citation: &'a str) -> impl Iterator<Item = &'a Text> + 'a {
        self.read_with_index
            .iter()
            .filter(move |(c, _)| c == citation)
            .flat_map(|(_, r)| r)
    }
}

/// `regulations/<key>/coverage.toml`: the normative sentences deliberately left unencoded.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageFile {
    /// The marked sentences.
    #[serde(default)]
    pub non_operative: Vec<CoverageMark>,
}

/// One comparable feature of the catalogue `regulations/features.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    /// Its id, e.g. `written-commission`.
    pub id: String,
    /// Its name in Chinese.
    pub zh: String,
    /// Its name in English.
    pub en: String,
    /// Other names a question may use for it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Word groups that point to this feature when all words of a group are in the question
    /// (网格 + 负面 → the grid negative list, not the committee one).
    #[serde(default)]
    pub signals: Vec<Vec<String>>,
    /// Whether a dated question asks it of that date (in force on the date?), not of the text.
    #[serde(default)]
    pub dated: bool,
    /// A consequence twin: the id of the conduct feature whose legal consequence it asks (banned?
    /// sanctioned? by whom?). It has no per-regulation entries: the answer is read from the
    /// liability clauses that cover the conduct feature's `norms`.
    #[serde(default)]
    pub consequence_of: Option<String>,
    /// Further features whose breach is the twin's conduct (the grid access system is enforced by
    /// its off-list approval rule): consequence words about them select this twin too.
    #[serde(default)]
    pub also_of: Vec<String>,
    /// A feature about consequences that is not a twin (the legal-liability chapter): words asking
    /// for a consequence may select it.
    #[serde(default)]
    pub consequence: bool,
    /// The id, names and aliases normalised: filled when the catalogue is loaded, so a question is
    /// matched without normalising the catalogue again.
    #[serde(skip)]
    pub names: Vec<String>,
}

impl Feature {
    /// The id, the Chinese name, the aliases and the English name.
    pub fn all_names(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.id)
            .chain(std::iter::once(&self.zh))
            .chain(&self.aliases)
            .chain(std::iter::once(&self.en))
    }
}

/// A character pair and the names (index, occurrences) that have it.
type Posting = ((char, char), Vec<(u32, u32)>);

/// Every feature name's character pairs with the names that have them, so that a query's closeness
/// to every name (`similarity` both ways) comes from one walk over the query's pairs.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    /// For each name: its feature and its number of pairs (repeats counted).
    names: Vec<(usize, usize)>,
    /// For each pair: the names that have it, with how often.
    postings: Vec<Posting>,
}

impl NameIndex {
    fn of(features: &[Feature]) -> NameIndex {
        let mut names = Vec::new();
        let mut postings: BTreeMap<(char, char), Vec<(u32, u32)>> = BTreeMap::new();
        for (fi, f) in features.iter().enumerate() {
            for n in &f.names {
                let pairs = crate::pairs::Pairs::of(n);
                let id = names.len() as u32;
                for p in pairs.list() {
                    let list = postings.entry(*p).or_default();
                    match list.last_mut() {
                        Some((last, count)) if *last == id => *count += 1,
                        _ => list.push((id, 1)),
                    }
                }
                names.push((fi, pairs.list().len()));
            }
        }
        NameIndex {
            names,
            postings: postings.into_iter().collect(),
        }
    }
}

impl FeatureCatalogue {
    /// Fills each feature's normalised names (done when the catalogue loads) and forgets any name
    /// index built before, which [`FeatureCatalogue::alias_scores`] builds from them on first use
    /// (≈ 3 M instructions, a third of the cold load, paid by the first compare question instead).
    pub fn index(&mut self) {
        for f in &mut self.feature {
            f.names = f.all_names().map(|n| normalise(n)).collect();
        }
        self.name_index = std::sync::OnceLock::new();
    }

    /// For each feature, the best closeness of a normalised query to one of its names: the share of
    /// the query's pairs in the name plus the share of the name's pairs in the query (both
    /// `Pairs::share_in`, computed from the index).
    pub fn alias_scores(&self, query: &str) -> Vec<f64> {
        let ix = self.name_index.get_or_init(|| NameIndex::of(&self.feature));
        let q = crate::pairs::Pairs::of(query);
        let mut in_name = vec![0u32; ix.names.len()]; // query pairs (repeats counted) in the name
        let mut in_query = vec![0u32; ix.names.len()]; // name pairs (repeats counted) in the query
        let find = |p: &(char, char)| ix.postings.binary_search_by(|(k, _)| k.cmp(p)).ok();
        for p in q.list() {
            if let Some(i) = find(p) {
                for &(n, _) in &ix.postings[i].1 {
                    in_name[n as usize] += 1;
                }
            }
        }
        for p in q.set() {
            if let Some(i) = find(p) {
                for &(n, count) in &ix.postings[i].1 {
                    in_query[n as usize] += count;
                }
            }
        }
        let mut best = vec![0.0f64; self.feature.len()];
        for (n, &(f, len)) in ix.names.iter().enumerate() {
            let a = if q.list().is_empty() {
                0.0
            } else {
                in_name[n] as f64 / q.list().len() as f64
            };
            let b = if len == 0 {
                0.0
            } else {
                in_query[n] as f64 / len as f64
            };
            best[f] = f64::max(best[f], a + b);
        }
        best
    }
}

/// `regulations/features.toml`: the features `compare` questions can ask about.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureCatalogue {
    /// The features, in catalogue order.
    #[serde(default)]
    pub feature: Vec<Feature>,
    /// Built from the normalised names on first use by [`FeatureCatalogue::alias_scores`].
    #[serde(skip)]
    pub name_index: std::sync::OnceLock<NameIndex>,
}

/// Everything the first question pays for, built afresh: the four texts, their norms, the feature
/// catalogue and coverage marks, validated (the cold-load benchmark measures this).
pub fn load_all() -> Result<(Corpus, NormBase)> {
    let corpus = crate::corpus::load()?;
    let base = NormBase::load(&corpus)?;
    Ok((corpus, base))
}

/// All norms of all regulations, validated.
pub struct NormBase {
    /// Each regulation's norm data, by key.
    pub files: BTreeMap<String, NormFile>,
    /// The feature catalogue.
    pub features: FeatureCatalogue,
    /// The topic catalogue of the provisions.
    pub topics: TopicCatalogue,
    /// The heuristic word lists and thresholds the evaluators read questions and texts with
    /// (`regulations/lexicon.toml`), validated before the norms.
    pub(crate) lexicon: &'static crate::lexicon::Lexicon,
}

static BASE: LazyLock<Result<NormBase>> = LazyLock::new(|| {
    let mut base = NormBase::load(Corpus::get()?)?;
    base.freeze();
    Ok(base)
});

/// Makes a text of the embedded base borrowed for good. That base lives as long as the program,
/// so its texts are leaked once, and the answers then borrow them instead of copying them.
fn freeze(t: &mut Text) {
    if let std::borrow::Cow::Owned(s) = t {
        *t = std::borrow::Cow::Borrowed(Box::leak(std::mem::take(s).into_boxed_str()));
    }
}

/// Width-insensitive, whitespace-free form used to compare quotations with the text: whitespace
/// dropped, half-width `,;:()?!` made full-width, straight and curly double quotes all `"` (what
/// `ingest::compact`, then `ingest::full_width_punctuation`, then replacing `“”` by `"` give, in one
/// pass).
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    let bytes = s.as_bytes();
    // runs of characters kept as they are are copied whole; only ASCII and the lead bytes of
    // the non-ASCII whitespace (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) and of “” need a
    // look (the text's Chinese characters, lead bytes E4–E9, never do)
    let (mut kept, mut i) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let (len, with) = if b < 0x80 {
            match b {
                b',' => (1, Some('，')),
                b';' => (1, Some('；')),
                b':' => (1, Some('：')),
                b'(' => (1, Some('（')),
                b')' => (1, Some('）')),
                b'?' => (1, Some('？')),
                b'!' => (1, Some('！')),
                b if (b as char).is_whitespace() => (1, None),
                _ => {
                    i += 1;
                    continue;
                }
            }
        } else if matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
            let c = s[i..].chars().next().unwrap_or_default();
            match c {
                '“' | '”' => (c.len_utf8(), Some('"')),
                c if c.is_whitespace() => (c.len_utf8(), None),
                c => {
                    i += c.len_utf8();
                    continue;
                }
            }
        } else {
            i += 1; // another lead byte or a continuation byte
            continue;
        };
        out.push_str(&s[kept..i]);
        out.extend(with);
        i += len;
        kept = i;
    }
    out.push_str(&s[kept..]);
    out
}

/// Checks quotations against the canonical text, reading (and if need be normalising) each cited
/// provision's text once however many quotations cite it.
struct Quotes<'c> {
    corpus: &'c Corpus,
    /// Provision texts by citation, with their normalised form once one was needed.
    texts: std::collections::HashMap<&'c Ref, (String, Option<String>)>,
}

impl<'c> Quotes<'c> {
    /// `invalid-norm` unless `quote` (normalised) is in the text of `r` (normalised) and not blank.
    fn check(&mut self, r: &'c Ref, quote: &str, id: &str) -> Result<()> {
        if r.reg != r.reg.trim() {
            return Err(Error::InvalidNorm(format!("{id}: bad citation")));
        }
        let (text, normalised) = match self.texts.entry(r) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let text = self
                    .corpus
                    .lookup(r)
                    .map_err(|e| Error::InvalidNorm(format!("{id}: {e}")))?
                    .text();
                e.insert((text, None))
            }
        };
        // `normalise` maps each character on its own, so a quotation found verbatim is found
        // normalised too: only the others need the normalised forms
        let found = !quote.trim().is_empty()
            && (text.contains(quote)
                || normalised
                    .get_or_insert_with(|| normalise(text))
                    .contains(&normalise(quote)));
        if !found {
            return Err(Error::InvalidNorm(format!(
                "{id}: the quotation is not in {r}: `{quote}`"
            )));
        }
        Ok(())
    }
}

impl NormBase {
    /// Freezes the texts answers take from the data (requirements, conditions stated for unknown
    /// applicability, citations): see [`freeze`]. Only the embedded base, which is never dropped.
    fn freeze(&mut self) {
        for file in self.files.values_mut() {
            for n in &mut file.norm {
                for q in &mut n.requires {
                    freeze(&mut q.zh);
                    freeze(&mut q.en);
                }
                n.if_unknown_zh.iter_mut().for_each(freeze);
                n.if_unknown_en.iter_mut().for_each(freeze);
                n.prepared.freeze();
            }
            for l in &mut file.liability {
                l.prepared.freeze();
            }
            file.index_read_with();
        }
    }

    /// Parses and validates the embedded norms, features and coverage marks against `corpus`
    /// (done once, on first use, by [`NormBase::get`]; public for the cold-load benchmark).
    pub fn load(corpus: &Corpus) -> Result<NormBase> {
        let lexicon = crate::lexicon::Lexicon::get()?;
        let mut files = BTreeMap::new();
        for (key, text, coverage, provisions) in embedded_norms() {
            let mut f: NormFile = read_json(text, &format!("{key}/norms.toml"))?;
            let c: CoverageFile = read_json(coverage, &format!("{key}/coverage.toml"))?;
            f.non_operative.extend(c.non_operative);
            let p: ProvisionFile = read_json(provisions, &format!("{key}/provisions.toml"))?;
            f.provision = p.provision;
            f.prepare();
            files.insert(key.to_string(), f);
        }
        let mut features: FeatureCatalogue = read_json(embedded_features(), "features.toml")?;
        features.index();
        let topics: TopicCatalogue = read_json(embedded_topics(), "topics.toml")?;
        let base = NormBase {
            files,
            features,
            topics,
            lexicon,
        };
        base.validate(corpus)?;
        Ok(base)
    }

    /// The embedded norm base, loaded and validated on first use; `invalid-norm` if the data does
    /// not agree with the text.
    pub fn get() -> Result<&'static NormBase> {
        BASE.as_ref().map_err(Clone::clone)
    }

    /// The norm data of the regulation with this key.
    pub fn file(&self, key: &str) -> Option<&NormFile> {
        self.files.get(key)
    }

    /// Checks one regulation's provisions: ids unique and prefixed with the key; the quotation,
    /// bearer, recipient and value texts are in the cited provision (a bearer may be in the
    /// article, for an item whose lead-in names it); bearer kinds and topics are known.
    fn validate_provisions<'c>(
        &self,
        key: &str,
        f: &'c NormFile,
        quotes: &mut Quotes<'c>,
    ) -> Result<()> {
        let bad = |s: String| Err(Error::InvalidNorm(s));
        let mut ids = HashSet::new();
        let topics: HashSet<&str> = self.topics.topic.iter().map(|t| t.id.as_str()).collect();
        for p in &f.provision {
            let id = &p.id;
            if !ids.insert(id.as_str()) || !id.starts_with(&format!("{key}.")) {
                return bad(format!(
                    "{id}: provision ids are unique and start with `{key}.`"
                ));
            }
            if p.cite.reg != key {
                return bad(format!("{id}: cites {} outside {key}", p.cite));
            }
            quotes.check(&p.cite, &p.quote, id)?;
            if !p.recipient.is_empty() {
                quotes.check(&p.cite, &p.recipient, &format!("{id} recipient"))?;
            }
            for v in &p.values {
                quotes.check(&p.cite, &v.text, &format!("{id} value"))?;
            }
            if !p.bearer.is_empty() {
                let article = Ref {
                    paragraph: None,
                    item: None,
                    ..p.cite.clone()
                };
                let text = quotes
                    .corpus
                    .lookup(&article)
                    .map_err(|e| Error::InvalidNorm(format!("{id}: {e}")))?
                    .text();
                if !normalise(&text).contains(&normalise(&p.bearer)) {
                    return bad(format!(
                        "{id}: the bearer `{}` is not in {article}",
                        p.bearer
                    ));
                }
            }
            if p.bearer.is_empty() != p.bearer_kinds.is_empty() {
                return bad(format!("{id}: a bearer and its bearer_kinds go together"));
            }
            if let Some(k) = p.bearer_kinds.iter().find(|k| !is_bearer_kind(k)) {
                return bad(format!("{id}: `{k}` is not a level/kind bearer kind"));
            }
            if p.topics.is_empty() {
                return bad(format!("{id}: a provision has at least one topic"));
            }
            if let Some(t) = p.topics.iter().find(|t| !topics.contains(t.as_str())) {
                return bad(format!("{id}: unknown topic `{t}`"));
            }
        }
        Ok(())
    }

    /// Checks the data against the text and itself; the first problem found is returned.
    pub fn validate(&self, corpus: &Corpus) -> Result<()> {
        let bad = |s: String| Err(Error::InvalidNorm(s));
        let mut quotes = Quotes {
            corpus,
            texts: Default::default(),
        };
        let check_binds = |binds: &[String], id: &str| -> Result<()> {
            for b in binds {
                if ActorPattern::parse(b).is_none() {
                    return bad(format!("{id}: `{b}` is not a level/kind pattern"));
                }
            }
            Ok(())
        };
        let feature_ids: HashSet<&str> = self
            .features
            .feature
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        for (key, f) in &self.files {
            let mut ids = HashSet::new();
            let prefix = format!("{key}.");
            for n in &f.norm {
                if !ids.insert(n.id.as_str()) || !n.id.starts_with(&prefix) {
                    return bad(format!(
                        "{key}: norm id `{}` is repeated or lacks the `{key}.` prefix",
                        n.id
                    ));
                }
                if n.cite.reg != *key {
                    return bad(format!("{}: cites another regulation", n.id));
                }
                quotes.check(&n.cite, &n.quote, &n.id)?;
                check_binds(&n.binds, &n.id)?;
                for r in &n.requires {
                    if let Some(bad_fact) =
                        r.facts.iter().find(|x| !TRI_FACTS.contains(&x.as_str()))
                    {
                        return bad(format!("{}: `{bad_fact}` is not a boolean fact", n.id));
                    }
                }
                if let Some(bad_fact) = n
                    .when
                    .unless_all_false
                    .iter()
                    .find(|x| !TRI_FACTS.contains(&x.as_str()))
                {
                    return bad(format!("{}: `{bad_fact}` is not a boolean fact", n.id));
                }
                for s in n.when.task_on_list.iter().flatten() {
                    if ListStatus::parse(s).is_none() {
                        return bad(format!("{}: `{s}` is not a list status", n.id));
                    }
                }
                if n.modality == Modality::StatutoryTask && n.task_keywords.is_empty() {
                    return bad(format!("{}: a statutory task needs task_keywords", n.id));
                }
                if n.fallback && n.modality != Modality::Permission {
                    return bad(format!("{}: only a permission can be a fallback", n.id));
                }
                for r in &n.read_with {
                    corpus
                        .lookup(r)
                        .map_err(|e| Error::InvalidNorm(format!("{} read_with: {e}", n.id)))?;
                }
            }
            for n in &f.norm {
                for r in &n.routes {
                    match f.norm.iter().find(|m| &m.id == r) {
                        Some(m) if m.modality == Modality::Route => {}
                        _ => {
                            return bad(format!(
                                "{}: route `{r}` is not a route norm of {key}",
                                n.id
                            ))
                        }
                    }
                }
            }
            for l in &f.liability {
                quotes.check(&l.cite, &l.quote, &l.id)?;
                check_binds(&l.binds, &l.id)?;
                for r in &l.read_with {
                    corpus
                        .lookup(r)
                        .map_err(|e| Error::InvalidNorm(format!("{} read_with: {e}", l.id)))?;
                }
                for c in &l.covers {
                    if c != "*" && !ids.contains(c.as_str()) {
                        return bad(format!("{}: covers unknown norm `{c}`", l.id));
                    }
                }
            }
            for v in &f.value {
                if !(v.value.is_string() || v.value.is_number()) {
                    return bad(format!("{}: a value is a string or a number", v.id));
                }
                match &v.quote {
                    Some(q) => quotes.check(&v.cite, q, &v.id)?,
                    None => {
                        corpus
                            .lookup(&v.cite)
                            .map_err(|e| Error::InvalidNorm(format!("{}: {e}", v.id)))?;
                    }
                }
            }
            for fe in &f.feature {
                if !feature_ids.contains(fe.id.as_str()) {
                    return bad(format!(
                        "{key}: feature `{}` is not in features.toml",
                        fe.id
                    ));
                }
                for r in &fe.cites {
                    corpus
                        .lookup(r)
                        .map_err(|e| Error::InvalidNorm(format!("{key} feature {}: {e}", fe.id)))?;
                }
                if fe.cites.is_empty() {
                    return bad(format!("{key} feature {}: no citation", fe.id));
                }
                for n in &fe.norms {
                    match f.norm.iter().find(|m| &m.id == n) {
                        Some(m)
                            if matches!(
                                m.modality,
                                Modality::Obligation | Modality::Prohibition
                            ) => {}
                        _ => {
                            return bad(format!(
                            "{key} feature {}: `{n}` is not an obligation or prohibition of {key}",
                            fe.id
                        ))
                        }
                    }
                }
            }
            for a in &f.facility_area {
                quotes.check(&a.cite, &a.quote, &format!("{key} facility_area"))?;
                for r in &a.also_cite {
                    corpus
                        .lookup(r)
                        .map_err(|e| Error::InvalidNorm(format!("{key} facility_area: {e}")))?;
                }
            }
            for u in &f.utility_price {
                quotes.check(&u.cite, &u.quote, &format!("{key} utility_price"))?;
            }
            for m in &f.non_operative {
                quotes.check(&m.cite, &m.sentence, &format!("{key} non_operative"))?;
            }
            self.validate_provisions(key, f, &mut quotes)?;
        }
        // a compare question names a feature or a topic by id: the two catalogues share none
        if let Some(t) = self
            .topics
            .topic
            .iter()
            .find(|t| feature_ids.contains(t.id.as_str()))
        {
            return bad(format!("topic `{}` has the id of a feature", t.id));
        }
        for fe in &self.features.feature {
            if let Some(of) = &fe.consequence_of {
                let conduct = self.features.feature.iter().find(|c| &c.id == of);
                if conduct.is_none_or(|c| c.consequence_of.is_some() || c.dated) {
                    return bad(format!(
                        "feature `{}`: `{of}` is not a conduct feature",
                        fe.id
                    ));
                }
                if self
                    .files
                    .values()
                    .any(|f| f.feature.iter().any(|x| x.id == fe.id))
                {
                    return bad(format!(
                        "feature `{}` is a consequence twin: it is read from the liability clauses, not from entries",
                        fe.id
                    ));
                }
                continue;
            }
            for key in corpus.keys() {
                let has = self
                    .files
                    .get(key)
                    .is_some_and(|f| f.feature.iter().any(|x| x.id == fe.id));
                if !has {
                    return bad(format!("feature `{}` has no entry for {key}", fe.id));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    #[test]
    fn the_embedded_base_lends_the_texts_answers_take_from_it() {
        use std::borrow::Cow;
        let lent = |t: &crate::answer::Text| matches!(t, Cow::Borrowed(_));
        let base = super::NormBase::get().unwrap();
        for file in base.files.values() {
            for n in &file.norm {
                assert!(lent(&n.prepared.citation), "{}", n.id);
                assert!(
                    n.requires.iter().all(|q| lent(&q.zh) && lent(&q.en)),
                    "{}",
                    n.id
                );
                assert!(
                    n.if_unknown_zh.iter().chain(&n.if_unknown_en).all(lent),
                    "{}",
                    n.id
                );
            }
            assert!(file
                .read_with_index
                .iter()
                .all(|(c, r)| lent(c) && r.iter().all(lent)));
        }
        // and an answer borrows them: the bench question's four conditions and its citation
        let a = crate::ask_json(
            r#"{"kind":"assign-to-committee","regulation":"dalian","date":"2024-10-10","facts":{"assigner":"某区民政局","assignee":"社区居委会","task_on_list":"assist","written_commission":true}}"#,
        );
        assert_eq!(a.verdict, "conditional");
        assert!(!a.conditions.is_empty());
        for c in &a.conditions {
            assert!(lent(&c.text_zh) && lent(&c.text_en) && c.citations.iter().all(lent));
        }
        assert!(a.citations.iter().all(lent) && a.kind.iter().chain(&a.regulation).all(lent));
    }

    #[test]
    fn embedded_norms_are_valid() {
        if let Err(e) = super::NormBase::get() {
            panic!("{e}");
        }
    }

    /// The one-pass `normalise` is the three passes it replaces.
    fn three_passes(s: &str) -> String {
        crate::ingest::full_width_punctuation(&crate::ingest::compact(s)).replace(['“', '”'], "\"")
    }

    #[test]
    fn normalise_is_compact_then_full_width_then_straight_quotes() {
        for s in [
            "",
            " a\t\n b ",
            "甲(乙)：\"丙\"“丁”,;:?! 戊",
            "\u{3000}全角\u{a0}空格",
        ] {
            assert_eq!(super::normalise(s), three_passes(s), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn normalise_agrees_with_three_passes(
            s in "[ \t\n\r\u{b}\u{c}\u{1c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}a-c,;:()?!\"“”‘’，（）、é€甲乙]{0,40}"
        ) {
            prop_assert_eq!(super::normalise(&s), three_passes(&s));
        }

        #[test]
        fn normalise_agrees_with_three_passes_on_any_text(s in "\\PC{0,40}") {
            prop_assert_eq!(super::normalise(&s), three_passes(&s));
        }
    }

    /// Validates the norm base with a copy of the first regulation's first norm added, its id
    /// suffixed and its quotation rewritten by `quote`.
    fn validate_with_added_norm(suffix: &str, quote: impl Fn(&str) -> String) -> crate::Result<()> {
        let corpus = crate::corpus::Corpus::get().unwrap();
        let base = super::NormBase::get().unwrap();
        let key = corpus.keys().next().unwrap();
        let mut files = base.files.clone();
        let f = files.get_mut(key).unwrap();
        let mut n = f.norm[0].clone();
        n.id = format!("{key}.{suffix}");
        n.quote = quote(&n.quote);
        f.norm.push(n);
        let changed = super::NormBase {
            files,
            features: base.features.clone(),
            topics: base.topics.clone(),
            lexicon: base.lexicon,
        };
        changed.validate(corpus)
    }

    #[test]
    fn a_quotation_not_in_the_text_is_refused_even_when_its_provision_was_checked_before() {
        // a second quotation of the first norm's provision, not in its text
        let e = validate_with_added_norm("added", |q| format!("{q}不在条文中的话"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("the quotation is not in"), "{e}");
    }

    #[test]
    fn a_quotation_differing_only_in_spaces_and_punctuation_width_is_found() {
        let corpus = crate::corpus::Corpus::get().unwrap();
        let first = &super::NormBase::get().unwrap().files[corpus.keys().next().unwrap()].norm[0];
        // spaces between the characters, half-width commas: not verbatim, found normalised
        let spaced = |q: &str| -> String {
            q.chars()
                .map(|c| {
                    if c == '，' {
                        ",".into()
                    } else {
                        format!("{c} ")
                    }
                })
                .collect()
        };
        assert!(!corpus
            .lookup(&first.cite)
            .unwrap()
            .text()
            .contains(&spaced(&first.quote)));
        validate_with_added_norm("spaced", spaced).unwrap();
    }
}
