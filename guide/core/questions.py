"""The questions of the decision tree as typed values, and what each kind of question does.

A question's kind (`one`, `many`, `date`, `region`) decides how an answer is parsed,
labelled, listed and tried when paths are enumerated. All of that lives in one class per
kind below, registered in KINDS: a new kind of question is one new class here (plus how the
interactive guide asks it: one entry of ASKERS in app/flow.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageProblem
from .conditions import Predicate, compile_condition, projected_test
from .dates import MONTH_NAMES, days_in_month, display, parse_date, split_date
from .records import DataView
from .regions import resolve_region

Text = Mapping[str, str]  # {"zh": …, "en": …}

EARLIEST = dt.date(1990, 1, 1)
UNSURE = "unsure"
_UNSURE_WORDS = {"unsure", "不记得", "不知道", "不清楚", "记不清", "不确定"}
_NONE_WORDS = {"none", "无", "没有", "没", "-", "否"}
_SPLIT = re.compile(r"[,;、，；\n]+")
DATE_FORMATS = ("2026-05-01", "2026/5/1", "2026.5.1", "2026年5月1日", "20260501")
# The dates proofs try (validate's sample paths, core/situation.py), against PROOF_TODAY: a card
# received in time, one overdue, and a date not remembered.
PROOF_TODAY = dt.date(2026, 6, 1)
PROOF_DATES = ("2026-05-01", "2020-01-01", "unsure")
MANY_OPTION = {"needs": "--need", "problems": "--problem"}
_PAREN = re.compile(r"[（(][^）)]*[）)]\s*$")


def option_name(qid: str) -> str:
    """The checklist option for question `qid` (contract.md)."""
    return MANY_OPTION.get(qid, "--" + qid.replace("_", "-"))


def region_examples(data: DataView) -> str:
    """How a place may be written, with examples from the data: a province and one of its
    cities that have facts of their own, by id and by Chinese name."""
    city = next((r for r in data.region_order if data.regions[r].parent in data.overlays and r in data.overlays), "")
    if not city:
        return "national … (sbk-guide regions)"
    region = data.regions[city]
    province = data.regions[region.parent]
    return f"national, {province.id}, {city}, {province.short}, {region.zh} …  (sbk-guide regions)"


def short_label(text: str) -> str:
    """A label without its trailing explanation in brackets: 银行功能（存取款、…） -> 银行功能."""
    short = _PAREN.sub("", text).strip()
    return short or text


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: Text
    aliases: tuple[str, ...] = ()
    noun: Text | None = None  # how an item's text names this choice ({doc})

    @property
    def words(self) -> list[str]:
        """Every way a roster may write this choice: its value, its labels as the guide shows
        them (also without the explanation in brackets) and the data's aliases."""
        labels = [self.label["zh"], self.label["en"]]
        return list(dict.fromkeys([self.value, *labels, *(short_label(t) for t in labels), *self.aliases]))


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    kind: Kind
    text: Text
    label: Text
    help: Text
    when: Mapping[str, Any] | None = None
    min: int = 1
    unsure: bool = False
    default: str = ""
    default_from: str = ""
    aliases: tuple[str, ...] = ()  # other headers a roster may use for this column
    choices: tuple[Choice, ...] = ()
    line: int = 0
    test: Predicate = field(default=compile_condition(None), compare=False, repr=False)  # over fact tokens
    asked: Callable[[Mapping[str, Any]], bool] = field(default=lambda answers: True, compare=False, repr=False)

    @classmethod
    def from_dict(cls, q: Mapping[str, Any]) -> Question:
        return cls(
            id=q["id"],
            kind=KINDS[q["kind"]],
            text=q["text"],
            label=q["label"],
            help=q["help"],
            when=q.get("when"),
            min=q.get("min", 1),
            unsure=q.get("unsure", False),
            default=q.get("default") or "",
            default_from=q.get("default_from") or "",
            aliases=tuple(q.get("aliases") or ()),
            choices=tuple(
                Choice(c["value"], c["label"], tuple(c.get("aliases") or ()), c.get("noun")) for c in q["choices"]
            ),
            line=q.get("line", 0),
            test=compile_condition(q.get("when")),
            # whether it is asked, given the answers so far (remembered per value of what it reads)
            asked=projected_test(q["when"]) if q.get("when") else _always_asked,
        )

    @property
    def values(self) -> list[str]:
        return [c.value for c in self.choices]

    def choice(self, value: str) -> Choice | None:
        for choice in self.choices:  # a handful of choices: a scan beats building a table per question
            if choice.value == value:
                return choice
        return None

    @property
    def option(self) -> str:
        return option_name(self.id)

    @property
    def headers(self) -> list[str]:
        """Every header a roster may use for this question: its id, its option, the short names
        and question texts the guide shows, and the data's own aliases (questions.yaml)."""
        names = [self.id, self.option.lstrip("-"), self.id.replace("_", "-")]
        names += [self.label["zh"], self.label["en"], self.text["zh"], self.text["en"], *self.aliases]
        return list(dict.fromkeys(names))

    @property
    def has_default(self) -> bool:
        """Whether a blank answer takes a default (`default`, or `default_from` another answer)."""
        return bool(self.default or self.default_from)

    def default_answer(self, answers: Mapping[str, Any]) -> Any:
        """The answer a blank takes: `default`, or the answer it defaults from (None if none)."""
        return self.default or answers.get(self.default_from) or None


