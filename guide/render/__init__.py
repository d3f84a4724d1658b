"""Renderers: one checklist in, text or bytes out. Heavy libraries are imported only by
the renderer that needs them (rich for `rich`, jinja2 for `html`).

FORMATS is the one table of output formats: --format and its help, --output's suffix,
batch and the interactive save menu all read it. A new format is one entry here (and its
renderer module)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.model import Checklist


@dataclass(frozen=True)
class Format:
    """An output format: how files in it end, how it is named in --format's help and in the
    save menu, whether it is text or bytes, and its renderer (checklist, width, colour)."""

    name: str
    render: Callable[[Checklist, int, bool], str | bytes]
    suffixes: tuple[str, ...] = ()  # file endings that choose it (the first is written); none: only --format does
    ending: str = ""  # the ending written when no suffix chooses it
    note: tuple[str, str] = ("", "")  # after its name in --format's help (zh, en)
    label: tuple[str, str] | None = None  # in the save menu (zh, en); None: not offered by the save menu nor batch
    menu: int = 0  # its place among the file formats (batch's and the save menu's order; the first is the default)
    binary: bool = False

    @property
    def written(self) -> str:
        """The file ending written for this format."""
        return self.suffixes[0] if self.suffixes else self.ending


def _rich(checklist: Checklist, width: int, color: bool) -> str:
    from .rich_out import render_rich

    return render_rich(checklist, width=width, color=color)


def _text(checklist: Checklist, width: int, color: bool) -> str:
    from .text import render_text

    return render_text(checklist, width)


def _chat(checklist: Checklist, width: int, color: bool) -> str:
    from .chat import render_chat

    return render_chat(checklist)


def _markdown(checklist: Checklist, width: int, color: bool) -> str:
    from .markdown import render_markdown

    return render_markdown(checklist)


def _html(checklist: Checklist, width: int, color: bool) -> str:
    from .html import render_html

    return render_html(checklist)


def _json(checklist: Checklist, width: int, color: bool) -> str:
    from .json_out import render_json

    return render_json(checklist)


def _escpos(checklist: Checklist, width: int, color: bool) -> bytes:
    from .escpos import render_escpos

    return render_escpos(checklist, width)


def _pdf(checklist: Checklist, width: int, color: bool) -> bytes:
    from .html import render_html
    from .pdf import html_to_pdf

    return html_to_pdf(render_html(checklist))


# In --format's order (its help, its allowed values).
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("rich", _rich, ending=".txt"),
        Format("text", _text, (".txt",), label=("纯文字", "Plain text"), menu=3),
        Format(
            "chat",
            _chat,
            (".chat.txt",),
            note=("微信、短信", "WeChat, SMS"),
            label=("发微信或短信用的文字", "Text for WeChat or a text message"),
            menu=4,
        ),
        Format("markdown", _markdown, (".md", ".markdown"), label=("Markdown 文档", "Markdown document"), menu=2),
        Format(
            "html",
            _html,
            (".html", ".htm"),
            note=("A4", "A4"),
            label=("网页，用 A4 纸打印", "Web page, for printing on A4 paper"),
            menu=5,
        ),
        Format("json", _json, (".json",), label=("JSON，给其他程序用", "JSON, for other programs"), menu=1),
        Format(
            "pdf",
            _pdf,
            (".pdf",),
            label=("PDF，用 A4 纸打印（需要本机有浏览器）", "PDF, for printing on A4 paper (needs a browser)"),
            menu=6,
            binary=True,
        ),
        # ESC/POS bytes for a thermal receipt printer (render/escpos.py)
        Format("escpos", _escpos, (".escpos",), note=("热敏小票打印机", "thermal receipt printer"), binary=True),
    )
}
FORMAT_ALIASES = {"md": "markdown", "wechat": "chat", "sms": "chat"}
# the formats a file can hold, in batch's and the save menu's order (default first)
FILE_FORMATS = tuple(f.name for f in sorted(FORMATS.values(), key=lambda f: f.menu) if f.label is not None)


def suffix_of(fmt: str) -> str:
    """The file suffix written for `fmt`."""
    return FORMATS[fmt].written


def format_of(name: str) -> str | None:
    """The format a file name (or a bare suffix) asks for: `a.md` -> markdown, `a.chat.txt` -> chat."""
    name = name.lower()
    pairs = sorted(((s, f.name) for f in FORMATS.values() for s in f.suffixes), key=lambda p: -len(p[0]))
    return next((fmt for suffix, fmt in pairs if name.endswith(suffix)), None)


def known_suffixes() -> str:
    return " ".join(s for f in FORMATS.values() for s in f.suffixes)


def formats_help(lang: str) -> str:
    """The formats as --format's help lists them: `chat（微信、短信）` / `chat (WeChat, SMS)`."""
    n = 1 if lang == "en" else 0
    shown = []
    for f in FORMATS.values():
        note = f.note[n]
        shown.append(f"{f.name} ({note})" if note and lang == "en" else f"{f.name}（{note}）" if note else f.name)
    return ", ".join(shown)


def format_label(fmt: str, lang: str) -> str:
    """The format's name in the save menu."""
    label = FORMATS[fmt].label
    return (label[1] if lang == "en" else label[0]) if label else fmt


MIN_WIDTH = 24  # narrowest text layout (receipt printers start at 32 columns)


def render(checklist: Checklist, fmt: str, *, width: int = 80, color: bool = False) -> str:
    """Render a text format to a string (`rich` has ANSI colour only with `color`)."""
    if FORMATS[fmt].binary:
        raise ValueError(f"{fmt} is binary: use render_bytes()")
    text = FORMATS[fmt].render(checklist, width, color)
    if not isinstance(text, str):  # pragma: no cover - a text format's renderer gives text
        raise TypeError(fmt)
    return text


def render_bytes(checklist: Checklist, fmt: str, *, width: int = 80, encoding: str = "utf-8") -> bytes:
    """The bytes of a file in `fmt`: a binary format's own bytes, else the text encoded."""
    made = FORMATS[fmt].render(checklist, width, False)
    return made if isinstance(made, bytes) else made.encode(encoding, errors="replace")
