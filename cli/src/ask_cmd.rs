//! `zhili ask`: one question (JSON) or many (`--jsonl`), from a file or stdin; one answer per line.
//! A malformed line gets an error answer and the rest still run; the exit status is non-zero only
//! for usage errors (an unreadable file).

use clap::Args;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use zhili::api::{self, AskOptions, Explain};
use zhili::{Answer, Error};

#[derive(Args)]
pub struct AskArgs {
    /// A file of questions; `-` or nothing reads standard input.
    file: Option<PathBuf>,
    /// One question per line (JSON Lines); without it the whole input is one question.
    #[arg(long)]
    jsonl: bool,
    /// Pretty-print (single question only).
    #[arg(long, conflicts_with = "jsonl")]
    pretty: bool,
    /// How much reasoning each answer carries: full (every step), summary, or none. The verdict,
    /// conditions and citations are the same at every level.
    #[arg(long, default_value = "full", value_parser = parse_explain)]
    explain: Explain,
}

fn parse_explain(s: &str) -> Result<Explain, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

fn answer_bytes(bytes: &[u8], opts: &AskOptions) -> Answer {
    match std::str::from_utf8(bytes) {
        Ok(s) => api::ask(s, opts),
        Err(e) => Answer::from_error("", &Error::InvalidJson(format!("not UTF-8: {e}")))
            .with_explain(opts.explain),
    }
}

pub fn run(args: AskArgs) -> std::io::Result<()> {
    let input: Box<dyn Read> = match &args.file {
        Some(p) if p.as_os_str() != "-" => Box::new(std::fs::File::open(p)?),
        _ => Box::new(std::io::stdin()),
    };
    let opts = AskOptions {
        explain: args.explain,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    if args.jsonl {
        let mut reader = BufReader::new(input);
        let mut line = Vec::new();
        let mut answer = Vec::with_capacity(4096);
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            let trimmed = line.trim_ascii();
            if trimmed.is_empty() {
                continue;
            }
            answer.clear();
            answer_bytes(trimmed, &opts).write_json(&mut answer);
            answer.push(b'\n');
            out.write_all(&answer)?;
        }
    } else {
        let mut all = Vec::new();
        input
            .take(zhili::question::MAX_INPUT_BYTES as u64 + 1)
            .read_to_end(&mut all)?;
        let a = answer_bytes(&all, &opts);
        if args.pretty {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&a).expect("answers serialise")
            )?;
        } else {
            writeln!(out, "{}", a.to_json_line())?;
        }
    }
    out.flush()
}
