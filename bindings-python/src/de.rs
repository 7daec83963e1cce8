//! Python question objects read straight into the core's typed `Question` through serde
//! (`zhili::api::read_common_from`), with no JSON value or text in between: the fast path
//! for dicts of plain values. Anything else makes it give up, and the question then takes the
//! full path of `convert::to_value`, which gives the exact error. The values are offered to the
//! core as its JSON reader offers them (an int ≥ 0 as u64, a negative one as i64, a float as f64,
//! a date as its ISO text), so both paths read the same question; pytest checks their answers are
//! identical on every conformance case.

use crate::convert::{date_text, is_exact_date, utf8};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use pyo3::Borrowed;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use zhili::api::{GiveUp, MAX_DEPTH, MAX_INPUT_BYTES};
use zhili::Question;

/// The typed question, when `obj` is a dict of the common shape.
pub fn read(obj: &Bound<'_, PyAny>) -> Option<Question> {
    // the date types are imported now, not in the middle of a dict (see `Entries`); if the
    // import fails, no date is read here and the full path reports it
    let _ = crate::convert::date_types(obj.py());
    let budget = Cell::new(MAX_INPUT_BYTES);
    zhili::api::read_common_from(Obj {
        obj,
        depth: 0,
        budget: &budget,
    })
}

/// One Python object as a deserializer. `budget` is what is left of `MAX_INPUT_BYTES`, spent by
/// an upper bound of each value's compact JSON length (a string at 6 bytes a byte, as if every
/// byte needed a `\u00XX` escape), so no question the full path would find too large is read here.
#[derive(Clone, Copy)]
struct Obj<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    depth: usize,
    budget: &'a Cell<usize>,
}

impl Obj<'_, '_> {
    fn spend(&self, n: usize) -> Result<(), GiveUp> {
        let left = self.budget.get().checked_sub(n).ok_or(GiveUp)?;
        self.budget.set(left);
        Ok(())
    }

    fn deeper(&self) -> Result<usize, GiveUp> {
        // the full path refuses nesting past MAX_DEPTH; stop before it (and before deep recursion)
        if self.depth + 1 >= MAX_DEPTH {
            return Err(GiveUp);
        }
        Ok(self.depth + 1)
    }

    fn string<'de, V: Visitor<'de>>(
        &self,
        s: &Bound<'_, PyString>,
        v: V,
    ) -> Result<V::Value, GiveUp> {
        let t = utf8(s).ok_or(GiveUp)?;
        self.spend(6 * t.len() + 3)?;
        v.visit_str(t)
    }
}

