"""answers_frame: columns, inputs (lists, Series, DataFrames with a facts column or facts.* columns),
index, missing values and bad rows."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Tuple

import pandas as pd
import pytest

import zhili

COLUMNS = ["id", "kind", "regulation", "verdict", "conditions", "citations", "whatif_verdict", "error_code"]
CODED = ["kind", "regulation", "error_code"]


def plain(s: "pd.Series[Any]") -> List[Any]:
    """A column's values with missing ones as None (categoricals hold NaN for them)."""
    return [None if v is None or (isinstance(v, float) and v != v) else v for v in s.astype(object)]


def assignment_cases(all_cases: List[Tuple[str, Dict[str, Any]]]) -> List[Dict[str, Any]]:
    return [c for _, c in all_cases if str(c.get("kind") or "").startswith("assign-") and isinstance(c.get("facts"), dict)]


def test_columns_match_the_answers(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    qs = [c for _, c in all_cases]
    frame = zhili.answers_frame(qs)
    assert list(frame.columns) == COLUMNS and len(frame) == len(qs)
    assert list(frame.index) == list(range(len(qs)))
    answers = zhili.ask_many(qs, explain="none")
    rows = {c: plain(frame[c]) for c in COLUMNS}
    for i, a in enumerate(answers):
        assert rows["id"][i] == a.id and rows["kind"][i] == a.kind and rows["regulation"][i] == a.regulation
        assert rows["verdict"][i] == a.verdict
        assert rows["conditions"][i] == a.conditions and rows["citations"][i] == a.citations
        assert rows["whatif_verdict"][i] == (a.whatif["verdict"] if a.whatif else None)
        assert rows["error_code"][i] == a.error_code
    assert frame["whatif_verdict"].notna().sum() > 0 and frame["error_code"].notna().sum() > 0
    # ids are strings, the repeated texts categoricals with sorted categories; the verdicts are of
    # dtype object here because compare and facility-area verdicts are lists, mappings, numbers
    assert pd.api.types.is_string_dtype(frame["id"]) and frame["id"].dtype != object
    for c in CODED:
        assert isinstance(frame[c].dtype, pd.CategoricalDtype), c
        cats = list(frame[c].cat.categories)
        assert cats == sorted(cats) and len(cats) == len(set(cats))
    assert frame["verdict"].dtype == object and frame["whatif_verdict"].dtype == object
    assert (frame["conditions"].dtype, frame["citations"].dtype) == (object, object)
    meta = zhili.frame_meta()
    assert list(meta.columns) == COLUMNS and len(meta) == 0
    verdicts = ["verdict", "whatif_verdict"]
    assert [str(t) for t in meta.dtypes.drop(verdicts)] == [str(t) for t in frame.dtypes.drop(verdicts)]
    assert meta["id"].dtype == frame["id"].dtype


def test_assignment_verdicts_are_categorical_and_equal_lists_are_shared(
    all_cases: List[Tuple[str, Dict[str, Any]]]
) -> None:
    qs = assignment_cases(all_cases)
    frame = zhili.answers_frame(qs * 3)
    assert isinstance(frame["verdict"].dtype, pd.CategoricalDtype)
    assert isinstance(frame["whatif_verdict"].dtype, pd.CategoricalDtype)
    assert set(frame["verdict"].cat.categories) <= {"permitted", "prohibited", "conditional", "not-governed",
                                                   "not-in-force", "error"}
    n = len(qs)
    # the same question thrice: one list object for its three rows, equal to a fresh answer's
    for i in (0, n // 2, n - 1):
        a = zhili.ask_many([qs[i]], explain="none")[0]
        cells = [frame["conditions"].iloc[i + k * n] for k in range(3)]
        assert cells[0] == a.conditions and cells[0] is cells[1] is cells[2]
        assert frame["citations"].iloc[i] == a.citations


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
    # dates as text: every row read straight into a typed question (the fast path)
    assert zhili.answers_frame(flat).equals(zhili.answers_frame(qs))
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
    assert plain(frame["error_code"]) == [None, "invalid-date", "unknown-kind"]
    # error answers keep what could be read of the question
    assert plain(frame["kind"]) == ["in-force", "in-force", "guess"]
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
