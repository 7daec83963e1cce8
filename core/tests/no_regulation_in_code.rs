//! The code names no regulation: which regulations exist is the corpus's business (regulations/
//! index.toml and each folder), so a new one is data only. Outside tests and comments, no line of
//! core/src may contain a corpus key as a word or a regulation's city name.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Whether `line` names `key` as a word (not inside a longer key-like word) or contains a city.
fn names(line: &str, key: &str, city: &str) -> bool {
    let word =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    line.contains(city)
        || line.match_indices(key).any(|(i, _)| {
            !word(line[..i].chars().next_back()) && !word(line[i + key.len()..].chars().next())
        })
}

#[test]
fn the_matcher_finds_names() {
    let old = r#"    #[error("unknown regulation `{0}`: the corpus holds haidong, dalian, wuxi-draft and xinyang")]"#;
    assert!(names(old, "dalian", "大连"));
    assert!(names("if key == \"wuxi-draft\" {", "wuxi-draft", "无锡"));
    assert!(names("let t = \"海东市人民政府\";", "haidong", "海东"));
    assert!(!names("let haidongish = 1;", "haidong", "海东"));
}

#[test]
fn no_regulation_is_named_in_the_code() {
    let corpus = zhili::Corpus::get().unwrap();
    let needles: Vec<(String, String)> = corpus
        .regulations
        .iter()
        .map(|r| {
            let city = r.meta.city.trim_end_matches('市').to_string();
            (r.meta.key.clone(), city)
        })
        .collect();
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 10);
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (i, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for (key, city) in &needles {
                if names(line, key, city) {
                    found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "regulations named in code:\n{}",
        found.join("\n")
    );
}
