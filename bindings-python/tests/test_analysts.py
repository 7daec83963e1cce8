"""What analysts reach for: numpy and pandas scalars as facts, Ctrl-C and progress in long batches,
search, the corpus as DataFrames, Arrow tables (and Polars), and the small things of the Answer
type (conditions made once, no order comparisons, a clear error for a bad thread count)."""

from __future__ import annotations

import io
import json
import os
import pydoc
import subprocess
import sys
from typing import Any, Dict, List, Tuple

import numpy as np
import pandas as pd
import pytest

import zhili

Q: Dict[str, Any] = {
    "id": "n1",
    "kind": "assign-to-committee",
    "regulation": "dalian",
    "date": "2024-10-10",
    "facts": {
        "assigner": "某区民政局",
        "assignee": "社区居委会",
        "task_on_list": "assist",
        "written_commission": True,
        "work_conditions_provided": True,
        "guidance_provided": True,
        "funding_provided": None,
    },
}


def with_facts(**facts: Any) -> Dict[str, Any]:
    return {**Q, "facts": {**Q["facts"], **facts}}


def test_numpy_and_pandas_scalars_are_facts_like_their_python_values() -> None:
    plain = zhili.ask(Q, explain="none")
    numpy_facts = with_facts(
        written_commission=np.bool_(True), work_conditions_provided=np.True_, guidance_provided=np.bool_(True)
    )
    assert zhili.ask(numpy_facts, explain="none") == plain
    # pd.NA and NaT are missing: unknown, as None is (never false)
    for missing in (pd.NA, pd.NaT, np.datetime64("NaT")):
        assert zhili.ask(with_facts(funding_provided=missing), explain="none") == plain
    assert zhili.ask(with_facts(funding_provided=False), explain="none") != plain
    # numpy integers and floats, and a numpy date, where the contract has numbers and dates
    area = {"id": "f", "kind": "facility-area", "regulation": "haidong", "facts": {"households": 1000}}
    for n in (np.int64(1000), np.int32(1000), np.uint16(1000), np.float32(1000.0)):
        got = zhili.ask({**area, "facts": {"households": n}}, explain="none")
        assert got.to_json() == zhili.ask(area, explain="none").to_json()
    dated = {**Q, "date": np.datetime64("2024-10-10")}
    assert zhili.ask(dated, explain="none") == plain
    # the same in a batch and through a DataFrame of dicts
    assert zhili.ask_many([numpy_facts] * 3, explain="none") == [plain] * 3


def test_numpy_values_without_a_json_form_are_still_refused() -> None:
    nan = zhili.ask_many([with_facts(funding_provided=np.float64("nan"))], explain="none")[0]
    assert nan.error_code == "invalid-json"
    arr = zhili.ask_many([with_facts(funding_provided=np.array([True]))], explain="none")[0]
    assert arr.error_code == "invalid-json" and "ndarray" in arr.error["message"]


@pytest.mark.parametrize("threads", [0, -1, -8])
def test_a_thread_count_below_one_is_a_value_error(threads: int) -> None:
    with pytest.raises(ValueError, match="threads must be 1 or more"):
        zhili.ask_many([Q], threads=threads)
    with pytest.raises(ValueError, match="threads must be 1 or more"):
        zhili.answers_frame([Q], threads=threads)
    with pytest.raises(TypeError):
        zhili.ask_many([Q], threads="two")  # type: ignore[arg-type]


@pytest.mark.parametrize("call", ["ask_many-1", "ask_many-2", "answers_frame-2"])
def test_ctrl_c_stops_a_long_batch(call: str) -> None:
    # 3 000 000 questions take seconds; SIGINT (Ctrl-C) comes 0.3 s in. The progress callback
    # counts what was answered: the batch stops part way, it does not run to its end first
    # (sent by another process, as a terminal sends it: a Python thread could not send it while
    # the batch holds the GIL converting questions)
    name, threads = call.split("-")
    n = 3_000_000
    qs = [Q] * n
    answered: List[int] = []
    f = zhili.ask_many if name == "ask_many" else zhili.answers_frame
    kill = subprocess.Popen(["sh", "-c", f"sleep 0.3; kill -INT {os.getpid()}"])
    try:
        with pytest.raises(KeyboardInterrupt):
            f(qs, explain="none", threads=int(threads), progress=answered.append)
    finally:
        kill.wait()
    assert sum(answered) < n
    # the answering threads are free again
    assert zhili.ask_many([Q] * 1000, explain="none", threads=2)[999] == zhili.ask(Q, explain="none")


