"""Date parsing in the formats people write, and calendar arithmetic."""

from __future__ import annotations

import datetime as dt
import re

_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


def split_date(text: object) -> tuple[int, int, int] | None:
    """Year, month and day as written in one of the accepted formats (not checked against the calendar)."""
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        return None
    cleaned = "".join(str(text).split()).translate(_FULLWIDTH)
    for pattern in _PATTERNS:
        match = pattern.match(cleaned)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return year, month, day
    return None


def parse_date(text: object) -> dt.date | None:
    """Parse 2026-05-01, 2026/5/1, 2026.5.1, 2026年5月1日 or 20260501; None if not a real date."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    parts = split_date(text)
    if parts is None:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def parse_iso(text: str) -> dt.date | None:
    """Strict YYYY-MM-DD (for --today)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or ""):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later; clamped to the month's last day (Aug 31 + 6 = Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, days_in_month(year, month)))


def days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_ABBR = tuple(name[:3] for name in MONTH_NAMES)


def display(day: dt.date, lang: str) -> str:
    if lang == "en":
        return f"{day.day} {_MONTH_ABBR[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"
