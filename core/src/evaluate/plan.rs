//! A regulation's assignment norms in the form the assignment evaluator reads them: the norms for
//! each kind of assignee in the order of the data, the facts each norm reads as positions in
//! [`TRI_FACTS`] instead of names, the list statuses a norm and the regulation's lists accept as
//! bit sets, a prohibition's routes as positions, the effective-date citation as text. Built once
//! per regulation from its norm data and kept with the duty indexes of the context
//! ([`DutyIndexes`](super::DutyIndexes)); a question then reads its facts once into [`Given`].
//! Nothing here decides anything: every test reads exactly what the norm data says.

use crate::norm::{Norm, NormFile, Target};
use crate::question::{Facts, ListStatus, TRI_FACTS};
use crate::text::Regulation;
use crate::tri::Tri;

/// A boolean fact a norm reads: its position in [`TRI_FACTS`], or its name when it is none of
/// them (the store's validation refuses such data, but an unvalidated file still answers as its
/// names say).
#[derive(Debug, Clone)]
pub(crate) enum Fact {
    At(usize),
    Named(String),
}

impl Fact {
    fn of(name: &str) -> Fact {
        match TRI_FACTS.iter().position(|f| *f == name) {
            Some(i) => Fact::At(i),
            None => Fact::Named(name.to_string()),
        }
    }
}

/// Which assignees a norm is about (its `assignees` words).
#[derive(Debug, Clone)]
pub(crate) enum Assignees {
    /// Every assignee (no words).
    Any,
    /// An assignee whose name contains one of these words of [`Plan::words`] (a bit each).
    Among(u64),
    /// More distinct words in the file than a mask holds: the norm's own words are searched.
    Words,
}

/// One norm of [`NormFile::norm`], as the evaluator reads it.
#[derive(Debug, Clone)]
pub(crate) struct NormPlan {
    /// `when.unless_all_false`.
    pub unless_all_false: Vec<Fact>,
    /// `assignees`.
    pub assignees: Assignees,
    /// `when.task_on_list`: the statuses it names, a bit each ([`bit`]); `None` when it names none.
    pub list: Option<u8>,
    /// Each requirement's facts, in the order of `requires`.
    pub requires: Vec<Vec<Fact>>,
    /// `routes` as positions in the file's norms (an id no norm has is left out, as before).
    pub routes: Vec<usize>,
    /// For each of `task_keywords`, its characters as a [`char_mask`]: a task that contains the
    /// keyword has all of them.
    pub keywords: Vec<u64>,
    /// The texts of the conditions the norm may put (zh, en), see [`Texts`].
    pub texts: Texts,
}

/// The condition texts a norm may put, formatted once from its citation and the bodies it binds
/// (what the answers said when they formatted them per answer).
#[derive(Debug, Clone)]
pub(crate) struct Texts {
    /// A ban's condition that it does not bind the assigner: 作出安排的主体不属于{cite}所约束的{bodies}.
    pub not_bound: (String, String),
    /// A ban's condition that the task falls outside it: 该事项不属于{cite}所禁止的情形.
    pub outside: (String, String),
    /// A duty's prefix when it is unknown whether it binds the assigner: 如作出安排的主体属于{bodies}：
    pub if_bound: (String, String),
    /// A duty's prefix when it is unknown whether it reaches the task (from `if_unknown`): {zh}：
    pub if_reaches: Option<(String, String)>,
    /// A fallback's prefix when it is unknown whether it binds the assigner: 作出安排的主体属于{bodies}，且
    pub bound_and: (String, String),
    /// A fallback's condition that it binds the assigner: 作出安排的主体属于{bodies}.
    pub bound: (String, String),
}

