#!/usr/bin/env bash
# Runs every test of the project. Needs only the Rust toolchain and Python 3; anything else it
# installs itself. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test (core, cli: unit, property, snapshot, conformance tests)"
cargo test --workspace --locked

echo "== canonical texts re-derived from the raw sources"
cargo run -q --locked -p zhili-cli -- ingest --check
