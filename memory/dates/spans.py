"""The dates and periods a recall query names, as spans of calendar days.

Called by ``memory.query.analyse`` (recall); ``memory.ranking`` and ``memory.candidates`` turn
the spans into score boosts and extra candidates. Forms read: "on 13 October, 2023",
"October 13, 2023", "8th December 2023", "2023-10-13", "in July 2023", "in July" (any year),
"in 2023", "summer 2021", "between August 11 and August 15 2023" (the year of a later date is
lent to an earlier one), and "the week before August 3, 2023" / "two weeks before ..." (a
span ending at the date).

A question names a period of the stored memories, not of "now": a date without a year
matches that day in every year (``DateSpan.any_year``) rather than the latest one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from memory.dates.words import AMBIGUOUS_MONTHS, MONTHS, NUMBER_WORDS, SEASONS, YEAR_RE, month_span

_M = r"(?P<m>[A-Za-z]{3,9})\.?"
_D = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_Y = r"(?P<y>" + YEAR_RE + r")"
_NO_YEAR = r"\b(?!\s*,?\s*" + YEAR_RE + r")"
_PRE_M = r"(?P<pre>in|during|of|since|early|late|mid|last|this|next)?\s*"


def _re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(r"\b" + pattern, flags)


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", _re(_Y + r"-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")),
    ("mdy", _re(_M + r"\s+" + _D + r"\b(?:,\s*|\s+)" + _Y + r"\b")),
    ("dmy", _re(_D + r"(?:\s+of)?\s+" + _M + r",?\s*" + _Y + r"\b")),
    ("md", _re(_M + r"\s+" + _D + _NO_YEAR)),
    ("dm", _re(_D + r"(?:\s+of)?\s+" + _M + _NO_YEAR)),
    ("season", _re(r"(?P<s>spring|summer|fall|autumn|winter)\s+(?:of\s+)?" + _Y + r"\b", re.I)),
    ("my", _re(_M + r",?\s+(?:of\s+)?" + _Y + r"\b")),
    ("m", _re(_PRE_M + _M + r"\b", re.I)),
    ("y", _re(r"(?P<pre>in|during|of|since|year)?\s*" + _Y + r"\b", re.I)),
)
_BEFORE = re.compile(
    r"\b(?:(?P<n>\d+|one|two|three|four|a|couple|few)\s+(?:of\s+)?)?"
    r"(?P<unit>days?|weeks?|weekends?|months?|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\s+(?P<dir>before|after|prior\s+to)\s*$",
    re.I,
)


@dataclass(frozen=True)
class DateSpan:
    """A stretch of days a query names.

    Attributes:
        start: first day.
        end: last day (inclusive).
        any_year: the query gave no year ("in July"): match these days in every year.
        text: the words it was read from.
    """

    start: date
    end: date
    any_year: bool = False
    text: str = ""

    def days_from(self, day: date, *, after: int, before: int) -> int | None:
        """How many days ``day`` lies after the span (0 inside it or up to ``before`` days
        ahead of it); None when it is further away than that."""
        years = (day.year, day.year - 1) if self.any_year else (None,)
        best: int | None = None
        for year in years:
            start, end = self.start, self.end
            if year is not None:
                start = _same_day(start, year)
                end = _same_day(end, year + (self.end.year - self.start.year))
            if start <= day <= end or 0 < (start - day).days <= before:
                return 0
            if day > end and (day - end).days <= after:
                gap = (day - end).days
                best = gap if best is None else min(best, gap)
        return best


def _same_day(d: date, year: int) -> date:
    try:
        return d.replace(year=year)
    except ValueError:  # 29 February
        return d.replace(year=year, day=28)


def _month(word: str, pre: str | None = None, *, strict: bool = True) -> int | None:
    low = word.lower().rstrip(".")
    month = MONTHS.get(low)
    if month is None:
        return None
    if strict and low in AMBIGUOUS_MONTHS and not (word[:1].isupper() or pre):
        return None
    if len(low) == 3 and low not in ("may",) and not word[:1].isupper():
        return None
    return month


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift_before(text: str, span: DateSpan) -> DateSpan:
    """The span ending at X for "the week before X" / "two weeks before X" (starting there
    for "... after X")."""
    m = _BEFORE.search(text)
    if not m:
        return span
    n = m.group("n")
    count = int(n) if n and n.isdigit() else NUMBER_WORDS.get((n or "one").lower(), 1)
    unit = m.group("unit").lower()
    per = 30 if unit.startswith("month") else 1 if unit.startswith("day") else 7
    days = per * count
    if m.group("dir").lower() == "after":
        return DateSpan(span.end, span.end + timedelta(days=days), span.any_year, span.text)
    return DateSpan(span.start - timedelta(days=days), span.start, span.any_year, span.text)


def find_dates(text: str) -> tuple[DateSpan, ...]:
    """Every date or period written in ``text``, in order of appearance."""
    found: list[tuple[int, int, str, dict[str, str | None]]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            lo, hi = m.span()
            if any(lo < b and a < hi for a, b, _, _ in found):
                continue
            found.append((lo, hi, kind, m.groupdict()))
    found.sort(key=lambda item: item[0])
    years = [(lo, int(str(g["y"]))) for lo, _, _, g in found if g.get("y")]
    out: list[DateSpan] = []
    for lo, hi, kind, g in found:
        later = [y for pos, y in years if pos > lo]
        span = _to_span(kind, g, later_year=later[0] if later else None, years=years)
        if span is None:
            continue
        span = DateSpan(span.start, span.end, span.any_year, text[lo:hi].strip())
        out.append(_shift_before(text[:lo], span))
    return tuple(out)


def _to_span(
    kind: str,
    g: dict[str, str | None],
    *,
    later_year: int | None,
    years: list[tuple[int, int]],
) -> DateSpan | None:
    if kind == "season":
        first, last = SEASONS[str(g["s"]).lower()]
        year = int(str(g["y"]))
        start = date(year, first, 1)
        end_year = year + 1 if last < first else year
        return DateSpan(start, month_span(end_year, last)[1])
    if kind == "y":
        year = int(str(g["y"]))
        return DateSpan(date(year, 1, 1), date(year, 12, 31))
    if kind == "iso":
        day = _day(int(str(g["y"])), int(str(g["m"])), int(str(g["d"])))
        return DateSpan(day, day) if day else None
    month = _month(str(g["m"]), g.get("pre"), strict=kind == "m")
    if month is None:
        return None
    if kind in ("mdy", "dmy"):
        day = _day(int(str(g["y"])), month, int(str(g["d"])))
        return DateSpan(day, day) if day else None
    if kind == "my":
        return DateSpan(*month_span(int(str(g["y"])), month))
    if kind in ("md", "dm"):
        if later_year is None:
            day = _day(2000, month, int(str(g["d"])))  # a leap year: 29 February is a day
            return DateSpan(day, day, any_year=True) if day else None
        day = _day(later_year, month, int(str(g["d"])))
        return DateSpan(day, day) if day else None
    # a month alone
    if years:
        return DateSpan(*month_span(years[-1][1], month))
    start, end = month_span(2000, month)
    return DateSpan(start, end, any_year=True)
