"""The units of memory: what importers hand in (``RecordIn``) and what the store keeps.

A record is a verbatim piece of the user's life: one chat message, one chunk of a note, one
chunk of a file. Importers build ``RecordIn`` values (pure data); ``memory.store`` stores
them with a content hash so the same record is never stored twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from memory.clock import iso

RECORD_KINDS = ("message", "note_chunk", "file_chunk", "chat_turn", "event", "contact")


def row_metadata(row: Any) -> dict[str, Any]:
    """A stored row's ``metadata`` JSON (empty when missing or unreadable)."""
    try:
        meta = json.loads(row["metadata"] or "{}")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


@dataclass(frozen=True)
class RecordIn:
    """One record as parsed from a source, before it is stored.

    Attributes:
        text: the verbatim text (never rewritten by a model).
        kind: one of ``RECORD_KINDS``.
        speaker: who said or wrote it (chat speaker, email sender, note author).
        conversation: the chat, thread or note it belongs to.
        title: a heading path or subject line, if any.
        event_time: when it happened or was written (aware datetime preferred).
        external_id: the id the source format gives it (message id, dia_id, ...).
        metadata: attachments, tags, links, anything format-specific (JSON-serialisable).
    """

    text: str
    kind: str = "note_chunk"
    speaker: str | None = None
    conversation: str | None = None
    title: str | None = None
    event_time: datetime | None = None
    external_id: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def identity(self) -> str:
        """The fields that make two records the same memory (used for the content hash)."""
        return json.dumps(
            [
                self.kind,
                self.speaker or "",
                self.conversation or "",
                self.title or "",
                iso(self.event_time) or "",
                self.text,
            ],
            ensure_ascii=False,
        )


def content_hashes(records: list[RecordIn]) -> list[str]:
    """Stable content hashes; identical repeats in one source get an occurrence suffix.

    Two identical "ok" messages in the same minute are both kept (they are two messages),
    and the hash of each stays the same when messages are added elsewhere in the source.
    """
    seen: dict[str, int] = {}
    out: list[str] = []
    for rec in records:
        base = rec.identity()
        n = seen.get(base, 0)
        seen[base] = n + 1
        digest = hashlib.sha256(f"{base}\x00{n}".encode()).hexdigest()
        out.append(digest[:32])
    return out


@dataclass(frozen=True)
class StoredRecord:
    """A record as kept in SQLite, with its provenance."""

    id: int
    source_id: int
    source_uri: str
    source_kind: str
    kind: str
    seq: int
    text: str
    speaker: str | None
    conversation: str | None
    title: str | None
    event_time: str | None
    created_at: str
    status: str
    external_id: str | None
    metadata: dict[str, Any]

    @property
    def item_id(self) -> str:
        """The id users see and type: ``r`` + the row id."""
        return f"r{self.id}"

    @classmethod
    def from_row(cls, row: Any) -> StoredRecord:
        """Build from a ``sqlite3.Row`` (or mapping) selected with ``RECORD_COLUMNS``."""
        return cls(
            id=int(row["id"]),
            source_id=int(row["source_id"]),
            source_uri=str(row["source_uri"]),
            source_kind=str(row["source_kind"]),
            kind=str(row["kind"]),
            seq=int(row["seq"]),
            text=str(row["text"]),
            speaker=row["speaker"],
            conversation=row["conversation"],
            title=row["title"],
            event_time=row["event_time"],
            created_at=str(row["created_at"]),
            status=str(row["status"]),
            external_id=row["external_id"],
            metadata=row_metadata(row),
        )


RECORD_COLUMNS = (
    "r.id, r.source_id, s.uri AS source_uri, s.kind AS source_kind, r.kind, r.seq, r.text, "
    "r.speaker, r.conversation, r.title, r.event_time, r.created_at, r.status, "
    "r.external_id, r.metadata"
)
