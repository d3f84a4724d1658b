"""domain.md §6 over the problem dimension in full, and the situation check validate runs.
(The rules over every enumerated path: test_every_path.py.)"""

from __future__ import annotations

import dataclasses
import itertools

from conftest import APPLICANTS, DOCUMENTS, NEED_SETS, PROBLEMS
from path_rules import PHYSICAL, check, implied_rules, section_6

from guide.core.conditions import compile_condition
from guide.core.engine import effective_items
from guide.core.situation import conflicts


def test_every_problem_set_on_every_card_and_applicant(data):
    """The problem dimension in full: every subset of up to three problems, for each card and applicant."""
    implied = implied_rules(data)
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
                doc, ids, text = check(data, answers, items, implied)
                section_6(data, answers, ids, text, items, doc)


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
