//! docs/regulations/: one page per regulation, generated from the data (metadata, structure, norms,
//! liability clauses, values, features, coverage). The test fails when a committed page differs
//! from what the data gives; `UPDATE_DOCS=1 cargo test -p zhili --test regulation_pages` rewrites
//! them.

use std::fmt::Write as _;
use std::path::PathBuf;
use zhili::coverage::{coverage, Status as Covered};
use zhili::norm::{NormBase, NormFile};
use zhili::numeral;
use zhili::text::{Act, Regulation, Status};
use zhili::Corpus;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn act(a: &Option<Act>) -> Option<String> {
    a.as_ref().map(|a| match a.date {
        Some(d) => format!("{d}, {}", a.by),
        None => format!("undated, {}", a.by),
    })
}

/// `StatutoryTask` → `statutory task` (from the enum's own names, so a new variant needs no change here).
fn words(v: impl std::fmt::Debug) -> String {
    let mut out = String::new();
    for (i, ch) in format!("{v:?}").chars().enumerate() {
        if ch.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(ch.to_lowercase());
    }
    out
}

fn page(r: &Regulation, f: &NormFile, base: &NormBase) -> String {
    let m = &r.meta;
    let c = r.counts();
    let mut s = String::new();
    let _ = writeln!(s, "# {} (`{}`)\n", m.title, m.key);
    let _ = writeln!(
        s,
        "<!-- Generated from regulations/{}/ by core/tests/regulation_pages.rs: do not edit by hand; \
         run `UPDATE_DOCS=1 cargo test -p zhili --test regulation_pages` after changing the data. -->\n",
        m.key
    );
    let _ = writeln!(s, "*{}*\n", m.english_title);
    let art = numeral::format(m.effective_article).unwrap_or_default();
    let status = match (&m.status, m.effective) {
        (Status::InForceFrom { from }, _) => format!("in force from {from} (第{art}条)"),
        (Status::Draft, Some(d)) => {
            format!("draft, never in force (its text names {d} in 第{art}条)")
        }
        (Status::Draft, None) => {
            format!("draft, never in force (第{art}条 leaves the effective date blank)")
        }
    };
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| status | {status} |");
    let _ = writeln!(s, "| city | {} ({}) |", m.city, m.province);
    for (label, a) in [
        ("adopted", &m.adopted),
        ("approved", &m.approved),
        ("first reading", &m.first_reading),
        ("published for comment", &m.published),
    ] {
        if let Some(a) = act(a) {
            let _ = writeln!(s, "| {label} | {} |", cell(&a));
        }
    }
    let _ = writeln!(s, "| names | {} |", cell(&m.aliases.join("、")));
    let _ = writeln!(
        s,
        "| structure | {} chapters, {} articles, {} paragraphs, {} items |",
        c.chapters, c.articles, c.paragraphs, c.items
    );
    let _ = writeln!(
        s,
        "| text | [text.md](../../regulations/{k}/text.md), [text.json](../../regulations/{k}/text.json); `zhili export --format akn {k}` |\n",
        k = m.key
    );

    let _ = writeln!(
        s,
        "## Structure\n\n| chapter | title | articles |\n|---|---|---|"
    );
    for ch in &r.chapters {
        let first = ch.articles.first().map_or(0, |a| a.number);
        let last = ch.articles.last().map_or(0, |a| a.number);
        let range = if first == last {
            first.to_string()
        } else {
            format!("{first}–{last}")
        };
        let _ = writeln!(
            s,
            "| 第{}章 | {} | {range} |",
            numeral::format(ch.number).unwrap_or_default(),
            ch.title
        );
    }

    let _ = writeln!(s, "\n## What it regulates\n");
    let _ = writeln!(
        s,
        "Rules on giving work to committees and the grid (`assign-to-committee`, `assign-to-grid`):\n"
    );
    if f.norm.is_empty() {
        let _ = writeln!(s, "none.");
    } else {
        let _ = writeln!(
            s,
            "| provision | rule | for | what it says |\n|---|---|---|---|"
        );
        for n in &f.norm {
            let _ = writeln!(
                s,
                "| `{}` | {} | {} | {} |",
                n.cite,
                words(n.modality),
                words(n.applies_to),
                cell(&n.en)
            );
        }
    }
    let _ = writeln!(s, "\nLegal liability (`liability`):\n");
    // accountability without sanction (`soft`: Dalian's evaluation articles) is no liability clause
    let soft: Vec<&zhili::norm::Liability> = f.liability.iter().filter(|l| l.soft).collect();
    if f.liability.iter().all(|l| l.soft) {
        let _ = writeln!(s, "no liability clause.");
    } else {
        let _ = writeln!(
            s,
            "| provision | imposed by | consequence | if serious | what it says |\n|---|---|---|---|---|"
        );
        for l in f.liability.iter().filter(|l| !l.soft) {
            let serious = l.if_serious.as_ref().map_or("—".to_string(), |x| {
                format!("{}: {}", x.threshold, x.consequence)
            });
            let _ = writeln!(
                s,
                "| `{}` | {} | {} | {} | {} |",
                l.cite,
                cell(&l.imposed_by),
                cell(&l.consequence),
                cell(&serious),
                cell(&l.en)
            );
        }
    }
    for l in soft {
        let _ = writeln!(
            s,
            "\nAccountability without sanction (cited when a liability answer is `no`): `{}` — {}",
            l.cite,
            cell(&l.en)
        );
    }
    if !f.value.is_empty() || !f.facility_area.is_empty() || !f.utility_price.is_empty() {
        let _ = writeln!(
            s,
            "\nValues and figures (`duty-of`, `facility-area`, `utility-price`):\n"
        );
        for v in &f.value {
            let value = match &v.value {
                serde_json::Value::String(x) => x.clone(),
                other => format!("{other} {}", v.unit.as_deref().unwrap_or("")),
            };
            let _ = writeln!(s, "- `{}` — {}: **{}**", v.cite, cell(&v.en), value.trim());
        }
        for a in &f.facility_area {
            let _ = writeln!(s, "- `{}` — {}", a.cite, cell(&a.en));
        }
        for u in &f.utility_price {
            let _ = writeln!(s, "- `{}` — {}", u.cite, cell(&u.en));
        }
    }

    let _ = writeln!(
        s,
        "\n## Features compared across regulations (`compare`)\n\n| feature | has it | where | note |\n|---|---|---|---|"
    );
    for feat in &base.features.feature {
        let Some(e) = f.feature.iter().find(|e| e.id == feat.id) else {
            continue;
        };
        let cites: Vec<String> = e.cites.iter().map(|c| format!("`{c}`")).collect();
        let _ = writeln!(
            s,
            "| {} ({}) | {} | {} | {} |",
            feat.zh,
            feat.en,
            if e.present { "yes" } else { "**no**" },
            cites.join(", "),
            cell(&e.en)
        );
    }

    let cov = coverage(r, f);
    let _ = writeln!(
        s,
        "\n## What it does not regulate\n\nThe features above marked **no**, and the normative sentences the encoding deliberately leaves \
         aside ({} of {} sentences with 应当, 不得, 可以, 鼓励, 支持 or 负责; {} are encoded as norms, {} as provisions \
         only, {} are open):\n",
        cov.non_operative, cov.sentences, cov.norm, cov.provision, cov.open
    );
    for d in cov
        .detail
        .iter()
        .filter(|d| d.status == Covered::NonOperative)
    {
        let text: String = d.text.chars().take(40).collect();
        let more = if d.text.chars().count() > 40 {
            "…"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "- `{}` {text}{more} — {}",
            d.cite,
            cell(&d.by.join("; "))
        );
    }
    s
}

