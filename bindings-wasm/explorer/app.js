// The zhili explorer: display only. Every text, answer, comparison and search hit comes from the
// zhili-wasm package (the Rust core); no legal rule is decided here.
//
// The package's module and its data bundle download in parallel; the regulations' texts are shown
// from the bundle as soon as it arrives (body[data-preview]), and everything else once the module
// is ready (body[data-ready]).
import { loadData, bundleTexts } from "./zhili/js/data.js";
import { previewNumeral } from "./numeral.js";

let zhili = null;
const dataArrived = loadData();
const moduleReady = import("./zhili/index.js");

const $ = (id) => document.getElementById(id);
const esc = (s) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const VERDICT = {
  permitted: ["允许", "permitted", "ok"],
  prohibited: ["禁止", "prohibited", "bad"],
  conditional: ["有条件允许", "conditional", "cond"],
  "not-in-force": ["未生效（见假设情形）", "not in force (see what-if)", "nif"],
  "not-governed": ["条例未规定", "not governed", "muted"],
  yes: ["是", "yes", "ok"],
  no: ["否", "no", "bad"],
  error: ["无法回答", "error", "bad"],
};

const TRI = [
  ["task_is_assigner_own_duty", "属于派出方自身职责", "the task is the assigner's own duty"],
  ["written_commission", "书面委托", "written commission"],
  ["funding_provided", "提供经费", "funding provided"],
  ["work_conditions_provided", "提供工作条件", "work conditions provided"],
  ["information_support_provided", "提供信息支持", "information support provided"],
  ["guidance_provided", "给予指导", "guidance provided"],
  ["approval", "经批准", "approved"],
  ["consulted_committee", "征求了居（村）委会意见", "committee consulted"],
  ["committee_consented", "居（村）委会同意", "committee consented"],
  ["via_purchase_of_service", "通过购买服务", "via purchase of services"],
  ["complies_with_purchase_rules", "符合购买服务规定", "complies with purchase rules"],
];

let regs = [];
const texts = new Map();
const textOf = (key) => {
  if (!texts.has(key)) texts.set(key, zhili.text(key));
  return texts.get(key);
};
let shownReg = null;

/** A provision's Chinese reference as the core writes it (《…》第二十三条第二款), or null. */
function referenceOf(c) {
  try {
    return zhili.article(c).reference_zh;
  } catch {
    return null;
  }
}

/**
 * A citation as a link that reads as a Chinese reference (大连 第二十四条第一款) with its id beside it
 * (dalian:24:1); the full title in the hover.
 */
function cite(c) {
  const full = referenceOf(c);
  const title = regs.find((r) => r.key === c.split(":")[0])?.title ?? "";
  const short = full ? full.replace(/^《[^》]*》/, "").replace(title, "") : "";
  const label = short ? `${esc(regName(c.split(":")[0]))}${esc(short)}` : esc(c);
  return `<span class="citation"><a class="cite" href="#${esc(c)}" title="${esc(full ?? c)}">${label}</a> <code class="cid">${esc(c)}</code></span>`;
}

function actText(a) {
  return a ? `${esc(a.date ?? "（未注明日期）")} ${esc(a.by)}` : "—";
}

// ---------- browse ----------
function renderRegTabs() {
  $("reg-tabs").innerHTML = regs
    .map((r) => `<a role="tab" class="chip" data-reg="${esc(r.key)}" href="#${esc(r.key)}:1">${esc(r.city)}${r.status === "draft" ? "（草案）" : ""}</a>`)
    .join("");
}

function showRegulation(key) {
  if (shownReg === key) return;
  shownReg = key;
  const t = textOf(key);
  const r = regs.find((x) => x.key === key);
  for (const el of document.querySelectorAll("#reg-tabs .chip")) el.classList.toggle("on", el.dataset.reg === key);
  const status =
    r.status === "draft"
      ? `<span class="badge nif">草案 · 从未生效 <span class="en">draft, never in force</span></span>`
      : `<span class="badge ok">自 ${esc(r.effective)} 起施行 <span class="en">in force from ${esc(r.effective)}</span></span>`;
  $("reg-meta").innerHTML = `
    <h2>${esc(r.title)}</h2>
    <p class="en">${esc(r.english_title)}</p>
    <p>${status}</p>
    <dl>
      <dt>通过 <span class="en">adopted</span></dt><dd>${actText(r.adopted)}</dd>
      <dt>批准 <span class="en">approved</span></dt><dd>${actText(r.approved)}</dd>
      ${t.meta.first_reading ? `<dt>初次审议 <span class="en">first reading</span></dt><dd>${actText(t.meta.first_reading)}</dd>` : ""}
      ${t.meta.published ? `<dt>公开征求意见 <span class="en">published for comment</span></dt><dd>${actText(t.meta.published)}</dd>` : ""}
      <dt>生效条款 <span class="en">effective-date article</span></dt><dd>${cite(`${key}:${r.effective_article}`)}</dd>
      <dt>结构 <span class="en">structure</span></dt><dd>${r.chapters} 章 · ${r.articles} 条 · ${r.paragraphs} 款 · ${r.items} 项</dd>
    </dl>`;
  renderText(key, t, zhili.chineseNumeral);
}


