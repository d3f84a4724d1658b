"""--format html: one self-contained A4 page (inline CSS, no scripts, no network).

Page 1 carries what is needed at the counter: the holder's name (or a line to write
it on), the deadline or overdue notice, steps, what to bring, where to go and the
hotlines; then deadlines, notes, short numbered references in the page's language
and the web addresses in small type. The longest path fits two A4 pages in
Chromium at 12 pt (tests/test_printing.py prints it and reads the sizes back)."""

from __future__ import annotations

from pathlib import Path

from ..core.model import Checklist, Item
from ..messages import msg
from .common import CHECKBOX_SECTIONS, due_status, footer, headline_items, holder_name, short_source, source_refs

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PAGE_ORDER = ("contacts", "steps", "materials", "places", "deadlines", "notes")  # hotlines in a box at the top


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

    def short(source: dict[str, str]) -> str:
        return short_source(source, lang)

    rank = {sid: n for n, sid in enumerate(PAGE_ORDER)}
    sections = sorted(checklist.sections, key=lambda s: rank.get(s.id, len(rank)))
    template = env.get_template("checklist.html.j2")
    html = template.render(
        lang=lang,
        title=msg("title", lang),
        name=holder_name(checklist),
        name_label=msg("label_name", lang),
        colon="：" if lang == "zh" else ": ",
        headline=headline_items(checklist),
        region=checklist.region["name"],
        summary=checklist.summary,
        sections=sections,
        checkbox_sections=CHECKBOX_SECTIONS,
        sources=checklist.sources,
        numbers=numbers,
        sources_title=msg("label_sources", lang),
        footer=footer(checklist),
        status=status,
        refs=refs,
        short=short,
    )
    return str(html)
