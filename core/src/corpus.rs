//! The embedded corpus: every regulation's canonical text (and, once loaded, its norms), parsed
//! once on first use.

use crate::error::{Error, Result};
use crate::ingest::Manifest;
use crate::reference::{parse_zh, Ref};
use crate::text::{Provision, Regulation};
use std::sync::LazyLock;

/// One regulation's files as core/build.rs embeds them: the TOML files parsed at build time and
/// written as compact JSON, text.json compacted (`""` when it is missing).
pub(crate) struct Embedded {
    pub key: &'static str,
    /// regulation.toml, as JSON.
    pub manifest: &'static str,
    /// text.json.
    pub text: &'static str,
    /// norms.toml, as JSON.
    pub norms: &'static str,
    /// coverage.toml, as JSON.
    pub coverage: &'static str,
    /// provisions.toml, as JSON.
    pub provisions: &'static str,
}

#[cfg(feature = "embed")]
include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The regulations' files: compiled in (feature `embed`, the default), else those of the bundle
/// given to [`crate::embedded::supply`] (none before it).
#[cfg(feature = "embed")]
fn files() -> &'static [Embedded] {
    EMBEDDED
}
#[cfg(not(feature = "embed"))]
fn files() -> &'static [Embedded] {
    supplied::get().map_or(&[], |d| &d.regulations[..])
}
#[cfg(feature = "embed")]
fn features_json() -> &'static str {
    FEATURES
}
#[cfg(not(feature = "embed"))]
fn features_json() -> &'static str {
    supplied::get().map_or("", |d| d.features)
}
#[cfg(feature = "embed")]
fn topics_json() -> &'static str {
    TOPICS
}
#[cfg(not(feature = "embed"))]
fn topics_json() -> &'static str {
    supplied::get().map_or("", |d| d.topics)
}

/// The data bundle core/build.rs writes beside the embedded files (`zhili-data.txt`, the same
/// JSON forms), which a build without the `embed` feature is given at run time. Its format: the
/// line `zhili-data 1`, then for each file a line `<name> <length in bytes>`, the file's text and
/// a newline; the names are `<key>/regulation.toml`, `<key>/text.json`, `<key>/norms.toml`,
/// `<key>/coverage.toml`, `<key>/provisions.toml` for each regulation in index order, then
/// `features.toml` and `topics.toml`.
#[cfg_attr(feature = "embed", allow(dead_code))]
pub(crate) mod supplied {
    use super::Embedded;
    use crate::error::{Error, Result};

    /// A parsed bundle: slices of the (leaked, kept for the program's life) bundle text.
    pub(crate) struct Data {
        pub regulations: Vec<Embedded>,
        pub features: &'static str,
        pub topics: &'static str,
    }

    static DATA: std::sync::OnceLock<Data> = std::sync::OnceLock::new();

    /// Set once the data was first asked for: a bundle supplied later would not be seen by what
    /// was already loaded (or found missing) from the data, so it is refused.
    static READ: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

