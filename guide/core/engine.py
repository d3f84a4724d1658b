"""The pure core: answers in, next question or checklist out.

No printing, prompting or clock: `today` is a parameter. Answers must already be
normalised (answers.normalise_answers).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from .conditions import answer_tokens, compile_condition, fact_tokens, keys_used
from .dataset import Dataset
from .dates import add_months, display
from .model import Checklist, Item, Section
from .questions import UNSURE, Question
from .records import ItemSpec, Source

SCHEMA = "sbk-guide.checklist/2"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def next_question(data: Dataset, answers: Mapping[str, Any]) -> Question | None:
    """The first question on the path that has no answer yet, or None when done."""
    tokens: set[str] = set()
    for question in data.questions:
        if not question.test(tokens):
            continue
        if question.id not in answers:
            return question
        tokens |= answer_tokens(question.id, answers[question.id])
    return None


def on_path(data: Dataset, answers: Mapping[str, Any]) -> list[str]:
    """Ids of the questions the answers' path asks, in order (answered or not)."""
    tokens: set[str] = set()
    ids = []
    for question in data.questions:
        if question.test(tokens):
            ids.append(question.id)
            if question.id in answers:
                tokens |= answer_tokens(question.id, answers[question.id])
    return ids


def effective_items(data: Dataset, region: str) -> tuple[list[ItemSpec], dict[str, Any], str]:
    """National items with the region's overlays applied (province, then city), cached per region.

    Returns the items, the settings in force, and how specific the data is:
    'national', 'own' (the region has an overlay), 'province' (only its
    province has one) or 'none'.
    """
    cached = data.memo.get(("items", region))
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    items = list(data.items)
    settings = dict(data.settings)
    chain = data.region_chain(region)
    for rid in chain:
        for overlay in data.overlays.get(rid, []):
            settings.update(overlay.settings)
            items = [i for i in items if i.id not in overlay.remove]
            index = {i.id: n for n, i in enumerate(items)}
            for patch in overlay.replace:
                if patch.id in index:
                    items[index[patch.id]] = items[index[patch.id]].patched(patch)
            for new in overlay.add:
                position = index.get(new.after)
                if new.id in index:
                    items[index[new.id]] = new
                elif position is not None:
                    items.insert(position + 1, new)
                else:
                    items.append(new)
                index = {i.id: n for n, i in enumerate(items)}
    if region == "national":
        level = "national"
    elif data.has_own_data(region):
        level = "own"
    elif any(data.has_own_data(r) for r in chain):
        level = "province"
    else:
        level = "none"
    data.memo[("items", region)] = (items, settings, level)
    return items, settings, level


Prepared = tuple[int, Any, str, str, bool, tuple[str, ...], bool]


def prepared_items(data: Dataset, region: str, lang: str) -> list[Prepared]:
    """Per region and language, once: (section index, test, id, text, has placeholders, sources, dated)."""
    key = ("prepared", region, lang)
    cached: list[Prepared] | None = data.memo.get(key)
    if cached is None:
        items, _, _ = effective_items(data, region)
        position = {s["id"]: n for n, s in enumerate(data.sections)}
        cached = [
            (
                position[i.section],
                i.test,
                i.id,
                i.text[lang],
                "{" in i.text[lang],
                i.sources,
                i.due == "activation",
            )
            for i in items
            if i.section in position
        ]
        data.memo[key] = cached
    return cached


def source_entry(data: Dataset, sid: str, lang: str) -> dict[str, str]:
    """The contract's view of a source (shared: Checklist.to_dict copies it). A page whose copy
    shows no headline is named as such, never with a made-up title."""
    key = ("source", sid, lang)
    entry = data.memo.get(key)
    if entry is None:
        src = data.sources.get(sid) or Source(sid, "?", title=sid)
        entry = src.public()
        if not entry.get("title"):
            from ..messages import msg

            entry["title"] = msg("untitled_source", lang)
        data.memo[key] = entry
    return entry


