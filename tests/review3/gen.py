#!/usr/bin/env python3
"""Generates tests/review3/cases.jsonl (review round 3 probes)."""
import json, os

OUT = os.path.join(os.path.dirname(__file__), "cases.jsonl")
cases = []

LEVEL = {"city", "county", "township"}


def c(id, kind, reg, date, facts, verdict, cites=(), conds=(), rationale="", whatif=None, qzh=None, alts=None):
    d = {"id": "r3-" + id, "kind": kind, "regulation": reg, "date": date, "facts": facts}
    if qzh:
        d["question_zh"] = qzh
    d["expected_verdict"] = verdict
    d["expected_conditions"] = list(conds)
    d["expected_citations"] = list(cites)
    if whatif is not None:
        d["whatif_verdict"] = whatif
    if alts:
        d["expected_alternatives"] = alts
    d["rationale"] = rationale
    cases.append(d)


def F(assigner=None, level=None, kind=None, assignee=None, task=None, lst=None, **kw):
    f = {}
    if assigner is not None: f["assigner"] = assigner
    if level is not None: f["assigner_level"] = level
    if kind is not None: f["assigner_kind"] = kind
    if assignee is not None: f["assignee"] = assignee
    if task is not None: f["task"] = task
    if lst is not None: f["task_on_list"] = lst
    m = {"own": "task_is_assigner_own_duty", "wc": "written_commission", "fund": "funding_provided",
         "work": "work_conditions_provided", "info": "information_support_provided", "guid": "guidance_provided",
         "appr": "approval", "cons": "consulted_committee", "agree": "committee_consented",
         "buy": "via_purchase_of_service", "rules": "complies_with_purchase_rules"}
    for k, v in kw.items():
        f[m.get(k, k)] = v
    return f


AC, AG, LI, CP = "assign-to-committee", "assign-to-grid", "liability", "compare"
HD_WC = "The assigner provides the necessary work conditions (必要的工作条件) — haidong:23:2"
HD_WC_T = "The township/street office provides the necessary work conditions (必要工作条件) — haidong:50:2"
DL = {
    "wc": "The work is commissioned in writing (书面委托) — dalian:24:1",
    "fund": "The necessary funding (必要的经费) is provided — dalian:24:1",
    "work": "The necessary work conditions (工作条件) are provided — dalian:24:1",
    "info": "The necessary information support (信息支持) is provided — dalian:24:1",
    "guid": "The necessary business guidance (业务指导) is provided — dalian:24:1",
    "buy": "The work is obtained by purchasing the service from the committee (购买服务) — dalian:24:3",
    "rules": "The matter complies with the rules on government purchase of services — dalian:24:3",
    "cons": "The committee's opinion is sought beforehand (征求意见) — dalian:24:3",
    "appr": "Approval (批准) for handing the off-list item to the grid has been obtained — dalian:21:2",
    "sup": "The department simultaneously provides training, guidance, work support and information support — dalian:22:2",
}
XY_FUND = "Corresponding funding (相应的经费) is provided — xinyang:40:2"
XY_WORK = "The necessary work conditions (必要的工作条件) are provided — xinyang:40:2"
XY_APPR = "The hand-over of the off-list item has been approved (批准) — xinyang:34:2"

# ============================================================ irrelevant facts
c("ir-01", AC, "haidong", "2024-06-10",
  F("县民政局", "county", "department", "社区居委会", "低保对象入户核查（协助）", "assist", own=True, work=True,
    buy=True, cons=False, rules=False, wc=False, fund=False, info=False, guid=False),
  "permitted", ["haidong:23:2"],
  rationale="Haidong Art. 23 para 2 requires only the necessary work conditions for assist-list items; written commission, funding, information support, guidance, purchase of services and consultation are Dalian/Xinyang notions and irrelevant here.")
c("ir-02", AC, "haidong", "2024-06-10",
  F("镇人民政府", "township", "government", "村民委员会", "镇招商项目入户调查", "none", own=True,
    buy=True, rules=True, cons=True),
  "prohibited", ["haidong:50:2"],
  rationale="Haidong has no purchase-of-service route; a township directly giving off-list work is caught by Art. 50 para 2, and no written, accepted commission (Art. 7 para 2) is shown — documented presumption (interpretation.md General).")
c("ir-03", AC, "haidong", "2024-06-10",
  F("县人民政府", "county", "government", "村民委员会", "县政府交办的临时性检查", "none", own=False,
    cons=True, wc=True),
  "prohibited", ["haidong:50:2"],
  rationale="Consulting the committee is not its acceptance; under the documented presumption only a written commission AND acceptance lift Art. 50 para 2, and acceptance is unknown.")
c("ir-04", AC, "haidong", "2024-06-10",
  F("街道办事处", "township", "street-office", "社区", "协助政府工作事项清单内事项", "assist", own=True,
    work=True, appr=False),
  "permitted", ["haidong:50:2"],
  rationale="Approval is a grid-hand-over notion; for assist items a street office owes only the work conditions (Art. 50 para 2 (iii)), which are provided.")
c("ir-05", AC, "xinyang", "2025-05-10",
  F("区民政局", "county", "department", "社区居委会", "协助事项清单内工作", "assist", own=True,
    fund=True, work=True, wc=False, info=False, guid=False, cons=False),
  "permitted", ["xinyang:40:2"],
  rationale="Xinyang Art. 40 para 2 requires only corresponding funding and the necessary work conditions; no written commission, information support, guidance or consultation (legal-analysis matrix).")
c("ir-06", AC, "xinyang", "2025-05-10",
  F("县农业农村局", "county", "department", "村民委员会", "负面清单内事项", "negative", own=False,
    buy=True, rules=True, cons=True, agree=True, fund=True, work=True, wc=True),
  "prohibited", ["xinyang:40:2"],
  rationale="The negative-list ban of Art. 40 para 2 is absolute: purchase of services, consultation, consent, funding or a written commission do not cure it (legal-analysis (a) Xinyang 2 (iii)).")
c("ir-07", AC, "xinyang", "2025-05-10",
  F("街道办事处", "township", "street-office", "居委会", "街道自身职责事项", "none", own=True,
    buy=True, rules=True, cons=True),
  "prohibited", ["xinyang:45"],
  rationale="Xinyang has no purchase-of-service route for committee work (purchase appears only in Arts. 18/20); transferring own-duty matters is a breach (Art. 45 with Art. 40).")
c("ir-08", AC, "xinyang", "2025-05-10",
  F("乡人民政府", "township", "government", "村委会", "协助事项清单内工作", "assist", own=True, wc=True),
  "conditional", ["xinyang:40:2"], [XY_FUND, XY_WORK],
  rationale="A written commission is irrelevant in Xinyang; funding and work conditions (Art. 40 para 2) are both unknown, so two conditions.")
c("ir-09", AC, "dalian", "2024-09-15",
  F("区民政局", "county", "department", "居委会", "清单外事项", "none", own=True, appr=True, buy=False),
  "prohibited", ["dalian:24:2"],
  rationale="Approval is the route of the grid rule (Art. 21 para 2), not of the committee rule; off-list work without purchase of services is barred by Art. 24 para 2.")
c("ir-10", AC, "xinyang", "2025-05-10",
  F("区住房和城乡建设局", "county", "department", "社区居委会", "本局职责范围内事项", "none", own=True, appr=True),
  "prohibited", ["xinyang:45"],
  rationale="Approval only opens the grid route (Art. 34 para 2); transferring own duties to a committee is a breach (Art. 45 with Art. 40).")
