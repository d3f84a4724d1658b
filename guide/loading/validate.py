"""`sbk-guide validate`: check a data folder and report every problem as `file:line: message`.

Three passes: YAML syntax; the JSON Schema shipped in guide/schemas/ (shape of
each file); then meaning: conditions name real questions and values, items
cite existing sources, overlays refer to existing items and regions, every
question and item is reachable, no path lacks steps/materials/places, dates
are real and not in the future, ids are unique.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GuideError
from .loader import LOCAL_FORBIDDEN, Doc, data_roots

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "data.schema.json"
DERIVED = {
    "overdue": {"yes", "no"},
    "received_known": {"yes", "no"},
    "region_data": {"national", "own", "province", "none"},
}
PLACEHOLDERS = {"due", "days_left", "months", "region"}
NEVER_EMPTY = ("steps", "materials", "places")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


def _plain(node: Any) -> Any:
    """YAML dates as ISO text, so that the JSON Schema sees what a person wrote."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()
    return node


def _line_at(content: Any, path: list[Any]) -> int:
    """The line of the deepest mapping on `path` (lists carry no line of their own)."""
    line = getattr(content, "line", 0)
    node = content
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", line)
    return line


def schema_problems(docs: dict[str, Doc]) -> Iterator[Problem]:
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    for rel, doc in docs.items():
        kind = "overlay" if rel.startswith("overlays/") else rel
        if kind not in schema["$defs"]:
            continue
        validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{kind}"})
        for error in sorted(validator.iter_errors(_plain(doc.content)), key=lambda e: list(map(str, e.absolute_path))):
            where = "/".join(str(p) for p in error.absolute_path)
            message = error.message if len(error.message) < 200 else error.message[:200] + "…"
            yield Problem(
                str(doc.path),
                _line_at(doc.content, list(error.absolute_path)),
                f"{where + ': ' if where else ''}{message}",
            )


def run_validation(data_dir: str | None = None, today: dt.date | None = None) -> list[Problem]:
    today = today or dt.date.today()
    roots = data_roots(data_dir)
    problems: list[Problem] = []
    layers = []
    for n, root in enumerate(roots):
        if n:
            for name in LOCAL_FORBIDDEN:
                if (root / name).exists():
                    problems.append(
                        Problem(
                            str(root / name), 0, "local data may not redefine the questions or sections (contract.md)"
                        )
                    )
        layer: dict[str, Doc] = {}
        for path in _files(root):
            if n and path.name in LOCAL_FORBIDDEN and path.parent == root:
                continue
            try:
                layer[path.relative_to(root).as_posix()] = _read(path)
            except GuideError as exc:
                problems.append(_from_error(exc))
        layers.append(layer)
        problems += schema_problems(layer)
    if problems:
        return problems
    from ..core.dataset import Dataset
    from .compiler import compile_docs

    try:
        data = Dataset(compile_docs(layers))
    except GuideError as exc:
        return [_from_error(exc)]
    problems += meaning_problems(data, layers, today)
    return problems


def _files(root: Path) -> list[Path]:
    from .loader import data_files

    return data_files(root)


def _read(path: Path) -> Doc:
    from .loader import read_doc

    return read_doc(path)


def _from_error(exc: GuideError) -> Problem:
    location = str(exc.params.get("location", ""))
    reason = str(exc.params.get("reason", exc.render("en")))
    match = re.match(r"^(.*):(\d+)$", location)
    if match:
        return Problem(match.group(1), int(match.group(2)), reason)
    return Problem(location or "data", 0, reason)


# ---------------------------------------------------------------- meaning


def _all_items(data: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, item) for the national items and every overlay's added and replacing items."""
    for item in data.items:
        yield "base", item
    for region, overlays in data.overlays.items():
        for overlay in overlays:
            for item in overlay["add"]:
                yield region, item
            for item in overlay["replace"]:
                yield region, item


