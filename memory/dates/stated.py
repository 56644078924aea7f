"""Dates as people state them in a value: a birthday ("14 May", "May 14th, 1990"), a full
date for a form field ("14 March 1991"), and how a fact's history reads a timestamp
("May 2024").

Used by fact extraction and prefill confirmation (``parse_calendar_date``: a birthday's month
and day, the year when given), prefill's date fields (``parse_full_date``: day, month and year
or nothing) and the fact tier's sentences (``month_year``). The usual written forms are read
by patterns; anything else with digits goes to ``dateparser`` (see ``memory.dates``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from memory.dates.words import DAY_RE, MONTH_RE, MONTHS, YEAR_RE


@dataclass(frozen=True)
class CalendarDate:
    """A date as people state birthdays: month and day, maybe a year."""

    month: int
    day: int
    year: int | None = None

    @property
    def key(self) -> str:
        """Comparable key: ``MM-DD`` (the year, when known, does not change a birthday)."""
        return f"{self.month:02d}-{self.day:02d}"

    @property
    def display(self) -> str:
        out = f"{self.day} {calendar.month_name[self.month]}"
        return f"{out} {self.year}" if self.year else out


_DATE_ONLY = [
    re.compile(
        r"^(?:the\s+)?(?P<d>"
        + DAY_RE
        + r")(?:\s+of)?\s+(?P<mon>"
        + MONTH_RE
        + r")\.?(?:,?\s+(?P<y>"
        + YEAR_RE
        + r"))?$",
        re.I,
    ),
    re.compile(
        r"^(?P<mon>"
        + MONTH_RE
        + r")\.?\s+(?:the\s+)?(?P<d>"
        + DAY_RE
        + r")(?:,?\s+(?P<y>"
        + YEAR_RE
        + r"))?$",
        re.I,
    ),
    re.compile(r"^(?P<y>" + YEAR_RE + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)$"),
]
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_calendar_date(text: str) -> CalendarDate | None:
    """Parse a stated date ("14 May", "May 14th, 1990", "1990-05-14"); None otherwise."""
    value = text.strip().rstrip(".,;!")
    for pattern in _DATE_ONLY:
        m = pattern.match(value)
        if not m:
            continue
        g = m.groupdict()
        month = int(g["m"]) if g.get("m") else MONTHS.get((g.get("mon") or "").lower().rstrip("."))
        day = int(re.sub(r"\D", "", g["d"]) or 0)
        year = int(g["y"]) if g.get("y") else None
        if not month or not 1 <= day <= calendar.monthrange(year or 2000, month)[1]:
            return None
        return CalendarDate(month, day, year)
    if not re.search(r"\d", value) or len(value) > 40:
        return None
    parsed = _dateparser(
        value,
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month"]},
    )
    if parsed is None:
        return None
    year = parsed.year if re.search(YEAR_RE, value) else None
    return CalendarDate(parsed.month, parsed.day, year)


def parse_full_date(value: str) -> date | None:
    """A calendar date with day, month and year from ``value``; None when any part is missing."""
    text = value.strip()
    m = _ISO_DAY.search(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if not re.search(r"\b\d{4}\b", text):
        return None  # no year: a birthday "March 3" is not a full date
    first = _dateparser(
        text, settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
    )
    return first.date() if first is not None else None


def _dateparser(value: str, **options: Any) -> datetime | None:
    """``dateparser.parse``, imported on first use (its import takes most of a second)."""
    import dateparser

    parsed = dateparser.parse(value, **options)
    return parsed if isinstance(parsed, datetime) else None


def month_year(when: str | datetime | None) -> str:
    """``May 2024`` for a timestamp (``""`` when unknown): how fact history reads."""
    if when is None:
        return ""
    if isinstance(when, str):
        try:
            parsed = datetime.fromisoformat(when)
        except ValueError:
            return when[:10]
    else:
        parsed = when
    return f"{calendar.month_name[parsed.month]} {parsed.year}"