c("ir-11", AC, "haidong", "2024-06-10",
  F("乡人民政府", "township", "government", "村民委员会", "清单外工作任务", "none", appr=True),
  "prohibited", ["haidong:50:2"],
  rationale="Haidong has no approval rule for committee work; a township's direct off-list assignment is caught by Art. 50 para 2.")
c("ir-12", AG, "dalian", "2024-09-15",
  F("区城市管理局", "county", "department", "网格", "清单外事项代办", "none", appr=False, buy=True, rules=True, cons=True),
  "prohibited", ["dalian:21:2"],
  rationale="The purchase-of-service route (Art. 24 para 3) is for committees only; an off-list grid item without approval breaches Art. 21 para 2.")
c("ir-13", AG, "xinyang", "2025-05-10",
  F("街道办事处", "township", "street-office", "网格员", "准入清单外事项", "none", wc=True, fund=True, agree=True),
  "conditional", ["xinyang:34:2"], [XY_APPR],
  rationale="Only approval matters under Art. 34 para 2; writing, funding and consent are irrelevant. Approval unknown → one condition.")
c("ir-14", AG, "wuxi-draft", "2024-09-15",
  F("区市场监督管理局", "county", "department", "专职网格员", "清单外事项", "none", wc=True, agree=True, appr=False),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:56:1"], whatif="prohibited",
  rationale="Draft never in force; as if in force, a department needs the consent of the same-level Party committee and government (Art. 56 para 1), which it lacks; a written commission or consent of anyone else is irrelevant.")
c("ir-15", AG, "haidong", "2024-06-10",
  F("县人力资源和社会保障局", "county", "department", "网格员", "社保待遇资格认证入户", "none", appr=False, wc=False),
  "not-governed", [],
  rationale="Haidong has no grid item list or access rule (legal-analysis grid matrix); approval is irrelevant; the hand-over is not governed.")
c("ir-16", AC, "dalian", "2024-09-15",
  F("街道办事处", "township", "street-office", "村委会", "协助清单内事项", "assist", own=True,
    wc=True, fund=True, work=True, info=True, guid=True, buy=False, cons=False),
  "permitted", ["dalian:24:1"],
  rationale="All Art. 24 para 1 requirements hold; purchase and consultation concern only off-list work (Art. 24 para 3).")
c("ir-17", AC, "xinyang", "2025-05-10",
  F("镇人民政府", "township", "government", "村民委员会", "协助事项清单内工作", "assist", own=True,
    fund=False, work=True, agree=True, wc=True),
  "prohibited", ["xinyang:40:2"],
  rationale="Consent and a written commission do not replace the corresponding funding Art. 40 para 2 requires.")
c("ir-18", AC, "dalian", "2024-09-15",
  F("街道办事处", "township", "street-office", "社区居委会", "协助清单内事项", "assist", own=True,
    wc=False, agree=True, fund=True, work=True, info=True, guid=True),
  "prohibited", ["dalian:24:1"],
  rationale="The written commission of Art. 24 para 1 is unconditional; the committee's consent does not replace it.")
c("ir-19", AC, "haidong", "2024-06-10",
  F("县卫生健康局", "county", "department", "村民委员会", "协助政府工作事项清单内事项", "assist", own=True,
    work=False, wc=True, agree=True),
  "prohibited", ["haidong:23:2"],
  rationale="An accepted written commission lifts only the bans on unilateral transfer/direct assignment (23:3, 50:2 (i)-(ii)); the work-conditions duty of Art. 23 para 2 still applies and is not met.")
c("ir-20", AG, "dalian", "2024-09-15",
  F("区民政局", "county", "department", "网格员", "清单外事项协办", "none", appr=True,
    guid=True, work=True, info=True, wc=False, fund=False),
  "permitted", ["dalian:21:2", "dalian:22:2"],
  rationale="Approval lifts Art. 21 para 2 and the Art. 22 para 2 support is provided; written commission and funding are not grid requirements in Dalian.")

# ============================================================ several unknowns
c("un-01", AC, "dalian", "2024-10-10",
  F("区民政局", "county", "department", "社区居委会", "协助清单内事项", "assist", own=True, wc=True),
  "conditional", ["dalian:24:1"], [DL["fund"], DL["work"], DL["info"], DL["guid"]],
  rationale="Written commission shown; the four kinds of necessary support of Art. 24 para 1 are unknown — four conditions.")
c("un-02", AC, "dalian", "2024-10-10",
  F("镇人民政府", "township", "government", "村委会", "清单外事项", "none"),
  "conditional", ["dalian:24:2", "dalian:24:3"], [DL["buy"], DL["rules"], DL["cons"]],
  rationale="Off-list work by a township is barred (Art. 24 para 2) unless bought as a service under the purchase rules after consultation (Art. 24 para 3), all unknown.")
c("un-03", AC, "dalian", "2024-10-10",
  F("区卫生健康局", "county", "department", "村民委员会", "清单外事项", "none", buy=True, rules=True),
  "conditional", ["dalian:24:3"], [DL["cons"]],
  rationale="Purchase route with compliance shown; only the prior consultation (Art. 24 para 3) is unknown.")
c("un-04", AC, "dalian", "2024-10-10",
  F("区民政局", "county", "department", "居委会", "某项工作（清单状态不明）", None,
    wc=True, fund=True, work=True, info=True, guid=True),
  "conditional", ["dalian:24:2"], ["The task is on the committees' work-item lists — dalian:24:2"],
  rationale="If the task is on the assist list every Art. 24 para 1 requirement holds; if it is off-list, Art. 24 para 2 bars it unless bought as a service. The list status is unknown, so it is a condition (Q&A step 5).")
c("un-05", AC, "xinyang", "2025-05-10",
  F("区民政局", "county", "department", "社区居委会", "某项工作（清单状态不明）", None),
  "conditional", ["xinyang:40:2", "xinyang:45"],
  ["The task is not on the negative list — xinyang:40:2", "The matter is in the directory or not the assigner's own duty — xinyang:45"],
  rationale="List status and own-duty fact unknown: the negative-list ban (Art. 40 para 2), the own-duty transfer ban (Art. 45 with 40) and the assist duties may each apply.")
c("un-06", AC, "xinyang", "2025-05-10",
  F("街道办事处", "township", "street-office", "居民委员会", "某项工作（清单状态不明）", None, own=False, fund=True, work=True),
  "conditional", ["xinyang:40:2"], ["The task is not on the negative list — xinyang:40:2"],
  rationale="Not an own duty and assist support provided; only the negative-list ban (Art. 40 para 2) remains open.")
c("un-07", AC, "haidong", "2024-06-10",
  F("街道办事处", "township", "street-office", "社区", "某项工作（清单状态不明）", None),
  "conditional", ["haidong:50:2"], ["The task is on a work-item list — haidong:50:2"],
  rationale="If off-list, Art. 50 para 2 forbids the direct assignment; if an assist item, the work conditions are due. List status unknown → condition on Art. 50 para 2.")
c("un-08", AC, "haidong", "2024-06-10",
  F("县民政局", "county", "department", "村民委员会", "清单外事项", "none", wc=False, agree=False),
  "conditional", ["haidong:23:3"], ["The matter is not within the bureau's own responsibilities — haidong:23:3"],
  rationale="No commission at all, so Art. 7 para 2 does not reach it; a county department is caught by Art. 23 para 3 only if the matter is its own duty, which is unknown.")
