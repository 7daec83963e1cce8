"""Shared helpers of the Python tests: the repository's conformance cases and its scorer."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

REPO = Path(__file__).resolve().parents[2]
CONFORMANCE = sorted((REPO / "tests" / "conformance").glob("*.jsonl"))
SPEC_EXAMPLES = REPO.parent / "shared" / "spec" / "examples.jsonl"


def load_score() -> Any:
    """scripts/score.py, the scorer `scripts/test.sh` runs on the CLI's answers."""
    spec = importlib.util.spec_from_file_location("zhili_score", REPO / "scripts" / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cases(path: Path) -> List[Tuple[str, Dict[str, Any]]]:
    """Each non-blank line of a JSONL file: its raw text and its parsed value."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append((line, json.loads(line)))
    return out


def has_duplicate_keys(text: str) -> bool:
    found = []

    def hook(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            found.append(True)
        return dict(pairs)

    json.loads(text, object_pairs_hook=hook)
    return bool(found)


@pytest.fixture(scope="session")
def score() -> Any:
    return load_score()


@pytest.fixture(scope="session")
def all_cases() -> List[Tuple[str, Dict[str, Any]]]:
    out = [c for p in CONFORMANCE for c in cases(p)]
    assert len(CONFORMANCE) >= 6 and len(out) > 1000
    return out
