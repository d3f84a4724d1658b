"""Issue 23, part 2: the facts people need appear on the paths that need them, and nowhere else.

Each test runs `sbk-guide checklist ... --format json` as a user would and names the concrete
items a clerk would expect on that path (and some that must stay away)."""

from __future__ import annotations

import json

import pytest

from guide.loading.validate import run_validation

TODAY = "2026-12-02"
CARD = ["--card", "new", "--received", "2026-05-01", "--pin-changed", "no"]


def checklist(cli, *args: str, lang: str = "zh") -> tuple[dict[str, list[str]], dict]:
    base = ["--insurance", "employee", "--need", "hospital", "--applicant", "self", "--region", "national"]
    # later options win: a test's own answers override the base ones
    result = cli("checklist", *base, *args, "--format", "json", "--today", TODAY, "--lang", lang)
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    return {s["id"]: [i["id"] for i in s["items"]] for s in doc["sections"]}, doc


def item(doc: dict, item_id: str) -> dict:
    return next(i for s in doc["sections"] for i in s["items"] if i["id"] == item_id)


def every(sections: dict[str, list[str]]) -> set[str]:
    return {i for ids in sections.values() for i in ids}


def test_found_card_lists_unblock_steps_and_the_card(cli):
    s, doc = checklist(cli, *CARD, "--problem", "lost,found-again")
    # the found card is unblocked first, then enabled; the bank account is unblocked at the bank
    assert s["steps"][0] == "found-unblock" and "found-unblock-bank" in s["steps"]
    assert s["steps"].index("found-unblock") < s["steps"].index("sbk-enable")
    assert "mat-found-card" in s["materials"]
    assert "带找回的卡" in item(doc, "found-unblock-bank")["text"]
    # a found card is not reported lost again, nor replaced
    assert not {"lost-report", "lost-bank-report", "lost-formal-reissue", "place-partner-bank"} & every(s)


def test_lost_card_reports_the_bank_account_too(cli):
    s, doc = checklist(cli, *CARD, "--problem", "lost")
    assert {"lost-report", "lost-formal-reissue", "lost-bank-report"} <= set(s["steps"])
    assert "服务银行网点" in item(doc, "lost-bank-report")["text"]
    assert "mat-found-card" not in s["materials"]


def test_holder_who_cannot_come_gets_no_bank_report_step(cli):
    s, _ = checklist(cli, *CARD, "--problem", "lost", "--applicant", "proxy", "--in-person", "no")
    assert "lost-bank-report" not in s["steps"]
    assert "mat-proxy-letter" in s["materials"]


def test_proxy_letter_says_practice_differs(cli):
    # the agent goes alone (the holder cannot come): the agent's papers
    s, doc = checklist(cli, *CARD, "--problem", "found-again", "--applicant", "proxy", "--in-person", "no")
    text = item(doc, "mat-proxy-letter")["text"]
    assert "各地要求不同" in text and "委托书" in text and "12333" in text
    # a plain first activation by an agent does not ask for a letter
    s, _ = checklist(cli, *CARD, "--applicant", "proxy", "--in-person", "yes")
    assert "mat-proxy-letter" not in s["materials"]
    # where the holder goes in person, the holder's own ID card, not the agent's papers
    s, doc = checklist(cli, *CARD, "--problem", "found-again", "--applicant", "proxy", "--in-person", "yes")
    assert "mat-proxy-letter" not in s["materials"] and "mat-doc-holder" in s["materials"]
    assert {v["who"] for v in doc["plan"] if "mat-doc-holder" in v["bring"]} == {"holder"}


@pytest.mark.parametrize(
    ("applicant", "step"),
    [
        (("self",), "bank-activate"),
        (("proxy", "--in-person", "no"), "bank-home-service"),
        (("guardian",), "bank-activate-guardian"),
    ],
)
def test_the_bank_need_of_an_electronic_card_holder_is_met_on_the_physical_card(cli, applicant, step):
    """The electronic card comes with a physical one (esbk-need-physical): its bank function is
    opened on that card, as for any card; the bank visit brings the card."""
    s, doc = checklist(cli, "--card", "e-sbk", "--need", "bank", "--applicant", *applicant)
    assert step in s["steps"]
    visit = next(v for v in doc["plan"] if step in v["steps"])
    if visit["place"] == "bank":
        assert "mat-card" in visit["bring"]


