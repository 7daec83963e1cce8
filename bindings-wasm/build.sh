#!/usr/bin/env bash
# Builds the npm package zhili-wasm in place: the Rust crate for wasm32 (profile wasm-release),
# wasm-bindgen's ES module glue (pkg/), wasm-opt -Oz from the npm package binaryen, then copies
# the runtime files into explorer/zhili/ so that the explorer is a self-contained static folder.
# Needs the toolchain that scripts/test-wasm.sh installs (it calls this script).
set -euo pipefail
cd "$(dirname "$0")"
target=../target/wasm32-unknown-unknown/wasm-release/zhili_wasm.wasm

cargo build -q --locked --target wasm32-unknown-unknown --profile wasm-release -p zhili-wasm
rm -rf pkg
wasm-bindgen --target web --no-typescript --out-dir pkg "$target"
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  pkg/zhili_wasm_bg.wasm -o pkg/zhili_wasm_bg.opt.wasm
mv pkg/zhili_wasm_bg.opt.wasm pkg/zhili_wasm_bg.wasm

rm -rf explorer/zhili
mkdir -p explorer/zhili/js explorer/zhili/pkg
cp index.js explorer/zhili/
cp js/api.js explorer/zhili/js/
cp pkg/zhili_wasm.js pkg/zhili_wasm_bg.wasm explorer/zhili/pkg/

raw=$(wc -c < pkg/zhili_wasm_bg.wasm)
gz=$(gzip -9c pkg/zhili_wasm_bg.wasm | wc -c)
echo "zhili-wasm built: pkg/zhili_wasm_bg.wasm $raw bytes raw, $gz bytes gzipped (-9)"
