"""--format rich: the terminal view (colour, panels), rendered to a string.

Rich wraps only at spaces, and a Chinese sentence has none: left to rich, a long
item would be cut off with "…". So every paragraph is wrapped here first, by
display width and with Chinese line-breaking rules (render/wrap.py), and rich
only colours the lines.
"""

from __future__ import annotations

import io
from typing import Any

from ..core.model import Checklist
from ..messages import msg
from .common import colon, footer
from .layout import build_layout
from .wrap import Styled, runs, wrap_styled
from .wrap import width as cells


def render_rich(checklist: Checklist, *, width: int = 80, color: bool = False) -> str:
    """The plan layout (render/layout.py): the first thing and the hotlines in a box at the top,
    the visits with their steps and what to bring, the dates, at most three notes; the answers
    in a dim line for staff at the end. No source markers (JSON and markdown keep the sources)."""
    from rich.console import Console

    layout = build_layout(checklist)
    lang = layout.lang
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
    )

    def out(segments: Styled, first: str = "", rest: str | None = None) -> None:
        for line in wrap_styled(segments, width, first, rest):
            print_line(console, line)

    sep = "；" if lang == "zh" else "; "
    _top_panel(console, checklist, width)
    for trip in layout.trips:
        console.print()
        out([(trip.heading or msg("label_steps_fallback", lang), "bold cyan")], "", "  ")
        for step in trip.steps:
            bullet = f"☐ {step.number}. "
            out([(step.text, "")], bullet, " " * cells(bullet))
        if trip.bring:
            out([(trip.bring_label + colon(lang), "bold"), (sep.join(trip.bring), "")], "", "  ")
    for label, texts in (("label_dates", layout.dates), ("label_notes", layout.notes)):
        if texts:
            console.print()
            out([(msg(label, lang), "bold cyan")])
            for text in texts:
                out([(text, "")], "• ", "  ")
    console.print()
    if layout.staff:
        out([(msg("label_staff", lang) + colon(lang) + layout.staff, "dim")])
    out([(footer(checklist), "dim")])
    return buffer.getvalue()


def print_line(console: Any, line: Styled) -> None:
    """One pre-wrapped line, printed as it is (rich must not wrap or crop it again)."""
    console.print(styled_text(line), soft_wrap=True)


def styled_text(line: Styled) -> Any:
    """A rich Text with one span per run of one style (not one per character)."""
    from rich.text import Text

    return Text.assemble(*runs(line))


def _top_panel(console: Any, checklist: Checklist, total: int) -> None:
    """The name, the first thing to do and the hotlines in a framed box under the title."""
    from rich.panel import Panel
    from rich.text import Text

    layout = build_layout(checklist)
    lang = layout.lang
    room = max(8, total - 4)  # frame and padding: 4 columns
    lines: list[Styled] = []
    if layout.name:
        lines += wrap_styled([(msg("label_name", lang) + colon(lang) + layout.name, "bold")], room, "", "  ")
    if layout.first:
        lines += wrap_styled(
            [(msg("first_label", lang) + colon(lang), "bold"), (layout.first, "bold yellow")], room, "", "  "
        )
    for text in layout.hotlines:
        lines += wrap_styled([(text, "bold")], room, "", "  ")
    if layout.bank_write_in:
        blank = "_" * max(4, min(16, (room - 12) // 2))
        lines += wrap_styled(
            [(f"{msg('write_in_bank', lang)}{blank} {msg('write_in_phone', lang)}{blank}", "")], room, "", "  "
        )
    body = Text("\n").join(styled_text(line) for line in lines)
    title = layout.title
    if cells(title) <= total - 6:  # the frame's corners and the spaces around a title: 6 columns
        console.print(Panel(body, title=Text(title, style="bold"), expand=True))
        return
    for line in wrap_styled([(title, "bold")], total):  # too long for the frame at this width: above it, whole
        console.print(styled_text(line))
    console.print(Panel(body, expand=True))