impl Texts {
    fn of(n: &Norm) -> Texts {
        let (zh, en) = crate::actor::describe(&n.binds);
        let cite = &n.cite;
        Texts {
            not_bound: (
                format!("作出安排的主体不属于{cite}所约束的{zh}"),
                format!("The assigner is not one of the bodies {cite} binds ({en})"),
            ),
            outside: (
                format!("该事项不属于{cite}所禁止的情形"),
                format!("The task falls outside the ban of {cite}"),
            ),
            if_bound: (
                format!("如作出安排的主体属于{zh}："),
                format!("If the assigner is one of the bodies {cite} binds ({en}): "),
            ),
            if_reaches: match (&n.if_unknown_zh, &n.if_unknown_en) {
                (Some(zh), Some(en)) => Some((format!("{zh}："), format!("{en}: "))),
                _ => None,
            },
            bound_and: (
                format!("作出安排的主体属于{zh}，且"),
                format!("The assigner is one of the bodies {cite} names ({en}), and "),
            ),
            bound: (
                format!("作出安排的主体属于{zh}"),
                format!("The assigner is one of the bodies {cite} names ({en})"),
            ),
        }
    }
}

/// The characters of a text as a set of 64 bits (each character sets one, by a multiplicative
/// hash): a text containing another has every bit of the other's.
pub(crate) fn char_mask(s: &str) -> u64 {
    s.chars().fold(0, |m, c| {
        m | 1 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
    })
}

/// A regulation's assignment norms, ready to be read (see the module's comment).
#[derive(Debug, Clone)]
pub struct Plan {
    /// Parallel to the file's norms.
    pub(crate) norms: Vec<NormPlan>,
    /// For each target ([`target_slot`]): the positions of the norms that apply to it, in order.
    pub(crate) by_target: [Vec<usize>; 3],
    /// The distinct `assignees` words of the file's norms (at most 64, else none: see [`Assignees`]).
    words: Vec<String>,
    /// The statuses each list kind has a list for ([`bit`]): committee, grid.
    lists: [u8; 2],
    /// `key:article` of the regulation's effective-date article.
    pub(crate) effective: String,
}

/// The bit of a list status in a set of statuses.
pub(crate) fn bit(s: ListStatus) -> u8 {
    1 << (s as u8)
}

/// The slot of a target in [`Plan::by_target`].
pub(crate) fn target_slot(t: Target) -> usize {
    match t {
        Target::Committee => 0,
        Target::Grid => 1,
        Target::Enterprise => 2,
    }
}

const STATUSES: [ListStatus; 5] = [
    ListStatus::Assist,
    ListStatus::Autonomy,
    ListStatus::Negative,
    ListStatus::Grid,
    ListStatus::None,
];

impl Plan {
    /// The plan of a regulation's norm file.
    pub fn build(reg: &Regulation, file: &NormFile) -> Plan {
        let mut words: Vec<String> = Vec::new();
        for n in &file.norm {
            for w in &n.assignees {
                if !words.contains(w) {
                    words.push(w.clone());
                }
            }
        }
        let masks = words.len() <= 64;
        if !masks {
            words.clear();
        }
        let facts = |names: &[String]| names.iter().map(|f| Fact::of(f)).collect::<Vec<_>>();
        let norms = file
            .norm
            .iter()
            .map(|n| NormPlan {
                unless_all_false: facts(&n.when.unless_all_false),
                assignees: if n.assignees.is_empty() {
                    Assignees::Any
                } else if masks {
                    Assignees::Among(n.assignees.iter().fold(0, |m, w| {
                        m | 1 << words.iter().position(|x| x == w).expect("word listed")
                    }))
                } else {
                    Assignees::Words
                },
                list: n.when.task_on_list.as_ref().map(|wanted| {
                    STATUSES
                        .iter()
                        .filter(|s| wanted.iter().any(|w| w == s.as_str()))
                        .fold(0, |m, s| m | bit(*s))
                }),
                requires: n.requires.iter().map(|r| facts(&r.facts)).collect(),
                routes: n
                    .routes
                    .iter()
                    .filter_map(|r| file.norm.iter().position(|m| &m.id == r))
                    .collect(),
                keywords: n.task_keywords.iter().map(|k| char_mask(k)).collect(),
                texts: Texts::of(n),
            })
            .collect();
        let of_target = |t: Target| -> Vec<usize> {
            (0..file.norm.len())
                .filter(|&i| file.norm[i].applies_to == t)
                .collect()
        };
        let listed = |list: &std::collections::BTreeMap<String, String>| {
            STATUSES
                .iter()
                .filter(|s| list.contains_key(s.as_str()))
                .fold(0, |m, s| m | bit(*s))
        };
        Plan {
            norms,
            by_target: [
                of_target(Target::Committee),
                of_target(Target::Grid),
                of_target(Target::Enterprise),
            ],
            words,
            lists: [listed(&file.lists.committee), listed(&file.lists.grid)],
            effective: super::article_citation(&reg.meta.key, reg.meta.effective_article),
        }
    }

