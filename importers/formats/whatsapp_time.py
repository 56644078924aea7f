"""Dates and clock times in WhatsApp exports, in the phone's locale.

A message line starts with a date and a time (see ``importers.formats.whatsapp``). Dates are
``31/12/23``, ``12/31/23``, ``2023-12-31``, ``31.12.23`` or ``2023. 12. 31.``, sometimes
with a word before the time (``klo``, ``à``, ``um``); whether a file writes day or month
first is decided once per file (``date_order``). Times are 24-hour (``21:05``) or 12-hour,
with the marker as the phone's locale writes it: ``PM``, ``p.m.``, ``p. m.`` (Spanish),
``a.m.``, or before the time as in Japanese (``午前0:08``, ``午後9:05``), Korean (``오전``,
``오후``) and Chinese (``上午``, ``下午``). Midnight in a 12-hour clock may be written ``12:08``
or ``00:08 a. m.``; both read 00:08.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

SP = "[ \u202f\u00a0]"
# "31/12/23", "2023-12-31", "31.12.23", and Korean "2023. 12. 31." (spaces and a final dot)
DATE = r"\d{1,4}[./-] ?\d{1,2}[./-] ?\d{1,4}(?:\.(?= ))?"
# between date and time: a comma and/or spaces, or a locale's word ("klo" in Finnish, "à" in
# French, "um" in German, "a las" in Spanish, "alle" in Italian, "om" in Dutch)
JOIN = rf"(?:,?{SP}+(?:klo|kl\.|à|a las|um|alle|om){SP}+|,?{SP}*)"
_DATE_SPLIT = re.compile(r"[./-] ?")
_AM_PM = r"[AaPp]\.?[ \u202f\u00a0]?[Mm]\.?"
_EAST = "午前|午後|오전|오후|上午|下午"
TIME = (
    rf"(?:(?:{_EAST}){SP}?)?\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?"
    rf"(?:[ _\u202f\u00a0]?(?:{_AM_PM}|{_EAST}))?"
)
_TIME_PARTS = re.compile(
    rf"(?P<pre>{_EAST})?{SP}?(?P<h>\d{{1,2}})[:.](?P<m>\d{{2}})(?:[:.](?P<s>\d{{2}}))?"
    rf"(?:[ _\u202f\u00a0]?(?:(?P<ap>[AaPp])\.?[ \u202f\u00a0]?[Mm]\.?|(?P<post>{_EAST})))?"
)
_PM = {"p", "午後", "오후", "下午"}
LOOKS_DATED = re.compile(r"^[\[\u200e\u200f ]*\d{1,4}[./-] ?\d{1,2}[./-] ?\d{1,4}\b")
"""A line that starts with a date (if it is not a message header, say so in a warning)."""


def clock(time: str) -> tuple[int, int, int, str | None] | None:
    """``(hour, minute, second, "a" | "p" | None)`` read from a message time."""
    m = _TIME_PARTS.match(time)
    if m is None:
        return None
    marker = m.group("pre") or m.group("post") or (m.group("ap") or "").lower() or None
    meridiem = None if marker is None else ("p" if marker in _PM else "a")
    return int(m.group("h")), int(m.group("m")), int(m.group("s") or 0), meridiem


def is_twelve_hour(time: str) -> bool:
    """True when ``time`` carries an am/pm marker in any of the forms above."""
    parts = clock(time)
    return bool(parts and parts[3])


def _parts(date: str) -> list[str]:
    return [p for p in _DATE_SPLIT.split(date.strip().rstrip(".")) if p]


def _fields(date: str) -> tuple[int, int, int]:
    a, b, c = (int(p) for p in _parts(date))
    return a, b, c


def ymd(date: str, dayfirst: bool) -> tuple[int, int, int]:
    """``(year, month, day)`` of a message date in the file's order."""
    parts = _parts(date)
    a, b, c = (int(p) for p in parts)
    if len(parts[0]) == 4:
        y, m, d = a, b, c
    elif dayfirst:
        d, m, y = a, b, c
    else:
        m, d, y = a, b, c
    if y < 100:
        y += 2000
    return y, m, d


def date_order(dates: list[str], twelve_hour: bool) -> tuple[bool, str, bool]:
    """Decide day-first or month-first for one file.

    Returns:
        (dayfirst, how it was decided, whether it was a guess).
    """
    short = [d for d in dates if len(_parts(d)[0]) != 4]
    if not short:
        return True, "year-first dates", False
    fields = [_fields(d) for d in short]
    if any(a > 12 for a, _, _ in fields):
        return True, "a first date field above 12", False
    if any(b > 12 for _, b, _ in fields):
        return False, "a second date field above 12", False

    def backwards(dayfirst: bool) -> int:
        keys = [ymd(d, dayfirst) for d in short]
        return sum(1 for i in range(1, len(keys)) if keys[i] < keys[i - 1])

    dmy, mdy = backwards(True), backwards(False)
    if dmy != mdy:
        return dmy < mdy, "the order in which the dates run", False
    if "." in short[0] or not twelve_hour:
        return True, "ambiguous dates; assumed day-first", True
    return False, "ambiguous dates with a 12-hour clock; assumed month-first", True


def when(date: str, time: str, dayfirst: bool) -> datetime | None:
    """The message time (local, tagged UTC), or None when the date or time is impossible."""
    parts = clock(time)
    if parts is None:
        return None
    hour, minute, second, meridiem = parts
    if meridiem:
        if not 0 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    y, mo, d = ymd(date, dayfirst)
    try:
        return datetime(y, mo, d, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None
