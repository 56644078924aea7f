"""Dates written in text: the one place Mneme reads them, for recall, the tiers and prefill.

- ``find_dates`` (``memory.dates.spans``): the days or periods a recall query names, as spans
  of calendar days ("on 13 October, 2023", "in July", "the week before August 3, 2023").
  Called by ``memory.query.analyse``.
- ``find_times`` / ``find_time`` (``memory.dates.relative``): time expressions resolved
  relative to a moment ("last March", "two weeks ago", "since 2019"). Called by fact
  extraction (relative to the record's time) and by the tiers' reading of a question
  (relative to the clock).
- ``parse_calendar_date``, ``parse_full_date``, ``month_year`` (``memory.dates.stated``): a
  stated birthday, a full date for a form field, and how a fact's history reads a time.
  Called by fact extraction, prefill and the fact tier.

Every grammar takes its words (months, weekdays, seasons, number words, the year and day
patterns) from ``memory.dates.words``, so a spelling is added once.

Why the search for dates inside free text is still written by hand here, rather than done
with ``dateparser.search.search_dates`` (measured on this project's queries):

- Speed: recall reads every query, and its budget is a few milliseconds. ``search_dates``
  took 10-50 ms per question once warm (nearly a second for the first), plus 0.7 s to import.
  The patterns here take microseconds.
- Precision: it reads the words "may" and "march" as dates ("I may go to the march" gave two
  dates), where a wrong date boosts the wrong memories.
- Periods, not points: recall needs spans ("in July" is the whole month, "summer 2021" three
  months, "the week before August 3, 2023" the seven days ending there). ``search_dates``
  returns one moment per expression, today's day of the month for "in July", and read the
  last example as "2023".
- Relative to the right moment: "last March" in a record means the latest March before the
  record was written, and "in July" in a question means July of any year. ``search_dates``
  gave the March of the current year and July of the coming one.

``dateparser`` stays for what it does well: parsing a value already known to be one date
(a form's answer, a contact's birthday) in the many ways it can be written
(``parse_calendar_date`` and ``parse_full_date`` fall back to it when the common forms do not
match). The importers read machine timestamps of file formats with ``dateutil``
(``importers.timeparse``); those are not dates in people's words, so they are not here.
"""

from __future__ import annotations

from memory.dates.relative import TimeSpan, find_time, find_times
from memory.dates.spans import DateSpan, find_dates
from memory.dates.stated import CalendarDate, month_year, parse_calendar_date, parse_full_date
from memory.dates.words import MONTHS, WEEKDAYS

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "CalendarDate",
    "DateSpan",
    "TimeSpan",
    "find_dates",
    "find_time",
    "find_times",
    "month_year",
    "parse_calendar_date",
    "parse_full_date",
]
