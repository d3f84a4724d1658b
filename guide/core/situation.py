"""The whole situation (shared/domain.md §6) as a machine-checked property.

Items state what they take as true about the person (`asserts`), and the
answers imply some facts themselves (`implied` in data/situation.yaml). Two
statements that give one fact different values must never meet on one path.

For each such pair, `conflicts` searches for a path on which both conditions
hold. It enumerates only the answers the two conditions depend on (directly or
through a derived fact), each over its values; a many-valued answer ranges
over the subsets of the values the two conditions name plus one other value,
which is exact for conditions that test membership. Answer sets the decision
tree cannot produce are skipped (engine.on_path), and the conditions are
evaluated on the engine's own derived facts. A pair that meets is a
contradiction, reported with both origins and the path that shows it.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from .conditions import answer_tokens, compile_condition, fact_tokens, keys_used
from .dataset import Dataset
from .engine import DERIVED_VALUES, derived_from, effective_items, token_deriver
from .questions import PROOF_TODAY, Question

Statement = tuple[str, str, Any, Mapping[str, Any], str, int]  # fact, value, test, when, origin, line
ALWAYS: Mapping[str, Any] = MappingProxyType({})  # the condition of a statement without one (one object: see conflicts)


def statements(data: Dataset, region: str) -> list[Statement]:
    """Every fact value stated on `region`'s paths: the implied rules, then the effective items."""
    out: list[Statement] = []
    for rule in data.situation.get("implied", []):
        test = compile_condition(rule["when"])
        for fact, value in rule["facts"].items():
            origin = f"situation.yaml rule ({rule['file']})"
            out.append((fact, value, test, rule["when"] or ALWAYS, origin, rule["line"]))
    items, _, _ = effective_items(data, region)
    for item in items:
        for fact, value in item.asserts.items():
            origin = f"item '{item.id}' ({item.file})"
            out.append((fact, value, item.test, item.when or ALWAYS, origin, item.line))
    return out


REGIONAL = frozenset(DERIVED_VALUES)  # facts that depend on the region (its settings, its data)


def conflicts(
    data: Dataset, region: str, *, only_new: bool = False
) -> Iterator[tuple[Statement, Statement, dict[str, Any]]]:
    """Pairs of statements with different values for one fact that hold together on some path.

    With `only_new`, pairs the national check has already proved are skipped: those where
    both statements are the national ones and neither depends on the region's settings.
    """
    found = statements(data, region)
    national = {(st[0], st[1], st[4], id(st[3])) for st in statements(data, "national")} if only_new else set()
    for first, second in itertools.combinations(found, 2):
        if first[0] != second[0] or first[1] == second[1]:
            continue
        if first[4].startswith("situation.yaml") and second[4].startswith("situation.yaml"):
            continue  # two implied rules: the answers themselves decide, checked by tests
        if only_new and all(
            (st[0], st[1], st[4], id(st[3])) in national and not (keys_used(st[3]) & REGIONAL) for st in (first, second)
        ):
            continue
        if _disjoint(first[3], second[3], data):
            continue
        path = witness(data, region, [(first[2], first[3]), (second[2], second[3])])
        if path is not None:
            yield first, second, path


def witness(
    data: Dataset, region: str, conditions: list[tuple[Any, Mapping[str, Any] | None]]
) -> dict[str, Any] | None:
    """A path of `region` on which every (compiled test, condition) holds, or None when there is none."""
    whens = [when or {} for _, when in conditions]
    keys: set[str] = set()
    mentioned: dict[str, set[str]] = {}
    for when in whens:
        keys |= keys_used(when)
        for key, values in _mentioned(when).items():
            mentioned.setdefault(key, set()).update(values)
    for key in list(keys):
        keys |= derived_from(data).get(key, set())
    # the questions that decide whether these are asked at all, with the values they test
    changed = True
    while changed:
        before = (len(keys), sum(map(len, mentioned.values())))
        for question in data.questions:
            if question.id in keys:
                keys |= keys_used(question.when)
                for key, values in _mentioned(question.when).items():
                    mentioned.setdefault(key, set()).update(values)
        changed = (len(keys), sum(map(len, mentioned.values()))) != before
    order = [q for q in data.questions if q.id in keys and q.id != "region"]
    tests = [test for test, _ in conditions]
    start = {"region": region}
    derive = _deriver(data, region)
    for answers, known in _paths(data, order, start, fact_tokens(start), mentioned, region):
        tokens = derive(answers, known)
        if all(test(tokens) for test in tests):
            return answers
    return None


@functools.lru_cache(maxsize=64)
def _deriver(data: Dataset, region: str) -> Callable[[Mapping[str, Any], set[str]], set[str]]:
    """One token_deriver per region and data set, shared by every witness search."""
    _, settings, level = effective_items(data, region)
    return token_deriver(data, PROOF_TODAY, settings, level)


def _paths(
    data: Dataset,
    order: list[Question],
    answers: dict[str, Any],
    tokens: set[str],
    mentioned: dict[str, set[str]],
    region: str,
) -> Iterator[tuple[dict[str, Any], set[str]]]:
    """Every assignment (and its tokens) of the questions in `order` that the decision tree can
    ask, in turn (each kind says which of its answers are worth trying: Kind.domain)."""
    if not order:
        yield answers, tokens
        return
    question, rest = order[0], order[1:]
    if not question.test(tokens):
        yield from _paths(data, rest, answers, tokens, mentioned, region)
        return
    for value in question.kind.domain(data, question, mentioned.get(question.id, set()), region):
        more = tokens | answer_tokens(question.id, value)
        yield from _paths(data, rest, {**answers, question.id: value}, more, mentioned, region)


def _disjoint(first: Mapping[str, Any], second: Mapping[str, Any], data: Dataset) -> bool:
    """Whether two conditions require different values of one single-valued answer (a quick no)."""
    for key, values in first.items():
        if key in ("any", "all", "not") or key not in second or not data.has_question(key):
            continue
        kind = data.question(key).kind
        if kind.has_choices and not kind.multiple and not set(values) & set(second[key]):
            return True
    return False


def _mentioned(condition: Mapping[str, Any] | None) -> dict[str, set[str]]:
    """Answer key -> the values a condition names for it."""
    out: dict[str, set[str]] = {}
    if not condition:
        return out
    for key, value in condition.items():
        if key in ("any", "all"):
            for sub in value:
                for k, v in _mentioned(sub).items():
                    out.setdefault(k, set()).update(v)
        elif key == "not":
            for k, v in _mentioned(value).items():
                out.setdefault(k, set()).update(v)
        else:
            out.setdefault(key, set()).update(value)
    return out
