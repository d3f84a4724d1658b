"""Realistic situations: the concrete items each person must (and must not) get."""

from __future__ import annotations

import datetime as dt

from guide.core.answers import normalise_answers
from guide.core.engine import build_checklist

TODAY = dt.date(2026, 11, 23)


def ids(data, answers, lang="zh", today=TODAY):
    doc = build_checklist(data, normalise_answers(data, answers, today), today, lang).to_dict()
    return {s["id"]: [i["id"] for i in s["items"]] for s in doc["sections"]}, doc


def flat(sections):
    return {i for items in sections.values() for i in items}


def test_retiree_replacement_card_received_long_ago(data):
    s, doc = ids(
        data,
        {
            "card": "replacement",
            "region": "henan/luoyang",
            "insurance": "employee",
            "needs": ["bank", "pharmacy"],
            "received": "2024-03-10",
            "applicant": "self",
            "pin_changed": "no",
            "problems": [],
        },
    )
    assert s["steps"][:3] == ["check-card-face", "sbk-activate-pin", "bank-activate"]
    assert "overdue-activate-anyway" in s["steps"] and "pharmacy-use" in s["steps"]
    deadline = doc["sections"][3]["items"][0]
    assert deadline["id"] == "activate-within-months"
    assert (deadline["due"], deadline["days_left"], deadline["overdue"]) == ("2024-09-10", -804, True)
    assert "replacement-old-card" in s["notes"] and "region-province-only" in s["notes"]
    assert doc["region"] == {"id": "henan/luoyang", "name": "河南省洛阳市", "specific": True}


def test_villager_with_old_medical_card_in_xinxiang(data):
    s, doc = ids(
        data,
        {
            "card": "legacy",
            "region": "新乡",
            "insurance": "resident",
            "needs": ["hospital", "pharmacy"],
            "applicant": "self",
            "problems": [],
        },
    )
    assert s["steps"][:2] == ["legacy-switch", "legacy-enable-new"]
    assert "pharmacy-resident" in s["steps"] and "pharmacy-use" not in s["steps"]
    pharmacy = next(i for i in doc["sections"][0]["items"] if i["id"] == "pharmacy-resident")
    assert "新乡的城乡居民医保不能在药店刷卡买药" in pharmacy["text"] and pharmacy["sources"] == ["S001"]
    assert {"henan-legacy-stopped", "xinxiang-resident-old-balance", "resident-no-account"} <= set(s["notes"])
    assert "mat-legacy-card" in s["materials"]
    assert "resident-payment-window" in s["deadlines"]


def test_proxy_for_bedridden_parent_national(data):
    s, _ = ids(
        data,
        {
            "card": "new",
            "region": "national",
            "insurance": "employee",
            "needs": ["hospital", "bank"],
            "received": "2026-10-01",
            "applicant": "proxy",
            "in_person": "no",
            "pin_changed": "no",
            "problems": [],
        },
    )
    assert "bank-home-service" in s["steps"]
    assert "bank-activate" not in s["steps"] and "bank-activate-with-holder" not in s["steps"]
    assert "proxy-code-meanwhile" in s["notes"] and "mat-proxy" in s["materials"]
    assert "region-national" in s["notes"]


def test_proxy_for_bedridden_parent_zhengzhou_uses_authorisation(data):
    s, doc = ids(
        data,
        {
            "card": "new",
            "region": "河南省郑州市",
            "insurance": "employee",
            "needs": ["bank"],
            "received": "2026-10-01",
            "applicant": "proxy",
            "in_person": "no",
            "pin_changed": "yes",
            "problems": [],
        },
    )
    step = next(i for i in doc["sections"][0]["items"] if i["id"] == "bank-home-service")
    assert "委托书" in step["text"] and step["sources"] == ["S004"]
    assert "zz-proxy-authorisation" in s["materials"] and "sbk-pin-done" in s["steps"]


def test_lost_card_employee(data):
    s, _ = ids(
        data,
        {
            "card": "replacement",
            "region": "guangdong/guangzhou",
            "insurance": "employee",
            "needs": ["hospital"],
            "received": "2026-11-20",
            "applicant": "self",
            "pin_changed": "no",
            "problems": ["lost"],
        },
    )
    assert s["steps"][-3:] == ["lost-report", "lost-formal-reissue", "lost-use-code"]
    assert "lost-temporary-expires" in s["deadlines"] and "bank-hotline" in s["contacts"]
    assert "place-bank" in s["places"]


def test_newborn_resident_by_guardian(data):
    s, _ = ids(
        data,
        {
            "card": "new",
            "region": "hunan/changsha",
            "insurance": "resident",
            "needs": ["hospital", "bank"],
            "received": "2026-11-01",
            "applicant": "guardian",
            "pin_changed": "no",
            "problems": [],
        },
    )
    assert "bank-activate-guardian" in s["steps"] and "bank-activate" not in s["steps"]
    assert "mat-guardian" in s["materials"] and "hunan-any-bank-branch" in s["places"]
    assert "resident-payment-window" in s["deadlines"]


