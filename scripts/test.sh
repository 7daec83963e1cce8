#!/usr/bin/env bash
# Runs every test of the project. Needs only the Rust toolchain and Python 3; anything else it
# installs itself. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test (unit, property, snapshot, conformance and CLI tests)"
cargo test --workspace --locked

echo "== canonical texts re-derived from the raw sources"
cargo run -q --locked -p zhili-cli -- ingest --check

echo "== conformance cases through the CLI, scored"
cargo build -q --locked -p zhili-cli
bin=target/debug/zhili
tmp=$(mktemp -d)
cat tests/conformance/*.jsonl > "$tmp/cases.jsonl"
"$bin" ask --jsonl "$tmp/cases.jsonl" > "$tmp/answers.jsonl"
python3 scripts/score.py "$tmp/cases.jsonl" "$tmp/answers.jsonl"
echo "== independent duty-of questions (written from the texts by a reader who never saw the encoding)"
"$bin" ask --jsonl tests/independent/duty-of.jsonl > "$tmp/independent.jsonl"
# a measure, not a gate on every case: the score may not fall below what it is (85 of 100)
{ python3 scripts/score.py tests/independent/duty-of.jsonl "$tmp/independent.jsonl" || true; } | tail -1 |
  python3 -c 'import re, sys; l = sys.stdin.read().strip(); print("  ", l); n = int(re.search(r"(\d+) passed", l).group(1)); sys.exit(0 if n >= 85 else "independent duty-of score fell below 85")'
shared=../shared/spec/examples.jsonl
if [ -f "$shared" ]; then
  "$bin" ask --jsonl "$shared" > "$tmp/spec-answers.jsonl"
  python3 scripts/score.py "$shared" "$tmp/spec-answers.jsonl"
else
  echo "(../shared/spec/examples.jsonl not present: spec examples skipped here)"
fi

bash scripts/test-akn.sh   # Akoma Ntoso schema check, the fixture regulation added as data
bash scripts/test-server.sh   # zhili serve end to end (the binary, SIGTERM) and a brief load-tool run
DIST_NPM=0 bash scripts/dist.sh   # (the npm tarball: test-wasm.sh below) dist/: the portable wheel and the sdist (and the npm tarball), each checked
bash scripts/test-python.sh --wheel dist/zhili-*.whl  # that wheel: pytest, type check (guide-python.md)
bash scripts/test-wasm.sh   # the WASM/npm package and the browser explorer (bindings-wasm/)

# A brief run of each fuzz target when FUZZ_SECONDS is set (CI sets 20); `scripts/fuzz.sh 600` is the
# long run. A target that finds a crash fails the run.
if [ -n "${FUZZ_SECONDS:-}" ]; then
  echo "== fuzzing each target for ${FUZZ_SECONDS}s"
  if command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --quiet; then
    bash scripts/fuzz.sh "$FUZZ_SECONDS"
  else
    echo "WARNING: cargo-fuzz could not be installed; fuzzing skipped" >&2
  fi
fi
echo "== all tests passed"
