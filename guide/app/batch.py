"""`sbk-guide batch`: one checklist per row of a roster, streamed.

One loop: rows are read one at a time (tables.py), each row's answers normalised with
its column names in error messages (normalise_answers), its checklist built by the
function `checklist` uses (engine.build_checklist), rendered and written as it goes: one
file per row into a folder, or one line of a JSON Lines file (written atomically: renamed
over the target when complete). A bad row is reported and skipped; the others are still
written.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.answers import column_labels, every_problem, missing_columns, normalise_answers, normalise_value
from ..core.conditions import answer_tokens
from ..core.dataset import Dataset
from ..core.engine import build_checklist
from ..core.model import Checklist
from ..core.questions import short_label
from ..errors import EXIT_FAILURE, EXIT_OK, GuideError, IOProblem, UsageProblem
from ..files.fileio import (
    AtomicFile,
    fit_name,
    is_file_suffix,
    make_folder,
    remove_stale_temps,
    same_file,
    write_atomic,
    write_new,
)
from ..files.output import is_terminal
from ..files.tables import csv_cell, read_rows, row_number
from ..loading.loader import load_dataset
from ..messages import msg
from ..render import render_bytes, suffix_of
from ..render.json_out import render_json, render_json_line
from .listing import ID_HEADERS, NAME_HEADERS, REMARK_HEADERS, header_key
from .options import (
    check_encoding,
    check_encoding_for,
    check_file_format,
    check_lang,
    check_name,
    check_remark,
    check_today,
    check_width,
)

_FORBIDDEN = re.compile('[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"/\\\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.I)
SKIP = "-"  # a known column that carries no answer


ROW = "__row__"  # the `row` column of an --errors file: the row's number in the first roster
NAME = "name"
REMARK = "remark"


def column_names(data: Dataset) -> dict[str, str]:
    """Accepted column headers (as header_key() compares them) -> question id, or "id", NAME,
    ROW, SKIP. Headers come from the data (Question.headers): nothing is copied here."""
    names: dict[str, str] = {header_key(h): "id" for h in ID_HEADERS}
    names.update({header_key(h): NAME for h in NAME_HEADERS})
    names.update({header_key(h): REMARK for h in REMARK_HEADERS})
    names.update({"row": ROW, "行号": ROW, "reason": SKIP, "原因": SKIP})  # the extra columns of an --errors file
    for question in data.questions:
        for header in question.headers:
            names.setdefault(header_key(header), question.id)
    return names


def header_test(names: dict[str, str]) -> Any:
    """Whether a row is the header: two or more of its cells are known column names (a title
    row such as "2026年社保卡发放名单" above the header is not)."""

    def is_header(cells: list[str]) -> bool:
        return sum(1 for c in cells if c and header_key(c) in names) >= 2

    return is_header


class ValueWords:
    """Choice labels as the guide shows them, also inside a list cell: 在医院看病、住院结算 is one
    label that contains the list separator 、, so known labels are replaced by their value id
    before the cell is split (core/answers.py splits at , ; 、)."""

    def __init__(self, data: Dataset) -> None:
        self.index: dict[str, dict[str, str]] = {}
        self.pattern: dict[str, re.Pattern[str]] = {}
        for question in data.questions:
            if not question.kind.has_choices:
                continue
            words = {w.strip().lower(): c.value for c in question.choices for w in c.words if w.strip()}
            self.index[question.id] = words
            if question.kind.multiple:
                long_first = sorted((w for w in words if len(w) > 1), key=len, reverse=True)
                self.pattern[question.id] = re.compile("|".join(re.escape(w) for w in long_first))

    def __call__(self, qid: str, value: Any) -> Any:
        words = self.index.get(qid)
        if words is None or not isinstance(value, str):
            return value
        found = words.get(value.strip().lower())
        if found is not None:
            return found
        pattern = self.pattern.get(qid)
        if pattern is None:
            return value
        return pattern.sub(lambda m: f",{words[m.group(0)]},", value.lower())


def safe_name(text: str) -> str:
    """A file name from an `id` cell: no path separators, no `..`, nothing Windows forbids."""
    name = _FORBIDDEN.sub("_", str(text)).strip().strip(".").strip()
    name = fit_name(re.sub(r"_+", "_", name)[:100], 150)  # bytes: a file name holds 255 (a suffix and -N follow)
    if not name or set(name) <= {"_", "."}:
        return ""
    if _RESERVED.match(name):
        name = "_" + name
    return name


def file_stem(ident: str, name: str, row: int, lang: str) -> str:
    """A row's file name (without suffix): its id, with the name after a bare number (a 序号 column:
    1-王阿姨, not 1); else its name; else its row number, in the output's language."""
    stem, person = safe_name(ident), safe_name(name)
    if stem and person and stem.isdigit():
        return safe_name(f"{stem}-{person}")
    if stem or person:
        return stem or person
    return f"第{row:05d}行" if lang == "zh" else f"row-{row:05d}"


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
            writer.writerow({k: ("" if v is None else csv_cell(str(v))) for k, v in r.items()})
        write_atomic(self.path, buffer.getvalue().encode("utf-8-sig"), force=self.force)


