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

Only messages (``MESSAGE_KINDS``) are read: a short message that states a time or a place
says something about the question, while a note or file chunk of a few hundred words nearly
always holds a date or a name somewhere. Other questions expect nothing in particular here.
No model, no network; the same rules for every corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from memory.dates.words import DAY_RE, MONTH_RE, MONTHS, WEEKDAYS, YEAR_RE
from memory.db import Database
from memory.text import tokens

TIME = "time"
PLACE = "place"
MESSAGE_KINDS = frozenset({"message", "chat_turn"})
"""The record kinds whose text ``holding`` reads (chat messages, imported or Mneme's own)."""

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


_NUM = (
    r"(?:\d{1,2}|a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine"
    r"|ten|eleven|twelve)"
)
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_MONTH = MONTH_RE.replace("may|", "")
"""Month names but "may", a verb in lower case: ``_MAY`` reads it capitalised."""
_TIME = re.compile(
    r"\b(?:yesterday|today|tonight|tomorrow|this morning|this evening|since|ago)\b"
    r"|\b(?:last|this|next|past)\s+(?:week|month|year|weekend)\b"
    r"|\b(?:last|this|next|on)\s+" + _WEEKDAY + r"\b"
    r"|\b(?:last|this|next|in|early|late|mid|during|of)[\s-]+" + _MONTH + r"\b"
    r"|\b" + _MONTH + r"\.?\s+(?:the\s+)?(?:" + DAY_RE + r"\b|" + YEAR_RE + r"\b)"
    r"|\b" + DAY_RE + r"(?:\s+of)?\s+" + _MONTH + r"\b"
    r"|\b(?:in|of|during|back in|around|since|until|till|before|after|by|from)\s+"
    + YEAR_RE + r"\b"
    r"|\b" + YEAR_RE + r"-[01]\d-[0-3]\d\b"
    r"|\b(?:for|over|about|almost|nearly)\s+" + _NUM + r"\s+(?:day|week|month|year)s?\b"
)
"""Matched against lower-cased text (much faster than ``re.I``)."""
_MAY = re.compile(
    r"\b(?:last|this|next|in|early|late|mid|during|of)[\s-]+May\b"
    r"|\bMay\.?\s+(?:the\s+)?(?:" + DAY_RE + r"\b|" + YEAR_RE + r"\b)"
    r"|\b" + DAY_RE + r"(?:\s+of)?\s+May\b"
)


@lru_cache(maxsize=8192)
def states_time(text: str) -> bool:
    """Whether ``text`` says when or how long: the time expressions of
    ``memory.dates.find_times`` ("last week", "yesterday", "in May 2022", "two years ago",
    "since 2019") or a duration ("for 3 years", "over a month").

    Detection only, so one pattern instead of ``find_times``' parsing: the same answer on
    every one of the 2,760 turns of the LoCoMo dev file, 18 times faster (12 microseconds a
    message), which matters as a "when" question reads a few hundred candidates.
    """
    return bool(_TIME.search(text.lower()) or _MAY.search(text))


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
