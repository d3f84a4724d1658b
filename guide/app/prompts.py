"""Terminal prompts. The only module that imports questionary.

Two prompters with one interface (flow.Prompter):
- `QuestionaryPrompter`: arrow keys, type-to-filter, checkboxes (questionary);
- `NumberedPrompter`: type 1, 2, 3 and Enter; no cursor movement, no colour.
  Used with --plain or TERM=dumb: screen readers, old terminals, serial consoles.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any, TextIO

from ..core.model import Checklist
from ..errors import piped_problem
from ..messages import msg
from .flow import BACK, Choices, Typed

_BACK_VALUE = "__back__"
_STYLES = {"help": "dim", "title": "bold", "error": "bold red", "ok": "green"}
_ANSI = {"dim": "\x1b[2m", "bold": "\x1b[1m", "bold red": "\x1b[1;31m", "green": "\x1b[32m"}  # the same, without rich


class QuestionaryPrompter:
    can_complete = True

    def __init__(
        self, lang: str, *, color: bool = True, input: Any = None, output: Any = None, console: Any = None
    ) -> None:
        self.lang = lang
        self.color = color
        self.io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}
        # a rich Console given by the caller (tests); else one is made when the checklist is shown:
        # rich costs ~30 ms to import, and the lines before it are written here (_ANSI)
        self.console = console

    @property
    def width(self) -> int:
        if self.console is not None:
            return int(self.console.width)
        import shutil

        return shutil.get_terminal_size((80, 24)).columns

    def show(self, text: str, style: str = "") -> None:
        from ..render.wrap import wrap_styled

        if style == "command":  # to be copied: never wrapped
            self._write([(text, "")], styled=False)
            return
        # wrapped here, by display width with Chinese line-breaking rules (rich breaks only at spaces)
        for line in wrap_styled([(text, _STYLES.get(style, ""))], max(20, self.width)):
            self._write(line, styled=True)

    def _write(self, line: list[tuple[str, str]], *, styled: bool) -> None:
        if self.console is not None:
            from ..render.rich_out import print_line

            if styled:
                print_line(self.console, line)
            else:
                self.console.print("".join(piece for piece, _ in line), soft_wrap=True, markup=False, highlight=False)
            return
        from ..render.wrap import runs

        codes = [(piece, _ANSI.get(style, "") if self.color and styled else "") for piece, style in runs(line)]
        text = "".join(f"{code}{piece}\x1b[0m" if code else piece for piece, code in codes)
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def page(self, checklist: Checklist, plain: bool) -> None:
        from ..files.output import colour_wanted
        from ..render.rich_out import render_rich

        if self.console is None:
            from rich.console import Console

            self.console = Console(no_color=not self.color, highlight=False, emoji=False)
        color = self.console.is_terminal and colour_wanted(plain)
        self.console.file.write(render_rich(checklist, width=self.console.width, color=color))

    def _fit(self, label: str, indent: int) -> str:
        """A choice's label wrapped by display width to the screen, its further lines under its
        first word (prompt_toolkit would cut a long line at the edge, without even a "…")."""
        from ..render.wrap import wrap

        pad = " " * indent
        lines = wrap(label, max(indent + 10, self.width - 1), pad, pad)
        return "\n".join(line[indent:] if n == 0 else line for n, line in enumerate(lines))

    def _ask_line(self, message: str) -> str:
        """The question wrapped after questionary's "? ", so that it breaks between words."""
        return self._fit(message, 2)

    def _echo(self, message: str, answer: str) -> None:
        """The question and its answer, as questionary leaves them after a question, but with the
        answer in the user's words (questionary echoes a list as "done (2 selections)" in English),
        wrapped by display width. questionary has no option for its echo: the question draws
        nothing once done (_hide_when_done) and this line is printed in its place."""
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText
        from prompt_toolkit.styles import merge_styles
        from questionary.constants import DEFAULT_STYLE

        style = merge_styles([DEFAULT_STYLE, self._style()]) if self._style() is not None else DEFAULT_STYLE
        tokens = FormattedText(_wrapped_echo(message, answer, self.width))
        print_formatted_text(tokens, style=style, output=self.io.get("output"))

    def _style(self) -> Any:
        if self.color:
            return None
        from questionary import Style

        return Style(
            [
                ("qmark", "noinherit"),
                ("question", "noinherit"),
                ("answer", "noinherit"),
                ("pointer", "noinherit reverse"),
                ("highlighted", "noinherit reverse"),
                ("selected", "noinherit"),
                ("instruction", "noinherit"),
            ]
        )

    def select(
        self,
        message: str,
        choices: Choices,
        *,
        default: str | None = None,
        back: bool = False,
        searchable: bool = False,
    ) -> Any:
        import questionary

        items = [questionary.Choice(title=self._fit(label, 3), value=value) for value, label in choices]
        if back:
            items.append(questionary.Choice(title=msg("back", self.lang), value=_BACK_VALUE))
        self.show(msg("select_hint_search" if searchable else "select_hint", self.lang), "help")
        question = questionary.select(
            self._ask_line(message),
            items,
            default=default if default in {v for v, _ in choices} else None,
            use_search_filter=searchable,
            use_jk_keys=not searchable,
            instruction=" ",
            style=self._style(),
            **self.io,
        )
        _hide_when_done(question)
        labels = dict(choices, **{_BACK_VALUE: msg("back", self.lang)})
        answer = _ask(question)
        self._echo(message, labels.get(answer, ""))
        return BACK if answer == _BACK_VALUE else answer

    def checkbox(
        self, message: str, choices: Choices, *, checked: list[str], back: bool = False, minimum: int = 0
    ) -> Any:
        """Ticks start at the earlier answer; Enter on "back" goes back (no Space needed)."""
        import questionary

        items = [
            questionary.Choice(title=self._fit(label, 5), value=value, checked=value in checked)
            for value, label in choices
        ]
        if back:
            items.append(questionary.Choice(title=msg("back", self.lang), value=_BACK_VALUE))

        def validate(selected: list[str]) -> Any:
            if _BACK_VALUE in selected or len(selected) >= minimum:
                return True
            return msg("numbered_too_few", self.lang)

        self.show(msg("checkbox_hint", self.lang), "help")
        question = questionary.checkbox(
            self._ask_line(message),
            items,
            validate=validate,
            instruction=" ",
            style=self._style(),
            **self.io,
        )
        _hide_when_done(question)
        ic = _list_control(question)
        if back and ic is not None:
            from prompt_toolkit.filters import Condition
            from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

            bindings = KeyBindings()

            @bindings.add("c-m", eager=True, filter=Condition(lambda: ic.get_pointed_at().value == _BACK_VALUE))
            def _back(event: Any) -> None:
                ic.is_answered = True
                event.app.exit(result=[_BACK_VALUE])

            application = question.application
            application.key_bindings = merge_key_bindings([application.key_bindings or KeyBindings(), bindings])
        answer = _ask(question)
        if _BACK_VALUE in answer:
            self._echo(message, msg("back", self.lang))
            return BACK
        said = [label for value, label in choices if value in answer]
        self._echo(message, msg("list_sep", self.lang).join(said) or msg("none_in_section", self.lang))
        return answer

    def text(
        self,
        message: str,
        validate: Callable[[str], str | None],
        *,
        default: str = "",
        back: bool = False,
        hint: str = "",
        keep_hint: str | None = None,
    ) -> Any:
        return self._typed(message, validate, None, default=default, back=back, hint=hint, keep_hint=keep_hint)

    def complete(
        self,
        message: str,
        words: list[str],
        validate: Callable[[str], str | None],
        *,
        default: str = "",
        back: bool = False,
        hint: str = "",
    ) -> Any:
        """Free text with completion (matches anywhere in the word, Chinese or pinyin)."""
        return self._typed(message, validate, words, default=default, back=back, hint=hint)

    def _typed(
        self,
        message: str,
        validate: Callable[[str], str | None],
        words: list[str] | None,
        *,
        default: str,
        back: bool,
        hint: str,
        keep_hint: str | None = None,
    ) -> Any:
        """A typed answer. The hint stands on its own line above the prompt; the earlier answer
        is shown in grey and kept by Enter (typing replaces it); a wrong answer is said on the
        line below the prompt once Enter is pressed (not while typing), and asked again."""
        import questionary

        keep = (msg("keep_hint", self.lang) if keep_hint is None else keep_hint) if default else ""
        for line in (hint, msg("back_hint", self.lang) if back else "", keep):
            if line:
                self.show(line, "help")
        from ..render.wrap import width

        asked = self._ask_line(message)
        if self.width - width("? " + asked.split("\n")[-1] + " ") < 20:
            asked += "\n "  # too little room after the question: the answer is typed on its own line
        typed = ""
        while True:
            options: dict[str, Any] = {"default": typed, "style": self._style(), **self.io}
            if default and not typed:
                options["placeholder"] = [("class:placeholder fg:ansibrightblack", default)]
            if words is None:
                question = questionary.text(asked, **options)
            else:
                question = questionary.autocomplete(asked, choices=words, match_middle=True, **options)
            answer = _ask(question).strip()
            if back and answer == "<":
                return BACK
            if not answer and default:
                return default
            problem = validate(answer)
            if problem is None:
                return answer
            self.show(problem, "error")
            typed = answer


