//! The documentation's command examples run: every fenced block whose info string is
//! `sh runnable` in docs/*.md is run with bash (`set -euo pipefail`) from the checkout's root with
//! this build's `zhili` first on PATH, and must succeed; when the next block is `text output`, the
//! standard output must be exactly that block.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Example {
    file: String,
    line: usize,
    script: String,
    output: Option<String>,
}

/// The runnable blocks of a Markdown text, with the expected output block that follows each.
fn examples(file: &str, md: &str) -> Vec<Example> {
    let mut blocks: Vec<(usize, String, String)> = Vec::new(); // (line, info, body)
    let mut open: Option<(usize, String, String)> = None;
    for (i, line) in md.lines().enumerate() {
        let t = line.trim_start();
        match (&mut open, t.strip_prefix("```")) {
            (None, Some(info)) => open = Some((i + 1, info.trim().to_string(), String::new())),
            (Some(_), Some("")) => blocks.push(open.take().expect("open")),
            (Some((_, _, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    let mut out = Vec::new();
    for (k, (line, info, body)) in blocks.iter().enumerate() {
        if info != "sh runnable" {
            continue;
        }
        let output = blocks
            .get(k + 1)
            .filter(|(_, info, _)| info == "text output")
            .map(|(_, _, b)| b.clone());
        out.push(Example {
            file: file.to_string(),
            line: *line,
            script: body.clone(),
            output,
        });
    }
    out
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn runnable_examples_in_the_docs_succeed_with_their_output() {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_zhili")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut all = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    for p in &files {
        let md = std::fs::read_to_string(p).unwrap();
        all.extend(examples(&p.file_name().unwrap().to_string_lossy(), &md));
    }
    let in_cli_guide = all
        .iter()
        .filter(|e| e.file == "getting-started-cli.md")
        .count();
    assert!(in_cli_guide >= 5, "only {in_cli_guide} runnable examples");
    for e in &all {
        let o = Command::new("bash")
            .arg("-c")
            .arg(format!("set -euo pipefail\n{}", e.script))
            .current_dir(root())
            .env("PATH", &path)
            .output()
            .expect("bash runs");
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "docs/{} line {}: exit {:?}\n{}\n{stdout}{}",
            e.file,
            e.line,
            o.status.code(),
            e.script,
            String::from_utf8_lossy(&o.stderr)
        );
        if let Some(want) = &e.output {
            assert_eq!(
                &stdout, want,
                "docs/{} line {}: the output differs from the `text output` block",
                e.file, e.line
            );
        }
    }
}

#[test]
fn the_extractor_finds_blocks_and_their_output() {
    let md = "x\n```sh runnable\necho hi\n```\n\n```text output\nhi\n```\n```sh\nno\n```\n";
    let ex = examples("t.md", md);
    assert_eq!(ex.len(), 1);
    assert_eq!(ex[0].script, "echo hi\n");
    assert_eq!(ex[0].output.as_deref(), Some("hi\n"));
    assert_eq!(ex[0].line, 2);
}
