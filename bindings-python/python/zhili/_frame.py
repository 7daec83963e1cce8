"""Answers as a pandas DataFrame (the optional extra ``zhili[pandas]``), also the unit of work of
a Dask ``map_partitions``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Union

from . import _zhili
from ._types import Explain, Question

if TYPE_CHECKING:  # pragma: no cover
    import pandas

#: The columns of ``answers_frame``, in order.
FRAME_COLUMNS: List[str] = [
    "id",
    "kind",
    "regulation",
    "verdict",
    "conditions",
    "citations",
    "whatif_verdict",
    "error_code",
]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("answers_frame needs pandas: pip install 'zhili[pandas]'") from e
    return pandas


def _frame(pd: Any, columns: Dict[str, List[Any]], index: Any = None) -> "pandas.DataFrame":
    n = len(columns["id"])
    if index is None:
        index = pd.RangeIndex(n)
    return pd.DataFrame(
        {c: pd.Series(columns[c], index=index, dtype=object) for c in FRAME_COLUMNS},
        index=index,
    )


def frame_meta() -> "pandas.DataFrame":
    """An empty frame with the columns and dtypes of ``answers_frame`` (Dask's ``meta=``)."""
    pd = _pandas()
    return _frame(pd, {c: [] for c in FRAME_COLUMNS})


def answers_frame(
    questions: Union["pandas.DataFrame", "pandas.Series", Iterable[Union[Question, str, bytes]]],
    explain: Explain = "none",
    threads: Optional[int] = None,
) -> "pandas.DataFrame":
    """Answers questions into a DataFrame, one row per question, columns ``id``, ``kind``,
    ``regulation``, ``verdict``, ``conditions`` (list of condition dicts), ``citations`` (list of
    str), ``whatif_verdict`` and ``error_code`` (None unless the question could not be answered).

    ``questions`` is an iterable of question dicts (or JSON texts), a Series of them, or a
    DataFrame with one question per row: columns ``id``, ``kind``, ``regulation``, ``date``,
    ``facts`` (a dict per row, or its JSON text) and/or ``facts.<name>`` columns (as ``pandas.json_normalize``
    writes nested questions); a missing value (None, NaN, NaT) leaves its key out, which for a
    fact means unknown. The result
    keeps the index of a DataFrame or Series, so it joins back to the input; bad rows get an
    error code, not an exception. The answers are the core's, evaluated without the GIL, so a
    Dask ``map_partitions(zhili.answers_frame)`` spreads them over threads, processes or a
    cluster. ``explain`` only changes the work done (the frame carries no explanation).
    """
    pd = _pandas()
    if isinstance(questions, pd.DataFrame):
        if len(questions.columns) == 0:  # every row an empty question
            cols = _zhili.ask_columns([{}] * len(questions), explain, threads)
            return _frame(pd, cols, questions.index)
        names = [str(c) for c in questions.columns]
        values = []
        for c in questions.columns:
            s = questions[c]
            values.append(s.astype(object).where(s.notna(), None).tolist())
        cols = _zhili.ask_table(names, values, explain, threads)
        return _frame(pd, cols, questions.index)
    if isinstance(questions, pd.Series):
        cols = _zhili.ask_columns(questions.tolist(), explain, threads)
        return _frame(pd, cols, questions.index)
    return _frame(pd, _zhili.ask_columns(questions, explain, threads))
