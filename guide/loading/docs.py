"""The data folders and their YAML files: where they are, which files count, and reading
one file into a Doc (its path kept for error locations). No compiling, no cache."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import DataProblem
from .problems import DataProblems, Problem

DATA_ENV = "SBK_GUIDE_DATA"
TOP_FILES = (
    "meta.yaml",
    "sections.yaml",
    "questions.yaml",
    "items.yaml",
    "sources.yaml",
    "regions.yaml",
    "situation.yaml",
    "plan.yaml",
    "region_variants.yaml",
    "claims.yaml",
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


class Doc:
    """One parsed YAML file with its path (for error locations)."""

    def __init__(self, path: Path, content: Any) -> None:
        self.path = path
        self.content = content


def read_doc(path: Path) -> Doc:
    """One file, parsed; a DataProblems (one Problem) when it cannot be read or parsed."""
    from ..files.yamlio import YamlSyntaxError, load_yaml_text  # PyYAML only when the cache misses

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataProblems([Problem(str(path), 0, "not_utf8")]) from None
    except OSError as exc:
        raise DataProblems([Problem(str(path), 0, "unreadable", {"reason": exc.strerror or str(exc)})]) from None
    try:
        content = load_yaml_text(text)
    except YamlSyntaxError as exc:
        raise DataProblems([Problem(str(path), exc.line, "yaml", {"reason": exc.reason})]) from None
    return Doc(path, content)


Layer = dict[str, Doc]  # path relative to its root ('overlays/henan.yaml') -> Doc


def read_layers(roots: list[Path]) -> tuple[list[Layer], list[Problem]]:
    """Every file of every root (the shipped data first), and every problem met reading them;
    a local root may not bring its own questions or sections (contract.md)."""
    layers: list[Layer] = []
    problems: list[Problem] = []
    for n, root in enumerate(roots):
        layer: Layer = {}
        for path in data_files(root):
            rel = path.relative_to(root).as_posix()
            if n and rel in LOCAL_FORBIDDEN:
                problems.append(Problem(str(path), 0, "local_forbidden"))
                continue
            try:
                layer[rel] = read_doc(path)
            except DataProblems as exc:
                problems += exc.problems
        layers.append(layer)
    return layers, problems
