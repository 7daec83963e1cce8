//! Who bears a duty? A searchable index of the duties in the text (every sentence with a duty
//! marker, with its duty-bearer), plus values the norm data settles (drill frequency).

use super::{Context, Finding};
use crate::actor::{recognise, Actor};
use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::norm::NormFile;
use crate::pairs::{bigrams, skipped, Pairs};
use crate::provision::ValueKind;
use crate::question::Facts;
use crate::reference::Ref;
use crate::text::Regulation;
use serde::Serialize;

/// One entry of the duty index: a provision of the regulation's provisions.toml (a sentence, or a
/// clause of it, with one bearer and one act), as the data gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duty {
    /// The provision's id.
    pub id: String,
    /// The paragraph or item the text is in.
    pub cite: Ref,
    /// The provision's words, verbatim.
    pub sentence: String,
    /// The duty-bearer as the text writes it, if the text names one.
    pub bearer: Option<String>,
    /// The level/kind of each body of the bearer.
    pub bearer_kinds: Vec<String>,
    /// To whom (报X备案, 向X报告), as the text writes it.
    pub recipient: Option<String>,
    /// The force of its wording (`shall`, `must-not`, `may`, `encourage` …).
    pub modality: &'static str,
    /// Whether that force binds the bearer (permissive wording never does).
    pub binds: bool,
    /// The values it fixes.
    pub values: Vec<crate::provision::ProvisionValue>,
    /// What a question's words are matched against: the words, then the object the data names.
    #[serde(skip)]
    pub matched_text: String,
    /// The act and its object as the data names them (the bearer's name left out).
    #[serde(skip)]
    pub act_text: String,
}

/// The duty-bearer at the start of a sentence: the text before the first duty marker, when it
/// ends in the name of a body (县（区）人民政府, 镇人民政府（街道办事处）, 乡镇人民政府、街道办事处). A leading
/// condition (发生突发事件时，/ 对…的，) is skipped, and a list of bodies may run over commas.
pub fn bearer_of(lex: &Lexicon, sentence: &str) -> Option<String> {
    if let Some(b) = subject_before_marker(lex, sentence) {
        return Some(b);
    }
    // skip leading clauses that set a condition or circumstance, one comma at a time
    let mut rest = sentence;
    while let Some((clause, after)) = rest.split_once('，') {
        let conditional = lex
            .condition_endings
            .iter()
            .any(|e| clause.ends_with(e.as_str()))
            || lex
                .condition_starts
                .iter()
                .any(|s| clause.starts_with(s.as_str()));
        if !conditional {
            break;
        }
        let after_by = after.strip_prefix('由').unwrap_or(after); // …的，由县（区）人民政府按照…
        if let Some(b) = subject_before_marker(lex, after_by) {
            return Some(b);
        }
        rest = after;
    }
    if let Some(b) = body_in_scope(lex, sentence) {
        return Some(b);
    }
    // the clause of the first modal verb may name its own subject (引导…，镇人民政府…应当给予支持)
    let first_modal = lex.markers(sentence).find(|(_, modal)| *modal)?.0;
    let clause_start = sentence[..first_modal]
        .rfind('，')
        .map(|i| i + '，'.len_utf8())?;
    let head = &sentence[clause_start..first_modal];
    is_body(lex, head).then(|| head.to_string())
}

/// A body followed by the scope of its action (…街道办事处在各自职责范围内，对…进行监督).
fn body_in_scope(lex: &Lexicon, sentence: &str) -> Option<String> {
    ['在', '对'].iter().find_map(|m| {
        let pos = sentence.find(*m)?;
        let head = &sentence[..pos];
        (!head.contains(['，', '。', '；']) && is_body(lex, head) && !starts_with_verb(lex, head))
            .then(|| head.to_string())
    })
}

/// A subject made of a relative clause (负责矛盾纠纷多元预防化解指导工作的机构).
fn relative_subject(lex: &Lexicon, head: &str) -> bool {
    head.rsplit_once('的')
        .is_some_and(|(_, noun)| is_body(lex, noun))
}

/// A head that opens with a verb (支持专业化社会救援队伍…) is an object, not a subject: a duty marker
/// or one of the lexicon's `object_openers`.
fn starts_with_verb(lex: &Lexicon, head: &str) -> bool {
    lex.modals
        .iter()
        .chain(&lex.verbs)
        .chain(&lex.object_openers)
        .any(|v| head.starts_with(v.as_str()))
}

fn is_body(lex: &Lexicon, s: &str) -> bool {
    lex.bearer_endings.iter().any(|e| s.ends_with(e.as_str()))
}

fn subject_before_marker(lex: &Lexicon, sentence: &str) -> Option<String> {
    for (i, modal) in lex.markers(sentence) {
        let mut head = sentence[..i].trim_end_matches(['，', '、']);
        while let Some(a) = lex.adverbs.iter().find(|a| head.ends_with(a.as_str())) {
            head = &head[..head.len() - a.len()];
        }
        if head.contains(['。', '；', '：']) {
            return None;
        }
        // a body doing something at a time (市人民政府有关部门在公开招聘…时，可以…)
        if let Some(pos) = head.find('在') {
            if is_body(lex, &head[..pos]) {
                return Some(head[..pos].to_string());
            }
        }
        if head.contains('，') {
            // a list of bodies over commas (…等有关部门，以及村（居）法律顾问，应当): every part a body
            let all_bodies = head
                .split('，')
                .all(|p| is_body(lex, p.trim_start_matches("以及").trim_start_matches('和')));
            if all_bodies {
                return Some(head.to_string());
            }
            return None;
        }
        if head.is_empty() {
            continue;
        }
        if starts_with_verb(lex, head) && !relative_subject(lex, head) {
            if modal {
                return None;
            }
            continue;
        }
        let level = || lex.level_endings.iter().any(|e| head.ends_with(e.as_str()));
        if is_body(lex, head) || (modal && level()) {
            return Some(head.to_string());
        }
        if modal {
            return None;
        }
    }
    None
}

/// A duty-bearer of the index, with the bodies it names (found on first use).
#[derive(Debug, Clone, Copy)]
struct Named<'a> {
    name: &'a str,
    members: &'a std::sync::OnceLock<Vec<Actor>>,
}

