// askMany throughput, on the question sets of scripts/bench-python.py (for comparison with Python's
// ask_many in the same run), and where the time goes: writing the questions as JSON text
// (JSON.stringify), the module's own work (askManyJson: copying the texts in, parsing, answering,
// writing the answers' JSON), and reading the answers back (JSON.parse).
// usage: node bench/throughput.mjs [N] [--repeat R]
import { readFileSync, readdirSync } from "node:fs";
import { loadavg, cpus } from "node:os";
import * as z from "../node.js";
import * as raw from "../pkg/zhili_wasm.js";

const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 20000);
const repeat = Number(args[args.indexOf("--repeat") + 1] ?? 3) || 3;

const BENCH = {
  id: "b", kind: "assign-to-committee", regulation: "dalian", date: "2024-10-10",
  facts: { assigner: "某区民政局", assignee: "社区居委会", task_on_list: "assist", written_commission: true, funding_provided: null },
};
const dir = new URL("../../tests/conformance/", import.meta.url);
const cases = readdirSync(dir).filter((f) => /^assign-.*\.jsonl$/.test(f)).sort()
  .flatMap((f) => readFileSync(new URL(f, dir), "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l)));
const sets = {
  bench: Array.from({ length: n }, (_, i) => ({ ...BENCH, id: `b${i}` })),
  mix: Array.from({ length: n }, (_, i) => ({ ...cases[i % cases.length], id: `m${i}` })),
};

function best(f) {
  let rate = 0;
  for (let r = 0; r < repeat; r++) {
    const t = performance.now();
    f();
    rate = Math.max(rate, n / ((performance.now() - t) / 1000));
  }
  return rate;
}
const fmt = (x) => Math.round(x).toLocaleString("en");

console.log(`zhili-wasm ${z.version()}, Node ${process.version}, N = ${n}, best of ${repeat}, load average ${loadavg()[0].toFixed(2)} on ${cpus().length} cores`);
console.log();
console.log("| questions | input | explain | answers/s | of which: stringify / module / JSON.parse (µs a question) |");
console.log("|---|---|---|---|---|");
for (const [name, objs] of Object.entries(sets)) {
  const texts = objs.map((q) => JSON.stringify(q));
  z.askMany(texts.slice(0, 1000));
  for (const [label, inp] of [["objects", objs], ["JSON text", texts]]) {
    for (const explain of ["none", "full"]) {
      const rate = best(() => z.askMany(inp, { explain }));
      // the parts, timed once each on the same input
      const t0 = performance.now();
      const qs = inp.map((q) => (typeof q === "string" ? q : JSON.stringify(q)));
      const t1 = performance.now();
      const out = raw.askManyJson(qs, explain);
      const t2 = performance.now();
      JSON.parse(out);
      const t3 = performance.now();
      const us = (a, b) => ((b - a) * 1000 / n).toFixed(2);
      console.log(`| ${name} | ${label} | ${explain} | ${fmt(rate)} | ${us(t0, t1)} / ${us(t1, t2)} / ${us(t2, t3)} |`);
    }
  }
}
console.log();
console.log(`load average after: ${loadavg()[0].toFixed(2)}`);