def test_progress_callable_counts_every_question() -> None:
    seen: List[int] = []
    answers = zhili.ask_many([Q] * 5000, explain="none", threads=2, progress=seen.append)
    assert len(answers) == 5000 and sum(seen) == 5000 and all(k > 0 for k in seen)
    seen.clear()
    frame = zhili.answers_frame([Q] * 3000, threads=1, progress=seen.append)
    assert len(frame) == 3000 and sum(seen) == 3000
    with pytest.raises(TypeError, match="progress"):
        zhili.ask_many([Q], progress="yes")  # type: ignore[arg-type]


def test_progress_true_uses_tqdm_or_a_line_on_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tqdm")
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    zhili.ask_many([Q] * 2000, explain="none", progress=True)
    assert "2000/2000" in err.getvalue()  # tqdm's bar, closed at the end
    # without tqdm: a plain line
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    err2 = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err2)
    zhili.answers_frame([Q] * 2000, progress=True)
    assert "zhili: 2,000 / 2,000 questions answered" in err2.getvalue()


def test_search_finds_paragraphs_with_every_word() -> None:
    hits = zhili.search("网格 经费", regulation="wuxi-draft", limit=5)
    assert 0 < len(hits) <= 5
    for h in hits:
        assert "网格" in h["text"] and "经费" in h["text"] and h["regulation"] == "wuxi-draft"
        assert zhili.article_info(h["citation"])["citation"] == h["citation"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    everywhere = zhili.search("网格")
    assert len({h["regulation"] for h in everywhere}) > 1
    with pytest.raises(zhili.InvalidQuestion):
        zhili.search("  ")
    with pytest.raises(zhili.UnknownRegulation):
        zhili.search("网格", regulation="nowhere")
    with pytest.raises(ValueError):
        zhili.search("网格", limit=-1)


def test_provisions_frame_has_every_article_paragraph_and_item() -> None:
    frame = zhili.provisions_frame()
    counts = {r["key"]: r for r in zhili.regulations()}
    for key, c in counts.items():
        rows = frame[frame["regulation"] == key]
        levels = rows["level"].value_counts()
        assert (levels["article"], levels["paragraph"]) == (c["articles"], c["paragraphs"])
        assert levels.get("item", 0) == c["items"]
    assert frame["citation"].is_unique
    row = frame.set_index("citation").loc["dalian:24:3"]
    assert row["reference_zh"] == "第二十四条第三款" and row["level"] == "paragraph"
    assert row["text"] == zhili.article("dalian:24:3")
    item = frame.set_index("citation").loc["haidong:6:1:7"]
    assert item["reference_zh"] == "第六条第一款第（七）项" and item["item"] == 7
    sample = frame.sample(60, random_state=3)
    for cit, text in zip(sample["citation"], sample["text"]):
        assert zhili.article(cit) == text
    one = zhili.provisions_frame("大连条例")
    assert set(one["regulation"]) == {"dalian"} and len(one) == (frame["regulation"] == "dalian").sum()
    with pytest.raises(zhili.UnknownRegulation):
        zhili.provisions_frame("nowhere")


def test_norms_frame_reads_the_provisions_data() -> None:
    frame = zhili.norms_frame()
    assert list(frame.columns) == zhili._frame.NORM_COLUMNS
    assert frame["id"].is_unique and len(frame) > 200
    assert set(frame["modality"].cat.categories) <= {
        "shall", "must-not", "may", "encourage", "support", "responsible", "principle"
    }
    assert frame["binds"].equals(frame["modality"].isin(["shall", "must-not", "responsible"]))
    topics = {f["id"] for f in zhili.features() if f["kind"] == "topic"}
    assert all(t and set(t) <= topics for t in frame["topics"])
    for cit, ref, reg in zip(frame["citation"], frame["reference_zh"], frame["regulation"]):
        info = zhili.article_info(cit)
        assert info["reference_zh"] == info["title"] + ref and info["regulation"] == reg
    duties = frame[(frame["regulation"] == "dalian") & frame["binds"]]
    assert len(duties) > 10 and (duties["bearer"] != "").any()


def test_structure_paragraphs_and_items_carry_their_citation() -> None:
    s = zhili.structure("haidong")
    n = 0
    for ch in s["chapters"]:
        for a in ch["articles"]:
            assert a["citation"] == f"haidong:{a['number']}"
            for i, p in enumerate(a["paragraphs"], 1):
                assert p["citation"] == f"haidong:{a['number']}:{i}"
                assert zhili.article_info(p["citation"])["reference_zh"].endswith(p["reference_zh"])
                for it in p.get("items", []):
                    assert it["citation"] == f"{p['citation']}:{it['number']}"
                    assert zhili.article(it["citation"]) == it["text"]
                    n += 1
    assert n > 0


def test_conditions_are_converted_once() -> None:
    a = zhili.ask(Q)
    first = a.conditions
    assert first and a.conditions is first
    assert first == a.to_dict()["conditions"]


def test_help_lists_no_order_comparisons() -> None:
    text = pydoc.render_doc(zhili.Answer)
    for op in ("__lt__", "__le__", "__gt__", "__ge__"):
        assert op not in text
    a = zhili.ask(Q)
    assert a == zhili.ask(Q) and not (a != zhili.ask(Q))
    with pytest.raises(TypeError):
        a < a  # noqa: B015


def mixed(all_cases: List[Tuple[str, Dict[str, Any]]]) -> List[Any]:
    return [c for _, c in all_cases]


def test_answers_arrow_has_the_frames_values(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    pa = pytest.importorskip("pyarrow")
    qs = mixed(all_cases)
    table = zhili.answers_arrow(qs)
    frame = zhili.answers_frame(qs)
    assert table.column_names == list(frame.columns) and table.num_rows == len(frame)
    assert table.schema.field("id").type == pa.large_string()
    for c in ("kind", "regulation", "verdict", "whatif_verdict", "error_code"):
        assert pa.types.is_dictionary(table.schema.field(c).type), c
    assert table.column("id").to_pylist() == list(frame["id"])
    for c in ("kind", "regulation", "error_code"):
        got = table.column(c).to_pylist()
        assert got == [None if pd.isna(v) else v for v in frame[c].astype(object)], c
    # a verdict that is not a text (a number, list or mapping) is its JSON text in Arrow
    for c in ("verdict", "whatif_verdict"):
        for got, want in zip(table.column(c).to_pylist(), frame[c].astype(object)):
            if want is None or (isinstance(want, float) and want != want):
                assert got is None
            else:
                text = json.dumps(want, ensure_ascii=False, separators=(",", ":"))
                assert got == (want if isinstance(want, str) else text)
    conds = table.column("conditions").to_pylist()
    for got, want in zip(conds, frame["conditions"]):
        assert [{k: v for k, v in c.items() if v is not None and v is not False} for c in got] == want
    assert table.column("citations").to_pylist() == list(frame["citations"])


def test_polars_reads_the_arrow_table_as_it_is(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    pl = pytest.importorskip("polars")
    pytest.importorskip("pyarrow")
    qs = [c for _, c in all_cases if str(c.get("kind") or "").startswith("assign-")]
    table = zhili.answers_arrow(qs)
    df = pl.from_arrow(table)
    assert df.shape == (len(qs), 8)
    assert df.schema["kind"] == pl.Categorical and df.schema["id"] == pl.String
    counts = df.group_by("verdict").len()
    assert counts["len"].sum() == len(qs)
    frame = zhili.answers_frame(qs)
    assert df["verdict"].cast(pl.String).to_list() == [None if pd.isna(v) else v for v in frame["verdict"].astype(object)]


def test_frames_without_pyarrow_have_the_same_values(monkeypatch: pytest.MonkeyPatch,
                                                      all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    qs = mixed(all_cases)[:500]
    with_arrow = zhili.answers_frame(qs)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    without = zhili.answers_frame(qs)
    assert pd.api.types.is_string_dtype(without["id"]) and without["id"].dtype != object
    assert list(without["id"]) == list(with_arrow["id"])
    pd.testing.assert_frame_equal(without.drop(columns="id"), with_arrow.drop(columns="id"))
    with pytest.raises(ImportError, match="zhili\\[arrow\\]"):
        zhili.answers_arrow(qs)


def test_answers_arrow_needs_neither_pandas_nor_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    pa = pytest.importorskip("pyarrow")
    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "numpy", None)
    table = zhili.answers_arrow([Q, {**Q, "id": "bad", "date": "2024-13-45"}])
    assert isinstance(table, pa.Table)
    assert table.column("error_code").to_pylist() == [None, "invalid-date"]
    assert table.column("verdict").to_pylist() == ["conditional", "error"]
    with pytest.raises(ImportError, match="pandas"):
        zhili.answers_frame([Q])
