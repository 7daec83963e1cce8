//! The kind of a question, the words that show it, and its regulation.

use super::{blank_range, Assignment, Reader};
use crate::actor::Kind as ActorKind;
use crate::intake::scan::{self, Hit};
use serde_json::{json, Value};

impl Reader<'_> {
    // ---- kind ----------------------------------------------------------------------------

    pub(super) fn kind(
        &self,
        regs: &[scan::RegHit],
        refs: &[scan::RefHit],
        a: Option<&Assignment>,
    ) -> Option<&'static str> {
        let s = &self.s;
        let w = self.w;
        let who = scan::any(s, &w.who_words);
        let assigner = a.is_some_and(|a| a.assigner.is_some());
        let assignee = a.is_some_and(|a| a.assignee.is_some());
        let known = regs.iter().filter_map(|r| r.key.as_deref()).count();
        if scan::any(s, &w.compare_words) {
            return Some("compare");
        }
        let described = assigner && assignee;
        if !refs.is_empty() && !who && !described && self.asks_for_text(regs, refs) {
            return Some("article-lookup");
        }
        let value = scan::any(s, &w.value_words);
        let area_given = scan::quantity(s, &["平方米", "平米"]).is_some();
        if scan::quantity(s, &["户"]).is_some()
            || (scan::any(s, &w.area_words)
                && area_given
                && (s.contains("达标") || s.contains("达到")))
        {
            return Some("facility-area");
        }
        let whether = scan::any(s, &w.whether_words);
        let utility = w.utilities.iter().any(|u| scan::any(s, &u.words)) || s.contains("费");
        if utility
            && scan::any(s, &w.price_words)
            && !who
            && !value
            && (whether || s.trim_end().ends_with('？'))
            && !assignee
        {
            return Some("utility-price");
        }
        let conduct = scan::any(s, &w.conduct_words);
        let liability = scan::any(s, &w.liability_words);
        // 是否应当 / 是否负有 / 是否禁止 …: whether the text lays a duty or a ban on someone
        let duty_opener = scan::all(s, "是否").any(|i| {
            let rest = &s[i + "是否".len()..];
            w.duty_openers.iter().any(|o| rest.starts_with(o.as_str()))
        });
        // 是否禁止 / 是否约束 after the conduct it is asked of: whether the text bans that conduct
        let asked_of_conduct = a.is_some_and(|a| a.assigner.is_some() && a.assignee.is_some())
            && ["是否禁止", "是否约束", "是否不得"].iter().any(|w| {
                s.find(w)
                    .is_some_and(|i| a.is_some_and(|a| a.verb.start < i))
            });
        if duty_opener && !asked_of_conduct && !(liability && (assigner || conduct)) {
            return Some("duty-of");
        }
        if scan::any(s, &w.in_force_words)
            && whether
            && !who
            && !assignee
            && !s.contains("何时")
            && !s.contains("何日")
        {
            return Some("in-force");
        }
        if conduct && !who && (liability || s.contains("适用")) && self.first_body().is_some() {
            return Some("liability");
        }
        if liability && !who {
            if assigner || (conduct && self.first_body().is_some()) {
                return Some("liability");
            }
            return Some("compare");
        }
        if assigner && assignee && !who {
            let grid = a.and_then(|a| a.assignee.as_ref()).is_some_and(|n| {
                crate::intake::actor_of(&n.value)
                    .kind
                    .is_some_and(ActorKind::is_grid_like)
            });
            return Some(if grid {
                "assign-to-grid"
            } else {
                "assign-to-committee"
            });
        }
        if who || whether || value || known > 0 {
            return Some("duty-of");
        }
        None
    }

    /// The words that show a question's kind: a compare word, the reference looked up, the
    /// households, the price asked, the duty asked about, the in-force or liability word, the verb
    /// that gives the work.
    pub(super) fn kind_cue(
        &self,
        kind: &str,
        refs: &[scan::RefHit],
        a: Option<&Assignment>,
    ) -> Option<Hit> {
        let s = &self.s;
        let w = self.w;
        let first = |lists: &[&[String]]| {
            lists
                .iter()
                .filter_map(|l| scan::first(s, l).map(|(h, _)| h))
                .min_by_key(|h| h.start)
        };
        match kind {
            "compare" => first(&[&w.compare_words]).or_else(|| first(&[&w.liability_words])),
            "article-lookup" => refs.first().map(|r| r.hit.clone()),
            "facility-area" => scan::quantity(s, &["户"])
                .map(|(h, _)| h)
                .or_else(|| first(&[&w.area_words])),
            "utility-price" => first(&[&w.price_words]),
            "in-force" => first(&[&w.in_force_words]),
            "liability" => first(&[&w.liability_words, &w.conduct_words]),
            "assign-to-committee" | "assign-to-grid" => {
                a.map(|a| a.verb.clone()).filter(|h| h.end > h.start)
            }
            _ => first(&[
                &w.who_words,
                &w.value_words,
                &w.whether_words,
                &w.duty_openers,
            ]),
        }
    }

    /// Whether a question with a reference asks for the provision's text: its words say so, or
    /// nothing but the reference, the regulation's name and punctuation is left.
    pub(super) fn asks_for_text(&self, regs: &[scan::RegHit], refs: &[scan::RefHit]) -> bool {
        if scan::any(&self.s, &self.w.lookup_words) {
            return true;
        }
        let mut rest = self.s.clone();
        for h in refs
            .iter()
            .map(|r| &r.hit)
            .chain(regs.iter().map(|r| &r.hit))
        {
            blank_range(&mut rest, h);
        }
        let left: String = rest
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
            .filter(|c| !"？。，、《》：的\u{3000}\u{a0}".contains(*c))
            .collect();
        // a few words, or words in Latin letters only around it (Dalian regulation, Art. 24)
        left.chars().count() <= 4 || left.chars().all(|c| c.is_ascii_alphanumeric())
    }

    // ---- regulation ----------------------------------------------------------------------

    pub(super) fn regulation(&mut self, kind: Option<&str>, regs: &[scan::RegHit]) {
        let mut keys: Vec<String> = Vec::new();
        for r in regs {
            if let Some(k) = &r.key {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
        for r in regs {
            self.note(
                "regulation",
                json!(r.key.clone().unwrap_or(r.name.clone())),
                &r.hit,
            );
        }
        let unknown = regs.iter().find(|r| r.key.is_none());
        let value = match kind {
            Some("compare") => {
                if keys.len() >= 2 {
                    self.facts.insert("regulations".into(), json!(keys));
                }
                json!("all")
            }
            Some("article-lookup") if keys.is_empty() => match unknown {
                Some(u) => {
                    let name = u.name.clone();
                    self.facts
                        .insert("requested_regulation".into(), json!(name));
                    json!("all")
                }
                None => Value::Null,
            },
            _ => match (keys.first(), unknown) {
                (Some(k), _) => json!(k),
                // a regulation the corpus does not hold: named as written, the answer says so
                (None, Some(u)) => json!(u.name),
                (None, None) => Value::Null,
            },
        };
        self.q.insert("regulation".into(), value);
    }
}
