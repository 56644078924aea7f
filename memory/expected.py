"""The kind of answer a question expects, and which records hold one.

Called by ``memory.recall`` while scoring candidates; ``memory.ranking`` adds
``answer_boost`` to the records found here. Answers seldom repeat a question's words: "When
did Joanna plan to come over?" is answered by "Great, see you tomorrow!", "What state did
Nate visit?" by "I took my turtles to the beach in Tampa". What they share is the kind of
thing they state, which plain patterns can see:

- a **time** for "when", "how long", "what year", "how many years" (``states_time``: a time
  expression of ``memory.dates`` or a duration such as "for 3 years");
- a **place** for "where" and "which city / country / state / place / location..."
  (``names_place``: a capitalised name after a preposition of place or "visit": "in
  London", "to the Smoky Mountains"; not a speaker, month, weekday or holiday).

Other questions expect nothing in particular here. No model, no network; the same rules for
every corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from memory.dates import find_times
from memory.dates.words import MONTHS, WEEKDAYS
from memory.db import Database
from memory.text import tokens

TIME = "time"
PLACE = "place"

_WHEN = re.compile(
    r"^\W*when\b|\bhow long\b|\bwhat (year|month|day|date|time)\b"
    r"|\bhow many (years|months|weeks|days)\b",
    re.I,
)
_WHERE = re.compile(
    r"^\W*where\b|\b(which|what)\s+([\w-]+\s+){0,2}?(cit(y|ies)|countr(y|ies)|states?|places?"
    r"|locations?|towns?|regions?|areas?|islands?|continents?|destinations?)\b",
    re.I,
)


def expected_kind(query: str) -> str | None:
    """``TIME`` when ``query`` asks when or how long, ``PLACE`` when it asks where or which
    place, else None ("What did Maria do when she was young?" asks neither)."""
    if _WHEN.search(query):
        return TIME
    if _WHERE.search(query):
        return PLACE
    return None


_DURATION = re.compile(
    r"\b(for|over|about|almost|nearly)\s+(a|an|one|two|three|four|five|six|seven|eight|nine"
    r"|ten|a few|a couple of|several|\d+)\s+(day|week|month|year)s?\b|\bsince\b|\bago\b",
    re.I,
)
_ANY_BASE = datetime(2000, 1, 1, tzinfo=UTC)
"""Any moment: ``states_time`` only asks whether a time expression is there."""


def states_time(text: str) -> bool:
    """Whether ``text`` says when or how long: a time expression of ``memory.dates``
    ("last week", "yesterday", "in May 2022", "two years ago", "since 2019") or a duration
    ("for 3 years", "over a month")."""
    return bool(_DURATION.search(text)) or bool(find_times(text, _ANY_BASE))


_PLACE = re.compile(
    r"\b(?:in|to|from|at|near|around|visit(?:ed|ing)?)\s+(?:the\s+)?"
    r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
)
_NOT_PLACE = frozenset(
    [*MONTHS, *WEEKDAYS, "i", "i'm", "i've", "i'll", "i'd", "christmas", "easter",
     "thanksgiving", "halloween", "god", "mom", "dad"]
)


def names_place(text: str, people: Iterable[str] = ()) -> bool:
    """Whether ``text`` names a place: a capitalised name after "in", "to", "from", "at",
    "near", "around" or "visit" ("a fan in California", "my trip to the Smoky Mountains"),
    whose first word is not one of ``people`` (first names, lower case), a month, a weekday,
    a holiday or "I"."""
    skip = _NOT_PLACE.union(people)
    for m in _PLACE.finditer(text):
        first = tokens(m.group(1))
        if first and first[0] not in skip:
            return True
    return False


_CHUNK = 400


def holding(
    db: Database, ids: Sequence[int], kind: str, people: Iterable[str] = ()
) -> set[int]:
    """The records among ``ids`` whose text holds an answer of ``kind`` (``TIME``: it
    ``states_time``; ``PLACE``: it ``names_place``, ``people`` aside)."""
    names = frozenset(people)
    out: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        part = list(ids[start : start + _CHUNK])
        marks = ",".join("?" * len(part))
        for rid, text in db.execute(f"SELECT id, text FROM records WHERE id IN ({marks})", part):
            value = str(text)
            if states_time(value) if kind == TIME else names_place(value, names):
                out.add(int(rid))
    return out
