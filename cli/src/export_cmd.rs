//! `zhili export`: one regulation's canonical text as Akoma Ntoso 3.0 XML (`--format akn`, the
//! default) or as the JSON structure (`--format json`, the same as text.json), to standard output
//! or a file.

use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use zhili::{Error, Result};

/// The formats `zhili export` writes.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Akoma Ntoso 3.0 (OASIS LegalDocML): an `<act>`, or a `<bill>` for a draft.
    Akn,
    /// The structure as JSON (metadata, chapters, articles, paragraphs, items).
    Json,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The regulation: key (haidong), title or alias (海东条例).
    regulation: String,
    /// The output format.
    #[arg(long, value_enum, default_value = "akn")]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Runs `zhili export`.
pub fn run(args: ExportArgs) -> Result<ExitCode> {
    let reg = zhili::api::structure(&args.regulation)?;
    let out = match args.format {
        Format::Akn => zhili::akn::to_akn(reg)?,
        Format::Json => serde_json::to_string_pretty(reg).expect("serialisable") + "\n",
    };
    match args.output {
        Some(p) => std::fs::write(&p, out).map_err(|e| Error::Ingest {
            source_name: p.display().to_string(),
            detail: format!("cannot write: {e}"),
        })?,
        None => {
            use std::io::Write as _;
            let _ = std::io::stdout().lock().write_all(out.as_bytes());
        }
    }
    Ok(ExitCode::SUCCESS)
}
