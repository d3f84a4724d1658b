"""The shape of each data file: guide/loading/schemas/data.schema.json, the one definition.

Editors can use the schema for YAML completion; `validate` and the compiler check files
against it here, and each error becomes a Problem at the file's line, worded in Chinese
from the kind of rule broken (jsonschema's English message is the English wording).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..messages import msg
from .docs import Doc, Layer
from .problems import Problem

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "data.schema.json"
_EMPTY = {"minLength", "minItems", "minProperties"}
_RANGE = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "maxLength", "maxItems"}
_SHAPE = {"oneOf", "anyOf", "allOf", "not", "if"}


def _plain(node: Any) -> Any:
    """YAML dates as ISO text, so that the JSON Schema sees what a person wrote."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()
    return node


def _line_at(content: Any, path: list[Any]) -> int:
    """The line of the deepest mapping on `path` (lists carry no line of their own)."""
    line = getattr(content, "line", 0)
    node = content
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", line)
    return line


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _problem(doc: Doc, error: Any) -> Problem:
    """One jsonschema error as a Problem: the rule broken picks the Chinese wording."""
    where = "/".join(str(p) for p in error.absolute_path)
    detail = error.message if len(error.message) < 200 else error.message[:200] + "…"
    params: dict[str, Any] = {"where": f"{where}: " if where else "", "detail": detail}
    rule, instance, expected = error.validator, error.instance, error.validator_value
    if rule == "required":
        missing = [name for name in expected if not isinstance(instance, dict) or name not in instance]
        key, params["name"] = "schema_required", "、".join(missing) or detail
    elif rule == "enum":
        key, params["value"], params["allowed"] = "schema_enum", _short(instance), "、".join(map(str, expected))
    elif rule == "const":
        key, params["allowed"] = "schema_const", str(expected)
    elif rule == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        params["expected"] = " 或 ".join(msg(f"schema_type_{k}", "zh") for k in kinds)
        key, params["value"] = "schema_type", _short(instance)
    elif rule in _EMPTY:
        key = "schema_empty"
    elif rule == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        params["names"] = "、".join(str(k) for k in instance if k not in known) if isinstance(instance, dict) else ""
        key = "schema_extra"
    elif rule == "pattern":
        key, params["value"] = "schema_pattern", _short(instance)
    elif rule in _RANGE:
        key, params["value"] = "schema_range", _short(instance)
    elif rule in _SHAPE:
        key = "schema_shape"
    else:
        key, params["rule"] = "schema_other", rule
    return Problem(str(doc.path), _line_at(doc.content, list(error.absolute_path)), key, params)


def shape_problems(layer: Layer) -> Iterator[Problem]:
    """Every place where a file of `layer` does not have the shape the schema describes."""
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    for rel, doc in layer.items():
        kind = "overlay" if rel.startswith("overlays/") else rel
        if kind not in schema["$defs"]:
            continue
        validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{kind}"})
        errors = validator.iter_errors(_plain(doc.content))
        for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
            yield _problem(doc, error)
