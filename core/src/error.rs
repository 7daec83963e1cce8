//! The one error type of the library. Every variant has a stable, kebab-case code that the CLI, the
//! Python and the WASM front ends expose unchanged (see docs/errors.md).

use thiserror::Error;

/// Everything that can go wrong when asking the library something.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Error {
    /// The input is not JSON at all (or not UTF-8, or nested too deeply).
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    /// The JSON is well-formed but is not a question of the documented shape.
    #[error("invalid question: {0}")]
    InvalidQuestion(String),
    /// `kind` names no question kind the library answers.
    #[error("unknown question kind `{0}`")]
    UnknownKind(String),
    /// The regulation key or Chinese name is not in the corpus.
    #[error("unknown regulation `{name}`: the corpus holds {keys}")]
    UnknownRegulation {
        /// The name as given.
        name: String,
        /// The keys the corpus holds, as a phrase (`a, b and c`).
        keys: String,
    },
    /// The reference names an article, paragraph or item the regulation does not have.
    #[error("{reference} does not exist: {detail}")]
    UnknownArticle {
        /// The reference as given or parsed, e.g. `haidong:99`.
        reference: String,
        /// What the regulation does have, e.g. `海东市基层社会治理促进条例 has 52 articles`.
        detail: String,
    },
    /// A reference that cannot be read, and why.
    #[error("cannot read reference `{reference}`: {reason}")]
    InvalidReference {
        /// The reference as given (its first 80 characters).
        reference: String,
        /// Why it cannot be read.
        reason: &'static str,
    },
    /// A date that is not a real calendar day in `YYYY-MM-DD` form.
    #[error("invalid date `{0}`: expected an existing day as YYYY-MM-DD")]
    InvalidDate(String),
    /// A fact with the wrong type or an out-of-range value.
    #[error("invalid fact `{key}`: {detail}")]
    InvalidFact {
        /// The fact's key, e.g. `households`.
        key: String,
        /// What is wrong with its value.
        detail: String,
    },
    /// A fact key the question kind does not know (reported, never silently ignored).
    #[error("unknown fact `{0}` for this question kind")]
    UnknownFact(String),
    /// A fact the question kind cannot be answered without.
    #[error("missing fact `{0}`")]
    MissingFact(String),
    /// The words of a `feature` fact match no comparable feature with confidence; the closest ones
    /// are listed (`zh (id)`), best first.
    #[error(
        "`{query}` matches no comparable feature with confidence; closest: {}",
        closest_text(closest)
    )]
    UnknownFeature {
        /// The `feature` fact as given (its first 80 characters).
        query: String,
        /// Up to five near catalogue features as `zh (id)`, best first; possibly none.
        closest: Vec<String>,
    },
    /// The input exceeds a documented size limit.
    #[error("input too large: {0}")]
    TooLarge(String),
    /// A raw regulation text that cannot be ingested faithfully.
    #[error("ingestion of `{source_name}` failed: {detail}")]
    Ingest {
        /// The source file (or, when no single file is at fault, the regulation's key).
        source_name: String,
        /// What could not be ingested, and where.
        detail: String,
    },
    /// A data defect found when the data loads: norm, provision, feature, topic or lexicon data
    /// that does not fit its schema or does not agree with the canonical text.
    #[error("norm data invalid: {0}")]
    InvalidNorm(String),
    /// A data defect found while answering: the data loaded, but an answer would cite a provision
    /// that does not exist, or a regulation has no norms or no entry for a feature. The same code
    /// as [`Error::InvalidNorm`] (both are build defects); a different variant for Rust callers.
    #[error("norm data invalid: {0}")]
    Inconsistent(String),
}

/// The error catalogue, the one definition of every code: its variants, the code and its meaning.
/// [`Error::code`], [`Error::CODES`], [`Error::CATALOGUE`] and [`Error::meaning`] are generated
/// from it; `api::error_catalogue()` serves it to the front ends, and the HTTP service's OpenAPI
/// document and `GET /v1/errors` are built from that. A variant missing here does not compile.
macro_rules! catalogue {
    ($($code:literal => $meaning:literal: $($variant:ident)|+;)*) => {
        impl Error {
            /// The stable machine-readable code of this error.
            pub fn code(&self) -> &'static str {
                match self {
                    $($(Error::$variant { .. })|+ => $code,)*
                }
            }

            /// Every code with its one-line meaning, in catalogue order (documented in
            /// docs/errors.md; the bindings map each code).
            pub const CATALOGUE: &'static [(&'static str, &'static str)] = &[$(($code, $meaning)),*];

            /// Every code, in catalogue order.
            pub const CODES: &'static [&'static str] = &[$($code),*];
        }
    };
}

