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
from .common import CHECKBOX_SECTIONS, due_status, footer, source_line, source_refs, summary_rows
from .wrap import Styled, runs, wrap_styled
from .wrap import width as cells


def render_rich(checklist: Checklist, *, width: int = 80, color: bool = False) -> str:
    from rich.console import Console

    lang = checklist.lang
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

    numbers = checklist.source_numbers()
    _summary_panel(console, checklist, width)
    for section in checklist.sections:
        if not section.items:
            continue
        console.print()
        out([(section.title, "bold cyan")])
        for n, item in enumerate(section.items, 1):
            segments: Styled = [(item.text, "")]
            status = due_status(item, lang)
            if status:
                segments.append((f" ({status})", "bold red" if item.overdue else "bold yellow"))
            segments.append((" " + source_refs(item, numbers), "dim"))
            if section.id == "steps":
                bullet = f"☐ {n}. "
            elif section.id in CHECKBOX_SECTIONS:
                bullet = "☐ "
            else:
                bullet = "• "
            out(segments, bullet, " " * cells(bullet))
    console.print()
    out([(msg("label_sources", lang), "bold")])
    for source in checklist.sources:
        first = f"[{numbers[source['id']]}] "
        out([(source_line(source, lang), "dim")], first, " " * len(first))
    console.print()
    out([(footer(checklist), "dim")])
    return buffer.getvalue()


def print_line(console: Any, line: Styled) -> None:
    """One pre-wrapped line, printed as it is (rich must not wrap or crop it again)."""
    console.print(styled_text(line), soft_wrap=True)


def styled_text(line: Styled) -> Any:
    """A rich Text with one span per run of one style (not one per character)."""
    from rich.text import Text

    return Text.assemble(*runs(line))


def _summary_panel(console: Any, checklist: Checklist, total: int) -> None:
    """The answers in a framed box: labels in bold, values wrapped to the space left."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    rows = summary_rows(checklist)
    label_width = max((cells(label) for label, _ in rows), default=0)
    room = max(8, total - 4 - label_width - 1)  # frame and padding: 4 columns; gap: 1
    head = Table.grid(padding=(0, 1))
    head.add_column(style="bold", no_wrap=True)
    head.add_column(overflow="fold")
    for label, value in rows:
        lines = wrap_styled([(value, "")], room)
        head.add_row(Text(label), Text("\n").join(styled_text(line) for line in lines))
    title = msg("title", checklist.lang)
    if cells(title) <= total - 6:  # the frame's corners and the spaces around a title: 6 columns
        console.print(Panel(head, title=Text(title, style="bold"), expand=True))
        return
    for line in wrap_styled([(title, "bold")], total):  # too long for the frame at this width: above it, whole
        console.print(styled_text(line))
    console.print(Panel(head, expand=True))