c("un-09", AC, "haidong", "2024-06-10",
  F("县教育局", "county", "department", "社区", "某项工作（清单状态不明）", None, own=True),
  "conditional", ["haidong:23:3", "haidong:23:2"],
  ["The matter is on a work-item list — haidong:23:3", HD_WC],
  rationale="Own-duty matter of a county department: off-list it is barred by Art. 23 para 3 (commission presumed absent); as an assist item it needs work conditions (Art. 23 para 2).")
c("un-10", AG, "dalian", "2024-10-10",
  F("区应急管理局", "county", "department", "网格员", "清单外事项", "none"),
  "conditional", ["dalian:21:2", "dalian:22:2"], [DL["appr"], DL["sup"]],
  rationale="Approval (Art. 21 para 2) and the competent department's support (Art. 22 para 2) are both unknown.")
c("un-11", AG, "dalian", "2024-10-10",
  F("区应急管理局", "county", "department", "网格员", "某事项（清单状态不明）", None),
  "conditional", ["dalian:21:2", "dalian:22:2"], [DL["appr"], DL["sup"]],
  rationale="List status unknown: off-list items need approval (Art. 21 para 2); any grid work needs the department's support (Art. 22 para 2).")
c("un-12", AG, "xinyang", "2025-05-10",
  F("县公安局", "county", "department", "网格化服务管理人员", "某事项（清单状态不明）", None),
  "conditional", ["xinyang:34:2"], ["The item is on the access list or its hand-over was approved — xinyang:34:2"],
  rationale="List status and approval unknown; Art. 34 para 2.")
c("un-13", AG, "wuxi-draft", "2024-10-10",
  F("区民政局", "county", "department", "网格", "清单外事项", "none"),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:56:1"], whatif="conditional",
  rationale="Draft; as if in force, a department needs the consent of the same-level Party committee and government (Art. 56 para 1), unknown.")
c("un-14", AG, "wuxi-draft", "2024-10-10",
  F("区民政局", "county", "department", "网格", "网格清单内事项", "grid"),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:56:2"], whatif="conditional",
  rationale="Draft; as if in force, listed items require the department to sink manpower, resources and funding (Art. 56 para 2), unknown.")
c("un-15", AC, "wuxi-draft", "2024-10-10",
  F("区人民政府", "county", "government", "村民委员会", "权责事项以外委托工作", "none"),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:62"], whatif="conditional",
  rationale="Draft; as if in force, the district government owes 相应支持 for commissioned work outside the 权责事项 (Art. 62), unknown.")
c("un-16", AG, "wuxi-draft", "2024-10-10",
  F("区民政局", "county", "department", "网格", "某事项（清单状态不明）", None),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:56:1"], whatif="conditional",
  rationale="Draft; as if in force, list status unknown: negative items barred, off-list items need consent (Art. 56 para 1), listed items need resources (56:2).")
c("un-17", AC, "dalian", "2024-10-10",
  F("乡人民政府", "township", "government", "村民委员会", "协助清单内事项", "assist"),
  "conditional", ["dalian:24:1"], [DL["wc"], DL["fund"], DL["work"], DL["info"], DL["guid"]],
  rationale="All five Art. 24 para 1 requirements unknown.")
c("un-18", AG, "dalian", "2024-10-10",
  F("区公安分局", "county", "department", "网格", "网格清单内事项", "grid", guid=True, work=True),
  "conditional", ["dalian:22:2"], [DL["sup"]],
  rationale="Listed grid item; guidance and work support shown, information support unknown (Art. 22 para 2).")
c("un-19", AC, "xinyang", "2025-05-10",
  F("县司法局", "county", "department", "村民委员会", "清单外事项", "none", appr=None, buy=None),
  "conditional", ["xinyang:45"], ["The matter is not within the assigner's own responsibilities — xinyang:45"],
  rationale="Off-list; whether it is the bureau's own duty is unknown (Art. 45 with 40); other off-list work is not governed.")

# ============================================================ task_on_list x assigner kind
c("mx-hd-01", AC, "haidong", "2024-06-10", F("县人民政府", "county", "government", "村民委员会", "社区工作事项清单内事项", "autonomy"),
  "permitted", ["haidong:23:1"], rationale="Items on the community work-item list are the committees' own work (Art. 23 para 1).")
c("mx-hd-02", AC, "haidong", "2024-06-10", F("县人民政府", "county", "government", "村民委员会", "所谓负面清单事项", "negative", own=False),
  "prohibited", ["haidong:50:2"], rationale="Haidong has no negative list, so the item is off the lists; a county government's direct assignment is caught by Art. 50 para 2 whatever the own-duty fact.")
c("mx-hd-03", AC, "haidong", "2024-06-10", F("街道办事处", "township", "street-office", "社区", "网格事项", "grid"),
  "prohibited", ["haidong:50:2"], rationale="Haidong has no grid list; the item is off the committee lists and a street office's direct assignment breaches Art. 50 para 2.")
c("mx-hd-04", AC, "haidong", "2024-06-10", F("县公安局", "county", "department", "村民委员会", "本局网格事项", "grid", own=True),
  "prohibited", ["haidong:23:3"], rationale="Off the committee lists and the bureau's own duty; Art. 23 para 3, commission presumed absent.")
c("mx-hd-05", AC, "haidong", "2024-06-10", F("县民政局", "county", "department", "社区", "本局职责事项", "negative", own=True, wc=False, agree=False),
  "prohibited", ["haidong:23:3"], rationale="Off-list (no negative list in Haidong), own duty, no commission: Art. 23 para 3.")
c("mx-hd-06", AC, "haidong", "2024-06-10", F("县人民法院", "county", "court", "村民委员会", "协助送达", "assist"),
  "not-governed", [], rationale="Arts. 23 and 50 para 2 bind governments and their departments; Art. 7 para 2 speaks of governments and departments; a court is none of these.")
c("mx-hd-07", AC, "haidong", "2024-06-10", F("县妇女联合会", "county", "mass-organization", "社区", "妇女儿童工作", "assist", work=False),
  "not-governed", [], rationale="A mass organisation is not bound by Art. 23 para 2 or Art. 50 para 2.")
c("mx-hd-08", AC, "haidong", "2024-06-10", F("海东市人民政府", "city", "government", "村（居）民委员会", "协助政府工作事项清单内事项", "assist"),
  "permitted", ["haidong:7:2"], rationale="City bodies are bound by neither Art. 23 nor Art. 50 para 2 (legal-analysis note 4); only Art. 7 para 2 reaches them; work conditions therefore are not a condition.")
c("mx-hd-09", AC, "haidong", "2024-06-10", F("海东市生态环境局", "city", "department", "社区", "清单外事项", "negative"),
  "permitted", ["haidong:7:2"], rationale="A city department is reached only by Art. 7 para 2, presumed to apply unless neither writing nor acceptance is shown.")
c("mx-hd-10", AC, "haidong", "2024-06-10", F("乡人民政府", "township", "government", "村民委员会", "社区工作事项清单内事项", "autonomy"),
  "permitted", ["haidong:23:1"], rationale="Autonomy-list work (Art. 23 para 1).")
c("mx-hd-11", AC, "haidong", "2024-06-10", F("物业服务企业", None, "enterprise", "居民委员会", "协助政府工作事项清单内事项", "assist"),
  "not-governed", [], rationale="Enterprises are bound by none of the assignment rules.")
