#!/usr/bin/env bash
# Builds the npm tarball of zhili-wasm into dist/ at the repository root (issue 24): the package
# (build.sh, unless ZHILI_WASM_BUILT=1 says it was just built), staged in a temporary folder with
# its README and the licence texts of the repository root, packed with `npm pack`. Prints the
# tarball's path on its last line. scripts/dist.sh calls it; scripts/test-wasm.sh installs the
# result with install-test.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
[ "${ZHILI_WASM_BUILT:-}" = 1 ] || bash "$here/build.sh" >&2

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# the files package.json lists, then the package.json without what only building needs
node -e '
  const p = require(process.argv[1]);
  console.log([...p.files].join("\n"));' "$here/package.json" |
  while read -r f; do
    case "$f" in
      LICENSE-*) cp "$root/$f" "$stage/$f" ;;
      *) mkdir -p "$stage/$(dirname "$f")" && cp "$here/$f" "$stage/$f" ;;
    esac
  done
node -e '
  const p = require(process.argv[1]);
  delete p.devDependencies;
  delete p.scripts;
  require("fs").writeFileSync(process.argv[2], JSON.stringify(p, null, 2) + "\n");' \
  "$here/package.json" "$stage/package.json"

mkdir -p "$root/dist"
name=$(cd "$stage" && npm pack --silent --pack-destination "$root/dist")
echo "$root/dist/$name"
