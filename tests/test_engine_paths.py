"""Every path through the decision tree satisfies the contract, and every item is reachable."""

from __future__ import annotations

import datetime as dt
import itertools

import jsonschema
import pytest
from conftest import check_contract

from guide.engine import build_checklist, next_question

_VALIDATORS: dict[int, object] = {}


def validate(doc: dict, schema: dict) -> None:
    """jsonschema.validate, with the validator built once: checking the schema itself on every
    call made the every-region test take minutes once all ~400 regions were listed (issue 14)."""
    validator = _VALIDATORS.get(id(schema))
    if validator is None:
        validator = _VALIDATORS[id(schema)] = jsonschema.validators.validator_for(schema)(schema)
    validator.validate(doc)  # type: ignore[attr-defined]


TODAY = dt.date(2026, 11, 23)
NEEDS = ["hospital", "pharmacy", "bank", "cross-region", "family"]
PROBLEMS = ["forgot-pin", "locked", "lost", "damaged", "activation-failed", "name-change"]
NEED_SETS = [list(c) for r in range(1, 6) for c in itertools.combinations(NEEDS, r)]
PROBLEM_SETS = [list(c) for r in range(7) for c in itertools.combinations(PROBLEMS, r)]
RECEIVED = ["2026-09-01", "2025-01-31", "unsure"]  # in time, overdue, not remembered
APPLICANTS = [("self", None), ("proxy", "yes"), ("proxy", "no"), ("guardian", None)]


def routing_paths():
    """Every combination of the answers that route the tree (region and problems vary separately)."""
    for card in ["new", "replacement", "legacy", "e-sbk", "e-medical"]:
        physical = card in ("new", "replacement")
        for insurance in ["employee", "resident", "unsure"]:
            for needs in NEED_SETS:
                for applicant, in_person in APPLICANTS:
                    for received in RECEIVED if physical else [None]:
                        for pin in ["yes", "no", "unsure"] if physical else [None]:
                            answers = {"card": card, "insurance": insurance, "needs": needs, "applicant": applicant}
                            if in_person:
                                answers["in_person"] = in_person
                            if received:
                                answers["received"] = received
                            if pin:
                                answers["pin_changed"] = pin
                            yield answers


def all_regions(data):
    return list(data.region_order)


def test_routing_paths_are_many():
    assert sum(1 for _ in routing_paths()) == (2 * 9 + 3) * 3 * 31 * 4


def test_every_path_meets_the_contract(data, schema):
    regions = all_regions(data)
    n = 0
    for n, answers in enumerate(routing_paths()):
        answers = dict(answers, region=regions[n % len(regions)], problems=PROBLEM_SETS[n % len(PROBLEM_SETS)])
        assert next_question(data, answers) is None, answers
        lang = "en" if n % 2 else "zh"
        doc = build_checklist(data, answers, TODAY, lang).to_dict()
        check_contract(doc)
        if n % 97 == 0:
            validate(doc, schema)
    assert n > 7000


@pytest.mark.parametrize(
    "region", ["henan", "henan/zhengzhou", "henan/xinxiang", "gansu", "hunan", "guangdong", "jiangsu/nanjing"]
)
def test_every_routing_path_in_regions_with_data(data, region):
    for n, answers in enumerate(routing_paths()):
        answers = dict(answers, region=region, problems=PROBLEM_SETS[n % len(PROBLEM_SETS)])
        doc = build_checklist(data, answers, TODAY, "zh").to_dict()
        check_contract(doc)
        assert doc["region"] == {"id": region, "name": data.region_name(region, "zh"), "specific": True}


def test_every_item_appears_on_some_path(data):
    """No item is dead: the base items and every overlay item show up somewhere."""
    expected = {i["id"] for i in data.items}
    for overlays in data.overlays.values():
        for overlay in overlays:
            expected |= {i["id"] for i in overlay["add"]}
    seen: set[str] = set()
    regions = ["national", "beijing", "henan/luoyang"] + list(data.overlays)
    for region in regions:
        for n, answers in enumerate(routing_paths()):
            if n % 4:  # a quarter of the paths; 4 is coprime with the inner loops' periods of 3
                continue
            answers = dict(answers, region=region, problems=PROBLEM_SETS[n % len(PROBLEM_SETS)])
            doc = build_checklist(data, answers, TODAY, "zh").to_dict()
            seen.update(i["id"] for s in doc["sections"] for i in s["items"])
    assert expected - seen == set()


def test_every_region_and_card_meets_the_contract(data, schema):
    for region in all_regions(data):
        for card in ["new", "replacement", "legacy", "e-sbk", "e-medical"]:
            answers = {
                "card": card,
                "region": region,
                "insurance": "resident",
                "needs": ["hospital"],
                "applicant": "self",
                "problems": [],
            }
            if card in ("new", "replacement"):
                answers.update(received="2026-01-15", pin_changed="no")
            for lang in ("zh", "en"):
                doc = build_checklist(data, answers, TODAY, lang).to_dict()
                validate(doc, schema)
                check_contract(doc)


def test_every_problem_set(data, schema):
    base = {
        "card": "replacement",
        "region": "national",
        "insurance": "employee",
        "needs": ["pharmacy"],
        "applicant": "self",
        "received": "2026-10-01",
        "pin_changed": "unsure",
    }
    for problems in PROBLEM_SETS:
        doc = build_checklist(data, dict(base, problems=problems), TODAY, "zh").to_dict()
        validate(doc, schema)
        check_contract(doc)
        ids = {i["id"] for s in doc["sections"] for i in s["items"]}
        assert ("lost-report" in ids) == ("lost" in problems)
        assert ("pin-reset" in ids) == bool({"forgot-pin", "locked"} & set(problems))
        assert ("name-change-order" in ids) == ("name-change" in problems)
        assert ("damaged-replace" in ids) == ("damaged" in problems)
        assert ("activation-failed-check" in ids) == ("activation-failed" in problems)


def test_next_question_follows_the_data(data):
    asked = []
    answers: dict = {}
    script = {
        "card": "new",
        "region": "henan",
        "insurance": "employee",
        "needs": ["bank"],
        "received": "2026-05-01",
        "applicant": "proxy",
        "in_person": "no",
        "pin_changed": "no",
        "problems": [],
    }
    while (q := next_question(data, answers)) is not None:
        asked.append(q["id"])
        answers[q["id"]] = script[q["id"]]
    assert asked == [
        "card",
        "region",
        "insurance",
        "needs",
        "received",
        "applicant",
        "in_person",
        "pin_changed",
        "problems",
    ]
    answers = {}
    asked = []
    script["card"] = "e-medical"
    script["applicant"] = "self"
    while (q := next_question(data, answers)) is not None:
        asked.append(q["id"])
        answers[q["id"]] = script[q["id"]]
    assert asked == ["card", "region", "insurance", "needs", "applicant", "problems"]
