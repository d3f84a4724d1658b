"""The console entry point (`sbk-guide = guide.cli:main`); the CLI lives in guide/app/cli.py.

The CLI is imported inside `main`, so that Ctrl-C while it loads (a slow or busy machine)
is answered like Ctrl-C later on: "已取消。" and exit code 130, never a traceback. Once the
command has finished, Ctrl-C is ignored: during Python's shutdown it would only turn the exit
code into a signal (and could print a traceback) after the work is done."""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence

from .errors import EXIT_INTERRUPTED
from .messages import guess_lang, msg


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        from .app.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("\n" + msg("cancelled", guess_lang(args)) + "\n")
        sys.exit(EXIT_INTERRUPTED)
    try:
        run(args)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


__all__ = ["main"]
