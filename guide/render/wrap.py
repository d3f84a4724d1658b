"""Wrapping by display width: a CJK character takes two columns.

East Asian *ambiguous* characters (“ ” ‘ ’ … — · ※ and the like) take one column
in a Western terminal but two in the GB18030 fonts of Chinese thermal printers:
`ambiguous=2` counts them as two (the receipt text does), so that a line fits the
paper in either counting.

Never splits inside a run of Latin letters, digits and the punctuation that
binds them (so "2026-11-01", "12333", "henan/zhengzhou" and URLs stay whole
unless one alone is wider than the line), nor inside a date as the renderers
write it ("2026年11月1日", "1 Nov 2026"); keeps closing punctuation off the
start of a line and opening brackets off its end.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_DATE = (  # dates as the renderers show them stay on one line: 2026年11月1日, 11月1日, 1 Nov 2026
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]|\d{4}年\d{1,2}月"
    r"|\d{1,2} (?:" + _MONTHS + r")[a-z]* \d{4}|(?:" + _MONTHS + r")[a-z]* \d{1,2}, \d{4}"
)
_TOKEN = re.compile(_DATE + r"|\[[0-9,]+\]|[A-Za-z0-9][A-Za-z0-9._:/?&=%#@+\-~'’]*[A-Za-z0-9/]|[A-Za-z0-9]|\s+|.", re.S)
NO_START = set("，。、；：？！）」』】〉》”’,.;:?!)]}%…—·")
NO_END = set("（「『【〈《“‘([{")
_STRAIGHT = set("\"'")


@lru_cache(maxsize=8192)
def char_width(ch: str, ambiguous: int = 1) -> int:
    if unicodedata.combining(ch):
        return 0
    kind = unicodedata.east_asian_width(ch)
    if kind in ("W", "F"):
        return 2
    return ambiguous if kind == "A" else 1


def width(text: str, ambiguous: int = 1) -> int:
    """Display columns of `text`; `ambiguous=2` for Chinese printers (see the module's docstring)."""
    return sum(char_width(ch, ambiguous) for ch in text)


def _tokens(text: str) -> list[str]:
    """Unbreakable units: words and numbers, single CJK characters, spaces; closing
    punctuation is glued to the unit before it and opening brackets to the unit after.
    A straight quote (" or ') opens after a space or at the start, and closes otherwise."""
    units: list[str] = []
    pending = ""
    for token in _TOKEN.findall(text):
        after_space = not units or units[-1].isspace() or bool(pending)
        if token in NO_END or (token in _STRAIGHT and after_space):
            pending += token
        elif (token in NO_START or token in _STRAIGHT) and units and not units[-1].isspace() and not pending:
            units[-1] += token
        else:
            units.append(pending + token)
            pending = ""
    if pending:
        units.append(pending)
    return units


def wrap(
    text: str, limit: int, first_prefix: str = "", rest_prefix: str | None = None, *, ambiguous: int = 1
) -> list[str]:
    """Wrap `text` to `limit` display columns, with a hanging indent."""
    return list(_wrap(text, limit, first_prefix, rest_prefix, ambiguous))


@lru_cache(maxsize=4096)  # checklists repeat their items: batch rows and the width tests wrap each once
def _wrap(text: str, limit: int, first_prefix: str, rest_prefix: str | None, ambiguous: int) -> tuple[str, ...]:
    lines = wrap_styled([(text, "")], limit, first_prefix, rest_prefix, ambiguous=ambiguous)
    return tuple("".join(piece for piece, _ in line) for line in lines)


Styled = list[tuple[str, str]]


def runs(line: Styled) -> Styled:
    """A wrapped line's pieces joined into runs of one style (one span or escape code per run)."""
    merged: Styled = []
    for piece, style in line:
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + piece, style)
        else:
            merged.append((piece, style))
    return merged


def wrap_styled(
    segments: Styled, limit: int, first_prefix: str = "", rest_prefix: str | None = None, *, ambiguous: int = 1
) -> list[Styled]:
    """Wrap (text, style) segments to `limit` display columns, keeping each piece's style.

    Each line is a list of (text, style) pieces, the prefix first (style ""), so that a
    renderer with colours (rich) can wrap CJK text as well as the plain-text renderer."""
    rest_prefix = first_prefix if rest_prefix is None else rest_prefix
    lines: list[Styled] = []
    prefix = first_prefix
    line: Styled = []
    used = width(prefix, ambiguous)

    def flush() -> None:
        nonlocal line, used, prefix
        while line and line[-1][0].isspace():
            line.pop()
        lines.append([(prefix, ""), *line] if prefix else line)
        prefix = rest_prefix
        line = []
        used = width(prefix, ambiguous)

    for text, style in segments:
        for token in _tokens(text):
            if token.isspace():
                if line:
                    line.append((" ", style))
                    used += 1
                continue
            w = width(token, ambiguous)
            if w <= limit - used:
                line.append((token, style))
                used += w
                continue
            if line:
                flush()
            if w > limit - used:  # longer than a whole line: break it by characters
                for ch in token:
                    if used + char_width(ch, ambiguous) > limit and line:
                        flush()
                    line.append((ch, style))
                    used += char_width(ch, ambiguous)
            else:
                line.append((token, style))
                used += w
    if line or not lines:
        flush()
    return lines
