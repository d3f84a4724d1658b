"""Two processes over one roster, for JSON Lines on a machine with two or more cores.

Before the data is loaded, a helper process is forked (it loads the data itself, so the
two never share pages that each would have to copy). Both read the roster; the helper
makes the lines of three rows in every five (`theirs`) and sends them back through a pipe
a block of BLOCK rows at a time; this process makes the others and writes every line in
the roster's order, the helper's failed rows reported as its own (same messages, same
order). The helper's larger share evens out this process's writing. Each keeps its own
caches: what both meet is worked out twice, which costs little next to the time saved.

Nothing depends on the helper: this process keeps the helper's rows of the block in hand,
and if the helper stops, sends something unexpected or is killed, it makes those rows
itself and carries on alone. The helper never writes a file, the terminal or stderr; it
leaves with os._exit, so no clean-up of this process (the temporary output file) runs
twice. Only on Linux (fork without exec is not safe everywhere), for a regular file (a
pipe cannot be read twice) of at least MIN_BYTES, and not when a progress bar will run.
`SBK_GUIDE_JOBS=1` keeps one process.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

BLOCK = 64  # rows per block: the helper sends back the lines of its share of them at a time
PIPE_BYTES = 1 << 20  # the pipe holds a few blocks, so the helper runs ahead instead of waiting
PERIOD, SHARE = 5, frozenset({1, 3, 4})  # the helper's rows: n % PERIOD in SHARE
MIN_BYTES = 128 * 1024  # a smaller roster (about 1,500 rows) is made by one process
_HEAD = struct.Struct("<QQQ")  # block number, rows made, bytes of the record that follows

Rows = Iterator[tuple[int, dict[str, Any]]]
Line = Callable[[int, dict[str, Any]], Any]  # a row -> its line's pieces (list of bytes) or a failure
Work = Callable[[], tuple[Rows, Line]]  # run in the helper: loads the data, opens the roster


def available(path: Path | None) -> bool:
    """Whether a helper may be used for this roster on this machine."""
    if os.environ.get("SBK_GUIDE_JOBS", "").strip() == "1" or path is None:
        return False
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2 and path.is_file() and path.stat().st_size >= MIN_BYTES
    except OSError:
        return False


class Split:
    """The helper's side of a run, as this process sees it (see the module's docstring)."""

    def __init__(self, pid: int, reader: Any) -> None:
        self.pid = pid  # the helper's process id while it runs
        self.reader = reader
        self.given_up = False  # the helper stopped: everything is done here

    @classmethod
    def begin(cls, work: Work) -> Split | None:
        """Fork the helper, which runs `work` and makes its rows; None if it cannot start."""
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return None
        with contextlib.suppress(OSError, AttributeError):  # a larger pipe where the system allows it
            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the helper: never returns
            os.close(read_end)
            _helper(work, write_end)
        os.close(write_end)
        return cls(pid, os.fdopen(read_end, "rb", buffering=PIPE_BYTES))

    def theirs(self, n: int) -> bool:
        """Whether the helper makes row n (counted from 0)."""
        return n % PERIOD in SHARE and not self.given_up

    def receive(self, block: int, count: int) -> list[Any] | None:
        """The helper's `count` lines (bytes) or failures of block `block`, in order; None when
        it cannot give them (the caller makes those rows, and the helper is stopped for good)."""
        try:
            number, made, size = _HEAD.unpack(self.reader.read(_HEAD.size))
            found: list[Any] = pickle.loads(self.reader.read(size))  # noqa: S301 - from our own helper, over our pipe
            if number == block and made == count == len(found):
                return found
        except (OSError, EOFError, ValueError, TypeError, struct.error, pickle.UnpicklingError):
            pass
        self.stop()
        return None

    def stop(self) -> None:
        """End the helper (if it runs) and give up on it."""
        self.given_up = True
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0
        if self.reader is not None:
            with contextlib.suppress(OSError):
                self.reader.close()
            self.reader = None


def _helper(work: Work, out: int) -> None:
    """The helper's life: make its rows, send them block by block; leave with os._exit whatever happens."""
    code = 1
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)  # Ctrl-C or kill: just end (the other process carries on)
        rows, line = work()
        current, made = -1, list[Any]()  # the block being made, its lines (bytes) and failures
        for n, (row, values) in enumerate(rows):
            if n % PERIOD not in SHARE:
                continue
            if n // BLOCK != current:
                if made:
                    _send(out, current, made)
                current, made = n // BLOCK, []
            result = line(row, values)
            made.append(b"".join(result) if result.__class__ is list else result)
        if made:
            _send(out, current, made)
        code = 0
    except BaseException:  # whatever it is, the other process makes the rows instead
        code = 1
    finally:
        os._exit(code)


def _send(out: int, block: int, made: list[Any]) -> None:
    record = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
    for data in (_HEAD.pack(block, len(made), len(record)), record):
        view = memoryview(data)
        while view:
            view = view[os.write(out, view) :]
