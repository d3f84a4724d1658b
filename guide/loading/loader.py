"""Find the data folders, read their YAML, compile it into one plain structure.

The compiled form holds only builtins (dicts, lists, strings, numbers), so it
can be cached with `marshal` and loaded in about a millisecond: start-up is
most of a CLI's cost. The cache key covers every data file's path, size and
modification time, the package version and the Python version, so any edit
to the data is picked up at once.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.dataset import Dataset
from ..errors import GuideError
from .docs import data_files, data_roots, read_layers
from .problems import DataProblems

CACHE_ENV = "SBK_GUIDE_CACHE"  # a folder, or "off" to disable the cache


# ---------------------------------------------------------------- cache


def _cache_dir() -> Path | None:
    setting = os.environ.get(CACHE_ENV)
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sbk-guide"


def _cache_key(roots: list[Path]) -> str:
    """Every data file's path, size and mtime, plus the versions (stored in the cache and compared
    in full, so the short checksum in the file name only picks the file)."""
    parts = [f"{__version__}|{sys.version_info[:2]}"]
    for root in roots:
        parts.append(str(root.resolve()))
        for path in data_files(root):
            st = path.stat()
            parts.append(f"{path}|{st.st_size}|{st.st_mtime_ns}")
    return "\n".join(parts)


def load_dataset(data_dir: str | os.PathLike[str] | None = None) -> Dataset:
    """Load the compiled data set (from the on-disk cache when the data is unchanged)."""
    return Dataset(load_compiled(data_dir))


def load_compiled(data_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Return the compiled data for the shipped data plus an optional local folder."""
    roots = data_roots(data_dir)
    cache = _cache_dir()
    key = name = ""
    if cache is not None:
        try:
            key = _cache_key(roots)
            name = f"data-{zlib.crc32(key.encode()):08x}.marshal"
            # our own cache file, in the user's own cache folder
            stored = marshal.loads((cache / name).read_bytes())  # noqa: S302
            if isinstance(stored, dict) and stored.get("cache_key") == key:
                return stored
        except (OSError, ValueError, EOFError, TypeError):
            pass
    compiled = compile_roots(roots)
    if cache is not None and name:
        compiled["cache_key"] = key
        _write_cache(cache / name, marshal.dumps(compiled))
    return compiled


CACHE_KEEP = 4  # compiled data files kept (the shipped data and a few local folders); older ones go


def _write_cache(path: Path, blob: bytes) -> None:
    from ..files.fileio import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, blob, force=True)
        prune_cache(path.parent)
    except (OSError, GuideError):
        pass  # a cache is an optimisation: never fail because of it


def prune_cache(folder: Path, keep: int = CACHE_KEEP) -> None:
    """Remove all but the `keep` most recently written compiled-data files (each data edit makes
    a new one of some 300 KB; without this the folder grows for ever)."""
    files = []
    for path in folder.glob("data-*.marshal"):
        try:
            files.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    for _, path in sorted(files, reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            path.unlink()


def compile_roots(roots: list[Path]) -> dict[str, Any]:
    """Read and compile the data folders; every problem at once (DataProblems) when they are broken."""
    from .compiler import compile_docs  # only needed when the cache misses

    layers, problems = read_layers(roots)
    if problems:
        raise DataProblems(problems)
    return compile_docs(layers)
