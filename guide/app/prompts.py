"""Terminal prompts. The only module that imports questionary.

Two prompters with one interface (flow.Prompter):
- `QuestionaryPrompter`: arrow keys, type-to-filter, checkboxes (questionary);
- `NumberedPrompter`: type 1, 2, 3 and Enter; no cursor movement, no colour.
  Used with --plain or TERM=dumb: screen readers, old terminals, serial consoles.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

from ..core.model import Checklist
from ..messages import msg
from .flow import BACK, Choices

_BACK_VALUE = "__back__"


class QuestionaryPrompter:
    can_complete = True

    def __init__(
        self, lang: str, *, color: bool = True, input: Any = None, output: Any = None, console: Any = None
    ) -> None:
        from rich.console import Console

        self.lang = lang
        self.color = color
        self.io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}
        self.console = console or Console(no_color=not color, highlight=False, emoji=False)

    def show(self, text: str, style: str = "") -> None:
        from ..render.rich_out import print_line
        from ..render.wrap import wrap_styled

        styles = {"help": "dim", "title": "bold", "error": "bold red", "ok": "green"}
        if style == "command":  # to be copied: never wrapped
            self.console.print(text, soft_wrap=True, markup=False, highlight=False)
            return
        # wrapped here, by display width with Chinese line-breaking rules (rich breaks only at spaces)
        for line in wrap_styled([(text, styles.get(style, ""))], max(20, self.console.width)):
            print_line(self.console, line)

    def page(self, checklist: Checklist, plain: bool) -> None:
        from ..files.output import colour_wanted
        from ..render.rich_out import render_rich

        color = self.console.is_terminal and colour_wanted(plain)
        self.console.file.write(render_rich(checklist, width=self.console.width, color=color))

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

        items = [questionary.Choice(title=label, value=value) for value, label in choices]
        if back:
            items.append(questionary.Choice(title=msg("back", self.lang), value=_BACK_VALUE))
        instruction = msg("select_hint_search" if searchable else "select_hint", self.lang)
        answer = _ask(
            questionary.select(
                message,
                items,
                default=default if default in {v for v, _ in choices} else None,
                use_search_filter=searchable,
                use_jk_keys=not searchable,
                instruction=instruction,
                style=self._style(),
                **self.io,
            )
        )
        return BACK if answer == _BACK_VALUE else answer

    def checkbox(
        self, message: str, choices: Choices, *, checked: list[str], back: bool = False, minimum: int = 0
    ) -> Any:
        import questionary

        items = [questionary.Choice(title=label, value=value, checked=value in checked) for value, label in choices]
        if back:
            items.append(questionary.Choice(title=msg("back", self.lang), value=_BACK_VALUE))

        def validate(selected: list[str]) -> Any:
            if _BACK_VALUE in selected or len(selected) >= minimum:
                return True
            return msg("numbered_too_few", self.lang)

        answer = _ask(
            questionary.checkbox(
                message,
                items,
                validate=validate,
                instruction=msg("checkbox_hint", self.lang),
                style=self._style(),
                **self.io,
            )
        )
        if _BACK_VALUE in answer:
            return BACK
        if len(answer) != 1:  # one choice is echoed as its label; none or several as English words
            labels = dict(choices)
            said = msg("list_sep", self.lang).join(labels[v] for v in answer) or msg("none_in_section", self.lang)
            self._restate(message, "done" if not answer else f"done ({len(answer)} selections)", said)
        return answer

    def _restate(self, message: str, english: str, said: str) -> None:
        """Replace questionary's English echo of a checkbox answer ("done (2 selections)")
        with the chosen labels in the user's language. Only on a real terminal: the echo
        is erased with cursor movements, so its height must be known."""
        from ..files.output import stdout_is_terminal

        if self.io or not stdout_is_terminal():
            return
        import shutil

        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        from ..render.wrap import width

        columns = max(1, shutil.get_terminal_size((80, 24)).columns)
        height = -(-width(f"? {message} {english}") // columns)
        sys.stdout.write("\x1b[1A\x1b[2K" * height + "\r")
        sys.stdout.flush()
        line = [("class:qmark", "?"), ("class:question", f" {message} "), ("class:answer", said)]
        print_formatted_text(FormattedText(line), style=self._style() or _default_style())

    def text(
        self,
        message: str,
        validate: Callable[[str], str | None],
        *,
        default: str = "",
        back: bool = False,
        hint: str = "",
    ) -> Any:
        import questionary

        answer = questionary.text(
            message,
            default=default,
            validate=_allowing_back(validate, back),
            instruction=self._with_back_hint(hint, back),
            style=self._style(),
            **self.io,
        ).unsafe_ask()
        return BACK if back and answer.strip() == "<" else answer

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
        import questionary

        self.show(self._with_back_hint(hint, back), "help")  # autocomplete takes no instruction
        answer = questionary.autocomplete(
            message,
            choices=words,
            default=default,
            validate=_allowing_back(validate, back),
            match_middle=True,
            style=self._style(),
            **self.io,
        ).unsafe_ask()
        return BACK if back and answer.strip() == "<" else answer

    def _with_back_hint(self, hint: str, back: bool) -> str:
        if not back:
            return hint
        return hint + ("；" if self.lang == "zh" else "; ") + msg("back_hint", self.lang)


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


def _default_style() -> Any:
    from questionary.constants import DEFAULT_STYLE

    return DEFAULT_STYLE


def _allowing_back(validate: Callable[[str], str | None], back: bool) -> Callable[[str], Any]:
    """questionary's validator: True, or the message to show; "<" (go back) always passes."""

    def check(entry: str) -> Any:
        if back and entry.strip() == "<":
            return True
        return validate(entry) or True

    return check


class NumberedPrompter:
    """Plain numbered questions read line by line: works without arrow keys or colour."""

    can_complete = False

    def __init__(self, lang: str, *, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.lang = lang
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout

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
            raise EOFError
        return line.strip()

    def _list(self, message: str, choices: Choices, back: bool, marks: set[str] | None = None) -> None:
        self.show(message)
        for n, (value, label) in enumerate(choices, 1):
            mark = ("[x] " if value in marks else "[ ] ") if marks is not None else ""
            self.show(f"  {n}) {mark}{label}")
        if back:
            self.show(f"  0) {msg('back', self.lang)}")

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
            self.show(msg("numbered_bad", self.lang))

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
            if not all(p.isdigit() and 1 <= int(p) <= len(choices) for p in parts):
                self.show(msg("numbered_bad", self.lang))
                continue
            picked = {choices[int(p) - 1][0] for p in parts}
            if len(picked) < minimum:
                self.show(msg("numbered_too_few", self.lang))
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
    ) -> Any:
        self.show(message)
        if hint:
            self.show(f"（{hint}）" if self.lang == "zh" else f"({hint})")
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
            self.show(problem)
