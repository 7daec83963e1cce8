// End-to-end test of the explorer's "ask in Chinese" box in Debian's headless Chromium (the setup of
// explorer.test.mjs): the words fill the question form, the recognised words are marked, what the
// answer still needs is listed, and every answer shown is the package's own answer in Node.
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


const WORDS = "2024年9月2日，大连市某区民政局要求社区居委会协助开展协助事项清单内的工作，提供了经费，是否合法？";

test("the words fill the form, the recognised words are marked, unknowns stay for the user", async () => {
  await open("#/ask");
  await page.fill("#intake-text", WORDS);
  await page.click("#intake-submit");
  await page.waitForSelector("#intake-words mark");
  const read = zhili.intake(WORDS);
  const f = "#ask-form";
  const value = (name) => page.$eval(`${f} [name=${name}]`, (el) => el.value);
  assert.equal(await value("kind"), read.question.kind);
  assert.equal(await value("regulation"), "dalian");
  assert.equal(await value("date"), "2024-09-02");
  assert.equal(await value("assigner"), "区民政局");
  assert.equal(await value("assignee"), "社区居委会");
  assert.equal(await value("task_on_list"), "assist");
  assert.equal(await value("funding_provided"), "true");
  assert.equal(await value("written_commission"), "", "not stated: left unknown for the user");
  const marked = await page.$$eval("#intake-words mark", (els) => els.map((e) => [e.dataset.fields.split(" "), e.textContent]));
  const at = (field) => marked.find(([fs]) => fs.includes(field))?.[1];
  assert.equal(at("funding_provided"), "经费", JSON.stringify(marked));
  assert.equal(at("date"), "2024年9月2日");
  // the assigner's words hold the city that named the regulation
  assert.equal(at("assigner"), "大连市某区民政局");
  assert.equal(at("regulation"), "大连市某区民政局");
  assert.equal((await page.textContent("#intake-words")).trim(), WORDS);
  const needs = await page.textContent("#intake-needs");
  for (const n of read.needs) assert.ok(needs.includes(n), needs);
  await page.screenshot({ path: join(out, "ask-in-words.png"), fullPage: true });
  // the form, as filled, is answered as the structured question is
  await page.click("#ask-submit");
  await page.waitForSelector("#answer .card");
  const expected = zhili.ask(read.question);
  const verdict = await page.textContent("#verdict");
  assert.equal(expected.verdict, "conditional");
  assert.ok(verdict.includes("有条件允许"), verdict);
  assert.deepEqual(consoleErrors, []);
});

test("a kind the form does not hold is answered directly; empty words show the typed error", async () => {
  await open("#/ask");
  const words = "根据大连条例，由谁制定本行政区域内基层社会治理的总体方案？";
  await page.fill("#intake-text", words);
  await page.click("#intake-submit");
  await page.waitForSelector("#answer .card");
  const expected = zhili.ask(zhili.intake(words).question);
  assert.ok((await page.textContent("#verdict")).includes(expected.verdict), expected.verdict);
  await page.fill("#intake-text", "");
  await page.click("#intake-submit");
  assert.ok((await page.textContent("#intake-read")).includes("invalid-question"));
  assert.deepEqual(consoleErrors, []);
});
