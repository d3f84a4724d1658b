"""Turn parsed YAML documents into the compiled data structure (builtins only).

The shape of every file is defined once, by the JSON Schema (loading/shape.py): local
data is checked against it before compiling, so the code below only transforms. What the
schema cannot say (a required file, an overlay's region) is collected here; either way
every problem is reported at once (DataProblems, one `file:line: message` each).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .docs import Doc, Layer
from .problems import DataProblems, Problem
from .shape import shape_problems

Layers = list[Layer]


def _text(value: dict[str, Any]) -> dict[str, str]:
    return {lang: str(text).strip() for lang, text in value.items()}


def _str(node: dict[str, Any], key: str) -> str:
    """A text field ('' when absent); YAML dates and numbers as the person wrote them."""
    value = node.get(key)
    if value is None:
        return ""
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value).strip()


def _condition(node: Any) -> Any:
    """Normalise a `when` condition: key -> list of values (text), plus any/all/not."""
    if node is None:
        return None
    out: dict[str, Any] = {}
    for key, value in node.items():
        key = str(key)
        if key in ("any", "all"):
            out[key] = [_condition(sub) for sub in value]
        elif key == "not":
            out[key] = _condition(value)
        elif isinstance(value, list):
            out[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            out[key] = ["yes" if value else "no"]
        else:
            out[key] = [str(value)]
    return out


def _item(doc: Doc, node: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    item: dict[str, Any] = {"id": _str(node, "id"), "line": getattr(node, "line", 0)}
    if not partial or "section" in node:
        item["section"] = _str(node, "section")
    if not partial or "text" in node:
        item["text"] = _text(node["text"])
    if not partial or "sources" in node:
        citations = _citations(node)
        item["sources"] = list(dict.fromkeys(c["id"] for c in citations))
        item["citations"] = citations
    if "who" in node:
        item["who"] = _str(node, "who")
    if "asserts" in node:
        item["asserts"] = {str(k): _fact_value(v) for k, v in node["asserts"].items()}
    for key in ("needs", "gives", "changes"):
        if key in node:
            item[key] = {str(k): _fact_value(v) for k, v in node[key].items()}
    for key in ("place", "for"):
        if key in node:
            value = node[key]
            item["serves" if key == "for" else key] = [str(v) for v in (value if isinstance(value, list) else [value])]
    if "short" in node:
        item["short"] = _text(node["short"])
    if "about" in node:
        item["about"] = {
            str(k): [str(v) for v in (vs if isinstance(vs, list) else [vs])] for k, vs in node["about"].items()
        }
    if "when" in node:
        item["when"] = _condition(node["when"])
    elif not partial:
        item["when"] = None
    if "due" in node:
        item["due"] = _str(node, "due")
    elif not partial:
        item["due"] = ""
    if "after" in node:
        item["after"] = _str(node, "after")
    if node.get("unconfirmed"):
        item["unconfirmed"] = True
    item["file"] = str(doc.path)
    return item


def _fact_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _citations(node: dict[str, Any]) -> list[dict[str, str]]:
    """`sources:` as a list of {id, quote}."""
    return [{"id": _str(entry, "id"), "quote": _str(entry, "quote")} for entry in node.get("sources") or []]


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
            continue
        node = doc.content
        if n == 0:
            meta["data_version"] = _str(node, "data_version")
            meta["checked"] = _str(node, "checked")
            meta["deadlines"] = _deadlines(node)
        else:
            meta["data_version"] = f"{meta['data_version']}+{_str(node, 'local_version') or 'local'}"
            if "checked" in node:
                meta["checked"] = _str(node, "checked")
        settings.update({str(k): v for k, v in (node.get("settings") or {}).items()})
    if len(layers) > 1 and "+" not in meta["data_version"]:
        meta["data_version"] += "+local"
    meta["settings"] = settings
    return meta


def _deadlines(node: dict[str, Any]) -> dict[str, Any]:
    """`deadlines:` in meta.yaml: when each deadline applies, the answer it counts from and the
    setting that gives its length in months (a region overlay may change the setting)."""
    return {
        str(name): {"applies": _condition(rule["applies"]), "from": _str(rule, "from"), "months": _str(rule, "months")}
        for name, rule in (node.get("deadlines") or {}).items()
    }


def _compile_sections(layers: Layers) -> list[dict[str, Any]]:
    node = layers[0]["sections.yaml"].content
    return [{"id": _str(s, "id"), "title": _text(s["title"])} for s in node["sections"]]


def _compile_questions(layers: Layers) -> list[dict[str, Any]]:
    """Questions and sections come from the shipped data only (docs.read_layers)."""
    questions = []
    for q in layers[0]["questions.yaml"].content["questions"]:
        choices = []
        for c in q.get("choices") or []:
            aliases = [str(a) for a in c.get("aliases") or []]
            choice = {"value": _str(c, "value"), "label": _text(c["label"]), "aliases": aliases}
            if "noun" in c:
                choice["noun"] = _text(c["noun"])
            choices.append(choice)
        questions.append(
            {
                "id": _str(q, "id"),
                "kind": _str(q, "kind"),
                "text": _text(q["text"]),
                "label": _text(q["label"]),
                "help": _text(q["help"]),
                "when": _condition(q.get("when")),
                "min": int(q.get("min", 1)),
                "unsure": bool(q.get("unsure", False)),
                "default": _str(q, "default"),
                "default_from": _str(q, "default_from"),
                # other headers a roster may use for this column (batch; `sbk-guide questions`)
                "aliases": [str(a) for a in q.get("aliases") or []],
                "choices": choices,
                "line": getattr(q, "line", 0),
            }
        )
    return questions


def _compile_items(layers: Layers) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for layer in layers:
        doc = layer.get("items.yaml")
        if doc is not None:
            items = _merge_by_id(items, [_item(doc, i) for i in doc.content.get("items") or []])
    return items


def _compile_sources(layers: Layers) -> dict[str, dict[str, Any]]:
    merged: list[dict[str, Any]] = []
    for layer in layers:
        doc = layer.get("sources.yaml")
        if doc is None:
            continue
        entries = []
        for s in doc.content.get("sources") or []:
            # a page whose stored copy shows no headline says so (`untitled`) instead of a made-up title
            entry = {"id": _str(s, "id"), "publisher": _str(s, "publisher"), "title": _str(s, "title")}
            for key in ("date", "url", "grade", "untitled", "undated", "note"):
                if _str(s, key):
                    entry[key] = _str(s, key)
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
            continue
        node = doc.content
        if n == 0:
            nat = node["national"]
            regions["national"] = {
                "id": "national",
                "zh": _str(nat, "zh"),
                "short": _str(nat, "zh"),
                "en": _str(nat, "en"),
                "parent": "",
                "aliases": [str(a) for a in nat.get("aliases") or []],
            }
            order.append("national")
        for r in node.get("regions") or []:
            rid = _str(r, "id")
            if rid not in regions:
                zh = _str(r, "zh")
                regions[rid] = {
                    "id": rid,
                    "zh": zh,
                    "short": _str(r, "short") or _short(zh),
                    "en": _str(r, "en"),
                    "parent": "",
                    "aliases": [],
                }
                order.append(rid)
            for slug, city in (r.get("cities") or {}).items():
                cid = f"{rid}/{slug}"
                # 郑州市, or {zh: 哈尔滨市, en: Harbin} where the English name is not the pinyin
                zh_city, en_city = (city.get("zh"), city.get("en")) if isinstance(city, dict) else (city, None)
                if cid not in regions:
                    order.append(cid)
                regions[cid] = {
                    "id": cid,
                    "zh": str(zh_city).strip(),
                    "short": _short(str(zh_city).strip()),
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


def _compile_overlays(
    layers: Layers, regions: dict[str, Any], meta: dict[str, Any], problems: list[Problem]
) -> dict[str, list[dict[str, Any]]]:
    overlays: dict[str, list[dict[str, Any]]] = {}
    for layer in layers:
        for rel, doc in layer.items():
            if not rel.startswith("overlays/"):
                continue
            node = doc.content
            rid = _str(node, "region")
            if rid not in regions or rid == "national":
                problems.append(Problem(str(doc.path), getattr(node, "line", 0), "unknown_overlay_region", {"id": rid}))
                continue
            overlays.setdefault(rid, []).append(
                {
                    "file": str(doc.path),
                    "checked": _str(node, "checked") or meta["checked"],
                    "settings": {str(k): v for k, v in (node.get("settings") or {}).items()},
                    "add": [_item(doc, i) for i in node.get("add") or []],
                    "replace": [_item(doc, i, partial=True) for i in node.get("replace") or []],
                    "remove": [str(x) for x in node.get("remove") or []],
                }
            )
    return overlays


def _compile_situation(layers: Layers) -> dict[str, Any]:
    """situation.yaml: the facts items may assert, and the facts the answers imply (domain.md §6)."""
    facts: dict[str, list[str]] = {}
    start: dict[str, str] = {}  # the plan's state in the ordinary case (facts with `start`)
    implied: list[dict[str, Any]] = []
    for layer in layers:
        doc = layer.get("situation.yaml")
        if doc is None:
            continue
        node = doc.content
        for name, spec in (node.get("facts") or {}).items():
            facts[str(name)] = [_fact_value(v) for v in spec.get("values") or []]
            if "start" in spec:
                start[str(name)] = _fact_value(spec["start"])
        for rule in node.get("implied") or []:
            implied.append(
                {
                    "when": _condition(rule.get("when")),
                    "facts": {str(k): _fact_value(v) for k, v in rule["facts"].items()},
                    "file": str(doc.path),
                    "line": getattr(rule, "line", 0),
                }
            )
    return {"facts": facts, "start": start, "implied": implied}


def _compile_places(layers: Layers) -> dict[str, Any]:
    """plan.yaml: where steps are done, in their default order, with each visit's title (and
    the bank's for someone with no card in hand), and the heading of the steps after a new card."""
    doc = layers[0].get("plan.yaml")
    node = doc.content if doc is not None and isinstance(doc.content, dict) else {}
    places = [
        {"id": _str(p, "id"), "in_person": bool(p.get("in_person")), "title": _text(p["title"])}
        | ({"title_without_card": _text(p["title_without_card"])} if "title_without_card" in p else {})
        for p in node.get("places") or []
    ]
    heading = _text(node.get("after_new_card") or {"zh": "", "en": ""})
    return {
        "places": places,
        "after_new_card": heading,
        "after_new_card_remote": _text(node.get("after_new_card_remote") or heading),
    }


