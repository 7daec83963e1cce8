//! `zhili export`: one regulation's canonical text as Akoma Ntoso 3.0 XML (`--format akn`, the
//! default) or as the JSON structure (`--format json`, the same as text.json), to standard output
//! or a file.

use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

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

/// Runs `zhili export`. A failed write is an `io` error naming the file (it used to be reported as
/// `ingest-failed`, and a failed write to stdout not at all).
pub fn run(args: ExportArgs) -> std::result::Result<ExitCode, crate::Failure> {
    let reg = zhili::api::structure(&args.regulation)?;
    let out = match args.format {
        Format::Akn => zhili::akn::to_akn(reg)?,
        Format::Json => serde_json::to_string_pretty(reg).expect("serialisable") + "\n",
    };
    match args.output {
        Some(p) => write_file(&p, out.as_bytes()).map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot write {}: {e}", p.display()))
        })?,
        None => {
            use std::io::Write as _;
            std::io::stdout().lock().write_all(out.as_bytes())?
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a file and waits for its data to be written (a full disk may tell only then).
fn write_file(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    // a device such as /dev/full cannot be synced; the write above already failed there
    match f.sync_all() {
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Ok(()),
        r => r,
    }
}
