"""`sbk-guide questions` and `sbk-guide regions`: the vocabulary, for people and scripts."""

from __future__ import annotations

import json
import re
from typing import Any

from ..core.conditions import describe
from ..core.dataset import Dataset
from ..core.questions import region_examples, short_label
from ..render.wrap import width


def screen_width() -> int:
    """The terminal's columns; very wide when the output goes to a pipe or a file (a script reads it)."""
    import shutil
    import sys

    from ..files.output import is_terminal

    if not is_terminal(sys.stdout):
        return 100_000
    return shutil.get_terminal_size((80, 24)).columns


def _table(header: list[str], rows: list[list[str]], limit: int | None = None) -> str:
    """Columns side by side if they fit in `limit` (the screen); else one block per row, each cell
    on its own line under the row's first cell, wrapped to the screen."""
    limit = screen_width() if limit is None else limit
    widths = [max(width(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    if sum(widths) + 2 * (len(widths) - 1) > limit:
        return _blocks(header, rows, limit)

    def line(cells: list[str]) -> str:
        return "  ".join(str(c) + " " * (widths[i] - width(str(c))) for i, c in enumerate(cells)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(out) + "\n"


def _blocks(header: list[str], rows: list[list[str]], limit: int) -> str:
    from ..render.wrap import wrap

    out: list[str] = []
    for row in rows:
        out.append(str(row[0]))
        for name, cell in zip(header[1:], row[1:], strict=True):
            out.extend(wrap(f"{name}: {cell}", max(limit, 24), "  ", "      "))
        out.append("")
    return "\n".join(out)


_HEADER_NOISE = re.compile(r"[\s:：?？*＊]+")
ID_HEADERS = ("id", "编号", "序号")  # the file-name column
NAME_HEADERS = ("name", "姓名", "名字", "持卡人姓名")  # printed on each sheet (contract.md)
# staff's remark on a row: printed in the block for staff (A4, text, receipt, markdown), never in
# chat (it goes to a family member) nor in JSON (schema 3 has no field for it)
REMARK_HEADERS = ("remark", "备注", "备注信息", "remarks", "note")


def header_key(text: str) -> str:
    """A column header as compared: case, spaces, colons, question marks and a trailing
    explanation in brackets do not matter (您手里是哪一种卡或凭证？ = 您手里是哪一种卡或凭证)."""
    return _HEADER_NOISE.sub("", short_label(str(text))).lower()


def questions_doc(data: Dataset, lang: str) -> list[dict[str, Any]]:
    out = []
    for q in data.questions:
        entry: dict[str, Any] = {
            "id": q.id,
            "kind": q.kind.name,
            "option": q.option,
            "label": q.label[lang],
            "text": q.text[lang],
            "help": q.help[lang],
            "asked_when": describe(q.when) or "always",
            "headers": q.headers,
        }
        entry.update(q.kind.listing(q, lang))
        out.append(entry)
    return out


def render_questions(data: Dataset, lang: str, fmt: str) -> str:
    doc = questions_doc(data, lang)
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    header = [
        "id",
        "选项" if lang == "zh" else "option",
        "问题" if lang == "zh" else "question",
        "何时提问" if lang == "zh" else "asked when",
        "可选值" if lang == "zh" else "values",
    ]
    rows = []
    for q in doc:
        values = q.get("values")
        if isinstance(values, list):
            shown = " ".join(v["value"] for v in values)
        elif "formats" in q:
            shown = " | ".join(q["formats"])
        else:
            shown = region_examples(data)
        when = q["asked_when"] if q["asked_when"] != "always" or lang == "en" else "每次都问"
        rows.append([q["id"], q["option"], q["label"], when, shown])
    return _table(header, rows) + "\n" + vocabulary(data, lang)


def vocabulary(data: Dataset, lang: str) -> str:
    """For rosters: every accepted column header and every accepted way to write each value."""
    zh = lang == "zh"
    sep = "、" if zh else ", "
    out = ["表格（sbk-guide batch）可用的表头和写法：" if zh else "Roster headers and values (sbk-guide batch):"]
    from ..render.wrap import wrap

    limit = max(screen_width(), 24)
    out.extend(wrap(f"{'编号' if zh else 'id'}: {sep.join(ID_HEADERS)}", limit, "  ", "      "))
    out.extend(wrap(f"{'姓名' if zh else 'name'}: {sep.join(NAME_HEADERS)}", limit, "  ", "      "))
    out.extend(wrap(f"{'备注' if zh else 'remark'}: {sep.join(REMARK_HEADERS)}", limit, "  ", "      "))
    for q in data.questions:
        out.extend(wrap(f"{q.id}: {sep.join(q.headers)}", limit, "  ", "      "))
        for c in q.choices:
            out.extend(wrap(f"{c.value} = {sep.join(c.words[1:])}", limit, "      ", "        "))
    return "\n".join(out) + "\n"


def regions_doc(data: Dataset, lang: str) -> list[dict[str, Any]]:
    out = []
    for rid in data.region_order:
        region = data.regions[rid]
        chain = data.region_chain(rid)
        used = [r for r in chain if data.has_own_data(r)]
        dates = [o.checked for r in used for o in data.overlays[r]]
        out.append(
            {
                "id": rid,
                "name": data.region_name(rid, "zh"),
                "name_en": data.region_name(rid, "en"),
                "own_data": data.has_own_data(rid),
                "data_from": used,
                "checked": max(dates) if dates else data.checked,
                "parent": region.parent or None,
            }
        )
    return out


def render_regions(data: Dataset, lang: str, fmt: str) -> str:
    doc = regions_doc(data, lang)
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    yes, no = ("有", "—") if lang == "zh" else ("yes", "-")
    header = [
        "id",
        "名称" if lang == "zh" else "name",
        "英文" if lang == "zh" else "English",
        "本地数据" if lang == "zh" else "own data",
        "使用的数据" if lang == "zh" else "data used",
        "核对日期" if lang == "zh" else "checked",
    ]
    rows = [
        [
            r["id"],
            r["name"],
            r["name_en"],
            yes if r["own_data"] else no,
            " + ".join(["national"] + r["data_from"]),
            r["checked"],
        ]
        for r in doc
    ]
    edition = ("行政区划：" if lang == "zh" else "Divisions: ") + data.region_edition if data.region_edition else ""
    from ..render.wrap import wrap

    tail = "".join(line + "\n" for line in wrap(edition, max(screen_width(), 24), "", "  ")) if edition else ""
    return _table(header, rows) + tail
