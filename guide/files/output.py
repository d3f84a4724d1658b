"""Where a rendered checklist goes: format defaults, stdout, or a file (atomically)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from ..errors import IOProblem
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


def emit_bytes(data: bytes, output: Path | None, *, force: bool = False) -> None:
    """Binary output (PDF, ESC/POS): to `output` atomically, to a device such as a printer as it
    is, or to stdout's byte stream."""
    if output is None or str(output) == "-":
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # pragma: no cover - a text-only stdout (some embedders)
            raise IOProblem("output_failed", path="-", reason="standard output takes no bytes")
        buffer.write(data)
        buffer.flush()
        return
    if output.is_char_device():  # a printer (/dev/usb/lp0): written as it is, not replaced by a file
        try:
            with output.open("wb") as device:
                device.write(data)
        except OSError as exc:
            raise IOProblem("output_failed", path=str(output), reason=exc.strerror or str(exc)) from None
        return
    write_atomic(output, data, force=force)


def open_file(path: Path) -> None:
    """Open a written file in the default browser or viewer (--open), ready to print."""
    import subprocess

    target = str(path.resolve())
    try:
        if sys.platform.startswith("win"):
            # Windows only; the path is our own output file
            os.startfile(target)  # type: ignore[attr-defined,unused-ignore]  # noqa: S606
            return
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        subprocess.Popen(
            [opener, target], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except OSError as exc:
        raise IOProblem("open_failed", path=str(path), reason=exc.strerror or str(exc)) from None
