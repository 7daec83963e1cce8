// The package's API: shapes, explain levels, typed errors, search.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as zhili from "../node.js";
import { ZhiliError } from "../node.js";
import { readFileSync } from "node:fs";

const Q = {
  id: "q1",
  kind: "assign-to-committee",
  regulation: "dalian",
  date: "2024-10-10",
  facts: { assigner: "某区民政局", assignee: "社区居委会", task_on_list: "assist", written_commission: true, funding_provided: null },
};

function throwsCode(f, code) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof ZhiliError, `not a ZhiliError: ${e}`);
    assert.ok(e instanceof Error);
    assert.equal(e.code, code, e.message);
    assert.ok(e.message.length > 0);
    return true;
  });
}

test("ask answers in the QUERIES.md shape; text and object give the same answer", () => {
  const a = zhili.ask(Q);
  assert.equal(a.id, "q1");
  assert.equal(a.verdict, "conditional");
  assert.ok(a.conditions.length > 0 && a.conditions.every((c) => c.text_zh && c.text_en && c.citations.length));
  assert.ok(a.citations.includes("dalian:24:1"), JSON.stringify(a.citations));
  assert.equal(a.error, null);
  assert.ok(a.explanation.steps.length > 0 && a.explanation.summary_zh && a.explanation.summary_en);
  assert.deepEqual(zhili.ask(JSON.stringify(Q)), a);
});

test("explain levels trim the trace and never change the decision", () => {
  const full = zhili.ask(Q);
  for (const explain of ["summary", "none"]) {
    const a = zhili.ask(Q, { explain });
    assert.deepEqual([a.verdict, a.conditions, a.citations, a.whatif], [full.verdict, full.conditions, full.citations, full.whatif]);
    assert.deepEqual(a.explanation.steps, []);
  }
  assert.equal(zhili.ask(Q, { explain: "none" }).explanation.summary_zh, "");
  assert.notEqual(zhili.ask(Q, { explain: "summary" }).explanation.summary_zh, "");
  throwsCode(() => zhili.ask(Q, { explain: "chatty" }), "invalid-question");
  throwsCode(() => zhili.askMany([Q], { explain: 3 }), "invalid-question");
});

test("an error answer is thrown with its code and keeps the id", () => {
  const bad = { ...Q, id: "bad", date: "2023-02-30" };
  try {
    zhili.ask(bad);
    assert.fail("no throw");
  } catch (e) {
    assert.ok(e instanceof ZhiliError);
    assert.equal(e.code, "invalid-date");
    assert.equal(e.answer.id, "bad");
    assert.equal(e.answer.verdict, "error");
  }
  throwsCode(() => zhili.ask("not json"), "invalid-json");
  throwsCode(() => zhili.ask(undefined), "invalid-json");
  throwsCode(() => zhili.ask({ ...Q, kind: "guess" }), "unknown-kind");
  throwsCode(() => zhili.ask({ ...Q, facts: { colour: "red" } }), "unknown-fact");
  throwsCode(() => zhili.ask('{"id":"d","kind":"in-force","kind":"in-force","regulation":"haidong","date":null,"facts":{}}'), "invalid-question");
  const cyclic = {};
  cyclic.self = cyclic;
  throwsCode(() => zhili.ask(cyclic), "invalid-json");
});

test("askMany keeps order and puts error answers in place", () => {
  const out = zhili.askMany([Q, "not json", { ...Q, id: "q3", regulation: "hangzhou" }]);
  assert.equal(out.length, 3);
  assert.equal(out[0].verdict, "conditional");
  assert.equal(out[1].error.code, "invalid-json");
  assert.equal(out[2].id, "q3");
  assert.equal(out[2].error.code, "unknown-regulation");
  assert.deepEqual(zhili.askMany([]), []);
  throwsCode(() => zhili.askMany("x"), "invalid-question");
});

test("what-if answers for the draft and before the effective date", () => {
  const a = zhili.ask({ ...Q, regulation: "wuxi-draft", date: "2030-01-01" });
  assert.equal(a.verdict, "not-in-force");
  assert.ok(a.whatif && a.whatif.verdict, JSON.stringify(a));
  const early = zhili.ask({ ...Q, date: "2000-01-01" });
  assert.equal(early.verdict, "not-in-force");
  assert.equal(early.whatif.verdict, "conditional");
});

