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

from ..core.conditions import answer_tokens
from ..core.dataset import Dataset
from ..core.engine import DERIVED_VALUES
from ..errors import GuideError
from .loader import LOCAL_FORBIDDEN, Doc, data_roots

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "data.schema.json"
PLACEHOLDERS = {"due", "days_left", "months", "region", "living", "doc"}
WHO = {"holder": ("持卡人", "holder"), "proxy": ("代办人", "agent"), "guardian": ("监护人", "guardian"), "anyone": None}
STRONG = ("O", "N")  # source grades that may stand alone behind an item (shared/sources.md)
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


def _all_items(data: Dataset) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, item) for the national items and every overlay's added and replacing items."""
    for item in data.items:
        yield "base", item
    for region, overlays in data.overlays.items():
        for overlay in overlays:
            for item in overlay["add"]:
                yield region, item
            for item in overlay["replace"]:
                yield region, item


def _check_condition(data: Dataset, cond: Any, file: str, line: int, owner: str) -> Iterator[Problem]:
    if not cond:
        return
    for key, value in cond.items():
        if key in ("any", "all"):
            for sub in value:
                yield from _check_condition(data, sub, file, line, owner)
        elif key == "not":
            yield from _check_condition(data, value, file, line, owner)
        elif key in DERIVED_VALUES:
            for v in value:
                if v not in DERIVED_VALUES[key]:
                    yield Problem(
                        file, line, f"{owner}: condition {key}={v}: {key} is one of {', '.join(DERIVED_VALUES[key])}"
                    )
        elif not data.has_question(key):
            yield Problem(file, line, f"{owner}: condition refers to unknown question '{key}'")
        else:
            question = data.question(key)
            allowed = question.kind.condition_values(question)
            if allowed is not None:
                for v in value:
                    if v not in allowed:
                        yield Problem(
                            file,
                            line,
                            f"{owner}: condition {key}={v}: '{v}' is not a value of {key} "
                            f"({', '.join(data.choice_values(key))})",
                        )


def meaning_problems(data: Dataset, layers: list[dict[str, Doc]], today: dt.date) -> list[Problem]:
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
        problems += _citation_problems(data, item, file, line, owner)
        problems += _who_problems(item, file, line, owner)
        problems += _assert_problems(data, item, file, line, owner)
        problems += _check_condition(data, item.get("when"), file, line, owner)
        for lang, text in (item.get("text") or {}).items():
            for name in re.findall(r"\{(\w+)\}", text):
                if name not in PLACEHOLDERS:
                    problems.append(Problem(file, line, f"{owner}: unknown placeholder {{{name}}} in {lang} text"))
    for question in data.questions:
        problems += _check_condition(data, question.when, "questions.yaml", question.line, f"question '{question.id}'")
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
        problems += _source_problems(source)
        if "date" in source:
            problems += _date_problem("sources.yaml", 0, f"source '{source['id']}' date", source["date"], today)
    for rule in data.situation.get("implied", []):
        problems += _check_condition(data, rule["when"], rule["file"], rule["line"], "situation rule")
        problems += _assert_problems(data, {"asserts": rule["facts"]}, rule["file"], rule["line"], "situation rule")
    if not problems:
        problems += situation_problems(data)
    if not problems:
        problems += reachability_problems(data)
    return problems


def _citation_problems(data: Dataset, item: dict[str, Any], file: str, line: int, owner: str) -> list[Problem]:
    """Every citation names a known source and carries its quote; not every source may be weak."""
    if "citations" not in item:  # a `replace` that keeps the item's sources
        return []
    out = []
    for citation in item["citations"]:
        if citation["id"] not in data.sources:
            out.append(Problem(file, line, f"{owner} cites unknown source '{citation['id']}' (sources.yaml)"))
        elif not citation["quote"]:
            out.append(Problem(file, line, f"{owner}: the citation of '{citation['id']}' has no quote"))
    grades = [data.sources[c["id"]].get("grade", "") for c in item["citations"] if c["id"] in data.sources]
    if grades and not any(g in STRONG for g in grades):
        out.append(
            Problem(file, line, f"{owner} cites only weak sources (grade W); add an official (O) or news (N) one")
        )
    return out


def _source_problems(source: dict[str, Any]) -> list[Problem]:
    owner = f"source '{source['id']}'"
    out = []
    if source.get("grade") not in ("O", "N", "W"):
        out.append(Problem("sources.yaml", 0, f"{owner}: grade must be O, N or W (shared/sources.md)"))
    if not source.get("title") and not source.get("untitled"):
        out.append(
            Problem("sources.yaml", 0, f"{owner}: give the title as published, or say why there is none (untitled)")
        )
    if not source.get("date") and not source.get("undated"):
        out.append(Problem("sources.yaml", 0, f"{owner}: give the date, or say why there is none (undated)"))
    return out


def _who_problems(item: dict[str, Any], file: str, line: int, owner: str) -> list[Problem]:
    """A step says who does it, and its text names that person."""
    if item.get("section") != "steps" and "who" not in item:
        return []
    who = item.get("who")
    if who not in WHO:
        return [Problem(file, line, f"{owner}: a step needs `who`: one of {', '.join(WHO)}")]
    nouns = WHO[who]
    if nouns is None or "text" not in item:
        return []
    out = []
    for lang, noun in zip(("zh", "en"), nouns, strict=True):
        if noun not in item["text"][lang]:
            out.append(Problem(file, line, f"{owner}: who is {who}, but the {lang} text does not name the {noun}"))
    return out


