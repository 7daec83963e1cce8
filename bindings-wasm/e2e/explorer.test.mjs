// End-to-end tests of the explorer in Debian's headless Chromium, driven by playwright-core (no
// browser download). A tiny static server serves explorer/ on loopback; screenshots go to
// e2e/output/. Every answer shown is checked against the package's own answer in Node.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
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

test("no errors in the browser console", () => {
  assert.deepEqual(consoleErrors, []);
});
