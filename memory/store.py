"""The SQLite source of truth: sources and their verbatim records.

``MemoryStore`` is built once by ``app.bootstrap`` and shared by the importers' pipeline,
recall, answering and the front ends. Every write of a source's records is one transaction:
a file is stored whole or not at all. Content hashes make re-imports add nothing and let a
changed file replace only what changed (old records are marked ``superseded``, never deleted).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from memory.bookkeeping import Bookkeeping
from memory.clock import Clock, iso, system_clock
from memory.db import Database
from memory.errors import NotFoundError
from memory.migrations import migrate
from memory.records import RECORD_COLUMNS, RecordIn, StoredRecord, content_hashes
from memory.sources import (
    IngestResult,
    IngestStatus,
    SourceIn,
    SourceRow,
    SourceStamp,
    plan_ingest,
)

log = logging.getLogger(__name__)

# records.embedded: whether a record's vector is in the index.
EMBED_PENDING = 0
EMBED_DONE = 1
EMBED_NEVER = 2  # kept in SQLite but never recalled by meaning (Mneme's own chat replies)
_CHUNK = 500


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class MemoryStore(Bookkeeping):
    """Sources and records in SQLite (and, from ``Bookkeeping``, meta and import runs).

    Args:
        db: an open ``Database`` (migrated by the constructor).
        clock: where "now" comes from (tests inject one).
    """

    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock
        migrate(db)

    # -- sources ----------------------------------------------------------------------
    def source_by_uri(self, uri: str) -> SourceRow | None:
        rows = self.db.query("SELECT * FROM sources WHERE uri = ?", (uri,))
        return SourceRow.from_row(rows[0]) if rows else None

    def source(self, source_id: int) -> SourceRow:
        rows = self.db.query("SELECT * FROM sources WHERE id = ?", (source_id,))
        if not rows:
            raise NotFoundError(f"no source with id {source_id}")
        return SourceRow.from_row(rows[0])

    def sources(self, *, status: str | None = None, kind: str | None = None) -> list[SourceRow]:
        sql = "SELECT * FROM sources WHERE 1=1"
        params: list[Any] = []
        if status:
            sql += " AND status = ?"
            params.append(status)
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        return [SourceRow.from_row(r) for r in self.db.query(sql + " ORDER BY id", params)]

    def is_unchanged(self, uri: str, content_hash: str) -> bool:
        """True when ``uri`` is stored, active, and has this exact content."""
        row = self.db.execute(
            "SELECT content_hash, status FROM sources WHERE uri = ?", (uri,)
        ).fetchone()
        return bool(row and row[0] == content_hash and row[1] == "active")

    def ingest_source(self, source: SourceIn, records: Sequence[RecordIn]) -> IngestResult:
        """Store ``source`` with its parsed ``records`` in one transaction.

        New sources are added. A known source with the same content hash is left alone.
        A known source whose content changed keeps the records that are still there,
        adds new ones and marks vanished ones ``superseded``. A record already stored from
        another source (same content hash) is not stored twice.
        """
        now = iso(self.clock())
        hashes = content_hashes(list(records))
        with self.db.transaction():
            existing = self.source_by_uri(source.uri)
            if (
                existing is not None
                and existing.content_hash == source.content_hash
                and existing.status == "active"
            ):
                return IngestResult(status="unchanged", source_id=existing.id)
            if existing is None:
                cur = self.db.execute(
                    "INSERT INTO sources (uri, kind, title, content_hash, size, mtime, "
                    "imported_at, status, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?)",
                    (
                        source.uri,
                        source.kind,
                        source.title,
                        source.content_hash,
                        source.size,
                        source.mtime,
                        now,
                        json.dumps(source.metadata, ensure_ascii=False, default=str),
                    ),
                )
                source_id = int(cur.lastrowid or 0)
                old: dict[str, int] = {}
                status: IngestStatus = "added"
            else:
                source_id = existing.id
                self.db.execute(
                    "UPDATE sources SET kind = ?, title = ?, content_hash = ?, size = ?, "
                    "mtime = ?, updated_at = ?, status = 'active', error = NULL, metadata = ? "
                    "WHERE id = ?",
                    (
                        source.kind,
                        source.title,
                        source.content_hash,
                        source.size,
                        source.mtime,
                        now,
                        json.dumps(source.metadata, ensure_ascii=False, default=str),
                        source_id,
                    ),
                )
                old = {
                    str(h): int(i)
                    for i, h in self.db.execute(
                        "SELECT id, content_hash FROM records WHERE source_id = ? "
                        "AND status IN ('active', 'removed')",
                        (source_id,),
                    )
                }
                status = "updated"
            elsewhere = self._active_hashes(
                [h for h in hashes if h not in old], exclude_source=source_id
            )
            plan = plan_ingest(records, hashes, old, elsewhere)
            for seq, record_id in plan.kept:
                self.db.execute(
                    "UPDATE records SET seq = ?, status = 'active', superseded_at = NULL "
                    "WHERE id = ?",
                    (seq, record_id),
                )
            new_ids = [
                self._insert_record(source_id, seq, rec, digest, now)
                for seq, rec, digest in plan.new
            ]
            for part in _chunks(plan.gone):
                marks = ",".join("?" * len(part))
                self.db.execute(
                    f"UPDATE records SET status = 'superseded', superseded_at = ? "
                    f"WHERE id IN ({marks})",
                    (now, *part),
                )
        return IngestResult(
            status=status,
            source_id=source_id,
            added=len(new_ids),
            kept=len(plan.kept),
            superseded=len(plan.gone),
            duplicates=plan.duplicates,
            new_record_ids=tuple(new_ids),
            superseded_ids=plan.gone,
        )

    def _active_hashes(self, hashes: Sequence[str], exclude_source: int) -> set[str]:
        found: set[str] = set()
        for part in _chunks(list(hashes)):
            marks = ",".join("?" * len(part))
            found.update(
                str(r[0])
                for r in self.db.execute(
                    f"SELECT content_hash FROM records WHERE content_hash IN ({marks}) "
                    f"AND status = 'active' AND source_id != ?",
                    (*part, exclude_source),
                )
            )
        return found

    def _insert_record(
        self, source_id: int, seq: int, rec: RecordIn, digest: str, now: str | None
    ) -> int:
        cur = self.db.execute(
            "INSERT INTO records (source_id, kind, seq, text, speaker, conversation, title, "
            "event_time, created_at, content_hash, status, external_id, metadata) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)",
            (
                source_id,
                rec.kind,
                seq,
                rec.text,
                rec.speaker,
                rec.conversation,
                rec.title,
                iso(rec.event_time),
                now,
                digest,
                rec.external_id,
                json.dumps(dict(rec.metadata), ensure_ascii=False, default=str),
            ),
        )
        return int(cur.lastrowid or 0)

    def append_records(self, source: SourceIn, records: Sequence[RecordIn]) -> IngestResult:
        """Append ``records`` to a growing source (a chat session), creating it if needed.

        Unlike ``ingest_source`` nothing already stored is superseded.
        """
        now = iso(self.clock())
        with self.db.transaction():
            existing = self.source_by_uri(source.uri)
            if existing is None:
                cur = self.db.execute(
                    "INSERT INTO sources (uri, kind, title, content_hash, imported_at, status, "
                    "metadata) VALUES (?, ?, ?, NULL, ?, 'active', ?)",
                    (
                        source.uri,
                        source.kind,
                        source.title,
                        now,
                        json.dumps(source.metadata, ensure_ascii=False, default=str),
                    ),
                )
                source_id = int(cur.lastrowid or 0)
                status: IngestStatus = "added"
            else:
                source_id = existing.id
                self.db.execute(
                    "UPDATE sources SET updated_at = ?, status = 'active' WHERE id = ?",
                    (now, source_id),
                )
                status = "updated"
            next_seq = int(
                self.db.scalar(
                    "SELECT COALESCE(MAX(seq) + 1, 0) FROM records WHERE source_id = ?",
                    (source_id,),
                )
                or 0
            )
            ids = []
            for offset, rec in enumerate(records):
                seq = next_seq + offset
                digest = content_hashes([rec])[0] + f"-{source_id}-{seq}"
                ids.append(self._insert_record(source_id, seq, rec, digest, now))
        return IngestResult(
            status=status, source_id=source_id, added=len(ids), new_record_ids=tuple(ids)
        )

    def active_record_count(self, source_id: int) -> int:
        """How many of a source's records are active."""
        return int(
            self.db.scalar(
                "SELECT COUNT(*) FROM records WHERE source_id = ? AND status = 'active'",
                (source_id,),
            )
            or 0
        )

    def mark_source_failed(self, uri: str, kind: str, error: str) -> None:
        """Remember that ``uri`` could not be imported (its stored records stay as they were)."""
        now = iso(self.clock())
        with self.db.transaction():
            if self.source_by_uri(uri) is None:
                self.db.execute(
                    "INSERT INTO sources (uri, kind, imported_at, status, error) "
                    "VALUES (?, ?, ?, 'failed', ?)",
                    (uri, kind, now, error),
                )
            else:
                self.db.execute(
                    "UPDATE sources SET error = ?, updated_at = ? WHERE uri = ?",
                    (error, now, uri),
                )

    def source_stamps(self, uri_prefix: str) -> list[SourceStamp]:
        """Stored sources whose uri starts with ``uri_prefix`` (``file:/dir/``, ``zip:/a.zip!``)."""
        rows = self.db.query(
            "SELECT uri, status, content_hash, size, mtime FROM sources "
            "WHERE substr(uri, 1, ?) = ? ORDER BY uri",
            (len(uri_prefix), uri_prefix),
        )
        return [
            SourceStamp(
                uri=str(r["uri"]),
                status=str(r["status"]),
                content_hash=r["content_hash"],
                size=r["size"],
                mtime=r["mtime"],
            )
            for r in rows
        ]

    def mark_source_removed(self, uri: str) -> int:
        """The file behind ``uri`` is gone: mark the source and its active records ``removed``.

        Nothing is deleted: the records stay (faded, left out of recall) until the user
        forgets them, and importing the same file again reactivates them. Returns how many
        records were marked (0 for an unknown source).
        """
        now = iso(self.clock())
        with self.db.transaction():
            row = self.db.execute("SELECT id FROM sources WHERE uri = ?", (uri,)).fetchone()
            if row is None:
                return 0
            self.db.execute(
                "UPDATE sources SET status = 'removed', updated_at = ? WHERE id = ?",
                (now, row[0]),
            )
            cur = self.db.execute(
                "UPDATE records SET status = 'removed' WHERE source_id = ? AND status = 'active'",
                (row[0],),
            )
            return int(cur.rowcount or 0)

    # -- records ----------------------------------------------------------------------
    def records(self, ids: Sequence[int]) -> list[StoredRecord]:
        """Records by row id, in the order asked (unknown ids are left out)."""
        found: dict[int, StoredRecord] = {}
        for part in _chunks(list(ids)):
            marks = ",".join("?" * len(part))
            for row in self.db.query(
                f"SELECT {RECORD_COLUMNS} FROM records r JOIN sources s ON s.id = r.source_id "
                f"WHERE r.id IN ({marks})",
                list(part),
            ):
                rec = StoredRecord.from_row(row)
                found[rec.id] = rec
        return [found[i] for i in ids if i in found]

    def record(self, record_id: int) -> StoredRecord:
        got = self.records([record_id])
        if not got:
            raise NotFoundError(f"no record r{record_id}")
        return got[0]

    def source_records(self, source_id: int, *, status: str = "active") -> list[StoredRecord]:
        rows = self.db.query(
            f"SELECT {RECORD_COLUMNS} FROM records r JOIN sources s ON s.id = r.source_id "
            "WHERE r.source_id = ? AND r.status = ? ORDER BY r.seq",
            (source_id, status),
        )
        return [StoredRecord.from_row(r) for r in rows]

    def conversation_records(
        self, conversation: str, *, limit: int = 200
    ) -> list[StoredRecord]:
        rows = self.db.query(
            f"SELECT {RECORD_COLUMNS} FROM records r JOIN sources s ON s.id = r.source_id "
            "WHERE r.conversation = ? AND r.status = 'active' "
            "ORDER BY r.event_time, r.seq LIMIT ?",
            (conversation, limit),
        )
        return [StoredRecord.from_row(r) for r in rows]

    def pending_embedding(self, limit: int, *, after_id: int = 0) -> list[StoredRecord]:
        """Active records not yet in the vector index, oldest first (ids above ``after_id``)."""
        rows = self.db.query(
            f"SELECT {RECORD_COLUMNS} FROM records r JOIN sources s ON s.id = r.source_id "
            "WHERE r.embedded = 0 AND r.status = 'active' AND r.id > ? ORDER BY r.id LIMIT ?",
            (after_id, limit),
        )
        return [StoredRecord.from_row(r) for r in rows]

    def mark_embedded(self, ids: Sequence[int], value: int = EMBED_DONE) -> None:
        with self.db.transaction():
            for part in _chunks(list(ids)):
                marks = ",".join("?" * len(part))
                self.db.execute(
                    f"UPDATE records SET embedded = ? WHERE id IN ({marks})", (value, *part)
                )

    def counts(self) -> dict[str, int]:
        """Counts for ``mneme doctor`` and the status bar."""

        def one(sql: str) -> int:
            return int(self.db.scalar(sql) or 0)

        return {
            "sources": one("SELECT COUNT(*) FROM sources WHERE status = 'active'"),
            "sources_failed": one("SELECT COUNT(*) FROM sources WHERE status = 'failed'"),
            "sources_removed": one("SELECT COUNT(*) FROM sources WHERE status = 'removed'"),
            "records": one("SELECT COUNT(*) FROM records WHERE status = 'active'"),
            "records_superseded": one(
                "SELECT COUNT(*) FROM records WHERE status = 'superseded'"
            ),
            "records_pending_index": one(
                "SELECT COUNT(*) FROM records WHERE embedded = 0 AND status = 'active'"
            ),
        }
