// The conformance scoring rules of core/tests/conformance.rs (a superset of scripts/score.py),
// ported one to one so that the package is held to exactly what the Rust core is held to.
import { isDeepStrictEqual } from "node:util";

const WIDTH = { "，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "“": '"', "”": '"' };

export function normText(s) {
  return [...s]
    .filter((c) => !/\s/u.test(c))
    .map((c) => WIDTH[c] ?? c)
    .join("");
}

const kindOf = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

function asNumber(g) {
  if (typeof g === "number") return g;
  if (typeof g === "string" && g !== "" && g.trim() === g && !Number.isNaN(Number(g))) return Number(g);
  return null;
}

export function verdictOk(expected, got) {
  switch (kindOf(expected)) {
    case "number": {
      const g = asNumber(got);
      return g !== null && Math.abs(g - expected) < 1e-6;
    }
    case "array": {
      if (!Array.isArray(got)) return false;
      const e = expected.map((x) => JSON.stringify(x)).sort();
      const g = got.map((x) => JSON.stringify(x)).sort();
      return isDeepStrictEqual(e, g);
    }
    case "object":
      return kindOf(got) === "object" && isDeepStrictEqual(expected, got);
    case "string":
      return typeof got === "string" && normText(expected) === normText(got);
    default:
      return false;
  }
}

function covered(expected, got) {
  return got.some((g) => g === expected || g.startsWith(`${expected}:`));
}

function strings(v) {
  return Array.isArray(v) ? v.filter((x) => typeof x === "string") : [];
}

export function conditionCites(conds) {
  if (!Array.isArray(conds)) return [];
  return conds.map((c) => {
    if (typeof c === "string") {
      const parts = c.split("—");
      return [parts[parts.length - 1].trim()];
    }
    return strings(c?.citations);
  });
}

function sanctionMatches(expected, got, path, problems) {
  const k = kindOf(expected);
  if (k === "object") {
    for (const [key, v] of Object.entries(expected)) {
      sanctionMatches(v, got == null || typeof got !== "object" ? null : got[key] ?? null, `${path}.${key}`, problems);
    }
  } else if (k === "array") {
    const g = Array.isArray(got) ? got : [];
    if (expected.some((x) => !g.some((y) => isDeepStrictEqual(x, y)))) {
      problems.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
    }
  } else if (k === "string") {
    if (!(typeof got === "string" && got.includes(expected))) {
      problems.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
    }
  } else if (!isDeepStrictEqual(expected, got ?? null)) {
    problems.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
  }
}

/** What is wrong with answer `a` to case `c` (an empty list when it is right). */
export function check(c, a) {
  const problems = [];
  const exp = c.expected_verdict;
  const alts = Array.isArray(c.expected_alternatives) ? c.expected_alternatives : [];
  if (!verdictOk(exp, a.verdict) && !alts.some((x) => verdictOk(x, a.verdict))) {
    problems.push(`verdict ${JSON.stringify(a.verdict)} (expected ${JSON.stringify(exp)})`);
  }
  const whatif = a.whatif ?? {};
  const gotConds = [...conditionCites(a.conditions), ...conditionCites(whatif.conditions)];
  const flat = gotConds.flat();
  const cites = [...strings(a.citations), ...strings(whatif.citations), ...flat];
  for (const e of strings(c.expected_citations)) {
    if (!covered(e, cites)) problems.push(`missing citation ${e} (got ${JSON.stringify(cites)})`);
  }
  if (c.whatif_verdict != null) {
    if (!verdictOk(c.whatif_verdict, whatif.verdict)) {
      problems.push(`what-if verdict ${JSON.stringify(whatif.verdict)} (expected ${JSON.stringify(c.whatif_verdict)})`);
    }
    const wc = [...strings(whatif.citations), ...flat];
    for (const e of strings(c.whatif_citations)) {
      if (!covered(e, wc)) problems.push(`missing what-if citation ${e}`);
    }
  }
  const expConds = conditionCites(c.expected_conditions);
  for (const ec of expConds) {
    for (const e of ec) {
      if (!covered(e, flat)) problems.push(`no condition citing ${e}`);
    }
  }
  if (gotConds.length < expConds.length) {
    problems.push(`${gotConds.length} condition(s), expected ${expConds.length}`);
  }
  if (expConds.length === 0 && (exp === "permitted" || exp === "prohibited") && gotConds.length > 0) {
    problems.push("conditions on an unconditional verdict");
  }
  if (c.expected_sanction != null) {
    const got = a.sanction == null ? whatif.sanction ?? null : a.sanction;
    sanctionMatches(c.expected_sanction, got, "sanction", problems);
  }
  if (typeof c.expected_error_code === "string" && a.error?.code !== c.expected_error_code) {
    problems.push(`error code ${JSON.stringify(a.error?.code)} (expected ${c.expected_error_code})`);
  }
  if (exp === "error" && !(typeof a.error?.code === "string" && a.error.code !== "")) {
    problems.push("an error answer without a code");
  }
  return problems;
}
