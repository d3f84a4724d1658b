"""issue 23: an item says no more than its quotes (validate's claim check), and unconfirmed items."""

from __future__ import annotations

import json

import pytest
from test_data_tools import local

from guide.loading.claims import unquoted

CHANNELS = ["掌上12333", "电子社保卡", "国家医保服务平台", "微信", "支付宝"]
PLACES = ["广东", "郑州"]


@pytest.mark.parametrize(
    ("text", "quote", "missing"),
    [
        ("打12393问。", "可以拨打12333咨询。", [("number", "12393")]),
        ("打１２３３３问。", "可以拨打12333咨询。", []),  # full-width digits
        ("到期前60天内申请换领。", "持卡人可在社保卡有效期满前六十日申请换领。", []),  # 六十日 holds 60天
        ("领卡后6个月内启用。", "领卡后要及时启用。", [("number", "6"), ("period", "6个月")]),
        ("6个月内有效。", "有效期6年。", [("period", "6个月")]),
        ("每断缴一年再加一个月。", "每断缴一年,会增加一个月的等待期。", []),
        ("从2025年起等3个月。", "从2025 年起,至少有3个月等待期。", []),  # a calendar year is a number, not a period
        ("在微信里激活。", "通过支付宝激活。", [("channel", "微信")]),
        ("在国家医保服务平台App里办。", "通过“国家医保服务平台”APP开通", []),
        ("在掌上12333 App办理。", "掌上12333APP或本地渠道", []),
        ("广东规定要重新申领。", "已制作完成但超过一年未领取激活的社保卡", [("place", "广东")]),
        ("到{region}办，{due}前。", "到参保地办理。", []),  # placeholders are left out
    ],
)
def test_claims_against_quotes(text, quote, missing):
    assert unquoted(text, [quote], CHANNELS, PLACES) == missing


def test_the_year_of_a_cited_source_counts_as_quoted():
    assert unquoted("（2020年报道）", ["可一次性办理"], CHANNELS, PLACES, years=["2020"]) == []
    assert unquoted("（2020年报道）", ["可一次性办理"], CHANNELS, PLACES, years=["2019"]) == [("number", "2020")]


PLANTED = """\
items:
  - id: planted-hotline
    section: notes
    text: {zh: 有问题打12393或在微信里问，6个月内办好。, en: Call 12393.}
    sources: [{id: suixi-2025, quote: "此外,还可以拨打12333人社服务热线或社保卡服务银行电话查询。"}]
  - id: planted-weak
    section: notes
    text: {zh: 弱来源的说法。, en: A weak claim.}
    sources: [{id: jss-12393, quote: 公共服务平台}]
  - id: planted-marked
    section: notes
    unconfirmed: true
    text: {zh: 官方来源的说法。, en: An official claim.}
    sources: [{id: suixi-2025, quote: 原文}]
"""


def test_planted_violations_are_reported_at_their_line(cli, tmp_path):
    folder = local(tmp_path, {"items.yaml": PLANTED})
    r = cli("validate", "--data-dir", str(folder), "--today", "2026-12-07", "--lang", "en")
    assert r.code == 1
    items = folder / "items.yaml"
    lines = r.stdout.splitlines()
    assert lines[:-1] == [
        f"{items}:6: item 'planted-weak' cites only weak sources (grade W); add an official (O) or news (N) one, "
        "or mark it unconfirmed: true where no official page states it",
        f"{items}:10: item 'planted-marked' is marked unconfirmed but cites an official or news source "
        "('suixi-2025'); drop the mark",
        f"{items}:2: item 'planted-hotline''s text names the number '12393', which none of its quotes contains; "
        "change the text, quote a sentence that contains it, or drop the claim",
        f"{items}:2: item 'planted-hotline''s text names the number '6', which none of its quotes contains; "
        "change the text, quote a sentence that contains it, or drop the claim",
        f"{items}:2: item 'planted-hotline''s text names the period '6个月', which none of its quotes contains; "
        "change the text, quote a sentence that contains it, or drop the claim",
        f"{items}:2: item 'planted-hotline''s text names the channel '微信', which none of its quotes contains; "
        "change the text, quote a sentence that contains it, or drop the claim",
    ]
    assert lines[-1].startswith("6 problem(s) found: ")
    zh = cli("validate", "--data-dir", str(folder), "--today", "2026-12-07").stdout.splitlines()
    assert zh[2] == (
        f"{items}:2: 条目“planted-hotline”的文字提到数字“12393”，但它引用的原文（quote）里都没有；"
        "请改文字、换一句含有它的原文，或删去这一说法"
    )


def test_a_weak_item_marked_unconfirmed_passes_and_is_listed(cli, tmp_path):
    marked = """\
    items:
      - id: local-weak
        section: notes
        unconfirmed: true
        text: {zh: 弱来源的说法。, en: A weak claim.}
        sources: [{id: jss-12393, quote: 公共服务平台}]
    """
    folder = local(tmp_path, {"items.yaml": marked})
    r = cli("validate", "--data-dir", str(folder), "--today", "2026-12-07", "--lang", "en")
    lines = r.stdout.splitlines()
    assert r.code == 0, r.stdout
    assert lines[0] == "Unconfirmed items (only weak sources support them; check them on official sites): 12"
    assert f"  {folder / 'items.yaml'}:2: item 'local-weak' (jss-12393)" in lines
    assert lines[-1].startswith("Data is valid: ")


def test_unconfirmed_items_and_source_grades_reach_the_json(cli):
    args = ["checklist", "--card", "e-medical", "--insurance", "employee", "--need", "cross-region"]
    doc = json.loads(cli(*args, "--applicant", "self", "--region", "national", "--format", "json").stdout)
    items = {i["id"]: i for s in doc["sections"] for i in s["items"]}
    assert items["hotline-12393"]["unconfirmed"] is True
    assert items["cross-region-filing"]["unconfirmed"] is True
    assert "unconfirmed" not in items["hotlines"]
    grades = {s["id"]: s["grade"] for s in doc["sources"]}
    assert (grades["jss-12393"], grades["suixi-2025"], grades["gansulong-qy-filing"]) == ("W", "O", "W")
    # the batch writer gives the same item
    assert all(
        ("unconfirmed" in i) == (i["id"] in {"hotline-12393", "cross-region-filing", "cross-region-before"})
        for i in items.values()
    )
