// Every conformance case of tests/conformance/*.jsonl (and the spec's examples when ../shared is
// beside the checkout) through the package, scored by the rules of core/tests/conformance.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ask, askMany, gaps, ZhiliError } from "../node.js";
import { check } from "./score.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = `${root}tests/conformance/`;
const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort().map((f) => dir + f);
const spec = `${root}../shared/spec/examples.jsonl`;

function lines(path) {
  return readFileSync(path, "utf8").split("\n").filter((l) => l.trim() !== "");
}

function score(path) {
  const raw = lines(path);
  const cases = raw.map((l) => JSON.parse(l));
  // Bulk: askMany with the raw lines (what the core sees is the exact text of each case).
  const answers = askMany(raw);
  assert.equal(answers.length, cases.length);
  const failures = [];
  cases.forEach((c, i) => {
    const a = answers[i];
    assert.equal(a.id, c.id ?? "", "answers come back in order");
    const p = check(c, a);
    if (p.length) failures.push(`${c.id}: ${p.join("; ")}`);
    // One by one: ask() gives the same answer, or throws the same error answer as a ZhiliError.
    let one;
    try {
      one = ask(raw[i]);
    } catch (e) {
      assert.ok(e instanceof ZhiliError, `${c.id}: ${e}`);
      assert.equal(e.code, a.error?.code, c.id);
      one = e.answer;
    }
    assert.deepEqual(one, a, c.id);
  });
  assert.ok(cases.length > 0, `${path}: no cases`);
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases fail`);
  return cases.length;
}

test("the project has conformance files", () => {
  assert.ok(files.length >= 6, files.join(", "));
});

for (const f of files) {
  test(`conformance ${f.slice(dir.length)}`, () => {
    score(f);
  });
}

test("spec examples", { skip: !existsSync(spec) && "../shared/spec/examples.jsonl not present" }, () => {
  score(spec);
});

// gaps a reader found between the texts (tests/topics-cases/gaps.jsonl), as core/tests/provisions.rs checks them
test("gaps written from the texts", () => {
  const lines = readFileSync(`${root}tests/topics-cases/gaps.jsonl`, "utf8").split("\n").filter((l) => l.trim());
  assert.ok(lines.length >= 10);
  for (const line of lines) {
    const c = JSON.parse(line);
    const g = gaps(c.regulation, c.against);
    assert.ok(g[c.expected].some((t) => t.topic === c.topic), c.id);
  }
});
