"""Reading users' input files and writing output files safely.

Writes are atomic (temporary file in the same folder, then rename) and never
replace an existing file unless `force` is given, so a user's file is never
overwritten by accident or left half-written. A device or a pipe (a receipt
printer at /dev/usb/lp0, a FIFO) is written into as it is, never replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from ..errors import IOProblem, UsageProblem

# Temporary files are named TMP_PREFIX + target name + "." + the writing process's id + "." + random + ".tmp";
# a later run removes only those whose process is gone (another run may be writing beside it).
TMP_PREFIX = ".sbk-tmp-"
_TMP_PID = re.compile(r"\.(\d+)\.[^.]*\.tmp$")
NAME_BYTES = 255  # a file name's limit on common file systems, in bytes
ANSWERS_MAX_BYTES = 1 << 20  # an answers file is a few hundred bytes; more is not one


def read_text(path: Path, *, encodings: tuple[str, ...] = ("utf-8-sig",), limit: int | None = None) -> str:
    """Read a user's text file, trying `encodings` in order; errors are GuideErrors."""
    data = read_bytes(path, limit=limit)
    for enc in encodings:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UsageProblem("file_encoding", path=str(path))


def read_bytes(path: Path, *, limit: int | None = None) -> bytes:
    """The file's bytes; `-` reads standard input (`... | sbk-guide checklist --answers -`).
    With `limit`, a longer file (or /dev/zero) is an error, read no further than the limit."""
    import sys

    try:
        if str(path) == "-":
            stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
            if stream is None:
                data = sys.stdin.read().encode("utf-8")
            else:
                data = stream.read() if limit is None else stream.read(limit + 1)
        else:
            with path.open("rb") as handle:
                data = handle.read() if limit is None else handle.read(limit + 1)
    except FileNotFoundError:
        raise UsageProblem("file_not_found", path=str(path)) from None
    except IsADirectoryError:
        raise UsageProblem("file_is_dir", path=str(path)) from None
    except OSError as exc:
        raise IOProblem("file_unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    if limit is not None and len(data) > limit:
        raise UsageProblem("file_too_large", path=str(path), limit=f"{limit // 1024} KB")
    return data


def is_special(path: Path) -> bool:
    """A character device (a printer, /dev/null) or a FIFO: written into, never replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def make_folder(path: Path) -> bool:
    """Create the output folder (and its parents); True if it was made. Errors are GuideErrors."""
    if path.is_dir():
        return False
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageProblem("batch_out_not_dir", path=str(path)) from None
    except OSError as exc:
        raise IOProblem("output_failed", path=str(path), reason=exc.strerror or str(exc)) from None
    return True


def fit_name(name: str, room: int) -> str:
    """`name` cut (at a character) so that its UTF-8 bytes fit in `room`."""
    data = name.encode("utf-8")
    if len(data) <= room:
        return name
    return data[:room].decode("utf-8", errors="ignore")


def remove_stale_temps(folder: Path, name: str = "") -> None:
    """Temporary files that an interrupted run left (of the file `name` only, if given). A file whose
    writing process still runs is another run's work in progress and is kept."""
    import glob

    pattern = f"{TMP_PREFIX}{glob.escape(name) + '.' if name else ''}*.tmp"
    for leftover in folder.glob(pattern):
        found = _TMP_PID.search(leftover.name)
        if found is None or _alive(int(found.group(1))):
            continue
        with contextlib.suppress(OSError):
            leftover.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, as another user
        return True
    return True


class AtomicFile:
    """A file written beside its target and moved over it only when complete (commit), so
    that a reader never sees half a file; never replaces an existing file unless `force`.
    `append` starts from a copy of the existing file (JSON Lines: rows added to earlier
    results), holding a lock on it so that two runs cannot both add. A device or FIFO at
    `path` is written into directly.

    The one atomic writer: write_atomic (a whole text), batch's JSON Lines output and the
    compiled-data cache all use it."""

    def __init__(
        self,
        path: Path,
        *,
        force: bool = False,
        exists_key: str = "output_exists",
        buffer: int = -1,
        append: bool = False,
    ) -> None:
        self.path, self.force, self.exists_key = path, force, exists_key
        self.tmp = ""
        self.lock: int | None = None
        if path.is_dir():
            raise UsageProblem("file_is_dir", path=str(path))
        if is_special(path):
            self.direct = True
            try:
                self.handle = open(path, "wb", buffering=buffer)  # noqa: SIM115 - closed in commit/discard
            except OSError as exc:
                raise IOProblem("output_failed", path=str(path), reason=exc.strerror or str(exc)) from None
            return
        self.direct = False
        exists = path.exists() or path.is_symlink()
        if not force and not append and exists:
            raise UsageProblem(exists_key, path=str(path))
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise IOProblem("output_dir_missing", path=str(path), folder=str(folder))
        mode = 0o666 & ~_umask()  # like a normal new file, not mkstemp's 0600
        with contextlib.suppress(OSError):
            if exists and path.is_file():
                mode = stat.S_IMODE(path.stat().st_mode)  # --force keeps the replaced file's permissions
        try:
            if append and exists:
                self._lock()
            fd, self.tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
            os.fchmod(fd, mode)
        except OSError as exc:
            self._unlock()
            raise IOProblem("output_failed", path=str(path), reason=exc.strerror or str(exc)) from None
        self.handle = os.fdopen(fd, "wb", buffering=buffer)
        if append and exists:
            try:
                with path.open("rb") as old:
                    shutil.copyfileobj(old, self.handle)
            except OSError as exc:
                self.discard()
                raise IOProblem("output_failed", path=str(path), reason=exc.strerror or str(exc)) from None
        self.force = self.force or append

    def _lock(self) -> None:
        """An exclusive lock on the file being added to (another run adding to it: an error)."""
        import fcntl

        fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise IOProblem("output_busy", path=str(self.path)) from None
            raise
        if os.fstat(fd).st_ino != os.stat(self.path).st_ino:  # replaced while we waited
            os.close(fd)
            raise IOProblem("output_busy", path=str(self.path))
        self.lock = fd

    def _unlock(self) -> None:
        if self.lock is not None:
            with contextlib.suppress(OSError):
                os.close(self.lock)
            self.lock = None

    def write(self, data: bytes) -> None:
        try:
            self.handle.write(data)
        except OSError as exc:  # disk full, file-size limit: no traceback, no temporary file left
            self.discard()
            raise IOProblem("output_failed", path=str(self.path), reason=exc.strerror or str(exc)) from None

    def commit(self) -> None:
        try:
            if self.direct:
                self.handle.close()
                return
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            if self.force:
                os.replace(self.tmp, self.path)
            else:
                _link_no_clobber(self.tmp, self.path, self.exists_key)
            self.tmp = ""
        except OSError as exc:
            raise IOProblem("output_failed", path=str(self.path), reason=exc.strerror or str(exc)) from None
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove the temporary file (after a failure or an interruption); a no-op after commit."""
        if not self.handle.closed:
            with contextlib.suppress(OSError):  # closing flushes, which may fail again (disk full)
                self.handle.close()
        if self.tmp:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            self.tmp = ""
        self._unlock()


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` atomically; refuse to replace an existing file unless `force`."""
    target = AtomicFile(path, force=force)
    target.write(data)
    target.commit()


def write_new(path: Path, data: bytes, *, force: bool = False) -> bool:
    """write_atomic, but a file that exists (or that another run writes meanwhile) is kept and
    False returned (the caller counts it as skipped)."""
    if not force and (path.exists() or path.is_symlink()):
        return False
    try:
        write_atomic(path, data, force=force)
    except UsageProblem as exc:
        if exc.key == "output_exists":
            return False
        raise
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _link_no_clobber(tmp_name: str, path: Path, exists_key: str) -> None:
    """Move tmp to path only if path does not exist (hard link is atomic and never clobbers)."""
    try:
        os.link(tmp_name, path)
    except FileExistsError:
        raise UsageProblem(exists_key, path=str(path)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EOPNOTSUPP):
            raise
        # Filesystems without hard links: check-then-rename (tiny race, same result).
        if path.exists():
            raise UsageProblem(exists_key, path=str(path)) from None
        os.replace(tmp_name, path)
        return
    os.unlink(tmp_name)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same existing file (`--out` must not be the input)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_folder(path: Path) -> None:
    """The folder a file is to be written into exists (checked before a long interview)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise IOProblem("output_dir_missing", path=str(path), folder=str(folder))


# Suffixes of files (not folders): a batch --out ending in one of them (other than .jsonl) is a mistake.
FILE_SUFFIXES = frozenset(
    [
        ".csv",
        ".tsv",
        ".txt",
        ".json",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".pdf",
        ".xlsx",
        ".xlsm",
        ".xls",
        ".yaml",
        ".yml",
        ".bin",
        ".escpos",
        ".doc",
        ".docx",
    ]
)


def is_file_suffix(path: Path) -> bool:
    return path.suffix.lower() in FILE_SUFFIXES
