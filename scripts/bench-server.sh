#!/usr/bin/env bash
# zhili serve measured beside its floors, in one run (docs/performance.md, HTTP service):
#
#   batch   the benchmarks' mixed batch of N questions (default 100 000; the lines of
#           scripts/bench-cli.sh) as one application/x-ndjson POST to `zhili serve` (curl), and
#           `zhili ask --jsonl` on the same file, interleaved REPEAT times (default 3) at explain
#           none and full: answers/s of each (median) and the ratio HTTP / CLI. The answers are
#           compared byte for byte.
#   single  one light question (examples/dalian-assist.json, explain=none) POSTed by wrk (Debian's
#           wrk, a third-party load generator) and by the project's zhili-load, at 8 and 64
#           keep-alive connections, each beside GET /healthz (a handler that returns stored bytes:
#           the floor of any request through the same layers); req/s, p50/p99 and the ratio to the
#           floor.
#
#   bash scripts/bench-server.sh                 # SECONDS_PER=5 per single-request phase
#   N=20000 REPEAT=2 bash scripts/bench-server.sh
#   BIN=/path/to/other/zhili ONLY=batch bash scripts/bench-server.sh   # another build, batch only
#
# The service runs with its defaults (log level info: one line per request, one per batch) on a
# loopback port; the machine's load average is printed before and after. wrk must be installed
# (apt-get install wrk); without it only zhili-load's figures are given. Loopback only, bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/serve-addr.sh
N=${N:-100000}
REPEAT=${REPEAT:-3}
SECONDS_PER=${SECONDS_PER:-5}

cargo build -q --release --locked -p zhili-cli -p zhili-server --bins
cargo build -q --release --locked -p zhili --example bench_batch
bin=${BIN:-target/release/zhili}
tmp=$(mktemp -d)
target/release/examples/bench_batch "$N" > "$tmp/batch.jsonl"
"$bin" serve --addr 127.0.0.1:0 --log-format json 2> "$tmp/serve.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
addr=$(serve_addr "$tmp/serve.log")
echo "zhili serve on $addr (defaults), $(nproc) CPUs; $(uptime)"

echo
echo "== batch: $N questions, zhili ask --jsonl and POST /v1/ask (application/x-ndjson, curl), interleaved"
python3 - "$bin" "$addr" "$tmp" "$N" "$REPEAT" <<'PY'
import statistics, subprocess, sys, time
bin, addr, tmp, n, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
batch = f"{tmp}/batch.jsonl"

def timed(cmd, out):
    t = time.perf_counter()
    with open(out, "wb") as f:
        subprocess.run(cmd, stdout=f, check=True)
    return time.perf_counter() - t

print("| explain | zhili ask --jsonl answers/s | zhili serve batch answers/s | HTTP / CLI | runs (CLI s / HTTP s) |")
print("|---|---:|---:|---:|---|")
for explain in ["none", "full"]:
    cli, http = [], []
    for i in range(repeat):
        cli.append(timed([bin, "ask", "--jsonl", batch, "--explain", explain], f"{tmp}/cli.out"))
        http.append(timed(["curl", "-sS", "--fail", "--data-binary", f"@{batch}",
                           "-H", "Content-Type: application/x-ndjson",
                           f"http://{addr}/v1/ask?explain={explain}"], f"{tmp}/http.out"))
        if i == 0:
            same = open(f"{tmp}/cli.out", "rb").read() == open(f"{tmp}/http.out", "rb").read()
            assert same, f"explain={explain}: the service's answers differ from the CLI's"
    c, h = n / statistics.median(cli), n / statistics.median(http)
    runs = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(cli, http))
    print(f"| {explain} | {c:,.0f} | {h:,.0f} | {h / c:.2f} | {runs} |")
print("(answers byte-identical to the CLI's at both levels)")
PY

if [ "${ONLY:-}" = batch ]; then
  echo "$(uptime)"
  exit 0
fi

echo
echo "== single requests: wrk (third party), POST /v1/ask beside GET /healthz"
if command -v wrk >/dev/null; then
  cat > "$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.body = [[$(cat examples/dalian-assist.json)]]
wrk.headers["Content-Type"] = "application/json"
LUA
  echo "| connections | route | req/s | × floor | p50 ms | p99 ms | non-2xx |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  for c in 8 64; do
    floor=""
    for route in healthz ask; do
      if [ "$route" = healthz ]; then
        wrk -t2 -c"$c" -d"${SECONDS_PER}s" --latency "http://$addr/healthz" > "$tmp/wrk.txt"
        name="GET /healthz"
      else
        wrk -t2 -c"$c" -d"${SECONDS_PER}s" --latency -s "$tmp/post.lua" \
          "http://$addr/v1/ask?explain=none" > "$tmp/wrk.txt"
        name="POST /v1/ask"
      fi
      rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk.txt")
      p50=$(awk '$1=="50%" {print $2}' "$tmp/wrk.txt")
      p99=$(awk '$1=="99%" {print $2}' "$tmp/wrk.txt")
      bad=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk.txt")
      ratio=""
      [ -n "$floor" ] && ratio=$(python3 -c "print(f'{$rps / $floor:.2f}')")
      [ "$route" = healthz ] && floor=$rps
      echo "| $c | $name | ${rps%.*} | $ratio | $p50 | $p99 | ${bad:-0} |"
    done
  done
  echo "(wrk -t2 -c{8,64} -d${SECONDS_PER}s --latency; p50/p99 as wrk prints them)"
else
  echo "wrk is not installed (apt-get install wrk): skipped"
fi

echo
echo "== single requests: zhili-load, the same question, beside GET /healthz"
python3 -c 'import json,sys; print(json.dumps(json.load(open("examples/dalian-assist.json")), ensure_ascii=False))' \
  > "$tmp/one.jsonl"
target/release/zhili-load --addr "$addr" --clients 8,64 --seconds "$SECONDS_PER" \
  --questions "$tmp/one.jsonl" --explain none --floor /healthz --batch-clients 1 \
  --batch-requests 10 --batch-size 2000 --client-threads 2

echo
grep -c '"finished processing request"' "$tmp/serve.log" | sed 's/^/request log lines at info: /'
echo "$(uptime)"
