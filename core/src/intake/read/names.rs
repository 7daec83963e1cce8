//! Bodies' names and the assignment: who gives work to whom.

use super::{Assignment, Name, Reader, CLAUSE_ENDS, SENTENCE_ENDS};
use crate::intake::scan::{self, Hit};

impl Reader<'_> {
    // ---- names -----------------------------------------------------------------------------

    /// The earliest body ending in `range` of the masked text, extended over the endings that
    /// continue the same name (信阳市公安局浉河分局某派出所).
    pub(super) fn body_in(&self, from: usize, to: usize) -> Option<Name> {
        let m = &self.masked;
        let seg = &m[from..to];
        let (first, _) = scan::first(seg, &self.w.body_endings)?;
        let mut end = from + first.end;
        loop {
            let rest = &m[end..to];
            let Some((next, word)) = scan::first(rest, &self.w.body_endings) else {
                break;
            };
            // a name goes on with a word that ends it straight after (村民 委员会), an organ under
            // the one before (公安局浉河分局某派出所, 政府有关部门, 集团有限公司), or a place and
            // its organ (国家税务总局大连市西岗区税务局); not over a verb (企业配合街道办事处)
            let gap_chars = rest[..next.start].chars().count();
            let goes_on = gap_chars == 0
                || ["分局", "派出所", "司法所", "办公室", "中心", "公司"].contains(&word)
                || (word == "部门" && gap_chars <= 2)
                || rest[..next.start].contains(['市', '区', '县']);
            if !goes_on {
                break;
            }
            let gap = &rest[..next.start];
            let stops = gap.contains(CLAUSE_ENDS)
                || gap.contains(['、', '和', '及', '与', '或', '\u{3000}', ' '])
                || gap.chars().count() > 10
                || scan::any(gap, &self.w.not_in_names)
                || scan::any(gap, &self.w.assign_verbs)
                || [
                    "经", "在", "对", "向", "为", "由", "以", "按", "是否", "应当", "要求",
                ]
                .iter()
                .any(|x| gap.contains(x));
            if stops {
                break;
            }
            end += next.end;
        }
        // the name starts after the clause's punctuation or blanks before it
        let before = &m[from..from + first.start];
        let start = before
            .char_indices()
            .filter(|(_, c)| {
                CLAUSE_ENDS.contains(c)
                    || matches!(
                        c,
                        '、' | '\u{3000}' | '\u{a0}' | ' ' | '》' | '“' | '”' | '"'
                    )
            })
            .map(|(i, c)| from + i + c.len_utf8())
            .next_back()
            .unwrap_or(from);
        let mut start = start;
        let lead = [
            "根据", "按照", "依据", "依照", "按", "当天", "当日", "其中", "另外", "如果", "若",
        ];
        loop {
            let t = &self.s[start..end];
            let cut = lead
                .iter()
                .map(|x| x.to_string())
                .chain(self.w.not_in_names.iter().cloned())
                .find(|x| t.starts_with(x.as_str()) && t.len() > x.len());
            match cut {
                Some(x) => start += x.len(),
                None => break,
            }
        }
        let raw = &self.s[start..end];
        // words that are no part of a body's name: a clause, not a name
        if [
            "的", "不", "没有", "就", "征求", "如何", "是否", "哪些", "什么",
        ]
        .iter()
        .any(|x| raw.contains(x))
        {
            return None;
        }
        let value = self.name_value(raw);
        (!value.is_empty()).then(|| Name {
            hit: Hit::new(start, end),
            value,
        })
    }

    /// A body's name as the facts give it: `某` and a city or place before it dropped
    /// (海东市某区民政局 → 区民政局), anything else kept (信阳市公安局浉河分局某派出所).
    pub(super) fn name_value(&self, raw: &str) -> String {
        let raw = match raw.strip_suffix("工作人员") {
            Some(body) if body.chars().count() >= 2 => body,
            _ => raw,
        };
        if let Some(i) = raw.find('某') {
            let before = &raw[..i];
            let place = before.is_empty()
                || self.corpus.regulations.iter().any(|r| {
                    let city = &r.meta.city;
                    before == city || Some(before) == city.strip_suffix('市')
                });
            if place {
                return raw[i + '某'.len_utf8()..].to_string();
            }
        }
        raw.to_string()
    }

    pub(super) fn first_body(&self) -> Option<Name> {
        let end = self.s.find(SENTENCE_ENDS).unwrap_or(self.s.len());
        self.body_in(0, end)
    }

    /// The assignment the question describes: in the first sentence with an assigning verb
    /// followed by a body that receives work, the assignee after the verb and the assigner,
    /// the first body of the sentence before the first verb.
    pub(super) fn assignment(&self) -> Option<Assignment> {
        let s = &self.s;
        let m = &self.masked;
        let mut sentence_start = 0;
        for sentence in s.split_inclusive(SENTENCE_ENDS) {
            let from = sentence_start;
            let to = from + sentence.len();
            sentence_start = to;
            let mut verbs: Vec<(usize, &str)> = self
                .w
                .assign_verbs
                .iter()
                .flat_map(|v| scan::all(&m[from..to], v).map(move |i| (from + i, v.as_str())))
                .collect();
            crate::sort::by_key(&mut verbs, |(i, v)| (*i, std::cmp::Reverse(v.len())));
            let Some(&(first_verb, _)) = verbs.first() else {
                continue;
            };
            // a body right after a verb; else one a few words on (要求新建小区所在的社区居委会)
            let near = verbs
                .iter()
                .find_map(|&(at, verb)| Some((at, verb, self.assignee_at(at + verb.len(), to)?)));
            let near = near.or_else(|| {
                verbs.iter().find_map(|&(at, verb)| {
                    Some((at, verb, self.assignee_within(at + verb.len(), to)?))
                })
            });
            if let Some((at, verb, assignee)) = near {
                let after = at + verb.len();
                {
                    let assigner = self.body_in(from, first_verb.min(assignee.hit.start));
                    return Some(Assignment {
                        assigner,
                        assignee: Some(assignee),
                        verb: Hit::new(at, after),
                    });
                }
            }
            if let Some(assigner) = self.body_in(from, first_verb) {
                return Some(Assignment {
                    assigner: Some(assigner),
                    assignee: None,
                    verb: Hit::new(first_verb, first_verb),
                });
            }
        }
        None
    }

    /// A body receiving work within a few words after a verb, in the same clause, with no other
    /// verb between (要求新建小区所在的社区居委会; 安排辖区住宅小区物业服务企业).
    pub(super) fn assignee_within(&self, at: usize, to: usize) -> Option<Name> {
        let m = &self.masked;
        let end = m[at..to]
            .char_indices()
            .take_while(|(_, c)| !CLAUSE_ENDS.contains(c))
            .take(12)
            .last()
            .map_or(at, |(i, c)| at + i + c.len_utf8());
        let mut i = at;
        while i < end {
            let rest = &m[i..end];
            if self
                .w
                .assign_verbs
                .iter()
                .any(|v| rest.starts_with(v.as_str()))
                && i > at
            {
                return None;
            }
            if let Some(n) = self.assignee_at(i, to).filter(|n| {
                let next = &m[n.hit.end..to];
                !["内", "中", "里"].iter().any(|x| next.starts_with(x))
            }) {
                return Some(n);
            }
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    /// A body receiving work that starts right after a verb (a few words such as 某, 辖区, 各,
    /// 给 may come between).
    pub(super) fn assignee_at(&self, at: usize, to: usize) -> Option<Name> {
        let m = &self.masked;
        let mut i = at;
        for _ in 0..3 {
            let rest = &m[i..to];
            if let Some(a) = self
                .w
                .assignees
                .iter()
                .filter(|a| rest.starts_with(a.as_str()))
                .max_by_key(|a| a.len())
            {
                let end = i + a.len();
                // a longer name that goes on (社区居委会 after 社区, 网格员 after 网格) is taken whole
                let end = self
                    .w
                    .assignees
                    .iter()
                    .filter(|b| m[i..to].starts_with(b.as_str()))
                    .map(|b| i + b.len())
                    .max()
                    .unwrap_or(end);
                let value = self.s[i..end].to_string();
                // a grid's list, a community's affairs: a name followed by 清单/事项 is no body
                let next = &m[end..to];
                if ["清单", "事项", "化", "治理", "负面"]
                    .iter()
                    .any(|x| next.starts_with(x))
                {
                    return None;
                }
                return Some(Name {
                    hit: Hit::new(i, end),
                    value,
                });
            }
            let skip = ["某", "辖区内", "辖区", "各", "给", "的", "本村", "该"]
                .iter()
                .find(|x| rest.starts_with(**x))?;
            i += skip.len();
        }
        None
    }
}
