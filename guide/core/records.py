"""Regions and sources of the data as typed, read-only values (built once per data set)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


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
            )
            if v
        }