def test_the_electronic_card_is_claimed_after_the_new_card_it_mirrors(cli):
    """An expired card renewed online (the holder cannot come): the electronic card, which mirrors
    the physical one, is claimed once the new card is in hand; that card comes by post, so the
    heading does not say "got it on the spot? carry on there"."""
    args = ("--card", "e-sbk", "--applicant", "proxy", "--in-person", "no", "--problem", "expired")
    s, doc = checklist(cli, *args)
    assert s["steps"].index("expired-renew") < s["steps"].index("esbk-family")
    visit = next(v for v in doc["plan"] if "esbk-family" in v["steps"])
    assert visit["place"] == "online" and visit["title"] == "拿到新卡后：在家办"


def test_name_change_lists_the_record_change_and_the_new_card(cli):
    s, doc = checklist(cli, *CARD, "--problem", "name-change")
    assert {"name-change-order", "name-change-record"} <= set(s["steps"])
    record = item(doc, "name-change-record")
    assert "社保经办机构" in record["text"] and record["unconfirmed"] is True
    assert record["sources"] == ["dg-41171-change", "sbgj-388g-change"]
    # the record first, then the new card, then enabling it
    assert (
        s["steps"].index("name-change-record") < s["steps"].index("name-change-order") < s["steps"].index("sbk-enable")
    )


def test_expired_card_is_enabled_again_after_renewal(cli):
    s, _ = checklist(cli, *CARD, "--problem", "expired")
    assert "expired-renew" in s["steps"] and "expired-enable-again" in s["notes"]
    assert s["steps"].index("expired-renew") < s["steps"].index("sbk-enable")


def test_locked_pin_states_the_six_tries_rule_and_two_pins(cli):
    s, doc = checklist(cli, *CARD, "--problem", "locked")
    assert "pin-lock-rule" in s["notes"]
    text = item(doc, "pin-lock-rule")["text"]
    assert "6次" in text and "银行账户密码" in text
    assert "mohrss-2022-pin" in item(doc, "pin-lock-rule")["sources"]
    # an electronic credential's password is not the card's PIN
    s, _ = checklist(cli, "--card", "e-sbk", "--problem", "locked")
    assert "pin-lock-rule" not in every(s)


def test_face_check_causes_only_for_electronic_credentials(cli):
    s, doc = checklist(cli, "--card", "e-medical", "--problem", "activation-failed")
    assert "face-check-causes" in s["notes"]
    assert "身份证照片" in item(doc, "face-check-causes")["text"]
    s, _ = checklist(cli, *CARD, "--problem", "activation-failed")
    assert "face-check-causes" not in every(s)


@pytest.mark.parametrize(
    "args",
    [
        ("--card", "e-medical", "--applicant", "proxy", "--in-person", "no"),
        ("--card", "e-sbk", "--need", "hospital,family"),
    ],
)
def test_relatives_over_16_pass_their_own_face_check(cli, args):
    """Said in the step that adds the relative (a note can be left off a printed sheet)."""
    s, doc = checklist(cli, *args)
    step = "emed-family" if "e-medical" in args else "family-show-code"
    assert step in s["steps"]
    assert "16岁以上" in item(doc, step)["text"] and "本人刷脸" in item(doc, step)["text"]


def test_newborn_exemption_for_a_child_in_resident_insurance(cli):
    s, doc = checklist(
        cli,
        "--card",
        "e-medical",
        "--insurance",
        "resident",
        "--applicant",
        "guardian",
        "--id-document",
        "household-book",
    )
    assert "newborn-no-wait" in s["notes"]
    assert "新生儿" in item(doc, "newborn-no-wait")["text"]
    s, _ = checklist(cli, "--card", "e-medical", "--insurance", "employee", "--applicant", "guardian")
    assert "newborn-no-wait" not in every(s)


@pytest.mark.parametrize("said", ["退休", "灵活就业"])
def test_retired_or_flexible_answer_is_not_silently_employee(cli, said):
    s, doc = checklist(cli, "--card", "e-medical", "--insurance", said)
    assert doc["answers"]["insurance"] == "unsure"
    assert {"insurance-unsure", "insurance-retired"} <= set(s["notes"])
    assert "灵活就业" in item(doc, "insurance-unsure")["text"]  # the flexible workers' choice, in the same note
    assert "pharmacy-use" not in every(s)


def test_area_code_only_for_someone_living_elsewhere(cli):
    away = ("--card", "e-medical", "--need", "hospital,cross-region", "--region", "henan/zhengzhou")
    s, doc = checklist(cli, *away, "--living-region", "guangdong/guangzhou")
    assert "hotline-area-code" in s["contacts"]
    assert "先拨参保城市的长途区号，再拨12333" in item(doc, "hotline-area-code")["text"]
    s, _ = checklist(cli, *away, "--living-region", "henan/zhengzhou")
    assert "hotline-area-code" not in s["contacts"]


