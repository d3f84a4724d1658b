"""The plan layout every output a person receives shares (A4 page, receipt, ESC/POS, chat,
terminal view, markdown): what goes where, in the person's words, before any formatting.

Top: the name (when given), the first thing to do, the hotline(s). Then the visits of the plan
in order, each with its steps (numbered on through the visits) and what to bring there. Then the
dates in plain words (a dated item is a sourced, binding rule: it is named as binding; a
recommendation carries no date and is never "overdue"), at most three notes, and a small line
for staff (the answers). Sources are for staff: the person's copy carries no [n] markers and no
web addresses; `staff_sources()` gives the short list with grades and unconfirmed marks.

Until the planner fills `Checklist.plan`, the layout falls back to one visit without a heading
that holds every step, with every material to bring, and no first-thing line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from ..core.dates import display
from ..core.model import Checklist, Item, first_sentence
from ..messages import msg
from .common import colon, holder_name, short_source

MAX_NOTES = 3
# A plan of more than LONG_PLAN steps fills two A4 pages by itself: it keeps only the first
# note (the data's order puts the ones that matter most first); the A4 page must stay within two.
LONG_PLAN = 7
# A plan of more than VERY_LONG_PLAN steps does not fit two A4 pages in full: after the first
# visit (in full: it is what the person does first), each step is printed in its short form, and
# the things to bring and the hotlines without their longer remarks in brackets (`brief`), as on
# a long receipt, and no notes; the full texts stay in markdown and JSON.
VERY_LONG_PLAN = 12
MAX_NOTES_LONG = 1
# Listing every visit's things to bring in full repeats the things brought on several visits.
# Where the repeats come to more than about two lines of the A4 page (characters), the things
# are listed once, numbered, and each visit names them by number (`Layout.things_once`).
REPEAT_LIMIT = {"zh": 60, "en": 160}
ORDINALS_ZH = "一二三四五六七八九十"
# Visits where nobody goes anywhere (a phone call, an app or website at home): the things are
# not brought but kept at hand, so their list is headed "手边准备" / "Have at hand", not "带上" / "Bring".
AT_HAND = ("phone-call", "online")
GRADES = ("O", "N", "W")


@dataclass(slots=True)
class Step:
    number: int
    text: str
    short: str = ""  # the step's short form ('' where the data gives none): a long receipt prints it


@dataclass(slots=True)
class Trip:
    """One visit of the plan as printed: its heading ('' for the fallback list), steps and things to bring."""

    heading: str
    steps: list[Step]
    bring: list[str] = field(default_factory=list)
    place: str = ""
    things: list[int] = field(default_factory=list)  # the bring list as 1-based numbers in Layout.things
    bring_label: str = ""  # "带上" / "Bring"; "手边准备" / "Have at hand" where nobody goes anywhere (AT_HAND)


@dataclass(slots=True)
class Layout:
    lang: str
    title: str
    name: str
    first: str  # '' until the planner gives one
    first_short: str  # the first visit's title and its first two steps' short forms (a receipt's top)
    hotlines: list[str]
    bank_write_in: bool  # a line to write the service bank's name and phone on (instead of its item)
    trips: list[Trip]
    dates: list[str]
    dates_brief: list[str]  # the same without the texts' longer remarks in brackets (a long receipt)
    notes: list[str]
    staff: str  # the answers, one small line for staff ('' when the checklist carries none)
    note_ids: list[str] = field(default_factory=list)  # the ids of `notes` (the notes printed)
    things: list[str] = field(default_factory=list)  # every material brought, once, in order of first visit
    things_once: bool = False  # list `things` once and name them by number on each visit (REPEAT_LIMIT)
    short_after_first: bool = False  # A4: steps after the first visit in their short forms (VERY_LONG_PLAN)
    remark: str = ""  # a roster's remark (备注) for staff: in the staff block, never in the chat text
    things_label: str = ""  # heads `things`: "要带的东西" / "Things to bring" (to have at hand, where nobody goes)


def plain(text: str) -> str:
    """An item's text without its closing full stop (for lists joined on one line)."""
    return text.rstrip("。.").strip()


_REMARK = {"zh": re.compile(r"（[^（）]{4,}）"), "en": re.compile(r" \([^()]{12,}\)")}


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def thing_mark(n: int, lang: str) -> str:
    """The number of a thing to bring: ① … ⑩ in Chinese (GB2312 has them), (1) in English and past ten."""
    return CIRCLED[n - 1] if lang == "zh" and n <= len(CIRCLED) else f"({n})"


