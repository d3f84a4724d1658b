"""Realistic situations (schema 2): the concrete items each person must and must not get.

Each case is a question people really ask at a counter or on official FAQ pages;
the expected items are what a 人社 counter clerk would hand over."""

from __future__ import annotations

import datetime as dt

from guide.core.answers import normalise_answers
from guide.core.engine import build_checklist

TODAY = dt.date(2026, 11, 23)


def sheet(data, answers, lang="zh", today=TODAY):
    doc = build_checklist(data, normalise_answers(data, answers, today), today, lang).to_dict()
    return {s["id"]: [i["id"] for i in s["items"]] for s in doc["sections"]}, doc


def every(sections):
    return {i for items in sections.values() for i in items}


def text_of(doc):
    return "\n".join(i["text"] for s in doc["sections"] for i in s["items"])


BASE = {"region": "henan/luoyang", "insurance": "employee", "applicant": "self", "problems": []}


def test_activated_years_ago_is_not_overdue(data):
    """Received in 2024, PIN changed since: no enabling step, no deadline, no alarm."""
    s, doc = sheet(data, dict(BASE, card="new", needs=["hospital"], received="2024-01-01", pin_changed="yes"))
    assert "sbk-already-enabled" in s["notes"]
    assert not {"sbk-enable", "overdue-activate-anyway", "activate-within-months", "one-visit"} & every(s)
    assert s["deadlines"] == []
    assert "已过期" not in text_of(doc) and "过了建议" not in text_of(doc)


def test_card_received_long_ago_not_yet_enabled(data):
    """No official page gives a national period: no date, no alarm; one trip to the bank first."""
    s, doc = sheet(data, dict(BASE, card="new", needs=["hospital", "bank"], received="2024-01-01", pin_changed="no"))
    assert s["steps"] == ["sbk-enable", "bank-activate", "hospital-use"] and "one-visit" in s["notes"]
    assert "check-card-face" in s["notes"]  # which bank: said beside the bank step, not a step of its own
    assert s["deadlines"] == [] and "已过期" not in text_of(doc) and "过了" not in text_of(doc)
    assert [(v["place"], v["steps"]) for v in doc["plan"]] == [
        ("bank", ["sbk-enable", "bank-activate"]),
        ("hospital-pharmacy", ["hospital-use"]),
    ]
    assert doc["first"] == {
        "text": "去服务银行（卡面印的银行）：启用社保（医保）功能；持卡人本人开通金融（银行）功能。",
        "step": "sbk-enable",
    }


def test_lost_card(data):
    s, doc = sheet(
        data, dict(BASE, card="new", needs=["hospital"], received="2026-09-01", pin_changed="yes", problems=["lost"])
    )
    # the loss reported by phone at once; at the bank the account's loss report, then the new card
    assert s["steps"][:3] == ["lost-report", "lost-bank-report", "lost-formal-reissue"]
    # the new card is enabled again after it is issued, although the old card's PIN was changed
    assert s["steps"].index("sbk-enable") > s["steps"].index("lost-formal-reissue") and "lost-use-code" in s["steps"]
    assert not {"check-card-face", "mat-card", "hospital-use", "sbk-already-enabled", "two-pins"} & every(s)
    assert "lost-temporary-expires" in s["deadlines"] and "activate-within-months" not in s["deadlines"]
    assert "先看" not in text_of(doc) and "可以直接看病" not in text_of(doc)


def test_found_card_again(data):
    s, _ = sheet(
        data,
        dict(
            BASE,
            card="new",
            needs=["hospital"],
            received="2026-09-01",
            pin_changed="yes",
            problems=["lost", "found-again"],
        ),
    )
    assert "found-unblock" in s["steps"]
    assert not {"lost-report", "lost-formal-reissue", "lost-temporary-expires"} & every(s)


def test_daughter_for_mother_in_care_home_needs_bank(data):
    """Proxy, holder cannot come: the way around (home visit), every step says who acts, IDs once."""
    s, doc = sheet(
        data,
        dict(
            BASE,
            card="new",
            needs=["bank", "hospital"],
            received="2026-10-01",
            pin_changed="no",
            applicant="proxy",
            in_person="no",
        ),
    )
    assert "sbk-enable-remote" in s["steps"] and "bank-home-service" in s["steps"]
    assert not {"sbk-enable", "bank-activate", "bank-activate-with-holder", "one-visit", "pin-reset"} & every(s)
    # nobody goes to a counter: the phone and the card are what is needed, no originals of IDs
    assert s["materials"] == ["mat-card", "mat-phone"]
    assert "place-home-visit" in s["places"] and "proxy-code-meanwhile" in s["notes"]
    assert "上门服务" in text_of(doc)
    steps = [i["text"] for i in doc["sections"][0]["items"]]
    assert all(("代办人" in t) or ("持卡人" in t) or not t.startswith("开通") for t in steps)


def test_guardian_newborn_medical_code(data):
    s, doc = sheet(
        data,
        dict(
            BASE,
            card="e-medical",
            insurance="resident",
            needs=["hospital"],
            applicant="guardian",
            id_document="household-book",
        ),
    )
    assert s["steps"][0] == "emed-child" and "emed-activate" not in s["steps"]
    assert "mat-guardian-book" in s["materials"] and "mat-guardian" not in s["materials"]
    guardian = next(i["text"] for i in doc["sections"][1]["items"] if i["id"] == "mat-guardian-book")
    assert guardian.startswith(
        "孩子的户口簿和监护人本人的身份证；有的地方申领或补办社保卡时，还要能证明监护关系的材料（如出生医学证明）"
    )
    assert "持卡人本人的居民身份证" not in text_of(doc)


