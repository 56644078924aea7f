"""An episode as stored: the ``Episode`` record and how a database row becomes one.

Used by ``memory.tiers.episodes`` (which stores them) and everything that reads episodes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Episode:
    """One stored episode."""

    id: int
    key: str
    kind: str
    title: str
    summary: str
    summary_method: str
    start_time: str | None
    end_time: str | None
    participants: tuple[str, ...]
    conversation: str | None
    source_id: int | None
    created_at: str
    record_ids: tuple[int, ...] = ()

    @property
    def item_id(self) -> str:
        return f"e{self.id}"

    @property
    def index_text(self) -> str:
        return f"{self.title}. {self.summary}"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.item_id,
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "summary_method": self.summary_method,
            "start": self.start_time,
            "end": self.end_time,
            "participants": list(self.participants),
            "records": [f"r{i}" for i in self.record_ids],
        }


COLUMNS = (
    "id, episode_key, kind, title, summary, summary_method, start_time, end_time, participants, "
    "conversation, source_id, created_at"
)


def episode_from_row(row: Sequence[Any], record_ids: Sequence[int] = ()) -> Episode:
    """The ``Episode`` of a row selected with ``COLUMNS``."""
    try:
        people = tuple(json.loads(str(row[8]) or "[]"))
    except ValueError:
        people = ()
    return Episode(
        int(row[0]),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        str(row[4]),
        str(row[5]),
        row[6],
        row[7],
        people,
        row[9],
        row[10],
        str(row[11]),
        tuple(record_ids),
    )
