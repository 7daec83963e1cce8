//! Typed entry points, one per question kind, for Rust users who would rather not build JSON.
//! They answer from the embedded data with the full explanation.
//!
//! ```
//! use zhili::kinds;
//! use zhili::question::{Facts, ListStatus};
//! let facts = Facts::new()
//!     .with_text("assigner", "区民政局")
//!     .with_list(ListStatus::Assist)
//!     .with_tri("funding_provided", Some(true))
//!     .with_tri("work_conditions_provided", Some(true));
//! let date = "2025-03-01".parse().ok();
//! let a = kinds::assign_to_committee("xinyang", date, facts).unwrap();
//! assert_eq!(a.verdict, "permitted");
//! assert_eq!(a.citations, ["xinyang:40:2", "xinyang:7"]);
//! ```

use crate::answer::Answer;
use crate::error::Result;
use crate::explain::Explain;
use crate::question::{Facts, Question, QuestionKind};
use chrono::NaiveDate;

fn ask(
    kind: QuestionKind,
    regulation: &str,
    date: Option<NaiveDate>,
    facts: Facts,
) -> Result<Answer> {
    ask_at(Explain::Full, kind, regulation, date, facts)
}

fn ask_at(
    explain: Explain,
    kind: QuestionKind,
    regulation: &str,
    date: Option<NaiveDate>,
    facts: Facts,
) -> Result<Answer> {
    let ctx = crate::embedded::context(explain)?;
    crate::evaluate::answer(&ctx, &Question::new(kind, regulation, date, facts))
}

/// May this body give this work to a residents'/villagers' committee or community?
pub fn assign_to_committee(
    regulation: &str,
    date: Option<NaiveDate>,
    facts: Facts,
) -> Result<Answer> {
    ask(QuestionKind::AssignToCommittee, regulation, date, facts)
}

/// May this body hand this item to the grid or grid staff?
pub fn assign_to_grid(regulation: &str, date: Option<NaiveDate>, facts: Facts) -> Result<Answer> {
    ask(QuestionKind::AssignToGrid, regulation, date, facts)
}

/// Does the regulation attach liability to this conduct, and what?
pub fn liability(regulation: &str, date: Option<NaiveDate>, facts: Facts) -> Result<Answer> {
    ask(QuestionKind::Liability, regulation, date, facts)
}

/// Is the regulation in force on `date`?
pub fn in_force(regulation: &str, date: NaiveDate) -> Result<Answer> {
    in_force_at(Explain::Full, regulation, date)
}

/// [`in_force`] building the explanation only as far as `explain` keeps it.
pub(crate) fn in_force_at(explain: Explain, regulation: &str, date: NaiveDate) -> Result<Answer> {
    ask_at(
        explain,
        QuestionKind::InForce,
        regulation,
        Some(date),
        Facts::new(),
    )
}

/// Who bears a duty (`duty`), or does `actor` bear it?
pub fn duty_of(
    regulation: &str,
    date: Option<NaiveDate>,
    duty: &str,
    actor: Option<&str>,
) -> Result<Answer> {
    let mut facts = Facts::new().with_text("duty", duty);
    if let Some(a) = actor {
        facts = facts.with_text("actor", a);
    }
    ask(QuestionKind::DutyOf, regulation, date, facts)
}

/// Which regulations have a feature (by id, Chinese name or alias)?
pub fn compare_feature(feature: &str) -> Result<Answer> {
    compare_feature_at(Explain::Full, feature)
}

/// [`compare_feature`] building the explanation only as far as `explain` keeps it.
pub(crate) fn compare_feature_at(explain: Explain, feature: &str) -> Result<Answer> {
    ask_at(
        explain,
        QuestionKind::Compare,
        "all",
        None,
        Facts::new().with_text("feature", feature),
    )
}

/// The same conduct under several regulations (`regulations` empty = all).
pub fn compare_conduct(
    regulations: &[&str],
    date: Option<NaiveDate>,
    mut facts: Facts,
) -> Result<Answer> {
    if !regulations.is_empty() {
        facts.regulations = Some(regulations.iter().map(|s| s.to_string()).collect());
    }
    ask(QuestionKind::Compare, "all", date, facts)
}

/// The minimum facility area for `households`, or whether `area_m2` meets it.
pub fn facility_area(
    regulation: &str,
    date: Option<NaiveDate>,
    households: u64,
    area_m2: Option<f64>,
) -> Result<Answer> {
    let mut facts = Facts::new();
    facts.households = Some(households);
    facts.area_m2 = area_m2;
    ask(QuestionKind::FacilityArea, regulation, date, facts)
}

/// Must this utility (water, electricity, gas, heating, broadband … or 供暖 …) be billed at the
/// residential price?
pub fn utility_price(regulation: &str, date: Option<NaiveDate>, utility: &str) -> Result<Answer> {
    let key = if utility.is_ascii() {
        "utility"
    } else {
        "utility_zh"
    };
    ask(
        QuestionKind::UtilityPrice,
        regulation,
        date,
        Facts::new().with_text(key, utility),
    )
}

/// The clean text of a provision, by citation (`haidong:6:1:7`) or Chinese reference.
pub fn article_lookup(regulation: &str, reference: &str) -> Result<Answer> {
    let (corpus, _) = crate::embedded::data()?;
    let default = (regulation != "all").then_some(regulation);
    let r = corpus.parse_ref(reference, default)?;
    let mut facts = Facts::new();
    facts.article = Some(r.article);
    facts.paragraph = r.paragraph;
    facts.item = r.item;
    ask(QuestionKind::ArticleLookup, &r.reg, None, facts)
}
