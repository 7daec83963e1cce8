//! Norms as data: `regulations/<key>/norms.toml`, one reviewable file per regulation, and the
//! feature catalogue `regulations/features.toml`. Loaded once and validated against the canonical
//! text: every cited provision exists and every quotation is found verbatim in it.

use crate::actor::ActorPattern;
use crate::corpus::{embedded_features, embedded_norms, Corpus};
use crate::error::{Error, Result};
use crate::question::{ListStatus, TRI_FACTS};
use crate::reference::Ref;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

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
    Committee,
    Grid,
    /// Enterprises the text names as taking work from government (住宅小区物业管理服务企业).
    Enterprise,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// The list statuses the norm is about (`none` = off the lists).
    pub task_on_list: Option<Vec<String>>,
    /// Whether the matter is within the assigner's own responsibilities.
    pub own_duty: Option<bool>,
    /// The norm does not apply when all these boolean facts are false (and applies otherwise).
    #[serde(default)]
    pub unless_all_false: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Boolean facts that must all be true.
    pub facts: Vec<String>,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Norm {
    pub id: String,
    pub cite: Ref,
    pub quote: String,
    pub modality: Modality,
    pub applies_to: Target,
    /// Who the norm binds: `level/kind` patterns (`county/department`, `*/*`).
    pub binds: Vec<String>,
    #[serde(default)]
    pub when: When,
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
    pub if_unknown_zh: Option<String>,
    pub if_unknown_en: Option<String>,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Serious {
    pub threshold: String,
    pub imposed_by: Option<String>,
    pub targets: Vec<String>,
    pub consequence: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Liability {
    pub id: String,
    pub cite: Ref,
    pub quote: String,
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
    pub element_zh: Option<String>,
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
    pub condition_zh: Option<String>,
    pub condition_en: Option<String>,
    pub imposed_by: String,
    #[serde(default)]
    pub targets: Vec<String>,
    pub consequence: String,
    pub if_serious: Option<Serious>,
    /// The criminal step (构成犯罪的，依法追究刑事责任).
    pub if_crime: Option<Crime>,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crime {
    pub threshold: String,
    pub consequence: String,
}

/// A value the text settles for a duty-of question: a frequency (每年 → `annual`, 定期 →
/// `periodic`), a quantity (30 m² per 100 households → 30) or a time; `"no"` where the provision on
/// the subject fixes none (Haidong's drills).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueAnswer {
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
    pub unit: Option<String>,
    pub cite: Ref,
    pub quote: Option<String>,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureEntry {
    pub id: String,
    pub present: bool,
    pub cites: Vec<Ref>,
    pub zh: String,
    pub en: String,
    /// For a conduct feature: the ids of the regulation's obligation or prohibition norms that carry
    /// it; its consequence twin is read from the liability clauses that cover them.
    #[serde(default)]
    pub norms: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacilityArea {
    pub cite: Ref,
    pub quote: String,
    /// `local`: a figure in the text; `national`: the text defers to the national standard.
    pub standard: String,
    pub per_households: Option<u32>,
    pub area_m2: Option<f64>,
    #[serde(default)]
    pub in_principle: bool,
    #[serde(default)]
    pub also_cite: Vec<Ref>,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UtilityPrice {
    pub cite: Ref,
    pub quote: String,
    /// Utilities named (water, electricity, gas, heating).
    pub utilities: Vec<String>,
    /// Whether the list ends in 等 (open).
    pub open_list: bool,
    /// The facilities the rule covers, as the text names them.
    pub facility_zh: String,
    pub zh: String,
    pub en: String,
}

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
    pub cite: Ref,
    /// The start of the sentence (enough to identify it).
    pub sentence: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NormFile {
    #[serde(default)]
    pub lists: Lists,
    #[serde(default)]
    pub norm: Vec<Norm>,
    #[serde(default)]
    pub liability: Vec<Liability>,
    #[serde(default)]
    pub value: Vec<ValueAnswer>,
    #[serde(default)]
    pub feature: Vec<FeatureEntry>,
    #[serde(default)]
    pub facility_area: Vec<FacilityArea>,
    #[serde(default)]
    pub utility_price: Vec<UtilityPrice>,
    /// Filled from coverage.toml.
    #[serde(default, skip)]
    pub non_operative: Vec<CoverageMark>,
}

/// `regulations/<key>/coverage.toml`: the normative sentences deliberately left unencoded.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageFile {
    #[serde(default)]
    pub non_operative: Vec<CoverageMark>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    pub id: String,
    pub zh: String,
    pub en: String,
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
                let pairs = crate::evaluate::duty::Pairs::of(n);
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
    /// Fills each feature's normalised names and the name index (done when the catalogue loads).
    pub fn index(&mut self) {
        for f in &mut self.feature {
            f.names = f.all_names().map(|n| normalise(n)).collect();
        }
        self.name_index = NameIndex::of(&self.feature);
    }

    /// For each feature, the best closeness of a normalised query to one of its names: the share of
    /// the query's pairs in the name plus the share of the name's pairs in the query (both
    /// `duty::similarity`, computed from the index).
    pub fn alias_scores(&self, query: &str) -> Vec<f64> {
        let ix = &self.name_index;
        let q = crate::evaluate::duty::Pairs::of(query);
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

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureCatalogue {
    #[serde(default)]
    pub feature: Vec<Feature>,
    /// Built by [`FeatureCatalogue::index`] when the catalogue is loaded.
    #[serde(skip)]
    pub name_index: NameIndex,
}

/// All norms of all regulations, validated.
pub struct NormBase {
    pub files: BTreeMap<String, NormFile>,
    pub features: FeatureCatalogue,
}

static BASE: LazyLock<Result<NormBase>> = LazyLock::new(|| NormBase::load(Corpus::get()?));

/// Width-insensitive, whitespace-free form used to compare quotations with the text.
pub fn normalise(s: &str) -> String {
    crate::ingest::full_width_punctuation(&crate::ingest::compact(s)).replace(['“', '”'], "\"")
}

impl NormBase {
    /// Parses and validates the embedded norms, features and coverage marks against `corpus`
    /// (done once, on first use, by [`NormBase::get`]; public for the cold-load benchmark).
    pub fn load(corpus: &Corpus) -> Result<NormBase> {
        let mut files = BTreeMap::new();
        for (key, text, coverage) in embedded_norms() {
            let mut f: NormFile = toml::from_str(text)
                .map_err(|e| Error::InvalidNorm(format!("{key}/norms.toml: {e}")))?;
            let c: CoverageFile = toml::from_str(coverage)
                .map_err(|e| Error::InvalidNorm(format!("{key}/coverage.toml: {e}")))?;
            f.non_operative.extend(c.non_operative);
            files.insert(key.to_string(), f);
        }
        let mut features: FeatureCatalogue = toml::from_str(embedded_features())
            .map_err(|e| Error::InvalidNorm(format!("features.toml: {e}")))?;
        features.index();
        let base = NormBase { files, features };
        base.validate(corpus)?;
        Ok(base)
    }

    pub fn get() -> Result<&'static NormBase> {
        BASE.as_ref().map_err(Clone::clone)
    }

    pub fn file(&self, key: &str) -> Option<&NormFile> {
        self.files.get(key)
    }

    /// Checks the data against the text and itself; the first problem found is returned.
    pub fn validate(&self, corpus: &Corpus) -> Result<()> {
        let bad = |s: String| Err(Error::InvalidNorm(s));
        let check_quote = |r: &Ref, quote: &str, id: &str| -> Result<()> {
            if r.reg != r.reg.trim() {
                return bad(format!("{id}: bad citation"));
            }
            let text = corpus
                .lookup(r)
                .map_err(|e| Error::InvalidNorm(format!("{id}: {e}")))?
                .text();
            if !normalise(&text).contains(&normalise(quote)) || quote.trim().is_empty() {
                return bad(format!("{id}: the quotation is not in {r}: `{quote}`"));
            }
            Ok(())
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
            for n in &f.norm {
                if !ids.insert(n.id.as_str()) || !n.id.starts_with(&format!("{key}.")) {
                    return bad(format!(
                        "{key}: norm id `{}` is repeated or lacks the `{key}.` prefix",
                        n.id
                    ));
                }
                if n.cite.reg != *key {
                    return bad(format!("{}: cites another regulation", n.id));
                }
                check_quote(&n.cite, &n.quote, &n.id)?;
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
                check_quote(&l.cite, &l.quote, &l.id)?;
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
                    Some(q) => check_quote(&v.cite, q, &v.id)?,
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
                check_quote(&a.cite, &a.quote, &format!("{key} facility_area"))?;
                for r in &a.also_cite {
                    corpus
                        .lookup(r)
                        .map_err(|e| Error::InvalidNorm(format!("{key} facility_area: {e}")))?;
                }
            }
            for u in &f.utility_price {
                check_quote(&u.cite, &u.quote, &format!("{key} utility_price"))?;
            }
            for m in &f.non_operative {
                check_quote(&m.cite, &m.sentence, &format!("{key} non_operative"))?;
            }
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
    #[test]
    fn embedded_norms_are_valid() {
        if let Err(e) = super::NormBase::get() {
            panic!("{e}");
        }
    }
}
