"""Issue 24: every output a person receives follows the plan layout (render/layout.py), checked on
the plans the engine makes for the issue's six situations (tests/plan_fixtures.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from plan_fixtures import LONG_NAME, situation, typical

from guide.render import render, render_bytes
from guide.render.escpos import BIG, CUT, FEED, INIT, NORMAL
from guide.render.layout import build_layout
from guide.render.text import receipt_lines
from guide.render.wrap import width

KEYS = "ABCDEF"
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2} [A-Z][a-z]{2} \d{4}")


def _all(data):
    return {k: situation(data, k) for k in KEYS}


# ---------------------------------------------------------------- A4 page


def _css(html: str) -> str:
    return html.split("<style>")[1].split("</style>")[0]


def test_a4_body_is_14pt_at_line_height_1_5_in_one_column(data):
    html = render(typical(data), "html")
    css = _css(html)
    body = re.search(r"\nbody \{([^}]*)\}", css)[1]
    assert "font-size: 14pt;" in body and "line-height: 1.5;" in body and "font-synthesis: none;" in body
    assert "columns" not in css and "column-count" not in css
    for selector, size in re.findall(r"\n([^{}\n]+)\{[^}]*font-size: ([\d.]+)pt", css):
        if float(size) < 14:
            assert selector.strip().startswith(".staff"), selector  # only the block for staff is smaller
    for selector, lh in re.findall(r"\n([^{}\n]+)\{[^}]*line-height: ([\d.]+);", css):
        if not selector.strip().startswith(".staff"):  # headings and the big lines 1.3 and up; body text 1.5
            assert float(lh) >= 1.3, selector


def test_a4_top_is_name_first_thing_hotline_and_a_write_in_line(data):
    html = render(situation(data, "A", name=LONG_NAME), "html")
    main = html.split("<main>")[1]
    assert main.index("<h1>") < main.index(f'<p class="name">姓名：{LONG_NAME}</p>')  # the name under the title
    assert ".name { margin: 0; font-size: 18pt; line-height: 1.3; overflow-wrap: anywhere; }" in html
    first = (
        '<p class="first"><span class="label">先做这件事：</span>'
        "去服务银行（卡面印的银行）：启用社保（医保）功能；持卡人本人开通金融（银行）功能。</p>"
    )  # the card-face hint is a note beside the bank steps, not a step
    assert main.index(first) < main.index('<p class="hotline">咨询电话：12333') < main.index("<h2>一、去服务银行")
    assert '<p class="write-in">服务银行<span class="blank"></span> 电话<span class="blank"></span></p>' in html
    assert "卡面所印银行（服务银行）的客服电话" not in html  # the write-in line takes its place
    # a plan without a visit to the bank has no line for the bank
    html = render(situation(data, "C"), "html")
    assert 'class="write-in"' not in html


def test_a4_person_copy_has_no_markers_or_addresses_and_staff_block_has_grades(data):
    doc = situation(data, "A")
    html = render(doc, "html")
    person, staff = html.split('<section class="staff">')
    assert not re.search(r"\[\d+(,\d+)*\]", person) and "http" not in html
    assert "供工作人员核对" in staff and "[O]" in staff and "[W] 待核实" in staff and "[N]" in staff
    assert "待核实的内容：12393：医保服务热线</p>" in staff  # the item only a weak page supports: for staff
    assert "12393：医保服务热线。" in person and "待核实" not in person  # the person's copy: the number, unmarked
    # the staff sources are those of the lines printed: the notes left out take theirs along
    printed = {sid for s in doc.sections for i in s.items if s.id != "notes" or i.text in person for sid in i.sources}
    listed = re.findall(r"《([^》]+)》", staff.split("资料来源")[1])
    assert len(listed) == len([s for s in doc.sources if s["id"] in printed and s.get("title")])
    assert person.count("<h2>请注意</h2>") == 1 and person.count('<span class="dot">') == 3  # no date, 3 notes


def test_visits_in_order_with_steps_numbered_on_and_things_to_bring(data):
    html = render(situation(data, "B"), "html")
    headings = re.findall(r"<h2>([^<]+)</h2>", html)
    # a holder who cannot come: first a phone call (the bank's home service), then online at home
    # nobody goes anywhere on a phone call or at home: who does it, and the things are kept at hand
    assert headings[:3] == ["一、打电话（家人或代办人办）", "二、在家办（家人或代办人办）", "三、看病买药时"]
    assert re.findall(r'<span class="num">(\d+)\.</span>', html) == ["1", "2", "3", "4"]
    assert html.count("<li>手边准备：</li>") == 2 and html.count("<li>带上：</li>") == 1


# Guangdong, a card collected more than a year ago: the plan starts with a phone call
SEALED = {
    "card": "new",
    "region": "guangdong/zhongshan",
    "insurance": "employee",
    "needs": ["hospital", "bank"],
    "received": "2025-06-01",
    "applicant": "self",
    "pin_changed": "no",
    "problems": [],
}


@pytest.mark.parametrize(
    ("lang", "at_hand", "bring"),
    [
        ("zh", "手边准备：社保卡（实体卡）", "带上："),
        ("en", "Have at hand: The physical social security card", "Bring: "),
    ],
)
def test_a_phone_call_has_its_things_at_hand_in_every_output(data, lang, at_hand, bring):
    import datetime as dt

    from guide.core.engine import build_checklist

    doc = build_checklist(data, SEALED, dt.date(2026, 12, 2), lang)
    assert [v.place for v in doc.plan] == ["phone-call", "bank", "hospital-pharmacy"]
    for fmt in ("chat", "text", "markdown", "rich"):
        lines = render(doc, fmt).splitlines()
        call = next(n for n, line in enumerate(lines) if line.strip() == at_hand)  # under the phone call
        assert not any(line.startswith(bring) for line in lines[:call]), (
            fmt
        )  # the call is not a visit to bring things to
        assert sum(line.startswith(bring) for line in lines) == 2, fmt  # the bank and the hospital
    html = render(doc, "html")
    label = at_hand.split("：")[0] + "：" if lang == "zh" else "Have at hand: "
    assert html.count(f"<li>{label}</li>") == 1 and html.count(f"<li>{bring}</li>") == 2
    receipt = render(doc, "text", width=32)  # numbered things: the call names them at hand too
    heading = "一、打电话  手边准备：①\n" if lang == "zh" else "Part 1: Make a phone call\nHave at hand: (1)\n"
    printed = render_bytes(doc, "escpos", width=32).decode("gb18030")
    assert heading in receipt and heading in printed


def test_a_plan_where_nobody_goes_anywhere_lists_things_to_have_at_hand(data):
    import datetime as dt

    from guide.core.engine import build_checklist

    doc = build_checklist(data, SEALED, dt.date(2026, 12, 2), "zh")
    assert build_layout(doc).things_label == "要带的东西"
    for visit in doc.plan:  # every visit a phone call: nothing is carried anywhere
        visit.place = "phone-call"
    layout = build_layout(doc)
    assert layout.things_label == "手边要准备的东西"
    assert {t.bring_label for t in layout.trips} == {"手边准备"}


def test_long_bring_lists_are_listed_once_and_named_by_number(data):
    """E brings the agent's papers to the visit the agent may make alone and the holder's own ID card
    to the holder's visits: each thing listed once, each visit naming them by number."""
    html = render(situation(data, "E"), "html")
    things = html.split('<section class="things">')[1].split("</section>")[0]
    assert things.count('<span class="box"') == 5 and "<h2>要带的东西</h2>" in things
    assert '<span class="num">③</span><span>持卡人的居民身份证和代办人本人的身份证原件' in things
    assert '<h2>三、去社保卡服务窗口（人社服务大厅）<span class="marks">带上：①③④</span></h2>' in html
    assert '（本人去）<span class="marks">带上：①⑤</span></h2>' in html  # the holder's visits: no agent's papers
    assert html.count("持卡人的居民身份证和代办人本人的身份证原件") == 1
    assert 'class="things"' not in render(situation(data, "A"), "html")  # a short plan: each visit in full


