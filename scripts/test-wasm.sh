#!/usr/bin/env bash
# The WASM/npm package and the browser explorer (bindings-wasm/): installs its own toolchain
# (idempotent, skips what is already there at the right version), builds the package, runs the
# Node tests (every conformance case through the package), type-checks the TypeScript example and
# runs the end-to-end tests in Debian's headless Chromium, then packs the npm tarball into dist/ and
# installs it in a temporary Node project with no Rust on PATH. Called from scripts/test.sh.
# usage: bash scripts/test-wasm.sh [--build-only]   (--build-only: toolchain and package, no tests)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

echo "== wasm: toolchain"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
# The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock (pinned with =).
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (found: ${have:-none}; a few minutes)"
  # Not --locked: the CLI's own lock file names a webpki-roots release the registry does not serve.
  cargo install wasm-bindgen-cli --version "$want" --quiet
fi
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} from Debian"
  sudo_ apt-get update -qq
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" > /dev/null
fi
(cd bindings-wasm && npm ci --no-audit --no-fund --loglevel=error)

echo "== wasm: build the package"
bash bindings-wasm/build.sh
[ "${1:-}" != --build-only ] || exit 0

cd bindings-wasm
echo "== wasm: Node tests (API and every conformance case)"
node --test test/*.test.mjs
echo "== wasm: TypeScript types against the usage example"
node_modules/.bin/tsc --noEmit -p example
echo "== wasm: explorer end to end in headless Chromium"
node --test e2e/*.test.mjs
echo "== wasm: the npm tarball (pack.sh into dist/), installed in a temp project without Rust"
tarball=$(ZHILI_WASM_BUILT=1 bash pack.sh | tail -1)
bash install-test.sh "$tarball"
echo "== wasm: done in $(( $(date +%s) - start )) s"
