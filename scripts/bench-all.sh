#!/usr/bin/env bash
# Every front end measured in one run, one after the other, for docs/performance.md: the core
# (criterion's `decide` and `batch-100k` groups, and the instruction count of each kind of decision
# under valgrind), the CLI (scripts/bench-cli.sh, beside a serde_json round trip), Python
# (scripts/bench-python.py: ask_many, frames, memory), the WASM package in Node
# (bindings-wasm/bench/*.mjs) and the HTTP service (scripts/bench-server.sh: batch beside the CLI,
# single requests by wrk and zhili-load beside GET /healthz). Builds first, measures after, and prints
# the load average and the time between the parts, so that a reader can tell a quiet run from a
# loaded one. The whole report is also written to target/bench-all/report.txt.
#
#   bash scripts/bench-all.sh                 # about 15 minutes on the 2-core machine
#   QUICK=1 bash scripts/bench-all.sh         # small sizes, to check that every part runs
#
# Needs what CI installs (scripts/test-python.sh and scripts/test-wasm.sh install their toolchains;
# this script calls them with --install-only / --build-only); valgrind and wrk it installs from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench-all
mkdir -p "$out"
exec > >(tee "$out/report.txt") 2>&1

quick=${QUICK:-}
part() { echo; echo "######## $1 — $(date -u +%H:%M:%S) UTC, $(uptime | sed 's/.*load average/load average/')"; }

part "machine and build"
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
echo "$(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "$(rustc --version); $(node --version 2>/dev/null || echo 'no node'); $(python3 --version)"
cargo build -q --release --locked -p zhili-cli -p zhili-server --bins
cargo build -q --release --locked -p zhili --example bench_batch --example decide --example json_round_trip
bash scripts/test-python.sh --install-only > "$out/python-install.log" 2>&1 ||
  { cat "$out/python-install.log"; exit 1; }
bash scripts/test-wasm.sh --build-only > "$out/wasm-build.log" 2>&1 || { cat "$out/wasm-build.log"; exit 1; }
grep "zhili-wasm built" "$out/wasm-build.log" || true
missing=()
for tool in valgrind wrk; do command -v "$tool" > /dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian"
  sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  sudo_ apt-get update -qq
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
fi

part "core: instructions per decision (valgrind callgrind; repeatable whatever the load)"
# (Ir of ROUNDS=101 − Ir of ROUNDS=1) / (100 × questions of the kind): loading and reading excluded
target/release/examples/bench_batch 1000 > "$out/b1k.jsonl"
printf '%-22s %10s %14s\n' kind questions "instr/decision"
for kind in assign-to-committee assign-to-grid liability duty-of compare in-force facility-area \
    utility-price article-lookup; do
  count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
      target/release/examples/decide "$out/b1k.jsonl" "$kind" "$1" 2>&1 |
      awk '/Collected/ { gsub(",", "", $NF); print $NF }'
  }
  n=$(target/release/examples/decide "$out/b1k.jsonl" "$kind" 1 | awk '{print $1}')
  one=$(count 1)
  many=$(count 101)
  printf '%-22s %10s %14s\n' "$kind" "$n" "$(( (many - one) / (100 * n) ))"
done

part "core: criterion (cargo bench -p zhili --bench ask -- decide batch-100k)"
if [ -n "$quick" ]; then
  crit=(--warm-up-time 1 --measurement-time 1 --sample-size 10)
else
  crit=(--warm-up-time 2 --measurement-time 5)
fi
cargo bench -q --locked -p zhili --bench ask -- "${crit[@]}" decide 2>&1 |
  grep -E "^(decide|batch)|time:|thrpt:" || true
cargo bench -q --locked -p zhili --bench ask -- --warm-up-time 1 --measurement-time 5 --sample-size 10 \
  batch-100k 2>&1 | grep -E "^(decide|batch)|time:|thrpt:" || true

part "CLI (scripts/bench-cli.sh)"
if [ -n "$quick" ]; then
  N=2000 REPEAT=1 GROWTH_MAX=10000 bash scripts/bench-cli.sh
else
  bash scripts/bench-cli.sh
fi

part "Python (scripts/bench-python.py)"
py=target/py-venv/bin/python
if [ -n "$quick" ]; then
  "$py" scripts/bench-python.py 5000 --repeat 1
  "$py" scripts/bench-python.py --frames 5000 --repeat 1
  "$py" scripts/bench-python.py --memory 20000
else
  "$py" scripts/bench-python.py 100000 --repeat 3
  "$py" scripts/bench-python.py --frames 200000 --repeat 5
  "$py" scripts/bench-python.py --memory 1000000
fi

part "WASM in Node (bindings-wasm/bench)"
js_n=${quick:+2000}
(cd bindings-wasm && node bench/bench.mjs && node bench/throughput.mjs "${js_n:-100000}" --repeat 3)

part "HTTP service (scripts/bench-server.sh)"
if [ -n "$quick" ]; then
  N=2000 REPEAT=1 SECONDS_PER=1 bash scripts/bench-server.sh
else
  bash scripts/bench-server.sh
fi

part "end"