impl<'de> Deserializer<'de> for Obj<'_, '_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, GiveUp> {
        let obj = self.obj;
        // the same order of tests as `convert::to_value`
        if obj.is_exact_instance_of::<PyString>() {
            return self.string(obj.cast::<PyString>().map_err(|_| GiveUp)?, v);
        }
        if obj.is_none() {
            self.spend(5)?;
            return v.visit_unit();
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            self.spend(6)?;
            return v.visit_bool(b.is_true());
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            let depth = self.deeper()?;
            self.spend(2)?;
            return v.visit_map(Entries {
                dict: d,
                pos: 0,
                value: std::ptr::null_mut(),
                depth,
                budget: self.budget,
            });
        }
        // exact types only from here on: a subclass could run Python code (an `__iter__`, an
        // `isoformat`), which could change a dict being read (see `Entries`)
        let list = obj.is_exact_instance_of::<PyList>();
        if list || obj.is_exact_instance_of::<PyTuple>() {
            let depth = self.deeper()?;
            self.spend(2)?;
            // SAFETY: an exact list or tuple (its size functions cannot fail on one)
            let len = unsafe {
                if list {
                    pyo3::ffi::PyList_Size(obj.as_ptr())
                } else {
                    pyo3::ffi::PyTuple_Size(obj.as_ptr())
                }
            };
            return v.visit_seq(Items {
                seq: obj,
                list,
                next: 0,
                len,
                depth,
                budget: self.budget,
            });
        }
        if let Ok(i) = obj.cast::<PyInt>() {
            self.spend(25)?;
            if let Ok(n) = i.extract::<u64>() {
                return v.visit_u64(n);
            }
            if let Ok(n) = i.extract::<i64>() {
                return v.visit_i64(n);
            }
            return Err(GiveUp); // beyond 64 bits: the full path decides
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            self.spend(25)?;
            let f = f.value();
            // NaN and infinities have no JSON form: the full path refuses them
            return if f.is_finite() {
                v.visit_f64(f)
            } else {
                Err(GiveUp)
            };
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return self.string(s, v);
        }
        if !is_exact_date(obj) {
            return Err(GiveUp);
        }
        match date_text(obj) {
            Some(Ok(text)) => {
                self.spend(6 * text.len() + 3)?;
                v.visit_string(text)
            }
            _ => Err(GiveUp),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// A dict's entries; keys must be `str`, as JSON's are. They are read with `PyDict_Next` as
/// borrowed references, without the reference counting and checks of pyo3's iterator. That is
/// sound because nothing here runs Python code (only exact types of lists, tuples and dates are
/// read; anything else gives up), so the dict cannot change while it is read, and the GIL is held
/// throughout.
struct Entries<'a, 'py> {
    dict: &'a Bound<'py, PyDict>,
    pos: pyo3::ffi::Py_ssize_t,
    /// The value of the entry whose key was read last (borrowed from `dict`).
    value: *mut pyo3::ffi::PyObject,
    depth: usize,
    budget: &'a Cell<usize>,
}

impl<'de, 'py> MapAccess<'de> for Entries<'_, 'py> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        let (mut key, mut value) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: a live dict, the GIL held, and no Python code run while it is read (above)
        if unsafe {
            pyo3::ffi::PyDict_Next(self.dict.as_ptr(), &mut self.pos, &mut key, &mut value)
        } == 0
        {
            return Ok(None);
        }
        // SAFETY: PyDict_Next gives borrowed, non-null references the dict keeps alive
        let key = unsafe { Borrowed::from_ptr(self.dict.py(), key) };
        if !key.is_instance_of::<PyString>() {
            return Err(GiveUp);
        }
        self.value = value;
        let key = Obj {
            obj: &key,
            depth: self.depth,
            budget: self.budget,
        };
        key.spend(1)?; // the colon (and the comma, counted with the value)
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        if self.value.is_null() {
            return Err(GiveUp);
        }
        // SAFETY: as for the key in `next_key_seed`
        let value = unsafe {
            Borrowed::from_ptr(
                self.dict.py(),
                std::mem::replace(&mut self.value, std::ptr::null_mut()),
            )
        };
        let obj = Obj {
            obj: &value,
            depth: self.depth,
            budget: self.budget,
        };
        obj.spend(1)?;
        seed.deserialize(obj)
    }
}

/// A list's or tuple's items, taken by index as borrowed references: like `Entries`, sound
/// because the sequence is of an exact type and nothing here runs Python code, so it cannot
/// change while it is read. (pyo3's iterator asked Python for a length hint, through a call of
/// `operator.length_hint`, for every list: a third of the cost of reading a question with lists.)
struct Items<'a, 'b, 'py> {
    seq: &'b Bound<'py, PyAny>,
    list: bool,
    next: pyo3::ffi::Py_ssize_t,
    len: pyo3::ffi::Py_ssize_t,
    depth: usize,
    budget: &'a Cell<usize>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_, '_> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, GiveUp> {
        if self.next >= self.len {
            return Ok(None);
        }
        // SAFETY: an index below the length of an exact list or tuple that cannot change (above);
        // the item is a borrowed, non-null reference the sequence keeps alive
        let item = unsafe {
            let p = if self.list {
                pyo3::ffi::PyList_GetItem(self.seq.as_ptr(), self.next)
            } else {
                pyo3::ffi::PyTuple_GetItem(self.seq.as_ptr(), self.next)
            };
            Borrowed::from_ptr(self.seq.py(), p)
        };
        self.next += 1;
        let obj = Obj {
            obj: &item,
            depth: self.depth,
            budget: self.budget,
        };
        obj.spend(1)?;
        seed.deserialize(obj).map(Some)
    }
}

/// The columns of a table (see `ask_table` in lib.rs) as the fast path reads its rows: each
/// column a top-level key, or a fact (`facts.<name>`, as `pandas.json_normalize` names them).
pub struct RowShape {
    top: Vec<(usize, String)>,
    facts: Vec<(usize, String)>,
}