def _assert_problems(data: Dataset, item: dict[str, Any], file: str, line: int, owner: str) -> list[Problem]:
    facts = data.situation.get("facts", {})
    out = []
    for fact, value in (item.get("asserts") or {}).items():
        if fact not in facts:
            out.append(Problem(file, line, f"{owner}: asserts unknown fact '{fact}' (situation.yaml)"))
        elif value not in facts[fact]:
            out.append(
                Problem(file, line, f"{owner}: asserts {fact}={value}; {fact} is one of {', '.join(facts[fact])}")
            )
    return out


def situation_problems(data: Dataset) -> list[Problem]:
    """No path's checklist states two incompatible things (domain.md §6; core/situation.py)."""
    from ..core.situation import conflicts

    out = []
    seen: set[tuple[str, str]] = set()
    for region in ["national", *data.overlays]:
        for first, second, witness in conflicts(data, region, only_new=region != "national"):
            if (first[4], second[4]) in seen:
                continue
            seen.add((first[4], second[4]))
            path = ", ".join(f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in witness.items())
            file = second[4].split("(", 1)[-1].rstrip(")")
            out.append(
                Problem(
                    file,
                    second[5],
                    f"{second[4].split(' (')[0]} says {second[0]}={second[1]}, but {first[4].split(' (')[0]} "
                    f"(line {first[5]}) says {first[0]}={first[1]} on the path {path}",
                )
            )
    return out


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


def sample_paths(data: Dataset, regions: list[str], dates: dict[str, str]) -> Iterator[tuple[dict[str, Any], set[str]]]:
    """Answers (and their tokens) covering every value of every routing question, each
    multi-valued answer as one value alone, none or all; a question with a default keeps it
    (their items are proved reachable one by one in reachability_problems). `dates` gives the
    date each of Date.SAMPLES stands for."""
    questions = data.questions
    options: dict[str, list[Any]] = {}
    for question in questions:
        # each kind says which answers cover it (Kind.samples); a default is kept as it is
        samples = [None] if question.has_default else question.kind.samples(data, question, regions)
        options[question.id] = [dates.get(v, v) if isinstance(v, str) else v for v in samples]

    def expand(n: int, answers: dict[str, Any], tokens: set[str]) -> Iterator[tuple[dict[str, Any], set[str]]]:
        if n == len(questions):
            yield {k: v for k, v in answers.items() if v is not None}, tokens
            return
        question = questions[n]
        if not question.test(tokens):
            yield from expand(n + 1, answers, tokens)
            return
        for value in options[question.id]:
            yield from expand(n + 1, {**answers, question.id: value}, tokens | answer_tokens(question.id, value))

    yield from expand(0, {}, set())


def reachability_problems(data: Dataset) -> list[Problem]:
    """Every question is asked and every item shown on some path (proved one by one, see
    core/situation.witness); no sample path leaves steps, materials or places empty."""
    from ..core.engine import effective_items, prepared_items, token_deriver
    from ..core.situation import witness

    problems: list[Problem] = []
    for question in data.questions:
        if question.when and witness(data, "national", [(question.test, question.when)]) is None:
            problems.append(Problem("questions.yaml", question.line, f"question '{question.id}' is never asked"))
    national = {item["id"]: item.get("when") for item in data.items}
    # places of every kind for the national items: national, a province without data of its own,
    # a city of a province with data, a place with its own data
    plain = [
        r for r in data.region_order if r != "national" and not any(x in data.overlays for x in data.region_chain(r))
    ]
    under = [r for r in data.region_order if data.regions[r]["parent"] in data.overlays and r not in data.overlays]
    kinds = ["national", *plain[:1], *under[:1], *list(data.overlays)[:1]]
    for region in ["national", *data.overlays]:
        items, _, _ = effective_items(data, region)
        for item in items:
            if region != "national" and national.get(item["id"], 0) is item.get("when"):
                continue  # a national item, unchanged: proved on the national paths
            places = kinds if region == "national" else [region]
            if all(witness(data, place, [(item["test"], item.get("when"))]) is None for place in places):
                problems.append(
                    Problem(
                        item.get("file", ""), item.get("line", 0), f"item '{item['id']}' appears on no path in {region}"
                    )
                )
    today = dt.date(2026, 6, 1)
    dates = {"recent": "2026-05-01", "old": "2020-01-01", "unsure": "unsure"}
    position = {s["id"]: n for n, s in enumerate(data.sections)}
    never_empty = [position[s] for s in NEVER_EMPTY if s in position]
    # only an overlay that removes items can empty a section the national paths fill
    regions = ["national"] + [r for r, overlays in data.overlays.items() if any(o["remove"] for o in overlays)]
    reported: set[str] = set()
    for region in regions:
        prepared = prepared_items(data, region, "zh")
        tests = [(i, [test for index, test, *_ in prepared if index == i]) for i in never_empty]
        _, settings, level = effective_items(data, region)
        derive = token_deriver(data, today, settings, level)
        for answers, known in sample_paths(data, [region], dates):
            tokens = derive(answers, known)
            for index, section_tests in tests:
                name = data.sections[index]["id"]
                if name not in reported and not any(test(tokens) for test in section_tests):
                    reported.add(name)
                    shown = ", ".join(f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in answers.items())
                    problems.append(Problem("items.yaml", 0, f"section '{name}' is empty on the path {shown}"))
    return problems


__all__ = ["Problem", "run_validation"]
