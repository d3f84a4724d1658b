"""Checklists WITH a plan, for the layout tests, until the planner (guide/core/plan.py) lands.

`with_plan()` takes a checklist the engine built from the shipped data and fills what schema 3
adds, the way the planner is meant to (contract.md): `first`, `plan` (every step in exactly one
visit, in the order of the steps section; every material brought to at least one visit), a
grade on every source, `unconfirmed` on the items only a weak source supports, and no date on a
recommendation (a `due` date is a sourced, binding rule). The grouping is a plain keyword rule
on the step ids: good enough to give the renderers realistic plans of one to four visits.
"""

from __future__ import annotations

import datetime as dt

from guide.core.engine import build_checklist
from guide.core.model import Checklist, First, Visit

TODAY = dt.date(2026, 12, 2)

# the six situations of issue 24 (F is A in English)
SITUATIONS = {
    "A": {
        "card": "new",
        "region": "henan/zhengzhou",
        "insurance": "employee",
        "needs": ["hospital", "bank"],
        "received": "2026-05-01",
        "applicant": "self",
        "pin_changed": "no",
        "problems": [],
    },
    "B": {
        "card": "new",
        "region": "guangdong/guangzhou",
        "insurance": "resident",
        "needs": ["hospital", "pharmacy", "bank"],
        "received": "2026-05-01",
        "applicant": "proxy",
        "in_person": "no",
        "pin_changed": "no",
        "problems": [],
    },
    "C": {
        "card": "new",
        "region": "jilin/changchun",
        "insurance": "resident",
        "needs": ["hospital"],
        "received": "2026-11-01",
        "applicant": "guardian",
        "id_document": "household-book",
        "pin_changed": "no",
        "problems": [],
    },
    "D": {
        "card": "new",
        "region": "beijing",
        "insurance": "employee",
        "needs": ["hospital", "bank"],
        "received": "2026-05-01",
        "applicant": "self",
        "pin_changed": "no",
        "problems": ["lost", "found-again", "forgot-pin"],
    },
    "E": {
        "card": "new",
        "region": "henan/zhengzhou",
        "insurance": "employee",
        "needs": ["hospital", "pharmacy", "bank", "cross-region", "family"],
        "living_region": "guangdong/guangzhou",
        "received": "2025-05-01",
        "applicant": "proxy",
        "in_person": "no",
        "pin_changed": "no",
        "problems": ["lost", "found-again", "forgot-pin", "locked", "damaged"],
    },
}
NAMES = {"A": "王阿姨", "B": "李奶奶"}
LONG_NAME = "欧阳" + "明" * 37  # 39 characters (the most --name takes is 40)

TITLES = {
    "bank": ("去服务银行（卡面印的银行）", "Go to the service bank (printed on the card)"),
    "hrss-window": ("去社保卡服务网点（人社窗口）", "Go to a social security card service point"),
    "medical-window": ("去医保窗口", "Go to the medical insurance window"),
    "online": ("在手机上办", "On a smartphone, at home"),
    "phone-call": ("打电话", "Make a phone call"),
    "hospital-pharmacy": ("看病买药时", "At the hospital or pharmacy"),
}
FIRST = {
    "bank": (
        "带上社保卡和身份证，去卡面印的银行，一次把社保功能和银行功能都开通。",
        "Take the card and the ID card to the bank printed on the card and have both functions switched on in one visit.",
    ),
    "hrss-window": (
        "带上身份证和社保卡，去社保卡服务网点办理。",
        "Take the ID card and the card to a social security card service point.",
    ),
    "online": (
        "先在手机上把社保（医保）功能启用，不用出门。",
        "First switch the social security (medical) function on with a smartphone, without going out.",
    ),
    "phone-call": ("先打 12333，问清卡现在的状态。", "First call 12333 and ask about the card's status."),
    "hospital-pharmacy": (
        "看病时带上社保卡，或者出示医保码。",
        "Take the card to the hospital, or show the medical insurance code.",
    ),
}
PLACE_WORDS = (  # first match wins
    ("hospital-pharmacy", ("hospital", "pharmacy")),
    ("online", ("online", "remote", "filing", "family", "code")),
    ("phone-call", ("lost", "report")),
    ("bank", ("bank",)),
    ("hrss-window", ("unblock", "pin", "unlock", "locked", "replace", "damaged", "found", "enable", "sbk")),
)
WEAK = ("jss-12393", "3news-2022-pin", "qy-bendibao", "jining-pin", "S000", "S001", "S002", "S003", "S004")


