"""What a question asks for, and when a quoted memory happened.

``wanted_kind`` tells a question that wants a time, a number, a name, a person or a place;
``has_kind`` tells a quote that holds one (a "when" question is not answered by a sentence
that holds no time). ``time_note`` says what a relative time in a quote ("yesterday", "last
Friday") meant on the day the memory was said, so a "when" question gets a date; the note is
checked by ``bench.answers`` against the cited memory's date.

Used by ``memory.compose``.
"""

from __future__ import annotations

import re
from datetime import datetime

from memory.grounding import sentences
from memory.text import STOPWORDS, fold, match_stem

NOT_NAMES = frozenset(
    """
    so well yes no ok okay honestly anyway also actually sure right wow oh haha lol sadly
    luckily unfortunately fortunately hopefully basically first then now today yesterday
    tomorrow recently lately plus besides however still yeah yep nope true totally seriously
    definitely absolutely exactly agreed cool great nice awesome thanks please sorry
    """.split()
)


_WANTS = (
    ("time", re.compile(
        r"^\W*(?:and |so |but )?when\b|\bwhat (?:time|year|month|day|date)\b|"
        r"\bwhich (?:year|month|day)\b|\bhow long ago\b|\bsince when\b", re.I)),
    ("often", re.compile(r"\bhow (?:often|frequently)\b", re.I)),
    ("number", re.compile(r"\bhow (?:many|much|old)\b", re.I)),
    ("name", re.compile(r"\bname(?:s|d)?\b|\bcalled\b", re.I)),
    ("person", re.compile(r"^\s*(?:who|whom|with whom)\b|\bwith who(?:m)?\b", re.I)),
    ("place", re.compile(r"^\s*where\b|\bwhere (?:is|are|was|were|did|does|do)\b", re.I)),
)
_PLACE = re.compile(
    r"\b(?:in|at|near|on|from|to|into|around|across|inside|outside|behind|under|beside|"
    r"by|through|home|abroad|downtown|upstairs|downstairs|here|there)\b\s+\S+|\bhome\b",
    re.I,
)
_PEOPLE = re.compile(
    r"\b(?:mom|mum|mother|dad|father|parents?|sister|brother|siblings?|wife|husband|"
    r"partner|boyfriend|girlfriend|fianc[ée]e?|son|daughter|kids|children|child|family|"
    r"friends?|colleagues?|coworkers?|boss|team|neighbou?rs?|cousins?|aunt|uncle|grand\w+|"
    r"teacher|mentor|doctor|dentist|nurse|coach|classmates?|roommates?|everyone|group)\b",
    re.I,
)
_TIME = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:yesterday|today|tonight|tomorrow|"
    r"ago|last|next|this|weekend|morning|afternoon|evening|night|week|month|year|spring|summer|"
    r"autumn|fall|winter|christmas|easter|birthday|since|until|before|after|during|recently|"
    r"earlier|later|soon|once|decade|century)\b",
    re.I,
)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|twenty|"
    r"thirty|forty|fifty|hundred|thousand|million|a few|a couple|several|half|single|both|"
    r"once|twice)\b",
    re.I,
)
_OFTEN = re.compile(
    r"\b(?:every|each|daily|weekly|monthly|yearly|annually|nightly|once|twice|always|"
    r"usually|often|sometimes|rarely|seldom|never|regularly|occasionally|constantly|per|"
    r"times (?:a|per|each|every)|(?:\d+|two|three|four|five|six|several|a few|many) times|"
    r"a (?:day|week|month|year))\b",
    re.I,
)
_NAME_WORD = re.compile(r"\b[A-Z][\w'’-]*")


def wanted_kind(question: str) -> str | None:
    """``time``, ``often`` (how often), ``number``, ``name``, ``person`` or ``place`` when
    the question asks for one."""
    return next((kind for kind, pattern in _WANTS if pattern.search(question)), None)


def has_kind(sentence: str, kind: str, asked: set[str]) -> bool:
    """``sentence`` holds what a question of ``kind`` asks for (a name it does not already
    hold, for a name)."""
    if kind == "time":
        return bool(_TIME.search(sentence))
    if kind == "number":
        return bool(_NUMBER.search(sentence))
    if kind == "often":
        return bool(_OFTEN.search(sentence))
    if kind == "place":
        return bool(_PLACE.search(sentence))
    if kind == "person" and _PEOPLE.search(sentence):
        return True
    short = len(sentence.split()) <= 3  # "Pixel." is a name; "Went hiking" opens a sentence
    for part in sentences(sentence):
        for m in _NAME_WORD.finditer(part):
            if m.start() == 0 and not short:
                continue
            word = fold(m.group(0))
            if word not in STOPWORDS and word not in NOT_NAMES and match_stem(word) not in asked:
                return True
    return False


