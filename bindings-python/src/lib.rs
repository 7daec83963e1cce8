//! `zhili._zhili`: the native part of the `zhili` Python package, a thin layer over `zhili::api`.
//! It converts questions in, answers out, and raises the core's errors as the package's exception
//! classes; every decision is the core's. The Python-facing API (documented and typed) is in
//! `python/zhili/`.

// Answers are boxed on the answering threads, in vectors, so that the Python thread moves pointers
// and not 440-byte answers (see `boxed_answers`).
#![allow(clippy::vec_box)]

mod convert;
mod corpus;
mod de;
mod frame;
mod graveyard;
mod pool;

use convert::{ser_to_py, str_list, to_py, Input};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyString};
use serde_json::Value;
use std::mem::ManuallyDrop;
use std::sync::{mpsc, Arc, Mutex};
use zhili::answer::Answer;
use zhili::api::{self, AskOptions, Explain};
use zhili::Error;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Batches smaller than this are answered on the calling thread (spawning costs more).
const MIN_PER_THREAD: usize = 256;

static ERROR_FOR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The Python exception for a core error: `zhili.<Class>(message)` with `.code`, through
/// `zhili._errors.error_for` (one class per code of `Error::CODES`).
fn py_err(py: Python<'_>, code: &str, message: &str, answer: Option<Py<PyAnswer>>) -> PyErr {
    let made = ERROR_FOR
        .get_or_try_init(py, || -> PyResult<Py<PyAny>> {
            Ok(py.import("zhili._errors")?.getattr("error_for")?.unbind())
        })
        .and_then(|f| f.bind(py).call1((code, message, answer)));
    match made {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

fn core_err(py: Python<'_>, e: &Error) -> PyErr {
    py_err(py, e.code(), &e.to_string(), None)
}

fn explain_of(py: Python<'_>, explain: &str) -> PyResult<AskOptions> {
    let explain: Explain = explain.parse().map_err(|e: Error| core_err(py, &e))?;
    Ok(AskOptions { explain })
}

/// Evaluates one converted question (no Python objects involved: runs without the GIL).
fn evaluate(input: &Input, opts: &AskOptions) -> Answer {
    match input {
        Input::Text(t) => api::ask(t, opts),
        Input::Typed(q) => api::ask_question(q, opts),
        Input::Value(v) => api::ask_value(v, opts),
        Input::Bad { echo, error } => {
            // the regulation as its key when the corpus knows the name, as the core echoes it
            let regulation = echo.regulation.as_ref().map(|name| {
                api::structure(name).map_or_else(|_| name.clone(), |r| r.meta.key.clone())
            });
            Answer::from_error(echo.id.clone(), error)
                .echoing(echo.kind.clone(), regulation)
                .with_explain(opts.explain)
        }
    }
}

/// Questions per block handed to a worker thread.
const BLOCK: usize = 256;

/// What a worker makes of one block of questions: the boxed answers (`ask_many`) or frame
/// columns (`frame::Block`).
type Work<R> = fn(&[Input], &AskOptions) -> R;

/// The boxed answers of a block.
fn boxed_answers(inputs: &[Input], opts: &AskOptions) -> Vec<Box<Answer>> {
    inputs.iter().map(|q| Box::new(evaluate(q, opts))).collect()
}

/// Reports progress to a Python callable (given the number of questions answered since its last
/// call), at most ten times a second and once at the end.
struct Progress<'py> {
    call: Option<Bound<'py, PyAny>>,
    pending: usize,
    last: std::time::Instant,
}

impl<'py> Progress<'py> {
    fn new(call: Option<Bound<'py, PyAny>>) -> Progress<'py> {
        Progress {
            call: call.filter(|c| !c.is_none()),
            pending: 0,
            last: std::time::Instant::now(),
        }
    }

    fn add(&mut self, n: usize) -> PyResult<()> {
        self.pending += n;
        if self.last.elapsed() >= std::time::Duration::from_millis(100) {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> PyResult<()> {
        if let (Some(call), true) = (&self.call, self.pending > 0) {
            call.call1((self.pending,))?;
        }
        self.pending = 0;
        self.last = std::time::Instant::now();
        Ok(())
    }
}

/// Answers questions in order as they are converted, making `work`'s result of each block of
/// `BLOCK` questions. With one thread (or a small batch) the calling thread converts a few
/// blocks, answers them without the GIL, and goes on. Otherwise it converts (it
/// holds the GIL: they are Python objects) and hands blocks to `threads` long-lived threads of
/// the pool (pool.rs), which answer them meanwhile without it: converting and answering overlap.
/// Between blocks it checks for signals (Ctrl-C raises `KeyboardInterrupt` within milliseconds)
/// and reports progress.
fn answer_inputs<R: Send + 'static>(
    py: Python<'_>,
    inputs: impl Iterator<Item = PyResult<Input>>,
    opts: &AskOptions,
    threads: usize,
    work: Work<R>,
    progress: &mut Progress<'_>,
) -> PyResult<Vec<R>> {
    // no more threads than a batch of known size keeps busy (spawning costs more)
    let threads = match inputs.size_hint().1 {
        Some(n) => threads.clamp(1, 64).min(n / MIN_PER_THREAD).max(1),
        None => threads.clamp(1, 64),
    };
    if threads == 1 {
        // a chunk at a time: converted with the GIL, answered without it (so that other Python
        // threads run meanwhile), then a check for signals
        let mut inputs = inputs;
        let mut out: Vec<R> = Vec::new();
        loop {
            let mut chunk = Vec::with_capacity(16 * BLOCK);
            for input in inputs.by_ref().take(16 * BLOCK) {
                match input {
                    Ok(q) => chunk.push(q),
                    Err(e) => {
                        graveyard::bury_all(out);
                        return Err(e);
                    }
                }
            }
            if chunk.is_empty() {
                break;
            }
            let made: Vec<R> = py.detach(|| chunk.chunks(BLOCK).map(|b| work(b, opts)).collect());
            out.extend(made);
            // on an interrupt (or an error), what was made is freed off this thread: freeing
            // millions of answers here would hold the exception back
            if let Err(e) = py.check_signals().and_then(|()| progress.add(chunk.len())) {
                graveyard::bury_all(out);
                return Err(e);
            }
        }
        progress.flush()?;
        return Ok(out);
    }
    // a bounded queue: conversion, the quicker part, waits for the workers instead of piling up
    let (jobs, queue) = mpsc::sync_channel::<(usize, Vec<Input>)>(2 * threads);
    let queue = Arc::new(Mutex::new(queue));
    // the answers come back with their questions, freed here: the thread that allocated them
    // then reuses their memory at once (freed on the workers, it came back slowly, and the
    // conversion kept faulting in fresh pages)
    let (done, results) = mpsc::channel::<Answered<R>>();
    let opts = *opts;
    let tasks = (0..threads)
        .map(|_| {
            let (queue, done) = (Arc::clone(&queue), done.clone());
            Box::new(move || loop {
                let job = queue
                    .lock()
                    .map_err(drop)
                    .and_then(|q| q.recv().map_err(drop));
                let Ok((i, block)) = job else { break };
                let made = work(&block, &opts);
                if done.send((i, made, block)).is_err() {
                    break;
                }
            }) as pool::Job
        })
        .collect();
    drop(queue);
    drop(done);
    pool::run(threads, tasks).map_err(|e| PyRuntimeError::new_err(format!("zhili: {e}")))?;
    let mut blocks = Vec::new();
    let fed = feed(py, inputs, &jobs, &results, &mut blocks, progress);
    drop(jobs); // the tasks end when the queue is empty
    let sent = match fed {
        Ok(sent) => sent,
        Err(e) => {
            graveyard::bury_all(blocks);
            return Err(e);
        }
    };
    // the blocks still being answered: a few at most (the queue is bounded)
    let mut results = results;
    while blocks.len() < sent {
        // (the receiver is moved in and out: it may not be shared with the detached closure)
        let (got, back) = py.detach(move || {
            let got = results.recv_timeout(std::time::Duration::from_millis(50));
            (got, results)
        });
        results = back;
        let checked = match got {
            Ok((i, made, block)) => {
                blocks.push((i, made));
                progress.add(block.len())
            }
            Err(mpsc::RecvTimeoutError::Timeout) => py.check_signals(),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        if let Err(e) = checked {
            graveyard::bury_all(blocks);
            return Err(e);
        }
    }
    if let Err(e) = progress.flush() {
        graveyard::bury_all(blocks);
        return Err(e);
    }
    in_order(blocks, sent)
}

/// What a worker made of a block, with the block's questions.
type Answered<R> = (usize, R, Vec<Input>);

/// The results of blocks 0..sent, in order; an error when one is missing.
fn in_order<R>(mut blocks: Vec<(usize, R)>, sent: usize) -> PyResult<Vec<R>> {
    if blocks.len() != sent {
        return Err(PyRuntimeError::new_err(
            "zhili: an answering thread stopped before its answers were done",
        ));
    }
    blocks.sort_unstable_by_key(|(i, _)| *i);
    Ok(blocks.into_iter().map(|(_, a)| a).collect())
}

/// Converts questions into blocks and queues them, without the GIL while the queue is full, and
/// returns how many blocks it queued. Blocks answered meanwhile are taken from `results` into
/// `answered`. Checks for signals after each block.
fn feed<R>(
    py: Python<'_>,
    inputs: impl Iterator<Item = PyResult<Input>>,
    jobs: &mpsc::SyncSender<(usize, Vec<Input>)>,
    results: &mpsc::Receiver<Answered<R>>,
    answered: &mut Vec<(usize, R)>,
    progress: &mut Progress<'_>,
) -> PyResult<usize> {
    let mut block = Vec::with_capacity(BLOCK);
    let mut n = 0;
    let mut send = |block: Vec<Input>, n: &mut usize| {
        let job = (*n, block);
        *n += 1;
        match jobs.try_send(job) {
            Ok(()) => Ok(()),
            Err(mpsc::TrySendError::Full(job)) => py.detach(|| jobs.send(job)).map_err(drop),
            Err(mpsc::TrySendError::Disconnected(_)) => Err(()),
        }
        .map_err(|()| PyRuntimeError::new_err("zhili: the answering threads stopped"))?;
        // the questions answered meanwhile are freed here (see `answer_inputs`)
        for (i, made, block) in results.try_iter() {
            progress.add(block.len())?;
            answered.push((i, made));
        }
        py.check_signals()
    };
    for input in inputs {
        block.push(input?);
        if block.len() == BLOCK {
            send(
                std::mem::replace(&mut block, Vec::with_capacity(BLOCK)),
                &mut n,
            )?;
        }
    }
    if !block.is_empty() {
        send(block, &mut n)?;
    }
    Ok(n)
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The questions of an iterable, converted one by one as they are taken (with the GIL: they are
/// Python objects).
fn inputs_of<'a, 'py>(
    questions: &'a Bound<'py, PyAny>,
) -> PyResult<Box<dyn Iterator<Item = PyResult<Input>> + 'a>> {
    if let Ok(list) = questions.cast::<PyList>() {
        return Ok(Box::new(list.iter().map(|q| Ok(convert::input(&q)))));
    }
    if questions.is_instance_of::<PyString>() || questions.is_instance_of::<PyDict>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "ask_many takes an iterable of questions; for one question use ask()",
        ));
    }
    // bytes iterate as ints: one error answer per byte, never what was meant
    if questions.is_instance_of::<PyBytes>()
        || questions.is_instance_of::<PyByteArray>()
        || questions.is_instance_of::<PyMemoryView>()
    {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "ask_many takes an iterable of questions, not bytes: decode JSON Lines into one \
             string per question (or use ask() for one question)",
        ));
    }
    Ok(Box::new(
        questions.try_iter()?.map(|q| q.map(|q| convert::input(&q))),
    ))
}