impl RowShape {
    /// The shape of these column names, when the fast path can read their rows: names without a
    /// dot, and `facts.<name>` with no dot in the name and no `facts` column beside them.
    pub fn of(names: &[String]) -> Option<RowShape> {
        let mut shape = RowShape {
            top: Vec::new(),
            facts: Vec::new(),
        };
        for (i, n) in names.iter().enumerate() {
            match n.split_once('.') {
                None => shape.top.push((i, n.clone())),
                Some(("facts", fact)) if !fact.contains('.') => {
                    shape.facts.push((i, fact.to_string()))
                }
                Some(_) => return None,
            }
        }
        let facts_column = shape.top.iter().any(|(_, n)| n == "facts");
        (!facts_column || shape.facts.is_empty()).then_some(shape)
    }
}

/// Row `r` of a table read straight into the typed question, or `None` (the row then takes the
/// full path, which gives the exact error): a missing cell (None) leaves its key out, as there.
pub fn read_row(shape: &RowShape, values: &[Bound<'_, PyList>], r: usize) -> Option<Question> {
    let py = values.first()?.py();
    let _ = crate::convert::date_types(py);
    let cell = |c: usize| {
        values
            .get(c)
            .and_then(|col| col.get_item(r).ok())
            .filter(|v| !v.is_none())
    };
    let top: Vec<(&str, Bound<'_, PyAny>)> = shape
        .top
        .iter()
        .filter_map(|(c, k)| cell(*c).map(|v| (k.as_str(), v)))
        .collect();
    // a `facts` cell of JSON text is parsed by the full path, not read as a string here
    if top
        .iter()
        .any(|(k, v)| *k == "facts" && !v.is_instance_of::<PyDict>())
    {
        return None;
    }
    let facts: Vec<(&str, Bound<'_, PyAny>)> = shape
        .facts
        .iter()
        .filter_map(|(c, k)| cell(*c).map(|v| (k.as_str(), v)))
        .collect();
    let budget = Cell::new(MAX_INPUT_BYTES);
    let facts = (!facts.is_empty()).then_some(facts);
    zhili::api::read_common_from(Fields {
        top: &top,
        facts: facts.as_deref(),
        depth: 0,
        budget: &budget,
    })
}

/// A map of named cells (a row's top-level fields, with its facts as a map of their own) as a
/// deserializer.
#[derive(Clone, Copy)]
struct Fields<'a, 'py> {
    top: &'a [(&'a str, Bound<'py, PyAny>)],
    facts: Option<&'a [(&'a str, Bound<'py, PyAny>)]>,
    depth: usize,
    budget: &'a Cell<usize>,
}

impl<'de> Deserializer<'de> for Fields<'_, '_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, GiveUp> {
        if self.depth + 1 >= MAX_DEPTH {
            return Err(GiveUp);
        }
        let left = self.budget.get().checked_sub(2).ok_or(GiveUp)?;
        self.budget.set(left);
        v.visit_map(FieldEntries {
            fields: self,
            next: 0,
            facts_done: self.facts.is_none(),
            value: None,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// The value of the entry whose key was read last: a cell, or the facts map.
enum Pending<'a, 'py> {
    Cell(&'a Bound<'py, PyAny>),
    Facts(&'a [(&'a str, Bound<'py, PyAny>)]),
}

struct FieldEntries<'a, 'py> {
    fields: Fields<'a, 'py>,
    next: usize,
    facts_done: bool,
    value: Option<Pending<'a, 'py>>,
}

impl<'de> MapAccess<'de> for FieldEntries<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        let f = self.fields;
        let key = if let Some((k, v)) = f.top.get(self.next) {
            self.next += 1;
            self.value = Some(Pending::Cell(v));
            *k
        } else if !self.facts_done {
            self.facts_done = true;
            self.value = f.facts.map(Pending::Facts);
            "facts"
        } else {
            return Ok(None);
        };
        let left = f
            .budget
            .get()
            .checked_sub(6 * key.len() + 4)
            .ok_or(GiveUp)?;
        f.budget.set(left);
        seed.deserialize(serde::de::value::StrDeserializer::<GiveUp>::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        let depth = self.fields.depth + 1;
        let budget = self.fields.budget;
        match self.value.take() {
            Some(Pending::Cell(obj)) => seed.deserialize(Obj { obj, depth, budget }),
            Some(Pending::Facts(facts)) => seed.deserialize(Fields {
                top: facts,
                facts: None,
                depth,
                budget,
            }),
            None => Err(GiveUp),
        }
    }
}
