"""--format json: the contract's JSON document (checklist.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from ..core.model import Checklist


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render_json(checklist: Checklist) -> str:
    return json.dumps(checklist.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_json_line(checklist: Checklist, memo: dict[Any, str], head: dict[str, Any] | None = None) -> str:
    """The same document on one line, exactly as `json.dumps(doc, separators=(",", ":"))`
    would write it (with `head` keys first), but re-using the encoded form of items and
    sources seen before: in a batch most items repeat from row to row."""

    def fragment(key: Any, make: Any) -> str:
        text = memo.get(key)
        if text is None:
            text = memo[key] = _dumps(make())
        return text

    where = (checklist.region["id"], checklist.lang)
    sections = []
    for section in checklist.sections:
        dated = any(item.due is not None for item in section.items)
        key = ("section", *where, section.id, tuple(item.id for item in section.items))
        cached = None if dated else memo.get(key)
        if cached is None:
            parts = []
            for item in section.items:
                if item.due is not None:
                    parts.append(_dumps(item.to_dict()))
                else:
                    parts.append(fragment(("item", item.id, item.text, tuple(item.sources)), item.to_dict))
            opening = _dumps({"id": section.id, "title": section.title})
            cached = f'{opening[:-1]},"items":[{",".join(parts)}]}}'
            if not dated:
                memo[key] = cached
        sections.append(cached)
    ids = tuple(s["id"] for s in checklist.sources)
    sources = memo.get(("sources", checklist.lang, ids))
    if sources is None:
        sources = memo[("sources", checklist.lang, ids)] = ",".join(
            fragment(("source", s["id"], checklist.lang), lambda s=s: s) for s in checklist.sources
        )
    schema = memo.get(("schema",))
    if schema is None:  # the model's own schema name (sbk-guide.checklist/N), read once
        schema = memo[("schema",)] = str(checklist.to_dict()["schema"])
    top = {
        **(head or {}),
        "schema": schema,
        **({"name": checklist.name} if checklist.name else {}),
        "data_version": checklist.data_version,
        "lang": checklist.lang,
        "today": checklist.today,
        "answers": checklist.answers,
        "region": checklist.region,
    }
    return f'{_dumps(top)[:-1]},"sections":[{",".join(sections)}],"sources":[{sources}]}}'
