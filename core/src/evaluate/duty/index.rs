//! The duty index of a regulation: its provisions (and the paragraphs holding several), with, for
//! each character pair of their texts, the duties whose text contains it; and the indexes of a
//! corpus, each built on first use.

use super::members::Named;
use super::words::Noise;
use super::{duty_index, Duty};
use crate::actor::Actor;
use crate::lexicon::Lexicon;
use crate::norm::NormFile;
use crate::pairs::{skipped, Pairs};
use crate::reference::Ref;
use crate::text::Regulation;

/// One duty of the index, with what matching needs of it.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) duty: Duty,
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
    pub(super) fn bearer(&self) -> Option<Named<'_>> {
        self.duty.bearer.as_deref().map(|name| Named {
            name,
            members: &self.members,
        })
    }

    /// The acts the text gives to other bodies.
    pub(super) fn acts(&self) -> Acts<'_> {
        Acts {
            recipient: self.duty.recipient.as_deref(),
        }
    }
}

/// The duty index of a regulation with, for each character pair of its texts, the duties whose
/// text contains it (in index order): a question's closeness to every duty is one walk over the
/// lists of its own pairs, and a pair's document frequency is the length of its list.
#[derive(Debug)]
pub(super) struct Index {
    /// The regulation's names, which a question's words may carry.
    pub(super) noise: Noise,
    pub(super) entries: Vec<Entry>,
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
pub(super) struct Closest {
    /// The most similar duty, if at least `duty_match` similar (a threshold of the lexicon).
    pub(super) matched: Option<(f64, usize)>,
    /// The most similar duty sharing two of the question's distinctive pairs, if at least
    /// `duty_closest` similar (see [`Index::closest`]).
    pub(super) closest: Option<(f64, usize)>,
}

impl Index {
    pub(super) fn build(lex: &Lexicon, reg: &Regulation, file: &NormFile) -> Index {
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
                crate::sort::by_key(&mut cites, |c| c.to_string());
                cites.dedup();
                (*p, cites.len() as u16)
            })
            .collect();
        let mut places: Vec<String> = entries.iter().map(|e| e.duty.cite.to_string()).collect();
        crate::sort::sort(&mut places);
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
    pub(super) fn resolve(&self, i: usize, q: &[(char, char)]) -> usize {
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
    pub(super) fn closest(&self, lex: &Lexicon, q: &[(char, char)]) -> Closest {
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
        crate::sort::unstable(&mut sorted);
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
/// [`Context::with_indexes`](crate::evaluate::Context::with_indexes)).
pub struct DutyIndexes<'a> {
    corpus: &'a crate::corpus::Corpus,
    base: &'a crate::norm::NormBase,
    cells: Vec<std::sync::OnceLock<Index>>,
    /// Each regulation's norm file in the store, found once.
    files: Vec<Option<&'a NormFile>>,
    /// Each regulation's assignment norms as the assignment evaluator reads them, built on its
    /// first assignment question.
    plans: Vec<std::sync::OnceLock<crate::evaluate::Plan>>,
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
            files: corpus
                .regulations
                .iter()
                .map(|r| base.file(&r.meta.key))
                .collect(),
            plans: corpus
                .regulations
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    /// Where `reg` and `file` are in these indexes' data; `None` when they are not that data.
    fn position(&self, reg: &Regulation, file: &NormFile) -> Option<usize> {
        let pos = self
            .corpus
            .regulations
            .iter()
            .position(|r| std::ptr::eq(r, reg))?;
        let ours = self.files[pos].is_some_and(|f| std::ptr::eq(f, file));
        ours.then_some(pos)
    }

    /// The assignment plan of `reg` and its norms `file`, built on first use; `None` when they are
    /// not the data these indexes were made for.
    pub(crate) fn plan(&self, reg: &Regulation, file: &NormFile) -> Option<&crate::evaluate::Plan> {
        let pos = self.position(reg, file)?;
        Some(self.plans[pos].get_or_init(|| crate::evaluate::Plan::build(reg, file)))
    }

    /// The index of `reg` and its norms `file`, built on first use; `None` when they are not the
    /// data these indexes were made for (a regulation or a store from elsewhere).
    pub(super) fn get(&self, reg: &Regulation, file: &NormFile) -> Option<&Index> {
        let pos = self.position(reg, file)?;
        Some(self.cells[pos].get_or_init(|| Index::build(self.base.lexicon, reg, file)))
    }
}

/// The body a provision gives its act to (报X备案, 向X报告), from the data.
#[derive(Debug, Default)]
pub(super) struct Acts<'a> {
    recipient: Option<&'a str>,
}

impl Acts<'_> {
    /// The recipient, when the question asks to whom (`asked`) or its words do.
    pub(super) fn recipient(&self, lex: &Lexicon, query: &str, asked: bool) -> Option<&str> {
        let asks = asked
            || lex
                .recipient_words
                .iter()
                .any(|w| query.contains(w.as_str()));
        self.recipient.filter(|_| asks)
    }
}
