#!/usr/bin/env python3
"""Throughput of zhili.ask_many (and answers_frame) on assignment questions.

usage: python scripts/bench-python.py [N] [--repeat R]
       python scripts/bench-python.py --frames [N] [--repeat R]
       python scripts/bench-python.py --memory [N]
Run with the Python that has the wheel installed (e.g. target/py-venv/bin/python after
scripts/test-python.sh). Prints a Markdown table: answers per second, best of R runs, for

- `bench`: the question of `cargo bench -p zhili` (ask/assign-to-committee: Dalian, assist list,
  two unknown facts), N copies with distinct ids;
- `mix`: the assignment conformance cases (tests/conformance/assign-*.jsonl), tiled to N;

each as dicts and as JSON text, with explain none / full and 1 / 2 threads. When the CLI's release
binary is built (target/release/zhili), its `ask --jsonl --threads 1|2` time on the same questions is
given as the Rust-only reference (it also writes every answer as JSON). Figures are noisy on a shared machine:
the load average is printed with them.

`--frames`: rows per second of answers_frame and answers_arrow (explain none, 1 and 2 threads) on the
same question sets, with ask_many beside them. `--memory`: the peak memory (RSS) of answers_frame on N
bench questions, measured in a fresh process, above what the process held with the questions built,
and the size of the frame it returns (pandas' memory_usage(deep=True)).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import zhili

ROOT = Path(__file__).resolve().parent.parent

BENCH_QUESTION: Dict[str, Any] = {
    "id": "b",
    "kind": "assign-to-committee",
    "regulation": "dalian",
    "date": "2024-10-10",
    "facts": {
        "assigner": "某区民政局",
        "assignee": "社区居委会",
        "task_on_list": "assist",
        "written_commission": True,
        "funding_provided": None,
    },
}


def mix(n: int) -> List[Dict[str, Any]]:
    cases = []
    for f in sorted((ROOT / "tests" / "conformance").glob("assign-*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                cases.append(json.loads(line))
    return [dict(cases[i % len(cases)], id=f"m{i}") for i in range(n)]


def best(f: Callable[[], Any], n: int, repeat: int) -> float:
    rates = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        rates.append(n / (time.perf_counter() - t))
    return max(rates)


def cli_rate(texts: List[str], repeat: int, threads: int) -> float:
    exe = ROOT / "target" / "release" / "zhili"
    if not exe.exists():
        return float("nan")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
        tmp.write("\n".join(texts) + "\n")
    try:
        def run() -> None:
            subprocess.run([str(exe), "ask", "--jsonl", "--explain", "none", "--threads", str(threads), tmp.name],
                           check=True, stdout=subprocess.DEVNULL)
        return best(run, len(texts), repeat)
    finally:
        os.unlink(tmp.name)


MEMORY = """
import resource, sys
import zhili
from importlib.machinery import SourceFileLoader
bench = SourceFileLoader("bench", sys.argv[1]).load_module()
n = int(sys.argv[2])
qs = [dict(bench.BENCH_QUESTION, id=f"b{i}") for i in range(n)]
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()
before = rss()
frame = zhili.answers_frame(qs)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(before, peak, rss(), int(frame.memory_usage(deep=True).sum()))
"""


def memory(n: int) -> None:
    out = subprocess.run([sys.executable, "-c", MEMORY, __file__, str(n)], check=True,
                         capture_output=True, text=True).stdout.split()
    before, peak, after, frame = (int(x) for x in out)
    mib = 1024 * 1024
    print(f"zhili {zhili.__version__}, answers_frame of N = {n:,} bench questions, load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"RSS with the questions built: {before / mib:,.0f} MiB; peak during answers_frame: "
          f"{peak / mib:,.0f} MiB (+{(peak - before) / mib:,.0f} MiB); after: {after / mib:,.0f} MiB; "
          f"the frame (memory_usage deep): {frame / mib:,.0f} MiB")


def frames(n: int, r: int) -> None:
    sets = {
        "bench": [dict(BENCH_QUESTION, id=f"b{i}") for i in range(n)],
        "mix": mix(n),
    }
    print(f"zhili {zhili.__version__}, N = {n}, best of {r}, load average {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} cores")
    print()
    print("| questions | call | threads | rows/s |")
    print("|---|---|---|---|")
    zhili.ask_many(sets["bench"][:1000])  # load the embedded data first
    calls: Dict[str, Callable[..., Any]] = {
        "answers_frame": zhili.answers_frame,
        "answers_arrow": zhili.answers_arrow,
        "ask_many": zhili.ask_many,
    }
    for name, dicts in sets.items():
        for call, f in calls.items():
            for threads in (1, 2):
                rate = best(lambda: f(dicts, explain="none", threads=threads), n, r)
                print(f"| {name} | {call} | {threads} | {rate:,.0f} |", flush=True)
    print()
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--frames", action="store_true")
    ap.add_argument("--memory", action="store_true")
    args = ap.parse_args()
    n, r = args.n, args.repeat
    if args.memory:
        return memory(n)
    if args.frames:
        return frames(n, r)
    sets = {
        "bench": [dict(BENCH_QUESTION, id=f"b{i}") for i in range(n)],
        "mix": mix(n),
    }
    print(f"zhili {zhili.__version__}, N = {n}, best of {r}, load average {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} cores")
    print()
    print("| questions | input | explain | threads | answers/s |")
    print("|---|---|---|---|---|")
    for name, dicts in sets.items():
        texts = [json.dumps(q, ensure_ascii=False) for q in dicts]
        zhili.ask_many(texts[:1000])  # load the embedded data first
        for label, inp in (("dicts", dicts), ("JSON text", texts)):
            for explain in ("none", "full"):
                for threads in (1, 2):
                    rate = best(lambda: zhili.ask_many(inp, explain=explain, threads=threads), n, r)  # type: ignore[arg-type]
                    print(f"| {name} | {label} | {explain} | {threads} | {rate:,.0f} |", flush=True)
        try:
            import pandas  # noqa: F401

            rate = best(lambda: zhili.answers_frame(dicts), n, r)
            print(f"| {name} | dicts → answers_frame | none | 2 | {rate:,.0f} |", flush=True)
        except ImportError:
            pass
        for threads in (1, 2):
            rate = cli_rate(texts, r, threads)
            if rate == rate:
                print(f"| {name} | `zhili ask --jsonl` (Rust only, JSON written) | none | {threads} | {rate:,.0f} |")
    print()
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