def test_dates_binding_named_as_binding_and_never_overdue_for_a_recommendation(data):
    doc = situation(data, "E")
    seal = next(i for i in doc.sections[3].items if i.id == "gd-seal-passed")
    # Guangdong's passed sealing year is said in words: no binding date, no days counted
    assert (seal.due, seal.days_left, seal.overdue) == (None, None, None)
    passed = "您领卡到现在已超过一年（2026年5月1日已满一年），卡可能已被封存。"
    for fmt in ("html", "chat"):
        text = render(doc, fmt)
        assert passed in text
        assert "硬性期限" not in text and "已经过了" not in text and "已过期" not in text
    en = render(situation(data, "E", "en"), "chat")
    assert "(the year ended by 1 May 2026), so it may be sealed." in en and "binding deadline" not in en
    # the words for an item with a binding date (`due: activation`; no shipped item has one now)
    seal.due, seal.days_left, seal.overdue = "2026-05-01", -215, True
    text = render(doc, "chat")
    assert "硬性期限 2026年5月1日，已经过了 215 天" in text and "已过期" not in text
    seal.due, seal.days_left, seal.overdue = "2027-03-01", 89, False
    assert "硬性期限 2027年3月1日，还有 89 天" in render(doc, "chat")
    doc = situation(data, "E", "en")
    seal = next(i for i in doc.sections[3].items if i.id == "gd-seal-passed")
    seal.due, seal.days_left, seal.overdue = "2026-05-01", -215, True
    assert "binding deadline 1 May 2026, passed 215 days ago" in render(doc, "chat")
    # a plan without a sourced binding rule has no date at all
    assert "硬性期限" not in render(situation(data, "A"), "chat") and "【日期】" not in render(
        situation(data, "A"), "chat"
    )