def _always_asked(answers: Mapping[str, Any]) -> bool:
    return True


# ---------------------------------------------------------------- shared parsing


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def split_many(value: Any) -> list[str]:
    """A list answer's parts: a list, or text split at , ; 、 and new lines."""
    if isinstance(value, (list, tuple)):
        parts: list[str] = []
        for entry in value:
            parts.extend(split_many(entry))
        return parts
    if value is None:
        return []
    return [p.strip() for p in _SPLIT.split(_scalar(value)) if p.strip()]


def _allowed(question: Question) -> str:
    return ", ".join(question.values)


def _no_list(value: Any, option: str) -> None:
    if isinstance(value, (list, dict)):
        raise UsageProblem("wrong_type_text", option=option, value=str(value)[:60])


def match_choice(data: DataView, question: Question, text: str, option: str) -> str:
    key = text.strip().lower()
    found = data.choice_index(question.id).get(key)
    if found is not None:
        return found
    for choice in question.choices:  # the labels as the guide shows them (银行功能), as a roster may
        if any(w.strip().lower() == key for w in choice.words):
            return choice.value
    import difflib

    close = difflib.get_close_matches(key, question.values, n=1, cutoff=0.6)
    if close:
        raise UsageProblem(
            "unknown_value_suggest", option=option, value=text, suggestion=close[0], allowed=_allowed(question)
        )
    raise UsageProblem("unknown_value", option=option, value=text, allowed=_allowed(question))


# ---------------------------------------------------------------- the kinds


class Kind:
    """The behaviour shared by every kind; each subclass overrides what differs."""

    name = ""
    has_choices = False  # answered with the question's choices
    multiple = False  # a list of them (a condition then tests membership)

    def parse(
        self,
        data: DataView,
        question: Question,
        value: Any,
        today: dt.date,
        option: str,
        notes: list[tuple[str, dict[str, Any]]] | None,
    ) -> Any:
        raise NotImplementedError

    def label(self, data: DataView, question: Question, value: Any, lang: str) -> str:
        raise NotImplementedError

    def blank(self, question: Question) -> Any:
        """The answer a blank takes before any default (None: the answer is missing)."""
        return None

    def allowed(self, data: DataView, question: Question) -> str:
        """What may be answered, as error messages list it."""
        return _allowed(question)

    def missing(self, data: DataView, question: Question, option: str) -> UsageProblem:
        return UsageProblem(
            "missing_answer",
            option=option,
            question_zh=question.text["zh"],
            question_en=question.text["en"],
            allowed=self.allowed(data, question),
        )

    def condition_values(self, question: Question) -> set[str] | None:
        """The values a `when` condition may name for this question (None: not checked)."""
        return None

    def domain(self, data: DataView, question: Question, named: set[str], region: str) -> list[Any]:
        """The answers worth trying when a proof enumerates paths (core/situation.py): every
        distinct case of the values `named` by the conditions at hand."""
        raise NotImplementedError

    def samples(self, data: DataView, question: Question, regions: list[str]) -> list[Any]:
        """Answers covering every value, for validate's sample paths."""
        return self.domain(data, question, set(question.values), regions[0] if regions else "national")

    def listing(self, question: Question, lang: str) -> dict[str, Any]:
        """What `sbk-guide questions --format json` adds for this kind."""
        return {}

    def example(self, data: DataView, question: Question, wanted: Any, lang: str) -> tuple[Any, str]:
        """An answer and how a roster cell shows it (batch --help's example row)."""
        raise NotImplementedError


