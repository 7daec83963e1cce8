//! Reading one question: the kind, the regulation, the date and the facts of its kind.

use super::scan::{self, Hit};
use super::words::Words;
use super::{actor_facts, empty_question, Intake, Recognised};
use crate::actor::Kind as ActorKind;
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
        regs.sort_by_key(|r| r.hit.start);
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
            Some("duty-of") => self.duty(&refs),
            _ => {}
        }
        for r in refs.iter().filter(|_| kind != Some("article-lookup")) {
            let words = r.hit.words(&s).to_string();
            self.note("reference", json!(words), &r.hit);
        }
        self.recognised.sort_by_key(|r| r.span);
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

    // ---- kind ----------------------------------------------------------------------------

    fn kind(
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
                super::actor_of(&n.value)
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
    fn kind_cue(&self, kind: &str, refs: &[scan::RefHit], a: Option<&Assignment>) -> Option<Hit> {
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
    fn asks_for_text(&self, regs: &[scan::RegHit], refs: &[scan::RefHit]) -> bool {
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
        left.chars().count() <= 4
    }

    // ---- regulation ----------------------------------------------------------------------

    fn regulation(&mut self, kind: Option<&str>, regs: &[scan::RegHit]) {
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

    // ---- names -----------------------------------------------------------------------------

    /// The earliest body ending in `range` of the masked text, extended over the endings that
    /// continue the same name (信阳市公安局浉河分局某派出所).
    fn body_in(&self, from: usize, to: usize) -> Option<Name> {
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
    fn name_value(&self, raw: &str) -> String {
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

    fn first_body(&self) -> Option<Name> {
        let end = self.s.find(SENTENCE_ENDS).unwrap_or(self.s.len());
        self.body_in(0, end)
    }

    /// The assignment the question describes: in the first sentence with an assigning verb
    /// followed by a body that receives work, the assignee after the verb and the assigner,
    /// the first body of the sentence before the first verb.
    fn assignment(&self) -> Option<Assignment> {
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
            verbs.sort_by_key(|(i, v)| (*i, std::cmp::Reverse(v.len())));
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
    fn assignee_within(&self, at: usize, to: usize) -> Option<Name> {
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
    fn assignee_at(&self, at: usize, to: usize) -> Option<Name> {
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

    // ---- facts of an assignment ------------------------------------------------------------

    fn assignment_facts(&mut self, a: Option<&Assignment>) {
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
    fn task(&self, a: &Assignment, assignee: &Name) -> Option<(String, Hit)> {
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

    fn list_status(&mut self) {
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
    fn support(&mut self) {
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
            all.sort_by_key(|(i, e, _)| (std::cmp::Reverse(e - i), *i));
            let mut found: Vec<(usize, usize, String)> = Vec::new();
            for (i, e, fact) in all {
                if !found.iter().any(|(a, b, _)| i < *b && *a < e) {
                    found.push((i, e, fact));
                }
            }
            found.sort();
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
    fn negated(&self, clause: &str, i: usize, e: usize) -> bool {
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

    fn conduct(&mut self, a: Option<&Assignment>) {
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

    // ---- other kinds -----------------------------------------------------------------------

    /// A compare question's words: the question without its date.
    fn feature_words(&self) -> String {
        self.without_dates()
    }

    fn without_dates(&self) -> String {
        let mut t = self.s.clone();
        for d in scan::dates(&self.s) {
            blank_range(&mut t, &d.hit);
        }
        t.replace(['\u{3000}'], "")
            .trim_matches(|c: char| c.is_whitespace() || "，。、".contains(c))
            .to_string()
    }

    fn lookup(&mut self, regs: &[scan::RegHit], refs: &[scan::RefHit]) {
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

    fn facility_word(&mut self) {
        let s = self.s.clone();
        if let Some((h, w)) = scan::first(&s, &self.w.facilities) {
            let w = w.to_string();
            self.fact("facility", json!(w), &h);
        }
    }

    fn facility_area(&mut self) {
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

    fn utility(&mut self) {
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
            Some((h, u, w)) => {
                // 电费, 暖气费: the charge's words as written
                let end = if s[h.end..].starts_with('费') {
                    h.end + '费'.len_utf8()
                } else {
                    h.end
                };
                let zh = s[h.start..end].to_string();
                let _ = w;
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

    fn duty(&mut self, refs: &[scan::RefHit]) {
        let s = self.s.clone();
        let w = self.w;
        let _ = refs;
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
