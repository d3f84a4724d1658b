"""Issue 22's twelve defects, each on the issue's own command (with --today 2026-12-02): the plan
a clerk would hand over, not the order of items.yaml."""

from __future__ import annotations

import json

import pytest

TODAY = ("--today", "2026-12-02")
NEW = ("--card", "new", "--insurance", "employee", "--applicant", "self")


def plan(cli, *args: str) -> tuple[dict, list[str], set[str]]:
    r = cli("checklist", *args, *TODAY, "--format", "json")
    assert r.code == 0, r.stderr
    doc = json.loads(r.stdout)
    steps = [s for v in doc["plan"] for s in v["steps"]]
    shown = {i["id"] for s in doc["sections"] for i in s["items"]}
    return doc, steps, shown


def test_1_name_change_changes_the_record_then_the_card_then_enables_the_new_one(cli):
    doc, steps, _ = plan(
        cli, *NEW, "--region", "湖南", "--need", "hospital,bank", "--received", "2024-01-01",
        "--pin-changed", "yes", "--problem", "name-change",
    )  # fmt: skip
    assert steps.index("name-change-record") < steps.index("name-change-order") < steps.index("sbk-enable")
    assert steps.index("name-change-order") < steps.index("bank-activate")
    assert doc["first"]["step"] == "name-change-record"


def test_2_an_expiring_card_is_renewed_before_anything_is_enabled(cli):
    _, steps, shown = plan(
        cli, *NEW, "--region", "江西", "--need", "hospital,bank", "--received", "2016-01-01",
        "--pin-changed", "no", "--problem", "expired",
    )  # fmt: skip
    assert steps[0] == "expired-renew" and steps.index("expired-renew") < steps.index("bank-activate")
    assert "third-generation" not in shown  # "只有丢了或坏了才必须换" beside a renewal


def test_3_a_possibly_sealed_guangdong_card_is_checked_by_phone_first(cli):
    doc, steps, _ = plan(
        cli, *NEW, "--region", "中山", "--need", "hospital,bank", "--received", "2025-06-01", "--pin-changed", "no"
    )
    assert steps[0] == "gd-check-status" and doc["plan"][0]["place"] == "phone-call"


def test_4_a_locked_pin_is_unlocked_before_the_pharmacy_and_nothing_says_no_need(cli):
    doc, steps, shown = plan(
        cli, *NEW, "--region", "河南", "--need", "pharmacy", "--received", "2024-01-01",
        "--pin-changed", "yes", "--problem", "locked",
    )  # fmt: skip
    assert steps.index("pin-reset") < steps.index("pharmacy-use")
    assert "sbk-already-enabled" not in shown
    assert [v["place"] for v in doc["plan"]] == ["hrss-window", "hospital-pharmacy"]


def test_5_lost_found_and_pin_forgotten_keeps_the_reset_the_card_and_the_bank(cli):
    doc, steps, shown = plan(
        cli, *NEW, "--region", "北京", "--need", "hospital,bank", "--received", "2026-05-01",
        "--pin-changed", "no", "--problem", "lost", "--problem", "found-again", "--problem", "forgot-pin",
    )  # fmt: skip
    assert steps[0] == "found-unblock"
    assert {"pin-reset", "sbk-enable", "bank-activate", "found-unblock-bank"} <= set(steps)
    assert "mat-found-card" in doc["plan"][0]["bring"]
    # at the bank, the bank account's loss report is lifted before the bank function is opened
    bank = next(v for v in doc["plan"] if v["place"] == "bank")
    assert bank["steps"] == ["found-unblock-bank", "bank-activate"]
    assert not {"lost-report", "lost-formal-reissue"} & shown


def test_6_a_found_card_gets_no_online_new_card_notes(cli):
    _, steps, shown = plan(
        cli, *NEW, "--region", "湖北", "--need", "hospital,bank", "--received", "2026-05-01",
        "--pin-changed", "no", "--problem", "lost", "--problem", "found-again",
    )  # fmt: skip
    assert "found-unblock" in steps and "hb-replace-online" not in shown
    # and where someone does need a new card, the same note is there
    _, _, lost = plan(
        cli, *NEW, "--region", "湖北", "--need", "hospital,bank", "--received", "2026-05-01",
        "--pin-changed", "no", "--problem", "lost",
    )  # fmt: skip
    assert "hb-replace-online" in lost


