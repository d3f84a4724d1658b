"""The pure core: answers in, next question or checklist out.

No printing, prompting or clock: `today` is a parameter. Answers must already be
normalised (answers.normalise_answers).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from .conditions import Projected, fact_tokens, keys_used
from .dataset import Dataset
from .dates import add_months, display
from .model import Checklist, First, Item, Section, Visit, first_sentence
from .plan import Arranged, arrange, visit_who
from .questions import UNSURE, Question
from .records import ItemSpec, Overlay, Source

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def next_question(data: Dataset, answers: Mapping[str, Any]) -> Question | None:
    """The first question on the path that has no answer yet, or None when done."""
    so_far: dict[str, Any] = {}
    for question in data.questions:
        if not question.asked(so_far):
            continue
        if question.id not in answers:
            return question
        so_far[question.id] = answers[question.id]
    return None


def on_path(data: Dataset, answers: Mapping[str, Any]) -> list[str]:
    """Ids of the questions the answers' path asks, in order (answered or not)."""
    so_far: dict[str, Any] = {}
    ids = []
    for question in data.questions:
        if question.asked(so_far):
            ids.append(question.id)
            if question.id in answers:
                so_far[question.id] = answers[question.id]
    return ids


class RegionItems(NamedTuple):
    """What a region contributes: the national items with its overlays applied, the settings
    in force, and how specific the data is: 'national', 'own' (the region has an overlay),
    'province' (only its province has one) or 'none'."""

    items: tuple[ItemSpec, ...]
    settings: Mapping[str, Any]
    level: str


def effective_items(data: Dataset, region: str) -> RegionItems:
    """National items with the region's overlays applied (province, then city). Worked out for
    each checklist: remembering it per region saved 8% of a 5,000-row batch (issue 21 asks
    for 20% before a cache is kept)."""
    items = list(data.items)
    settings = dict(data.settings)
    chain = data.region_chain(region)
    for rid in chain:
        for overlay in data.overlays.get(rid, []):
            settings.update(overlay.settings)
            items = _overlaid(items, overlay)
    if region == "national":
        level = "national"
    elif data.has_own_data(region):
        level = "own"
    elif any(data.has_own_data(r) for r in chain):
        level = "province"
    else:
        level = "none"
    return RegionItems(tuple(items), settings, level)


def _overlaid(items: list[ItemSpec], overlay: Overlay) -> list[ItemSpec]:
    """The items with one overlay's removals, replacements and additions."""
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
    return items


def source_entry(data: Dataset, sid: str, lang: str) -> dict[str, str]:
    """The contract's view of a source: `title` and `date` only where the page shows them
    (renderers name a page without a headline by its publisher, never by a made-up title).
    `lang` is kept for callers; the entry is the same in both languages."""
    src = data.sources.get(sid) or Source(sid, "?", title=sid)
    return src.public()


# Derived facts conditions may use, and their values (validate checks conditions against them;
# the situation check enumerates the answers each depends on: derived_from()).
DERIVED_VALUES: dict[str, tuple[str, ...]] = {
    "deadline": ("activation", "none"),
    "received_known": ("yes", "no"),
    "overdue": ("yes", "no"),
    "region_data": ("national", "own", "province", "none"),
    "living_elsewhere": ("yes", "in-province", "no"),  # yes: another province
}
# The placeholders items' texts may use (filled by placeholder_values; validate checks texts against them).
PLACEHOLDERS = ("months", "region", "living", "doc", "due", "days_left")


def derived_from(data: Dataset) -> dict[str, set[str]]:
    """The answers each derived fact depends on, read from the data's deadline rule
    (meta.yaml `applies` and `from`); the questions deciding whether those are asked
    are added by whoever enumerates paths."""
    rule = data.deadlines.get("activation")
    deadline = keys_used(rule["applies"]) | {rule["from"]} if rule is not None else set()
    return {
        "deadline": deadline,
        "received_known": deadline,
        "overdue": deadline,
        "region_data": {"region"},
        "living_elsewhere": {"region", "living_region"},
    }


def token_deriver(
    data: Dataset, today: dt.date, settings: Mapping[str, Any], level: str
) -> Callable[[Mapping[str, Any], set[str]], set[str]]:
    """fact_tokens of the answers and their derived facts, for many paths of one region:
    the derived facts are worked out once per distinct value of the answers they depend on
    (validate's proofs try ~60,000 paths)."""
    keys = set().union(*derived_from(data).values())
    extra = Projected(keys, lambda answers: fact_tokens(derived_facts(data, answers, today, settings, level)[0]))

    def derive(answers: Mapping[str, Any], tokens: set[str]) -> set[str]:
        derived: set[str] = extra(answers)
        return tokens | derived

    return derive


