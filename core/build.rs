//! Embeds the regulations listed in regulations/index.toml: their manifest, canonical text and
//! norms are compiled into the library (no file I/O when answering).
//!
//! The TOML files (regulation.toml, norms.toml, coverage.toml, provisions.toml, features.toml,
//! topics.toml, lexicon.toml, intake.toml) are parsed here, at
//! build time, and embedded as compact JSON that the library reads with serde_json into its own
//! types: no TOML parser at run time (it was most of the cold load and a fifth of the WebAssembly
//! module). A malformed TOML file fails the build with its path and the parser's message; whether
//! the data fits the library's types and agrees with the text is still checked when the library
//! loads it (`invalid-norm`). text.json is embedded compacted, or as it is when it does not parse
//! (the library then reports it).
//!
//! `ZHILI_REGULATIONS_DIR` (absolute, or relative to the workspace root) builds the library from
//! another regulations folder of the same layout instead, e.g. the test fixture
//! `tests/fixtures/regulations` (see docs/adding-a-regulation.md).
use std::{
    env, fs,
    path::{Path, PathBuf},
};

fn main() {
    let workspace = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("..");
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
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
    // the same files as one data bundle (zhili-data.txt), for a build without the `embed` feature
    // that is given its data at run time (the WebAssembly package); format in corpus.rs
    let mut bundle = String::from("zhili-data 1\n");
    let mut add = |name: String, json: &str| {
        bundle += &format!("{name} {}\n{json}\n", json.len());
    };
    for (i, key) in keys.iter().enumerate() {
        let dir = root.join(key);
        let mut embed = |name: &str, json: String| {
            add(format!("{key}/{name}"), &json);
            let file = out_dir.join(format!("{i}.{name}"));
            fs::write(&file, json).unwrap();
            format!("include_str!({:?})", file.display().to_string())
        };
        let manifest = embed(
            "regulation.toml",
            toml_as_json(&dir.join("regulation.toml")),
        );
        let text = dir.join("text.json");
        println!("cargo:rerun-if-changed={}", text.display());
        let text = match fs::read_to_string(&text) {
            Ok(t) => embed("text.json", compact_json(&t)),
            // missing: embedded empty (an empty file reads as ""), which the library reports
            Err(_) => embed("text.json", String::new()),
        };
        let mut toml_file = |name: &str| embed(name, toml_as_json(&dir.join(name)));
        out += &format!(
            "    Embedded {{ key: {key:?}, manifest: {manifest}, text: {text}, norms: {}, coverage: {}, provisions: {} }},\n",
            toml_file("norms.toml"),
            toml_file("coverage.toml"),
            toml_file("provisions.toml")
        );
    }
    out += "];\n";
    let features = out_dir.join("features.json");
    let features_json = toml_as_json(&root.join("features.toml"));
    add("features.toml".into(), &features_json);
    fs::write(&features, features_json).unwrap();
    out += &format!(
        "pub(crate) static FEATURES: &str = include_str!({:?});\n",
        features.display().to_string()
    );
    let topics = out_dir.join("topics.json");
    let topics_json = toml_as_json(&root.join("topics.toml"));
    add("topics.toml".into(), &topics_json);
    fs::write(&topics, topics_json).unwrap();
    out += &format!(
        "pub(crate) static TOPICS: &str = include_str!({:?});\n",
        topics.display().to_string()
    );
    fs::write(out_dir.join("embedded.rs"), out).unwrap();
    fs::write(out_dir.join("zhili-data.txt"), bundle).unwrap();
    // the heuristic word lists: those of the regulations folder being built, else the workspace's
    let lexicon = match root.join("lexicon.toml") {
        p if p.exists() => p,
        _ => workspace.join("regulations/lexicon.toml"),
    };
    let lexicon_json = out_dir.join("lexicon.json");
    fs::write(&lexicon_json, toml_as_json(&lexicon)).unwrap();
    fs::write(
        out_dir.join("lexicon.rs"),
        format!(
            "pub(crate) static LEXICON_JSON: &str = include_str!({:?});\n",
            lexicon_json.display().to_string()
        ),
    )
    .unwrap();
    // the intake's words (questions in Chinese → structured questions), found the same way
    let intake = match root.join("intake.toml") {
        p if p.exists() => p,
        _ => workspace.join("regulations/intake.toml"),
    };
    let intake_json = out_dir.join("intake.json");
    fs::write(&intake_json, toml_as_json(&intake)).unwrap();
    fs::write(
        out_dir.join("intake_words.rs"),
        format!(
            "pub(crate) static INTAKE_JSON: &str = include_str!({:?});\n",
            intake_json.display().to_string()
        ),
    )
    .unwrap();
}

/// The TOML file as compact JSON (`{}` when the file does not exist, as an empty TOML file
/// would read). Panics, naming the file, when it is not valid TOML.
fn toml_as_json(path: &Path) -> String {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => panic!("{}: {e}", path.display()),
    };
    let table: toml::Table = toml::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()));
    let json = to_json(toml::Value::Table(table), path);
    let s = serde_json::to_string(&json).unwrap();
    // What the library reads back must be exactly what the TOML said (floats included).
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&s).ok().as_ref(),
        Some(&json),
        "{}: the JSON form does not read back equal",
        path.display()
    );
    s
}

/// A TOML value as the JSON value the library's serde types read the same way: a datetime becomes
/// its TOML text (what a string field expects), a float that JSON cannot hold fails the build.
fn to_json(v: toml::Value, path: &Path) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map(J::Number)
            .unwrap_or_else(|| panic!("{}: {f} cannot be embedded", path.display())),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(|x| to_json(x, path)).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, x)| (k, to_json(x, path))).collect())
        }
    }
}

/// JSON text without its indentation; unchanged when it does not parse (the library reports it).
fn compact_json(text: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => serde_json::to_string(&v).unwrap(),
        Err(_) => text.to_string(),
    }
}
