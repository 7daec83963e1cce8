//! WebAssembly bindings of zhili: a thin layer over [`zhili::api`] for the npm package
//! `zhili-wasm`. No legal logic lives here or in the package's JavaScript: every answer, text and
//! comparison comes from the core.
//!
//! Every function takes and returns JSON text. The package's JavaScript wrapper (`js/zhili.js`)
//! turns the text into plain objects with `JSON.parse`, which is both smaller and faster than
//! building objects through serde-wasm-bindgen (measured in docs/performance.md). A failure is
//! thrown as the JSON text of `{"code", "message"}`; the wrapper rethrows it as a `ZhiliError`
//! whose `code` is one of [`zhili::api::error_catalogue`].

use serde::Serialize;
use wasm_bindgen::prelude::*;
use zhili::api::{self, AskOptions, Explain};
use zhili::{Answer, Error};

/// The JSON text of an error, as the JavaScript wrapper expects it.
pub fn error_json(e: &Error) -> String {
    serde_json::json!({ "code": e.code(), "message": e.to_string() }).to_string()
}

fn fail(e: &Error) -> JsValue {
    JsValue::from_str(&error_json(e))
}

fn to_json<T: Serialize + ?Sized>(v: &T) -> String {
    // Every value here is built from the core's own serialisable types: serialising cannot fail.
    serde_json::to_string(v).expect("values of the core serialise")
}

/// The options of an `explain` level name (`full`, `summary`, `none`; absent = `full`).
pub fn options(explain: Option<String>) -> Result<AskOptions, Error> {
    Ok(AskOptions {
        explain: match explain.as_deref() {
            None | Some("") => Explain::Full,
            Some(s) => s.parse()?,
        },
    })
}

/// Gives the module its data: the bytes of the data bundle (pkg/zhili_data.txt, UTF-8), once,
/// before anything else is called. Throws `invalid-norm` when they are not a bundle or data was
/// already given.
#[wasm_bindgen(js_name = supplyData)]
pub fn supply_data(bundle: Vec<u8>) -> Result<(), JsValue> {
    supply(bundle).map_err(|e| fail(&e))
}

/// [`supply_data`] without the JavaScript types.
pub fn supply(bundle: Vec<u8>) -> Result<(), Error> {
    let text = String::from_utf8(bundle)
        .map_err(|_| Error::InvalidNorm("data bundle: not UTF-8 text".into()))?;
    zhili::embedded::supply(text)
}

/// Answers one question (its JSON text). Bad questions give an error answer (with `error.code`),
/// not a throw; only a bad `explain` level throws.
#[wasm_bindgen(js_name = askJson)]
pub fn ask_json(question: &str, explain: Option<String>) -> Result<String, JsValue> {
    let opts = options(explain).map_err(|e| fail(&e))?;
    Ok(api::ask(question, &opts).to_json_line())
}

/// Answers many questions (each its JSON text): a JSON array with one answer per question, in
/// order; a bad question gets an error answer in its place.
#[wasm_bindgen(js_name = askManyJson)]
pub fn ask_many_json(questions: Vec<String>, explain: Option<String>) -> Result<String, JsValue> {
    let opts = options(explain).map_err(|e| fail(&e))?;
    Ok(many(&questions, &opts))
}

/// The JSON array of the answers to `questions`.
pub fn many(questions: &[String], opts: &AskOptions) -> String {
    let answers: Vec<Answer> = api::ask_many(questions.iter().map(String::as_str), opts);
    to_json(&answers)
}

/// A provision by citation (`dalian:24:3`), Chinese reference (大连条例第二十四条第三款) or
/// English-style reference; `regulation` is the default for a reference that names none.
#[wasm_bindgen(js_name = articleJson)]
pub fn article_json(reference: &str, regulation: Option<String>) -> Result<String, JsValue> {
    api::article(reference, regulation.as_deref())
        .map(|v| to_json(&v))
        .map_err(|e| fail(&e))
}

/// Every regulation: keys, titles, status, dates, counts.
#[wasm_bindgen(js_name = regulationsJson)]
pub fn regulations_json() -> Result<String, JsValue> {
    api::regulations()
        .map(|v| to_json(&v))
        .map_err(|e| fail(&e))
}

/// The whole structure of one regulation (by key, title or alias): chapters → articles →
/// paragraphs → items, with its metadata.
#[wasm_bindgen(js_name = textJson)]
pub fn text_json(regulation: &str) -> Result<String, JsValue> {
    api::structure(regulation)
        .map(to_json)
        .map_err(|e| fail(&e))
}

/// The feature catalogue.
#[wasm_bindgen(js_name = featuresJson)]
pub fn features_json() -> Result<String, JsValue> {
    api::features().map(|v| to_json(&v)).map_err(|e| fail(&e))
}

/// The gaps of a regulation against others (comma-separated keys; empty for all the others).
#[wasm_bindgen(js_name = gapsJson)]
pub fn gaps_json(regulation: &str, against: Option<String>) -> Result<String, JsValue> {
    let against: Vec<String> = against
        .iter()
        .flat_map(|a| a.split(','))
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect();
    api::gaps(regulation, &against)
        .map(|g| to_json(&g))
        .map_err(|e| fail(&e))
}

