"""Moved to ``memory.dates`` (the one date module of recall, the tiers and prefill).

Kept as a re-export while other branches still import ``memory.tiers.timex``; new code
imports ``memory.dates``.
"""

from __future__ import annotations

from memory.dates import (
    CalendarDate,
    TimeSpan,
    find_time,
    find_times,
    month_year,
    parse_calendar_date,
)

__all__ = [
    "CalendarDate",
    "TimeSpan",
    "find_time",
    "find_times",
    "month_year",
    "parse_calendar_date",
]