def test_guardian_newborn_physical_card(data):
    s, doc = sheet(
        data,
        dict(
            BASE,
            card="new",
            insurance="resident",
            needs=["hospital", "bank"],
            received="2026-11-01",
            pin_changed="no",
            applicant="guardian",
            id_document="household-book",
        ),
    )
    assert {"sbk-enable-guardian", "bank-activate-guardian"} <= set(s["steps"])
    assert not {"sbk-enable", "bank-activate", "mat-doc-self"} & every(s)
    assert (
        "孩子的户口簿和监护人本人的身份证；有的地方申领或补办社保卡时，还要能证明监护关系的材料（如出生医学证明）"
        in text_of(doc)
    )


def test_taiwan_resident_working_in_xiamen(data):
    s, doc = sheet(
        data,
        dict(
            BASE,
            region="厦门",
            card="new",
            needs=["hospital", "bank"],
            received="2026-11-01",
            pin_changed="no",
            id_document="hk-macao-taiwan",
        ),
    )
    assert "other-id-documents" in s["notes"] and "bank-activate" in s["steps"]
    assert "港澳台居民居住证或通行证（台胞证）" in text_of(doc)
    assert "居民身份证" not in text_of(doc).replace("代办人本人的身份证", "")
    assert doc["region"]["id"] == "fujian/xiamen"


def test_hubei_worker_living_in_suzhou(data):
    s, doc = sheet(
        data,
        dict(
            BASE,
            region="宜昌",
            living_region="苏州",
            card="replacement",
            needs=["cross-region", "bank"],
            received="2026-10-20",
            pin_changed="no",
        ),
    )
    assert {"cross-region-filing", "living-elsewhere-filing", "bank-elsewhere"} <= set(s["steps"])
    assert "cross-region-before" in s["deadlines"]
    assert doc["answers"]["living_region"] == "jiangsu/suzhou"
    assert "江苏省苏州市" in text_of(doc)


def test_forgot_medical_code_password(data):
    s, doc = sheet(data, dict(BASE, card="e-medical", needs=["pharmacy"], problems=["forgot-pin"]))
    assert "emed-password-reset" in s["steps"]
    assert not {"pin-reset", "mat-card", "place-service-window"} & every(s)
    assert "窗口" not in next(i["text"] for i in doc["sections"][0]["items"] if i["id"] == "emed-password-reset")


def test_locked_electronic_card_password(data):
    s, _ = sheet(data, dict(BASE, card="e-sbk", needs=["hospital"], problems=["locked"]))
    assert "esbk-password-reset" in s["steps"] and "pin-reset" not in s["steps"]


def test_face_check_keeps_failing(data):
    s, doc = sheet(data, dict(BASE, card="e-medical", needs=["hospital"], problems=["activation-failed"]))
    assert "face-check-failed" in s["steps"] and "activation-failed-check" not in s["steps"]
    assert "卡上的姓名" not in text_of(doc)


def test_retiree_buys_medicine(data):
    """A retiree keeps employee insurance and its personal account."""
    s, _ = sheet(data, dict(BASE, card="new", needs=["pharmacy"], received="2026-10-01", pin_changed="no"))
    assert "pharmacy-use" in s["steps"] and "employee-account" in s["notes"]
    retiree = data.question("insurance")
    assert "退休" in retiree.help["zh"] and "灵活就业" in retiree.help["zh"]


def test_flexible_worker_unsure_of_insurance(data):
    s, _ = sheet(data, dict(BASE, card="e-medical", insurance="unsure", needs=["pharmacy"]))
    assert {"pharmacy-resident"} <= set(s["steps"]) and "insurance-unsure" in s["notes"]
    assert "pharmacy-use" not in s["steps"] and "employee-account" not in s["notes"]


def test_resident_gets_no_personal_account_advice(data):
    s, _ = sheet(data, dict(BASE, card="legacy", insurance="resident", needs=["pharmacy", "family"]))
    assert not {"pharmacy-use", "family-mutual-aid", "employee-account"} & every(s)
    assert "resident-no-account" in s["notes"] and "family-show-code" in s["steps"]


def test_holder_of_two_cards(data):
    s, _ = sheet(
        data,
        dict(
            BASE,
            card="replacement",
            needs=["hospital"],
            received="2026-10-01",
            pin_changed="yes",
            problems=["multiple-cards"],
        ),
    )
    assert "multiple-cards-check" in s["steps"]


def test_expiring_card(data):
    s, _ = sheet(
        data, dict(BASE, card="new", needs=["bank"], received="2016-12-01", pin_changed="yes", problems=["expired"])
    )
    assert "expired-renew" in s["steps"] and "bank-hotline" in s["contacts"]
    assert s["deadlines"] == []


def test_legacy_card_gets_the_whole_way(data):
    s, doc = sheet(data, dict(BASE, card="legacy", needs=["hospital", "bank"]))
    assert s["steps"][:3] == ["legacy-apply", "sbk-enable", "bank-activate"]
    assert "下面的步骤" not in text_of(doc)


def test_guangdong_seal_rule_without_a_late_date(data):
    s, doc = sheet(
        data, dict(BASE, region="广州", card="new", needs=["hospital"], received="2026-06-01", pin_changed="no")
    )
    assert "gd-seal-rule" in s["deadlines"]
    deadline = next(i for i in doc["sections"][3]["items"] if i["id"] == "gd-seal-rule")
    assert "due" not in deadline and "马上" in deadline["text"]  # receipt + 12 months is later than the rule allows


def test_region_fallback_note_comes_first(data):
    s, doc = sheet(data, dict(BASE, region="天津", card="e-medical", needs=["hospital"]))
    assert s["notes"][0] == "region-generic"
    assert "下面" not in doc["sections"][4]["items"][0]["text"]