impl Named<'_> {
    /// Whether `actor` (recognised as `recognised`) is among the bodies the bearer names (乡镇人民政府、
    /// 街道办事处 …): named in its words, or a body of the same kind and level as one of them.
    fn bears(&self, lex: &Lexicon, actor: &str, recognised: &Actor) -> bool {
        self.name.contains(actor)
            || members_bear(
                self.members.get_or_init(|| members(lex, self.name)),
                recognised,
            )
    }
}

/// One duty of the index, with what matching needs of it.
#[derive(Debug)]
struct Entry {
    duty: Duty,
    /// For a paragraph or item entry (its whole text, for duties whose words run over several
    /// provisions): the positions of its provisions' entries; empty for a provision's entry.
    within: Vec<usize>,
    /// The characters of its text (among equally close texts the shortest is taken).
    chars: usize,
    /// The bodies its bearer names, found the first time they are compared with an actor.
    members: std::sync::OnceLock<Vec<Actor>>,
    /// The pairs of its words and of its act and object, built the first time a paragraph's
    /// provisions are told apart ([`Index::resolve`]).
    pairs: std::sync::OnceLock<(Pairs, Pairs)>,
}

impl Entry {
    fn pairs(&self) -> &(Pairs, Pairs) {
        self.pairs.get_or_init(|| {
            (
                Pairs::of(&self.duty.matched_text),
                Pairs::of(&self.duty.act_text),
            )
        })
    }

    /// The provision's bearer (each provision has one bearer and one act).
    fn bearer(&self) -> Option<Named<'_>> {
        self.duty.bearer.as_deref().map(|name| Named {
            name,
            members: &self.members,
        })
    }

    /// The acts the text gives to other bodies.
    fn acts(&self) -> Acts<'_> {
        Acts {
            recipient: self.duty.recipient.as_deref(),
        }
    }
}

/// A set of characters, as a mask of their code points modulo 128: a word with a character not
/// in the set is not in the text the set was made of (the text's own `contains` settles the rest).
#[derive(Debug, Clone, Copy)]
struct CharMask(u128);

impl CharMask {
    fn of(s: &str) -> CharMask {
        CharMask(s.chars().fold(0, |m, c| m | CharMask::bit(c)))
    }

    fn bit(c: char) -> u128 {
        1u128 << (c as u32 % 128)
    }

    /// False when `w` is surely not in the text.
    fn may_contain(self, w: &str) -> bool {
        self.holds(CharMask::of(w))
    }

    /// False when a word of characters `w` is surely not in the text.
    fn holds(self, w: CharMask) -> bool {
        w.0 & !self.0 == 0
    }
}

/// The duty index of a regulation with, for each character pair of its texts, the duties whose
/// text contains it (in index order): a question's closeness to every duty is one walk over the
/// lists of its own pairs, and a pair's document frequency is the length of its list.
#[derive(Debug)]
struct Index {
    /// The regulation's names, which a question's words may carry.
    noise: Noise,
    entries: Vec<Entry>,
    /// For each pair of the texts, where its list is in `postings`: (start, length).
    lists: PairMap<(u32, u32)>,
    /// For each pair, the number of paragraphs and items whose text contains it (a text's several
    /// provisions count once: what makes a pair distinctive is how much of the law uses it).
    spread: PairMap<u16>,
    /// The number of paragraphs and items the index holds.
    places: usize,
    postings: Vec<u16>,
}

/// A map keyed by character pairs, with a fast hash (the keys are the index's own texts' pairs;
/// a question's pairs only look up).
type PairMap<V> =
    std::collections::HashMap<(char, char), V, std::hash::BuildHasherDefault<PairHasher>>;

/// Multiplicative hashing of the code points of a character pair.
#[derive(Debug, Default)]
struct PairHasher(u64);

