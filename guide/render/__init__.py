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
    "chat": (".chat.txt",),
    "markdown": (".md", ".markdown"),
    "html": (".html", ".htm"),
    "json": (".json",),
    "pdf": (".pdf",),
    "escpos": (".escpos",),  # ESC/POS bytes for a thermal printer (render/escpos.py)
}
FORMATS = tuple(SUFFIXES)
FORMAT_ALIASES = {"md": "markdown", "wechat": "chat", "sms": "chat"}
# the formats a file can hold, in batch's order (default first)
FILE_FORMATS = ("json", "markdown", "text", "chat", "html", "pdf")
BINARY_FORMATS = ("pdf", "escpos")  # rendered by render_bytes(), not render()


def suffix_of(fmt: str) -> str:
    """The file suffix written for `fmt` (`.txt` for a terminal-only format)."""
    return (SUFFIXES[fmt] or (".txt",))[0]


def format_of(name: str) -> str | None:
    """The format a file name (or a bare suffix) asks for: `a.md` -> markdown, `a.chat.txt` -> chat."""
    name = name.lower()
    pairs = sorted(((s, fmt) for fmt, known in SUFFIXES.items() for s in known), key=lambda p: -len(p[0]))
    return next((fmt for suffix, fmt in pairs if name.endswith(suffix)), None)


def known_suffixes() -> str:
    return " ".join(s for known in SUFFIXES.values() for s in known)


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
    if fmt == "chat":
        from .chat import render_chat

        return render_chat(checklist)
    if fmt == "html":
        from .html import render_html

        return render_html(checklist)
    if fmt in BINARY_FORMATS:
        raise ValueError(f"{fmt} is binary: use render_bytes()")
    from .rich_out import render_rich

    return render_rich(checklist, width=width, color=color)


def render_bytes(checklist: Checklist, fmt: str, *, width: int = 80, encoding: str = "utf-8") -> bytes:
    """The bytes of a file in `fmt`: a PDF printed by a browser (render/pdf.py), a receipt as
    ESC/POS bytes (render/escpos.py), else the text encoded."""
    if fmt == "pdf":
        from .html import render_html
        from .pdf import html_to_pdf

        return html_to_pdf(render_html(checklist))
    if fmt == "escpos":
        from .escpos import render_escpos

        return render_escpos(checklist, width)
    return render(checklist, fmt, width=width).encode(encoding, errors="replace")
