"""The words dates are written with: month, weekday and season names, number words, and the
regular-expression pieces both date grammars of ``memory.dates`` are built from.

One table of each, shared by ``memory.dates.spans`` (the periods a recall query names) and
``memory.dates.relative`` (time expressions read relative to a record or "now").
"""

from __future__ import annotations

import calendar
from datetime import date

MONTHS: dict[str, int] = {}
"""Month names and their three-letter abbreviations (plus "sept"), lower case -> 1..12."""
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9

AMBIGUOUS_MONTHS = frozenset(
    {"may", "mar", "march", "jan", "jun", "aug", "august", "sep", "oct", "nov", "dec"}
)
"""Month words that are also common English words (or names): only dates when written like
dates ("in March", "March 3"), not in "we march on"."""

WEEKDAYS: dict[str, int] = {calendar.day_name[i].lower(): i for i in range(7)}
"""Weekday names -> ``date.weekday()`` numbers (Monday 0)."""

SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 5),
    "summer": (6, 8),
    "fall": (9, 11),
    "autumn": (9, 11),
    "winter": (12, 2),
}
"""Season -> (first month, last month), northern hemisphere; winter runs into the next year."""

CARDINALS: dict[str, int] = {
    **{w: n for n, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split(), 1)},
    **{w: 10 * n for n, w in enumerate(
        "thirty forty fifty sixty seventy eighty ninety".split(), 3)},
}
"""Number words one to twenty and the tens: the one table the tiers, prefill and dates read."""

NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    **{w: n for w, n in CARDINALS.items() if n <= 12},
    "couple": 2,
    "a couple of": 2,
    "few": 3,
    "a few": 3,
    "several": 3,
}
"""Counts of days, weeks or months as people write them ("two weeks ago", "a few days
before"); each grammar's patterns say which of these words they accept."""

MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
"""A month name or abbreviation (no group)."""
YEAR_RE = r"(?:19|20)\d{2}"
"""A year of the 20th or 21st century (no group)."""
DAY_RE = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
"""A day of the month, maybe with its ordinal suffix (no group)."""


def month_span(year: int, month: int) -> tuple[date, date]:
    """The first and last day of ``month`` in ``year``."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
