//! Conversions between Python objects and the JSON values the core reads and writes. Marshalling
//! only: which facts exist and what they mean is the core's business.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};
use zhili::api::{MAX_DEPTH, MAX_INPUT_BYTES};
use zhili::question::Echo;
use zhili::{Error, Question};

extern "C" {
    // In the stable ABI from Python 3.10 on, and exported by every CPython 3 (the wheel's abi3-py39
    // floor would otherwise make pyo3 copy each string through a bytes object).
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut pyo3::ffi::PyObject,
        size: *mut pyo3::ffi::Py_ssize_t,
    ) -> *const std::os::raw::c_char;
}

/// The UTF-8 text of a `str`, without copying (None for a lone surrogate, with the Python error
/// cleared).
pub(crate) fn utf8<'a>(s: &'a Bound<'_, PyString>) -> Option<&'a str> {
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live str object; the buffer it returns is owned by `s` and lives as long as
    // it does, which the returned borrow of `s` ensures.
    let data = unsafe { PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size) };
    if data.is_null() {
        drop(PyErr::take(s.py()));
        return None;
    }
    // SAFETY: CPython returns valid UTF-8 of `size` bytes.
    Some(unsafe {
        std::str::from_utf8_unchecked(std::slice::from_raw_parts(data.cast::<u8>(), size as usize))
    })
}

/// One question as it crosses into Rust: JSON text (read by the core exactly as the CLI reads a
/// line), a question already read into its typed form, an already converted value, or an object
/// that could not be converted (with its id).
pub enum Input {
    Text(String),
    Typed(Question),
    Value(Value),
    Bad { echo: Echo, error: Error },
}

static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Converts one question object: `str` / `bytes` are JSON text, anything else is walked.
pub fn input(obj: &Bound<'_, PyAny>) -> Input {
    if let Ok(s) = obj.cast::<PyString>() {
        return match utf8(s) {
            Some(t) => Input::Text(t.to_string()),
            None => Input::Bad {
                echo: Echo::default(),
                error: Error::InvalidJson(
                    "a str that is not valid Unicode (lone surrogates)".into(),
                ),
            },
        };
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return match std::str::from_utf8(b.as_bytes()) {
            Ok(t) => Input::Text(t.to_string()),
            Err(e) => Input::Bad {
                echo: Echo::default(),
                error: Error::not_utf8(e),
            },
        };
    }
    // a dict of the common shape is read straight into a typed question; anything else is walked
    if obj.is_instance_of::<PyDict>() {
        if let Some(q) = crate::de::read(obj) {
            return Input::Typed(q);
        }
    }
    match to_value(obj) {
        Ok(v) => Input::Value(v),
        Err(error) => Input::Bad {
            echo: echo_of(obj),
            error,
        },
    }
}

/// What an error answer keeps of a question object that could not be converted: its `id`, `kind`
/// and `regulation` when they are plainly readable strings (a dict without a regulation is about
/// `all`, as the core echoes a JSON object), as the core keeps them of JSON text.
fn echo_of(obj: &Bound<'_, PyAny>) -> Echo {
    let Ok(d) = obj.cast::<PyDict>() else {
        return Echo::default();
    };
    let text = |k: &str| {
        d.get_item(k).ok().flatten().and_then(|v| {
            v.cast::<PyString>()
                .ok()
                .and_then(|s| utf8(s).map(str::to_string))
        })
    };
    let regulation = match d.get_item("regulation").ok().flatten() {
        None => Some("all".to_string()),
        Some(v) if v.is_none() => Some("all".to_string()),
        Some(_) => text("regulation"),
    };
    Echo {
        id: text("id").unwrap_or_default(),
        kind: text("kind"),
        regulation,
    }
}

/// Walks a Python object into a JSON value, with the core's limits: nesting deeper than
/// `MAX_DEPTH` is `invalid-json`, a question larger than `MAX_INPUT_BYTES` as compact JSON is
/// `too-large`. Dates (`datetime.date`, and a `datetime.datetime` at midnight without a time zone)
/// become `YYYY-MM-DD`; another `datetime` becomes its ISO text, which the core refuses as an
/// invalid date. A NaN or infinite float, a non-string key or an object of another type is
/// `invalid-json`: none of them has a JSON form.
pub fn to_value(obj: &Bound<'_, PyAny>) -> Result<Value, Error> {
    let mut w = Walker { size: 0 };
    let v = w.walk(obj, 0)?;
    // `size` is a lower bound of the compact JSON length; measure exactly when it is near the limit
    if w.size > MAX_INPUT_BYTES / 2 {
        let exact = serde_json::to_vec(&v)
            .map(|b| b.len())
            .unwrap_or(usize::MAX);
        if exact > MAX_INPUT_BYTES {
            return Err(too_large(exact, false));
        }
    }
    Ok(v)
}

fn too_large(n: usize, at_least: bool) -> Error {
    let prefix = if at_least { "at least " } else { "" };
    Error::TooLarge(format!(
        "{prefix}{n} bytes as JSON; the limit is {MAX_INPUT_BYTES}"
    ))
}

