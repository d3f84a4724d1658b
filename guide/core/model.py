"""The checklist the engine produces: plain data classes, no behaviour beyond to_dict(), and
the one sentence its `first` is said in (first_sentence)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Item:
    id: str
    text: str
    sources: list[str]
    due: str | None = None
    days_left: int | None = None
    overdue: bool | None = None
    unconfirmed: bool = False  # only a weak (W) source supports it: staff see 待核实 / unconfirmed
    # a step's short form (data `short`), for the renderers' compact views (a long receipt);
    # not part of the JSON contract
    short: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "text": self.text, "sources": list(self.sources)}
        if self.due is not None:
            out.update(due=self.due, days_left=self.days_left, overdue=self.overdue)
        if self.unconfirmed:
            out["unconfirmed"] = True
        return out


@dataclass(slots=True)
class Visit:
    """One trip (or one sitting at home / on the phone) of the plan: the steps done there, in
    order, and the materials to bring. `place` and `who` use the contract's vocabularies."""

    place: str  # online, phone-call, hrss-window, medical-window, bank, police, community, hospital-pharmacy
    title: str
    who: str  # holder, proxy, guardian, anyone
    steps: list[str]
    bring: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "title": self.title,
            "who": self.who,
            "steps": list(self.steps),
            "bring": list(self.bring),
        }


@dataclass(slots=True)
class First:
    """The first thing to do, in one sentence, and the step it starts (the first step of the first visit)."""

    text: str
    step: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "step": self.step}


def first_sentence(title: str, shorts: list[str], lang: str) -> str:
    """A visit's title and the short forms of its first steps as one sentence: "去服务银行（卡面印的
    银行）：启用社保（医保）功能；开通金融（银行）功能。" (in English each short form goes on the
    sentence in lower case). The contract's `first` and the receipt's and chat's first line."""
    if lang != "zh":
        shorts = [short[:1].lower() + short[1:] for short in shorts]
    colon, joiner, stop = ("：", "；", "。") if lang == "zh" else (": ", "; ", ".")
    return f"{title}{colon}{joiner.join(shorts)}{stop}"


@dataclass(slots=True)
class Section:
    id: str
    title: str
    items: list[Item] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "items": [i.to_dict() for i in self.items]}


@dataclass(slots=True, kw_only=True)
class Checklist:
    lang: str
    today: str
    data_version: str
    checked: str
    answers: dict[str, Any]
    region: dict[str, Any]
    sections: list[Section]
    sources: list[dict[str, str]]
    # answers as shown to people: (question label, answer label) in path order
    summary: list[tuple[str, str]] = field(default_factory=list)
    name: str | None = None  # the holder's name or a queue number, printed on the sheet (never a decision)
    first: First | None = None  # the plan's first action (schema 3)
    plan: list[Visit] = field(default_factory=list)  # the steps grouped into visits, in order (schema 3)
    # a roster's remark (备注) for staff: printed in the block for staff, never in JSON (schema 3)
    # nor in the chat text
    remark: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": "sbk-guide.checklist/3"}
        if self.name:
            out["name"] = self.name
        out.update(
            data_version=self.data_version,
            lang=self.lang,
            today=self.today,
            answers=self.answers,
            region=dict(self.region),
        )
        if self.first is not None:
            out["first"] = self.first.to_dict()
        out.update(
            plan=[v.to_dict() for v in self.plan],
            sections=[s.to_dict() for s in self.sections],
            sources=[dict(s) for s in self.sources],
        )
        return out

    def source_numbers(self) -> dict[str, int]:
        """Source id -> 1-based footnote number, in order of first citation."""
        return {s["id"]: n for n, s in enumerate(self.sources, 1)}
