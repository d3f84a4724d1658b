"""--format html: one self-contained A4 page (inline CSS, no scripts, no network)."""

from __future__ import annotations

from pathlib import Path

from ..core.model import Checklist, Item
from ..messages import msg
from .common import CHECKBOX_SECTIONS, due_status, footer, source_refs

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def render_html(checklist: Checklist) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        trim_blocks=False,
        lstrip_blocks=False,
        undefined=jinja2.StrictUndefined,
    )
    lang = checklist.lang
    numbers = checklist.source_numbers()

    def status(item: Item) -> str:
        return due_status(item, lang)

    def refs(item: Item) -> str:
        return source_refs(item, numbers)

    template = env.get_template("checklist.html.j2")
    html = template.render(
        lang=lang,
        title=msg("title", lang),
        region=checklist.region["name"],
        summary=checklist.summary,
        sections=checklist.sections,
        checkbox_sections=CHECKBOX_SECTIONS,
        sources=checklist.sources,
        sources_title=msg("label_sources", lang),
        undated=msg("source_no_date", lang),
        footer=footer(checklist),
        status=status,
        refs=refs,
        sep="，" if lang == "zh" else ", ",
    )
    return str(html)
