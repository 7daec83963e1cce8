// How zhili-wasm is used from TypeScript (type-checked in CI with `tsc --noEmit -p example`).
import {
  ask, askMany, article, compare, features, inForce, intake, regulations, search, text, ZhiliError,
  type Answer, type Intake, type Question, type Condition, type RegulationSummary,
} from "zhili-wasm";

const question: Question = {
  id: "q1",
  kind: "assign-to-committee",
  regulation: "dalian",
  date: "2024-10-10",
  facts: { assigner: "某区民政局", assignee: "社区居委会", task_on_list: "assist", written_commission: true, funding_provided: null },
};

const answer: Answer = ask(question, { explain: "summary" });
if (answer.verdict === "conditional") {
  const open: Condition[] = answer.conditions;
  for (const c of open) console.log(c.text_zh, c.citations.join(", "));
}
if (answer.whatif) console.log("what-if:", answer.whatif.verdict);

// An error answer is thrown with its stable code; askMany keeps error answers in place.
try {
  ask({ ...question, date: "2023-02-30" });
} catch (e) {
  if (e instanceof ZhiliError) {
    const code: string = e.code;
    console.log(code, e.answer?.id);
  }
}
const many: Answer[] = askMany([question, "not json"], { explain: "none" });
console.log(many.map((a) => a.error?.code ?? a.verdict));

const regs: RegulationSummary[] = regulations();
for (const r of regs) {
  const t = text(r.key);
  console.log(r.key, r.status, r.effective ?? "never", t.chapters.length);
}
console.log(article("haidong:23:2").reference_zh, inForce("wuxi-draft", "2030-01-01").verdict);
for (const f of features()) {
  const v = compare(f.id).verdict;
  if (Array.isArray(v)) console.log(f.zh, v.join(" "));
}
console.log(search("网格员", { limit: 3 }).map((h) => h.citation));
const read: Intake = intake("2024年9月2日，大连市某区民政局要求社区居委会协助开展协助事项清单内的工作，是否合法？", { ask: true });
console.log(read.question.kind, read.needs.join(" "), read.answer?.verdict, read.recognised[0]?.span[0]);

// The types are real, not `any`: each of these must be rejected by the compiler.
// @ts-expect-error an unknown question kind
ask({ kind: "guess", regulation: "dalian" });
// @ts-expect-error facts are three-valued booleans, not strings
ask({ ...question, facts: { approval: "yes" } });
// @ts-expect-error explain is full, summary or none
ask(question, { explain: "chatty" });
// @ts-expect-error the intake reads words, not a question object
intake(question);
// @ts-expect-error a verdict is not a number of conditions
const n: number = answer.conditions;
void n;

// A Date where a date is: the calendar day it stands for.
const onDay: Answer = ask({ ...question, date: new Date(2024, 9, 10) });
const inForceThen: Answer = inForce("haidong", new Date("2023-02-01"));
console.log(onDay.verdict, inForceThen.verdict);