    pub(crate) fn get() -> Option<&'static Data> {
        READ.store(true, std::sync::atomic::Ordering::SeqCst);
        DATA.get()
    }

    fn bad(msg: String) -> Error {
        Error::InvalidNorm(format!("data bundle: {msg}"))
    }

    /// Splits a bundle into its files, in order; `invalid-norm` when it is not a bundle.
    pub(crate) fn parse(text: &str) -> Result<Vec<(&str, &str)>> {
        let mut rest = text
            .strip_prefix("zhili-data 1\n")
            .ok_or_else(|| bad("it does not start with the line `zhili-data 1`".into()))?;
        let mut files = Vec::new();
        while !rest.is_empty() {
            let (head, tail) = rest
                .split_once('\n')
                .ok_or_else(|| bad("a file header has no end of line".into()))?;
            let (name, len) = head
                .rsplit_once(' ')
                .and_then(|(n, l)| Some((n, l.parse::<usize>().ok()?)))
                .ok_or_else(|| bad(format!("`{head}` is not a file header `<name> <length>`")))?;
            let body = tail
                .get(..len)
                .filter(|_| tail.as_bytes().get(len) == Some(&b'\n'))
                .ok_or_else(|| bad(format!("{name}: shorter than its {len} bytes")))?;
            files.push((name, body));
            rest = &tail[len + 1..];
        }
        Ok(files)
    }

    /// The bundle's files as the embedded data is laid out.
    pub(crate) fn read(text: &'static str) -> Result<Data> {
        let mut regulations: Vec<Embedded> = Vec::new();
        let (mut features, mut topics) = (None, None);
        for (name, body) in parse(text)? {
            match name {
                "features.toml" => features = Some(body),
                "topics.toml" => topics = Some(body),
                _ => {
                    let (key, file) = name
                        .split_once('/')
                        .ok_or_else(|| bad(format!("unknown file `{name}`")))?;
                    if regulations.last().map(|e| e.key) != Some(key) {
                        if file != "regulation.toml" {
                            return Err(bad(format!("{key}: regulation.toml comes first")));
                        }
                        regulations.push(Embedded {
                            key,
                            manifest: body,
                            text: "",
                            norms: "{}",
                            coverage: "{}",
                            provisions: "{}",
                        });
                        continue;
                    }
                    let e = regulations.last_mut().expect("pushed above");
                    match file {
                        "text.json" => e.text = body,
                        "norms.toml" => e.norms = body,
                        "coverage.toml" => e.coverage = body,
                        "provisions.toml" => e.provisions = body,
                        _ => return Err(bad(format!("unknown file `{name}`"))),
                    }
                }
            }
        }
        Ok(Data {
            regulations,
            features: features.ok_or_else(|| bad("no features.toml".into()))?,
            topics: topics.ok_or_else(|| bad("no topics.toml".into()))?,
        })
    }

    /// Keeps the bundle as the data every later question is answered from. `invalid-norm` when it
    /// is not a bundle, or when data was already supplied or loaded.
    pub(crate) fn supply(text: String) -> Result<()> {
        let once = || bad("data is supplied once, before anything is answered".into());
        if READ.load(std::sync::atomic::Ordering::SeqCst) || DATA.get().is_some() {
            return Err(once());
        }
        let data = read(Box::leak(text.into_boxed_str()))?;
        DATA.set(data).map_err(|_| once())
    }
}

/// The regulations the library knows.
pub struct Corpus {
    /// The canonical texts, in the order of `regulations/index.toml`.
    pub regulations: Vec<Regulation>,
    /// Each regulation's regulation.toml, in the same order: `manifests[i]` is `regulations[i]`'s.
    pub manifests: Vec<Manifest>,
    /// Every name each regulation answers to (key, title, aliases), normalised once; built on first
    /// use by [`Corpus::resolve`].
    names: std::sync::OnceLock<Vec<Vec<String>>>,
    /// Every provision in citation form (`dalian:24:2`), built on first use by [`Corpus::cites`].
    citations: std::sync::OnceLock<rustc_hash::FxHashSet<String>>,
}

