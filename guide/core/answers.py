"""Validate and normalise answers: canonical ids, ISO dates, ordered lists.

Pure: takes raw values (strings, lists, dates from YAML), the data set and the
date of "today", and returns canonical answers or raises a UsageProblem that
names the option (or column) and the allowed values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import UsageProblem
from .conditions import holds
from .dataset import Dataset
from .dates import MONTH_NAMES, days_in_month, parse_date, split_date
from .regions import resolve_region

EARLIEST = dt.date(1990, 1, 1)
UNSURE = "unsure"
_UNSURE_WORDS = {"unsure", "不记得", "不知道", "不清楚", "记不清", "不确定"}
_NONE_WORDS = {"none", "无", "没有", "没", "-", "否"}
_SPLIT = re.compile(r"[,;、，；\n]+")
MANY_OPTION = {"needs": "--need", "problems": "--problem"}


def option_name(qid: str) -> str:
    """The checklist option for question `qid` (contract.md)."""
    return MANY_OPTION.get(qid, "--" + qid.replace("_", "-"))


def _allowed(data: Dataset, qid: str) -> str:
    return ", ".join(data.choice_values(qid))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def _match_choice(data: Dataset, qid: str, text: str, option: str) -> str:
    key = text.strip().lower()
    found = data.choice_index(qid).get(key)
    if found is not None:
        return found
    import difflib

    values = data.choice_values(qid)
    close = difflib.get_close_matches(key, values, n=1, cutoff=0.6)
    if close:
        raise UsageProblem(
            "unknown_value_suggest", option=option, value=text, suggestion=close[0], allowed=_allowed(data, qid)
        )
    raise UsageProblem("unknown_value", option=option, value=text, allowed=_allowed(data, qid))


def _split_many(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        parts: list[str] = []
        for entry in value:
            parts.extend(_split_many(entry))
        return parts
    if value is None:
        return []
    return [p.strip() for p in _SPLIT.split(_scalar(value)) if p.strip()]


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
    option = option or option_name(qid)
    kind = question["kind"]
    if kind == "region":
        if isinstance(value, (list, dict)):
            raise UsageProblem("wrong_type_text", option=option, value=str(value)[:60])
        return resolve_region(data, _scalar(value), option, notes)
    if kind == "one":
        if isinstance(value, (list, dict)):
            raise UsageProblem("wrong_type_text", option=option, value=str(value)[:60])
        return _match_choice(data, qid, _scalar(value), option)
    if kind == "many":
        if isinstance(value, dict):
            raise UsageProblem("wrong_type_list", option=option, value=str(value)[:60])
        parts = _split_many(value)
        if len(parts) == 1 and parts[0].lower() in _NONE_WORDS and question["min"] == 0:
            parts = []
        chosen = {_match_choice(data, qid, p, option) for p in parts}
        if len(chosen) < question["min"]:
            raise UsageProblem("too_few", option=option, allowed=_allowed(data, qid))
        return [v for v in data.choice_values(qid) if v in chosen]
    # date
    if question["unsure"] and _scalar(value).lower() in _UNSURE_WORDS:
        return UNSURE
    day = parse_date(value)
    if day is None:
        written = split_date(value)
        if written is not None and 1 <= written[1] <= 12 and written[2] > 0:  # well written, but no such day
            year, month, _ = written
            days = days_in_month(year, month)
            raise UsageProblem(
                "no_such_day",
                option=option,
                value=_scalar(value),
                year=year,
                month=month,
                month_en=MONTH_NAMES[month - 1],
                days=days,
            )
        raise UsageProblem("bad_date", option=option, value=_scalar(value)[:60])
    if day > today:
        raise UsageProblem("future_date", option=option, value=day.isoformat(), today=today.isoformat())
    if day < EARLIEST:
        raise UsageProblem("old_date", option=option, value=day.isoformat(), earliest=EARLIEST.isoformat())
    return day.isoformat()


def is_blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, (list, tuple)) and not value)
    )


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
    `parse` stands in for normalise_value (same arguments; batch remembers each cell's result).
    """
    parse = parse or normalise_value
    names = dict(options or {})
    out: dict[str, Any] = {}
    for question in data.questions:
        if not holds(question["when"], out):
            continue
        qid = question["id"]
        option = names.get(qid) or option_name(qid)
        value = raw.get(qid)
        if is_blank(value):
            if question["kind"] == "many" and question["min"] == 0:
                out[qid] = []
                continue
            default = default_answer(question, out)
            if default:  # e.g. id_document: id-card; living_region: the region (contract.md)
                out[qid] = default
                continue
            if require:
                raise missing(data, qid, option)
            continue
        out[qid] = parse(data, qid, value, today, option, notes)
    return out


def has_default(question: Mapping[str, Any]) -> bool:
    """Whether a blank answer to `question` takes a default (`default`, or `default_from` another answer)."""
    return bool(question.get("default") or question.get("default_from"))


def default_answer(question: Mapping[str, Any], answers: Mapping[str, Any]) -> Any:
    """The answer a blank takes: the question's `default`, or the answer it defaults from (None if none)."""
    return question.get("default") or answers.get(question.get("default_from") or "") or None


def missing(data: Dataset, qid: str, option: str) -> UsageProblem:
    question = data.question(qid)
    if question["kind"] == "date":
        return UsageProblem("missing_answer_date", option=option)
    if question["kind"] == "region":
        allowed = "national, henan, henan/zhengzhou, 河南, 郑州市 …  (sbk-guide regions)"
    else:
        allowed = _allowed(data, qid)
    return UsageProblem(
        "missing_answer",
        option=option,
        question_zh=question["text"]["zh"],
        question_en=question["text"]["en"],
        allowed=allowed,
    )


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
        qid = question["id"]
        option = names.get(qid) or option_name(qid)
        value = raw.get(qid)
        on_path = holds(question["when"], answers)
        if not on_path and not (failed and not is_blank(value)):
            continue
        if is_blank(value):
            if question["kind"] == "many" and question["min"] == 0:
                answers[qid] = []
            elif has_default(question):
                default = default_answer(question, answers)
                if default:
                    answers[qid] = default
            elif on_path:
                problems.append(mark(qid, missing(data, qid, option)))
                failed = True
            continue
        try:
            answers[qid] = normalise_value(data, qid, value, today, option)
        except UsageProblem as exc:
            problems.append(mark(qid, exc))
            failed = True
    return problems