def brief(text: str, lang: str) -> str:
    """A text without its longer remarks in brackets (examples, lists of apps, a source's year):
    what a long receipt prints of the things to bring, the hotlines and the dates. Short ones stay:
    （原件）, （实体卡）. It only ever says less, so it is never used on a visit's heading, whose
    remarks say where to go and what to do ("拿到新卡后（当场拿到的，就在原地接着办）",
    "去服务银行（卡面印的银行）")."""
    return _REMARK["zh" if lang == "zh" else "en"].sub("", text)


def bring_label(place: str, lang: str) -> str:
    """What heads a visit's things: "带上" / "Bring", or "手边准备" / "Have at hand" where nobody goes (AT_HAND)."""
    return msg("label_at_hand" if place in AT_HAND else "label_bring", lang)


def trip_heading(n: int, title: str, who: str, lang: str, place: str = "") -> str:
    """'一、去服务银行（本人去）' / 'Part 1: Go to the service bank (the holder goes)'; where nobody
    goes anywhere (AT_HAND): '一、在家办（本人办）' / 'Part 1: At home (the holder does it)'."""
    key = f"who_{who}_at_home" if place in AT_HAND else f"who_{who}"
    label = msg(key, lang) if who in ("holder", "proxy", "guardian") else ""
    if lang == "zh":
        number = ORDINALS_ZH[n - 1] if n <= len(ORDINALS_ZH) else str(n)
        return f"{number}、{title}" + (f"（{label}）" if label else "")
    return f"{msg('trip', lang)} {n}: {title}" + (f" ({label})" if label else "")


def date_words(item: Item, lang: str, text: str | None = None) -> str:
    """A dated item in plain words: its text (or `text`), then the binding date and the days left (or past)."""
    text = item.text if text is None else text
    if item.due is None or item.days_left is None:
        return text
    due = display(dt.date.fromisoformat(item.due), lang)
    if item.days_left < 0:
        status = msg("date_binding_passed", lang, due=due, days=-item.days_left)
    elif item.days_left == 0:
        status = msg("date_binding_today", lang, due=due)
    else:
        status = msg("date_binding_left", lang, due=due, days=item.days_left)
    return f"{text}（{status}）" if lang == "zh" else f"{text} ({status})"


def _section(checklist: Checklist, section_id: str) -> list[Item]:
    return next((s.items for s in checklist.sections if s.id == section_id), [])


def build_layout(checklist: Checklist) -> Layout:
    lang = checklist.lang
    steps = {item.id: item for item in _section(checklist, "steps")}
    materials = {item.id: item for item in _section(checklist, "materials")}
    numbers = {sid: n for n, sid in enumerate(steps, 1)}
    trips: list[Trip] = []
    placed: set[str] = set()
    things: dict[str, int] = {}  # material id -> its number in the list of things to bring

    def numbered(ids: list[str]) -> list[int]:
        return [things.setdefault(mid, len(things) + 1) for mid in ids]

    def step(sid: str) -> Step:
        return Step(numbers[sid], steps[sid].text, plain(steps[sid].short))

    for n, visit in enumerate(checklist.plan, 1):
        in_visit = [sid for sid in visit.steps if sid in steps]
        placed.update(in_visit)
        brought = [mid for mid in visit.bring if mid in materials]
        trips.append(
            Trip(
                heading=trip_heading(n, visit.title, visit.who, lang, visit.place),
                steps=[step(sid) for sid in in_visit],
                bring=[plain(materials[mid].text) for mid in brought],
                place=visit.place,
                things=sorted(numbered(brought)),
                bring_label=bring_label(visit.place, lang),
            )
        )
    left = [sid for sid in steps if sid not in placed]
    if left:  # no plan yet (or a step the plan left out): one list without a heading
        brought = list(materials) if not checklist.plan else []
        trips.append(
            Trip(
                heading="",
                steps=[step(sid) for sid in left],
                bring=[plain(materials[mid].text) for mid in brought],
                things=sorted(numbered(brought)),
                bring_label=bring_label("", lang),
            )
        )
    contacts = _section(checklist, "contacts")
    bank = any(t.place == "bank" for t in trips) or (not checklist.plan and any("bank" in item.id for item in contacts))
    listed = [plain(materials[mid].text) for mid in things]
    notes = _section(checklist, "notes")[: MAX_NOTES_LONG if len(steps) > LONG_PLAN else MAX_NOTES]
    sep = "；" if lang == "zh" else "; "
    staff = sep.join(f"{label}{colon(lang)}{value}" for label, value in checklist.summary)
    return Layout(
        lang=lang,
        title=msg("title", lang),
        name=holder_name(checklist),
        first=checklist.first.text if checklist.first else "",
        first_short=_first_short(checklist, steps),
        # the write-in line takes the place of "the number of the bank printed on the card"
        hotlines=[item.text for item in contacts if not (bank and "bank" in item.id)],
        bank_write_in=bank,
        trips=trips,
        dates=[date_words(item, lang) for item in _section(checklist, "deadlines")],
        dates_brief=[date_words(item, lang, brief(item.text, lang)) for item in _section(checklist, "deadlines")],
        notes=[item.text for item in notes],
        note_ids=[item.id for item in notes],
        staff=staff,
        remark=str(checklist.remark or "").strip(),
        things=listed,
        things_once=_repeated(trips, listed) > REPEAT_LIMIT["zh" if lang == "zh" else "en"],
        short_after_first=len(steps) > VERY_LONG_PLAN,
        things_label=msg(
            "label_things" if any(t.things and t.place not in AT_HAND for t in trips) else "label_things_at_hand",
            lang,
        ),
    )