test("article by citation, Chinese and English-style reference", () => {
  const a = zhili.article("haidong:23:2");
  assert.equal(a.level, "paragraph");
  assert.equal(a.citation, "haidong:23:2");
  assert.ok(a.reference_zh.includes("第二十三条第二款"), a.reference_zh);
  assert.ok(a.text.length > 10);
  assert.equal(zhili.article("大连条例第二十四条第三款").citation, "dalian:24:3");
  assert.equal(zhili.article("第六条第（七）项", "haidong").citation, "haidong:6:1:7");
  assert.equal(zhili.article("Art. 24 para. 3", "dalian").citation, "dalian:24:3");
  throwsCode(() => zhili.article("haidong:999"), "unknown-article");
  throwsCode(() => zhili.article("第十十条", "haidong"), "invalid-reference");
  throwsCode(() => zhili.article("第五条"), "invalid-reference");
  throwsCode(() => zhili.article(42), "invalid-question");
});

test("regulations and their texts", () => {
  const regs = zhili.regulations();
  assert.deepEqual(regs.map((r) => r.key).sort(), ["dalian", "haidong", "wuxi-draft", "xinyang"]);
  const draft = regs.find((r) => r.key === "wuxi-draft");
  assert.equal(draft.status, "draft");
  assert.equal(draft.effective, null);
  for (const r of regs) {
    const t = zhili.text(r.key);
    assert.equal(t.meta.key, r.key);
    assert.equal(t.chapters.length, r.chapters);
    const articles = t.chapters.flatMap((c) => c.articles);
    assert.equal(articles.length, r.articles);
    assert.equal(articles.flatMap((a) => a.paragraphs).length, r.paragraphs);
  }
  assert.equal(zhili.text("海东条例").meta.key, "haidong");
  throwsCode(() => zhili.text("hangzhou"), "unknown-regulation");
});

test("features and compare", () => {
  const fs = zhili.features();
  assert.ok(fs.length > 5);
  for (const f of fs) {
    const a = zhili.compare(f.id);
    assert.ok(Array.isArray(a.verdict), `${f.id}: ${JSON.stringify(a.verdict)}`);
    assert.ok(a.verdict.every((k) => ["haidong", "dalian", "wuxi-draft", "xinyang"].includes(k)));
    for (const c of a.citations) assert.ok(zhili.article(c).text, c);
  }
  assert.deepEqual(zhili.compare(fs[0].zh).verdict, zhili.compare(fs[0].id).verdict);
  throwsCode(() => zhili.compare("no such feature at all"), "unknown-feature");
});

test("gaps", () => {
  const g = zhili.gaps("wuxi-draft", ["dalian", "xinyang"]);
  assert.equal(g.regulation, "wuxi-draft");
  assert.deepEqual(g.against, ["dalian", "xinyang"]);
  for (const t of g.missing) assert.ok(t.citations.every((c) => /^(dalian|xinyang):/.test(c)), t.topic);
  for (const t of g.extra) assert.ok(t.citations.every((c) => c.startsWith("wuxi-draft:")), t.topic);
  assert.deepEqual(zhili.gaps("haidong").against, ["dalian", "wuxi-draft", "xinyang"]);
  throwsCode(() => zhili.gaps("dalian", ["dalian"]), "invalid-question");
});

test("inForce", () => {
  assert.equal(zhili.inForce("haidong", "2024-01-01").verdict, "yes");
  assert.equal(zhili.inForce("wuxi-draft", "2030-01-01").verdict, "no");
  throwsCode(() => zhili.inForce("haidong", "2024-1-5"), "invalid-date");
  throwsCode(() => zhili.inForce("hangzhou", "2024-01-05"), "unknown-regulation");
});

test("the error catalogue is the core's", () => {
  const cat = zhili.errorCatalogue();
  const codes = cat.map((e) => e.code);
  for (const c of ["invalid-json", "invalid-question", "unknown-kind", "unknown-regulation", "unknown-article", "invalid-date"]) {
    assert.ok(codes.includes(c), c);
  }
  assert.ok(cat.every((e) => e.meaning));
  // The TypeScript union of error codes is exactly the catalogue.
  const dts = readFileSync(new URL("../index.d.ts", import.meta.url), "utf8");
  const union = dts.match(/export type ErrorCodeName =([^;]*);/)[1];
  assert.deepEqual([...union.matchAll(/"([a-z-]+)"/g)].map((m) => m[1]).sort(), [...codes].sort());
});