/// The number of answering threads: `None` is every core; anything below 1 is a `ValueError`.
fn threads_of(threads: Option<i64>) -> PyResult<usize> {
    match threads {
        None => Ok(default_threads()),
        Some(n) if n >= 1 => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        Some(n) => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "threads must be 1 or more (None for one per core), not {n}"
        ))),
    }
}

/// Converts questions, answers them without the GIL, and makes `work`'s result of each block.
fn answer_many<R: Send + 'static>(
    py: Python<'_>,
    questions: &Bound<'_, PyAny>,
    explain: &str,
    threads: Option<i64>,
    work: Work<R>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Vec<R>> {
    let opts = explain_of(py, explain)?;
    let threads = threads_of(threads)?;
    let inputs = inputs_of(questions)?;
    answer_inputs(
        py,
        inputs,
        &opts,
        threads,
        work,
        &mut Progress::new(progress),
    )
}

/// An answer of the core (spec QUERIES.md), read lazily: each attribute is converted to Python
/// objects when it is asked for.
#[pyclass(module = "zhili", name = "Answer", frozen)]
pub struct PyAnswer {
    /// Taken out only by `Drop`, which hands it to `graveyard` to be freed off this thread.
    inner: ManuallyDrop<Box<Answer>>,
    /// `conditions` as Python objects, made on the first read.
    conditions: PyOnceLock<Py<PyAny>>,
}

