"""Command line: parse options, call actions, map errors to exit codes and one-line messages.

The commands are declared once, at module level; their options share the `Annotated`
aliases below. Help texts are keys into helptext.py, put in the user's language by
GuideGroup.main (the language is read from the arguments before parsing), which also
maps every error to one line and an exit code. Heavy modules are imported inside commands.
"""

import os
import sys
from pathlib import Path
from typing import Annotated, Any, List, Optional, Sequence

import typer
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import TyperException  # the base of the click errors typer raises (public)

from .. import __version__
from ..errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_USAGE, GuideError
from ..messages import guess_lang, msg
from .helptext import format_help, h

# Shared options, declared once. `help` holds a helptext key, translated at run time.
LangOpt = Annotated[Optional[str], typer.Option("--lang", metavar="zh|en", help="lang")]
DataDirOpt = Annotated[Optional[str], typer.Option("--data-dir", metavar="DIR", help="data_dir")]
TodayOpt = Annotated[Optional[str], typer.Option("--today", metavar="DATE", help="today")]
ForceOpt = Annotated[bool, typer.Option("--force", help="force")]
WidthOpt = Annotated[Optional[str], typer.Option("--width", metavar="N", help="width")]
FormatOpt = Annotated[Optional[str], typer.Option("--format", "-f", metavar="FORMAT", help="format")]
AnswersOpt = Annotated[Optional[Path], typer.Option("--answers", metavar="FILE", help="answers")]


def _one(flag: str, metavar: str, key: str) -> Any:
    return typer.Option(flag, metavar=metavar, help=key)


def translate_usage(exc: Any, lang: str) -> str:
    """click's usage errors (exit code 2), in the user's language. typer vendors click and
    exports none of these classes, so they are told apart by their public names."""
    import re

    kind = type(exc).__name__
    cmd = exc.ctx.command_path if exc.ctx is not None else "sbk-guide"
    if kind == "NoSuchOption":
        hint = ""
        if exc.possibilities:
            import difflib

            # the closest of click's possibilities (its order is lost in a set), not the first alphabetically
            names = list(exc.possibilities)
            best = (difflib.get_close_matches(exc.option_name, names, n=1, cutoff=0.0) or sorted(names))[0]
            hint = f"（您是不是想输入 {best}？）" if lang == "zh" else f" (did you mean {best}?)"
        return msg("no_such_option", lang, name=exc.option_name, hint=hint, cmd=cmd)
    if kind == "BadOptionUsage" and "requires an argument" in exc.message:
        return msg("option_needs_value", lang, name=exc.option_name)
    if kind == "MissingParameter":
        param = exc.param
        opts = list(getattr(param, "opts", None) or [])
        if opts and opts[0].startswith("-"):
            return msg("missing_option", lang, name=opts[0], cmd=cmd)
        name = (getattr(param, "metavar", None) or getattr(param, "name", None) or "?").upper()
        return msg("missing_argument", lang, name=name, cmd=cmd)
    text = exc.format_message()
    found = re.match(r"No such command '(.+?)'", text)
    if found:
        return msg("no_such_command", lang, name=found.group(1))
    found = re.match(r"Got unexpected extra arguments?(?:\(s\))? \((.+)\)", text)
    if found:
        return msg("extra_argument", lang, name=found.group(1), cmd=cmd)
    return msg("usage_generic", lang, reason=text.rstrip("."), cmd=cmd)


def _error_line(text: str, lang: str) -> None:
    sys.stderr.write(msg("error_prefix", lang) + text + "\n")
    sys.stderr.flush()


def _localise(command: Any, lang: str) -> None:
    """Help texts (declared as helptext keys) in `lang`, for a command and its options. The
    keys are kept beside the texts, so a command can be run again, in either language."""
    for thing in (command, *command.params):
        key = getattr(thing, "help_key", None) or getattr(thing, "help", None)
        if key:
            thing.help_key = key
            thing.help = h(key, lang)
    command.lang = lang


def _terminal_columns() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


class GuideCommand(TyperCommand):
    lang = "zh"

    def get_help_option(self, ctx: Any) -> Any:
        """typer's own --help option says "Show this message and exit." in English."""
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = h("help", self.lang)
        return option

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Our own help screen (helptext.format_help), in the user's language, fitted to the terminal."""
        formatter.write(format_help(self, ctx, self.lang, _terminal_columns()))