class One(Kind):
    name = "one"
    has_choices = True

    def parse(self, data, question, value, today, option, notes):  # type: ignore[no-untyped-def]
        _no_list(value, option)
        return match_choice(data, question, _scalar(value), option)

    def label(self, data: DataView, question: Question, value: Any, lang: str) -> str:
        choice = question.choice(str(value))
        return choice.label[lang] if choice else str(value)

    def condition_values(self, question: Question) -> set[str] | None:
        return set(question.values)

    def domain(self, data: DataView, question: Question, named: set[str], region: str) -> list[Any]:
        return question.values

    def listing(self, question: Question, lang: str) -> dict[str, Any]:
        return {"values": [{"value": c.value, "label": c.label[lang], "accepted": c.words} for c in question.choices]}

    def example(self, data: DataView, question: Question, wanted: Any, lang: str) -> tuple[Any, str]:
        choice = question.choice(str(wanted)) or question.choices[0]
        return choice.value, short_label(choice.label[lang])


_SPLIT_MORE = re.compile(r"[+＋/／|｜\s]+")  # also between two answers: 看病+银行, 看病/银行, 看病 银行


def _whole_labels(question: Question, text: str) -> str:
    """A choice's label that itself holds a separator (在医院看病、住院结算) replaced by its value,
    so that splitting at 、 does not cut it in two."""
    words = sorted(
        (w for c in question.choices for w in c.words if len(w) > 1 and (_SPLIT.search(w) or _SPLIT_MORE.search(w))),
        key=len,
        reverse=True,
    )
    low = text.lower()
    for word in words:
        value = next(c.value for c in question.choices if word in c.words)
        low = low.replace(word.lower(), f",{value},")
    return low


def match_many(data: DataView, question: Question, part: str, option: str) -> list[str]:
    """One part of a list answer: a choice, or several joined by + / or spaces."""
    try:
        return [match_choice(data, question, part, option)]
    except UsageProblem as whole:
        pieces = [p for p in _SPLIT_MORE.split(part) if p]
        if len(pieces) < 2:
            raise UsageProblem(f"{whole.key}_many", **whole.params) from None
        try:
            return [match_choice(data, question, p, option) for p in pieces]
        except UsageProblem as one:
            raise UsageProblem(f"{one.key}_many", **one.params) from None


class Many(One):
    name = "many"
    multiple = True

    def parse(self, data, question, value, today, option, notes):  # type: ignore[no-untyped-def]
        if isinstance(value, dict):
            raise UsageProblem("wrong_type_list", option=option, value=str(value)[:60])
        if isinstance(value, str):
            value = _whole_labels(question, value)
        elif isinstance(value, (list, tuple)):
            value = [_whole_labels(question, v) if isinstance(v, str) else v for v in value]
        parts = [p for p in split_many(value) if _SPLIT_MORE.sub("", p)]  # not a lone + or /
        if len(parts) == 1 and parts[0].lower() in _NONE_WORDS and question.min == 0:
            parts = []
        chosen = {v for p in parts for v in match_many(data, question, p, option)}
        if len(chosen) < question.min:
            raise UsageProblem("too_few", option=option, allowed=_allowed(question))
        return [v for v in question.values if v in chosen]

    def label(self, data: DataView, question: Question, value: Any, lang: str) -> str:
        from ..messages import msg

        if not value:
            return msg("none_in_section", lang)
        sep = "、" if lang == "zh" else "; "
        return sep.join(One.label(self, data, question, v, lang) for v in value)

    def blank(self, question: Question) -> Any:
        return [] if question.min == 0 else None

    def condition_values(self, question: Question) -> set[str] | None:
        return {*question.values, "none"}

    def domain(self, data: DataView, question: Question, named: set[str], region: str) -> list[Any]:
        """Subsets of the named values plus one other (exact for membership tests)."""
        values = question.values
        picked = [v for v in values if v in named]
        other = next((v for v in values if v not in named), None)
        pool = picked + ([other] if other else [])
        subsets = [list(c) for r in range(len(pool) + 1) for c in itertools.combinations(pool, r)]
        return [s for s in subsets if len(s) >= question.min]

    def samples(self, data: DataView, question: Question, regions: list[str]) -> list[Any]:
        values = question.values
        return [[v] for v in values] + [values] + ([[]] if question.min == 0 else [])

    def listing(self, question: Question, lang: str) -> dict[str, Any]:
        return {**super().listing(question, lang), "min": question.min}

    def example(self, data: DataView, question: Question, wanted: Any, lang: str) -> tuple[Any, str]:
        if question.min == 0 and not wanted:
            return [], ""
        value, shown = super().example(data, question, wanted, lang)
        return [value], shown