c("mx-hd-12", AC, "haidong", "2024-06-10", F("县人民政府", "county", "government", "村民委员会", "网格事项", "grid", wc=True, agree=True),
  "permitted", ["haidong:7:2"], rationale="Off-list, but a written commission the committee accepted is neither unilateral transfer nor direct assignment (Art. 7 para 2 lifts Art. 50 para 2).")

c("mx-dl-01", AC, "dalian", "2024-09-15", F("区人民政府", "county", "government", "居民委员会", "协助清单内事项", "assist",
  wc=True, fund=True, work=True, info=True, guid=True), "permitted", ["dalian:24:1"],
  rationale="Art. 24 para 1 binds whoever assigns assist-list work; all requirements hold.")
c("mx-dl-02", AC, "dalian", "2024-09-15", F("区人民政府", "county", "government", "居民委员会", "协助清单内事项", "assist",
  wc=True, fund=False, work=True, info=True, guid=True), "prohibited", ["dalian:24:1"],
  rationale="Funding missing (Art. 24 para 1).")
c("mx-dl-03", AC, "dalian", "2024-09-15", F("大连市人民政府", "city", "government", "社区居委会", "所谓负面清单事项", "negative"),
  "not-governed", [], rationale="Dalian has no negative list (off-list); Art. 24 para 2 binds departments, townships and street offices, not the city government itself.")
c("mx-dl-04", AC, "dalian", "2024-09-15", F("区人民政府", "county", "government", "村民委员会", "自治清单内事项", "autonomy"),
  "permitted", ["dalian:24:1"], rationale="Autonomy-list items are the committees' own work (Art. 24 para 1).")
c("mx-dl-05", AC, "dalian", "2024-09-15", F("街道办事处", "township", "street-office", "社区居委会", "所谓负面清单事项", "negative",
  buy=True, rules=True, cons=True), "permitted", ["dalian:24:3"],
  rationale="No negative list in Dalian, so the item is off-list; the purchase route of Art. 24 para 3 holds in full.")
c("mx-dl-06", AC, "dalian", "2024-09-15", F("大连市民政局", "city", "department", "居民委员会", "网格事项", "grid", buy=False),
  "prohibited", ["dalian:24:2"], rationale="The committee lists do not include grid items; off-list work by a city department without purchase breaches Art. 24 para 2.")
c("mx-dl-07", AC, "dalian", "2024-09-15", F("乡人民政府", "township", "government", "村民委员会", "自治清单内事项", "autonomy"),
  "permitted", ["dalian:24:1"], rationale="Autonomy list (Art. 24 para 1).")
c("mx-dl-08", AC, "dalian", "2024-09-15", F("区教育局", "county", "department", "社区居委会", "清单外事项", "negative",
  buy=True, rules=True, cons=False), "prohibited", ["dalian:24:2", "dalian:24:3"],
  rationale="Off-list; the purchase route fails because the committee's opinion was not sought (Art. 24 para 3).")
c("mx-dl-09", AC, "dalian", "2024-09-15", F("区人民法院", "county", "court", "社区居委会", "所谓负面清单事项", "negative"),
  "not-governed", [], rationale="Courts are not named in Art. 24 para 2.")

c("mx-xy-01", AC, "xinyang", "2025-05-10", F("信阳市人民政府", "city", "government", "社区居委会", "负面清单事项", "negative"),
  "not-governed", [], rationale="Art. 40 para 2 binds government departments, street offices and townships — not the city government itself.")
c("mx-xy-02", AC, "xinyang", "2025-05-10", F("信阳市民政局", "city", "department", "社区居委会", "负面清单事项", "negative"),
  "prohibited", ["xinyang:40:2"], rationale="City departments are bound by the negative-list ban (Art. 40 para 2).")
c("mx-xy-03", AC, "xinyang", "2025-05-10", F("信阳市市场监督管理局", "city", "department", "居民委员会", "本局职责事项", "none", own=True),
  "prohibited", ["xinyang:45"], rationale="Own-duty transfer by a city department (Art. 45 with Art. 40).")
c("mx-xy-04", AC, "xinyang", "2025-05-10", F("街道办事处", "township", "street-office", "社区居委会", "清单外事项（非本机关职责）", "none", own=False),
  "not-governed", [], rationale="Xinyang bans only negative-list work and own-duty transfers; other off-list work is not regulated (interpretation.md).")
c("mx-xy-05", AC, "xinyang", "2025-05-10", F("乡人民政府", "township", "government", "村民委员会", "网格事项（非本乡职责）", "grid", own=False),
  "not-governed", [], rationale="A grid item is off the committee directory; not own duty; not negative → not governed.")
c("mx-xy-06", AC, "xinyang", "2025-05-10", F("县民政局", "county", "department", "村民委员会", "主责事项清单内事项", "autonomy"),
  "permitted", ["xinyang:40:1"], rationale="Main-responsibility list work (Art. 40 para 1).")
c("mx-xy-07", AC, "xinyang", "2025-05-10", F("县人民法院", "county", "court", "村民委员会", "负面清单事项", "negative"),
  "not-governed", [], rationale="Courts are not bound by Art. 40 para 2.")
c("mx-xy-08", AC, "xinyang", "2025-05-10", F("县妇女联合会", "county", "mass-organization", "村民委员会", "协助事项", "assist", fund=False),
  "not-governed", [], rationale="Mass organisations are not addressees of Art. 40 para 2.")
c("mx-xy-09", AC, "xinyang", "2025-05-10", F("街道办事处", "township", "street-office", "居民委员会", "主责事项清单内事项", "autonomy"),
  "permitted", ["xinyang:40:1"], rationale="Main-responsibility list (Art. 40 para 1).")
c("mx-xy-10", AC, "xinyang", "2025-05-10", F("乡人民政府", "township", "government", "村民委员会", "负面清单事项", "negative", own=False, fund=True, work=True),
  "prohibited", ["xinyang:40:2"], rationale="Negative list is absolute (Art. 40 para 2).")

c("mx-wx-01", AC, "wuxi-draft", "2024-09-15", F("无锡市人民政府", "city", "government", "社区居委会", "权责事项以外委托工作", "none", fund=False),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:62"], whatif="prohibited",
  rationale="Draft; as if in force, the city government owes 相应支持 for commissioned work outside 权责事项 (Art. 62).")
c("mx-wx-02", AC, "wuxi-draft", "2024-09-15", F("区人民政府", "county", "government", "村民委员会", "权责事项以外委托工作", "none", fund=True),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:62"], whatif="permitted",
  rationale="Draft; as if in force, support provided for the commissioned work (Art. 62).")
c("mx-wx-03", AC, "wuxi-draft", "2024-09-15", F("街道办事处", "township", "street-office", "社区居委会", "所谓负面清单事项", "negative"),
  "not-in-force", ["wuxi-draft:77"], whatif="not-governed",
  rationale="Draft; no committee negative list and no ban reaching street offices (Art. 62 binds only city/county-level governments).")
c("mx-wx-04", AC, "wuxi-draft", "2024-09-15", F("区民政局", "county", "department", "社区居委会", "准入清单内事项", "assist"),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:62"], whatif="permitted",
  rationale="Draft; access-list work may go to committees (Art. 62).")
c("mx-wx-05", AC, "wuxi-draft", "2024-09-15", F("镇人民政府", "township", "government", "村民委员会", "权责事项", "autonomy"),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:62"], whatif="permitted",
  rationale="Draft; work within the committees' powers and duties (Art. 62).")
