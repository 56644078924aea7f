"""Mneme's memory: the SQLite source of truth, the Chroma index, recall and answering.

Called by ``importers`` (to store records) and ``app`` (every front end). Nothing here reads
environment variables or imports a UI library; heavy model libraries load only when a model
is first used.
"""

from __future__ import annotations

import importlib
from typing import Any

# Re-exports are resolved on first use so that importing a submodule (say the errors
# module) does not import the whole package.
_EXPORTS = {
    "Answer": "memory.answer",
    "Answerer": "memory.answer",
    "Database": "memory.db",
    "EmbedderMismatchError": "memory.errors",
    "Hit": "memory.recall",
    "MemoryStore": "memory.store",
    "MnemeError": "memory.errors",
    "NotFoundError": "memory.errors",
    "Recall": "memory.recall",
    "RecallSettings": "memory.recall",
    "RecordIn": "memory.records",
    "SourceIn": "memory.store",
    "StoreError": "memory.errors",
    "StoredRecord": "memory.records",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