impl PyAnswer {
    fn new(inner: Answer) -> PyAnswer {
        PyAnswer::boxed(Box::new(inner))
    }

    /// An answer made on an answering thread is boxed there: the Python thread then moves a
    /// pointer, not the answer (440 bytes).
    fn boxed(inner: Box<Answer>) -> PyAnswer {
        PyAnswer {
            inner: ManuallyDrop::new(inner),
            conditions: PyOnceLock::new(),
        }
    }
}

impl Drop for PyAnswer {
    fn drop(&mut self) {
        // SAFETY: `inner` is not used again: this is the object's drop.
        graveyard::bury(unsafe { ManuallyDrop::take(&mut self.inner) });
    }
}

#[pymethods]
impl PyAnswer {
    /// The question's `id` (`""` when it had none).
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// The question kind, e.g. `assign-to-committee` (None for an error answer).
    #[getter]
    fn kind(&self) -> Option<&str> {
        self.inner.kind.as_deref()
    }

    /// The regulation key the answer is about, or `all`.
    #[getter]
    fn regulation(&self) -> Option<&str> {
        self.inner.regulation.as_deref()
    }

    /// `permitted`, `prohibited`, `conditional`, `not-governed`, `not-in-force`, `yes`, `no`,
    /// `error`, a text, a number, a list or a mapping, depending on the kind.
    #[getter]
    fn verdict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.verdict)
    }

    /// The open requirements, each `{text_zh, text_en, citations[, either_or, group]}`; made on
    /// the first read and the same list after that.
    #[getter]
    fn conditions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.conditions
            .get_or_try_init(py, || {
                convert::conditions_to_py(py, &self.inner.conditions).map(Bound::unbind)
            })
            .map(|c| c.bind(py).clone())
    }

    /// The provisions the verdict rests on, e.g. `["dalian:24:1"]`.
    #[getter]
    fn citations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        str_list(py, &self.inner.citations)
    }

    /// For a regulation not in force: the evaluation as if it applied (`verdict`, `conditions`,
    /// `citations`, `sanction`), else None.
    #[getter]
    fn whatif<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.whatif)
    }

    /// For liability: who sanctions whom, how, and under which provisions; else None.
    #[getter]
    fn sanction<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.sanction)
    }

    /// Other defensible values where the text allows more than one reading.
    #[getter]
    fn alternatives<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.alternatives)
    }

    /// `{steps, summary_zh, summary_en}`; how much of it is filled depends on `explain`.
    #[getter]
    fn explanation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.explanation)
    }

    /// `{code, message}` for a question that could not be answered, else None.
    #[getter]
    fn error<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.error)
    }

    /// The error code (`invalid-date`, ...) of an error answer, else None.
    #[getter]
    fn error_code(&self) -> Option<&str> {
        self.inner.error.as_ref().map(|e| e.code.as_str())
    }

    /// True unless this is an error answer.
    #[getter]
    fn ok(&self) -> bool {
        self.inner.error.is_none()
    }

    /// The whole answer as plain Python objects, in the shape of the JSON contract.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &*self.inner)
    }

    /// The answer as JSON text: one line, exactly what `zhili ask --jsonl` prints, or indented.
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        let text = match indent {
            None => serde_json::to_string(&*self.inner),
            Some(n) => {
                let pad = " ".repeat(n);
                let mut buf = Vec::new();
                let fmt = serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes());
                let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
                serde::Serialize::serialize(&*self.inner, &mut ser)
                    .map(|()| String::from_utf8(buf).expect("JSON is UTF-8"))
            }
        };
        text.map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// Raises the answer's error as its exception class (`zhili.InvalidDate`, ...) if it is an
    /// error answer; returns the answer otherwise.
    fn raise_for_error(slf: Bound<'_, Self>) -> PyResult<Bound<'_, Self>> {
        let py = slf.py();
        if let Some(e) = &slf.get().inner.error {
            return Err(py_err(py, &e.code, &e.message, Some(slf.clone().unbind())));
        }
        Ok(slf)
    }

    /// Answers are not pickled (they are rebuilt only by the core): pickle `to_dict()`, or return
    /// frames from worker processes (`answers_frame`).
    fn __reduce__(&self) -> PyResult<()> {
        Err(pyo3::exceptions::PyTypeError::new_err(
            "zhili.Answer cannot be pickled: pickle answer.to_dict() (or use answers_frame) instead",
        ))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyAnswer>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        let a = &self.inner;
        let s = |o: &Option<zhili::answer::Text>| {
            o.as_deref().map_or("None".into(), |x| format!("{x:?}"))
        };
        let mut out = format!(
            "Answer(id={:?}, kind={}, regulation={}, verdict={}",
            a.id,
            s(&a.kind),
            s(&a.regulation),
            a.verdict
        );
        if let Some(e) = &a.error {
            out.push_str(&format!(
                ", error={:?}",
                format!("{}: {}", e.code, e.message)
            ));
        } else {
            if !a.conditions.is_empty() {
                let c: Vec<&str> = a.conditions.iter().map(|c| &*c.text_en).collect();
                out.push_str(&format!(", conditions={c:?}"));
            }
            out.push_str(&format!(", citations={:?}", a.citations));
            if let Some(w) = &a.whatif {
                out.push_str(&format!(", whatif={}", w.verdict));
            }
            if a.sanction.is_some() {
                out.push_str(", sanction=...");
            }
        }
        out.push(')');
        out
    }
}