def _hide_when_done(question: Any) -> None:
    """Draw nothing of the question once it is answered (questionary's own echo of the answer
    is English: "done (2 selections)"); Prompter._echo then prints the question and the answer
    in the user's words. prompt_toolkit's public layout API: the question's layout, shown only
    while it is not done."""
    from prompt_toolkit.filters import is_done
    from prompt_toolkit.layout import ConditionalContainer, Layout

    application = question.application
    application.layout = Layout(ConditionalContainer(application.layout.container, filter=~is_done))


def _list_control(question: Any) -> Any:
    """The list of choices of a questionary select or checkbox (None if it lays its screen out otherwise)."""
    from questionary.prompts.common import InquirerControl

    controls = question.application.layout.find_all_controls()
    return next((c for c in controls if isinstance(c, InquirerControl)), None)


def _wrapped_echo(message: str, answer: str, width: int) -> list[tuple[str, str]]:
    """ "? question answer", wrapped between words to `width` columns (lines after the first
    start under the question)."""
    from ..render.wrap import wrap_styled

    lines = wrap_styled([(message, "class:question"), (" ", ""), (answer, "class:answer")], max(12, width - 1), "  ")
    tokens: list[tuple[str, str]] = [("class:qmark", "?")]
    for n, line in enumerate(lines):
        if n:
            tokens.append(("", "\n"))
        pieces = line[1:] if n == 0 else line  # the first line's "  " becomes "? "
        tokens += [("", " ")] if n == 0 else []
        tokens += [(style, text) for text, style in pieces]
    return tokens


