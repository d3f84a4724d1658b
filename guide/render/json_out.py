"""--format json: the contract's JSON document (checklist.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ..core.engine import REGION_CONSTANT, public_answers, source_entry, unconfirmed_ids
from ..core.model import Checklist, Item, Section
from ..core.questions import UNSURE

if TYPE_CHECKING:
    import datetime as dt

    from ..core.dataset import Dataset
    from ..core.engine import Decision


_FIRST, _SECOND = itemgetter(0), itemgetter(1)
# Placeholders filled when a section is built: they follow from the region and language, or
# from the ID document ({doc}), which is part of the keys of plans and sections.
_PER_PLAN = REGION_CONSTANT | {"doc"}
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # what json.dumps builds per call
FRAGMENTS_MAX = 20_000  # encoded fragments kept (bounded memory on huge, varied rosters)


def _dumps(value: Any) -> str:
    return _COMPACT.encode(value)


def render_json(checklist: Checklist) -> str:
    return json.dumps(checklist.to_dict(), ensure_ascii=False, indent=2) + "\n"


# A section as the text before, between and after its holes (the items made per row: position
# in prepared, the getter of their placeholders' values, whether dated, the item's number in
# DecisionLines.holes), and its items' positions with the sources they cite.
Hole = tuple[int, Callable[[Mapping[str, str]], Any], bool, int]
Layout = tuple[tuple[bytes, ...], tuple[Hole, ...], tuple[tuple[int, tuple[str, ...]], ...]]
# A plan's hole: place in rest(), the item's number (its fragments' key), position in prepared,
# the getter of its placeholders' values, and whether it carries the deadline.
PlanHole = tuple[int, int, int, Callable[[Mapping[str, str]], Any], bool]
Plan = tuple[tuple[bytes, ...], tuple[PlanHole, ...]]


def _no_values(values: Mapping[str, str]) -> tuple[()]:
    """The values of no placeholders (a dated item whose text has none)."""
    return ()


def _answers_encoder() -> Callable[[Any], str]:
    """json.dumps(value, ensure_ascii=False, separators=(",", ":")) for the small `answers`
    object, without JSONEncoder.encode's per-call set-up when the C encoder is there."""
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)  # the C accelerator json.dumps uses
    if make is None:  # pragma: no cover - CPython has it
        return _dumps
    one = make(None, _COMPACT.default, encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda value: "".join(one(value, 0))


class DecisionLines:
    """JSON lines (UTF-8) straight from engine.decide(), without building the checklist's
    objects: byte for byte `json.dumps(build_checklist(...).to_dict(), separators=(",", ":"))`.

    Each section is encoded once per set of items it holds, with the sources those items
    cite; the sources once per list of sources; all kept as UTF-8. Per row only the answers,
    the texts with placeholders and the dated items may need encoding (those also remembered
    per value). The pieces come from the model's own to_dict(), so a change of the model
    changes them too (tests/test_batch.py compares with json.dumps)."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.splits: dict[Any, tuple[tuple[int, int], ...]] = {}  # per region: (section, its items' bits)
        self.sections: dict[Any, Layout] = {}  # per region, language, section, items held and {doc}
        self.plans: dict[Any, Plan] = {}  # per region, language, items and {doc}: the line after `answers`
        self.fragments: dict[Any, bytes] = {}  # items, sources, source lists, regions, heads
        self.holes: dict[tuple[str, str, int], int] = {}  # a number for each item with holes (keys of _item)
        self.encode_answers = _answers_encoder()

    def __call__(self, decision: Decision, name: str | None = None) -> bytes:
        return b"".join(self.parts(decision, name))

    def parts(self, decision: Decision, name: str | None = None) -> list[bytes]:
        """The line in pieces (joined, they are the line; the first opens the object)."""
        return [self.head(decision.lang, decision.today, name), self.answers(decision.answers), *self.rest(decision)]

    def rest(self, decision: Decision) -> list[bytes]:
        """The pieces of the line after the value of `answers`."""
        key = (decision.region, decision.lang, decision.mask, decision.values["doc"])
        pieces, holes = self.plans.get(key) or self._plan(decision, key)
        rest = list(pieces)
        for hole in holes:
            rest[hole[0]] = self._item(decision, hole)
        return rest

    def _plan(self, decision: Decision, plan_key: Any) -> Plan:
        """The line after `answers` for a set of items: region, sections, sources as pieces of
        text, with holes for the items made per row."""
        region, lang, mask = decision.region, decision.lang, decision.mask
        layouts = []
        for number, bits in self.splits.get(region) or self._split(decision):
            key = (region, lang, number, mask & bits, decision.values["doc"])
            layouts.append(self.sections.get(key) or self._section(key, decision, number, mask & bits))
        held = [entry for layout in layouts for entry in layout[2]]
        held.sort(key=_FIRST)  # items in their order, not by section
        sources = self._sources(tuple(dict.fromkeys(chain.from_iterable(map(_SECOND, held)))), lang)
        pieces = [self._region(decision)]  # the cached texts themselves, not copies (memory)
        holes: list[PlanHole] = []
        for runs, section_holes, _ in layouts:
            pieces.append(runs[0])
            for (n, values, dated, made), after in zip(section_holes, runs[1:]):  # noqa: B905 - one run more
                holes.append((len(pieces), made, n, values, dated))
                pieces += (b"", after)
        pieces.append(sources)
        if len(self.plans) > FRAGMENTS_MAX:
            self.plans.clear()
        found = self.plans[plan_key] = (tuple(pieces), tuple(holes))
        return found

    def _split(self, decision: Decision) -> tuple[tuple[int, int], ...]:
        """Each section's number with the bits of the region's items in it."""
        bits = [0] * len(self.data.sections)
        for n, entry in enumerate(decision.prepared):
            bits[entry[0]] |= 1 << n
        found = self.splits[decision.region] = tuple(enumerate(bits))
        return found

    def answers(self, answers: Mapping[str, Any]) -> bytes:
        """The value of `answers` (public_answers: an unknown date is left out)."""
        if answers.get("received") == UNSURE:
            answers = public_answers(answers)
        return self.encode_answers(answers).encode()

    def _fragment(self, key: Any, make: Any) -> bytes:
        found = self.fragments.get(key)
        if found is None:
            if len(self.fragments) > FRAGMENTS_MAX:
                self.fragments.clear()
            found = self.fragments[key] = _dumps(make()).encode()
        return found

    def head(self, lang: str, today: dt.date, name: str | None = None) -> bytes:
        """The document up to the value of `answers` (the model's to_dict() ends with answers,
        region, sections, sources), once per language, date and name."""
        key = ("head", lang, today, name)
        found = self.fragments.get(key)
        if found is None:
            doc = Checklist(
                lang=lang,
                today=today.isoformat(),
                data_version=self.data.data_version,
                checked=self.data.checked,
                answers={},
                region={},
                sections=[],
                sources=[],
                name=name,
            ).to_dict()
            keys = list(doc)[:-4]
            found = self.fragments[key] = (_dumps({k: doc[k] for k in keys})[:-1] + ',"answers":').encode()
        return found

    def _region(self, decision: Decision) -> bytes:
        """`,"region":{...},"sections":[` for the decision's region."""
        key = ("region", decision.region, decision.lang)
        found = self.fragments.get(key)
        if found is None:
            found = self.fragments[key] = f',"region":{_dumps(decision.region_entry())},"sections":['.encode()
        return found

    def _sources(self, cited: tuple[str, ...], lang: str) -> bytes:
        """`],"sources":[...]}`: the sources (in order of first citation), once per list."""
        key = ("sources", lang, cited)
        found = self.fragments.get(key)
        if found is None:
            data = self.data
            listed = b",".join(
                self._fragment(("source", sid, lang), lambda sid=sid: source_entry(data, sid, lang)) for sid in cited
            )
            found = self.fragments[key] = b'],"sources":[' + listed + b"]}"
        return found

    def _section(self, key: Any, decision: Decision, number: int, bits: int) -> Layout:
        """A section as the text between its holes (the items whose text has placeholders that
        differ from row to row, or a date), with the sources its items cite."""
        lang = decision.lang
        run = [self._opening(number, lang)]
        runs: list[bytes] = []
        holes = []
        cited = []
        weak = unconfirmed_ids(self.data, decision.region)
        for place, n in enumerate(decision.selector.positions(bits)):
            if place:
                run.append(b",")
            _, _, item_id, text, templated, sources, dated = decision.prepared[n]
            cited.append((n, sources))
            names = decision.placeholders(text) if templated else ()
            if templated and not dated and _PER_PLAN.issuperset(names):  # the same for every row
                run.append(self._static(item_id, decision.text(text), sources, item_id in weak))
            elif templated or dated:
                made = self.holes.setdefault((decision.region, lang, n), len(self.holes))
                holes.append((n, itemgetter(*names) if names else _no_values, dated, made))
                runs.append(b"".join(run))
                run = []
            else:
                run.append(self._static(item_id, text, sources, item_id in weak))
        run.append(b"]}")
        runs.append(b"".join(run))
        layout: Layout = tuple(runs), tuple(holes), tuple(cited)
        if len(self.sections) > FRAGMENTS_MAX:
            self.sections.clear()
        self.sections[key] = layout
        return layout

    def _opening(self, number: int, lang: str) -> bytes:
        """A section up to its items: `{"id":...,"title":...,"items":[` (a comma before all but the first)."""
        key = ("section", number, lang)
        found = self.fragments.get(key)
        if found is None:
            section = self.data.sections[number]
            empty = _dumps(Section(section["id"], section["title"][lang]).to_dict())  # items come last: ...[]}
            found = self.fragments[key] = ("," if number else "").encode() + empty[:-2].encode()
        return found

    def _static(self, item_id: str, text: str, sources: tuple[str, ...], unconfirmed: bool) -> bytes:
        key = ("item", item_id, text, sources, unconfirmed)
        return self._fragment(key, lambda: Item(item_id, text, list(sources), unconfirmed=unconfirmed).to_dict())

    def _item(self, decision: Decision, hole: PlanHole) -> bytes:
        """An item whose text has placeholders or which carries the deadline (as build_checklist
        makes it), encoded once per value of its placeholders (picked by the hole's getter) and deadline."""
        _, number, n, values, dated = hole
        due = decision.due if dated else None
        key = (number, due, decision.today, values(decision.values))
        found = self.fragments.get(key)
        if found is None:
            _, _, item_id, text, templated, sources, _ = decision.prepared[n]
            filled = decision.text(text) if templated else text
            item = Item(
                item_id, filled, list(sources), unconfirmed=item_id in unconfirmed_ids(self.data, decision.region)
            )
            if due is not None:
                item.due, item.days_left = due.isoformat(), (due - decision.today).days
                item.overdue = item.days_left < 0
            if len(self.fragments) > FRAGMENTS_MAX:
                self.fragments.clear()
            found = self.fragments[key] = _dumps(item.to_dict()).encode()
        return found