def _deadline_rule(data: Dataset, name: str) -> tuple[Any, dict[str, Any]] | None:
    """The compiled `applies` test and the rule of deadline `name` (meta.yaml), once per data set."""
    rule = data.deadlines.get(name)
    if rule is None:
        return None
    key = ("deadline", name)
    test = data.memo.get(key)
    if test is None:
        test = data.memo[key] = compile_condition(rule["applies"])
    return test, rule


def activation_due(
    data: Dataset, answers: Mapping[str, Any], settings: Mapping[str, Any], tokens: Any = None
) -> dt.date | None:
    """The activation deadline, when it applies to these answers and its start date is known
    (`tokens`: the answers' fact_tokens, when the caller has them already)."""
    found = _deadline_rule(data, "activation")
    if found is None:
        return None
    test, rule = found
    start = answers.get(rule["from"])
    if not start or start == UNSURE or not test(fact_tokens(answers) if tokens is None else tokens):
        return None
    return add_months(dt.date.fromisoformat(str(start)), int(settings.get(rule["months"], 6)))


# Derived facts conditions may use, their values, and the answers each depends on
# (validate checks conditions against DERIVED_VALUES; the situation check enumerates derived_from()).
DERIVED_VALUES: dict[str, tuple[str, ...]] = {
    "deadline": ("activation", "none"),
    "received_known": ("yes", "no"),
    "overdue": ("yes", "no"),
    "region_data": ("national", "own", "province", "none"),
    "living_elsewhere": ("yes", "no"),
}


def derived_from(data: Dataset) -> dict[str, set[str]]:
    """The answers each derived fact depends on, read from the data's deadline rule
    (meta.yaml `applies` and `from`); the questions deciding whether those are asked
    are added by whoever enumerates paths."""
    memo: dict[str, set[str]] | None = data.memo.get("derived_from")
    if memo is None:
        found = _deadline_rule(data, "activation")
        deadline = keys_used(found[1]["applies"]) | {found[1]["from"]} if found else set()
        memo = data.memo["derived_from"] = {
            "deadline": deadline,
            "received_known": deadline,
            "overdue": deadline,
            "region_data": {"region"},
            "living_elsewhere": {"region", "living_region"},
        }
    return memo


def token_deriver(
    data: Dataset, today: dt.date, settings: Mapping[str, Any], level: str
) -> Callable[[Mapping[str, Any], set[str]], set[str]]:
    """derive_tokens for many paths of one region: the derived facts are worked out once per
    distinct value of the answers they depend on (validate's proofs try ~60,000 paths)."""
    keys = sorted(set().union(*derived_from(data).values()))
    memo: dict[tuple[Any, ...], set[str]] = {}

    def derive(answers: Mapping[str, Any], tokens: set[str]) -> set[str]:
        key = tuple([tuple(v) if v.__class__ is list else v for v in map(answers.get, keys)])
        extra = memo.get(key)
        if extra is None:
            extra = memo[key] = fact_tokens(_derived(data, answers, tokens, today, settings, level))
        return tokens | extra

    return derive


def derive_facts(
    data: Dataset, answers: Mapping[str, Any], today: dt.date, settings: Mapping[str, Any], level: str
) -> dict[str, Any]:
    """Answers plus the derived facts conditions may use (data/README.md)."""
    return {**answers, **_derived(data, answers, fact_tokens(answers), today, settings, level)}


def derive_tokens(
    data: Dataset,
    answers: Mapping[str, Any],
    today: dt.date,
    settings: Mapping[str, Any],
    level: str,
    tokens: set[str] | None = None,
) -> set[str]:
    """fact_tokens(derive_facts(...)), without building the facts twice (validate's proofs);
    `tokens`: the answers' own tokens, when the caller has them already."""
    if tokens is None:
        tokens = fact_tokens(answers)
    return tokens | fact_tokens(_derived(data, answers, tokens, today, settings, level))


