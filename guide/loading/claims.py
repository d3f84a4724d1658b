"""validate's claim check: an item says no more than its quotes (shared/sources.md).

An item fails when its Chinese text names a number, a period (60天, 6个月, 10年), an app or
channel (the list in data/claims.yaml) or a place (a province or prefecture name of
regions.yaml) that none of its quotes contains. Text and quotes are compared after
normalising full-width and half-width forms, case, spaces and punctuation; a quote's Chinese
numerals count as digits (六十日 holds 60天), and the year of a cited source's date counts as
quoted (a dated sentence: "2020年报道"). Placeholders such as {due} are left out, and so
are the words of the data's allow-list (each entry gives its reason) and, in an overlay, the
names of the overlay's own region and its province.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..core.dataset import Dataset
from ..core.records import Citation, Source
from .docs import Doc
from .problems import Problem, owner

CLAIMS_FILE = "claims.yaml"
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_RUN = "[零〇一二两三四五六七八九十百千]+"
# a period's unit, and the unit it means (天 and 日 are both days, 月 and 个月 both months)
_UNITS = {
    "个工作日": "workday",
    "工作日": "workday",
    "个小时": "hour",
    "小时": "hour",
    "个月": "month",
    "月": "month",
    "星期": "week",
    "周": "week",
    "天": "day",
    "日": "day",
    "年": "year",
}
_UNIT_RE = "|".join(_UNITS)
_PERIOD = re.compile(rf"(\d+)({_UNIT_RE})")
_PLACEHOLDER = re.compile(r"\{\w+\}")
KIND = {
    "number": ("数字", "number"),
    "period": ("期限", "period"),
    "channel": ("渠道", "channel"),
    "place": ("地名", "place"),
}


# the traditional forms of the characters a claim is made of (quotes copied from pages shown in
# traditional characters still hold the simplified claim: 3個月 holds 3个月)
_TRADITIONAL = str.maketrans("個歲週時曆", "个岁周时历")


def _width(text: str) -> str:
    """Full-width digits, letters and punctuation as half-width; lower case; the traditional
    characters of claims as simplified."""
    return unicodedata.normalize("NFKC", text).lower().translate(_TRADITIONAL)


def _squeeze(text: str) -> str:
    """For matching names: no spaces or punctuation at all."""
    return re.sub(r"[\W_]+", "", _width(text))


def _cn_number(run: str) -> str:
    """一 → 1, 六十 → 60, 二十五 → 25, 一二三 → 123 (a run of plain digits)."""
    if not any(c in _CN_UNIT for c in run):
        return "".join(str(_CN_DIGIT[c]) for c in run)
    total = digit = 0
    for c in run:
        if c in _CN_UNIT:
            total += (digit or 1) * _CN_UNIT[c]
            digit = 0
        else:
            digit = _CN_DIGIT[c]
    return str(total + digit)


def _periods(text: str) -> set[tuple[str, str]]:
    return {(str(int(n)), _UNITS[unit]) for n, unit in _PERIOD.findall(text)}


class QuoteFacts:
    """What an item's quotes contain: numbers, periods and (squeezed) text."""

    def __init__(self, quotes: Iterable[str]) -> None:
        quotes = [_width(q) for q in quotes]
        digits = [re.sub(_CN_RUN, lambda m: _cn_number(m.group()), q) for q in quotes]
        self.numbers = {str(int(n)) for q in digits for n in re.findall(r"\d+", q)}
        self.periods = set().union(*(_periods(q) for q in digits)) if digits else set()
        self.squeezed = [_squeeze(q) for q in quotes]

    def names(self, name: str) -> bool:
        key = _squeeze(name)
        return any(key in q for q in self.squeezed)