/// A name as [`Corpus::resolve`] compares it: no whitespace or 《》, full-width parentheses.
fn normalise_name(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》'))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

static CORPUS: LazyLock<Result<Corpus>> = LazyLock::new(load);

/// The embedded corpus built afresh (parsed and checked), as [`Corpus::get`] does once.
pub fn load() -> Result<Corpus> {
    let mut regulations = Vec::new();
    let mut manifests = Vec::new();
    if cfg!(not(feature = "embed")) && files().is_empty() {
        return Err(Error::InvalidNorm(
            "no regulation data: this build embeds none, and none was supplied (zhili::embedded::supply)".into(),
        ));
    }
    for e in files() {
        let bad = |what: &str, err: String| Error::InvalidNorm(format!("{}/{what}: {err}", e.key));
        let m: Manifest = read_json(e.manifest, &format!("{}/regulation.toml", e.key))?;
        if e.text.is_empty() {
            return Err(bad(
                "text.json",
                "missing: run `zhili ingest --write`".into(),
            ));
        }
        let r: Regulation = read_json(e.text, &format!("{}/text.json", e.key))?;
        regulations.push(r);
        manifests.push(m);
    }
    Ok(Corpus::new(regulations, manifests))
}

/// Reads one embedded file (JSON; `what` names its source file, e.g. `haidong/norms.toml`) into
/// the library's type; `invalid-norm` with the serde message and the JSON just before the place it
/// refers to (the position in the one-line JSON form would say nothing about the source file).
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(json: &str, what: &str) -> Result<T> {
    crate::data_json::from_json(json).map_err(|e| {
        let msg = e.to_string();
        let msg = msg
            .rsplit_once(" at line ")
            .map_or(msg.as_str(), |(m, _)| m);
        // the line's start (the JSON forms are one line; a text.json that does not parse is kept
        // as written) plus the column, which counts bytes from 1
        let line_start: usize = json
            .split_inclusive('\n')
            .take(e.line().saturating_sub(1))
            .map(str::len)
            .sum();
        let mut end = (line_start + e.column()).min(json.len());
        while !json.is_char_boundary(end) {
            end -= 1;
        }
        let mut start = end.saturating_sub(80);
        while !json.is_char_boundary(start) {
            start += 1;
        }
        Error::InvalidNorm(format!("{what}: {msg}, after `{}`", &json[start..end]))
    })
}

/// Each regulation's key, norms.toml and coverage.toml (as JSON).
pub(crate) fn embedded_norms(
) -> impl Iterator<Item = (&'static str, &'static str, &'static str, &'static str)> {
    files()
        .iter()
        .map(|e| (e.key, e.norms, e.coverage, e.provisions))
}

/// topics.toml, as JSON.
pub(crate) fn embedded_topics() -> &'static str {
    topics_json()
}

