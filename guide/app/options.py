"""Parsers of the shared option values (--lang, --today, --width, --encoding, --format).

One place for each rule, used by every command (checklist, batch, the interactive
guide, the listings) and by the CLI before parsing (the language of messages).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..core.dates import parse_iso
from ..errors import UsageProblem
from ..files.output import stdout_is_terminal
from ..messages import is_control, lang_or_none
from ..render import FILE_FORMATS, FORMAT_ALIASES, FORMATS, MIN_WIDTH, format_of, known_suffixes

ENCODINGS = ("utf-8", "gb18030")
_ENCODING_ALIASES = {"utf8": "utf-8", "gbk": "gb18030", "gb2312": "gb18030"}

MAX_WIDTH = 1000


def check_lang(value: str | None) -> str:
    """The --lang value (default zh); anything else is a usage error."""
    if value is None:
        return "zh"
    lang = lang_or_none(value)
    if lang is None:
        raise UsageProblem("bad_lang", value=value)
    return lang


def check_today(today: str | None) -> dt.date:
    if today is None:
        return dt.date.today()
    day = parse_iso(today.strip())
    if day is None:
        raise UsageProblem("bad_today", value=today)
    return day


NAME_MAX = 40


def check_name(name: str | None) -> str | None:
    """--name / a roster's name column: at most NAME_MAX characters, no control characters."""
    if name is None:
        return None
    value = name.strip()
    if len(value) > NAME_MAX or any(is_control(ch) for ch in value):  # bidi controls too (U+202E)
        shown = value[:NAME_MAX] + ("…" if len(value) > NAME_MAX else "")
        raise UsageProblem(
            "bad_name",
            value=shown,
            maximum=NAME_MAX,
        )
    return value or None


REMARK_MAX = 100  # characters of a roster's remark (备注): one or two lines of the block for staff


def check_remark(remark: str | None) -> str | None:
    """A roster's remark column: at most REMARK_MAX characters, no control characters (as a name)."""
    if remark is None:
        return None
    value = remark.strip()
    if len(value) > REMARK_MAX or any(is_control(ch) for ch in value):  # bidi controls too (U+202E)
        raise UsageProblem("bad_remark", value=value, maximum=REMARK_MAX)  # the message shows 80 characters and …
    return value or None


def check_width(width: str | int | None, default: int = 80) -> int:
    if width is None:
        return default
    try:
        value = int(str(width).strip())
    except ValueError:
        raise UsageProblem("bad_width", value=width, minimum=MIN_WIDTH) from None
    if value < MIN_WIDTH or value > MAX_WIDTH:
        raise UsageProblem("bad_width", value=width, minimum=MIN_WIDTH)
    return value


def check_encoding(encoding: str | None) -> str:
    value = (encoding or "utf-8").strip().lower().replace("_", "-")
    value = _ENCODING_ALIASES.get(value, value)
    if value not in ENCODINGS:
        raise UsageProblem("bad_encoding", value=encoding, allowed=", ".join(ENCODINGS))
    return value


UTF8_ONLY = ("html", "json", "pdf", "rich")  # formats whose files declare or require UTF-8


def check_encoding_for(encoding: str, fmt: str) -> None:
    """--encoding gb18030 fits plain text (text, chat, markdown); HTML declares UTF-8 and JSON must be
    UTF-8, so another encoding for them is an error (escpos is GB18030 already)."""
    if encoding != "utf-8" and fmt in (*UTF8_ONLY, "escpos"):
        raise UsageProblem("encoding_not_for_format", encoding=encoding, fmt=fmt)


def check_choice(value: str, allowed: Sequence[str], aliases: dict[str, str] | None = None) -> str:
    """A --format value among `allowed` (case-insensitive, with aliases such as md -> markdown)."""
    key = value.strip().lower()
    key = (aliases or {}).get(key, key)
    if key not in allowed:
        raise UsageProblem("bad_format", value=value, allowed=", ".join(allowed))
    return key


def check_format(fmt: str | None, output: Path | None) -> str:
    """--format if given; else from the output file's suffix (an unknown suffix is an error, never
    a file in the wrong format); else rich on a terminal, text otherwise."""
    if fmt:
        return check_choice(fmt, tuple(FORMATS), FORMAT_ALIASES)
    if output is not None and str(output) != "-":
        found = format_of(output.name)
        if found is None:
            suffix = output.suffix or "''"
            raise UsageProblem("unknown_suffix", path=str(output), suffix=suffix, allowed=known_suffixes())
        return found
    return "rich" if stdout_is_terminal() else "text"


def check_file_format(fmt: str | None, default: str = "json") -> str:
    """A format a file can hold (batch)."""
    return check_choice(fmt or default, FILE_FORMATS, FORMAT_ALIASES)
