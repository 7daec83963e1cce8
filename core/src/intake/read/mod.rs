//! Reading one question: the kind, the regulation, the date and the facts of its kind.

mod facts;
mod kind;
mod names;
mod other;

use super::scan::{self, Hit};
use super::words::Words;
use super::{empty_question, Intake, Recognised};
use crate::corpus::Corpus;
use serde_json::{json, Map, Value};

/// Clause punctuation: a negation or a doubt does not reach past it.
const CLAUSE_ENDS: &[char] = &['，', '。', '；', '！', '？', '：', '\n'];
/// Sentence punctuation: an assignment is read within one sentence.
const SENTENCE_ENDS: &[char] = &['。', '？', '！', '\n'];

/// A body's name found in the question.
struct Name {
    hit: Hit,
    /// The name as the facts give it (`某` and the city before it dropped).
    value: String,
}

/// An assignment: who gives work to whom.
struct Assignment {
    assigner: Option<Name>,
    assignee: Option<Name>,
    /// Where the verb is, to read the task after it.
    verb: Hit,
}

pub(super) struct Reader<'a> {
    corpus: &'a Corpus,
    w: &'a Words,
    /// The question with half-width punctuation made full-width, control characters made spaces
    /// (the same characters as the input, so spans agree).
    s: String,
    original: &'a str,
    /// The question with regulation titles, dates and long bracketed remarks blanked (same
    /// byte offsets as `s`): names are looked for here.
    masked: String,
    q: Map<String, Value>,
    facts: Map<String, Value>,
    recognised: Vec<Recognised>,
    unresolved: Vec<Recognised>,
}

fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ',' => '，',
            '?' => '？',
            ';' => '；',
            '!' => '！',
            c if c.is_control() && c != '\n' => ' ',
            c => c,
        })
        .collect()
}

/// A blank of the same UTF-8 length as `c`.
fn blank(c: char) -> char {
    match c.len_utf8() {
        1 => ' ',
        2 => '\u{a0}',
        3 => '\u{3000}',
        _ => '\u{10000}',
    }
}

fn blank_range(s: &mut String, h: &Hit) {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        out.push(if i >= h.start && i < h.end {
            blank(c)
        } else {
            c
        });
    }
    *s = out;
}

impl<'a> Reader<'a> {
    pub(super) fn new(corpus: &'a Corpus, w: &'a Words, text: &'a str) -> Reader<'a> {
        let s = normalise(text);
        Reader {
            corpus,
            w,
            masked: s.clone(),
            s,
            original: text,
            q: empty_question(text),
            facts: Map::new(),
            recognised: Vec::new(),
            unresolved: Vec::new(),
        }
    }

    fn chars(&self, byte: usize) -> usize {
        self.s[..byte].chars().count()
    }

    fn note(&mut self, field: &str, value: Value, h: &Hit) {
        let (a, b) = (self.chars(h.start), self.chars(h.end));
        let words: String = self.original.chars().skip(a).take(b - a).collect();
        self.recognised.push(Recognised {
            field: field.to_string(),
            value,
            words,
            span: [a, b],
        });
    }

    fn fact(&mut self, key: &str, value: Value, h: &Hit) {
        if !value.is_null() {
            self.facts.insert(key.to_string(), value.clone());
        }
        self.note(key, value, h);
    }

    pub(super) fn read(mut self) -> Intake {
        let s = self.s.clone();
        // dates
        let dates = scan::dates(&s);
        if let Some(d) = dates.first() {
            self.q.insert("date".into(), Value::String(d.iso.clone()));
            self.note("date", json!(d.iso), &d.hit);
        }
        for d in &dates {
            blank_range(&mut self.masked, &d.hit);
        }
        for r in &self.w.relative_dates {
            if let Some(i) = s.find(r.as_str()) {
                let h = Hit::new(i, i + r.len());
                let (a, b) = (self.chars(h.start), self.chars(h.end));
                self.unresolved.push(Recognised {
                    field: "date".into(),
                    value: Value::Null,
                    words: self.original.chars().skip(a).take(b - a).collect(),
                    span: [a, b],
                });
            }
        }
        // long bracketed remarks ((政府本身), (只给出主体类型)) are no part of a name
        self.mask_remarks();
        let mut regs = scan::regulations(&s, self.corpus);
        for p in &self.w.places {
            for n in &p.names {
                for i in scan::all(&s, n) {
                    let h = Hit::new(i, i + n.len());
                    if !regs
                        .iter()
                        .any(|r| h.start < r.hit.end && r.hit.start < h.end)
                    {
                        regs.push(scan::RegHit {
                            hit: h,
                            key: Some(p.regulation.clone()),
                            name: n.clone(),
                        });
                    }
                }
            }
        }
        crate::sort::by_key(&mut regs, |r| r.hit.start);
        for r in &regs {
            // a city or district name is part of a body's name (海东市民政局); titles are not
            let title = r.name.contains("条例")
                || r.name.contains("草案")
                || s[..r.hit.start].ends_with('《');
            if title || r.hit.words(&s) != r.name {
                blank_range(&mut self.masked, &r.hit);
            }
        }
        let refs = scan::references(&s);
        let assignment = self.assignment();
        let kind = self.kind(&regs, &refs, assignment.as_ref());
        if let Some(k) = kind {
            self.q.insert("kind".into(), json!(k));
            match self.kind_cue(k, &refs, assignment.as_ref()) {
                Some(h) => self.note("kind", json!(k), &h),
                None => self.recognised.push(Recognised {
                    field: "kind".into(),
                    value: json!(k),
                    words: String::new(),
                    span: [0, 0],
                }),
            }
        }
        self.regulation(kind, &regs);
        match kind {
            Some("assign-to-committee" | "assign-to-grid") => {
                self.assignment_facts(assignment.as_ref());
            }
            Some("liability") => {
                if assignment.as_ref().is_some_and(|a| a.assignee.is_some()) {
                    self.assignment_facts(assignment.as_ref());
                } else {
                    // a conduct (挪用…经费): its words are no support facts of an assignment
                    self.conduct(assignment.as_ref());
                }
            }
            Some("compare") => {
                if assignment
                    .as_ref()
                    .is_some_and(|a| a.assigner.is_some() && a.assignee.is_some())
                {
                    self.assignment_facts(assignment.as_ref());
                } else {
                    let f = self.feature_words();
                    self.facts.insert("feature".into(), json!(f));
                }
            }
            Some("article-lookup") => self.lookup(&regs, &refs),
            Some("facility-area") => self.facility_area(),
            Some("utility-price") => self.utility(),
            Some("duty-of") => self.duty(),
            _ => {}
        }
        for r in refs.iter().filter(|_| kind != Some("article-lookup")) {
            let words = r.hit.words(&s).to_string();
            self.note("reference", json!(words), &r.hit);
        }
        crate::sort::by_key(&mut self.recognised, |r| r.span);
        self.q.insert("facts".into(), Value::Object(self.facts));
        Intake {
            question: Value::Object(self.q),
            recognised: self.recognised,
            unresolved: self.unresolved,
            needs: Vec::new(),
        }
    }

    fn mask_remarks(&mut self) {
        let s = self.s.clone();
        let mut open: Option<usize> = None;
        for (i, c) in s.char_indices() {
            match c {
                '（' => open = Some(i),
                '）' => {
                    if let Some(o) = open.take() {
                        let inner = s[o + '（'.len_utf8()..i].chars().count();
                        if inner >= 2 {
                            blank_range(&mut self.masked, &Hit::new(o, i + '）'.len_utf8()));
                        }
                    }
                }
                _ => {}
            }
        }
    }
}
