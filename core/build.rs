//! Embeds the regulations listed in regulations/index.toml: their manifest, canonical text and
//! norms are compiled into the library (no file I/O when answering).
//!
//! `ZHILI_REGULATIONS_DIR` (absolute, or relative to the workspace root) builds the library from
//! another regulations folder of the same layout instead, e.g. the test fixture
//! `tests/fixtures/regulations` (see docs/adding-a-regulation.md).
use std::{env, fs, path::PathBuf};

fn main() {
    let workspace = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("..");
    println!("cargo:rerun-if-env-changed=ZHILI_REGULATIONS_DIR");
    let root = match env::var("ZHILI_REGULATIONS_DIR") {
        Ok(dir) if !dir.is_empty() => workspace.join(dir),
        _ => workspace.join("regulations"),
    };
    let index_path = root.join("index.toml");
    println!("cargo:rerun-if-changed={}", index_path.display());
    let index = fs::read_to_string(&index_path).expect("regulations/index.toml");
    let keys: Vec<String> = index
        .lines()
        .filter(|l| l.trim_start().starts_with("regulations"))
        .flat_map(|l| {
            l.split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = String::from("pub(crate) static EMBEDDED: &[Embedded] = &[\n");
    for key in &keys {
        let dir = root.join(key);
        let file = |name: &str| {
            let p = dir.join(name);
            println!("cargo:rerun-if-changed={}", p.display());
            if p.exists() {
                format!(
                    "include_str!({:?})",
                    p.canonicalize().unwrap().display().to_string()
                )
            } else {
                "\"\"".to_string()
            }
        };
        out += &format!(
            "    Embedded {{ key: {key:?}, manifest: {}, text: {}, norms: {}, coverage: {} }},\n",
            file("regulation.toml"),
            file("text.json"),
            file("norms.toml"),
            file("coverage.toml")
        );
    }
    out += "];\n";
    let features = root.join("features.toml");
    println!("cargo:rerun-if-changed={}", features.display());
    out += &format!(
        "pub(crate) static FEATURES: &str = {};\n",
        if features.exists() {
            format!(
                "include_str!({:?})",
                features.canonicalize().unwrap().display().to_string()
            )
        } else {
            "\"\"".into()
        }
    );
    fs::write(
        PathBuf::from(env::var("OUT_DIR").unwrap()).join("embedded.rs"),
        out,
    )
    .unwrap();
}