/// The keys of the embedded regulations as a phrase (`a, b and c`), for error messages: the
/// corpus, not the code, says which regulations exist.
pub(crate) fn keys_phrase() -> String {
    let keys: Vec<&str> = files().iter().map(|e| e.key).collect();
    match keys.split_last() {
        None => "no regulation".into(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

pub(crate) fn embedded_features() -> &'static str {
    features_json()
}

impl Corpus {
    /// The embedded corpus (parsed on first use).
    pub fn get() -> Result<&'static Corpus> {
        CORPUS.as_ref().map_err(Clone::clone)
    }

    /// The regulation keys in corpus order, e.g. `haidong`.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.regulations.iter().map(|r| r.meta.key.as_str())
    }

    /// The regulation with this exact key; `unknown-regulation` otherwise (see [`Corpus::resolve`]
    /// for titles and aliases).
    pub fn regulation(&self, key: &str) -> Result<&Regulation> {
        self.regulations
            .iter()
            .find(|r| r.meta.key == key)
            .ok_or_else(|| Error::UnknownRegulation {
                name: key.to_string(),
                keys: keys_phrase(),
            })
    }

    /// A corpus of these regulations (their manifests in the same order).
    pub fn new(regulations: Vec<Regulation>, manifests: Vec<Manifest>) -> Corpus {
        Corpus {
            regulations,
            manifests,
            names: std::sync::OnceLock::new(),
            citations: std::sync::OnceLock::new(),
        }
    }

    fn names(&self) -> &[Vec<String>] {
        self.names.get_or_init(|| {
            self.regulations
                .iter()
                .map(|r| {
                    let title = normalise_name(&r.meta.title);
                    let mut names = vec![r.meta.key.clone(), title.clone()];
                    names.extend(r.meta.aliases.iter().map(|a| normalise_name(a)));
                    names.push(title.trim_end_matches("（草案）").to_string());
                    // a draft is also named with 草案 written without brackets (无锡条例草案)
                    if title.ends_with("（草案）") {
                        let bare: Vec<String> = names
                            .iter()
                            .filter(|n| !n.is_ascii())
                            .map(|n| format!("{}草案", n.trim_end_matches("（草案）")))
                            .filter(|n| !n.ends_with("草案草案"))
                            .collect();
                        names.extend(bare);
                    }
                    names
                })
                .collect()
        })
    }

    /// Finds a regulation by key, title or alias (《》 and punctuation width ignored).
    pub fn resolve(&self, name: &str) -> Result<&Regulation> {
        // a key as questions give it (`dalian`) is its own normal form: nothing to build
        if let Some(r) = self.regulations.iter().find(|r| r.meta.key == name) {
            return Ok(r);
        }
        let plain = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
        let n = if !name.is_empty() && name.bytes().all(plain) {
            std::borrow::Cow::Borrowed(name)
        } else {
            let n = normalise_name(name);
            std::borrow::Cow::Owned(if n.is_ascii() { n.to_lowercase() } else { n })
        };
        if n.is_empty() {
            return Err(Error::UnknownRegulation {
                name: name.to_string(),
                keys: keys_phrase(),
            });
        }
        self.names()
            .iter()
            .position(|names| names.iter().any(|x| *x == *n))
            .map(|i| &self.regulations[i])
            .ok_or_else(|| Error::UnknownRegulation {
                name: name.to_string(),
                keys: keys_phrase(),
            })
    }

    /// Parses a citation (`dalian:24:3`) or a Chinese reference (大连条例第二十四条第三款;
    /// 第六条第（七）项 with `default_reg`) and checks that the provision exists. Item references
    /// come back with their paragraph filled in.
    pub fn parse_ref(&self, input: &str, default_reg: Option<&str>) -> Result<Ref> {
        let r = if input.contains(':') && input.is_ascii() {
            let r: Ref = input.trim().parse()?;
            self.regulation(&r.reg)?;
            r
        } else {
            let z = match crate::reference::parse_en(input) {
                Some(z) => z,
                None => parse_zh(input)?,
            };
            let reg = match (&z.reg_name, default_reg) {
                (Some(name), _) => self.resolve(name)?.meta.key.clone(),
                (None, Some(name)) => self.resolve(name)?.meta.key.clone(),
                (None, None) => return Err(Error::reference_without_regulation(input)),
            };
            Ref {
                reg,
                article: z.article,
                paragraph: z.paragraph,
                item: z.item,
            }
        };
        self.regulation(&r.reg)?.canonical(&r)
    }

    /// The provision a reference names.
    pub fn lookup(&self, r: &Ref) -> Result<Provision<'_>> {
        self.regulation(&r.reg)?.lookup(r)
    }

    /// True when the citation names an existing provision.
    pub fn exists(&self, r: &Ref) -> bool {
        self.lookup(r).is_ok()
    }

    /// Whether a citation (`dalian:24:2`) names a provision of the corpus: every answer's citations
    /// are checked with it. The canonical forms are looked up in a table built once; any other
    /// spelling (`dalian:024`) is parsed and looked up.
    pub fn cites(&self, citation: &str) -> bool {
        let table = self.citations.get_or_init(|| {
            let mut all = Vec::new();
            for r in &self.regulations {
                for a in r.articles() {
                    let art = format!("{}:{}", r.meta.key, a.number);
                    for (p, para) in a.paragraphs.iter().enumerate() {
                        let para_cite = format!("{art}:{}", p + 1);
                        all.extend(
                            para.items
                                .iter()
                                .map(|i| format!("{para_cite}:{}", i.number)),
                        );
                        all.push(para_cite);
                    }
                    all.push(art);
                }
            }
            // only what the look-up itself finds
            all.into_iter()
                .filter(|c| c.parse().is_ok_and(|r: Ref| self.exists(&r)))
                .collect()
        });
        table.contains(citation) || citation.parse().is_ok_and(|r: Ref| self.exists(&r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_bundle_holds_exactly_the_embedded_files() {
        let text: &'static str = Box::leak(
            std::fs::read_to_string(crate::embedded::DATA_BUNDLE)
                .unwrap()
                .into_boxed_str(),
        );
        let d = supplied::read(text).unwrap();
        assert_eq!(d.features, features_json());
        assert_eq!(d.topics, topics_json());
        let all = files();
        assert_eq!(d.regulations.len(), all.len());
        for (a, b) in d.regulations.iter().zip(all) {
            assert_eq!(
                (a.key, a.manifest, a.text, a.norms, a.coverage, a.provisions),
                (b.key, b.manifest, b.text, b.norms, b.coverage, b.provisions)
            );
        }
    }

    #[test]
    fn the_data_read_by_position_is_the_data_read_from_the_text() {
        use crate::intake::words::{Words, INTAKE_JSON};
        use crate::lexicon::{Lexicon, LEXICON_JSON};
        use crate::norm::{CoverageFile, FeatureCatalogue, NormFile};
        use crate::provision::{ProvisionFile, TopicCatalogue};
        fn same<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str, what: &str) {
            let a: T = serde_json::from_str(json).unwrap();
            let b: T =
                crate::data_json::by_position(json).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{what}");
        }
        for e in files() {
            same::<Manifest>(e.manifest, e.key);
            same::<Regulation>(e.text, e.key);
            same::<NormFile>(e.norms, e.key);
            same::<CoverageFile>(e.coverage, e.key);
            same::<ProvisionFile>(e.provisions, e.key);
        }
        same::<FeatureCatalogue>(features_json(), "features");
        same::<TopicCatalogue>(topics_json(), "topics");
        same::<Lexicon>(LEXICON_JSON, "lexicon");
        same::<Words>(INTAKE_JSON, "intake");
    }

    #[test]
    fn a_malformed_bundle_is_a_typed_error() {
        for bad in [
            "",
            "zhili-data 2\n",
            "zhili-data 1\nfeatures.toml 5\n{}\n",
            "zhili-data 1\nfeatures.toml x\n{}\n",
            "zhili-data 1\nfeatures.toml",
            "zhili-data 1\nk/norms.toml 2\n{}\n",
            "zhili-data 1\nk/regulation.toml 2\n{}\nk/other 2\n{}\n",
            "zhili-data 1\nfeatures.toml 2\n{}\n",
            "zhili-data 1\n中 1\n{}\n",
        ] {
            let e = supplied::read(bad)
                .err()
                .unwrap_or_else(|| panic!("{bad:?} was read"));
            assert_eq!(e.code(), "invalid-norm", "{bad:?}");
        }
    }

    #[test]
    fn embedded_data_that_does_not_fit_the_types_names_its_file_and_place() {
        let json = r#"{"norm":[{"id":"k.a","cite":"k:1","quote":"甲","bogus":1}]}"#;
        let e = read_json::<crate::norm::NormFile>(json, "k/norms.toml").unwrap_err();
        let msg = e.to_string();
        assert_eq!(e.code(), "invalid-norm");
        assert!(msg.contains("k/norms.toml: unknown field `bogus`"), "{msg}");
        assert!(
            msg.contains(r#"after `{"norm":[{"id":"k.a","cite":"k:1","quote":"甲","bogus""#),
            "{msg}"
        );
        assert!(!msg.contains(" at line "), "{msg}");
        // a multi-line text (a text.json kept as written) is placed by its line
        let e = read_json::<crate::text::Regulation>("{\n  \"meta\": 1,\n}", "k/text.json");
        let msg = e.unwrap_err().to_string();
        assert!(msg.contains("k/text.json: invalid type"), "{msg}");
        assert!(msg.ends_with("after `{\n  \"meta\": 1`"), "{msg}");
    }

    #[test]
    fn cites_exactly_the_provisions_the_look_up_finds() {
        let c = Corpus::get().unwrap();
        for r in &c.regulations {
            for a in r.articles() {
                let art = format!("{}:{}", r.meta.key, a.number);
                assert!(c.cites(&art), "{art}");
                for (p, para) in a.paragraphs.iter().enumerate() {
                    assert!(c.cites(&format!("{art}:{}", p + 1)));
                    for i in &para.items {
                        assert!(c.cites(&format!("{art}:{}:{}", p + 1, i.number)));
                    }
                }
                assert!(!c.cites(&format!("{art}:{}", a.paragraphs.len() + 1)));
            }
        }
        // other spellings are parsed and looked up
        assert!(c.cites("dalian:024"));
        assert!(!c.cites("dalian:999"));
        assert!(!c.cites("nowhere:1"));
        assert!(!c.cites("dalian"));
    }

    #[test]
    fn a_draft_is_named_with_or_without_brackets_round_its_draft_mark() {
        let c = Corpus::get().unwrap();
        for name in [
            "无锡条例草案",
            "无锡市社会治理促进条例草案",
            "《无锡市社会治理促进条例（草案）》",
            "无锡条例（草案）",
        ] {
            assert_eq!(c.resolve(name).unwrap().meta.key, "wuxi-draft", "{name}");
        }
        // a regulation that is no draft is not named by adding 草案
        assert!(c.resolve("大连条例草案").is_err());
    }
}
