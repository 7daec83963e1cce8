"""The package is typed: mypy --strict accepts the guide's examples and typed_usage.py (on the
oldest Python the wheel supports, too), and rejects wrong calls."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from test_docs import guide_blocks

mypy_api = pytest.importorskip("mypy.api")

HERE = Path(__file__).resolve().parent


def mypy(paths: List[str], *extra: str) -> str:
    out, err, status = mypy_api.run(["--strict", "--ignore-missing-imports", *extra, *paths])
    return f"status {status}\n{out}{err}"


def test_typed_usage_and_the_package_pass_mypy_strict() -> None:
    # 3.10: the oldest this mypy checks (the wheel's floor is 3.9)
    for version in ("3.10", "3.11"):
        res = mypy([str(HERE / "typed_usage.py")],
                   "--python-version", version)
        assert res.startswith("status 0"), res
        pkg = mypy([], "--python-version", version, "-p", "zhili")
        assert pkg.startswith("status 0"), pkg


def test_the_guides_examples_pass_mypy_strict(tmp_path: Path) -> None:
    f = tmp_path / "guide_examples.py"
    f.write_text("\n".join(guide_blocks()), encoding="utf-8")
    res = mypy([str(f)], "--disable-error-code", "no-untyped-call")  # dask has no annotations
    assert res.startswith("status 0"), res


def test_mypy_rejects_wrong_calls(tmp_path: Path) -> None:
    f = tmp_path / "wrong.py"
    f.write_text(
        "import zhili\n"
        "a = zhili.ask({'kind': 'in-force'}, explain='loud')\n"
        "n: int = zhili.article('haidong:1')\n"
        "zhili.ask_many([{}], threads='two')\n"
        "c: str = zhili.ask({}).citations\n",
        encoding="utf-8",
    )
    res = mypy([str(f)])
    assert res.startswith("status 1"), res
    assert res.count("error:") >= 4, res
