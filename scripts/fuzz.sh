#!/usr/bin/env bash
# Runs the cargo-fuzz targets for a bounded time each (default 600 s), starting from the seeds in
# fuzz/seeds/<target>. cargo-fuzz needs nightly flags: on a stable toolchain RUSTC_BOOTSTRAP=1
# enables them. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(reference question ingest intake)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  cp -n fuzz/seeds/"$t"/* "fuzz/corpus/$t/" 2>/dev/null || true
  echo "== fuzzing $t for ${secs}s"
  cargo fuzz run -O "$t" "fuzz/corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=4096 -max_len=65536
done
