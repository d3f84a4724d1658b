"""`sbk-guide validate`: check a data folder and report every problem as `file:line: message`.

Three passes: reading (YAML syntax); shape (the JSON Schema in schemas/, the one
definition of each file's shape, see shape.py); then meaning: conditions name real questions and values, items
cite existing sources, overlays refer to existing items and regions, every
question and item is reachable, no path lacks steps/materials/places, dates
are real and not in the future, ids are unique.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..core.conditions import answer_tokens
from ..core.dataset import Dataset
from ..core.dates import parse_iso
from ..core.engine import DERIVED_VALUES, PLACEHOLDERS
from .claims import claim_problems
from .compiler import compile_docs
from .docs import Doc, data_roots, read_layers
from .plancheck import plan_problems
from .problems import DataProblems, Problem, owner
from .shape import shape_problems

WHO = {"holder": ("持卡人", "holder"), "proxy": ("代办人", "agent"), "guardian": ("监护人", "guardian"), "anyone": None}
STRONG = ("O", "N")  # source grades that may stand alone behind an item (shared/sources.md)
NEVER_EMPTY = ("steps", "materials", "places")
LANG_ZH = {"zh": "中文", "en": "英文"}
CHECKED = {"what_zh": "核对日期 checked", "what_en": "checked"}


def run_validation(data_dir: str | None = None, today: dt.date | None = None) -> list[Problem]:
    """Every problem of the data folders: reading, shape (the JSON Schema), then meaning."""
    today = today or dt.date.today()
    layers, problems = read_layers(data_roots(data_dir))
    for layer in layers:
        problems += shape_problems(layer)
    if problems:
        return problems
    try:
        data = Dataset(compile_docs(layers, checked=True))
    except DataProblems as exc:
        return exc.problems
    problems += meaning_problems(data, layers, today)
    return problems


def unconfirmed_items(data_dir: str | None = None) -> list[tuple[str, int, str, tuple[str, ...]]]:
    """(file, line, id, sources) of every item marked unconfirmed (only weak sources support it),
    national and in every overlay, for `validate` to list: a maintainer with access to the
    official sites confirms or corrects them (shared/sources.md)."""
    from .loader import load_dataset

    data = load_dataset(data_dir)
    found = []
    for overlays in [[None]] + list(data.overlays.values()):
        for overlay in overlays:
            for item in data.items if overlay is None else overlay.add:
                if item.unconfirmed:
                    found.append((item.file, item.line, item.id, item.sources))
    return found


# ---------------------------------------------------------------- meaning


Given = Mapping[str, Any]  # the fields an item, or an overlay's `replace` patch, gives


def _all_items(data: Dataset) -> Iterator[tuple[str, str, int, Given]]:
    """(id, file, line, given fields) for the national items and every overlay's added items
    and replacing patches (a patch gives only the fields it changes)."""
    for overlays in [[None]] + list(data.overlays.values()):
        for overlay in overlays:
            for item in data.items if overlay is None else overlay.add:
                given: dict[str, Any] = {
                    "section": item.section,
                    "text": item.text,
                    "citations": item.citations,
                    "when": item.when,
                }
                given.update({"who": item.who} if item.who else {}, asserts=item.asserts)
                given.update(
                    needs=item.needs, gives=item.gives, changes=item.changes, serves=item.serves, about=item.about
                )
                if item.unconfirmed:
                    given["unconfirmed"] = True
                yield item.id, item.file, item.line, given
            for patch in overlay.replace if overlay is not None else ():
                yield patch.id, patch.file, patch.line, patch.fields


Owner = dict[str, str]  # problems.owner(): what a problem is about, in both languages


def _check_condition(data: Dataset, cond: Any, file: str, line: int, who: Owner) -> Iterator[Problem]:
    if not cond:
        return
    for key, value in cond.items():
        if key in ("any", "all"):
            for sub in value:
                yield from _check_condition(data, sub, file, line, who)
        elif key == "not":
            yield from _check_condition(data, value, file, line, who)
        elif key in DERIVED_VALUES:
            allowed = ", ".join(DERIVED_VALUES[key])
            for v in value:
                if v not in DERIVED_VALUES[key]:
                    yield Problem(file, line, "cond_derived", {**who, "key": key, "value": v, "allowed": allowed})
        elif not data.has_question(key):
            yield Problem(file, line, "cond_unknown_question", {**who, "key": key})
        else:
            question = data.question(key)
            accepted = question.kind.condition_values(question)
            for v in value:
                if accepted is not None and v not in accepted:
                    params = {**who, "key": key, "value": v, "allowed": ", ".join(question.values)}
                    yield Problem(file, line, "cond_bad_value", params)


def meaning_problems(data: Dataset, layers: list[dict[str, Doc]], today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    base_ids = {item.id for item in data.items}
    step_ids = {i.id for i in data.items if i.section == "steps"} | {
        i.id for overlays in data.overlays.values() for o in overlays for i in o.add if i.section == "steps"
    }
    # duplicate ids within one file (merging by id hides them: check the documents)
    for layer in layers:
        for rel, doc in layer.items():
            problems += _duplicates(doc, rel)
    for ident, file, line, item in _all_items(data):
        who = owner("item", ident)
        problems += _citation_problems(data, item, file, line, who)
        problems += _who_problems(item, file, line, who)
        problems += _assert_problems(data, item, file, line, who)
        problems += _check_condition(data, item.get("when"), file, line, who)
        problems += _plan_field_problems(data, item, file, line, who, step_ids)
        for lang, text in (item.get("text") or {}).items():
            for name in re.findall(r"\{(\w+)\}", text):
                if name not in PLACEHOLDERS:
                    problems.append(Problem(file, line, "placeholder", {**who, "name": name, "lang": lang}))
    for question in data.questions:
        who = owner("question", question.id)
        problems += _check_condition(data, question.when, "questions.yaml", question.line, who)
    for region, overlays in data.overlays.items():
        known = set(base_ids)
        parent = data.regions[region].parent
        for upper in data.overlays.get(parent, []) if parent else []:
            known |= {i.id for i in upper.add}
        for overlay in overlays:
            for patch in overlay.replace:
                if patch.id not in known:
                    params = {"id": patch.id, "region": region}
                    problems.append(Problem(overlay.file, patch.line, "replace_missing", params))
            for rid in overlay.remove:
                if rid not in known:
                    problems.append(Problem(overlay.file, 0, "remove_missing", {"id": rid, "region": region}))
            for new in overlay.add:
                if new.id in base_ids:
                    problems.append(Problem(overlay.file, new.line, "add_exists", {"id": new.id}))
            problems += _date_problem(overlay.file, 0, CHECKED, overlay.checked, today)
    problems += _date_problem("meta.yaml", 0, CHECKED, data.checked, today)
    for source in data.sources.values():
        if source.date:
            what = {"what_zh": f"资料“{source.id}”的日期", "what_en": f"source '{source.id}' date"}
            problems += _date_problem("sources.yaml", 0, what, source.date, today)
    rule_owner = owner("rule", "")
    for rule in data.situation.get("implied", []):
        problems += _check_condition(data, rule["when"], rule["file"], rule["line"], rule_owner)
        problems += _assert_problems(data, {"asserts": rule["facts"]}, rule["file"], rule["line"], rule_owner)
    problems += claim_problems(data, layers)
    if not problems:
        problems += situation_problems(data)
    if not problems:
        problems += reachability_problems(data)
    if not problems:
        problems += plan_problems(data)
    return problems


def _plan_field_problems(
    data: Dataset, item: Given, file: str, line: int, who: Owner, steps: set[str]
) -> list[Problem]:
    """`needs`/`gives` name plan state facts (situation.yaml with `start`) and allowed values;
    `for` and `about` name steps that exist."""
    out: list[Problem] = []
    start = data.situation.get("start", {})
    for key in ("needs", "gives", "changes"):
        given = item.get(key) or {}
        out += _assert_problems(data, {"asserts": given}, file, line, who)
        out += [Problem(file, line, "not_state", {**who, "key": key, "fact": f}) for f in given if f not in start]
    named = list(item.get("serves") or [])
    about = item.get("about") or {}
    named += [*about.get("steps", ()), *about.get("no_steps", ())]
    for step in dict.fromkeys(named):
        if step not in steps:
            out.append(Problem(file, line, "unknown_step", {**who, "key": "for/about", "step": step}))
    return out


def _citation_problems(data: Dataset, item: Given, file: str, line: int, who: Owner) -> list[Problem]:
    """Every citation names a known source and carries its quote; not every source may be weak."""
    if "citations" not in item:  # a `replace` that keeps the item's sources
        return []
    out = []
    for citation in item["citations"]:
        if citation.id not in data.sources:
            out.append(Problem(file, line, "unknown_source", {**who, "id": citation.id}))
        elif not citation.quote:
            out.append(Problem(file, line, "no_quote", {**who, "id": citation.id}))
    grades = [data.sources[c.id].grade for c in item["citations"] if c.id in data.sources]
    if grades and not any(g in STRONG for g in grades) and not item.get("unconfirmed"):
        out.append(Problem(file, line, "weak_only", who))
    strong = [c.id for c in item["citations"] if c.id in data.sources and data.sources[c.id].grade in STRONG]
    if item.get("unconfirmed") and strong:
        out.append(Problem(file, line, "unconfirmed_strong", {**who, "id": strong[0]}))
    return out


def _who_problems(item: Given, file: str, line: int, owner: Owner) -> list[Problem]:
    """A step says who does it, and its text names that person."""
    if item.get("section") != "steps" and "who" not in item:
        return []
    who = item.get("who")
    if who not in WHO:
        return [Problem(file, line, "no_who", {**owner, "allowed": ", ".join(WHO)})]
    nouns = WHO[who]
    if nouns is None or "text" not in item:
        return []
    out = []
    for lang, noun in zip(("zh", "en"), nouns, strict=True):
        if noun not in item["text"][lang]:
            params = {**owner, "who": who, "lang": lang, "lang_zh": LANG_ZH[lang], "noun": noun}
            out.append(Problem(file, line, "who_not_named", params))
    return out


def _assert_problems(data: Dataset, item: Given, file: str, line: int, who: Owner) -> list[Problem]:
    facts = data.situation.get("facts", {})
    out = []
    for fact, value in (item.get("asserts") or {}).items():
        if fact not in facts:
            out.append(Problem(file, line, "unknown_fact", {**who, "fact": fact}))
        elif value not in facts[fact]:
            params = {**who, "fact": fact, "value": value, "allowed": ", ".join(facts[fact])}
            out.append(Problem(file, line, "bad_fact_value", params))
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
            params = {
                "fact": second[0],
                "second_value": second[1],
                "first_value": first[1],
                "line": first[5],
                "path": path,
                **{f"second_{k}": v for k, v in _origin(second[4]).items()},
                **{f"first_{k}": v for k, v in _origin(first[4]).items()},
            }
            out.append(Problem(file, second[5], "contradiction", params))
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
                        Problem(
                            str(doc.path), getattr(entry, "line", 0), "duplicate_id", {"id": entry["id"], "key": key}
                        )
                    )
                seen.add(entry["id"])
    return out


def _date_problem(file: str, line: int, what: dict[str, str], value: str, today: dt.date) -> list[Problem]:
    """A data date (YYYY-MM-DD, or YYYY-MM / YYYY for a page dated only so) is real and past."""
    text = str(value)
    date = parse_iso(text + "-01" * max(0, 2 - text.count("-")))
    if date is None:
        return [Problem(file, line, "not_a_date", {**what, "text": text})]
    if date > today:
        return [Problem(file, line, "future_date", {**what, "text": text})]
    return []


def _origin(text: str) -> dict[str, str]:
    """A statement's origin (core/situation.statements: "item 'x' (file)" or "situation.yaml
    rule (file)") as `zh`/`en` words."""
    name = text.split(" (")[0]
    if name.startswith("item '"):
        return {"zh": f"条目“{name[6:-1]}”", "en": name}
    return {"zh": "situation.yaml 的规则", "en": name}


