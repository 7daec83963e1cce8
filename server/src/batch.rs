//! `POST /v1/ask` with `application/x-ndjson`: one question per line in, one answer per line out,
//! in order, streamed. The request body is read as it arrives and cut into chunks of lines; each
//! chunk is answered on the blocking pool (so both cores work on a large batch) while the answers of
//! earlier chunks are already being sent. Memory stays bounded: one line is held up to the core's
//! input limit, only a few chunks are in flight per request, and the chunks of all batches together
//! are answered by at most [`BatchLimits::answering`] threads at once (each answering thread has
//! working memory of its own, so that, and not the number of batches, bounds it).
//!
//! Lines are read exactly as `zhili ask --jsonl` reads them: ASCII whitespace around a line is
//! trimmed, blank lines are skipped, every other line gets exactly one answer (an error answer for a
//! bad line), and answers are byte for byte the CLI's.

use crate::error::SERVER_CODES;
use axum::body::Body;
use bytes::Bytes;
use http_body::Frame;
use http_body_util::BodyExt;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinHandle;
use zhili::api::{self, AskOptions};
use zhili::question::MAX_INPUT_BYTES;
use zhili::{Answer, Error};

/// A chunk is handed to the blocking pool once it holds this many lines or bytes.
const CHUNK_LINES: usize = 512;
const CHUNK_BYTES: usize = 512 * 1024;
/// The longest a line is buffered: one byte over the core's limit is enough to know it is over.
const CAP: usize = MAX_INPUT_BYTES + 1;

/// Limits of one batch request.
#[derive(Debug, Clone)]
pub struct BatchLimits {
    /// The whole body; past it one `too-large` error line ends the stream.
    pub max_bytes: u64,
    /// The longest wait for the next piece of the body; past it one `timeout` error line ends it.
    pub idle: Duration,
    /// The longest the whole batch may take; past it one `timeout` error line ends it.
    pub deadline: Duration,
    /// Chunks answered at the same time for one request.
    pub parallel: usize,
    /// Chunks answered at the same time for all batches together: one permit per chunk being
    /// answered. A batch waits for a permit before it reads on, so its client is slowed down
    /// (back-pressure) instead of the service starting one more answering thread.
    pub answering: Arc<Semaphore>,
}

impl BatchLimits {
    /// Limits with `parallel` chunks answered at once, per batch and for all batches together.
    pub fn new(max_bytes: u64, idle: Duration, deadline: Duration, parallel: usize) -> BatchLimits {
        let parallel = parallel.max(1);
        BatchLimits {
            max_bytes,
            idle,
            deadline,
            parallel,
            answering: Arc::new(Semaphore::new(parallel)),
        }
    }
}

/// One line of a [`Chunk`], trimmed.
#[derive(Debug, Clone, PartialEq)]
enum Line {
    /// The line's bytes: `text[range]` of its chunk.
    Text(std::ops::Range<usize>),
    /// A line whose trimmed length (given) is over the core's input limit; its text was not kept.
    TooLarge(usize),
}

/// Lines cut from the body, their bytes back to back in one buffer: no allocation per line, and
/// a chunk's buffers are allocated once and grow to the chunk's size.
#[derive(Debug, Default)]
struct Chunk {
    text: Vec<u8>,
    lines: Vec<Line>,
}

impl Chunk {
    fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
    fn len(&self) -> usize {
        self.lines.len()
    }
}

/// Cuts a byte stream into trimmed lines, gathered into chunks of at most [`CHUNK_LINES`] lines
/// or about [`CHUNK_BYTES`] bytes, without holding more than [`CAP`] bytes of any one line.
#[derive(Default)]
struct Splitter {
    /// The complete lines so far, then the current line's kept bytes (from `start`).
    chunk: Chunk,
    /// Where the current line begins in `chunk.text`.
    start: usize,
    /// Bytes of the current line past [`CAP`] (only once it holds `CAP` bytes).
    overflow: usize,
    /// Just past the last non-whitespace byte within the overflow (0: none).
    overflow_end: usize,
}

