"""--format text: plain text for terminals without rich, files and receipt printers.

Only ASCII framing characters (thermal printers have them), no ANSI codes,
wrapped by display width (--width; 32 and 48 fit 58 mm and 80 mm paper).
East Asian ambiguous characters (“ ” … — ·) are counted as two columns, as the
GB18030 fonts of Chinese thermal printers print them, so a line fits in either
counting (render/wrap.py).

Narrower than RECEIPT_BELOW columns, the text is a receipt: the holder's name and
the deadline at the top, then steps, materials, places, deadlines and contacts
with numbered references, and a pointer to the A4 page or the chat text for the
notes and the full sources (no URLs: they would take more paper than the rest).
"""

from __future__ import annotations

from ..core.model import Checklist
from ..messages import msg
from . import MIN_WIDTH
from .common import (
    CHECKBOX_SECTIONS,
    colon,
    due_status,
    footer,
    headline_items,
    holder_name,
    source_line,
    source_refs,
    with_status,
)
from .wrap import width, wrap

RECEIPT_BELOW = 60  # columns: 32 (58 mm) and 48 (80 mm) printers get the receipt
RECEIPT_SECTIONS = ("steps", "materials", "places", "deadlines", "contacts")
AMBIGUOUS = 2  # printer counting of “ ” … — · (render/wrap.py)
OVERDUE_MARK = "!! "  # ASCII: thermal printers have it


def render_text(checklist: Checklist, line_width: int = 80) -> str:
    w = max(MIN_WIDTH, line_width)
    if w < RECEIPT_BELOW:
        return _receipt(checklist, w)
    return _full(checklist, w)


def _lines(text: str, w: int, first: str = "", rest: str | None = None) -> list[str]:
    return wrap(text, w, first, rest, ambiguous=AMBIGUOUS)


def _rule(text: str, w: int, char: str = "-") -> str:
    return char * min(w, max(width(text, AMBIGUOUS), 4))


def _items(checklist: Checklist, section_ids: tuple[str, ...] | None, w: int, *, compact: bool = False) -> list[str]:
    """The sections' items. `compact` (receipts): one-line 【headings】, a two-column hanging
    indent, and no deadline status repeated after an item (the head shows it)."""
    lang = checklist.lang
    numbers = checklist.source_numbers()
    out: list[str] = []
    for section in checklist.sections:
        if not section.items or (section_ids is not None and section.id not in section_ids):
            continue
        if compact:
            out.append(f"【{section.title}】" if lang == "zh" else f"[{section.title.upper()}]")
        else:
            out += ["", section.title, _rule(section.title, w)]
        for n, item in enumerate(section.items, 1):
            text = item.text if compact else with_status(item.text, item, lang, OVERDUE_MARK)
            text = f"{text} {source_refs(item, numbers)}"
            if section.id in CHECKBOX_SECTIONS:
                first = f"[ ] {n}. " if section.id == "steps" else "[ ] "
            else:
                first = "* "
            out.extend(_lines(text, w, first, "  " if compact else " " * len(first)))
    return out


def _head(checklist: Checklist, w: int) -> list[str]:
    lang = checklist.lang
    title = msg("title", lang)
    out = _lines(title, w)
    out.append(_rule(title, w, "="))
    name = holder_name(checklist)
    if name:
        out.extend(_lines(f"{msg('label_name', lang)}{colon(lang)}{name}", w, "", "  "))
    for item in headline_items(checklist):
        mark = OVERDUE_MARK if item.overdue else ""
        out.extend(_lines(f"{mark}{due_status(item, lang)}", w, "", "  "))
    return out


def _full(checklist: Checklist, w: int) -> str:
    lang = checklist.lang
    numbers = checklist.source_numbers()
    out = _head(checklist, w)
    for label, value in checklist.summary:
        out.extend(_lines(f"{label}{colon(lang)}{value}", w, "", "  "))
    out.extend(_items(checklist, None, w))
    out.append("")
    out.append(msg("label_sources", lang))
    out.append(_rule(msg("label_sources", lang), w))
    for source in checklist.sources:
        first = f"[{numbers[source['id']]}] "
        out.extend(_lines(source_line(source, lang), w, first, " " * len(first)))
    out.append("")
    out.extend(_lines(footer(checklist), w))
    return "\n".join(out) + "\n"


def _receipt(checklist: Checklist, w: int) -> str:
    lang = checklist.lang
    out = _head(checklist, w)
    out.extend(_lines(f"{msg('label_region', lang)}{colon(lang)}{checklist.region['name']}", w, "", "  "))
    out.extend(_items(checklist, RECEIPT_SECTIONS, w, compact=True))
    out.append(_rule("", w, "="))
    out.extend(_lines(msg("receipt_more", lang), w))
    out.extend(_lines(footer(checklist), w))
    return "\n".join(out) + "\n"
