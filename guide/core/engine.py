"""The pure core: answers in, next question or checklist out.

No printing, prompting or clock: `today` is a parameter. Answers must already be
normalised (answers.normalise_answers).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import Any

from .conditions import MEMO_MAX, Projected, fact_tokens, keys_used, projected_test
from .dataset import Dataset
from .dates import add_months, display
from .model import Checklist, Item, Section
from .questions import UNSURE, Question
from .records import ItemSpec, Source

SCHEMA = "sbk-guide.checklist/2"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
REGION_CONSTANT = frozenset({"months", "region"})  # placeholders whose values follow from the region and language
_NAMES: dict[str, tuple[str, ...]] = {}  # an item's text -> the names of its placeholders (Decision.placeholders)


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


def unconfirmed_ids(data: Dataset, region: str) -> frozenset[str]:
    """Ids of the region's items marked `unconfirmed` (only a weak source supports them)."""
    key = ("unconfirmed", region)
    if key not in data.memo:
        data.memo[key] = frozenset(i.id for i in effective_items(data, region)[0] if i.unconfirmed)
    return data.memo[key]  # type: ignore[no-any-return]


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


def _deadline_rule(data: Dataset, name: str) -> tuple[Projected, dict[str, Any]] | None:
    """The `applies` test (remembered per value of the answers it reads) and the rule of
    deadline `name` (meta.yaml), once per data set."""
    key = ("deadline", name)
    if key not in data.memo:
        rule = data.deadlines.get(name)
        data.memo[key] = (projected_test(rule["applies"]), rule) if rule is not None else None
    found: tuple[Projected, dict[str, Any]] | None = data.memo[key]
    return found


def _due_from(start: str, months: int, memo: dict[Any, Any]) -> dt.date:
    """`months` after the ISO date `start`, once per start date and period (rosters repeat dates)."""
    key = ("due", start, months)
    due: dt.date | None = memo.get(key)
    if due is None:
        due = memo[key] = add_months(dt.date.fromisoformat(start), months)
    return due


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
    """fact_tokens of the answers and their derived facts, for many paths of one region:
    the derived facts are worked out once per distinct value of the answers they depend on
    (validate's proofs try ~60,000 paths)."""
    keys = set().union(*derived_from(data).values())
    extra = Projected(keys, lambda answers: fact_tokens(_derived(data, answers, today, settings, level)[0]))

    def derive(answers: Mapping[str, Any], tokens: set[str]) -> set[str]:
        derived: set[str] = extra(answers)
        return tokens | derived

    return derive


def _derived(
    data: Dataset, answers: Mapping[str, Any], today: dt.date, settings: Mapping[str, Any], level: str
) -> tuple[dict[str, Any], dt.date | None]:
    """The derived facts (without the answers), and the activation deadline when it applies."""
    facts: dict[str, Any] = {"region_data": level}
    found = _deadline_rule(data, "activation")
    due = None
    if found is not None and found[0](answers):
        rule = found[1]
        facts["deadline"] = "activation"
        start = answers.get(rule["from"])
        if start and start != UNSURE:
            due = _due_from(str(start), int(settings.get(rule["months"], 6)), data.memo)
        facts["received_known"] = "yes" if due else "no"
        if due is not None:
            facts["overdue"] = "yes" if due < today else "no"
    else:
        facts["deadline"] = "none"
    living = answers.get("living_region")
    if living:
        facts["living_elsewhere"] = "yes" if _apart(data, str(answers["region"]), str(living)) else "no"
    return facts, due


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


