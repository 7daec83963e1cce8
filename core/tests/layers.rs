//! The layering of core/src (docs/architecture.md): each module uses only modules of lower layers;
//! a module's own children (evaluate::duty of evaluate) share its layer and may refer to it and to
//! each other. Every `crate::` path outside comments and `#[cfg(test)]` modules is checked, so an
//! import cycle cannot come back unnoticed.

use std::collections::BTreeMap;
use std::path::Path;

/// Bottom first: leaf utilities and errors; references; texts; ingestion and actors; provisions and
/// the explanation level; questions and answers; the corpus; the norm store; analyses; evaluators;
/// the embedded data as their default context; the typed kinds; the facade.
const LAYERS: &[(&str, usize)] = &[
    ("tri", 0),
    ("numeral", 0),
    ("error", 0),
    ("sort", 0),
    ("data_json", 0),
    ("pairs", 1),
    ("reference", 1),
    ("text", 2),
    ("ingest", 3),
    ("akn", 3),
    ("actor", 3),
    ("provision", 4),
    ("explain", 4),
    ("question", 5),
    ("lexicon", 5),
    ("answer", 5),
    ("corpus", 6),
    ("norm", 7),
    ("coverage", 8),
    ("search", 8),
    ("evaluate", 9),
    ("intake", 9),
    ("embedded", 10),
    ("kinds", 11),
    ("api", 12),
];

/// The code of a file without comments and without its `#[cfg(test)]` module.
fn code(src: &str) -> String {
    let src = match src.find("#[cfg(test)]\nmod tests") {
        Some(i) => &src[..i],
        None => src,
    };
    src.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module a file belongs to (`evaluate/duty.rs` → `evaluate`).
fn top_module(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .to_string();
    first.trim_end_matches(".rs").to_string()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_module_uses_only_lower_layers() {
    let layer: BTreeMap<&str, usize> = LAYERS.iter().copied().collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&root, &mut all);
    let mut bad = Vec::new();
    for f in &all {
        let rel = f.strip_prefix(&root).unwrap();
        let from = top_module(rel);
        if from == "lib" {
            continue;
        }
        let Some(&from_layer) = layer.get(from.as_str()) else {
            bad.push(format!(
                "{}: module `{from}` has no layer in LAYERS",
                rel.display()
            ));
            continue;
        };
        let src = code(&std::fs::read_to_string(f).unwrap());
        for (i, _) in src.match_indices("crate::") {
            let to: String = src[i + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if to == from || to.is_empty() {
                continue;
            }
            match layer.get(to.as_str()) {
                // re-exports at the crate root (crate::Corpus, crate::Result) are the modules'
                None if to.starts_with(char::is_uppercase) => {}
                None => bad.push(format!(
                    "{}: `crate::{to}` is no module of LAYERS",
                    rel.display()
                )),
                Some(&l) if l >= from_layer => bad.push(format!(
                    "{}: `{from}` (layer {from_layer}) uses `{to}` (layer {l})",
                    rel.display()
                )),
                Some(_) => {}
            }
        }
    }
    assert!(bad.is_empty(), "layering broken:\n{}", bad.join("\n"));
}

#[test]
fn every_module_of_the_crate_has_a_layer() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let layer: BTreeMap<&str, usize> = LAYERS.iter().copied().collect();
    for line in lib.lines() {
        let line = line.trim();
        if let Some(m) = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("pub(crate) mod "))
            .or_else(|| line.strip_prefix("mod "))
        {
            let m = m.trim_end_matches(';');
            assert!(layer.contains_key(m), "module `{m}` has no layer");
        }
    }
}

#[test]
fn no_evaluator_reads_the_question_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/evaluate");
    let mut all = Vec::new();
    files(&root, &mut all);
    for f in all {
        let src = code(&std::fs::read_to_string(&f).unwrap());
        for word in ["question_zh", "question_en"] {
            assert!(!src.contains(word), "{} reads {word}", f.display());
        }
    }
}

#[test]
fn no_evaluator_reaches_for_the_embedded_data_or_ambient_state() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/evaluate");
    let mut all = Vec::new();
    files(&root, &mut all);
    for f in all {
        let src = code(&std::fs::read_to_string(&f).unwrap());
        for word in ["::get()", "thread_local!", "embedded::"] {
            assert!(
                !src.contains(word),
                "{} uses {word}: evaluators answer from their Context",
                f.display()
            );
        }
    }
}
