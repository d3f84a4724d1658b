"""A whole journey on a real terminal (pexpect), at 40, 60, 80 and 120 columns, each language at
the narrowest and two others: going back at every kind of question keeps the earlier answer, and
no screen mixes languages."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest

from guide.messages import msg
from guide.render import FORMATS

UP, ENTER = "\x1b[A", "\r"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|[\x00-\x08\x0e-\x1f]")
HAN = re.compile(r"[\u3400-\u9fff]")
HAN_RUN = re.compile(r"\w*[\u3400-\u9fff]\w*")  # a Chinese name with its digits: 掌上12333
# the Chinese names an English checklist may keep (apps, menu entries, counter names): one list, in a file
CHINESE_NAMES = tuple(
    line.strip()
    for line in (Path(__file__).parent / "chinese_names_in_english.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
# ASCII words a Chinese screen may show: ids typed as answers, key names, units, formats and their endings
ASCII_OK = {"Ctrl", "Tab", "Enter", "henan", "zhengzhou", "CPR", "App", "APP", "PDF", "URL", "A4"}
ASCII_OK |= {"YAML", "JSON", "HTML", "Markdown", "yaml", "yml", "https", "http"}
ASCII_OK |= {s.strip(".") for fmt in FORMATS.values() for suffix in fmt.suffixes for s in suffix.split(".")[1:]}
TYPED = "henan/zhengzhou 2026-05-01"  # what the journey types: its echo may wrap anywhere on a narrow screen
ASCII_WORD = re.compile(r"(?<![-/A-Za-z0-9_])[A-Za-z]{2,}(?![A-Za-z0-9_/-])")


SCREENS: dict[tuple[str, int], str] = {}  # what each journey drew, for the language scan


def _question(data, qid: str, lang: str) -> str:
    return data.question(qid).text[lang][:6]


JOURNEYS = [("zh", 40), ("zh", 80), ("en", 40), ("en", 60), ("en", 120)]  # English lines are the longest


@pytest.mark.parametrize(("lang", "columns"), JOURNEYS)
def test_back_at_every_kind_keeps_the_earlier_answer(data, lang, columns, tmp_path):
    pexpect = pytest.importorskip("pexpect")
    exe = str(Path(sys.executable).parent / "sbk-guide")
    screen = io.StringIO()
    child = pexpect.spawn(
        exe,
        ["--today", "2026-11-23", "--lang", lang],
        env={**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"},  # pexpect answers no CPR: no 1 s waits
        encoding="utf-8",
        timeout=30,
        dimensions=(40, columns),
        cwd=str(tmp_path),
    )
    child.delaybeforesend = None
    child.logfile_read = screen

    def at(qid: str, keys: str) -> None:
        child.expect(_question(data, qid, lang))
        child.send(keys)

    at("card", "\x1b[B" + ENTER)  # replacement: the 2nd choice
    at("region", "henan/zhengzhou" + ENTER)
    at("insurance", "\x1b[B" + ENTER)  # resident
    at("needs", " " + "\x1b[B" * 2 + " " + ENTER)  # hospital, bank
    at("received", "2026-05-01" + ENTER)
    # now back through every kind: one, date, many, one, region
    at("applicant", UP + ENTER)  # "back" is the last line
    at("received", "<" + ENTER)  # date: the earlier date is shown; "<" goes back
    at("needs", UP + ENTER)  # many: Enter on "back" goes back
    at("insurance", UP * 2 + ENTER)  # one: the cursor starts on the earlier answer (resident)
    at("region", "<" + ENTER)
    # and forward again with Enter only: every earlier answer is still the default
    at("card", ENTER)
    asked, review = "card", msg("review_question", lang)[:5]
    while asked != "review":  # whichever questions the path has (the data may add some)
        others = [q.id for q in data.questions if q.id != asked]
        n = child.expect([_question(data, qid, lang) for qid in others] + [review])
        asked = others[n] if n < len(others) else "review"
        child.send(ENTER)  # the review: confirm
    child.expect(msg("save_question", lang)[:4])
    child.send(ENTER)  # done
    child.expect(r"--card replacement --region henan/zhengzhou --insurance resident --need hospital,bank")
    child.expect(r"--received 2026-05-01")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    SCREENS[(lang, columns)] = ANSI.sub("", screen.getvalue())


def _parts(text: str, lang: str) -> tuple[str, str]:
    """The guide's own words (questions, hints, echoes, review, menus) and the checklist's items.
    Left out: the command to copy (ids only) and the checklist's numbered sources, which cite
    each page as published (a Chinese page keeps its Chinese title, and links are not words)."""
    text = text.rsplit("sbk-guide checklist", 1)[0]
    start = text.index("\n╭")  # the checklist's box (its title is cut at 40 columns: render/rich_out, reported)
    sources = text.index(msg("label_staff", lang), start)  # the view ends with the line for staff, no sources
    menu = text.index(msg("save_question", lang), sources)
    return text[:start] + text[menu:], text[start:sources]


@pytest.mark.parametrize(("lang", "columns"), JOURNEYS)
def test_no_screen_of_the_journey_mixes_languages(lang, columns):
    if (lang, columns) not in SCREENS:
        pytest.skip("the journey above did not run")
    ui, items = _parts(SCREENS[(lang, columns)], lang)
    if lang == "en":
        assert not HAN.search(ui), [line for line in ui.splitlines() if HAN.search(line)]
        unlisted = [line for line in items.splitlines() if set(HAN_RUN.findall(line)) - set(CHINESE_NAMES)]
        assert not unlisted, unlisted  # or the name belongs in tests/chinese_names_in_english.txt
    else:
        english = [
            line
            for line in (ui + items).splitlines()
            if {w for w in set(ASCII_WORD.findall(line)) - ASCII_OK if w not in TYPED}
        ]
        assert not english, english


def test_english_items_keep_only_the_listed_chinese_names(data):
    """Every English text of the data (every item, every region's own items): the Chinese it
    keeps is a name of tests/chinese_names_in_english.txt, so the list is the whole truth."""
    texts = [item.text["en"] for item in data.items]
    for layers in data.overlays.values():
        for layer in layers:
            texts += [item.text["en"] for item in layer.add]
            texts += [patch.fields["text"]["en"] for patch in layer.replace if "text" in patch.fields]
    unlisted = {name for text in texts for name in HAN_RUN.findall(text)} - set(CHINESE_NAMES)
    assert not unlisted, sorted(unlisted)
    questions = list(data.questions)
    words = [q.text["en"] + q.help["en"] + q.label["en"] for q in questions]
    words += [c.label["en"] for q in questions for c in q.choices]
    assert not [w for w in words if HAN.search(w)]  # the questions are the guide's own words: none