# ---------------------------------------------------------------- reachability


def sample_paths(data: Dataset, regions: list[str]) -> Iterator[tuple[dict[str, Any], set[str]]]:
    """Answers (and their tokens) covering every value of every routing question, each
    multi-valued answer as one value alone, none or all; a question with a default keeps it
    (their items are proved reachable one by one in reachability_problems)."""
    questions = data.questions
    options: dict[str, list[Any]] = {}
    for question in questions:
        # each kind says which answers cover it (Kind.samples); a default is kept as it is
        samples = [None] if question.has_default else question.kind.samples(data, question, regions)
        options[question.id] = samples

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
    from ..core.engine import effective_items, token_deriver
    from ..core.questions import PROOF_TODAY
    from ..core.situation import witness

    problems: list[Problem] = []
    for question in data.questions:
        if question.when and witness(data, "national", [(question.test, question.when)]) is None:
            problems.append(Problem("questions.yaml", question.line, "never_asked", {"id": question.id}))
    national = {item.id: item.when for item in data.items}
    # places of every kind for the national items: national, a province without data of its own,
    # a city of a province with data, a place with its own data
    plain = [
        r for r in data.region_order if r != "national" and not any(x in data.overlays for x in data.region_chain(r))
    ]
    under = [r for r in data.region_order if data.regions[r].parent in data.overlays and r not in data.overlays]
    kinds = ["national", *plain[:1], *under[:1], *list(data.overlays)[:1]]
    for region in ["national", *data.overlays]:
        items, _, _ = effective_items(data, region)
        for item in items:
            if region != "national" and national.get(item.id, 0) is item.when:
                continue  # a national item whose condition is unchanged: proved on the national paths
            places = kinds if region == "national" else [region]
            if all(witness(data, place, [(item.test, item.when)]) is None for place in places):
                problems.append(Problem(item.file, item.line, "no_path", {"id": item.id, "region": region}))
    position = {s["id"]: n for n, s in enumerate(data.sections)}
    never_empty = [position[s] for s in NEVER_EMPTY if s in position]
    # only an overlay that removes items can empty a section the national paths fill
    regions = ["national"] + [r for r, overlays in data.overlays.items() if any(o.remove for o in overlays)]
    reported: set[str] = set()
    for region in regions:
        items, settings, level = effective_items(data, region)
        tests = [(i, [item.test for item in items if item.section == data.sections[i]["id"]]) for i in never_empty]
        derive = token_deriver(data, PROOF_TODAY, settings, level)
        for answers, known in sample_paths(data, [region]):
            tokens = derive(answers, known)
            for index, section_tests in tests:
                name = data.sections[index]["id"]
                if name in reported:
                    continue
                found = next((n for n, test in enumerate(section_tests) if test(tokens)), None)
                if found:  # the item that filled it goes first: the next path most likely has it too
                    section_tests.insert(0, section_tests.pop(found))
                elif found is None:
                    reported.add(name)
                    shown = ", ".join(f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in answers.items())
                    problems.append(Problem("items.yaml", 0, "empty_section", {"name": name, "path": shown}))
    return problems


__all__ = ["Problem", "run_validation"]
