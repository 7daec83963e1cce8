//! Compare on any topic of the catalogue (regulations/topics.toml): which regulations have a
//! provision on it, citing them, and for each one that lacks it the closest provision, which
//! shows what it does say. Used when the words name no feature of the comparison catalogue.

use super::{Context, Finding};
use crate::norm::{normalise, NormBase};
use crate::pairs::Pairs;
use crate::provision::{Provision, Topic};
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
    let names = |t: &'a Topic| {
        std::iter::once(&t.zh)
            .chain(&t.aliases)
            .chain(std::iter::once(&t.en))
            .map(|n| normalise(n))
    };
    if let Some(t) = exact(base, words) {
        return Some(t);
    }
    let contained = topics
        .iter()
        .flat_map(|t| names(t).map(move |n| (n, t)))
        .filter(|(n, _)| n.chars().count() >= 2 && (q.contains(n.as_str()) || n.contains(&q)))
        .max_by_key(|(n, _)| n.chars().count());
    if let Some((_, t)) = contained {
        return Some(t);
    }
    let qp = &Pairs::of(&q);
    let closest = topics
        .iter()
        .flat_map(|t| names(t).map(move |n| (qp.share_in(&Pairs::of(&n)), t)))
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
        if normalise(&p.quote).contains(&q) {
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

/// Up to `n` topics closest to the words by their names' character pairs, as `zh (id)`, best
/// first; none when no name shares a pair with them.
pub fn nearest(base: &NormBase, words: &str, n: usize) -> Vec<String> {
    let q = Pairs::of(&normalise(words));
    let mut scored: Vec<(f64, &Topic)> = base
        .topics
        .topic
        .iter()
        .map(|t| {
            let s = std::iter::once(&t.zh)
                .chain(&t.aliases)
                .map(|name| q.share_in(&Pairs::of(name)))
                .fold(0.0, f64::max);
            (s, t)
        })
        .filter(|(s, _)| *s > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .take(n)
        .map(|(_, t)| format!("{} ({})", t.zh, t.id))
        .collect()
}

/// The topic whose id, name or alias is the words (width and spaces aside).
pub fn exact<'a>(base: &'a NormBase, words: &str) -> Option<&'a Topic> {
    let q = normalise(words);
    base.topics.topic.iter().find(|t| {
        t.id == q
            || std::iter::once(&t.zh)
                .chain(&t.aliases)
                .chain(std::iter::once(&t.en))
                .any(|n| normalise(n) == q)
    })
}

/// The provision of `provisions` whose words share most of the topic's names' character pairs.
fn closest_provision<'a>(topic: &Topic, provisions: &'a [Provision]) -> Option<&'a Provision> {
    let names: Vec<Pairs> = std::iter::once(&topic.zh)
        .chain(&topic.aliases)
        .map(|n| Pairs::of(n))
        .collect();
    provisions
        .iter()
        .map(|p| {
            let words = Pairs::of(&p.words());
            let s = names.iter().map(|n| n.share_in(&words)).fold(0.0, f64::max);
            (s, p)
        })
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
            let shown = closest_provision(topic, &file.provision)
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
        let all: Vec<String> = on.iter().map(|p| p.cite.to_string()).collect();
        let cites: Vec<String> = all
            .iter()
            .filter(|c| !all.iter().any(|d| d.starts_with(&format!("{c}:"))))
            .cloned()
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
