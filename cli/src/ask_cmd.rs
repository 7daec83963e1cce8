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
    /// Threads answering a --jsonl batch (answers keep the input order); default: one per core.
    #[arg(long, requires = "jsonl", value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
}

/// Lines answered together: enough to share among threads, few enough to keep memory flat.
const BLOCK: usize = 4096;

/// Reads the next block of lines: one line (waiting for it), then whatever complete lines the
/// reader already holds, up to [`BLOCK`] — so a caller feeding one question at a time over a pipe
/// gets each answer at once. Empty when the input is exhausted.
fn next_block<R: Read>(reader: &mut BufReader<R>, block: &mut Vec<Vec<u8>>) -> std::io::Result<()> {
    let mut used = 0;
    loop {
        if used == block.len() {
            block.push(Vec::new());
        }
        let line = &mut block[used];
        line.clear();
        if reader.read_until(b'\n', line)? == 0 {
            break;
        }
        used += 1;
        if used == BLOCK || !reader.buffer().contains(&b'\n') {
            break;
        }
    }
    block.truncate(used);
    Ok(())
}

/// Answers lines in order into `out`, one JSON answer per non-blank line.
fn answer_lines(lines: &[Vec<u8>], opts: &AskOptions, out: &mut Vec<u8>) {
    for line in lines {
        let trimmed = line.trim_ascii();
        if !trimmed.is_empty() {
            answer_bytes(trimmed, opts).write_json(out);
            out.push(b'\n');
        }
    }
}

/// Answers a block across `threads` threads, each over a contiguous share, written in order.
fn answer_block(
    lines: &[Vec<u8>],
    opts: &AskOptions,
    threads: usize,
    outs: &mut [Vec<u8>],
) -> usize {
    let threads = threads.min(lines.len() / 64).max(1);
    if threads == 1 {
        outs[0].clear();
        answer_lines(lines, opts, &mut outs[0]);
        return 1;
    }
    let share = lines.len().div_ceil(threads);
    std::thread::scope(|s| {
        for (part, out) in lines.chunks(share).zip(outs.iter_mut()) {
            s.spawn(move || {
                out.clear();
                answer_lines(part, opts, out);
            });
        }
    });
    lines.chunks(share).len()
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
        let threads = args.threads.map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get()),
            usize::from,
        );
        let mut reader = BufReader::with_capacity(1 << 20, input);
        let mut block = Vec::new();
        let mut outs = vec![Vec::with_capacity(1 << 16); threads];
        loop {
            next_block(&mut reader, &mut block)?;
            if block.is_empty() {
                break;
            }
            let used = answer_block(&block, &opts, threads, &mut outs);
            for o in &outs[..used] {
                out.write_all(o)?;
            }
            // a caller waiting on a pipe for this block's answers gets them now
            if reader.buffer().is_empty() {
                out.flush()?;
            }
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
