//! Answers as in spec QUERIES.md.

use crate::error::Error;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    pub text_zh: String,
    pub text_en: String,
    pub citations: Vec<String>,
    /// Set on alternatives: any one alternative suffices.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub either_or: bool,
    /// Which alternative an `either_or` condition belongs to: the conditions of one group must hold
    /// together (a purchase route's three requirements), any one group suffices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<u32>,
}

/// One step of the reasoning: a norm tried and what came of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub norm: String,
    pub citation: String,
    pub outcome: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Explanation {
    pub steps: Vec<Step>,
    pub summary_zh: String,
    pub summary_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    pub verdict: Value,
    pub conditions: Vec<Condition>,
    pub citations: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sanction: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub id: String,
    pub kind: Option<String>,
    pub regulation: Option<String>,
    pub verdict: Value,
    pub conditions: Vec<Condition>,
    pub citations: Vec<String>,
    pub whatif: Option<WhatIf>,
    pub sanction: Option<Value>,
    /// Other defensible values where the text allows more than one reading (e.g. per started hundred).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Value>,
    pub explanation: Explanation,
    pub error: Option<ErrorBody>,
}

impl Answer {
    /// The answer for a question that could not be answered.
    pub fn from_error(id: impl Into<String>, e: &Error) -> Answer {
        Answer {
            id: id.into(),
            kind: None,
            regulation: None,
            verdict: Value::String("error".into()),
            conditions: vec![],
            citations: vec![],
            whatif: None,
            sanction: None,
            alternatives: vec![],
            explanation: Explanation {
                steps: vec![],
                summary_zh: format!("无法回答：{e}"),
                summary_en: format!("Cannot answer: {e}"),
            },
            error: Some(ErrorBody {
                code: e.code().to_string(),
                message: e.to_string(),
            }),
        }
    }

    /// One line of JSON (the CLI's `--jsonl` output).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("answers serialise")
    }
}
