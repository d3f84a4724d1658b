"""Two processes over one roster, for JSON Lines on a machine with two or more cores.

The roster is cut into blocks of BLOCK rows. Past the first block, a helper process,
forked from this one (it shares the loaded data and the caches filled so far), reads the
roster file itself and makes every odd block's lines; it sends each finished block back
through a pipe. This process makes the even blocks and writes all of them in the roster's
order, with the helper's failed rows reported as its own (same messages, same order).

Nothing depends on the helper: this process keeps the helper's rows of the block in hand,
and if the helper stops, sends something unexpected or is killed, it makes those rows
itself and carries on alone. The helper never writes a file, the terminal or stderr; it
leaves with os._exit, so no clean-up of this process (the temporary output file) runs
twice. Only on Linux (fork without exec is not safe everywhere), with a regular file as
input (a pipe cannot be read twice), and not while a progress bar's thread is running.
`SBK_GUIDE_JOBS=1` keeps one process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

BLOCK = 256  # rows per block (a block of JSON lines is ~2 MB)
_HEAD = struct.Struct("<QQQ")  # block number, rows in it, bytes of the record that follows

Rows = Iterator[tuple[int, dict[str, Any]]]
Line = Callable[[int, dict[str, Any]], Any]  # a row -> its line's pieces (list of bytes) or a failure
Block = tuple[bytes, int, list[Any]]  # the block's lines, how many, its failures in order


def available(path: Path | None) -> bool:
    """Whether a helper may be used for this roster on this machine."""
    if os.environ.get("SBK_GUIDE_JOBS", "").strip() == "1" or path is None:
        return False
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2 and path.is_file()
    except OSError:
        return False


class Split:
    """The helper's side of a run, as this process sees it (see the module's docstring)."""

    def __init__(self, read: Callable[[], Rows], line: Line) -> None:
        self.read, self.line = read, line
        self.pid = 0  # the helper's process id while it runs
        self.given_up = False  # the helper stopped or could not start: everything is done here
        self.reader: Any = None
        self.next_block = 1

    def theirs(self, n: int) -> bool:
        """Whether the helper makes row n (counted from 0); starts it at the first such row."""
        if not (n // BLOCK) % 2 or self.given_up:
            return False
        if not self.pid:
            self._start()
        return bool(self.pid)

    def receive(self, rows: list[tuple[int, dict[str, Any]]]) -> Block | None:
        """The helper's next block, which must hold these rows; None when it cannot give it
        (the caller makes the rows itself, and the helper is stopped for good)."""
        block = self.next_block
        self.next_block += 2
        try:
            head = self.reader.read(_HEAD.size)
            number, count, size = _HEAD.unpack(head)
            found: Block = pickle.loads(self.reader.read(size))  # noqa: S301 - from our own helper, over our pipe
            if number == block and count == len(rows) and found[1] + len(found[2]) == count:
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

    def _start(self) -> None:
        try:
            read_end, write_end = os.pipe()
        except OSError:
            self.given_up = True
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            self.given_up = True
            return
        if pid == 0:  # the helper: never returns
            os.close(read_end)
            _helper(self.read, self.line, write_end)
        os.close(write_end)
        self.pid = pid
        self.reader = os.fdopen(read_end, "rb", buffering=1 << 20)


def _helper(read: Callable[[], Rows], line: Line, out: int) -> None:
    """The helper's life: make the odd blocks and send them; leave with os._exit whatever happens."""
    code = 1
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)  # Ctrl-C or kill: just end (this process carries on)
        pieces: list[bytes] = []
        failures: list[Any] = []
        current, written, count = -1, 0, 0
        for n, (row, values) in enumerate(read()):
            block = n // BLOCK
            if not block % 2:
                continue
            if block != current:
                if count:
                    _send(out, current, count, b"".join(pieces), written, failures)
                current, pieces, written, failures, count = block, [], 0, [], 0
            made = line(row, values)
            count += 1
            if made.__class__ is list:
                pieces += made
                written += 1
            else:
                failures.append(made)
        if count:
            _send(out, current, count, b"".join(pieces), written, failures)
        code = 0
    except BaseException:  # whatever it is, the other process makes the rows instead
        code = 1
    finally:
        os._exit(code)


def _send(out: int, block: int, count: int, text: bytes, written: int, failures: list[Any]) -> None:
    record = pickle.dumps((text, written, failures), protocol=pickle.HIGHEST_PROTOCOL)
    for data in (_HEAD.pack(block, count, len(record)), record):
        view = memoryview(data)
        while view:
            view = view[os.write(out, view) :]