_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
_DAY_NAMES = {
    "mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
    "sat": "Saturday", "sun": "Sunday",
}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11)}
"""Months a season spans (winter spans two years: no note is made of it)."""
_RELATIVE = re.compile(
    rf"\b(?:yesterday|today|tonight|tomorrow|last night|this morning|"
    rf"(?:last|this past|past|next) (?:week(?:end)?|month|year|{_DAY})|"
    rf"this (?:week(?:end)?|month|year)|(?:last|this|next) (?:spring|summer|fall|autumn)|"
    rf"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|\d+) "
    rf"(?:days?|weeks?|months?|years?) ago)\b",
    re.I,
)
_DATED = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d|"
    r"\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)|"
    r"\b(?:19|20)\d\d\b",
    re.I,
)
"""A quote that gives its own date ("on 3 May", "in 2019") needs no note of when it was said."""
TIME_NOTE = re.compile(r"\((?P<phrase>[^():]+): (?P<date>[^()]+)\)")
"""A note ``(yesterday: 27 August 2023)`` after a quote: a relative time in the quote, on
the date of the memory that says it."""
SAID_NOTE = re.compile(r"\(said on (?P<date>\d{1,2} [A-Z][a-z]+ \d{4})\)")
"""A note ``(said on 8 May 2023)`` after a quote that answers a "when" question without
saying when: the date of the memory it quotes."""


def _when(timestamp: str | None) -> datetime | None:
    if not timestamp:
        return None
    try:
        return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


def said_on(timestamp: str | None) -> str | None:
    """The day ``timestamp`` falls on, as a note says it: "8 May 2023"."""
    base = _when(timestamp)
    return f"{base.day} {base:%B %Y}" if base else None


def resolve_relative(phrase: str, timestamp: str | None) -> str | None:
    """What a relative time ("yesterday", "last month", "last Friday") meant on the day
    ``timestamp`` was said: "27 August 2023", "July 2023", "2022", "the week before 28 August
    2023", "11 August 2023, the Friday before 14 August 2023", "the summer of 2022", "28 July
    2023, two weeks before 11 August 2023". A week or a weekday is also given relative to
    that day, as the memory gives it."""
    base = _when(timestamp)
    if base is None:
        return None
    low = " ".join(phrase.lower().split())
    day = f"{base.day} {base:%B %Y}"
    side = "after" if low.startswith("next") else "before"
    current = low.startswith("this ") and not low.startswith("this past")
    if current and low.endswith(("week", "weekend")):
        return f"the {low.split()[-1]} of {day}"
    if current and low.endswith("month"):
        return f"{base:%B %Y}"
    if current and low.endswith("year"):
        return f"{base:%Y}"
    season = next((s for s, _ in _SEASONS.items() if low.endswith(s)), None)
    if season and "ago" not in low:
        first, last = _SEASONS[season]
        if low.startswith("last"):
            year = base.year if base.month > last else base.year - 1
        else:
            year = base.year + (low.startswith("next") and base.month >= first)
        return f"the {season} of {year}"
    if "ago" not in low:
        if "weekend" in low:
            return f"the weekend {side} {day}"
        if "week" in low:
            return f"the week {side} {day}"
    weekday = re.search(rf"\b(?:{_DAY})\b", low) if "ago" not in low else None
    import dateparser

    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    if low.startswith("next") or low == "tomorrow":
        settings["PREFER_DATES_FROM"] = "future"
    plain = low.replace("this past", "last").replace("past", "last")
    if weekday:  # "next sat" is not read, "next saturday" is
        plain = re.sub(rf"\b{weekday.group(0)}\b", _DAY_NAMES[weekday.group(0)[:3]].lower(), plain)
    when = dateparser.parse(plain, settings=settings)  # type: ignore[arg-type]
    if weekday and low.split()[0] in ("last", "past", "this", "next"):  # "this past Fri"
        named = f"the {_DAY_NAMES[weekday.group(0)[:3]]} {side} {day}"
        return f"{when.day} {when:%B %Y}, {named}" if when else named
    weeks = re.fullmatch(r"(.+) weeks? ago", low)
    if weeks:  # "two weeks ago": 28 July 2023, two weeks before 11 August 2023
        before = f"{'one' if weeks.group(1) in ('a', 'an') else weeks.group(1)} week"
        before += f"{'s' if low.split()[-2] == 'weeks' else ''} before {day}"
        return f"{when.day} {when:%B %Y}, {before}" if when else before
    if when is None:
        return None
    if "year" in low:
        return f"{when:%Y}"
    if "month" in low:
        return f"{when:%B %Y}"
    return f"{when.day} {when:%B %Y}"


def time_note(quote: str, timestamp: str | None, *, said: bool = True) -> str | None:
    """``(yesterday: 27 August 2023)`` for the first relative time in ``quote``; with
    ``said`` (the quote is a message someone sent at ``timestamp``, not a note whose date is
    when its file was saved), ``(said on 8 May 2023)`` when it gives no date of its own."""
    m = _RELATIVE.search(quote)
    if m is None:
        if not said or _DATED.search(quote):
            return None
        said_day = said_on(timestamp)
        return f"(said on {said_day})" if said_day else None
    resolved = resolve_relative(m.group(0), timestamp)
    return f"({m.group(0)}: {resolved})" if resolved else None
