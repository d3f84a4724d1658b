"""Region input: pinyin ids (henan, henan/zhengzhou) or Chinese names (河南, 郑州市, 河南省郑州市)."""

from __future__ import annotations

from .dataset import Dataset
from .errors import UsageProblem


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


def suggest_region(data: Dataset, text: str) -> str | None:
    """The nearest valid region id to a mistyped `text`, if one is close."""
    import difflib

    key = normalise(text)
    if "/" in key:
        head = key.split("/", 1)[0]
        province = find_region(data, head)
        city_ids = [r for r in data.regions if province and data.regions[r]["parent"] == province]
        close = difflib.get_close_matches(key, city_ids, n=1, cutoff=0.75)
        if close:
            return close[0]
        if province:
            return province
    close = difflib.get_close_matches(key, list(data.aliases), n=1, cutoff=0.6)
    return data.aliases[close[0]] if close else None


def resolve_region(data: Dataset, text: str, option: str = "--region") -> str:
    rid = find_region(data, text)
    if rid is not None:
        return rid
    suggestion = suggest_region(data, text)
    if suggestion:
        label = suggestion if suggestion == "national" else f"{suggestion} ({data.region_name(suggestion, 'zh')})"
        raise UsageProblem("unknown_region_suggest", option=option, value=text, suggestion=label)
    raise UsageProblem("unknown_region", option=option, value=text)
