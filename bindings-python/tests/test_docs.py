"""The examples of docs/guide-python.md run, in order, in one namespace."""

from __future__ import annotations

import re
from typing import Any, Dict, List

from conftest import REPO

GUIDE = REPO / "docs" / "guide-python.md"
NOT_RUN = "# not run:"


def guide_blocks() -> List[str]:
    """The guide's ```python blocks, except those that say they are not run."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)
    return [b for b in blocks if not b.lstrip().startswith(NOT_RUN)]


def test_the_guide_has_examples() -> None:
    blocks = guide_blocks()
    assert len(blocks) >= 8
    assert sum(b.count("assert") for b in blocks) >= 25


def test_the_guides_examples_run() -> None:
    ns: Dict[str, Any] = {"__name__": "guide"}
    for i, block in enumerate(guide_blocks()):
        code = compile(block, f"{GUIDE.name} block {i + 1}", "exec")
        exec(code, ns)


def test_typed_usage_runs() -> None:
    import typed_usage

    typed_usage.main()
