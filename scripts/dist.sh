#!/usr/bin/env bash
# The packages anyone can install, built into dist/:
#   - the Python wheel, portable: `maturin build --zig --compatibility manylinux2014` (glibc 2.17 and
#     newer, every CPython >= 3.9 through abi3), with LICENSE-MIT and LICENSE-APACHE;
#   - the Python sdist, with the regulations the core embeds at build time and the licence texts;
#   - the npm tarball, by bindings-wasm/pack.sh when that file exists.
# Then it checks the Python artefacts (skip with --no-check):
#   - the wheel installs in a fresh virtual environment with no Rust toolchain on PATH, without
#     the network, and answers a question;
#   - the sdist holds what a build needs: its files are listed, and `cargo check --offline` of the
#     unpacked sdist runs the core's build script (which embeds the regulations) and type-checks
#     every crate.
# Installs its build tools itself (pinned maturin and ziglang, in target/dist-venv), once.
# Called by scripts/test.sh; scripts/test-python.sh --wheel then tests the same wheel.
set -euo pipefail
cd "$(dirname "$0")/.."

check=1
[ "${1:-}" = "--no-check" ] && check=0
start=$SECONDS
venv="$PWD/target/dist-venv"
pins=(maturin==1.16.0 ziglang==0.17.1)
stamp="$venv/.zhili-pins"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${pins[*]}" ]; then
  echo "-- build tools: ${pins[*]}"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${pins[@]}"
  echo "${pins[*]}" > "$stamp"
fi

mkdir -p dist
rm -f dist/zhili-*.whl dist/zhili-*.tar.gz
echo "-- the wheel (maturin build --release --zig --compatibility manylinux2014)"
# maturin runs zig as `python -m ziglang` with the Python it finds first on PATH
PATH="$venv/bin:$PATH" "$venv/bin/maturin" build --release --locked -q --zig \
  --compatibility manylinux2014 -i "$venv/bin/python" -m bindings-python/Cargo.toml --out dist
wheel=$(ls dist/zhili-*.whl)
echo "   $(basename "$wheel"): $(du -k "$wheel" | cut -f1) KiB ($((SECONDS - start)) s so far)"

echo "-- the sdist (maturin sdist, with regulations/ added)"
"$venv/bin/maturin" sdist -m bindings-python/Cargo.toml --out dist 2>&1 | grep -E "^(💥|error)" || true
sdist=$(ls dist/zhili-*.tar.gz)
# maturin takes no path outside bindings-python/ into the sdist, but core/build.rs reads
# ../regulations: they are added beside core/, as in the repository (git's files only)
git ls-files -z regulations | "$venv/bin/python" -c '
import io, sys, tarfile
sdist, files = sys.argv[1], sys.stdin.read().split("\0")
with tarfile.open(sdist) as t:
    members = [(m, t.extractfile(m).read() if m.isfile() else None) for m in t.getmembers()]
root = members[0][0].name.split("/")[0]
with tarfile.open(sdist, "w:gz") as out:
    for m, data in members:
        out.addfile(m, io.BytesIO(data) if data is not None else None)
    for f in filter(None, files):
        info = out.gettarinfo(f, arcname=f"{root}/{f}")
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        with open(f, "rb") as fh:
            out.addfile(info, fh)
' "$sdist"
echo "   $(basename "$sdist"): $(du -k "$sdist" | cut -f1) KiB"

# DIST_NPM=0 leaves the npm tarball out (scripts/test.sh: test-wasm.sh builds and install-tests it
# after installing the WASM toolchain and the package's node_modules)
if [ "${DIST_NPM:-1}" != 0 ] && [ -f bindings-wasm/pack.sh ]; then
  echo "-- the npm tarball (bindings-wasm/pack.sh)"
  bash bindings-wasm/pack.sh
fi

if [ "$check" = 1 ]; then
  echo "-- the wheel in a fresh virtual environment, no Rust toolchain on PATH, no network"
  # PATH without the directories that hold cargo or rustc (~/.cargo/bin, a system toolchain)
  bare=$(tr ':' '\n' <<<"$PATH" | while read -r d; do
    [ -n "$d" ] && [ ! -e "$d/cargo" ] && [ ! -e "$d/rustc" ] && printf '%s:' "$d"
  done)
  bare=${bare%:}
  clean="$PWD/target/dist-check-venv"
  rm -rf "$clean"
  env PATH="$bare" python3 -m venv "$clean"
  env PATH="$bare" "$clean/bin/python" -m pip install -q --disable-pip-version-check --no-index "$wheel"
  env PATH="$bare" "$clean/bin/python" - <<'EOF'
import importlib.metadata as md
import shutil

assert shutil.which("cargo") is None and shutil.which("rustc") is None, "a Rust toolchain is on PATH"
import zhili

a = zhili.assign_to_committee(
    "dalian", "2024-10-10", "某区民政局", "社区居委会", task_on_list="assist",
    written_commission=True, work_conditions_provided=True, guidance_provided=True,
    funding_provided=None, information_support_provided=None,
)
assert a.verdict == "conditional" and a.citations == ["dalian:24:1"], a
files = {str(f).rsplit("/", 1)[-1] for f in md.files("zhili") or []}
assert {"LICENSE-MIT", "LICENSE-APACHE"} <= files, sorted(files)
assert md.metadata("zhili")["License-Expression"] == "MIT OR Apache-2.0"
print(f"   zhili {zhili.__version__} answers without Rust: {a.verdict}, {a.citations}; licence texts shipped")
EOF
  case "$(basename "$wheel")" in
    *manylinux2014_x86_64*|*manylinux_2_17_*) ;;
    *) echo "the wheel is not tagged manylinux2014: $(basename "$wheel")" >&2; exit 1 ;;
  esac

  echo "-- the sdist holds what a build needs (its files; cargo check --offline of it unpacked)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  tar xzf "$sdist" -C "$tmp"
  src=$(ls -d "$tmp"/zhili-*)
  for f in pyproject.toml Cargo.toml Cargo.lock LICENSE-MIT LICENSE-APACHE core/build.rs \
           bindings-python/Cargo.toml python/zhili/__init__.py python/zhili/_zhili.pyi \
           regulations/index.toml regulations/topics.toml; do
    [ -e "$src/$f" ] || { echo "the sdist lacks $f" >&2; exit 1; }
  done
  for key in $(grep '^regulations' regulations/index.toml | grep -o '"[a-z-]*"' | tr -d '"'); do
    [ -e "$src/regulations/$key/text.json" ] || { echo "the sdist lacks regulations/$key" >&2; exit 1; }
  done
  # (not --locked: the sdist's workspace has two of the repository's members, so cargo drops the
  # others from its lock file; the versions of what it builds stay those locked)
  CARGO_TARGET_DIR="$PWD/target/sdist-check" cargo check -q --offline \
    --manifest-path "$src/bindings-python/Cargo.toml"
  echo "   $(tar tzf "$sdist" | wc -l) files; the unpacked sdist checks without the repository"
fi
echo "-- dist/ in $((SECONDS - start)) s: $(cd dist && ls | tr '\n' ' ')"