c("mx-wx-06", AC, "wuxi-draft", "2024-09-15", F("区人民政府", "county", "government", "村民委员会", "所谓负面清单事项", "negative", fund=False),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:62"], whatif="prohibited",
  rationale="Draft; no committee negative list, so the item is outside 权责事项/access list; the district government gives no support (Art. 62).")

# grid matrix
c("mx-ag-01", AG, "dalian", "2024-09-15", F("大连市人民政府", "city", "government", "网格", "清单外事项", "none", appr=False),
  "prohibited", ["dalian:21:2"], rationale="Art. 21 para 2 binds any unit, governments included.")
c("mx-ag-02", AG, "dalian", "2024-09-15", F("大连市人民政府", "city", "government", "网格", "网格清单内事项", "grid"),
  "permitted", ["dalian:21:1"], rationale="Listed grid item; Art. 22 para 2's support duty binds competent departments, not the government itself.")
c("mx-ag-03", AG, "dalian", "2024-09-15", F("区民政局", "county", "department", "网格员", "居委会协助清单事项", "assist", appr=False),
  "prohibited", ["dalian:21:2"], rationale="A committee assist-list item is not on the grid list; without approval Art. 21 para 2 bars it.")
c("mx-ag-04", AG, "xinyang", "2025-05-10", F("街道办事处", "township", "street-office", "网格员", "主责事项", "autonomy", appr=False),
  "prohibited", ["xinyang:34:2"], rationale="Not on the grid access list; no approval (Art. 34 para 2).")
c("mx-ag-05", AG, "wuxi-draft", "2024-09-15", F("物业服务企业", None, "enterprise", "网格员", "负面清单事项", "negative"),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:56:1"], whatif="prohibited",
  rationale="Draft; negative-list items are excluded from grid management whoever hands them over (Art. 56 para 1).")
c("mx-ag-06", AG, "wuxi-draft", "2024-09-15", F("区住房和城乡建设局", "county", "department", "网格", "居委会准入清单事项", "assist", appr=False),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:56:1"], whatif="prohibited",
  rationale="Draft; a committee access-list item is not on the grid list; the department lacks the Party committee/government consent (Art. 56 para 1).")
c("mx-ag-07", AG, "wuxi-draft", "2024-09-15", F("街道办事处", "township", "street-office", "网格", "网格清单内事项", "grid"),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:56:2"], whatif="permitted",
  rationale="Draft; listed items are run through the grid centres (Art. 56 para 2); the resource duty binds departments only.")
c("mx-ag-08", AG, "haidong", "2024-06-10", F("县人民政府", "county", "government", "网格员", "清单外事项", "negative"),
  "not-governed", [], rationale="Haidong has no grid list, negative list or access rule.")

# ============================================================ explicit level/kind overriding the name
c("ov-01", AC, "haidong", "2024-06-10", F("某局", "county", "department", "社区", "本局职责事项", "none", own=True),
  "prohibited", ["haidong:23:3"], rationale="Level/kind given: a county department transferring its own duty (Art. 23 para 3).")
c("ov-02", AC, "haidong", "2024-06-10", F("某局", "city", "department", "社区", "本局职责事项", "none", own=True),
  "permitted", ["haidong:7:2"], rationale="A city department is not bound by Art. 23 para 3 or 50 para 2; Art. 7 para 2 presumed to apply.")
c("ov-03", AC, "haidong", "2024-06-10", F("海东市民政局", "county", "department", "村民委员会", "本局职责事项", "none", own=True),
  "prohibited", ["haidong:23:3"], rationale="assigner_level wins over the name (Q&A): treated as a county department → Art. 23 para 3.")
c("ov-04", AC, "haidong", "2024-06-10", F("县民政局", "city", "department", "村民委员会", "本局职责事项", "none", own=True),
  "permitted", ["haidong:7:2"], rationale="assigner_level city wins over the name: not bound by Art. 23; Art. 7 para 2.")
c("ov-05", AC, "dalian", "2024-09-15", F("区人民政府", None, "department", "社区居委会", "清单外事项", "none", buy=False),
  "prohibited", ["dalian:24:2"], rationale="assigner_kind department wins over the name; district-level departments are bound by Art. 24 para 2.")
c("ov-06", AC, "dalian", "2024-09-15", F("区民政局", "county", "government", "社区居委会", "清单外事项", "none", buy=False),
  "not-governed", [], rationale="assigner_kind government wins: Art. 24 para 2 does not name governments themselves.")
c("ov-07", AC, "xinyang", "2025-05-10", F("某机关", "township", "street-office", "社区居委会", "负面清单事项", "negative"),
  "prohibited", ["xinyang:40:2"], rationale="Street office by explicit kind: negative-list ban (Art. 40 para 2).")
c("ov-08", AC, "xinyang", "2025-05-10", F("某机关", "county", "government", "村民委员会", "负面清单事项", "negative"),
  "not-governed", [], rationale="A county government is not an addressee of Art. 40 para 2.")
c("ov-09", AC, "xinyang", "2025-05-10", F("县人民政府办公室", None, None, "村民委员会", "负面清单事项", "negative"),
  "prohibited", ["xinyang:40:2"], rationale="A government's general office is a department (interpretation.md General), bound by Art. 40 para 2.")
c("ov-10", AC, "haidong", "2024-06-10", F("区人民政府办公室", None, None, "社区", "本办职责事项", "none", own=True),
  "prohibited", ["haidong:23:3"], rationale="A district government's general office is a county-level department (Art. 23 para 3).")
c("ov-11", AC, "haidong", "2024-06-10", F("某单位", "township", "street-office", "社区", "清单外工作任务", "none"),
  "prohibited", ["haidong:50:2"], rationale="Street office by explicit kind: direct assignment (Art. 50 para 2).")
c("ov-12", AC, "haidong", "2024-06-10", F("某单位", "county", "government", "村民委员会", "协助事项", "assist", work=False),
  "prohibited", ["haidong:23:2"], rationale="County government by explicit kind: work conditions missing (Art. 23 para 2 / 50 para 2).")
c("ov-13", AG, "dalian", "2024-09-15", F("某局", "city", "department", "网格", "网格清单内事项", "grid"),
  "conditional", ["dalian:22:2"], [DL["sup"]], rationale="City department: owes support for grid work (Art. 22 para 2), unknown.")
c("ov-14", AG, "dalian", "2024-09-15", F("某公司", None, "enterprise", "网格", "网格清单内事项", "grid"),
  "permitted", ["dalian:21:1"], rationale="Listed item; Art. 22 para 2 binds departments only.")
c("ov-15", AG, "wuxi-draft", "2024-09-15", F("某单位", "township", "street-office", "网格", "清单外事项", "none", appr=False),
  "not-in-force", ["wuxi-draft:77"], whatif="not-governed",
  rationale="Draft; Art. 56 para 1's consent rule binds 有关部门 only; a street office is not a department.")
c("ov-16", AC, "haidong", "2024-06-10", F("海东市人民政府", "county", "government", "村民委员会", "清单外工作任务", "none", own=False),
  "prohibited", ["haidong:50:2"], rationale="Explicit level county: a county government's direct assignment (Art. 50 para 2).")

# ============================================================ assignee variants
c("as-01", AC, "haidong", "2024-06-10", F("乡人民政府", "township", "government", "社区居委会", "清单外工作任务", "none"),
  "prohibited", ["haidong:50:2"], rationale="社区居委会 is a residents' committee; Art. 50 para 2.")
