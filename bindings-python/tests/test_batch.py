"""A 100 000-question batch: order, error answers in place, threads, and agreement with single asks."""

from __future__ import annotations

import random
from typing import Any, Dict, List, Tuple

import zhili

N = 100_000


def batch(all_cases: List[Tuple[str, Dict[str, Any]]]) -> List[Any]:
    dicts = [c for _, c in all_cases if isinstance(c.get("facts"), dict)]
    out: List[Any] = []
    for i in range(N):
        if i % 997 == 0:
            out.append({"id": f"bad-{i}", "kind": "in-force", "regulation": "haidong", "date": "2024-02-30"})
        elif i % 991 == 0:
            out.append("{not json")
        else:
            c = dict(dicts[i % len(dicts)])
            c["id"] = f"q{i}"
            out.append(c)
    return out


def test_100k_batch(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    qs = batch(all_cases)
    two = zhili.ask_many(qs, explain="none", threads=2)
    assert len(two) == N
    for i, a in enumerate(two):
        if i % 997 == 0:
            assert (a.id, a.error_code) == (f"bad-{i}", "invalid-date")
        elif i % 991 == 0:
            assert (a.id, a.error_code) == ("", "invalid-json")
        else:
            assert a.id == f"q{i}"
    one = zhili.ask_many(qs, explain="none", threads=1)
    assert one == two
    rng = random.Random(9)
    for i in rng.sample(range(N), 500):
        assert zhili.ask_many([qs[i]], explain="none")[0] == two[i]
    answered = sum(a.ok for a in two)
    errors = {a.error_code for a in two if not a.ok}
    assert answered > 0.7 * N and "invalid-date" in errors and "invalid-json" in errors
