"""answers_frame: columns, inputs (lists, Series, DataFrames with a facts column or facts.* columns),
index, missing values and bad rows."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Tuple

import pandas as pd
import pytest

import zhili

COLUMNS = ["id", "kind", "regulation", "verdict", "conditions", "citations", "whatif_verdict", "error_code"]


def assignment_cases(all_cases: List[Tuple[str, Dict[str, Any]]]) -> List[Dict[str, Any]]:
    return [c for _, c in all_cases if str(c.get("kind") or "").startswith("assign-") and isinstance(c.get("facts"), dict)]


def test_columns_match_the_answers(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    qs = [c for _, c in all_cases]
    frame = zhili.answers_frame(qs)
    assert list(frame.columns) == COLUMNS and len(frame) == len(qs)
    assert list(frame.index) == list(range(len(qs)))
    answers = zhili.ask_many(qs, explain="none")
    for row, a in zip(frame.itertuples(index=False), answers):
        assert row.id == a.id and row.kind == a.kind and row.regulation == a.regulation
        assert row.verdict == a.verdict and row.conditions == a.conditions and row.citations == a.citations
        assert row.whatif_verdict == (a.whatif["verdict"] if a.whatif else None)
        assert row.error_code == a.error_code
    assert frame["whatif_verdict"].notna().sum() > 0 and frame["error_code"].notna().sum() > 0
    assert (frame.dtypes == object).all()
    meta = zhili.frame_meta()
    assert list(meta.columns) == COLUMNS and len(meta) == 0 and (meta.dtypes == frame.dtypes).all()


def test_a_dataframe_of_questions_keeps_its_index(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    qs = assignment_cases(all_cases)
    df = pd.DataFrame(
        {
            "id": [c["id"] for c in qs],
            "kind": [c["kind"] for c in qs],
            "regulation": [c["regulation"] for c in qs],
            "date": [c["date"] for c in qs],
            "facts": [c["facts"] for c in qs],
            "rationale": ["ignored"] * len(qs),
        },
        index=pd.Index([f"row{i}" for i in range(len(qs))], name="row"),
    )
    frame = zhili.answers_frame(df)
    assert frame.index.equals(df.index)
    expected = zhili.answers_frame(qs)
    assert frame.reset_index(drop=True).equals(expected)


def real_day(d: Any) -> bool:
    try:
        dt.date.fromisoformat(d)
        return len(d) == 10
    except (TypeError, ValueError):
        return False


def test_json_normalize_columns_and_missing_values(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    # json_normalize drops a fact whose value is an empty object, so scalar facts only
    qs = [
        c
        for c in assignment_cases(all_cases)
        if real_day(c.get("date")) and not any(isinstance(v, (dict, list)) for v in c["facts"].values())
    ]
    assert len(qs) > 300
    flat = pd.json_normalize(qs)
    assert any(c.startswith("facts.") for c in flat.columns)
    # dates as datetime64 (midnight Timestamps) and missing values as NaN / None
    flat["date"] = pd.to_datetime(flat["date"])
    frame = zhili.answers_frame(flat)
    expected = zhili.answers_frame(qs)
    assert frame.equals(expected)


def test_series_and_bad_rows() -> None:
    s = pd.Series(
        [
            {"id": "a", "kind": "in-force", "regulation": "haidong", "date": dt.date(2024, 1, 1)},
            '{"id": "b", "kind": "in-force", "regulation": "dalian", "date": "2024-02-30"}',
            {"id": "c", "kind": "guess"},
        ],
        index=[10, 20, 30],
    )
    frame = zhili.answers_frame(s)
    assert list(frame.index) == [10, 20, 30]
    assert list(frame["verdict"]) == ["yes", "error", "error"]
    assert list(frame["error_code"]) == [None, "invalid-date", "unknown-kind"]
    df = pd.DataFrame({"id": ["x", "y"], "kind": ["in-force", "in-force"], "regulation": ["haidong", None],
                       "date": ["2024-01-01", float("nan")], "facts.colour": [None, "red"]})
    out = zhili.answers_frame(df)
    assert out.loc[0, "verdict"] == "yes"
    assert out.loc[1, "error_code"] == "unknown-fact" and out.loc[1, "id"] == "y"
    ints = pd.DataFrame({"id": [1], "kind": ["in-force"], "regulation": ["haidong"]})
    assert zhili.answers_frame(ints).loc[0, "error_code"] == "invalid-question"


def test_empty_inputs_and_the_explain_level() -> None:
    assert list(zhili.answers_frame([]).columns) == COLUMNS
    assert len(zhili.answers_frame(pd.DataFrame({"id": []}))) == 0
    with pytest.raises(zhili.InvalidQuestion):
        zhili.answers_frame([], explain="loud")  # type: ignore[arg-type]
