"""One base error for everything a user can cause; the CLI maps it to a message and exit code."""

from __future__ import annotations

from typing import Any

from .messages import cut_params, has_message, msg

EXIT_OK = 0
EXIT_FAILURE = 1  # failure while working: I/O, some batch rows failed
EXIT_USAGE = 2  # bad usage or bad input
EXIT_INTERRUPTED = 130


class GuideError(Exception):
    """An error with a user-facing, translated one-line message and an exit code.

    `key` names a template in messages.py; `params` fill it. The message is
    rendered only when shown, so the language can be decided late.
    """

    exit_code = EXIT_USAGE

    def __init__(self, message_key: str, /, *, exit_code: int | None = None, **params: Any) -> None:
        super().__init__(message_key)
        self.key = message_key
        self.params = params
        if exit_code is not None:
            self.exit_code = exit_code

    def render(self, lang: str = "zh", *, context: str = "") -> str:
        """The message. `context` picks a wording for where it is said, when the
        messages have one: "here" beside an answer being typed (the interactive
        guide: no option names), "column" for a row of a batch file."""
        key = f"{self.key}_{context}" if context and has_message(f"{self.key}_{context}") else self.key
        return msg(key, lang, **cut_params(self.params))

    def __str__(self) -> str:
        return self.render("en")


class UsageProblem(GuideError):
    """Bad option value, bad answer, bad input file: exit 2."""

    exit_code = EXIT_USAGE


class IOProblem(GuideError):
    """Could not read or write a file for a reason other than the user's input: exit 1."""

    exit_code = EXIT_FAILURE


class DataProblem(GuideError):
    """The data folder (shipped or local) is broken: exit 2 (the user's --data-dir is input)."""

    exit_code = EXIT_USAGE


class ManyProblems(UsageProblem):
    """Several bad or missing answers of one call, reported together: one line each (exit 2)."""

    def __init__(self, problems: list[UsageProblem]) -> None:
        super().__init__("many_problems", count=len(problems))
        self.problems = problems

    def render(self, lang: str = "zh", *, context: str = "") -> str:
        lines = [problem.render(lang, context=context) for problem in self.problems]
        return msg("many_problems", lang, count=len(lines)) + "".join("\n  " + line for line in lines)


def piped_problem(question: str, entry: str | None = None, reason: str = "") -> UsageProblem:
    """Answers piped into the numbered guide that end before `question`, or whose `entry` does not
    fit it (`reason`): exit 2, naming the question (not the interrupt code 130)."""
    lines = [line.strip() for line in question.strip().splitlines() if line.strip()]
    first = lines[0] if lines else "?"
    if entry is None:
        return UsageProblem("piped_ended", question=first)
    return UsageProblem("piped_bad", question=first, value=entry, reason=reason.strip().rstrip("。."))