fn wrap(py: Python<'_>, answers: Vec<Vec<Box<Answer>>>) -> PyResult<Bound<'_, PyList>> {
    let n = answers.iter().map(Vec::len).sum();
    without_gc(py, n, || {
        let list = PyList::empty(py);
        let mut answers = answers.into_iter().flatten();
        let mut i = 0usize;
        while let Some(inner) = answers.next() {
            let made = Bound::new(py, PyAnswer::boxed(inner)).and_then(|a| list.append(a));
            i += 1;
            let checked = made.and_then(|()| match i % 65536 {
                0 => py.check_signals(),
                _ => Ok(()),
            });
            if let Err(e) = checked {
                // the answers not wrapped yet are freed off this thread (see `answer_inputs`)
                graveyard::bury_all(answers.collect::<Vec<_>>());
                return Err(e);
            }
        }
        Ok(list)
    })
}

/// Runs `f`, which makes `n` Python objects, with Python's cyclic garbage collector paused when
/// `n` is large. The objects cannot form cycles, and without the pause every 700 of them would
/// start a collection that walks every object the interpreter tracks (the caller's questions
/// too). The collector's previous state is restored, whatever `f` returns.
fn without_gc<T>(py: Python<'_>, n: usize, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    if n < 10_000 {
        return f();
    }
    let gc = py.import(pyo3::intern!(py, "gc"))?;
    let enabled = gc
        .call_method0(pyo3::intern!(py, "isenabled"))?
        .is_truthy()?;
    if enabled {
        gc.call_method0(pyo3::intern!(py, "disable"))?;
    }
    let out = f();
    if enabled {
        gc.call_method0(pyo3::intern!(py, "enable"))?;
    }
    out
}

