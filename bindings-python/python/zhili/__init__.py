"""zhili (治理): four Chinese local regulations on grassroots social governance as executable,
citable rules — the Python face of the Rust crate ``zhili``.

Every answer is the core's: this package converts questions in and answers out, and holds no
legal logic. Questions are dicts in the shape of the JSON contract (docs/questions-and-answers.md)
or JSON text; dates may be ``datetime.date`` objects or ``YYYY-MM-DD`` strings.

>>> import zhili
>>> zhili.in_force("dalian", "2024-07-01").verdict
'yes'
"""

from __future__ import annotations

import datetime as _dt
# typing's names under private names: the package's namespace shows only its own API
from typing import Any as _Any
from typing import Dict as _Dict
from typing import Iterable as _Iterable
from typing import List as _List
from typing import Optional as _Optional
from typing import Union as _Union

from . import _zhili
from ._errors import (
    ERROR_CLASSES,
    IngestFailed,
    InvalidDate,
    InvalidFact,
    InvalidJson,
    InvalidNorm,
    InvalidQuestion,
    InvalidReference,
    MissingFact,
    TooLarge,
    UnknownArticle,
    UnknownFact,
    UnknownFeature,
    UnknownKind,
    UnknownRegulation,
    ZhiliError,
)
from ._frame import answers_arrow, answers_frame, frame_meta, norms_frame, provisions_frame
from ._progress import ProgressArg as _ProgressArg
from ._progress import progress_of as _progress_of
from ._types import Condition, ErrorInfo, Explain, Explanation, Question, Step, WhatIf
from ._zhili import Answer

__version__: str = _zhili.__version__

# Answers compare for equality only: the order comparisons that the native type's equality
# brings along (and that would only raise TypeError) are taken off, so help(Answer) shows none.
for _op in ("__lt__", "__le__", "__gt__", "__ge__"):
    try:
        if _op in vars(Answer):
            delattr(Answer, _op)
    except (TypeError, AttributeError):  # pragma: no cover - an immutable type: help() lists them
        pass
del _op

#: The stable error codes of the core, in its order (docs/errors.md).
ERROR_CODES: _List[str] = list(_zhili.ERROR_CODES)

#: The explanation levels: ``full`` (every step and the summary), ``summary``, ``none``.
EXPLAIN_LEVELS: _List[str] = list(_zhili.EXPLAIN_LEVELS)

DateLike = _Union[_dt.date, str, None]
_Fact = _Any

__all__ = [
    "Answer",
    "Condition",
    "DateLike",
    "ERROR_CLASSES",
    "ERROR_CODES",
    "EXPLAIN_LEVELS",
    "ErrorInfo",
    "Explain",
    "Explanation",
    "Question",
    "Step",
    "WhatIf",
    "IngestFailed",
    "InvalidDate",
    "InvalidFact",
    "InvalidJson",
    "InvalidNorm",
    "InvalidQuestion",
    "InvalidReference",
    "MissingFact",
    "TooLarge",
    "UnknownArticle",
    "UnknownFact",
    "UnknownFeature",
    "UnknownKind",
    "UnknownRegulation",
    "ZhiliError",
    "answers_arrow",
    "answers_frame",
    "article",
    "article_info",
    "article_lookup",
    "ask",
    "ask_many",
    "assign_to_committee",
    "assign_to_grid",
    "compare",
    "duty_of",
    "error_catalogue",
    "facility_area",
    "features",
    "frame_meta",
    "gaps",
    "in_force",
    "intake",
    "liability",
    "norms_frame",
    "provisions_frame",
    "question",
    "regulations",
    "search",
    "structure",
    "utility_price",
]


def ask(question: _Union[Question, str, bytes], explain: Explain = "full") -> Answer:
    """Answers one question (a dict, or JSON text as ``zhili ask`` reads it).

    Raises the error's class (``zhili.InvalidDate``, ``zhili.UnknownFact``, ..., all
    ``zhili.ZhiliError``) for a question that cannot be answered; the error answer is on the
    exception's ``.answer``. ``explain`` is ``"full"``, ``"summary"`` or ``"none"`` (how much of
    the reasoning the answer carries; the verdict never depends on it).
    """
    return _zhili.ask(question, explain).raise_for_error()


def ask_many(
    questions: _Iterable[_Union[Question, str, bytes]],
    explain: Explain = "full",
    threads: _Optional[int] = None,
    progress: _ProgressArg = False,
) -> _List[Answer]:
    """Answers many questions in one call: one answer per question, in order.

    The questions are evaluated in Rust without the GIL, across ``threads`` threads (default:
    the available cores; fewer than 1 is a ``ValueError``). A question that cannot be answered
    gets an error answer in its place (``answer.error`` / ``answer.error_code``); nothing is
    raised for it. ``explain="none"`` is the fastest for bulk work. Ctrl-C stops a long batch
    (``KeyboardInterrupt``) within a fraction of a second; ``progress=True`` shows a progress bar
    (tqdm when it is installed, else a line on stderr), and a callable is called with the number
    of questions answered since its last call.
    """
    call, close = _progress_of(progress, questions)
    try:
        return _zhili.ask_many(questions, explain, threads, call)
    finally:
        close()


