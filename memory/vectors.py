"""The vector index: a Chroma collection derived from SQLite.

SQLite is the truth; this index can be dropped and rebuilt from it at any time
(``MemoryStore.reindex``). Its collections live in the data folder (embedded Chroma) or on a
Chroma server the user runs (``memory.chroma_backend``). The collection is named after the
embedder identity and stores it in its metadata; opening it with another embedder raises
``EmbedderMismatchError``. When the index's files are gone (or its collection empty) while
SQLite says vectors were stored (``VectorIndex.expected``), the first use raises
``VectorIndexMissingError`` instead of silently answering from an empty index; ``reset`` (a
rebuild) is always allowed. A server that cannot be reached raises
``VectorIndexUnavailableError``; recall then searches by words alone inside
``without_vectors()``. ``chromadb`` is imported on first use (it is slow to import).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from memory.chroma_backend import CHROMA_DB, COLLECTION_PREFIX, ChromaServer, EmbeddedChroma
from memory.errors import (
    EmbedderMismatchError,
    VectorIndexError,
    VectorIndexMissingError,
    VectorIndexUnavailableError,
)
from memory.vector_cache import VectorCache
from models.base import EmbedderIdentity

log = logging.getLogger(__name__)

T = TypeVar("T")

__all__ = ["CHROMA_DB", "COLLECTION_PREFIX", "VectorIndex", "vectors_enabled", "without_vectors"]

_SMALL_COUNT_TTL = 1.0
"""Seconds a small index's item count is trusted (another process may be adding items)."""
_VECTORS_OFF: ContextVar[bool] = ContextVar("mneme_vectors_off", default=False)


@contextmanager
def without_vectors() -> Iterator[None]:
    """Within this block (in this thread), searches of every vector index find nothing and
    stored vectors come only from the local cache: recall falls back to words while the
    vector server is unreachable."""
    token = _VECTORS_OFF.set(True)
    try:
        yield
    finally:
        _VECTORS_OFF.reset(token)


def vectors_enabled() -> bool:
    """False inside ``without_vectors()``."""
    return not _VECTORS_OFF.get()