def _derived(
    data: Dataset,
    answers: Mapping[str, Any],
    tokens: set[str],
    today: dt.date,
    settings: Mapping[str, Any],
    level: str,
) -> dict[str, Any]:
    facts: dict[str, Any] = {"region_data": level}
    found = _deadline_rule(data, "activation")
    if found is not None and found[0](tokens):
        facts["deadline"] = "activation"
        due = activation_due(data, answers, settings, tokens)
        facts["received_known"] = "yes" if due else "no"
        if due is not None:
            facts["overdue"] = "yes" if due < today else "no"
    else:
        facts["deadline"] = "none"
    living = answers.get("living_region")
    if living:
        facts["living_elsewhere"] = "yes" if _apart(data, str(answers["region"]), str(living)) else "no"
    return facts


def _apart(data: Dataset, region: str, living: str) -> bool:
    """Whether the holder lives outside the insured place (neither contains the other)."""
    if region == "national" or living == "national":
        return False
    return living not in data.region_chain(region) and region not in data.region_chain(living)


def document_noun(data: Dataset, answers: Mapping[str, Any], lang: str) -> str:
    """The holder's ID document as items name it ({doc}), from the id_document answer or its default."""
    if not data.has_question("id_document"):
        return ""
    question = data.question("id_document")
    value = str(answers.get("id_document") or question.default)
    choice = question.choice(value)
    if choice is None:
        return value
    return (choice.noun or choice.label)[lang]


def build_checklist(
    data: Dataset,
    answers: Mapping[str, Any],
    today: dt.date,
    lang: str = "zh",
    *,
    with_summary: bool = True,
    name: str | None = None,
) -> Checklist:
    """The checklist for normalised answers. `with_summary=False` skips the human-readable
    answer summary, which only the text-like renderers show (JSON does not)."""
    region = str(answers["region"])
    _items, settings, level = effective_items(data, region)
    facts = derive_facts(data, answers, today, settings, level)
    due = activation_due(data, answers, settings) if facts.get("deadline") == "activation" else None
    region_name = data.region_name(region, lang)
    living = answers.get("living_region")
    values = {
        "months": str(settings.get("activation_months", 6)),
        "region": region_name,
        "living": data.region_name(str(living), lang) if living else region_name,
        "doc": document_noun(data, answers, lang),
        "due": display(due, lang) if due else "",
        "days_left": str((due - today).days) if due else "",
    }

    sections = [Section(s["id"], s["title"][lang]) for s in data.sections]
    cited: dict[str, None] = {}
    tokens = fact_tokens(facts)
    for index, test, item_id, text, templated, sources, dated in prepared_items(data, region, lang):
        if not test(tokens):
            continue
        if templated:
            text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
        entry = Item(item_id, text, list(sources))
        if dated and due is not None:
            entry.due = due.isoformat()
            entry.days_left = (due - today).days
            entry.overdue = entry.days_left < 0
        sections[index].items.append(entry)
        cited.update(dict.fromkeys(sources))
    sources_out = [source_entry(data, sid, lang) for sid in cited]

    return Checklist(
        lang=lang,
        today=today.isoformat(),
        data_version=data.data_version,
        checked=data.checked,
        answers=public_answers(answers),
        region={"id": region, "name": region_name, "specific": level in ("own", "province")},
        sections=sections,
        sources=sources_out,
        summary=summary(data, answers, lang) if with_summary else [],
        name=name,
    )


def public_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as the JSON contract shows them (an unknown date is left out)."""
    return {
        k: (list(v) if isinstance(v, list) else v) for k, v in answers.items() if not (k == "received" and v == UNSURE)
    }


def answer_label(data: Dataset, qid: str, value: Any, lang: str) -> str:
    question = data.question(qid)
    return question.kind.label(data, question, value, lang)


def summary(data: Dataset, answers: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    return [
        (data.question(qid).label[lang], answer_label(data, qid, answers[qid], lang))
        for qid in on_path(data, answers)
        if qid in answers
    ]
