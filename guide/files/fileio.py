"""Reading users' input files and writing output files safely.

Writes are atomic (temporary file in the same folder, then rename) and never
replace an existing file unless `force` is given, so a user's file is never
overwritten by accident or left half-written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from ..errors import IOProblem, UsageProblem

TMP_PREFIX = ".sbk-tmp-"  # temporary files; a killed run's leftovers are removed by the next batch run


def read_text(path: Path, *, encodings: tuple[str, ...] = ("utf-8-sig",)) -> str:
    """Read a user's text file, trying `encodings` in order; errors are GuideErrors."""
    data = read_bytes(path)
    for enc in encodings:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UsageProblem("file_encoding", path=str(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes; `-` reads standard input (`... | sbk-guide checklist --answers -`)."""
    if str(path) == "-":
        import sys

        return sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageProblem("file_not_found", path=str(path)) from None
    except IsADirectoryError:
        raise UsageProblem("file_is_dir", path=str(path)) from None
    except OSError as exc:
        raise IOProblem("file_unreadable", path=str(path), reason=exc.strerror or str(exc)) from None


class AtomicFile:
    """A file written beside its target and moved over it only when complete (commit), so
    that a reader never sees half a file; never replaces an existing file unless `force`.

    The one atomic writer: write_atomic (a whole text), batch's JSON Lines output and the
    compiled-data cache all use it."""

    def __init__(self, path: Path, *, force: bool = False, exists_key: str = "output_exists", buffer: int = -1) -> None:
        self.path, self.force, self.exists_key = path, force, exists_key
        if path.is_dir():
            raise UsageProblem("file_is_dir", path=str(path))
        if not force and (path.exists() or path.is_symlink()):
            raise UsageProblem(exists_key, path=str(path))
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise IOProblem("output_dir_missing", path=str(path), folder=str(folder))
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}.", suffix=".tmp", dir=folder)
            os.fchmod(fd, 0o666 & ~_umask())  # like a normal new file, not mkstemp's 0600
        except OSError as exc:
            raise IOProblem("output_failed", path=str(path), reason=exc.strerror or str(exc)) from None
        self.handle = os.fdopen(fd, "wb", buffering=buffer)

    def write(self, data: bytes) -> None:
        self.handle.write(data)

    def commit(self) -> None:
        try:
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
            self.handle.close()
        if self.tmp:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            self.tmp = ""


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` atomically; refuse to replace an existing file unless `force`."""
    target = AtomicFile(path, force=force)
    try:
        target.write(data)
    except OSError as exc:
        target.discard()
        raise IOProblem("output_failed", path=str(path), reason=exc.strerror or str(exc)) from None
    target.commit()


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