    /// Whether the regulation has a list of this status for this target (enterprises have none).
    pub(crate) fn has_list(&self, target: Target, s: ListStatus) -> bool {
        match target {
            Target::Committee => self.lists[0] & bit(s) != 0,
            Target::Grid => self.lists[1] & bit(s) != 0,
            Target::Enterprise => false,
        }
    }
}

/// A fact not read yet in [`Given`] (no [`Tri`] has this value).
const UNREAD: u8 = u8::MAX;

/// A question's facts as the norms of one [`Plan`] read them: the boolean facts by position (each
/// looked up by name once, the first time a norm reads it), the assignee's name and which of the
/// plan's words it contains.
pub(crate) struct Given<'q> {
    /// The facts read so far ([`Tri`] as `u8`, [`UNREAD`] for the others).
    tri: [std::cell::Cell<u8>; TRI_FACTS.len()],
    /// The facts themselves.
    pub facts: &'q Facts,
    /// `assignee`.
    pub assignee: Option<&'q str>,
    /// The plan's `assignees` words.
    words: &'q [String],
    /// Those the assignee's name contains, found the first time a norm about some assignees asks.
    named: std::cell::Cell<Option<u64>>,
    /// `task` ("" when not given).
    task: &'q str,
    /// Its [`char_mask`], made the first time a norm's keywords are tried.
    task_mask: std::cell::Cell<Option<u64>>,
}

