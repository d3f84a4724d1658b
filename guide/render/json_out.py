"""--format json: the contract's JSON document (checklist.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..core.model import Checklist, Item, Section

if TYPE_CHECKING:
    from ..core.dataset import Dataset
    from ..core.engine import Decision

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # what json.dumps builds per call
FRAGMENTS_MAX = 20_000  # encoded fragments kept (bounded memory on huge, varied rosters)
CHUNK = 16  # items whose cited sources are remembered together
CHUNK_BITS = (1 << CHUNK) - 1


def _dumps(value: Any) -> str:
    return _COMPACT.encode(value)


def render_json(checklist: Checklist) -> str:
    return json.dumps(checklist.to_dict(), ensure_ascii=False, indent=2) + "\n"


Layout = tuple[bytes | None, tuple[bytes, ...], tuple[tuple[int, int], ...]]  # text, or pieces with holes


class DecisionLines:
    """JSON lines (UTF-8) straight from engine.decide(), without building the checklist's
    objects: byte for byte `json.dumps(build_checklist(...).to_dict(), separators=(",", ":"))`.

    Each section is encoded once per set of items it holds, the sources once per set of
    items, and kept as UTF-8; per row only the texts with placeholders and the dated items
    may need encoding (also remembered per value). The pieces come from the model's own
    to_dict(), so a change of the model changes them too (tests/test_batch.py compares with
    json.dumps)."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.splits: dict[Any, tuple[tuple[int, int], ...]] = {}  # per region: (section, its items' bits)
        self.sections: dict[Any, Layout] = {}  # per region, language, section and items held
        self.plans: dict[Any, tuple[Layout, ...]] = {}  # per region, language and items: sections and sources
        self.fragments: dict[Any, bytes] = {}  # items, answers, sources, regions, heads
        self.chunks: dict[Any, tuple[str, ...]] = {}  # the sources cited by a chunk of items (_sources)

    def __call__(self, decision: Decision, name: str | None = None) -> bytes:
        layouts = self.plans.get((decision.region, decision.lang, decision.mask)) or self._plan(decision)
        parts = [self._head(decision, name), self._answers(decision.answers), self._region(decision)]
        for text, pieces, holes in layouts:
            if text is None:
                filled = list(pieces)
                for place, n in holes:
                    filled[place] = self._item(decision, n)
                text = b"".join(filled)
            parts.append(text)
        return b"".join(parts)

    def _plan(self, decision: Decision) -> tuple[Layout, ...]:
        """The layouts of the sections, then the sources (as a layout without holes), of a set of items."""
        region, lang, mask = decision.region, decision.lang, decision.mask
        layouts = []
        for number, bits in self.splits.get(region) or self._split(decision):
            key = (region, lang, number, mask & bits)
            layouts.append(self.sections.get(key) or self._section(key, decision, number, mask & bits))
        sources = self._sources(decision)
        layouts.append((sources, (sources,), ()))
        if len(self.plans) > FRAGMENTS_MAX:
            self.plans.clear()
        found = self.plans[(region, lang, mask)] = tuple(layouts)
        return found

    def _split(self, decision: Decision) -> tuple[tuple[int, int], ...]:
        """Each section's number with the bits of the region's items in it."""
        bits = [0] * len(self.data.sections)
        for n, entry in enumerate(decision.prepared):
            bits[entry[0]] |= 1 << n
        found = self.splits[decision.region] = tuple(enumerate(bits))
        return found

    def _answers(self, answers: Mapping[str, Any]) -> bytes:
        """The `answers` object, from each answer's encoded `"key":value` (public_answers() of it alone)."""
        from ..core.engine import public_answers

        parts = []
        for qid, value in answers.items():
            key = ("answer", qid, tuple(value) if value.__class__ is list else value)
            found = self.fragments.get(key)
            if found is None:
                if len(self.fragments) > FRAGMENTS_MAX:
                    self.fragments.clear()
                found = self.fragments[key] = _dumps(public_answers({qid: value}))[1:-1].encode()
            if found:
                parts.append(found)
        return b"{" + b",".join(parts) + b"}"

    def _fragment(self, key: Any, make: Any) -> bytes:
        found = self.fragments.get(key)
        if found is None:
            if len(self.fragments) > FRAGMENTS_MAX:
                self.fragments.clear()
            found = self.fragments[key] = _dumps(make()).encode()
        return found

    def _head(self, decision: Decision, name: str | None) -> bytes:
        """The document up to the value of `answers` (the model's to_dict() ends with answers,
        region, sections, sources), once per language, date and name."""
        key = ("head", decision.lang, decision.today, name)
        found = self.fragments.get(key)
        if found is None:
            doc = Checklist(
                lang=decision.lang,
                today=decision.today.isoformat(),
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

    def _sources(self, decision: Decision) -> bytes:
        """`],"sources":[...]}`: the sources in order of first citation (the items' sources are
        gathered per CHUNK positions, remembered per chunk; the text per list of sources)."""
        from ..core.engine import source_entry

        data, lang, mask = self.data, decision.lang, decision.mask
        cited: dict[str, None] = {}
        for start in range(0, mask.bit_length(), CHUNK):
            bits = (mask >> start) & CHUNK_BITS
            if bits:
                chunk = (decision.region, start, bits)
                ids = self.chunks.get(chunk)
                if ids is None:
                    if len(self.chunks) > FRAGMENTS_MAX:
                        self.chunks.clear()
                    held = decision.selector.positions(bits << start)
                    ids = self.chunks[chunk] = tuple(dict.fromkeys(s for n in held for s in decision.prepared[n][5]))
                cited.update(dict.fromkeys(ids))
        listing = ("sources", lang, *cited)
        found = self.fragments.get(listing)
        if found is None:
            listed = b",".join(
                self._fragment(("source", sid, lang), lambda sid=sid: source_entry(data, sid, lang)) for sid in cited
            )
            found = self.fragments[listing] = b'],"sources":[' + listed + b"]}"
        return found

    def _section(self, key: Any, decision: Decision, number: int, bits: int) -> Layout:
        """A section as text, or as pieces with holes (place in pieces, position in prepared) for
        the items whose text has placeholders or a date."""
        section, lang = self.data.sections[number], decision.lang
        empty = _dumps(Section(section["id"], section["title"][lang]).to_dict())  # items come last: ...,"items":[]}
        pieces = [("," if number else "").encode() + empty[:-2].encode()]
        holes = []
        for place, n in enumerate(decision.selector.positions(bits)):
            if place:
                pieces.append(b",")
            _, _, item_id, text, templated, sources, dated = decision.prepared[n]
            if templated or dated:
                holes.append((len(pieces), n))
                pieces.append(b"")
            else:
                pieces.append(self._static(item_id, text, sources))
        pieces.append(b"]}")
        layout: Layout = (None if holes else b"".join(pieces)), tuple(pieces), tuple(holes)
        if len(self.sections) > FRAGMENTS_MAX:
            self.sections.clear()
        self.sections[key] = layout
        return layout

    def _static(self, item_id: str, text: str, sources: tuple[str, ...]) -> bytes:
        return self._fragment(("item", item_id, text, sources), lambda: Item(item_id, text, list(sources)).to_dict())

    def _item(self, decision: Decision, n: int) -> bytes:
        """An item whose text has placeholders or which carries the deadline (as build_checklist
        makes it), encoded once per value of its placeholders (and deadline)."""
        _, _, item_id, text, templated, sources, dated = decision.prepared[n]
        due = decision.due if dated else None
        values = map(decision.values.get, decision.placeholders(text))
        key = ("filled", item_id, text, sources, due, decision.today, *values)
        found = self.fragments.get(key)
        if found is None:
            filled = decision.text(text) if templated else text
            item = Item(item_id, filled, list(sources))
            if due is not None:
                item.due, item.days_left = due.isoformat(), (due - decision.today).days
                item.overdue = item.days_left < 0
            if len(self.fragments) > FRAGMENTS_MAX:
                self.fragments.clear()
            found = self.fragments[key] = _dumps(item.to_dict()).encode()
        return found
