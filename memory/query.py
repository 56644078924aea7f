"""Reading a recall query: its content terms, the dates it names and the people it names.

Called by ``memory.recall`` before retrieval; ``memory.ranking`` turns what is found here
into score boosts. Everything is plain pattern matching on the query's words (English month
names and the usual ways of writing a date), with no model and no network, so it costs
microseconds and behaves the same on every corpus.

Dates: "on 13 October, 2023", "October 13, 2023", "8th December 2023", "2023-10-13",
"in July 2023", "in July" (any year), "in 2023", "summer 2021", "between August 11 and
August 15 2023" (the year of a later date is lent to an earlier one), and "the week before
August 3, 2023" / "two weeks before ..." (a span ending at the date).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from memory.text import STOPWORDS, content_terms, tokens

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9
# Month words that are also common English words: only dates when written like dates.
_AMBIGUOUS = {"may", "mar", "march", "jan", "jun", "aug", "august", "sep", "oct", "nov", "dec"}
_SEASONS = {
    "spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2),
}
_NUMBERS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "couple": 2, "few": 3}

_M = r"(?P<m>[A-Za-z]{3,9})\.?"
_D = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_Y = r"(?P<y>(?:19|20)\d\d)"
_NO_YEAR = r"\b(?!\s*,?\s*(?:19|20)\d\d)"
_PRE_M = r"(?P<pre>in|during|of|since|early|late|mid|last|this|next)?\s*"


def _re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(r"\b" + pattern, flags)


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", _re(r"(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")),
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


@dataclass(frozen=True)
class QueryInfo:
    """What recall reads from a query before searching."""

    text: str
    terms: tuple[str, ...]
    """Distinct content terms (stopwords and most numbers removed)."""
    dates: tuple[DateSpan, ...]
    """The dates or periods the query names."""


def _month(word: str, pre: str | None = None, *, strict: bool = True) -> int | None:
    low = word.lower().rstrip(".")
    month = MONTHS.get(low)
    if month is None:
        return None
    if strict and low in _AMBIGUOUS and not (word[:1].isupper() or pre):
        return None
    if len(low) == 3 and low not in ("may",) and not word[:1].isupper():
        return None
    return month


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift_before(text: str, span: DateSpan) -> DateSpan:
    """"the week before X" / "two weeks before X": a span ending at X (or starting there)."""
    m = _BEFORE.search(text)
    if not m:
        return span
    n = m.group("n")
    count = int(n) if n and n.isdigit() else _NUMBERS.get((n or "one").lower(), 1)
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
        first, last = _SEASONS[str(g["s"]).lower()]
        year = int(str(g["y"]))
        start = date(year, first, 1)
        end_year = year + 1 if last < first else year
        return DateSpan(start, _month_span(end_year, last)[1])
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
        return DateSpan(*_month_span(int(str(g["y"])), month))
    if kind in ("md", "dm"):
        if later_year is None:
            day = _day(2000, month, int(str(g["d"])))  # a leap year: 29 February is a day
            return DateSpan(day, day, any_year=True) if day else None
        day = _day(later_year, month, int(str(g["d"])))
        return DateSpan(day, day) if day else None
    # a month alone
    if years:
        return DateSpan(*_month_span(years[-1][1], month))
    start, end = _month_span(2000, month)
    return DateSpan(start, end, any_year=True)


def named_people(query: str, names: Iterable[str]) -> tuple[str, ...]:
    """The ``names`` (speakers known to the store) the query mentions by first name or in full.

    A name counts when its first word (3+ letters, not a stopword) is one of the query's
    words, so "What did Rita say?" names "Rita" and "Rita Porto".
    """
    words = set(tokens(query))
    out = []
    for name in names:
        parts = tokens(name)
        if not parts:
            continue
        first = parts[0]
        if len(first) < 3 or first in STOPWORDS:
            continue
        if first in words:
            out.append(name)
    return tuple(out)


def analyse(query: str) -> QueryInfo:
    """Read ``query``: its content terms and the dates it names."""
    return QueryInfo(text=query, terms=tuple(content_terms(query)), dates=find_dates(query))
