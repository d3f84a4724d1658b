"""The rules a checklist must keep, read from its JSON (tests of every path use them):
one value per fact, steps done by someone the answers allow, domain.md §6 (rules across
answers) and §7 (the rules of a plan)."""

from __future__ import annotations

import datetime as dt

from conftest import check_contract

from guide.core.conditions import compile_condition, fact_tokens
from guide.core.engine import build_checklist
from guide.core.plan import start_state

TODAY = dt.date(2026, 11, 23)
PHYSICAL = ("new", "replacement")
ELECTRONIC = ("e-sbk", "e-medical")


def implied_rules(data):
    return [(compile_condition(rule["when"]), rule["facts"]) for rule in data.situation["implied"]]


def read(data, answers, doc, items, implied):
    """One checklist read as one text: it meets the contract, no two items state different
    values of one fact (`asserts`) and nothing contradicts what the answers imply
    (situation.yaml), each step is done by someone the answers allow, no item repeats
    another, and the plan keeps §7. Returns the shown ids and the items' text."""
    check_contract(doc)
    shown = [(section["id"], item) for section in doc["sections"] for item in section["items"]]
    ids = [item["id"] for _, item in shown]
    tokens = fact_tokens(answers)
    facts: dict[str, tuple[str, str]] = {}
    for test, implied_facts in implied:
        if test(tokens):
            for fact, value in implied_facts.items():
                facts[fact] = (value, "answers")
    for section, item in shown:
        meta = items[item["id"]]
        for fact, value in meta.asserts.items():
            before = facts.setdefault(fact, (value, item["id"]))
            assert before[0] == value, f"{item['id']} says {fact}={value}, {before[1]} says {before[0]}: {answers}"
        if section == "steps":
            who = meta.who
            if who == "holder":
                assert answers["applicant"] == "self" or answers.get("in_person") == "yes", (item["id"], answers)
            elif who in ("proxy", "guardian"):
                assert answers["applicant"] == who, (item["id"], answers)
    assert len(ids) == len(set(ids)), answers
    plan_rules(data, answers, doc, items)
    texts = [item["text"] for _, item in shown]
    assert len(texts) == len(set(texts)), f"an item repeats another: {answers}"
    return set(ids), "\n".join(texts)


def check(data, answers, items, implied, lang="zh"):
    """Build the checklist of `answers` (the JSON's view: no summary) and read it (`read`)."""
    doc = build_checklist(data, answers, TODAY, lang, with_summary=False).to_dict()
    ids, text = read(data, answers, doc, items, implied)
    return doc, ids, text


IN_PERSON = {"hrss-window", "medical-window", "bank", "police", "community", "hospital-pharmacy"}


def plan_rules(data, answers, doc, items):
    """domain.md §7 on one checklist, read from its JSON: each step's needs hold when its turn
    comes (from the start state and the steps before it), none is done for nothing, every
    material serves a step of the plan, notes/places/contacts are about something in it, the
    card goes along where a step needs the card the holder has, no needless second trip."""
    state = start_state(data, fact_tokens(answers))
    holds_card = state.get("card_in_hand") == "yes"
    materials = {i["id"] for i in doc["sections"][1]["items"]}
    steps = [s for v in doc["plan"] for s in v["steps"]]
    for visit in doc["plan"]:
        for sid in visit["steps"]:
            step = items[sid]
            assert all(state.get(f) == v for f, v in step.needs.items()), (sid, state, answers)
            assert not step.gives or not all(state.get(f) == v for f, v in step.gives.items()), (sid, answers)
            state.update(step.gives)
            state.update(step.changes)
            if holds_card and step.needs.get("card_in_hand") == "yes" and visit["place"] in IN_PERSON:
                assert any(items[m].asserts.get("card_in_hand") == "yes" for m in visit["bring"]), (sid, answers)
    for mid in materials:
        assert set(items[mid].serves) & set(steps), (mid, answers)
    for section in doc["sections"][2:]:
        for item in section["items"]:
            about = items[item["id"]].about
            if "steps" in about and "places" not in about:
                assert set(about["steps"]) & set(steps), (item["id"], answers)
            if "no_steps" in about:
                assert not set(about["no_steps"]) & set(steps), (item["id"], answers)
            if "places" in about:
                assert set(about["places"]) & {v["place"] for v in doc["plan"]}, (item["id"], answers)
    places = [v["place"] for v in doc["plan"]]
    after_new_card = tuple(h[doc["lang"]] for h in (data.after_new_card, data.after_new_card_remote) if h[doc["lang"]])
    for n, place in enumerate(places):
        if place in places[:n]:
            before = places.index(place)
            # a visit after a new card made at the same place waits for that card
            start = before if after_new_card and doc["plan"][n]["title"].startswith(after_new_card) else before + 1
            done = [s for v in doc["plan"][start:n] for s in v["steps"]]
            given = {kv for s in done for kv in (*items[s].gives.items(), *items[s].changes.items())}
            needed = {kv for s in doc["plan"][n]["steps"] for kv in items[s].needs.items()}
            assert given & needed, (f"needless second trip to {place}", answers)


