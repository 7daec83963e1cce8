// Timings of the package in Node: module start (with reading its data file), first call (the core
// parses and checks its data), one question, all conformance cases, the structure of a text.
// `node bench/bench.mjs`.
import { readFileSync, readdirSync } from "node:fs";
import { performance } from "node:perf_hooks";

const t0 = performance.now();
const z = await import("../node.js");
const t1 = performance.now();
z.regulations();
const t2 = performance.now();

const dir = new URL("../../tests/conformance/", import.meta.url);
const lines = readdirSync(dir)
  .filter((f) => f.endsWith(".jsonl"))
  .flatMap((f) => readFileSync(new URL(f, dir), "utf8").split("\n").filter((l) => l.trim()));

function per(label, n, f) {
  f();
  const reps = [];
  for (let r = 0; r < 5; r++) {
    const s = performance.now();
    for (let i = 0; i < n; i++) f();
    reps.push((performance.now() - s) / n);
  }
  reps.sort((a, b) => a - b);
  const ms = reps[2];
  console.log(`${label.padEnd(48)} ${ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`}`);
}

const Q = JSON.stringify({ id: "b", kind: "assign-to-committee", regulation: "dalian", date: "2024-06-01", facts: { assigner: "区民政局", task_on_list: "assist" } });
console.log(`${"import (instantiate the module)".padEnd(48)} ${(t1 - t0).toFixed(1)} ms`);
console.log(`${"first call (core parses and checks its data)".padEnd(48)} ${(t2 - t1).toFixed(1)} ms`);
per("ask: assign-to-committee (Dalian, explain full)", 2000, () => z.ask(Q));
per("ask: same, explain none", 2000, () => z.ask(Q, { explain: "none" }));
per(`askMany: all ${lines.length} conformance cases`, 3, () => z.askMany(lines));
per("text('wuxi-draft') (whole structure)", 50, () => z.text("wuxi-draft"));
per("article('大连条例第二十四条第三款')", 2000, () => z.article("大连条例第二十四条第三款"));
per("compare(first feature)", 500, () => z.compare(z.features()[0].id));
per("search('网格员') over four texts (cached)", 50, () => z.search("网格员"));