@pytest.mark.parametrize(
    ("living", "cross_province"),
    [("beijing", True), ("guangdong/shenzhen", False), ("guangdong", False), ("guangdong/guangzhou", False)],
)
def test_living_in_another_city_of_the_same_province_is_not_a_cross_province_filing(cli, living, cross_province):
    """Insured in Guangzhou: Beijing is another province (the long-term filing across provinces
    stays valid); Shenzhen is the same province (no cross-province claim, but the area code and
    the bank branch where the holder lives still apply); Guangdong itself holds Guangzhou."""
    away = ("--card", "new", "--need", "cross-region,bank", "--region", "guangdong/guangzhou")
    s, _ = checklist(cli, *away, "--received", "2026-11-01", "--pin-changed", "no", "--living-region", living)
    assert ("living-elsewhere-filing" in s["steps"]) is cross_province
    elsewhere = living not in ("guangdong", "guangdong/guangzhou")
    assert ("hotline-area-code" in s["contacts"]) is elsewhere
    assert ("bank-elsewhere" in s["steps"]) is elsewhere
    assert ("sbk-enable-elsewhere" in s["steps"]) is elsewhere


def test_english_text_of_a_new_item(cli):
    _, doc = checklist(cli, *CARD, "--problem", "lost,found-again", lang="en")
    assert "the found card" in item(doc, "found-unblock-bank")["text"]


# ---------------------------------------------------------------- the eight regions


def test_beijing_old_cards_keep_working(cli):
    s, doc = checklist(cli, *CARD, "--region", "beijing")
    assert "bj-old-cards-work" in s["notes"]
    assert "第一代、第二代社保卡照常能用" in item(doc, "bj-old-cards-work")["text"]
    s, _ = checklist(cli, *CARD, "--region", "beijing", "--problem", "damaged")
    assert "bj-daxing-damaged" in s["materials"]


def test_shanghai_proxy_needs_a_signed_letter(cli):
    s, doc = checklist(
        cli, *CARD, "--region", "shanghai", "--problem", "lost", "--applicant", "proxy", "--in-person", "no"
    )
    assert {"sh-proxy-letter", "mat-proxy-letter"} <= set(s["materials"])
    assert "2010" in item(doc, "sh-proxy-letter")["text"]
    s, _ = checklist(cli, *CARD, "--region", "shanghai", "--problem", "lost,found-again")
    assert "sh-unblock-card" in s["materials"]


def test_zhenjiang_pensions_to_the_card(cli):
    s, _ = checklist(cli, *CARD, "--region", "jiangsu/zhenjiang", "--need", "hospital,bank")
    assert "zhenjiang-pension-to-card" in s["notes"]
    s, _ = checklist(cli, *CARD, "--region", "jiangsu/nanjing", "--need", "hospital,bank")
    assert "zhenjiang-pension-to-card" not in s["notes"]


def test_linyi_renewal_window_and_phone(cli):
    s, doc = checklist(cli, *CARD, "--region", "shandong/linyi", "--problem", "expired")
    assert "linyi-renew-window" in s["places"] and "linyi-card-phones" in s["contacts"]
    assert "0539-12333" in item(doc, "linyi-card-phones")["text"]


def test_fujian_provincial_third_generation(cli):
    s, doc = checklist(cli, *CARD, "--region", "fujian")
    assert "fj-provincial-3rd-gen" in s["notes"]
    assert "省本级" in item(doc, "fj-provincial-3rd-gen")["text"]


def test_fuyang_expired_card_stops_paying_for_care(cli):
    s, doc = checklist(cli, *CARD, "--region", "anhui/fuyang", "--problem", "expired")
    renew = item(doc, "expired-renew")
    assert "医保支付等功能会关闭" in renew["text"] and "社保功能照常能用" not in renew["text"]
    assert "fy-change-accounts" in s["notes"]
    # elsewhere in Anhui the national text stands
    _, doc = checklist(cli, *CARD, "--region", "anhui/hefei", "--problem", "expired")
    assert "社保功能照常能用" in item(doc, "expired-renew")["text"]


def test_mudanjiang_third_generation_and_outlets(cli):
    s, _ = checklist(cli, *CARD, "--region", "heilongjiang/mudanjiang")
    assert "mdj-3rd-gen" in s["notes"] and "mdj-outlets" not in s["places"]  # the outlets make cards
    s, _ = checklist(cli, *CARD, "--region", "heilongjiang/mudanjiang", "--problem", "damaged")
    assert "mdj-outlets" in s["places"]


