"""domain.md §6: the rules that hold across answers, proved over every enumerated path.

Every routing path of the tree (card, insurance, needs, applicant, in_person, received,
pin_changed) is built, crossed with the ID documents, the place the holder lives and a
cycle of problem sets, in the national data and in every region with data of its own.
On each checklist, read as one text: no two items state different values of one fact
(`asserts`), nothing contradicts what the answers imply (situation.yaml), each step is
done by someone the answers allow, and every §6 rule holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest
from conftest import APPLICANTS, DOCUMENTS, NEED_SETS, PROBLEMS, check_contract, paths

from guide.core.conditions import compile_condition, fact_tokens
from guide.core.engine import build_checklist, effective_items
from guide.core.plan import start_state
from guide.core.situation import conflicts

TODAY = dt.date(2026, 11, 23)
PHYSICAL = ("new", "replacement")
ELECTRONIC = ("e-sbk", "e-medical")


def _implied(data):
    return [(compile_condition(rule["when"]), rule["facts"]) for rule in data.situation["implied"]]


def _check(data, region, answers, items, implied, lang="zh"):
    checklist = build_checklist(data, answers, TODAY, lang, with_summary=False)  # the JSON's view: no summary
    doc = checklist.to_dict()
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
    _plan_rules(data, answers, doc, items)
    texts = [item["text"] for _, item in shown]
    assert len(texts) == len(set(texts)), f"an item repeats another: {answers}"
    return doc, set(ids), "\n".join(texts)


IN_PERSON = {"hrss-window", "medical-window", "bank", "police", "community", "hospital-pharmacy"}


def _plan_rules(data, answers, doc, items):
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
    after_new_card = data.after_new_card[doc["lang"]]
    for n, place in enumerate(places):
        if place in places[:n]:
            before = places.index(place)
            # a visit after a new card made at the same place waits for that card
            start = before if after_new_card and doc["plan"][n]["title"].startswith(after_new_card) else before + 1
            done = [s for v in doc["plan"][start:n] for s in v["steps"]]
            given = {kv for s in done for kv in (*items[s].gives.items(), *items[s].changes.items())}
            needed = {kv for s in doc["plan"][n]["steps"] for kv in items[s].needs.items()}
            assert given & needed, (f"needless second trip to {place}", answers)


def _rules(data, answers, ids, text, items, doc):
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


@pytest.fixture(scope="module")
def regions(data):
    return ["national", "beijing", "henan/luoyang", *data.overlays]


def test_domain_section_6_rules_over_every_path(data, regions):
    implied = _implied(data)
    n = 0
    for region in regions:
        items = {item.id: item for item in effective_items(data, region)[0]}
        for answers in paths([region], varied=True):
            if region != "national" and n % 3:  # every path nationally; a third of them per region
                n += 1
                continue
            lang = "en" if n % 5 == 0 else "zh"
            _doc, ids, text = _check(data, region, answers, items, implied, lang)
            if lang == "zh":
                _rules(data, answers, ids, text, items, _doc)
            n += 1
    assert n > 7812 * len(regions) - 1


def test_every_problem_set_on_every_card_and_applicant(data):
    """The problem dimension in full: every subset of up to three problems, for each card and applicant."""
    implied = _implied(data)
    items = {item.id: item for item in effective_items(data, "national")[0]}
    sets = [list(c) for r in range(4) for c in itertools.combinations(PROBLEMS, r)]
    for card in ["new", "replacement", "legacy", "e-sbk", "e-medical"]:
        for applicant, in_person in APPLICANTS:
            for n, problems in enumerate(sets):
                answers = {
                    "card": card,
                    "region": "national",
                    "insurance": ["employee", "resident", "unsure"][n % 3],
                    "needs": NEED_SETS[n % len(NEED_SETS)],
                    "applicant": applicant,
                    "id_document": DOCUMENTS[n % 4],
                    "problems": problems,
                }
                if in_person:
                    answers["in_person"] = in_person
                if card in PHYSICAL:
                    answers.update(
                        received=["2026-09-01", "2024-01-31", "unsure"][n % 3],
                        pin_changed=["yes", "no", "unsure"][n % 3],
                    )
                if "cross-region" in answers["needs"]:
                    answers["living_region"] = "jiangsu/suzhou"
                _doc, ids, text = _check(data, "national", answers, items, implied)
                _rules(data, answers, ids, text, items, _doc)


def test_the_situation_check_finds_no_contradiction(data):
    """core/situation.py, as validate runs it, over the national data and every overlay."""
    found = [(a[4], b[4], w) for region in ["national", *data.overlays] for a, b, w in conflicts(data, region)]
    assert found == []


def test_the_situation_check_finds_a_planted_contradiction(data):
    """The same check catches the card listed to bring for someone who lost it."""
    import copy

    broken = copy.copy(data)
    when = {"card": ["new", "replacement"], "needs": ["bank"]}
    broken.items = [
        dataclasses.replace(i, when=when, test=compile_condition(when)) if i.id == "mat-card" else i for i in data.items
    ]
    found = list(conflicts(broken, "national"))
    assert found, "no contradiction found"
    first, second, witness = found[0]
    assert {first[0], second[0]} == {"card_in_hand"}
    assert "lost" in witness["problems"] and witness["card"] in PHYSICAL