impl std::hash::Hasher for PairHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u32(u32::from(*b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The closest duties to a question, as positions in the index, with their similarity.
struct Closest {
    /// The most similar duty, if at least `duty_match` similar (a threshold of the lexicon).
    matched: Option<(f64, usize)>,
    /// The most similar duty sharing two of the question's distinctive pairs, if at least
    /// `duty_closest` similar (see [`Index::closest`]).
    closest: Option<(f64, usize)>,
}

impl Index {
    fn build(lex: &Lexicon, reg: &Regulation, file: &NormFile) -> Index {
        let mut entries: Vec<Entry> = duty_index(file)
            .into_iter()
            .map(|duty| Entry {
                chars: duty.matched_text.chars().count(),
                duty,
                within: Vec::new(),
                members: std::sync::OnceLock::new(),
                pairs: std::sync::OnceLock::new(),
            })
            .collect();
        // each paragraph or item with several provisions is an entry too, standing for them
        let mut groups: Vec<(Ref, Vec<usize>)> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            match groups.iter_mut().find(|(c, _)| *c == e.duty.cite) {
                Some((_, list)) => list.push(i),
                None => groups.push((e.duty.cite.clone(), vec![i])),
            }
        }
        for (cite, within) in groups.into_iter().filter(|(_, w)| w.len() > 1) {
            let Ok(text) = reg.lookup(&cite).map(|p| p.text()) else {
                continue;
            };
            let mut duty = entries[within[0]].duty.clone();
            duty.matched_text = text;
            entries.push(Entry {
                chars: duty.matched_text.chars().count(),
                duty,
                within,
                members: std::sync::OnceLock::new(),
                pairs: std::sync::OnceLock::new(),
            });
        }
        assert!(
            entries.len() <= usize::from(u16::MAX),
            "a duty index of more than 65 535 texts"
        );
        // each text's pairs, once each, in index order under their pair
        let mut lists: PairMap<Vec<u16>> = PairMap::default();
        for (i, e) in entries.iter().enumerate() {
            let i = i as u16;
            let mut cs = e.duty.matched_text.chars().filter(|c| !skipped(*c));
            let Some(mut prev) = cs.next() else {
                continue;
            };
            for c in cs {
                let list = lists.entry((prev, c)).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
                prev = c;
            }
        }
        let spread = lists
            .iter()
            .map(|(p, list)| {
                let mut cites: Vec<&Ref> = list
                    .iter()
                    .map(|&i| &entries[usize::from(i)].duty.cite)
                    .collect();
                cites.sort_by_key(|c| c.to_string());
                cites.dedup();
                (*p, cites.len() as u16)
            })
            .collect();
        let mut places: Vec<String> = entries.iter().map(|e| e.duty.cite.to_string()).collect();
        places.sort();
        places.dedup();
        let places = places.len();
        let mut postings = Vec::with_capacity(lists.values().map(Vec::len).sum());
        let lists = lists
            .into_iter()
            .map(|(p, list)| {
                let start = postings.len() as u32;
                postings.extend_from_slice(&list);
                (p, (start, list.len() as u32))
            })
            .collect();
        Index {
            noise: Noise::of(lex, reg),
            entries,
            lists,
            spread,
            places,
            postings,
        }
    }

    /// A provision's own entry; for a paragraph's entry, that of its provision sharing the most of
    /// the query's pairs (the first of equals).
    fn resolve(&self, i: usize, q: &[(char, char)]) -> usize {
        let within = &self.entries[i].within;
        let shared = |j: &usize| {
            let (words, _) = self.entries[*j].pairs();
            q.iter().filter(|p| words.contains(p)).count()
        };
        // the act a duty phrase ends with (…予以纠正、通报批评) tells which of a sentence's
        // provisions it asks about: one containing the query's last pair goes first
        let last = q.last();
        let ends = |j: &usize| last.is_some_and(|p| self.entries[*j].pairs().1.contains(p));
        let mut best = None;
        for j in within {
            let n = (ends(j), shared(j));
            if best.is_none_or(|(b, _)| n > b) {
                best = Some((n, *j));
            }
        }
        best.map_or(i, |(_, j)| j)
    }

    /// The duties whose text contains the pair, in index order.
    fn posting(&self, p: &(char, char)) -> &[u16] {
        match self.lists.get(p) {
            Some(&(start, len)) => &self.postings[start as usize..(start + len) as usize],
            None => &[],
        }
    }

    /// The duty a query's pairs `q` name and the closest one for a `no` to cite. The similarity
    /// of a duty is the share of `q` found in its text; among equally similar duties the shortest
    /// text is taken (a clause before its sentence, a sentence before its paragraph), then the
    /// first. The closest must also contain two of the query's distinctive pairs (found in at most
    /// 3% of the index: not 设立, 社区, 开展 …).
    fn closest(&self, lex: &Lexicon, q: &[(char, char)]) -> Closest {
        let th = &lex.thresholds;
        let (match_at, closest_at, nearest_at) = (
            th.duty_match.value,
            th.duty_closest.value,
            th.duty_nearest.value,
        );
        let mut found = Closest {
            matched: None,
            closest: None,
        };
        if q.is_empty() {
            return found;
        }
        let limit = (self.places as f64 * th.distinctive_share.value).max(1.0);
        let mut sorted = q.to_vec();
        sorted.sort_unstable();
        // per duty: the query pairs (with repeats) and the distinctive pairs its text contains
        let mut counts = vec![(0u32, 0u32); self.entries.len()];
        let mut touched: Vec<u16> = Vec::new();
        for run in sorted.chunk_by(|a, b| a == b) {
            let posting = self.posting(&run[0]);
            let spread = self.spread.get(&run[0]).copied().unwrap_or(0);
            let distinctive = !posting.is_empty() && f64::from(spread) <= limit;
            for &i in posting {
                let c = &mut counts[usize::from(i)];
                if c.0 == 0 {
                    touched.push(i);
                }
                c.0 += run.len() as u32;
                c.1 += u32::from(distinctive);
            }
        }
        let better = |a: (u32, usize), b: Option<(u32, usize)>| match b {
            None => true,
            Some(b) => {
                let (ea, eb) = (&self.entries[a.1], &self.entries[b.1]);
                a.0 > b.0 || (a.0 == b.0 && (ea.chars, a.1) < (eb.chars, b.1))
            }
        };
        let (mut matched, mut closest, mut nearest) = (None, None, None);
        for &i in &touched {
            let i = usize::from(i);
            let (n, d) = counts[i];
            let s = n as f64 / q.len() as f64;
            if s >= match_at && better((n, i), matched) {
                matched = Some((n, i));
            }
            if s >= closest_at && d >= 2 && better((n, i), closest) {
                closest = Some((n, i));
            }
            if s >= nearest_at && better((n, i), nearest) {
                nearest = Some((n, i));
            }
        }
        // with no provision sharing two distinctive pairs, the most similar one still shows what
        // the regulation says on the matter (a `no` always cites)
        let closest = closest.or(nearest);
        let with_score = |(n, i): (u32, usize)| (n as f64 / q.len() as f64, i);
        found.matched = matched.map(with_score);
        found.closest = closest.map(with_score);
        found
    }
}

/// The duty indexes of one corpus and its norm store, one per regulation, each built on its first
/// duty-of question and kept for the next ones (the facade keeps those of the embedded data; see
/// [`Context::with_indexes`]).
pub struct DutyIndexes<'a> {
    corpus: &'a crate::corpus::Corpus,
    base: &'a crate::norm::NormBase,
    cells: Vec<std::sync::OnceLock<Index>>,
}