impl Splitter {
    /// Reads `data` up to the end of the line that fills the chunk; returns what is left of it.
    fn feed<'a>(&mut self, mut data: &'a [u8]) -> &'a [u8] {
        while !data.is_empty() && !self.full() {
            let (seg, rest, eol) = match data.iter().position(|&b| b == b'\n') {
                Some(i) => (&data[..i], &data[i + 1..], true),
                None => (data, &data[data.len()..], false),
            };
            self.push(seg);
            if eol {
                self.end_line();
            }
            data = rest;
        }
        data
    }

    /// The chunk holds enough lines to be answered.
    fn full(&self) -> bool {
        self.chunk.lines.len() >= CHUNK_LINES || self.start >= CHUNK_BYTES
    }

    fn push(&mut self, mut seg: &[u8]) {
        let text = &mut self.chunk.text;
        if text.len() == self.start {
            let lead = seg
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(seg.len());
            seg = &seg[lead..];
        }
        let room = CAP - (text.len() - self.start);
        if seg.len() <= room {
            text.extend_from_slice(seg);
            return;
        }
        text.extend_from_slice(&seg[..room]);
        let over = &seg[room..];
        if let Some(p) = over.iter().rposition(|b| !b.is_ascii_whitespace()) {
            self.overflow_end = self.overflow + p + 1;
        }
        self.overflow += over.len();
    }

    fn end_line(&mut self) {
        let text = &mut self.chunk.text;
        if self.overflow_end > 0 {
            let n = text.len() - self.start + self.overflow_end;
            self.chunk.lines.push(Line::TooLarge(n));
            text.truncate(self.start);
        } else {
            let end = text[self.start..]
                .iter()
                .rposition(|b| !b.is_ascii_whitespace())
                .map_or(self.start, |p| self.start + p + 1);
            text.truncate(end);
            if end > self.start {
                self.chunk.lines.push(Line::Text(self.start..end));
            }
        }
        self.start = self.chunk.text.len();
        self.overflow = 0;
        self.overflow_end = 0;
    }

    /// The complete lines so far; the current line, if any, moves on to the next chunk.
    fn take(&mut self) -> Chunk {
        let mut next = Chunk {
            text: Vec::with_capacity(self.chunk.text.capacity().min(2 * CHUNK_BYTES)),
            lines: Vec::with_capacity(CHUNK_LINES),
        };
        next.text.extend_from_slice(&self.chunk.text[self.start..]);
        self.chunk.text.truncate(self.start);
        self.start = 0;
        std::mem::replace(&mut self.chunk, next)
    }

    /// Ends the last line (a body need not end with a newline) and gives the remaining lines.
    fn finish(&mut self) -> Chunk {
        self.end_line();
        self.take()
    }
}

/// The answer to one line of `chunk`, exactly as `zhili ask --jsonl` gives it.
fn answer_line(chunk: &Chunk, line: &Line, opts: &AskOptions) -> Answer {
    match line {
        Line::Text(r) => api::ask_bytes(&chunk.text[r.clone()], opts),
        Line::TooLarge(n) => api::too_large_answer(*n, opts),
    }
}

/// The answer lines of a chunk, written as `zhili ask --jsonl` writes them (`Answer::write_json`,
/// the same bytes as serde_json, straight into one buffer).
fn answer_chunk(chunk: &Chunk, opts: &AskOptions) -> Vec<u8> {
    let per_line = match opts.explain {
        zhili::api::Explain::Full => 2048,
        _ => 512,
    };
    let mut out = Vec::with_capacity(chunk.len() * per_line);
    for line in &chunk.lines {
        answer_line(chunk, line, opts).write_json(&mut out);
        out.push(b'\n');
    }
    out
}

/// An error answer line with one of the service's own codes (or a core one), id unknown.
pub(crate) fn error_line(code: &str, message: &str, opts: &AskOptions) -> Bytes {
    let mut a = Answer::from_error("", &Error::InvalidQuestion(String::new()));
    let en = format!("Cannot answer: {message}");
    a.explanation.summary_zh = format!("无法回答：{message}");
    a.explanation.summary_en = en;
    a.error = Some(zhili::answer::ErrorBody {
        code: code.to_string(),
        message: message.to_string(),
    });
    debug_assert!(
        zhili::Error::CODES.contains(&code) || SERVER_CODES.iter().any(|(c, _)| *c == code)
    );
    let mut v = serde_json::to_vec(&a.with_explain(opts.explain)).expect("answers serialise");
    v.push(b'\n');
    Bytes::from(v)
}