/** The table of contents and the text of one regulation. */
function renderText(key, t, num) {
  $("toc").innerHTML = t.chapters
    .map((ch) => `<a href="#${esc(key)}:${ch.articles[0]?.number ?? 1}">第${num(ch.number)}章 ${esc(ch.title)}</a>`)
    .join("");
  $("reg-text").innerHTML = t.chapters
    .map(
      (ch) => `<h3 class="chapter">第${num(ch.number)}章 ${esc(ch.title)}</h3>` +
        ch.articles
          .map((a) => {
            const aid = `${key}:${a.number}`;
            const paras = a.paragraphs
              .map((p, i) => {
                const pid = `${aid}:${i + 1}`;
                const items = (p.items ?? [])
                  .map((it) => `<li id="${esc(pid)}:${it.number}" class="prov item"><a class="anchor" href="#${esc(pid)}:${it.number}">（${num(it.number)}）</a>${esc(it.text)}</li>`)
                  .join("");
                return `<div id="${esc(pid)}" class="prov para"><a class="anchor" href="#${esc(pid)}" title="第${num(i + 1)}款">¶${i + 1}</a> ${esc(p.text)}${items ? `<ol class="items">${items}</ol>` : ""}</div>`;
              })
              .join("");
            return `<section id="${esc(aid)}" class="prov art"><h4><a class="anchor" href="#${esc(aid)}">第${num(a.number)}条</a> <span class="muted">${esc(aid)}</span></h4>${paras}</section>`;
          })
          .join(""),
    )
    .join("");
}

