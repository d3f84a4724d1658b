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
    "received, today, due, days_left, overdue",
    [
        ("2026-05-01", "2026-11-23", "2026-11-01", -22, True),
        ("2026-05-23", "2026-11-23", "2026-11-23", 0, False),
        ("2026-05-24", "2026-11-23", "2026-11-24", 1, False),
        ("2027-08-31", "2028-01-01", "2028-02-29", 59, False),
    ],
)
def test_deadline_item(data, received, today, due, days_left, overdue):
    answers = {
        "card": "new",
        "region": "national",
        "insurance": "employee",
        "needs": ["hospital"],
        "received": received,
        "applicant": "self",
        "pin_changed": "no",
        "problems": [],
    }
    doc = build_checklist(data, answers, dt.date.fromisoformat(today), "zh").to_dict()
    item = doc["sections"][3]["items"][0]
    assert (item["id"], item["due"], item["days_left"], item["overdue"]) == (
        "activate-within-months",
        due,
        days_left,
        overdue,
    )
    steps = [i["id"] for i in doc["sections"][0]["items"]]
    assert ("overdue-activate-anyway" in steps) is overdue
