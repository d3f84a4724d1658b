"""The interactive guide's logic, independent of any terminal library.

A `Prompter` (prompts.py: questionary, or numbered plain-text mode) asks one
thing at a time; this module decides what to ask, in the order and under the
conditions of data/questions.yaml, handles going back, the review screen and
changing an answer (only the questions that then become needed are asked).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from ..core.answers import UNSURE, normalise_value
from ..core.dataset import Dataset
from ..core.engine import answer_label, next_question, on_path
from ..core.model import Checklist
from ..core.questions import Question
from ..errors import GuideError
from ..messages import msg


class _Back:
    def __repr__(self) -> str:
        return "BACK"


BACK: Any = _Back()
CONFIRM = "__confirm__"
Choices = list[tuple[str, str]]


class Prompter(Protocol):
    """What the guide needs from a terminal (prompts.py has two)."""

    can_complete: bool  # free typing with completion (else: pick from numbered lists)

    def show(self, text: str, style: str = "") -> None: ...

    def page(self, checklist: Checklist, plain: bool) -> None:
        """Show a whole checklist, as wide as the terminal allows."""

    def select(
        self,
        message: str,
        choices: Choices,
        *,
        default: str | None = None,
        back: bool = False,
        searchable: bool = False,
    ) -> Any: ...

    def checkbox(
        self, message: str, choices: Choices, *, checked: list[str], back: bool = False, minimum: int = 0
    ) -> Any: ...

    def text(
        self,
        message: str,
        validate: Callable[[str], str | None],
        *,
        default: str = "",
        back: bool = False,
        hint: str = "",
        keep_hint: str | None = None,
    ) -> Any:
        """A typed answer; Enter alone keeps `default`, said by `keep_hint` (None: "keep the
        earlier answer"; "": nothing more, when `hint` says it already)."""

    def complete(
        self,
        message: str,
        words: list[str],
        validate: Callable[[str], str | None],
        *,
        default: str = "",
        back: bool = False,
        hint: str = "",
    ) -> Any: ...


def prune(data: Dataset, answers: dict[str, Any]) -> dict[str, Any]:
    """Drop answers that are no longer on the path (after a change)."""
    keep = set(on_path(data, answers))
    return {k: v for k, v in answers.items() if k in keep}


def previous_on_path(data: Dataset, answers: dict[str, Any], qid: str | None) -> str | None:
    path = [q for q in on_path(data, answers) if q in answers or q == qid]
    if qid is None:
        return path[-1] if path else None
    index = path.index(qid)
    return path[index - 1] if index > 0 else None


class Typed(str):
    """What a numbered list's reader typed that is neither a number nor a label (a place name):
    the caller decides what it means."""


class Guide:
    """Asks the questions and returns confirmed, normalised answers."""

    def __init__(self, data: Dataset, prompter: Prompter, *, lang: str, today: dt.date) -> None:
        self.data, self.p, self.lang, self.today = data, prompter, lang, today
        self.answers: dict[str, Any] = {}

    # --------------------------------------------------------------- main loop
    def run(self, answers: dict[str, Any] | None = None) -> dict[str, Any]:
        answers = prune(self.data, dict(answers or {}))
        earlier: dict[str, Any] = {}  # answers taken back (back, or a change that left the path): still the defaults
        while True:
            self.answers = answers  # what is answered so far (kept if the guide is interrupted)
            question = next_question(self.data, answers)
            if question is None:
                choice = self.review(answers)
                if choice == CONFIRM:
                    return answers
                if choice is BACK:
                    last = previous_on_path(self.data, answers, None)
                    if last is not None:
                        earlier[last] = answers.pop(last)
                    continue
                value = self.ask(self.data.question(choice), default=answers.get(choice), back=True)
                if value is not BACK:
                    answers[choice] = value
                    kept = prune(self.data, answers)
                    earlier.update({k: v for k, v in answers.items() if k not in kept})
                    answers = kept
                continue
            qid = question.id
            first = qid == on_path(self.data, answers)[0]
            value = self.ask(question, default=earlier.get(qid, self._default(qid, answers)), back=not first)
            if value is BACK:
                previous = previous_on_path(self.data, answers, qid)
                if previous is not None:
                    earlier[previous] = answers.pop(previous)
                continue
            answers[qid] = value

    def _default(self, qid: str, answers: dict[str, Any]) -> Any:
        """What Enter keeps where the question says so: the place now lived in is the insured place."""
        return answers.get("region") if qid == "living_region" else None

    # --------------------------------------------------------------- one question
    def ask(self, question: Question, *, default: Any, back: bool) -> Any:
        """Ask one question the way its kind is asked (ASKERS)."""
        self.p.show("")
        self.p.show(question.help[self.lang], "help")
        return ASKERS[question.kind.name](self, question, default, back)

    def ask_one(self, question: Question, default: Any, back: bool) -> Any:
        choices = [(c.value, c.label[self.lang]) for c in question.choices]
        return self.p.select(question.text[self.lang], choices, default=default, back=back)

    def ask_many(self, question: Question, default: Any, back: bool) -> Any:
        choices = [(c.value, c.label[self.lang]) for c in question.choices]
        return self.p.checkbox(
            question.text[self.lang], choices, checked=list(default or []), back=back, minimum=question.min
        )

    def ask_region(self, question: Question, default: str | None, back: bool) -> Any:
        text = question.text[self.lang]
        if self.p.can_complete:
            return self.type_region(text, default, back)
        return self.pick_region(text, default, back)

    def type_region(self, text: str, default: str | None, back: bool) -> Any:
        """Free typing with completion: 郑州, 河南郑州, henan/zhengzhou, Zhengzhou … all work."""
        from ..core.regions import find_region, resolve_region

        data, lang = self.data, self.lang
        words: dict[str, str] = {}
        for rid in data.region_order:
            words[data.region_name(rid, lang)] = rid
            words.setdefault(rid, rid)

        def check(entry: str) -> str | None:
            if find_region(data, words.get(entry.strip(), entry)) is not None:
                return None
            try:
                resolve_region(data, entry, "")
            except GuideError as exc:
                return exc.render(lang, context="here")
            return None

        shown = data.region_name(default, lang) if default else ""
        entry = self.p.complete(text, list(words), check, default=shown, back=back, hint=msg("region_hint", lang))
        if entry is BACK:
            return BACK
        return find_region(data, words.get(entry.strip(), entry))

    def pick_region(self, text: str, default: str | None, back: bool) -> Any:
        """Province, then city, from numbered lists (for the numbered mode)."""
        data, lang = self.data, self.lang
        provinces = [r for r in data.region_order if not data.regions[r].parent]
        choices = [(rid, self._region_title(rid)) for rid in provinces]
        default_province = data.regions[default].parent or default if default else None
        text = f"{text}\n{msg('region_pick_note', lang)}"
        while True:
            province = self.p.select(text, choices, default=default_province, back=back, searchable=True)
            if isinstance(province, Typed):  # a place typed by name (郑州, 河南省郑州市) instead of a number
                found = self._typed_region(province)
                if found is None:
                    continue
                return found
            if province is BACK or province == "national":
                return province
            cities = [r for r in data.region_order if data.regions[r].parent == province]
            if not cities:
                return province
            whole = msg("region_whole_province", lang, name=data.region_name(province, lang))
            city_choices = [(province, whole)] + [(c, self._region_title(c)) for c in cities]
            city = self.p.select(
                msg("region_pick_city", lang),
                city_choices,
                default=default if default in cities else None,
                back=True,
                searchable=True,
            )
            if isinstance(city, Typed):
                city = self._typed_region(city)
                if city is None:
                    continue
            if city is not BACK:
                return city

    def _typed_region(self, entry: str) -> str | None:
        """The region a typed name means, or None after saying why not."""
        from ..core.regions import find_region, resolve_region

        found = find_region(self.data, entry.strip())
        if found is not None:
            return str(found)
        try:
            region = resolve_region(self.data, entry, "")
        except GuideError as exc:
            self.p.show(exc.render(self.lang, context="here"))
            return None
        return str(region) if region else None

    def _region_title(self, rid: str) -> str:
        region = self.data.regions[rid]
        name = region.en if self.lang == "en" else region.zh
        own = " *" if self.data.has_own_data(rid) else ""
        return f"{name}  {rid.split('/')[-1]}{own}"

    def ask_date(self, question: Question, default: Any, back: bool) -> Any:
        text = question.text[self.lang]

        def check(entry: str) -> str | None:
            try:
                normalise_value(self.data, question.id, entry, self.today, option="")
            except GuideError as exc:
                return exc.render(self.lang, context="here")
            return None

        hint = msg("date_hint_unsure" if question.unsure else "date_hint", self.lang)
        shown = (
            ""
            if default is None
            else ("不记得" if self.lang == "zh" else UNSURE)
            if default == UNSURE
            else str(default)
        )
        value = self.p.text(text, check, default=shown, back=back, hint=hint)
        if value is BACK:
            return BACK
        return normalise_value(self.data, question.id, value, self.today)

    # --------------------------------------------------------------- review
    def review(self, answers: dict[str, Any]) -> Any:
        """The answers, printed in full (wrapped to the screen); then a short menu: confirm or
        change one (each choice names only the question, so every line fits a narrow screen)."""
        lang = self.lang
        self.p.show("")
        self.p.show(msg("review_title", lang), "title")
        choices: Choices = [(CONFIRM, msg("review_confirm", lang))]
        for qid in on_path(self.data, answers):
            label = self.data.question(qid).label[lang]
            value = answer_label(self.data, qid, answers[qid], lang)
            self.p.show(msg("review_line", lang, label=label, value=value))
            choices.append((qid, msg("review_change", lang, label=label)))
        return self.p.select(msg("review_question", lang), choices, default=CONFIRM, back=True)


# How the interactive guide asks each kind of question (core/questions.py: KINDS).
ASKERS: dict[str, Callable[[Guide, Question, Any, bool], Any]] = {
    "one": Guide.ask_one,
    "many": Guide.ask_many,
    "date": Guide.ask_date,
    "region": Guide.ask_region,
}
