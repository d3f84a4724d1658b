"""The six situations of issue 24, as the engine plans them (guide/core/plan.py), for the
layout tests. E is the longest path found (tools: every needs, a cross-region holder living
in another city, four problems, a proxy): its 32-column receipt was the longest of ~10,000 tried."""

from __future__ import annotations

import datetime as dt

from guide.core.engine import build_checklist
from guide.core.model import Checklist

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
        "region": "guangdong/guangzhou",
        "insurance": "employee",
        "needs": ["hospital", "pharmacy", "bank", "cross-region", "family"],
        "living_region": "guangdong/shenzhen",
        "received": "2025-05-01",
        "applicant": "proxy",
        "in_person": "yes",
        "pin_changed": "no",
        "problems": ["found-again", "expired", "activation-failed", "multiple-cards"],
    },
    # not one of the six: Guangdong's sealing year passed on a short plan (a dated text)
    "G": {
        "card": "new",
        "region": "guangdong/guangzhou",
        "insurance": "employee",
        "needs": ["hospital", "bank"],
        "received": "2025-05-01",
        "applicant": "self",
        "pin_changed": "no",
        "problems": [],
    },
}
NAMES = {"A": "王阿姨", "B": "李奶奶", "E": "张爷爷"}
LONG_NAME = "欧阳" + "明" * 37  # 39 characters (the most --name takes is 40)


def situation(data, key: str, lang: str = "zh", *, name: str | None = None) -> Checklist:
    answers = SITUATIONS["A" if key == "F" else key]
    lang = "en" if key == "F" else lang
    shown = name if name is not None else NAMES.get("A" if key == "F" else key)
    return build_checklist(data, answers, TODAY, lang, name=shown)


def typical(data, lang: str = "zh") -> Checklist:
    """Situation A: a first card, for the hospital and the bank, collected in person."""
    return situation(data, "A", lang)