impl<'a> DutyIndexes<'a> {
    /// Empty indexes for this corpus and store (nothing is built yet).
    pub fn new(corpus: &'a crate::corpus::Corpus, base: &'a crate::norm::NormBase) -> Self {
        DutyIndexes {
            corpus,
            base,
            cells: corpus
                .regulations
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    /// The index of `reg` and its norms `file`, built on first use; `None` when they are not the
    /// data these indexes were made for (a regulation or a store from elsewhere).
    fn get(&self, reg: &Regulation, file: &NormFile) -> Option<&Index> {
        let pos = self
            .corpus
            .regulations
            .iter()
            .position(|r| std::ptr::eq(r, reg))?;
        let ours = self
            .base
            .file(&reg.meta.key)
            .is_some_and(|f| std::ptr::eq(f, file));
        ours.then(|| self.cells[pos].get_or_init(|| Index::build(self.base.lexicon, reg, file)))
    }
}

/// Every provision of a regulation's data as a duty of the index, in the data's order.
pub fn duty_index(file: &NormFile) -> Vec<Duty> {
    file.provision
        .iter()
        .map(|p| Duty {
            id: p.id.clone(),
            cite: p.cite.clone(),
            sentence: p.quote.clone(),
            bearer: (!p.bearer.is_empty()).then(|| p.bearer.clone()),
            bearer_kinds: p.bearer_kinds.clone(),
            recipient: (!p.recipient.is_empty()).then(|| p.recipient.clone()),
            modality: p.modality.name(),
            binds: p.modality.binds(),
            values: p.values.clone(),
            matched_text: format!("{}{}", p.quote, p.object),
            act_text: format!("{}{}", p.action, p.object),
        })
        .collect()
}

/// The names of a regulation that a question's words may carry.
#[derive(Debug)]
struct Noise {
    /// The city without 市.
    city: String,
    /// Its title and the aliases with 条例, longest first, then the lexicon's `question_words`: the words
    /// removed, in order, each with its characters.
    words: Vec<(String, CharMask)>,
    /// The lexicon's short forms (of bodies, of utilities) and the texts' full forms.
    short_names: Vec<[String; 2]>,
}

impl Noise {
    fn of(lex: &Lexicon, reg: &Regulation) -> Noise {
        let mut names: Vec<String> = reg
            .meta
            .aliases
            .iter()
            .filter(|a| a.contains("条例"))
            .cloned()
            .collect();
        names.push(reg.meta.title.clone());
        names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
        let words = names
            .into_iter()
            .chain(lex.question_words.iter().cloned())
            .map(|w| {
                let chars = CharMask::of(&w);
                (w, chars)
            })
            .collect();
        Noise {
            city: reg.meta.city.trim_end_matches('市').to_string(),
            words,
            short_names: lex.short_names.clone(),
        }
    }

    /// The duty a question names, without its question words and the regulation's name: a form
    /// may put the whole question (海东条例规定社区网格化管理服务具体由谁负责？) where the duty belongs.
    fn duty_words(&self, question: &str) -> String {
        let mut q: String = if question.contains(char::is_whitespace) {
            question.chars().filter(|c| !c.is_whitespace()).collect()
        } else {
            question.to_string()
        };
        // what a question shortens (村（居）委会, 居委会, 水电气) the texts write out
        for [short, full] in &self.short_names {
            if q.contains(short.as_str()) {
                q = q.replace(short.as_str(), full);
            }
        }
        // removing words only removes characters: the set of the first text's holds for every later one
        let chars = CharMask::of(&q);
        // 《…》 titles
        while let (Some(a), Some(b)) = (q.find('《'), q.find('》')) {
            if b < a {
                break;
            }
            q.replace_range(a..b + '》'.len_utf8(), "");
        }
        for (w, w_chars) in &self.words {
            if chars.holds(*w_chars) && q.contains(w.as_str()) {
                q = q.replace(w.as_str(), "");
            }
        }
        if q.starts_with(&self.city) {
            q = q[self.city.len()..].trim_start_matches('市').to_string();
        }
        q.trim_matches(['，', '、', '：', '。']).to_string()
    }
}

/// What a duty-of question asks: who bears the duty, whether (the actor bears it / the regulation
/// says it), or the value the provision fixes (how often, how much).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aim {
    /// `who`: who bears the duty.
    Who,
    /// `whether`: does the actor bear it, or does the regulation say it.
    Whether,
    /// `value`: the value the provision fixes (how often, how much).
    Value,
    /// `recipient`: to whom (报X备案, 向X报告).
    Recipient,
}

impl Aim {
    /// Parses an `asks` value, one of [`crate::question::ASKS`] (`who`, `whether`, `value`,
    /// `recipient`).
    pub fn parse(s: &str) -> Option<Aim> {
        match s {
            "who" => Some(Aim::Who),
            "whether" => Some(Aim::Whether),
            "value" => Some(Aim::Value),
            "recipient" => Some(Aim::Recipient),
            _ => None,
        }
    }
}

fn value_text(v: &crate::norm::ValueAnswer) -> String {
    match (&v.value, &v.unit) {
        (serde_json::Value::String(s), _) => s.clone(),
        (other, Some(u)) => format!("{other} {u}"),
        (other, None) => other.to_string(),
    }
}

/// Answers a duty-of question from the duty index and the norm data's values: `duty` is the duty
/// asked about; `actor` and `asks` (or the question's words) say whether it asks who, whether,
/// or the value.
pub fn duty_of(ctx: &Context, reg: &Regulation, file: &NormFile, facts: &Facts) -> Result<Finding> {
    let asked = facts
        .text("duty")
        .ok_or_else(|| Error::MissingFact("duty".into()))?;
    let aim_given = match facts.text("asks") {
        None => None,
        Some(a) => Some(Aim::parse(a).ok_or_else(|| Error::InvalidFact {
            key: "asks".into(),
            detail: format!("`{a}` is not one of who, whether, value, recipient"),
        })?),
    };
    let built;
    let lex = ctx.base.lexicon;
    let index: &Index = match ctx.indexes.and_then(|i| i.get(reg, file)) {
        Some(i) => i,
        None => {
            built = Index::build(lex, reg, file);
            &built
        }
    };
    let cleaned = index.noise.duty_words(asked);
    let query: &str = if cleaned.chars().count() >= 2 {
        &cleaned
    } else {
        asked
    };
    let (asked_chars, query_chars) = (CharMask::of(asked), CharMask::of(query));
    let in_asked = |w: &str| asked_chars.may_contain(w) && asked.contains(w);
    let in_query = |w: &str| query_chars.may_contain(w) && query.contains(w);
    let mut f = ctx.finding();
    let q = bigrams(query);
    let mut found = index.closest(lex, &q);
    found.matched = found.matched.map(|(s, i)| (s, index.resolve(i, &q)));
    found.closest = found.closest.map(|(s, i)| (s, index.resolve(i, &q)));
    let matched_entry = found.matched.map(|(_, i)| &index.entries[i]);
    let matched = found.matched.map(|(s, i)| (s, &index.entries[i].duty));
    let closest = found.closest.map(|(s, i)| (s, &index.entries[i].duty));
    let bearer = matched_entry.map(Entry::bearer);
    let actor = facts.text("actor");
    let actor_recognised = actor.map(|a| recognise(&lex.actors, a));
    // does the actor (or a body the question itself names) bear the matched duty?
    let actor_bears = match (actor, &bearer, &actor_recognised) {
        (Some(a), Some(Some(b)), Some(r)) => Some(b.bears(lex, a, r)),
        (Some(_), _, _) => Some(false),
        (None, _, _) => None,
    };

    // values the norm data keeps beside the provision (drill frequency, facility area …)
    let topical: Vec<&crate::norm::ValueAnswer> = file
        .value
        .iter()
        .filter(|v| v.topic.iter().any(|t| in_query(t)))
        .collect();
    // a value of the matched provision (same article, paragraph or item)
    let attached = |v: &&crate::norm::ValueAnswer| {
        matched.is_some_and(|(_, d)| {
            let (dc, vc) = (d.cite.to_string(), v.cite.to_string());
            dc == vc || dc.starts_with(&format!("{vc}:")) || vc.starts_with(&format!("{dc}:"))
        })
    };
    let states = |v: &crate::norm::ValueAnswer| v.states.iter().any(|w| in_asked(w));
    // a question about the value of its topic (频次, 面积标准 …): the value of the matched provision
    // first, else the one the data keeps for the topic (an area standard asked near Art. 15 para 2)
    let asking: Vec<&crate::norm::ValueAnswer> = topical
        .iter()
        .copied()
        .filter(|v| {
            v.ask.iter().any(|a| in_query(a))
                || (lex.frequency_words.iter().any(|w| in_query(w)) && !states(v))
        })
        .collect();
    let asked_value = asking
        .iter()
        .copied()
        .find(|v| attached(v))
        .or_else(|| asking.first().copied());
    let attached_value = topical.iter().copied().find(|v| attached(v));
    let real = |v: &crate::norm::ValueAnswer| v.value != serde_json::Value::String("no".into());
    let names_bearer = || {
        matched.is_some()
            && bearer_of(lex, query).is_some_and(
                |b| matches!(&bearer, Some(Some(x)) if x.bears(lex, &b, &recognise(&lex.actors, &b))),
            )
    };
    let aim = aim_given.unwrap_or_else(|| {
        if lex.whether_words.iter().any(|w| in_asked(w)) {
            Aim::Whether
        } else if asked_value.is_some() {
            Aim::Value
        } else if attached_value.is_some_and(|v| real(v) && !states(v)) {
            // the bearer is given (or the provision names none): what is left to ask is the value
            let given = actor_bears == Some(true)
                || (actor.is_none() && names_bearer())
                || matches!(bearer, Some(None));
            if given {
                Aim::Value
            } else if actor.is_some() {
                Aim::Whether
            } else {
                Aim::Who
            }
        } else if actor.is_some() {
            Aim::Whether
        } else {
            Aim::Who
        }
    });
    let value = asked_value.or(attached_value);

    // a value of the norm data that says the text fixes none (`no`: no area figure) gives way
    // to a value the matched provision's data fixes (按照国家建设标准) when the question did not
    // ask for that value by its words
    // (a value the question's own words ask for, such as 面积标准 for an area figure, stands)
    let value = value.filter(|v| {
        real(v)
            || aim != Aim::Value
            || asked_value.is_some()
            || matched.is_none_or(|(_, d)| d.values.is_empty())
    });
    if aim == Aim::Value || (aim == Aim::Whether && asked_value.is_some()) {
        if let Some(v) = value {
            f.cite(v.cite.to_string());
            f.step(&v.id, &v.cite, "value", &v.zh, &v.en);
            if actor_bears == Some(false) && matched.is_some() {
                let b = bearer.flatten().map_or("", |b| b.name);
                f.verdict = "no".into();
                summarise(
                    &mut f,
                    || format!("否：该职责由{b}承担（{}）。", v.cite),
                    || format!("No: the duty lies with {b} ({}).", v.cite),
                );
            } else if aim == Aim::Whether {
                // 每季度…吗 when the text says 每年: no
                let other = lex.frequency_words.iter().any(|w| in_asked(w)) && !states(v);
                let yes = real(v) && !other;
                f.verdict = if yes { "yes" } else { "no" }.into();
                summarise(
                    &mut f,
                    || {
                        format!(
                            "{}：{}（{}）。",
                            if yes { "是" } else { "否" },
                            v.zh,
                            v.cite
                        )
                    },
                    || format!("{}: {} ({}).", if yes { "Yes" } else { "No" }, v.en, v.cite),
                );
            } else {
                f.verdict = v.value.clone();
                summarise(
                    &mut f,
                    || format!("{}（{}）。", v.zh, v.cite),
                    || format!("{} ({}): {}.", v.en, v.cite, value_text(v)),
                );
            }
            return Ok(f);
        }
        if aim == Aim::Value {
            // a value the matched provision's data fixes (a standard, a count, a date …)
            if let Some((_, d)) = matched {
                // of several values, the one whose words the question shares most
                let share = |v: &&crate::provision::ProvisionValue| {
                    let words = Pairs::of(&v.text);
                    q.iter().filter(|p| words.contains(p)).count()
                };
                // words that ask for a kind of value (面积 an area) take only a value of that kind
                let wanted: Vec<ValueKind> = lex
                    .value_kind_words
                    .iter()
                    .filter(|k| k.words.iter().any(|w| in_query(w)))
                    .map(|k| k.kind)
                    .collect();
                let best = d
                    .values
                    .iter()
                    .filter(|v| wanted.is_empty() || wanted.contains(&v.kind))
                    .fold(
                        None,
                        |acc: Option<&crate::provision::ProvisionValue>, v| match acc {
                            Some(b) if share(&b) >= share(&v) => Some(b),
                            _ => Some(v),
                        },
                    );
                if let Some(v) = best {
                    f.cite(d.cite.to_string());
                    f.step(
                        &d.id,
                        &d.cite,
                        "value",
                        format_args!("{}：{}", v.text, d.sentence),
                        format_args!("{}: {}", v.text, d.sentence),
                    );
                    f.verdict = v.value.clone().into();
                    summarise(
                        &mut f,
                        || format!("{}（{}）。", v.text, d.cite),
                        || format!("{} ({}).", v.value, d.cite),
                    );
                    return Ok(f);
                }
            }
            // the provision on the matter fixes no value: `no`, citing it
            f.verdict = "no".into();
            match matched.or(closest) {
                Some((s, d)) => {
                    f.cite(d.cite.to_string());
                    f.step(
                            format_args!("{}.duty", reg.meta.key),
                            &d.cite,
                            "no-value",
                            format_args!("最接近的条文（相似度{s:.2}）没有规定频次、数量或者期限：{}", d.sentence),
                            format_args!("The closest provision (similarity {s:.2}) fixes no frequency, quantity or time: {}", d.sentence),
                        );
                    summarise(
                        &mut f,
                        || format!("否：{}没有规定具体的频次、数量或者期限。", d.cite),
                        || format!("No: {} fixes no frequency, quantity or time.", d.cite),
                    );
                }
                None => {
                    no_match_step(&mut f, reg, query);
                    summarise(
                        &mut f,
                        || format!("否：本条例没有规定“{query}”。"),
                        || format!("No: the regulation says nothing of “{query}”."),
                    );
                }
            }
            return Ok(f);
        }
    }

    let (Some((score, duty)), Some(entry)) = (matched, matched_entry) else {
        f.verdict = "no".into();
        // a `no` cites the closest provision, which shows what the regulation does say
        match closest {
            Some((s, d)) => {
                f.cite(d.cite.to_string());
                f.step(
                    format_args!("{}.duty", reg.meta.key),
                    &d.cite,
                    "closest",
                    format_args!(
                        "没有条文规定该职责；最接近的条文（相似度{s:.2}）：{}",
                        d.sentence
                    ),
                    format_args!(
                        "No provision states this duty; the closest (similarity {s:.2}): {}",
                        d.sentence
                    ),
                );
                summarise(
                    &mut f,
                    || format!("本条例没有规定“{query}”这一职责；最接近的是{}。", d.cite),
                    || {
                        format!("The regulation states no duty matching “{query}”; the closest provision is {}.", d.cite)
                    },
                );
            }
            None => {
                no_match_step(&mut f, reg, query);
                summarise(
                    &mut f,
                    || format!("本条例没有规定“{query}”这一职责。"),
                    || format!("The regulation states no duty matching “{query}”."),
                );
            }
        }
        return Ok(f);
    };
    f.cite(duty.cite.to_string());
    let named = bearer.flatten();
    let bearer = named.map_or("unspecified", |b| b.name);
    f.step(
        format_args!("{}.duty", reg.meta.key),
        &duty.cite,
        "matched",
        format_args!("最接近的条文（相似度{score:.2}）：{}", duty.sentence),
        format_args!(
            "Closest provision (similarity {score:.2}): {}",
            duty.sentence
        ),
    );
    if aim == Aim::Whether && actor.is_none() {
        // does the regulation say it? it does, in the matched provision
        f.verdict = "yes".into();
        summarise(
            &mut f,
            || format!("是：{}规定了该事项（由{bearer}负责）。", duty.cite),
            || {
                format!(
                    "Yes: {} provides for it (the duty lies with {bearer}).",
                    duty.cite
                )
            },
        );
        return Ok(f);
    }
    let acts = entry.acts();
    if aim == Aim::Recipient {
        // to whom: the body the provision names (报X备案, 向X报告), or `no` citing it
        match duty.recipient.as_deref() {
            Some(to) => {
                f.verdict = to.into();
                summarise(
                    &mut f,
                    || format!("向{to}（{}）。", duty.cite),
                    || format!("To {to} ({}).", duty.cite),
                );
            }
            None => {
                f.verdict = "no".into();
                summarise(
                    &mut f,
                    || format!("否：{}没有规定接受的机关。", duty.cite),
                    || format!("No: {} names no body it goes to.", duty.cite),
                );
            }
        }
        return Ok(f);
    }
    if aim == Aim::Who {
        // who receives a filing or gives an approval (报街道办事处或者乡镇人民政府备案)
        if let Some(recipient) = acts.recipient(lex, query, false) {
            f.verdict = recipient.into();
            summarise(
                &mut f,
                || format!("由{recipient}接受（{}）。", duty.cite),
                || format!("{recipient} receives it ({}).", duty.cite),
            );
            return Ok(f);
        }
    }
    match actor.filter(|_| aim != Aim::Who) {
        None => {
            f.verdict = bearer.into();
            summarise(
                &mut f,
                || format!("由{bearer}负责（{}）。", duty.cite),
                || format!("The duty lies with {bearer} ({}).", duty.cite),
            );
        }
        Some(actor) => {
            // the question whether a body receives a filing is about the recipient
            let a = actor_recognised.unwrap_or_default();
            let (bearer, among) = match acts.recipient(lex, query, false) {
                Some(other) => (
                    other,
                    other.contains(actor) || members_bear(&members(lex, other), &a),
                ),
                None => match named {
                    Some(n) => (
                        n.name,
                        n.bears(lex, actor, &a) || kinds_bear(&duty.bearer_kinds, &a),
                    ),
                    None => (bearer, false),
                },
            };
            // a department named by its field (应急管理部门) is not any department
            let among = among && same_field(lex, bearer, actor, &a);
            // permissive wording (可以, 鼓励, 支持) is never a duty of its bearer
            let permissive = among && !duty.binds;
            let yes = among && !permissive;
            f.verdict = if yes { "yes" } else { "no" }.into();
            summarise(
                &mut f,
                || {
                    if permissive {
                        format!(
                            "否：{}对{bearer}是授权或者鼓励性规定，不是义务。",
                            duty.cite
                        )
                    } else {
                        format!(
                            "{}：该职责由{bearer}承担（{}）。",
                            if yes { "是" } else { "否" },
                            duty.cite
                        )
                    }
                },
                || {
                    if permissive {
                        format!(
                            "No: {} permits or encourages {bearer}; it imposes no duty.",
                            duty.cite
                        )
                    } else {
                        format!(
                            "{}: the duty lies with {bearer} ({}).",
                            if yes { "Yes" } else { "No" },
                            duty.cite
                        )
                    }
                },
            );
        }
    }
    Ok(f)
}

/// For a department actor and a bearer that names departments by their fields (应急管理部门,
/// 公安机关, 民政部门): whether the actor's name holds one of those fields. A bearer naming no field
/// (有关部门), or an actor that is no department, passes.
fn same_field(lex: &Lexicon, bearer: &str, actor: &str, a: &Actor) -> bool {
    if a.kind != Some(crate::actor::Kind::Department)
        || !(bearer.ends_with("部门") || bearer.ends_with("机关") || bearer.ends_with("机构"))
    {
        return true;
    }
    let fields: Vec<&str> = bearer
        .split(['、', '和', '及', '与', '，'])
        .map(|p| {
            let p = strip_levels(lex, p.trim_start_matches("以及"));
            let p = p.strip_prefix("人民政府").unwrap_or(p);
            [
                "等主管部门",
                "等有关部门",
                "等部门",
                "主管部门",
                "部门",
                "机关",
                "机构",
                "等",
            ]
            .iter()
            .fold(p, |p, s| p.strip_suffix(s).unwrap_or(p))
        })
        .filter(|f| !f.is_empty() && !lex.generic_fields.iter().any(|g| g == f))
        .collect();
    fields.is_empty() || fields.iter().any(|f| actor.contains(f))
}

/// Whether the data's bearer kinds reach a recognised actor: a pattern naming a kind that matches
/// it, or `unit` (任何单位, 有关单位), which any recognised body is.
fn kinds_bear(kinds: &[String], a: &Actor) -> bool {
    kinds.iter().any(|k| {
        if k.ends_with("/unit") {
            return a.kind.is_some();
        }
        crate::actor::ActorPattern::parse(k)
            .is_some_and(|p| p.kind.is_some() && p.matches(a) == crate::tri::Tri::True)
    })
}

/// Sets a finding's summaries, unless its explanation level drops them (then they are not built).
fn summarise(f: &mut Finding, zh: impl FnOnce() -> String, en: impl FnOnce() -> String) {
    if f.explains_summary() {
        f.summary_zh = zh();
        f.summary_en = en();
    }
}

/// The body a provision gives its act to (报X备案, 向X报告), from the data.
#[derive(Debug, Default)]
struct Acts<'a> {
    recipient: Option<&'a str>,
}

