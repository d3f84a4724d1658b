"""--format chat: plain text for a WeChat or SMS message.

Chat apps show Markdown literally (`#`, `- [ ]`), so: no markup, no box or frame
characters. The plan layout (render/layout.py): the first thing to do on the first
two lines, the hotlines, then each visit under a 【heading】 with its numbered steps
and what to bring (where the bring lists would repeat much, the things are listed once,
numbered, and each visit names them by number), the dates and at most three notes (one on a
plan of more than LONG_PLAN steps, whose later visits print their steps' short forms). No source markers; at most one
web address, an official page (a wall of links looks like spam to a cautious reader).
Lines are not wrapped: the chat bubble wraps them.
"""

from __future__ import annotations

from ..core.model import Checklist
from ..messages import msg
from .common import colon
from .layout import LONG_PLAN, build_layout, official_link, thing_mark


def render_chat(checklist: Checklist) -> str:
    layout = build_layout(checklist)
    lang = layout.lang
    sep = "；" if lang == "zh" else "; "

    def heading(text: str) -> str:
        return f"【{text}】" if lang == "zh" else f"[{text}]"

    title = heading(layout.title)
    if layout.name:
        title += f"{msg('label_name', lang)}{colon(lang)}{layout.name}" if lang == "zh" else f" {layout.name}"
    out = [title]
    if layout.first:
        out.append(msg("first_label", lang) + colon(lang) + layout.first)
    if layout.hotlines:
        out.append(msg("label_hotline", lang) + colon(lang) + " ".join(layout.hotlines))
    if layout.things_once:  # long bring lists: the things once, numbered; each visit names them
        out += ["", heading(layout.things_label)]
        out += [f"{thing_mark(n, lang)} {thing}" for n, thing in enumerate(layout.things, 1)]
    # a long plan: the first visit in full (it is what the person does now), the later ones in
    # their steps' short forms (the A4 page, markdown and JSON keep the full texts)
    short = sum(len(trip.steps) for trip in layout.trips) > LONG_PLAN
    for n, trip in enumerate(layout.trips):
        out += ["", heading(trip.heading or msg("label_steps_fallback", lang))]
        out += [f"{step.number}. {(step.short or step.text) if short and n else step.text}" for step in trip.steps]
        if layout.things_once and trip.things:
            marks = ("" if lang == "zh" else " ").join(thing_mark(n, lang) for n in trip.things)
            out.append(trip.bring_label + colon(lang) + marks)
        elif trip.bring:
            out.append(trip.bring_label + colon(lang) + sep.join(trip.bring))
    for label, texts in (("label_dates", layout.dates), ("label_notes", layout.notes)):
        if texts:
            out += ["", heading(msg(label, lang))]
            out += [f"{n}. {text}" for n, text in enumerate(texts, 1)]
    link = official_link(checklist)
    if link:
        out += ["", msg("official_link", lang) + colon(lang) + link]
    return "\n".join(out) + "\n"