def article(reference: str, regulation: _Optional[str] = None) -> str:
    """The text of a provision, by citation (``dalian:24:3``), Chinese reference
    (``大连条例第二十四条第三款``, ``第六条第（七）项`` with ``regulation``) or English-style
    reference (``Art. 24 para. 3``). Raises ``UnknownArticle``, ``InvalidReference``, ...
    """
    return str(_zhili.article(reference, regulation)["text"])


def article_info(reference: str, regulation: _Optional[str] = None) -> _Dict[str, str]:
    """A provision with its canonical ``citation``, ``regulation``, ``title``,
    ``reference_zh``, ``level`` (article, paragraph or item) and ``text``."""
    return _zhili.article(reference, regulation)


def regulations() -> _List[_Dict[str, _Any]]:
    """Every regulation of the corpus: key, titles, city, province, aliases, status
    (``in-force`` or ``draft``), effective date, counts."""
    return _zhili.regulations()


def structure(regulation: str) -> _Dict[str, _Any]:
    """The whole structure of one regulation (chapters, articles, paragraphs, items), by key,
    title or alias."""
    return _zhili.structure(regulation)


def features() -> _List[_Dict[str, _Any]]:
    """What `compare` answers on: the comparison features, then the topics of the provisions
    (id, Chinese and English names, aliases, `kind` feature/topic, `group`)."""
    return _zhili.features()


def gaps(regulation: str, against: _Optional[_List[str]] = None) -> _Dict[str, _Any]:
    """The topics the other regulations (or those in `against`) regulate and this one does not
    (`missing`, cited from them), and the reverse (`extra`, cited from it)."""
    if isinstance(against, str):
        raise TypeError("against is a list of regulation keys, not a string")
    return _zhili.gaps(regulation, against)


def search(query: str, regulation: _Optional[str] = None, limit: int = 20) -> _List[_Dict[str, _Any]]:
    """The paragraphs and items that hold every word of ``query`` (words split at spaces and
    list punctuation; a word may also be a topic's id or name, or English words of a provision's
    summary), in ``regulation`` (key, title or alias) or in all, best first, at most ``limit``
    (capped at 500). Each hit: ``citation``, ``regulation``, ``reference_zh``, ``level``
    (paragraph or item), ``chapter``, ``text``, ``topics``, ``score``. An empty or overlong query
    raises ``InvalidQuestion``, an unknown regulation ``UnknownRegulation``."""
    return _zhili.search(query, regulation, limit)


def error_catalogue() -> _List[_Dict[str, str]]:
    """Every error code with a one-line meaning."""
    return _zhili.error_catalogue()


def intake(
    text: str, ask: bool = False, explain: Explain = "summary", id: str = ""
) -> _Dict[str, _Any]:
    """A question written in Chinese, read into the structured question (docs/intake.md).

    Returns ``{"question", "recognised", "unresolved", "needs"}``: the structured question (what
    the words do not state is None), each recognised field with its value, words and character
    span, the words left unresolved (a relative date), and the facts the answer still turns on.
    With ``ask=True`` also ``"answer"``: its :class:`Answer` (None when the kind or the regulation
    could not be read). Empty words raise :class:`InvalidQuestion`, words over 4000 characters
    :class:`TooLarge`.
    """
    if not isinstance(text, str):
        raise TypeError("text is the question in words (a str)")
    return _zhili.intake(text, ask, explain, id)


def _day(date: DateLike) -> _Optional[str]:
    if date is None or isinstance(date, str):
        return date
    if isinstance(date, _dt.datetime):
        if date.tzinfo is None and date.time() == _dt.time(0):
            return date.date().isoformat()
        return date.isoformat()  # the core refuses it as an invalid date
    if isinstance(date, _dt.date):
        return date.isoformat()
    raise InvalidDate(f"a date is a datetime.date or a YYYY-MM-DD string, not {type(date).__name__}")


def in_force(regulation: str, date: DateLike, explain: Explain = "full") -> Answer:
    """Whether a regulation (key, title or alias) is in force on a date: an answer whose verdict
    is ``yes`` or ``no``, citing the effective-date article."""
    day = _day(date)
    if day is None:
        return ask(question("in-force", regulation, None), explain)
    return _zhili.in_force(regulation, day, explain)


def compare(
    feature: _Optional[str] = None,
    *,
    regulations: _Optional[_List[str]] = None,
    date: DateLike = None,
    id: _Optional[str] = None,
    explain: Explain = "full",
    **facts: _Fact,
) -> Answer:
    """Which regulations have a feature (by id, Chinese name or alias), or — with assignment
    facts instead of a feature — how each regulation decides the same assignment."""
    if feature is not None and not facts and regulations is None and date is None and id is None:
        return _zhili.compare(feature, explain)
    if feature is not None:
        facts["feature"] = feature
    if regulations is not None:
        facts["regulations"] = regulations
    return ask(question("compare", "all", date, id=id, **facts), explain)