impl Acts<'_> {
    /// The recipient, when the question asks to whom (`asked`) or its words do.
    fn recipient(&self, lex: &Lexicon, query: &str, asked: bool) -> Option<&str> {
        let asks = asked
            || lex
                .recipient_words
                .iter()
                .any(|w| query.contains(w.as_str()));
        self.recipient.filter(|_| asks)
    }
}

/// Whether a body recognised as `a` is among `members` (see [`members`]).
fn members_bear(members: &[Actor], a: &Actor) -> bool {
    members.iter().any(|b| {
        b.kind.is_some()
            && b.kind == a.kind
            && (b.level.is_none() || a.level.is_none() || b.level == a.level)
    })
}

/// The bodies a bearer names, as [`Named::bears`] compares an actor with them (乡镇人民政府、街道办事处 →
/// a township government, a subdistrict office).
fn members(lex: &Lexicon, bearer: &str) -> Vec<Actor> {
    use crate::actor::Kind;
    let parts: Vec<String> = bearer
        .split(['、', '和', '及', '与', '，'])
        .map(|p| p.trim_start_matches("以及"))
        .flat_map(split_alternative)
        .filter(|p| !p.is_empty())
        .collect();
    // bare level words share the organ of the next part that names one: 市、县、区人民政府有关部门 =
    // 市人民政府有关部门 …; with no organ at all (市及区（市）县) they name the governments of those levels
    let organ_after = |i: usize| {
        parts[i..]
            .iter()
            .map(|p| strip_levels(lex, p))
            .find(|o| !o.is_empty())
            .unwrap_or("人民政府")
            .to_string()
    };
    let bodies: Vec<Actor> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if strip_levels(lex, p).is_empty() {
                recognise(&lex.actors, &format!("{p}{}", organ_after(i)))
            } else {
                recognise(&lex.actors, p)
            }
        })
        .collect();
    // in a list of departments (市及区（市）县人民政府公安、民政…等主管部门) the government names only qualify them
    // (but 县（区）人民政府及其…部门 names the government and its departments)
    let its_own = bearer.contains("及其");
    let departments = !its_own
        && bodies
            .last()
            .is_some_and(|b| b.kind == Some(Kind::Department));
    bodies
        .into_iter()
        .filter(|b| !(departments && b.kind == Some(Kind::Government)))
        .collect()
}

