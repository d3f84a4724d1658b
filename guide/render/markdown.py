"""--format markdown: the plan layout as a document that keeps everything: every note, the
places, every source in full (with its grade and web address) and the [n] references."""

from __future__ import annotations

import re

from ..core.model import Checklist
from ..messages import msg
from .common import colon, footer, source_line, source_refs
from .layout import build_layout, grade_of

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~&-])")


def md_escape(text: str) -> str:
    """Text typed by someone (a roster's remark) as literal markdown: its markup characters
    backslash-escaped, so `<b>` or `**` shows as typed and never becomes markup or HTML."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(checklist: Checklist) -> str:
    layout = build_layout(checklist)
    lang = layout.lang
    numbers = checklist.source_numbers()
    items = {item.id: item for section in checklist.sections for item in section.items}
    step_ids = [item.id for s in checklist.sections if s.id == "steps" for item in s.items]
    out = [f"# {layout.title}", ""]
    if layout.name:
        out.append(f"**{msg('label_name', lang)}{colon(lang)}{layout.name}**")
        out.append("")
    if layout.first:
        out += [f"> **{msg('first_label', lang)}{colon(lang)}**{layout.first}", ""]
    for label, value in checklist.summary:
        out.append(f"- {label}{colon(lang)}{value}")
    if layout.remark:  # a roster's remark for staff
        out.append(f"- {msg('label_remark', lang)}{colon(lang)}{md_escape(layout.remark)}")
    for trip in layout.trips:
        out += ["", f"## {trip.heading or msg('label_steps_fallback', lang)}", ""]
        for step in trip.steps:
            item = items[step_ids[step.number - 1]]
            out.append(f"{step.number}. [ ] {step.text} {source_refs(item, numbers)}")
        if trip.bring:
            out += ["", f"{trip.bring_label}{colon(lang)}" + ("；" if lang == "zh" else "; ").join(trip.bring)]
    for section in checklist.sections:
        if section.id in ("steps", "materials") or not section.items:
            continue
        out += ["", f"## {section.title}", ""]
        for item in section.items:
            text = next((d for d in layout.dates if d.startswith(item.text)), item.text)
            mark = f" ({msg('unconfirmed_mark', lang)})" if item.unconfirmed else ""
            out.append(f"- {text}{mark} {source_refs(item, numbers)}")
    out += ["", f"## {msg('label_sources', lang)}", ""]
    for source in checklist.sources:
        grade = grade_of(source)
        out.append(f"{numbers[source['id']]}. {source_line(source, lang)}" + (f" [{grade}]" if grade else ""))
    out += ["", footer(checklist), ""]
    return "\n".join(out)
