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
        set.sort_unstable();
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