def derived_facts(
    data: Dataset, answers: Mapping[str, Any], today: dt.date, settings: Mapping[str, Any], level: str
) -> tuple[dict[str, Any], dt.date | None]:
    """The derived facts (without the answers), and the activation deadline when it applies."""
    facts: dict[str, Any] = {"region_data": level}
    rule = data.deadlines.get("activation")
    due = None
    if rule is not None and rule["months"] in settings and data.deadline_tests["activation"](fact_tokens(answers)):
        facts["deadline"] = "activation"
        start = answers.get(rule["from"])
        if start and start != UNSURE:
            due = add_months(dt.date.fromisoformat(str(start)), int(settings[rule["months"]]))
        facts["received_known"] = "yes" if due else "no"
        if due is not None:
            facts["overdue"] = "yes" if due < today else "no"
    else:
        facts["deadline"] = "none"
    living = answers.get("living_region")
    if living:
        facts["living_elsewhere"] = _living_elsewhere(data, str(answers["region"]), str(living))
    return facts, due


def _living_elsewhere(data: Dataset, region: str, living: str) -> str:
    """'yes' (another province), 'in-province' (another city of the insured province) or 'no'
    (the same place, or one holds the other)."""
    if region == "national" or living == "national":
        return "no"
    here, there = data.region_chain(region), data.region_chain(living)
    if living in here or region in there:
        return "no"
    return "in-province" if here[0] == there[0] else "yes"


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


def placeholder_values(
    data: Dataset,
    answers: Mapping[str, Any],
    today: dt.date,
    lang: str,
    settings: Mapping[str, Any],
    due: dt.date | None,
) -> dict[str, str]:
    """The values of the PLACEHOLDERS for one checklist."""
    region_name = data.region_name(str(answers["region"]), lang)
    living = answers.get("living_region")
    return {
        "months": str(settings.get("activation_months", "")),
        "region": region_name,
        "living": data.region_name(str(living), lang) if living else region_name,
        "doc": document_noun(data, answers, lang),
        "due": display(due, lang) if due else "",
        "days_left": str((due - today).days) if due else "",
    }


def fill(text: str, values: Mapping[str, str]) -> str:
    """An item's text with its placeholders filled (an unknown one is left as it is)."""
    if "{" not in text:
        return text
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def build_checklist(
    data: Dataset,
    answers: Mapping[str, Any],
    today: dt.date,
    lang: str = "zh",
    *,
    with_summary: bool = True,
    name: str | None = None,
) -> Checklist:
    """The checklist for normalised answers: the region's items whose condition holds, arranged
    as a plan (core/plan.py), in their sections. `with_summary=False` skips the human-readable
    answer summary, which only the text-like renderers show (JSON does not)."""
    region = str(answers["region"])
    items, settings, level = effective_items(data, region)
    facts, due = derived_facts(data, answers, today, settings, level)
    tokens = fact_tokens({**answers, **facts})
    values = placeholder_values(data, answers, today, lang, settings, due)
    sections = {s["id"]: Section(s["id"], s["title"][lang]) for s in data.sections}
    held = [spec for spec in items if spec.section in sections and spec.test(tokens)]
    arranged = arrange(data, held, fact_tokens(answers))
    cited: dict[str, None] = {}
    for spec in arranged.items:
        item = Item(spec.id, fill(spec.text[lang], values), list(spec.sources), unconfirmed=spec.unconfirmed)
        if spec.short:
            item.short = fill(spec.short.get(lang, ""), values)
        if spec.due == "activation" and due is not None:
            item.due = due.isoformat()
            item.days_left = (due - today).days
            item.overdue = item.days_left < 0
        sections[spec.section].items.append(item)
        cited.update(dict.fromkeys(item.sources))
    plan, first = _plan_out(data, arranged, values, lang)
    return Checklist(
        lang=lang,
        today=today.isoformat(),
        data_version=data.data_version,
        checked=data.checked,
        answers=public_answers(answers),
        region={"id": region, "name": values["region"], "specific": level in ("own", "province")},
        sections=list(sections.values()),
        sources=[source_entry(data, sid, lang) for sid in cited],
        summary=summary(data, answers, lang) if with_summary else [],
        name=name,
        first=first,
        plan=plan,
    )


def _plan_out(
    data: Dataset, arranged: Arranged, values: Mapping[str, str], lang: str
) -> tuple[list[Visit], First | None]:
    """The contract's `plan` and `first`: each visit titled by its place (plan.yaml), and the first
    visit said in one sentence: where to go and the short form of what is done there."""
    no_card = arranged.state.get("card_in_hand") == "no"
    titles = {p["id"]: (p.get("title_without_card") if no_card else None) or p["title"] for p in data.places}

    def after_new_card(place: str) -> str:  # "got it on the spot? carry on there" only where one goes
        heading = data.after_new_card if place in data.in_person else data.after_new_card_remote
        return heading[lang] + ("" if lang == "zh" else " ")

    plan = [
        Visit(
            v.place,
            (after_new_card(v.place) if v.new_card else "") + titles[v.place][lang],
            visit_who(v.steps),
            [s.id for s in v.steps],
            list(v.bring),
        )
        for v in arranged.visits
    ]
    if not arranged.visits:
        return plan, None
    head = arranged.visits[0]
    shorts = [fill(s.short[lang], values) for s in head.steps if s.short][:3] or [
        fill(head.steps[0].text[lang], values).rstrip("。.")
    ]
    return plan, First(first_sentence(titles[head.place][lang], shorts, lang), head.steps[0].id)


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