class RowWork:
    """A row's answers and checklist: normalise_answers of its cells as the sheet writes them
    (labels: ValueWords), then build_checklist."""

    def __init__(self, data: Dataset, today: dt.date, lang: str, fmt: str) -> None:
        self.data, self.today, self.lang, self.fmt = data, today, lang, fmt
        self.words = ValueWords(data)

    def checklist(self, raw: dict[str, Any], options: dict[str, str], name: str, remark: str = "") -> Checklist:
        """The row's checklist. In JSON the name is written by batch (not the checklist's),
        and no answer summary and no remark are shown (schema 3 has no field for a remark)."""
        answers = self.answers(raw, options)
        if self.fmt == "json":
            return build_checklist(self.data, answers, self.today, self.lang, with_summary=False)
        checklist = build_checklist(self.data, answers, self.today, self.lang, name=name or None)
        checklist.remark = remark or None  # printed for staff (render/layout.py)
        return checklist

    def answers(self, raw: dict[str, Any], options: dict[str, str]) -> dict[str, Any]:
        try:
            return normalise_answers(self.data, raw, self.today, options=options, parse=self._parse)
        except UsageProblem as first:
            raw = {qid: self.words(qid, value) for qid, value in raw.items()}
            raise RowProblems(all_problems(self.data, raw, self.today, options) or [first]) from None

    def _parse(self, data: Dataset, qid: str, value: Any, today: dt.date, option: str, notes: list[Any] | None) -> Any:
        """normalise_value of the cell as the sheet writes it (labels: ValueWords)."""
        return normalise_value(data, qid, self.words(qid, value), today, option, notes)


class RowProblems(GuideError):
    """Every problem of one row (not only the first)."""

    def __init__(self, problems: list[GuideError]) -> None:
        super().__init__("batch_problems")
        self.problems = problems

    def render(self, lang: str = "zh", *, context: str = "") -> str:
        reasons = [_in_words(p, lang).render(lang, context=context) for p in self.problems]
        if len(reasons) == 1:
            return reasons[0]
        if lang == "zh":  # 。； reads badly: one full stop, at the end
            return msg(
                "batch_problems", lang, count=len(reasons), reasons="；".join(r.rstrip("。") for r in reasons) + "。"
            )
        return msg("batch_problems", lang, count=len(reasons), reasons="; ".join(reasons))


def all_problems(data: Dataset, raw: dict[str, Any], today: dt.date, options: dict[str, str]) -> list[GuideError]:
    """Every problem of a row (core/answers.all_problems), with the choices as the sheet writes them."""
    return list(every_problem(data, raw, today, options, decorate=lambda qid, p: _with_labels(data, qid, p)))


def _in_words(problem: GuideError, lang: str) -> GuideError:
    if lang != "zh" or "allowed_zh" not in problem.params:
        return problem
    params = {k: v for k, v in problem.params.items() if k != "allowed_zh"}
    params["allowed"] = f"{problem.params['allowed_zh']}（或 {problem.params['allowed']}）"
    return UsageProblem(problem.key, **params)


