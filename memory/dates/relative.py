"""Time expressions read relative to a moment: "last March", "in 2023", "two weeks ago",
"14 May", "since 2019", "yesterday", "next Friday".

Used by fact extraction (when a fact became true or stopped being true, relative to the
record's own time: ``memory.tiers.extract``) and by the tiers' reading of a question
(``memory.tiers.questions``: questions about a period favour memories of that period,
relative to the injected clock). Spans are half-open ``[start, end)`` in UTC, and carry how
the text relates to them ("since 2019" starts there, "before 2024" ends there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from memory.dates.words import DAY_RE, MONTH_RE, MONTHS, NUMBER_WORDS, WEEKDAYS, YEAR_RE

_NUM_RE = (
    r"(?:\d{1,2}|a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve)"
)

_REL = r"(?P<rel>since|until|till|before|after|by|from)?\s*"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(_REL + r"\b(?P<y>" + YEAR_RE + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    (
        "day_month",
        re.compile(
            _REL
            + r"\b(?:on\s+)?(?:the\s+)?(?P<d>"
            + DAY_RE
            + r")(?:\s+of)?\s+(?P<mon>"
            + MONTH_RE
            + r")\b\.?(?:,?\s+(?P<y>"
            + YEAR_RE
            + r"))?",
            re.I,
        ),
    ),
    (
        "month_day",
        re.compile(
            _REL
            + r"\b(?:on\s+)?(?P<mon>"
            + MONTH_RE
            + r")\.?\s+(?:the\s+)?(?P<d>"
            + DAY_RE
            + r")\b(?:,?\s+(?P<y>"
            + YEAR_RE
            + r"))?",
            re.I,
        ),
    ),
    (
        "rel_month",
        re.compile(
            _REL
            + r"\b(?P<which>last|this|next|in|early|late|mid|during|of)[\s-]+(?P<mon>"
            + MONTH_RE
            + r")\b\.?(?:,?\s+(?P<y>"
            + YEAR_RE
            + r"))?",
            re.I,
        ),
    ),
    (
        "month_year",
        re.compile(_REL + r"\b(?P<mon>" + MONTH_RE + r")\.?,?\s+(?P<y>" + YEAR_RE + r")\b", re.I),
    ),
    (
        "ago",
        re.compile(
            _REL + r"\b(?P<n>" + _NUM_RE + r")\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I
        ),
    ),
    (
        "rel_unit",
        re.compile(
            _REL + r"\b(?P<which>last|this|next|past)\s+(?P<unit>week|month|year|weekend)\b", re.I
        ),
    ),
    (
        "rel_weekday",
        re.compile(
            _REL
            + r"\b(?P<which>last|this|next|on)\s+"
            + r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
            re.I,
        ),
    ),
    (
        "day_word",
        re.compile(
            _REL + r"\b(?P<word>yesterday|today|tonight|this morning|this evening|tomorrow)\b", re.I
        ),
    ),
    (
        "year",
        re.compile(
            _REL + r"\b(?P<pre>in|of|during|back in|around)?\s*(?P<y>" + YEAR_RE + r")\b", re.I
        ),
    ),
]


@dataclass(frozen=True)
class TimeSpan:
    """A period ``[start, end)`` named in text, and how the text relates to it."""

    start: datetime
    end: datetime
    text: str
    relation: str = "at"
    """``at`` (during it), ``since``/``after``/``from`` (from it on), or
    ``until``/``before``/``by`` (up to it)."""

    def contains(self, when: datetime) -> bool:
        return self.start <= when < self.end

    def window(self) -> tuple[datetime | None, datetime | None]:
        """The period a question means: ``before 2024`` is everything up to 2024."""
        if self.relation in ("before", "until", "till", "by"):
            return None, self.start
        if self.relation in ("after", "since", "from"):
            return self.start, None
        return self.start, self.end


def _month_start(year: int, month: int) -> datetime:
    return datetime(year, month, 1, tzinfo=UTC)


def _add_months(d: datetime, n: int) -> datetime:
    y, m = divmod(d.month - 1 + n, 12)
    return _month_start(d.year + y, m + 1)


def _num(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text, 1)


def _day(y: int, m: int, d: int) -> tuple[datetime, datetime] | None:
    try:
        start = datetime(y, m, d, tzinfo=UTC)
    except ValueError:
        return None
    return start, start + timedelta(days=1)


def _past_year_for(month: int, day: int | None, base: datetime) -> int:
    """The year of the latest ``month``/``day`` not after ``base``."""
    if (month, day or 1) <= (base.month, base.day):
        return base.year
    return base.year - 1


def _span(kind: str, m: re.Match[str], base: datetime) -> tuple[datetime, datetime] | None:
    g = m.groupdict()
    if kind == "iso":
        return _day(int(g["y"]), int(g["m"]), int(g["d"]))
    if kind in ("day_month", "month_day"):
        month = MONTHS.get(g["mon"].lower().rstrip("."))
        day = int(re.sub(r"\D", "", g["d"]) or 0)
        if month is None or not 1 <= day <= 31:
            return None
        year = int(g["y"]) if g.get("y") else _past_year_for(month, day, base)
        return _day(year, month, day)
    if kind == "rel_month":
        month = MONTHS.get(g["mon"].lower().rstrip("."))
        if month is None:
            return None
        which = g["which"].lower()
        if g.get("y"):
            year = int(g["y"])
        elif which == "last":
            year = base.year if month < base.month else base.year - 1
        elif which == "next":
            year = base.year if month > base.month else base.year + 1
        elif which == "this":
            year = base.year
        else:
            year = _past_year_for(month, None, base)
        start = _month_start(year, month)
        return start, _add_months(start, 1)
    if kind == "month_year":
        month = MONTHS.get(g["mon"].lower().rstrip("."))
        if month is None:
            return None
        start = _month_start(int(g["y"]), month)
        return start, _add_months(start, 1)
    if kind == "ago":
        n = _num(g["n"])
        unit = g["unit"].lower()
        day0 = base.replace(hour=0, minute=0, second=0, microsecond=0)
        if unit == "day":
            start = day0 - timedelta(days=n)
            return start, start + timedelta(days=1)
        if unit == "week":
            start = day0 - timedelta(weeks=n)
            return start - timedelta(days=3), start + timedelta(days=4)
        if unit == "month":
            start = _add_months(_month_start(base.year, base.month), -n)
            return start, _add_months(start, 1)
        start = datetime(base.year - n, 1, 1, tzinfo=UTC)
        return start, datetime(base.year - n + 1, 1, 1, tzinfo=UTC)
    if kind == "rel_unit":
        which, unit = g["which"].lower(), g["unit"].lower()
        shift = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
        day0 = base.replace(hour=0, minute=0, second=0, microsecond=0)
        if unit in ("week", "weekend"):
            monday = day0 - timedelta(days=day0.weekday()) + timedelta(weeks=shift)
            if unit == "weekend":
                return monday + timedelta(days=5), monday + timedelta(days=7)
            return monday, monday + timedelta(days=7)
        if unit == "month":
            start = _add_months(_month_start(base.year, base.month), shift)
            return start, _add_months(start, 1)
        start = datetime(base.year + shift, 1, 1, tzinfo=UTC)
        return start, datetime(base.year + shift + 1, 1, 1, tzinfo=UTC)
    if kind == "rel_weekday":
        which, wd = g["which"].lower(), WEEKDAYS[g["wd"].lower()]
        day0 = base.replace(hour=0, minute=0, second=0, microsecond=0)
        delta = (day0.weekday() - wd) % 7
        if which in ("last", "on"):
            start = day0 - timedelta(days=delta or 7)
        elif which == "next":
            start = day0 + timedelta(days=(wd - day0.weekday()) % 7 or 7)
        else:
            start = day0 - timedelta(days=day0.weekday()) + timedelta(days=wd)
        return start, start + timedelta(days=1)
    if kind == "day_word":
        word = g["word"].lower()
        day0 = base.replace(hour=0, minute=0, second=0, microsecond=0)
        offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        start = day0 + timedelta(days=offset)
        return start, start + timedelta(days=1)
    if kind == "year":
        year = int(g["y"])
        return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    return None


def _plausible(kind: str, m: re.Match[str], text: str) -> bool:
    """Reject month names that are words ("I may go") and bare numbers that are not years."""
    mon = m.groupdict().get("mon")
    if mon and mon.lower() == "may" and kind in ("rel_month",):
        which = m.group("which").lower()
        if which in ("in", "of") and not m.group("y"):
            # "in May" is a month; "of may" is rare: accept only capitalised "May".
            return "May" in m.group(0)
    if mon and mon.lower() == "may" and "May" not in m.group(0):
        return False
    if kind == "year":
        # "in 2023", "since 2019": a preposition says it is a year, not a count ("2023 reasons").
        return bool(m.group("rel") or m.group("pre") or m.group(0).strip() == text.strip())
    return True


def find_times(text: str, base: datetime) -> list[TimeSpan]:
    """Every time expression of ``text``, resolved relative to ``base``, in text order.

    Overlapping matches are resolved in favour of the most specific pattern.
    """
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, TimeSpan]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            core_start = m.start() if not m.group("rel") else m.start("rel")
            if any(core_start < e and m.end() > s for s, e in taken):
                continue
            if not _plausible(kind, m, text):
                continue
            span = _span(kind, m, base)
            if span is None:
                continue
            taken.append((m.start(), m.end()))
            rel = (m.group("rel") or "at").lower()
            found.append((m.start(), TimeSpan(span[0], span[1], m.group(0).strip(), rel)))
    found.sort(key=lambda t: t[0])
    return [s for _, s in found]


def find_time(text: str, base: datetime) -> TimeSpan | None:
    """The first time expression of ``text`` (see ``find_times``), or None."""
    spans = find_times(text, base)
    return spans[0] if spans else None
