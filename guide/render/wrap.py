"""Wrapping by display width: a CJK character takes two columns.

Never splits inside a run of Latin letters, digits and the punctuation that
binds them (so "2026-11-01", "12333", "henan/zhengzhou" and URLs stay whole
unless one alone is wider than the line); keeps closing punctuation off the
start of a line and opening brackets off its end.
"""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"\[[0-9,]+\]|[A-Za-z0-9][A-Za-z0-9._:/?&=%#@+\-~'’]*[A-Za-z0-9/]|[A-Za-z0-9]|\s+|.", re.S)
_NO_START = set("，。、；：？！）」』】〉》”’,.;:?!)]}%…—·")
_NO_END = set("（「『【〈《“‘([{")


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def _tokens(text: str) -> list[str]:
    """Unbreakable units: words and numbers, single CJK characters, spaces; closing
    punctuation is glued to the unit before it and opening brackets to the unit after."""
    units: list[str] = []
    pending = ""
    for token in _TOKEN.findall(text):
        if token in _NO_END:
            pending += token
        elif token in _NO_START and units and not units[-1].isspace() and not pending:
            units[-1] += token
        else:
            units.append(pending + token)
            pending = ""
    if pending:
        units.append(pending)
    return units


def wrap(text: str, limit: int, first_prefix: str = "", rest_prefix: str | None = None) -> list[str]:
    """Wrap `text` to `limit` display columns, with a hanging indent."""
    rest_prefix = first_prefix if rest_prefix is None else rest_prefix
    lines: list[str] = []
    prefix = first_prefix
    line: list[str] = []
    used = width(prefix)

    def flush() -> None:
        nonlocal line, used, prefix
        while line and line[-1].isspace():
            line.pop()
        lines.append(prefix + "".join(line))
        prefix = rest_prefix
        line = []
        used = width(prefix)

    for token in _tokens(text):
        if token.isspace():
            if line:
                line.append(" ")
                used += 1
            continue
        w = width(token)
        room = limit - used
        if w <= room:
            line.append(token)
            used += w
            continue
        if line:
            flush()
        if w > limit - used:  # longer than a whole line: break it by characters
            for ch in token:
                if used + char_width(ch) > limit and line:
                    flush()
                line.append(ch)
                used += char_width(ch)
        else:
            line.append(token)
            used += w
    if line or not lines:
        flush()
    return lines