struct Walker {
    size: usize,
}

impl Walker {
    fn grow(&mut self, n: usize) -> Result<(), Error> {
        self.size += n;
        if self.size > MAX_INPUT_BYTES {
            Err(too_large(self.size, true))
        } else {
            Ok(())
        }
    }

    fn string(&mut self, s: &Bound<'_, PyString>) -> Result<String, Error> {
        let t = utf8(s)
            .ok_or_else(|| Error::InvalidJson("a string that is not valid Unicode".into()))?;
        self.grow(t.len() + 3)?;
        Ok(t.to_string())
    }

    fn walk(&mut self, obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Error> {
        // the common cases first, by exact type
        if obj.is_exact_instance_of::<PyString>() {
            return Ok(Value::String(self.string(obj.cast::<PyString>().unwrap())?));
        }
        if obj.is_none() {
            self.grow(4)?;
            return Ok(Value::Null);
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            self.grow(5)?;
            return Ok(Value::Bool(b.is_true()));
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            if depth >= MAX_DEPTH {
                return Err(too_deep());
            }
            self.grow(2)?;
            let mut m = Map::new();
            // a snapshot of the entries: reading a value may run Python code (a date subclass's
            // `isoformat`) that changes the dict, which would end pyo3's iterator in a panic
            let items = d.items();
            for item in items.iter() {
                let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item
                    .extract()
                    .map_err(|e: PyErr| Error::InvalidJson(e.to_string()))?;
                let key = match k.cast::<PyString>() {
                    Ok(s) => self.string(s)?,
                    Err(_) => {
                        return Err(Error::InvalidJson(format!(
                            "object keys must be strings, not {}",
                            type_name(&k)
                        )))
                    }
                };
                let value = self.walk(&v, depth + 1)?;
                m.insert(key, value);
            }
            return Ok(Value::Object(m));
        }
        if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            if depth >= MAX_DEPTH {
                return Err(too_deep());
            }
            self.grow(2)?;
            let mut out = Vec::new();
            for item in obj
                .try_iter()
                .map_err(|e| Error::InvalidJson(e.to_string()))?
            {
                let item = item.map_err(|e| Error::InvalidJson(e.to_string()))?;
                out.push(self.walk(&item, depth + 1)?);
            }
            return Ok(Value::Array(out));
        }
        if let Ok(i) = obj.cast::<PyInt>() {
            self.grow(8)?;
            if let Ok(n) = i.extract::<i64>() {
                return Ok(Value::Number(n.into()));
            }
            if let Ok(n) = i.extract::<u64>() {
                return Ok(Value::Number(n.into()));
            }
            // beyond 64 bits: as the core's JSON reader takes such a number, a float
            let f: f64 = i
                .extract()
                .map_err(|_| Error::InvalidJson("an integer too large for JSON".into()))?;
            return float(f);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            self.grow(8)?;
            return float(f.value());
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(Value::String(self.string(s)?));
        }
        // numpy's and pandas' scalars, as a DataFrame's cells and values give them
        match foreign_scalar(obj) {
            Foreign::Missing => {
                self.grow(4)?;
                return Ok(Value::Null);
            }
            Foreign::Plain(v) if depth < MAX_DEPTH => return self.walk(&v, depth + 1),
            Foreign::Plain(_) => return Err(too_deep()),
            Foreign::Other => {}
        }
        if let Some(text) = date_text(obj) {
            self.grow(12)?;
            return Ok(Value::String(text?));
        }
        Err(Error::InvalidJson(format!(
            "a value of type {} has no JSON form (use str, int, float, bool, None, list, dict, datetime.date, or a numpy or pandas scalar)",
            type_name(obj)
        )))
    }
}

/// What a value of a numpy or pandas scalar type stands for.
enum Foreign<'py> {
    /// pandas' missing values `pd.NA` and `pd.NaT`: unknown, as None is.
    Missing,
    /// A numpy scalar (`numpy.bool_`, `numpy.int64`, `numpy.float32`, `numpy.str_`,
    /// `numpy.datetime64` ...) as the plain Python value its `item()` gives.
    Plain(Bound<'py, PyAny>),
    /// Anything else.
    Other,
}

/// Tells numpy's and pandas' scalars by their type's module, without importing either.
fn foreign_scalar<'py>(obj: &Bound<'py, PyAny>) -> Foreign<'py> {
    let ty = obj.get_type();
    let Ok(module) = ty.module() else {
        return Foreign::Other;
    };
    let Some(module) = module.cast::<PyString>().ok().and_then(|m| utf8(m)) else {
        return Foreign::Other;
    };
    if module.starts_with("pandas") {
        let name = ty.name().map(|n| n.to_string()).unwrap_or_default();
        if name == "NAType" || name == "NaTType" {
            return Foreign::Missing;
        }
    } else if module == "numpy" {
        // a scalar (or a 0-d array) only: an array's item() would take its one element for it
        let scalar = obj
            .getattr("ndim")
            .and_then(|n| n.extract::<i64>())
            .is_ok_and(|n| n == 0);
        if !scalar {
            return Foreign::Other;
        }
        if let Ok(v) = obj.call_method0("item") {
            // an item of the same type again would not end (no numpy type does that)
            if !v.get_type().is(&ty) {
                return Foreign::Plain(v);
            }
        }
    }
    Foreign::Other
}

