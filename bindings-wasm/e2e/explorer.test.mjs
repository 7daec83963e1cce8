// End-to-end tests of the explorer in Debian's headless Chromium, driven by playwright-core (no
// browser download). A tiny static server serves explorer/ on loopback; screenshots go to
// e2e/output/. Every answer shown is checked against the package's own answer in Node.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import * as zhili from "../node.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const site = fileURLToPath(new URL("../explorer/", import.meta.url));
const out = join(here, "output");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

let server, base, context, page, profile;
const consoleErrors = [];

before(async () => {
  assert.ok(existsSync(join(site, "zhili/pkg/zhili_wasm_bg.wasm")), "build the package first (bindings-wasm/build.sh)");
  await mkdir(out, { recursive: true });
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(site, path.endsWith("/") ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${server.address().port}/`;
  profile = await mkdtemp(join(tmpdir(), "zhili-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
});

after(async () => {
  await context?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  if (profile) await rm(profile, { recursive: true, force: true });
});

async function open(hash = "") {
  await page.goto(`${base}index.html${hash}`);
  await page.waitForSelector("body[data-ready='1']", { timeout: 20000 });
}

async function inViewport(id) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && el.classList.contains("hl");
  }, id);
}

const QUESTION = {
  id: "explorer",
  kind: "assign-to-committee",
  regulation: "dalian",
  date: "2024-10-10",
  facts: { assigner: "区民政局", assignee: "社区居委会", task_on_list: "assist", written_commission: true },
};

async function fillAsk(q) {
  await open("#/ask");
  const f = "#ask-form";
  await page.selectOption(`${f} [name=kind]`, q.kind);
  await page.selectOption(`${f} [name=regulation]`, q.regulation);
  await page.fill(`${f} [name=date]`, q.date);
  if (q.kind !== "in-force") {
    await page.fill(`${f} [name=assigner]`, q.facts.assigner ?? "");
    await page.fill(`${f} [name=assignee]`, q.facts.assignee ?? "");
    await page.selectOption(`${f} [name=task_on_list]`, q.facts.task_on_list ?? "");
    for (const k of ["written_commission", "funding_provided", "approval"]) {
      const v = q.facts[k];
      await page.selectOption(`${f} [name=${k}]`, v === undefined || v === null ? "" : String(v));
    }
  }
  await page.click("#ask-submit");
  await page.waitForSelector("#answer .card");
}

test("the page loads the package and lists the four regulations", async () => {
  await open();
  const chips = await page.$$eval("#reg-tabs .chip", (els) => els.map((e) => e.dataset.reg));
  assert.deepEqual(chips.sort(), ["dalian", "haidong", "wuxi-draft", "xinyang"]);
  assert.ok((await page.textContent("#reg-meta")).includes("施行"));
});

test("a question through the form shows the verdict, conditions and citation links; a citation opens its text", async () => {
  await fillAsk(QUESTION);
  const expected = zhili.ask(QUESTION);
  assert.equal(expected.verdict, "conditional", "the case should have conditions to show");
  const verdict = await page.textContent("#verdict");
  assert.ok(verdict.includes("有条件允许") && verdict.includes("conditional"), verdict);
  const conds = await page.$$eval("#answer > .card > .conditions .condition", (els) => els.map((e) => e.textContent));
  assert.equal(conds.length, expected.conditions.length);
  expected.conditions.forEach((c, i) => assert.ok(conds[i].includes(c.text_zh), conds[i]));
  const cites = await page.$$eval("#answer .citations a.cite", (els) => els.map((e) => e.getAttribute("href")));
  assert.deepEqual(cites, expected.citations.map((c) => `#${c}`));
  assert.ok((await page.$$("#answer .steps li")).length === expected.explanation.steps.length);
  await page.screenshot({ path: join(out, "ask-answer.png"), fullPage: true });

  const first = expected.conditions[0].citations[0];
  await page.click(`#answer .condition a.cite[href="#${first}"]`);
  await page.waitForFunction((id) => document.getElementById(id)?.classList.contains("hl"), first);
  assert.equal(decodeURIComponent(new URL(page.url()).hash), `#${first}`);
  assert.ok(await inViewport(first), `${first} highlighted and in view`);
  const shown = await page.textContent(`[id="${first}"]`);
  assert.ok(shown.includes(zhili.article(first).text.split("\n")[0]), shown);
  await page.screenshot({ path: join(out, "citation-followed.png") });
});

test("the Wuxi draft and a pre-effective date show the what-if answer, marked", async () => {
  for (const q of [{ ...QUESTION, regulation: "wuxi-draft" }, { ...QUESTION, date: "2000-01-01" }]) {
    await fillAsk(q);
    const expected = zhili.ask(q);
    assert.equal(expected.verdict, "not-in-force");
    assert.ok((await page.textContent("#verdict")).includes("not in force"));
    const box = await page.textContent("#whatif");
    assert.ok(box.includes("假设情形") && box.includes("What-if"), box);
  }
  await page.screenshot({ path: join(out, "ask-whatif.png"), fullPage: true });
});

test("liability and in-force questions", async () => {
  const liab = { ...QUESTION, kind: "liability", regulation: "haidong", facts: { assigner: "镇人民政府", assignee: "村民委员会", task_on_list: "none" } };
  await fillAsk(liab);
  const a = zhili.ask(liab);
  assert.ok((await page.textContent("#verdict")).includes(a.verdict === "yes" ? "是" : a.verdict));
  if (a.sanction) assert.ok(await page.$("#answer .sanction"));
  const inf = { id: "explorer", kind: "in-force", regulation: "xinyang", date: "2010-01-01", facts: {} };
  await fillAsk(inf);
  assert.equal(zhili.ask(inf).verdict, "no");
  assert.ok((await page.textContent("#verdict")).includes("否"));
});

test("a deep link scrolls to the provision and highlights it", async () => {
  await open("#haidong:23:2");
  await page.waitForFunction(() => document.getElementById("haidong:23:2")?.classList.contains("hl"));
  assert.ok(await inViewport("haidong:23:2"));
  assert.ok((await page.textContent('[id="haidong:23:2"]')).includes(zhili.article("haidong:23:2").text.slice(0, 10)));
  await page.screenshot({ path: join(out, "deep-link.png") });
});

test("a search across the four texts, and a hit opens its provision", async () => {
  await open("#/search");
  await page.fill("#search-input", "网格员");
  await page.click("#search-form button");
  await page.waitForSelector("#search-results .hit");
  const hits = await page.$$eval("#search-results .hit a.cite", (els) => els.map((e) => e.getAttribute("href").slice(1)));
  assert.deepEqual(hits, zhili.search("网格员").map((h) => h.citation));
  await page.screenshot({ path: join(out, "search.png") });
  await page.click(`#search-results a.cite[href="#${hits[0]}"]`);
  await page.waitForFunction((id) => document.getElementById(id)?.classList.contains("hl"), hits[0]);
  assert.ok(await inViewport(hits[0]));
});

test("the comparison shows every feature with links to the provisions", async () => {
  await open("#/compare");
  await page.waitForSelector("#compare-table tbody tr");
  const rows = await page.$$eval("#compare-table tbody tr", (els) => els.map((e) => e.dataset.feature));
  assert.deepEqual(rows, zhili.features().filter((f) => f.kind === "feature").map((f) => f.id));
  for (const id of rows.slice(0, 5)) {
    const a = zhili.compare(id);
    const cells = await page.$$eval(`#compare-table tr[data-feature="${id}"] td`, (els) => els.map((e) => e.className));
    const keys = zhili.regulations().map((r) => r.key);
    assert.deepEqual(cells, keys.map((k) => (a.verdict.includes(k) ? "yes" : "no")), id);
  }
  await page.screenshot({ path: join(out, "compare.png"), fullPage: true });
  const link = await page.$("#compare-table td.yes a.cite");
  const target = (await link.getAttribute("href")).slice(1);
  await link.click();
  await page.waitForFunction((id) => document.getElementById(id)?.classList.contains("hl"), target);
  assert.ok(await inViewport(target));
});

const KEYS = zhili.regulations().map((r) => r.key);
const TOPICS = zhili.features().filter((f) => f.kind === "topic");
const FEATURE_IDS = new Set(zhili.features().filter((f) => f.kind === "feature").map((f) => f.id));

/** What the core says regulation `key` lacks: the topics of gaps(key) against all the others. */
function lacking(key) {
  return new Set(zhili.gaps(key).missing.map((g) => g.topic));
}

test("the topic matrix: every topic by group, cells as the core says, at the top", async () => {
  await open("#dalian:40:1");
  await page.waitForFunction(() => document.querySelector(".hl"));
  assert.ok((await page.evaluate(() => scrollY)) > 0, "the deep link scrolled down");
  await page.click('#tabs a[data-view="topics"]');
  await page.waitForSelector("#topic-table tbody tr.topic");
  assert.equal(await page.evaluate(() => scrollY), 0, "the view opens at its top");
  const rows = await page.$$eval("#topic-table tbody tr.topic", (els) => els.map((e) => e.dataset.topic));
  assert.ok(rows.length >= 120, `${rows.length} topic rows`);
  assert.deepEqual([...rows].sort(), TOPICS.map((t) => t.id).sort());
  const groups = await page.$$eval("#topic-table tbody tr.group", (els) => els.map((e) => e.dataset.group));
  assert.deepEqual(groups, [...new Set(TOPICS.map((t) => t.group))]);
  const head = await page.textContent('#topic-table tr[data-topic="volunteer-services"] th');
  const vol = TOPICS.find((t) => t.id === "volunteer-services");
  assert.ok(head.includes(vol.zh) && head.includes(vol.en), head);
  // every cell against gaps(): where some regulation has a topic and another does not, a
  // regulation lacks it exactly when its gaps() list it as missing; a topic no gaps() list names
  // is in all four or in none, as compare() says
  const cells = await page.$$eval("#topic-table tbody tr.topic", (els) =>
    els.map((e) => [e.dataset.topic, [...e.querySelectorAll("td")].map((td) => td.className)]));
  const lacks = new Map(KEYS.map((k) => [k, lacking(k)]));
  for (const [id, classes] of cells) {
    if (KEYS.some((k) => lacks.get(k).has(id))) {
      assert.deepEqual(classes, KEYS.map((k) => (lacks.get(k).has(id) ? "no" : "yes")), id);
    } else {
      assert.ok(classes.every((c) => c === classes[0]), `${id}: ${classes}`);
      // (an id that is also a feature of the comparison catalogue: compare(id) answers the feature)
      if (!FEATURE_IDS.has(id)) {
        assert.equal(classes[0], zhili.compare(id).verdict.length === KEYS.length ? "yes" : "no", id);
      }
    }
  }
  // and the links of a cell are the citations of compare() for that regulation
  const a = zhili.compare("volunteer-services");
  for (const k of KEYS) {
    const hrefs = await page.$$eval(`#topic-table tr[data-topic="volunteer-services"] td[data-reg="${k}"] a.cite`, (els) =>
      els.map((e) => e.getAttribute("href").slice(1)));
    assert.deepEqual(hrefs, [...new Set(a.citations.filter((c) => c.startsWith(`${k}:`)))], k);
  }
  // a regulation without provisions on a topic shows its closest provision
  const none = await page.$$eval("#topic-table td.no", (els) => els.length);
  const closest = await page.$$eval("#topic-table td.no .closest a.cite", (els) => els.length);
  assert.ok(none > 0 && closest > 0, `${none} empty cells, ${closest} closest links`);
  assert.equal(await page.$$eval("#topic-table td.unknown", (els) => els.length), 0);
  assert.ok((await page.textContent("#topic-count")).startsWith(`${TOPICS.length} / ${TOPICS.length}`));
  await page.screenshot({ path: join(out, "topics.png") });
  await page.screenshot({ path: join(out, "topics-full.png"), fullPage: true });
});

test("the topic filter narrows the rows by id, names and aliases; a cell link opens the provision", async () => {
  await open("#/topics");
  await page.waitForSelector("#topic-table tbody tr.topic");
  const visible = () =>
    page.$$eval("#topic-table tbody tr.topic", (els) => els.filter((e) => !e.hidden).map((e) => e.dataset.topic));
  await page.fill("#topic-filter", "志愿");
  let shown = await visible();
  assert.ok(shown.length > 0 && shown.length < TOPICS.length, `${shown.length} rows`);
  assert.ok(shown.includes("volunteer-services"), shown.join());
  for (const id of shown) {
    const t = TOPICS.find((x) => x.id === id);
    assert.ok([t.id, t.zh, t.en, ...t.aliases].join(" ").includes("志愿"), id);
  }
  const hiddenGroups = await page.$$eval("#topic-table tr.group", (els) => els.filter((e) => e.hidden).length);
  assert.ok(hiddenGroups > 0, "groups without a matching topic are hidden");
  assert.equal(decodeURIComponent(new URL(page.url()).hash), "#/topics?q=志愿");
  await page.screenshot({ path: join(out, "topics-filtered.png") });
  // an id that no other topic's words contain selects that topic alone
  const words = (t) => [t.id, t.zh, t.en, ...t.aliases].join(" ").toLowerCase();
  const alone = TOPICS.find((t) => TOPICS.every((u) => u === t || !words(u).includes(t.id)));
  await page.fill("#topic-filter", alone.id);
  assert.deepEqual(await visible(), [alone.id]);
  // an alias found in neither name
  const withAlias = TOPICS.find((t) => t.aliases.some((a) => !t.zh.includes(a) && !t.en.includes(a)));
  const alias = withAlias.aliases.find((a) => !withAlias.zh.includes(a) && !withAlias.en.includes(a));
  await page.fill("#topic-filter", alias);
  assert.ok((await visible()).includes(withAlias.id), alias);
  await page.fill("#topic-filter", "Volunteer services");
  shown = await visible();
  assert.ok(shown.includes("volunteer-services"), "English names, any case");
  await page.fill("#topic-filter", "没有这样的主题xyz");
  assert.deepEqual(await visible(), []);
  assert.ok((await page.textContent("#topic-count")).startsWith("0 /"));
  // the filter is kept in the address and restored from it
  await open("#/topics?q=志愿");
  await page.waitForSelector("#topic-table tbody tr.topic:not([hidden])");
  assert.equal(await page.inputValue("#topic-filter"), "志愿");
  shown = await visible();
  assert.ok(shown.includes("volunteer-services") && shown.length < TOPICS.length);
  const link = await page.$('#topic-table tr[data-topic="volunteer-services"] td.yes a.cite');
  const target = (await link.getAttribute("href")).slice(1);
  await link.click();
  await page.waitForFunction((id) => document.getElementById(id)?.classList.contains("hl"), target);
  assert.ok(await inViewport(target));
  assert.ok(!(await page.isHidden("#view-browse")));
  assert.ok((await page.textContent(`[id="${target}"]`)).includes(zhili.article(target).text.split("\n")[0].slice(0, 20)));
  await page.screenshot({ path: join(out, "topics-citation-followed.png") });
});

test("side by side: two regulations aligned by topic, with texts, and their gaps", async () => {
  await open("#/pair?a=wuxi-draft&b=dalian");
  await page.waitForSelector("#pair-table tbody tr.topic");
  assert.equal(await page.inputValue("#pair-a"), "wuxi-draft");
  assert.equal(await page.inputValue("#pair-b"), "dalian");
  // a topic both have: each side lists its own citations with their text
  const a = zhili.compare("volunteer-services");
  assert.ok(a.verdict.includes("wuxi-draft") && a.verdict.includes("dalian"));
  const row = '#pair-table tr[data-topic="volunteer-services"]';
  for (const [i, k] of [[2, "wuxi-draft"], [3, "dalian"]]) {
    const want = [...new Set(a.citations.filter((c) => c.startsWith(`${k}:`)))];
    const hrefs = await page.$$eval(`${row} td:nth-child(${i}) a.cite`, (els) => els.map((e) => e.getAttribute("href").slice(1)));
    assert.deepEqual(hrefs, want, k);
    const texts = await page.$$eval(`${row} td:nth-child(${i}) .ptext`, (els) => els.map((e) => e.textContent));
    assert.deepEqual(texts, want.map((c) => zhili.article(c).text), k);
  }
  // the gaps lists are gaps() both ways
  const g = zhili.gaps("wuxi-draft", ["dalian"]);
  const listed = (id) => page.$$eval(`#${id} li`, (els) => els.map((e) => e.dataset.topic));
  assert.deepEqual(await listed("gaps-missing"), g.missing.map((x) => x.topic));
  assert.deepEqual(await listed("gaps-extra"), g.extra.map((x) => x.topic));
  assert.ok(g.missing.length > 0 && g.extra.length > 0);
  const m0 = g.missing[0];
  const m0links = await page.$$eval(`#gaps-missing li[data-topic="${m0.topic}"] a.cite`, (els) => els.map((e) => e.getAttribute("href").slice(1)));
  assert.deepEqual(m0links, m0.citations);
  // rows: the topics either has; "—" on the side that has none, exactly the gaps
  const sides = await page.$$eval("#pair-table tbody tr.topic", (els) =>
    els.map((e) => [e.dataset.topic, [...e.querySelectorAll("td")].map((td) => td.querySelector(".none") !== null)]));
  assert.ok(sides.length > 0);
  assert.ok(sides.every(([, [na, nb]]) => !(na && nb)), "no row where neither has the topic");
  assert.deepEqual(sides.filter(([, [na]]) => na).map(([id]) => id).sort(), g.missing.map((x) => x.topic).sort());
  assert.deepEqual(sides.filter(([, [, nb]]) => nb).map(([id]) => id).sort(), g.extra.map((x) => x.topic).sort());
  await page.screenshot({ path: join(out, "pair.png") });
  await page.locator(row).screenshot({ path: join(out, "pair-topic.png") });
  await page.screenshot({ path: join(out, "pair-full.png"), fullPage: true });

  // choosing other regulations redraws both, and "differences only" keeps just the gaps
  await page.selectOption("#pair-a", "haidong");
  await page.selectOption("#pair-b", "xinyang");
  const h = zhili.gaps("haidong", ["xinyang"]);
  assert.deepEqual(await listed("gaps-missing"), h.missing.map((x) => x.topic));
  assert.deepEqual(await listed("gaps-extra"), h.extra.map((x) => x.topic));
  assert.equal(decodeURIComponent(new URL(page.url()).hash), "#/pair?a=haidong&b=xinyang");
  await page.check("#pair-diff");
  const diff = await page.$$eval("#pair-table tbody tr.topic", (els) => els.map((e) => e.dataset.topic));
  assert.deepEqual(diff.sort(), [...h.missing, ...h.extra].map((x) => x.topic).sort());
  await page.screenshot({ path: join(out, "pair-differences.png"), fullPage: true });
  await page.uncheck("#pair-diff");
  // a citation opens its provision
  const link = await page.$("#pair-table td.yes a.cite");
  const target = (await link.getAttribute("href")).slice(1);
  await link.click();
  await page.waitForFunction((id) => document.getElementById(id)?.classList.contains("hl"), target);
  assert.ok(await inViewport(target));
});

test("phone width: no sideways scrolling, the answer is readable", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await fillAsk(QUESTION);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: join(out, "phone-ask.png"), fullPage: true });
  for (const [hash, sel, shot] of [["#/topics", "#topic-table tr.topic", "phone-topics.png"], ["#/pair", "#pair-table tr.topic", "phone-pair.png"]]) {
    await open(hash);
    await page.waitForSelector(sel);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(wide <= 1, `${hash}: page is ${wide}px wider than the screen`);
    await page.screenshot({ path: join(out, shot) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

// ---------- issue 23/24: the texts before the module, and the explorer for researchers ----------

test("the regulations' texts show from the data bundle before the evaluator is ready", async () => {
  // hold the module back: the data bundle alone must be enough to show the structure
  let release;
  const held = new Promise((ok) => (release = ok));
  await page.route("**/zhili_wasm_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("about:blank");
  await page.goto(`${base}index.html#dalian:24`);
  await page.waitForSelector("body[data-preview='1']", { timeout: 20000 });
  assert.equal(await page.getAttribute("body", "data-ready"), null, "the evaluator is not ready yet");
  const t = zhili.text("dalian");
  const articles = await page.$$eval("#reg-text section.art", (els) => els.length);
  assert.equal(articles, t.chapters.reduce((n, ch) => n + ch.articles.length, 0));
  const toc = await page.$$eval("#toc a", (els) => els.map((e) => e.textContent));
  assert.deepEqual(toc, t.chapters.map((ch) => `第${zhili.chineseNumeral(ch.number)}章 ${ch.title}`));
  await page.screenshot({ path: join(out, "preview-before-evaluator.png") });
  release();
  await page.waitForSelector("body[data-ready='1']", { timeout: 20000 });
  await page.unroute("**/zhili_wasm_bg.wasm");
  assert.ok(await inViewport("dalian:24"), "the deep link is followed once the module is ready");
});

/** One conformance question of each kind whose facts the form has fields for. */
const FORM_FACTS = new Set(["assigner", "assignee", "task", "task_on_list", "conduct", "duty", "actor", "asks", "feature",
  "facility", "utility", "ref_zh", "households", "article", "paragraph", "item",
  "task_is_assigner_own_duty", "written_commission", "funding_provided", "work_conditions_provided",
  "information_support_provided", "guidance_provided", "approval", "consulted_committee", "committee_consented",
  "via_purchase_of_service", "complies_with_purchase_rules"]);
function caseOfKind(kind) {
  const dir = fileURLToPath(new URL("../../tests/conformance/", import.meta.url));
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort()) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n").filter(Boolean)) {
      const c = JSON.parse(line);
      const facts = Object.fromEntries(Object.entries(c.facts ?? {}).filter(([, v]) => v !== null));
      if (c.kind !== kind || c.expected_error || !Object.keys(facts).every((k) => FORM_FACTS.has(k))) continue;
      if (!["haidong", "dalian", "wuxi-draft", "xinyang", "all"].includes(c.regulation)) continue;
      const q = { id: "explorer", kind, regulation: c.regulation, date: c.date ?? null, facts };
      if (zhili.askMany([q])[0].error) continue;
      return q;
    }
  }
  return null;
}

async function fillForm(q) {
  await open("#/ask");
  const f = "#ask-form";
  await page.selectOption(`${f} [name=kind]`, q.kind);
  await page.selectOption(`${f} [name=regulation]`, q.regulation);
  await page.fill(`${f} [name=date]`, q.date ?? "");
  for (const [k, v] of Object.entries(q.facts)) {
    const el = await page.$(`${f} [name=${k}]`);
    assert.ok(el && (await el.isVisible()), `${q.kind}: the form shows ${k}`);
    if ((await el.evaluate((e) => e.tagName)) === "SELECT") await el.selectOption(String(v));
    else await el.fill(String(v));
  }
  // fields of the kind that the question leaves unknown are emptied
  const names = await page.$$eval(`${f} input[name], ${f} select[name]`, (els) =>
    els.filter((e) => e.offsetParent !== null).map((e) => e.name));
  for (const k of names.filter((k) => FORM_FACTS.has(k) && !(k in q.facts))) {
    const el = await page.$(`${f} [name=${k}]`);
    if ((await el.evaluate((e) => e.tagName)) === "SELECT") await el.selectOption("");
    else await el.fill("");
  }
  await page.click("#ask-submit");
  await page.waitForSelector("#answer .card");
}

const permalinkQuestion = () => {
  const h = new URL(page.url()).hash;
  assert.ok(h.startsWith("#/ask?"), h);
  return JSON.parse(new URLSearchParams(h.slice("#/ask?".length)).get("q"));
};

test("the form asks every question kind; each answer is the package's, with a permalink", async () => {
  const kinds = await (async () => {
    await open("#/ask");
    return page.$$eval("#ask-form [name=kind] option", (els) => els.map((e) => e.value));
  })();
  assert.deepEqual([...kinds].sort(), ["article-lookup", "assign-to-committee", "assign-to-grid", "compare", "duty-of",
    "facility-area", "in-force", "liability", "utility-price"]);
  for (const kind of kinds) {
    const q = caseOfKind(kind);
    assert.ok(q, `a conformance case of ${kind} the form can ask`);
    await fillForm(q);
    assert.deepEqual(permalinkQuestion(), q, `${kind}: the form asked exactly the question`);
    const expected = zhili.ask(q);
    const cites = await page.$$eval("#answer .citations a.cite", (els) => els.map((e) => e.getAttribute("href").slice(1)));
    assert.deepEqual(cites, expected.citations, kind);
    const json = JSON.parse(await page.$eval("#answer details pre", (e) => e.textContent));
    assert.deepEqual(json, expected, kind);
    await page.screenshot({ path: join(out, `kind-${kind}.png`) });
  }
});

test("a permalink reloads to the same question and answer", async () => {
  await fillAsk(QUESTION);
  const link = page.url();
  await page.goto("about:blank");
  await page.goto(link);
  await page.waitForSelector("body[data-ready='1']");
  await page.waitForSelector("#answer .card");
  assert.equal(await page.inputValue("#ask-form [name=assigner]"), QUESTION.facts.assigner);
  assert.equal(await page.inputValue("#ask-form [name=written_commission]"), "true");
  const json = JSON.parse(await page.$eval("#answer details pre", (e) => e.textContent));
  assert.deepEqual(json, zhili.ask(QUESTION));
  assert.equal(await page.getAttribute("#permalink", "href"), link);
  await page.screenshot({ path: join(out, "permalink-reloaded.png") });
  // a hand-made link with a fact the form has no field for says it was not asked
  const odd = { ...QUESTION, facts: { ...QUESTION.facts, regulations: ["dalian"] } };
  await page.goto("about:blank");
  await page.goto(`${base}index.html#/ask?q=${encodeURIComponent(JSON.stringify(odd))}`);
  await page.waitForSelector("#answer .card");
  assert.ok((await page.textContent("#dropped-facts")).includes("regulations"));
});

test("citations read as Chinese references with their ids beside them", async () => {
  await fillAsk(QUESTION);
  const shown = await page.$$eval("#answer .citations .citation", (els) =>
    els.map((e) => [e.querySelector("a.cite").textContent, e.querySelector("code.cid").textContent]));
  const expected = zhili.ask(QUESTION).citations;
  assert.equal(shown.length, expected.length);
  shown.forEach(([label, id], i) => {
    assert.equal(id, expected[i]);
    const ref = zhili.article(id).reference_zh;
    const tail = ref.slice(ref.indexOf("第"));
    assert.ok(label.startsWith("大连") && label.endsWith(tail), `${label} for ${ref}`);
    assert.match(label, /第[一二三四五六七八九十百]+条/);
  });
});

test("the answer scrolls into view", async () => {
  await open("#/ask");
  await page.evaluate(() => scrollTo(0, 0));
  await page.click("#ask-submit");
  await page.waitForSelector("#answer .card");
  await page.waitForFunction(() => Math.abs(document.getElementById("answer").getBoundingClientRect().top) < innerHeight / 2);
  assert.ok((await page.evaluate(() => scrollY)) > 0, "the page scrolled to the answer");
  await page.screenshot({ path: join(out, "answer-in-view.png") });
});

test("the comparison grid shows each regulation's provision, or its closest one, with the core's notes", async () => {
  await open("#/compare");
  await page.waitForSelector("#compare-table tbody tr");
  assert.ok(!(await page.textContent("#compare-table")).includes("— none"));
  const features = zhili.features().filter((f) => f.kind === "feature");
  let lacking = 0;
  for (const f of features) {
    const a = zhili.compare(f.id);
    for (const s of a.explanation.steps) {
      const key = s.citation.split(":")[0];
      const cell = `#compare-table tr[data-feature="${f.id}"] td[data-reg="${key}"]`;
      const hrefs = await page.$$eval(`${cell} a.cite`, (els) => els.map((e) => e.getAttribute("href").slice(1)));
      assert.ok(hrefs.includes(s.citation), `${f.id}/${key}: ${s.citation} in ${hrefs}`);
      assert.ok((await page.textContent(cell)).includes(s.zh), `${f.id}/${key}: the core's note`);
      if (s.outcome === "lacks") {
        lacking++;
        assert.ok(await page.$(`${cell}.no .closest a.cite[href="#${s.citation}"]`), `${f.id}/${key}: closest provision`);
      }
    }
  }
  assert.ok(lacking > 0, "some regulation lacks some feature");
  await page.screenshot({ path: join(out, "compare-closest.png"), fullPage: true });
});

test("copy the citations, download the answer as JSON", async () => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  await fillAsk(QUESTION);
  const expected = zhili.ask(QUESTION);
  await page.click("#copy-citations");
  await page.waitForFunction(() => document.getElementById("action-status").textContent.length > 0);
  const lines = [...new Set(expected.citations)].map((c) => `${zhili.article(c).reference_zh} (${c})`).join("\n");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), lines);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-json")]);
  assert.match(download.suggestedFilename(), /^zhili-answer-.*\.json$/);
  const file = join(out, download.suggestedFilename());
  await download.saveAs(file);
  assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), expected);
});

