#!/usr/bin/env bash
# The Python package: builds the zhili wheel with maturin in a virtual environment of its own (or
# takes the one given with --wheel FILE: scripts/test.sh passes the portable wheel scripts/dist.sh
# built, so CI builds it once), installs it, and runs its pytest suite (conformance cases through
# Python, 100 000-question batch, DataFrames and Arrow tables, Polars, Dask with 1 000 000 questions,
# Ctrl-C and progress, the guide's examples, mypy --strict). Installs what it needs itself: pinned
# maturin, pytest, pandas, pyarrow, polars, tqdm, dask[dataframe] and mypy from PyPI, once (kept in
# target/py-venv).
# usage: bash scripts/test-python.sh [--wheel FILE] [--install-only]
#   --install-only: build and install the wheel into target/py-venv, run no tests (scripts/bench-all.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

venv="$PWD/target/py-venv"
pins=(maturin==1.16.0 pytest==9.2.0 pandas==3.1.1 pyarrow==26.0.1 polars==2.1.0 tqdm==4.70.1
      "dask[dataframe]==2026.8.0" mypy==2.4.1)
wheel=
install_only=
while [ $# -gt 0 ]; do
  case "$1" in
    --wheel) wheel=$(realpath "${2:?--wheel needs a file}"); shift 2 ;;
    --install-only) install_only=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
stamp="$venv/.zhili-pins"
start=$SECONDS

if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${pins[*]}" ]; then
  echo "-- a virtual environment with ${pins[*]}"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${pins[@]}"
  echo "${pins[*]}" > "$stamp"
fi
py="$venv/bin/python"

if [ -z "$wheel" ]; then
  echo "-- the wheel (maturin build --release)"
  rm -rf target/py-wheels
  "$venv/bin/maturin" build --release --locked -q -i "$py" -m bindings-python/Cargo.toml --out target/py-wheels
  wheel=$(ls target/py-wheels/zhili-*.whl)
else
  echo "-- the wheel given: $wheel"
fi
"$py" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"
echo "   $(basename "$wheel"): $(du -k "$wheel" | cut -f1) KiB, installed in $((SECONDS - start)) s"
[ -z "$install_only" ] || exit 0

echo "-- pytest (bindings-python/tests)"
cd bindings-python
MYPY_CACHE_DIR=../target/py-mypy-cache "$py" -m pytest -q -p no:cacheprovider --durations=5 tests
echo "-- Python part: $((SECONDS - start)) s"