fn index(corpus: &Corpus) -> String {
    let mut s = String::from(
        "# The regulations\n\n<!-- Generated by core/tests/regulation_pages.rs: do not edit by hand. -->\n\n\
         | key | title | status | effective | articles |\n|---|---|---|---|---|\n",
    );
    for r in &corpus.regulations {
        let m = &r.meta;
        let _ = writeln!(
            s,
            "| [`{k}`]({k}.md) | {} | {} | {} | {} |",
            m.title,
            if matches!(m.status, Status::Draft) {
                "draft"
            } else {
                "in force"
            },
            m.effective.map_or("—".into(), |d| d.to_string()),
            r.counts().articles,
            k = m.key
        );
    }
    s
}

#[test]
fn regulation_pages_are_generated_from_the_data() {
    let corpus = Corpus::get().unwrap();
    let base = NormBase::get().unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/regulations");
    let mut pages = vec![("README.md".to_string(), index(corpus))];
    for r in &corpus.regulations {
        let f = base.file(&r.meta.key).expect("norms for every regulation");
        pages.push((format!("{}.md", r.meta.key), page(r, f, base)));
    }
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for (name, content) in &pages {
        let p = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&p, content).unwrap();
        } else if std::fs::read_to_string(&p).ok().as_ref() != Some(content) {
            stale.push(name.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "docs/regulations/{{{}}} differ from what the data gives: run \
         `UPDATE_DOCS=1 cargo test -p zhili --test regulation_pages` and commit the pages",
        stale.join(",")
    );
}
