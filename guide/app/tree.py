"""`sbk-guide tree`: the decision tree (questions and the conditions that route between them)."""

from __future__ import annotations

from ..core.conditions import describe
from ..core.dataset import Dataset

DONE = "checklist"


def edges(data: Dataset) -> list[tuple[str, str, str]]:
    """(from, to, label): from each question to every conditional question up to the next
    unconditional one (labelled with its condition), and to that one ('' = always / otherwise)."""
    out = [("start", data.questions[0].id, "")] if data.questions else []
    questions = data.questions
    for n, question in enumerate(questions):
        for later in questions[n + 1 :]:
            if later.when:
                out.append((question.id, later.id, describe(later.when)))
                continue
            out.append((question.id, later.id, ""))
            break
        else:
            out.append((question.id, DONE, ""))
    return out


def mermaid(data: Dataset, lang: str = "zh") -> str:
    lines = ["flowchart TD", '  start(("start"))']
    for q in data.questions:
        label = q.label[lang].replace('"', "'")
        lines.append(f'  {q.id}["{q.id}: {label}"]')
    lines.append(f'  {DONE}[["{DONE}"]]')
    for a, b, label in edges(data):
        shown = label.replace("|", " or ")
        lines.append(f'  {a} -->|"{shown}"| {b}' if label else f"  {a} --> {b}")
    return "\n".join(lines) + "\n"


def dot(data: Dataset, lang: str = "zh") -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "digraph sbk_guide {",
        "  rankdir=TB;",
        '  node [shape=box, fontname="Noto Sans CJK SC"];',
        "  start [shape=circle];",
        f"  {DONE} [shape=doubleoctagon];",
    ]
    for q in data.questions:
        lines.append(f"  {q.id} [label={quote(q.id + ': ' + q.label[lang])}];")
    for a, b, label in edges(data):
        lines.append(f"  {a} -> {b}" + (f" [label={quote(label)}];" if label else ";"))
    lines.append("}")
    return "\n".join(lines) + "\n"