def _ask(question: Any) -> Any:
    """Ask, with Ctrl-D leaving like Ctrl-C (lists do not bind it themselves)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()

    @bindings.add("c-d", eager=True)
    def _leave(event: Any) -> None:
        event.app.exit(exception=EOFError(), style="class:aborting")

    application = question.application
    application.key_bindings = merge_key_bindings([application.key_bindings, bindings])
    return question.unsafe_ask()


LONG_LIST = 12  # choices after which a numbered list repeats its question below it


class NumberedPrompter:
    """Plain numbered questions read line by line: works without arrow keys or colour."""

    can_complete = False

    def __init__(self, lang: str, *, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.lang = lang
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.piped = False  # answers from a pipe: an end or an answer that does not fit is an error (exit 2)
        self.asking = ""  # the question being asked, for that error

    def show(self, text: str, style: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def page(self, checklist: Checklist, plain: bool) -> None:
        from ..render import render

        self.stdout.write(render(checklist, "text", width=80))

    def complete(
        self,
        message: str,
        words: list[str],
        validate: Callable[[str], str | None],
        *,
        default: str = "",
        back: bool = False,
        hint: str = "",
    ) -> Any:
        """No completion without a cursor: plain text, checked the same way."""
        return self.text(message, validate, default=default, back=back, hint=hint)

    def _read(self, prompt: str) -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            if self.piped:
                raise piped_problem(self.asking)
            raise EOFError
        return line.strip()

    def _bad(self, text: str, entry: str) -> None:
        """An answer that does not fit: said, and asked again; from a pipe, an error naming the question."""
        if self.piped:
            raise piped_problem(self.asking, entry, text)
        self.show(text)

    def _list(self, message: str, choices: Choices, back: bool, marks: set[str] | None = None) -> None:
        self.asking = message
        self.show(message)
        if marks is not None:
            self.show(msg("numbered_marks", self.lang))
        for n, (value, label) in enumerate(choices, 1):
            mark = ("[x] " if value in marks else "[ ] ") if marks is not None else ""
            self.show(f"  {n}) {mark}{label}")
        if back:
            self.show(f"  0) {msg('back', self.lang)}")
        if len(choices) > LONG_LIST:  # the question has scrolled away: say it again below the list
            self.show(message)

    def select(
        self,
        message: str,
        choices: Choices,
        *,
        default: str | None = None,
        back: bool = False,
        searchable: bool = False,
    ) -> Any:
        self._list(message, choices, back)
        labels = dict(choices)
        suffix = f"（{msg('numbered_default', self.lang, value=labels[default])}）" if default in labels else ""
        while True:
            entry = self._read(f"{msg('numbered_pick', self.lang)}{suffix}: ")
            if not entry and default in labels:
                return default
            if back and entry == "0":
                return BACK
            if entry.isdigit() and 1 <= int(entry) <= len(choices):
                return choices[int(entry) - 1][0]
            named = _by_name(choices, entry)
            if named is not None:  # a typed id or label works as well as its number
                return named
            if searchable and entry:
                return Typed(entry)  # a place name: the guide resolves it
            self._bad(msg("numbered_bad", self.lang), entry)

    def checkbox(
        self, message: str, choices: Choices, *, checked: list[str], back: bool = False, minimum: int = 0
    ) -> Any:
        self._list(message, choices, back, marks=set(checked))
        key = "numbered_many_none" if minimum == 0 else "numbered_many"
        while True:
            entry = self._read(f"{msg(key, self.lang)}: ").replace("，", ",").replace("、", ",")
            if back and entry == "0":
                return BACK
            if not entry and checked:
                return list(checked)
            parts = [p.strip() for p in entry.split(",") if p.strip()]
            values = [
                choices[int(p) - 1][0] if p.isdigit() and 1 <= int(p) <= len(choices) else _by_name(choices, p)
                for p in parts
            ]
            if None in values:
                self._bad(msg("numbered_bad", self.lang), entry)
                continue
            picked = set(values)
            if len(picked) < minimum:
                self._bad(msg("numbered_too_few", self.lang), entry)
                continue
            return [value for value, _ in choices if value in picked]

    def text(
        self,
        message: str,
        validate: Callable[[str], str | None],
        *,
        default: str = "",
        back: bool = False,
        hint: str = "",
        keep_hint: str | None = None,
    ) -> Any:
        self.asking = message
        self.show(message)
        if hint:
            self.show(f"（{hint}）" if self.lang == "zh" else f"({hint})")
        if default and keep_hint is None:
            self.show(msg("numbered_default", self.lang, value=default))
        if back:
            self.show(msg("back_hint", self.lang))
        while True:
            entry = self._read("> ")
            if not entry and default:
                entry = default
            if back and entry == "<":
                return BACK
            problem = validate(entry)
            if problem is None:
                return entry
            self._bad(problem, entry)


def _by_name(choices: Choices, entry: str) -> str | None:
    """The choice a typed id or label names (its label without the part in brackets too), or None."""
    key = entry.strip().lower()
    if not key:
        return None
    for value, label in choices:
        if key in (str(value).lower(), str(label).lower(), re.split(r"[（(]", str(label))[0].strip().lower()):
            return str(value)
    return None