enum Piece {
    /// A chunk being answered, with its number of lines (for error answers should it panic).
    Work(JoinHandle<Vec<u8>>, usize),
    Ready(Bytes),
}

/// What reading the next piece of the body gave: a frame, its end, a broken body, or a timeout.
type Next = Result<Option<Result<Frame<Bytes>, axum::Error>>, tokio::time::error::Elapsed>;

/// Starts answering `body` and returns the streamed response body, once the first piece of the
/// body has arrived (or the body ended or broke). Reading it before the response head is sent is
/// what makes hyper answer `Expect: 100-continue` (curl sends it for bodies over 1 MiB) with
/// `100 Continue`: a `200` head sent first would leave such a client waiting out its own timeout
/// (curl: 1 s) before it sends the body. `None` when nothing arrived within `limits.idle` (the
/// caller answers 503 `timeout`: no stream has begun).
pub async fn stream(mut body: Body, opts: AskOptions, limits: BatchLimits) -> Option<BatchBody> {
    let first = tokio::time::timeout(limits.idle, body.frame()).await;
    if first.is_err() {
        return None;
    }
    let (tx, rx) = mpsc::channel(limits.parallel.max(1));
    let deadline = limits.deadline;
    tokio::spawn(produce(body, first, opts, limits, tx));
    Some(BatchBody {
        rx,
        current: None,
        opts,
        deadline: Box::pin(tokio::time::sleep(deadline)),
        limit: deadline,
        answered: 0,
        ended: false,
    })
}

async fn produce(
    mut body: Body,
    first: Next,
    opts: AskOptions,
    limits: BatchLimits,
    tx: mpsc::Sender<Piece>,
) {
    let mut first = Some(first);
    let mut split = Splitter::default();
    let mut total: u64 = 0;
    // lines handed over for answering: an error line that ends the batch early says how many
    let read = AtomicUsize::new(0);
    let answering = &limits.answering;
    let send_chunk = |chunk: Chunk| start_chunk(chunk, opts, answering, &read);
    loop {
        // lines waiting for more of their chunk are sent off as soon as the body pauses, so that
        // a client that writes line by line gets each answer at once
        let next = if let Some(f) = first.take() {
            f
        } else {
            let mut fut = std::pin::pin!(tokio::time::timeout(limits.idle, body.frame()));
            match std::future::poll_fn(|cx| Poll::Ready(fut.as_mut().poll(cx))).await {
                Poll::Ready(r) => r,
                Poll::Pending => {
                    if !split.chunk.is_empty()
                        && tx.send(send_chunk(split.take()).await).await.is_err()
                    {
                        return;
                    }
                    fut.await
                }
            }
        };
        let frame = match next {
            Err(_) => {
                // the complete lines are answered; a line cut off by the pause is not
                let chunk = split.take();
                if !chunk.is_empty() {
                    let _ = tx.send(send_chunk(chunk).await).await;
                }
                let msg = format!(
                    "no part of the batch arrived for {} ms; {} lines were read and answered, \
                     the rest was not read",
                    limits.idle.as_millis(),
                    read.load(Ordering::Relaxed)
                );
                let _ = tx
                    .send(Piece::Ready(error_line("timeout", &msg, &opts)))
                    .await;
                return;
            }
            Ok(None) => break,
            // a body cut short (the connection closed before its Content-Length, a bad chunk):
            // the complete lines are answered, then an error line, never a normal end of stream
            Ok(Some(Err(e))) => {
                let chunk = split.take();
                if !chunk.is_empty() {
                    let _ = tx.send(send_chunk(chunk).await).await;
                }
                let msg = format!(
                    "the request body broke off after {} complete lines ({e}); the rest was not \
                     read",
                    read.load(Ordering::Relaxed)
                );
                let _ = tx
                    .send(Piece::Ready(error_line("incomplete-body", &msg, &opts)))
                    .await;
                return;
            }
            Ok(Some(Ok(f))) => f,
        };
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        total += data.len() as u64;
        let over = total > limits.max_bytes;
        // the lines complete within the limit are answered; the line cut by it is not
        let within = if over {
            data.len() - (total - limits.max_bytes) as usize
        } else {
            data.len()
        };
        let mut rest = &data[..within];
        loop {
            rest = split.feed(rest);
            if !split.full() {
                break;
            }
            if tx.send(send_chunk(split.take()).await).await.is_err() {
                return; // the response was dropped
            }
        }
        if over {
            let chunk = split.take();
            if !chunk.is_empty() {
                let _ = tx.send(send_chunk(chunk).await).await;
            }
            let msg = format!(
                "the batch is over {} bytes; {} lines were read and answered, the rest was not read",
                limits.max_bytes,
                read.load(Ordering::Relaxed)
            );
            let _ = tx
                .send(Piece::Ready(error_line("too-large", &msg, &opts)))
                .await;
            return;
        }
    }
    let chunk = split.finish();
    if !chunk.is_empty() {
        let _ = tx.send(send_chunk(chunk).await).await;
    }
}

