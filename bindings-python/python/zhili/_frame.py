"""Answers and the corpus as tables: pandas DataFrames (the optional extra ``zhili[pandas]``, also
the unit of work of a Dask ``map_partitions``) and Arrow tables (``zhili[arrow]``).

The native module answers a batch into columns (``_zhili.ask_columns``): dictionary codes and
their texts for kind, regulation, verdict, what-if verdict and error code, the ids as one buffer,
and each distinct list of conditions or citations once with a code per row. Here they are only
wrapped: numpy arrays of codes become categoricals or Arrow dictionary arrays.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Tuple, Union

from . import _zhili
from ._progress import ProgressArg, progress_of
from ._types import Explain, Question

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow

#: The columns of ``answers_frame`` and ``answers_arrow``, in order.
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

#: The dictionary-encoded columns (categoricals in pandas, dictionary arrays in Arrow).
_CODED = ["kind", "regulation", "verdict", "whatif_verdict", "error_code"]

#: A dictionary-encoded column from the native module: int32 codes (-1 missing, -2 kept aside),
#: the texts, the (row, value) pairs of values that are not texts, Arrow's validity bitmap.
_Coded = Tuple[bytes, List[str], List[Tuple[int, Any]], bytes]

Questions = Union["pandas.DataFrame", "pandas.Series", Iterable[Union[Question, str, bytes]]]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("this needs pandas: pip install 'zhili[pandas]'") from e
    return pandas


def _pyarrow(what: str) -> Any:
    try:
        import pyarrow
    except ImportError as e:
        raise ImportError(f"{what} needs pyarrow: pip install 'zhili[arrow]'") from e
    return pyarrow


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _str_dtype(pd: Any, arrow: bool) -> Any:
    """pandas' string dtype: ``str`` (pandas 3), stored in Arrow when pyarrow is there."""
    import numpy as np

    try:
        return pd.StringDtype("pyarrow" if arrow else "python", na_value=np.nan)
    except TypeError:  # pandas < 2.3: no na_value
        return pd.StringDtype("pyarrow" if arrow else "python")


def _columns(
    questions: Questions, explain: Explain, threads: Optional[int], progress: ProgressArg, arrow: bool
) -> Tuple[Dict[str, Any], Any]:
    """Answers questions into the native columns; also returns the index to keep (or None)."""
    pd: Any
    try:
        import pandas

        pd = pandas
    except ImportError:
        pd = None
    call, close = progress_of(progress, questions)
    try:
        if pd is not None and isinstance(questions, pd.DataFrame):
            if len(questions.columns) == 0:  # every row an empty question
                rows: List[Question] = [{}] * len(questions)
                return _zhili.ask_columns(rows, explain, threads, call, arrow), questions.index
            names = [str(c) for c in questions.columns]
            values = []
            for c in questions.columns:
                s = questions[c]
                values.append(s.astype(object).where(s.notna(), None).tolist())
            return _zhili.ask_table(names, values, explain, threads, call, arrow), questions.index
        if pd is not None and isinstance(questions, pd.Series):
            return _zhili.ask_columns(questions.tolist(), explain, threads, call, arrow), questions.index
        return _zhili.ask_columns(questions, explain, threads, call, arrow), None
    finally:
        close()


def _codes(buf: bytes) -> Any:
    import numpy as np

    return np.frombuffer(buf, dtype=np.int32)


def _objects(values: List[Any], codes: Any) -> Any:
    """An object array with ``values[code]`` per row (the values themselves, not copies)."""
    import numpy as np

    lookup = np.empty(len(values) + 1, dtype=object)
    for i, v in enumerate(values):
        lookup[i] = v
    return lookup[codes]


def _coded_series(pd: Any, col: "_Coded", index: Any) -> Any:
    """A categorical of texts; an object Series when some value is not a text (a number, list or
    mapping verdict)."""
    import numpy as np

    buf, cats, aside, _ = col
    codes = _codes(buf)
    if not aside:
        dtype = pd.CategoricalDtype(pd.Index(cats, dtype=object))
        return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=index)
    # codes -1 (missing) and -2 (aside) both read the None after the texts; aside rows are set
    values = _objects(list(cats), np.where(codes < 0, len(cats), codes))
    for row, v in aside:
        values[row] = v
    return pd.Series(values, index=index, dtype=object)