/** The texts from the data bundle, while the module loads: tabs, contents and text, no answers. */
function preview(texts) {
  if (document.body.dataset.ready || !texts.length) return;
  const shown = location.hash.match(/^#([a-z-]+):/)?.[1];
  const t = texts.find((x) => x.meta.key === shown) ?? texts[0];
  $("reg-tabs").innerHTML = texts
    .map((x) => `<a role="tab" class="chip${x === t ? " on" : ""}" data-reg="${esc(x.meta.key)}">${esc(x.meta.city)}${x.meta.status?.kind === "draft" ? "（草案）" : ""}</a>`)
    .join("");
  $("reg-meta").innerHTML = `<h2>${esc(t.meta.title)}</h2><p class="en">${esc(t.meta.english_title)}</p>`;
  renderText(t.meta.key, t, previewNumeral);
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== "view-browse";
  $("loading").innerHTML = `正在加载推理引擎… <span class="en">Loading the evaluator…</span>`;
  document.body.dataset.preview = "1";
}

function showProvision(citation) {
  const key = citation.split(":")[0];
  if (!regs.some((r) => r.key === key)) return false;
  showView("browse");
  showRegulation(key);
  for (const el of document.querySelectorAll(".hl")) el.classList.remove("hl");
  const el = document.getElementById(citation);
  if (!el) {
    $("reg-meta").insertAdjacentHTML("afterbegin", `<p class="error">没有这一条款 <span class="en">no such provision</span>: ${esc(citation)}</p>`);
    return true;
  }
  el.classList.add("hl");
  el.scrollIntoView({ block: "center" });
  return true;
}

// ---------- search ----------
function runSearch(q, reg) {
  const hits = zhili.search(q, reg ? { regulation: reg } : {});
  $("search-count").textContent = `${hits.length} 处 · ${hits.length} hit(s)${hits.length >= 200 ? "（最多显示 200 · first 200）" : ""}`;
  const words = q.split(/\s+/).filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const mark = (s) => (words.length ? esc(s).replace(new RegExp(words.map(esc).join("|"), "g"), (m) => `<mark>${m}</mark>`) : esc(s));
  $("search-results").innerHTML = hits
    .map((h) => `<li class="hit"><a class="cite" href="#${esc(h.citation)}">${esc(h.reference_zh)}</a> <span class="muted">${esc(h.citation)}</span><p>${mark(h.text)}</p></li>`)
    .join("");
}

// ---------- compare ----------
/**
 * The comparison grid: for each feature and regulation what compare() says (its full explanation):
 * the provision that has the feature with the core's note, or, where the regulation lacks it, the
 * closest provision the core names and its note; the answer's conditions and sanction under the
 * provisions they cite.
 */
function renderCompare() {
  if ($("compare-table").dataset.done) return;
  const feats = zhili.features().filter((f) => f.kind !== "topic");
  const head = `<thead><tr><th>制度 <span class="en">feature</span></th>${regHeads()}</tr></thead>`;
  const note = (s) => `<div class="note">${esc(s.zh)}<br><span class="en">${esc(s.en)}</span></div>`;
  const rows = feats.map((f) => {
    const a = zhili.compare(f.id);
    const cells = regs.map((r) => {
      const has = Array.isArray(a.verdict) && a.verdict.includes(r.key);
      const mine = (c) => c.split(":")[0] === r.key;
      const steps = a.explanation.steps.filter((s) => mine(s.citation));
      const cs = a.citations.filter(mine);
      const conds = (a.conditions ?? []).filter((c) => c.citations.some(mine));
      const condHtml = conds.length
        ? `<ul class="conditions">${conds.map((c) => `<li class="condition">条件 <span class="en">condition</span>: ${esc(c.text_zh)} <span class="en">${esc(c.text_en)}</span></li>`).join("")}</ul>`
        : "";
      const sanction = a.sanction && (a.sanction.citations ?? []).some(mine)
        ? `<div class="sanction-note">法律责任 <span class="en">sanction</span>: ${(a.sanction.citations ?? []).filter(mine).map(cite).join(" ")}</div>`
        : "";
      if (has) {
        const shown = steps.length ? steps.map((s) => `${cite(s.citation)}${note(s)}`).join("") : cs.map(cite).join(" ");
        return `<td class="yes" data-reg="${esc(r.key)}">✓ ${shown}${condHtml}${sanction}</td>`;
      }
      const closest = steps.length
        ? steps.map((s) => `<div class="closest">最接近 <span class="en">closest</span> ${cite(s.citation)}${note(s)}</div>`).join("")
        : cs.length
          ? `<div class="closest">最接近 <span class="en">closest</span> ${cs.map(cite).join(" ")}</div>`
          : `<div class="muted">核心未给出最接近的条款 <span class="en">the core names no closest provision</span></div>`;
      return `<td class="no" data-reg="${esc(r.key)}">✗ 未规定 <span class="en">lacks it</span>${closest}</td>`;
    });
    return `<tr data-feature="${esc(f.id)}"><th>${esc(f.zh)}<br><span class="en">${esc(f.en)}</span></th>${cells.join("")}</tr>`;
  });
  $("compare-table").innerHTML = head + `<tbody>${rows.join("")}</tbody>`;
  $("compare-table").dataset.done = "1";
}

function regHeads() {
  return regs.map((r) => `<th>${esc(r.city)}${r.status === "draft" ? "<br><small>草案 draft</small>" : ""}</th>`).join("");
}

const regName = (key) => {
  const r = regs.find((x) => x.key === key);
  return r ? `${r.city}${r.status === "draft" ? "（草案）" : ""}` : key;
};

// ---------- topics: the matrix and the side-by-side view ----------
// Labels of the topic groups (the chapter themes of regulations/topics.toml); display only.
const GROUPS = {
  general: ["总则", "general provisions"],
  organisation: ["组织领导和职责", "organisation and duties"],
  lists: ["工作事项清单和基层减负", "work-item lists and burden reduction"],
  grid: ["网格化服务管理", "grid"],
  facilities: ["社区建设和服务设施", "community building and facilities"],
  services: ["社区服务", "community services"],
  data: ["信息化和数据", "informatisation and data"],
  volunteers: ["志愿服务", "volunteers"],
  "social-organisations": ["社会组织和社会工作", "social organisations and social work"],
  property: ["物业管理", "property management"],
  safety: ["安全和应急", "safety and emergencies"],
  security: ["社会治安", "public order and security"],
  disputes: ["矛盾纠纷化解和法律服务", "disputes and legal services"],
  workers: ["社区工作者", "community workers"],
  funding: ["经费保障", "funding and guarantees"],
  assessment: ["考核评价和监督", "assessment and supervision"],
  liability: ["法律责任", "liability"],
  final: ["附则", "final provisions"],
};
const groupLabel = (g) => {
  const [zh, en] = GROUPS[g] ?? [g, g];
  return `${esc(zh)} <span class="en">${esc(en)}</span>`;
};

let topicList = null;
function topics() {
  if (!topicList) topicList = zhili.features().filter((f) => f.kind === "topic");
  return topicList;
}

// compare() on a topic, cached. A few topic ids are also ids of the comparison catalogue, for which
// compare() answers the feature; then the topic's other names are tried, and an answer is taken
// only when it is the topic's own (every step a `<key>.topic` step, the summary naming the id).
const topicAnswers = new Map();
function topicAnswer(t) {
  if (topicAnswers.has(t.id)) return topicAnswers.get(t.id);
  let found = null;
  for (const name of [t.id, t.en, t.zh, ...t.aliases]) {
    let a;
    try {
      a = zhili.compare(name);
    } catch {
      continue;
    }
    const steps = a.explanation.steps;
    if (steps.length && steps.every((s) => s.norm.endsWith(".topic")) && a.explanation.summary_en.includes(`(${t.id})`)) {
      found = a;
      break;
    }
  }
  topicAnswers.set(t.id, found);
  return found;
}

/** The citations of one regulation in a topic answer, and whether it has provisions on the topic. */
function topicCell(t, key) {
  const a = topicAnswer(t);
  if (!a) return null;
  const cites = [...new Set(a.citations.filter((c) => c.split(":")[0] === key))];
  return { has: a.verdict.includes(key), cites };
}

/** Topics in catalogue order, grouped by group in order of first appearance. */
function groupedTopics(list) {
  const groups = new Map();
  for (const t of list) {
    if (!groups.has(t.group)) groups.set(t.group, []);
    groups.get(t.group).push(t);
  }
  return groups;
}

function topicHead(t) {
  return `<th>${esc(t.zh)}<br><span class="en">${esc(t.en)}</span> <code class="muted tid">${esc(t.id)}</code></th>`;
}

function renderTopics() {
  const table = $("topic-table");
  if (table.dataset.done) return;
  const head = `<thead><tr><th>主题 <span class="en">topic</span></th>${regHeads()}</tr></thead>`;
  const body = [...groupedTopics(topics())].map(([g, ts]) =>
    `<tr class="group" data-group="${esc(g)}"><th colspan="${regs.length + 1}">${groupLabel(g)}</th></tr>` +
    ts.map((t) => {
      const words = [t.id, t.zh, t.en, ...t.aliases].join(" ");
      const cells = regs.map((r) => {
        const c = topicCell(t, r.key);
        if (!c) return `<td class="unknown">?</td>`;
        if (c.has) return `<td class="yes" data-reg="${esc(r.key)}">✓ ${c.cites.map(cite).join(" ")}</td>`;
        const closest = c.cites.length
          ? `<br><small class="closest">最接近 <span class="en">closest</span> ${c.cites.map(cite).join(" ")}</small>`
          : "";
        return `<td class="no" data-reg="${esc(r.key)}">— <span class="en">none</span>${closest}</td>`;
      });
      return `<tr class="topic" data-topic="${esc(t.id)}" data-group="${esc(g)}" data-words="${esc(words)}">${topicHead(t)}${cells.join("")}</tr>`;
    }).join(""),
  );
  table.innerHTML = head + `<tbody>${body.join("")}</tbody>`;
  table.dataset.done = "1";
  filterTopics($("topic-filter").value);
}

const foldWords = (s) => s.toLowerCase().replace(/\s+/g, " ");

function filterTopics(q) {
  const words = foldWords(q).split(" ").filter(Boolean);
  let shown = 0;
  const groupsShown = new Set();
  for (const tr of document.querySelectorAll("#topic-table tr.topic")) {
    const hay = foldWords(tr.dataset.words);
    const ok = words.every((w) => hay.includes(w));
    tr.hidden = !ok;
    if (ok) {
      shown++;
      groupsShown.add(tr.dataset.group);
    }
  }
  for (const tr of document.querySelectorAll("#topic-table tr.group")) tr.hidden = !groupsShown.has(tr.dataset.group);
  const total = topics().length;
  $("topic-count").textContent = `${shown} / ${total} 个主题 · topic(s)`;
}

function citedTexts(cites) {
  if (!cites.length) return `<span class="none">—</span>`;
  return `<ul class="cited">${cites
    .map((c) => {
      let a = null;
      try {
        a = zhili.article(c);
      } catch {
        // shown without its text
      }
      return `<li>${cite(c)} <span class="muted">${esc(a?.reference_zh ?? "")}</span><div class="ptext">${esc(a?.text ?? "")}</div></li>`;
    })
    .join("")}</ul>`;
}

function gapList(id, title, list) {
  const items = list
    .map((g) => `<li data-topic="${esc(g.topic)}">${esc(g.zh)} <span class="en">${esc(g.en)}</span> ${g.citations.map(cite).join(" ")}</li>`)
    .join("");
  return `<div class="card"><h4>${title} (${list.length})</h4>${items ? `<ul id="${id}" class="gap-list">${items}</ul>` : `<p id="${id}" class="muted">— 无 <span class="en">none</span></p>`}</div>`;
}

function renderPair(a, b) {
  const keys = regs.map((r) => r.key);
  if (!keys.includes(a)) a = keys.find((k) => k === "wuxi-draft") ?? keys[0];
  if (!keys.includes(b)) b = keys.find((k) => k !== a);
  $("pair-a").value = a;
  $("pair-b").value = b;
  const only = $("pair-diff").checked;
  if (a === b) {
    $("pair-gaps").innerHTML = `<p class="error">请选择两部不同的条例 <span class="en">choose two different regulations</span></p>`;
    $("pair-table").innerHTML = "";
    $("pair-count").textContent = "";
    return;
  }
  const g = zhili.gaps(a, [b]);
  $("pair-gaps").innerHTML =
    gapList("gaps-missing", `${esc(regName(a))}缺少、${esc(regName(b))}有规定的主题 <span class="en">topics ${esc(b)} regulates and ${esc(a)} does not</span>`, g.missing) +
    gapList("gaps-extra", `${esc(regName(b))}缺少、${esc(regName(a))}有规定的主题 <span class="en">topics ${esc(a)} regulates and ${esc(b)} does not</span>`, g.extra);
  const head = `<thead><tr><th>主题 <span class="en">topic</span></th><th>${esc(regName(a))} <span class="en">${esc(a)}</span></th><th>${esc(regName(b))} <span class="en">${esc(b)}</span></th></tr></thead>`;
  let n = 0;
  const body = [...groupedTopics(topics())].map(([grp, ts]) => {
    const rows = ts
      .map((t) => {
        const ca = topicCell(t, a);
        const cb = topicCell(t, b);
        const hasA = !!ca?.has;
        const hasB = !!cb?.has;
        if (!hasA && !hasB) return "";
        if (only && hasA && hasB) return "";
        n++;
        const side = (c, has) => `<td class="${has ? "yes" : "no"}">${citedTexts(has ? c.cites : [])}</td>`;
        return `<tr class="topic ${hasA && hasB ? "both" : hasA ? "only-a" : "only-b"}" data-topic="${esc(t.id)}">${topicHead(t)}${side(ca, hasA)}${side(cb, hasB)}</tr>`;
      })
      .join("");
    return rows ? `<tr class="group" data-group="${esc(grp)}"><th colspan="3">${groupLabel(grp)}</th></tr>${rows}` : "";
  });
  $("pair-table").innerHTML = head + `<tbody>${body.join("")}</tbody>`;
  $("pair-count").textContent = `${n} 个主题 · topic(s)${only ? "（只看差异 differences only）" : ""}`;
}

function pairChanged() {
  const a = $("pair-a").value;
  const b = $("pair-b").value;
  history.replaceState(null, "", `#/pair?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
  renderPair(a, b);
}

// ---------- ask ----------
function renderTriFacts() {
  $("tri-facts").innerHTML = TRI.map(
    ([k, zh, en]) => `<label>${esc(zh)} <span class="en">${esc(en)}</span>
      <select name="${k}"><option value="">不知道 unknown</option><option value="true">是 yes</option><option value="false">否 no</option></select></label>`,
  ).join("");
}

// The fields of each question kind are marked in index.html (data-kinds); text and number fields
// left empty, and selects at "unknown", are left out of the question (unknown, never false).
const TEXT_FIELDS = ["assigner", "assignee", "task", "task_on_list", "conduct", "duty", "actor", "asks", "feature", "facility", "utility", "ref_zh"];
const NUMBER_FIELDS = ["households", "article", "paragraph", "item"];

/** Whether a form control belongs to this kind (its own or an enclosing data-kinds). */
function forKind(el, kind) {
  for (let e = el; e && e.id !== "ask-form"; e = e.parentElement) {
    if (e.dataset?.kinds && !e.dataset.kinds.split(" ").includes(kind)) return false;
  }
  return true;
}

function questionOf(form) {
  const f = new FormData(form);
  const kind = f.get("kind");
  const q = { id: "explorer", kind, regulation: f.get("regulation"), date: f.get("date") || null, facts: {} };
  const field = (k) => form.elements[k];
  for (const k of TEXT_FIELDS) if (forKind(field(k), kind) && f.get(k)) q.facts[k] = f.get(k);
  for (const k of NUMBER_FIELDS) if (forKind(field(k), kind) && f.get(k) !== "" && f.get(k) != null) q.facts[k] = Number(f.get(k));
  for (const [k] of TRI) {
    const v = f.get(k);
    if (forKind(field(k), kind) && v) q.facts[k] = v === "true";
  }
  return q;
}

/** Puts a question (as questionOf makes it, e.g. from a permalink) back into the form. */
function fillForm(form, q) {
  const el = form.elements;
  if ([...el.kind.options].some((o) => o.value === q.kind)) el.kind.value = q.kind;
  if (q.regulation && [...el.regulation.options].some((o) => o.value === q.regulation)) el.regulation.value = q.regulation;
  el.date.value = q.date ?? "";
  const facts = q.facts ?? {};
  for (const k of [...TEXT_FIELDS, ...NUMBER_FIELDS]) el[k].value = facts[k] ?? "";
  for (const [k] of TRI) el[k].value = facts[k] === true ? "true" : facts[k] === false ? "false" : "";
  syncKind(form);
}

/** The permalink of a question: the view, the question and the explanation level in the URL. */
function permalinkOf(q, explain) {
  const p = new URLSearchParams({ q: JSON.stringify(q) });
  if (explain && explain !== "full") p.set("explain", explain);
  return `#/ask?${p}`;
}

function verdictBadge(v) {
  if (Array.isArray(v)) {
    return v.length
      ? v.map((k) => `<span class="badge ok">${esc(regName(k))} <span class="en">${esc(k)}</span></span>`).join(" ")
      : `<span class="badge muted">无 <span class="en">none</span></span>`;
  }
  if (v && typeof v === "object") {
    return Object.entries(v).map(([k, x]) => `${esc(regName(k))} ${verdictBadge(x)}`).join(" · ");
  }
  const [zh, en, cls] = VERDICT[typeof v === "string" ? v : ""] ?? [typeof v === "string" ? v : JSON.stringify(v), "", "muted"];
  return `<span class="badge ${cls}">${esc(zh)} <span class="en">${esc(en)}</span></span>`;
}

function conditionsHtml(conds) {
  if (!conds?.length) return "";
  const groups = new Map();
  for (const c of conds) {
    const g = c.either_or ? `或 either-or ${c.group ?? ""}` : "";
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(c);
  }
  return `<h4>条件 <span class="en">Conditions (each must hold; "either-or" groups: any one group suffices)</span></h4>` +
    [...groups]
      .map(([g, cs]) => `${g ? `<p class="muted">${esc(g)}</p>` : ""}<ul class="conditions">${cs
        .map((c) => `<li class="condition">${esc(c.text_zh)}<br><span class="en">${esc(c.text_en)}</span> ${c.citations.map(cite).join(" ")}</li>`)
        .join("")}</ul>`)
      .join("");
}

function sanctionHtml(s) {
  if (!s) return "";
  return `<h4>法律责任 <span class="en">Sanction</span></h4><pre class="sanction">${esc(JSON.stringify(s, null, 2))}</pre>` +
    `<p>${(s.citations ?? s.if_condition?.citations ?? []).map(cite).join(" ")}</p>`;
}

function answerHtml(a) {
  const w = a.whatif;
  const whatif = w
    ? `<div class="whatif" id="whatif"><h4>假设情形：如果条例适用 <span class="en">What-if: as if the regulation applied (it does not govern this date)</span></h4>
        <p>${verdictBadge(w.verdict)}</p>${conditionsHtml(w.conditions)}
        <p>依据 <span class="en">cites</span> ${w.citations.map(cite).join(" ")}</p>${sanctionHtml(w.sanction)}</div>`
    : "";
  const steps = a.explanation.steps.length
    ? `<details open><summary>推理过程 <span class="en">Reasoning trace</span> (${a.explanation.steps.length})</summary><ol class="steps">${a.explanation.steps
        .map((s) => `<li><code>${esc(s.outcome)}</code> ${s.citation.includes(":") ? cite(s.citation) : esc(s.citation)} ${esc(s.zh)}<br><span class="en">${esc(s.en)}</span></li>`)
        .join("")}</ol></details>`
    : "";
  return `<div class="card">
    <p id="verdict">结论 <span class="en">Verdict</span>: ${verdictBadge(a.verdict)}</p>
    <p>${esc(a.explanation.summary_zh)}<br><span class="en">${esc(a.explanation.summary_en)}</span></p>
    ${conditionsHtml(a.conditions)}
    <h4>依据条款 <span class="en">Citations</span></h4><p class="citations">${a.citations.map(cite).join(" ") || "—"}</p>
    ${sanctionHtml(a.sanction)}
    ${whatif}
    ${steps}
    <details class="no-print"><summary>JSON</summary><pre>${esc(JSON.stringify(a, null, 2))}</pre></details>
    ${answerActions()}
  </div>`;
}

let lastAnswer = null;

function runAsk(form, { scroll = true } = {}) {
  const q = questionOf(form);
  const explain = new FormData(form).get("explain");
  history.replaceState(null, "", permalinkOf(q, explain));
  let answer;
  try {
    answer = zhili.ask(q, { explain });
    $("answer").innerHTML = answerHtml(answer);
  } catch (e) {
    answer = e.answer ?? null;
    const msg = e instanceof zhili.ZhiliError ? `${e.code}: ${e.message}` : String(e);
    $("answer").innerHTML = `<div class="card"><p id="verdict">${verdictBadge("error")}</p><p class="error">${esc(msg)}</p>${answerActions()}</div>`;
  }
  lastAnswer = answer;
  $("permalink").href = location.href;
  // printed with the answer: what was asked, and where to find it again
  const reg = regs.find((r) => r.key === q.regulation);
  $("answer").insertAdjacentHTML("afterbegin", `<div class="print-only">
    <h2>${esc(reg?.title ?? q.regulation)} · ${esc(q.kind)}${q.date ? ` · ${esc(q.date)}` : ""}</h2>
    <pre class="question">${esc(JSON.stringify(q.facts, null, 1))}</pre>
    <p class="permalink-text">${esc(location.href)}</p></div>`);
  if (scroll) $("answer").scrollIntoView({ block: "start" });
}

/** The answer's tools: its permalink, copying its citations, downloading it as JSON, printing. */
function answerActions() {
  return `<p class="actions no-print">
    <a id="permalink" href="">永久链接 <span class="en">permalink</span></a>
    <button type="button" id="copy-citations">复制引用 <span class="en">copy citations</span></button>
    <button type="button" id="download-json">下载 JSON <span class="en">download JSON</span></button>
    <button type="button" id="print-answer">打印 <span class="en">print</span></button>
    <span id="action-status" class="muted" role="status"></span></p>`;
}

/** The answer's citations as a researcher quotes them: 《title》第…条第…款 (id), one a line. */
function citationText(a) {
  const cites = [...new Set([...(a?.citations ?? []), ...(a?.whatif?.citations ?? [])])];
  return cites.map((c) => `${referenceOf(c) ?? c} (${c})`).join("\n");
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement("textarea");
    ta.value = text;
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand("copy");
    ta.remove();
    return ok;
  }
}

function answerAction(e) {
  const id = e.target.closest("button")?.id;
  if (!id || !lastAnswer && id !== "print-answer") return;
  if (id === "copy-citations") {
    const text = citationText(lastAnswer);
    copyText(text).then((ok) => {
      $("action-status").textContent = ok ? "已复制 copied" : "无法复制 cannot copy";
      $("action-status").dataset.copied = text;
    });
  } else if (id === "download-json") {
    const blob = new Blob([JSON.stringify(lastAnswer, null, 2) + "\n"], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `zhili-answer-${lastAnswer.kind ?? "question"}-${lastAnswer.regulation ?? ""}.json`.replace(/[^\w.-]+/g, "-");
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  } else if (id === "print-answer") {
    window.print();
  }
}

function syncKind(form) {
  const kind = form.elements.kind.value;
  for (const el of form.querySelectorAll("[data-kinds]")) el.hidden = !el.dataset.kinds.split(" ").includes(kind);
}

// ---------- ask in words (the intake fills the form; the core reads the words) ----------
function highlighted(text, recognised) {
  const chars = [...text];
  const note = (r) => `${r.field} = ${JSON.stringify(r.value)}`;
  const spans = recognised.filter((r) => r.span[1] > r.span[0]);
  // the longest words first; a mark's title lists everything read from the words inside it
  const marks = [];
  for (const r of [...spans].sort((a, b) => b.span[1] - b.span[0] - (a.span[1] - a.span[0]))) {
    if (marks.some((m) => r.span[0] < m.span[1] && m.span[0] < r.span[1])) continue;
    const inside = spans.filter((o) => o.span[0] >= r.span[0] && o.span[1] <= r.span[1]);
    marks.push({ span: r.span, field: r.field, fields: inside.map((o) => o.field), notes: inside.map(note) });
  }
  marks.sort((a, b) => a.span[0] - b.span[0]);
  let html = "";
  let at = 0;
  for (const m of marks) {
    html += esc(chars.slice(at, m.span[0]).join(""));
    html += `<mark data-field="${esc(m.field)}" data-fields="${esc(m.fields.join(" "))}" title="${esc(m.notes.join("; "))}">${esc(chars.slice(m.span[0], m.span[1]).join(""))}</mark>`;
    at = m.span[1];
  }
  return html + esc(chars.slice(at).join(""));
}

function fillAskForm(q) {
  const form = $("ask-form");
  const el = form.elements;
  const has = (select, v) => [...select.options].some((o) => o.value === v);
  if (q.kind && has(el.kind, q.kind)) el.kind.value = q.kind;
  if (q.regulation && has(el.regulation, q.regulation)) el.regulation.value = q.regulation;
  el.date.value = q.date ?? "";
  const f = q.facts ?? {};
  for (const k of ["assigner", "assignee", "task", "conduct"]) el[k].value = f[k] ?? "";
  el.task_on_list.value = f.task_on_list ?? "";
  for (const [k] of TRI) el[k].value = f[k] === true ? "true" : f[k] === false ? "false" : "";
  syncKind(form);
  // the kinds whose fields the words fill (the others are answered straight from the words)
  return has(el.kind, q.kind ?? "") && ["assign-to-committee", "assign-to-grid", "liability", "in-force"].includes(q.kind);
}

function runIntake() {
  const words = $("intake-text").value;
  let read;
  try {
    read = zhili.intake(words);
  } catch (e) {
    const msg = e instanceof zhili.ZhiliError ? `${e.code}: ${e.message}` : String(e);
    $("intake-read").innerHTML = `<p class="error">${esc(msg)}</p>`;
    return;
  }
  const q = read.question;
  const inForm = fillAskForm(q);
  const needs = read.needs.length
    ? `<p id="intake-needs">还需要 <span class="en">Still needed</span>: ${read.needs.map((n) => `<code>${esc(n)}</code>`).join(" ")}</p>`
    : "";
  const unresolved = read.unresolved.length
    ? `<p class="muted">未解读 <span class="en">Not read (never guessed)</span>: ${read.unresolved.map((r) => esc(r.words)).join("、")}</p>`
    : "";
  const note = q.kind && !inForm
    ? `<p class="muted">此类问题（<code>${esc(q.kind)}</code>）不在下方表单中，答案直接显示 <span class="en">This kind is not in the form below; its answer is shown directly</span></p>`
    : "";
  $("intake-read").innerHTML = `<p id="intake-words">${highlighted(words, read.recognised)}</p>${unresolved}${needs}${note}
    <details><summary>JSON</summary><pre>${esc(JSON.stringify(q, null, 2))}</pre></details>`;
  if (q.kind && !inForm && q.regulation) {
    try {
      $("answer").innerHTML = answerHtml(zhili.ask(q, { explain: new FormData($("ask-form")).get("explain") }));
    } catch (e) {
      const msg = e instanceof zhili.ZhiliError ? `${e.code}: ${e.message}` : String(e);
      $("answer").innerHTML = `<div class="card"><p id="verdict">${verdictBadge("error")}</p><p class="error">${esc(msg)}</p></div>`;
    }
  }
}

// ---------- views and routing ----------
function showView(name) {
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== `view-${name}`;
  for (const a of document.querySelectorAll("#tabs a")) a.classList.toggle("on", a.dataset.view === name);
  if (name === "compare") renderCompare();
  if (name === "topics") renderTopics();
  if (name === "browse" && !shownReg) showRegulation(regs[0].key);
  // every view opens at its top; a deep link or an answer scrolls afterwards
  window.scrollTo(0, 0);
}

function route() {
  const h = decodeURIComponent(location.hash.slice(1));
  if (h.startsWith("/")) {
    const [view, query] = h.slice(1).split("?");
    const params = new URLSearchParams(query ?? "");
    if (view === "topics") $("topic-filter").value = params.get("q") ?? "";
    showView(["browse", "search", "compare", "topics", "pair", "ask"].includes(view) ? view : "browse");
    if (view === "search" && query) {
      const q = params.get("q") ?? "";
      $("search-input").value = q;
      runSearch(q, $("search-reg").value);
    }
    if (view === "topics") filterTopics($("topic-filter").value);
    if (view === "pair") renderPair(params.get("a") ?? $("pair-a").value, params.get("b") ?? $("pair-b").value);
    if (view === "ask") {
      // the permalink's own parameters, read from the undecoded hash (the question is JSON)
      const raw = new URLSearchParams(location.hash.slice(1).split("?").slice(1).join("?"));
      let q = null;
      try {
        q = raw.has("q") ? JSON.parse(raw.get("q")) : null;
      } catch {
        $("answer").innerHTML = `<p class="error">链接中的问题无法读取 <span class="en">the link's question is not JSON</span></p>`;
      }
      if (q && typeof q === "object") {
        const form = $("ask-form");
        fillForm(form, q);
        form.elements.explain.value = raw.get("explain") === "summary" ? "summary" : "full";
        runAsk(form);
        // a hand-made link may hold facts the form has no field for: they were not asked, say so
        const asked = questionOf(form).facts;
        const dropped = Object.keys(q.facts ?? {}).filter((k) => q.facts[k] !== null && !(k in asked));
        if (dropped.length) {
          $("answer").insertAdjacentHTML("afterbegin", `<p class="error" id="dropped-facts">链接中的这些事实表单无法表示，未被提问 <span class="en">facts in the link the form cannot hold, not asked</span>: ${esc(dropped.join(", "))}</p>`);
        }
      }
    }
    return;
  }
  if (h && showProvision(h)) return;
  showView("browse");
}

function start() {
  regs = zhili.regulations();
  renderRegTabs();
  const regOptions = regs.map((r) => `<option value="${esc(r.key)}">${esc(r.title)}${r.status === "draft" ? "（草案 draft）" : ""}</option>`).join("");
  $("search-reg").insertAdjacentHTML("beforeend", regOptions);
  const pairOptions = regs.map((r) => `<option value="${esc(r.key)}">${esc(regName(r.key))}</option>`).join("");
  $("pair-a").innerHTML = pairOptions;
  $("pair-b").innerHTML = pairOptions;
  $("pair-a").value = regs.some((r) => r.key === "wuxi-draft") ? "wuxi-draft" : regs[0].key;
  $("pair-b").value = regs.find((r) => r.key !== $("pair-a").value).key;
  for (const id of ["pair-a", "pair-b", "pair-diff"]) $(id).addEventListener("change", pairChanged);
  $("pair-form").addEventListener("submit", (e) => e.preventDefault());
  $("topic-form").addEventListener("submit", (e) => e.preventDefault());
  $("topic-filter").addEventListener("input", () => {
    const q = $("topic-filter").value;
    history.replaceState(null, "", q ? `#/topics?q=${encodeURIComponent(q)}` : "#/topics");
    filterTopics(q);
  });
  const form = $("ask-form");
  form.elements.regulation.innerHTML = regOptions + `<option value="all">全部条例 all (compare, look-up)</option>`;
  $("feature-list").innerHTML = zhili.features().map((f) => `<option value="${esc(f.zh)}">${esc(f.en)}</option>`).join("");
  $("answer").addEventListener("click", answerAction);
  form.elements.regulation.value = "dalian";
  renderTriFacts();
  syncKind(form);
  form.elements.kind.addEventListener("change", () => syncKind(form));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    runAsk(form);
  });
  $("intake-form").addEventListener("submit", (e) => {
    e.preventDefault();
    runIntake();
  });
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("search-input").value;
    history.replaceState(null, "", `#/search?q=${encodeURIComponent(q)}`);
    runSearch(q, $("search-reg").value);
  });
  $("lang").addEventListener("click", () => document.body.classList.toggle("zh-only"));
  window.addEventListener("hashchange", route);
  $("loading").hidden = true;
  route();
  document.body.dataset.ready = "1";
}

function fatal(e) {
  $("loading").hidden = true;
  $("fatal").hidden = false;
  $("fatal").textContent = `无法加载 Cannot load: ${e}`;
}

dataArrived.then((bytes) => preview(bundleTexts(bytes))).catch(() => {}); // the module reports it
moduleReady
  .then((m) => {
    zhili = m;
    start();
  })
  .catch(fatal);
