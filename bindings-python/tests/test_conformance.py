"""Every shared conformance case (tests/conformance/*.jsonl, and the spec's examples when
../shared is beside the checkout) answered through Python, scored with the rules of
core/tests/conformance.rs: scripts/score.py's checks, plus the four that file has and score.py
does not (what-if citations, conditions on an unconditional verdict, the expected sanction, an
error answer without a code)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Dict, List, Tuple

import pytest

import zhili

from conftest import SPEC_EXAMPLES, cases, has_duplicate_keys


def sanction_problems(expected: Any, got: Any, path: str) -> List[str]:
    """The expected sanction is a subset of the answer's: strings contained, lists included,
    objects matched key by key."""
    if isinstance(expected, dict):
        out = []
        for k, v in expected.items():
            out += sanction_problems(v, got.get(k) if isinstance(got, dict) else None, f"{path}.{k}")
        return out
    if isinstance(expected, list):
        g = got if isinstance(got, list) else []
        return [] if all(x in g for x in expected) else [f"{path}: expected {expected!r}, got {got!r}"]
    if isinstance(expected, str):
        ok = isinstance(got, str) and expected in got
        return [] if ok else [f"{path}: expected {expected!r}, got {got!r}"]
    return [] if expected == got else [f"{path}: expected {expected!r}, got {got!r}"]


def problems(score: Any, q: Dict[str, Any], a: Dict[str, Any]) -> List[str]:
    out = list(score.check(q, a))
    w = a.get("whatif") or {}
    got_conds = score.cond_cites(a.get("conditions")) + score.cond_cites(w.get("conditions"))
    flat = [c for cc in got_conds for c in cc]
    if q.get("whatif_verdict") is not None:
        wc = list(w.get("citations") or []) + flat
        out += [f"missing what-if citation {e}" for e in q.get("whatif_citations") or [] if not score.covered(e, wc)]
    exp = q["expected_verdict"]
    if not score.cond_cites(q.get("expected_conditions")) and exp in ("permitted", "prohibited") and got_conds:
        out.append("conditions on an unconditional verdict")
    if q.get("expected_sanction") is not None:
        got = a.get("sanction") if a.get("sanction") is not None else w.get("sanction")
        out += sanction_problems(q["expected_sanction"], got, "sanction")
    if exp == "error" and not (a.get("error") or {}).get("code"):
        out.append("an error answer without a code")
    return out


def run(score: Any, items: List[Tuple[str, Dict[str, Any]]]) -> None:
    texts = [raw for raw, _ in items]
    by_text = zhili.ask_many(texts)
    failures = []
    for (raw, case), ans in zip(items, by_text):
        assert ans.id == (case.get("id") if isinstance(case.get("id"), str) else ""), raw
        p = problems(score, case, ans.to_dict())
        if p:
            failures.append(f"{case.get('id')}: {'; '.join(p)}")
    assert not failures, f"{len(failures)} of {len(items)} cases fail:\n" + "\n".join(failures)


def test_every_conformance_case_through_python(score: Any, all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    run(score, all_cases)


def test_spec_examples(score: Any) -> None:
    if not SPEC_EXAMPLES.exists():
        pytest.skip(f"{SPEC_EXAMPLES} not present")
    run(score, cases(SPEC_EXAMPLES))


def test_dicts_and_json_text_get_the_same_answers(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    # only text can repeat a key: those cases are answered from the text alone
    items = [(raw, case) for raw, case in all_cases if not has_duplicate_keys(raw)]
    assert len(items) > 1000
    from_text = zhili.ask_many([raw for raw, _ in items])
    from_dict = zhili.ask_many([case for _, case in items])
    for (raw, _), t, d in zip(items, from_text, from_dict):
        assert t == d, raw
        assert t.to_json() == d.to_json()


def test_the_fast_and_the_full_reading_of_dicts_agree(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    # Dicts of plain values are read straight into the core's typed question; an int beyond 64
    # bits (in a field the core ignores) sends a dict to the full reading through a JSON value
    # instead, and a date object stands in for its ISO text. All must give the same answers.
    dicts = [case for raw, case in all_cases if not has_duplicate_keys(raw)]
    forced = [dict(case, zz_note=2**70) for case in dicts]
    dated = []
    for case in dicts:
        try:
            day = dt.date.fromisoformat(case["date"])
        except (KeyError, TypeError, ValueError):
            day = None
        # only where the text is the ISO form (Python also reads "20240229", which the core refuses)
        dated.append(dict(case, date=day) if day is not None and day.isoformat() == case["date"] else case)
    for explain in ("full", "none"):
        fast = [a.to_json() for a in zhili.ask_many(dicts, explain=explain)]
        assert [a.to_json() for a in zhili.ask_many(forced, explain=explain)] == fast
        assert [a.to_json() for a in zhili.ask_many(dated, explain=explain)] == fast


def test_dicts_near_the_size_limit_read_as_their_json_text() -> None:
    # escapes make JSON longer than the text: the limit is the compact JSON's length either way
    base = {"id": "s", "kind": "assign-to-committee", "regulation": "dalian", "date": "2024-10-10"}
    for task in ('"' * 600_000, "x" * 600_000, "x" * 1_100_000, "\n" * 300_000, "社" * 300_000):
        d = dict(base, facts={"assigner": "某区民政局", "task": task})
        from_dict = zhili.ask_many([d])[0]
        from_text = zhili.ask_many([json.dumps(d, ensure_ascii=False)])[0]
        assert from_dict.error_code == from_text.error_code, (len(task), from_dict, from_text)
        assert from_dict.error_code in ("too-large", "invalid-fact"), from_dict.error_code


def test_one_at_a_time_equals_the_batch(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    batch = zhili.ask_many([raw for raw, _ in all_cases], threads=2)
    for (raw, _), b in zip(all_cases, batch):
        try:
            one = zhili.ask(raw)
        except zhili.ZhiliError as e:
            assert e.answer is not None and e.code == b.error_code
            one = e.answer
        assert one == b, raw


def test_explain_levels_never_change_the_decision(all_cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    texts = [raw for raw, _ in all_cases]
    full = zhili.ask_many(texts, explain="full")
    for level in ("summary", "none"):
        other = zhili.ask_many(texts, explain=level)
        for f, o in zip(full, other):
            assert (f.verdict, f.conditions, f.citations, f.whatif, f.sanction, f.error_code) == (
                o.verdict,
                o.conditions,
                o.citations,
                o.whatif,
                o.sanction,
                o.error_code,
            )
            assert o.explanation["steps"] == []
            if level == "summary":
                assert o.explanation["summary_en"] == f.explanation["summary_en"]
            else:
                assert o.explanation["summary_en"] == ""
