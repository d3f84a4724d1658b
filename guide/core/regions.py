"""Region input: pinyin ids (henan, henan/zhengzhou) or Chinese names (河南, 郑州市, 河南省郑州市)."""

from __future__ import annotations

from ..errors import UsageProblem
from .dataset import Dataset


def normalise(text: str) -> str:
    return "".join(str(text).split()).lower().replace("\\", "/")


def find_region(data: Dataset, text: str) -> str | None:
    """The region id for `text`, or None."""
    key = normalise(text)
    if not key:
        return None
    if key in data.regions:
        return key
    if key in data.aliases:
        return data.aliases[key]
    if "/" in key:  # henan/郑州, 河南/zhengzhou
        head, _, tail = key.partition("/")
        province = find_region(data, head)
        city = find_region(data, tail)
        if province and city and data.regions[city]["parent"] == province:
            return city
    return None


def suggest_regions(data: Dataset, text: str) -> list[str]:
    """The nearest valid region ids to a mistyped `text` (several when equally near), or []."""
    import difflib

    key = normalise(text)
    if "/" in key:
        head = key.split("/", 1)[0]
        province = find_region(data, head)
        city_ids = [r for r in data.regions if province and data.regions[r]["parent"] == province]
        close = difflib.get_close_matches(key, city_ids, n=1, cutoff=0.75)
        if close:
            return close
        if province:
            return [province]
    close = difflib.get_close_matches(key, list(data.aliases), n=1, cutoff=0.6)
    if close:
        return [data.aliases[close[0]]]
    if any("\u4e00" <= ch <= "\u9fff" for ch in key):
        # Chinese names are short: one wrong character of two (郑洲 for 郑州, a homophone
        # typed with a pinyin keyboard) scores only 0.5, and often ties with another name
        # (广洲: 广州 or 广西?), so every equally near region is offered
        scored = [(difflib.SequenceMatcher(None, key, alias).ratio(), alias) for alias in data.aliases]
        best = max((score for score, _ in scored), default=0.0)
        if best >= 0.5:
            ids = dict.fromkeys(data.aliases[alias] for score, alias in scored if score == best)
            return list(ids)[:3]
    return []


def resolve_region(data: Dataset, text: str, option: str = "--region") -> str:
    rid = find_region(data, text)
    if rid is not None:
        return rid
    suggestions = suggest_regions(data, text)
    if suggestions:
        labels = [rid if rid == "national" else f"{rid} ({data.region_name(rid, 'zh')})" for rid in suggestions]
        raise UsageProblem("unknown_region_suggest", option=option, value=text, suggestion=" / ".join(labels))
    raise UsageProblem("unknown_region", option=option, value=text)
