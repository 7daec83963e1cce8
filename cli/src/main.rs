//! `zhili`: the command-line front end. It only converts between the terminal and the core.

/// Prints a line to stdout, an `io::Result` for the caller to check with `?` (a full disk is an
/// `error[io]`; a closed pipe, as in `zhili article … | head -1`, ends the output quietly).
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)
    }};
}

mod alloc;
/// Prints a value as pretty JSON on stdout, checked like [`outln!`].
fn outjson(v: &impl serde::Serialize) -> std::io::Result<()> {
    outln!("{}", serde_json::to_string_pretty(v).expect("serialisable"))
}

mod ask_cmd;
mod export_cmd;
mod ingest_cmd;
mod serve_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use zhili::Corpus;

#[derive(Parser)]
#[command(
    name = "zhili",
    version,
    about = "Chinese local regulations on grassroots social governance, as executable, citable rules"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Answer questions (JSON as in spec QUERIES.md): one, or one per line with --jsonl.
    Ask(ask_cmd::AskArgs),
    /// Run the HTTP JSON service (POST /v1/ask, GET /v1/…; docs/guide-http.md).
    Serve(serve_cmd::ServeArgs),
    /// Export a regulation as Akoma Ntoso 3.0 XML (--format akn) or its JSON structure.
    Export(export_cmd::ExportArgs),
    /// Re-derive the canonical texts from the raw sources in `regulations/<key>/source/`.
    Ingest(ingest_cmd::IngestArgs),
    /// Print the clean text of an article, paragraph or item (haidong:23:2, 大连条例第二十四条第三款).
    Article {
        /// The reference; a Chinese reference without a regulation name needs --regulation.
        reference: String,
        /// The regulation for a Chinese reference that names none (e.g. 第六条第（七）项).
        #[arg(long)]
        regulation: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Which normative sentences the encoding accounts for (norm, provision, non-operative, open).
    Coverage {
        #[arg(long)]
        json: bool,
        /// Only this regulation.
        #[arg(long)]
        only: Option<String>,
        /// List the sentences not yet accounted for.
        #[arg(long)]
        open: bool,
    },
    /// List the regulations with their status, effective date and structure counts.
    Regulations {
        #[arg(long)]
        json: bool,
    },
    /// List what `compare` answers on: the comparison features, then the topics of the provisions.
    Features {
        #[arg(long)]
        json: bool,
    },
    /// The topics other regulations regulate and this one does not (missing), and the reverse
    /// (extra), each with citations: e.g. `zhili gaps wuxi-draft --against dalian,xinyang`.
    Gaps {
        /// The regulation reviewed (key, title or alias).
        regulation: String,
        /// The regulations to compare it with, comma-separated (default: all the others).
        #[arg(long, value_delimiter = ',')]
        against: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// The paragraphs and items that contain every word of a query, best first: e.g.
    /// `zhili search "网格 经费"` or `zhili search 志愿服务 --regulation dalian --json`.
    Search {
        /// Words separated by spaces (Chinese text, a topic id or name, English words).
        query: String,
        /// Only this regulation (key, title or alias).
        #[arg(long)]
        regulation: Option<String>,
        /// The most hits to print.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
}

/// Why a command failed: the core's typed error (`error[code]`, exit 1), a failed read or write
/// (`error[io]`, exit 2; a closed stdout ends the output quietly instead), or the service failing to
/// start or run (`error[serve]`, exit 2).
pub enum Failure {
    Core(zhili::Error),
    Io(std::io::Error),
    Serve(std::io::Error),
}

impl From<zhili::Error> for Failure {
    fn from(e: zhili::Error) -> Self {
        Failure::Core(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

/// Writes everything still buffered for stdout, so that a failed write is reported, not lost at exit.
fn flush_stdout() -> std::io::Result<()> {
    use std::io::Write as _;
    std::io::stdout().lock().flush()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command).and_then(|code| {
        flush_stdout()?;
        Ok(code)
    }) {
        Ok(code) => code,
        Err(Failure::Core(e)) => {
            eprintln!("error[{}]: {e}", e.code());
            ExitCode::from(1)
        }
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("error[io]: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Serve(e)) => {
            eprintln!("error[serve]: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cmd: Command) -> Result<ExitCode, Failure> {
    match cmd {
        Command::Ask(args) => {
            ask_cmd::run(args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(args) => {
            serve_cmd::run(args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Ingest(args) => ingest_cmd::run(args),
        Command::Export(args) => export_cmd::run(args),
        Command::Article {
            reference,
            regulation,
            json,
        } => {
            let view = zhili::api::article(&reference, regulation.as_deref())?;
            if json {
                outjson(&view)?;
            } else {
                outln!("{}", view.reference_zh)?;
                outln!("{}", view.text)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Coverage { json, only, open } => {
            let corpus = Corpus::get()?;
            let base = zhili::norm::NormBase::get()?;
            let mut reports = Vec::new();
            for r in corpus
                .regulations
                .iter()
                .filter(|r| only.as_ref().is_none_or(|o| *o == r.meta.key))
            {
                let file = base.file(&r.meta.key).ok_or_else(|| {
                    zhili::Error::InvalidNorm(format!("no norms for {}", r.meta.key))
                })?;
                reports.push(zhili::coverage::coverage(r, file));
            }
            if json {
                outjson(&reports)?;
            } else {
                for r in &reports {
                    outln!(
                        "{:<11} {} normative sentences: {} norm, {} provision, {} non-operative, {} open; {} without a provision",
                        r.regulation, r.sentences, r.norm, r.provision, r.non_operative, r.open, r.without_provision
                    )?;
                    if open {
                        for s in r
                            .detail
                            .iter()
                            .filter(|s| s.status == zhili::coverage::Status::Open)
                        {
                            outln!("  {}  {}", s.cite, s.text)?;
                        }
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Regulations { json } => {
            let rows = zhili::api::regulations()?;
            if json {
                outjson(&rows)?;
            } else {
                for r in &rows {
                    outln!(
                        "{:<11} {}  {}  effective {}  {} chapters, {} articles, {} paragraphs, {} items",
                        r.key,
                        r.title,
                        r.status,
                        r.effective.map_or("none".to_string(), |d| d.to_string()),
                        r.chapters,
                        r.articles,
                        r.paragraphs,
                        r.items
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Features { json } => {
            let rows = zhili::api::features()?;
            if json {
                outjson(&rows)?;
            } else {
                for f in &rows {
                    outln!("{:<8} {:<14} {:<34} {}", f.kind, f.group, f.id, f.zh)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            query,
            regulation,
            limit,
            json,
        } => {
            let hits = zhili::api::search(&query, regulation.as_deref(), limit)?;
            if json {
                outjson(&hits)?;
            } else {
                for h in &hits {
                    outln!(
                        "{}  {}  {}",
                        h.citation,
                        h.reference_zh,
                        h.text.replace('\n', " ")
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Gaps {
            regulation,
            against,
            json,
        } => {
            let gaps = zhili::api::gaps(&regulation, &against)?;
            if json {
                outjson(&gaps)?;
            } else {
                outln!(
                    "{} against {}: {} topics missing, {} extra",
                    gaps.regulation,
                    gaps.against.join(", "),
                    gaps.missing.len(),
                    gaps.extra.len()
                )?;
                for (label, list) in [("missing", &gaps.missing), ("extra", &gaps.extra)] {
                    for t in list {
                        outln!(
                            "{label:<8} {:<30} {}  {}",
                            t.topic,
                            t.zh,
                            t.citations.join(" ")
                        )?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
