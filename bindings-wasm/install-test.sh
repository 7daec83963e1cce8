#!/usr/bin/env bash
# Installs the npm tarball (argument, or the newest dist/zhili-wasm-*.tgz) in a new temporary Node
# project with no Rust toolchain on PATH, and answers questions through it: a conformance case of
# two files (their expected verdicts), a Date object as a date, the README's example; and the
# package's README and licences are there. Run by scripts/test-wasm.sh after pack.sh (issue 24).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tarball=${1:-$(ls -t "$root"/dist/zhili-wasm-*.tgz | head -1)}
[ -f "$tarball" ] || { echo "no tarball (run bindings-wasm/pack.sh)" >&2; exit 1; }

# PATH without any folder that holds cargo or rustc
clean=""
IFS=: read -ra dirs <<< "$PATH"
for d in "${dirs[@]}"; do
  [ -x "$d/cargo" ] || [ -x "$d/rustc" ] || [ -x "$d/rustup" ] || clean="${clean:+$clean:}$d"
done
project=$(mktemp -d)
trap 'rm -rf "$project"' EXIT
cp "$root/tests/conformance/assign-committee.jsonl" "$root/tests/conformance/in-force.jsonl" "$project/"
cd "$project"
env -i HOME="$HOME" PATH="$clean" bash -euo pipefail -c '
  if command -v cargo || command -v rustc; then echo "a Rust toolchain is on PATH" >&2; exit 1; fi
  npm init -y > /dev/null
  npm install --no-audit --no-fund --loglevel=error "$1"
  test -f node_modules/zhili-wasm/README.md
  test -f node_modules/zhili-wasm/LICENSE-MIT
  test -f node_modules/zhili-wasm/LICENSE-APACHE
  cat > check.mjs <<'"'"'JS'"'"'
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ask, askMany, inForce, regulations, version } from "zhili-wasm";

const cases = ["assign-committee.jsonl", "in-force.jsonl"].flatMap((f) =>
  readFileSync(f, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)));
const answered = askMany(cases);
let checked = 0;
cases.forEach((c, i) => {
  if (c.expected_verdict === undefined) return;
  assert.deepEqual(answered[i].verdict, c.expected_verdict, c.id);
  checked++;
});
assert.ok(checked > 10, `${checked} cases checked`);
assert.equal(regulations().length, 4);
const q = { id: "d", kind: "in-force", regulation: "haidong", date: new Date(Date.UTC(2024, 0, 1)), facts: {} };
assert.equal(ask(q).verdict, "yes");
assert.equal(inForce("wuxi-draft", new Date(Date.UTC(2030, 0, 1))).verdict, "no");
console.log(`zhili-wasm ${version()} installed without Rust: ${checked} conformance verdicts as expected`);
JS
  node check.mjs
  # the README'"'"'s example, as a user would paste it
  node -e '"'"'
    const md = require("fs").readFileSync("node_modules/zhili-wasm/README.md", "utf8");
    require("fs").writeFileSync("readme.mjs", md.split("```js\n")[1].split("```")[0]);'"'"'
  node readme.mjs | grep -q "^conditional"
' _ "$tarball"
