"""Renderers: one checklist in, text out. Heavy libraries are imported only by
the renderer that needs them (rich for `rich`, jinja2 for `html`)."""

from __future__ import annotations

from ..core.model import Checklist

FORMATS = ("rich", "text", "markdown", "html", "json")
MIN_WIDTH = 24  # narrowest text layout (receipt printers start at 32 columns)


def render(checklist: Checklist, fmt: str, *, width: int = 80, color: bool = False) -> str:
    """Render to a string. `rich` renders through rich (ANSI colour only with `color`)."""
    if fmt == "json":
        from .json_out import render_json

        return render_json(checklist)
    if fmt == "text":
        from .text import render_text

        return render_text(checklist, width)
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(checklist)
    if fmt == "html":
        from .html import render_html

        return render_html(checklist)
    from .rich_out import render_rich

    return render_rich(checklist, width=width, color=color)
