#!/usr/bin/env bash
# Builds the npm package zhili-wasm in place: the Rust crate for wasm32 (profile wasm-release,
# without the embedded data), wasm-bindgen's ES module glue (pkg/), wasm-opt -Oz from the npm
# package binaryen, the data bundle core/build.rs wrote (pkg/zhili_data.txt.gz, gzip -9), then
# copies the runtime files into explorer/zhili/ so that the explorer is a self-contained static
# folder. Needs the toolchain that scripts/test-wasm.sh installs (it calls this script).
set -euo pipefail
cd "$(dirname "$0")"
target=../target/wasm32-unknown-unknown/wasm-release/zhili_wasm.wasm

# cargo's messages name the build-script output folder of the core, where its data bundle is
out_dir=$(cargo build -q --locked --target wasm32-unknown-unknown --profile wasm-release -p zhili-wasm \
    --message-format=json |
  node -e '
    let out = "";
    require("readline").createInterface({ input: process.stdin }).on("line", (l) => {
      const m = JSON.parse(l);
      if (m.reason === "build-script-executed" && /[#/]core#zhili@|\/core#/.test(m.package_id)) out = m.out_dir;
    }).on("close", () => console.log(out));')
[ -f "$out_dir/zhili-data.txt" ] || { echo "no data bundle in '$out_dir'" >&2; exit 1; }
rm -rf pkg
wasm-bindgen --target web --no-typescript --out-dir pkg "$target"
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  pkg/zhili_wasm_bg.wasm -o pkg/zhili_wasm_bg.opt.wasm
mv pkg/zhili_wasm_bg.opt.wasm pkg/zhili_wasm_bg.wasm
gzip -9 -n -c "$out_dir/zhili-data.txt" > pkg/zhili_data.txt.gz

rm -rf explorer/zhili
mkdir -p explorer/zhili/js explorer/zhili/pkg
cp index.js explorer/zhili/
cp js/api.js js/data.js explorer/zhili/js/
cp pkg/zhili_wasm.js pkg/zhili_wasm_bg.wasm pkg/zhili_data.txt.gz explorer/zhili/pkg/

size() { echo "$1 $(wc -c < "$1") bytes raw, $(gzip -9c "$1" | wc -c) gzipped (-9)"; }
echo "zhili-wasm built: $(size pkg/zhili_wasm_bg.wasm); data $(wc -c < "$out_dir/zhili-data.txt") bytes raw, $(wc -c < pkg/zhili_data.txt.gz) gzipped (-9)"