def _frame(pd: Any, cols: Dict[str, Any], index: Any = None) -> "pandas.DataFrame":
    n = cols["n"]
    if index is None:
        index = pd.RangeIndex(n)
    ids = cols["id"]
    if isinstance(ids, tuple):
        id_array = pd.array(_id_arrow(ids, n), dtype=_str_dtype(pd, True))
    else:
        id_array = pd.array(ids, dtype=_str_dtype(pd, False))
    out = {"id": pd.Series(id_array, index=index)}
    for c in ("kind", "regulation", "verdict"):
        out[c] = _coded_series(pd, cols[c], index)
    for c in ("conditions", "citations"):
        codes, values = cols[c]
        out[c] = pd.Series(_objects(values, _codes(codes)), index=index, dtype=object)
    for c in ("whatif_verdict", "error_code"):
        out[c] = _coded_series(pd, cols[c], index)
    return pd.DataFrame(out, index=index)


def _id_arrow(ids: Tuple[bytes, bytes], n: int) -> Any:
    pa = _pyarrow("answers_arrow")
    data, offsets = ids
    return pa.Array.from_buffers(pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def frame_meta() -> "pandas.DataFrame":
    """An empty frame with the columns and dtypes of ``answers_frame`` (Dask's ``meta=``)."""
    pd = _pandas()
    empty: _Coded = (b"", [], [], b"")
    # the ids as answers_frame makes them: Arrow-backed when pyarrow is there (one offset, 0)
    ids: Any = (b"", bytes(8)) if _has_pyarrow() else []
    cols: Dict[str, Any] = {"n": 0, "id": ids, "conditions": (b"", []), "citations": (b"", [])}
    cols.update({c: empty for c in _CODED})
    return _frame(pd, cols)


def answers_frame(
    questions: Questions,
    explain: Explain = "none",
    threads: Optional[int] = None,
    progress: ProgressArg = False,
) -> "pandas.DataFrame":
    """Answers questions into a DataFrame, one row per question, columns ``id`` (str), ``kind``,
    ``regulation``, ``verdict`` (categoricals), ``conditions`` (list of condition dicts),
    ``citations`` (list of str), ``whatif_verdict`` and ``error_code`` (categoricals, missing
    unless there is a what-if or the question could not be answered).

    ``questions`` is an iterable of question dicts (or JSON texts), a Series of them, or a
    DataFrame with one question per row: columns ``id``, ``kind``, ``regulation``, ``date``,
    ``facts`` (a dict per row, or its JSON text) and/or ``facts.<name>`` columns (as
    ``pandas.json_normalize`` writes nested questions); a missing value (None, NaN, NaT, pd.NA)
    leaves its key out, which for a fact means unknown. The result keeps the index of a
    DataFrame or Series, so it joins back to the input; bad rows get an error code, not an
    exception. The answers are the core's, evaluated without the GIL, so a Dask
    ``map_partitions(zhili.answers_frame)`` spreads them over threads, processes or a cluster.
    ``explain`` only changes the work done (the frame carries no explanation).

    Equal lists of conditions or citations are one list object shared by their rows: copy a
    cell before changing it. A verdict column holding numbers, lists or mappings (facility-area,
    compare) is of dtype object. ``progress=True`` shows a progress bar (tqdm when installed).
    """
    pd = _pandas()
    cols, index = _columns(questions, explain, threads, progress, _has_pyarrow())
    return _frame(pd, cols, index)


def _int32(pa: Any, buf: bytes, validity: Optional[bytes] = None) -> Any:
    """Arrow int32 array over native int32 bytes (no copy, no numpy)."""
    bitmap = None if validity is None else pa.py_buffer(validity)
    return pa.Array.from_buffers(pa.int32(), len(buf) // 4, [bitmap, pa.py_buffer(buf)])


def _dictionary(pa: Any, col: "_Coded") -> Any:
    """A dictionary<int32, string> array; values that are not texts become their JSON text."""
    buf, cats, aside, validity = col
    indices = _int32(pa, buf, validity)
    cats = list(cats)
    if aside:
        values = indices.to_pylist()
        seen: Dict[str, int] = {c: i for i, c in enumerate(cats)}
        for row, v in aside:
            text = json.dumps(v, ensure_ascii=False, separators=(",", ":"))
            if text not in seen:
                seen[text] = len(cats)
                cats.append(text)
            values[row] = seen[text]
        indices = pa.array(values, type=pa.int32())
    return pa.DictionaryArray.from_arrays(indices, pa.array(cats, type=pa.string()))


def _condition_type(pa: Any) -> Any:
    text = pa.dictionary(pa.int32(), pa.string())
    return pa.list_(
        pa.struct(
            [
                ("text_zh", text),
                ("text_en", text),
                ("citations", pa.list_(pa.string())),
                ("either_or", pa.bool_()),
                ("group", pa.int32()),
            ]
        )
    )


def answers_arrow(
    questions: Questions,
    explain: Explain = "none",
    threads: Optional[int] = None,
    progress: ProgressArg = False,
) -> "pyarrow.Table":
    """Answers questions into an Arrow table (needs pyarrow: ``zhili[arrow]``) with the columns
    of ``answers_frame``: ``id`` large_string; ``kind``, ``regulation``, ``verdict``,
    ``whatif_verdict``, ``error_code`` dictionary<int32, string> (a verdict that is not a text —
    a number, list or mapping — is its JSON text); ``conditions`` list<struct<text_zh, text_en,
    citations, either_or, group>>; ``citations`` list<string>. Polars reads it as it is
    (``polars.from_arrow``); ``questions`` are as for ``answers_frame`` (the index of a DataFrame
    is not kept: Arrow tables have none). Needs neither pandas nor numpy."""
    pa = _pyarrow("answers_arrow")
    cols, _ = _columns(questions, explain, threads, progress, True)
    n = cols["n"]
    conds_codes, conds = cols["conditions"]
    full = [
        [{**c, "either_or": c.get("either_or", False), "group": c.get("group")} for c in cs] for cs in conds
    ]
    cites_codes, cites = cols["citations"]
    arrays = {
        "id": _id_arrow(cols["id"], n),
        "kind": _dictionary(pa, cols["kind"]),
        "regulation": _dictionary(pa, cols["regulation"]),
        "verdict": _dictionary(pa, cols["verdict"]),
        "conditions": pa.array(full, type=_condition_type(pa)).take(_int32(pa, conds_codes)),
        "citations": pa.array(cites, type=pa.list_(pa.string())).take(_int32(pa, cites_codes)),
        "whatif_verdict": _dictionary(pa, cols["whatif_verdict"]),
        "error_code": _dictionary(pa, cols["error_code"]),
    }
    return pa.table([arrays[c] for c in FRAME_COLUMNS], names=FRAME_COLUMNS)


#: The columns of ``provisions_frame``, in order.
PROVISION_COLUMNS: List[str] = list(_zhili.PROVISION_COLUMNS)

#: The columns of ``norms_frame``, in order.
NORM_COLUMNS: List[str] = list(_zhili.NORM_COLUMNS)


def provisions_frame(regulation: Optional[str] = None) -> "pandas.DataFrame":
    """The text of the regulations (or of one, by key, title or alias) as a DataFrame, one row per
    article, paragraph and item in text order: ``regulation``, ``citation`` (``dalian:24:3``),
    ``reference_zh`` (第二十四条第三款), ``level`` (article, paragraph, item), ``chapter`` (its
    number), ``chapter_title``, ``article``, ``paragraph`` and ``item`` (numbers; missing above
    the level), ``text`` (an article's or paragraph's with its items, one per line)."""
    pd = _pandas()
    cols = _zhili.provision_columns(regulation)
    frame = pd.DataFrame({c: cols[c] for c in PROVISION_COLUMNS})
    for c in ("regulation", "level", "chapter_title"):
        frame[c] = frame[c].astype("category")
    for c in ("paragraph", "item"):
        frame[c] = frame[c].astype("Int64")
    return frame


def norms_frame(regulation: Optional[str] = None) -> "pandas.DataFrame":
    """The normative provisions (regulations/<key>/provisions.toml, as the core loaded and checked
    them against the text) as a DataFrame, one row per provision: ``regulation``, ``id``,
    ``citation``, ``reference_zh``, ``bearer`` (as the text writes it), ``bearer_kinds`` (list,
    ``township/street-office``), ``modality`` (shall, must-not, may, encourage, support,
    responsible, principle), ``binds`` (a duty or a ban), ``action``, ``object``, ``recipient``,
    ``conditions`` (list), ``topics`` (list of topic ids, see ``features()``), ``values`` (list of
    dicts), ``quote`` (verbatim) and ``en``."""
    pd = _pandas()
    cols = _zhili.norm_columns(regulation)
    frame = pd.DataFrame({c: cols[c] for c in NORM_COLUMNS})
    for c in ("regulation", "modality"):
        frame[c] = frame[c].astype("category")
    for c in ("bearer_kinds", "conditions", "topics", "values"):
        frame[c] = frame[c].astype(object)
    return frame
