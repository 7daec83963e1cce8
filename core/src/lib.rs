//! zhili (治理): four Chinese local regulations on grassroots and community social governance as
//! executable, citable rules.
//!
//! ```
//! let corpus = zhili::Corpus::get().unwrap();
//! let r = corpus.parse_ref("海东条例第十五条第一款", None).unwrap();
//! assert_eq!(r.to_string(), "haidong:15:1");
//! assert!(corpus.lookup(&r).unwrap().text().starts_with("基层社会治理综合服务设施"));
//! ```
//!
//! Where to start: [`api`] is what every front end calls (questions as JSON, regulations,
//! articles, features, error codes); [`kinds`] has one typed function per question kind;
//! [`Corpus`] holds the canonical texts ([`text`]) and resolves references ([`mod@reference`]);
//! [`norm`] is the rules-as-code data the evaluators ([`evaluate`]) run on; [`Question`] and
//! [`Answer`] are the JSON contract of spec QUERIES.md; every failure is an [`Error`] with a
//! stable code. [`ingest`] and [`akn`] turn raw texts and Akoma Ntoso XML into a [`Regulation`]
//! (and back, for AKN); [`coverage`] reports which normative sentences the data accounts for.

#![warn(missing_docs)]

pub mod actor;
pub mod akn;
pub mod answer;
pub mod api;
pub(crate) mod corpus;
pub mod coverage;
#[cfg_attr(feature = "embed", allow(dead_code))]
pub(crate) mod data_json;
pub mod embedded;
pub(crate) mod error;
pub mod evaluate;
pub(crate) mod explain;
pub mod ingest;
pub mod intake;
pub mod kinds;
pub(crate) mod lexicon;
pub mod norm;
pub mod numeral;
pub(crate) mod pairs;
pub mod provision;
pub mod question;
pub mod reference;
pub(crate) mod search;
pub(crate) mod sort;
pub mod text;
pub mod tri;

pub use answer::Answer;
pub use corpus::Corpus;
pub use embedded::{answer, ask_json, ask_value};
pub use error::{Error, Result};
pub use question::Question;
pub use reference::Ref;
pub use text::Regulation;

/// The Rust guide's examples run as doctests, so the guide cannot drift from the API.
#[doc = include_str!("../../docs/guide-rust.md")]
#[cfg(doctest)]
pub struct GuideRustExamples;

/// The getting-started page's examples run as doctests too.
#[doc = include_str!("../../docs/getting-started-rust.md")]
#[cfg(doctest)]
pub struct GettingStartedRustExamples;