catalogue! {
    "invalid-json" => "the input is not JSON, not UTF-8, empty, or nested too deeply": InvalidJson;
    "invalid-question" => "JSON, but not a question of the documented shape, or self-contradictory":
        InvalidQuestion;
    "unknown-kind" => "`kind` names no question kind": UnknownKind;
    "unknown-regulation" => "a regulation key or name that is not in the corpus": UnknownRegulation;
    "unknown-article" => "a provision (article, paragraph or item) the regulation does not have":
        UnknownArticle;
    "invalid-reference" => "a reference that cannot be parsed, or that names no regulation":
        InvalidReference;
    "invalid-date" => "not YYYY-MM-DD, or not a day of the calendar": InvalidDate;
    "invalid-fact" => "a fact of the wrong type or out of range": InvalidFact;
    "unknown-fact" => "a fact key the question kind does not know": UnknownFact;
    "missing-fact" => "a fact the question kind cannot be answered without": MissingFact;
    "unknown-feature" => "a compare `feature` whose words match no comparable feature with confidence":
        UnknownFeature;
    "too-large" => "an input over a documented size limit": TooLarge;
    "ingest-failed" => "a raw text that cannot be ingested faithfully": Ingest;
    "invalid-norm" => "the embedded norm data is inconsistent with the text (a build defect)":
        InvalidNorm | Inconsistent;
}

impl Error {
    /// The one-line meaning of a code of [`Error::CODES`] (empty for an unknown code).
    pub fn meaning(code: &str) -> &'static str {
        Error::CATALOGUE
            .iter()
            .find(|(c, _)| *c == code)
            .map_or("", |(_, m)| m)
    }
}

impl Error {
    /// Input bytes that are not UTF-8 (JSON text must be).
    pub fn not_utf8(e: std::str::Utf8Error) -> Error {
        Error::InvalidJson(format!("not UTF-8: {e}"))
    }

    /// A reference that does not parse: neither a citation (`<key>:23:2`) nor a Chinese or
    /// English-style reference.
    pub(crate) fn unparsable_reference(input: &str) -> Error {
        Error::InvalidReference {
            reference: first_chars(input, 80),
            reason: "expected a citation such as <key>:23:2, or a reference such as 第二十三条第二款 or Article 23(2)",
        }
    }

    /// A reference that parses but names no regulation, and no default regulation was given.
    pub(crate) fn reference_without_regulation(input: &str) -> Error {
        Error::InvalidReference {
            reference: first_chars(input, 80),
            reason: "it names no regulation; name one (<city>条例第二十三条, <key>:23) or give the regulation",
        }
    }
}

/// The first `n` characters of `s`, with `…` when it is longer.
fn first_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn closest_text(closest: &[String]) -> String {
    if closest.is_empty() {
        "none is close (the catalogue is regulations/features.toml)".into()
    } else {
        closest.join("; ")
    }
}

/// The library's result type: `Result<T>` fails with [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn the_catalogue_has_each_code_once_with_a_meaning() {
        assert_eq!(Error::CODES.len(), Error::CATALOGUE.len());
        for (i, (code, meaning)) in Error::CATALOGUE.iter().enumerate() {
            assert_eq!(Error::CODES[i], *code);
            assert!(!Error::CODES[..i].contains(code), "{code} twice");
            assert_eq!(Error::meaning(code), *meaning);
            assert!(!meaning.is_empty(), "{code}");
        }
        assert_eq!(Error::meaning("no-such-code"), "");
        // the two data-defect variants share their code and their message
        let (load, answer) = (
            Error::InvalidNorm("x".into()),
            Error::Inconsistent("x".into()),
        );
        assert_eq!(load.code(), answer.code());
        assert_eq!(load.to_string(), answer.to_string());
    }

    #[test]
    fn unknown_regulation_names_the_corpus_keys() {
        let corpus = crate::Corpus::get().unwrap();
        let msg = corpus.resolve("hangzhou").unwrap_err().to_string();
        assert!(corpus.keys().count() > 0);
        for k in corpus.keys() {
            assert!(msg.contains(k), "{msg}");
        }
    }
}