/// Hands `chunk` to the blocking pool once one of the `answering` permits is free (the permit is
/// given back when the chunk is answered), and counts its lines as read.
async fn start_chunk(
    chunk: Chunk,
    opts: AskOptions,
    answering: &Arc<Semaphore>,
    read: &AtomicUsize,
) -> Piece {
    let n = chunk.len();
    read.fetch_add(n, Ordering::Relaxed);
    let permit = answering.clone().acquire_owned().await.ok(); // never closed
    Piece::Work(
        tokio::task::spawn_blocking(move || {
            let out = answer_chunk(&chunk, &opts);
            drop(permit);
            out
        }),
        n,
    )
}

/// The streamed answers of a batch.
pub struct BatchBody {
    rx: mpsc::Receiver<Piece>,
    current: Option<(JoinHandle<Vec<u8>>, usize)>,
    opts: AskOptions,
    /// The whole batch's deadline ([`BatchLimits::deadline`]).
    deadline: Pin<Box<tokio::time::Sleep>>,
    limit: Duration,
    /// Lines answered so far (for the error line that ends a batch past its deadline).
    answered: usize,
    ended: bool,
}

impl http_body::Body for BatchBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        if self.deadline.as_mut().poll(cx).is_ready() {
            // the reading and answering stop (the producer sees the closed channel)
            self.ended = true;
            self.rx.close();
            if let Some((h, _)) = self.current.take() {
                h.abort();
            }
            let msg = format!(
                "the batch took longer than its deadline of {} ms; {} lines were answered, the \
                 rest was not",
                self.limit.as_millis(),
                self.answered
            );
            let line = error_line("timeout", &msg, &self.opts);
            return Poll::Ready(Some(Ok(Frame::data(line))));
        }
        loop {
            if let Some((handle, n)) = self.current.as_mut() {
                let n = *n;
                let out = match Pin::new(handle).poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Ok(v)) => Bytes::from(v),
                    Poll::Ready(Err(e)) => {
                        // a panic while answering: each of the chunk's lines still gets an answer
                        tracing::error!(error = %e, lines = n, "batch chunk failed");
                        let line = error_line(
                            "internal",
                            "the service failed while answering this line",
                            &self.opts,
                        );
                        let mut v = Vec::with_capacity(line.len() * n);
                        for _ in 0..n {
                            v.extend_from_slice(&line);
                        }
                        Bytes::from(v)
                    }
                };
                self.current = None;
                self.answered += n;
                return Poll::Ready(Some(Ok(Frame::data(out))));
            }
            match self.rx.poll_recv(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Piece::Ready(b))) => return Poll::Ready(Some(Ok(Frame::data(b)))),
                Poll::Ready(Some(Piece::Work(h, n))) => self.current = Some((h, n)),
            }
        }
    }
}

use std::future::Future as _;

#[cfg(test)]
mod tests {
    use super::*;

    /// Each line's text, or the length of a line over the limit; all chunks in order.
    fn split_all(parts: &[&[u8]]) -> Vec<Result<Vec<u8>, usize>> {
        let mut s = Splitter::default();
        let mut chunks = Vec::new();
        for p in parts {
            let mut rest = *p;
            loop {
                rest = s.feed(rest);
                if !s.full() {
                    break;
                }
                chunks.push(s.take());
            }
        }
        chunks.push(s.finish());
        chunks
            .iter()
            .flat_map(|c| {
                c.lines.iter().map(|l| match l {
                    Line::Text(r) => Ok(c.text[r.clone()].to_vec()),
                    Line::TooLarge(n) => Err(*n),
                })
            })
            .collect()
    }