/// A question written in Chinese read into the structured question: `{question, recognised,
/// unresolved, needs}`, and `answer` (null when the kind or regulation could not be read) when
/// `ask` is true.
#[wasm_bindgen(js_name = intakeJson)]
pub fn intake_json(
    words: &str,
    ask: bool,
    explain: Option<String>,
    id: Option<String>,
) -> Result<String, JsValue> {
    intake(words, ask, explain, id.as_deref().unwrap_or_default())
        .map(|v| to_json(&v))
        .map_err(|e| fail(&e))
}

/// [`intake_json`] without the JavaScript types, for native tests.
pub fn intake(
    words: &str,
    ask: bool,
    explain: Option<String>,
    id: &str,
) -> Result<serde_json::Value, Error> {
    let opts = options(explain)?;
    let (read, answer) = if ask {
        api::intake_and_ask(words, &opts)?
    } else {
        (api::intake(words)?, None)
    };
    let mut v = serde_json::to_value(zhili::intake::with_id(read, id)).expect("serialisable");
    if ask {
        let answer = answer.map(|mut a| {
            a.id = id.to_string();
            a
        });
        v["answer"] = serde_json::to_value(answer).expect("serialisable");
    }
    Ok(v)
}

/// Which regulations have a feature (by id, Chinese name or alias): a `compare` answer.
#[wasm_bindgen(js_name = compareJson)]
pub fn compare_json(feature: &str, explain: Option<String>) -> Result<String, JsValue> {
    let opts = options(explain).map_err(|e| fail(&e))?;
    api::compare(feature, &opts)
        .map(|a| a.to_json_line())
        .map_err(|e| fail(&e))
}

/// Whether a regulation is in force on a date (`YYYY-MM-DD`): an `in-force` answer.
#[wasm_bindgen(js_name = inForceJson)]
pub fn in_force_json(
    regulation: &str,
    date: &str,
    explain: Option<String>,
) -> Result<String, JsValue> {
    in_force(regulation, date, explain)
        .map(|a| a.to_json_line())
        .map_err(|e| fail(&e))
}

/// [`in_force_json`] without the JavaScript types, for native tests.
pub fn in_force(regulation: &str, date: &str, explain: Option<String>) -> Result<Answer, Error> {
    let opts = options(explain)?;
    let date = zhili::question::parse_date(date)?;
    api::in_force(regulation, date, &opts)
}

/// Every error code with its meaning (docs/errors.md).
#[wasm_bindgen(js_name = errorCatalogueJson)]
pub fn error_catalogue_json() -> String {
    to_json(&api::error_catalogue())
}

/// A number in Chinese numerals as the texts write it (23 → 二十三), for headings such as 第二十三条.
#[wasm_bindgen(js_name = chineseNumeral)]
pub fn chinese_numeral(n: u32) -> Result<String, JsValue> {
    zhili::numeral::format(n).ok_or_else(|| {
        fail(&Error::InvalidQuestion(format!(
            "{n} has no Chinese numeral form here"
        )))
    })
}

/// The version of the core the package was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The data, from the bundle core/build.rs wrote, when this build does not embed it.
    fn data() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let bundle = std::fs::read(zhili::embedded::DATA_BUNDLE).unwrap();
            // refused by a build that embeds its data (features unified with another crate's)
            let _ = supply(bundle);
        });
    }

    #[test]
    fn a_bundle_is_given_once_and_checked() {
        data();
        assert_eq!(
            supply(b"zhili-data 1\n".to_vec()).unwrap_err().code(),
            "invalid-norm"
        );
        assert_eq!(supply(vec![0xff]).unwrap_err().code(), "invalid-norm");
        assert_eq!(api::regulations().unwrap().len(), 4);
    }

    #[test]
    fn explain_levels_and_bad_ones() {
        assert_eq!(options(None).unwrap().explain, Explain::Full);
        assert_eq!(options(Some("none".into())).unwrap().explain, Explain::None);
        assert_eq!(
            options(Some("chatty".into())).unwrap_err().code(),
            "invalid-question"
        );
    }

    #[test]
    fn many_keeps_order_and_error_answers() {
        data();
        let qs = vec![
            r#"{"id":"a","kind":"in-force","regulation":"haidong","date":"2024-01-01","facts":{}}"#
                .to_string(),
            "not json".to_string(),
        ];
        let v: serde_json::Value =
            serde_json::from_str(&many(&qs, &AskOptions::default())).unwrap();
        assert_eq!(v[0]["id"], "a");
        assert_eq!(v[0]["verdict"], "yes");
        assert_eq!(v[1]["error"]["code"], "invalid-json");
    }

    #[test]
    fn in_force_checks_the_date_strictly() {
        data();
        assert_eq!(
            in_force("haidong", "2024-1-5", None).unwrap_err().code(),
            "invalid-date"
        );
        assert_eq!(
            in_force("wuxi-draft", "2030-01-01", None).unwrap().verdict,
            "no"
        );
        let e: serde_json::Value =
            serde_json::from_str(&error_json(&Error::UnknownKind("x".into()))).unwrap();
        assert_eq!(e["code"], "unknown-kind");
    }
}
