//! The embedded data (the corpus and norm store compiled into the crate) as the evaluators'
//! default context: what the facade (`api`), the typed kinds and the crate-root functions
//! ([`crate::answer`], [`crate::ask_json`], [`crate::ask_value`]) answer from.

use crate::answer::Answer;
use crate::corpus::Corpus;
use crate::error::Result;
use crate::evaluate::{Context, DutyIndexes};
use crate::explain::Explain;
use crate::norm::NormBase;
use crate::question::{Echo, Question};
use serde_json::Value;
use std::sync::LazyLock;

/// The duty indexes of the embedded data, each built on its first duty-of question.
static INDEXES: LazyLock<Option<DutyIndexes<'static>>> = LazyLock::new(|| {
    let (corpus, base) = data().ok()?;
    Some(DutyIndexes::new(corpus, base))
});

/// The embedded corpus and its norm store, loaded and checked on first use.
pub fn data() -> Result<(&'static Corpus, &'static NormBase)> {
    Ok((Corpus::get()?, NormBase::get()?))
}

/// The context of the embedded data at an explanation level, with its duty indexes kept between
/// questions.
pub fn context(explain: Explain) -> Result<Context<'static>> {
    let (corpus, base) = data()?;
    let ctx = Context::new(corpus, base, explain);
    Ok(match INDEXES.as_ref() {
        Some(i) => ctx.with_indexes(i),
        None => ctx,
    })
}

/// Gives a build without the `embed` feature (the WebAssembly package) its data: the text of the
/// bundle core/build.rs writes (`zhili-data.txt`, [`DATA_BUNDLE`]), before the first question.
/// `invalid-norm` when it is not such a bundle or data was already supplied or asked for; whether
/// the data itself is sound is checked when it loads, as for embedded data. A build with `embed`
/// (the default) has its data compiled in and refuses any other (`invalid-norm`).
pub fn supply(bundle: String) -> Result<()> {
    if cfg!(feature = "embed") {
        return Err(crate::Error::InvalidNorm(
            "this build embeds its data (feature `embed`): none is supplied".into(),
        ));
    }
    crate::corpus::supplied::supply(bundle)
}

/// Where core/build.rs wrote the data bundle on the machine that built this crate (a build-time
/// path: for build scripts and tests on that machine, e.g. the WebAssembly package's build).
pub const DATA_BUNDLE: &str = concat!(env!("OUT_DIR"), "/zhili-data.txt");

/// Answers a typed question from the embedded data, with the full explanation.
pub fn answer(q: &Question) -> Result<Answer> {
    crate::evaluate::answer(&context(Explain::Full)?, q)
}

/// Answers a question given as JSON text from the embedded data, with the full explanation.
/// Never fails: a malformed question gets an error answer.
pub fn ask_json(input: &str) -> Answer {
    match context(Explain::Full) {
        Ok(ctx) => crate::evaluate::ask_json(&ctx, input),
        Err(e) => crate::evaluate::error_answer(None, Echo::of_text(input), &e),
    }
}

/// Answers a question given as a JSON value from the embedded data, with the full explanation.
pub fn ask_value(value: &Value) -> Answer {
    match context(Explain::Full) {
        Ok(ctx) => crate::evaluate::ask_value(&ctx, value),
        Err(e) => crate::evaluate::error_answer(None, Echo::of_value(value), &e),
    }
}
