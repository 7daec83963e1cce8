//! The columns of `answers_frame` and `answers_arrow`, made column-wise in Rust: each answering
//! thread turns its block of answers into columns at once (and frees the answers there), and the
//! calling thread joins the blocks without the GIL. Texts that repeat from row to row (kind,
//! regulation, verdict, what-if verdict, error code) become dictionary codes; equal condition
//! and citation lists are kept once, with a code per row. Python then wraps the buffers as numpy
//! arrays, pandas categoricals or Arrow arrays, with no Python object per row except the ids of
//! a frame made without pyarrow.

use crate::convert::Input;
use crate::convert::{conditions_to_py, to_py};
use crate::evaluate;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use serde_json::Value;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use zhili::answer::{Condition, Text};
use zhili::api::AskOptions;

/// The code of a missing value (None).
const MISSING: i32 = -1;
/// The code of a value that is not a text (a number, list or mapping verdict), kept aside.
const ASIDE: i32 = -2;

/// Distinct values in the order they were first seen, each with its code.
struct Dict<K> {
    map: HashMap<K, i32>,
    values: Vec<K>,
}

impl<K: Hash + Eq + Clone> Dict<K> {
    fn new() -> Dict<K> {
        Dict {
            map: HashMap::new(),
            values: Vec::new(),
        }
    }

    fn code(&mut self, k: K) -> i32 {
        if let Some(&c) = self.map.get(&k) {
            return c;
        }
        let c = i32::try_from(self.values.len()).expect("fewer than 2^31 distinct values");
        self.values.push(k.clone());
        self.map.insert(k, c);
        c
    }

    /// Takes in the values of `other`; the result maps each of `other`'s codes to its code here.
    fn absorb(&mut self, other: Dict<K>) -> Vec<i32> {
        other.values.into_iter().map(|k| self.code(k)).collect()
    }
}

impl Dict<Text> {
    /// The code of a text, copying it only the first time it is seen.
    fn code_str(&mut self, s: &str) -> i32 {
        match self.map.get(s) {
            Some(&c) => c,
            None => self.code(Text::Owned(s.to_string())),
        }
    }
}

/// A list of conditions as a key (conditions hold no floats, so their equality is total).
#[derive(Clone, PartialEq)]
struct Conds(Vec<Condition>);

impl Eq for Conds {}

impl Hash for Conds {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_usize(self.0.len());
        for c in &self.0 {
            c.text_zh.hash(h);
            c.text_en.hash(h);
            c.citations.hash(h);
            c.either_or.hash(h);
            c.group.hash(h);
        }
    }
}

/// A dictionary-encoded column of texts; values that are not texts are kept aside by row.
struct Cat {
    codes: Vec<i32>,
    dict: Dict<Text>,
    aside: Vec<(usize, Value)>,
}

impl Cat {
    fn new(n: usize) -> Cat {
        Cat {
            codes: Vec::with_capacity(n),
            dict: Dict::new(),
            aside: Vec::new(),
        }
    }

    fn text(&mut self, t: Option<Text>) {
        let c = match t {
            None => MISSING,
            Some(Text::Borrowed(s)) => match self.dict.map.get(s) {
                Some(&c) => c,
                None => self.dict.code(Text::Borrowed(s)),
            },
            Some(Text::Owned(s)) => self.dict.code_str(&s),
        };
        self.codes.push(c);
    }

    fn value(&mut self, v: Option<Value>) {
        match v {
            None | Some(Value::Null) => self.codes.push(MISSING),
            Some(Value::String(s)) => {
                let c = self.dict.code_str(&s);
                self.codes.push(c);
            }
            Some(other) => {
                self.aside.push((self.codes.len(), other));
                self.codes.push(ASIDE);
            }
        }
    }

    /// Puts the texts in sorted order (recoding the rows), so that frames holding the same texts
    /// have the same categories, whatever order the rows came in.
    fn sort(&mut self) {
        let mut order: Vec<usize> = (0..self.dict.values.len()).collect();
        order.sort_by(|&a, &b| self.dict.values[a].cmp(&self.dict.values[b]));
        let mut recode = vec![0i32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            recode[old] = new as i32;
        }
        for c in self.codes.iter_mut().filter(|c| **c >= 0) {
            *c = recode[*c as usize];
        }
        let values = order.iter().map(|&i| self.dict.values[i].clone()).collect();
        self.dict.values = values;
        for (k, c) in self.dict.map.iter_mut() {
            *c = recode[*c as usize];
            debug_assert_eq!(&self.dict.values[*c as usize], k);
        }
    }

