//! `zhili ask`: one question (JSON) or many (`--jsonl`), from a file or stdin; one answer per line.
//! A malformed line gets an error answer and the rest still run; the exit status is non-zero only
//! for usage errors (an unreadable file).

use clap::Args;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use zhili::api::{self, AskOptions, Explain};
use zhili::question::MAX_INPUT_BYTES;
use zhili::Error;

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
/// The bytes of the lines of one block, past which it is answered without waiting for more.
const BLOCK_BYTES: usize = 16 << 20;
/// A line buffer larger than this (after a long line) is given back rather than kept for reuse.
const KEEP_LINE_CAPACITY: usize = 64 << 10;

/// One input line, without its leading and trailing ASCII whitespace (as `trim_ascii` leaves it),
/// or the length of one over the size limit, which is not kept: a line is read only up to
/// [`MAX_INPUT_BYTES`] and the rest is skipped to the next newline, so memory stays flat whatever
/// the input (`zhili ask --jsonl /dev/zero` reads on in constant memory).
#[derive(Default)]
struct Line {
    bytes: Vec<u8>,
    /// The trimmed length of a line over the limit (its bytes are then a prefix only).
    over: Option<usize>,
}

/// Reads one line into `line` (leading whitespace dropped, at most [`MAX_INPUT_BYTES`] bytes
/// kept). False at the end of the input with nothing read.
fn read_line<R: Read>(reader: &mut BufReader<R>, line: &mut Line) -> std::io::Result<bool> {
    if line.bytes.capacity() > KEEP_LINE_CAPACITY {
        line.bytes = Vec::new();
    }
    line.bytes.clear();
    line.over = None;
    let mut any = false;
    // the trimmed length so far: up to the last non-whitespace byte after the leading whitespace
    let mut len = 0usize; // bytes since the first non-whitespace byte
    let mut end = 0usize; // `len` at the last non-whitespace byte
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let newline = buf.iter().position(|&b| b == b'\n');
        let (mut chunk, used) = match newline {
            Some(i) => (&buf[..i], i + 1),
            None => (buf, buf.len()),
        };
        if len == 0 {
            // leading whitespace is not kept
            let skip = chunk
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(chunk.len());
            chunk = &chunk[skip..];
        }
        if !chunk.is_empty() {
            if let Some(last) = chunk.iter().rposition(|b| !b.is_ascii_whitespace()) {
                end = len + last + 1;
            }
            let room = MAX_INPUT_BYTES.saturating_sub(line.bytes.len());
            line.bytes
                .extend_from_slice(&chunk[..chunk.len().min(room)]);
            len += chunk.len();
        }
        reader.consume(used);
        if newline.is_some() {
            break;
        }
    }
    if end > MAX_INPUT_BYTES {
        line.over = Some(end);
    } else {
        // every byte past `end` is whitespace, and every byte up to it was kept
        line.bytes.truncate(end);
    }
    Ok(any)
}

/// Reads the next block of lines: one line (waiting for it), then whatever complete lines the
/// reader already holds, up to [`BLOCK`] lines or [`BLOCK_BYTES`] — so a caller feeding one question at a time over a pipe
/// gets each answer at once. Empty when the input is exhausted.
fn next_block<R: Read>(reader: &mut BufReader<R>, block: &mut Vec<Line>) -> std::io::Result<()> {
    let mut used = 0;
    let mut bytes = 0;
    loop {
        if used == block.len() {
            block.push(Line::default());
        }
        if !read_line(reader, &mut block[used])? {
            break;
        }
        bytes += block[used].bytes.len();
        used += 1;
        if used == BLOCK || bytes >= BLOCK_BYTES || !reader.buffer().contains(&b'\n') {
            break;
        }
    }
    block.truncate(used);
    Ok(())
}

/// Answers lines in order into `out`, one JSON answer per non-blank line.
fn answer_lines(lines: &[Line], opts: &AskOptions, out: &mut Vec<u8>) {
    for line in lines {
        if let Some(len) = line.over {
            api::too_large_answer(len, opts).write_json(out);
            out.push(b'\n');
        } else if !line.bytes.is_empty() {
            api::ask_bytes(&line.bytes, opts).write_json(out);
            out.push(b'\n');
        }
    }
}

/// Answers a block across `threads` threads, each over a contiguous share, written in order.
fn answer_block(lines: &[Line], opts: &AskOptions, threads: usize, outs: &mut [Vec<u8>]) -> usize {
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
            .take(MAX_INPUT_BYTES as u64 + 1)
            .read_to_end(&mut all)?;
        let a = api::ask_bytes(&all, &opts);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(input: &[u8]) -> String {
        let mut reader = BufReader::with_capacity(1 << 10, input);
        let mut block = Vec::new();
        let mut out = Vec::new();
        let opts = AskOptions::default();
        loop {
            next_block(&mut reader, &mut block).unwrap();
            if block.is_empty() {
                return String::from_utf8(out).unwrap();
            }
            answer_lines(&block, &opts, &mut out);
        }
    }

    #[test]
    fn a_line_over_the_limit_is_answered_as_the_core_answers_it() {
        let line = format!(
            r#"{{"id":"x","kind":"duty-of","regulation":"dalian","facts":{{"duty":"{}"}}}}"#,
            "a".repeat(MAX_INPUT_BYTES)
        );
        let core = api::ask(&line, &AskOptions::default()).to_json_line();
        assert!(core.contains("too-large"), "{core}");
        let input = format!(" \t{line}  \r\n\n{line}");
        assert_eq!(answers(input.as_bytes()), format!("{core}\n{core}\n"));
    }

    #[test]
    fn whitespace_around_a_line_does_not_count_against_the_limit() {
        let q = r#"{"id":"w","kind":"in-force","regulation":"haidong","date":"2024-01-01"}"#;
        let pad = " ".repeat(MAX_INPUT_BYTES);
        let input = format!("{pad}{q}{pad}\r\n\n   \n{q}");
        let core = api::ask(q, &AskOptions::default()).to_json_line();
        assert!(core.contains(r#""verdict":"yes""#), "{core}");
        assert_eq!(answers(input.as_bytes()), format!("{core}\n{core}\n"));
    }

    #[test]
    fn lines_at_the_limit_are_kept_whole() {
        // a question padded inside to exactly the limit is read, one byte more is too large
        let inner = |n: usize| {
            format!(
                r#"{{"id":"e",{}"kind":"in-force","regulation":"haidong","date":"2024-01-01"}}"#,
                " ".repeat(n)
            )
        };
        let base = inner(0).len();
        for (n, code) in [
            (MAX_INPUT_BYTES - base, None),
            (MAX_INPUT_BYTES - base + 1, Some("too-large")),
        ] {
            let q = inner(n);
            let got = answers(format!("{q}\n").as_bytes());
            let core = api::ask(&q, &AskOptions::default()).to_json_line();
            assert_eq!(got, format!("{core}\n"));
            assert_eq!(code.is_some(), got.contains("too-large"), "{n}");
        }
    }
}
