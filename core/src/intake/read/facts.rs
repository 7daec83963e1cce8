//! The facts of an assignment: the task, the list it stands on, the support facts (negation,
//! both-and, doubt), and a conduct.

use super::{Assignment, Name, Reader, CLAUSE_ENDS, SENTENCE_ENDS};
use crate::intake::actor_facts;
use crate::intake::scan::{self, Hit};
use serde_json::{json, Value};

impl Reader<'_> {
    // ---- facts of an assignment ------------------------------------------------------------

    pub(super) fn assignment_facts(&mut self, a: Option<&Assignment>) {
        let Some(a) = a else {
            self.support();
            return;
        };
        if let Some(n) = &a.assigner {
            self.fact("assigner", json!(n.value), &n.hit);
            let (level, kind) = actor_facts(&n.value);
            if let Some(l) = level {
                self.facts.insert("assigner_level".into(), json!(l));
                self.note("assigner_level", json!(l), &n.hit);
            }
            if let Some(k) = kind {
                self.facts.insert("assigner_kind".into(), json!(k));
                self.note("assigner_kind", json!(k), &n.hit);
            }
        }
        if let Some(n) = &a.assignee {
            self.fact("assignee", json!(n.value), &n.hit);
            let task = self.task(a, n);
            if let Some((t, h)) = task {
                self.facts.insert("task".into(), json!(t));
                self.note("task", json!(t), &h);
            }
        }
        self.list_status();
        self.support();
    }

    /// The task: the words from the assigning verb to the end of its clause, without the
    /// assignee and the verbs around it.
    pub(super) fn task(&self, a: &Assignment, assignee: &Name) -> Option<(String, Hit)> {
        let s = &self.s;
        let from = a.verb.end.min(assignee.hit.start);
        let end = s[from..]
            .find(CLAUSE_ENDS)
            .map(|i| from + i)
            .unwrap_or(s.len());
        let mut t = String::new();
        t.push_str(&s[from..assignee.hit.start]);
        if assignee.hit.end < end {
            t.push_str(&s[assignee.hit.end..end]);
        }
        let t = t
            .trim_matches(|c: char| c.is_whitespace() || "，。？、".contains(c))
            .to_string();
        (!t.is_empty()).then(|| (t, Hit::new(from, end)))
    }

    pub(super) fn list_status(&mut self) {
        let s = self.s.clone();
        // a list denied in a clause (不在…清单内, 未列入…清单): off the lists
        let mut at = 0;
        for clause in s.split_inclusive(CLAUSE_ENDS) {
            let from = at;
            at += clause.len();
            if let Some(l) = clause.find("清单") {
                let deny = [
                    "不在",
                    "未列入",
                    "没有列入",
                    "未通过",
                    "没有通过",
                    "绕开",
                    "不经",
                    "不属于",
                ]
                .iter()
                .filter_map(|d| clause[..l].find(d).map(|i| (i, d.len())))
                .min();
                if let Some((i, _)) = deny {
                    let h = Hit::new(from + i, from + l + "清单".len());
                    let earlier = self.w.lists[0]
                        .words
                        .iter()
                        .any(|w| s[..from + i].contains(w.as_str()));
                    if !earlier {
                        self.fact("task_on_list", json!("none"), &h);
                        return;
                    }
                }
            }
        }
        for l in &self.w.lists {
            if let Some((h, _)) = scan::first(&s, &l.words) {
                let status = l.status.clone();
                self.fact("task_on_list", json!(status), &h);
                return;
            }
        }
    }

    /// The boolean facts: each fact's words in a clause make it true, a negation before them
    /// (within the clause, after the last word that ends a negation's reach) false, a word of
    /// doubt in the clause leaves it unknown.
    pub(super) fn support(&mut self) {
        let s = self.s.clone();
        let mut start = 0;
        let mut seen: Vec<String> = Vec::new();
        for clause in s.split_inclusive(CLAUSE_ENDS) {
            let from = start;
            start += clause.len();
            let doubt = scan::any(clause, &self.w.doubts);
            // the words of all facts in this clause; where words overlap, the longest holds
            let mut all: Vec<(usize, usize, String)> = Vec::new();
            for sw in &self.w.support {
                for word in &sw.words {
                    all.extend(
                        scan::all(clause, word).map(|i| (i, i + word.len(), sw.fact.clone())),
                    );
                }
            }
            // … except inside a phrase that says nothing about the assignment
            let exceptions: Vec<(usize, usize)> = self
                .w
                .support_exceptions
                .iter()
                .flat_map(|x| scan::all(clause, x).map(move |i| (i, i + x.len())))
                .collect();
            all.retain(|(i, e, _)| !exceptions.iter().any(|(a, b)| a <= i && e <= b));
            crate::sort::by_key(&mut all, |(i, e, _)| (std::cmp::Reverse(e - i), *i));
            let mut found: Vec<(usize, usize, String)> = Vec::new();
            for (i, e, fact) in all {
                if !found.iter().any(|(a, b, _)| i < *b && *a < e) {
                    found.push((i, e, fact));
                }
            }
            crate::sort::sort(&mut found);
            for (i, e, fact) in found {
                if seen.contains(&fact) {
                    continue;
                }
                seen.push(fact.clone());
                let h = Hit::new(from + i, from + e);
                if doubt {
                    self.note(&fact, Value::Null, &h);
                    continue;
                }
                let negated = self.negated(clause, i, e);
                self.fact(&fact, json!(!negated), &h);
            }
        }
    }

    /// Whether the words at `i..e` of a clause are denied: a negation inside them (表示不同意) or
    /// before them with no word ending its reach in between.
    pub(super) fn negated(&self, clause: &str, i: usize, e: usize) -> bool {
        let w = self.w;
        let inside = &clause[i..e];
        if w.negations.iter().any(|n| inside.contains(n.as_str())) {
            return true;
        }
        let before = &clause[..i];
        let last_break = w
            .negation_breaks
            .iter()
            .filter_map(|b| before.rfind(b.as_str()).map(|p| p + b.len()))
            .max()
            .unwrap_or(0);
        let reach = &before[last_break..];
        w.negations.iter().any(|n| {
            reach.match_indices(n.as_str()).any(|(p, _)| {
                // 不在清单内 is no denial of a support fact
                let after = &reach[p + n.len()..];
                // …, and 无 of 无锡 is a city
                !(after.starts_with("在") || after.starts_with("锡"))
            })
        })
    }

    pub(super) fn conduct(&mut self, a: Option<&Assignment>) {
        let s = self.s.clone();
        let Some((h, _)) = scan::first(&s, &self.w.conduct_words) else {
            if a.is_none() {
                if let Some(n) = self.first_body() {
                    self.fact("assigner", json!(n.value), &n.hit);
                }
            }
            return;
        };
        let body = a
            .and_then(|a| {
                a.assigner
                    .as_ref()
                    .map(|n| (n.hit.clone(), n.value.clone()))
            })
            .or_else(|| self.first_body().map(|n| (n.hit, n.value)));
        if let Some((bh, v)) = &body {
            if !self.facts.contains_key("assigner") {
                self.fact("assigner", json!(v), bh);
            }
        }
        let from = body
            .as_ref()
            .map(|(bh, _)| bh.end)
            .filter(|e| *e <= h.start)
            .unwrap_or(h.start);
        let end = s[h.end..]
            .find(SENTENCE_ENDS)
            .map(|i| h.end + i)
            .unwrap_or(s.len());
        let c = s[from..end].trim_matches(|c: char| c.is_whitespace() || "，。？、".contains(c));
        if !c.is_empty() {
            let c = c.to_string();
            self.fact("conduct", json!(c), &Hit::new(from, end));
        }
    }
}
