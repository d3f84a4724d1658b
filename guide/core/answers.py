"""Validate and normalise answers: canonical ids, ISO dates, ordered lists.

Pure: takes raw values (strings, lists, dates from YAML), the data set and the
date of "today", and returns canonical answers or raises a UsageProblem that
names the option (or column) and the allowed values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import UsageProblem
from .dataset import Dataset
from .questions import EARLIEST, UNSURE, Question, option_name

__all__ = ["EARLIEST", "UNSURE", "every_problem", "is_blank", "normalise_answers", "normalise_value", "option_name"]


def normalise_value(
    data: Dataset,
    qid: str,
    value: Any,
    today: dt.date,
    option: str | None = None,
    notes: list[tuple[str, dict[str, Any]]] | None = None,
) -> Any:
    """One answer in canonical form. `value` must not be empty (see is_blank). Remarks the
    person should see (a place recognised only by its province) are added to `notes`."""
    question = data.question(qid)
    return question.kind.parse(data, question, value, today, option or question.option, notes)


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if value.__class__ is str:
        return not value.strip()
    return isinstance(value, (list, tuple)) and not value


def normalise_answers(
    data: Dataset,
    raw: Mapping[str, Any],
    today: dt.date,
    *,
    options: Mapping[str, str] | None = None,
    require: bool = True,
    notes: list[tuple[str, dict[str, Any]]] | None = None,
    parse: Callable[..., Any] | None = None,
) -> dict[str, Any]:
    """Canonical answers for the questions on the path; answers off the path are dropped.

    With `require`, a missing answer the path needs is an error naming its option.
    `options` maps question ids to the names used in messages (default: CLI options).
    `parse` stands in for normalise_value (same arguments; batch reads the sheet's labels first).
    """
    parse = parse or normalise_value
    names = dict(options or {})
    out: dict[str, Any] = {}
    for question in data.questions:
        if not question.asked(out):
            continue
        qid = question.id
        value = raw.get(qid)
        if is_blank(value):
            value = _default(data, question, out, names.get(qid) or question.option, require)
            if value is None:
                continue
        else:
            value = parse(data, qid, value, today, names.get(qid) or question.option, notes)
        out[qid] = value
    return out


def _default(data: Dataset, question: Question, answers: Mapping[str, Any], option: str, require: bool) -> Any:
    """A blank answer on the path: its default (_blank), else the error naming `option` when the
    answer is required (else None)."""
    value = _blank(question, answers)
    if value is None and require:
        raise question.kind.missing(data, question, option)
    return value


def _blank(question: Question, answers: Mapping[str, Any]) -> Any:
    """What a blank answer becomes: the kind's empty answer ([] for an optional list), or the
    question's default (id_document: id-card; living_region: the region; contract.md), or None."""
    empty = question.kind.blank(question)
    return empty if empty is not None else question.default_answer(answers)


def every_problem(
    data: Dataset,
    raw: Mapping[str, Any],
    today: dt.date,
    options: Mapping[str, str] | None = None,
    *,
    decorate: Callable[[str, UsageProblem], UsageProblem] | None = None,
) -> list[UsageProblem]:
    """Every problem of a set of answers (a command line, a roster row), in question order:
    each answer is checked on its own, so one bad cell does not hide the next. A question
    whose condition cannot be decided (an answer it depends on is bad) is checked when its
    cell is filled, and never reported missing."""
    answers: dict[str, Any] = {}
    problems: list[UsageProblem] = []
    names = dict(options or {})
    mark = decorate or (lambda qid, problem: problem)
    failed = False
    for question in data.questions:
        qid = question.id
        option = names.get(qid) or question.option
        value = raw.get(qid)
        on_path = question.asked(answers)
        if not on_path and not (failed and not is_blank(value)):
            continue
        if is_blank(value):
            value = _blank(question, answers)
            if value is None and on_path and not question.has_default:
                problems.append(mark(qid, question.kind.missing(data, question, option)))
                failed = True
        else:
            try:
                value = question.kind.parse(data, question, value, today, option, None)
            except UsageProblem as exc:
                problems.append(mark(qid, exc))
                failed = True
                value = None
        if value is not None:
            answers[qid] = value
    return problems


def column_labels(data: Dataset, lang: str) -> dict[str, str]:
    """Question id -> how a roster's messages name its column when the sheet has none: the short
    label the guide shows (“改过服务密码”), in quotes, never a command-line option."""
    if lang == "zh":
        return {q.id: f"“{q.label['zh']}”" for q in data.questions}
    return {q.id: f"'{q.label['en']}' ({q.id})" for q in data.questions}


def missing_columns(problems: list[Any], columns: Mapping[str, str], labels: Mapping[str, str]) -> list[str]:
    """The columns (labels) that a row's `problems` miss because the table has no such column at all
    (`columns`: question id -> the sheet's own column)."""
    missing = []
    for qid, label in labels.items():
        if qid in columns:
            continue
        if any(p.key.startswith("missing_answer") and p.params.get("option") == label for p in problems):
            missing.append(label)
    return missing
