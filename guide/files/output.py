"""Where a rendered checklist goes: format defaults, stdout, or a file (atomically)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import UsageProblem
from ..render import FORMATS
from .fileio import write_atomic

SUFFIX_FORMATS = {
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}
ENCODINGS = ("utf-8", "gb18030")


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def colour_wanted(plain: bool = False) -> bool:
    return not plain and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def choose_format(fmt: str | None, output: Path | None) -> str:
    """--format if given; else from the output file's suffix; else rich on a terminal, text otherwise."""
    if fmt:
        value = fmt.strip().lower()
        if value == "md":
            value = "markdown"
        if value not in FORMATS:
            raise UsageProblem("bad_format", value=fmt, allowed=", ".join(FORMATS))
        return value
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower(), "text")
    return "rich" if stdout_is_terminal() else "text"


def check_encoding(encoding: str | None) -> str:
    value = (encoding or "utf-8").strip().lower().replace("_", "-")
    aliases = {"utf8": "utf-8", "gbk": "gb18030", "gb2312": "gb18030"}
    value = aliases.get(value, value)
    if value not in ENCODINGS:
        raise UsageProblem("bad_encoding", value=encoding, allowed=", ".join(ENCODINGS))
    return value


def emit(text: str, output: Path | None, *, force: bool = False, encoding: str = "utf-8") -> None:
    """Write to `output` atomically (never clobbering without `force`), or to stdout."""
    if output is None or str(output) == "-":
        if encoding != "utf-8" and getattr(sys.stdout, "buffer", None) is not None:
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode(encoding, errors="replace"))
            sys.stdout.buffer.flush()
            return
        write_stdout(text)
        return
    write_atomic(output, text.encode(encoding, errors="replace"), force=force)


def write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            raise
        buffer.write(text.encode("utf-8", errors="replace"))
    sys.stdout.flush()