c("as-02", AC, "haidong", "2024-06-10", F("县民政局", "county", "department", "村委会", "本局职责事项", "none", own=True),
  "prohibited", ["haidong:23:3"], rationale="村委会 = 村民委员会; Art. 23 para 3.")
c("as-03", AC, "haidong", "2024-06-10", F("街道办事处", "township", "street-office", "村(居)民委员会", "协助事项", "assist", work=False),
  "prohibited", ["haidong:50:2"], rationale="Half-width parentheses variant; Art. 50 para 2 (iii).")
c("as-04", AC, "haidong", "2024-06-10", F("镇人民政府", "township", "government", "城乡社区", "清单外工作任务", "none"),
  "prohibited", ["haidong:50:2"], rationale="Haidong protects 社区 expressly (Arts. 23, 50 para 2); 城乡社区 is a community.")
c("as-05", AC, "haidong", "2024-06-10", F("乡人民政府", "township", "government", "村两委", "清单外工作任务", "none"),
  "prohibited", ["haidong:50:2"], rationale="村两委 includes the villagers' committee (cf. Art. 21 para 3 村（居）两委会); a direct assignment to it reaches the committee (Art. 50 para 2).")
c("as-06", AC, "dalian", "2024-09-15", F("街道办事处", "township", "street-office", "村委会", "清单外事项", "none", buy=False),
  "prohibited", ["dalian:24:2"], rationale="村委会 = 村民委员会; Art. 24 para 2.")
c("as-07", AC, "dalian", "2024-09-15", F("区民政局", "county", "department", "居（村）民委员会", "协助清单内事项", "assist", wc=False),
  "prohibited", ["dalian:24:1"], rationale="Full-width 居（村）民委员会; written commission missing (Art. 24 para 1).")
c("as-08", AC, "xinyang", "2025-05-10", F("街道办事处", "township", "street-office", "村委会", "负面清单事项", "negative"),
  "prohibited", ["xinyang:40:2"], rationale="村委会; negative list (Art. 40 para 2).")
c("as-09", AC, "xinyang", "2025-05-10", F("区民政局", "county", "department", "社区居民委员会", "协助事项", "assist", work=True),
  "conditional", ["xinyang:40:2"], [XY_FUND], rationale="Funding unknown (Art. 40 para 2).")
c("as-10", AC, "haidong", "2024-06-10", F("乡人民政府", "township", "government", "网格员", "清单外事项", "none"),
  "not-governed", [], rationale="Grid staff go to the grid rules whatever the question kind (interpretation.md); Haidong has no grid access rule.")
c("as-11", AC, "dalian", "2024-09-15", F("街道办事处", "township", "street-office", "专职网格员", "清单外事项", "none", appr=False),
  "prohibited", ["dalian:21:2"], rationale="Grid staff → grid rules; no approval (Art. 21 para 2).")
c("as-12", AC, "xinyang", "2025-05-10", F("县民政局", "county", "department", "网格化服务管理人员", "本局职责事项", "none", own=True, appr=True),
  "permitted", ["xinyang:34:2"], rationale="Grid staff → grid rules; approval lifts Art. 34 para 2; the committee own-duty rule (Art. 45) protects committees, not grid staff.")
c("as-13", AG, "xinyang", "2025-05-10", F("县卫生健康委员会", "county", "department", "社区网格员", "准入清单外事项", "none", appr=False),
  "prohibited", ["xinyang:34:2"], rationale="社区网格员 is grid staff; Art. 34 para 2.")
c("as-14", AG, "haidong", "2024-06-10", F("县司法局", "county", "department", "专职网格员", "协助排查处置网格内矛盾纠纷"),
  "permitted", ["haidong:21:4"], rationale="Dispute screening is a statutory grid-staff task (Art. 21 para 4).")
c("as-15", AG, "dalian", "2024-09-15", F("区市场监督管理局", "county", "department", "网格化服务管理人员", "清单外事项", "none", appr=False),
  "prohibited", ["dalian:21:2"], rationale="Grid personnel under any name; Art. 21 para 2.")

# ============================================================ dates
c("dt-hd-01", AC, "haidong", "2023-01-31", F("街道办事处", "township", "street-office", "社区", "协助事项", "assist", work=False),
  "not-in-force", ["haidong:52", "haidong:50:2"], whatif="prohibited", rationale="One day before 2023-02-01 (Art. 52); what-if Art. 50 para 2 (iii).")
c("dt-hd-02", AC, "haidong", "2023-02-01", F("县民政局", "county", "department", "社区", "协助事项", "assist", work=False),
  "prohibited", ["haidong:23:2"], rationale="In force from 2023-02-01 inclusive; work conditions missing.")
c("dt-hd-03", AG, "haidong", "2023-02-01", F("街道办事处", "township", "street-office", "网格员", "日常走访巡查"),
  "permitted", ["haidong:21:4"], rationale="Effective day; statutory grid task (Art. 21 para 4).")
c("dt-hd-04", AC, "haidong", None, F("镇人民政府", "township", "government", "村民委员会", "清单外工作任务", "none"),
  "prohibited", ["haidong:50:2"], rationale="Null date = timeless reading of a regulation in force.")
c("dt-hd-05", AG, "haidong", "2023-01-31", F("县应急管理局", "county", "department", "网格员", "上报安全隐患"),
  "not-in-force", ["haidong:52", "haidong:21:4"], whatif="permitted", rationale="Before effective date; what-if statutory grid task.")
c("dt-dl-01", AC, "dalian", "2024-06-30", F("街道办事处", "township", "street-office", "社区居委会", "协助清单事项", "assist", wc=False),
  "not-in-force", ["dalian:45", "dalian:24:1"], whatif="prohibited", rationale="One day before 2024-07-01 (Art. 45); what-if written commission missing.")
c("dt-dl-02", AG, "dalian", "2024-07-01", F("物业服务企业", None, "enterprise", "网格员", "清单外事项", "none", appr=False),
  "prohibited", ["dalian:21:2"], rationale="Effective day; any unit (Art. 21 para 2).")
c("dt-dl-03", AG, "dalian", "2024-06-30", F("区民政局", "county", "department", "网格", "清单外事项", "none", appr=True, guid=True, work=True, info=True),
  "not-in-force", ["dalian:45"], whatif="permitted", rationale="Before effective date; what-if approval and support present.")
c("dt-dl-04", AC, "dalian", None, F("区民政局", "county", "department", "居民委员会", "清单外事项", "none", buy=True, rules=True, cons=True),
  "permitted", ["dalian:24:3"], rationale="Timeless reading; purchase route holds.")
c("dt-dl-05", AG, "dalian", None, F("街道办事处", "township", "street-office", "网格", "清单外事项", "none", appr=False),
  "prohibited", ["dalian:21:2"], rationale="Timeless reading; Art. 21 para 2.")
c("dt-xy-01", AC, "xinyang", "2025-02-28", F("区民政局", "county", "department", "社区居委会", "协助事项", "assist", fund=True, work=True),
  "not-in-force", ["xinyang:47", "xinyang:40:2"], whatif="permitted", rationale="One day before 2025-03-01 (Art. 47); what-if support provided.")
c("dt-xy-02", AC, "xinyang", "2025-03-01", F("信阳市民政局", "city", "department", "社区居委会", "负面清单事项", "negative"),
  "prohibited", ["xinyang:40:2"], rationale="Effective day.")
