"""Scoring recall candidates: lexical and vector evidence fused, then the conversation's shape.

Called by ``memory.recall.Recall.search`` once the candidates (BM25 hits, nearest vectors,
records dated in the query's period, and the conversational neighbours of all of these) are
known. Pure functions over plain values: no database, no model.

A candidate's score is built in six steps, the same for every corpus:

1. **Fusion**: ``bm25_weight * bm25 / best_bm25 + vector_weight * cosine``.
2. **Neighbours**: a record gains part of the better of its previous and next record's fused
   score (same source and conversation, consecutive positions: the messages around a chat
   message, the chunks around a note chunk); when the previous one asked a question, the
   reply gains more (``answer_weight``): answers ("I've had them for 3 years") rarely repeat
   the words of the question that prompted them.
3. **Expected answer**: when the query asks when or how long, or where
   (``memory.expected``), a record holding that kind of answer (a time: "last week",
   "tomorrow", "for 3 years"; a place: "in Tampa") gains ``answer_boost``: the answer to
   "When did Joanna plan to come over?" is "I'll come over tomorrow", which shares few of
   the question's words.
4. **Speaker**: when the query asks what one of the people who speak in the store said or
   did (``memory.query.speaking``: the one it names, or of several the one it names as the
   subject, not "to Melanie", "Gina's store" or "Jon and Gina"), their messages gain
   ``speaker_boost``.
5. **Session**: a record gains ``session_weight`` times its conversation's score (a chat
   session, a note): the best score in it plus ``session_support`` times the next few, so
   the session that matches best, and with several messages, is read as a whole. When the
   query names a date, a conversation holding records of that date adds ``date_boost``
   (times step 6's closeness) to its score: "What did Maria start, as mentioned on 3 June?"
   is about that day's conversation, and its answer need not repeat the question's words.
6. **Date**: when the query names a date or period, memories from it (or up to
   ``date_after_days`` after it, when people tell of it) gain up to ``date_boost``.

A lone record (the best of its own conversation) thus scores ``(1 + session_weight)`` times
its fused score, and the best records of a well-matching conversation more. The memory
tiers' derived hits (facts, episodes) are scored on the bare fused scale times their own
weights, so verbatim records come first unless a derived item earns its place (a fact that
answers what the question asks is boosted by the tiers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from memory.dates import DateSpan
from memory.expected import PLACE, TIME


@dataclass(frozen=True)
class RankingSettings:
    """The weights of recall's scoring (see the module docstring); one setting for all data."""

    bm25_weight: float = 0.4
    """Weight of the BM25 score, normalised by the best BM25 score of the query."""
    vector_weight: float = 0.6
    """Weight of the cosine similarity."""
    neighbour_weight: float = 0.3
    """Share of a neighbouring message's fused score a chat message gains."""
    answer_weight: float = 0.45
    """Share of the previous message's score a reply gains when that message asked a question."""
    answer_boost: float = 0.3
    """Added to a record holding the kind of answer the query asks for (a time for "when",
    a place for "where": ``memory.expected``)."""
    speaker_boost: float = 0.2
    """Added to the messages of the one speaker the query asks about."""
    session_weight: float = 0.5
    """Share of the best score of its conversation a chat message gains."""
    session_support: float = 0.2
    """Share of the next best scores of a conversation added to its best one: a session where
    several messages match outranks one with a single lucky match."""
    session_support_n: int = 4
    """How many next best scores count as support."""
    date_boost: float = 0.4
    """Added to memories dated inside the period the query names."""
    date_after_days: int = 10
    """Memories up to this many days after the named period still gain (less and less)."""
    date_before_days: int = 1
    """Memories this many days before the named period count as inside it."""


_HOLDS = {TIME: "says when", PLACE: "names a place"}


class Candidate(NamedTuple):
    """What scoring needs to know about one candidate record (a tuple: hundreds are built
    per query)."""

    record_id: int
    kind: str
    conversation: str | None
    speaker: str | None
    day: date | None
    asks: bool = False
    """The record contains a question (its reply gains ``answer_weight``)."""
    bm25: float = 0.0
    """Raw BM25 score (higher is better; 0 when the record did not match)."""
    cosine: float = 0.0
    prev_id: int | None = None
    """The previous message of the same conversation, when it is a candidate too."""
    next_id: int | None = None
    holds: str | None = None
    """The kind of answer the query asks for (``memory.expected``), when the record holds one."""


