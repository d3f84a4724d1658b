"""Renderers: one checklist in, text out. Heavy libraries are imported only by
the renderer that needs them (rich for `rich`, jinja2 for `html`)."""

from __future__ import annotations

from ..core.model import Checklist

# The output formats, each with its file suffixes (the first is the one written; rich is for
# terminals only). A new format goes here and in render() below; --format, --output's suffix,
# batch and the interactive save menu all read this table.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "rich": (),
    "text": (".txt",),
    "markdown": (".md", ".markdown"),
    "html": (".html", ".htm"),
    "json": (".json",),
}
FORMATS = tuple(SUFFIXES)
FORMAT_ALIASES = {"md": "markdown"}
FILE_FORMATS = ("json", "markdown", "text", "html")  # the formats a file can hold, in batch's order (default first)


def suffix_of(fmt: str) -> str:
    """The file suffix written for `fmt` (`.txt` for a terminal-only format)."""
    return (SUFFIXES[fmt] or (".txt",))[0]


def format_of(suffix: str) -> str | None:
    """The format a file suffix asks for (`.md` -> markdown), or None."""
    suffix = suffix.lower()
    return next((fmt for fmt, known in SUFFIXES.items() if suffix in known), None)


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