c("dt-xy-03", AC, "xinyang", "2025-03-01", F("信阳市城市管理局", "city", "department", "居民委员会", "本局职责事项", "none", own=True),
  "prohibited", ["xinyang:45"], rationale="Effective day; own-duty transfer.")
c("dt-xy-04", AC, "xinyang", None, F("乡人民政府", "township", "government", "村民委员会", "负面清单事项", "negative"),
  "prohibited", ["xinyang:40:2"], rationale="Timeless reading.")
c("dt-xy-05", AG, "xinyang", None, F("燃气公司", None, "enterprise", "网格员", "准入清单外事项", "none", appr=False),
  "prohibited", ["xinyang:34:2"], rationale="Timeless reading; any unit.")
c("dt-xy-06", AG, "xinyang", "2025-02-28", F("县民政局", "county", "department", "网格员", "准入清单外事项", "none", appr=True),
  "not-in-force", ["xinyang:47", "xinyang:34:2"], whatif="permitted", rationale="Day before; what-if approved.")
c("dt-wx-01", AG, "wuxi-draft", None, F("街道办事处", "township", "street-office", "网格员", "负面清单事项", "negative"),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:56:1"], whatif="prohibited", rationale="Draft, null date still not in force; negative list (Art. 56 para 1).")
c("dt-wx-02", AC, "wuxi-draft", "2099-12-31", F("区民政局", "county", "department", "社区居委会", "准入清单事项", "assist"),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:62"], whatif="permitted", rationale="Draft never in force, however late.")
c("dt-wx-03", AG, "wuxi-draft", "2022-08-01", F("区民政局", "county", "department", "网格", "清单外事项", "none", appr=True),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:56:1"], whatif="permitted", rationale="Draft; consent obtained.")

# ============================================================ regulation by Chinese name
c("cn-01", AC, "海东条例", "2024-06-10", F("乡人民政府", "township", "government", "村民委员会", "清单外工作任务", "none"),
  "prohibited", ["haidong:50:2"], rationale="Alias 海东条例.")
c("cn-02", AC, "大连市基层社会治理促进条例", "2024-09-15", F("区民政局", "county", "department", "居委会", "协助清单事项", "assist", wc=False),
  "prohibited", ["dalian:24:1"], rationale="Full title.")
c("cn-03", AC, "信阳市城乡社区治理促进条例", "2025-05-10", F("街道办事处", "township", "street-office", "社区居委会", "负面清单事项", "negative"),
  "prohibited", ["xinyang:40:2"], rationale="Full title of the Xinyang regulation (Q&A: a title or alias).")
c("cn-04", AG, "无锡条例（草案）", "2024-09-15", F("区民政局", "county", "department", "网格", "负面清单事项", "negative"),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:56:1"], whatif="prohibited", rationale="Alias of the draft.")
c("cn-05", AC, "无锡市社会治理促进条例（草案）", "2024-09-15", F("区民政局", "county", "department", "社区居委会", "准入清单事项", "assist"),
  "not-in-force", ["wuxi-draft:77"], whatif="permitted", rationale="Full title of the draft.")
c("cn-06", AG, "海东市基层社会治理促进条例", "2024-06-10", F("镇人民政府", "township", "government", "网格员", "日常走访巡查"),
  "permitted", ["haidong:21:4"], rationale="Full title.")
c("cn-07", LI, "信阳条例", "2025-05-10", F("街道办事处", "township", "street-office", "网格员", "准入清单外事项", "none", appr=False),
  "yes", ["xinyang:44"], rationale="Alias; correction by the county/district government (Art. 44).")
c("cn-08", LI, "大连条例", "2024-09-15", F("街道办事处", "township", "street-office", "网格", "清单外事项", "none", appr=False),
  "no", ["dalian:21:2"], rationale="Alias; no liability clause in Dalian.")
c("cn-09", AG, "信阳", "2025-05-10", F("县民政局", "county", "department", "网格员", "准入清单事项", "grid"),
  "permitted", ["xinyang:34:2"], rationale="Short alias 信阳.")
c("cn-10", "in-force", "大连条例", "2024-06-30", {}, "no", ["dalian:45"], rationale="Alias; day before effective date.")

# ============================================================ compare
ALL4 = ["haidong", "dalian", "wuxi-draft", "xinyang"]
c("cp-01", CP, "all", "2025-05-01", F("街道办事处", "township", "street-office", "社区居委会", "负面清单事项", "negative", buy=False),
  {"haidong": "prohibited", "dalian": "prohibited", "wuxi-draft": "not-in-force", "xinyang": "prohibited"},
  ["haidong:50:2", "dalian:24:2", "wuxi-draft:77", "xinyang:40:2"],
  rationale="No facts.regulations and no regulation named → all four; the draft is not in force.")
c("cp-02", CP, "all", None, F("区卫生健康局", "county", "department", "网格员", "清单外事项", "none", appr=False),
  {"haidong": "not-governed", "dalian": "prohibited", "wuxi-draft": "not-in-force", "xinyang": "prohibited"},
  ["dalian:21:2", "xinyang:34:2", "wuxi-draft:77"], rationale="Null date: in-force regulations read timelessly; draft not in force.")
c("cp-03", CP, "all", "2024-06-30", F("区民政局", "county", "department", "居委会", "协助事项", "assist",
  wc=True, fund=True, work=True, info=True, guid=True),
  {"haidong": "permitted", "dalian": "not-in-force", "wuxi-draft": "not-in-force", "xinyang": "not-in-force"},
  ["haidong:23:2", "dalian:45", "xinyang:47", "wuxi-draft:77"], rationale="Only Haidong in force on 2024-06-30.")
c("cp-04", CP, "all", "2025-03-01", F("乡人民政府", "township", "government", "村民委员会", "协助事项", "assist", work=True, fund=False),
  {"haidong": "permitted", "xinyang": "prohibited"}, ["haidong:50:2", "xinyang:40:2"],
  qzh="2025年3月1日，乡人民政府安排村民委员会办理协助事项，提供了必要工作条件但没有经费。分别按海东条例和信阳条例，是否合法？",
  rationale="The question names Haidong and Xinyang; Haidong needs only work conditions, Xinyang also funding.")
c("cp-05", CP, "all", "2025-06-01", F("县人民政府", "county", "government", "村民委员会", "本级职责事项", "none", own=True, fund=False,
  regulations=["xinyang", "wuxi-draft"]),
  {"xinyang": "not-governed", "wuxi-draft": "not-in-force"}, ["xinyang:40:2", "wuxi-draft:77"],
  rationale="facts.regulations restricts the comparison; Xinyang does not bind a government itself; the draft is never in force.")
c("cp-06", CP, "all", "2025-06-01", F("物业公司", None, "enterprise", "网格化服务管理人员", "清单外事项", "none", appr=False),
  {"haidong": "not-governed", "dalian": "prohibited", "wuxi-draft": "not-in-force", "xinyang": "prohibited"},
  ["dalian:21:2", "xinyang:34:2"], rationale="Any unit/organisation rules in Dalian and Xinyang; none in Haidong.")
c("cp-07", CP, "all", "2024-12-01", F("街道办事处", "township", "street-office", "社区居委会", "清单外事项", "none", own=True,
  buy=True, rules=True, cons=True),
  {"haidong": "prohibited", "dalian": "permitted", "wuxi-draft": "not-in-force", "xinyang": "not-in-force"},
  ["haidong:50:2", "dalian:24:3", "xinyang:47"], rationale="Dalian's purchase route holds; Haidong has none; Xinyang not yet in force.")
c("cp-08", CP, "all", None, F("市人民政府", "city", "government", "社区", "清单外事项", "none", own=False),
  {"haidong": "permitted", "dalian": "not-governed", "wuxi-draft": "not-in-force", "xinyang": "not-governed"},
  ["haidong:7:2", "wuxi-draft:77"], rationale="City governments: Haidong Art. 7 para 2 only; not named in Dalian 24:2 or Xinyang 40:2/45.")
c("cp-09", CP, "all", "2025-05-01", F("区民政局", "county", "department", "居委会", "负面清单事项", "negative", buy=False,
  regulations=["dalian", "xinyang"]),
  {"dalian": "prohibited", "xinyang": "prohibited"}, ["dalian:24:2", "xinyang:40:2"],
  qzh="2025年5月1日，区民政局要求居委会办理负面清单事项。按海东条例是否合法？",
  rationale="facts.regulations takes precedence over the regulations the words name (Q&A compare order).")
c("cp-10", CP, "all", "2023-01-31", F("镇人民政府", "township", "government", "村民委员会", "清单外工作任务", "none"),
  {"haidong": "not-in-force", "dalian": "not-in-force", "wuxi-draft": "not-in-force", "xinyang": "not-in-force"},
  ["haidong:52", "dalian:45", "xinyang:47", "wuxi-draft:77"], rationale="No regulation in force on 2023-01-31.")
c("cp-11", CP, "all", "2025-05-01", F("乡人民政府", "township", "government", "网格员", "网格清单事项", "grid"),
  {"haidong": "not-governed", "dalian": "permitted", "wuxi-draft": "not-in-force", "xinyang": "permitted"},
  ["dalian:21:1", "xinyang:34:2"], rationale="Listed grid item by a township: permitted in Dalian and Xinyang; Haidong has no list and the task is not a statutory grid duty.")
c("cp-12", CP, "all", "2024-08-01", F("区民政局", "county", "department", "居委会", "协助事项", "assist", wc=False, fund=True, work=True, info=True, guid=True),
  {"haidong": "permitted", "dalian": "prohibited"}, ["haidong:23:2", "dalian:24:1"],
  qzh="2024年8月1日，区民政局安排居委会办理协助清单事项，提供了经费和工作条件，但没有书面委托。分别按海东条例和大连条例是否合法？",
  rationale="Words name Haidong and Dalian; Dalian requires a written commission.")

# ============================================================ liability for grid hand-overs
c("li-01", LI, "haidong", "2024-06-10", F("县民政局", "county", "department", "网格员", "清单外事项", "none", appr=False),
  "no", [], rationale="Haidong does not regulate grid hand-overs; no liability.")
c("li-02", LI, "haidong", "2024-06-10", F("乡人民政府", "township", "government", "网格员", "日常走访巡查"),
  "no", [], rationale="Statutory grid-staff task; lawful.")
c("li-03", LI, "haidong", "2024-06-10", F("县人民政府", "county", "government", "兼职网格员", "清单外事项", "none"),
  "no", [], rationale="Not governed in Haidong; Art. 50 para 2 protects committees, not grid staff.")
c("li-04", LI, "dalian", "2024-09-15", F("区民政局", "county", "department", "网格", "清单外事项", "none", appr=True, guid=False, work=False, info=False),
  "no", ["dalian:22:2"], rationale="Breach of Art. 22 para 2, but Dalian has no liability clause.")
c("li-05", LI, "xinyang", "2025-05-10", F("县人民政府", "county", "government", "网格员", "准入清单外事项", "none", appr=False),
  "yes", ["xinyang:44"], rationale="Art. 44 covers any unit breaching Art. 34: correction by the county/district government.")
c("li-06", LI, "xinyang", "2025-05-10", F("县公安局", "county", "department", "网格化服务管理人员", "准入清单外事项", "none", appr=False),
  "yes", ["xinyang:44", "xinyang:46"],
  rationale="Correction under Art. 44; a department also falls under Art. 46 (处分 of responsible leaders and staff) for violating the regulation (legal-analysis: Art. 46 does not reach private units — a fortiori it reaches departments).")
c("li-07", LI, "xinyang", "2025-05-10", F("物业服务企业", None, "enterprise", "网格员", "准入清单外事项", "none"),
  "conditional", ["xinyang:34:2"], [XY_APPR], rationale="Liability (Art. 44) arises only if approval is missing; unknown.")
c("li-08", LI, "xinyang", "2025-05-10", F("乡人民政府", "township", "government", "网格员", "准入清单事项", "grid"),
  "no", [], rationale="Listed item; lawful.")
c("li-09", LI, "xinyang", "2025-02-28", F("街道办事处", "township", "street-office", "网格员", "准入清单外事项", "none", appr=False),
  "not-in-force", ["xinyang:47", "xinyang:44"], whatif="yes", rationale="Day before effective date; what-if Art. 44.")
c("li-10", LI, "wuxi-draft", "2024-09-15", F("区民政局", "county", "department", "网格", "清单外事项", "none", appr=False),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:75"], whatif="conditional",
  rationale="Draft; breach of Art. 56 para 1 has no specific sanction; Art. 75 (约谈) only if characterised as failing governance duties.")
c("li-11", LI, "wuxi-draft", "2024-09-15", F("街道办事处", "township", "street-office", "网格", "清单外事项", "none", appr=False),
  "not-in-force", ["wuxi-draft:77"], whatif="no", rationale="Draft; a street office is not bound by Art. 56 para 1's consent rule: lawful, no liability.")
c("li-12", LI, "dalian", "2024-06-30", F("区民政局", "county", "department", "网格", "清单外事项", "none", appr=False),
  "not-in-force", ["dalian:45"], whatif="no", rationale="Day before; what-if no liability clause.")
c("li-13", LI, "xinyang", "2025-05-10", F("区委政法委", None, None, "网格员", "准入清单外事项", "none", appr=False),
  "yes", ["xinyang:44"], rationale="任何单位 includes Party organs; Art. 44 correction.")
c("li-14", LI, "xinyang", "2025-05-10", F("社区居委会", None, None, "网格员", "准入清单外事项", "none", appr=None),
  "conditional", ["xinyang:34:2"], [XY_APPR], rationale="Approval unknown.")
c("li-15", LI, "haidong", "2023-01-31", F("乡人民政府", "township", "government", "网格员", "清单外事项", "none"),
  "not-in-force", ["haidong:52"], whatif="no", rationale="Before effective date; not governed anyway.")
c("li-16", LI, "xinyang", "2025-05-10", F("街道办事处", "township", "street-office", "网格员", "准入清单外事项", "none", appr=True),
  "no", [], rationale="Approved hand-over; lawful.")
c("li-17", LI, "wuxi-draft", "2024-09-15", F("区民政局", "county", "department", "网格", "负面清单事项", "negative"),
  "not-in-force", ["wuxi-draft:77", "wuxi-draft:75"], whatif="conditional", rationale="Draft; general clause Art. 75 only.")
c("li-18", LI, "dalian", "2024-09-15", F("物业服务企业", None, "enterprise", "网格员", "清单外事项", "none", appr=False),
  "no", ["dalian:21:2"], rationale="Breach of Art. 21 para 2 without sanction in Dalian.")

with open(OUT, "w", encoding="utf-8") as f:
    for d in cases:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
print(len(cases), "cases")
