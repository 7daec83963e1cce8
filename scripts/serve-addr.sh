# Sourced by the scripts that start `zhili serve --log-format json` on 127.0.0.1:0:
# `serve_addr LOG` waits (up to 10 s) for the service's "listening" line in LOG and prints the
# address it bound, or prints the log and fails.
serve_addr() {
  local log=$1 addr=""
  for _ in $(seq 200); do
    addr=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    try:
        f = json.loads(line).get("fields", {})
    except ValueError:
        continue
    if f.get("message") == "zhili serve listening":
        print(f["addr"]); break
' "$log")
    [ -n "$addr" ] && break
    sleep 0.05
  done
  [ -n "$addr" ] || { echo "zhili serve did not start:" >&2; cat "$log" >&2; return 1; }
  echo "$addr"
}
