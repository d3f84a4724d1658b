"""What each command does, with plain arguments (the CLI layer only parses options)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.dataset import Dataset
from ..errors import ManyProblems, UsageProblem
from ..files.output import colour_wanted, emit, emit_bytes, open_file, stdout_is_terminal
from ..loading.loader import load_dataset
from .options import (
    check_choice,
    check_encoding,
    check_encoding_for,
    check_format,
    check_lang,
    check_name,
    check_today,
    check_width,
)


def collect_raw(data: Dataset, answers_file: Path | None, options: dict[str, Any]) -> dict[str, Any]:
    """Answers from the file (if any), overridden by the options that were given."""
    return collect(data, answers_file, options)[0]


def collect(data: Dataset, answers_file: Path | None, options: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """collect_raw, and the name the answers file gives (if any)."""
    raw: dict[str, Any] = {}
    name = None
    if answers_file is not None:
        from ..files.answerfile import read_answers

        found, name = read_answers(answers_file, data)
        raw.update(found)
    for key, value in options.items():
        if value is None or (isinstance(value, (list, tuple)) and not value):
            continue
        raw[key] = list(value) if isinstance(value, (list, tuple)) else value
    return raw, name


def run_checklist(
    *,
    options: dict[str, Any],
    answers_file: Path | None,
    name: str | None = None,
    fmt: str | None,
    lang: str,
    today: str | None,
    width: str | None,
    output: Path | None,
    force: bool,
    encoding: str | None,
    data_dir: str | None,
    plain: bool = False,
    open_after: bool = False,
) -> None:
    lang = check_lang(lang)
    day = check_today(today)
    holder = check_name(name)
    fmt_name = check_format(fmt, output)
    enc = check_encoding(encoding)
    check_encoding_for(enc, fmt_name)
    to_file = output is not None and str(output) != "-"
    if open_after and not to_file:
        raise UsageProblem("open_needs_file")
    if fmt_name in ("pdf", "escpos") and not to_file and stdout_is_terminal():
        raise UsageProblem(f"{fmt_name}_to_terminal")
    term_width = 32 if fmt_name == "escpos" else 80  # a receipt printer's paper (58 mm)
    if fmt_name == "rich" and output is None:
        import shutil

        term_width = shutil.get_terminal_size((80, 24)).columns
    line_width = check_width(width, term_width)
    data = load_dataset(data_dir)

    from ..core.answers import every_problem, normalise_answers
    from ..core.engine import build_checklist
    from ..render import FORMATS, render, render_bytes

    notes: list[tuple[str, dict[str, Any]]] = []
    raw, file_name = collect(data, answers_file, options)
    holder = holder or check_name(file_name)  # --name wins over the file's name
    try:
        answers = normalise_answers(data, raw, day, notes=notes)
    except UsageProblem:
        problems = every_problem(data, raw, day)
        if len(problems) > 1:  # all of them in one message, not one per run
            raise ManyProblems(problems) from None
        raise
    warn(notes, lang)
    checklist = build_checklist(data, answers, day, lang, name=holder)
    if FORMATS[fmt_name].binary:
        emit_bytes(render_bytes(checklist, fmt_name, width=line_width), output, force=force)
    else:
        color = fmt_name == "rich" and output is None and stdout_is_terminal() and colour_wanted(plain)
        emit(render(checklist, fmt_name, width=line_width, color=color), output, force=force, encoding=enc)
    if open_after and output is not None:
        open_file(output)


def warn(notes: list[tuple[str, dict[str, Any]]], lang: str) -> None:
    """Remarks about the answers (e.g. a place recognised by its province), one line each on stderr."""
    import sys

    from ..messages import msg

    for key, params in notes:
        sys.stderr.write(msg(key, lang, **params) + "\n")


LISTING_FORMATS = {"questions": ("table", "json"), "regions": ("table", "json"), "tree": ("mermaid", "dot")}


def run_listing(what: str, fmt: str, lang: str, data_dir: str | None) -> None:
    lang = check_lang(lang)
    value = check_choice(fmt, LISTING_FORMATS[what])
    data = load_dataset(data_dir)
    if what == "tree":
        from . import tree

        text = tree.mermaid(data, lang) if value == "mermaid" else tree.dot(data, lang)
    else:
        from . import listing

        text = (listing.render_questions if what == "questions" else listing.render_regions)(data, lang, value)
    emit(text, None)


def run_validate(lang: str, today: str | None, data_dir: str | None) -> int:
    """Print every problem as file:line: message; exit 1 when there is any, 0 when clean."""
    from ..files.output import write_stdout
    from ..loading.docs import data_roots
    from ..loading.validate import run_validation
    from ..messages import msg

    lang = check_lang(lang)
    day = check_today(today)
    roots = data_roots(data_dir)
    problems = run_validation(data_dir, day)
    for problem in problems:
        write_stdout(problem.render(lang) + "\n")
    if not problems:  # broken data may not load: the list of unconfirmed items needs it whole
        from ..loading.validate import unconfirmed_items

        weak = unconfirmed_items(data_dir)
        if weak:
            write_stdout(msg("validate_unconfirmed", lang, count=len(weak)) + "\n")
        for file, line, ident, sources in weak:
            where = f"{file}:{line}" if line else file
            text = msg("validate_unconfirmed_item", lang, where=where, id=ident, sources=", ".join(sources))
            write_stdout("  " + text + "\n")
    shown = " + ".join(str(r) for r in roots)
    write_stdout(
        msg("validate_problems" if problems else "validate_clean", lang, count=len(problems), roots=shown) + "\n"
    )
    return 1 if problems else 0
