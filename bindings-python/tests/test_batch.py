"""A 100 000-question batch: order, error answers in place, threads, and agreement with single asks."""

from __future__ import annotations

import random
import threading
from typing import Any, Dict, Iterator, List, Tuple

import pytest

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


def test_concurrent_calls_share_the_answering_threads(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    # four Python threads at once, each asking for more answering threads than the machine has:
    # every call gets all its answers, in order, as if it had run alone
    qs = batch(all_cases)[:20_000]
    alone = zhili.ask_many(qs, explain="none", threads=1)
    results: Dict[int, List[Any]] = {}

    def run(k: int) -> None:
        results[k] = zhili.ask_many(qs[k:] + qs[:k], explain="none", threads=3)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(4):
        assert results[k] == alone[k:] + alone[:k]


def test_an_iterable_that_fails_midway_raises_and_leaves_the_threads_working() -> None:
    q = {"kind": "in-force", "regulation": "dalian", "date": "2024-10-10"}

    def questions() -> Iterator[Dict[str, Any]]:
        for i in range(5_000):
            if i == 3_000:
                raise ValueError("the source broke")
            yield dict(q, id=str(i))

    with pytest.raises(ValueError, match="the source broke"):
        zhili.ask_many(questions(), threads=2)
    # a generator (no length known) is answered in blocks like a list
    answers = zhili.ask_many((dict(q, id=str(i)) for i in range(5_000)), threads=2)
    assert [a.id for a in answers] == [str(i) for i in range(5_000)]
    assert {a.verdict for a in answers} == {"yes"}


def test_answers_outlive_the_batch_they_came_in() -> None:
    # answers are freed off the Python thread once dead; the living ones must be untouched
    q = {"kind": "in-force", "regulation": "haidong", "date": "2024-10-10"}
    kept = []
    for round_ in range(5):
        answers = zhili.ask_many([dict(q, id=f"{round_}-{i}") for i in range(3_000)], threads=2)
        kept.append(answers[round_])
        del answers
    assert [a.id for a in kept] == [f"{r}-{r}" for r in range(5)]
    assert all(a.verdict == "yes" and a.citations for a in kept)


def _answer_in_child(conn: Any) -> None:
    q = {"kind": "in-force", "regulation": "dalian", "date": "2024-10-10"}
    answers = zhili.ask_many([dict(q, id=str(i)) for i in range(2_000)], threads=2)
    conn.send([a.verdict for a in answers])


def test_a_forked_child_answers_with_threads_of_its_own() -> None:
    # multiprocessing forks on Linux: the parent's answering threads do not exist in the child
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    q = {"kind": "in-force", "regulation": "dalian", "date": "2024-10-10"}
    zhili.ask_many([dict(q, id=str(i)) for i in range(2_000)], threads=2)  # the parent's pool
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    p = ctx.Process(target=_answer_in_child, args=(child,))
    p.start()
    p.join(timeout=60)
    if p.is_alive():
        p.kill()
        raise AssertionError("the forked child hung")
    assert p.exitcode == 0
    assert parent.recv() == ["yes"] * 2_000
