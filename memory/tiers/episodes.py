"""The episodic tier: records grouped into episodes (a chat session or conversation day, a
note, an email thread, a calendar event), each with start/end, participants, title, summary
and its records.

Chat streams are split at time gaps, at day boundaries (for message archives) and at topic
shifts (``memory.tiers.segmenting``, the logic; this module holds the storage).
Building is incremental: only groups with new records are touched, and only from their last
episode on; an episode keeps its id when new records extend it.

``Episodes`` is used by consolidation (``build``), ``mneme episodes``, the dossiers'
timelines, recall (episode hits) and forgetting (``rebuild`` after records are deleted).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from memory.clock import Clock, iso, system_clock
from memory.db import Database
from memory.errors import NotFoundError
from memory.records import StoredRecord
from memory.store import MemoryStore
from memory.tiers.decay import Decay
from memory.tiers.episode_model import COLUMNS, Episode, episode_from_row
from memory.tiers.items import next_row_id
from memory.tiers.search_index import TierIndex
from memory.tiers.segmenting import (
    EMAIL_KINDS,
    EpisodePolicy,
    Segmenter,
    episode_title,
    group_key,
    kind_of,
    participants,
    sort_key,
)
from memory.tiers.summarize import Summarizer
from memory.vectors import VectorIndex
from models.base import Embedder, normalise_rows

log = logging.getLogger(__name__)

CENTROID_MIN = 3
"""Episodes of at least this many records get the mean of their records' vectors as their
own; shorter ones are found by their summary's embedding."""


