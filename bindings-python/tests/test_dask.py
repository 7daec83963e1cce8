"""Beyond one machine: 1 000 000 questions through dask.dataframe.map_partitions(answers_frame) on
Dask's local scheduler, checked against the single-process answers."""

from __future__ import annotations

import json
import os
import time
from typing import Any, Dict, List, Tuple

import pandas as pd
import pytest

import zhili

dd = pytest.importorskip("dask.dataframe")
dask = pytest.importorskip("dask")

N = int(os.environ.get("ZHILI_DASK_QUESTIONS", "1000000"))
FAST_KINDS = ("assign-to-committee", "assign-to-grid", "liability", "in-force", "article-lookup", "facility-area")


def base(all_cases: List[Tuple[str, Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """The cases of the faster kinds whose top-level fields are text or null (Dask's default
    string conversion would turn a `regulation: 7` into "7")."""
    return [
        c
        for _, c in all_cases
        if c.get("kind") in FAST_KINDS
        and all(c.get(k) is None or isinstance(c.get(k), str) for k in ("id", "kind", "regulation", "date"))
    ]


def questions(all_cases: List[Tuple[str, Dict[str, Any]]], n: int, facts_as_text: bool) -> pd.DataFrame:
    """n questions tiled from the conformance cases of the faster kinds, with unique ids: row i
    is case i % len(base) with id d<i>."""
    base_cases = base(all_cases)
    reps = n // len(base_cases) + 1
    df = pd.DataFrame(
        {
            "kind": [c.get("kind") for c in base_cases],
            "regulation": [c.get("regulation") for c in base_cases],
            "date": [c.get("date") for c in base_cases],
            "facts": [
                json.dumps(c.get("facts"), ensure_ascii=False) if facts_as_text else c.get("facts")
                for c in base_cases
            ],
        }
    )
    df = pd.concat([df] * reps, ignore_index=True).iloc[:n]
    df.insert(0, "id", [f"d{i}" for i in range(n)])
    return df


def test_a_million_questions_in_dask_partitions(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    # facts as JSON text: Dask's default string conversion keeps them as they are
    df = questions(all_cases, N, facts_as_text=True)
    t0 = time.perf_counter()
    single = zhili.answers_frame(df)
    t1 = time.perf_counter()
    ddf = dd.from_pandas(df, npartitions=16)
    result = ddf.map_partitions(zhili.answers_frame, meta=zhili.frame_meta()).compute(scheduler="threads")
    t2 = time.perf_counter()
    print(f"\n{N} questions: single process {t1 - t0:.1f}s, dask (16 partitions, threads) {t2 - t1:.1f}s")
    assert len(result) == N
    pd.testing.assert_frame_equal(result, single)
    assert single["error_code"].isna().mean() > 0.7  # the cases include their bad inputs
    # and the answers are those of the original questions as dicts
    cases = base(all_cases)
    sample = df.sample(2000, random_state=1)
    as_dicts = [
        {k: cases[i % len(cases)].get(k) for k in ("kind", "regulation", "date", "facts")} | {"id": f"d{i}"}
        for i in sample.index
    ]
    expected = zhili.answers_frame(as_dicts)
    expected.index = sample.index
    pd.testing.assert_frame_equal(single.loc[sample.index], expected)


def test_dict_facts_in_dask_need_dasks_string_conversion_off(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    df = questions(all_cases, 50_000, facts_as_text=False)
    single = zhili.answers_frame(df)
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(df, npartitions=4)
        result = ddf.map_partitions(zhili.answers_frame, meta=zhili.frame_meta()).compute(scheduler="threads")
    pd.testing.assert_frame_equal(result, single)
    # with it on, Dask turns the dicts into their text (Python's repr, not JSON): those questions
    # get invalid-json error answers, never another verdict
    head = df.head(2000)
    converted = dd.from_pandas(head, npartitions=2).map_partitions(zhili.answers_frame).compute()
    differs = converted["verdict"] != single.loc[head.index, "verdict"]
    assert differs.sum() > 1000
    assert set(converted.loc[differs, "error_code"]) == {"invalid-json"}
