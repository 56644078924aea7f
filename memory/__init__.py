"""Mneme's memory: the SQLite source of truth, the Chroma index, recall and answering.

Called by ``importers`` (to store records) and ``app`` (every front end). Nothing here reads
environment variables or imports a UI library; heavy model libraries load only when a model
is first used.
"""

from __future__ import annotations

from memory.answer import Answer, Answerer
from memory.db import Database
from memory.errors import EmbedderMismatchError, MnemeError, NotFoundError, StoreError
from memory.recall import Hit, Recall, RecallSettings
from memory.records import RecordIn, StoredRecord
from memory.store import MemoryStore, SourceIn

__all__ = [
    "Answer",
    "Answerer",
    "Database",
    "EmbedderMismatchError",
    "Hit",
    "MemoryStore",
    "MnemeError",
    "NotFoundError",
    "Recall",
    "RecallSettings",
    "RecordIn",
    "SourceIn",
    "StoreError",
    "StoredRecord",
]