class VectorIndex:
    """Cosine-similarity search over item vectors, keyed by item id (``r12``, ``f3``...).

    Several processes may use one index (the TUI, ``mneme import`` in another terminal, a
    watcher). Embedded Chroma keeps what it loaded in memory and does not see another
    process's writes: it then fails to find their ids; a server's collection may have been
    rebuilt by another process. Every call therefore runs through ``_call``, which on a
    Chroma failure reopens the collection (reloading the folder from disk) once and tries
    again. A server that cannot be reached is not retried (``VectorIndexUnavailableError``).

    Args:
        path: folder for Chroma's files (with a server: for the flat vector cache only).
        identity: the embedder whose vectors this index holds.
        server: the Chroma server holding the collections, or None for the embedded index.
    """

    def __init__(
        self, path: Path, identity: EmbedderIdentity, *, server: ChromaServer | None = None
    ) -> None:
        self.path = Path(path)
        self.identity = identity
        self.server = server
        self.backend: EmbeddedChroma | ChromaServer = server or EmbeddedChroma(self.path)
        self._client: Any = None
        self._collection: Any = None
        self._system: Any = None
        self._lock = threading.Lock()
        self.version = 0
        """Bumped by every change made through this object (``memory.exact`` caches on it)."""
        self._count: int | None = None
        self._counted_at = 0.0
        self.expected: Callable[[], int] | None = None
        """How many vectors SQLite says this index holds (set by the composition root)."""
        self._verified = False
        """The collection was found holding what SQLite expects (checked once per object)."""
        self._rebuilding = False
        self.cache: VectorCache | None = (
            VectorCache(self.backend.cache_file(self.collection_name), identity.dimension)
            if self.cache_prefix
            else None
        )

    cache_prefix: str | None = "r"
    """Item ids ``<prefix><integer>`` also go to the flat vector cache (record vectors)."""

    @property
    def where(self) -> str:
        """The index folder, or ``vector server <url>`` (for messages)."""
        return self.backend.where

    def storage_missing(self) -> bool:
        """True when the embedded index's files are gone (never for a server)."""
        return self.backend.storage_missing()

    def _call(self, action: str, fn: Callable[[Any], T]) -> T:
        """``fn(collection)``; when Chroma fails, reopen the collection and try once more
        (every call here is a read or an idempotent write, so a retry is safe)."""
        self.backend.check()
        col = self._open()
        try:
            with self.backend.errors(action):
                return fn(col)
        except (EmbedderMismatchError, VectorIndexUnavailableError):
            raise
        except VectorIndexError as e:
            log.info("%s; reopening the vector index", e)
            self.refresh()
            col = self._open()
            with self.backend.errors(action):
                return fn(col)

    def refresh(self) -> None:
        """Drop this process's Chroma state for the index; the next call reloads it."""
        with self._lock:
            self.backend.release(self._system)
            self._collection = None
            self._client = None
            self._system = None
            self._count = None
            self.version += 1
            if self.backend.remote:  # the server's collection may be gone: count it again
                self._verified = False

    def _cache_ids(self, ids: Sequence[str]) -> list[tuple[int, int]]:
        """``(position in ids, integer id)`` of the ids the cache holds."""
        p = self.cache_prefix
        if not p:
            return []
        n = len(p)
        return [(k, int(i[n:])) for k, i in enumerate(ids) if i.startswith(p) and i[n:].isdigit()]

    @property
    def collection_name(self) -> str:
        """The collection's name before the backend scopes it (see ``chroma_backend``)."""
        return COLLECTION_PREFIX + self.identity.key

    def _open(self) -> Any:
        if self._collection is not None:
            return self._collection
        with self._lock:
            if self._collection is not None:
                return self._collection
            backend = self.backend
            if backend.storage_missing() and not self._rebuilding:
                self._verified = False  # the files went away since: check again
                self._verify(0)
            try:
                client = backend.connect()
                collection = client.get_or_create_collection(
                    name=backend.collection_name(self.collection_name),
                    embedding_function=None,
                    metadata={
                        "hnsw:space": "cosine",
                        "embedder": self.identity.model_id,
                        "dimension": self.identity.dimension,
                    },
                )
            except ImportError as e:  # pragma: no cover - install problem
                raise VectorIndexError(f"chromadb is not installed ({e})") from e
            except VectorIndexError:
                raise
            except Exception as e:
                if backend.remote:
                    with backend.errors("open the collection"):  # unreachable, or its error
                        raise
                raise VectorIndexError(
                    f"{self.where}: cannot open the vector index ({type(e).__name__}: {e})",
                    title="Vector index",
                ) from e
            meta = collection.metadata or {}
            if meta.get("embedder") not in (None, self.identity.model_id) or meta.get(
                "dimension"
            ) not in (None, self.identity.dimension):
                raise EmbedderMismatchError(
                    f"{self.where}: index holds vectors of {meta.get('embedder')} "
                    f"({meta.get('dimension')} dims), not {self.identity.model_id} "
                    f"({self.identity.dimension}); run `mneme reindex`"
                )
            if not self._verified and not self._rebuilding:
                with backend.errors("count vectors"):
                    self._verify(int(collection.count()))
            self._client = client
            self._collection = collection
            self._system = backend.system()
            return collection

    def _verify(self, present: int) -> None:
        """Refuse an index that lost its vectors (``present`` of them left, SQLite expecting
        some): a rebuild (``reset``) is the only way past."""
        if self._verified:
            return
        if present == 0 and self.expected is not None:
            lost = self.expected()
            if lost:
                gone = (
                    "the server has no collection of this store, or an empty one"
                    if self.backend.remote
                    else "its files were deleted or emptied"
                )
                raise VectorIndexMissingError(
                    f"{self.where}: the vector index is missing the vectors of {lost:,} "
                    f"memories ({gone}); run `mneme doctor --repair` to rebuild it from "
                    "the database",
                    title="Vector index missing",
                )
        self._verified = True

    def upsert(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        metadatas: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        """Add or replace vectors for ``ids``."""
        if not ids:
            return
        if vectors.shape[1] != self.identity.dimension:
            raise EmbedderMismatchError(
                f"vector size {vectors.shape[1]} does not match the index "
                f"({self.identity.dimension})"
            )
        self.version += 1
        # Chroma caps one call's batch size; stay well below it.
        step = 4000
        for start in range(0, len(ids), step):
            chunk = slice(start, start + step)
            self._upsert_part(
                list(ids[chunk]),
                vectors[chunk].astype(np.float32),
                [dict(m) for m in metadatas[chunk]] if metadatas else None,
            )
        self._count = None
        cached = self._cache_ids(ids)
        if self.cache is not None and cached:
            self.cache.put([rid for _, rid in cached], vectors[[k for k, _ in cached]])

    def _upsert_part(
        self, ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, Any]] | None
    ) -> None:
        self._call(
            "store vectors",
            lambda col: col.upsert(ids=ids, embeddings=vectors, metadatas=metadatas),
        )

    def _delete_part(self, ids: list[str]) -> None:
        self._call("delete vectors", lambda col: col.delete(ids=ids))

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        self.version += 1
        step = 4000
        for start in range(0, len(ids), step):
            self._delete_part(list(ids[start : start + step]))
        self._count = None
        if self.cache is not None:
            self.cache.delete([rid for _, rid in self._cache_ids(ids)])

    def count(self) -> int:
        return self._call("count vectors", lambda col: int(col.count()))

    def _query_size(self, k: int) -> int:
        """How many results to ask Chroma for: ``k``, or fewer when the index is smaller.

        Counting costs milliseconds on a big index, so the count is remembered until this
        object changes the index: for good when it is comfortably above ``k`` (other processes
        only add, or delete far fewer items than that margin), for a second otherwise.
        """
        now = time.monotonic()
        if self._count is not None and (
            self._count >= 4 * k or now - self._counted_at < _SMALL_COUNT_TTL
        ):
            return min(k, self._count)
        self._count = self.count()
        self._counted_at = now
        return min(k, self._count)

    def query(
        self, vector: np.ndarray, k: int, where: Mapping[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """Nearest ``k`` items as ``(id, cosine similarity)``, best first (none inside
        ``without_vectors()``)."""
        if k <= 0 or not vectors_enabled():
            return []
        n = self._query_size(k)
        if n == 0:
            return []
        res = self._call(
            "search",
            lambda col: col.query(
                query_embeddings=[np.asarray(vector, dtype=np.float32)],
                n_results=n,
                where=dict(where) if where else None,
                include=["distances"],
            ),
        )
        ids = res["ids"][0]
        dists = res["distances"][0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=True)]

    def get_vectors(self, ids: Sequence[str], *, exact: bool = False) -> dict[str, np.ndarray]:
        """Stored vectors for ``ids`` (missing ids are left out).

        Record vectors come from the flat cache (float16, cosines within about 1e-3) unless
        ``exact`` asks for Chroma's float32 copies. Inside ``without_vectors()`` only the
        cache is read.
        """
        if not ids:
            return {}
        out: dict[str, np.ndarray] = {}
        cached = self._cache_ids(ids)
        if self.cache is not None and cached and not exact:
            got = self.cache.get([rid for _, rid in cached])
            p = self.cache_prefix
            out = {f"{p}{rid}": v for rid, v in got.items()}
        missing = [i for i in ids if i not in out]
        if not missing or not vectors_enabled():
            return out
        res = self._call("read vectors", lambda col: col.get(ids=missing, include=["embeddings"]))
        fetched = {
            i: np.asarray(v, dtype=np.float32)
            for i, v in zip(res["ids"], res["embeddings"], strict=True)
        }
        back = self._cache_ids(list(fetched))
        if self.cache is not None and back:
            # Written before this cache existed, or by a process that failed to write it.
            vecs = list(fetched.values())
            self.cache.put([rid for _, rid in back], np.stack([vecs[k] for k, _ in back]))
        out.update(fetched)
        return out

    def record_cosines(self, record_ids: Sequence[int], vector: np.ndarray) -> dict[int, float]:
        """Cosine of ``vector`` with each record's stored vector (0.0 for a record without one).

        Recall's hot path for candidates it did not get from ``query``: the flat cache answers
        with one matrix product; records it lacks are read from Chroma (which writes them back
        to the cache), without asking the cache a second time."""
        if not record_ids:
            return {}
        out: dict[int, float] = {}
        if self.cache is not None and self.cache_prefix == "r":
            found, matrix = self.cache.rows(record_ids)
            if found:
                cosines = (matrix @ np.asarray(vector, dtype=np.float32)).tolist()
                out = dict(zip(found, cosines, strict=True))
        missing = [int(i) for i in record_ids if i not in out]
        if missing:
            vecs = self.get_vectors([f"r{i}" for i in missing], exact=True)
            for i in missing:
                v = vecs.get(f"r{i}")
                out[i] = float(np.dot(v, vector)) if v is not None else 0.0
        return out

    def all_ids(self) -> list[str]:
        return self._call("list vectors", lambda col: list(col.get(include=[])["ids"]))

    def close(self) -> None:
        """Release the vector cache's file and this index's hold on the Chroma system it shares
        with the folder's other indexes: the system stops, closing its files, once no index
        of the folder holds it (a process that opens many stores does not run out of file
        descriptors). Using the index again reopens it."""
        with self._lock:
            client, system = self._client, self._system
            self._collection = None
            self._client = None
            self._system = None
            self._count = None
        if client is not None:
            self.backend.close_client(client, system)
        if self.cache is not None:
            self.cache.close()

    def reset(self) -> None:
        """Drop every vector of this embedder (the collection is recreated empty)."""
        self._rebuilding = True
        try:
            col = self._open()
            from chromadb.errors import NotFoundError as CollectionGone

            with self._lock, self.backend.errors("reset"):
                try:
                    self._client.delete_collection(col.name)
                except CollectionGone:
                    log.info("%s: the collection %s was already gone", self.where, col.name)
                self._collection = None
                self.version += 1
                self._count = None
                if self.cache is not None:
                    self.cache.clear()
            self._open()
        finally:
            self._rebuilding = False
            self._verified = True
