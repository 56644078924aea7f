"""Errors raised by the memory layer (store, index, recall, answering)."""

from __future__ import annotations

from models.errors import MnemeError


class StoreError(MnemeError):
    """The SQLite store cannot be opened, migrated or written."""


class CorruptStoreError(StoreError):
    """The database file is damaged (SQLite's checks fail): it is neither read nor written."""


class NewerSchemaError(StoreError):
    """The database was written by a newer Mneme: it is left unchanged."""


class BackupError(MnemeError):
    """A backup cannot be written, read or restored."""


class VectorIndexError(MnemeError):
    """The vector index (Chroma) cannot be opened or does not match the embedder."""


class EmbedderMismatchError(VectorIndexError):
    """The store's vectors were made by another embedder; mixing vector spaces is refused."""


class VectorIndexMissingError(VectorIndexError):
    """The vector index's files are gone while SQLite says vectors were stored."""


class VectorIndexUnavailableError(VectorIndexError):
    """The Chroma server holding the vector index cannot be reached (down, refusing, or not
    answering in time). Records stay in SQLite, pending for indexing; recall falls back to
    keyword search."""


class NotFoundError(MnemeError):
    """An item id named by the user does not exist."""


__all__ = [
    "BackupError",
    "CorruptStoreError",
    "EmbedderMismatchError",
    "MnemeError",
    "NewerSchemaError",
    "NotFoundError",
    "StoreError",
    "VectorIndexError",
    "VectorIndexMissingError",
    "VectorIndexUnavailableError",
]