def _repeated(trips: list[Trip], things: list[str]) -> int:
    """The characters the bring lists repeat: every thing listed again after its first visit."""
    seen: set[int] = set()
    total = 0
    for trip in trips:
        total += sum(len(things[n - 1]) for n in trip.things if n in seen)
        seen.update(trip.things)
    return total


def _first_short(checklist: Checklist, steps: dict[str, Item]) -> str:
    """The first thing in a few words: the first visit's title and the short forms of its first
    two steps (the contract's `first` names up to three); `first` itself where the steps have none."""
    if not checklist.first or not checklist.plan:
        return ""
    lang = checklist.lang
    shorts = [plain(steps[sid].short) for sid in checklist.plan[0].steps if sid in steps and steps[sid].short][:2]
    if not shorts:
        return checklist.first.text
    return first_sentence(checklist.plan[0].title, shorts, lang)  # as `first` is said


def grade_of(source: dict[str, str]) -> str:
    """The source's grade (O official, N news or university, W weak); '' where the data gives none."""
    grade = str(source.get("grade") or "").upper()
    return grade if grade in GRADES else ""


def printed(checklist: Checklist, notes: Collection[str]) -> list[Item]:
    """The items a sheet prints: all but the notes left out (`notes`: the ids of those printed)."""
    return [i for s in checklist.sections for i in s.items if s.id != "notes" or i.id in notes]


def staff_sources(checklist: Checklist, notes: Collection[str]) -> list[str]:
    """The short source list for staff, of the items printed (`printed`): publisher《title》date,
    then its grade (no web addresses; the publisher without its remarks in brackets, Chinese or
    English whatever the language of the sheet, since publishers keep their own names: JSON and
    markdown keep every source in full)."""
    lang = checklist.lang
    cited = {sid for item in printed(checklist, notes) for sid in item.sources}
    out = []
    for source in checklist.sources:
        if source["id"] not in cited:
            continue
        grade = grade_of(source)
        publisher = brief(brief(source["publisher"], "zh"), "en")
        text = short_source(dict(source, publisher=publisher), lang)
        if grade:
            text += f" [{grade}]"
        if grade == "W":
            text += " " + msg("unconfirmed_mark", lang)
        out.append(text)
    return out


def unconfirmed_items(checklist: Checklist, notes: Collection[str]) -> list[str]:
    """The printed items only a weak source supports, by their first words (staff confirm them
    before relying on them)."""
    return [_opening(plain(i.text)) for i in printed(checklist, notes) if i.unconfirmed]


UNCONFIRMED_CHARS = 30  # enough for staff to find the item on the page


def _opening(text: str) -> str:
    """An item's first words for the staff list (the page above carries the whole text)."""
    return text if len(text) <= UNCONFIRMED_CHARS else text[:UNCONFIRMED_CHARS].rstrip("，、；：,;: ") + "…"


def official_link(checklist: Checklist) -> str:
    """At most one web address for the person: an official (O) source of the first step, else the
    first official source with an address; '' when none is graded official."""
    official = [s for s in checklist.sources if grade_of(s) == "O" and s.get("url")]
    if not official:
        return ""
    first_step = checklist.first.step if checklist.first else ""
    cited = next((i.sources for s in checklist.sections for i in s.items if i.id == first_step), [])
    for source in official:
        if source["id"] in cited:
            return source["url"]
    return official[0]["url"]