def text_claims(text: str, channels: Sequence[str], places: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(kind, claim) for every number, period, channel and place the text names, in order of kind."""
    text = _width(_PLACEHOLDER.sub(" ", text))
    # Chinese numerals count only where they give a period (一年, 六十天), not in 一次 or 统一
    periods_text = re.sub(rf"{_CN_RUN}(?=个?(?:{_UNIT_RE}))", lambda m: _cn_number(m.group()), text)
    seen: set[tuple[str, str]] = set()
    for number in re.findall(r"\d+", text):
        if ("number", number) not in seen:
            seen.add(("number", number))
            yield "number", number
    for match in _PERIOD.finditer(periods_text):
        n, unit = match.groups()
        if _UNITS[unit] == "year" and int(n) >= 1900:
            continue  # a calendar year (2025年), checked as a number
        if ("period", match.group()) not in seen:
            seen.add(("period", match.group()))
            yield "period", match.group()
    squeezed = _squeeze(text)
    for kind, names in (("channel", channels), ("place", places)):
        for name in names:
            if _squeeze(name) in squeezed:
                yield kind, name


def unquoted(
    text: str, quotes: Iterable[str], channels: Sequence[str], places: Sequence[str], years: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """The (kind, claim) of the text that no quote contains (`years`: those of the cited sources' dates)."""
    facts = QuoteFacts(quotes)
    facts.numbers |= set(years)
    out = []
    for kind, claim in text_claims(text, channels, places):
        if kind == "number":
            ok = str(int(claim)) in facts.numbers
        elif kind == "period":
            ok = bool(_periods(claim) <= facts.periods)
        else:
            ok = facts.names(claim)
        if not ok:
            out.append((kind, claim))
    return out


def claim_lists(layers: Sequence[Mapping[str, Doc]]) -> tuple[list[str], set[str]]:
    """The channel names and allowed words of every layer's claims.yaml (a local one adds to the shipped one)."""
    channels: list[str] = []
    allowed: set[str] = set()
    for layer in layers:
        doc = layer.get(CLAIMS_FILE)
        content = doc.content if doc is not None and isinstance(doc.content, dict) else {}
        channels += [str(c) for c in content.get("channels") or [] if str(c) not in channels]
        allowed |= {str(a["word"]) for a in content.get("allow") or []}
    # the longer name first, so that a text naming 掌上12333 is not also said to name 12333's parts
    return sorted(channels, key=len, reverse=True), allowed


def _place_names(data: Dataset, region: str | None) -> list[str]:
    """Short names of provinces and prefectures (two characters or more), without the region's own."""
    own: set[str] = set()
    if region is not None:
        for rid in data.region_chain(region):
            if rid in data.regions:
                own |= {data.regions[rid].short, data.regions[rid].zh}
    names = {r.short for rid, r in data.regions.items() if rid != "national" and len(r.short) >= 2}
    return sorted(names - own, key=len, reverse=True)


def _source_year(source: Source) -> str:
    """The year a source was published: its date's, or, for a page that shows none, the year
    in its own address (news sites file pages under /2021-12/ or /2022/02/08/)."""
    if source.date:
        return source.date[:4]
    found = re.search(r"/((?:19|20)\d\d)[-/]?\d\d[/-]", source.url)
    return found.group(1) if found else ""


def claim_problems(data: Dataset, layers: Sequence[Mapping[str, Doc]]) -> list[Problem]:
    """Every item (national, an overlay's new item, or an item as an overlay's `replace` leaves
    it) whose zh text names what none of its quotes contains."""
    channels, allowed = claim_lists(layers)
    channels = [c for c in channels if c not in allowed]
    base = {item.id: item for item in data.items}
    out: list[Problem] = []

    def check(ident: str, file: str, line: int, text: str, citations: Iterable[Citation], places: list[str]) -> None:
        citations = list(citations)
        quotes = [c.quote for c in citations]
        years = [_source_year(data.sources[c.id]) for c in citations if c.id in data.sources]
        for kind, claim in unquoted(text, quotes, channels, places, years):
            if claim in allowed:
                continue
            zh, en = KIND[kind]
            params: dict[str, Any] = {**owner("item", ident), "claim": claim, "kind_zh": zh, "kind_en": en}
            out.append(Problem(file, line, "unquoted_claim", params))

    national_places = _place_names(data, None)
    for item in data.items:
        check(item.id, item.file, item.line, item.text["zh"], item.citations, national_places)
    for region, overlays in data.overlays.items():
        places = _place_names(data, region)
        known = dict(base)
        parent = data.regions[region].parent if region in data.regions else ""
        for upper in data.overlays.get(parent, []) if parent else []:
            known.update({i.id: i for i in upper.add})
        for overlay in overlays:
            for new in overlay.add:
                check(new.id, new.file, new.line, new.text["zh"], new.citations, places)
            for patch in overlay.replace:
                old = known.get(patch.id)
                if old is None or not ({"text", "citations"} & set(patch.fields)):
                    continue
                text = patch.fields.get("text", old.text)["zh"]
                check(patch.id, patch.file, patch.line, text, patch.fields.get("citations", old.citations), places)
    return out
