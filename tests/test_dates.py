"""Date parsing and the activation deadline arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from guide.core.dates import add_months, parse_date
from guide.core.engine import build_checklist


@pytest.mark.parametrize(
    "text", ["2026-05-01", "2026/5/1", "2026.5.1", "2026年5月1日", "20260501", " 2026-5-1 ", "２０２６年５月１日"]
)
def test_accepted_formats(text):
    assert parse_date(text) == dt.date(2026, 5, 1)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "May 1", "", "2026", "1/5/2026", "2026年5月"])
def test_rejected(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "start, months, due",
    [
        ("2026-08-31", 6, "2027-02-28"),  # clamped to the month's end
        ("2027-08-31", 6, "2028-02-29"),  # leap year
        ("2028-02-29", 12, "2029-02-28"),  # leap day + a year
        ("2026-01-31", 1, "2026-02-28"),
        ("2026-12-15", 6, "2027-06-15"),  # across the year end
        ("2026-06-30", 6, "2026-12-30"),
    ],
)
def test_add_months(start, months, due):
    assert add_months(dt.date.fromisoformat(start), months) == dt.date.fromisoformat(due)


@pytest.mark.parametrize(
    "received, today, due, days_left",
    [
        ("2025-05-01", "2026-11-23", "2026-05-01", -206),
        ("2025-11-22", "2026-11-23", "2026-11-22", -1),
        ("2027-02-28", "2028-03-01", "2028-02-28", -2),
    ],
)
def test_guangdong_sealing_date_once_it_has_surely_passed(data, received, today, due, days_left):
    """Guangdong's one-year rule counts from production, so receipt + 12 months is only the latest
    end of the year: it is shown once it has passed (the card may be sealed: a phone call first)."""
    answers = dict(BASE, region="guangdong", received=received)
    doc = build_checklist(data, answers, dt.date.fromisoformat(today), "zh").to_dict()
    item = next(i for i in doc["sections"][3]["items"] if i.get("due"))
    assert (item["id"], item["due"], item["days_left"], item["overdue"]) == ("gd-seal-passed", due, days_left, True)
    assert doc["first"]["step"] == "gd-check-status" and doc["plan"][0]["place"] == "phone-call"


@pytest.mark.parametrize("received", ["2025-11-23", "2026-05-01", "unsure"])
def test_no_date_before_it_has_surely_passed_nor_without_a_rule(data, received):
    for region in ("guangdong", "national", "henan"):
        doc = build_checklist(data, dict(BASE, region=region, received=received), dt.date(2026, 11, 23), "zh").to_dict()
        assert not [i for s in doc["sections"] for i in s["items"] if "due" in i], (region, received)
        assert doc["first"]["step"] != "gd-check-status"


BASE = {
    "card": "new",
    "region": "national",
    "insurance": "employee",
    "needs": ["hospital"],
    "applicant": "self",
    "pin_changed": "no",
    "problems": [],
}
