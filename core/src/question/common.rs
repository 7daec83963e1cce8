//! A direct reading of questions of the common shape — the top-level fields of QUERIES.md and facts
//! of plain values — into a [`Question`], with no intermediate `serde_json::Value` and no
//! allocation beyond the question's own strings. It reads what the full reading
//! ([`super::parse_json`] then [`Question::from_value`]) accepts, to the same question; anything
//! else (any error, an unknown or repeated field, a fact it does not read) makes it give up, and the
//! full reading then answers with its exact error. A test checks the two agree.

use super::{
    parse_date, Facts, ListStatus, Question, QuestionKind, Scope, ASKS, MAX_DEPTH, MAX_INPUT_BYTES,
    TEXT_FACTS, TRI_FACTS,
};
use crate::actor::{Kind as ActorKind, Level};
use crate::tri::Tri;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// The question, when `input` is of the common shape; `None` sends it to the full reading.
pub fn read(input: &str) -> Option<Question> {
    if input.len() > MAX_INPUT_BYTES {
        return None;
    }
    let mut de = serde_json::Deserializer::from_str(input);
    let q = read_from(&mut de)?;
    de.end().ok()?;
    Some(q)
}

/// The question, when a front end's own objects (read through the serde deserializer `d`, e.g.
/// Python dicts) hold one of the common shape; `None` sends them to the full reading. Unlike
/// [`read`], it cannot see the input's size or nesting: the deserializer must give up on input
/// larger than [`MAX_INPUT_BYTES`] as compact JSON or nested deeper than [`MAX_DEPTH`].
pub fn read_from<'de, D: Deserializer<'de>>(d: D) -> Option<Question> {
    d.deserialize_map(QuestionVisitor).ok()
}

/// Any failure of this reading: the full reading then decides. Also the error type of a front
/// end's own deserializer for [`read_from`].
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("not of the common shape")
    }
}
impl std::error::Error for GiveUp {}
impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

/// Turns any deserializer error into giving up.
fn give_up<E: de::Error>(_: impl Sized) -> E {
    E::custom(GiveUp)
}

/// A string or null, as the full reading takes `id`, `regulation`, `question_zh` …
struct OptString;

impl<'de> DeserializeSeed<'de> for OptString {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(OptStringVisitor)
    }
}

struct OptStringVisitor;

impl<'de> Visitor<'de> for OptStringVisitor {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Option<String>, E> {
        Ok(Some(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }
}

struct QuestionVisitor;

impl<'de> Visitor<'de> for QuestionVisitor {
    type Value = Question;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a question")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Question, A::Error> {
        const FIELDS: [&str; 7] = [
            "id",
            "kind",
            "regulation",
            "date",
            "facts",
            "question_zh",
            "question_en",
        ];
        let mut seen = [false; FIELDS.len()];
        let (mut id, mut kind, mut scope, mut date, mut facts) = (None, None, None, None, None);
        let (mut question_zh, mut question_en) = (None, None);
        let mut others: Vec<u64> = Vec::new();
        let top_key = |name: &str| {
            Some(match FIELDS.iter().position(|k| *k == name) {
                Some(i) => TopKey::Known(i),
                None => TopKey::Other(key_hash(name)),
            })
        };
        while let Some(key) = map.next_key_seed(KeySeed(top_key))? {
            let i = match key {
                TopKey::Known(i) => i,
                // other fields (expected answers, rationales) are ignored, but must be JSON the full
                // reading accepts: no repeated keys, not too deep
                TopKey::Other(name) => {
                    if others.contains(&name) {
                        return Err(give_up(()));
                    }
                    others.push(name);
                    if 1 + map.next_value_seed(Skim)? > MAX_DEPTH {
                        return Err(give_up(()));
                    }
                    continue;
                }
            };
            if std::mem::replace(&mut seen[i], true) {
                return Err(give_up(()));
            }
            match FIELDS[i] {
                "id" => id = map.next_value_seed(OptString)?,
                "kind" => {
                    let s = map.next_value_seed(OptString)?.ok_or_else(|| give_up(()))?;
                    kind = Some(QuestionKind::parse(&s).ok_or_else(|| give_up(()))?);
                }
                "regulation" => {
                    scope = Some(match map.next_value_seed(OptString)? {
                        Some(s) if s != "all" => Scope::One(s),
                        _ => Scope::All,
                    })
                }
                "date" => {
                    date = match map.next_value_seed(OptString)? {
                        Some(s) => Some(parse_date(&s).map_err(give_up)?),
                        None => None,
                    }
                }
                "facts" => facts = map.next_value_seed(FactsSeed)?,
                "question_zh" => question_zh = map.next_value_seed(OptString)?,
                _ => question_en = map.next_value_seed(OptString)?,
            }
        }
        Ok(Question {
            id: id.unwrap_or_default(),
            kind: kind.ok_or_else(|| give_up(()))?,
            scope: scope.unwrap_or(Scope::All),
            date,
            facts: facts.unwrap_or_default(),
            question_zh,
            question_en,
        })
    }
}

/// A top-level key: the index of a field this reading reads, or the hash of another field's name
/// (see [`Skim`]).
enum TopKey {
    Known(usize),
    Other(u64),
}

/// A key (or another string), read and mapped by the function; `None` from it gives up. The
/// function gets the string as the deserializer lends it, so nothing is copied.
struct KeySeed<F>(F);

impl<'de, T, F: FnOnce(&str) -> Option<T>> DeserializeSeed<'de> for KeySeed<F> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, T, F: FnOnce(&str) -> Option<T>> Visitor<'de> for KeySeed<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).ok_or_else(|| give_up(()))
    }
}

