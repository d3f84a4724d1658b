"""Printing: receipt text within its width on every path, snapshots of every format, a real browser print."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import QUICK

from guide.core.engine import build_checklist
from guide.messages import msg
from guide.render import render
from guide.render.wrap import width, wrap

TODAY = dt.date(2026, 11, 23)
LONGEST = {
    "card": "new",
    "region": "henan/zhengzhou",
    "insurance": "employee",
    "needs": ["hospital", "pharmacy", "bank", "cross-region", "family"],
    "received": "2025-05-01",
    "applicant": "proxy",
    "in_person": "no",
    "pin_changed": "no",
    "problems": ["forgot-pin"],
}
PATHS = {
    "longest": LONGEST,
    "e-medical-national": {
        "card": "e-medical",
        "region": "national",
        "insurance": "resident",
        "needs": ["hospital"],
        "applicant": "self",
        "problems": [],
    },
    "legacy-xinxiang-guardian": {
        "card": "legacy",
        "region": "henan/xinxiang",
        "insurance": "resident",
        "needs": ["bank", "pharmacy"],
        "applicant": "guardian",
        "problems": ["damaged"],
    },
}


def checklist(data, name, lang="zh"):
    return build_checklist(data, PATHS[name], TODAY, lang)


# ---------------------------------------------------------------- wrapping


def test_wrap_keeps_words_and_numbers_whole():
    lines = wrap("拨打12333或12393，网址 https://example.org/a/b 也可以；日期 2026-11-01 不拆开。", 16)
    assert all(width(line) <= 16 for line in lines)
    joined = "\n".join(lines)
    for token in ("12333", "12393", "2026-11-01"):
        assert token in joined
    assert not any(line.startswith(("，", "。", "；")) for line in lines)


def test_wrap_counts_chinese_as_two_columns():
    assert width("社保卡abc") == 9
    assert wrap("一二三四五六七八", 6) == ["一二三", "四五六", "七八"]


def test_wrap_keeps_straight_quotes_with_their_word():
    lines = wrap('A "balance" shown from earlier years is a system record.', 12, "* ", "  ")
    assert lines == ["* A", '  "balance"', "  shown from", "  earlier", "  years is a", "  system", "  record."]


def _squeezed(text: str) -> str:
    """Text without white space and frame characters: what wrapping may add or take away."""
    return re.sub(r"[\s│╭╮╰╯─]", "", text)


@pytest.mark.parametrize("columns", [40, 60, 80, 120])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rich_view_shows_every_word_at_any_width(data, columns, lang):
    """rich wraps only at spaces and cuts a longer run with an ellipsis: every step, thing to
    bring, date, hotline, shown note and answer of the longest path must still be there in full,
    within the width; the sources are not (the person's copy carries none)."""
    shown = checklist(data, "longest", lang)
    text = render(shown, "rich", width=columns)
    assert "…" not in text
    assert all(width(line) <= columns for line in text.splitlines())
    flat = _squeezed(text)
    assert _squeezed(msg("title", lang)) in flat  # the box's title, whole (above the box when too long for it)
    from guide.render.layout import build_layout

    layout = build_layout(shown)
    texts = [step.text for trip in layout.trips for step in trip.steps] + [
        t for trip in layout.trips for t in trip.bring
    ]
    for text in texts + layout.dates + layout.notes + layout.hotlines:
        assert _squeezed(text) in flat, text
    for label, value in shown.summary:
        assert _squeezed(value) in flat, label
    assert "http" not in text and not re.search(r"\[\d+(,\d+)*\]", text)


def test_text_has_only_printer_safe_characters(data):
    """Receipt printers' built-in fonts are GB2312 + ASCII: no box-drawing, emoji or bullets."""
    for name in PATHS:
        for lang in ("zh", "en"):
            text = render(checklist(data, name, lang), "text", width=32)
            text.encode("gb2312")  # raises if any character is outside GB2312
            assert all(
                line[:4] in ("[ ] ", "* ", "") or not line.startswith(("[ ]", "☐", "•")) for line in text.splitlines()
            )
    text = render(checklist(data, "longest"), "text", width=32)
    assert "[ ] 1. " in text and "\n* " in text
    assert "http" not in text and "[1]" not in text and "!!" not in text


def test_gb18030_output_file(cli, tmp_path):
    out = tmp_path / "receipt.txt"
    r = cli(
        *QUICK,
        *["--region", "郑州", "--format", "text"],
        "--width",
        "32",
        "--encoding",
        "gb18030",
        "--output",
        str(out),
        "--today",
        "2026-11-23",
    )
    assert r.code == 0, r.stderr
    raw = out.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("gb18030").startswith("社保卡 / 医保卡办理清单\n")
    r = cli("checklist", "--card", "e-medical", "--encoding", "big5")
    assert (r.code, r.stderr) == (2, "错误：--encoding 的值“big5”无效。可选值：utf-8, gb18030\n")


# ---------------------------------------------------------------- snapshots


@pytest.mark.parametrize("name", sorted(PATHS))
@pytest.mark.parametrize(
    "fmt, lang, columns",
    [
        ("text", "zh", 32),
        ("text", "zh", 48),
        ("text", "en", 48),
        ("markdown", "zh", 80),
        ("html", "zh", 80),
        ("json", "en", 80),
        ("rich", "zh", 60),
    ],
)
def test_snapshot(data, snapshot, name, fmt, lang, columns):
    assert render(checklist(data, name, lang), fmt, width=columns) == snapshot


def test_html_is_self_contained_and_escaped(data):
    html = render(checklist(data, "longest"), "html")
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"\ssrc=", html)
    assert "@page { size: A4;" in html
    assert "已过期" not in html and "http" not in html  # no "overdue" wording; web addresses are in JSON and markdown
    # the plan visits no bank (the bank comes to the holder): no write-in line, the bank's hotline item stays
    assert 'class="write-in"' not in html and "卡面所印银行（服务银行）的客服电话" in html
    doc = checklist(data, "longest")
    # a tick box for every step, and for every thing to bring on each visit it is brought to
    assert html.count('<span class="box"') == len(doc.sections[0].items) + sum(len(v.bring) for v in doc.plan) == 11


def test_html_escapes_local_data(data):
    from guide.core.model import Item

    doc = checklist(data, "longest")
    doc.sections[4].items.insert(0, Item("x", "<b>not bold</b> & done", ["S000"]))
    html = render(doc, "html")
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; do" in html and "<b>" not in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_untitled_source_is_named_as_such_without_title_marks(data, lang):
    """A page without a headline prints as publisher + the note, never as a title in 《》 or quotes."""
    from guide.core.engine import source_entry
    from guide.messages import msg
    from guide.render.common import short_source

    untitled = [sid for sid, s in data.sources.items() if not s.title]
    assert untitled
    note = msg("untitled_source", lang)
    for sid in untitled:
        entry = source_entry(data, sid, lang)
        assert "title" not in entry  # the contract: absent where the page shows none
        text = short_source(entry, lang)
        assert text.startswith(entry["publisher"]) and note in text
        assert "《" not in text.replace(entry["publisher"], "") and "\u201c" not in text
    html = render(checklist(data, "longest", lang), "html")
    assert f"《{note}》" not in html and f"\u201c{note}\u201d" not in html
