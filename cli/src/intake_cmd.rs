//! `zhili intake`: a question in Chinese words → the structured question (spec QUERIES.md), with
//! what was recognised and what it still needs; `--jsonl` reads lines `{"id","question_zh"}` and
//! writes one structured question per line (ready for `zhili ask --jsonl`); `--ask` answers too.

use clap::Args;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use zhili::api::{self, AskOptions, Explain};

#[derive(Args)]
pub struct IntakeArgs {
    /// The question in Chinese (one question); without it, or with --jsonl, the input is read.
    text: Option<String>,
    /// Read lines `{"id": …, "question_zh": …}` from FILE (`-` for standard input) and write one
    /// structured question per line.
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    jsonl: Option<PathBuf>,
    /// Answer the structured question too.
    #[arg(long)]
    ask: bool,
    /// How much reasoning an answer carries (with --ask): full, summary or none.
    #[arg(long, default_value = "summary", value_parser = parse_explain)]
    explain: Explain,
}

fn parse_explain(s: &str) -> Result<Explain, String> {
    s.parse().map_err(|e: zhili::Error| e.to_string())
}

fn error_json(e: &zhili::Error) -> Value {
    json!({"code": e.code(), "message": e.to_string()})
}

pub fn run(args: IntakeArgs) -> Result<std::process::ExitCode, crate::Failure> {
    let opts = AskOptions {
        explain: args.explain,
    };
    if let Some(file) = &args.jsonl {
        let input: Box<dyn Read> = if file.as_os_str() == "-" {
            Box::new(std::io::stdin())
        } else {
            Box::new(std::fs::File::open(file)?)
        };
        for line in BufReader::new(input).lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let out = one_line(&line, args.ask, &opts);
            outln!("{}", serde_json::to_string(&out).expect("serialisable"))?;
        }
        return Ok(std::process::ExitCode::SUCCESS);
    }
    let text = match args.text {
        Some(t) => t,
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s.trim_end_matches(['\n', '\r']).to_string()
        }
    };
    if args.ask {
        let (intake, answer) = api::intake_and_ask(&text, &opts)?;
        crate::outjson(&json!({"intake": intake, "answer": answer}))?;
    } else {
        crate::outjson(&api::intake(&text)?)?;
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// One line of a --jsonl batch: the structured question (with --ask, `{"question", "needs",
/// "answer"}`); a line that cannot be read gets `{"id", "error"}` and the batch goes on.
fn one_line(line: &str, ask: bool, opts: &AskOptions) -> Value {
    let v: Value = match api::parse_json(line) {
        Ok(v) => v,
        Err(e) => {
            return json!({"id": zhili::question::Echo::of_text(line).id, "error": error_json(&e)})
        }
    };
    let id = v
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let Some(text) = v.get("question_zh").and_then(Value::as_str) else {
        let e = zhili::Error::MissingFact("question_zh".into());
        return json!({"id": id, "error": error_json(&e)});
    };
    let result = if ask {
        api::intake_and_ask(text, opts).map(|(i, a)| {
            let i = zhili::intake::with_id(i, &id);
            let answer = a.map(|mut a| {
                a.id = id.clone();
                a
            });
            json!({"question": i.question, "needs": i.needs, "answer": answer})
        })
    } else {
        zhili::intake::read(text).map(|i| zhili::intake::with_id(i, &id).question)
    };
    result.unwrap_or_else(|e| json!({"id": id, "error": error_json(&e)}))
}