/// The part of a name after its level words (县（区）人民政府 → 人民政府; 市 → ""): the lexicon's
/// `level_prefixes`, stripped in order until none is left at the start.
fn strip_levels<'p>(lex: &Lexicon, p: &'p str) -> &'p str {
    let mut rest = p;
    loop {
        let before = rest;
        for w in &lex.level_prefixes {
            rest = rest.strip_prefix(w.as_str()).unwrap_or(rest);
        }
        if rest == before {
            return rest;
        }
    }
}

/// 镇人民政府（街道办事处） names two bodies; 县（区）人民政府 names one.
fn split_alternative(part: &str) -> Vec<String> {
    if let (Some(open), Some(close)) = (part.find('（'), part.find('）')) {
        let inner = &part[open + '（'.len_utf8()..close];
        if close > open && inner.chars().count() >= 3 {
            let outer = format!("{}{}", &part[..open], &part[close + '）'.len_utf8()..]);
            return vec![outer, inner.to_string()];
        }
    }
    vec![part.to_string()]
}

/// The trace step of a duty question that no provision of the regulation comes close to.
fn no_match_step(f: &mut Finding, reg: &Regulation, query: &str) {
    f.step(
        format_args!("{}.duty", reg.meta.key),
        &reg.meta.key,
        "no-match",
        format_args!("没有与“{query}”相近的条文"),
        format_args!("No provision is close to “{query}”"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> &'static Lexicon {
        Lexicon::get().unwrap()
    }

    fn bears(lex: &Lexicon, bearer: &str, actor: &str) -> bool {
        let members = std::sync::OnceLock::new();
        let named = Named {
            name: bearer,
            members: &members,
        };
        named.bears(lex, actor, &recognise(&lex.actors, actor))
    }

    fn duty_words(lex: &Lexicon, question: &str, reg: &Regulation) -> String {
        Noise::of(lex, reg).duty_words(question)
    }

    #[test]
    fn finds_the_duty_bearer() {
        assert_eq!(
            bearer_of(lex(), "县（区）人民政府应当组织制定社区工作事项清单").as_deref(),
            Some("县（区）人民政府")
        );
        assert_eq!(
            bearer_of(
                lex(),
                "镇人民政府（街道办事处）组织落实本辖区内社会治理工作，应当履行下列职责："
            )
            .as_deref(),
            Some("镇人民政府（街道办事处）")
        );
        assert_eq!(
            bearer_of(
                lex(),
                "乡镇人民政府、街道办事处负责基层社会治理的具体工作，"
            )
            .as_deref(),
            Some("乡镇人民政府、街道办事处")
        );
        assert_eq!(
            bearer_of(
                lex(),
                "乡镇人民政府、街道办事处依法履行基层社会治理工作中的"
            )
            .as_deref(),
            Some("乡镇人民政府、街道办事处")
        );
        assert_eq!(
            bearer_of(lex(), "支持乡镇人民政府、街道办事处通过购买服务的形式"),
            None
        );
        assert_eq!(
            bearer_of(lex(), "各类社会组织应当参与"),
            Some("各类社会组织".into())
        );
        assert_eq!(
            bearer_of(
                lex(),
                "乡镇人民政府、街道办事处具体负责基层网格化管理服务工作。"
            )
            .as_deref(),
            Some("乡镇人民政府、街道办事处")
        );
        assert_eq!(
            bearer_of(lex(), "县（区）人民政府应急部门指导乡镇人民政府").as_deref(),
            Some("县（区）人民政府应急部门")
        );
        assert_eq!(
            bearer_of(
                lex(),
                "市及区（市）县应当制定居（村）民委员会依法自治工作事项清单"
            )
            .as_deref(),
            Some("市及区（市）县")
        );
        assert_eq!(
            bearer_of(lex(), "对列入协助政府工作事项清单的工作，应当进行书面委托"),
            None
        );
        assert_eq!(
            bearer_of(
                lex(),
                "发生突发事件时，县（区）人民政府应当及时指派相关部门进驻社区开展工作。"
            )
            .as_deref(),
            Some("县（区）人民政府")
        );
        assert_eq!(
            bearer_of(lex(), "县（区）人民法院、人民检察院、公安机关、司法行政等有关部门，以及村（居）法律顾问，应当在司法活动中宣传").as_deref(),
            Some("县（区）人民法院、人民检察院、公安机关、司法行政等有关部门，以及村（居）法律顾问")
        );
        assert_eq!(
            bearer_of(
                lex(),
                "市、县（区）人大常委会应当加强对基层社会治理工作的监督"
            )
            .as_deref(),
            Some("市、县（区）人大常委会")
        );
    }

    /// The markers found in one scan are those each marker's own search finds, in the same order.
    #[test]
    fn one_scan_finds_every_marker() {
        let lex = lex();
        let corpus = crate::Corpus::get().unwrap();
        let mut texts = vec![
            "".to_string(),
            "将将将".into(),
            "不得不得应当负责可以".into(),
        ];
        let base = crate::norm::NormBase::get().unwrap();
        for reg in &corpus.regulations {
            let file = base.file(&reg.meta.key).unwrap();
            texts.extend(duty_index(file).into_iter().map(|d| d.sentence));
        }
        for t in &texts {
            let mut by_marker: Vec<(usize, bool)> = lex
                .modals
                .iter()
                .flat_map(|m| t.match_indices(m.as_str()).map(|(i, _)| (i, true)))
                .chain(
                    lex.verbs
                        .iter()
                        .flat_map(|v| t.match_indices(v.as_str()).map(|(i, _)| (i, false))),
                )
                .collect();
            by_marker.sort_unstable();
            let scanned: Vec<(usize, bool)> = lex.markers(t).collect();
            assert_eq!(scanned, by_marker, "{t}");
        }
    }

    #[test]
    fn actor_membership() {
        assert!(bears(lex(), "乡镇人民政府、街道办事处", "街道办事处"));
        assert!(bears(lex(), "乡镇人民政府、街道办事处", "镇人民政府"));
        assert!(!bears(lex(), "县（区）人民政府", "乡人民政府"));
        assert!(bears(lex(), "县（区）人民政府", "区人民政府"));
        assert!(bears(
            lex(),
            "县（区）人民政府及其卫生健康等相关部门",
            "县人民政府"
        ));
        assert!(!bears(
            lex(),
            "市及区（市）县人民政府公安、民政、生态环境等主管部门",
            "区人民政府"
        ));
    }

    #[test]
    fn an_actor_is_checked_against_the_body_the_act_is_given_to() {
        let ask = |duty: &str, actor: &str, reg: &str| {
            let q = serde_json::json!({"id": "t", "kind": "duty-of", "regulation": reg,
                "date": null, "facts": {"duty": duty, "actor": actor}});
            crate::ask_value(&q).verdict.to_string()
        };
        // 报街道办事处或者乡镇人民政府备案: the township receives the filing, the committee makes it
        let filing = "接受自治章程、居民公约、村规民约备案";
        assert_eq!(ask(filing, "镇人民政府", "xinyang"), "\"yes\"");
        assert_eq!(ask(filing, "居民委员会", "xinyang"), "\"no\"");
        // 积分制管理，由村（居）民委员会、社区具体实施
        assert_eq!(ask("具体实施积分制管理", "社区", "haidong"), "\"yes\"");
        assert_eq!(ask("具体实施积分制管理", "街道办事处", "haidong"), "\"no\"");
    }

    #[test]
    fn every_asks_value_is_an_aim() {
        for a in crate::question::ASKS {
            assert!(Aim::parse(a).is_some(), "{a}");
        }
    }

    #[test]
    fn question_words_are_not_duty_words() {
        let reg = crate::Corpus::get().unwrap().regulation("haidong").unwrap();
        assert_eq!(
            duty_words(lex(), "海东条例规定社区网格化管理服务具体由谁负责？", reg),
            "社区网格化管理服务具体负责"
        );
        assert_eq!(
            duty_words(
                lex(),
                "根据《海东市基层社会治理促进条例》，谁组织制定社区工作事项清单?",
                reg
            ),
            "组织制定社区工作事项清单"
        );
    }
}
