"""A problem in a data folder, at `file:line`, worded in the user's language when shown.

Every check of the data (reading, shape, meaning) reports Problems; `sbk-guide validate`
prints them all, and a command that loads broken local data stops with all of them at once
(DataProblems, exit 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import DataProblem
from ..messages import msg


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    key: str  # messages.py: "p_" + key
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        return msg("p_" + self.key, lang, **self.params)

    def render(self, lang: str = "en") -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message(lang)}"

    def __str__(self) -> str:
        return self.render("en")


class DataProblems(DataProblem):
    """Broken data: every problem found, one line each (exit 2)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("data_problems", count=len(problems))
        self.problems = problems

    def render(self, lang: str = "zh", *, context: str = "") -> str:
        if len(self.problems) == 1:
            only = self.problems[0]
            where = f"{only.file}:{only.line}" if only.line else only.file
            return msg("data_broken", lang, location=where, reason=only.message(lang))
        lines = [problem.render(lang) for problem in self.problems]
        return msg("data_problems", lang, count=len(lines)) + "".join("\n  " + line for line in lines)


def owner(kind: str, ident: str) -> dict[str, str]:
    """The `owner_zh`/`owner_en` params naming what a problem is about: an item, a question …"""
    zh = {"item": "条目", "question": "问题", "source": "资料", "rule": "situation.yaml 的规则"}[kind]
    en = "situation rule" if kind == "rule" else f"{kind} '{ident}'"
    return {"owner_zh": zh if kind == "rule" else f"{zh}“{ident}”", "owner_en": en}
