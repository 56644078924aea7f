"""Reading a recall query: its content terms, the dates it names and the people it names.

Called by ``memory.recall`` before retrieval; ``memory.ranking`` turns what is found here
into score boosts. Everything is plain pattern matching on the query's words, with no model
and no network, so it costs microseconds and behaves the same on every corpus. The dates are
read by ``memory.dates.find_dates`` (the one date grammar of recall, the tiers and prefill).
"""

from __future__ import annotations

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


def analyse(query: str) -> QueryInfo:
    """Read ``query``: its content terms and the dates it names."""
    return QueryInfo(text=query, terms=tuple(content_terms(query)), dates=find_dates(query))