class Episodes:
    """Builds and reads episodes.

    Args:
        db: the Mneme database.
        store: records.
        record_vectors: the record vector index (drift and centrality use stored vectors).
        embedder: embeds records missing from the index.
        index: the derived-item search index.
        decay: new episodes' strength.
        summarizer: writes summaries.
        self_names: the user's names (left out of "Conversation with ..." titles).
        clock: "now".
        policy: splitting thresholds.
    """

    def __init__(
        self,
        db: Database,
        store: MemoryStore,
        record_vectors: VectorIndex,
        embedder: Embedder,
        index: TierIndex,
        decay: Decay,
        summarizer: Summarizer,
        *,
        self_names: Sequence[str] = (),
        clock: Clock = system_clock,
        policy: EpisodePolicy | None = None,
    ) -> None:
        self.db = db
        self.store = store
        self.record_vectors = record_vectors
        self.embedder = embedder
        self.index = index
        self.decay = decay
        self.summarizer = summarizer
        self.self_names = {n.lower() for n in self_names} | {"me"}
        self.clock = clock
        self.policy = policy or EpisodePolicy()
        self.segmenter = Segmenter(self.policy, record_vectors, embedder)

    # -- reading ------------------------------------------------------------------------
    def _members(self, ids: Sequence[int]) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {i: [] for i in ids}
        for start in range(0, len(ids), 500):
            part = list(ids[start : start + 500])
            marks = ",".join("?" * len(part))
            for eid, rid in self.db.execute(
                f"SELECT episode_id, record_id FROM episode_records WHERE episode_id IN ({marks}) "
                "ORDER BY episode_id, position",
                part,
            ):
                out[int(eid)].append(int(rid))
        return out

    def centroids(self, item_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors of the episodes among ``item_ids`` ("e12"): the normalised mean of
        their records' vectors, for episodes of at least ``CENTROID_MIN`` records that all
        have one (``TierIndex`` embeds the others' text). A session's mean finds it as well
        as its summary's embedding does (LoCoMo recall unchanged) and costs no model time."""
        ids = [int(i[1:]) for i in item_ids if i[:1] == "e" and i[1:].isdigit()]
        members = {e: m for e, m in self._members(ids).items() if len(m) >= CENTROID_MIN}
        if not members:
            return {}
        got = self.record_vectors.get_vectors([f"r{r}" for m in members.values() for r in m])
        full = {e: m for e, m in members.items() if all(f"r{r}" in got for r in m)}
        if not full:
            return {}
        means = np.vstack([np.mean([got[f"r{r}"] for r in m], axis=0) for m in full.values()])
        return {f"e{e}": v for e, v in zip(full, normalise_rows(means), strict=True) if v.any()}

    def _select(self, sql: str, params: Sequence[Any] = ()) -> list[Episode]:
        rows = self.db.execute(f"SELECT {COLUMNS} FROM episodes {sql}", list(params)).fetchall()
        members = self._members([int(r[0]) for r in rows])
        return [episode_from_row(r, members.get(int(r[0]), [])) for r in rows]

    def get(self, episode_id: int) -> Episode:
        got = self._select("WHERE id = ?", (episode_id,))
        if not got:
            raise NotFoundError(f"no episode e{episode_id}")
        return got[0]

    def many(self, ids: Iterable[int]) -> dict[int, Episode]:
        unique = list(dict.fromkeys(ids))
        out: dict[int, Episode] = {}
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            marks = ",".join("?" * len(part))
            for ep in self._select(f"WHERE id IN ({marks})", part):
                out[ep.id] = ep
        return out

    def listing(self, *, since: str | None = None, limit: int | None = None) -> list[Episode]:
        """Episodes in time order (from ``since`` on, when given)."""
        sql = "WHERE 1=1"
        params: list[Any] = []
        if since:
            sql += " AND COALESCE(end_time, start_time) >= ?"
            params.append(since)
        sql += " ORDER BY start_time, id"
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return self._select(sql, params)

    def of_records(self, record_ids: Sequence[int]) -> list[int]:
        """Ids of the episodes containing any of ``record_ids``."""
        out: set[int] = set()
        for start in range(0, len(record_ids), 500):
            part = list(record_ids[start : start + 500])
            marks = ",".join("?" * len(part))
            out.update(
                int(r[0])
                for r in self.db.execute(
                    f"SELECT DISTINCT episode_id FROM episode_records WHERE record_id IN ({marks})",
                    part,
                )
            )
        return sorted(out)

    # -- building -----------------------------------------------------------------------
    def build(
        self,
        records: Sequence[StoredRecord],
        *,
        cancel: Callable[[], bool] | None = None,
        on_group: Callable[[Sequence[int]], None] | None = None,
    ) -> list[int]:
        """Build or extend the episodes of the groups ``records`` belong to.

        ``on_group`` is called with each finished group's record ids (consolidation marks
        them done). Returns the ids of the episodes written.
        """
        groups: dict[tuple[Any, ...], list[StoredRecord]] = {}
        for rec in records:
            kind = kind_of(rec)
            if kind is not None and rec.status == "active":
                groups.setdefault(group_key(rec, kind), []).append(rec)
        written: list[int] = []
        for key, recs in groups.items():
            if cancel is not None and cancel():
                break
            # A group's episodes and its "done" mark commit together: one commit per group
            # instead of one per episode (a big chat writes thousands of episodes).
            with self.db.transaction():
                written += self._build_group(key, recs)
                if on_group is not None:
                    on_group([r.id for r in recs])
        return written

    def _build_group(self, key: tuple[Any, ...], new: list[StoredRecord]) -> list[int]:
        kind = str(key[0])
        if kind == "event":
            return [self._write(f"event:{new[0].id}", kind, new)]
        if kind == "note":
            recs = self._active(key[1], None, by_source=True)
            step = self.policy.doc_chunks
            parts = [recs[i : i + step] for i in range(0, len(recs), step)] or [new]
            keys = [f"note:{key[1]}" if i == 0 else f"note:{key[1]}:{i}" for i in range(len(parts))]
            self._drop_keys_like(f"note:{key[1]}", keep=keys)
            return [self._write(k, kind, part) for k, part in zip(keys, parts, strict=True)]
        source_id, conversation = int(key[1]), str(key[2])
        recs = self._tail(source_id, conversation, new)
        out = []
        for seg in self.segmenter.segments(recs, kind):
            out.append(self._write(f"{kind}:{source_id}:{conversation}:{seg[0].id}", kind, seg))
        return out

    def _active(
        self, source_id: int, conversation: str | None, *, by_source: bool
    ) -> list[StoredRecord]:
        if by_source:
            recs = self.store.source_records(source_id)
        else:
            ids = [
                int(r[0])
                for r in self.db.execute(
                    "SELECT id FROM records WHERE source_id = ? AND COALESCE(conversation, '') = ? "
                    "AND status = 'active'",
                    (source_id, conversation or ""),
                )
            ]
            recs = self.store.records(ids)
        return sorted(recs, key=sort_key)

    def _tail(
        self, source_id: int, conversation: str, new: list[StoredRecord]
    ) -> list[StoredRecord]:
        """Records to (re)segment: the group's last episode onwards, plus the new records."""
        last = self.db.execute(
            "SELECT id, start_time FROM episodes WHERE source_id = ? AND COALESCE(conversation, "
            "'') = ? "
            "AND kind NOT IN ('note', 'event') ORDER BY start_time DESC, id DESC LIMIT 1",
            (source_id, conversation),
        ).fetchone()
        recs = {r.id: r for r in new}
        # Up to the newest of the new records only: later records not yet in an episode are
        # still waiting for their own batch, and taking them here would re-segment (and
        # rewrite) the rest of a long chat once per batch.
        end = max((r.event_time or r.created_at or "" for r in new), default="")
        if last is not None:
            members = self._members([int(last[0])])[int(last[0])]
            for rec in self.store.records(members):
                if rec.status == "active":
                    recs[rec.id] = rec
            start = last[1] or ""
            # Spelled out so that SQLite walks idx_records_conversation over the period only
            # (COALESCE in the filter made it read every record of the source, per batch).
            conv_sql, conv_args = (
                ("r.conversation = ?", [conversation])
                if conversation
                else ("(r.conversation IS NULL OR r.conversation = '')", [])
            )
            # The unary + keeps SQLite off idx_records_source for the undated branch: that
            # index read every record of the source (21 ms per batch in a 50k-message chat).
            rest = (
                "AND +r.source_id = ? AND +r.status = 'active' AND NOT EXISTS "
                "(SELECT 1 FROM episode_records e WHERE e.record_id = r.id)"
            )
            ids = [
                int(r[0])
                for r in self.db.execute(
                    f"SELECT r.id FROM records r WHERE {conv_sql} AND r.event_time >= ? "
                    f"AND r.event_time <= ? {rest} UNION "
                    f"SELECT r.id FROM records r WHERE {conv_sql} AND r.event_time IS NULL "
                    f"AND r.created_at >= ? AND r.created_at <= ? {rest}",
                    [*conv_args, start, end, source_id, *conv_args, start, end, source_id],
                )
            ]
            for rec in self.store.records(ids):
                recs[rec.id] = rec
        return sorted(recs.values(), key=sort_key)

    def _write(self, key: str, kind: str, recs: Sequence[StoredRecord]) -> int:
        recs = sorted(recs, key=sort_key)
        people = participants(kind, recs)
        title = episode_title(self.store, self.self_names, kind, recs, people)
        vectors = self.segmenter.vectors(recs) if len(recs) > 2 else {}
        if kind == "event":
            summary, method = " ".join(recs[0].text.split())[:400], "extractive"
        else:
            summary, method = self.summarizer.summarize(recs, vectors)
        times = [r.event_time or r.created_at for r in recs]
        start = min(times)
        end = max(times)
        if kind == "event":
            start = str(recs[0].metadata.get("start") or start)
            end = str(recs[0].metadata.get("end") or end)
        now = iso(self.clock())
        with self.db.transaction():
            row = self.db.execute(
                "SELECT id FROM episodes WHERE episode_key = ?", (key,)
            ).fetchone()
            values = (
                kind,
                title,
                summary,
                method,
                start,
                end,
                json.dumps(people, ensure_ascii=False),
                recs[0].conversation,
                recs[0].source_id,
            )
            if row is None:
                cur = self.db.execute(
                    "INSERT INTO episodes (kind, title, summary, summary_method, start_time, "
                    "end_time, participants, conversation, source_id, episode_key, created_at, id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, key, now, next_row_id(self.db, "episodes")),
                )
                episode_id = int(cur.lastrowid or 0)
            else:
                episode_id = int(row[0])
                self.db.execute(
                    "UPDATE episodes SET kind = ?, title = ?, summary = ?, summary_method = ?, "
                    "start_time = ?, end_time = ?, participants = ?, conversation = ?, "
                    "source_id = ?, updated_at = ? WHERE id = ?",
                    (*values, now, episode_id),
                )
            ids = [r.id for r in recs]
            # A record belongs to one episode: take it out of any other before adding it.
            losers: set[int] = set()
            for at in range(0, len(ids), 500):
                part = ids[at : at + 500]
                marks = ",".join("?" * len(part))
                losers.update(
                    int(r[0])
                    for r in self.db.execute(
                        "SELECT DISTINCT episode_id FROM episode_records WHERE record_id IN "
                        f"({marks})",
                        part,
                    )
                )
                self.db.execute(f"DELETE FROM episode_records WHERE record_id IN ({marks})", part)
            self.db.execute("DELETE FROM episode_records WHERE episode_id = ?", (episode_id,))
            self.db.executemany(
                "INSERT INTO episode_records (episode_id, record_id, position) VALUES (?, ?, ?)",
                [(episode_id, rid, pos) for pos, rid in enumerate(ids)],
            )
            losers.discard(episode_id)
            self.index.upsert(f"e{episode_id}", "episode", f"{title}. {summary}")
            self.decay.start(f"e{episode_id}", 0.3)
            self._drop_empty(sorted(losers))
        return episode_id

    def _drop_keys_like(self, prefix: str, keep: Sequence[str]) -> None:
        rows = self.db.execute(
            "SELECT id, episode_key FROM episodes WHERE episode_key = ? OR episode_key LIKE ?",
            (prefix, prefix + ":%"),
        ).fetchall()
        gone = [int(r[0]) for r in rows if str(r[1]) not in keep]
        self.delete(gone)

    def _drop_empty(self, candidates: Sequence[int]) -> None:
        """Delete those of ``candidates`` that have no record left."""
        gone = [
            i
            for i in candidates
            if not self.db.scalar("SELECT 1 FROM episode_records WHERE episode_id = ?", (i,))
        ]
        self.delete(gone)

    def delete(self, episode_ids: Sequence[int]) -> None:
        """Delete episodes for real (their records stay)."""
        if not episode_ids:
            return
        items = [f"e{i}" for i in episode_ids]
        with self.db.transaction():
            for start in range(0, len(episode_ids), 500):
                part = list(episode_ids[start : start + 500])
                marks = ",".join("?" * len(part))
                self.db.execute(f"DELETE FROM episode_records WHERE episode_id IN ({marks})", part)
                self.db.execute(f"DELETE FROM episodes WHERE id IN ({marks})", part)
            self.index.remove(items)
            self.decay.drop(items)

    def rebuild(self, episode_ids: Sequence[int]) -> tuple[list[int], list[int]]:
        """Re-derive episodes from the records they still have (after records were deleted).

        Returns ``(rebuilt, deleted)`` episode ids.
        """
        rebuilt, deleted = [], []
        for ep in self.many(episode_ids).values():
            recs = [r for r in self.store.records(list(ep.record_ids)) if r.status == "active"]
            if not recs:
                self.delete([ep.id])
                deleted.append(ep.id)
                continue
            self._write(ep.key, ep.kind, recs)
            rebuilt.append(ep.id)
        return rebuilt, deleted


__all__ = ["EMAIL_KINDS", "Episode", "EpisodePolicy", "Episodes"]
