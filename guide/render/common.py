"""Pieces every renderer shares: source references, the footer, the name, the colon."""

from __future__ import annotations

from ..core.model import Checklist, Item
from ..messages import msg


def source_refs(item: Item, numbers: dict[str, int]) -> str:
    return "[" + ",".join(str(n) for n in sorted({numbers[s] for s in item.sources if s in numbers})) + "]"


def source_line(source: dict[str, str], lang: str) -> str:
    parts = [source["publisher"], source.get("title") or msg("untitled_source", lang)]
    parts.append(source.get("date") or msg("source_no_date", lang))
    if source.get("url"):
        parts.append(source["url"])
    sep = "，" if lang == "zh" else ", "
    return sep.join(parts)


def footer(checklist: Checklist) -> str:
    lang = checklist.lang
    sep = "；" if lang == "zh" else "; "
    return sep.join(
        [
            msg("label_generated", lang) + colon(lang) + checklist.today,
            msg("label_data_version", lang) + colon(lang) + checklist.data_version,
            msg("label_checked", lang) + colon(lang) + checklist.checked,
        ]
    )


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def holder_name(checklist: Checklist) -> str:
    """The holder's name (or queue number) printed on the sheet; '' when none was given."""
    return (checklist.name or "").strip()


def short_source(source: dict[str, str], lang: str) -> str:
    """A short reference without the URL: publisher《title》date (zh) or publisher, "title", date (en).
    A page without a headline (no `title`) is named by its publisher and a note:
    publisher（页面无标题）date, publisher (page without a headline), date; no book-title marks or
    quotes around the note."""
    date = source.get("date") or msg("source_no_date", lang)
    title = source.get("title")
    if lang == "zh":
        if not title:
            return f"{source['publisher']}{msg('untitled_source', lang)}，{date}"
        return f"{source['publisher']}《{title}》，{date}"
    if not title:
        return f"{source['publisher']} {msg('untitled_source', lang)}, {date}"
    return f"{source['publisher']}, \u201c{title}\u201d, {date}"
