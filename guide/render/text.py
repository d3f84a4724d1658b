"""--format text: plain text for terminals without rich, files and receipt printers.

Only ASCII framing characters (thermal printers have them), no ANSI codes,
wrapped by display width (--width; 32 and 48 fit 58 mm and 80 mm paper).
East Asian ambiguous characters (“ ” … — ·) are counted as two columns, as the
GB18030 fonts of Chinese thermal printers print them, so a line fits in either
counting (render/wrap.py).

Both widths follow the plan layout (render/layout.py): the name, the first thing to
do and the hotlines at the top, then each visit with its steps and what to bring
(a blank line between visits), the dates in plain words, at most three notes. No
source markers and no web addresses. Narrower than RECEIPT_BELOW columns the text
is a receipt: no answers and no footer (the A4 page, the chat text and JSON keep
them); wider, the answers and the short source list close it, for staff.

`receipt_lines()` is the receipt as (line, big) pairs: the ESC/POS renderer prints
the big lines (the first thing and the hotlines) in double size, wrapped at half
the width.
"""

from __future__ import annotations

from ..core.model import Checklist
from ..messages import msg
from . import MIN_WIDTH
from .common import colon, footer
from .layout import Layout, brief, build_layout, staff_sources, thing_mark, unconfirmed_items
from .wrap import width, wrap

RECEIPT_BELOW = 60  # columns: 32 (58 mm) and 48 (80 mm) printers get the receipt
AMBIGUOUS = 2  # printer counting of “ ” … — · (render/wrap.py)
RECEIPT_LINES = 40  # a receipt longer than this with the full texts prints the compact form


def render_text(checklist: Checklist, line_width: int = 80) -> str:
    w = max(MIN_WIDTH, line_width)
    if w < RECEIPT_BELOW:
        return "\n".join(line for line, _ in receipt_lines(checklist, w)) + "\n"
    return _full(checklist, w)


def _lines(text: str, w: int, first: str = "", rest: str | None = None) -> list[str]:
    return wrap(text, w, first, rest, ambiguous=AMBIGUOUS)


def _rule(text: str, w: int, char: str = "-") -> str:
    return char * min(w, max(width(text, AMBIGUOUS), 4))


def _heading(text: str, lang: str) -> str:
    return f"【{text}】" if lang == "zh" else f"[{text.upper()}]"


def _body(layout: Layout, w: int, *, notes: bool = True, compact: bool = False) -> list[str]:
    """The visits, the dates and the notes: the same on a receipt and on a wide page. `compact`
    (a receipt too long with the full texts): each step by its short form and the things to
    bring listed once, numbered, each visit naming them by number; the latter too where the
    bring lists would repeat much (`Layout.things_once`)."""
    lang = layout.lang
    sep = "；" if lang == "zh" else "; "
    out: list[str] = []
    once = compact or layout.things_once
    if once and layout.things:
        out += ["", _heading(layout.things_label, lang)]
        for n, thing in enumerate(layout.things, 1):
            out.extend(_lines(brief(thing, lang), w, thing_mark(n, lang) + " ", "  "))
    for trip in layout.trips:
        out.append("")
        heading = trip.heading or msg("label_steps_fallback", lang)  # in full: it says where to go
        head = _lines(heading, w, "", "  ")
        marks = ""
        if once and trip.things:
            marks = trip.bring_label + colon(lang)
            marks += ("" if lang == "zh" else " ").join(thing_mark(n, lang) for n in trip.things)
            if width(f"{head[-1]}  {marks}", AMBIGUOUS) <= w:  # on the heading's line where it fits
                head[-1], marks = f"{head[-1]}  {marks}", ""
        out.extend(head)
        if marks:  # else under it, before the steps
            out.extend(_lines(marks, w, "", "  "))
        for step in trip.steps:
            first = f"[ ] {step.number}. "
            out.extend(_lines((step.short or step.text) if compact else step.text, w, first, "  "))
        if trip.bring and not once:
            out.extend(_lines(trip.bring_label + colon(lang) + sep.join(trip.bring), w, "", "  "))
    dates = layout.dates_brief if compact else layout.dates
    shown = ((msg("label_dates", lang), dates), (msg("label_notes", lang), layout.notes if notes else []))
    for title, texts in shown:
        if texts:
            out += ["", _heading(title, lang)]
            for text in texts:
                out.extend(_lines(text, w, "* ", "  "))
    return out


