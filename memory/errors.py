"""Errors raised by the memory layer (store, index, recall, answering)."""

from __future__ import annotations

from models.errors import MnemeError


class StoreError(MnemeError):
    """The SQLite store cannot be opened, migrated or written."""


class VectorIndexError(MnemeError):
    """The vector index (Chroma) cannot be opened or does not match the embedder."""


class EmbedderMismatchError(VectorIndexError):
    """The store's vectors were made by another embedder; mixing vector spaces is refused."""


class NotFoundError(MnemeError):
    """An item id named by the user does not exist."""


__all__ = ["EmbedderMismatchError", "MnemeError", "NotFoundError", "StoreError", "VectorIndexError"]
