#!/usr/bin/env bash
# zhili serve end to end: the real binary on a free loopback port, a few requests through it (one
# answer compared with `zhili ask`), SIGTERM and a clean exit; then a brief bounded run of the load
# tool so that it keeps working. Needs only the Rust toolchain and Python 3. Called by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/serve-addr.sh

echo "== zhili serve: the binary on a free loopback port, requests, SIGTERM"
cargo build -q --locked -p zhili-cli -p zhili-server --bins
tmp=$(mktemp -d)
target/debug/zhili serve --addr 127.0.0.1:0 --log-format json 2> "$tmp/serve.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
addr=$(serve_addr "$tmp/serve.log")
target/debug/zhili ask examples/dalian-assist.json > "$tmp/cli-answer.json"
python3 - "$addr" "$tmp/cli-answer.json" <<'PY'
import json, sys, urllib.request, urllib.error
addr, cli_answer = sys.argv[1], open(sys.argv[2], "rb").read().strip()
def call(path, body=None, ctype="application/json"):
    req = urllib.request.Request(f"http://{addr}{path}", data=body,
                                 headers={"Content-Type": ctype} if body is not None else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
status, body = call("/healthz")
assert status == 200 and json.loads(body)["status"] == "ok", (status, body)
status, body = call("/v1/ask", open("examples/dalian-assist.json", "rb").read())
assert status == 200 and body == cli_answer, (status, body[:200])
status, body = call("/v1/ask", b'{"id":"x","kind":"guess"}')
assert status == 422 and json.loads(body)["error"]["code"] == "unknown-kind", (status, body)
status, body = call("/v1/ask", open("examples/questions.jsonl", "rb").read(), "application/x-ndjson")
lines = [l for l in open("examples/questions.jsonl") if l.strip()]
assert status == 200 and len(body.splitlines()) == len(lines), (status, len(body.splitlines()))
status, body = call("/openapi.json")
assert status == 200 and json.loads(body) == json.load(open("server/openapi.json"))
print(f"   {addr}: healthz, ask (same bytes as zhili ask), 422, batch, openapi.json: ok")
PY
kill -TERM "$pid"
code=0; wait "$pid" || code=$?
[ "$code" = 0 ] || { echo "zhili serve exited $code after SIGTERM"; cat "$tmp/serve.log"; exit 1; }
grep -q '"stopped"' "$tmp/serve.log" || { echo "no 'stopped' log line"; cat "$tmp/serve.log"; exit 1; }
grep -q '"question_id":"demo-1"' "$tmp/serve.log" || { echo "no request log with the question id"; exit 1; }
echo "   SIGTERM: drained and exited 0"

echo "== docs/guide-http.md: its examples against the binary (CORS, compression, caching, search)"
python3 scripts/test-guide-http.py target/debug/zhili

echo "== zhili serve: resident memory under a burst of batches, a 100 000-line batch, given back after"
python3 scripts/test-server-memory.py target/debug/zhili

echo "== zhili-load: a brief bounded loopback run (debug build: the figures mean nothing here)"
target/debug/zhili-load --clients 1,8 --requests 400 --seconds 1 --batch-size 50 \
  --batch-requests 4 --batch-clients 1 --floor /healthz > "$tmp/load.txt"
grep -q '| 8 | GET /healthz |' "$tmp/load.txt" || { cat "$tmp/load.txt"; exit 1; }
grep -q '| 8 |' "$tmp/load.txt" || { cat "$tmp/load.txt"; exit 1; }
if grep -E '^\| [0-9]+ \|' "$tmp/load.txt" | awk -F'|' '$NF=="" && $(NF-1)+0 > 0 {bad=1} END {exit !bad}'; then
  echo "the load tool saw failed requests:"; cat "$tmp/load.txt"; exit 1
fi
echo "   ok"

echo "== schemathesis against zhili serve's /openapi.json (all checks, bounded examples)"
bash scripts/test-schemathesis.sh
