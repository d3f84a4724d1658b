"""The plan's rules (shared/domain.md §7) proved over the paths of every region with data.

The planner (core/plan.py) keeps each rule by construction where it can (a step comes after
what it needs, a step whose results hold is dropped, a material goes with a step it serves,
a note shows only where its subject is in the plan). What the data can still get wrong is
found here, each with the item's file:line and a path that shows it:

- `plan_stuck`: a step needs a state that neither the situation nor an earlier step gives;
- `plan_no_card`: a step done in person needs the card the holder already has, and no
  material of its visit is the card;
- `plan_return`: the plan goes back to a place although nothing done in between is needed
  there (one trip would have done);
- `plan_unplaced` / `plan_no_short` / `plan_no_for`: a step without a place or a short form, a
  material without the steps it serves (checked once, on the data).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

from ..core.conditions import fact_tokens, keys_used
from ..core.dataset import Dataset
from ..core.engine import derived_from, effective_items, token_deriver
from ..core.plan import Arranged, arrange, start_state
from ..core.records import Overlay
from .problems import Problem

TODAY = dt.date(2026, 6, 1)
DATES = {"recent": "2026-05-01", "old": "2020-01-01", "unsure": "unsure"}
IN_HAND = ("card_in_hand", "yes")


def plan_problems(data: Dataset) -> list[Problem]:
    """Every problem of the plan rules, each once (the first path that shows it)."""
    problems = _declaration_problems(data)
    reported: set[tuple[str, str, str]] = set()
    for region in ["national", *[r for r, overlays in data.overlays.items() if any(map(_plans_differ, overlays))]]:
        for found in _region_problems(data, region):
            key = (found.file, str(found.line), found.key)
            if key not in reported:
                reported.add(key)
                problems.append(found)
    return problems


def _plans_differ(overlay: Overlay) -> bool:
    """Whether an overlay can change plans: it adds, changes or removes steps or materials, or
    changes a setting (a deadline's period). Notes and places are placed by the planner, and a
    material breaks a plan only where it stands for the card (it asserts card_in_hand)."""
    sections = ("steps", "materials")
    return bool(
        overlay.settings
        or overlay.remove
        or any(i.section == "steps" or (i.section in sections and i.asserts) for i in overlay.add)
        or any(
            p.fields.get("section", "steps") in sections and set(p.fields) - {"text", "sources", "citations"}
            for p in overlay.replace
        )
    )


def _declaration_problems(data: Dataset) -> list[Problem]:
    """Steps without a place or a short form, materials without the steps they serve."""
    out = []
    specs = list(data.items) + [i for overlays in data.overlays.values() for o in overlays for i in o.add]
    for item in specs:
        if item.section == "steps" and not item.place:
            out.append(Problem(item.file, item.line, "plan_unplaced", {"id": item.id}))
        if item.section == "steps" and not item.short:
            out.append(Problem(item.file, item.line, "plan_no_short", {"id": item.id}))
        if item.section == "materials" and not item.serves:
            out.append(Problem(item.file, item.line, "plan_no_for", {"id": item.id}))
    return out


def _region_problems(data: Dataset, region: str) -> Iterator[Problem]:
    items, settings, level = effective_items(data, region)
    specs = [i for i in items if i.section in ("steps", "materials")]  # what a plan's rules read
    derive = token_deriver(data, TODAY, settings, level)
    # the problems answer is enumerated innermost: items that read neither it nor a fact derived
    # from it are tested once per other answers
    varying = {"problems"} | {fact for fact, keys in derived_from(data).items() if "problems" in keys}
    inner = {i.id for i in specs if keys_used(i.when) & varying}
    seen: set[tuple[Any, ...]] = set()
    for answers, problem_sets in plan_paths(data, region):
        outer_tokens = derive(answers, fact_tokens(answers))
        # (item, whether it holds whatever the problems): the items that may hold on these answers
        maybe = [(i, i.id not in inner) for i in specs if i.id in inner or i.test(outer_tokens)]
        for problems in problem_sets:
            path = {**answers, "problems": problems}
            tokens = derive(path, fact_tokens(path))
            picked = [i for i, fixed in maybe if fixed or i.test(tokens)]
            state = start_state(data, tokens)
            key = (tuple(i.id for i in picked), tuple(sorted(state.items())))
            if key in seen:
                continue
            seen.add(key)
            yield from check_plan(data, arrange(data, picked, tokens, state), path)


def check_plan(data: Dataset, arranged: Arranged, answers: dict[str, Any]) -> Iterator[Problem]:
    """The problems of one plan (see the module's docstring), with `answers` as the witness."""
    path = ", ".join(f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in answers.items())
    for step in arranged.stuck:
        needs = ", ".join(f"{k}={v}" for k, v in step.needs.items())
        yield Problem(step.file, step.line, "plan_stuck", {"id": step.id, "needs": needs, "path": path})
    materials = {i.id: i for i in arranged.items if i.section == "materials"}
    holds_card = arranged.state.get(IN_HAND[0]) == IN_HAND[1]
    for visit in arranged.visits:
        card_brought = any(materials[m].asserts.get(IN_HAND[0]) == IN_HAND[1] for m in visit.bring)
        for step in visit.steps:
            if (
                holds_card
                and step.needs.get(IN_HAND[0]) == IN_HAND[1]
                and visit.place in data.in_person
                and not card_brought
            ):
                yield Problem(step.file, step.line, "plan_no_card", {"id": step.id, "path": path})
    if not arranged.stuck:  # a stuck step is shown last: that is no return
        yield from _returns(arranged, path)


def _returns(arranged: Arranged, path: str) -> Iterator[Problem]:
    """A second visit to a place that nothing in between makes necessary."""
    visits = arranged.visits
    for first, later in itertools.combinations(range(len(visits)), 2):
        if visits[first].place != visits[later].place:
            continue
        # what was done from the first visit on; what the first visit did counts only when the
        # later one is the same place's visit after a new card issued there (it is waited for)
        done = visits[first:later] if visits[later].new_card else visits[first + 1 : later]
        between = {fact for v in done for s in v.steps for fact in (*s.gives.items(), *s.changes.items())}
        needed = {fact for s in visits[later].steps for fact in s.needs.items()}
        if not between & needed:
            step = visits[later].steps[0]
            yield Problem(
                step.file, step.line, "plan_return", {"id": step.id, "place": visits[later].place, "path": path}
            )


def plan_paths(data: Dataset, region: str) -> Iterator[tuple[dict[str, Any], list[list[str]]]]:
    """The answers whose plans are proved. What decides a plan is the card, who applies and
    whether the holder can come, the problems, whether the service PIN was changed and the
    needs; so: every card, applicant and PIN answer; no problem, each problem alone, every pair
    and the triples with lost and found-again (a found card and one more thing); the needs
    hospital and bank, pharmacy alone, and all of them (living elsewhere or not); employee and
    resident insurance; a card received recently (and long ago, where a region's rule dates it).
    The other answers change words, not the plan (their items are proved reachable elsewhere)."""
    values = {q.id: q.values for q in data.questions if q.kind.has_choices}
    problems = values.get("problems", [])
    if region == "national":
        pairs = [list(c) for r in (0, 1, 2) for c in itertools.combinations(problems, r)]
        triples = [["lost", "found-again", v] for v in problems if v not in ("lost", "found-again")]
    else:  # a region's own steps, proved with each problem alone (the national proof did the pairs)
        pairs, triples = [[], *([v] for v in problems)], [["lost", "found-again"]]
    _, settings, _ = effective_items(data, region)
    dated = any(rule["months"] in settings for rule in data.deadlines.values())
    everything = values.get("needs", [])
    options: dict[str, list[Any]] = {
        "card": values.get("card", []),
        "region": [region],
        "insurance": ["employee", "resident"],  # pharmacy steps differ
        "needs": [["hospital", "bank"], ["pharmacy"], everything],
        "received": [DATES["recent"], DATES["old"]] if dated else [DATES["recent"]],
        "applicant": values.get("applicant", []),
        "in_person": values.get("in_person", []),
        "pin_changed": ["yes", "no"],
        "living_region": [None, "national" if region != "national" else "beijing"],
    }
    problem_sets = pairs + triples

    def expand(n: int, answers: dict[str, Any]) -> Iterator[tuple[dict[str, Any], list[list[str]]]]:
        if n == len(data.questions):
            yield answers, problem_sets
            return
        question = data.questions[n]
        if question.id not in options or not question.test(fact_tokens(answers)):
            yield from expand(n + 1, answers)
            return
        for value in options[question.id]:
            yield from expand(n + 1, {**answers, question.id: value} if value is not None else answers)

    yield from expand(0, {})
