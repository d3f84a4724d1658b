"""Answers files: read a YAML/JSON mapping of answers, save one (YAML, with schema and data version)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.dataset import Dataset
from ..errors import UsageProblem
from .fileio import ANSWERS_MAX_BYTES, read_text, write_atomic
from .yamlio import YamlSyntaxError, load_yaml_text, too_deep

SCHEMA = "sbk-guide.answers/2"  # files of answers/1 load too (they lack only the schema-2 answers)
META_KEYS = ("schema", "data_version", "name")
# a saved JSON checklist of these schemas replays its `answers` (its other keys are not answers)
CHECKLIST_SCHEMAS = ("sbk-guide.checklist/1", "sbk-guide.checklist/2", "sbk-guide.checklist/3")


CHECKLIST_SCHEMAS = ("sbk-guide.checklist/1", "sbk-guide.checklist/2", "sbk-guide.checklist/3")


def parse_answers(text: str, path: str, data: Dataset) -> tuple[dict[str, Any], str | None]:
    """(question id -> raw value, the holder's name if the file gives one: a saved answers file's
    `name`, or a JSON checklist's, fed back with --answers -)."""
    try:
        if path.lower().endswith(".json"):
            try:
                content = json.loads(text)
            except json.JSONDecodeError as exc:
                raise YamlSyntaxError(exc.lineno, exc.msg) from None
            except RecursionError:
                raise YamlSyntaxError(0, "nested too deeply") from None
            if too_deep(content):
                raise YamlSyntaxError(0, "nested too deeply")
        else:
            content = load_yaml_text(text, user=True)
    except YamlSyntaxError as exc:
        raise UsageProblem("answers_bad_yaml", path=path, **exc.params()) from None
    name = content.get("name") if isinstance(content, dict) else None
    if (
        isinstance(content, dict)
        and content.get("schema") in CHECKLIST_SCHEMAS
        and isinstance(content.get("answers"), dict)
    ):
        content = content["answers"]  # a saved JSON checklist replays its answers
    if not isinstance(content, dict):
        kinds = {list: ("列表", "a list"), str: ("一段文字", "text"), type(None): ("空文件", "an empty file")}
        kind_zh, kind_en = kinds.get(type(content), ("其他内容", type(content).__name__))
        raise UsageProblem("answers_not_mapping", path=path, kind_zh=kind_zh, kind_en=kind_en)
    raw: dict[str, Any] = {}
    known = [q.id for q in data.questions]
    for key, value in content.items():
        key = str(key)
        if key in META_KEYS:
            continue
        if key not in known:
            import difflib

            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            raise _unknown_key(path, key, close[0] if close else "", known)
        raw[key] = value
    return raw, (str(name).strip() or None) if isinstance(name, (str, int)) and not isinstance(name, bool) else None


def _unknown_key(path: str, key: str, suggestion: str, known: list[str]) -> UsageProblem:
    shown = key if key.isprintable() else key.encode("unicode_escape").decode("ascii")  # one line, always
    if suggestion:
        return UsageProblem("answers_unknown_key_suggest", path=path, key=shown, suggestion=suggestion)
    return UsageProblem("answers_unknown_key", path=path, key=shown, allowed=", ".join(known))


def read_answers(path: Path, data: Dataset) -> tuple[dict[str, Any], str | None]:
    """The answers and the name (if any) of an answers file or a JSON checklist (`-`: stdin)."""
    try:
        text = read_text(path, limit=ANSWERS_MAX_BYTES)
    except UsageProblem as exc:
        if exc.key == "file_not_found":
            raise UsageProblem("answers_not_found", path=str(path)) from None
        raise
    return parse_answers(text, str(path), data)


def answers_yaml(answers: dict[str, Any], data: Dataset, name: str | None = None) -> str:
    """The answers as a YAML document that `checklist --answers` replays."""
    import yaml

    doc: dict[str, Any] = {"schema": SCHEMA, "data_version": data.data_version, **({"name": name} if name else {})}
    doc.update({k: (list(v) if isinstance(v, list) else v) for k, v in answers.items()})
    return str(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=None))


def save_answers(
    path: Path, answers: dict[str, Any], data: Dataset, *, force: bool = False, name: str | None = None
) -> None:
    write_atomic(path, answers_yaml(answers, data, name).encode("utf-8"), force=force)
