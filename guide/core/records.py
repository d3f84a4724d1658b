"""Regions, sources, items and overlays of the data as typed, read-only values (built once per data set)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from .conditions import Predicate, compile_condition

Text = Mapping[str, str]  # {"zh": …, "en": …}


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    zh: str  # 河南省, 郑州市
    short: str  # 河南, 郑州: the name without its suffix
    en: str
    parent: str = ""  # the province of a city ("" for a province and for national)
    aliases: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, r: Mapping[str, Any]) -> Region:
        return cls(r["id"], r["zh"], r["short"], r["en"], r.get("parent") or "", tuple(r.get("aliases") or ()))


@dataclass(frozen=True, slots=True)
class Source:
    """One reference (data/sources.yaml; grades as in shared/sources.md)."""

    id: str
    publisher: str
    title: str = ""
    date: str = ""
    url: str = ""
    grade: str = ""
    untitled: str = ""  # why no title is given (the stored copy shows no headline)
    undated: str = ""
    note: str = ""

    @classmethod
    def from_dict(cls, s: Mapping[str, Any]) -> Source:
        return cls(**{k: str(v) for k, v in s.items()})

    def public(self) -> dict[str, str]:
        """The contract's fields that are set (checklist JSON `sources`)."""
        return {
            k: v
            for k, v in (
                ("id", self.id),
                ("title", self.title),
                ("publisher", self.publisher),
                ("date", self.date),
                ("url", self.url),
                ("grade", self.grade),
            )
            if v
        }


@dataclass(frozen=True, slots=True)
class Citation:
    id: str  # a source id (data/sources.yaml)
    quote: str  # the source's own sentence that supports the item


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """One item of the data (data/items.yaml or an overlay's `add`): what a checklist may say,
    when it says it, what it takes as true about the person and who does it."""

    id: str
    section: str
    text: Text
    citations: tuple[Citation, ...]
    when: Mapping[str, Any] | None = None
    due: str = ""  # the deadline it reports (meta.yaml `deadlines`), if any
    who: str = ""  # for a step: holder, proxy, guardian or anyone
    asserts: Mapping[str, str] = field(default_factory=dict)
    # the plan (data/plan.yaml, situation.yaml `start`): a step's state before and after it,
    # the places it can be done (the first is preferred) and its one-sentence form for `first`
    needs: Mapping[str, str] = field(default_factory=dict)
    gives: Mapping[str, str] = field(default_factory=dict)  # what the step is for (done already: dropped)
    changes: Mapping[str, str] = field(default_factory=dict)  # what else holds after it (a new card is not enabled)
    place: tuple[str, ...] = ()
    short: Text = field(default_factory=dict)
    serves: tuple[str, ...] = ()  # a material: the steps it is brought for
    about: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # steps / no_steps / places / no_places
    after: str = ""  # an overlay's new item goes after this one
    unconfirmed: bool = False  # only weak (W) sources support it (shared/sources.md)
    file: str = ""
    line: int = 0
    test: Predicate = field(default=compile_condition(None), compare=False, repr=False)
    sources: tuple[str, ...] = field(init=False, compare=False, repr=False)  # the cited source ids, in order, once

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(dict.fromkeys(c.id for c in self.citations)))

    @classmethod
    def from_dict(cls, i: Mapping[str, Any]) -> ItemSpec:
        return cls(**_item_fields(i))

    def patched(self, patch: ItemPatch) -> ItemSpec:
        """This item with an overlay's `replace` applied (only the fields the patch gives); its
        place is the patch's, where a person would look for what the region changed."""
        return replace(self, **patch.fields, file=patch.file, line=patch.line)


@dataclass(frozen=True, slots=True)
class ItemPatch:
    """An overlay's `replace` entry: the item's id and the fields it changes."""

    id: str
    fields: Mapping[str, Any]
    file: str = ""
    line: int = 0

    @classmethod
    def from_dict(cls, i: Mapping[str, Any]) -> ItemPatch:
        given = _item_fields(i)
        return cls(i["id"], {k: v for k, v in given.items() if k not in ("id", "file", "line")}, i["file"], i["line"])


@dataclass(frozen=True, slots=True)
class Overlay:
    """One overlay file: a province's or city's own settings and items (data/overlays/)."""

    file: str
    checked: str
    settings: Mapping[str, Any]
    add: tuple[ItemSpec, ...] = ()
    replace: tuple[ItemPatch, ...] = ()
    remove: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, o: Mapping[str, Any]) -> Overlay:
        return cls(
            o["file"],
            o["checked"],
            o["settings"],
            tuple(ItemSpec.from_dict(i) for i in o["add"]),
            tuple(ItemPatch.from_dict(i) for i in o["replace"]),
            tuple(o["remove"]),
        )


def _item_fields(i: Mapping[str, Any]) -> dict[str, Any]:
    """The ItemSpec fields a compiled item (or a partial one, for a patch) gives."""
    out: dict[str, Any] = {}
    for key in (
        "id",
        "section",
        "text",
        "due",
        "who",
        "asserts",
        "needs",
        "gives",
        "changes",
        "short",
        "after",
        "unconfirmed",
        "file",
        "line",
    ):
        if key in i and i[key] is not None:
            out[key] = i[key]
    for key in ("place", "serves"):
        if key in i:
            out[key] = tuple(i[key])
    if "about" in i:
        out["about"] = {k: tuple(v) for k, v in i["about"].items()}
    if "citations" in i:
        out["citations"] = tuple(Citation(c["id"], c["quote"]) for c in i["citations"])
    if "when" in i:
        out["when"] = i["when"]
        out["test"] = compile_condition(i["when"])
    return out


class DataView(Protocol):
    """What question kinds (questions.py) and place matching (regions.py) read of the data set.
    core/dataset.Dataset has all of it; typed here, below both, so that neither imports it
    (the data set is built of questions: no cycle)."""

    @property
    def regions(self) -> dict[str, Region]: ...
    @property
    def region_order(self) -> list[str]: ...
    @property
    def region_index(self) -> dict[str, Any]: ...
    @property
    def overlays(self) -> dict[str, list[Overlay]]: ...
    def choice_index(self, qid: str) -> dict[str, str]: ...
    def region_chain(self, rid: str) -> list[str]: ...
    def region_name(self, rid: str, lang: str) -> str: ...
