//! Compare on any topic of the catalogue (regulations/topics.toml): which regulations have a
//! provision on it, citing them, and for each one that lacks it the closest provision, which
//! shows what it does say. Used when the words name no feature of the comparison catalogue.

use super::{Context, Finding};
use crate::norm::{normalise, NormBase, NormFile};
use crate::pairs::Pairs;
use crate::provision::{Provision, ProvisionMatching, Topic, TopicMatching};
use crate::text::Regulation;
use serde_json::Value;

/// Below this share of a name's character pairs, a topic is not taken to be the one asked about.
const TOPIC_MATCH: f64 = 0.75;

/// The topic free words name: an id, name or alias equal to the words, else the longest name
/// or alias the words contain (or that contains them), else the name closest in characters,
/// else the topic most of the provisions containing the words carry.
pub fn resolve<'a>(base: &'a NormBase, words: &str) -> Option<&'a Topic> {
    // the texts write the committees out in full
    let q = normalise(words)
        .replace("居委会", "居民委员会")
        .replace("村委会", "村民委员会");
    if q.chars().count() < 2 {
        return None;
    }
    let topics = &base.topics.topic;
    if let Some(t) = exact(base, words) {
        return Some(t);
    }
    let contained = topics
        .iter()
        .flat_map(|t| {
            let m = names_of(t);
            m.normalised
                .iter()
                .zip(&m.normalised_chars)
                .map(move |(n, &chars)| (n, chars, t))
        })
        .filter(|&(n, chars, _)| chars >= 2 && (contains(&q, n) || contains(n, &q)))
        .max_by_key(|&(_, chars, _)| chars)
        .map(|(n, _, t)| (n, t));
    if let Some((_, t)) = contained {
        return Some(t);
    }
    let qp = &Pairs::of(&q);
    let closest = topics
        .iter()
        .flat_map(|t| {
            names_of(t)
                .normalised_pairs
                .iter()
                .map(move |n| (qp.share_in(n), t))
        })
        .fold(None::<(f64, &Topic)>, |acc, (s, t)| match acc {
            Some((b, _)) if b >= s => acc,
            _ => Some((s, t)),
        });
    if let Some((s, t)) = closest {
        if s >= TOPIC_MATCH {
            return Some(t);
        }
    }
    // the provisions' own words: the topic most provisions containing the words carry
    let mut counts: Vec<(usize, &str)> = Vec::new();
    for p in base.files.values().flat_map(|f| &f.provision) {
        if contains(&words_of(p).normalised_quote, &q) {
            for t in &p.topics {
                match counts.iter_mut().find(|(_, id)| id == t) {
                    Some((n, _)) => *n += 1,
                    None => counts.push((1, t)),
                }
            }
        }
    }
    let (_, id) = counts.iter().fold(
        (0, ""),
        |acc, &(n, id)| if n > acc.0 { (n, id) } else { acc },
    );
    base.topics.get(id)
}

/// A topic's names as matching reads them, made once: normalised (with their lengths in
/// characters and their pairs), and the pairs of the Chinese name and aliases as written.
fn names_of(t: &Topic) -> &TopicMatching {
    t.matching(|t| {
        let normalised: Vec<String> = std::iter::once(&t.zh)
            .chain(&t.aliases)
            .chain(std::iter::once(&t.en))
            .map(|n| normalise(n))
            .collect();
        TopicMatching {
            normalised_chars: normalised.iter().map(|n| n.chars().count()).collect(),
            normalised_pairs: normalised.iter().map(|n| Pairs::of(n)).collect(),
            normalised,
            written_pairs: std::iter::once(&t.zh)
                .chain(&t.aliases)
                .map(|n| Pairs::of(n))
                .collect(),
        }
    })
}

/// A provision as matching reads it, made once: the pairs of its words, its quotation normalised.
fn words_of(p: &Provision) -> &ProvisionMatching {
    p.matching(|p| ProvisionMatching {
        word_pairs: Pairs::of(&p.words()),
        normalised_quote: normalise(&p.quote),
    })
}

/// Whether `text` contains `part`, as `str::contains` answers, for the short texts of topic names
/// and provisions: a byte comparison at each position, no searcher to set up. (A match of valid
/// UTF-8 in valid UTF-8 starts on a character boundary: a first byte is never a continuation byte.)
fn contains(text: &str, part: &str) -> bool {
    let (text, part) = (text.as_bytes(), part.as_bytes());
    match part.first() {
        None => true,
        Some(&first) => {
            part.len() <= text.len()
                && text[..=text.len() - part.len()]
                    .iter()
                    .enumerate()
                    .any(|(i, &b)| b == first && &text[i..i + part.len()] == part)
        }
    }
}

