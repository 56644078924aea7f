"""Where recall's extra candidates come from, beside BM25 and the nearest vectors.

Used by ``memory.recall.Recall.search``; ``memory.ranking`` scores what is found here.

- ``neighbours``: the previous and next record of each candidate (same source and
  conversation, consecutive ``seq``), so a reply can be found through the question it answers.
- ``dated_ids``: records dated inside the periods a query names ("on 3 June, 2023").
- ``spread_conversations``: the best candidates passed on for the final ranking, at most a
  few per conversation.
- ``SpeakerNames``: the people who speak in the store (cached until records are added), so a
  query naming one of them can favour their messages.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from memory.dates import DateSpan
from memory.db import Database
from memory.ranking import neighbour_links

_CHUNK = 400


class _Row(NamedTuple):
    """What recall reads of a record for linking and scoring (one primary-key lookup; a
    tuple, as a few hundred are built per query)."""

    source_id: int
    seq: int
    conversation: str | None
    active: bool
    kind: str
    speaker: str | None
    event_time: str | None
    asks: bool
    role: str | None


RowCache = dict[int, _Row]
"""Rows read during one search, shared by ``neighbours`` and ``candidate_rows``."""


def _read_rows(db: Database, ids: Sequence[int], cache: RowCache) -> None:
    """Read the rows of ``ids`` not yet in ``cache`` into it (missing records stay missing)."""
    todo = [i for i in ids if i not in cache]
    for start in range(0, len(todo), _CHUNK):
        part = todo[start : start + _CHUNK]
        marks = ",".join("?" * len(part))
        for rid, src, seq, conv, active, kind, speaker, when, asks, role in db.execute(
            "SELECT id, source_id, seq, conversation, status = 'active', kind, speaker, "
            "event_time, instr(text, '?') > 0, "
            "CASE WHEN kind = 'chat_turn' THEN json_extract(metadata, '$.role') END "
            f"FROM records WHERE id IN ({marks})",
            part,
        ):
            cache[int(rid)] = _Row(
                int(src), int(seq), conv, bool(active), str(kind), speaker, when, bool(asks), role
            )


def neighbours(
    db: Database, ids: Sequence[int], cache: RowCache | None = None
) -> dict[int, tuple[int | None, int | None]]:
    """For each record id, the previous and next active record of the same source and
    conversation (None at the ends), looked up by ``(source_id, seq)``.

    A source's records are stored in order, so a neighbour is nearly always the id just
    before or after: those are read with the candidates themselves (primary-key lookups, kept
    in ``cache`` for ``candidate_rows``) and only the rest is searched by ``(source_id, seq)``.
    """
    if not ids:
        return {}
    by_id: RowCache = {} if cache is None else cache
    _read_rows(db, list(dict.fromkeys(i + d for i in ids for d in (0, -1, 1))), by_id)
    rows = [(i, r.source_id, r.seq, r.conversation) for i in ids if (r := by_id.get(i))]
    if not rows:
        return {}
    have = {(src, seq) for _, src, seq, _ in rows}
    found: list[tuple[int, int, int, str | None]] = []
    todo: set[tuple[int, int]] = set()
    for rid, src, seq, _ in rows:
        for d in (-1, 1):
            if (src, seq + d) in have:
                continue
            near = by_id.get(rid + d)
            if near is not None and near.source_id == src and near.seq == seq + d and near.active:
                found.append((rid + d, src, seq + d, near.conversation))
            else:
                todo.add((src, seq + d))
    pending = sorted(todo - {(src, seq) for _, src, seq, _ in found})
    for start in range(0, len(pending), _CHUNK):
        pairs = pending[start : start + _CHUNK]
        values = ",".join("(?, ?)" for _ in pairs)
        flat = [x for pair in pairs for x in pair]
        found.extend(
            (int(r[0]), int(r[1]), int(r[2]), r[3])
            for r in db.execute(
                f"SELECT r.id, r.source_id, r.seq, r.conversation FROM (VALUES {values}) AS v "
                f"CROSS JOIN records r ON r.source_id = v.column1 AND r.seq = v.column2 "
                f"WHERE r.status = 'active'",
                flat,
            )
        )
    links = neighbour_links(rows + list(dict.fromkeys(found)))
    return {rid: links[rid] for rid, _, _, _ in rows}


def _iso(d: datetime) -> str:
    return d.astimezone(UTC).isoformat()


MAX_DATED_SPAN_DAYS = 62
"""Longer periods ("in 2023") only boost the candidates found otherwise."""


def dated_ids(db: Database, spans: Iterable[DateSpan], *, after_days: int, limit: int) -> list[int]:
    """Ids of active records dated inside ``spans`` (or up to ``after_days`` after them).

    Spans without a year ("in July", they would match every year) and spans longer than
    ``MAX_DATED_SPAN_DAYS`` are skipped.
    """
    out: list[int] = []
    for span in spans:
        if span.any_year or (span.end - span.start).days > MAX_DATED_SPAN_DAYS:
            continue
        start = datetime(span.start.year, span.start.month, span.start.day, tzinfo=UTC)
        end = datetime(span.end.year, span.end.month, span.end.day, tzinfo=UTC) + timedelta(
            days=1 + after_days
        )
        out.extend(
            int(r[0])
            for r in db.execute(
                "SELECT id FROM records WHERE event_time >= ? AND event_time < ? "
                "AND status = 'active' ORDER BY event_time LIMIT ?",
                (_iso(start), _iso(end), limit),
            )
        )
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class CandidateRow:
    """What scoring reads of a record (no text, no metadata: fetched for the best few only)."""

    kind: str
    conversation: str | None
    speaker: str | None
    event_time: str | None
    asks: bool


def candidate_rows(
    db: Database,
    ids: Sequence[int],
    *,
    exclude_conversation: str | None = None,
    cache: RowCache | None = None,
) -> dict[int, CandidateRow]:
    """The recallable records among ``ids``: active, not in ``exclude_conversation`` (the live
    chat), and not Mneme's own chat replies (they are not the user's memories). Rows already
    in ``cache`` (read by ``neighbours``) are not read again."""
    known: RowCache = {} if cache is None else cache
    _read_rows(db, ids, known)
    out: dict[int, CandidateRow] = {}
    for rid in ids:
        r = known.get(rid)
        if r is None or not r.active or r.role == "assistant":
            continue
        if exclude_conversation and r.conversation == exclude_conversation:
            continue
        out[rid] = CandidateRow(r.kind, r.conversation, r.speaker, r.event_time, r.asks)
    return out


def spread_conversations(
    order: Sequence[int], rows: dict[int, CandidateRow], n: int, limit: int
) -> list[int]:
    """The first ``n`` of ``order`` taking at most ``limit`` per conversation; when too few
    remain, the records passed over fill the rest, best first (records without a
    conversation are never limited)."""
    if limit <= 0:
        return list(order[:n])
    taken: dict[str, int] = {}
    out: list[int] = []
    passed: list[int] = []
    for rid in order:
        conv = rows[rid].conversation
        if conv is not None:
            if taken.get(conv, 0) >= limit:
                passed.append(rid)
                continue
            taken[conv] = taken.get(conv, 0) + 1
        out.append(rid)
        if len(out) == n:
            return out
    return out + passed[: n - len(out)]


class SpeakerNames:
    """The distinct speakers of active records, re-read only when records were added.

    Args:
        db: the store's database.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._names: tuple[str, ...] = ()
        self._stamp: object = None
        self._lock = threading.Lock()

    def names(self) -> tuple[str, ...]:
        """Every speaker name (cheap after the first call while no record is added)."""
        stamp = self.db.scalar("SELECT MAX(id) FROM records")
        with self._lock:
            if stamp != self._stamp:
                self._names = tuple(
                    str(r[0])
                    for r in self.db.execute(
                        "SELECT DISTINCT speaker FROM records "
                        "WHERE speaker IS NOT NULL AND speaker != '' AND status = 'active'"
                    )
                )
                self._stamp = stamp
            return self._names