class Scored(NamedTuple):
    """A candidate's final score and what raised it."""

    record_id: int
    score: float
    fused: float
    reasons: tuple[str, ...] = ()


def date_closeness(day: date | None, spans: Sequence[DateSpan], settings: RankingSettings) -> float:
    """1.0 for a day inside one of ``spans``, falling to 0 ``date_after_days`` after it."""
    if day is None or not spans:
        return 0.0
    best = 0.0
    after = settings.date_after_days
    for span in spans:
        gap = span.days_from(day, after=after, before=settings.date_before_days)
        if gap is not None:
            best = max(best, 1.0 - gap / (after + 1))
    return best


def score_candidates(
    candidates: Sequence[Candidate],
    *,
    named_speakers: Sequence[str] = (),
    dates: Sequence[DateSpan] = (),
    settings: RankingSettings | None = None,
) -> dict[int, Scored]:
    """Score every candidate (see the module docstring), keyed by record id."""
    s = settings or RankingSettings()
    if not candidates:
        return {}
    by_id = {c.record_id: c for c in candidates}
    top_bm25 = max((c.bm25 for c in candidates), default=0.0) or 1.0
    fused = {
        c.record_id: s.bm25_weight * c.bm25 / top_bm25 + s.vector_weight * max(0.0, c.cosine)
        for c in candidates
    }
    speaker = named_speakers[0] if len(named_speakers) == 1 else None
    score: dict[int, float] = {}
    reasons: dict[int, list[str]] = {c.record_id: [] for c in candidates}
    for c in candidates:
        value = fused[c.record_id]
        prev = by_id.get(c.prev_id) if c.prev_id is not None else None
        nxt = by_id.get(c.next_id) if c.next_id is not None else None
        asked = prev is not None and prev.asks
        gain_prev = 0.0
        if prev is not None:
            gain_prev = (s.answer_weight if asked else s.neighbour_weight) * fused[prev.record_id]
        gain_next = s.neighbour_weight * fused[nxt.record_id] if nxt is not None else 0.0
        gain = max(gain_prev, gain_next)
        if gain >= 0.1:
            reasons[c.record_id].append(
                "reply to a matching question" if asked and gain_prev >= gain_next
                else "next to a match"
            )
        value += gain
        if c.holds is not None:
            value += s.answer_boost
            reasons[c.record_id].append(_HOLDS.get(c.holds, f"holds a {c.holds}"))
        if speaker is not None and c.speaker == speaker:
            value += s.speaker_boost
            reasons[c.record_id].append(f"said by {speaker}")
        score[c.record_id] = value
    close = {c.record_id: date_closeness(c.day, dates, s) for c in candidates}
    per_conversation: dict[str, list[float]] = {}
    dated_in: dict[str, float] = {}
    for c in candidates:
        if c.conversation:
            per_conversation.setdefault(c.conversation, []).append(score[c.record_id])
            dated_in[c.conversation] = max(dated_in.get(c.conversation, 0.0), close[c.record_id])
    best_in: dict[str, float] = {}
    for conv, values in per_conversation.items():
        values.sort(reverse=True)
        support = sum(values[1 : 1 + s.session_support_n]) if s.session_support else 0.0
        best_in[conv] = values[0] + s.session_support * support + s.date_boost * dated_in[conv]
    out: dict[int, Scored] = {}
    for c in candidates:
        value = score[c.record_id]
        value += s.session_weight * (best_in[c.conversation] if c.conversation else value)
        closeness = close[c.record_id]
        if closeness > 0:
            value += s.date_boost * closeness
            reasons[c.record_id].append("from the time asked about")
        why = tuple(reasons[c.record_id])
        out[c.record_id] = Scored(c.record_id, value, fused[c.record_id], why)
    return out


def neighbour_links(
    rows: Sequence[tuple[int, int, int, str | None]],
) -> dict[int, tuple[int | None, int | None]]:
    """Previous and next record of each record, from ``(id, source_id, seq, conversation)``.

    Two records are neighbours when they come from the same source and conversation with
    consecutive ``seq``; only the rows given are linked.
    """
    at = {(src, seq): (rid, conv) for rid, src, seq, conv in rows}
    links: dict[int, tuple[int | None, int | None]] = {}
    for rid, src, seq, conv in rows:
        prev = at.get((src, seq - 1))
        nxt = at.get((src, seq + 1))
        links[rid] = (
            prev[0] if prev is not None and prev[1] == conv else None,
            nxt[0] if nxt is not None and nxt[1] == conv else None,
        )
    return links
