"""Typed use of zhili, checked with mypy --strict by test_typing.py (and run by test_typed_usage)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional

import zhili


def open_conditions(question: Dict[str, Any]) -> List[str]:
    answer: zhili.Answer = zhili.ask(question, explain="none")
    conds: List[zhili.Condition] = answer.conditions
    return [c["text_en"] + " — " + ", ".join(c["citations"]) for c in conds]


def verdicts(questions: List[Dict[str, Any]]) -> Dict[str, Optional[str]]:
    out: Dict[str, Optional[str]] = {}
    for a in zhili.ask_many(questions, explain="summary", threads=2):
        out[a.id] = a.error_code if not a.ok else str(a.verdict)
    return out


def whatif_verdict(answer: zhili.Answer) -> Any:
    w: Optional[zhili.WhatIf] = answer.whatif
    return None if w is None else w.get("verdict")


def explain_steps(answer: zhili.Answer) -> List[str]:
    e: zhili.Explanation = answer.explanation
    return [s["norm"] + ": " + s["outcome"] for s in e["steps"]]


def error_code(question: Dict[str, Any]) -> Optional[str]:
    try:
        zhili.ask(question)
    except zhili.InvalidDate as e:
        return e.code
    except zhili.ZhiliError as e:
        info: Optional[zhili.ErrorInfo] = e.answer.error if e.answer is not None else None
        return info["code"] if info is not None else e.code
    return None


def counted(questions: List[Dict[str, Any]]) -> int:
    seen: List[int] = []

    def tick(n: int) -> None:
        seen.append(n)

    zhili.ask_many(questions, explain="none", threads=1, progress=tick)
    return sum(seen)


def search_citations(query: str) -> List[str]:
    hits: List[Dict[str, Any]] = zhili.search(query, regulation="dalian", limit=3)
    return [str(h["citation"]) for h in hits]


def main() -> None:
    q: Dict[str, Any] = zhili.question(
        "assign-to-committee",
        "dalian",
        dt.date(2024, 10, 10),
        id="t",
        assigner="某区民政局",
        assignee="社区居委会",
        task_on_list="assist",
        written_commission=True,
    )
    assert open_conditions(q)
    assert verdicts([q, {**q, "id": "u", "date": "2024-02-30"}]) == {"t": "conditional", "u": "invalid-date"}
    assert whatif_verdict(zhili.ask({**q, "date": "2019-01-01"})) == "conditional"
    assert explain_steps(zhili.ask(q))
    assert error_code({**q, "date": "2024-02-30"}) == "invalid-date"
    assert error_code({**q, "facts": {"colour": 1}}) == "unknown-fact"
    text: str = zhili.article("dalian:24:1")
    level: str = zhili.article_info("dalian:24:1")["level"]
    regs: List[Dict[str, Any]] = zhili.regulations()
    yes: zhili.Answer = zhili.in_force("haidong", dt.date(2024, 1, 1))
    explain: zhili.Explain = "full"
    assert text and level == "paragraph" and regs and yes.verdict == "yes" and explain in zhili.EXPLAIN_LEVELS
    assert zhili.ERROR_CLASSES["unknown-article"] is zhili.UnknownArticle
    assert counted([q] * 10) == 10
    assert all(c.startswith("dalian:") for c in search_citations("社区"))
    assert len(zhili.provisions_frame("dalian")) > 100 and len(zhili.norms_frame("dalian")) > 10


if __name__ == "__main__":
    main()
