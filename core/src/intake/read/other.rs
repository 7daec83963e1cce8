//! The facts of the other kinds: a look-up's reference, a facility's households and area, a
//! utility, a duty-of question's aim and actor, a compare question's words.

use super::{blank_range, Reader, CLAUSE_ENDS};
use crate::intake::scan::{self, Hit};
use serde_json::{json, Value};

impl Reader<'_> {
    // ---- other kinds -----------------------------------------------------------------------

    /// A compare question's words: the question without its date.
    pub(super) fn feature_words(&self) -> String {
        self.without_dates()
    }

    pub(super) fn without_dates(&self) -> String {
        let mut t = self.s.clone();
        for d in scan::dates(&self.s) {
            blank_range(&mut t, &d.hit);
        }
        t.replace(['\u{3000}'], "")
            .trim_matches(|c: char| c.is_whitespace() || "，。、".contains(c))
            .to_string()
    }

    pub(super) fn lookup(&mut self, regs: &[scan::RegHit], refs: &[scan::RefHit]) {
        let Some(r) = refs.first() else {
            return;
        };
        let s = self.s.clone();
        // the regulation's name just before the reference belongs to it
        let named = regs.iter().find(|g| {
            let gap = &s[g.hit.end.min(r.hit.start)..r.hit.start];
            g.hit.end <= r.hit.start && gap.trim_matches(['的', ' ', '《', '》']).is_empty()
        });
        let start = named.map_or(r.hit.start, |g| g.hit.start);
        let words = s[start..r.hit.end].to_string();
        let h = Hit::new(start, r.hit.end);
        self.fact("ref_zh", json!(words), &h);
        let regulation = self
            .q
            .get("regulation")
            .and_then(Value::as_str)
            .map(str::to_string);
        let default = regulation.as_deref().filter(|k| *k != "all");
        let numbers = match self.corpus.parse_ref(&words, default) {
            Ok(r) => Some((r.article, r.paragraph, r.item)),
            Err(_) => crate::reference::parse_zh(&words)
                .ok()
                .map(|z| (z.article, z.paragraph, z.item)),
        };
        if let Some((a, p, i)) = numbers {
            self.facts.insert("article".into(), json!(a));
            if let Some(p) = p {
                self.facts.insert("paragraph".into(), json!(p));
            }
            if let Some(i) = i {
                self.facts.insert("item".into(), json!(i));
            }
        }
        // an unknown regulation's article is asked by its numbers, not its words
        if self.facts.contains_key("requested_regulation") {
            self.facts.remove("ref_zh");
        }
    }

    pub(super) fn facility_word(&mut self) {
        let s = self.s.clone();
        if let Some((h, w)) = scan::first(&s, &self.w.facilities) {
            let w = w.to_string();
            self.fact("facility", json!(w), &h);
        }
    }

    pub(super) fn facility_area(&mut self) {
        let s = self.s.clone();
        if let Some((h, n)) = scan::quantity(&s, &["户"]) {
            self.fact("households", json!(n as u64), &h);
        }
        // an area the question states (面积95平方米), not the one it asks for (多少平方米)
        if let Some((h, n)) = scan::quantity(&s, &["平方米", "平米"]) {
            let v = if n.fract() == 0.0 {
                json!(n as u64)
            } else {
                json!(n)
            };
            self.fact("area_m2", v, &h);
        }
        self.facility_word();
    }

    pub(super) fn utility(&mut self) {
        let s = self.s.clone();
        self.facility_word();
        let mut best: Option<(Hit, String, String)> = None;
        for u in &self.w.utilities {
            if let Some((h, w)) = scan::first(&s, &u.words) {
                if best.as_ref().is_none_or(|(b, _, _)| h.start < b.start) {
                    best = Some((h, u.utility.clone(), w.to_string()));
                }
            }
        }
        match best {
            Some((h, u, _)) => {
                // 电费, 暖气费: the charge's words as written
                let end = if s[h.end..].starts_with('费') {
                    h.end + '费'.len_utf8()
                } else {
                    h.end
                };
                let zh = s[h.start..end].to_string();
                self.fact("utility", json!(u), &h);
                self.fact("utility_zh", json!(zh), &Hit::new(h.start, end));
            }
            None => {
                // a charge the words list does not hold (物业费): its words, for the evaluator
                if let Some(i) = s.find('费') {
                    let start = s[..i]
                        .char_indices()
                        .rev()
                        .take(3)
                        .take_while(|(_, c)| !CLAUSE_ENDS.contains(c) && *c != '的' && *c != '：')
                        .last()
                        .map_or(i, |(p, _)| p);
                    let zh = s[start..i + '费'.len_utf8()].to_string();
                    if start < i {
                        self.fact(
                            "utility_zh",
                            json!(zh),
                            &Hit::new(start, i + '费'.len_utf8()),
                        );
                    }
                }
            }
        }
    }

    pub(super) fn duty(&mut self) {
        let s = self.s.clone();
        let w = self.w;
        let duty = self.without_dates();
        self.facts.insert("duty".into(), json!(duty));
        // the aim
        let who_at = scan::first(&s, &w.who_words);
        let asks = match who_at {
            Some((h, _)) => {
                let before = &s[..h.start];
                let recipient = w
                    .recipient_before_who
                    .iter()
                    .any(|r| before.ends_with(r.as_str()))
                    && !before.ends_with("由");
                Some((if recipient { "recipient" } else { "who" }, h))
            }
            None => scan::first(&s, &w.recipient_words)
                .map(|(h, _)| ("recipient", h))
                .or_else(|| scan::first(&s, &w.value_words).map(|(h, _)| ("value", h)))
                .or_else(|| scan::first(&s, &w.whether_words).map(|(h, _)| ("whether", h))),
        };
        if let Some((a, h)) = asks {
            self.fact("asks", json!(a), &h);
        }
        // the body asked about: before 是否 (街道办事处是否应当…) or after 是否要求 (…是否要求乡镇人民政府…)
        if let Some(i) = s.find("是否") {
            let after = i + "是否".len();
            let opener = w
                .duty_openers
                .iter()
                .filter(|o| s[after..].starts_with(o.as_str()))
                .max_by_key(|o| o.len());
            let clause_start = s[..i]
                .rfind(CLAUSE_ENDS)
                .map(|p| p + s[p..].chars().next().map_or(1, char::len_utf8))
                .unwrap_or(0);
            let before = self.body_in(clause_start, i);
            let actor = match (before, opener) {
                (Some(n), _) => Some(n),
                (None, Some(o)) if o == "要求" || o == "禁止" || o == "约束" => {
                    let from = after + o.len();
                    let end = s[from..].find(CLAUSE_ENDS).map_or(s.len(), |p| from + p);
                    self.body_in(from, end).filter(|n| n.hit.start == from)
                }
                _ => None,
            };
            if let Some(n) = actor {
                self.fact("actor", json!(n.value), &n.hit);
            }
        }
    }
}
