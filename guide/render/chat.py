"""--format chat: plain text for a WeChat or SMS message.

Chat apps show Markdown literally (`#`, `- [ ]`), so: no markup, no box or frame
characters; 【section】 headings, numbered items, the deadline at the top, and
compact numbered sources (one line each) at the end. Lines are not wrapped:
the chat bubble wraps them.
"""

from __future__ import annotations

from ..core.model import Checklist
from ..messages import msg
from .common import due_status, footer, headline_items, holder_name, short_source, source_refs


def render_chat(checklist: Checklist) -> str:
    lang = checklist.lang
    numbers = checklist.source_numbers()
    colon = "：" if lang == "zh" else ": "

    def heading(text: str) -> str:
        return f"【{text}】" if lang == "zh" else f"[{text}]"

    out = [heading(msg("title", lang))]
    name = holder_name(checklist)
    if name:
        out.append(f"{msg('label_name', lang)}{colon}{name}")
    for item in headline_items(checklist):
        out.append(due_status(item, lang))  # "已过期：…" says it in words: no symbol an SMS may not show
    for label, value in checklist.summary:
        out.append(f"{label}{colon}{value}")
    for section in checklist.sections:
        if not section.items:
            continue
        out += ["", heading(section.title)]
        for n, item in enumerate(section.items, 1):
            out.append(f"{n}. {item.text}{source_refs(item, numbers)}")
    out += ["", heading(msg("label_sources", lang))]
    for source in checklist.sources:
        url = source.get("url")
        out.append(f"[{numbers[source['id']]}] {short_source(source, lang)}" + (f" {url}" if url else ""))
    out += ["", footer(checklist)]
    return "\n".join(out) + "\n"
