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
from ..files.fileio import check_folder, write_atomic
from ..files.output import is_terminal
from ..loading.loader import load_dataset
from ..messages import msg
from ..render import suffix_of
from .actions import collect
from .flow import Guide, Prompter
from .options import check_lang, check_name, check_today


def numbered_mode(plain: bool) -> bool:
    return plain or os.environ.get("TERM", "") == "dumb"


def make_prompter(lang: str, plain: bool) -> Prompter:
    from ..files.output import colour_wanted
    from .prompts import NumberedPrompter, QuestionaryPrompter

    if numbered_mode(plain):
        numbered = NumberedPrompter(lang)
        # answers from a pipe (a script, a screen reader): places are typed by name, not picked by number
        numbered.can_complete = not is_terminal(sys.stdin)
        numbered.piped = not is_terminal(sys.stdin)  # an early end or a bad answer: exit 2, naming the question
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
    name: str | None = None,
) -> None:
    lang = check_lang(lang)
    day = check_today(today)
    holder = check_name(name)  # --name: on the sheet and in the saved answers
    if prompter is None and not is_terminal(sys.stdin) and not plain:
        # the full-screen guide needs a terminal; numbered mode (--plain) also reads a pipe
        raise UsageProblem("no_terminal")
    if save_answers is not None and not force and save_answers.exists():
        raise UsageProblem("output_exists", path=str(save_answers))  # say so before any question
    if save_answers is not None:
        check_folder(save_answers)  # a folder that is not there: said before the interview, not after
    data = load_dataset(data_dir)
    prefill: dict[str, Any] = {}
    if answers_file is not None:
        found, file_name = collect(data, answers_file, {})
        prefill = normalise_answers(data, found, day, require=False)
        holder = holder or check_name(file_name)
    p = prompter or make_prompter(lang, plain)
    p.show(msg("welcome_title", lang), "title")
    p.show(msg("welcome", lang), "help")

    guide = Guide(data, p, lang=lang, today=day)
    from ..core.engine import build_checklist, next_question

    try:
        answers = guide.run(prefill)
    except KeyboardInterrupt:
        # Ctrl-C at the review: every answer is given, so offer to keep them before leaving
        if guide.answers and next_question(data, guide.answers) is None:
            p.show("")
            p.show(msg("interrupted_save", lang), "help")
            checklist = build_checklist(data, guide.answers, day, lang, name=holder)
            offer_saves(p, data, guide.answers, checklist, lang, answers_saved=False)
        raise

    checklist = build_checklist(data, answers, day, lang, name=holder)
    p.page(checklist, plain)
    if save_answers is not None:
        from ..files.answerfile import save_answers as write_answers

        write_answers(save_answers, answers, data, force=force, name=holder)
        p.show(msg("saved", lang, path=str(save_answers)), "ok")
    offer_saves(p, data, answers, checklist, lang, answers_saved=save_answers is not None)
    p.show("")
    p.show(msg("command_equivalent", lang))
    p.show(equivalent_command(data, answers, lang), "command")


def offer_saves(
    p: Prompter, data: Dataset, answers: dict[str, Any], checklist: Any, lang: str, *, answers_saved: bool
) -> None:
    """A small menu, until Done: save the checklist (in a file format of render.FORMATS, asked next)
    or the answers (YAML). Each file gets a suggested name with the right ending."""
    while True:
        choices = [("done", msg("save_done", lang)), ("checklist", msg("save_checklist", lang))]
        if not answers_saved:
            choices.append(("answers", msg("save_answers", lang)))
        what = p.select(msg("save_question", lang), choices, default="done")
        if what == "done" or not isinstance(what, str):
            return
        fmt = "answers"
        if what == "checklist":
            fmt = p.select(msg("save_format_question", lang), format_choices(lang), default="html", back=True)
            if not isinstance(fmt, str):  # back to the menu
                continue
        path = ask_file_name(p, data, answers, checklist, lang, fmt)
        if path is None:
            continue
        target, replace = path
        try:
            if fmt == "answers":
                from ..files.answerfile import save_answers

                save_answers(target, answers, data, force=replace, name=getattr(checklist, "name", None))
                answers_saved = True
            else:
                from ..render import render_bytes

                content = render_bytes(checklist, fmt)  # first: a PDF may fail without a browser
                write_atomic(target, content, force=replace)  # an AtomicFile: never half a file
        except GuideError as exc:
            p.show(msg("error_prefix", lang) + exc.render(lang), "error")
            continue
        p.show(msg("saved", lang, path=str(target)), "ok")