    /// Appends `other` (whose rows start at row `offset` of `self`), recoding its texts.
    fn append(&mut self, other: Cat, offset: usize) {
        let recode = self.dict.absorb(other.dict);
        self.codes.extend(
            other
                .codes
                .iter()
                .map(|&c| if c < 0 { c } else { recode[c as usize] }),
        );
        self.aside
            .extend(other.aside.into_iter().map(|(r, v)| (offset + r, v)));
    }
}

/// A column of lists whose equal values are kept once: a code per row into `dict`.
struct Shared<K> {
    codes: Vec<i32>,
    dict: Dict<K>,
}

impl<K: Hash + Eq + Clone> Shared<K> {
    fn new(n: usize) -> Shared<K> {
        Shared {
            codes: Vec::with_capacity(n),
            dict: Dict::new(),
        }
    }

    fn push(&mut self, k: K) {
        let c = self.dict.code(k);
        self.codes.push(c);
    }

    fn append(&mut self, other: Shared<K>) {
        let recode = self.dict.absorb(other.dict);
        self.codes
            .extend(other.codes.iter().map(|&c| recode[c as usize]));
    }
}

/// The frame columns of a block of answers (or of a whole batch, once the blocks are joined).
pub struct Block {
    n: usize,
    ids: String,
    /// The end of each id in `ids`.
    id_ends: Vec<i64>,
    kind: Cat,
    regulation: Cat,
    verdict: Cat,
    whatif_verdict: Cat,
    error_code: Cat,
    conditions: Shared<Conds>,
    citations: Shared<Vec<Text>>,
}

impl Block {
    fn new(n: usize) -> Block {
        Block {
            n: 0,
            ids: String::new(),
            id_ends: Vec::with_capacity(n),
            kind: Cat::new(n),
            regulation: Cat::new(n),
            verdict: Cat::new(n),
            whatif_verdict: Cat::new(n),
            error_code: Cat::new(n),
            conditions: Shared::new(n),
            citations: Shared::new(n),
        }
    }

    /// Answers a block of questions into columns (on an answering thread, without the GIL).
    pub fn of(inputs: &[Input], opts: &AskOptions) -> Block {
        let mut b = Block::new(inputs.len());
        for q in inputs {
            let a = evaluate(q, opts);
            b.n += 1;
            b.ids.push_str(&a.id);
            b.id_ends.push(b.ids.len() as i64);
            b.kind.text(a.kind);
            b.regulation.text(a.regulation);
            b.verdict.value(Some(a.verdict));
            b.whatif_verdict.value(a.whatif.map(|w| w.verdict));
            b.error_code.text(a.error.map(|e| Text::Owned(e.code)));
            b.conditions.push(Conds(a.conditions));
            b.citations.push(a.citations);
        }
        b
    }

    /// The blocks of a batch, in order, as one, the texts of each dictionary-encoded column sorted.
    fn join(blocks: Vec<Block>) -> Block {
        let n = blocks.iter().map(|b| b.n).sum();
        let mut all = Block::new(n);
        all.ids.reserve(blocks.iter().map(|b| b.ids.len()).sum());
        for b in blocks {
            let (offset, start) = (all.n, all.ids.len() as i64);
            all.n += b.n;
            all.ids.push_str(&b.ids);
            all.id_ends.extend(b.id_ends.iter().map(|e| start + e));
            all.kind.append(b.kind, offset);
            all.regulation.append(b.regulation, offset);
            all.verdict.append(b.verdict, offset);
            all.whatif_verdict.append(b.whatif_verdict, offset);
            all.error_code.append(b.error_code, offset);
            all.conditions.append(b.conditions);
            all.citations.append(b.citations);
        }
        for c in [
            &mut all.kind,
            &mut all.regulation,
            &mut all.verdict,
            &mut all.whatif_verdict,
            &mut all.error_code,
        ] {
            c.sort();
        }
        all
    }
}

