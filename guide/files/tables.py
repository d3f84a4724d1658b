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
CHECK_BYTES = 1 << 20
HEADER_SEARCH = 10  # rows looked at for the header (a title row or two may come first)
IsHeader = Callable[[list[str]], bool]
YAML_MAX_BYTES = 64 << 20  # a YAML roster is parsed whole: larger ones belong in CSV or JSON Lines


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
    """utf-8-sig for UTF-8 (with or without BOM), else gb18030 (covers GBK and GB2312). The whole
    file is checked (a C-speed pass): a GBK roster whose first rows are ASCII is still GBK."""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        chunk = head
        try:
            while chunk:
                utf8.decode(chunk, final=False)
                chunk = handle.read(CHECK_BYTES)
            utf8.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        gb = codecs.getincrementaldecoder("gb18030")()
        try:
            while chunk := handle.read(CHECK_BYTES):
                gb.decode(chunk, final=False)
            gb.decode(b"", final=True)
        except UnicodeDecodeError:
            raise UsageProblem("batch_encoding", path=str(path)) from None
    return "gb18030"


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
                if is_total_row(values):
                    continue
                if any(v.startswith("'") for v in values):
                    values = _unguard(values)
                if named:
                    yield n, dict(zip(names, values))  # noqa: B905 - a short or long row is cut as below
                else:
                    yield n, {names[i]: v for i, v in enumerate(values) if i < len(names) and names[i]}
        except UnicodeDecodeError:
            raise UsageProblem("batch_encoding", path=str(path)) from None
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise UsageProblem("batch_cell_too_long", path=str(path), row=reader.line_num) from None
            raise UsageProblem("batch_bad_csv", path=str(path), row=reader.line_num) from None


TOTAL_WORDS = frozenset({"合计", "总计", "小计", "共计", "total", "sum"})


def is_total_row(values: Any) -> bool:
    """A totals row under the roster (合计 …): not a person, so not a row to report five problems for."""
    for value in values:
        if value is None or not str(value).strip():
            continue
        return "".join(str(value).split()).lower() in TOTAL_WORDS
    return False


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a cell Excel or WPS would run as a formula


def csv_cell(value: str) -> str:
    """A cell as a CSV this tool writes holds it: one that starts like a formula gets a ' in front
    (OWASP's advice against CSV injection), which read_csv takes off again on a re-run."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _unguard(values: list[str]) -> list[str]:
    return [v[1:] if v.startswith("'") and v[1:2] and v[1:].startswith(FORMULA_START) else v for v in values]


def _chain(first: str, rest: io.TextIOBase) -> Iterator[str]:
    yield first
    yield from rest


XLSX_MAX_COLUMNS = 256  # a roster has about 15 columns; cells further right are not read
XLSX_MAX_ROWS = 1_048_576  # Excel's own limit: a row number beyond it is not a real sheet's
XLSX_MAX_STRINGS = 64 << 20  # bytes of the shared-strings part, uncompressed (openpyxl holds it all)
XLSX_MAX_BYTES = 4 << 30  # bytes of all parts, uncompressed


def _check_xlsx_size(path: Path) -> None:
    """A small file that unpacks to gigabytes (a zip bomb) is refused before it is opened."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UsageProblem("batch_bad_xlsx", path=str(path)) from None
    strings = sum(p.file_size for p in parts if p.filename.lower().endswith("sharedstrings.xml"))
    if strings > XLSX_MAX_STRINGS or sum(p.file_size for p in parts) > XLSX_MAX_BYTES:
        raise UsageProblem("batch_xlsx_too_large", path=str(path))


def _is_blank(values: tuple[Any, ...]) -> bool:
    if values.count(None) == len(values):
        return True
    return all(v is None or str(v).strip() == "" for v in values)


def _sheet_header(sheet: Any, is_header: IsHeader | None, strict: bool = True) -> tuple[int, list[str]] | None:
    """(line, names) of the sheet's header, or None if none of its first rows is one (not
    `strict`: the first row then, as for CSV; None for an empty sheet)."""
    rows = sheet.iter_rows(max_row=HEADER_SEARCH, max_col=XLSX_MAX_COLUMNS, values_only=True)
    texts = [["" if v is None else str(v) for v in values] for values in rows]
    while texts and texts[-1] and not any(t.strip() for t in texts[-1]):
        texts.pop()
    if not texts:
        return None
    line, header, _early = _find_header(iter(texts), is_header)
    if strict and is_header is not None and not is_header(header):
        return None
    while header and not header[-1].strip():
        header.pop()
    return line, header


