//! How much of the reasoning trace an answer carries. It lives below the evaluators, which take it
//! in their context (`evaluate::Context`) and skip building what would be dropped; the facade
//! (`api`) passes the level each caller asks for.

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
