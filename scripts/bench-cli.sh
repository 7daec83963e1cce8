#!/usr/bin/env bash
# The CLI on the benchmarks' mixed batch: generates N questions (default 100 000; the same lines as
# `cargo bench -p zhili --bench ask`), times `zhili ask --jsonl` at each --explain level beside its
# floor (a Rust serde_json read-parse-write of the same file) and a Python json load/dump round
# trip, and reports answers/s and ratios; then how the cost grows from 1 to 1 000 000 questions and
# the peak memory. Figures go to docs/performance.md (## CLI).
#
#   bash scripts/bench-cli.sh            # 100 000 questions, growth up to 1 000 000
#   N=20000 GROWTH_MAX=100000 bash scripts/bench-cli.sh
#
# Each figure is the best of REPEAT runs (default 3), in wall-clock and CPU (user+sys) seconds: on a
# shared machine the CPU time is the steadier one.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
REPEAT=${REPEAT:-3}
GROWTH_MAX=${GROWTH_MAX:-1000000}
tmp=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$tmp"

cargo build -q --release --locked -p zhili-cli
cargo build -q --release --locked -p zhili --example bench_batch --example json_round_trip
bin=target/release/zhili
gen=target/release/examples/bench_batch
floor=target/release/examples/json_round_trip
"$gen" "$GROWTH_MAX" > "$tmp/all.jsonl"
head -n "$N" "$tmp/all.jsonl" > "$tmp/batch.jsonl"

python3 - "$bin" "$tmp" "$N" "$REPEAT" "$GROWTH_MAX" "$floor" <<'PY'
import json, os, subprocess, sys, time
bin, tmp, n, repeat, growth_max, floor = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
batch = os.path.join(tmp, "batch.jsonl")

def run(cmd):
    """Best wall and CPU seconds of `repeat` runs, and the peak resident memory (KiB) of the process."""
    best_wall = best_cpu = float("inf"); peak = 0
    for _ in range(repeat):
        t = time.perf_counter()
        # /usr/bin/time reports the peak memory of the measured process itself (a child forked from
        # this Python process would report Python's own pages as well)
        timed = ["/usr/bin/time", "-f", "%M", "-o", os.path.join(tmp, "rss")] if os.path.exists("/usr/bin/time") else []
        with open(os.devnull, "wb") as out:
            p = subprocess.Popen(timed + cmd, stdout=out)
            _, status, ru = os.wait4(p.pid, 0)
        if timed:
            with open(os.path.join(tmp, "rss")) as f:
                ru_peak = int(f.read().split()[-1])
        else:
            ru_peak = ru.ru_maxrss
        wall = time.perf_counter() - t
        if status != 0:
            sys.exit(f"{cmd} failed")
        best_wall, best_cpu = min(best_wall, wall), min(best_cpu, ru.ru_utime + ru.ru_stime)
        peak = max(peak, ru_peak)
    return best_wall, best_cpu, peak

def python_round_trip(path):
    with open(path, encoding="utf-8") as f, open(os.devnull, "w", encoding="utf-8") as out:
        for line in f:
            out.write(json.dumps(json.loads(line), ensure_ascii=False))
            out.write("\n")

size = os.path.getsize(batch)
print(f"batch: {n} questions, {size / 1e6:.1f} MB ({size / n:.0f} bytes a question)")
print(f"binary: {os.path.getsize(bin) / 1e6:.1f} MB ({bin})")
py_wall = py_cpu = float("inf")
for _ in range(repeat):
    t0, c0 = time.perf_counter(), time.process_time()
    python_round_trip(batch)
    py_wall, py_cpu = min(py_wall, time.perf_counter() - t0), min(py_cpu, time.process_time() - c0)
# The floor: a Rust process that only reads each line into a serde_json::Value and writes it back
# (core/examples/json_round_trip.rs, one thread). "x floor" is the CLI's CPU time over the floor's.
fl_wall, fl_cpu, _ = run([floor, batch])
print(f"{'':28} {'wall s':>8} {'cpu s':>8} {'answers/s (cpu)':>16} {'x floor (cpu)':>14} {'x python (cpu)':>15} {'bytes/answer':>13}")
print(f"{'serde_json round trip (floor)':28} {fl_wall:8.3f} {fl_cpu:8.3f} {n / fl_cpu:16,.0f} {1.0:14.2f} {fl_cpu / py_cpu:15.2f}")
print(f"{'python json load+dump':28} {py_wall:8.3f} {py_cpu:8.3f} {n / py_cpu:16,.0f} {py_cpu / fl_cpu:14.2f} {1.0:15.2f}")
for level in ["full", "summary", "none"]:
    wall, cpu, peak = run([bin, "ask", "--jsonl", "--explain", level, batch])
    out = subprocess.run([bin, "ask", "--jsonl", "--explain", level, batch], capture_output=True, check=True).stdout
    print(f"{'zhili ask --explain ' + level:28} {wall:8.3f} {cpu:8.3f} {n / cpu:16,.0f} {cpu / fl_cpu:14.2f} {cpu / py_cpu:15.2f} {len(out) / n:13.0f}")

print("\ngrowth (--explain none and full, CPU seconds, best of runs):")
print(f"{'questions':>10} {'none s':>9} {'ns/q none':>10} {'full s':>9} {'ns/q full':>10} {'peak RSS MiB':>13}")
allf = os.path.join(tmp, "all.jsonl")
k = 1
while k <= growth_max:
    part = os.path.join(tmp, f"g{k}.jsonl")
    with open(allf, encoding="utf-8") as src, open(part, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= k:
                break
            dst.write(line)
    reps = repeat if k < growth_max else 1
    r = []
    for level in ["none", "full"]:
        global_repeat = repeat
        repeat = reps
        r.append(run([bin, "ask", "--jsonl", "--explain", level, part]))
        repeat = global_repeat
    print(f"{k:>10} {r[0][1]:9.3f} {r[0][1] / k * 1e9:10.0f} {r[1][1]:9.3f} {r[1][1] / k * 1e9:10.0f} {max(r[0][2], r[1][2]) / 1024:13.1f}")
    os.remove(part)
    k *= 10
PY
[ -n "${BENCH_DIR:-}" ] || rm -rf "$tmp"