/// Answers one question (a dict, or JSON text); never raises for a bad question: it gets an
/// error answer.
#[pyfunction]
#[pyo3(signature = (question, explain = "full"))]
fn ask(py: Python<'_>, question: &Bound<'_, PyAny>, explain: &str) -> PyResult<PyAnswer> {
    let opts = explain_of(py, explain)?;
    let input = convert::input(question);
    let inner = py.detach(|| evaluate(&input, &opts));
    Ok(PyAnswer::new(inner))
}

/// Answers many questions in one call, in order, evaluated without the GIL and across `threads`
/// threads (default: the available cores); a bad question gets an error answer in its place.
/// `progress`, when given, is called with the number of questions answered since its last call.
#[pyfunction]
#[pyo3(signature = (questions, explain = "full", threads = None, progress = None))]
fn ask_many<'py>(
    py: Python<'py>,
    questions: &Bound<'py, PyAny>,
    explain: &str,
    threads: Option<i64>,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let answers = answer_many(py, questions, explain, threads, boxed_answers, progress)?;
    wrap(py, answers)
}

/// Answers questions and returns the frame columns (see `frame::to_python`); `zhili.answers_frame`
/// and `zhili.answers_arrow` build the DataFrame or Arrow table. `arrow` asks for the ids as
/// Arrow buffers instead of a list of str.
#[pyfunction]
#[pyo3(signature = (questions, explain = "none", threads = None, progress = None, arrow = false))]
fn ask_columns<'py>(
    py: Python<'py>,
    questions: &Bound<'py, PyAny>,
    explain: &str,
    threads: Option<i64>,
    progress: Option<Bound<'py, PyAny>>,
    arrow: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let blocks = answer_many(py, questions, explain, threads, frame::Block::of, progress)?;
    frame::to_python(py, blocks, arrow)
}

