#!/usr/bin/env bash
# schemathesis (property-based API testing) against a running `zhili serve`, from its own
# /openapi.json: every check, a bounded number of examples per operation, a fixed seed; loopback
# only. schemathesis is installed from PyPI, at the pinned version, into a venv under target/
# (skipped when it is already there). Called by scripts/test-server.sh after it built the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/serve-addr.sh

PIN=4.32.5
venv=target/schemathesis-venv
st="$venv/bin/schemathesis"
if ! "$st" --version 2>/dev/null | grep -qx "schemathesis, version $PIN"; then
  echo "   installing schemathesis $PIN into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$PIN"
fi

tmp=$(mktemp -d)
target/debug/zhili serve --addr 127.0.0.1:0 --log-format json --log warn,zhili_server=info \
  2> "$tmp/serve.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
addr=$(serve_addr "$tmp/serve.log")

# bounded: 20 examples per operation and phase, one worker, 30 s per request, a fixed seed
if ! (cd "$tmp" && timeout 600 "$OLDPWD/$st" --config-file "$OLDPWD/scripts/schemathesis.toml" \
    run "http://$addr/openapi.json" --checks all --max-examples 20 --seed 1 \
    --workers 1 --request-timeout 30 --no-color > "$tmp/st.txt" 2>&1); then
  cat "$tmp/st.txt"
  echo "schemathesis found failures (above)"
  exit 1
fi
grep -E '^  (Selected|Tested):|generated|passed|failures' "$tmp/st.txt" | sed 's/^ */   /'