def _with_labels(data: Dataset, qid: str, problem: UsageProblem) -> UsageProblem:
    """In Chinese, the allowed values of a bad cell as the sheet may write them (labels), ids after."""
    if "allowed" in problem.params and data.has_question(qid) and data.question(qid).choices:
        labels = " / ".join(short_label(c.label["zh"]) for c in data.question(qid).choices)
        problem.params = {**problem.params, "allowed_zh": labels}
    return problem


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
    append: bool = False,
    sheet: str | None = None,
    encoding: str | None = None,
) -> int:
    lang = check_lang(lang)
    day = check_today(today)
    line_width = check_width(width, 80)
    to_jsonl = out.suffix.lower() in (".jsonl", ".ndjson")
    fmt_name = check_file_format(fmt)
    enc = check_encoding(encoding)
    check_encoding_for(enc, fmt_name)
    if to_jsonl and fmt_name != "json":
        raise UsageProblem("batch_format_jsonl")
    for target in (out, errors_file):
        if target is not None and same_file(target, input_path):
            raise UsageProblem("batch_out_is_input", path=str(target))
    if append and not to_jsonl:
        raise UsageProblem("batch_append_jsonl")
    if to_jsonl:
        if out.exists() and not force and not append:
            raise UsageProblem("batch_out_exists", path=str(out))
        if not out.parent.is_dir() and str(out.parent) not in ("", "."):
            raise IOProblem("output_dir_missing", path=str(out), folder=str(out.parent))
    else:
        if out.exists() and not out.is_dir():
            raise UsageProblem("batch_out_not_dir", path=str(out))
        if is_file_suffix(out) and not out.is_dir():  # out.csv: a mistake, not a folder to make
            raise UsageProblem("batch_out_not_dir", path=str(out))
    errors = ErrorSheet(errors_file, force)
    totals = Totals()
    stop = _StopFlag()
    progress = _Progress(lang) if is_terminal(sys.stderr) else None
    try:
        data = load_dataset(data_dir)
        names = column_names(data)
        rows = read_rows(input_path, header_test(names), sheet)
        columns = Columns(data, names, lang, table=input_path.suffix.lower() in TABLE_SUFFIXES)
        done = checklists(rows, columns, RowWork(data, day, lang, fmt_name), stop, progress)
        for failure in _write(done, out, to_jsonl, fmt_name, line_width, force, append, enc, lang, totals):
            totals.failed += 1
            sys.stderr.write(msg(failure.key, lang, row=failure.row, reason=failure.reason) + "\n")
            errors.add(failure.row, failure.values, failure.reason)
    finally:
        stop.restore()
        if progress is not None:
            progress.stop()
    errors.write()
    sys.stderr.write(
        msg("batch_summary", lang, written=totals.written, failed=totals.failed, skipped=totals.skipped) + "\n"
    )
    if errors_file is not None and totals.failed:
        sys.stderr.write(msg("batch_errors_written", lang, path=str(errors_file)) + "\n")
    return EXIT_FAILURE if totals.failed else EXIT_OK


@dataclass(slots=True)
class Done:
    """A row's checklist."""

    row: int
    ident: str
    name: str
    checklist: Checklist


@dataclass(slots=True)
class Failure:
    """A row that gave no checklist: its number, cells, the message key and the reason."""

    row: int
    values: dict[str, Any]
    key: str
    reason: str


def checklists(
    rows: Iterator[tuple[int, dict[str, Any]]], columns: Columns, work: RowWork, stop: _StopFlag, progress: Any
) -> Iterator[Done | Failure]:
    """Each row's checklist, or why it has none, in the roster's order (one at a time)."""
    for number, values in rows:
        stop.check()
        if progress is not None:
            progress.advance()
        if "__error__" in values:
            yield Failure(number, values, "batch_row_bad", str(values["__error__"]))
            continue
        row, ident, name, remark, raw = columns.take(number, values)
        try:
            check_name(name)  # as --name: no control or bidi characters
            check_remark(remark)  # the same rules, a longer limit
            yield Done(row, ident, name, work.checklist(raw, columns.options, name, remark))
        except GuideError as exc:
            columns.check_columns(exc)
            yield Failure(row, values, "batch_row_failed", exc.render(work.lang, context="column"))
    stop.check()