def _region_index(layers: Layers, regions: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """The matcher's lookup tables (core/region_match.py), built once and kept in the cache, and
    the edition of the code list; region_variants.yaml comes with the shipped data (generated
    by tools/gen_regions.py)."""
    from ..core.region_match import build_index

    doc = layers[0].get("region_variants.yaml")
    variants = doc.content if doc is not None and isinstance(doc.content, dict) else {}
    return dict(build_index({"regions": regions, "variants": variants})), str(variants.get("edition") or "")


REQUIRED = ("meta.yaml", "sections.yaml", "questions.yaml", "items.yaml", "regions.yaml")


def compile_docs(layers: Layers, *, checked: bool = False) -> dict[str, Any]:
    """The compiled data, or DataProblems with every problem found. The shipped data's shape is
    proved by `validate` in the tests, so only local layers are checked against the schema here
    (`checked`: the caller has done it already); should the shipped files be broken after all,
    the failure is explained by checking them too."""
    problems = [Problem(name, 0, "missing_file") for name in REQUIRED if name not in layers[0]]
    if not checked:
        problems += [p for layer in layers[1:] for p in shape_problems(layer)]
    if problems:
        raise DataProblems(problems)
    try:
        compiled = _compile(layers, problems)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError):
        problems = list(shape_problems(layers[0])) or problems
        if not problems:
            raise
    if problems:
        raise DataProblems(problems)
    return compiled


def _compile(layers: Layers, problems: list[Problem]) -> dict[str, Any]:
    meta = _compile_meta(layers)
    regions, order = _compile_regions(layers)
    index, edition = _region_index(layers, regions)
    return {
        "data_version": meta["data_version"],
        "checked": meta["checked"],
        "settings": meta["settings"],
        "deadlines": meta["deadlines"],
        "situation": _compile_situation(layers),
        "plan": _compile_places(layers),
        "sections": _compile_sections(layers),
        "questions": _compile_questions(layers),
        "items": _compile_items(layers),
        "sources": _compile_sources(layers),
        "regions": regions,
        "region_order": order,
        "aliases": _aliases(regions),
        "region_index": index,
        "region_edition": edition,
        "overlays": _compile_overlays(layers, regions, meta, problems),
    }