def _pick_sheet(book: Any, path: Path, wanted: str | None, is_header: IsHeader | None) -> Any:
    """--sheet NAME; else the active sheet if it is visible and has a header, else the first
    visible sheet that has one (an instructions sheet before the roster is passed over)."""
    if wanted:
        if wanted not in book.sheetnames:
            raise UsageProblem("batch_no_sheet", path=str(path), sheet=wanted, allowed="、".join(book.sheetnames))
        return book[wanted]
    visible = [ws for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    active = book.active
    order = ([active] if any(active is ws for ws in visible) else []) + [ws for ws in visible if ws is not active]
    for sheet in order:
        sheet.reset_dimensions()  # the declared size (<dimension>) may be wrong: read the real rows
        if _sheet_header(sheet, is_header) is not None:
            return sheet
    return order[0] if order else book.worksheets[0]


def read_xlsx(path: Path, is_header: IsHeader | None = None, sheet_name: str | None = None) -> Iterator[Row]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise UsageProblem("batch_needs_openpyxl") from None
    _check_xlsx_size(path)
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles, data validation, etc.
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types (zipfile, KeyError, ValueError) for a bad file
        raise UsageProblem("batch_bad_xlsx", path=str(path), kind=type(exc).__name__) from None
    try:
        try:
            sheet = _pick_sheet(book, path, sheet_name, is_header)
            sheet.reset_dimensions()
            found = _sheet_header(sheet, is_header, strict=False)
        except UsageProblem:
            raise
        except Exception as exc:  # a broken sheet part (XML that does not parse)
            raise UsageProblem("batch_bad_xlsx", path=str(path), kind=type(exc).__name__) from None
        if found is None:
            return
        line, header = found
        names = [h.strip() for h in header]
        width = max(len(names), 1)
        rows = sheet.iter_rows(min_row=line + 1, max_row=XLSX_MAX_ROWS, max_col=width, values_only=True)
        n = line
        while True:
            try:
                values = next(rows)
            except StopIteration:
                break
            except Exception as exc:  # a broken sheet part, found while streaming it
                raise UsageProblem("batch_bad_xlsx_row", path=str(path), row=n + 1, kind=type(exc).__name__) from None
            n += 1
            if _is_blank(values) or is_total_row(values):
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
            except RecursionError:
                yield n, {"__error__": "JSON: nested too deeply"}
                continue
            yield n, value if isinstance(value, dict) else {"__error__": "not a JSON object"}


def read_yaml(path: Path, is_header: IsHeader | None = None) -> Iterator[Row]:
    from .fileio import read_text
    from .yamlio import YamlSyntaxError, load_yaml_text

    try:
        content = load_yaml_text(read_text(path, encodings=("utf-8-sig", "gb18030"), limit=YAML_MAX_BYTES), user=True)
    except YamlSyntaxError as exc:
        raise UsageProblem("batch_bad_yaml", path=str(path), **exc.params()) from None
    if isinstance(content, dict) and isinstance(content.get("rows"), list):
        content = content["rows"]
    if not isinstance(content, list):
        raise UsageProblem("batch_yaml_not_list", path=str(path))
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


def row_number(text: str, default: int) -> int:
    """The `row` (行号) cell of a re-run --errors file: a plain number, else `default`."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else default


def read_rows(path: Path, is_header: IsHeader | None = None, sheet: str | None = None) -> Iterator[Row]:
    """(row number, {column: value}) for each non-empty row. For tables, the header is the first
    row `is_header` accepts among the first few (a title row above it is skipped). A file with
    no data rows is an error (exit 2): a header alone, or a sheet that was not the roster."""
    count = 0
    for row in _read_rows(path, is_header, sheet):
        count += 1
        yield row
    if not count:
        raise UsageProblem("batch_no_rows", path=str(path))


def _read_rows(path: Path, is_header: IsHeader | None, sheet: str | None) -> Iterator[Row]:
    if not path.exists():
        raise UsageProblem("file_not_found", path=str(path))
    if path.is_dir():
        raise UsageProblem("file_is_dir", path=str(path))
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UsageProblem("batch_unknown_type", path=str(path), allowed=", ".join(sorted(READERS)))
    try:
        if reader is read_xlsx:
            yield from read_xlsx(path, is_header, sheet)
        else:
            yield from reader(path, is_header)
    except UnicodeDecodeError:
        raise UsageProblem("batch_encoding", path=str(path)) from None
    except OSError as exc:
        raise IOProblem("file_unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
