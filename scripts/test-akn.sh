#!/usr/bin/env bash
# Akoma Ntoso export and the fixture regulation (issue 13; the docs examples run in cargo test). Called by scripts/test.sh;
# installs what it needs (xmllint from Debian libxml2-utils) and is safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

schema=../shared/akn/akomantoso30.xsd
if [ -f "$schema" ]; then
  if ! command -v xmllint >/dev/null; then
    echo "== installing xmllint (libxml2-utils)"
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get install -y -qq libxml2-utils >/dev/null 2>&1 \
      || { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq libxml2-utils >/dev/null; }
  fi
  echo "== Akoma Ntoso export of every regulation against $schema (xmllint)"
  ZHILI_REQUIRE_XMLLINT=1 cargo test -q --locked -p zhili-cli --test akn
else
  echo "(../shared/akn not present: the Akoma Ntoso schema check is skipped here)"
fi

echo "== the fixture regulation (tests/fixtures/regulations, FIXTURE — not law), added as data only"
fixture=tests/fixtures/regulations
CARGO_TARGET_DIR=target/fixture ZHILI_REGULATIONS_DIR=$fixture cargo build -q --locked -p zhili-cli
fz=target/fixture/debug/zhili
"$fz" ingest --check   # built from the fixture folder, it checks that folder
"$fz" coverage --open
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$fz" ask --jsonl tests/fixtures/questions.jsonl > "$tmp/fixture-answers.jsonl"
python3 scripts/score.py tests/fixtures/questions.jsonl "$tmp/fixture-answers.jsonl"
if [ -f "$schema" ]; then
  "$fz" export --format akn sample-fixture -o "$tmp/sample-fixture.xml"
  xmllint --noout --schema "$schema" "$tmp/sample-fixture.xml"
fi