def section_6(data, answers, ids, text, items, doc):
    """§6, rule by rule."""
    problems = set(answers["problems"])
    asserted = {fact: value for i in ids for fact, value in items[i].asserts.items()}
    electronic = answers["card"] in ELECTRONIC
    # pin_changed: yes -> enabled: no enable step, no deadline, no overdue alarm
    if answers.get("pin_changed") == "yes":
        assert asserted.get("sb_enabled") != "no"
        assert not {"activate-within-months", "received-date-unknown", "overdue-activate-anyway", "gd-seal-rule"} & ids
    # lost -> no card face, no bringing the card, no "usable now"; 挂失 -> 补卡 -> enable again
    if "lost" in problems and "found-again" not in problems:
        assert asserted.get("card_in_hand") != "yes" and asserted.get("usable_now") != "yes"
        assert (
            "lost-report" in ids
            and {"lost-formal-reissue", "lost-proxy-reissue", "lost-guardian-reissue", "legacy-apply"} & ids
        )
        assert "卡的正面" not in text and "mat-card" not in ids
    # the holder cannot come -> nothing needs the holder at a counter; the IDs listed once, together
    if answers["applicant"] == "proxy" and answers.get("in_person") == "no":
        assert asserted.get("holder_at_counter") != "yes"
        assert "mat-doc-self" not in ids
        if any(v["place"] in IN_PERSON - {"hospital-pharmacy"} and v["who"] == "proxy" for v in doc["plan"]):
            assert "mat-proxy-ids" in ids
        if answers["card"] in PHYSICAL + ("legacy",) and "bank" in answers["needs"] and "lost" not in problems:
            assert "上门服务" in text
    # a guardian: the child's documents and the guardian's ID; a parent's face check
    if answers["applicant"] == "guardian":
        assert "mat-doc-self" not in ids
        if any(v["place"] in IN_PERSON - {"hospital-pharmacy"} and v["who"] == "guardian" for v in doc["plan"]):
            assert {"mat-guardian", "mat-guardian-book"} & ids
        assert "持卡人本人" not in text
        assert asserted.get("face_check") != "holder"
    # electronic credentials with a password or activation problem -> the app's own way
    if electronic and problems & {"forgot-pin", "locked", "activation-failed"}:
        assert asserted.get("pin_kind") != "physical"
        assert not {"pin-reset", "activation-failed-check"} & ids
        if problems & {"forgot-pin", "locked"}:
            assert ("esbk-password-reset" if answers["card"] == "e-sbk" else "emed-password-reset") in ids
        if "activation-failed" in problems:
            assert "face-check-failed" in ids
    # legacy -> the way to the card, nothing dangling
    if answers["card"] == "legacy":
        assert (
            "legacy-apply" in ids or "found-again" in problems
        )  # a found card needs no new one and "下面的步骤" not in text and "按下面" not in text
    # resident insurance -> no personal-account advice
    if answers["insurance"] == "resident":
        assert asserted.get("personal_account") != "yes"
        assert not {"pharmacy-use", "family-mutual-aid", "employee-account"} & ids
    # a person without a resident ID card is never asked for one
    if answers["id_document"] != "id-card":
        assert "持卡人本人的居民身份证" not in text and "持卡人的居民身份证" not in text
