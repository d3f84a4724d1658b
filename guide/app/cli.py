"""Command line: parse options, call actions, map errors to exit codes and one-line messages.

The app is built in the user's language (help texts too): `--lang` is read from
the arguments before parsing. Heavy modules are imported inside commands.
"""

import os
import sys
from pathlib import Path
from typing import Any, List, Optional, Sequence

import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer >= 0.25 vendors click
    from typer._click import exceptions as _cx
except ImportError:  # pragma: no cover - older typer with click installed
    from click import exceptions as _cx  # type: ignore[no-redef,import-not-found,unused-ignore]

from .. import __version__
from ..errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_USAGE, GuideError
from ..messages import msg
from .helptext import h

LANG_ENV = "SBK_GUIDE_LANG"


def detect_lang(args: Sequence[str]) -> str:
    """The language the user asked for, read early so that errors and help use it."""
    lang = os.environ.get(LANG_ENV, "zh")
    for n, arg in enumerate(args):
        if arg == "--lang" and n + 1 < len(args):
            lang = args[n + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return "en" if lang.strip().lower().startswith("en") else "zh"


def _error_line(text: str, lang: str) -> None:
    sys.stderr.write(msg("error_prefix", lang) + text + "\n")
    sys.stderr.flush()


def translate_usage(exc: "_cx.UsageError", lang: str) -> str:
    """click's usage errors, in the user's language."""
    import re

    cmd = exc.ctx.command_path if exc.ctx is not None else "sbk-guide"
    if isinstance(exc, _cx.NoSuchOption):
        hint = ""
        if exc.possibilities:
            best = sorted(exc.possibilities)[0]
            hint = f"（您是不是想输入 {best}？）" if lang == "zh" else f" (did you mean {best}?)"
        return msg("no_such_option", lang, name=exc.option_name, hint=hint, cmd=cmd)
    if isinstance(exc, _cx.BadOptionUsage) and "requires an argument" in exc.message:
        return msg("option_needs_value", lang, name=exc.option_name)
    if isinstance(exc, _cx.MissingParameter):
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


def _localise_help(option: Any, text: str) -> Any:
    """typer's own --help option says "Show this message and exit." in English."""
    if option is not None and text:
        option.help = text
    return option


class GuideCommand(TyperCommand):
    help_text = ""  # set per language by make_app

    def get_help_option(self, ctx: Any) -> Any:
        return _localise_help(super().get_help_option(ctx), self.help_text)


class GuideGroup(TyperGroup):
    """Runs the app and turns every expected failure into one line and an exit code."""

    help_text = ""  # set per language by make_app

    def get_help_option(self, ctx: Any) -> Any:
        return _localise_help(super().get_help_option(ctx), self.help_text)

    def main(  # type: ignore[override]
        self,
        args: Optional[Sequence[str]] = None,
        prog_name: Optional[str] = None,
        complete_var: Optional[str] = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = detect_lang(argv)
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
        except _cx.UsageError as exc:
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


COMMANDS = ("checklist", "batch", "questions", "regions", "tree", "validate")


def make_app(lang: str = "zh", *, slim_root: bool = False) -> typer.Typer:
    """Build the typer app with help texts in `lang`.

    `slim_root`: the command line starts with a subcommand, so no option of the root
    (the interactive guide's) can appear; leaving them out saves typer building a
    pydantic adapter for each of them on every run (start-up is most of a CLI's cost)."""
    words = {"help_text": h("help", lang)}
    group_cls = type("GuideGroup", (GuideGroup,), words)
    command_cls = type("GuideCommand", (GuideCommand,), words)
    app = typer.Typer(
        cls=group_cls,
        help=h("app", lang),
        add_completion=False,
        no_args_is_help=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    def version_callback(value: bool) -> None:
        if value:
            from ..loading.loader import load_dataset

            # the shipped data, or SBK_GUIDE_DATA's local folder laid over it
            sys.stdout.write(f"sbk-guide {__version__} (data {load_dataset().data_version})\n")
            raise typer.Exit(0)

    if slim_root:

        @app.callback()
        def root_for_commands(ctx: typer.Context) -> None:
            ctx.obj = {}

    else:

        @app.callback(invoke_without_command=True)
        def root(
            ctx: typer.Context,
            version: bool = typer.Option(
                False, "--version", "-V", help=h("version", lang), callback=version_callback, is_eager=True
            ),
            lang_opt: Optional[str] = typer.Option(None, "--lang", metavar="zh|en", help=h("lang", lang)),
            data_dir: Optional[str] = typer.Option(None, "--data-dir", metavar="DIR", help=h("data_dir", lang)),
            answers: Optional[Path] = typer.Option(None, "--answers", metavar="FILE", help=h("answers", lang)),
            save_answers: Optional[Path] = typer.Option(
                None, "--save-answers", metavar="FILE", help=h("save_answers", lang)
            ),
            today: Optional[str] = typer.Option(None, "--today", metavar="DATE", help=h("today", lang)),
            plain: bool = typer.Option(False, "--plain", help=h("plain", lang)),
            force: bool = typer.Option(False, "--force", help=h("force", lang)),
        ) -> None:
            ctx.obj = {"lang": lang_opt, "data_dir": data_dir}
            if ctx.invoked_subcommand is not None:
                return
            from .interactive import run_interactive

            run_interactive(
                lang=lang_opt or lang,
                data_dir=data_dir,
                answers_file=answers,
                save_answers=save_answers,
                today=today,
                plain=plain,
                force=force,
            )

    def inherited(ctx: typer.Context, key: str, value: Optional[str]) -> Optional[str]:
        if value is not None:
            return value
        return (ctx.obj or {}).get(key)

    @app.command(cls=command_cls, help=h("checklist", lang), no_args_is_help=False)
    def checklist(
        ctx: typer.Context,
        card: Optional[str] = typer.Option(None, "--card", metavar="CARD", help=h("card", lang)),
        region: Optional[str] = typer.Option(None, "--region", metavar="REGION", help=h("region", lang)),
        insurance: Optional[str] = typer.Option(None, "--insurance", metavar="TYPE", help=h("insurance", lang)),
        need: Optional[List[str]] = typer.Option(None, "--need", metavar="NEED", help=h("need", lang)),
        received: Optional[str] = typer.Option(None, "--received", metavar="DATE", help=h("received", lang)),
        applicant: Optional[str] = typer.Option(None, "--applicant", metavar="WHO", help=h("applicant", lang)),
        in_person: Optional[str] = typer.Option(None, "--in-person", metavar="ANSWER", help=h("in_person", lang)),
        pin_changed: Optional[str] = typer.Option(None, "--pin-changed", metavar="ANSWER", help=h("pin_changed", lang)),
        problem: Optional[List[str]] = typer.Option(None, "--problem", metavar="PROBLEM", help=h("problem", lang)),
        answers: Optional[Path] = typer.Option(None, "--answers", metavar="FILE", help=h("answers", lang)),
        fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help=h("format", lang)),
        lang_opt: Optional[str] = typer.Option(None, "--lang", metavar="zh|en", help=h("lang", lang)),
        today: Optional[str] = typer.Option(None, "--today", metavar="DATE", help=h("today", lang)),
        width: Optional[str] = typer.Option(None, "--width", metavar="N", help=h("width", lang)),
        output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help=h("output", lang)),
        force: bool = typer.Option(False, "--force", help=h("force", lang)),
        encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENCODING", help=h("encoding", lang)),
        data_dir: Optional[str] = typer.Option(None, "--data-dir", metavar="DIR", help=h("data_dir", lang)),
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
            },
            answers_file=answers,
            fmt=fmt,
            lang=inherited(ctx, "lang", lang_opt) or lang,
            today=today,
            width=width,
            output=output,
            force=force,
            encoding=encoding,
            data_dir=inherited(ctx, "data_dir", data_dir),
        )

    @app.command(cls=command_cls, help=h("batch", lang))
    def batch(
        ctx: typer.Context,
        input_file: Path = typer.Argument(..., metavar="INPUT", help=h("batch_input", lang)),
        out: Path = typer.Option(..., "--out", metavar="OUT", help=h("batch_out", lang)),
        fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help=h("format", lang)),
        lang_opt: Optional[str] = typer.Option(None, "--lang", metavar="zh|en", help=h("lang", lang)),
        today: Optional[str] = typer.Option(None, "--today", metavar="DATE", help=h("today", lang)),
        width: Optional[str] = typer.Option(None, "--width", metavar="N", help=h("width", lang)),
        force: bool = typer.Option(False, "--force", help=h("force", lang)),
        errors: Optional[Path] = typer.Option(None, "--errors", metavar="FILE", help=h("batch_errors", lang)),
        data_dir: Optional[str] = typer.Option(None, "--data-dir", metavar="DIR", help=h("data_dir", lang)),
    ) -> int:
        from .batch import run_batch

        return run_batch(
            input_path=input_file,
            out=out,
            fmt=fmt,
            lang=inherited(ctx, "lang", lang_opt) or lang,
            today=today,
            width=width,
            force=force,
            errors_file=errors,
            data_dir=inherited(ctx, "data_dir", data_dir),
        )

    def listing(what: str, default_format: str, format_help: str) -> None:
        """questions, regions and tree: the same options, one command each."""

        def command(
            ctx: typer.Context,
            fmt: str = typer.Option(default_format, "--format", "-f", metavar="FORMAT", help=h(format_help, lang)),
            lang_opt: Optional[str] = typer.Option(None, "--lang", metavar="zh|en", help=h("lang", lang)),
            data_dir: Optional[str] = typer.Option(None, "--data-dir", metavar="DIR", help=h("data_dir", lang)),
        ) -> None:
            from .actions import run_listing

            run_listing(what, fmt, inherited(ctx, "lang", lang_opt) or lang, inherited(ctx, "data_dir", data_dir))

        app.command(cls=command_cls, name=what, help=h(what, lang))(command)

    listing("questions", "table", "list_format")
    listing("regions", "table", "list_format")
    listing("tree", "mermaid", "tree_format")

    @app.command(cls=command_cls, help=h("validate", lang))
    def validate(
        ctx: typer.Context,
        lang_opt: Optional[str] = typer.Option(None, "--lang", metavar="zh|en", help=h("lang", lang)),
        today: Optional[str] = typer.Option(None, "--today", metavar="DATE", help=h("today", lang)),
        data_dir: Optional[str] = typer.Option(None, "--data-dir", metavar="DIR", help=h("data_dir", lang)),
    ) -> int:
        from .actions import run_validate

        return run_validate(inherited(ctx, "lang", lang_opt) or lang, today, inherited(ctx, "data_dir", data_dir))

    return app


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Console-script entry point."""
    args = list(sys.argv[1:] if argv is None else argv)
    slim = bool(args) and args[0] in COMMANDS
    make_app(detect_lang(args), slim_root=slim)(args=args, prog_name="sbk-guide")
