"""The checklist the engine produces: plain classes, no behaviour beyond to_dict().

Written out by hand rather than with @dataclass: dataclasses compile their
methods with exec() at import, which costs several milliseconds of start-up.
"""

from __future__ import annotations

from typing import Any


class Item:
    __slots__ = ("days_left", "due", "id", "overdue", "sources", "text")

    def __init__(
        self,
        id: str,
        text: str,
        sources: list[str],
        due: str | None = None,
        days_left: int | None = None,
        overdue: bool | None = None,
    ) -> None:
        self.id, self.text, self.sources = id, text, sources
        self.due, self.days_left, self.overdue = due, days_left, overdue

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "text": self.text, "sources": list(self.sources)}
        if self.due is not None:
            out.update(due=self.due, days_left=self.days_left, overdue=self.overdue)
        return out

    def __repr__(self) -> str:
        return f"Item({self.id!r})"


class Section:
    __slots__ = ("id", "items", "title")

    def __init__(self, id: str, title: str, items: list[Item] | None = None) -> None:
        self.id, self.title = id, title
        self.items: list[Item] = items if items is not None else []

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "items": [i.to_dict() for i in self.items]}

    def __repr__(self) -> str:
        return f"Section({self.id!r}, {len(self.items)} items)"


class Checklist:
    __slots__ = (
        "answers",
        "checked",
        "data_version",
        "lang",
        "name",
        "region",
        "sections",
        "sources",
        "summary",
        "today",
    )

    def __init__(
        self,
        *,
        lang: str,
        today: str,
        data_version: str,
        checked: str,
        answers: dict[str, Any],
        region: dict[str, Any],
        sections: list[Section],
        sources: list[dict[str, str]],
        summary: list[tuple[str, str]] | None = None,
        name: str | None = None,
    ) -> None:
        self.lang, self.today, self.data_version, self.checked = lang, today, data_version, checked
        self.answers, self.region, self.sections, self.sources = answers, region, sections, sources
        # answers as shown to people: (question label, answer label) in path order
        self.summary: list[tuple[str, str]] = summary if summary is not None else []
        self.name = name  # the holder's name or a queue number, printed on the sheet (never a decision)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": "sbk-guide.checklist/2"}
        if self.name:
            out["name"] = self.name
        out.update(
            data_version=self.data_version,
            lang=self.lang,
            today=self.today,
            answers=self.answers,
            region=dict(self.region),
            sections=[s.to_dict() for s in self.sections],
            sources=[dict(s) for s in self.sources],
        )
        return out

    def source_numbers(self) -> dict[str, int]:
        """Source id -> 1-based footnote number, in order of first citation."""
        return {s["id"]: n for n, s in enumerate(self.sources, 1)}