def question(
    kind: str,
    regulation: _Optional[str],
    date: DateLike = None,
    *,
    id: _Optional[str] = None,
    **facts: _Fact,
) -> Question:
    """Builds a question dict in the shape of the JSON contract (nothing is checked here: the
    core checks every field when the question is asked)."""
    q: Question = {"kind": kind, "regulation": regulation, "date": _day(date), "facts": dict(facts)}
    if id is not None:
        q["id"] = id
    return q


def assign_to_committee(
    regulation: str,
    date: DateLike,
    assigner: str,
    assignee: _Optional[str] = None,
    *,
    id: _Optional[str] = None,
    explain: Explain = "full",
    **facts: _Fact,
) -> Answer:
    """May ``assigner`` give this work to a residents' or villagers' committee (or community)?

    Facts are keywords: ``task``, ``task_on_list`` (assist, autonomy, negative, grid, none),
    ``assigner_level``, ``assigner_kind``, and the three-valued booleans
    (``written_commission=True``, ``funding_provided=None`` for unknown, ...) of
    docs/questions-and-answers.md. An unknown keyword raises ``UnknownFact``.
    """
    facts["assigner"] = assigner
    if assignee is not None:
        facts["assignee"] = assignee
    return ask(question("assign-to-committee", regulation, date, id=id, **facts), explain)


def assign_to_grid(
    regulation: str,
    date: DateLike,
    assigner: str,
    assignee: _Optional[str] = None,
    *,
    id: _Optional[str] = None,
    explain: Explain = "full",
    **facts: _Fact,
) -> Answer:
    """May ``assigner`` give this work to grid staff (网格员)? Facts as for
    ``assign_to_committee``."""
    facts["assigner"] = assigner
    if assignee is not None:
        facts["assignee"] = assignee
    return ask(question("assign-to-grid", regulation, date, id=id, **facts), explain)


def liability(
    regulation: str,
    date: DateLike,
    assigner: _Optional[str] = None,
    *,
    conduct: _Optional[str] = None,
    id: _Optional[str] = None,
    explain: Explain = "full",
    **facts: _Fact,
) -> Answer:
    """Is a body liable, and to what sanction? Either ``conduct`` in words (挪用, 玩忽职守 ...)
    or an assignment described by its facts (as for ``assign_to_committee``)."""
    if assigner is not None:
        facts["assigner"] = assigner
    if conduct is not None:
        facts["conduct"] = conduct
    return ask(question("liability", regulation, date, id=id, **facts), explain)


def duty_of(
    regulation: str,
    duty: str,
    date: DateLike = None,
    *,
    actor: _Optional[str] = None,
    id: _Optional[str] = None,
    explain: Explain = "full",
) -> Answer:
    """Who bears a duty (the verdict is the duty-bearer as the text writes it), or, with
    ``actor``, whether that body bears it (``yes`` / ``no``)."""
    facts: _Dict[str, _Fact] = {"duty": duty}
    if actor is not None:
        facts["actor"] = actor
    return ask(question("duty-of", regulation, date, id=id, **facts), explain)


def facility_area(
    regulation: str,
    households: int,
    date: DateLike = None,
    *,
    area_m2: _Optional[float] = None,
    facility: _Optional[str] = None,
    id: _Optional[str] = None,
    explain: Explain = "full",
) -> Answer:
    """The service-facility floor area a community of ``households`` needs, or, with
    ``area_m2``, whether that area suffices."""
    facts: _Dict[str, _Fact] = {"households": households}
    if area_m2 is not None:
        facts["area_m2"] = area_m2
    if facility is not None:
        facts["facility"] = facility
    return ask(question("facility-area", regulation, date, id=id, **facts), explain)


def utility_price(
    regulation: str,
    utility: _Optional[str] = None,
    date: DateLike = None,
    *,
    utility_zh: _Optional[str] = None,
    facility: _Optional[str] = None,
    id: _Optional[str] = None,
    explain: Explain = "full",
) -> Answer:
    """Do community service facilities pay residential prices for a utility (``water``,
    ``electricity`` ... or ``utility_zh`` 供水 ...)?"""
    facts: _Dict[str, _Fact] = {}
    if utility is not None:
        facts["utility"] = utility
    if utility_zh is not None:
        facts["utility_zh"] = utility_zh
    if facility is not None:
        facts["facility"] = facility
    return ask(question("utility-price", regulation, date, id=id, **facts), explain)


def article_lookup(
    regulation: str,
    ref_zh: _Optional[str] = None,
    *,
    article: _Optional[int] = None,
    paragraph: _Optional[int] = None,
    item: _Optional[int] = None,
    requested_regulation: _Optional[str] = None,
    id: _Optional[str] = None,
    explain: Explain = "full",
) -> Answer:
    """An article look-up as a question (the verdict is the provision's text); ``article()`` is
    the plain function."""
    facts: _Dict[str, _Fact] = {}
    for k, v in (
        ("ref_zh", ref_zh),
        ("article", article),
        ("paragraph", paragraph),
        ("item", item),
        ("requested_regulation", requested_regulation),
    ):
        if v is not None:
            facts[k] = v
    return ask(question("article-lookup", regulation, None, id=id, **facts), explain)
