"""--format rich: the terminal view (colour, panels), rendered to a string."""

from __future__ import annotations

import io

from ..messages import msg
from ..model import Checklist
from .common import CHECKBOX_SECTIONS, due_status, footer, source_line, source_refs


def render_rich(checklist: Checklist, *, width: int = 80, color: bool = False) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

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
    numbers = checklist.source_numbers()
    head = Table.grid(padding=(0, 1))
    head.add_column(style="bold", no_wrap=True)
    head.add_column()
    for label, value in checklist.summary:
        head.add_row(escape(label), escape(value))
    console.print(Panel(head, title=f"[bold]{escape(msg('title', lang))}[/bold]", expand=True))
    for section in checklist.sections:
        if not section.items:
            continue
        console.print()
        console.print(f"[bold cyan]{escape(section.title)}[/bold cyan]")
        for n, item in enumerate(section.items, 1):
            status = due_status(item, lang)
            extra = ""
            if status:
                style = "bold red" if item.overdue else "bold yellow"
                extra = f" [{style}]({escape(status)})[/{style}]"
            refs = f" [dim]{escape(source_refs(item, numbers))}[/dim]"
            if section.id == "steps":
                bullet = f"☐ {n}."
            elif section.id in CHECKBOX_SECTIONS:
                bullet = "☐"
            else:
                bullet = "•"
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column()
            grid.add_row(bullet, escape(item.text) + extra + refs)
            console.print(grid)
    console.print()
    console.print(f"[bold]{escape(msg('label_sources', lang))}[/bold]")
    for source in checklist.sources:
        console.print(f"[dim][{numbers[source['id']]}] {escape(source_line(source, lang))}[/dim]")
    console.print()
    console.print(f"[dim]{escape(footer(checklist))}[/dim]")
    return buffer.getvalue()
