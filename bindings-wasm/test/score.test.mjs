// The scorer itself: it must reject wrong answers, or the conformance test proves nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { check, verdictOk } from "./score.mjs";
import { ask } from "../node.js";

const CASE = {
  id: "s1",
  kind: "assign-to-committee",
  regulation: "dalian",
  date: "2024-10-10",
  facts: { assigner: "区民政局", assignee: "社区居委会", task_on_list: "assist", written_commission: true },
  expected_verdict: "conditional",
  expected_citations: ["dalian:24"],
  expected_conditions: [{ citations: ["dalian:24:1"] }],
};

test("a right answer passes, wrong ones fail", () => {
  const a = ask(CASE);
  assert.deepEqual(check(CASE, a), []);
  assert.notDeepEqual(check(CASE, { ...a, verdict: "permitted" }), []);
  assert.notDeepEqual(check(CASE, { ...a, citations: [], conditions: [] }), []);
  assert.notDeepEqual(check({ ...CASE, expected_citations: ["dalian:25"] }, a), []);
  assert.notDeepEqual(check({ ...CASE, expected_error_code: "invalid-date" }, a), []);
  assert.notDeepEqual(check({ ...CASE, expected_verdict: "permitted", expected_conditions: [] }, { ...a, verdict: "permitted" }), []);
  assert.notDeepEqual(check({ ...CASE, expected_sanction: { imposed_by: "x" } }, a), []);
});

test("verdicts compare as the Rust test does", () => {
  assert.ok(verdictOk("第一条，规定", "第一条,规定"));
  assert.ok(verdictOk(["a", "b"], ["b", "a"]));
  assert.ok(!verdictOk(["a"], ["a", "b"]));
  assert.ok(verdictOk(30, "30.0"));
  assert.ok(!verdictOk(30, ""));
  assert.ok(verdictOk({ a: "x", b: "y" }, { b: "y", a: "x" }));
  assert.ok(!verdictOk(true, true), "booleans never match, as in core/tests/conformance.rs");
});
