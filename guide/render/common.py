"""Pieces every renderer shares: deadline status, source references, footer."""

from __future__ import annotations

import datetime as dt

from ..core.dates import display
from ..core.model import Checklist, Item
from ..messages import msg

CHECKBOX_SECTIONS = ("steps", "materials")


def due_status(item: Item, lang: str) -> str:
    """'截止 2026年11月1日，已超过 22 天' and the like; '' for items without a due date."""
    if item.due is None or item.days_left is None:
        return ""
    due = display(dt.date.fromisoformat(item.due), lang)
    if item.days_left < 0:
        return msg("due_overdue", lang, due=due, days=-item.days_left)
    if item.days_left == 0:
        return msg("due_today", lang, due=due)
    return msg("due_left", lang, due=due, days=item.days_left)


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
    colon = "：" if lang == "zh" else ": "
    sep = "；" if lang == "zh" else "; "
    return sep.join(
        [
            msg("label_generated", lang) + colon + checklist.today,
            msg("label_data_version", lang) + colon + checklist.data_version,
            msg("label_checked", lang) + colon + checklist.checked,
        ]
    )


def with_status(text: str, item: Item, lang: str, overdue_mark: str = "") -> str:
    """Item text followed by its deadline status, in brackets of the language."""
    status = due_status(item, lang)
    if not status:
        return text
    mark = overdue_mark if item.overdue else ""
    return f"{text} ({mark}{status})" if lang == "en" else f"{text}（{mark}{status}）"


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def holder_name(checklist: Checklist) -> str:
    """The holder's name (or queue number) printed on the sheet; '' when none was given.
    (`Checklist.name` arrives with schema 2; read defensively until then.)"""
    name = getattr(checklist, "name", None)
    return str(name).strip() if name else ""


def headline_items(checklist: Checklist) -> list[Item]:
    """The dated items (the activation deadline), shown again at the top of a page or receipt."""
    return [item for section in checklist.sections for item in section.items if item.due is not None]


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


def summary_rows(checklist: Checklist) -> list[tuple[str, str]]:
    """The summary's (label, value) rows, the holder's name first when one was given."""
    from ..messages import msg

    name = holder_name(checklist)
    head = [(msg("label_name", checklist.lang), name)] if name else []
    return head + list(checklist.summary)
