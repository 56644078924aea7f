"""Reading a recall query: its content terms, the dates it names and the people it names.

Called by ``memory.recall`` before retrieval; ``memory.ranking`` turns what is found here
into score boosts. Everything is plain pattern matching on the query's words, with no model
and no network, so it costs microseconds and behaves the same on every corpus. The dates are
read by ``memory.dates.find_dates`` (the one date grammar of recall, the tiers and prefill).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from memory.dates import DateSpan, find_dates
from memory.text import STOPWORDS, content_terms, tokens


@dataclass(frozen=True)
class QueryInfo:
    """What recall reads from a query before searching."""

    text: str
    terms: tuple[str, ...]
    """Distinct content terms (stopwords and most numbers removed)."""
    dates: tuple[DateSpan, ...]
    """The dates or periods the query names."""


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


def without_people(query: str, names: Iterable[str]) -> str:
    """``query`` without the words of the ``names`` it mentions (``named_people``): the text
    its vector is made from.

    A message's vector is made from its words alone, never its speaker
    (``memory.indexing.record_key``), so a question naming a speaker ("What do Melanie's kids
    like?") matches best without the name ("What do kids like?"); recall favours that
    speaker's messages apart (``memory.ranking``, ``speaker_boost``). Only the names of
    people who speak in the store are left out, in any case, with a possessive "'s". A
    query that would be left empty is kept whole.
    """
    drop: set[str] = set()
    for name in named_people(query, names):
        drop.update(t for t in tokens(name) if len(t) >= 3 and t not in STOPWORDS)
    if not drop:
        return query
    kept = [
        w for w in query.split() if not drop.intersection(tokens(w)) or len(tokens(w)) > 1
    ]
    out = " ".join(kept)
    return out if content_terms(out) else query


_NOT_THE_SPEAKER = frozenset(
    "to with for from about at of by than like and or".split()
)
"""A name right after one of these words is spoken to or about ("What did Caroline
recommend to Melanie?"), or shares the question with another ("Jon and Gina")."""


def speaking(query: str, names: Iterable[str]) -> str | None:
    """The one person the query asks to have said something, or None.

    With one named speaker, that speaker. With several, the one named as the question's
    subject, which a question names first ("What does Jon tell Gina?", "How does Gina
    describe the studio Jon opened?"): a name after a preposition ("to Melanie", "with
    Maria"), in a possessive ("Gina's store") or joined to another name ("Jon and Gina",
    "both") is not the one speaking, but "according to Gina" makes Gina the one. None
    when every name is set aside.
    """
    named = named_people(query, names)
    if len(named) <= 1:
        return named[0] if named else None
    words = re.findall(r"[\w'’-]+", query.lower())
    left: list[tuple[int, str]] = []
    for name in named:
        first = tokens(name)[0]
        where = [i for i, w in enumerate(words) if tokens(w) == [first]]
        if not where:
            continue
        i = where[0]
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if before == "to" and i > 1 and words[i - 2] == "according":
            return name
        possessive = words[i].endswith(("'s", "’s"))
        if before in _NOT_THE_SPEAKER or after in ("and", "or") or possessive:
            continue
        left.append((i, name))
    return min(left)[1] if left and "both" not in words else None


_AUX = frozenset("do does did has have had is are was were can could will would should".split())
_MANY_WORDS = re.compile(r"\b(both|how many|(kinds|types|sorts) of)\b")
_PERFECT = re.compile(
    r"^\W*(what|where|which|who)(\s+(?!(?:do|does|did)\b)[\w'’+/-]+){0,3}?\s+(has|have)\b"
)


def asks_for_many(query: str) -> bool:
    """Whether ``query`` asks for several things, which one conversation seldom holds all
    of: a plural after its question word ("What activities does...", "Which cities..."),
    "both", "how many", "kinds of", or a what/where/which/who question in the present
    perfect ("What has Melanie painted?", "Where has Maria made friends?": everything so
    far). Plain pattern matching on the words, the same for every corpus.
    """
    text = query.lower()
    if _MANY_WORDS.search(text) or _PERFECT.search(text):
        return True
    words = re.findall(r"[\w'’+/-]+", text)
    if not words or words[0] not in ("what", "which"):
        return False
    for word in words[1:4]:
        if word in _AUX:
            return False
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")):
            return True
    return False


def analyse(query: str) -> QueryInfo:
    """Read ``query``: its content terms and the dates it names."""
    return QueryInfo(text=query, terms=tuple(content_terms(query)), dates=find_dates(query))