def _place(step_id: str, ids: list[str]) -> str | None:
    if step_id.startswith("overdue"):  # an addendum to the step before it
        return "same"
    if step_id == "sbk-enable" and "bank-activate" in ids:  # most banks do both in one visit
        return "bank"
    for place, words in PLACE_WORDS:
        if any(word in step_id for word in words):
            return place
    return None


def grade(source: dict[str, str]) -> str:
    if source["id"] in WEAK or "bendibao" in source.get("url", ""):
        return "W"
    return "O" if ".gov.cn" in source.get("url", "") else "N"


def with_plan(checklist: Checklist) -> Checklist:
    lang = checklist.lang
    steps = next(s for s in checklist.sections if s.id == "steps").items
    materials = next(s for s in checklist.sections if s.id == "materials").items
    ids = [item.id for item in steps]
    places: list[str | None] = [_place(item.id, ids) for item in steps]
    for n, place in enumerate(places):
        if place == "same":
            places[n] = places[n - 1] if n else None
    for n in range(len(places) - 1, -1, -1):  # a step without a place word goes with the next step
        if places[n] is None:
            places[n] = places[n + 1] if n + 1 < len(places) else "hrss-window"
    visits: list[Visit] = []
    for item, place in zip(steps, places, strict=True):
        assert place is not None
        if not visits or visits[-1].place != place:
            who = "anyone" if place in ("online", "phone-call") else "holder"
            if checklist.answers.get("applicant") in ("proxy", "guardian") and place != "hospital-pharmacy":
                who = checklist.answers["applicant"]
            title = TITLES[place][1 if lang == "en" else 0]
            visits.append(Visit(place=place, title=title, who=who, steps=[], bring=[]))
        visits[-1].steps.append(item.id)
    for material in materials:
        if "phone" in material.id:
            wanted = [v for v in visits if v.place == "online"]
        else:
            wanted = [v for v in visits if v.place not in ("online", "phone-call")][:1]
            if material.id == "mat-card":
                wanted += [v for v in visits if v.place == "hospital-pharmacy" and v not in wanted]
        for visit in wanted or visits[:1]:
            visit.bring.append(material.id)
    checklist.plan = visits
    text = FIRST[visits[0].place][1 if lang == "en" else 0]
    checklist.first = First(text=text, step=visits[0].steps[0])
    grades = {}
    for source in checklist.sources:
        source["grade"] = grades[source["id"]] = grade(source)
    for section in checklist.sections:
        for item in section.items:
            item.unconfirmed = all(grades[s] == "W" for s in item.sources)
            if item.id == "activate-within-months":  # a recommendation: no date, never overdue
                item.due = item.days_left = item.overdue = None
    return checklist


def situation(data, key: str, lang: str = "zh", *, plan: bool = True, name: str | None = None) -> Checklist:
    answers = SITUATIONS["A" if key == "F" else key]
    lang = "en" if key == "F" else lang
    shown = name if name is not None else NAMES.get("A" if key == "F" else key)
    doc = build_checklist(data, answers, TODAY, lang, name=shown)
    return with_plan(doc) if plan else doc


def typical(data, lang: str = "zh") -> Checklist:
    """Situation A as the contract's example plans it: the three bank-window steps are one step
    ("bank-both"), done in one visit to the service bank; then the hospital."""
    doc = situation(data, "A", lang)
    steps = next(s for s in doc.sections if s.id == "steps")
    both = steps.items[2]
    both.id = "bank-both"
    both.text = (
        "带上社保卡和居民身份证，到卡面所印银行的任一网点柜台，一次启用社保（医保）功能、开通金融（银行）功能，设置银行密码。"
        if lang == "zh"
        else "Take the card and the resident ID card to any branch of the bank printed on the card: enable the "
        "social security (medical) function and open the bank function in one visit, and set a bank PIN."
    )
    steps.items = [both] + [i for i in steps.items if i.id in ("overdue-activate-anyway", "hospital-use")]
    doc.plan[0].steps = ["bank-both", "overdue-activate-anyway"]
    doc.first = First(text=doc.first.text, step="bank-both")
    return doc
