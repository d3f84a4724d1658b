"""Turn parsed YAML documents into the compiled data structure (builtins only).

Checks structure as it goes and raises a DataProblem naming `file:line` at the
first problem, so the tool never crashes on broken data. `sbk-guide validate`
reports every problem at once (see validate.py); this is the fast path.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..messages import LANGS
from .loader import LOCAL_FORBIDDEN, Doc

Layers = list[dict[str, Doc]]


def _text(doc: Doc, node: Any, key: str, parent: Any) -> dict[str, str]:
    value = node.get(key) if isinstance(node, dict) else None
    if not isinstance(value, dict):
        raise doc.fail(parent if value is None else value, f"'{key}' must have zh and en texts")
    out: dict[str, str] = {}
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise doc.fail(value, f"'{key}' has no {lang} text")
        out[lang] = text.strip()
    return out


def _str(doc: Doc, node: dict[str, Any], key: str, *, required: bool = True) -> str:
    value = node.get(key)
    if value is None and not required:
        return ""
    if isinstance(value, (_dt.date,)):
        return value.isoformat()
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or str(value).strip() == "":
        raise doc.fail(node, f"'{key}' must be a non-empty text")
    return str(value).strip()


def _mapping(doc: Doc, node: Any, what: str) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise doc.fail(node, f"{what} must be a mapping")
    return node


def _list(doc: Doc, node: Any, key: str, parent: Any) -> list[Any]:
    if node is None:
        return []
    if not isinstance(node, list):
        raise doc.fail(parent, f"'{key}' must be a list")
    return node


def _condition(doc: Doc, node: Any, parent: Any) -> Any:
    """Normalise a `when` condition: mapping of key -> value|list, plus any/all/not."""
    if node is None:
        return None
    if not isinstance(node, dict) or not node:
        raise doc.fail(parent, "'when' must be a non-empty mapping")
    out: dict[str, Any] = {}
    for key, value in node.items():
        key = str(key)
        if key in ("any", "all"):
            if not isinstance(value, list) or not value:
                raise doc.fail(node, f"'{key}' must be a non-empty list of conditions")
            out[key] = [_condition(doc, sub, node) for sub in value]
        elif key == "not":
            out[key] = _condition(doc, value, node)
        elif isinstance(value, list):
            if not value or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
                raise doc.fail(node, f"condition '{key}' must list one or more values")
            out[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            out[key] = ["yes" if value else "no"]
        elif isinstance(value, (str, int)):
            out[key] = [str(value)]
        else:
            raise doc.fail(node, f"condition '{key}' must be a value or a list of values")
    return out


def _item(doc: Doc, node: Any, *, partial: bool = False) -> dict[str, Any]:
    node = _mapping(doc, node, "an item")
    item: dict[str, Any] = {"id": _str(doc, node, "id"), "line": getattr(node, "line", 0)}
    if not partial or "section" in node:
        item["section"] = _str(doc, node, "section")
    if not partial or "text" in node:
        item["text"] = _text(doc, node, "text", node)
    if not partial or "sources" in node:
        citations = _citations(doc, node, item["id"])
        item["sources"] = list(dict.fromkeys(c["id"] for c in citations))
        item["citations"] = citations
    if "who" in node:
        item["who"] = _str(doc, node, "who")
    if "asserts" in node:
        asserts = _mapping(doc, node["asserts"], "'asserts'")
        item["asserts"] = {str(k): _fact_value(v) for k, v in asserts.items()}
    if "when" in node:
        item["when"] = _condition(doc, node["when"], node)
    elif not partial:
        item["when"] = None
    if "due" in node:
        item["due"] = _str(doc, node, "due")
    elif not partial:
        item["due"] = ""
    if "after" in node:
        item["after"] = _str(doc, node, "after")
    item["file"] = str(doc.path)
    return item


def _fact_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _citations(doc: Doc, node: dict[str, Any], owner: str) -> list[dict[str, str]]:
    """`sources:` as a list of {id, quote}; a bare id (data written before schema 2) has no quote,
    which `validate` reports."""
    out: list[dict[str, str]] = []
    for entry in _list(doc, node.get("sources"), "sources", node):
        if isinstance(entry, str) and entry.strip():
            out.append({"id": entry.strip(), "quote": ""})
        elif isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"].strip():
            quote = entry.get("quote")
            out.append({"id": entry["id"].strip(), "quote": quote.strip() if isinstance(quote, str) else ""})
        else:
            raise doc.fail(node, f"item '{owner}': each source is {{id: …, quote: …}}")
    if not out:
        raise doc.fail(node, f"item '{owner}' must cite at least one source")
    return out


def _merge_by_id(base: list[dict[str, Any]], extra: list[dict[str, Any]]) -> list[dict[str, Any]]:
    index = {entry["id"]: i for i, entry in enumerate(base)}
    out = list(base)
    for entry in extra:
        if entry["id"] in index:
            out[index[entry["id"]]] = entry
        else:
            index[entry["id"]] = len(out)
            out.append(entry)
    return out


def _compile_meta(layers: Layers) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    settings: dict[str, Any] = {}
    for n, layer in enumerate(layers):
        doc = layer.get("meta.yaml")
        if doc is None:
            if n == 0:
                raise _missing("meta.yaml")
            continue
        node = _mapping(doc, doc.content, "meta.yaml")
        if n == 0:
            meta["data_version"] = _str(doc, node, "data_version")
            meta["checked"] = _str(doc, node, "checked")
        else:
            local = _str(doc, node, "local_version", required=False) or "local"
            meta["data_version"] = f"{meta['data_version']}+{local}"
            if "checked" in node:
                meta["checked"] = _str(doc, node, "checked")
        for key, value in _mapping(doc, node.get("settings") or {}, "settings").items():
            settings[str(key)] = _setting(doc, node, str(key), value)
        if n == 0:
            meta["deadlines"] = _deadlines(doc, node)
    if len(layers) > 1 and "+" not in meta["data_version"]:
        meta["data_version"] += "+local"
    meta["settings"] = settings
    return meta


def _deadlines(doc: Doc, node: dict[str, Any]) -> dict[str, Any]:
    """`deadlines:` in meta.yaml: when each deadline applies, the answer it counts from and the
    setting that gives its length in months (a region overlay may change the setting)."""
    out: dict[str, Any] = {}
    for name, rule in _mapping(doc, node.get("deadlines") or {}, "deadlines").items():
        rule = _mapping(doc, rule, f"deadline '{name}'")
        out[str(name)] = {
            "applies": _condition(doc, rule.get("applies"), rule),
            "from": _str(doc, rule, "from"),
            "months": _str(doc, rule, "months"),
        }
    return out


def _setting(doc: Doc, node: Any, key: str, value: Any) -> Any:
    if key == "activation_months":
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 60:
            raise doc.fail(node, "settings.activation_months must be a whole number from 1 to 60")
        return value
    raise doc.fail(node, f"unknown setting '{key}'")


def _missing(name: str) -> Exception:
    from ..errors import DataProblem

    return DataProblem("data_broken", location=name, reason="required file is missing")


def _compile_sections(layers: Layers) -> list[dict[str, Any]]:
    doc = layers[0].get("sections.yaml")
    if doc is None:
        raise _missing("sections.yaml")
    node = _mapping(doc, doc.content, "sections.yaml")
    return [
        {"id": _str(doc, s, "id"), "title": _text(doc, s, "title", s)}
        for s in (_mapping(doc, s, "a section") for s in _list(doc, node.get("sections"), "sections", node))
    ]


def _compile_questions(layers: Layers) -> list[dict[str, Any]]:
    doc = layers[0].get("questions.yaml")
    if doc is None:
        raise _missing("questions.yaml")
    for layer in layers[1:]:
        for name in LOCAL_FORBIDDEN:
            if name in layer:
                raise layer[name].fail(None, "local data may not redefine the questions or sections (contract.md)")
    node = _mapping(doc, doc.content, "questions.yaml")
    questions = []
    for q in _list(doc, node.get("questions"), "questions", node):
        q = _mapping(doc, q, "a question")
        kind = _str(doc, q, "kind")
        if kind not in ("one", "many", "date", "region"):
            raise doc.fail(q, f"question kind '{kind}' is not one of one, many, date, region")
        question: dict[str, Any] = {
            "id": _str(doc, q, "id"),
            "kind": kind,
            "text": _text(doc, q, "text", q),
            "label": _text(doc, q, "label", q),
            "help": _text(doc, q, "help", q),
            "when": _condition(doc, q.get("when"), q),
            "min": int(q.get("min", 1)),
            "unsure": bool(q.get("unsure", False)),
            "default": _str(doc, q, "default", required=False),
            "default_from": _str(doc, q, "default_from", required=False),
            # other headers a roster may use for this column (batch; `sbk-guide questions`)
            "aliases": [str(a) for a in _list(doc, q.get("aliases"), "aliases", q)],
            "choices": [],
            "line": getattr(q, "line", 0),
        }
        if kind in ("one", "many"):
            for c in _list(doc, q.get("choices"), "choices", q):
                c = _mapping(doc, c, "a choice")
                aliases = [str(a) for a in _list(doc, c.get("aliases"), "aliases", c)]
                choice = {"value": _str(doc, c, "value"), "label": _text(doc, c, "label", c), "aliases": aliases}
                if "noun" in c:
                    choice["noun"] = _text(doc, c, "noun", c)
                question["choices"].append(choice)
            if not question["choices"]:
                raise doc.fail(q, f"question '{question['id']}' has no choices")
        questions.append(question)
    return questions


def _compile_items(layers: Layers) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for n, layer in enumerate(layers):
        doc = layer.get("items.yaml")
        if doc is None:
            if n == 0:
                raise _missing("items.yaml")
            continue
        node = _mapping(doc, doc.content, "items.yaml")
        items = _merge_by_id(items, [_item(doc, i) for i in _list(doc, node.get("items"), "items", node)])
    return items


def _compile_sources(layers: Layers) -> dict[str, dict[str, Any]]:
    merged: list[dict[str, Any]] = []
    for layer in layers:
        doc = layer.get("sources.yaml")
        if doc is None:
            continue
        node = _mapping(doc, doc.content, "sources.yaml")
        entries = []
        for s in _list(doc, node.get("sources"), "sources", node):
            s = _mapping(doc, s, "a source")
            entry = {"id": _str(doc, s, "id"), "publisher": _str(doc, s, "publisher")}
            # a page whose stored copy shows no headline says so (`untitled`) instead of a made-up title
            entry["title"] = _str(doc, s, "title", required="untitled" not in s)
            for key in ("date", "url", "grade", "untitled", "undated", "note"):
                if s.get(key) is not None and str(s.get(key)).strip():
                    entry[key] = _str(doc, s, key)
            entries.append(entry)
        merged = _merge_by_id(merged, entries)
    return {s["id"]: s for s in merged}


def _short(name: str) -> str:
    for suffix in ("彝族自治州", "自治州", "地区", "市", "省"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _compile_regions(layers: Layers) -> tuple[dict[str, dict[str, Any]], list[str]]:
    regions: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for n, layer in enumerate(layers):
        doc = layer.get("regions.yaml")
        if doc is None:
            if n == 0:
                raise _missing("regions.yaml")
            continue
        node = _mapping(doc, doc.content, "regions.yaml")
        if n == 0:
            nat = _mapping(doc, node.get("national"), "national")
            regions["national"] = {
                "id": "national",
                "zh": _str(doc, nat, "zh"),
                "short": _str(doc, nat, "zh"),
                "en": _str(doc, nat, "en"),
                "parent": "",
                "aliases": [str(a) for a in _list(doc, nat.get("aliases"), "aliases", nat)],
            }
            order.append("national")
        for r in _list(doc, node.get("regions"), "regions", node):
            r = _mapping(doc, r, "a region")
            rid = _str(doc, r, "id")
            if "/" in rid:
                raise doc.fail(r, f"region id '{rid}' must be a province id; list cities under 'cities'")
            if rid not in regions:
                zh = _str(doc, r, "zh")
                regions[rid] = {
                    "id": rid,
                    "zh": zh,
                    "short": _str(doc, r, "short", required=False) or _short(zh),
                    "en": _str(doc, r, "en"),
                    "parent": "",
                    "aliases": [],
                }
                order.append(rid)
            cities = r.get("cities") or {}
            for slug, city in _mapping(doc, cities, "cities").items():
                cid = f"{rid}/{slug}"
                # 郑州市, or {zh: 哈尔滨市, en: Harbin} where the English name is not the pinyin
                zh_city, en_city = (city.get("zh"), city.get("en")) if isinstance(city, dict) else (city, None)
                if not isinstance(zh_city, str) or not zh_city.strip():
                    raise doc.fail(cities, f"city '{slug}' needs a Chinese name")
                if cid not in regions:
                    order.append(cid)
                regions[cid] = {
                    "id": cid,
                    "zh": zh_city.strip(),
                    "short": _short(zh_city.strip()),
                    "en": str(en_city).strip() if en_city else str(slug).replace("-", " ").title(),
                    "parent": rid,
                    "aliases": [],
                }
    return regions, order


def _normal(text: str) -> str:
    return "".join(text.split()).lower()


def _aliases(regions: dict[str, dict[str, Any]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for rid, r in regions.items():
        names = {rid, r["zh"], r["short"], r["en"]} | set(r["aliases"])
        if r["parent"]:
            p = regions[r["parent"]]
            for pn in (p["zh"], p["short"]):
                for cn in (r["zh"], r["short"]):
                    names.add(pn + cn)
            names.add(f"{r['parent']}-{rid.split('/')[1]}")
        for name in names:
            # a city name never takes over a province's name (吉林 is the province)
            table.setdefault(_normal(name), rid)
    return table


def _compile_overlays(layers: Layers, regions: dict[str, Any], meta: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    overlays: dict[str, list[dict[str, Any]]] = {}
    for layer in layers:
        for rel, doc in layer.items():
            if not rel.startswith("overlays/"):
                continue
            node = _mapping(doc, doc.content, "an overlay file")
            rid = _str(doc, node, "region")
            if rid not in regions or rid == "national":
                raise doc.fail(node, f"overlay region '{rid}' is not a known province or city (regions.yaml)")
            settings = {
                str(k): _setting(doc, node, str(k), v)
                for k, v in _mapping(doc, node.get("settings") or {}, "settings").items()
            }
            remove = _list(doc, node.get("remove"), "remove", node)
            overlays.setdefault(rid, []).append(
                {
                    "file": str(doc.path),
                    "checked": _str(doc, node, "checked", required=False) or meta["checked"],
                    "settings": settings,
                    "add": [_item(doc, i) for i in _list(doc, node.get("add"), "add", node)],
                    "replace": [_item(doc, i, partial=True) for i in _list(doc, node.get("replace"), "replace", node)],
                    "remove": [str(x) for x in remove],
                }
            )
    return overlays


def _compile_situation(layers: Layers) -> dict[str, Any]:
    """situation.yaml: the facts items may assert, and the facts the answers imply (domain.md §6)."""
    facts: dict[str, list[str]] = {}
    implied: list[dict[str, Any]] = []
    for layer in layers:
        doc = layer.get("situation.yaml")
        if doc is None:
            continue
        node = _mapping(doc, doc.content, "situation.yaml")
        for name, spec in _mapping(doc, node.get("facts") or {}, "facts").items():
            spec = _mapping(doc, spec, f"fact '{name}'")
            facts[str(name)] = [_fact_value(v) for v in _list(doc, spec.get("values"), "values", spec)]
        for rule in _list(doc, node.get("implied"), "implied", node):
            rule = _mapping(doc, rule, "an implied rule")
            implied.append(
                {
                    "when": _condition(doc, rule.get("when"), rule),
                    "facts": {str(k): _fact_value(v) for k, v in _mapping(doc, rule.get("facts"), "facts").items()},
                    "file": str(doc.path),
                    "line": getattr(rule, "line", 0),
                }
            )
    return {"facts": facts, "implied": implied}


def _region_index(layers: Layers, regions: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """The matcher's lookup tables (core/region_match.py), built once and kept in the cache, and
    the edition of the code list; region_variants.yaml comes with the shipped data (generated
    by tools/gen_regions.py)."""
    from ..core.region_match import build_index

    doc = layers[0].get("region_variants.yaml")
    variants = doc.content if doc is not None and isinstance(doc.content, dict) else {}
    return dict(build_index({"regions": regions, "variants": variants})), str(variants.get("edition") or "")


def compile_docs(layers: Layers) -> dict[str, Any]:
    meta = _compile_meta(layers)
    regions, order = _compile_regions(layers)
    index, edition = _region_index(layers, regions)
    return {
        "data_version": meta["data_version"],
        "checked": meta["checked"],
        "settings": meta["settings"],
        "deadlines": meta["deadlines"],
        "situation": _compile_situation(layers),
        "sections": _compile_sections(layers),
        "questions": _compile_questions(layers),
        "items": _compile_items(layers),
        "sources": _compile_sources(layers),
        "regions": regions,
        "region_order": order,
        "aliases": _aliases(regions),
        "region_index": index,
        "region_edition": edition,
        "overlays": _compile_overlays(layers, regions, meta),
    }