class BatchCommand(GuideCommand):
    """`batch --help` ends with the columns it reads and an example row, from the data."""

    def get_help(self, ctx: Any) -> str:
        from .batch import columns_help

        try:
            self.epilog = columns_help(self.lang, (ctx.find_root().params or {}).get("data_dir"))
        except GuideError:  # a broken --data-dir: the help still shows, without the columns
            self.epilog = None
        return str(super().get_help(ctx))


class GuideGroup(TyperGroup):
    """The one error wrapper: runs the app, turns every expected failure into one line and an exit code."""

    lang = "zh"

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = h("help", self.lang)
        return option

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(format_help(self, ctx, self.lang, _terminal_columns()))

    def main(  # type: ignore[override]
        self,
        args: Optional[Sequence[str]] = None,
        prog_name: Optional[str] = None,
        complete_var: Optional[str] = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = guess_lang(argv)
        _localise(self, lang)
        for command in self.commands.values():
            _localise(command, lang)
        try:
            result = super().main(
                args=argv, prog_name="sbk-guide", complete_var=complete_var, standalone_mode=False, **extra
            )
            code = result if isinstance(result, int) else 0
            if code == EXIT_INTERRUPTED:
                sys.stderr.write(msg("cancelled", lang) + "\n")
        except GuideError as exc:
            _error_line(exc.render(lang), lang)
            code = exc.exit_code
        except TyperException as exc:  # click's errors: bad usage (exit code 2) or another
            if getattr(exc, "exit_code", 1) != EXIT_USAGE:
                raise
            _error_line(translate_usage(exc, lang), lang)
            code = EXIT_USAGE
        except (typer.Abort, KeyboardInterrupt, EOFError):
            sys.stderr.write("\n" + msg("cancelled", lang) + "\n")
            code = EXIT_INTERRUPTED
        except BrokenPipeError:
            # the reader went away (e.g. `| head`): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            code = EXIT_FAILURE
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=GuideGroup,
    help="app",
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from ..loading.loader import load_dataset

        # the shipped data, or SBK_GUIDE_DATA's local folder laid over it
        sys.stdout.write(f"sbk-guide {__version__} (data {load_dataset().data_version})\n")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", "-V", help="version", callback=_version, is_eager=True)] = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
    answers: AnswersOpt = None,
    save_answers: Annotated[Optional[Path], _one("--save-answers", "FILE", "save_answers")] = None,
    today: TodayOpt = None,
    plain: Annotated[bool, typer.Option("--plain", help="plain")] = False,
    force: ForceOpt = False,
    name: Annotated[Optional[str], _one("--name", "TEXT", "name")] = None,
) -> None:
    """The interactive guide (no command); --lang and --data-dir here also apply to a command."""
    ctx.obj = {"lang": lang, "data_dir": data_dir}
    if ctx.invoked_subcommand is not None:
        return
    from .interactive import run_interactive

    run_interactive(
        lang=lang or _root_lang(ctx),
        data_dir=data_dir,
        answers_file=answers,
        save_answers=save_answers,
        today=today,
        plain=plain,
        force=force,
        name=name,
    )


def _root_lang(ctx: typer.Context) -> str:
    return str(getattr(ctx.find_root().command, "lang", "zh"))


def _lang(ctx: typer.Context, lang: Optional[str]) -> str:
    """--lang on the command, else on the root, else the language the messages use (SBK_GUIDE_LANG)."""
    return lang or (ctx.obj or {}).get("lang") or _root_lang(ctx)


def _data_dir(ctx: typer.Context, data_dir: Optional[str]) -> Optional[str]:
    return data_dir if data_dir is not None else (ctx.obj or {}).get("data_dir")