def test_young_worker_e_medical_code_only(data):
    s, doc = ids(
        data,
        {
            "card": "e-medical",
            "region": "beijing",
            "insurance": "employee",
            "needs": ["pharmacy"],
            "applicant": "self",
            "problems": [],
        },
    )
    assert s["steps"] == ["emed-activate", "pharmacy-use"]
    assert s["materials"] == ["mat-id-card", "mat-phone"]
    assert s["deadlines"] == [] and "received" not in doc["answers"]
    assert "two-pins" not in s["notes"] and "region-generic" in s["notes"]
    assert doc["region"]["specific"] is False


def test_electronic_card_for_family_members(data):
    s, _ = ids(
        data,
        {
            "card": "e-sbk",
            "region": "yunnan/kunming",
            "insurance": "employee",
            "needs": ["family"],
            "applicant": "self",
            "problems": [],
        },
    )
    assert s["steps"][:3] == ["esbk-need-physical", "esbk-claim", "esbk-family"]
    assert "family-mutual-aid" in s["steps"] and "e-sbk-unified" in s["notes"]


def test_resident_wanting_family_aid_gets_no_shared_money(data):
    s, _ = ids(
        data,
        {
            "card": "new",
            "region": "national",
            "insurance": "resident",
            "needs": ["family"],
            "received": "2026-06-01",
            "applicant": "self",
            "pin_changed": "no",
            "problems": [],
        },
    )
    assert "family-resident" in s["steps"] and "family-mutual-aid" not in s["steps"]


def test_migrant_worker_cross_region_xinxiang(data):
    s, _ = ids(
        data,
        {
            "card": "new",
            "region": "henan/xinxiang",
            "insurance": "employee",
            "needs": ["cross-region"],
            "received": "2026-08-31",
            "applicant": "self",
            "pin_changed": "no",
            "problems": [],
        },
    )
    assert "cross-region-filing" in s["steps"] and "cross-region-before" in s["deadlines"]
    assert "xinxiang-cross-region-local-use" in s["notes"] and "place-online" in s["places"]


def test_name_change_after_marriage(data):
    s, _ = ids(
        data,
        {
            "card": "new",
            "region": "jiangsu/nanjing",
            "insurance": "employee",
            "needs": ["hospital"],
            "received": "2026-09-09",
            "applicant": "self",
            "pin_changed": "no",
            "problems": ["name-change", "activation-failed"],
        },
    )
    assert "name-change-order" in s["steps"] and "activation-failed-check" in s["steps"]
    assert "mat-name-change" in s["materials"]
    assert "nj-my-nanjing" in s["places"] and "nj-two-functions" in s["notes"]


def test_guangdong_card_older_than_a_year_may_be_sealed(data):
    _s, doc = ids(
        data,
        {
            "card": "new",
            "region": "广东",
            "insurance": "employee",
            "needs": ["hospital"],
            "received": "2025-08-31",
            "applicant": "self",
            "pin_changed": "no",
            "problems": [],
        },
    )
    deadline = doc["sections"][3]["items"][0]
    assert (deadline["due"], deadline["overdue"]) == ("2026-08-31", True)
    assert "逾期封存卡" in deadline["text"]
    step = next(i for i in doc["sections"][0]["items"] if i["id"] == "overdue-activate-anyway")
    assert step["sources"] == ["zsnews-gd", "S001"]


def test_locked_pin_employee_unsure_insurance(data):
    s, _ = ids(
        data,
        {
            "card": "new",
            "region": "national",
            "insurance": "unsure",
            "needs": ["pharmacy"],
            "received": "unsure",
            "applicant": "self",
            "pin_changed": "yes",
            "problems": ["locked"],
        },
    )
    assert "pin-reset" in s["steps"] and "insurance-unsure" in s["notes"]
    assert "received-date-unknown" in s["deadlines"] and "activate-within-months" not in s["deadlines"]


def test_english_texts_are_english(data):
    import re

    _, doc = ids(
        data,
        {
            "card": "new",
            "region": "henan/zhengzhou",
            "insurance": "employee",
            "needs": ["hospital", "pharmacy", "bank", "cross-region", "family"],
            "received": "2025-01-01",
            "applicant": "proxy",
            "in_person": "no",
            "pin_changed": "unsure",
            "problems": ["lost", "forgot-pin", "name-change"],
        },
        lang="en",
    )
    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert [s["title"] for s in doc["sections"]] == [
        "Steps",
        "What to bring",
        "Where to go",
        "Deadlines",
        "Good to know",
        "Who to call",
    ]
    for section in doc["sections"]:
        for item in section["items"]:
            # Chinese appears only as a gloss in brackets (the name to show at a counter)
            assert not cjk.search(re.sub(r"\([^)]*\)", "", item["text"])), item["text"]
    assert doc["region"]["name"] == "Zhengzhou, Henan"