def write_in(lang: str, w: int) -> list[str]:
    """'服务银行：______ 电话：______' filling `w` columns: room to write the bank's name and phone
    (on two lines where one leaves less than six columns for each)."""
    label_bank, label_phone = msg("write_in_bank", lang), msg("write_in_phone", lang)
    room = w - width(label_bank + label_phone, AMBIGUOUS) - 1
    if room < 12:
        return [label + "_" * (w - width(label, AMBIGUOUS)) for label in (label_bank, label_phone)]
    blank = room // 2
    return [f"{label_bank}{'_' * (room - blank)} {label_phone}{'_' * blank}"]


def receipt_lines(checklist: Checklist, w: int, big: int = 1) -> list[tuple[str, bool]]:
    """The receipt, line by line, each with whether it is printed big. `big` is how many times
    wider a big character prints (2 for ESC/POS double size): big lines wrap at w // big.
    The top says the first thing in a few words (the first visit and its first two steps).
    Notes are left to the A4 page and the chat text (a receipt is for the errands). Where the
    full texts make the receipt longer than RECEIPT_LINES (at `w` columns, normal size), it is
    printed compact (`_body`); the same choice for the text and the ESC/POS receipt."""
    layout = build_layout(checklist)
    full = _receipt(layout, w, 1, compact=False)
    if big == 1 and len(full) <= RECEIPT_LINES:
        return full
    return _receipt(layout, w, big, compact=len(full) > RECEIPT_LINES)


def _receipt(layout: Layout, w: int, big: int, *, compact: bool) -> list[tuple[str, bool]]:
    lang = layout.lang
    out: list[tuple[str, bool]] = []

    def add(lines: list[str], large: bool = False) -> None:
        out.extend((line, large) for line in lines)

    narrow = max(w // big, 8)
    first = layout.first_short or layout.first
    add(_lines(layout.title, w))
    if layout.name:
        add(_lines(f"{msg('label_name', lang)}{colon(lang)}{layout.name}", w, "", "  "))
    add(["=" * w])
    if first and big > 1:
        add(_lines(msg("first_label", lang) + colon(lang), w))
        add(_lines(first, narrow), large=True)
    elif first:
        add(_lines(msg("first_label", lang) + colon(lang) + first, w))
    for text in layout.hotlines:
        add(_lines(brief(text, lang) if compact else text, narrow), large=True)
    if layout.bank_write_in:
        add(write_in(lang, w))
    add(_body(layout, w, notes=False, compact=compact))
    if layout.remark:  # staff's remark on the roster row: last, under a rule
        add(["", "-" * w])
        add(_lines(remark_line(layout), w, "", "  "))
    return out


def remark_line(layout: Layout) -> str:
    """'备注：行动不便' / 'Remark: …': a roster's remark for staff."""
    return msg("label_remark", layout.lang) + colon(layout.lang) + layout.remark


def _full(checklist: Checklist, w: int) -> str:
    layout = build_layout(checklist)
    lang = layout.lang
    out = _lines(layout.title, w)
    out.append(_rule(layout.title, w, "="))
    if layout.name:
        out.extend(_lines(f"{msg('label_name', lang)}{colon(lang)}{layout.name}", w, "", "  "))
    if layout.first:
        out.append("")
        out.extend(_lines(msg("first_label", lang) + colon(lang) + layout.first, w, "", "  "))
    out.extend(_lines(msg("label_hotline", lang) + colon(lang) + " ".join(layout.hotlines), w, "", "  "))
    if layout.bank_write_in:
        out.extend(write_in(lang, min(w, 60)))
    out.extend(_body(layout, w))
    out += ["", _rule("", w)]
    out.extend(_lines(msg("label_staff", lang), w))
    if layout.staff:
        out.extend(_lines(layout.staff, w, "", "  "))
    if layout.remark:
        out.extend(_lines(remark_line(layout), w, "", "  "))
    unconfirmed = unconfirmed_items(checklist, layout.note_ids)
    if unconfirmed:
        out.extend(_lines(msg("label_unconfirmed", lang) + colon(lang) + "; ".join(unconfirmed), w, "", "  "))
    out.extend(_lines(msg("label_sources", lang) + colon(lang), w))
    for text in staff_sources(checklist, layout.note_ids):
        out.extend(_lines(text, w, "- ", "  "))
    out.extend(_lines(footer(checklist), w))
    return "\n".join(out) + "\n"
