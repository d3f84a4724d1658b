"""Evaluate the declarative `when` conditions of questions and items.

A condition is a mapping; every key must hold (AND). A plain key names a
question or a derived fact and lists accepted values: a single-valued answer
must be one of them, a multi-valued answer must contain at least one of them
(the value `none` matches an empty list). `any: [...]` holds when one of its
conditions does, `all: [...]` when all do, `not: {...}` when its condition
does not. A key whose answer is absent never holds.

There is one evaluator: `compile_condition` turns a condition into a test over
`key=value` tokens once; `projected_test` remembers such a test's result per value of the
answers it reads (the answer walk of every row and path, and validate's proofs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

MEMO_MAX = 50_000  # entries per Projected memo (bounded memory on huge, varied rosters)
Tokens = frozenset[str] | set[str]
Predicate = Callable[[Tokens], bool]


def answer_tokens(key: str, value: Any) -> set[str]:
    """One answer or fact as `key=value` tokens (a list gives one token per value, or
    `key=none` when empty; an absent value none)."""
    if isinstance(value, (list, tuple)):
        return {f"{key}={v}" for v in value} if value else {f"{key}=none"}
    return set() if value is None else {f"{key}={value}"}


def fact_tokens(facts: Mapping[str, Any]) -> set[str]:
    """Facts as `key=value` tokens, the input of every compiled condition (answer_tokens, inlined:
    validate's proofs call this ~140,000 times)."""
    tokens: set[str] = set()
    for key, value in facts.items():
        if isinstance(value, (list, tuple)):
            if value:
                tokens.update([f"{key}={v}" for v in value])
            else:
                tokens.add(f"{key}=none")
        elif value is not None:
            tokens.add(f"{key}={value}")
    return tokens


def compile_condition(condition: Mapping[str, Any] | None) -> Predicate:
    """The test of a condition, built once, over `fact_tokens`: each plain key becomes a set of
    accepted tokens that must meet the facts."""
    if not condition:
        return _always
    needed: list[frozenset[str]] = []
    nested: list[Predicate] = []
    for key, expected in condition.items():
        if key == "any":
            nested.append(_any_of([compile_condition(sub) for sub in expected]))
        elif key == "all":
            nested.append(_all_of([compile_condition(sub) for sub in expected]))
        elif key == "not":
            nested.append(_none_of(compile_condition(expected)))
        else:
            needed.append(frozenset(f"{key}={v}" for v in expected))
    if not nested and len(needed) == 1:
        only = needed[0]
        return lambda f: not only.isdisjoint(f)
    if not nested and len(needed) == 2:
        first, second = needed
        return lambda f: not first.isdisjoint(f) and not second.isdisjoint(f)

    def test(f: Tokens) -> bool:
        for accepted in needed:
            if accepted.isdisjoint(f):
                return False
        for sub in nested:
            if not sub(f):
                return False
        return True

    return test


def _none_of(sub: Predicate) -> Predicate:
    def test(f: Tokens) -> bool:
        return not sub(f)

    return test


def _any_of(subs: list[Predicate]) -> Predicate:
    def test(f: Tokens) -> bool:
        for sub in subs:
            if sub(f):
                return True
        return False

    return test


def _all_of(subs: list[Predicate]) -> Predicate:
    def test(f: Tokens) -> bool:
        for sub in subs:
            if not sub(f):
                return False
        return True

    return test


def _always(tokens: Tokens) -> bool:
    return True


def keys_used(condition: Mapping[str, Any] | None) -> set[str]:
    """Every answer or fact key a condition refers to (for validation and the tree)."""
    if not condition:
        return set()
    keys: set[str] = set()
    for key, value in condition.items():
        if key in ("any", "all"):
            for sub in value:
                keys |= keys_used(sub)
        elif key == "not":
            keys |= keys_used(value)
        else:
            keys.add(key)
    return keys


def describe(condition: Mapping[str, Any] | None) -> str:
    """A short human-readable form, e.g. `card=new|replacement and not(needs=bank)`."""
    if not condition:
        return ""
    parts = []
    for key, value in condition.items():
        if key in ("any", "all"):
            joiner = " or " if key == "any" else " and "
            parts.append("(" + joiner.join(describe(sub) for sub in value) + ")")
        elif key == "not":
            parts.append(f"not({describe(value)})")
        else:
            parts.append(f"{key}={'|'.join(value)}")
    return " and ".join(parts)


class Projected:
    """A function of a few facts (`keys`), remembered per value of those facts: over a roster or
    a proof's paths the few answers it reads take few distinct values (a list counts as a tuple).
    `compute` must not return None."""

    __slots__ = ("compute", "keys", "memo")

    def __init__(self, keys: Iterable[str], compute: Callable[[Mapping[str, Any]], Any]) -> None:
        self.keys = tuple(sorted(keys))
        self.compute = compute
        self.memo: dict[tuple[Any, ...], Any] = {}

    def __call__(self, facts: Mapping[str, Any]) -> Any:
        seen = tuple([tuple(v) if (v := facts.get(k)).__class__ is list else v for k in self.keys])
        result = self.memo.get(seen)
        if result is None:
            if len(self.memo) > MEMO_MAX:
                self.memo.clear()
            result = self.memo[seen] = self.compute(facts)
        return result


def projected_test(condition: Mapping[str, Any] | None) -> Projected:
    """A compiled condition remembered per value of the facts it reads (keys_used)."""
    test = compile_condition(condition)
    return Projected(keys_used(condition), lambda facts: test(fact_tokens(facts)))
