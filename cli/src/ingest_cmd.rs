//! `zhili ingest`: reads `regulations/<key>/source/*`, derives the canonical text and either writes
//! it (`--write`) or checks that the committed text.json and text.md are exactly what ingestion
//! produces (`--check`, the default).

use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zhili::ingest::{ingest, IngestReport, Manifest, RawSource};
use zhili::{Error, Regulation, Result};

#[derive(Args)]
pub struct IngestArgs {
    /// The regulations folder (default: the one this binary was built from with ZHILI_REGULATIONS_DIR,
    /// else ./regulations, else the one this binary was built from).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Write text.json and text.md instead of checking them.
    #[arg(long, conflicts_with = "check")]
    write: bool,
    /// Fail if the committed canonical texts differ from what ingestion derives (the default).
    #[arg(long)]
    check: bool,
    /// Print the ingestion report as JSON.
    #[arg(long)]
    json: bool,
    /// Only this regulation.
    #[arg(long)]
    only: Option<String>,
}

fn io_err(path: &Path, e: std::io::Error) -> Error {
    Error::Ingest {
        source_name: path.display().to_string(),
        detail: e.to_string(),
    }
}

pub fn regulations_dir(dir: Option<PathBuf>) -> PathBuf {
    dir.unwrap_or_else(|| {
        // a binary built from another regulations folder (ZHILI_REGULATIONS_DIR, read by
        // core/build.rs, e.g. the test fixture) checks that folder
        if let Some(d) = option_env!("ZHILI_REGULATIONS_DIR").filter(|d| !d.is_empty()) {
            return PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(d);
        }
        let local = PathBuf::from("regulations");
        if local.join("index.toml").exists() {
            local
        } else {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../regulations")
        }
    })
}

/// Ingests one regulation folder.
pub fn ingest_dir(dir: &Path) -> Result<(Regulation, IngestReport)> {
    let manifest_path = dir.join("regulation.toml");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| io_err(&manifest_path, e))?;
    let manifest: Manifest = toml::from_str(&text).map_err(|e| Error::Ingest {
        source_name: manifest_path.display().to_string(),
        detail: e.to_string(),
    })?;
    let mut bytes = Vec::new();
    for s in &manifest.sources {
        let p = dir.join(&s.file);
        bytes.push((
            s.file.clone(),
            std::fs::read(&p).map_err(|e| io_err(&p, e))?,
        ));
    }
    let raw: Vec<RawSource> = bytes
        .iter()
        .map(|(n, b)| RawSource { name: n, bytes: b })
        .collect();
    ingest(&manifest, &raw)
}

pub fn canonical_files(reg: &Regulation) -> (String, String) {
    let json = serde_json::to_string_pretty(reg).expect("serialisable") + "\n";
    (json, reg.to_markdown())
}

pub fn run(args: IngestArgs) -> std::result::Result<ExitCode, crate::Failure> {
    let root = regulations_dir(args.dir);
    let index_path = root.join("index.toml");
    let index = std::fs::read_to_string(&index_path).map_err(|e| io_err(&index_path, e))?;
    #[derive(serde::Deserialize)]
    struct Index {
        regulations: Vec<String>,
    }
    let index: Index = toml::from_str(&index).map_err(|e| Error::Ingest {
        source_name: index_path.display().to_string(),
        detail: e.to_string(),
    })?;
    let mut failed = false;
    let mut reports = Vec::new();
    for key in index
        .regulations
        .iter()
        .filter(|k| args.only.as_ref().is_none_or(|o| o == *k))
    {
        let dir = root.join(key);
        let (reg, report) = ingest_dir(&dir)?;
        let (json, md) = canonical_files(&reg);
        let c = reg.counts();
        if !report.differences.is_empty() {
            failed = true;
        }
        if args.write {
            for (name, content) in [("text.json", &json), ("text.md", &md)] {
                let p = dir.join(name);
                std::fs::write(&p, content).map_err(|e| io_err(&p, e))?;
            }
        } else {
            for (name, content) in [("text.json", &json), ("text.md", &md)] {
                let p = dir.join(name);
                let committed = std::fs::read_to_string(&p).unwrap_or_default();
                if &committed != content {
                    eprintln!(
                        "{key}: {name} differs from what ingestion derives from the raw sources"
                    );
                    failed = true;
                }
            }
        }
        if !args.json {
            outln!(
                "{key}: {} — {} chapters, {} articles, {} paragraphs, {} items",
                reg.meta.title,
                c.chapters,
                c.articles,
                c.paragraphs,
                c.items
            )?;
            for n in &report.notes {
                outln!("  note: {n}")?;
            }
            for d in &report.differences {
                outln!("  DIFFERENCE: {d}")?;
            }
        }
        reports.push(report);
    }
    if args.json {
        crate::outjson(&reports)?;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
