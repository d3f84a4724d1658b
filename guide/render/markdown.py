"""--format markdown: reads well as Markdown and as plain text pasted into a chat."""

from __future__ import annotations

from ..core.model import Checklist
from ..messages import msg
from .common import CHECKBOX_SECTIONS, colon, footer, source_line, source_refs, summary_rows, with_status


def render_markdown(checklist: Checklist) -> str:
    lang = checklist.lang
    numbers = checklist.source_numbers()
    out = [f"# {msg('title', lang)}", ""]
    for label, value in summary_rows(checklist):
        out.append(f"- {label}{colon(lang)}{value}")
    for section in checklist.sections:
        if not section.items:
            continue
        out += ["", f"## {section.title}", ""]
        for n, item in enumerate(section.items, 1):
            text = with_status(item.text, item, lang, "⚠️ ")
            refs = source_refs(item, numbers)
            if section.id == "steps":
                out.append(f"{n}. [ ] {text} {refs}")
            elif section.id in CHECKBOX_SECTIONS:
                out.append(f"- [ ] {text} {refs}")
            else:
                out.append(f"- {text} {refs}")
    out += ["", f"## {msg('label_sources', lang)}", ""]
    for source in checklist.sources:
        out.append(f"{numbers[source['id']]}. {source_line(source, lang)}")
    out += ["", footer(checklist), ""]
    return "\n".join(out)