# ---------------------------------------------------------------- receipt


def test_receipt_lengths_and_the_top(data):
    lines = render(typical(data), "text", width=32).splitlines()
    assert len(lines) <= 40, len(lines)
    counts = {k: len(render(doc, "text", width=32).splitlines()) for k, doc in _all(data).items()}
    assert max(counts.values()) <= 80, counts
    for key, doc in _all(data).items():
        top = "".join("\n".join(render(doc, "text", width=32).splitlines()[:12]).split())
        assert "".join(doc.first.text.split())[:20] in top, key
        assert "12333" in top, key


def test_receipt_layout_rules(data):
    docs = dict(_all(data), G=situation(data, "G"))  # G: a dated text on a short plan
    checked = set()
    for key, doc in docs.items():
        for columns in (32, 48):
            text = render(doc, "text", width=columns)
            lines = text.splitlines()
            assert all(width(line, ambiguous=2) <= columns for line in lines), key
            for n, line in enumerate(lines):
                if re.match(r"^([一二三四五六]、|Part \d:)", line):
                    assert lines[n - 1] == "", (key, line)  # a blank line before each visit
            assert "http" not in text and "[1]" not in text and "数据版本" not in text and "Data version" not in text
            layout = build_layout(doc)  # the dates in plain words (notes are left to the A4 page)
            flat = "".join(text.split())
            for full, short in zip(layout.dates, layout.dates_brief, strict=True):
                shown = full if "".join(full.split()) in flat else short  # a long receipt: the short form
                assert "".join(shown.split()) in flat, (key, columns, shown)
                for found in DATE.findall(shown):
                    assert found in text, (key, columns, found)  # a date is never split
                    checked.add((key, columns))
            for phone in ("12333", "12393"):
                assert all(phone in line for line in lines if phone[:3] in line and line.endswith(phone[:3])) or (
                    phone in text
                )
    assert checked == {("G", 48)}, checked  # G's date on the full receipt (a long one leaves the remark out)


def test_receipt_fallback_without_a_plan(data):
    doc = situation(data, "A")
    doc.plan, doc.first = [], None  # a checklist from before schema 3
    text = render(doc, "text", width=32)
    assert "先做这件事" not in text and "\n要做的事\n[ ] 1. 启用社保（医保）功能" in text
    assert "带上：持卡人本人的居民身份证（原件）；社保卡（实体卡）" in "".join(text.split("\n  "))