test("the print layout shows the answer without the page's controls", async () => {
  await fillAsk(QUESTION);
  await page.emulateMedia({ media: "print" });
  const shown = (sel) => page.$eval(sel, (e) => getComputedStyle(e).display !== "none" && e.getClientRects().length > 0);
  assert.equal(await shown("#ask-form"), false);
  assert.equal(await shown("header.top"), false);
  assert.equal(await shown("#answer .actions"), false);
  assert.equal(await shown("#verdict"), true);
  assert.equal(await shown("#answer .citations"), true);
  assert.equal(await shown("#answer .print-only"), true, "the question is printed with the answer");
  assert.equal(await page.textContent("#answer .permalink-text"), page.url());
  assert.ok((await page.textContent("#answer .print-only h2")).includes(zhili.regulations().find((r) => r.key === "dalian").title));
  await page.emulateMedia({ media: "screen" });
  assert.equal(await shown("#answer .print-only"), false, "not on screen");
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: join(out, "print-answer.png"), fullPage: true });
  await page.pdf({ path: join(out, "print-answer.pdf") });
  await page.emulateMedia({ media: "screen" });
});

test("every view opens at its top", async () => {
  await open("#dalian:40");
  assert.ok((await page.evaluate(() => scrollY)) > 0, "the deep link scrolled down");
  for (const view of ["search", "compare", "topics", "pair", "ask", "browse"]) {
    await page.evaluate(() => scrollTo(0, 2000));
    await page.click(`#tabs a[data-view="${view}"]`);
    await page.waitForFunction((v) => !document.getElementById(`view-${v}`).hidden, view);
    assert.equal(await page.evaluate(() => scrollY), 0, `${view} opens at its top`);
  }
});

test("no errors in the browser console", () => {
  assert.deepEqual(consoleErrors, []);
});
