"""Errors raised by the memory layer (store, index, recall, answering)."""

from __future__ import annotations

from models.errors import MnemeError


class StoreError(MnemeError):
    """The SQLite store cannot be opened, migrated or written."""


class IndexError_(MnemeError):
    """The vector index (Chroma) cannot be opened or does not match the embedder."""


class EmbedderMismatchError(IndexError_):
    """The store's vectors were made by another embedder; mixing vector spaces is refused."""


class NotFoundError(MnemeError):
    """An item id named by the user does not exist."""


__all__ = ["EmbedderMismatchError", "IndexError_", "MnemeError", "NotFoundError", "StoreError"]