    fn text(s: &str) -> Result<Vec<u8>, usize> {
        Ok(s.as_bytes().to_vec())
    }

    #[test]
    fn lines_are_trimmed_and_blank_ones_skipped_across_chunk_boundaries() {
        assert_eq!(
            split_all(&[b"  {\"a\"", b":1} \r\n\n \t\n{\"b\":2}"]),
            vec![text("{\"a\":1}"), text("{\"b\":2}")]
        );
        assert_eq!(
            split_all(&[b"x\n", b"", b"\ny"]),
            vec![text("x"), text("y")]
        );
        assert!(split_all(&[b"\n\n  \n"]).is_empty());
    }

    #[test]
    fn chunks_are_bounded_and_a_line_cut_between_them_is_kept_whole() {
        // lines of 3..=7 bytes sent in pieces of 13 bytes, across many chunks
        let lines: Vec<String> = (0..3 * CHUNK_LINES + 5)
            .map(|i| format!(" {}", "x".repeat(i % 5 + 1) + &i.to_string()))
            .collect();
        let body = lines.join("\r\n");
        let parts: Vec<&[u8]> = body.as_bytes().chunks(13).collect();
        let mut s = Splitter::default();
        let mut sizes = Vec::new();
        for p in &parts {
            let mut rest = *p;
            loop {
                rest = s.feed(rest);
                if !s.full() {
                    break;
                }
                let c = s.take();
                sizes.push(c.len());
            }
        }
        assert!(sizes.iter().all(|&n| n == CHUNK_LINES), "{sizes:?}");
        assert_eq!(sizes.len(), 3);
        let want: Vec<_> = lines.iter().map(|l| text(l.trim())).collect();
        assert_eq!(split_all(&parts), want);
        // bytes bound a chunk of long lines
        let long = format!("{}\n", "y".repeat(100_000)).repeat(12);
        let mut s = Splitter::default();
        let rest = s.feed(long.as_bytes());
        assert!(s.full());
        assert_eq!(s.chunk.len(), CHUNK_BYTES.div_ceil(100_000));
        assert_eq!(rest.len(), long.len() - s.chunk.len() * 100_001);
    }

    #[test]
    fn an_over_long_line_is_counted_not_kept() {
        let big = vec![b'a'; CAP + 10];
        let mut s = Splitter::default();
        s.feed(b"  ");
        for c in big.chunks(4096) {
            s.feed(c);
        }
        assert!(s.chunk.text.len() <= CAP);
        s.feed(b"   \n");
        assert_eq!(
            s.chunk.text.len(),
            0,
            "the over-long line's bytes are dropped"
        );
        s.feed(b"ok");
        let c = s.finish();
        assert_eq!(c.lines, vec![Line::TooLarge(CAP + 10), Line::Text(0..2)]);
        // padding past the limit that is only whitespace is trimmed, as the CLI trims it
        let mut line = vec![b'b'; 10];
        line.extend(vec![b' '; CAP]);
        assert_eq!(split_all(&[&line]), vec![Ok(vec![b'b'; 10])]);
    }

    #[test]
    fn over_long_lines_get_the_answer_the_core_gives() {
        let opts = AskOptions::default();
        let n = MAX_INPUT_BYTES + 7;
        let line = "x".repeat(n);
        assert_eq!(
            answer_line(&Chunk::default(), &Line::TooLarge(n), &opts),
            api::ask(&line, &opts)
        );
    }

    #[test]
    fn a_chunk_is_answered_as_the_cli_answers_its_lines() {
        let q = r#"{"id":"c","kind":"in-force","regulation":"haidong","date":"2024-01-01"}"#;
        let mut s = Splitter::default();
        s.feed(format!("{q}\nnot json\n\n  {q}  ").as_bytes());
        let c = s.finish();
        for explain in [api::Explain::Full, api::Explain::None] {
            let opts = AskOptions { explain };
            let want: String = [q, "not json", q]
                .iter()
                .map(|l| api::ask(l, &opts).to_json_line() + "\n")
                .collect();
            assert_eq!(String::from_utf8(answer_chunk(&c, &opts)).unwrap(), want);
        }
    }
}
