"""`sbk-guide` with no command: ask, review, show the checklist, offer to save."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import Any

from ..core.answers import UNSURE, normalise_answers, option_name
from ..core.dataset import Dataset
from ..errors import GuideError, UsageProblem
from ..files.fileio import write_atomic
from ..files.output import is_terminal
from ..loading.loader import load_dataset
from ..messages import msg
from ..render import suffix_of
from .actions import collect_raw
from .flow import Guide, Prompter
from .options import check_lang, check_today


def numbered_mode(plain: bool) -> bool:
    return plain or os.environ.get("TERM", "") == "dumb"


def make_prompter(lang: str, plain: bool) -> Prompter:
    from ..files.output import colour_wanted
    from .prompts import NumberedPrompter, QuestionaryPrompter

    if numbered_mode(plain):
        numbered = NumberedPrompter(lang)
        # answers from a pipe (a script, a screen reader): places are typed by name, not picked by number
        numbered.can_complete = not is_terminal(sys.stdin)
        return numbered
    return QuestionaryPrompter(lang, color=colour_wanted(plain))


def equivalent_command(data: Dataset, answers: dict[str, Any], lang: str) -> str:
    """The `sbk-guide checklist ...` command that prints the same checklist."""
    parts = ["sbk-guide", "checklist"]
    for question in data.questions:
        qid = question.id
        if qid not in answers:
            continue
        value = answers[qid]
        if isinstance(value, list):
            if not value:
                continue
            value = ",".join(value)
        parts += [option_name(qid), str(value)]
    if lang == "en":
        parts += ["--lang", "en"]
    return " ".join(shlex.quote(p) for p in parts)


def run_interactive(
    *,
    lang: str,
    data_dir: str | None,
    answers_file: Path | None,
    save_answers: Path | None,
    today: str | None,
    plain: bool,
    force: bool,
    prompter: Prompter | None = None,
) -> None:
    lang = check_lang(lang)
    day = check_today(today)
    if prompter is None and not is_terminal(sys.stdin) and not plain:
        # the full-screen guide needs a terminal; numbered mode (--plain) also reads a pipe
        raise UsageProblem("no_terminal")
    if save_answers is not None and not force and save_answers.exists():
        raise UsageProblem("output_exists", path=str(save_answers))  # say so before any question
    data = load_dataset(data_dir)
    prefill: dict[str, Any] = {}
    if answers_file is not None:
        prefill = normalise_answers(data, collect_raw(data, answers_file, {}), day, require=False)
    p = prompter or make_prompter(lang, plain)
    p.show(msg("welcome_title", lang), "title")
    p.show(msg("welcome", lang), "help")

    answers = Guide(data, p, lang=lang, today=day).run(prefill)

    from ..core.engine import build_checklist
    from ..render import render

    checklist = build_checklist(data, answers, day, lang)
    p.page(checklist, plain)
    if save_answers is not None:
        from ..files.answerfile import save_answers as write_answers

        write_answers(save_answers, answers, data, force=force)
        p.show(msg("saved", lang, path=str(save_answers)), "ok")
    offer_saves(p, data, answers, checklist, lang, answers_saved=save_answers is not None, render=render)
    p.show("")
    p.show(msg("command_equivalent", lang))
    p.show(equivalent_command(data, answers, lang), "command")


SAVE_FORMATS = ("markdown", "json", "html")  # offered in this order; suffixes from render.SUFFIXES


def offer_saves(
    p: Prompter, data: Dataset, answers: dict[str, Any], checklist: Any, lang: str, *, answers_saved: bool, render: Any
) -> None:
    """A small menu: save the checklist (markdown, json, html) and the answers, until Done."""
    while True:
        choices = [("done", msg("save_done", lang))] + [(fmt, msg(f"save_{fmt}", lang)) for fmt in SAVE_FORMATS]
        if not answers_saved:
            choices.append(("answers", msg("save_answers", lang)))
        what = p.select(msg("save_question", lang), choices, default="done")
        if what == "done" or not isinstance(what, str):
            return
        suffix = suffix_of(what) if what in SAVE_FORMATS else ".yaml"
        stem = "sbk-answers" if what == "answers" else "sbk-checklist"
        default = f"{stem}-{checklist.today}{suffix}"

        def free(name: str) -> str | None:
            if not name.strip():
                return msg("save_filename", lang)
            path = Path(name.strip()).expanduser()
            if path.exists():
                return msg("output_exists", lang, path=str(path))
            if not path.parent.is_dir() and str(path.parent) not in ("", "."):
                return msg("output_dir_missing", lang, path=str(path), folder=str(path.parent))
            return None

        name = p.text(msg("save_filename", lang), free, default=default)
        if not isinstance(name, str):
            continue
        path = Path(name.strip()).expanduser()
        try:
            if what == "answers":
                from ..files.answerfile import save_answers

                save_answers(path, answers, data)
                answers_saved = True
            else:
                write_atomic(path, render(checklist, what).encode("utf-8"))
        except GuideError as exc:
            p.show(msg("error_prefix", lang) + exc.render(lang), "error")
            continue
        p.show(msg("saved", lang, path=str(path)), "ok")


__all__ = ["UNSURE", "equivalent_command", "run_interactive"]
