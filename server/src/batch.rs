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

/// One line of the batch, trimmed.
#[derive(Debug, PartialEq)]
enum Line {
    Text(Vec<u8>),
    /// A line whose trimmed length (given) is over the core's input limit; its text was not kept.
    TooLarge(usize),
}

/// Cuts a byte stream into trimmed lines without holding more than [`CAP`] bytes of any line.
#[derive(Default)]
struct Splitter {
    /// The current line so far, leading whitespace dropped, at most `CAP` bytes.
    buf: Vec<u8>,
    /// Bytes of the current line past `buf` (only once `buf` is full).
    overflow: usize,
    /// Just past the last non-whitespace byte within the overflow (0: none).
    overflow_end: usize,
}

impl Splitter {
    fn feed(&mut self, mut data: &[u8], out: &mut Vec<Line>) {
        while !data.is_empty() {
            let (seg, rest, eol) = match data.iter().position(|&b| b == b'\n') {
                Some(i) => (&data[..i], &data[i + 1..], true),
                None => (data, &data[data.len()..], false),
            };
            self.push(seg);
            if eol {
                self.end_line(out);
            }
            data = rest;
        }
    }

    fn push(&mut self, mut seg: &[u8]) {
        if self.buf.is_empty() {
            let lead = seg
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(seg.len());
            seg = &seg[lead..];
        }
        let room = CAP - self.buf.len();
        if seg.len() <= room {
            self.buf.extend_from_slice(seg);
            return;
        }
        self.buf.extend_from_slice(&seg[..room]);
        let over = &seg[room..];
        if let Some(p) = over.iter().rposition(|b| !b.is_ascii_whitespace()) {
            self.overflow_end = self.overflow + p + 1;
        }
        self.overflow += over.len();
    }

    fn end_line(&mut self, out: &mut Vec<Line>) {
        if self.overflow_end > 0 {
            out.push(Line::TooLarge(self.buf.len() + self.overflow_end));
            self.buf = Vec::new();
        } else {
            let end = self
                .buf
                .iter()
                .rposition(|b| !b.is_ascii_whitespace())
                .map_or(0, |p| p + 1);
            self.buf.truncate(end);
            if !self.buf.is_empty() {
                out.push(Line::Text(std::mem::take(&mut self.buf)));
            }
        }
        self.buf.clear();
        self.overflow = 0;
        self.overflow_end = 0;
    }

    fn finish(&mut self, out: &mut Vec<Line>) {
        self.end_line(out);
    }
}

/// The answer to one question given as bytes, exactly as `zhili ask` gives it.
pub(crate) fn answer_bytes(bytes: &[u8], opts: &AskOptions) -> Answer {
    match std::str::from_utf8(bytes) {
        Ok(s) => api::ask(s, opts),
        Err(e) => Answer::from_error("", &Error::InvalidJson(format!("not UTF-8: {e}")))
            .with_explain(opts.explain),
    }
}

/// The answer to one line, exactly as `zhili ask --jsonl` gives it.
fn answer_line(line: &Line, opts: &AskOptions) -> Answer {
    match line {
        Line::Text(bytes) => answer_bytes(bytes, opts),
        Line::TooLarge(n) => Answer::from_error(
            "",
            &Error::TooLarge(format!("{n} bytes; the limit is {MAX_INPUT_BYTES}")),
        )
        .with_explain(opts.explain),
    }
}

