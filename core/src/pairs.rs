//! Pairs of adjacent characters: how the library measures how close a question's words are to a
//! text (duty-of matching, feature and topic names). A leaf: it uses nothing of the crate.

/// Whitespace and the punctuation that character pairs leave out.
pub(crate) fn skipped(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '，' | '。' | '；' | '：' | '、' | '（' | '）' | '(' | ')' | '“' | '”'
        )
}

/// Appends the pairs of adjacent characters of `s` (whitespace and common punctuation left out).
pub(crate) fn push_bigrams(s: &str, out: &mut Vec<(char, char)>) {
    let mut cs = s.chars().filter(|c| !skipped(*c));
    if let Some(mut prev) = cs.next() {
        for c in cs {
            out.push((prev, c));
            prev = c;
        }
    }
}

pub(crate) fn bigrams(s: &str) -> Vec<(char, char)> {
    // a character of the texts is three bytes of UTF-8
    let mut out = Vec::with_capacity(s.len() / 3);
    push_bigrams(s, &mut out);
    out
}

/// The character pairs of a text, as the similarity of texts counts them ([`Pairs::share_in`]): in order (a pair may repeat) and as
/// a sorted set searched by bisection. Built once for texts matched many times (feature names, duty
/// sentences).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pairs {
    list: Vec<(char, char)>,
    set: Vec<(char, char)>,
}

impl Pairs {
    /// The pairs of adjacent characters of `s`, whitespace and common punctuation left out
    /// (社区网格 → 社区, 区网, 网格).
    pub fn of(s: &str) -> Pairs {
        let list = bigrams(s);
        let mut set = list.clone();
        crate::sort::unstable(&mut set);
        set.dedup();
        Pairs { list, set }
    }

    /// The pairs in order (a pair may repeat).
    pub fn list(&self) -> &[(char, char)] {
        &self.list
    }

    /// The distinct pairs, sorted.
    pub fn set(&self) -> &[(char, char)] {
        &self.set
    }

    /// Whether the pair occurs in the text.
    pub fn contains(&self, p: &(char, char)) -> bool {
        self.set.binary_search(p).is_ok()
    }

    /// The similarity of this text to `other`: the share of this text's pairs found in `other`
    /// (1.0 = the whole of this text's pairs are there).
    pub fn share_in(&self, other: &Pairs) -> f64 {
        if self.list.is_empty() {
            return 0.0;
        }
        self.list.iter().filter(|b| other.contains(b)).count() as f64 / self.list.len() as f64
    }
}

/// For each character pair, the texts (by index) whose pairs include it: which texts share a
/// query's pairs is then one walk over the query's own pairs' lists instead of a search of every
/// text.
#[derive(Debug, Clone, Default)]
pub struct PairPostings {
    /// Sorted by pair; each list holds text indices in increasing order, each once.
    postings: Vec<((char, char), Vec<u32>)>,
}

impl PairPostings {
    /// The postings of `texts`, indexed in the iterator's order.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a Pairs>) -> PairPostings {
        let mut all: Vec<((char, char), u32)> = Vec::new();
        for (i, pairs) in texts.into_iter().enumerate() {
            all.extend(pairs.set().iter().map(|&p| (p, i as u32)));
        }
        crate::sort::unstable(&mut all);
        let mut postings: Vec<((char, char), Vec<u32>)> = Vec::new();
        for (p, i) in all {
            match postings.last_mut() {
                Some((last, list)) if *last == p => list.push(i),
                _ => postings.push((p, vec![i])),
            }
        }
        PairPostings { postings }
    }

    /// Adds to `counts[t]`, for each text `t`, how many of `query`'s pairs (repeats counted, as
    /// [`Pairs::share_in`] counts them) the text contains.
    pub fn count_shared(&self, query: &Pairs, counts: &mut [u32]) {
        for p in query.list() {
            if let Ok(i) = self.postings.binary_search_by(|(k, _)| k.cmp(p)) {
                for &t in &self.postings[i].1 {
                    counts[t as usize] += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_count_what_share_in_counts() {
        let texts: Vec<Pairs> = ["社区网格员", "网格化管理", "居民委员会", "社区社区", ""]
            .iter()
            .map(|t| Pairs::of(t))
            .collect();
        let index = PairPostings::of(&texts);
        for query in ["社区网格", "网格网格", "委员会", "社区", "无关", ""] {
            let q = Pairs::of(query);
            let mut counts = vec![0u32; texts.len()];
            index.count_shared(&q, &mut counts);
            for (t, text) in texts.iter().enumerate() {
                let share = if q.list().is_empty() {
                    0.0
                } else {
                    counts[t] as f64 / q.list().len() as f64
                };
                assert_eq!(share, q.share_in(text), "{query} in text {t}");
            }
        }
    }
}
