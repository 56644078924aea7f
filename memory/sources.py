"""What the store keeps about a source, and the plan for storing a new version of one.

The types here are what ``memory.store.MemoryStore`` takes and returns for sources (files,
zip members, chat sessions). ``plan_ingest`` is the pure logic of a re-import: given the
records parsed now and the ones stored before, it decides which are kept, which are new,
which are duplicates of another source's, and which vanished (to be marked ``superseded``).
``MemoryStore.ingest_source`` runs the SQL that carries the plan out, in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from memory.records import RecordIn, row_metadata

IngestStatus = Literal["added", "unchanged", "updated"]


@dataclass(frozen=True)
class SourceIn:
    """A source about to be stored: a file, a zip member, or a chat session."""

    uri: str
    kind: str
    content_hash: str
    title: str | None = None
    size: int | None = None
    mtime: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceRow:
    """A stored source."""

    id: int
    uri: str
    kind: str
    title: str | None
    content_hash: str | None
    imported_at: str
    updated_at: str | None
    status: str
    metadata: dict[str, Any]

    @classmethod
    def from_row(cls, row: Any) -> SourceRow:
        """Build from a ``sqlite3.Row`` of ``SELECT * FROM sources``."""
        return cls(
            id=int(row["id"]),
            uri=str(row["uri"]),
            kind=str(row["kind"]),
            title=row["title"],
            content_hash=row["content_hash"],
            imported_at=str(row["imported_at"]),
            updated_at=row["updated_at"],
            status=str(row["status"]),
            metadata=row_metadata(row),
        )


@dataclass(frozen=True)
class SourceStamp:
    """What the folder watcher compares with the disk: a stored source's identity and stamp."""

    uri: str
    status: str
    content_hash: str | None
    size: int | None
    mtime: float | None


@dataclass(frozen=True)
class IngestResult:
    """What storing one source did."""

    status: IngestStatus
    source_id: int
    added: int = 0
    kept: int = 0
    superseded: int = 0
    duplicates: int = 0
    new_record_ids: tuple[int, ...] = ()
    superseded_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class IngestPlan:
    """How a source's records are stored.

    Attributes:
        kept: ``(seq, record id)`` of records stored before and still there.
        new: ``(seq, record, content hash)`` of records to insert.
        duplicates: records left out because another source (or an earlier record of this
            one) already holds the same content.
        gone: ids of records stored before that are no longer there.
    """

    kept: tuple[tuple[int, int], ...]
    new: tuple[tuple[int, RecordIn, str], ...]
    duplicates: int
    gone: tuple[int, ...]


def plan_ingest(
    records: Sequence[RecordIn],
    hashes: Sequence[str],
    old: Mapping[str, int],
    elsewhere: set[str],
) -> IngestPlan:
    """Decide what storing ``records`` does.

    Args:
        records: the records parsed now, in order.
        hashes: their content hashes (``memory.records.content_hashes``).
        old: content hash -> id of this source's records stored before (active or removed).
        elsewhere: hashes of the new records that another source already holds (active).
    """
    kept: list[tuple[int, int]] = []
    new: list[tuple[int, RecordIn, str]] = []
    duplicates = 0
    seen: set[str] = set()
    for seq, (rec, digest) in enumerate(zip(records, hashes, strict=True)):
        if digest in old:
            kept.append((seq, old[digest]))
            seen.add(digest)
        elif digest in elsewhere or digest in seen:
            duplicates += 1
        else:
            seen.add(digest)
            new.append((seq, rec, digest))
    gone = tuple(i for h, i in old.items() if h not in seen)
    return IngestPlan(tuple(kept), tuple(new), duplicates, gone)