@app.command(cls=GuideCommand, help="checklist", no_args_is_help=False)
def checklist(
    ctx: typer.Context,
    card: Annotated[Optional[str], _one("--card", "CARD", "card")] = None,
    region: Annotated[Optional[str], _one("--region", "REGION", "region")] = None,
    insurance: Annotated[Optional[str], _one("--insurance", "TYPE", "insurance")] = None,
    need: Annotated[Optional[List[str]], _one("--need", "NEED", "need")] = None,
    received: Annotated[Optional[str], _one("--received", "DATE", "received")] = None,
    applicant: Annotated[Optional[str], _one("--applicant", "WHO", "applicant")] = None,
    in_person: Annotated[Optional[str], _one("--in-person", "ANSWER", "in_person")] = None,
    pin_changed: Annotated[Optional[str], _one("--pin-changed", "ANSWER", "pin_changed")] = None,
    problem: Annotated[Optional[List[str]], _one("--problem", "PROBLEM", "problem")] = None,
    id_document: Annotated[Optional[str], _one("--id-document", "DOCUMENT", "id_document")] = None,
    living_region: Annotated[Optional[str], _one("--living-region", "REGION", "living_region")] = None,
    name: Annotated[Optional[str], _one("--name", "TEXT", "name")] = None,
    answers: AnswersOpt = None,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
    today: TodayOpt = None,
    width: WidthOpt = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="output")] = None,
    force: ForceOpt = False,
    encoding: Annotated[Optional[str], _one("--encoding", "ENCODING", "encoding")] = None,
    open_after: Annotated[bool, typer.Option("--open", help="open")] = False,
    data_dir: DataDirOpt = None,
) -> None:
    from .actions import run_checklist

    run_checklist(
        options={
            "card": card,
            "region": region,
            "insurance": insurance,
            "needs": need,
            "received": received,
            "applicant": applicant,
            "in_person": in_person,
            "pin_changed": pin_changed,
            "problems": problem,
            "id_document": id_document,
            "living_region": living_region,
        },
        name=name,
        answers_file=answers,
        fmt=fmt,
        lang=_lang(ctx, lang),
        today=today,
        width=width,
        output=output,
        force=force,
        encoding=encoding,
        data_dir=_data_dir(ctx, data_dir),
        open_after=open_after,
    )


@app.command(cls=BatchCommand, help="batch")
def batch(
    ctx: typer.Context,
    input_file: Annotated[Path, typer.Argument(metavar="INPUT", help="batch_input")],
    out: Annotated[Path, typer.Option("--out", metavar="OUT", help="batch_out")],
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="FORMAT", help="batch_format")] = None,
    lang: LangOpt = None,
    today: TodayOpt = None,
    width: WidthOpt = None,
    force: ForceOpt = False,
    errors: Annotated[Optional[Path], _one("--errors", "FILE", "batch_errors")] = None,
    append: Annotated[bool, typer.Option("--append", help="batch_append")] = False,
    encoding: Annotated[Optional[str], _one("--encoding", "ENCODING", "encoding")] = None,
    sheet: Annotated[Optional[str], _one("--sheet", "NAME", "batch_sheet")] = None,
    data_dir: DataDirOpt = None,
) -> int:
    from .batch import run_batch

    return run_batch(
        input_path=input_file,
        out=out,
        fmt=fmt,
        lang=_lang(ctx, lang),
        today=today,
        width=width,
        force=force,
        errors_file=errors,
        data_dir=_data_dir(ctx, data_dir),
        append=append,
        sheet=sheet,
        encoding=encoding,
    )


ListFormatOpt = Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="list_format")]


@app.command(cls=GuideCommand, help="questions")
def questions(
    ctx: typer.Context, fmt: ListFormatOpt = "table", lang: LangOpt = None, data_dir: DataDirOpt = None
) -> None:
    from .actions import run_listing

    run_listing("questions", fmt, _lang(ctx, lang), _data_dir(ctx, data_dir))


@app.command(cls=GuideCommand, help="regions")
def regions(
    ctx: typer.Context, fmt: ListFormatOpt = "table", lang: LangOpt = None, data_dir: DataDirOpt = None
) -> None:
    from .actions import run_listing

    run_listing("regions", fmt, _lang(ctx, lang), _data_dir(ctx, data_dir))


@app.command(cls=GuideCommand, help="tree")
def tree(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="tree_format")] = "mermaid",
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    from .actions import run_listing

    run_listing("tree", fmt, _lang(ctx, lang), _data_dir(ctx, data_dir))


@app.command(cls=GuideCommand, help="validate")
def validate(ctx: typer.Context, lang: LangOpt = None, today: TodayOpt = None, data_dir: DataDirOpt = None) -> int:
    from .actions import run_validate

    return run_validate(_lang(ctx, lang), today, _data_dir(ctx, data_dir))


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Console-script entry point."""
    app(args=list(sys.argv[1:] if argv is None else argv), prog_name="sbk-guide")