/// Native-endian bytes of 32- or 64-bit integers (what numpy's `frombuffer` and Arrow read).
fn int_bytes<'py, T: Copy>(py: Python<'py>, v: &[T], to: fn(T) -> [u8; 8]) -> Bound<'py, PyBytes> {
    let w = std::mem::size_of::<T>();
    PyBytes::new_with(py, std::mem::size_of_val(v), |buf| {
        for (chunk, x) in buf.chunks_exact_mut(w).zip(v) {
            chunk.copy_from_slice(&to(*x)[..w]);
        }
        Ok(())
    })
    .expect("allocating bytes")
}

fn i32_bytes<'py>(py: Python<'py>, v: &[i32]) -> Bound<'py, PyBytes> {
    int_bytes(py, v, |x| {
        let mut b = [0; 8];
        b[..4].copy_from_slice(&x.to_ne_bytes());
        b
    })
}

/// A dictionary-encoded column for Python: `(codes, categories, aside, validity)`, where codes
/// are int32 bytes (-1 missing, -2 for a row in `aside`), categories a list of str, aside a list
/// of `(row, value)` for values that are not texts, and validity Arrow's bitmap of the rows that
/// are not missing.
fn cat_to_py<'py>(py: Python<'py>, c: &Cat) -> PyResult<Bound<'py, PyTuple>> {
    let cats = PyList::new(py, c.dict.values.iter().map(|t| &**t))?;
    let aside = PyList::empty(py);
    for (r, v) in &c.aside {
        aside.append((r, to_py(py, v)?))?;
    }
    // Arrow's validity bitmap: bit i (least significant first) set when row i has a value
    let validity = PyBytes::new_with(py, c.codes.len().div_ceil(8), |buf| {
        for (byte, codes) in buf.iter_mut().zip(c.codes.chunks(8)) {
            *byte = codes
                .iter()
                .enumerate()
                .filter(|(_, &code)| code != MISSING)
                .fold(0u8, |b, (i, _)| b | (1 << i));
        }
        Ok(())
    })?;
    PyTuple::new(
        py,
        [
            i32_bytes(py, &c.codes).into_any(),
            cats.into_any(),
            aside.into_any(),
            validity.into_any(),
        ],
    )
}

/// The joined columns of answered blocks as a dict for `zhili._frame`: `n`; `id` as a list of
/// str, or with `arrow` as `(data, offsets)` bytes (UTF-8 and int64 ends from 0, Arrow's
/// large_string layout); `kind`, `regulation`, `verdict`, `whatif_verdict`, `error_code` as
/// `cat_to_py` gives them; `conditions` and `citations` as `(codes, values)`, the distinct lists
/// as Python objects and an int32 code per row.
pub fn to_python(py: Python<'_>, blocks: Vec<Block>, arrow: bool) -> PyResult<Bound<'_, PyDict>> {
    let all = py.detach(|| Block::join(blocks));
    let d = PyDict::new(py);
    d.set_item("n", all.n)?;
    if arrow {
        let mut ends = Vec::with_capacity(all.n + 1);
        ends.push(0i64);
        ends.extend_from_slice(&all.id_ends);
        let offsets = int_bytes(py, &ends, i64::to_ne_bytes);
        d.set_item("id", (PyBytes::new(py, all.ids.as_bytes()), offsets))?;
    } else {
        let mut start = 0;
        let ids = PyList::empty(py);
        for (i, &end) in all.id_ends.iter().enumerate() {
            ids.append(PyString::new(py, &all.ids[start..end as usize]))?;
            start = end as usize;
            if i % 65536 == 65535 {
                py.check_signals()?;
            }
        }
        d.set_item("id", ids)?;
    }
    d.set_item("kind", cat_to_py(py, &all.kind)?)?;
    d.set_item("regulation", cat_to_py(py, &all.regulation)?)?;
    d.set_item("verdict", cat_to_py(py, &all.verdict)?)?;
    d.set_item("whatif_verdict", cat_to_py(py, &all.whatif_verdict)?)?;
    d.set_item("error_code", cat_to_py(py, &all.error_code)?)?;
    let conds = PyList::empty(py);
    for c in &all.conditions.dict.values {
        conds.append(conditions_to_py(py, &c.0)?)?;
    }
    d.set_item("conditions", (i32_bytes(py, &all.conditions.codes), conds))?;
    let cites = PyList::empty(py);
    for c in &all.citations.dict.values {
        cites.append(PyList::new(py, c.iter().map(|t| &**t))?)?;
    }
    d.set_item("citations", (i32_bytes(py, &all.citations.codes), cites))?;
    Ok(d)
}