class Date(Kind):
    name = "date"

    def parse(self, data, question, value, today, option, notes):  # type: ignore[no-untyped-def]
        if question.unsure and _scalar(value).lower() in _UNSURE_WORDS:
            return UNSURE
        day = parse_date(value)
        if day is None:
            written = split_date(value)
            if written is not None and 1 <= written[1] <= 12 and written[2] > 0:  # well written, no such day
                year, month, _ = written
                raise UsageProblem(
                    "no_such_day",
                    option=option,
                    value=_scalar(value),
                    year=year,
                    month=month,
                    month_en=MONTH_NAMES[month - 1],
                    days=days_in_month(year, month),
                )
            raise UsageProblem("bad_date", option=option, value=_scalar(value)[:60])
        if day > today:
            raise UsageProblem("future_date", option=option, value=day.isoformat(), today=today.isoformat())
        if day < EARLIEST:
            raise UsageProblem("old_date", option=option, value=day.isoformat(), earliest=EARLIEST.isoformat())
        return day.isoformat()

    def label(self, data: DataView, question: Question, value: Any, lang: str) -> str:
        if value == UNSURE:
            from ..messages import msg

            return msg("date_unsure", lang)
        return display(dt.date.fromisoformat(str(value)), lang)

    def missing(self, data: DataView, question: Question, option: str) -> UsageProblem:
        return UsageProblem("missing_answer_date", option=option)

    def domain(self, data: DataView, question: Question, named: set[str], region: str) -> list[Any]:
        return list(PROOF_DATES)

    def samples(self, data: DataView, question: Question, regions: list[str]) -> list[Any]:
        return list(PROOF_DATES)

    def listing(self, question: Question, lang: str) -> dict[str, Any]:
        return {"formats": list(DATE_FORMATS) + ([UNSURE] if question.unsure else [])}

    def example(self, data: DataView, question: Question, wanted: Any, lang: str) -> tuple[Any, str]:
        return DATE_FORMATS[0], DATE_FORMATS[0]


class Region(Kind):
    name = "region"

    def parse(self, data, question, value, today, option, notes):  # type: ignore[no-untyped-def]
        _no_list(value, option)
        return resolve_region(data, _scalar(value), option, notes)

    def label(self, data: DataView, question: Question, value: Any, lang: str) -> str:
        return data.region_name(str(value), lang)

    def allowed(self, data: DataView, question: Question) -> str:
        return region_examples(data)

    def domain(self, data: DataView, question: Question, named: set[str], region: str) -> list[Any]:
        """A region answer other than the insured place: the same place, or one far away."""
        home = data.region_chain(region)[:1]
        far = next(r for r in data.region_order if r != "national" and [r] != home and r != region)
        return [region, far]

    def samples(self, data: DataView, question: Question, regions: list[str]) -> list[Any]:
        return list(regions)

    def listing(self, question: Question, lang: str) -> dict[str, Any]:
        return {"values": "sbk-guide regions"}

    def example(self, data: DataView, question: Question, wanted: Any, lang: str) -> tuple[Any, str]:
        rid = str(wanted or "national")
        return rid, data.region_name(rid, "zh") if lang == "zh" else rid


KINDS: dict[str, Kind] = {kind.name: kind for kind in (One(), Many(), Date(), Region())}
