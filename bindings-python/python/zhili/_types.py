"""Types of the JSON contract (docs/questions-and-answers.md) for type checkers."""

from __future__ import annotations

from typing import Any, Dict, List, Literal, TypedDict

#: How much of the reasoning an answer carries: every step (``full``), the summary, or nothing.
Explain = Literal["full", "summary", "none"]

#: A question: ``id``, ``kind``, ``regulation``, ``date``, ``facts`` (other keys are ignored).
Question = Dict[str, Any]


class _ConditionBase(TypedDict):
    text_zh: str
    text_en: str
    citations: List[str]


class Condition(_ConditionBase, total=False):
    """A requirement whose fact is unknown; alternatives carry ``either_or`` and ``group``."""

    either_or: bool
    group: int


class WhatIf(TypedDict, total=False):
    """The evaluation as if a regulation not in force applied."""

    verdict: Any
    conditions: List[Condition]
    citations: List[str]
    sanction: Dict[str, Any]


class Step(TypedDict):
    """One norm tried and what came of it."""

    norm: str
    citation: str
    outcome: str
    zh: str
    en: str


class Explanation(TypedDict):
    steps: List[Step]
    summary_zh: str
    summary_en: str


class ErrorInfo(TypedDict):
    code: str
    message: str


__all__ = ["Condition", "ErrorInfo", "Explain", "Explanation", "Question", "Step", "WhatIf"]