/// Answers the rows of a table given as column names and equally long lists of values: a name
/// `a.b` is key `b` of object `a` (as `pandas.json_normalize` writes nested questions), so
/// `facts.assigner` is the fact `assigner`; a `facts` cell is a dict or its JSON text; None (a
/// missing value) leaves the key out, which for a fact means unknown. Returns the frame columns.
#[pyfunction]
#[pyo3(signature = (names, values, explain = "none", threads = None, progress = None, arrow = false))]
fn ask_table<'py>(
    py: Python<'py>,
    names: Vec<String>,
    values: Vec<Bound<'py, PyList>>,
    explain: &str,
    threads: Option<i64>,
    progress: Option<Bound<'py, PyAny>>,
    arrow: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let opts = explain_of(py, explain)?;
    let threads = threads_of(threads)?;
    if names.len() != values.len() {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "one list of values per column name",
        ));
    }
    let rows = values.first().map_or(0, |c| c.len());
    if values.iter().any(|c| c.len() != rows) {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "every column must have as many values as the first",
        ));
    }
    let paths: Vec<Vec<&str>> = names.iter().map(|n| n.split('.').collect()).collect();
    // rows of the common shape are read straight into typed questions, the others (and those
    // the fast path gives up on) through a JSON value, as the core reads it
    let shape = de::RowShape::of(&names);
    let inputs = (0..rows).map(|r| {
        let typed = shape.as_ref().and_then(|s| de::read_row(s, &values, r));
        match typed {
            Some(q) => Ok(Input::Typed(q)),
            None => row_input(&paths, &values, r),
        }
    });
    let mut progress = Progress::new(progress);
    let blocks = answer_inputs(py, inputs, &opts, threads, frame::Block::of, &mut progress)?;
    frame::to_python(py, blocks, arrow)
}

