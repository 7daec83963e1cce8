#!/usr/bin/env python3
"""Resident memory of `zhili serve` under a burst of batches, on loopback (Linux: reads /proc).

Usage: test-server-memory.py ZHILI_BINARY

Starts the binary as `zhili serve` on a free loopback port, samples its resident set size (VmRSS)
every 20 ms, and checks the bounds documented in docs/guide-http.md (Limits):

  burst    two concurrent 8 MiB batches of full answers; afterwards the process gives the memory
           back: within 3 s its RSS is at most BACK_MIB above what it was before the burst.
  long     one batch of LONG_LINES (100 000) questions, 14 MB in and 138 MB of full answers
           out, read and answered as a stream: the peak RSS stays at most BASE_MIB + PER_BATCH_MIB
           above what it was before, as for one batch of 8 MiB; neither the body nor the answers
           are held whole.
  maximal  K concurrent maximal batches (as large as --max-batch-bytes allows, 8 MiB here: full
           answers, lines of nearly 1 MiB with answers as large, lines over the 1 MiB limit): the
           peak RSS stays at most BASE_MIB + PER_BATCH_MIB * K above what it was before, and the
           memory is given back after them as after the burst.

Every batch must be answered whole (one answer line per question, no error line ending it early),
so that the figures are those of real work. Bounded: a fixed number of requests, each with a
timeout; the service is stopped at the end whatever happens. Python 3 standard library only.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

MIB = 1024 * 1024
BACK_MIB = 20  # the burst's memory given back: RSS after it at most this much above before it
K = 4  # concurrent maximal batches: more than the 2 answering threads of --workers 2
MAX_BATCH = 8 * MIB  # --max-batch-bytes of the service under test
BASE_MIB = 32  # the peak of K maximal batches at most BASE_MIB + PER_BATCH_MIB * K above before
PER_BATCH_MIB = 4
TIMEOUT = 120  # seconds, for any one batch
LONG_LINES = 100_000


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class Serve:
    """`zhili serve` on 127.0.0.1, a free port; its RSS sampled in the background."""

    def __init__(self, binary, args=()):
        self.log = tempfile.NamedTemporaryFile(prefix="zhili-serve-", suffix=".log")
        self.proc = subprocess.Popen(
            [binary, "serve", "--addr", "127.0.0.1:0", "--log-format", "json", "--log", "warn,zhili_server=info", *args],
            stdout=subprocess.DEVNULL, stderr=self.log)
        self.addr = None
        for _ in range(600):
            with open(self.log.name) as f:
                for line in f:
                    try:
                        fields = json.loads(line).get("fields", {})
                    except ValueError:
                        continue
                    if fields.get("message") == "zhili serve listening":
                        host, port = fields["addr"].rsplit(":", 1)
                        self.addr = (host, int(port))
            if self.addr or self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if not self.addr:
            self.stop()
            sys.exit("zhili serve did not start:\n" + open(self.log.name).read())
        self.peak = 0.0
        self._sampling = False

    def rss(self):
        return rss_mib(self.proc.pid)

    def sample_from_now(self):
        """Starts (or restarts) recording the peak RSS."""
        self.peak = self.rss()
        if not self._sampling:
            self._sampling = True
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()

    def _sample(self):
        while self._sampling and self.proc.poll() is None:
            try:
                self.peak = max(self.peak, self.rss())
            except (OSError, RuntimeError):
                return
            time.sleep(0.02)

    def settle(self, below, seconds):
        """Waits up to `seconds` for the RSS to fall to `below` MiB; returns the last figure."""
        end = time.monotonic() + seconds
        while True:
            now = self.rss()
            if now <= below or time.monotonic() >= end:
                return now
            time.sleep(0.1)

    def stop(self):
        self._sampling = False
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def maximal_body(size, questions):
    """A batch of exactly `size` bytes: questions with full answers, two of nearly 1 MiB (their
    id is that long, and so is their answer), one over the 1 MiB limit (`too-large`); and the
    number of answers it gets."""
    big = json.dumps({"id": "i" * (MIB - 100), "kind": "in-force", "regulation": "xinyang",
                      "date": "2025-02-28"}).encode()
    over = b'{"id":"' + b"o" * (MIB + 10) + b'"}'
    special = [big, over, big]
    room = size - sum(len(l) + 1 for l in special)
    body, n = batch_body(room, questions)
    # the special lines spread through the batch, between whole lines
    parts = body.split(b"\n")[:-1]
    step = len(parts) // (len(special) + 1)
    out = []
    for i, line in enumerate(parts):
        out.append(line)
        if i % step == step - 1 and special:
            out.append(special.pop(0))
    out.extend(special)
    data = b"\n".join(out) + b"\n"
    data += b" " * (size - len(data))  # whitespace: no more lines
    assert len(data) == size
    return data, n + 3


def batch_body(size, lines):
    """`size` bytes (at most) of whole question lines, cycling through `lines`; and their count."""
    out, n, i = [], 0, 0
    total = 0
    while True:
        line = lines[i % len(lines)] + b"\n"
        if total + len(line) > size:
            break
        out.append(line)
        total += len(line)
        n += 1
        i += 1
    return b"".join(out), n


def run_batches(addr, bodies):
    """Sends the batches at once; returns the answers of each as (line count, last line)."""
    results = [None] * len(bodies)
    errors = []

    def one(i):
        try:
            results[i] = answers_of(addr, bodies[i])
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(f"batch {i}: {e!r}")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=TIMEOUT + 10)
    assert not errors, errors
    return results


def answers_of(addr, body, path="/v1/ask"):
    """The answer lines of one batch (decoded from the chunked stream), counted; and the last."""
    s = socket.create_connection(addr, timeout=TIMEOUT)
    try:
        head = (f"POST {path} HTTP/1.1\r\nHost: {addr[0]}\r\nContent-Type: application/x-ndjson\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        writer = threading.Thread(target=lambda: s.sendall(head + body), daemon=True)
        writer.start()
        f = s.makefile("rb", buffering=1 << 20)
        status = f.readline().decode(errors="replace")
        assert " 200 " in status, status
        chunked = False
        while True:
            h = f.readline()
            if h in (b"\r\n", b""):
                break
            if h.lower().startswith(b"transfer-encoding:") and b"chunked" in h.lower():
                chunked = True
        assert chunked, "a batch is streamed with chunked transfer encoding"
        count, partial, last = 0, b"", b""
        while True:
            size = int(f.readline().split(b";")[0], 16)
            if size == 0:
                break
            data = f.read(size)
            f.readline()  # the chunk's CRLF
            data = partial + data
            lines = data.split(b"\n")
            partial = lines.pop()
            count += len(lines)
            if lines:
                last = lines[-1]
        assert partial == b"", "the stream ends with a whole line"
        writer.join(timeout=TIMEOUT)
        return count, last
    finally:
        s.close()


def check_whole(results, expected):
    for count, last in results:
        assert count == expected, f"{count} answers to {expected} questions"
        answer = json.loads(last)
        assert not (answer.get("id") == "" and answer.get("verdict") == "error"), (
            f"the batch ended early: {last[:300]!r}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if not os.path.exists("/proc/self/status"):
        print("   skipped: no /proc (the memory test reads VmRSS)")
        return
    binary = sys.argv[1]
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    with open(os.path.join(root, "examples", "questions.jsonl"), "rb") as f:
        questions = [l.strip() for l in f if l.strip()]

    serve = Serve(binary, ["--max-batch-bytes", str(MAX_BATCH), "--workers", "2"])
    try:
        body, n = batch_body(8 * MIB, questions)
        time.sleep(0.3)
        before = serve.rss()
        serve.sample_from_now()
        t0 = time.monotonic()
        check_whole(run_batches(serve.addr, [body, body]), n)
        took = time.monotonic() - t0
        after = serve.settle(before + BACK_MIB, 3)
        print(f"   burst: 2 concurrent 8 MiB batches ({n} questions each) in {took:.1f} s: "
              f"RSS {before:.0f} MiB before, peak {serve.peak:.0f} MiB, {after:.0f} MiB after")
        assert after <= before + BACK_MIB, (
            f"the burst's memory was not given back: {after:.0f} MiB after it, {before:.0f} MiB "
            f"before (bound: +{BACK_MIB} MiB)")

        body, n = maximal_body(MAX_BATCH, questions)
        time.sleep(0.3)
        before = serve.rss()
        serve.sample_from_now()
        t0 = time.monotonic()
        check_whole(run_batches(serve.addr, [body] * K), n)
        took = time.monotonic() - t0
        peak = serve.peak
        after = serve.settle(before + BACK_MIB, 3)
        bound = before + BASE_MIB + PER_BATCH_MIB * K
        print(f"   maximal: {K} concurrent batches of {MAX_BATCH // MIB} MiB ({n} lines each) in "
              f"{took:.1f} s: RSS {before:.0f} MiB before, peak {peak:.0f} MiB (bound {bound:.0f}), "
              f"{after:.0f} MiB after")
        assert peak <= bound, (
            f"{K} concurrent maximal batches took the RSS to {peak:.0f} MiB, from {before:.0f} MiB "
            f"(bound: +{BASE_MIB} + {PER_BATCH_MIB} per batch)")
        assert after <= before + BACK_MIB, (
            f"the memory of the batches was not given back: {after:.0f} MiB after them, "
            f"{before:.0f} MiB before (bound: +{BACK_MIB} MiB)")
    finally:
        serve.stop()

    # one long batch, on a service with the default --max-batch-bytes (64 MiB)
    serve = Serve(binary, ["--workers", "2"])
    try:
        lines = [questions[i % len(questions)] for i in range(LONG_LINES)]
        body = b"\n".join(lines) + b"\n"
        time.sleep(0.3)
        before = serve.rss()
        serve.sample_from_now()
        t0 = time.monotonic()
        count, last = answers_of(serve.addr, body, "/v1/ask?explain=full")
        took = time.monotonic() - t0
        check_whole([(count, last)], LONG_LINES)
        peak = serve.peak
        bound = before + BASE_MIB + PER_BATCH_MIB
        print(f"   long: one batch of {LONG_LINES} lines ({len(body) / MIB:.0f} MiB) in {took:.1f} s: "
              f"RSS {before:.0f} MiB before, peak {peak:.0f} MiB (bound {bound:.0f})")
        assert peak <= bound, (
            f"a batch of {LONG_LINES} lines took the RSS to {peak:.0f} MiB, from {before:.0f} MiB "
            f"(bound: +{BASE_MIB} + {PER_BATCH_MIB}): is the body or the answer held whole?")
    finally:
        serve.stop()


if __name__ == "__main__":
    main()
