// The public API of zhili-wasm, shared by the browser entry (index.js) and the Node entry
// (node.js); both load the WebAssembly module before this API is used. Plumbing only: every
// answer, text and comparison is computed by the Rust core (zhili::api); this file turns JSON
// text into plain objects and thrown error texts into ZhiliError.
import * as raw from "../pkg/zhili_wasm.js";

/** An error of the zhili core; `code` is one of errorCatalogue()'s codes. */
export class ZhiliError extends Error {
  constructor(code, message, answer) {
    super(message);
    this.name = "ZhiliError";
    this.code = code;
    if (answer !== undefined) this.answer = answer;
  }
}

function rethrow(e) {
  if (typeof e === "string") {
    let body;
    try {
      body = JSON.parse(e);
    } catch {
      body = null;
    }
    if (body && typeof body.code === "string") {
      return new ZhiliError(body.code, body.message);
    }
  }
  return e;
}

function call(f, ...args) {
  let text;
  try {
    text = f(...args);
  } catch (e) {
    throw rethrow(e);
  }
  return JSON.parse(text);
}

function explainOf(options) {
  if (options == null) return undefined;
  if (typeof options !== "object") {
    throw new ZhiliError("invalid-question", "options must be an object such as { explain: 'summary' }");
  }
  const e = options.explain;
  if (e === undefined || e === null) return undefined;
  if (typeof e !== "string") {
    throw new ZhiliError("invalid-question", "explain must be one of full, summary, none");
  }
  return e;
}

/**
 * A Date as the calendar day `YYYY-MM-DD` it stands for: its UTC day when it is exactly UTC
 * midnight (what `new Date("2024-10-10")` makes), else its local day (what `new Date(2024, 9, 10)`
 * makes, at local midnight). An invalid Date, or one outside years 0–9999, is passed on as its
 * text, which the core answers as `invalid-date`.
 */
