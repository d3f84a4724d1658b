"""Region input: pinyin ids (henan, henan/zhengzhou), Chinese names with or without suffixes
(河南, 郑州, 河南省郑州市), traditional characters, full-width forms and English names.

The matching itself is core/region_match.py over lookup tables the compiler builds
once (and the data cache keeps); this module turns its answers into ids, notes and
errors in the user's language.
"""

from __future__ import annotations

from typing import Any, cast

from ..errors import UsageProblem
from .records import DataView
from .region_match import Index, Match, resolve, suggest


def normalise(text: str) -> str:
    return "".join(str(text).split()).lower().replace("\\", "/")


def match_region(data: DataView, text: str) -> Match | None:
    """What `text` names: a region id, or (fallback) the province around an unknown place."""
    key = normalise(text)
    if not key:
        return None
    if key in data.regions:
        return Match(key, False, key)
    return resolve(cast(Index, data.region_index), str(text))


# Names a prefecture shares with a better-known district elsewhere: 朝阳 is 辽宁省朝阳市 in the
# list, but most people who type it mean Beijing's 朝阳区. Such a name alone is asked about.
# name -> (the prefecture's id, the district's region id, the district in Chinese, in English)
AMBIGUOUS = {
    "朝阳": ("liaoning/chaoyang", "beijing", "北京市朝阳区", "Chaoyang District, Beijing"),
    "朝陽": ("liaoning/chaoyang", "beijing", "北京市朝阳区", "Chaoyang District, Beijing"),
}


def _ambiguous(data: DataView, text: str, option: str) -> UsageProblem | None:
    entry = AMBIGUOUS.get(str(text).strip())
    if entry is None:
        return None
    city, district_region, district_zh, district_en = entry
    return UsageProblem(
        "ambiguous_region",
        option=option,
        value=str(text).strip(),
        city_zh=data.region_name(city, "zh"),
        city_en=f"{data.region_name(city, 'en')} ({city})",
        district_zh=district_zh,
        district_en=district_en,
        region_zh=data.region_name(district_region, "zh"),
        region_en=district_region,
    )


def find_region(data: DataView, text: str) -> str | None:
    """The region id for `text`, or None (also for a name that could be two places: resolve_region says)."""
    if str(text).strip() in AMBIGUOUS:
        return None
    found = match_region(data, text)
    return found.id if found else None


def suggest_regions(data: DataView, text: str) -> list[str]:
    """The nearest valid region ids to a mistyped `text` (best first, at most 3), or []."""
    return suggest(cast(Index, data.region_index), str(text))


def _is_chinese(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def region_label(data: DataView, rid: str, chinese: bool) -> str:
    """A region as a suggestion shows it: the Chinese name for Chinese input, else the id to type
    and the Chinese name."""
    if rid == "national":
        return rid
    if chinese:
        return data.region_name(rid, "zh")
    return f"{rid} ({data.region_name(rid, 'zh')})"


def resolve_region(
    data: DataView, text: str, option: str = "--region", notes: list[tuple[str, dict[str, Any]]] | None = None
) -> str:
    """The region id for `text`; an unknown place inside a known province gives the province,
    with a note (in `notes`) saying so; anything else unknown is an error with suggestions."""
    unclear = _ambiguous(data, text, option)
    if unclear is not None:
        raise unclear
    found = match_region(data, text)
    if found is not None:
        if found.fallback and notes is not None:
            notes.append(
                (
                    "region_fallback",
                    {
                        "value": str(text).strip(),
                        "zh": data.region_name(found.id, "zh"),
                        "en": data.region_name(found.id, "en"),
                    },
                )
            )
        return found.id
    suggestions = suggest_regions(data, text)
    if suggestions:
        chinese = _is_chinese(str(text))
        labels = [region_label(data, rid, chinese) for rid in suggestions]
        sep = " / "
        raise UsageProblem("unknown_region_suggest", option=option, value=text, suggestion=sep.join(labels))
    raise UsageProblem("unknown_region", option=option, value=text)
