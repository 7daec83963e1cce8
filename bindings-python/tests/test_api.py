"""The Python surface: types, exceptions, dates, helpers, look-ups."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
import sys
from typing import Any, Dict, List

import pytest

import zhili

from conftest import REPO

DALIAN: Dict[str, Any] = json.loads((REPO / "examples" / "dalian-assist.json").read_text(encoding="utf-8"))


def q(**over: Any) -> Dict[str, Any]:
    base: Dict[str, Any] = {
        "id": "t",
        "kind": "assign-to-committee",
        "regulation": "dalian",
        "date": "2024-10-10",
        "facts": {"assigner": "某区民政局", "assignee": "社区居委会", "task_on_list": "assist",
                  "written_commission": True, "funding_provided": None},
    }
    base.update(over)
    return base


def cli_answer(question: Dict[str, Any]) -> Dict[str, Any]:
    """The CLI's answer (the reference front end), from its most recently built binary
    (scripts/test.sh builds target/debug/zhili just before)."""
    built = [p for p in (REPO / "target" / b / "zhili" for b in ("debug", "release")) if p.exists()]
    if not built:
        pytest.skip("the zhili CLI is not built")
    exe = max(built, key=lambda p: p.stat().st_mtime)
    out = subprocess.run([str(exe), "ask", "-"], input=json.dumps(question, ensure_ascii=False),
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_answer_attributes_have_the_contract_types() -> None:
    a = zhili.ask(DALIAN)
    assert isinstance(a, zhili.Answer)
    assert a.id == "demo-1" and a.kind == "assign-to-committee" and a.regulation == "dalian"
    assert a.verdict == "conditional"
    assert a.ok and a.error is None and a.error_code is None
    assert isinstance(a.citations, list) and all(isinstance(c, str) for c in a.citations)
    assert a.conditions and all(set(c) >= {"text_zh", "text_en", "citations"} for c in a.conditions)
    assert a.whatif is None and a.sanction is None and a.alternatives == []
    e = a.explanation
    assert e["steps"] and e["summary_zh"] and e["summary_en"]
    assert set(e["steps"][0]) == {"norm", "citation", "outcome", "zh", "en"}
    d = a.to_dict()
    assert d["verdict"] == a.verdict and d["conditions"] == a.conditions and d["explanation"] == e
    assert json.loads(a.to_json()) == d
    assert json.loads(a.to_json(indent=2)) == d and "\n  " in a.to_json(indent=2)


def test_the_answer_is_the_clis() -> None:
    assert zhili.ask(DALIAN).to_dict() == cli_answer(DALIAN)


def test_repr_is_readable() -> None:
    r = repr(zhili.ask(DALIAN))
    assert r.startswith("Answer(id=\"demo-1\"") and "verdict=\"conditional\"" in r and "dalian:24:1" in r
    bad = zhili.ask_many([q(date="2024-02-30")])[0]
    assert "invalid-date" in repr(bad)


def test_answers_compare_by_value_and_say_how_to_pickle() -> None:
    assert zhili.ask(DALIAN) == zhili.ask(dict(DALIAN))
    assert zhili.ask(DALIAN) != zhili.ask(q())
    assert zhili.ask(DALIAN) != "conditional"
    with pytest.raises(TypeError, match="to_dict"):
        pickle.dumps(zhili.ask(DALIAN))


def test_ask_raises_typed_errors_with_the_answer_attached() -> None:
    with pytest.raises(zhili.InvalidDate) as e:
        zhili.ask(q(date="2024-02-30"))
    assert e.value.code == "invalid-date" and isinstance(e.value, zhili.ZhiliError)
    assert isinstance(e.value, ValueError)
    assert e.value.answer is not None and e.value.answer.verdict == "error" and e.value.id == "t"
    assert "2024-02-30" in str(e.value)
    with pytest.raises(zhili.UnknownFact):
        zhili.ask(q(facts={"colour": "red"}))
    with pytest.raises(zhili.InvalidFact):
        zhili.ask(q(facts={"approval": "yes"}))
    with pytest.raises(zhili.UnknownKind):
        zhili.ask(q(kind="guess"))
    with pytest.raises(zhili.UnknownRegulation):
        zhili.ask(q(regulation="hangzhou"))
    with pytest.raises(zhili.InvalidJson):
        zhili.ask("not json")
    with pytest.raises(zhili.InvalidQuestion):
        zhili.ask('{"kind": "in-force", "kind": "liability", "regulation": "haidong"}')
    with pytest.raises(zhili.InvalidQuestion):
        zhili.ask([1, 2])  # type: ignore[arg-type]


def test_one_exception_class_per_core_code() -> None:
    codes = [e["code"] for e in zhili.error_catalogue()]
    assert codes == zhili.ERROR_CODES
    assert set(zhili.ERROR_CLASSES) == set(codes)
    for code, cls in zhili.ERROR_CLASSES.items():
        assert issubclass(cls, zhili.ZhiliError) and cls.code == code
        assert getattr(zhili, cls.__name__) is cls
        assert cls.__name__ == "".join(p.capitalize() for p in code.split("-")).replace("Json", "Json")


def test_ask_many_puts_error_answers_in_place() -> None:
    qs = [q(id="a"), q(id="b", date="2024-13-45"), "not json", q(id="d", facts={"colour": 1}), q(id="e")]
    out = zhili.ask_many(qs)
    assert [a.id for a in out] == ["a", "b", "", "d", "e"]
    assert [a.error_code for a in out] == [None, "invalid-date", "invalid-json", "unknown-fact", None]
    assert out[0].verdict == out[4].verdict
    with pytest.raises(zhili.InvalidDate):
        out[1].raise_for_error()
    assert out[0].raise_for_error() is out[0]


def test_ask_many_takes_any_iterable_but_not_a_single_question() -> None:
    gen = (q(id=str(i)) for i in range(3))
    assert [a.id for a in zhili.ask_many(gen)] == ["0", "1", "2"]
    assert [a.id for a in zhili.ask_many(tuple([q(id="x")]))] == ["x"]
    assert zhili.ask_many([]) == []
    with pytest.raises(TypeError):
        zhili.ask_many(q())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        zhili.ask_many("abc")
    with pytest.raises(TypeError):
        zhili.ask_many(42)  # type: ignore[arg-type]
    # bytes iterate as ints: a TypeError, not one error answer per byte
    line = json.dumps(q()).encode()
    for data in (line, bytearray(line), memoryview(line)):
        with pytest.raises(TypeError, match="not bytes"):
            zhili.ask_many(data)  # type: ignore[arg-type]
    # a list of bytes, one question each, is what it takes
    assert [a.verdict for a in zhili.ask_many([line])] == [zhili.ask(q()).verdict]


def test_explain_levels_and_a_bad_level() -> None:
    full = zhili.ask(DALIAN, explain="full")
    summ = zhili.ask(DALIAN, explain="summary")
    none = zhili.ask(DALIAN, explain="none")
    assert summ.explanation["steps"] == [] and summ.explanation["summary_en"] == full.explanation["summary_en"]
    assert none.explanation == {"steps": [], "summary_zh": "", "summary_en": ""}
    assert full.verdict == summ.verdict == none.verdict and full.conditions == none.conditions
    assert zhili.EXPLAIN_LEVELS == ["full", "summary", "none"]
    with pytest.raises(zhili.InvalidQuestion, match="explain"):
        zhili.ask(DALIAN, explain="chatty")  # type: ignore[arg-type]
    with pytest.raises(zhili.InvalidQuestion):
        zhili.ask_many([DALIAN], explain="chatty")  # type: ignore[arg-type]


def test_dates_as_date_objects_or_iso_text() -> None:
    text = zhili.ask(q(date="2024-10-10"))
    assert zhili.ask(q(date=dt.date(2024, 10, 10))) == text
    assert zhili.ask(q(date=dt.datetime(2024, 10, 10))) == text  # midnight: a day
    with pytest.raises(zhili.InvalidDate):
        zhili.ask(q(date=dt.datetime(2024, 10, 10, 9, 30)))
    with pytest.raises(zhili.InvalidDate):
        zhili.ask(q(date=dt.datetime(2024, 10, 10, tzinfo=dt.timezone.utc)))
    with pytest.raises(zhili.InvalidDate):
        zhili.ask(q(date="2024-1-5"))
    with pytest.raises(zhili.InvalidDate):
        zhili.ask(q(date=20241010))
    # before the effective date: not in force, with the ordinary evaluation under whatif
    early = zhili.ask(q(date=dt.date(2000, 1, 1)))
    assert early.verdict == "not-in-force" and early.whatif is not None
    assert early.whatif["verdict"] == text.verdict
    assert zhili.in_force("dalian", dt.date(2024, 7, 1)).verdict == "yes"
    assert zhili.in_force("dalian", "2000-01-01").verdict == "no"
    assert zhili.in_force("wuxi-draft", None).verdict == "no"
    with pytest.raises(zhili.InvalidDate):
        zhili.in_force("dalian", "2024-02-30")
    with pytest.raises(zhili.InvalidDate):
        zhili.in_force("dalian", 2024)  # type: ignore[arg-type]
    with pytest.raises(zhili.UnknownRegulation):
        zhili.in_force("hangzhou", "2024-01-01")


def test_python_values_without_a_json_form_are_invalid_json() -> None:
    for bad in (float("nan"), float("inf"), {1: "x"}, {"a": object()}, b"\xff"):
        facts = {"assigner": bad} if not isinstance(bad, bytes) else None
        question: Any = bad if isinstance(bad, bytes) else q(facts=facts)
        a = zhili.ask_many([question])[0]
        assert a.error_code == "invalid-json", (bad, a)
        assert a.id == ("" if isinstance(bad, bytes) else "t")
    deep: Dict[str, Any] = {}
    cur = deep
    for _ in range(40):
        cur["x"] = {}
        cur = cur["x"]
    assert zhili.ask_many([q(facts=deep)])[0].error_code == "invalid-json"
    cyclic: Dict[str, Any] = q()
    cyclic["facts"]["self"] = cyclic
    assert zhili.ask_many([cyclic])[0].error_code == "invalid-json"
    huge = q(facts={"task": "x" * (2 << 20)})
    assert zhili.ask_many([huge])[0].error_code == "too-large"
    assert zhili.ask_many([json.dumps(huge)])[0].error_code == "too-large"


def test_json_scalars_map_like_the_json_text() -> None:
    # int/float/bool/None, tuples as arrays, a str subclass, bytes as JSON text
    class S(str):
        pass

    big = q(kind="facility-area", regulation="haidong", facts={"households": 1000.0})
    assert zhili.ask(big).verdict == zhili.ask(json.dumps(big)).verdict
    assert zhili.ask(q(facts={**q()["facts"], "assigner": S("某区民政局")})) == zhili.ask(q())
    assert zhili.ask(json.dumps(q()).encode()) == zhili.ask(q())
    cmp = {"kind": "compare", "regulation": "all", "facts": {"feature": "grid", "regulations": ("haidong", "dalian")}}
    assert zhili.ask(cmp) == zhili.ask(json.dumps(cmp))
    with pytest.raises(zhili.InvalidFact):
        zhili.ask(q(kind="facility-area", regulation="haidong", facts={"households": 10**30}))
    with pytest.raises(zhili.InvalidFact):
        zhili.ask(q(kind="facility-area", regulation="haidong", facts={"households": True}))


def test_lists_tuples_and_nesting_in_any_field_read_like_their_json_text() -> None:
    # lists and tuples are read by index on the fast path; fields the core ignores are walked
    # without being kept, and nesting is refused at the same depth as in JSON text (32 levels)
    shapes: List[Any] = [[], (), [1, [2, (3, None)]], ({"a": [True, 2.5]},), [[[]]], {"k": ("v",)}]
    for depth in range(28, 35):
        nested: Any = 1
        for i in range(depth):
            nested = [nested] if i % 2 else {"x": nested}
        shapes.append(nested)
    for extra in shapes:
        for d in (q(note=extra), q(facts={**q()["facts"], "regulations": extra})):
            from_dict = zhili.ask_many([d], explain="none")[0]
            from_text = zhili.ask_many([json.dumps(d)], explain="none")[0]
            assert from_dict.to_json() == from_text.to_json(), extra
    assert zhili.ask_many([q(note=shapes[-1])])[0].error_code == "invalid-json"


def test_typed_helpers_build_the_same_questions() -> None:
    a = zhili.assign_to_committee(
        "dalian", dt.date(2024, 10, 10), "某区民政局", "社区居委会",
        task_on_list="assist", written_commission=True, funding_provided=None, id="t",
    )
    assert a == zhili.ask(q())
    g = zhili.assign_to_grid("haidong", "2024-06-01", "县民政局", "网格员", task_on_list="none")
    assert g.kind == "assign-to-grid" and g.ok
    with pytest.raises(zhili.UnknownFact):
        zhili.assign_to_committee("dalian", None, "区民政局", colour="red")
    lia = zhili.liability("haidong", "2024-06-01", "县民政局", conduct="挪用")
    assert lia.kind == "liability" and lia.ok
    d = zhili.duty_of("haidong", "社区网格化管理服务具体由谁负责？")
    assert d.kind == "duty-of" and isinstance(d.verdict, str)
    f = zhili.facility_area("haidong", 1000)
    assert f.verdict == zhili.ask({"kind": "facility-area", "regulation": "haidong", "facts": {"households": 1000}}).verdict
    u = zhili.utility_price("dalian", "water")
    assert u.kind == "utility-price"
    lk = zhili.article_lookup("dalian", "第二十四条第三款")
    assert lk.citations == ["dalian:24:3"]
    c = zhili.compare("grid")
    assert isinstance(c.verdict, list)
    assert zhili.compare(feature="grid", regulations=["haidong"]).kind == "compare"
    assert zhili.question("in-force", "haidong", dt.date(2024, 1, 1), id="x") == {
        "kind": "in-force", "regulation": "haidong", "date": "2024-01-01", "facts": {}, "id": "x"}


def test_look_ups() -> None:
    assert zhili.article("haidong:23:2").startswith("县（区）人民政府及其部门应当落实清单事项")
    assert zhili.article("第二十四条第三款", regulation="dalian") == zhili.article("dalian:24:3")
    info = zhili.article_info("大连条例第二十四条第三款")
    assert info["citation"] == "dalian:24:3" and info["level"] == "paragraph"
    with pytest.raises(zhili.UnknownArticle) as e:
        zhili.article("haidong:999")
    assert e.value.code == "unknown-article"
    with pytest.raises(zhili.InvalidReference):
        zhili.article("第五条")
    with pytest.raises(zhili.UnknownRegulation):
        zhili.structure("hangzhou")
    regs = zhili.regulations()
    assert [r["key"] for r in regs] == ["haidong", "dalian", "wuxi-draft", "xinyang"] or len(regs) >= 4
    assert {r["status"] for r in regs} == {"in-force", "draft"}
    s = zhili.structure("dalian")
    assert s["chapters"] and isinstance(s["chapters"], list)
    assert zhili.features() and {"id", "zh", "en", "aliases", "kind", "group"} <= set(zhili.features()[0])
    assert sum(f["kind"] == "topic" for f in zhili.features()) >= 120


def test_gaps() -> None:
    g = zhili.gaps("wuxi-draft", ["dalian", "xinyang"])
    assert g["regulation"] == "wuxi-draft" and g["against"] == ["dalian", "xinyang"]
    assert all(c.split(":")[0] in ("dalian", "xinyang") for t in g["missing"] for c in t["citations"])
    assert all(c.startswith("wuxi-draft:") for t in g["extra"] for c in t["citations"])
    assert zhili.gaps("haidong")["against"] == ["dalian", "wuxi-draft", "xinyang"]
    with pytest.raises(zhili.ZhiliError) as e:
        zhili.gaps("dalian", ["dalian"])
    assert e.value.code == "invalid-question"
    with pytest.raises(TypeError):
        zhili.gaps("dalian", "xinyang")  # type: ignore[arg-type]


def test_version_and_import_in_a_fresh_interpreter() -> None:
    assert zhili.__version__
    code = ("import zhili; print(zhili.ask({'kind': 'in-force', 'regulation': 'haidong', "
            "'date': '2024-01-01'}).verdict)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "yes"


def test_subclasses_that_run_python_code_while_read_are_read_safely() -> None:
    # a date or list subclass may run Python code when read, even change the question being read;
    # such a question is read the slow, careful way: it gets an answer (or an error), never a crash
    question = q()

    class MutatingDate(dt.date):
        def isoformat(self) -> str:
            question["facts"].clear()
            question["late"] = 1
            return super().isoformat()

    class NoisyList(list):  # type: ignore[type-arg]
        def __iter__(self) -> Any:
            question.pop("late", None)
            return super().__iter__()

    question["date"] = MutatingDate(2024, 10, 10)
    question["note"] = NoisyList([1, 2])
    a = zhili.ask_many([question])[0]
    assert a.id == "t" and (a.ok or a.error_code is not None)
    plain = q()
    plain["date"] = MutatingDate(2024, 10, 10)
    assert zhili.ask_many([plain])[0] == zhili.ask_many([q()])[0]


def test_gaps_written_from_the_texts() -> None:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "tests" / "topics-cases" / "gaps.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        g = zhili.gaps(case["regulation"], case["against"])
        topics = {t["topic"] for t in g[case["expected"]]}
        assert case["topic"] in topics, case["id"]


def test_the_namespace_shows_only_the_package_api() -> None:
    import typing

    public = {n for n in dir(zhili) if not n.startswith("_")}
    leaked = public & set(dir(typing))
    assert not leaked, f"typing names in the zhili namespace: {sorted(leaked)}"
    # every public name is the package's own API (`annotations` is the __future__ directive)
    assert public - {"annotations"} <= set(zhili.__all__), sorted(public - set(zhili.__all__))


def test_intake_reads_words_and_answers() -> None:
    words = ("2024年9月2日，大连市某区民政局要求社区居委会协助开展协助事项清单内的工作，"
             "提供了经费，但没有书面委托，是否合法？")
    i = zhili.intake(words, id="w1")
    q = i["question"]
    assert q["id"] == "w1" and q["kind"] == "assign-to-committee" and q["regulation"] == "dalian"
    assert q["facts"]["funding_provided"] is True and q["facts"]["written_commission"] is False
    assert "information_support_provided" not in q["facts"]  # unknown stays unknown
    w = next(r for r in i["recognised"] if r["field"] == "written_commission")
    assert words[w["span"][0]:w["span"][1]] == w["words"] == "书面委托"
    assert i["needs"] == [] and "answer" not in i
    # the structured question is a question zhili.ask answers
    assert zhili.ask(q, explain="none").verdict == "prohibited"
    a = zhili.intake(words, ask=True, explain="none", id="w1")["answer"]
    assert isinstance(a, zhili.Answer) and a.verdict == "prohibited" and a.id == "w1"
    # a relative date is not guessed; words with nothing to read give the all-unknown question
    assert zhili.intake("去年大连条例是否已经施行？")["unresolved"][0]["words"] == "去年"
    blank = zhili.intake("hello 🙂")
    assert blank["question"]["kind"] is None and blank["needs"] == ["kind", "regulation"]
    assert zhili.intake("hello", ask=True)["answer"] is None
    with pytest.raises(zhili.InvalidQuestion):
        zhili.intake("")
    with pytest.raises(zhili.TooLarge):
        zhili.intake("问" * 5000)
    with pytest.raises(TypeError):
        zhili.intake(b"bytes")  # type: ignore[arg-type]
