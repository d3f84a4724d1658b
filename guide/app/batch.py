"""`sbk-guide batch`: one checklist per row of a roster, streamed.

Rows are read one at a time (tables.py), answers normalised with the row's
column names in error messages, checklists rendered and written atomically:
one file per row into a folder, or one JSON Lines file. A bad row is reported
and skipped; the others are still written. Identical answers are rendered once
(rosters repeat themselves), so large files cost little more than their I/O.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import io
import json
import re
import signal
import sys
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.answers import normalise_answers
from ..core.dataset import Dataset
from ..core.engine import build_checklist
from ..errors import EXIT_FAILURE, EXIT_OK, GuideError, IOProblem, UsageProblem
from ..files.fileio import TMP_PREFIX, AtomicFile, write_atomic
from ..files.output import is_terminal
from ..files.tables import read_rows
from ..loading.loader import load_dataset
from ..messages import msg
from ..render import format_of, render, suffix_of
from .options import check_file_format, check_lang, check_today, check_width

_FORBIDDEN = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.I)
CACHE_SIZE = 256  # distinct rendered checklists kept (strings of ~10 KB)
FRAGMENTS_MAX = 20_000
SKIP = "-"  # a known column that carries no answer


def column_names(data: Dataset) -> dict[str, str]:
    """Accepted column headers -> question id ('id' for the file name column)."""
    names = {
        "id": "id",
        "编号": "id",
        "序号": "id",
        "need": "needs",
        "problem": "problems",
        "row": SKIP,
        "reason": SKIP,
    }  # the two extra columns of an --errors file, so it can be re-run
    for question in data.questions:
        qid = question["id"]
        for name in (qid, qid.replace("_", "-"), question["label"]["zh"], question["label"]["en"]):
            names[name.strip().lower()] = qid
    return names


def safe_name(text: str) -> str:
    """A file name from an `id` cell: no path separators, no `..`, nothing Windows forbids."""
    name = _FORBIDDEN.sub("_", str(text)).strip().strip(".").strip()
    name = re.sub(r"_+", "_", name)[:100]
    if not name or set(name) <= {"_", "."}:
        return ""
    if _RESERVED.match(name):
        name = "_" + name
    return name


class Totals:
    def __init__(self) -> None:
        self.written = self.failed = self.skipped = 0


class ErrorSheet:
    """Failed rows with a reason column, written to a temporary file and renamed at the end."""

    def __init__(self, path: Path | None, force: bool) -> None:
        self.path, self.force = path, force
        self.rows: list[dict[str, Any]] = []  # only failed rows: few
        if path is not None and path.exists() and not force:
            raise UsageProblem("output_exists", path=str(path))

    def add(self, row: int, values: dict[str, Any], reason: str) -> None:
        if self.path is not None:
            self.rows.append({"row": row, **{k: v for k, v in values.items() if k != "__error__"}, "reason": reason})

    def write(self) -> None:
        if self.path is None or not self.rows:
            return
        columns: list[str] = []
        for r in self.rows:
            columns += [c for c in r if c not in columns and c != "reason"]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns + ["reason"], extrasaction="ignore")
        writer.writeheader()
        for r in self.rows:
            writer.writerow({k: ("" if v is None else v) for k, v in r.items()})
        write_atomic(self.path, buffer.getvalue().encode("utf-8-sig"), force=self.force)


class Renderer:
    """Normalise, build and render, once per distinct set of answers (LRU of strings only:
    holding checklist objects would make every garbage collection walk them)."""

    def __init__(self, data: Dataset, today: dt.date, lang: str, fmt: str, width: int) -> None:
        self.data, self.today, self.lang, self.fmt, self.width = data, today, lang, fmt, width
        self.cache: OrderedDict[tuple[Any, ...], str] = OrderedDict()
        self.fragments: dict[Any, str] = {}  # encoded JSON of items and sources, shared by all rows

    def __call__(self, raw: dict[str, Any], options: dict[str, str]) -> str:
        """The rendered checklist; for json, one compact line (the writer adds row and id)."""
        key = tuple(sorted((k, str(v)) for k, v in raw.items()))
        hit = self.cache.get(key)
        if hit is not None:
            self.cache.move_to_end(key)
            return hit
        answers = normalise_answers(self.data, raw, self.today, options=options)
        checklist = build_checklist(self.data, answers, self.today, self.lang, with_summary=self.fmt != "json")
        if self.fmt == "json":
            from ..render.json_out import render_json_line

            if len(self.fragments) > FRAGMENTS_MAX:  # bounded memory on huge, varied rosters
                self.fragments.clear()
            text = render_json_line(checklist, self.fragments)
        else:
            text = render(checklist, self.fmt, width=self.width)
        self.cache[key] = text
        if len(self.cache) > CACHE_SIZE:
            self.cache.popitem(last=False)
        return text


def _warn(text: str, lang: str) -> None:
    sys.stderr.write(msg("warning_prefix", lang) + text + "\n")


def run_batch(
    *,
    input_path: Path,
    out: Path,
    fmt: str | None,
    lang: str,
    today: str | None,
    width: str | None,
    force: bool,
    errors_file: Path | None,
    data_dir: str | None,
) -> int:
    lang = check_lang(lang)
    day = check_today(today)
    line_width = check_width(width, 80)
    to_jsonl = out.suffix.lower() in (".jsonl", ".ndjson")
    fmt_name = check_file_format(fmt)
    if to_jsonl and fmt_name != "json":
        raise UsageProblem("batch_format_jsonl")
    if to_jsonl:
        if out.exists() and not force:
            raise UsageProblem("batch_out_exists", path=str(out))
        if not out.parent.is_dir() and str(out.parent) not in ("", "."):
            raise IOProblem("output_dir_missing", path=str(out), folder=str(out.parent))
    else:
        if out.exists() and not out.is_dir():
            raise UsageProblem("batch_out_not_dir", path=str(out))
        if format_of(out.suffix) is not None and not out.exists():
            raise UsageProblem("batch_out_not_dir", path=str(out))
    errors = ErrorSheet(errors_file, force)
    data = load_dataset(data_dir)
    gc.freeze()  # the data lives as long as the run: keep it out of every collection
    rows = read_rows(input_path)

    stop = _StopFlag()
    try:
        totals = _process(
            data,
            rows,
            out,
            to_jsonl,
            fmt_name,
            Renderer(data, day, lang, fmt_name, line_width),
            force,
            errors,
            lang,
            stop,
        )
    finally:
        stop.restore()
    errors.write()
    sys.stderr.write(
        msg("batch_summary", lang, written=totals.written, failed=totals.failed, skipped=totals.skipped) + "\n"
    )
    if errors_file is not None and totals.failed:
        sys.stderr.write(msg("batch_errors_written", lang, path=str(errors_file)) + "\n")
    return EXIT_FAILURE if totals.failed else EXIT_OK


class _StopFlag:
    """Ctrl-C and `kill` (SIGTERM) stop the run between two rows, never inside a file
    write, so that every file that exists is complete and a re-run carries on."""

    def __init__(self) -> None:
        self.requested = False
        self.previous = {}
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(ValueError):  # not the main thread (some test runners): keep defaults
                self.previous[sig] = signal.signal(sig, self._request)

    def _request(self, signum: int, frame: Any) -> None:
        self.requested = True

    def check(self) -> None:
        if self.requested:
            raise KeyboardInterrupt

    def restore(self) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)


def _process(
    data: Dataset,
    rows: Iterator[tuple[int, dict[str, Any]]],
    out: Path,
    to_jsonl: bool,
    fmt: str,
    renderer: Renderer,
    force: bool,
    errors: ErrorSheet,
    lang: str,
    stop: _StopFlag,
) -> Totals:
    names = column_names(data)
    allowed = ", ".join(["id"] + [q["id"] for q in data.questions])
    totals = Totals()
    mapping: dict[str, str] | None = None
    options: dict[str, str] = {}
    used_names: set[str] = set()
    sink = _JsonlSink(out, force) if to_jsonl else None
    if sink is None:
        out.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(out)
    progress = _Progress(lang) if is_terminal(sys.stderr) else None
    try:
        for row, values in rows:
            stop.check()
            if progress is not None:
                progress.advance()
            if "__error__" in values:
                totals.failed += 1
                sys.stderr.write(msg("batch_row_bad", lang, row=row, reason=values["__error__"]) + "\n")
                errors.add(row, values, str(values["__error__"]))
                continue
            if mapping is None or any(k not in mapping for k in values):
                mapping = _extend_mapping(mapping, values, names, allowed, lang)
                options = {qid: col for col, qid in mapping.items() if qid and qid != SKIP}
            raw: dict[str, Any] = {}
            ident = ""
            for column, value in values.items():
                qid = mapping.get(column) or ""
                if qid == "id":
                    ident = "" if value is None else str(value).strip()
                elif qid and qid != SKIP:
                    raw[qid] = value
            try:
                text = renderer(raw, options)
            except GuideError as exc:
                totals.failed += 1
                reason = exc.render(lang, context="column")
                sys.stderr.write(msg("batch_row_failed", lang, row=row, reason=reason) + "\n")
                errors.add(row, values, reason)
                continue
            if sink is not None:
                head = json.dumps({"row": row, **({"id": ident} if ident else {})}, ensure_ascii=False)
                sink.write(f"{head[:-1]},{text[1:]}\n")
                totals.written += 1
                continue
            if fmt == "json":
                text = json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
            stem = safe_name(ident) or f"row-{row:05d}"
            name, n = stem, 2
            while name.lower() in used_names:
                name, n = f"{stem}-{n}", n + 1
            used_names.add(name.lower())
            path = out / (name + suffix_of(fmt))
            if path.exists() and not force:
                totals.skipped += 1
                continue
            write_atomic(path, text.encode("utf-8"), force=force)
            totals.written += 1
        stop.check()
        if sink is not None:
            sink.commit()
    finally:
        if sink is not None:
            sink.discard()
        if progress is not None:
            progress.stop()
    return totals


def _extend_mapping(
    mapping: dict[str, str] | None, values: dict[str, Any], names: dict[str, str], allowed: str, lang: str
) -> dict[str, str]:
    mapping = dict(mapping or {})
    unknown = []
    for column in values:
        if column in mapping:
            continue
        qid = names.get(str(column).strip().lower(), "")
        mapping[column] = qid
        if not qid:
            unknown.append(str(column))
    if unknown:
        _warn(msg("batch_unknown_columns", lang, columns=", ".join(unknown), allowed=allowed), lang)
    return mapping


def _remove_stale_temps(folder: Path) -> None:
    for leftover in folder.glob(f"{TMP_PREFIX}*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


class _JsonlSink:
    """JSON Lines into one atomic file (fileio.AtomicFile): renamed over the target only when complete."""

    def __init__(self, out: Path, force: bool) -> None:
        _remove_stale_temps(out.parent if str(out.parent) else Path("."))
        self.file = AtomicFile(out, force=force, exists_key="batch_out_exists")

    def write(self, line: str) -> None:
        self.file.write(line.encode("utf-8"))

    def commit(self) -> None:
        self.file.commit()

    def discard(self) -> None:
        self.file.discard()


class _Progress:
    """A rich progress line on stderr (only on a terminal)."""

    def __init__(self, lang: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn(msg("batch_progress", lang)),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.progress.add_task("rows", total=None)
        self.progress.start()

    def advance(self) -> None:
        self.progress.advance(self.task)

    def stop(self) -> None:
        self.progress.stop()
