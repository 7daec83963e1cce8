//! Answers as in spec QUERIES.md.

use crate::error::Error;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;

/// A text of an answer: borrowed when it is the embedded data's own (a norm's requirement, a
/// citation, a kind or regulation key), so that answering does not copy it; owned when it was
/// composed for this answer. It reads, compares and serialises as a `str`.
pub type Text = Cow<'static, str>;

/// Something that must hold for the verdict (a `conditional` one, typically): a requirement of a
/// norm whose fact is unknown, or the applicability of a norm, with the provisions it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    /// The condition in Chinese, e.g. 进行书面委托.
    pub text_zh: Text,
    /// The condition in English, e.g. `The work is commissioned in writing (书面委托)`.
    pub text_en: Text,
    /// The provisions it comes from, e.g. `["dalian:24:1"]`.
    pub citations: Vec<Text>,
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
    /// The id of the norm tried, e.g. `dalian.assist-support` (or `dalian.effective-date`).
    pub norm: String,
    /// The provision it rests on, e.g. `dalian:24:1`.
    pub citation: String,
    /// What came of it, a short kebab-case word such as `violated`, `satisfied`, `conditional`,
    /// `applies`, `not-in-force`.
    pub outcome: String,
    /// The step in Chinese.
    pub zh: String,
    /// The step in English.
    pub en: String,
}

/// The reasoning trace of an answer; how much of it is kept is set by [`crate::explain::Explain`].
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Explanation {
    /// The norms tried, in order.
    pub steps: Vec<Step>,
    /// The answer in a Chinese sentence or two.
    pub summary_zh: String,
    /// The answer in English.
    pub summary_en: String,
}

/// For a `not-in-force` answer: the answer as if the regulation were in force on the date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    /// The verdict as if in force, e.g. `"prohibited"`.
    pub verdict: Value,
    /// Its conditions.
    pub conditions: Vec<Condition>,
    /// Its citations.
    pub citations: Vec<Text>,
    /// Its sanction, for a liability question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sanction: Option<Value>,
}

/// Why a question got the verdict `error`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorBody {
    /// The stable error code, e.g. `unknown-article` (see [`crate::Error::code`]).
    pub code: String,
    /// A human-readable message (English), e.g. `haidong:999 does not exist: …`.
    pub message: String,
}

/// The answer to one question, in the shape of spec QUERIES.md; serialises to its JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// The question's `id`, echoed (empty when it could not be read).
    pub id: String,
    /// The question kind, e.g. `assign-to-committee`; in an error answer, the kind as the question
    /// wrote it, `None` when it wrote none (or the text could not be read).
    pub kind: Option<Text>,
    /// The regulation key answered under, or `all`; in an error answer, the regulation's key when
    /// it names one of the corpus, else as the question wrote it, `None` when it wrote none.
    pub regulation: Option<Text>,
    /// The decision: a string such as `permitted`, `conditional`, `not-in-force`, `yes`, `error`;
    /// for some kinds a number (m²), a list of keys or an object key → verdict (compare).
    pub verdict: Value,
    /// What must hold for the verdict; alternatives are marked `either_or`.
    pub conditions: Vec<Condition>,
    /// Every provision the answer rests on, as `regulation:article[:paragraph[:item]]`.
    pub citations: Vec<Text>,
    /// For `not-in-force`: the answer as if in force.
    pub whatif: Option<WhatIf>,
    /// For `liability`: who acts, what consequences, what applies if serious, with citations.
    pub sanction: Option<Value>,
    /// Other defensible values where the text allows more than one reading (e.g. per started hundred).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Value>,
    /// The reasoning trace.
    pub explanation: Explanation,
    /// Set when the question could not be answered (the verdict is then `error`).
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

    /// The same answer with the question's kind and regulation, as far as they are known: what an
    /// error answer keeps of its question besides the id.
    pub fn echoing(mut self, kind: Option<String>, regulation: Option<String>) -> Answer {
        self.kind = self.kind.or(kind.map(Cow::Owned));
        self.regulation = self.regulation.or(regulation.map(Cow::Owned));
        self
    }

    /// One line of JSON (the CLI's `--jsonl` output): the same bytes as `serde_json::to_string`.
    pub fn to_json_line(&self) -> String {
        let mut out = Vec::with_capacity(1024);
        self.write_json(&mut out);
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// Appends the answer as one line of compact JSON (no newline) to `out`: byte for byte what
    /// the derived `Serialize` gives through serde_json, written directly (no intermediate values,
    /// strings copied in runs), so bulk callers can reuse one buffer.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"id\":");
        json_str(out, &self.id);
        out.extend_from_slice(b",\"kind\":");
        opt_str(out, self.kind.as_deref());
        out.extend_from_slice(b",\"regulation\":");
        opt_str(out, self.regulation.as_deref());
        out.extend_from_slice(b",\"verdict\":");
        json_value(out, &self.verdict);
        out.extend_from_slice(b",\"conditions\":");
        conditions(out, &self.conditions);
        out.extend_from_slice(b",\"citations\":");
        strings(out, &self.citations);
        out.extend_from_slice(b",\"whatif\":");
        match &self.whatif {
            None => out.extend_from_slice(b"null"),
            Some(w) => {
                out.extend_from_slice(b"{\"verdict\":");
                json_value(out, &w.verdict);
                out.extend_from_slice(b",\"conditions\":");
                conditions(out, &w.conditions);
                out.extend_from_slice(b",\"citations\":");
                strings(out, &w.citations);
                if let Some(s) = &w.sanction {
                    out.extend_from_slice(b",\"sanction\":");
                    json_value(out, s);
                }
                out.push(b'}');
            }
        }
        out.extend_from_slice(b",\"sanction\":");
        match &self.sanction {
            None => out.extend_from_slice(b"null"),
            Some(s) => json_value(out, s),
        }
        if !self.alternatives.is_empty() {
            out.extend_from_slice(b",\"alternatives\":[");
            for (i, v) in self.alternatives.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                json_value(out, v);
            }
            out.push(b']');
        }
        out.extend_from_slice(b",\"explanation\":{\"steps\":[");
        for (i, s) in self.explanation.steps.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"norm\":");
            json_str(out, &s.norm);
            out.extend_from_slice(b",\"citation\":");
            json_str(out, &s.citation);
            out.extend_from_slice(b",\"outcome\":");
            json_str(out, &s.outcome);
            out.extend_from_slice(b",\"zh\":");
            json_str(out, &s.zh);
            out.extend_from_slice(b",\"en\":");
            json_str(out, &s.en);
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"summary_zh\":");
        json_str(out, &self.explanation.summary_zh);
        out.extend_from_slice(b",\"summary_en\":");
        json_str(out, &self.explanation.summary_en);
        out.extend_from_slice(b"},\"error\":");
        match &self.error {
            None => out.extend_from_slice(b"null"),
            Some(e) => {
                out.extend_from_slice(b"{\"code\":");
                json_str(out, &e.code);
                out.extend_from_slice(b",\"message\":");
                json_str(out, &e.message);
                out.push(b'}');
            }
        }
        out.push(b'}');
    }
}