impl<'q> Given<'q> {
    /// The facts of a question, none read yet.
    pub fn new(plan: &'q Plan, facts: &'q Facts) -> Given<'q> {
        Given {
            tri: std::array::from_fn(|_| std::cell::Cell::new(UNREAD)),
            facts,
            assignee: facts.text("assignee"),
            words: &plan.words,
            named: Default::default(),
            task: facts.text("task").unwrap_or(""),
            task_mask: Default::default(),
        }
    }

    /// A boolean fact; unknown when not given.
    pub fn tri(&self, f: &Fact) -> Tri {
        match f {
            Fact::At(i) => self.at(*i),
            Fact::Named(name) => self.facts.tri(name),
        }
    }

    /// The fact at this position of [`TRI_FACTS`], looked up ([`Facts::tri`]) the first time.
    fn at(&self, i: usize) -> Tri {
        match self.tri[i].get() {
            UNREAD => {
                let v = self.facts.tri(TRI_FACTS[i]);
                self.tri[i].set(v as u8);
                v
            }
            v if v == Tri::True as u8 => Tri::True,
            v if v == Tri::False as u8 => Tri::False,
            _ => Tri::Unknown,
        }
    }

    /// A boolean fact by name.
    pub fn fact(&self, name: &str) -> Tri {
        match TRI_FACTS.iter().position(|f| *f == name) {
            Some(i) => self.at(i),
            None => self.facts.tri(name),
        }
    }

    /// The conjunction of these facts (a requirement's value).
    pub fn all(&self, fs: &[Fact]) -> Tri {
        Tri::all(fs.iter().map(|f| self.tri(f)))
    }

    /// Whether the task names one of the norm's `task_keywords` (contains it).
    pub fn mentions(&self, n: &Norm, p: &NormPlan) -> bool {
        if n.task_keywords.is_empty() {
            return false;
        }
        let task = self.task;
        let have = match self.task_mask.get() {
            Some(m) => m,
            None => {
                let m = char_mask(task);
                self.task_mask.set(Some(m));
                m
            }
        };
        // a keyword with a character the task lacks is not in it: only the others are searched
        n.task_keywords
            .iter()
            .zip(&p.keywords)
            .any(|(k, m)| m & !have == 0 && task.contains(k.as_str()))
    }

    /// The plan's words the assignee's name contains, a bit each.
    fn named(&self, name: &str) -> u64 {
        if let Some(m) = self.named.get() {
            return m;
        }
        let m = self
            .words
            .iter()
            .enumerate()
            .filter(|(_, w)| name.contains(w.as_str()))
            .fold(0, |m, (i, _)| m | 1 << i);
        self.named.set(Some(m));
        m
    }

    /// Whether a norm about some assignees only leaves this one out (the assignee named, and
    /// none of the norm's words in its name).
    pub fn leaves_out(&self, n: &Norm, p: &NormPlan) -> bool {
        let Some(name) = self.assignee else {
            return false;
        };
        match p.assignees {
            Assignees::Any => false,
            Assignees::Among(m) => self.named(name) & m == 0,
            Assignees::Words => !n.assignees.iter().any(|w| name.contains(w.as_str())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_containing_another_has_its_characters() {
        for (hay, needle) in [
            ("违章建筑巡查", "巡查"),
            ("定期开展巡查走访工作", "巡查走访"),
            ("制定居民公约", "制定居民公约"),
            ("", ""),
        ] {
            assert!(hay.contains(needle));
            assert_eq!(char_mask(needle) & !char_mask(hay), 0, "{needle} in {hay}");
        }
    }

    #[test]
    fn facts_read_by_position_as_by_name() {
        let facts = Facts::new()
            .with_tri("written_commission", Some(true))
            .with_tri("funding_provided", Some(false))
            .with_tri("approval", None);
        let plan = Plan {
            norms: vec![],
            by_target: Default::default(),
            words: vec![],
            lists: [0, 0],
            effective: String::new(),
        };
        let g = Given::new(&plan, &facts);
        for (i, name) in TRI_FACTS.iter().enumerate() {
            // twice: the second reading is the remembered one
            assert_eq!(g.tri(&Fact::At(i)), facts.tri(name), "{name}");
            assert_eq!(g.tri(&Fact::of(name)), facts.tri(name), "{name}");
            assert_eq!(g.fact(name), facts.tri(name), "{name}");
        }
        assert_eq!(g.tri(&Fact::of("no_such_fact")), Tri::Unknown);
    }

    #[test]
    fn the_embedded_plans_read_the_norms_as_written() {
        let ctx = crate::embedded::context(crate::explain::Explain::None).unwrap();
        for reg in &ctx.corpus.regulations {
            let Some(file) = ctx.base.file(&reg.meta.key) else {
                continue;
            };
            let plan = ctx.plan(reg, file);
            assert!(matches!(plan, std::borrow::Cow::Borrowed(_)), "kept");
            for (n, p) in file.norm.iter().zip(&plan.norms) {
                let names: Vec<&str> = p
                    .requires
                    .iter()
                    .flatten()
                    .map(|f| match f {
                        Fact::At(i) => TRI_FACTS[*i],
                        Fact::Named(s) => s.as_str(),
                    })
                    .collect();
                let want: Vec<&str> = n
                    .requires
                    .iter()
                    .flat_map(|r| r.facts.iter().map(|s| s.as_str()))
                    .collect();
                assert_eq!(names, want, "{}", n.id);
                let routes: Vec<&str> = p.routes.iter().map(|&r| &*file.norm[r].id).collect();
                assert!(routes.iter().all(|r| n.routes.iter().any(|x| x == r)));
                for s in STATUSES {
                    let listed = n
                        .when
                        .task_on_list
                        .as_ref()
                        .map(|w| w.iter().any(|x| x == s.as_str()));
                    assert_eq!(p.list.map(|m| m & bit(s) != 0), listed, "{}", n.id);
                }
            }
            assert_eq!(
                plan.effective,
                format!("{}:{}", reg.meta.key, reg.meta.effective_article)
            );
        }
    }
}