def test_inner_mongolia_first_card(cli):
    s, doc = checklist(cli, *CARD, "--region", "内蒙古")
    assert "nmg-first-card-free" in s["notes"]
    assert "2012" in item(doc, "nmg-first-card-free")["text"]


# ---------------------------------------------------------------- scope fixes (second round)


def test_new_card_is_not_told_a_replaced_card_rule(cli):
    """The suixi sentence on enabling is about reissued cards: a new card's hospital step and
    bank note no longer cite it, and the two-functions note does not speak of reissued cards (a
    new card's sheet would show a subject that does not apply): the enable-again note says it
    where a new card is issued."""
    s, doc = checklist(cli, *CARD)
    assert item(doc, "hospital-use")["sources"] == ["lyg-2024-ybpz"]
    assert "要先启用" not in item(doc, "hospital-use")["text"]
    assert "补办" not in item(doc, "two-functions")["text"] and "expired-enable-again" not in s["notes"]
    assert "bank-optional" in s["notes"]
    for problem, step in [
        ("lost", "lost-formal-reissue"),
        ("expired", "expired-renew"),
        ("name-change", "name-change-order"),
    ]:
        s, doc = checklist(cli, *CARD, "--problem", problem)
        assert step in s["steps"] and "expired-enable-again" in s["notes"], problem
        assert item(doc, "expired-enable-again")["text"].startswith("补办、换领的新卡拿到后")
    s, doc = checklist(cli, *CARD, "--problem", "damaged")  # the replacement step says it itself: not twice
    assert "换卡后两项功能都要重新启用" in item(doc, "damaged-replace")["text"]
    assert "expired-enable-again" not in s["notes"]
    s, _ = checklist(cli, *CARD, "--problem", "lost", "--problem", "found-again")  # the found card: no new one
    assert "expired-enable-again" not in s["notes"]


def test_family_aid_says_what_the_quotes_say(cli):
    _, doc = checklist(cli, *CARD, "--need", "hospital,family")
    text = item(doc, "family-mutual-aid")["text"]
    assert "自己的社保卡" not in text and "自己负担的费用" in text and "兄弟姐妹" in text


def test_resident_waiting_period_says_whose_rule_it_is(cli):
    _, doc = checklist(cli, *CARD, "--insurance", "resident")
    text = item(doc, "resident-payment-window")["text"]
    assert text.startswith("城乡居民医保要按时参保交费") and "一个区医保局2025年的说明" in text


def test_third_generation_note_lists_every_case_of_its_quote(cli):
    _, doc = checklist(cli, "--card", "replacement", "--received", "2026-05-01", "--pin-changed", "no")
    text = item(doc, "third-generation")["text"]
    assert "服务银行变了" in text and "跨省流动" in text and "才需要换卡" not in text


def test_legacy_apply_claims_no_renewal_rule(cli):
    s, doc = checklist(cli, "--card", "legacy")
    assert s["steps"][0] == "legacy-apply"
    assert (
        item(doc, "legacy-apply")["text"]
        == "还没有社保卡的，先申领一张。当地在哪里申领、要带什么，可以打12333人社服务热线问。"
    )


@pytest.mark.parametrize("problem", ["lost", "damaged", "expired", "name-change"])
def test_replacement_paths_mention_same_number_cards(cli, problem):
    s, doc = checklist(cli, *CARD, "--problem", problem)
    assert "replace-same-number" in s["notes"]
    assert "同号换卡" in item(doc, "replace-same-number")["text"]


def test_no_same_number_note_without_a_new_card(cli):
    s, _ = checklist(cli, *CARD, "--problem", "forgot-pin")
    assert "replace-same-number" not in every(s)


def test_several_cards_close_the_unusable_cards_bank_account(cli):
    _, doc = checklist(cli, *CARD, "--problem", "multiple-cards")
    assert "合作银行网点的柜台注销" in item(doc, "multiple-cards-check")["text"]


# ---------------------------------------------------------------- unconfirmed items


def test_weak_only_item_needs_the_unconfirmed_flag(tmp_path):
    """An item resting on weak sources alone is refused unless it says it is unconfirmed."""
    (tmp_path / "items.yaml").write_text(
        "items:\n"
        "  - id: hotline-area-code\n"
        "    section: contacts\n"
        "    text: {zh: 测试, en: test}\n"
        "    sources:\n"
        '      - {id: law110-2003-12333, quote: "此号码为本地固定电话号码"}\n',
        encoding="utf-8",
    )
    problems = run_validation(str(tmp_path))
    assert [p.key for p in problems] == ["weak_only"]
    # marked `unconfirmed: true`, a weak-only item passes and is listed
    # (test_claims.test_a_weak_item_marked_unconfirmed_passes_and_is_listed)
