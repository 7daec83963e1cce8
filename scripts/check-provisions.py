#!/usr/bin/env python3
"""Quick check of regulations/<key>/provisions.toml while writing it (the library's own load-time
validation and core/tests are the authority; this needs no build).

    python3 scripts/check-provisions.py haidong [--missing] [--file provisions.toml]

Checks: ids unique and prefixed with the key; every cite exists; every quote (normalised) is in the
cited text; modality, bearer kinds and topics are known; bearers and bearer_kinds have the same
length; and every normative sentence of the text (it contains 应当/不得/可以/鼓励/支持/负责) is
covered by a provision quoting it or a part of it. --missing lists the uncovered sentences.
"""
import json, re, sys, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "regulations"
KEYWORDS = ["应当", "不得", "可以", "鼓励", "支持", "负责"]
MODALITIES = {"shall", "must-not", "may", "encourage", "support", "responsible", "principle"}
LEVELS = {"*", "province", "city", "county", "township", "community"}
KINDS = {"government", "department", "street-office", "committee", "community", "grid", "grid-staff",
         "court", "procuratorate", "mass-organization", "enterprise", "social-organization",
         "party-committee", "congress", "vertical-agency", "unit", "public", "media", "volunteer",
         "owners-committee", "property-company", "worker", "mediation-committee", "*"}
VALUE_KINDS = {"frequency", "amount", "area", "ratio", "deadline", "standard", "count", "date"}


def normalise(s):
    tr = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！", "“": '"', "”": '"'}
    return "".join(tr.get(c, c) for c in s if not c.isspace())


def texts(key):
    d = json.loads((ROOT / key / "text.json").read_text())
    out = {}
    for ch in d["chapters"]:
        for a in ch["articles"]:
            whole = []
            for pi, p in enumerate(a["paragraphs"], 1):
                ptext = p["text"] + "".join(i["text"] for i in p.get("items", []))
                out[f"{key}:{a['number']}:{pi}"] = ptext
                whole.append(ptext)
                for it in p.get("items", []):
                    out[f"{key}:{a['number']}:{pi}:{it['number']}"] = it["text"]
            out[f"{key}:{a['number']}"] = "".join(whole)
    return d, out


def sentences(d, key):
    for ch in d["chapters"]:
        for a in ch["articles"]:
            for pi, p in enumerate(a["paragraphs"], 1):
                units = [(f"{key}:{a['number']}:{pi}", s) for s in split(p["text"])]
                for it in p.get("items", []):
                    units += [(f"{key}:{a['number']}:{pi}:{it['number']}", s) for s in split(it["text"])]
                for cite, s in units:
                    if any(k in s for k in KEYWORDS):
                        yield cite, s


def split(t):
    return [s for s in re.findall(r"[^。；]*[。；]?", t) if s.strip()]


def core(s):
    return normalise(s).rstrip("。；，：")


def within(a, b):
    """a is within b (b's cite is a prefix of a's)."""
    return a == b or a.startswith(b + ":")


def main():
    key = sys.argv[1]
    show_missing = "--missing" in sys.argv
    topics = {t["id"] for t in tomllib.loads((ROOT / "topics.toml").read_text())["topic"]}
    for proposed in ROOT.glob("*/topics-proposed*.toml"):
        topics |= {t["id"] for t in tomllib.loads(proposed.read_text()).get("topic", [])}
    names = [sys.argv[sys.argv.index("--file") + 1]] if "--file" in sys.argv else ["provisions.toml"]
    provs = []
    for name in names:
        path = ROOT / key / name
        provs += tomllib.loads(path.read_text()).get("provision", []) if path.exists() else []
    d, by_cite = texts(key)
    errors, ids = [], set()
    for p in provs:
        pid = p.get("id", "?")
        where = f"{pid} ({p.get('cite')})"
        if pid in ids:
            errors.append(f"{where}: repeated id")
        ids.add(pid)
        if not pid.startswith(key + "."):
            errors.append(f"{where}: id must start with `{key}.`")
        for field in ["cite", "quote", "modality", "topics", "en", "action"]:
            if field not in p:
                errors.append(f"{where}: missing `{field}`")
        text = by_cite.get(p.get("cite", ""))
        if text is None:
            errors.append(f"{where}: no such provision")
        elif normalise(p.get("quote", "")) not in normalise(text) or not p.get("quote", "").strip():
            errors.append(f"{where}: quote not in the text: {p.get('quote')}")
        if p.get("modality") not in MODALITIES:
            errors.append(f"{where}: modality `{p.get('modality')}` not one of {sorted(MODALITIES)}")
        b, bk = p.get("bearer", ""), p.get("bearer_kinds", [])
        if bool(b) != bool(bk):
            errors.append(f"{where}: a bearer needs its bearer_kinds, and bearer_kinds a bearer")
        for x in bk:
            lv, _, kd = x.partition("/")
            if lv not in LEVELS or kd not in KINDS:
                errors.append(f"{where}: bearer kind `{x}` is not level/kind from {sorted(LEVELS)} / {sorted(KINDS)}")
        for x in [b] if b else []:
            if normalise(x) not in normalise(text or "") and normalise(x) not in normalise(by_cite.get(p.get("cite", "").rsplit(":", 1)[0], "")):
                # a bearer named in the paragraph lead of an item is fine; elsewhere it must be in the text
                art = ":".join(p.get("cite", "").split(":")[:2])
                if normalise(x) not in normalise(by_cite.get(art, "")):
                    errors.append(f"{where}: bearer `{x}` is not written in the article")
        if not p.get("topics"):
            errors.append(f"{where}: no topics")
        for t in p.get("topics", []):
            if t not in topics:
                errors.append(f"{where}: unknown topic `{t}`")
        for v in p.get("values", []):
            if v.get("kind") not in VALUE_KINDS:
                errors.append(f"{where}: value kind `{v.get('kind')}` not one of {sorted(VALUE_KINDS)}")
            if "value" not in v or "text" not in v:
                errors.append(f"{where}: a value needs `value` and `text` (the words of the text)")
            elif normalise(v["text"]) not in normalise(text or ""):
                errors.append(f"{where}: value text `{v['text']}` not in the cited text")
        if p.get("recipient") and normalise(p["recipient"]) not in normalise(text or ""):
            errors.append(f"{where}: recipient `{p['recipient']}` not in the cited text")
    missing = []
    for cite, s in sentences(d, key):
        c = core(s)
        ok = any(
            (within(cite, p.get("cite", "")) or within(p.get("cite", ""), cite))
            and core(p.get("quote", "")) and (core(p["quote"]) in c or c in core(p["quote"]))
            for p in provs
        )
        if not ok:
            missing.append((cite, s))
    for e in errors:
        print("ERROR", e)
    total = sum(1 for _ in sentences(d, key))
    print(f"{key}: {len(provs)} provisions, {len(errors)} errors, {total - len(missing)}/{total} normative sentences covered")
    if show_missing:
        for cite, s in missing:
            print("MISSING", cite, s)
    sys.exit(1 if errors or missing else 0)


main()