@pytest.mark.parametrize(
    ("card", "reset", "claim"),
    [("e-sbk", "esbk-password-reset", "esbk-claim"), ("e-medical", "emed-password-reset", "emed-activate")],
)
def test_7_a_forgotten_app_password_is_reset_not_claimed_again(cli, card, reset, claim):
    _, steps, _ = plan(
        cli, "--card", card, "--region", "北京", "--insurance", "employee", "--applicant", "self",
        "--need", "hospital", "--problem", "forgot-pin",
    )  # fmt: skip
    assert reset in steps and claim not in steps


def test_8_any_branch_in_the_country_only_beside_the_bank_function(cli):
    _, _, shown = plan(
        cli, *NEW, "--region", "河南", "--need", "hospital", "--received", "2024-01-01",
        "--pin-changed", "yes", "--problem", "damaged",
    )  # fmt: skip
    assert "place-bank" not in shown  # 这家银行全国的网点都能办
    _, _, bank = plan(
        cli, *NEW, "--region", "河南", "--need", "bank", "--received", "2024-01-01", "--pin-changed", "no"
    )
    assert "place-bank" in bank


def test_9_a_holder_who_cannot_come_gets_no_counters_and_no_originals(cli):
    doc, _, shown = plan(
        cli, "--card", "e-medical", "--region", "北京", "--insurance", "employee", "--need", "hospital",
        "--applicant", "proxy", "--in-person", "no",
    )  # fmt: skip
    assert {v["place"] for v in doc["plan"]} <= {"online", "phone-call", "hospital-pharmacy"}
    assert not {"mat-proxy-ids", "mat-doc-self", "place-service-window", "place-bank"} & shown


def test_10_living_elsewhere_starts_online(cli):
    doc, steps, _ = plan(
        cli, *NEW, "--region", "山东", "--need", "hospital,cross-region", "--living-region", "深圳",
        "--received", "2026-08-01", "--pin-changed", "no",
    )  # fmt: skip
    assert doc["plan"][0]["place"] == "online" and "sbk-enable" not in steps
    assert {"sbk-enable-elsewhere", "cross-region-filing"} <= set(doc["plan"][0]["steps"])


def test_11_notes_only_where_their_subject_applies(cli):
    # Zhengzhou's card-making outlets: not for someone who holds a card
    _, _, zz = plan(
        cli, *NEW, "--region", "郑州", "--need", "hospital", "--received", "2026-08-01", "--pin-changed", "no"
    )
    assert "zz-outlets" not in zz
    # Zhongshan's card-progress lookup: not for a card in hand
    _, _, zs = plan(
        cli, *NEW, "--region", "中山", "--need", "hospital", "--received", "2026-08-01", "--pin-changed", "no"
    )
    assert "zs-progress-query" not in zs
    # Hunan's 湘医保 (停保) beside an activation failure
    _, _, hn = plan(
        cli, *NEW, "--region", "湖南", "--insurance", "resident", "--need", "hospital", "--received", "2026-08-01",
        "--pin-changed", "no", "--problem", "activation-failed",
    )  # fmt: skip
    assert "hn-xiang-yibao" not in hn
    # insurance unsure: resident-only statements are not made as if resident
    _, _, unsure = plan(
        cli, *NEW, "--region", "郑州", "--insurance", "unsure", "--need", "hospital", "--received", "2026-08-01",
        "--pin-changed", "no",
    )  # fmt: skip
    assert "resident-no-account" not in unsure and "insurance-unsure" in unsure


def test_12_no_overdue_banner_for_a_recommendation(cli):
    r = cli(
        "checklist", *NEW, "--region", "郑州", "--need", "hospital,bank", "--received", "2026-05-01",
        "--pin-changed", "no", *TODAY,
    )  # fmt: skip
    assert r.code == 0 and "已过期" not in r.stdout and "截止" not in r.stdout
    doc, _, _ = plan(
        cli, *NEW, "--region", "郑州", "--need", "hospital,bank", "--received", "2026-05-01", "--pin-changed", "no"
    )
    assert not [i for s in doc["sections"] for i in s["items"] if "due" in i]