def _check_condition(data: Any, cond: Any, file: str, line: int, owner: str) -> Iterator[Problem]:
    if not cond:
        return
    for key, value in cond.items():
        if key in ("any", "all"):
            for sub in value:
                yield from _check_condition(data, sub, file, line, owner)
        elif key == "not":
            yield from _check_condition(data, value, file, line, owner)
        elif key in DERIVED:
            for v in value:
                if v not in DERIVED[key]:
                    yield Problem(
                        file, line, f"{owner}: condition {key}={v}: {key} is one of {', '.join(sorted(DERIVED[key]))}"
                    )
        elif not data.has_question(key):
            yield Problem(file, line, f"{owner}: condition refers to unknown question '{key}'")
        else:
            question = data.question(key)
            if question["kind"] in ("one", "many"):
                allowed = set(data.choice_values(key)) | ({"none"} if question["kind"] == "many" else set())
                for v in value:
                    if v not in allowed:
                        yield Problem(
                            file,
                            line,
                            f"{owner}: condition {key}={v}: '{v}' is not a value of {key} "
                            f"({', '.join(data.choice_values(key))})",
                        )


def meaning_problems(data: Any, layers: list[dict[str, Doc]], today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    base_ids: dict[str, dict[str, Any]] = {}
    for item in data.items:
        base_ids[item["id"]] = item
    # duplicate ids within one file (merging by id hides them: check the documents)
    for layer in layers:
        for rel, doc in layer.items():
            problems += _duplicates(doc, rel)
    for _, item in _all_items(data):
        owner = f"item '{item['id']}'"
        file, line = item.get("file", ""), item.get("line", 0)
        for sid in item.get("sources", []):
            if sid not in data.sources:
                problems.append(Problem(file, line, f"{owner} cites unknown source '{sid}' (sources.yaml)"))
        problems += _check_condition(data, item.get("when"), file, line, owner)
        for lang, text in (item.get("text") or {}).items():
            for name in re.findall(r"\{(\w+)\}", text):
                if name not in PLACEHOLDERS:
                    problems.append(Problem(file, line, f"{owner}: unknown placeholder {{{name}}} in {lang} text"))
    for question in data.questions:
        problems += _check_condition(
            data, question["when"], "questions.yaml", question["line"], f"question '{question['id']}'"
        )
    for region, overlays in data.overlays.items():
        known = set(base_ids)
        parent = data.regions[region]["parent"]
        for upper in data.overlays.get(parent, []) if parent else []:
            known |= {i["id"] for i in upper["add"]}
        for overlay in overlays:
            for item in overlay["replace"]:
                if item["id"] not in known:
                    problems.append(
                        Problem(
                            overlay["file"], item["line"], f"replace: no item '{item['id']}' to replace in {region}"
                        )
                    )
            for rid in overlay["remove"]:
                if rid not in known:
                    problems.append(Problem(overlay["file"], 0, f"remove: no item '{rid}' to remove in {region}"))
            for item in overlay["add"]:
                if item["id"] in base_ids:
                    problems.append(
                        Problem(overlay["file"], item["line"], f"add: item '{item['id']}' already exists; use replace")
                    )
            problems += _date_problem(overlay["file"], 0, "checked", overlay["checked"], today)
    problems += _date_problem("meta.yaml", 0, "checked", data.checked, today)
    for source in data.sources.values():
        if "date" in source:
            problems += _date_problem("sources.yaml", 0, f"source '{source['id']}' date", source["date"], today)
    if not problems:
        problems += reachability_problems(data)
    return problems


def _duplicates(doc: Doc, rel: str) -> list[Problem]:
    content = doc.content if isinstance(doc.content, dict) else {}
    out = []
    for key in ("items", "sources", "questions", "add", "regions"):
        seen: set[str] = set()
        for entry in content.get(key) or []:
            if isinstance(entry, dict) and "id" in entry:
                if entry["id"] in seen:
                    out.append(
                        Problem(str(doc.path), getattr(entry, "line", 0), f"duplicate id '{entry['id']}' in {key}")
                    )
                seen.add(entry["id"])
    return out


def _date_problem(file: str, line: int, what: str, value: str, today: dt.date) -> list[Problem]:
    text = str(value)
    parts = text.split("-")
    try:
        year, month, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
        date = dt.date(year, month, day)
    except (ValueError, IndexError):
        return [Problem(file, line, f"{what}: '{text}' is not a real date")]
    if date > today:
        return [Problem(file, line, f"{what}: {text} is in the future")]
    return []


# ---------------------------------------------------------------- reachability


def sample_paths(data: Any, regions: list[str]) -> Iterator[dict[str, Any]]:
    """Answers covering every value of every question (multi-valued: each value alone, none, all)."""
    options: dict[str, list[Any]] = {}
    for question in data.questions:
        if question["kind"] == "one":
            options[question["id"]] = data.choice_values(question["id"])
        elif question["kind"] == "many":
            values = data.choice_values(question["id"])
            options[question["id"]] = [[v] for v in values] + [values] + ([[]] if question["min"] == 0 else [])
        elif question["kind"] == "date":
            options[question["id"]] = ["recent", "old", "unsure"]
        else:
            options[question["id"]] = regions
    from ..core.engine import on_path

    def expand(answers: dict[str, Any], remaining: list[str]) -> Iterator[dict[str, Any]]:
        path = on_path(data, answers)
        todo = [q for q in remaining if q in path and q not in answers]
        if not todo:
            yield answers
            return
        qid = todo[0]
        for value in options[qid]:
            yield from expand({**answers, qid: value}, [q for q in remaining if q != qid])

    yield from expand({}, [q["id"] for q in data.questions])


def reachability_problems(data: Any) -> list[Problem]:
    today = dt.date(2026, 6, 1)
    dates = {"recent": "2026-05-01", "old": "2020-01-01", "unsure": "unsure"}
    regions = ["national"]
    for rid in data.region_order:
        if rid == "national":
            continue
        if data.has_own_data(rid):
            regions.append(rid)
    plain = next(
        (
            r
            for r in data.region_order
            if r != "national" and not data.regions[r]["parent"] and not data.has_own_data(r)
        ),
        None,
    )
    if plain:
        regions.append(plain)
    for province in [r for r in regions if r in data.regions and not data.regions[r]["parent"] and r != "national"]:
        city = next(
            (c for c in data.region_order if data.regions[c]["parent"] == province and not data.has_own_data(c)), None
        )
        if city:
            regions.append(city)
    date_question = next((q["id"] for q in data.questions if q["kind"] == "date"), None)
    expected: dict[str, dict[str, Any]] = {}
    for _, item in _all_items(data):
        if "section" in item:
            expected.setdefault(item["id"], item)
    seen: set[str] = set()
    asked: set[str] = set()
    problems: list[Problem] = []
    empty_reported: set[str] = set()
    from ..core.conditions import fact_tokens
    from ..core.engine import derive_facts, effective_items, prepared_items

    position = {s["id"]: n for n, s in enumerate(data.sections)}
    never_empty = [position[s] for s in NEVER_EMPTY if s in position]
    # per region: the items not yet seen on a path, and each never-empty section's tests
    # (a section is filled as soon as one of its items holds: most paths stop at the first)
    unseen: dict[str, list[tuple[Any, str]]] = {}
    section_tests: dict[str, list[tuple[int, list[Any]]]] = {}
    for answers in sample_paths(data, regions):
        asked.update(answers)
        if date_question and date_question in answers:
            answers = {**answers, date_question: dates[answers[date_question]]}
        region = answers.get("region", "national")
        _, settings, level = effective_items(data, region)
        tokens = fact_tokens(derive_facts(answers, today, settings, level))
        if region not in unseen:
            prepared = prepared_items(data, region, "zh")
            unseen[region] = [(test, item_id) for _, test, item_id, *_ in prepared]
            section_tests[region] = [(i, [test for index, test, *_ in prepared if index == i]) for i in never_empty]
        if unseen[region]:
            left = [(test, item_id) for test, item_id in unseen[region] if item_id not in seen]
            for test, item_id in left:
                if test(tokens):
                    seen.add(item_id)
            unseen[region] = [(test, item_id) for test, item_id in left if item_id not in seen]
        for index, tests in section_tests[region]:
            name = data.sections[index]["id"]
            if name not in empty_reported and not any(test(tokens) for test in tests):
                empty_reported.add(name)
                shown = ", ".join(f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in answers.items())
                problems.append(Problem("items.yaml", 0, f"section '{name}' is empty on the path {shown}"))
    for question in data.questions:
        if question["id"] not in asked:
            problems.append(Problem("questions.yaml", question["line"], f"question '{question['id']}' is never asked"))
    for item_id, item in expected.items():
        if item_id not in seen:
            problems.append(Problem(item.get("file", ""), item.get("line", 0), f"item '{item_id}' appears on no path"))
    return problems


def relative(problem: Problem, roots: list[Path]) -> Problem:
    """Show paths relative to the data folder they come from, as a person would open them."""
    for root in roots:
        try:
            rel = Path(problem.file).resolve().relative_to(root.resolve())
        except ValueError:
            continue
        return Problem(str(root / rel), problem.line, problem.message)
    return problem


__all__ = ["Problem", "run_validation"]
