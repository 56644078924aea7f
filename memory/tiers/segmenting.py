"""How records become episodes: which records go together, and where a conversation splits.

A record's kind and source decide its group (``kind_of``, ``group_key``): a chat session, a
conversation day, an email thread, a note, an event. ``Segmenter.segments`` splits a
group's stream at time gaps, at day boundaries (message archives) and at topic shifts,
measured as embedding drift between the windows before and after each point;
``episode_title`` and ``participants`` name the result. Pure logic over records and vectors:
the SQL that stores episodes is ``memory.tiers.episodes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from memory.clock import parse_iso
from memory.errors import NotFoundError
from memory.records import StoredRecord
from memory.store import MemoryStore
from memory.vectors import VectorIndex
from models.base import Embedder

EMAIL_KINDS = ("eml", "mbox", "email", "gmail", "mail")


@dataclass(frozen=True)
class EpisodePolicy:
    """Where chat streams are split."""

    gap_hours: float = 3.0
    """A silence this long starts a new episode."""
    window: int = 4
    """Messages per side when measuring topic drift."""
    min_len: int = 6
    """No episode made by a topic split is shorter than this."""
    drift_below: float = 0.35
    """Split where the windows' cosine similarity falls below this."""
    max_len: int = 80
    """Longer runs are split at their biggest drift whatever its size."""
    doc_chunks: int = 30
    """A long document becomes episodes of at most this many chunks."""


def kind_of(rec: StoredRecord) -> str | None:
    if rec.kind == "contact":
        return None
    if rec.kind == "event":
        return "event"
    if rec.kind in ("note_chunk", "file_chunk"):
        return "note"
    if any(k in rec.source_kind.lower() for k in EMAIL_KINDS):
        return "thread"
    if rec.kind == "chat_turn":
        return "chat_session"
    return "conversation_day"


def group_key(rec: StoredRecord, kind: str) -> tuple[Any, ...]:
    if kind == "event":
        return (kind, rec.id)
    if kind == "note":
        return (kind, rec.source_id)
    return (kind, rec.source_id, rec.conversation or "")


def sort_key(rec: StoredRecord) -> tuple[str, int, int]:
    return (rec.event_time or rec.created_at, rec.seq, rec.id)


def day_text(ts: str | None) -> str:
    when = parse_iso(ts)
    return f"{when.day} {when:%B %Y}" if when else "undated"


class Segmenter:
    """Splits a group's records into episodes.

    Args:
        policy: the thresholds.
        record_vectors: the record vector index (drift uses stored vectors).
        embedder: embeds records missing from the index.
    """

    def __init__(
        self, policy: EpisodePolicy, record_vectors: VectorIndex, embedder: Embedder
    ) -> None:
        self.policy = policy
        self.record_vectors = record_vectors
        self.embedder = embedder

    def segments(self, recs: list[StoredRecord], kind: str) -> list[list[StoredRecord]]:
        if not recs:
            return []
        gap = self.policy.gap_hours * 3600
        runs: list[list[StoredRecord]] = [[recs[0]]]
        for prev, rec in pairwise(recs):
            a, b = parse_iso(prev.event_time), parse_iso(rec.event_time)
            split = False
            if kind != "thread" and a is not None and b is not None:
                split = (b - a).total_seconds() > gap or (
                    kind == "conversation_day" and a.date() != b.date()
                )
            if split:
                runs.append([rec])
            else:
                runs[-1].append(rec)
        out: list[list[StoredRecord]] = []
        for run in runs:
            if kind == "thread" or len(run) < 2 * self.policy.min_len:
                out.append(run)
            else:
                out.extend(self._drift_split(run))
        return out

    def vectors(self, recs: Sequence[StoredRecord]) -> dict[int, np.ndarray]:
        got = self.record_vectors.get_vectors([r.item_id for r in recs])
        out = {int(k[1:]): v for k, v in got.items()}
        missing = [r for r in recs if r.id not in out]
        if missing:
            vecs = self.embedder.embed_batch([r.text[:1000] for r in missing])
            for rec, vec in zip(missing, vecs, strict=True):
                out[rec.id] = vec
        return out

    def _drift_split(self, run: list[StoredRecord]) -> list[list[StoredRecord]]:
        vecs = self.vectors(run)
        mat = np.vstack([vecs[r.id] for r in run])
        # Prefix sums: any window's sum (hence the direction of its mean) in one subtraction.
        sums = np.zeros((len(run) + 1, mat.shape[1]), dtype=np.float64)
        np.cumsum(mat, axis=0, dtype=np.float64, out=sums[1:])
        return [[run[i] for i in range(a, b)] for a, b in self._split_range(sums, 0, len(run))]

    def _split_range(self, sums: np.ndarray, a: int, b: int) -> list[tuple[int, int]]:
        """Split ``[a, b)`` where the mean vectors of the ``window`` records before and after a
        point are least alike, recursively, while that similarity is under ``drift_below`` or
        the part is longer than ``max_len``. ``sums`` holds prefix sums of the rows."""
        p = self.policy
        n = b - a
        if n < 2 * p.min_len:
            return [(a, b)]
        at = np.arange(a + p.min_len, b - p.min_len + 1)
        lo, hi = np.maximum(at - p.window, a), np.minimum(at + p.window, b)
        left = (sums[at] - sums[lo]) / (at - lo)[:, None]
        right = (sums[hi] - sums[at]) / (hi - at)[:, None]
        denom = np.linalg.norm(left, axis=1) * np.linalg.norm(right, axis=1)
        denom[denom == 0] = 1.0
        sims = np.einsum("ij,ij->i", left, right) / denom
        k = int(np.argmin(sims))  # the first of equal minima, as a left-to-right scan finds
        best_i, best_sim = int(at[k]), float(sims[k])
        if best_sim >= p.drift_below and n <= p.max_len:
            return [(a, b)]
        return self._split_range(sums, a, best_i) + self._split_range(sums, best_i, b)


def episode_title(
    store: MemoryStore,
    self_names: set[str],
    kind: str,
    recs: Sequence[StoredRecord],
    people: Sequence[str],
) -> str:
    """The title of an episode ("Conversation with Rita · 3 May 2024")."""
    first = recs[0]
    when = day_text(first.event_time or first.created_at)
    if kind == "event":
        return (first.title or str(first.metadata.get("summary") or "Event")) + f" · {when}"
    if kind == "note":
        base = (first.title or "").split(" > ")[0].strip()
        if not base:
            try:
                base = store.source(first.source_id).title or "Note"
            except NotFoundError:
                base = "Note"
        return f"{base} · {when}"
    if kind == "thread":
        return f"{first.title or 'Email thread'} · {when}"
    others = [p for p in people if p.lower() not in self_names and p != "Mneme"]
    if kind == "chat_session":
        try:
            title = store.source(first.source_id).title or "Chat"
        except NotFoundError:
            title = "Chat"
        return f"Chat · {when}: {title}"
    if others:
        return f"Conversation with {', '.join(others[:3])} · {when}"
    return f"Conversation · {when}"


def participants(kind: str, recs: Sequence[StoredRecord]) -> list[str]:
    """Who took part: the speakers, or an event's attendees."""
    if kind == "event":
        raw = recs[0].metadata.get("attendees") or []
        return [str(a) for a in (raw if isinstance(raw, list) else [raw])][:20]
    return list(dict.fromkeys(r.speaker for r in recs if r.speaker))[:20]