def _write(
    done: Iterator[Done | Failure],
    out: Path,
    to_jsonl: bool,
    fmt: str,
    width: int,
    force: bool,
    append: bool,
    encoding: str,
    lang: str,
    totals: Totals,
) -> Iterator[Failure]:
    """Write each checklist as it comes (JSON Lines, or a file per row); the failures pass through."""
    if to_jsonl:
        yield from _jsonl_rows(done, out, force, append, totals)
    else:
        yield from _file_rows(done, out, fmt, width, force, encoding, lang, totals)


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


class Columns:
    """A roster's columns: which question (or id, name, row number) each header names. New
    columns are learnt as rows show them; unknown ones are named once, in a warning."""

    def __init__(self, data: Dataset, names: dict[str, str], lang: str, table: bool = False) -> None:
        self.question_ids = [q.id for q in data.questions]
        self.labels = column_labels(data, lang)  # a column the sheet lacks, as messages name it
        self.table = table  # a CSV or sheet: every row has the same columns
        zh = lang == "zh"
        heads = [ID_HEADERS[1] if zh else "id", NAME_HEADERS[1] if zh else NAME, REMARK_HEADERS[1] if zh else REMARK]
        self.allowed = ("、" if zh else ", ").join([*heads, *(q.label["zh" if zh else "en"] for q in data.questions)])
        self.names, self.lang = names, lang
        self.mapping: dict[str, str] = {}  # column -> question id, a role (_ROLES) or "" (unknown)
        self.columns: dict[str, str] = {}  # question id -> the sheet's column for it
        self.options: dict[str, str] = dict(self.labels)  # question id -> how messages name its column

    def take(self, row: int, values: dict[str, Any]) -> tuple[int, str, str, str, dict[str, Any]]:
        """The row's number, id, name, remark and answer cells by question id."""
        new = [column for column in values if column not in self.mapping]
        if new:
            self._learn(new)
        raw: dict[str, Any] = {}
        ident = name = remark = ""
        for column, value in values.items():
            role = self.mapping[column]
            if role in self.options:
                raw[role] = value
            elif role in _ROLES:
                text = "" if value is None else str(value).strip()
                if role == "id":
                    ident = text
                elif role == NAME:
                    name = text  # checked as --name is (check_name), with the row's other problems
                elif role == REMARK:
                    remark = text  # checked as a name is (check_remark)
                else:  # ROW: a re-run of an --errors file keeps the numbers
                    row = row_number(text, row)
        return row, ident, name, remark, raw

    def check_columns(self, problem: GuideError) -> None:
        """A row misses an answer because the table has no such column at all: one error for the
        whole table (exit 2), not the same message on every row."""
        if not self.table or not isinstance(problem, RowProblems):
            return
        missing = missing_columns(problem.problems, self.columns, self.labels)
        if missing:
            raise UsageProblem("batch_missing_column", columns=("、" if self.lang == "zh" else ", ").join(missing))

    def _learn(self, new: list[Any]) -> None:
        unknown = []
        for column in new:
            role = self.mapping[column] = self.names.get(header_key(str(column)), "")
            if not role:
                unknown.append(str(column))
        if unknown:
            _warn(msg("batch_unknown_columns", self.lang, columns=", ".join(unknown), allowed=self.allowed), self.lang)
        self.columns = {qid: col for col, qid in self.mapping.items() if qid in self.question_ids}
        self.options = {**self.labels, **self.columns}


TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")  # tables: every row has the same columns
_ROLES = ("id", NAME, REMARK, ROW)  # the columns that are not answers and are read


