"""Read rosters row by row: CSV/TSV (UTF-8, UTF-8 with BOM, GB18030/GBK), XLSX, JSON Lines, YAML.

Every reader is a generator of (row_number, {column: value}); nothing holds the
whole file except YAML (a YAML list is parsed at once; use CSV or JSONL for
very large rosters). Row numbers are what a person sees: the spreadsheet row
(header = 1) or the JSON Lines line number.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import IOProblem, UsageProblem

Row = tuple[int, dict[str, Any]]
SNIFF_BYTES = 64 * 1024
HEADER_SEARCH = 10  # rows looked at for the header (a title row or two may come first)
IsHeader = Callable[[list[str]], bool]


def _find_header(rows: Iterator[list[str]], is_header: IsHeader | None) -> tuple[int, list[str], list[list[str]]]:
    """(line of the header, its names, rows read past it that are data). The header is the first
    of the first rows that `is_header` accepts (a title row above it is skipped); else row 1."""
    seen: list[list[str]] = []
    for values in rows:
        seen.append(values)
        if is_header is None or is_header(values) or len(seen) >= HEADER_SEARCH:
            break
    for n, values in enumerate(seen):
        if is_header is None or is_header(values):
            return n + 1, values, seen[n + 1 :]
    return (1, seen[0], seen[1:]) if seen else (1, [], [])


def detect_encoding(path: Path) -> str:
    """utf-8-sig for UTF-8 (with or without BOM), else gb18030 (covers GBK and GB2312)."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a character cut at the chunk's end is fine
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise UsageProblem("batch_encoding", path=str(path)) from None


def read_csv(path: Path, is_header: IsHeader | None = None) -> Iterator[Row]:
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        first = handle.readline()
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
        stream = _chain(first, handle)
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            line, header, early = _find_header(reader, is_header)
            if not header:
                return
            names = [h.strip() for h in header]
            named = all(names)  # then zip() makes the same mapping, faster
            for n, values in enumerate(itertools.chain(early, reader), start=line + 1):
                if not "".join(values).strip():
                    continue
                if named:
                    yield n, dict(zip(names, values))  # noqa: B905 - a short or long row is cut as below
                else:
                    yield n, {names[i]: v for i, v in enumerate(values) if i < len(names) and names[i]}
        except UnicodeDecodeError:
            raise UsageProblem("batch_encoding", path=str(path)) from None
        except csv.Error as exc:
            raise UsageProblem("batch_bad_file", path=str(path), reason=str(exc)) from None


def _chain(first: str, rest: io.TextIOBase) -> Iterator[str]:
    yield first
    yield from rest


def read_xlsx(path: Path, is_header: IsHeader | None = None) -> Iterator[Row]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise UsageProblem("batch_needs_openpyxl") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types (zipfile, KeyError, ValueError) for a bad file
        raise UsageProblem("batch_bad_xlsx", path=str(path), kind=type(exc).__name__) from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        texts = (["" if v is None else str(v) for v in values] for values in rows)
        line, header, _early = _find_header(texts, is_header)
        if not header:
            return
        names = [h.strip() for h in header]
        rows = sheet.iter_rows(min_row=line + 1, values_only=True)
        for n, values in enumerate(rows, start=line + 1):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            yield n, {names[i]: v for i, v in enumerate(values) if i < len(names) and names[i] and v is not None}
    finally:
        book.close()


def read_jsonl(path: Path, is_header: IsHeader | None = None) -> Iterator[Row]:
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding) as handle:
        for n, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield n, {"__error__": f"JSON: {exc.msg}"}
                continue
            yield n, value if isinstance(value, dict) else {"__error__": "not a JSON object"}


def read_yaml(path: Path, is_header: IsHeader | None = None) -> Iterator[Row]:
    from .fileio import read_text
    from .yamlio import YamlSyntaxError, load_yaml_text

    try:
        content = load_yaml_text(read_text(path, encodings=("utf-8-sig", "gb18030")))
    except YamlSyntaxError as exc:
        raise UsageProblem("batch_bad_file", path=str(path), reason=f"line {exc.line}: {exc.reason}") from None
    if isinstance(content, dict) and isinstance(content.get("rows"), list):
        content = content["rows"]
    if not isinstance(content, list):
        raise UsageProblem("batch_bad_file", path=str(path), reason="a YAML list of answer mappings is expected")
    for n, value in enumerate(content, start=1):
        yield n, dict(value) if isinstance(value, dict) else {"__error__": "not a mapping"}


READERS = {
    ".csv": read_csv,
    ".tsv": read_csv,
    ".txt": read_csv,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".yaml": read_yaml,
    ".yml": read_yaml,
}


def read_rows(path: Path, is_header: IsHeader | None = None) -> Iterator[Row]:
    """(row number, {column: value}) for each non-empty row. For tables, the header is the first
    row `is_header` accepts among the first few (a title row above it is skipped)."""
    if not path.exists():
        raise UsageProblem("file_not_found", path=str(path))
    if path.is_dir():
        raise UsageProblem("file_is_dir", path=str(path))
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UsageProblem("batch_unknown_type", path=str(path), allowed=", ".join(sorted(READERS)))
    try:
        yield from reader(path, is_header)
    except UnicodeDecodeError:
        raise UsageProblem("batch_encoding", path=str(path)) from None
    except OSError as exc:
        raise IOProblem("file_unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
