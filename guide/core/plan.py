"""The checklist as a plan (shared/domain.md §7): the steps a person needs, in an order they
can follow, grouped into visits by place, each with what to bring; the notes, places and
contacts that concern that plan; the first thing to do.

Pure: the items that hold on the path (their `when`) and the path's tokens in, an Arranged
out. The person's state starts from situation.yaml (facts with `start`, changed by the
`implied` rules that hold); each step says what must hold before it (`needs`), what it is for
(`gives`) and what else holds after it (`changes`: a new card is not enabled yet).
Steps are taken one at a time: of those whose needs hold, one at the place
of the visit under way if there is one, else the one whose place comes first in plan.yaml
(a phone call and the phone at home before the offices, the bank, and last the hospital); a
step whose results already hold is dropped. A step may be done at several places (the first
preferred): it goes where the plan goes anyway, so that one trip does what one trip can.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .conditions import Tokens
from .dataset import Dataset
from .records import ItemSpec

STEPS = "steps"
MATERIALS = "materials"


NEW_CARD = (("card_in_hand", "yes"), ("card_current", "yes"))  # what a step that issues a card gives


@dataclass(slots=True)
class Stop:
    """One visit: a place, its steps in order, the materials brought there (ids). `new_card`:
    the steps follow a new card issued at the same place, and are done once it is in hand."""

    place: str
    steps: list[ItemSpec]
    bring: list[str] = field(default_factory=list)
    new_card: bool = False


def issues_card(step: ItemSpec) -> bool:
    """Whether a step is for a new card (a replacement, a renewal, a first card)."""
    return all(step.gives.get(fact) == value for fact, value in NEW_CARD)


@dataclass(slots=True)
class Arranged:
    """What the plan keeps of the items that hold, in order (steps in plan order, the other
    sections in data order), the visits, and the steps the planner could not place."""

    items: list[ItemSpec]
    visits: list[Stop]
    stuck: list[ItemSpec] = field(default_factory=list)  # steps whose needs nothing gives (a data error)
    state: dict[str, str] = field(default_factory=dict)  # the state at the start


def start_state(data: Dataset, tokens: Tokens) -> dict[str, str]:
    """The person's state before any step: situation.yaml's `start` values, changed by the
    `implied` rules that hold on the path."""
    state = dict(data.situation.get("start", {}))
    for test, facts in data.implied:
        if test(tokens):
            state.update((fact, value) for fact, value in facts.items() if fact in state)
    return state


def _holds(wanted: Mapping[str, str], state: Mapping[str, str]) -> bool:
    return all(state.get(fact) == value for fact, value in wanted.items())


def place_rank(data: Dataset) -> dict[str, int]:
    """Each place's position in plan.yaml (the default order of visits)."""
    return {p["id"]: n for n, p in enumerate(data.places)}


def _choose_places(steps: Sequence[ItemSpec]) -> list[str]:
    """Each step's place: its only one, else the first of its places that the plan visits
    anyway (a place some other step is bound to or was given), else its first."""
    visited = {s.place[0] for s in steps if len(s.place) == 1}
    chosen = []
    for step in steps:
        options = step.place or ("online",)
        place = next((p for p in options if p in visited), options[0])
        visited.add(place)
        chosen.append(place)
    return chosen


def order_steps(
    data: Dataset, steps: Sequence[ItemSpec], state: dict[str, str]
) -> tuple[list[tuple[str, ItemSpec]], list[ItemSpec]]:
    """(place, step) in the order they can be done (a step whose purpose already holds when its
    turn comes is left out), and the steps whose needs nothing meets."""
    rank = place_rank(data)
    remaining = list(zip(_choose_places(steps), steps, strict=True))
    state = dict(state)
    done: list[tuple[str, ItemSpec]] = []
    here = ""
    while remaining:
        ready = [(n, pair) for n, pair in enumerate(remaining) if _holds(pair[1].needs, state)]
        if not ready:
            return done, [step for _, step in remaining]
        same = [entry for entry in ready if entry[1][0] == here]
        n, (place, step) = same[0] if same else min(ready, key=lambda e: (rank.get(e[1][0], len(rank)), e[0]))
        del remaining[n]
        if step.gives and _holds(step.gives, state):
            continue
        state.update(step.gives)
        state.update(step.changes)
        done.append((place, step))
        here = place
    return done, []


def _visits(done: list[tuple[str, ItemSpec]]) -> list[Stop]:
    """Consecutive steps at one place are one visit; what follows a new card at the same place
    is a visit of its own (with the new card: not every office makes cards on the spot)."""
    visits: list[Stop] = []
    for place, step in done:
        here = visits[-1] if visits and visits[-1].place == place else None
        waits = here is not None and any(issues_card(s) for s in here.steps) and _uses_card(step)
        if here is not None and not waits:
            here.steps.append(step)
        else:
            visits.append(Stop(place, [step], new_card=waits))
    return visits


def _uses_card(step: ItemSpec) -> bool:
    return any(step.needs.get(fact) == value for fact, value in NEW_CARD)


def _about_holds(item: ItemSpec, visits: Sequence[Stop]) -> bool:
    """Whether what an item is about is in the plan: one of its `steps` (done at one of its
    `places`, when both are given), none of its `no_steps`, no visit to its `no_places`."""
    about = item.about
    if not about:
        return True
    wanted, places = set(about.get("steps", ())), set(about.get("places", ()))
    if (wanted or places) and not any(
        (not places or visit.place in places) and (not wanted or wanted.intersection(s.id for s in visit.steps))
        for visit in visits
    ):
        return False
    unwanted, avoid = set(about.get("no_steps", ())), set(about.get("no_places", ()))
    return not any(visit.place in avoid or unwanted.intersection(s.id for s in visit.steps) for visit in visits)


def _brought(material: ItemSpec, visit: Stop) -> bool:
    """A material goes to a visit with a step it serves, where its `about` places allow
    (documents are brought to a counter, not to the phone) and its `about` people make the
    visit (an agent's papers are not brought where the holder goes in person)."""
    places, who = material.about.get("places"), material.about.get("who")
    return (
        (not places or visit.place in places)
        and (not who or visit_who(visit.steps) in who)
        and any(s.id in material.serves for s in visit.steps)
    )


def arrange(data: Dataset, picked: Sequence[ItemSpec], tokens: Tokens, state: dict[str, str] | None = None) -> Arranged:
    """The plan of the items that hold on a path (see the module's docstring); `state`: the
    path's start_state, when the caller has it already."""
    state = start_state(data, tokens) if state is None else state
    done, stuck = order_steps(data, [i for i in picked if i.section == STEPS], state)
    # a step the data cannot place is still shown, last (validate reports it as an error)
    done += [(step.place[0] if step.place else "online", step) for step in stuck]
    visits = _visits(done)
    kept: list[ItemSpec] = [step for _, step in done]
    for item in picked:
        if item.section == STEPS:
            continue
        if item.section == MATERIALS:
            if not item.serves or any(_brought(item, visit) for visit in visits):
                kept.append(item)
        elif _about_holds(item, visits):
            kept.append(item)
    for visit in visits:
        visit.bring = [i.id for i in kept if i.section == MATERIALS and _brought(i, visit)]
    return Arranged(kept, visits, stuck, state)


def visit_who(steps: Sequence[ItemSpec]) -> str:
    """Who goes: the one person the steps name (`anyone` alongside them does not count)."""
    named = list(dict.fromkeys(s.who for s in steps if s.who and s.who != "anyone"))
    if not named:
        return "anyone"
    return "holder" if "holder" in named else named[0]
