//! How much of the reasoning trace an answer carries, and the level of the question being
//! answered on this thread. It lives below the evaluators, which skip building what would be
//! dropped; the facade (`api`) sets it around each question.

use crate::error::{Error, Result};
use serde::Serialize;
use std::str::FromStr;

/// How much of the reasoning trace an answer carries. The verdict, conditions, citations,
/// what-if and sanction never depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Explain {
    /// Every step tried, and the summary (the default).
    #[default]
    Full,
    /// The summary only, no steps.
    Summary,
    /// No explanation at all (empty steps and summaries), for bulk callers.
    None,
}

impl Explain {
    /// The names front ends accept (`--explain full|summary|none`), parsed by `str::parse`.
    pub const NAMES: &'static [&'static str] = &["full", "summary", "none"];

    /// The level's name, one of [`Explain::NAMES`].
    pub fn as_str(self) -> &'static str {
        match self {
            Explain::Full => "full",
            Explain::Summary => "summary",
            Explain::None => "none",
        }
    }
}

impl FromStr for Explain {
    type Err = Error;
    fn from_str(s: &str) -> Result<Explain> {
        match s.trim().to_ascii_lowercase().as_str() {
            "full" => Ok(Explain::Full),
            "summary" => Ok(Explain::Summary),
            "none" => Ok(Explain::None),
            other => Err(Error::InvalidQuestion(format!(
                "explain must be one of full, summary, none, not `{other}`"
            ))),
        }
    }
}

thread_local! {
    /// The explanation level of the question being answered on this thread: the evaluators skip
    /// building reasoning steps that would be dropped (see [`explains_steps`]).
    static LEVEL: std::cell::Cell<Explain> = const { std::cell::Cell::new(Explain::Full) };
}

/// Whether the answer being built on this thread keeps its reasoning steps. Evaluators may skip a
/// step when this is false; the verdict, conditions and citations never depend on it.
pub fn explains_steps() -> bool {
    LEVEL.with(|l| l.get() == Explain::Full)
}

/// Whether the answer being built on this thread keeps its summaries.
pub fn explains_summary() -> bool {
    LEVEL.with(|l| l.get() != Explain::None)
}

/// Runs `f` with the explanation level set for this thread, restoring the previous one after.
pub fn with_level<T>(level: Explain, f: impl FnOnce() -> T) -> T {
    struct Restore(Explain);
    impl Drop for Restore {
        fn drop(&mut self) {
            LEVEL.with(|l| l.set(self.0));
        }
    }
    let _restore = Restore(LEVEL.with(|l| l.replace(level)));
    f()
}
