//! The corpus as tables for `provisions_frame` and `norms_frame`, and the structure of a
//! regulation with each part's citation: reading of the core's data, nothing decided here.

use crate::convert::{ser_to_py, to_py};
use crate::core_err;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::{json, Value};
use zhili::api;
use zhili::{Ref, Regulation};

/// The regulations asked for: one by key, title or alias, or all of them in the corpus's order.
fn regulations_of(py: Python<'_>, regulation: Option<&str>) -> PyResult<Vec<&'static Regulation>> {
    let one = |name: &str| api::structure(name).map_err(|e| core_err(py, &e));
    match regulation {
        Some(name) => Ok(vec![one(name)?]),
        None => api::regulations()
            .map_err(|e| core_err(py, &e))?
            .iter()
            .map(|r| one(&r.key))
            .collect(),
    }
}

fn reference(reg: &str, article: u32, paragraph: Option<u32>, item: Option<u32>) -> Ref {
    Ref {
        reg: reg.to_string(),
        article,
        paragraph,
        item,
    }
}

/// Columns of equal length, filled row by row.
#[derive(Default)]
struct Table {
    names: Vec<&'static str>,
    columns: Vec<Vec<Value>>,
}

impl Table {
    fn row(&mut self, cells: Vec<(&'static str, Value)>) {
        if self.names.is_empty() {
            self.names = cells.iter().map(|(n, _)| *n).collect();
            self.columns = vec![Vec::new(); cells.len()];
        }
        for (col, (_, v)) in self.columns.iter_mut().zip(cells) {
            col.push(v);
        }
    }

    fn to_py<'py>(&self, py: Python<'py>, names: &[&'static str]) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (i, name) in names.iter().enumerate() {
            let list = PyList::empty(py);
            if let Some(col) = self.columns.get(i) {
                for v in col {
                    list.append(to_py(py, v)?)?;
                }
            }
            d.set_item(*name, list)?;
        }
        Ok(d)
    }
}

/// The columns of `provisions_frame`, in order.
pub const PROVISION_COLUMNS: &[&str] = &[
    "regulation",
    "citation",
    "reference_zh",
    "level",
    "chapter",
    "chapter_title",
    "article",
    "paragraph",
    "item",
    "text",
];

/// One row per article, paragraph and item of the regulations, in text order.
#[pyfunction]
#[pyo3(signature = (regulation = None))]
pub fn provision_columns<'py>(
    py: Python<'py>,
    regulation: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut t = Table::default();
    for reg in regulations_of(py, regulation)? {
        let key = reg.meta.key.as_str();
        for ch in &reg.chapters {
            for a in &ch.articles {
                let mut row = |r: Ref, level: &str, text: String| {
                    t.row(vec![
                        ("regulation", json!(key)),
                        ("citation", json!(r.to_string())),
                        ("reference_zh", json!(r.to_zh())),
                        ("level", json!(level)),
                        ("chapter", json!(ch.number)),
                        ("chapter_title", json!(ch.title)),
                        ("article", json!(r.article)),
                        ("paragraph", json!(r.paragraph)),
                        ("item", json!(r.item)),
                        ("text", json!(text)),
                    ])
                };
                row(
                    reference(key, a.number, None, None),
                    "article",
                    a.full_text(),
                );
                for (p, para) in (1..).zip(&a.paragraphs) {
                    let r = reference(key, a.number, Some(p), None);
                    row(r, "paragraph", para.full_text());
                    for it in &para.items {
                        let r = reference(key, a.number, Some(p), Some(it.number));
                        row(r, "item", it.text.clone());
                    }
                }
            }
        }
    }
    t.to_py(py, PROVISION_COLUMNS)
}

/// The columns of `norms_frame`, in order.
pub const NORM_COLUMNS: &[&str] = &[
    "regulation",
    "id",
    "citation",
    "reference_zh",
    "bearer",
    "bearer_kinds",
    "modality",
    "binds",
    "action",
    "object",
    "recipient",
    "conditions",
    "topics",
    "values",
    "quote",
    "en",
];

/// One row per normative provision of `regulations/<key>/provisions.toml` (who must, may or must
/// not do what, on which topics), in text order, as the core loaded and checked them.
#[pyfunction]
#[pyo3(signature = (regulation = None))]
pub fn norm_columns<'py>(
    py: Python<'py>,
    regulation: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let base = zhili::norm::NormBase::get().map_err(|e| core_err(py, &e))?;
    let mut t = Table::default();
    for reg in regulations_of(py, regulation)? {
        let Some(file) = base.file(&reg.meta.key) else {
            continue;
        };
        for p in &file.provision {
            let values = serde_json::to_value(&p.values)
                .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
            t.row(vec![
                ("regulation", json!(reg.meta.key)),
                ("id", json!(p.id)),
                ("citation", json!(p.cite.to_string())),
                ("reference_zh", json!(p.cite.to_zh())),
                ("bearer", json!(p.bearer)),
                ("bearer_kinds", json!(p.bearer_kinds)),
                ("modality", json!(p.modality.name())),
                ("binds", json!(p.modality.binds())),
                ("action", json!(p.action)),
                ("object", json!(p.object)),
                ("recipient", json!(p.recipient)),
                ("conditions", json!(p.conditions)),
                ("topics", json!(p.topics)),
                ("values", values),
                ("quote", json!(p.quote)),
                ("en", json!(p.en)),
            ]);
        }
    }
    t.to_py(py, NORM_COLUMNS)
}

/// The whole structure of one regulation, each article, paragraph and item with its `citation`
/// (`dalian:24:3`) and Chinese reference (`reference_zh`, 第二十四条第三款).
#[pyfunction]
pub fn structure<'py>(py: Python<'py>, regulation: &str) -> PyResult<Bound<'py, PyAny>> {
    let reg = api::structure(regulation).map_err(|e| core_err(py, &e))?;
    let key = reg.meta.key.as_str();
    let mut v = serde_json::to_value(reg)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    let mark = |o: &mut Value, r: Ref| {
        if let Some(o) = o.as_object_mut() {
            o.insert("citation".into(), json!(r.to_string()));
            o.insert("reference_zh".into(), json!(r.to_zh()));
        }
    };
    let chapters = v.get_mut("chapters").and_then(Value::as_array_mut);
    for (ch, chv) in reg.chapters.iter().zip(chapters.into_iter().flatten()) {
        let articles = chv.get_mut("articles").and_then(Value::as_array_mut);
        for (a, av) in ch.articles.iter().zip(articles.into_iter().flatten()) {
            mark(av, reference(key, a.number, None, None));
            let paras = av.get_mut("paragraphs").and_then(Value::as_array_mut);
            for ((p, para), pv) in (1..).zip(&a.paragraphs).zip(paras.into_iter().flatten()) {
                mark(pv, reference(key, a.number, Some(p), None));
                let items = pv.get_mut("items").and_then(Value::as_array_mut);
                for (it, iv) in para.items.iter().zip(items.into_iter().flatten()) {
                    mark(iv, reference(key, a.number, Some(p), Some(it.number)));
                }
            }
        }
    }
    ser_to_py(py, &v)
}
