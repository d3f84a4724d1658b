"""Every path through the decision tree satisfies the contract, and every item is reachable."""

from __future__ import annotations

import datetime as dt

from conftest import PROBLEM_SETS, check_contract, routing_paths

from guide.core.engine import build_checklist, next_question

TODAY = dt.date(2026, 11, 23)


def all_regions(data):
    return list(data.region_order)


def test_routing_paths_are_many():
    assert sum(1 for _ in routing_paths()) == (2 * 9 + 3) * 3 * 31 * 4


def test_every_region_and_card_meets_the_contract(data, validate_contract):
    """Every region gives a checklist meeting the contract (check_contract); the JSON Schema, the
    slow part, runs once per distinct data set: a place without data of its own (nor its
    province) differs from its province's checklist only in the region's names."""
    schema_checked: set[tuple[str, ...]] = set()
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
                doc = build_checklist(data, answers, TODAY, lang, with_summary=False).to_dict()
                used = (card, lang, *[r for r in data.region_chain(region) if data.has_own_data(r)])
                if used not in schema_checked or data.has_own_data(region):
                    validate_contract(doc)
                    schema_checked.add(used)
                check_contract(doc)


def test_every_problem_set(data, validate_contract):
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
        doc = build_checklist(data, dict(base, problems=problems), TODAY, "zh", with_summary=False).to_dict()
        validate_contract(doc)
        check_contract(doc)
        ids = {i["id"] for s in doc["sections"] for i in s["items"]}
        lost = "lost" in problems and "found-again" not in problems
        assert ("lost-report" in ids) == lost
        assert ("found-unblock" in ids) == ("found-again" in problems)
        # a card that is replaced gets one new card (the first issuing step gives it; the others'
        # results then hold), after the record is changed; its new PIN needs no reset
        replaced = not lost and bool({"damaged", "expired", "name-change"} & set(problems))
        issuing = ids & {"damaged-replace", "expired-renew", "name-change-order", "lost-formal-reissue"}
        assert len(issuing) == (1 if replaced or lost else 0), (problems, issuing)
        assert ("name-change-record" in ids) == ("name-change" in problems)
        pin = bool({"forgot-pin", "locked"} & set(problems))
        assert ("pin-reset" in ids) == (pin and not lost and not replaced)
        assert ("multiple-cards-check" in ids) == ("multiple-cards" in problems)
        assert ("activation-failed-check" in ids) == ("activation-failed" in problems and not lost)
        steps = [i["id"] for i in doc["sections"][0]["items"]]
        if "name-change-record" in ids:
            assert steps.index("name-change-record") < steps.index(next(iter(issuing)))


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
        "id_document": "id-card",
        "pin_changed": "no",
        "problems": [],
    }
    while (q := next_question(data, answers)) is not None:
        asked.append(q.id)
        answers[q.id] = script[q.id]
    assert asked == [
        "card",
        "region",
        "insurance",
        "needs",
        "received",
        "applicant",
        "in_person",
        "id_document",
        "pin_changed",
        "problems",
    ]
    answers = {}
    asked = []
    script["card"] = "e-medical"
    script["applicant"] = "self"
    while (q := next_question(data, answers)) is not None:
        asked.append(q.id)
        answers[q.id] = script[q.id]
    assert asked == ["card", "region", "insurance", "needs", "applicant", "id_document", "problems"]
