#!/usr/bin/env python3
"""Scores `zhili ask --jsonl` answers against the expected fields of a questions file.

usage: score.py QUESTIONS.jsonl ANSWERS.jsonl
Exits non-zero unless every case is right. The rules are those of the conformance test in
core/tests/conformance.rs (verdict up to punctuation width; expected citations covered by equal or
more specific ones; each expected condition's provision among the answer's conditions).
"""
import json
import re
import sys

WIDTH = str.maketrans("，；：（）“”", ",;:()\"\"")


def norm(s):
    return re.sub(r"\s+", "", str(s).translate(WIDTH))


def verdict_ok(exp, got):
    if isinstance(exp, bool) or exp is None:
        return exp == got
    if isinstance(exp, (int, float)):
        try:
            return abs(float(got) - float(exp)) < 1e-6
        except (TypeError, ValueError):
            return False
    if isinstance(exp, list):
        return isinstance(got, list) and sorted(map(str, exp)) == sorted(map(str, got))
    if isinstance(exp, dict):
        return got == exp
    return isinstance(got, str) and norm(got) == norm(exp)


def covered(exp, got):
    return any(g == exp or g.startswith(exp + ":") for g in got)


def cond_cites(conds):
    out = []
    for c in conds or []:
        if isinstance(c, str):
            m = re.search(r"—\s*([a-z-]+:[0-9:]+)\s*$", c)
            out.append([m.group(1)] if m else [])
        else:
            out.append(list(c.get("citations") or []))
    return out


def check(q, a):
    problems = []
    alts = q.get("expected_alternatives") or []
    if not any(verdict_ok(e, a.get("verdict")) for e in [q["expected_verdict"]] + alts):
        problems.append(f"verdict {a.get('verdict')!r}")
    w = a.get("whatif") or {}
    got_conds = cond_cites(a.get("conditions")) + cond_cites(w.get("conditions"))
    flat = [c for cc in got_conds for c in cc]
    cites = list(a.get("citations") or []) + list(w.get("citations") or []) + flat
    problems += [f"missing {e}" for e in q.get("expected_citations") or [] if not covered(e, cites)]
    if q.get("whatif_verdict") is not None and not verdict_ok(q["whatif_verdict"], w.get("verdict")):
        problems.append(f"what-if {w.get('verdict')!r}")
    code = q.get("expected_error_code")
    if code and (a.get("error") or {}).get("code") != code:
        problems.append(f"error code {(a.get('error') or {}).get('code')!r}")
    exp_conds = cond_cites(q.get("expected_conditions"))
    problems += [f"no condition on {e}" for ec in exp_conds for e in ec if not covered(e, flat)]
    if len(got_conds) < len(exp_conds):
        problems.append("too few conditions")
    return problems


def main():
    qs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    answers = {}
    for l in open(sys.argv[2], encoding="utf-8"):
        if l.strip():
            a = json.loads(l)
            answers[a.get("id")] = a
    bad = 0
    for q in qs:
        p = check(q, answers.get(q["id"], {}))
        if p:
            bad += 1
            print(f"FAIL {q['id']}: {'; '.join(p)}")
    print(f"{sys.argv[1]}: {len(qs) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