def test_a_long_receipt_prints_short_steps_and_numbered_things(data):
    lines = render(situation(data, "E"), "text", width=32).splitlines()
    assert "【要带的东西】" in lines and "① 找回的那张社保卡" in lines  # remarks in brackets left out
    assert "[ ] 7. 带上找到的卡去解挂" in lines
    assert "一、打电话  手边准备：①" in lines  # on the heading's line where it fits (a call: at hand)
    text = "".join("".join(lines).split())
    # the headings in full: their remarks say where to go and what to do
    assert "三、去社保卡服务窗口（人社服务大厅）带上：①③④[]7." in text
    assert "五、拿到新卡后（当场拿到的，就在原地接着办）：去服务银行（卡面印的银行）（本人去）带上：①⑤[]10." in text
    # Guangdong's passed year in words, the remark with its date left out; no binding date
    assert (
        "广东规定：社保卡做好后超过一年没有领取激活，会成为逾期封存卡，要重新申领。您领卡到现在已超过一年，卡可能已被封存。"
        in text
    )
    assert "硬性期限" not in text and "2026年5月1日" not in text
    full = render(situation(data, "A"), "text", width=32)
    assert "[ ] 2. 开通金融（银行）功能：持" in full and "【要带的东西】" not in full  # a short one in full

    english = "".join(render(situation(data, "E", "en"), "text", width=32).split())
    assert (
        "Part5:Onceyouhavethenewcard(gotitonthespot?carryonthere):Gototheservicebank(thebankprintedonthecard)(theholdergoes)"
        in english
    )
    for doc in (situation(data, "E"), situation(data, "E", "en")):  # the ESC/POS receipt is the same
        printed = "".join(render_bytes(doc, "escpos", width=32).decode("gb18030").split())
        assert ("（当场拿到的，就在原地接着办）" if doc.lang == "zh" else "(gotitonthespot?carryonthere)") in printed


# ---------------------------------------------------------------- ESC/POS


def test_escpos_bytes_decode_to_the_receipt_with_double_size_top(data):
    doc = situation(data, "A")
    raw = render_bytes(doc, "escpos", width=32)
    assert raw.startswith(INIT + b"\x1c\x26") and raw.endswith(FEED + CUT)
    body = raw[len(INIT) + 2 : -len(FEED + CUT)]
    big_parts = re.findall(re.escape(BIG) + b"(.*?)" + re.escape(NORMAL), body, re.S)
    assert len(big_parts) == 1  # one run of big lines: the first thing and the hotline
    big_text = big_parts[0].decode("gb18030")
    assert "".join(big_text.split()) == (
        "去服务银行（卡面印的银行）：启用社保（医保）功能；持卡人本人开通金融（银行）功能。"
        "12333：人社服务热线（社保卡）。12393：医保服务热线。"
    )  # the first visit and its first two steps, then the hotlines
    assert all(width(line, ambiguous=2) <= 16 for line in big_text.splitlines())  # double width: 16 columns
    plain = body.replace(BIG, b"").replace(NORMAL, b"").decode("gb18030")
    assert plain.splitlines() == [line for line, _ in receipt_lines(doc, 32, big=2)]
    assert plain.splitlines()[:3] == ["社保卡 / 医保卡办理清单", "姓名：王阿姨", "=" * 32]


def test_escpos_on_the_command_line_to_a_file_and_a_device(cli, tmp_path):
    args = ["checklist", "--card", "new", "--region", "郑州", "--insurance", "employee", "--need", "hospital,bank"]
    args += ["--received", "2026-05-01", "--applicant", "self", "--pin-changed", "no", "--today", "2026-12-02"]
    out = tmp_path / "receipt.escpos"
    r = cli(*args, "--output", str(out))
    assert r.code == 0, r.stderr
    raw = out.read_bytes()
    assert raw.startswith(INIT) and raw.endswith(CUT)
    assert "社保卡 / 医保卡办理清单\n" in raw.decode("gb18030", errors="replace")
    r = cli(*args, "--format", "escpos", "--output", "/dev/null")  # a device is written as it is
    assert (r.code, r.stderr) == (0, "")


# ---------------------------------------------------------------- chat


