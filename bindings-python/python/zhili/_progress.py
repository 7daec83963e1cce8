"""Progress of long batches: a tqdm bar when tqdm is installed, else a line on stderr."""

from __future__ import annotations

import sys
import time
from typing import Any, Callable, Optional, Tuple, Union

#: ``progress=`` of the batch calls: True (a bar), False/None (nothing), or a callable given the
#: number of questions answered since its last call.
ProgressArg = Union[bool, None, Callable[[int], Any]]


class _Line:
    """A plain progress line on stderr, for when tqdm is not installed."""

    def __init__(self, total: Optional[int]) -> None:
        self.total = total
        self.done = 0
        self.start = time.perf_counter()

    def update(self, n: int) -> None:
        self.done += n
        rate = self.done / max(time.perf_counter() - self.start, 1e-9)
        of = f" / {self.total:,}" if self.total is not None else ""
        sys.stderr.write(f"\rzhili: {self.done:,}{of} questions answered ({rate:,.0f}/s)")
        sys.stderr.flush()

    def close(self) -> None:
        if self.done:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _nothing() -> None:
    return None


def progress_of(progress: ProgressArg, questions: Any) -> Tuple[Optional[Callable[[int], Any]], Callable[[], None]]:
    """The callback to hand the native batch call, and what to call when it is over."""
    if progress is None or progress is False:
        return None, _nothing
    if progress is True:
        total = len(questions) if hasattr(questions, "__len__") else None
        try:
            from tqdm.auto import tqdm
        except ImportError:
            line = _Line(total)
            return line.update, line.close
        bar = tqdm(total=total, unit="q", desc="zhili")
        return bar.update, bar.close
    if callable(progress):
        return progress, _nothing
    raise TypeError(f"progress is True, False, None or a callable, not {type(progress).__name__}")
