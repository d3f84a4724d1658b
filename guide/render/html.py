"""--format html: one self-contained A4 page (inline CSS, no scripts, no network).

The plan layout (render/layout.py) for an elderly reader: the name (or a line to write it
on), the first thing to do in large type, the hotlines and a line to write the service
bank's name and phone on; then each visit with its steps and what to bring, the dates
and at most three notes, in one column at 14 pt. The page ends with a small block for
staff: the answers, the items still to be confirmed, the short sources with their grades
(no web addresses: JSON and markdown keep them) and the data version."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..core.model import Checklist
from ..messages import msg
from .common import colon, footer
from .layout import brief, build_layout, grade_of, staff_sources, thing_mark, unconfirmed_items

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@functools.lru_cache(maxsize=1)
def _template() -> Any:
    """The page's template, compiled once per process (a batch renders thousands of pages)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        trim_blocks=False,
        lstrip_blocks=False,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("checklist.html.j2")


def render_html(checklist: Checklist) -> str:
    layout = build_layout(checklist)
    # a plan too long for two pages in full keeps its page for the plan: no notes (the wide
    # text, chat, markdown and JSON keep them)
    shown = [] if layout.short_after_first else layout.note_ids
    lang = layout.lang
    html = _template().render(
        lang=lang,
        title=layout.title,
        name=layout.name,
        name_label=msg("label_name", lang),
        colon=colon(lang),
        region=checklist.region["name"],
        first=layout.first,
        first_label=msg("first_label", lang),
        # a very long plan (its later steps in short forms): the things and hotlines without their
        # longer remarks in brackets (examples, lists of apps, a source's year), as on a long receipt
        hotlines=[brief(t, lang) for t in layout.hotlines] if layout.short_after_first else layout.hotlines,
        hotline_label=msg("label_hotline", lang),
        bank_write_in=layout.bank_write_in,
        write_in_bank=msg("write_in_bank", lang).rstrip("： "),
        write_in_phone=msg("write_in_phone", lang).rstrip("： "),
        trips=layout.trips,
        short_after_first=layout.short_after_first,
        steps_label=msg("label_steps_fallback", lang),
        # ... and, like a long receipt, its things listed once, numbered (each visit names them)
        things=[brief(t, lang) for t in layout.things]
        if layout.short_after_first
        else layout.things
        if layout.things_once
        else [],
        things_label=layout.things_label,
        mark=lambda n: thing_mark(n, lang),
        mark_sep="" if lang == "zh" else " ",
        dates=layout.dates,
        dates_label=msg("label_dates", lang),
        notes=[] if layout.short_after_first else layout.notes,
        notes_label=msg("label_notes", lang),
        staff=brief(layout.staff, lang),  # the answers without their longer remarks: a page has no room
        staff_label=msg("label_staff", lang),
        remark=layout.remark,
        remark_label=msg("label_remark", lang),
        unconfirmed=unconfirmed_items(checklist, shown),
        unconfirmed_label=msg("label_unconfirmed", lang),
        sources=staff_sources(checklist, shown),
        sources_label=msg("label_sources", lang),
        graded=any(grade_of(s) for s in checklist.sources),
        grade_legend=msg("grade_legend", lang),
        footer=footer(checklist),
    )
    return str(html)
