"""Two processes over one roster, for JSON Lines on a machine with two or more cores: a pipeline.

A helper process, forked before the data is loaded (it loads its own, so no page of the
data set is shared and then copied on write), reads the roster and does the first half of
each row's work: its columns, its answers and the engine's choices (engine.choose). It
sends a small record per row, BLOCK rows at a time, through a pipe. This process does the
second half: each record's JSON line (engine.assemble, render/json_out) and its writing,
in the roster's order. Each process sees every row, so each keeps the full use of its
caches, and the two halves take about the same time.

Nothing depends on the helper: if it stops, sends something unexpected or is killed, this
process reads the roster again from the first row whose record it did not get and carries
on alone. The helper never writes a file, the terminal or stderr (its warnings are records
too); it leaves with os._exit, so no clean-up of this process (the temporary output file)
runs twice. Only on Linux (fork without exec is not safe everywhere), for a regular file
(it may have to be read again) of at least MIN_BYTES, and not when a progress bar will run.
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

BLOCK = 64  # records per message at least (a row's records are never split between two)
PIPE_BYTES = 1 << 20  # the pipe holds many blocks, so the helper runs ahead instead of waiting
MIN_BYTES = 128 * 1024  # a smaller roster (about 1,500 rows) is made by one process
_HEAD = struct.Struct("<QQ")  # records in the block (0: the end), bytes of the block that follows

Work = Callable[[], Iterator[Any]]  # run in the helper: the rows' records, in order
EndsRow = Callable[[Any], bool]  # whether a record is a row's last (a block never splits a row's records)


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
    """The helper, as this process sees it (see the module's docstring)."""

    def __init__(self, pid: int, reader: Any) -> None:
        self.pid = pid  # the helper's process id while it runs
        self.reader = reader
        self.given_up = False  # the helper stopped before the end: the caller carries on alone

    @classmethod
    def begin(cls, work: Work, ends_row: EndsRow) -> Split | None:
        """Fork the helper, which sends the records `work` makes; None if it cannot start."""
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return None
        with contextlib.suppress(OSError, AttributeError):  # a larger pipe where the system allows it
            import fcntl  # POSIX only: imported here so that batch also loads on Windows

            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the helper: never returns
            os.close(read_end)
            _helper(work, ends_row, write_end)
        os.close(write_end)
        return cls(pid, os.fdopen(read_end, "rb", buffering=PIPE_BYTES))

    def records(self) -> Iterator[Any]:
        """The helper's records in order. Ends at the helper's end, or early with `given_up`
        set if the helper fails (whole blocks only: a row's records are given all or none)."""
        while True:
            try:
                count, size = _HEAD.unpack(self.reader.read(_HEAD.size))
                if not count:
                    self.stop(finished=True)
                    return
                block: list[Any] = pickle.loads(self.reader.read(size))  # noqa: S301 - from our own helper
                if len(block) != count:
                    raise ValueError(count)
            except Exception:  # a short read, a broken record: whatever it is, the caller carries on alone
                self.stop()
                return
            yield from block

    def stop(self, *, finished: bool = False) -> None:
        """End the helper if it still runs; unless it `finished`, give up on it."""
        self.given_up = self.given_up or not finished
        if self.pid:
            if not finished:
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0
        if self.reader is not None:
            with contextlib.suppress(OSError):
                self.reader.close()
            self.reader = None


def _helper(work: Work, ends_row: EndsRow, out: int) -> None:
    """The helper's life: send the records block by block, then the end; leave with os._exit whatever happens."""
    code = 1
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)  # Ctrl-C or kill: just end (the other process carries on)
        quiet = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # it never reads or writes them, and must not keep a caller's pipe open
            os.dup2(quiet, fd)
        block: list[Any] = []
        for record in work():
            block.append(record)
            if len(block) >= BLOCK and ends_row(record):
                _send(out, block)
                block = []
        if block:
            _send(out, block)
        _send(out, [])  # the end
        code = 0
    except BaseException:  # whatever it is, the other process carries on alone
        code = 1
    finally:
        os._exit(code)


def _send(out: int, block: list[Any]) -> None:
    data = pickle.dumps(block, protocol=pickle.HIGHEST_PROTOCOL) if block else b""
    for piece in (_HEAD.pack(len(block), len(data)), data):
        view = memoryview(piece)
        while view:
            view = view[os.write(out, view) :]