class Selector:
    """Which of a region's prepared items hold for a set of facts, as a bit mask of their positions.

    The same result as testing every item over fact_tokens(facts), but remembered per group of
    items: items are grouped by the facts their conditions read (an item whose facts are a
    subset of a larger group's joins that group), and each group's answer is kept per value of
    those few facts. Over a roster the groups see few distinct values, so a checklist costs a
    dozen look-ups instead of a test per item (the batch hot path). Regions whose groups have
    the same conditions (most items are national) share what was worked out (`shared`)."""

    __slots__ = ("always", "blank", "groups", "keys", "lists", "orders")

    def __init__(
        self, conditions: list[tuple[Any, Mapping[str, Any] | None]], shared: dict[Any, Any], lists: set[str]
    ) -> None:
        read = [frozenset(keys_used(when)) for _, when in conditions]
        widest = [k for k in sorted(set(read), key=lambda k: (-len(k), sorted(k))) if k]
        tops = [k for n, k in enumerate(widest) if not any(k < other for other in widest[:n])]
        members: dict[frozenset[str], list[int]] = {top: [] for top in tops}
        self.always = 0
        for n, ((test, _), keys) in enumerate(zip(conditions, read, strict=True)):
            if not keys:
                self.always |= (1 << n) if test(frozenset()) else 0
            else:
                members[next(top for top in tops if keys <= top)].append(n)
        self.keys = tuple(sorted(set().union(*tops)))
        self.blank = dict.fromkeys(self.keys)  # facts not given read as None
        self.lists = tuple(k for k in self.keys if k in lists)  # answers given as lists (made tuples: hashable)
        # (keys, their getter, mask per value of them, the shared tests, bit per member, mask per members held)
        self.groups: list[tuple[tuple[str, ...], Any, dict[Any, int], Any, tuple[int, ...], dict[Any, int]]] = []
        for top in tops:
            if not members[top]:
                continue
            names = tuple(sorted(top))
            tests = tuple(conditions[n][0] for n in members[top])
            signature = (names, tuple(repr(conditions[n][1]) for n in members[top]))
            common = shared.setdefault(signature, _GroupTests(names, tests))
            self.groups.append((names, itemgetter(*names), {}, common, tuple(1 << n for n in members[top]), {}))
        self.orders: dict[int, tuple[int, ...]] = {}

    def __call__(self, facts: Mapping[str, Any]) -> int:
        """The items that hold, as a bit mask of their positions."""
        flat = {**self.blank, **facts}
        for k in self.lists:
            if (v := flat[k]).__class__ is list:
                flat[k] = tuple(v)
        mask = self.always
        for _keys, getter, memo, common, bits, masks in self.groups:
            seen = getter(flat)
            found = memo.get(seen)
            if found is None:
                held = common(seen)
                found = masks.get(held)  # many values of the facts hold the same items
                if found is None:
                    found = masks[held] = sum(bits[n] for n in held)
                if len(memo) > MEMO_MAX:
                    memo.clear()
                memo[seen] = found
            mask |= found
        return mask

    def positions(self, mask: int) -> tuple[int, ...]:
        """The positions in a mask, in order."""
        order = self.orders.get(mask)
        if order is None:
            if len(self.orders) > MEMO_MAX:
                self.orders.clear()
            order = self.orders[mask] = tuple(n for n in range(mask.bit_length()) if mask >> n & 1)
        return order


class _GroupTests:
    """The tests of a group of items over the facts they read: the positions (in the group) of
    those that hold, remembered per value of those facts."""

    __slots__ = ("keys", "memo", "tests")

    def __init__(self, keys: tuple[str, ...], tests: tuple[Any, ...]) -> None:
        self.keys, self.tests = keys, tests
        self.memo: dict[Any, tuple[int, ...]] = {}

    def __call__(self, seen: Any) -> tuple[int, ...]:
        found = self.memo.get(seen)
        if found is None:
            if len(self.memo) > MEMO_MAX:
                self.memo.clear()
            values = seen if len(self.keys) > 1 else (seen,)  # itemgetter of one key gives the value itself
            tokens = fact_tokens(dict(zip(self.keys, values, strict=True)))
            found = self.memo[seen] = tuple(n for n, test in enumerate(self.tests) if test(tokens))
        return found


def selector(data: Dataset, region: str) -> Selector:
    """The Selector of the region's prepared items (the same for every language), once per region."""
    key = ("selector", region)
    found: Selector | None = data.memo.get(key)
    if found is None:
        items, _, _ = effective_items(data, region)
        position = {s["id"] for s in data.sections}
        shared = data.memo.setdefault(("selector-groups",), {})
        conditions = [(i.test, i.when) for i in items if i.section in position]
        lists = {q.id for q in data.questions if q.kind.multiple}
        found = data.memo[key] = Selector(conditions, shared, lists)
    return found


