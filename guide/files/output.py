"""Where a rendered checklist goes: format defaults, stdout, or a file (atomically)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from .fileio import write_atomic


def is_terminal(stream: TextIO | None) -> bool:
    """Whether `stream` (sys.stdin, sys.stdout or sys.stderr) is a terminal."""
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False


def stdout_is_terminal() -> bool:
    return is_terminal(sys.stdout)


def colour_wanted(plain: bool = False) -> bool:
    return not plain and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


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