/// Up to `n` topics closest to the words by their names' character pairs, as `zh (id)`, best
/// first; none when no name shares a pair with them.
pub fn nearest(base: &NormBase, words: &str, n: usize) -> Vec<String> {
    let q = Pairs::of(&normalise(words));
    let mut scored: Vec<(f64, &Topic)> = base
        .topics
        .topic
        .iter()
        .map(|t| {
            let s = names_of(t)
                .written_pairs
                .iter()
                .map(|name| q.share_in(name))
                .fold(0.0, f64::max);
            (s, t)
        })
        .filter(|(s, _)| *s > 0.0)
        .collect();
    crate::sort::by(&mut scored, |a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .take(n)
        .map(|(_, t)| format!("{} ({})", t.zh, t.id))
        .collect()
}

/// The topic whose id, name or alias is the words (width and spaces aside).
pub fn exact<'a>(base: &'a NormBase, words: &str) -> Option<&'a Topic> {
    let q = normalise(words);
    base.topics
        .topic
        .iter()
        .find(|t| t.id == q || names_of(t).normalised.contains(&q))
}

/// The provision of the file whose words share most of the topic's names' character pairs (the
/// first of equals): for each name, its [`Pairs::share_in`] the provision's words, counted through
/// the file's pair postings.
fn closest_provision<'a>(topic: &Topic, file: &'a NormFile) -> Option<&'a Provision> {
    let provisions = &file.provision;
    let mut best = vec![0.0f64; provisions.len()];
    let mut counts = vec![0u32; provisions.len()];
    for name in &names_of(topic).written_pairs {
        if name.list().is_empty() {
            continue; // shares nothing (share_in gives 0)
        }
        counts.fill(0);
        file.provision_postings(|p| &words_of(p).word_pairs)
            .count_shared(name, &mut counts);
        for (b, &c) in best.iter_mut().zip(&counts) {
            *b = f64::max(*b, c as f64 / name.list().len() as f64);
        }
    }
    best.into_iter()
        .zip(provisions)
        .filter(|(s, _)| *s > 0.0)
        .fold(None::<(f64, &Provision)>, |acc, (s, p)| match acc {
            Some((b, _)) if b >= s => acc,
            _ => Some((s, p)),
        })
        .map(|(_, p)| p)
}

/// Which of `regs` have a provision on `topic`: the verdict is their keys; each is cited with its
/// provisions on the topic, and each that lacks it with its closest provision.
pub fn compare(ctx: &Context, regs: &[&Regulation], topic: &Topic) -> Finding {
    let base = ctx.base;
    let mut f = ctx.finding();
    let mut having = Vec::new();
    for r in regs {
        let key = &r.meta.key;
        let Some(file) = base.file(key) else { continue };
        let on: Vec<&Provision> = file.provisions_on(&topic.id).collect();
        if on.is_empty() {
            // nothing like the topic's names: a provision of the same group, else the first
            // (the purpose and scope), shows what the regulation does say
            let same_group = |p: &&Provision| {
                p.topics
                    .iter()
                    .any(|t| base.topics.get(t).is_some_and(|t| t.group == topic.group))
            };
            let shown = closest_provision(topic, file)
                .or_else(|| file.provision.iter().find(same_group))
                .or_else(|| file.provision.first());
            match shown {
                Some(p) => {
                    f.cite(p.cite.to_string());
                    f.step(
                        format_args!("{key}.topic"),
                        &p.cite,
                        "lacks",
                        format_args!("没有关于“{}”的条文；最接近的是：{}", topic.zh, p.quote),
                        format_args!("No provision on “{}”; the closest: {}", topic.en, p.en),
                    );
                }
                None => f.step(
                    format_args!("{key}.topic"),
                    key,
                    "lacks",
                    format_args!("没有关于“{}”的条文", topic.zh),
                    format_args!("No provision on “{}”", topic.en),
                ),
            }
            continue;
        }
        having.push(Value::String(key.clone()));
        // the most precise provisions: a paragraph whose items are cited is not cited besides
        let cites: Vec<String> = on
            .iter()
            .filter(|p| {
                !on.iter()
                    .any(|q| q.cite != p.cite && q.cite.is_within(&p.cite))
            })
            .map(|p| p.cite.to_string())
            .collect();
        for c in &cites {
            f.cite(c.clone());
        }
        f.step(
            format_args!("{key}.topic"),
            &on[0].cite,
            "has",
            format_args!("有关于“{}”的条文：{}", topic.zh, cites.join("、")),
            format_args!("Provisions on “{}”: {}", topic.en, cites.join(", ")),
        );
    }
    let list: Vec<String> = having
        .iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect();
    f.summary_zh = format!(
        "规定了“{}”（{}）的条例：{}",
        topic.zh,
        topic.id,
        list.join("、")
    );
    f.summary_en = format!(
        "Regulations with provisions on “{}” ({}): {}",
        topic.en,
        topic.id,
        list.join(", ")
    );
    f.verdict = Value::Array(having);
    f
}

#[cfg(test)]
mod tests {
    use super::contains;

    #[test]
    fn contains_answers_as_str_contains() {
        let texts = [
            "",
            "社区",
            "社区网格员",
            "网格",
            "居民委员会居民",
            "a社区b",
            "区网",
            "ab",
        ];
        for t in texts {
            for p in texts {
                assert_eq!(contains(t, p), t.contains(p), "{t:?} contains {p:?}");
            }
        }
    }
}