def format_choices(lang: str) -> list[tuple[str, str]]:
    """The file formats of render.FORMATS, each with its label and the ending it is written with."""
    from ..render import FILE_FORMATS, format_label

    def label(fmt: str) -> str:
        text = format_label(fmt, lang)
        return f"{text}（{suffix_of(fmt)}）" if lang == "zh" else f"{text} ({suffix_of(fmt)})"

    return [(fmt, label(fmt)) for fmt in FILE_FORMATS]


ANSWERS_SUFFIXES = (".yaml", ".yml")


def endings(fmt: str) -> tuple[str, ...]:
    """The file name endings a format may be saved under (the first is suggested)."""
    from ..render import FORMATS

    return ANSWERS_SUFFIXES if fmt == "answers" else FORMATS[fmt].suffixes or (FORMATS[fmt].written,)


def suggested_name(data: Dataset, answers: dict[str, Any], checklist: Any, lang: str, fmt: str) -> str:
    """A file name that says what it is: the holder's name or the place, what, the date;
    `-2`, `-3` … when that file is already there."""
    from .batch import safe_name

    rid = str(answers.get("region") or "national")
    place = "" if rid == "national" else data.regions[rid].short if lang == "zh" else rid.split("/")[-1]
    who = safe_name(getattr(checklist, "name", None) or "") or safe_name(place)
    stem = "-".join(part for part in (who, msg(f"save_stem_{fmt if fmt == 'answers' else 'checklist'}", lang)) if part)
    suffix = endings(fmt)[0]
    name = f"{stem}-{checklist.today}{suffix}"
    n = 2
    while Path(name).exists():
        name, n = f"{stem}-{checklist.today}-{n}{suffix}", n + 1
    return name


def ask_file_name(
    p: Prompter, data: Dataset, answers: dict[str, Any], checklist: Any, lang: str, fmt: str
) -> tuple[Path, bool] | None:
    """The file to write and whether to replace it (asked, never an option to add), or None
    to go back to the menu. A name without an ending gets the format's; a wrong ending is
    refused next to the prompt."""
    from ..render import format_of

    suffixes = endings(fmt)
    default = suggested_name(data, answers, checklist, lang, fmt)

    def complete(name: str) -> Path:
        path = Path(name.strip()).expanduser()
        return path if path.suffix else path.with_name(path.name + suffixes[0])

    def check(name: str) -> str | None:
        if not name.strip():
            return msg("save_name_empty", lang)
        path = complete(name)
        ending = ".yaml" if path.name.lower().endswith(ANSWERS_SUFFIXES) else format_of(path.name)
        if not path.name.lower().endswith(suffixes) or (fmt != "answers" and ending != fmt):
            return msg("save_wrong_suffix", lang, name=name.strip(), suffix=suffixes[0])
        if path.is_dir():
            return msg("file_is_dir", lang, path=str(path))
        folder = path.parent
        if str(folder) not in ("", ".") and not folder.is_dir():
            return msg("output_dir_missing", lang, path=str(path), folder=str(folder))
        return None

    while True:
        hint = msg("save_name_hint", lang, name=default, suffix=suffixes[0])
        name = p.text(msg("save_filename", lang), check, default=default, back=True, hint=hint, keep_hint="")
        if not isinstance(name, str):
            return None
        path = complete(name)
        if not (path.exists() or path.is_symlink()):
            return path, False
        replace = p.select(
            msg("save_exists_question", lang, path=str(path)),
            [("no", msg("save_replace_no", lang)), ("yes", msg("save_replace_yes", lang))],
            default="no",
        )
        if replace == "yes":
            return path, True
        default = suggested_name(data, answers, checklist, lang, fmt)


__all__ = ["UNSURE", "equivalent_command", "run_interactive"]
