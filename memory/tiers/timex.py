"""Time expressions in memories and questions: "last March", "in 2023", "two weeks ago",
"14 May", "since 2019", "before I moved".

Used by fact extraction (when a fact became true or stopped being true, relative to the
record's own time) and by recall (questions about a period boost memories of that period,
relative to the injected clock). Spans are half-open ``[start, end)`` in UTC. Common English
forms are parsed here with small patterns; other explicit dates go to ``dateparser``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "a few": 3,
    "several": 3,
}
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_NUM_RE = (
    r"(?:\d{1,2}|a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve)"
)
_YEAR_RE = r"(?:19|20)\d{2}"
_DAY_RE = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"

_REL = r"(?P<rel>since|until|till|before|after|by|from)?\s*"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(_REL + r"\b(?P<y>" + _YEAR_RE + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    (
        "day_month",
        re.compile(
            _REL
            + r"\b(?:on\s+)?(?:the\s+)?(?P<d>"
            + _DAY_RE
            + r")(?:\s+of)?\s+(?P<mon>"
            + _MONTH_RE
            + r")\b\.?(?:,?\s+(?P<y>"
            + _YEAR_RE
            + r"))?",
            re.I,
        ),
    ),
    (
        "month_day",
        re.compile(
            _REL
            + r"\b(?:on\s+)?(?P<mon>"
            + _MONTH_RE
            + r")\.?\s+(?:the\s+)?(?P<d>"
            + _DAY_RE
            + r")\b(?:,?\s+(?P<y>"
            + _YEAR_RE
            + r"))?",
            re.I,
        ),
    ),
    (
        "rel_month",
        re.compile(
            _REL
            + r"\b(?P<which>last|this|next|in|early|late|mid|during|of)[\s-]+(?P<mon>"
            + _MONTH_RE
            + r")\b\.?(?:,?\s+(?P<y>"
            + _YEAR_RE
            + r"))?",
            re.I,
        ),
    ),
    (
        "month_year",
        re.compile(_REL + r"\b(?P<mon>" + _MONTH_RE + r")\.?,?\s+(?P<y>" + _YEAR_RE + r")\b", re.I),
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
            _REL + r"\b(?P<pre>in|of|during|back in|around)?\s*(?P<y>" + _YEAR_RE + r")\b", re.I
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
    return int(text) if text.isdigit() else _NUMBERS.get(text, 1)


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
        + _DAY_RE
        + r")(?:\s+of)?\s+(?P<mon>"
        + _MONTH_RE
        + r")\.?(?:,?\s+(?P<y>"
        + _YEAR_RE
        + r"))?$",
        re.I,
    ),
    re.compile(
        r"^(?P<mon>"
        + _MONTH_RE
        + r")\.?\s+(?:the\s+)?(?P<d>"
        + _DAY_RE
        + r")(?:,?\s+(?P<y>"
        + _YEAR_RE
        + r"))?$",
        re.I,
    ),
    re.compile(r"^(?P<y>" + _YEAR_RE + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)$"),
]


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
    return _dateparser_date(value)


def _dateparser_date(value: str) -> CalendarDate | None:
    if not re.search(r"\d", value) or len(value) > 40:
        return None
    import dateparser  # slow import: only for forms the patterns above do not read

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month"]},
    )
    if parsed is None:
        return None
    year = parsed.year if re.search(_YEAR_RE, value) else None
    return CalendarDate(parsed.month, parsed.day, year)


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