/// Row `r` of a table (see `ask_table`) as a question.
fn row_input(paths: &[Vec<&str>], values: &[Bound<'_, PyList>], r: usize) -> PyResult<Input> {
    let mut q = Value::Object(Default::default());
    let mut failed = None;
    for (path, col) in paths.iter().zip(values) {
        let cell = col.get_item(r)?;
        if cell.is_none() {
            continue; // a missing value: the key is absent (json_normalize fills NaN for it)
        }
        let value = match (path.as_slice(), cell.cast::<PyString>()) {
            // a `facts` cell may hold the JSON text of the facts (what survives Dask's
            // string conversion, CSV and Parquet), read as the core reads JSON
            (["facts"], Ok(text)) => zhili::api::parse_json(&text.to_cow()?),
            _ => convert::to_value(&cell),
        };
        match value.and_then(|v| place(&mut q, path, v)) {
            Ok(()) => {}
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    Ok(match failed {
        None => Input::Value(q),
        Some(error) => Input::Bad {
            echo: zhili::question::Echo::of_value(&q),
            error,
        },
    })
}

/// Puts `v` at `path` inside the object `q`, creating objects on the way; a cell that is an object
/// itself (a `facts` column of dicts) is merged with the dotted columns beside it.
fn place(q: &mut Value, path: &[&str], v: Value) -> Result<(), Error> {
    let (last, init) = path.split_last().expect("split gives one part at least");
    let mut at = q;
    for p in init {
        let obj = at.as_object_mut().expect("only objects are walked into");
        let slot = obj
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Default::default()));
        if !slot.is_object() {
            return Err(Error::InvalidQuestion(format!(
                "column `{}` needs `{p}` to be an object",
                path.join(".")
            )));
        }
        at = slot;
    }
    let obj = at.as_object_mut().expect("checked above");
    match (obj.get_mut(*last), v) {
        (Some(Value::Object(have)), Value::Object(add)) => have.extend(add),
        (_, v) => {
            obj.insert(last.to_string(), v);
        }
    }
    Ok(())
}

/// The text of a provision by citation or Chinese reference.
#[pyfunction]
#[pyo3(signature = (reference, regulation = None))]
fn article<'py>(
    py: Python<'py>,
    reference: &str,
    regulation: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let view = api::article(reference, regulation).map_err(|e| core_err(py, &e))?;
    ser_to_py(py, &view)
}

#[pyfunction]
fn regulations(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let r = api::regulations().map_err(|e| core_err(py, &e))?;
    ser_to_py(py, &r)
}

#[pyfunction]
fn features(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let f = api::features().map_err(|e| core_err(py, &e))?;
    ser_to_py(py, &f)
}

#[pyfunction]
#[pyo3(signature = (regulation, against = None))]
fn gaps<'py>(
    py: Python<'py>,
    regulation: &str,
    against: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyAny>> {
    let g = api::gaps(regulation, &against.unwrap_or_default()).map_err(|e| core_err(py, &e))?;
    ser_to_py(py, &g)
}

#[pyfunction]
#[pyo3(signature = (feature, explain = "full"))]
fn compare(py: Python<'_>, feature: &str, explain: &str) -> PyResult<PyAnswer> {
    let opts = explain_of(py, explain)?;
    let inner = api::compare(feature, &opts).map_err(|e| core_err(py, &e))?;
    Ok(PyAnswer::new(inner))
}