test("search finds paragraphs and items across the texts", () => {
  const hits = zhili.search("网格员");
  assert.ok(hits.length > 3);
  assert.ok(new Set(hits.map((h) => h.regulation)).size >= 2);
  for (const h of hits) {
    assert.ok(h.text.includes("网格员"));
    assert.equal(zhili.article(h.citation).text.includes("网格员"), true);
    assert.ok(h.reference_zh.startsWith("《") || h.reference_zh.length > 0);
  }
  const one = zhili.search("网格员", { regulation: "haidong" });
  assert.ok(one.length > 0 && one.every((h) => h.regulation === "haidong"));
  assert.deepEqual(zhili.search("   "), []);
  assert.equal(zhili.search("网格员", { limit: 2 }).length, 2);
  assert.deepEqual(zhili.search("zzzz-not-in-any-text"), []);
});

test("Chinese numerals for headings", () => {
  assert.equal(zhili.chineseNumeral(23), "二十三");
  throwsCode(() => zhili.chineseNumeral(-1), "invalid-question");
  assert.match(zhili.version(), /^\d+\.\d+\.\d+/);
});

test("intake reads words into the structured question", () => {
  const words = "2024年9月2日，大连市某区民政局要求社区居委会协助开展协助事项清单内的工作，提供了经费，但没有书面委托，是否合法？";
  const i = zhili.intake(words, { id: "w1" });
  assert.equal(i.question.id, "w1");
  assert.equal(i.question.kind, "assign-to-committee");
  assert.equal(i.question.regulation, "dalian");
  assert.equal(i.question.facts.funding_provided, true);
  assert.equal(i.question.facts.written_commission, false);
  assert.equal(i.question.facts.information_support_provided, undefined);
  const w = i.recognised.find((r) => r.field === "written_commission");
  assert.equal([...words].slice(w.span[0], w.span[1]).join(""), w.words);
  assert.deepEqual(i.needs, []);
  assert.equal(zhili.ask(i.question, { explain: "none" }).verdict, "prohibited");
  const a = zhili.intake(words, { ask: true, explain: "none", id: "w1" }).answer;
  assert.equal(a.verdict, "prohibited");
  assert.equal(a.id, "w1");
  assert.equal(zhili.intake("hello", { ask: true }).answer, null);
  assert.deepEqual(zhili.intake("🙂").needs, ["kind", "regulation"]);
  throwsCode(() => zhili.intake(""), "invalid-question");
  throwsCode(() => zhili.intake("问".repeat(5000)), "too-large");
  throwsCode(() => zhili.intake(42), "invalid-question");
});

test("Date objects are accepted where dates are, as the calendar day they stand for", () => {
  const tz = process.env.TZ;
  try {
    for (const zone of ["Asia/Shanghai", "America/Los_Angeles", "UTC"]) {
      process.env.TZ = zone;
      const text = zhili.ask(Q);
      for (const d of [new Date("2024-10-10"), new Date(2024, 9, 10), new Date(2024, 9, 10, 15, 30)]) {
        assert.deepEqual(zhili.ask({ ...Q, date: d }), text, `${zone} ${d.toISOString()}`);
        assert.deepEqual(zhili.askMany([{ ...Q, date: d }]), [text]);
      }
      assert.deepEqual(zhili.inForce("haidong", new Date(2023, 1, 1)), zhili.inForce("haidong", "2023-02-01"), zone);
      assert.equal(zhili.inForce("haidong", new Date("2023-01-31")).verdict, "no", zone);
    }
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
  // an invalid Date is the core's invalid-date: thrown by ask and inForce, an error answer in askMany
  throwsCode(() => zhili.ask({ ...Q, date: new Date("not a date") }), "invalid-date");
  throwsCode(() => zhili.inForce("haidong", new Date(NaN)), "invalid-date");
  const [a] = zhili.askMany([{ ...Q, date: new Date(NaN) }]);
  assert.equal(a.id, Q.id);
  assert.equal(a.error.code, "invalid-date");
});
