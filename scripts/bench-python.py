#!/usr/bin/env python3
"""Throughput of zhili.ask_many (and answers_frame) on assignment questions.

usage: python scripts/bench-python.py [N] [--repeat R]
Run with the Python that has the wheel installed (e.g. target/py-venv/bin/python after
scripts/test-python.sh). Prints a Markdown table: answers per second, best of R runs, for

- `bench`: the question of `cargo bench -p zhili` (ask/assign-to-committee: Dalian, assist list,
  two unknown facts), N copies with distinct ids;
- `mix`: the assignment conformance cases (tests/conformance/assign-*.jsonl), tiled to N;

each as dicts and as JSON text, with explain none / full and 1 / 2 threads. When the CLI's release
binary is built (target/release/zhili), its `ask --jsonl --threads 1|2` time on the same questions is
given as the Rust-only reference (it also writes every answer as JSON). Figures are noisy on a shared machine:
the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n, r = args.n, args.repeat
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
