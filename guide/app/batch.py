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
import itertools
import json
import re
import signal
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring  # what json.dumps uses for a str
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..core.answers import RowNormaliser, column_labels, every_problem, missing_columns, normalise_value
from ..core.conditions import answer_tokens
from ..core.dataset import Dataset
from ..core.engine import assemble, build_checklist, choose, decide
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
from ..render import BINARY_FORMATS, render, render_bytes, suffix_of
from ..render.json_out import DecisionLines
from . import halves
from .listing import ID_HEADERS, NAME_HEADERS, header_key
from .options import (
    check_encoding,
    check_encoding_for,
    check_file_format,
    check_lang,
    check_name,
    check_today,
    check_width,
)

_FORBIDDEN = re.compile('[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"/\\\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.I)
CACHE_SIZE = 256  # distinct rendered checklists kept (strings of ~10 KB)
SINK_BUFFER = 1 << 20  # bytes buffered before a write to the JSON Lines file (a line is ~7 KB)
SETTLE_LINES = 1024  # lines (~7 MB) after which what is written is handed to the disk (AtomicFile.settle)
SKIP = "-"  # a known column that carries no answer


ROW = "__row__"  # the `row` column of an --errors file: the row's number in the first roster
NAME = "name"


def column_names(data: Dataset) -> dict[str, str]:
    """Accepted column headers (as header_key() compares them) -> question id, or "id", NAME,
    ROW, SKIP. Headers come from the data (Question.headers): nothing is copied here."""
    names: dict[str, str] = {header_key(h): "id" for h in ID_HEADERS}
    names.update({header_key(h): NAME for h in NAME_HEADERS})
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


class Renderer:
    """Normalise, build and render one row.

    JSON (one line per row) is written straight from the engine's decision
    (render/json_out.DecisionLines), each distinct cell text parsed once (RowNormaliser): the batch hot
    path, which needs no cache of whole checklists. Other formats render the checklist, once
    per distinct set of answers (LRU of strings only: holding checklist objects would make
    every garbage collection walk them)."""

    def __init__(self, data: Dataset, today: dt.date, lang: str, fmt: str, width: int) -> None:
        self.data, self.today, self.lang, self.fmt, self.width = data, today, lang, fmt, width
        self.cache: OrderedDict[tuple[Any, ...], str | bytes] = OrderedDict()
        self.words = ValueWords(data)
        self.normalise = RowNormaliser(data, today, self._parse)  # it keeps each column's parsed texts
        self.lines = DecisionLines(data)

    def __call__(self, raw: dict[str, Any], options: dict[str, str], name: str = "") -> str | bytes:
        """The rendered checklist; for json, one compact line (UTF-8) without the name (the
        writer adds row, id and name)."""
        if self.fmt == "json":
            return self.lines(decide(self.data, self.answers(raw, options), self.today, self.lang))
        key = (name, *sorted((k, str(v)) for k, v in raw.items()))
        hit = self.cache.get(key)
        if hit is not None:
            self.cache.move_to_end(key)
            return hit
        checklist = build_checklist(
            self.data, self.answers(raw, options), self.today, self.lang, with_summary=True, name=name or None
        )
        text: str | bytes
        if self.fmt in BINARY_FORMATS:
            text = render_bytes(checklist, self.fmt, width=self.width)
        else:
            text = render(checklist, self.fmt, width=self.width)
        self.cache[key] = text
        if len(self.cache) > CACHE_SIZE:
            self.cache.popitem(last=False)
        return text

    def answers(self, raw: dict[str, Any], options: dict[str, str]) -> dict[str, Any]:
        try:
            return self.normalise(raw, options)
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
    if same_file(out, input_path) or (errors_file is not None and same_file(errors_file, input_path)):
        raise UsageProblem("batch_out_is_input", path=str(out if same_file(out, input_path) else errors_file))
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

    def setup() -> tuple[Dataset, Callable[[], Iterator[tuple[int, dict[str, Any]]]], Renderer, RowTaker]:
        data = load_dataset(data_dir)
        gc.freeze()  # the data lives as long as the run: keep it out of every collection
        names = column_names(data)
        renderer = Renderer(data, day, lang, fmt_name, line_width)
        take = RowTaker(data, names, lang, table=input_path.suffix.lower() in TABLE_SUFFIXES)
        return data, lambda: read_rows(input_path, header_test(names), sheet), renderer, take

    def helper_work() -> Iterator[tuple[Any, ...]]:
        _, read, renderer, take = setup()
        return front(read(), take, renderer, lang)

    split = None
    if to_jsonl and not is_terminal(sys.stderr) and halves.available(input_path):
        split = halves.Split.begin(helper_work, lambda record: record[0] != WARNING)  # before the data is loaded
    stop = _StopFlag()
    try:
        data, read, renderer, take = setup()
        totals = _process(
            data, read, out, to_jsonl, fmt_name, renderer, take, force, errors, lang, stop, split, append, enc
        )
    finally:
        stop.restore()
        if split is not None:
            split.stop()
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


class RowTaker:
    """A roster row -> (row number, id, name, the answer cells by question id). The column
    mapping is extended as new columns appear; unknown ones are named once in `warnings`
    (the caller shows them)."""

    def __init__(self, data: Dataset, names: dict[str, str], lang: str, table: bool = False) -> None:
        self.question_ids = {q.id for q in data.questions}
        self.labels = column_labels(data, lang)  # a column the sheet lacks, as messages name it
        self.table = table  # a CSV or sheet: every row has the same columns
        zh = lang == "zh"
        heads = [ID_HEADERS[1] if zh else "id", NAME_HEADERS[1] if zh else NAME]
        self.allowed = ("、" if zh else ", ").join([*heads, *(q.label["zh" if zh else "en"] for q in data.questions)])
        self.columns: dict[str, str] = {}  # question id -> the sheet's column for it
        self.names, self.lang = names, lang
        self.mapping: dict[str, str] = {}
        self.options: dict[str, str] = {}  # question id -> the column naming it (for messages)
        self.warnings: list[str] = []
        self.answer_ids: tuple[str, ...] = ()  # the question ids of the answer columns, in column order
        self.answer_cells: Callable[[dict[str, Any]], tuple[Any, ...]] = _no_cells  # those columns' cells
        self.others: tuple[tuple[str, str], ...] = ()  # (column, role) of the id, name and row columns

    def see(self, values: dict[str, Any]) -> dict[str, str]:
        """The mapping, extended by the row's new columns."""
        mapping = self.mapping
        if not values.keys() <= mapping.keys():
            mapping = self.mapping = dict(mapping)
            unknown = []
            for column in values:
                if column not in mapping:
                    qid = mapping[column] = self.names.get(header_key(str(column)), "")
                    if not qid:
                        unknown.append(str(column))
            if unknown:
                columns = ", ".join(unknown)
                self.warnings.append(msg("batch_unknown_columns", self.lang, columns=columns, allowed=self.allowed))
            self.columns = {qid: col for col, qid in mapping.items() if qid in self.question_ids}
            self.options = {**self.labels, **self.columns}
            answers = [(col, qid) for col, qid in mapping.items() if qid in self.question_ids]
            self.answer_ids = tuple(qid for _, qid in answers)
            self.answer_cells = _cells(tuple(col for col, _ in answers))
            self.others = tuple((col, qid) for col, qid in mapping.items() if qid in _ROLES)
        return mapping

    def __call__(self, row: int, values: dict[str, Any]) -> tuple[int, str, str, dict[str, Any]]:
        mapping = self.see(values)
        if len(values) == len(mapping):  # every column known so far is in the row (a table's rows)
            raw = dict(zip(self.answer_ids, self.answer_cells(values)))  # noqa: B905 - same length
            cells = [(role, values[column]) for column, role in self.others]
        else:  # a JSON Lines or YAML row with some of the columns
            raw, cells = {}, []
            for column, value in values.items():
                qid = mapping[column]
                if qid in self.question_ids:
                    raw[qid] = value
                elif qid in _ROLES:
                    cells.append((qid, value))
        ident = name = ""
        for role, value in cells:
            text = "" if value is None else str(value).strip()
            if role == "id":
                ident = text
            elif role == NAME:
                name = text  # checked as --name is (check_name), with the row's other problems
            else:  # ROW
                row = row_number(text, row)  # a re-run of an --errors file keeps the numbers
        return row, ident, name, raw

    def check_columns(self, problem: GuideError) -> None:
        """A row misses an answer because the table has no such column at all: one error for the
        whole table (exit 2), not the same message on every row."""
        if not self.table or not isinstance(problem, RowProblems):
            return
        missing = missing_columns(problem.problems, self.columns, self.labels)
        if missing:
            raise UsageProblem("batch_missing_column", columns=("、" if self.lang == "zh" else ", ").join(missing))


TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
_ROLES = ("id", NAME, ROW)  # the columns that are not answers and are read


def _no_cells(values: dict[str, Any]) -> tuple[Any, ...]:
    return ()


def _cells(columns: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A getter of these columns' cells, as a tuple (itemgetter of one column gives the cell alone)."""
    if not columns:
        return _no_cells
    if len(columns) == 1:
        (column,) = columns
        return lambda values: (values[column],)
    return itemgetter(*columns)


Failure = tuple[int, dict[str, Any], str, str]  # row, its cells, message key, reason
# What the first half of a row's work gives the second (halves.py may make it in another process):
# (OK, the line's start up to `answers`, the answers, due, mask), (FAILED, *Failure) or (WARNING, text).
OK, FAILED, WARNING = 0, 1, 2


def front(
    rows: Iterator[tuple[int, dict[str, Any]]], take: RowTaker, renderer: Renderer, lang: str
) -> Iterator[tuple[Any, ...]]:
    """The rows' records: their columns, answers and the engine's choices (engine.choose)."""
    data, today = renderer.data, renderer.today
    opening = renderer.lines.head(lang, today)[1:]  # after the opening brace, which _line_head() writes
    for row, values in rows:
        if "__error__" in values:
            yield FAILED, row, values, "batch_row_bad", str(values["__error__"])
            continue
        row, ident, name, raw = take(row, values)
        if take.warnings:
            yield from ((WARNING, text) for text in take.warnings)
            take.warnings.clear()
        try:
            check_name(name)  # as --name: no control or bidi characters
            answers = renderer.answers(raw, take.options)
        except GuideError as exc:
            take.check_columns(exc)
            yield FAILED, row, values, "batch_row_failed", exc.render(lang, context="column")
            continue
        yield OK, _line_head(row, ident, name) + opening, answers, *choose(data, answers, today, lang)


def _process(
    data: Dataset,
    read: Callable[[], Iterator[tuple[int, dict[str, Any]]]],
    out: Path,
    to_jsonl: bool,
    fmt: str,
    renderer: Renderer,
    take: RowTaker,
    force: bool,
    errors: ErrorSheet,
    lang: str,
    stop: _StopFlag,
    split: halves.Split | None,
    append: bool = False,
    encoding: str = "utf-8",
) -> Totals:
    totals = Totals()
    progress = _Progress(lang) if is_terminal(sys.stderr) else None

    def fail(failure: Failure) -> None:
        row, values, key, reason = failure
        totals.failed += 1
        sys.stderr.write(msg(key, lang, row=row, reason=reason) + "\n")
        errors.add(row, values, reason)

    try:
        if to_jsonl:
            sink = _JsonlSink(out, force, append)
            try:
                _jsonl_rows(read, sink, take, renderer, lang, stop, progress, split, fail, totals)
                stop.check()
                if totals.written:
                    sink.commit()
            finally:
                sink.discard()  # nothing written: no empty file
        else:
            _file_rows(read(), out, fmt, take, renderer, force, lang, stop, progress, fail, totals, encoding)
    finally:
        if progress is not None:
            progress.stop()
    return totals


def _jsonl_rows(
    read: Callable[[], Iterator[tuple[int, dict[str, Any]]]],
    sink: _JsonlSink,
    take: RowTaker,
    renderer: Renderer,
    lang: str,
    stop: _StopFlag,
    progress: _Progress | None,
    split: halves.Split | None,
    fail: Callable[[Failure], None],
    totals: Totals,
) -> None:
    """JSON Lines, in the roster's order, from the rows' records: made here (front), or by a
    helper process (halves.py) as long as it runs, then here from the first row it did not give."""
    data, today, lines = renderer.data, renderer.today, renderer.lines
    done = 0  # rows handled

    def back(records: Iterator[tuple[Any, ...]]) -> None:
        nonlocal done
        for record in records:
            kind = record[0]
            if kind == WARNING:
                _warn(record[1], lang)
                continue
            stop.check()
            if progress is not None:
                progress.advance()
            done += 1
            if kind == FAILED:
                fail(record[1:])
                continue
            _, start, answers, due, mask = record
            rest = lines.rest(assemble(data, answers, today, lang, due, mask))
            sink.write([start, lines.answers(answers), *rest, b"\n"])
            totals.written += 1

    if split is not None:
        back(split.records())
        if not split.given_up:
            return
    rows = read()
    for _, values in itertools.islice(rows, done):  # what the helper gave: only its columns are learnt
        if "__error__" not in values:
            take.see(values)
    take.warnings.clear()
    back(front(rows, take, renderer, lang))


def _file_rows(
    rows: Iterator[tuple[int, dict[str, Any]]],
    out: Path,
    fmt: str,
    take: RowTaker,
    renderer: Renderer,
    force: bool,
    lang: str,
    stop: _StopFlag,
    progress: _Progress | None,
    fail: Callable[[Failure], None],
    totals: Totals,
    encoding: str = "utf-8",
) -> None:
    """One file per row into the folder `out`."""
    used_names: set[str] = set()
    made_folder = make_folder(out)
    remove_stale_temps(out)
    try:
        for row, values in rows:
            stop.check()
            if progress is not None:
                progress.advance()
            if "__error__" in values:
                fail((row, values, "batch_row_bad", str(values["__error__"])))
                continue
            row, ident, name, raw = take(row, values)
            for text in take.warnings:
                _warn(text, lang)
            take.warnings.clear()
            try:
                check_name(name)  # as --name: no control or bidi characters
                rendered = renderer(raw, take.options, name)
            except GuideError as exc:
                take.check_columns(exc)
                fail((row, values, "batch_row_failed", exc.render(lang, context="column")))
                continue
            if fmt == "json":
                doc = json.loads(rendered)
                rendered = json.dumps({**doc, **({"name": name} if name else {})}, ensure_ascii=False, indent=2) + "\n"
            stem = file_stem(ident, name, row, lang)
            file_name, n = stem, 2
            while file_name.lower() in used_names:
                file_name, n = f"{stem}-{n}", n + 1
            used_names.add(file_name.lower())
            path = out / (file_name + suffix_of(fmt))
            data = rendered if isinstance(rendered, bytes) else rendered.encode(encoding, errors="replace")
            if not write_new(path, data, force=force):
                totals.skipped += 1  # it exists (perhaps another run just wrote it): kept
                continue
            totals.written += 1
        stop.check()
    finally:
        if made_folder and not totals.written:
            with contextlib.suppress(OSError):
                out.rmdir()  # nothing written: no empty folder


def _line_head(row: int, ident: str, name: str) -> bytes:
    """A JSON line's first keys and the comma after them: json.dumps({"row": row, "id": ident,
    "name": name}, ensure_ascii=False)[:-1] + "," (id and name only when given)."""
    head = f'{{"row": {int(row)}'
    if ident:
        head += f', "id": {encode_basestring(ident)}'
    if name:
        head += f', "name": {encode_basestring(name)}'
    return (head + ",").encode()


class _JsonlSink:
    """JSON Lines into one atomic file (fileio.AtomicFile): renamed over the target only when complete."""

    def __init__(self, out: Path, force: bool, append: bool = False) -> None:
        remove_stale_temps(out.parent if str(out.parent) else Path("."), out.name)
        self.file = AtomicFile(out, force=force, exists_key="batch_out_exists", buffer=SINK_BUFFER, append=append)
        self.lines = 0

    def write(self, pieces: list[bytes]) -> None:
        self.file.write_all(pieces)
        self.lines += 1
        if not self.lines % SETTLE_LINES:
            self.file.settle()

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


def columns_help(lang: str, data_dir: str | None = None) -> str:
    """For `batch --help`: the columns read (header as the guide shows it, and its id) and an
    example row written with the guide's own labels; all from the data."""
    data = load_dataset(data_dir)
    zh = lang == "zh"
    label = "zh" if zh else "en"
    lines = [msg("batch_columns_help", lang), ""]
    lines.append(
        f"  {ID_HEADERS[1] if zh else ID_HEADERS[0]} (id)  ·  {NAME_HEADERS[1] if zh else NAME_HEADERS[0]} (name)"
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