def test_chat_short_first_thing_on_top_no_markup_one_link(data):
    text = render(typical(data), "chat")
    assert len(text) <= 1000, len(text)
    for key, doc in _all(data).items():
        text = render(doc, "chat")
        assert doc.first.text in "\n".join(text.splitlines()[:2]), key
        assert not re.search(r"^(#|- \[|\* |\|)|[│─╭╮╰╯☐•*`]|\[\d+\]", text, re.M), key
        assert text.count("http") <= 1, key
    assert render(situation(data, "A"), "chat").splitlines()[:2] == [
        "【社保卡 / 医保卡办理清单】姓名：王阿姨",
        "先做这件事：去服务银行（卡面印的银行）：启用社保（医保）功能；持卡人本人开通金融（银行）功能。",
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chat_of_a_long_plan_prints_later_visits_short(data, lang):
    """E (14 steps): the first visit in full, the later visits in their steps' short forms, in both
    languages alike; a short plan (A) keeps every step in full."""
    doc = situation(data, "E", lang)
    text = render(doc, "chat")
    layout = build_layout(doc)
    first, *later = layout.trips
    assert all(f"\n{step.number}. {step.text}\n" in text for step in first.steps)
    shorts = [step for trip in later for step in trip.steps]
    assert len(shorts) == 12 and all(f"\n{step.number}. {step.short}\n" in text for step in shorts)
    assert all(step.text not in text for step in shorts if step.text != step.short)
    assert len(text) < (1400 if lang == "zh" else 4000), len(text)  # was 1,960 and 6,066 in full
    typical = situation(data, "A", lang)
    assert all(
        f"{s.number}. {s.text}\n" in render(typical, "chat") for t in build_layout(typical).trips for s in t.steps
    )


def test_markdown_and_json_keep_every_source(data):
    doc = situation(data, "E")
    md = render(doc, "markdown")
    for source in doc.sources:
        assert source.get("url") or source.get("title") or source["publisher"] in md
        assert source.get("url", "") in md and source.get("title", "") in md
    assert "[O]" in md and "## 要做的事" not in md and "## 一、打电话" in md


# ---------------------------------------------------------------- a real browser


def _browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _truetype_cjk() -> bool:
    found = subprocess.run(["fc-list", ":lang=zh", "fontformat"], capture_output=True, text=True).stdout
    return "TrueType" in found


@pytest.mark.parametrize("key", ["A", "F"])  # F: A in English
def test_pdf_fonts_are_embedded_and_the_typical_page_is_one_small_page(data, tmp_path, key):
    if _browser() is None or shutil.which("pdffonts") is None or not _truetype_cjk():
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium, poppler-utils and fonts-wqy-microhei (.ci/run installs them)")
        pytest.skip("chromium, poppler-utils or a TrueType Chinese font not installed")
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(render_bytes(situation(data, key), "pdf"))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Type 3" not in fonts and "CID TrueType" in fonts, fonts
    assert pdf.stat().st_size <= 200_000
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info), info


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_longest_plan_prints_on_two_pages_and_no_page_holds_only_sources(data, tmp_path, lang):
    """E (every need, four problems, a proxy) in both languages: at most two A4 pages at 14 pt, and
    the staff block ends a page that also holds the person's text (it never takes a page of its own).
    A plan this long (more than VERY_LONG_PLAN steps) prints no notes on A4: the page is the plan's."""
    if _browser() is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium and poppler-utils (.ci/run installs them)")
        pytest.skip("chromium or poppler-utils not installed")
    doc = situation(data, "E", lang)
    pdf = tmp_path / "e.pdf"
    pdf.write_bytes(render_bytes(doc, "pdf"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert pages <= 2, pages
    last = subprocess.run(
        ["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"], capture_output=True, text=True
    )
    flat = "".join(last.stdout.split())
    staff = "供工作人员核对" if lang == "zh" else "Forstaff"
    assert staff in flat
    # the person's last words (the last date of the plan) are on the page with the staff block
    layout = build_layout(doc)
    assert layout.short_after_first and layout.notes  # the notes are there, and left out on A4
    last_words = "".join(layout.dates[-1].split())[-10:]
    assert last_words in flat and flat.index(last_words) < flat.index(staff)
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "".join(layout.notes[0].split())[:12] not in "".join(whole.split())