/// A JSON string: runs without characters to escape are copied whole; the rare string with a
/// quote, backslash or control character is escaped by serde_json itself (same bytes).
fn json_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        serde_json::to_writer(&mut *out, s).expect("strings serialise");
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

fn opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.extend_from_slice(b"null"),
        Some(s) => json_str(out, s),
    }
}

fn strings(out: &mut Vec<u8>, xs: &[Text]) {
    out.push(b'[');
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_str(out, x);
    }
    out.push(b']');
}

fn json_value(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::String(s) => json_str(out, s),
        Value::Null => out.extend_from_slice(b"null"),
        other => serde_json::to_writer(&mut *out, other).expect("values serialise"),
    }
}

fn conditions(out: &mut Vec<u8>, cs: &[Condition]) {
    out.push(b'[');
    for (i, c) in cs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"text_zh\":");
        json_str(out, &c.text_zh);
        out.extend_from_slice(b",\"text_en\":");
        json_str(out, &c.text_en);
        out.extend_from_slice(b",\"citations\":");
        strings(out, &c.citations);
        if c.either_or {
            out.extend_from_slice(b",\"either_or\":true");
        }
        if let Some(g) = c.group {
            out.extend_from_slice(b",\"group\":");
            out.extend_from_slice(g.to_string().as_bytes());
        }
        out.push(b'}');
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_direct_writer_gives_the_bytes_of_serde_json() {
        let mut a = Answer::from_error("q\"1\u{1}\\", &Error::InvalidJson("bad \n line".into()));
        a.conditions.push(Condition {
            text_zh: "条件".into(),
            text_en: "a \"quoted\" condition\t".into(),
            citations: vec!["dalian:24:1".into()],
            either_or: true,
            group: Some(12),
        });
        a.alternatives = vec![serde_json::json!(1.5), serde_json::json!("x")];
        a.whatif = Some(WhatIf {
            verdict: serde_json::json!({"a": [1, null]}),
            conditions: vec![],
            citations: vec!["x:1".into()],
            sanction: Some(serde_json::json!({"k": "v"})),
        });
        a.explanation.steps.push(Step {
            norm: "n".into(),
            citation: "c".into(),
            outcome: "o".into(),
            zh: "中文\u{7f}".into(),
            en: "e".into(),
        });
        assert_eq!(a.to_json_line(), serde_json::to_string(&a).unwrap());
        a.whatif.as_mut().unwrap().sanction = None;
        a.error = None;
        a.kind = Some("liability".into());
        assert_eq!(a.to_json_line(), serde_json::to_string(&a).unwrap());
    }
}