class Decision:
    """What build_checklist decides, before any object of the model is made: the region, the
    deadline, the values of the texts' placeholders and the items that hold (`mask`: bit n is
    position n in prepared_items). render/json_out.DecisionLines writes JSON straight from it."""

    __slots__ = (
        "answers",
        "due",
        "lang",
        "level",
        "mask",
        "prepared",
        "region",
        "region_name",
        "selector",
        "today",
        "values",
    )

    def __init__(
        self,
        answers: Mapping[str, Any],
        today: dt.date,
        lang: str,
        region: str,
        region_name: str,
        level: str,
        due: dt.date | None,
        values: dict[str, str],
        prepared: list[Prepared],
        selector: Selector,
        mask: int,
    ) -> None:
        self.answers, self.today, self.lang, self.region, self.region_name = answers, today, lang, region, region_name
        self.level, self.due, self.values, self.prepared = level, due, values, prepared
        self.selector, self.mask = selector, mask

    @property
    def picked(self) -> tuple[int, ...]:
        """The positions (in prepared) of the items that hold, in order."""
        return self.selector.positions(self.mask)

    def region_entry(self) -> dict[str, Any]:
        """The checklist's `region`: id, name and whether the region (or its province) has data of its own."""
        return {"id": self.region, "name": self.region_name, "specific": self.level in ("own", "province")}

    def placeholders(self, text: str) -> tuple[str, ...]:
        """The names of the placeholders in an item's text (what its filled text depends on)."""
        names = _NAMES.get(text)
        if names is None:
            names = _NAMES[text] = tuple(_PLACEHOLDER.findall(text))
        return names

    def text(self, text: str) -> str:
        """An item's text with its placeholders filled ({months}, {region}, {living}, {doc}, {due}, {days_left})."""
        values = self.values
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def decide(data: Dataset, answers: Mapping[str, Any], today: dt.date, lang: str = "zh") -> Decision:
    """The decisions of build_checklist for normalised answers (see Decision)."""
    due, mask = choose(data, answers, today, lang)
    return assemble(data, answers, today, lang, due, mask)


def choose(data: Dataset, answers: Mapping[str, Any], today: dt.date, lang: str = "zh") -> tuple[dt.date | None, int]:
    """decide()'s two choices: the activation deadline (if any) and the items that hold (a mask)."""
    region = str(answers["region"])
    settings, level, _, select, _, _ = _region_parts(data, region, lang)
    derived, due = _derived(data, answers, today, settings, level)
    return due, select({**answers, **derived})


def assemble(
    data: Dataset, answers: Mapping[str, Any], today: dt.date, lang: str, due: dt.date | None, mask: int
) -> Decision:
    """The Decision for the choices of choose() (batch makes them in another process)."""
    region = str(answers["region"])
    settings, level, region_name, select, prepared, memo = _region_parts(data, region, lang)
    living = answers.get("living_region")
    key = (region, lang, living, answers.get("id_document"), due, today)
    values = memo.get(key)
    if values is None:  # the placeholders' values, once per combination (rosters repeat them)
        if len(memo) > MEMO_MAX:
            memo.clear()
        values = memo[key] = {
            "months": str(settings.get("activation_months", 6)),
            "region": region_name,
            "living": _region_name(data, str(living), lang) if living else region_name,
            "doc": _document_noun(data, answers, lang),
            "due": display(due, lang) if due else "",
            "days_left": str((due - today).days) if due else "",
        }
    return Decision(answers, today, lang, region, region_name, level, due, values, prepared, select, mask)


def _region_parts(data: Dataset, region: str, lang: str) -> tuple[Any, ...]:
    """What decide() needs of a region in a language, looked up once: settings, data level,
    name, item selector, prepared items and the memo of placeholder values."""
    key = ("decide", region, lang)
    found: tuple[Any, ...] | None = data.memo.get(key)
    if found is None:
        _items, settings, level = effective_items(data, region)
        memo: dict[Any, dict[str, str]] = data.memo.setdefault("placeholder-values", {})
        name, select, prepared = (
            _region_name(data, region, lang),
            selector(data, region),
            prepared_items(data, region, lang),
        )
        found = data.memo[key] = (settings, level, name, select, prepared, memo)
    return found


def _region_name(data: Dataset, region: str, lang: str) -> str:
    key = ("region-name", region, lang)
    name: str | None = data.memo.get(key)
    if name is None:
        name = data.memo[key] = data.region_name(region, lang)
    return name


def _document_noun(data: Dataset, answers: Mapping[str, Any], lang: str) -> str:
    key = ("doc", answers.get("id_document"), lang)
    noun: str | None = data.memo.get(key)
    if noun is None:
        noun = data.memo[key] = document_noun(data, answers, lang)
    return noun


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
    decision = decide(data, answers, today, lang)
    due = decision.due
    sections = [Section(s["id"], s["title"][lang]) for s in data.sections]
    cited: dict[str, None] = {}
    prepared = decision.prepared
    for n in decision.picked:
        index, _test, item_id, text, templated, sources, dated = prepared[n]
        entry = Item(
            item_id,
            decision.text(text) if templated else text,
            list(sources),
            unconfirmed=item_id in unconfirmed_ids(data, decision.region),
        )
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
        region=decision.region_entry(),
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