fn answer_chunk(lines: &[Line], opts: &AskOptions) -> Vec<u8> {
    let mut out = Vec::with_capacity(lines.len() * 512);
    for line in lines {
        serde_json::to_writer(&mut out, &answer_line(line, opts)).expect("answers serialise");
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

/// Starts answering `body` and returns the streamed response body.
pub fn stream(body: Body, opts: AskOptions, limits: BatchLimits) -> BatchBody {
    let (tx, rx) = mpsc::channel(limits.parallel.max(1));
    let deadline = limits.deadline;
    tokio::spawn(produce(body, opts, limits, tx));
    BatchBody {
        rx,
        current: None,
        opts,
        deadline: Box::pin(tokio::time::sleep(deadline)),
        limit: deadline,
        answered: 0,
        ended: false,
    }
}

async fn produce(mut body: Body, opts: AskOptions, limits: BatchLimits, tx: mpsc::Sender<Piece>) {
    let mut split = Splitter::default();
    let mut lines = Vec::new();
    let mut chunk_bytes = 0usize;
    let mut total: u64 = 0;
    // lines handed over for answering: an error line that ends the batch early says how many
    let read = AtomicUsize::new(0);
    let answering = &limits.answering;
    let send_chunk = |lines: Vec<Line>| start_chunk(lines, opts, answering, &read);
    loop {
        // lines waiting for more of their chunk are sent off as soon as the body pauses, so that
        // a client that writes line by line gets each answer at once
        let next = {
            let mut fut = std::pin::pin!(tokio::time::timeout(limits.idle, body.frame()));
            match std::future::poll_fn(|cx| Poll::Ready(fut.as_mut().poll(cx))).await {
                Poll::Ready(r) => r,
                Poll::Pending => {
                    if !lines.is_empty() {
                        chunk_bytes = 0;
                        if tx
                            .send(send_chunk(std::mem::take(&mut lines)).await)
                            .await
                            .is_err()
                        {
                            return;
                        }
                    }
                    fut.await
                }
            }
        };
        let frame = match next {
            Err(_) => {
                // the complete lines are answered; a line cut off by the pause is not
                if !lines.is_empty() {
                    let _ = tx.send(send_chunk(std::mem::take(&mut lines)).await).await;
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
                if !lines.is_empty() {
                    let _ = tx.send(send_chunk(std::mem::take(&mut lines)).await).await;
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
        if total > limits.max_bytes {
            // the lines complete within the limit are answered; the line cut by it is not
            let within = data.len() - (total - limits.max_bytes) as usize;
            split.feed(&data[..within], &mut lines);
            if !lines.is_empty() {
                let _ = tx.send(send_chunk(std::mem::take(&mut lines)).await).await;
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
        let before = lines.len();
        split.feed(&data, &mut lines);
        chunk_bytes += data.len();
        if lines.len() > before && (lines.len() >= CHUNK_LINES || chunk_bytes >= CHUNK_BYTES) {
            chunk_bytes = 0;
            if tx
                .send(send_chunk(std::mem::take(&mut lines)).await)
                .await
                .is_err()
            {
                return; // the response was dropped
            }
        }
    }
    split.finish(&mut lines);
    if !lines.is_empty() {
        let _ = tx.send(send_chunk(lines).await).await;
    }
}

/// Hands `lines` to the blocking pool once one of the `answering` permits is free (the permit is
/// given back when the chunk is answered), and counts them as read.
async fn start_chunk(
    lines: Vec<Line>,
    opts: AskOptions,
    answering: &Arc<Semaphore>,
    read: &AtomicUsize,
) -> Piece {
    let n = lines.len();
    read.fetch_add(n, Ordering::Relaxed);
    let permit = answering.clone().acquire_owned().await.ok(); // never closed
    Piece::Work(
        tokio::task::spawn_blocking(move || {
            let out = answer_chunk(&lines, &opts);
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

    fn split_all(parts: &[&[u8]]) -> Vec<Line> {
        let mut s = Splitter::default();
        let mut out = Vec::new();
        for p in parts {
            s.feed(p, &mut out);
        }
        s.finish(&mut out);
        out
    }

    fn text(s: &str) -> Line {
        Line::Text(s.as_bytes().to_vec())
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
    fn an_over_long_line_is_counted_not_kept() {
        let big = vec![b'a'; CAP + 10];
        let mut s = Splitter::default();
        let mut out = Vec::new();
        s.feed(b"  ", &mut out);
        for c in big.chunks(4096) {
            s.feed(c, &mut out);
        }
        assert!(s.buf.len() <= CAP);
        s.feed(b"   \nok", &mut out);
        s.finish(&mut out);
        assert_eq!(out, vec![Line::TooLarge(CAP + 10), text("ok")]);
        // padding past the limit that is only whitespace is trimmed, as the CLI trims it
        let mut line = vec![b'b'; 10];
        line.extend(vec![b' '; CAP]);
        assert_eq!(split_all(&[&line]), vec![Line::Text(vec![b'b'; 10])]);
    }

    #[test]
    fn over_long_lines_get_the_answer_the_core_gives() {
        let opts = AskOptions::default();
        let n = MAX_INPUT_BYTES + 7;
        let line = "x".repeat(n);
        assert_eq!(
            answer_line(&Line::TooLarge(n), &opts),
            api::ask(&line, &opts)
        );
    }
}