/// A key's hash, to find repeated keys without keeping the keys.
fn key_hash(key: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(key)
}

/// The value of a field this reading ignores (an expected answer, a rationale), walked without
/// being kept: its depth as [`super::depth`] counts it, or a give-up wherever the full reading would
/// refuse it ([`super::NoDuplicateKeys`]: a repeated key, anything not JSON). Keys are compared
/// by hash, so a collision only sends the question to the full reading. (Building the value, as
/// the full reading does, was half the cost of reading a conformance case.)
struct Skim;

impl<'de> DeserializeSeed<'de> for Skim {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_any(Skim)
    }
}

impl<'de> Visitor<'de> for Skim {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<usize, E> {
        Ok(0)
    }
    fn visit_i64<E>(self, _: i64) -> Result<usize, E> {
        Ok(0)
    }
    fn visit_u64<E>(self, _: u64) -> Result<usize, E> {
        Ok(0)
    }
    fn visit_f64<E>(self, _: f64) -> Result<usize, E> {
        Ok(0)
    }
    fn visit_str<E>(self, _: &str) -> Result<usize, E> {
        Ok(0)
    }
    fn visit_unit<E>(self) -> Result<usize, E> {
        Ok(0)
    }
    fn visit_none<E>(self) -> Result<usize, E> {
        Ok(0)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut deepest = 0;
        while let Some(d) = seq.next_element_seed(Skim)? {
            deepest = deepest.max(d);
        }
        Ok(1 + deepest)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<usize, A::Error> {
        let (mut keys, mut deepest) = (Vec::new(), 0);
        while let Some(k) = map.next_key_seed(KeySeed(|k: &str| Some(key_hash(k))))? {
            if keys.contains(&k) {
                return Err(give_up(()));
            }
            keys.push(k);
            deepest = deepest.max(map.next_value_seed(Skim)?);
        }
        Ok(1 + deepest)
    }
}

/// The facts object, or null.
struct FactsSeed;

impl<'de> DeserializeSeed<'de> for FactsSeed {
    type Value = Option<Facts>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Facts>, D::Error> {
        d.deserialize_any(FactsVisitor)
    }
}

/// A plain fact value: what the facts this reading knows may hold.
enum Plain<'de> {
    Null,
    Bool(bool),
    /// Borrowed from the input where the deserializer can lend it (JSON text without escapes).
    Str(Cow<'de, str>),
    Whole(u64),
}

impl<'de> de::Deserialize<'de> for Plain<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Plain<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Plain<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a plain value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Plain<'de>, E> {
                Ok(Plain::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Plain<'de>, E> {
                Ok(Plain::Bool(v))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Plain<'de>, E> {
                Ok(Plain::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Plain<'de>, E> {
                Ok(Plain::Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Plain<'de>, E> {
                Ok(Plain::Str(Cow::Owned(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Plain<'de>, E> {
                Ok(Plain::Whole(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Plain<'de>, E> {
                u64::try_from(v).map(Plain::Whole).map_err(give_up)
            }
            // area_m2 and whole numbers written as floats are left to the full reading
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Plain<'de>, E> {
                Err(give_up(v))
            }
        }
        d.deserialize_any(V)
    }
}

struct FactsVisitor;

impl<'de> Visitor<'de> for FactsVisitor {
    type Value = Option<Facts>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("facts")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<Facts>, E> {
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Facts>, A::Error> {
        let mut f = Facts::default();
        let mut slots = Slots::default();
        let mut seen = 0u64;
        while let Some(key) = map.next_key_seed(KeySeed(fact_of_name))? {
            let bit = 1u64 << key.index();
            if seen & bit != 0 {
                return Err(give_up(()));
            }
            seen |= bit;
            let v: Plain = map.next_value()?;
            read_fact(&mut f, &mut slots, key, v).ok_or_else(|| give_up(()))?;
        }
        // the full reading goes through the facts in key order: so are they listed here
        let order = &*BY_NAME;
        f.tri.reserve_exact(slots.tri.iter().flatten().count());
        f.text.reserve_exact(slots.text.iter().flatten().count());
        f.tri.extend(order.tri.iter().filter_map(|&i| {
            let t = slots.tri[i]?;
            Some((Cow::Borrowed(TRI_FACTS[i]), t))
        }));
        f.text.extend(order.text.iter().filter_map(|&i| {
            let t = slots.text[i].take()?;
            Some((Cow::Borrowed(TEXT_FACTS[i]), t))
        }));
        Ok(Some(f))
    }
}

/// The three-valued and text facts read so far, by their place in [`TRI_FACTS`] and
/// [`TEXT_FACTS`].
#[derive(Default)]
struct Slots {
    tri: [Option<Tri>; TRI_FACTS.len()],
    text: [Option<String>; TEXT_FACTS.len()],
}

/// The places in [`TRI_FACTS`] and [`TEXT_FACTS`] in the order of the names (a sort of the
/// facts' names, made once instead of for every question).
struct ByName {
    tri: Vec<usize>,
    text: Vec<usize>,
}

static BY_NAME: std::sync::LazyLock<ByName> = std::sync::LazyLock::new(|| {
    let order = |names: &[&str]| {
        let mut i: Vec<usize> = (0..names.len()).collect();
        crate::sort::by_key(&mut i, |&i| names[i]);
        i
    };
    ByName {
        tri: order(TRI_FACTS),
        text: order(TEXT_FACTS),
    }
});

/// The facts that are neither three-valued nor text.
const OTHER_FACTS: &[&str] = &[
    "assigner_level",
    "assigner_kind",
    "task_on_list",
    "households",
    "article",
    "paragraph",
    "item",
];

// every fact has a bit in the `seen` mask of [`FactsVisitor`]
const _: () = assert!(TRI_FACTS.len() + TEXT_FACTS.len() + OTHER_FACTS.len() <= 64);

/// A fact key this reading knows, by its list and place in it.
#[derive(Clone, Copy)]
enum FactKey {
    Tri(usize),
    Text(usize),
    Other(usize),
}

impl FactKey {
    fn index(self) -> usize {
        match self {
            FactKey::Tri(i) => i,
            FactKey::Text(i) => TRI_FACTS.len() + i,
            FactKey::Other(i) => TRI_FACTS.len() + TEXT_FACTS.len() + i,
        }
    }
}

/// The fact key a name is (a linear search: most names differ from the key in length, a cheap
/// test, and an FxHashMap measured no faster).
fn fact_of_name(name: &str) -> Option<FactKey> {
    let find = |list: &[&str]| list.iter().position(|k| *k == name);
    find(TRI_FACTS)
        .map(FactKey::Tri)
        .or_else(|| find(TEXT_FACTS).map(FactKey::Text))
        .or_else(|| find(OTHER_FACTS).map(FactKey::Other))
}

/// The text without surrounding whitespace, reusing its allocation when it has none.
fn trimmed(s: Cow<'_, str>) -> String {
    match s {
        Cow::Owned(s) if s.trim().len() == s.len() => s,
        s => s.trim().to_string(),
    }
}

/// Reads one fact as the full reading does; `None` for anything it would refuse or this reading
/// leaves to it.
fn read_fact(f: &mut Facts, slots: &mut Slots, key: FactKey, v: Plain<'_>) -> Option<()> {
    match key {
        FactKey::Tri(i) => {
            let t = match v {
                Plain::Null => Tri::Unknown,
                Plain::Bool(b) => Tri::from(b),
                _ => return None,
            };
            slots.tri[i] = Some(t);
        }
        FactKey::Text(i) => {
            let k = TEXT_FACTS[i];
            match v {
                Plain::Null => {}
                Plain::Str(s) if s.chars().count() > 2000 => return None,
                Plain::Str(s) if s.trim().is_empty() => {}
                Plain::Str(s) if k == "asks" && !ASKS.contains(&s.trim()) => return None,
                Plain::Str(s) => slots.text[i] = Some(trimmed(s)),
                _ => return None,
            }
        }
        FactKey::Other(i) => match (OTHER_FACTS[i], v) {
            ("assigner_level" | "assigner_kind" | "task_on_list", Plain::Null) => {}
            ("assigner_level", Plain::Str(s)) => f.assigner_level = Some(Level::parse(&s)?),
            ("assigner_kind", Plain::Str(s)) => f.assigner_kind = Some(ActorKind::parse(&s)?),
            ("task_on_list", Plain::Str(s)) => f.task_on_list = Some(ListStatus::parse(&s)?),
            ("households", Plain::Null) => f.households = None,
            ("households", Plain::Whole(n)) if n <= 100_000_000 => f.households = Some(n),
            ("article" | "paragraph" | "item", Plain::Null) => {}
            ("article", Plain::Whole(n @ 1..=999)) => f.article = Some(n as u32),
            ("paragraph", Plain::Whole(n @ 1..=999)) => f.paragraph = Some(n as u32),
            ("item", Plain::Whole(n @ 1..=999)) => f.item = Some(n as u32),
            _ => return None, // anything the full reading refuses
        },
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The full reading's result, in a comparable form.
    fn full(input: &str) -> std::result::Result<String, &'static str> {
        super::super::parse_json(input)
            .and_then(|v| Question::from_value(&v))
            .map(|q| format!("{q:?}"))
            .map_err(|e| e.code())
    }

    /// Where this reading answers, the full reading gives the same question.
    fn agrees(input: &str) -> bool {
        match read(input) {
            None => true,
            Some(q) => full(input) == Ok(format!("{q:?}")),
        }
    }

    #[test]
    fn agrees_with_the_full_reading_on_every_conformance_question() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
        let (mut lines, mut read_here) = (0, 0);
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                // with its expected answer (ignored, as any other field) and without it
                let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
                v.as_object_mut().unwrap().remove("expected");
                let bare = v.to_string();
                assert!(agrees(line), "{line}");
                assert!(agrees(&bare), "{bare}");
                // read from other objects (here the parsed value) through serde, the same question
                assert_eq!(
                    read_from(&v).map(|q| format!("{q:?}")),
                    read(&bare).map(|q| format!("{q:?}")),
                    "{bare}"
                );
                lines += 1;
                read_here += usize::from(read(line).is_some());
            }
        }
        // the point of the reading: most questions take it
        assert!(read_here * 10 > lines * 8, "{read_here} of {lines}");
    }

    #[test]
    fn gives_up_on_what_the_full_reading_refuses_or_reads_otherwise() {
        for q in [
            "",
            "[]",
            r#"{"kind":"in-force","kind":"in-force"}"#,
            r#"{"kind":"in-force","facts":{"approval":true,"approval":true}}"#,
            r#"{"kind":"in-force","facts":{"approval":"yes"}}"#,
            r#"{"kind":"in-force","facts":{"colour":"red"}}"#,
            r#"{"kind":"in-force","facts":{"households":2.0}}"#,
            r#"{"kind":"in-force","facts":{"article":0}}"#,
            r#"{"kind":"in-force","facts":{"asks":"how"}}"#,
            r#"{"kind":"in-force","date":"2023-02-30"}"#,
            r#"{"kind":"in-force","expected":{"a":1,"a":2}}"#,
            r#"{"kind":"in-force","note":1,"note":2}"#,
            r#"{"kind":"in-force","expected":[1,{"b":{"a":[],"c":0,"a":{}}}]}"#,
            r#"{"kind":"guess"}"#,
            r#"{"kind":"in-force"} x"#,
        ] {
            assert!(read(q).is_none(), "{q}");
        }
        let q = read(r#"{"id":"a","kind":"assign-to-committee","regulation":"all","facts":{"task":"  x ","approval":null,"assignee":" "}}"#).unwrap();
        assert_eq!(q.scope, Scope::All);
        assert_eq!(q.facts.text, vec![("task".into(), "x".to_string())]);
        assert_eq!(q.facts.tri("approval"), Tri::Unknown);
    }

    #[test]
    fn an_ignored_field_is_refused_at_the_depth_the_full_reading_refuses() {
        for d in MAX_DEPTH - 3..MAX_DEPTH + 2 {
            let v = format!("{}1{}", "[".repeat(d), "]".repeat(d));
            let q = format!(r#"{{"kind":"in-force","expected":{v}}}"#);
            assert!(agrees(&q), "depth {d}");
            assert_eq!(read(&q).is_some(), d < MAX_DEPTH, "depth {d}");
            assert_eq!(full(&q).is_ok(), d < MAX_DEPTH, "depth {d}");
            let o = format!("{}1{}", r#"{"a":"#.repeat(d), "}".repeat(d));
            let q = format!(r#"{{"kind":"in-force","expected":{o}}}"#);
            assert!(agrees(&q), "depth {d}");
        }
    }

    /// JSON values of the kinds questions hold, odd ones included.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("null".to_string()),
            any::<bool>().prop_map(|b| b.to_string()),
            (-5i64..1200).prop_map(|n| n.to_string()),
            Just("2.5".to_string()),
            Just("1e3".to_string()),
            Just("[]".to_string()),
            Just("{}".to_string()),
            Just(r#"{"a":[1,{"b":2,"c":[null]}],"d":"x"}"#.to_string()),
            Just(r#"[[{"x":{},"y":{"x":1,"x":2}}]]"#.to_string()),
            prop::sample::select(vec![
                "haidong",
                "all",
                "2024-01-01",
                "2023-02-30",
                "county",
                "department",
                "assist",
                "who",
                "社区",
                " 区民政局 ",
                "",
                "in-force",
                "assign-to-grid",
                "\\u793e\\u533a",
            ])
            .prop_map(|s| format!("\"{s}\"")),
        ]
    }

    fn key() -> impl Strategy<Value = String> {
        let mut keys: Vec<&str> = TRI_FACTS
            .iter()
            .chain(TEXT_FACTS)
            .chain(OTHER_FACTS)
            .copied()
            .collect();
        keys.extend(["area_m2", "regulations", "colour"]);
        prop::sample::select(keys).prop_map(str::to_string)
    }

    proptest! {
        #[test]
        fn agrees_with_the_full_reading_on_generated_questions(
            top in prop::collection::vec((prop::sample::select(vec![
                "id", "kind", "regulation", "date", "question_zh", "question_en", "extra", "expected",
            ]), value()), 0..6),
            kind in prop::sample::select(vec!["in-force", "assign-to-committee", "duty-of", "nope"]),
            facts in prop::collection::vec((key(), value()), 0..6),
            facts_null in any::<bool>(),
        ) {
            let facts = if facts_null {
                "null".to_string()
            } else {
                let body: Vec<String> = facts.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", body.join(","))
            };
            let mut fields: Vec<String> = top.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            fields.push(format!("\"kind\":\"{kind}\""));
            fields.push(format!("\"facts\":{facts}"));
            let q = format!("{{{}}}", fields.join(","));
            prop_assert!(agrees(&q), "{}", q);
        }
    }
}
