"""Find the data folders, read their YAML, compile it into one plain structure.

The compiled form holds only builtins (dicts, lists, strings, numbers), so it
can be cached with `marshal` and loaded in about a millisecond: start-up is
most of a CLI's cost. The cache key covers every data file's path, size and
modification time, the package version and the Python version, so any edit
to the data is picked up at once.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.dataset import Dataset
from ..errors import DataProblem, GuideError

DATA_ENV = "SBK_GUIDE_DATA"
CACHE_ENV = "SBK_GUIDE_CACHE"  # a folder, or "off" to disable the cache
TOP_FILES = (
    "meta.yaml",
    "sections.yaml",
    "questions.yaml",
    "items.yaml",
    "sources.yaml",
    "regions.yaml",
    "situation.yaml",
    "region_variants.yaml",
)
LOCAL_FORBIDDEN = ("sections.yaml", "questions.yaml")


def shipped_data_dir() -> Path:
    """The data folder shipped with the package (wheel) or the checkout's data/ (editable)."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "data"
    if packaged.is_dir():
        return packaged
    return package.parent / "data"


def data_roots(data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """The shipped data folder, plus the local one from --data-dir or SBK_GUIDE_DATA."""
    roots = [shipped_data_dir()]
    local = data_dir if data_dir not in (None, "") else os.environ.get(DATA_ENV) or None
    if local is not None:
        path = Path(local)
        if not path.is_dir():
            raise DataProblem("data_dir_missing", path=str(path))
        if path.resolve() != roots[0].resolve():
            roots.append(path)
    return roots


def data_files(root: Path) -> list[Path]:
    files = [root / name for name in TOP_FILES if (root / name).is_file()]
    overlays = root / "overlays"
    if overlays.is_dir():
        files.extend(sorted(p for p in overlays.rglob("*.yaml") if p.is_file()))
    return files


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


def _write_cache(path: Path, blob: bytes) -> None:
    from ..files.fileio import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, blob, force=True)
    except (OSError, GuideError):
        pass  # a cache is an optimisation: never fail because of it


# ---------------------------------------------------------------- reading


class Doc:
    """One parsed YAML file with its path (for error locations)."""

    def __init__(self, path: Path, content: Any) -> None:
        self.path = path
        self.content = content

    def where(self, node: Any = None) -> str:
        line = getattr(node, "line", 0) if node is not None else 0
        return f"{self.path}:{line}" if line else str(self.path)

    def fail(self, node: Any, reason: str) -> GuideError:
        return DataProblem("data_broken", location=self.where(node), reason=reason)


def read_doc(path: Path) -> Doc:
    from ..files.yamlio import YamlSyntaxError, load_yaml_text  # PyYAML only when the cache misses

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataProblem("data_broken", location=str(path), reason="not UTF-8 text") from None
    except OSError as exc:
        raise DataProblem("data_broken", location=str(path), reason=exc.strerror or str(exc)) from None
    try:
        content = load_yaml_text(text)
    except YamlSyntaxError as exc:
        raise DataProblem("data_broken", location=f"{path}:{exc.line}", reason=exc.reason) from None
    return Doc(path, content)


def read_root(root: Path) -> dict[str, Doc]:
    """All docs of one root, keyed by path relative to the root ('overlays/henan.yaml')."""
    return {path.relative_to(root).as_posix(): read_doc(path) for path in data_files(root)}


def compile_roots(roots: list[Path]) -> dict[str, Any]:
    from .compiler import compile_docs  # only needed when the cache misses

    layers = [read_root(root) for root in roots]
    return compile_docs(layers)
