"""Evaluate the declarative `when` conditions of questions and items.

A condition is a mapping; every key must hold (AND). A plain key names a
question or a derived fact and lists accepted values: a single-valued answer
must be one of them, a multi-valued answer must contain at least one of them
(the value `none` matches an empty list). `any: [...]` holds when one of its
conditions does, `all: [...]` when all do, `not: {...}` when its condition
does not. A key whose answer is absent never holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def holds(condition: Mapping[str, Any] | None, facts: Mapping[str, Any]) -> bool:
    if not condition:
        return True
    for key, expected in condition.items():
        if key == "any":
            if not any(holds(sub, facts) for sub in expected):
                return False
        elif key == "all":
            if not all(holds(sub, facts) for sub in expected):
                return False
        elif key == "not":
            if holds(expected, facts):
                return False
        elif not _matches(facts.get(key), expected):
            return False
    return True


def _matches(actual: Any, expected: list[str]) -> bool:
    if actual is None:
        return False
    if isinstance(actual, (list, tuple)):
        if not actual:
            return "none" in expected
        return any(value in expected for value in actual)
    return str(actual) in expected


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