/// Whether a regulation is in force on a date (`YYYY-MM-DD`).
#[pyfunction]
#[pyo3(signature = (regulation, date, explain = "full"))]
fn in_force(py: Python<'_>, regulation: &str, date: &str, explain: &str) -> PyResult<PyAnswer> {
    let opts = explain_of(py, explain)?;
    let day = zhili::api::parse_date(date).map_err(|e| core_err(py, &e))?;
    let inner = api::in_force(regulation, day, &opts).map_err(|e| core_err(py, &e))?;
    Ok(PyAnswer::new(inner))
}

/// The paragraphs and items holding every word of `query`, best first (`zhili::api::search`).
#[pyfunction]
#[pyo3(signature = (query, regulation = None, limit = 20))]
fn search<'py>(
    py: Python<'py>,
    query: &str,
    regulation: Option<&str>,
    limit: i64,
) -> PyResult<Bound<'py, PyAny>> {
    let limit = usize::try_from(limit).map_err(|_| {
        pyo3::exceptions::PyValueError::new_err(format!("limit must be 0 or more, not {limit}"))
    })?;
    let hits = api::search(query, regulation, limit).map_err(|e| core_err(py, &e))?;
    ser_to_py(py, &hits)
}

/// A question written in Chinese read into the structured question: a dict with `question`,
/// `recognised`, `unresolved` and `needs`; with `ask`, `answer` too (an `Answer`, or None when the
/// kind or the regulation could not be read).
#[pyfunction]
#[pyo3(signature = (text, ask = false, explain = "summary", id = ""))]
fn intake<'py>(
    py: Python<'py>,
    text: &str,
    ask: bool,
    explain: &str,
    id: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = explain_of(py, explain)?;
    let (read, answer) = py
        .detach(|| {
            if ask {
                api::intake_and_ask(text, &opts)
            } else {
                api::intake(text).map(|i| (i, None))
            }
        })
        .map_err(|e| core_err(py, &e))?;
    let read = zhili::intake::with_id(read, id);
    let out = ser_to_py(py, &read)?;
    if ask {
        let answer = answer.map(|mut a| {
            a.id = id.to_string();
            PyAnswer::new(a)
        });
        out.set_item("answer", answer)?;
    }
    Ok(out)
}

/// Every error code with its meaning, in the order of `Error::CODES`.
#[pyfunction]
fn error_catalogue(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    ser_to_py(py, &api::error_catalogue())
}

#[pymodule]
fn _zhili(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAnswer>()?;
    m.add_function(wrap_pyfunction!(ask, m)?)?;
    m.add_function(wrap_pyfunction!(ask_many, m)?)?;
    m.add_function(wrap_pyfunction!(ask_columns, m)?)?;
    m.add_function(wrap_pyfunction!(ask_table, m)?)?;
    m.add_function(wrap_pyfunction!(article, m)?)?;
    m.add_function(wrap_pyfunction!(regulations, m)?)?;
    m.add_function(wrap_pyfunction!(corpus::structure, m)?)?;
    m.add_function(wrap_pyfunction!(corpus::provision_columns, m)?)?;
    m.add_function(wrap_pyfunction!(corpus::norm_columns, m)?)?;
    m.add_function(wrap_pyfunction!(features, m)?)?;
    m.add_function(wrap_pyfunction!(gaps, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(in_force, m)?)?;
    m.add_function(wrap_pyfunction!(error_catalogue, m)?)?;
    m.add_function(wrap_pyfunction!(search, m)?)?;
    m.add_function(wrap_pyfunction!(intake, m)?)?;
    m.add("ERROR_CODES", Error::CODES.to_vec())?;
    m.add("PROVISION_COLUMNS", corpus::PROVISION_COLUMNS.to_vec())?;
    m.add("NORM_COLUMNS", corpus::NORM_COLUMNS.to_vec())?;
    m.add("EXPLAIN_LEVELS", Explain::NAMES.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