/// Whether `obj` is exactly a `datetime.date` or `datetime.datetime` (not a subclass), told by
/// its type alone.
pub(crate) fn is_exact_date(obj: &Bound<'_, PyAny>) -> bool {
    let ty = obj.get_type();
    date_types(obj.py()).iter().flatten().any(|t| ty.is(t))
}

/// `datetime.datetime` and `datetime.date`, imported on first use (which runs Python code: call
/// it before reading objects that must not change meanwhile).
pub(crate) fn date_types(py: Python<'_>) -> [PyResult<&Bound<'_, PyType>>; 2] {
    [(&DATETIME, "datetime"), (&DATE, "date")].map(|(cell, name)| cell.import(py, "datetime", name))
}

/// The text of a `datetime.date` (`YYYY-MM-DD`) or `datetime.datetime` (see `datetime_text`);
/// `None` for an object of another type.
pub(crate) fn date_text(obj: &Bound<'_, PyAny>) -> Option<Result<String, Error>> {
    // datetime is a subclass of date, so it is checked first
    let [datetime, date] = date_types(obj.py());
    let is = |t: PyResult<&Bound<'_, PyType>>| {
        t.map(|t| obj.is_instance(t).unwrap_or(false))
            .map_err(|e| Error::InvalidJson(e.to_string()))
    };
    match is(datetime) {
        Ok(true) => return Some(datetime_text(obj)),
        Ok(false) => {}
        Err(e) => return Some(Err(e)),
    }
    match is(date) {
        Ok(true) => Some(iso(obj)),
        Ok(false) => None,
        Err(e) => Some(Err(e)),
    }
}

fn too_deep() -> Error {
    Error::InvalidJson(format!("nested deeper than {MAX_DEPTH} levels"))
}

fn float(f: f64) -> Result<Value, Error> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| Error::InvalidJson(format!("{f} has no JSON form")))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

fn iso(obj: &Bound<'_, PyAny>) -> Result<String, Error> {
    obj.call_method0("isoformat")
        .and_then(|s| s.extract::<String>())
        .map_err(|e| Error::InvalidDate(e.to_string()))
}

/// A `datetime` names a day when it is midnight without a time zone (a pandas `Timestamp` read
/// from a date column); otherwise its ISO text goes to the core, which refuses it.
fn datetime_text(obj: &Bound<'_, PyAny>) -> Result<String, Error> {
    let midnight = ["hour", "minute", "second", "microsecond"].iter().all(|a| {
        obj.getattr(*a)
            .and_then(|v| v.extract::<i64>())
            .is_ok_and(|v| v == 0)
    }) && obj.getattr("tzinfo").is_ok_and(|t| t.is_none());
    if midnight {
        obj.call_method0("date")
            .map_err(|e| Error::InvalidDate(e.to_string()))
            .and_then(|d| iso(&d))
    } else {
        iso(obj)
    }
}

/// A JSON value as plain Python objects (dict, list, str, int, float, bool, None).
pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let list = PyList::empty(py);
            for x in a {
                list.append(to_py(py, x)?)?;
            }
            list.into_any()
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(k, to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// Any serialisable value of the core as plain Python objects.
pub fn ser_to_py<'py, T: serde::Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(v)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    to_py(py, &value)
}

/// A list of strings.
pub fn str_list<'py>(py: Python<'py>, v: &[zhili::answer::Text]) -> PyResult<Bound<'py, PyAny>> {
    Ok(PyList::new(py, v.iter().map(|s| &**s))?.into_any())
}

/// Conditions as a list of dicts, built directly (the frame's hot path; the same as
/// `ser_to_py(conditions)`, which a test checks through `Answer.conditions`).
pub fn conditions_to_py<'py>(
    py: Python<'py>,
    conds: &[zhili::answer::Condition],
) -> PyResult<Bound<'py, PyAny>> {
    let list = PyList::empty(py);
    for c in conds {
        let d = PyDict::new(py);
        d.set_item(pyo3::intern!(py, "text_zh"), &c.text_zh)?;
        d.set_item(pyo3::intern!(py, "text_en"), &c.text_en)?;
        d.set_item(
            pyo3::intern!(py, "citations"),
            PyList::new(py, &c.citations)?,
        )?;
        if c.either_or {
            d.set_item(pyo3::intern!(py, "either_or"), true)?;
        }
        if let Some(g) = c.group {
            d.set_item(pyo3::intern!(py, "group"), g)?;
        }
        list.append(d)?;
    }
    Ok(list.into_any())
}