def _jsonl_rows(
    done: Iterator[Done | Failure], out: Path, force: bool, append: bool, totals: Totals
) -> Iterator[Failure]:
    """One JSON line per checklist: the row, id and name, then the checklist's JSON. With
    `append`, the lines are added after the existing file's (a re-run of the fixed rows)."""
    remove_stale_temps(out.parent if str(out.parent) else Path("."), out.name)
    sink = AtomicFile(out, force=force, exists_key="batch_out_exists", append=append)
    try:
        for result in done:
            if isinstance(result, Failure):
                yield result
                continue
            sink.write(_line(result).encode())
            totals.written += 1
        if totals.written:
            sink.commit()
    finally:
        sink.discard()  # nothing written: no empty file


def _line(done: Done) -> str:
    """json.dumps of the row, id and name (id and name only when given), then of the checklist
    without spaces, as one object."""
    head: dict[str, Any] = {"row": done.row}
    if done.ident:
        head["id"] = done.ident
    if done.name:
        head["name"] = done.name
    return json.dumps(head, ensure_ascii=False)[:-1] + "," + render_json_line(done.checklist)[1:] + "\n"


def _file_rows(
    done: Iterator[Done | Failure],
    out: Path,
    fmt: str,
    width: int,
    force: bool,
    encoding: str,
    lang: str,
    totals: Totals,
) -> Iterator[Failure]:
    """One file per row into the folder `out` (plain text in `encoding`; unnamed files are
    第N行 in Chinese output)."""
    used_names: set[str] = set()
    made_folder = make_folder(out)
    remove_stale_temps(out)  # only those of runs that have ended
    try:
        for result in done:
            if isinstance(result, Failure):
                yield result
                continue
            stem = file_stem(result.ident, result.name, result.row, lang)
            file_name, n = stem, 2
            while file_name.lower() in used_names:
                file_name, n = f"{stem}-{n}", n + 1
            used_names.add(file_name.lower())
            path = out / (file_name + suffix_of(fmt))
            if not write_new(path, _file_bytes(result, fmt, width, encoding), force=force):
                totals.skipped += 1  # it exists (perhaps another run just wrote it): kept
                continue
            totals.written += 1
    finally:
        if made_folder and not totals.written:
            with contextlib.suppress(OSError):
                out.rmdir()  # nothing written: no empty folder


def _file_bytes(done: Done, fmt: str, width: int, encoding: str) -> bytes:
    """A row's file. In JSON the name comes last (batch adds it to the checklist's document)."""
    if fmt != "json":
        return render_bytes(done.checklist, fmt, width=width, encoding=encoding)
    if not done.name:
        return render_json(done.checklist).encode()
    doc = {**done.checklist.to_dict(), "name": done.name}
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()


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


def columns_help(lang: str, data_dir: str | None = None) -> str:
    """For `batch --help`: the columns read (header as the guide shows it, and its id) and an
    example row written with the guide's own labels; all from the data."""
    data = load_dataset(data_dir)
    zh = lang == "zh"
    label = "zh" if zh else "en"
    lines = [msg("batch_columns_help", lang), ""]
    lines.append(
        f"  {ID_HEADERS[1] if zh else ID_HEADERS[0]} (id)  ·  {NAME_HEADERS[1] if zh else NAME_HEADERS[0]} (name)"
        f"  ·  {REMARK_HEADERS[1] if zh else REMARK_HEADERS[0]} (remark)"
    )
    for q in data.questions:
        lines.append(f"  {q.label[label]} ({q.id})")
    example = {"id": "A001", "name": "王阿姨" if zh else "Wang"}
    header = [ID_HEADERS[1] if zh else "id", NAME_HEADERS[1] if zh else "name"]
    row = list(example.values())
    sample = {"card": "new", "region": "henan/zhengzhou", "insurance": "employee", "needs": "hospital"}
    tokens: set[str] = set()
    for q in data.questions:
        if not q.test(tokens):
            continue
        value, shown = q.kind.example(data, q, sample.get(q.id), label)
        tokens |= answer_tokens(q.id, value)
        header.append(q.label[label])
        row.append(shown)
    lines += ["", msg("batch_example_row", lang), "", "  " + ",".join(header), "  " + ",".join(row)]
    return "\n".join(lines)
