"""--format text: plain text for terminals without rich, files and receipt printers.

Only ASCII framing characters (thermal printers have them), no ANSI codes,
wrapped by display width (--width; 32 and 48 fit 58 mm and 80 mm paper).
"""

from __future__ import annotations

from ..core.model import Checklist
from ..messages import msg
from . import MIN_WIDTH
from .common import CHECKBOX_SECTIONS, colon, footer, source_line, source_refs, with_status
from .wrap import width, wrap


def render_text(checklist: Checklist, line_width: int = 80) -> str:
    lang = checklist.lang
    w = max(MIN_WIDTH, line_width)
    out: list[str] = []
    numbers = checklist.source_numbers()
    title = msg("title", lang)
    out.extend(wrap(title, w))
    out.append("=" * min(w, max(width(title), 8)))
    for label, value in checklist.summary:
        out.extend(wrap(f"{label}{colon(lang)}{value}", w, "", "  "))
    for section in checklist.sections:
        if not section.items:
            continue
        out.append("")
        out.append(section.title)
        out.append("-" * min(w, max(width(section.title), 4)))
        for n, item in enumerate(section.items, 1):
            text = with_status(item.text, item, lang, "!! ")  # ASCII: thermal printers have it
            text = f"{text} {source_refs(item, numbers)}"
            if section.id in CHECKBOX_SECTIONS:
                first = f"[ ] {n}. " if section.id == "steps" else "[ ] "
            else:
                first = "* "
            out.extend(wrap(text, w, first, " " * len(first)))
    out.append("")
    out.append(msg("label_sources", lang))
    out.append("-" * min(w, max(width(msg("label_sources", lang)), 4)))
    for source in checklist.sources:
        first = f"[{numbers[source['id']]}] "
        out.extend(wrap(source_line(source, lang), w, first, " " * len(first)))
    out.append("")
    out.extend(wrap(footer(checklist), w))
    return "\n".join(out) + "\n"