function dateText(d) {
  if (Number.isNaN(d.getTime())) return String(d);
  const utc = d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;
  const [y, m, day] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate()];
  if (y < 0 || y > 9999) return d.toISOString();
  const pad = (n, w) => String(n).padStart(w, "0");
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(day, 2)}`;
}

/** JSON.stringify's replacer: a Date (seen before its toJSON) becomes its calendar day. */
function datesAsDays(key, value) {
  const original = this[key];
  return original instanceof Date ? dateText(original) : value;
}

/** A question as JSON text: strings go through unchanged (so the core sees repeated keys). */
function questionText(q) {
  if (typeof q === "string") return q;
  let s;
  try {
    s = JSON.stringify(q, datesAsDays);
  } catch (e) {
    throw new ZhiliError("invalid-json", `the question cannot be written as JSON: ${e.message}`);
  }
  return s === undefined ? "" : s;
}

function text(value, what) {
  if (typeof value !== "string") {
    throw new ZhiliError("invalid-question", `${what} must be a string`);
  }
  return value;
}

/**
 * Answers one question (an object or its JSON text). An error answer is thrown as a ZhiliError
 * whose `answer` is the whole error answer (it keeps the question's id).
 */
export function ask(question, options) {
  const answer = call(raw.askJson, questionText(question), explainOf(options));
  if (answer.error) {
    throw new ZhiliError(answer.error.code, answer.error.message, answer);
  }
  return answer;
}

/** Answers many questions, in order; a bad question gets an error answer in its place (no throw). */
export function askMany(questions, options) {
  if (!Array.isArray(questions)) {
    throw new ZhiliError("invalid-question", "askMany takes an array of questions");
  }
  return call(raw.askManyJson, questions.map(questionText), explainOf(options));
}

/**
 * A provision by citation (dalian:24:3), Chinese reference (大连条例第二十四条第三款) or English-style
 * reference (Art. 24 para. 3, with a regulation).
 */
export function article(reference, regulation) {
  return call(
    raw.articleJson,
    text(reference, "reference"),
    regulation == null ? undefined : text(regulation, "regulation"),
  );
}

/** Every regulation: key, titles, status, dates, counts. */
export function regulations() {
  return call(raw.regulationsJson);
}

/** The whole structure of one regulation (key, title or alias), for browsing. */
export function text_(regulation) {
  return call(raw.textJson, text(regulation, "regulation"));
}
export { text_ as text };

/** What compare answers on: the comparison features, then the topics of the provisions. */
export function features() {
  return call(raw.featuresJson);
}

/** The topics other regulations regulate and this one does not (missing), and the reverse (extra). */
export function gaps(regulation, against) {
  const list = against == null ? "" : Array.isArray(against) ? against.join(",") : String(against);
  return call(raw.gapsJson, regulation, list);
}

/**
 * A question written in Chinese read into the structured question (docs/intake.md):
 * { question, recognised, unresolved, needs }, and with { ask: true } its answer (null when the
 * kind or the regulation could not be read). Options: { ask, explain, id }.
 */
export function intake(words, options) {
  const o = options == null ? {} : options;
  if (typeof o !== "object") {
    throw new ZhiliError("invalid-question", "options must be an object such as { ask: true }");
  }
  if (o.id != null && typeof o.id !== "string") {
    throw new ZhiliError("invalid-question", "id must be a string");
  }
  return call(
    raw.intakeJson,
    text(words, "the question's words"),
    o.ask === true,
    explainOf(o),
    o.id == null ? undefined : o.id,
  );
}

/** Which regulations have a feature (id, Chinese name or alias): a compare answer. */
export function compare(feature, options) {
  return call(raw.compareJson, text(feature, "feature"), explainOf(options));
}

/** Whether a regulation is in force on a date (YYYY-MM-DD or a Date): an in-force answer. */
export function inForce(regulation, date, options) {
  const day = date instanceof Date ? dateText(date) : text(date, "date");
  return call(raw.inForceJson, text(regulation, "regulation"), day, explainOf(options));
}

/** Every error code with its meaning. */
export function errorCatalogue() {
  return call(raw.errorCatalogueJson);
}

/** A number in Chinese numerals as the texts write it (23 → 二十三). */
export function chineseNumeral(n) {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new ZhiliError("invalid-question", "chineseNumeral takes a whole number");
  }
  try {
    return raw.chineseNumeral(n);
  } catch (e) {
    throw rethrow(e);
  }
}

/** The version of the core the package was built from. */
export function version() {
  return raw.version();
}

const WIDTH = { "，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "“": '"', "”": '"' };

/** Text for matching: no whitespace, punctuation width ignored, Latin letters lower-cased. */
function fold(s) {
  return s.replace(/\s+/g, "").replace(/[，；：（）“”]/g, (c) => WIDTH[c]).toLowerCase();
}

const TEXTS = new Map();
function cached(key) {
  if (!TEXTS.has(key)) TEXTS.set(key, text_(key));
  return TEXTS.get(key);
}

/**
 * Plain text search over the canonical texts (not a legal reading): every paragraph and item that
 * contains all the words of `query` (split at spaces; punctuation width and spaces ignored).
 * `options.regulation` limits it to one regulation; `options.limit` caps the hits (default 200).
 */
export function search(query, options = {}) {
  const words = text(query, "query").split(/\s+/).map(fold).filter(Boolean);
  if (words.length === 0) return [];
  const limit = options.limit ?? 200;
  const keys =
    options.regulation == null
      ? regulations().map((r) => r.key)
      : [cached(text(options.regulation, "regulation")).meta.key];
  const hits = [];
  const matches = (s) => {
    const f = fold(s);
    return words.every((w) => f.includes(w));
  };
  for (const key of keys) {
    const reg = cached(key);
    for (const ch of reg.chapters) {
      for (const art of ch.articles) {
        art.paragraphs.forEach((p, i) => {
          const cite = `${key}:${art.number}:${i + 1}`;
          if (hits.length < limit && matches(p.text)) {
            hits.push({ citation: cite, regulation: key, level: "paragraph", text: p.text });
          }
          for (const it of p.items ?? []) {
            if (hits.length < limit && matches(it.text)) {
              hits.push({ citation: `${cite}:${it.number}`, regulation: key, level: "item", text: it.text });
            }
          }
        });
      }
    }
  }
  return hits.map((h) => ({ ...h, reference_zh: article(h.citation).reference_zh }));
}
