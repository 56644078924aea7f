"""Exact cosine search over a small vector index, held in memory as one numpy matrix.

Used by ``memory.recall.Recall``: while the index holds at most ``max_items`` record vectors,
every query scores all of them exactly (one matrix product, well under a millisecond for a
few thousand) instead of asking Chroma's approximate HNSW graph, and the cosine of any
candidate (BM25 hits, neighbours) is known without another round trip. Small memories do
not need approximate search; large ones go back to Chroma.

The matrix is derived from the Chroma index and refreshed when it changes: through this
process (``VectorIndex.version``) or another one (SQLite's ``PRAGMA data_version`` moves,
then Chroma's count is compared). Only new ids are fetched on a refresh.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

import numpy as np

from memory.db import Database
from memory.vectors import VectorIndex

log = logging.getLogger(__name__)

_FETCH = 4000
CosineLookup = Callable[[Sequence[int]], dict[int, float]]


class ExactVectors:
    """An in-memory copy of the record vectors of a small index.

    Args:
        index: the Chroma index (the truth for vectors).
        db: the store's database (its ``data_version`` reveals other writers).
        max_items: above this many vectors, ``ready()`` is False and Chroma is used.
        prefix: item-id prefix of the vectors kept (``r`` for records).
    """

    def __init__(
        self, index: VectorIndex, db: Database, *, max_items: int = 20_000, prefix: str = "r"
    ) -> None:
        self.index = index
        self.db = db
        self.max_items = max_items
        self.prefix = prefix
        self._ids: list[int] = []
        self._row: dict[int, int] = {}
        self._matrix = np.zeros((0, index.identity.dimension), dtype=np.float32)
        self._stamp: tuple[int, int] | None = None
        self._data_version: object = None
        self._too_big = False
        self._lock = threading.Lock()

    def _current_stamp(self) -> tuple[int, int] | None:
        """(in-process version, Chroma count), or None when nothing can have changed."""
        data_version = self.db.scalar("PRAGMA data_version")
        if (
            self._stamp is not None
            and data_version == self._data_version
            and self.index.version == self._stamp[0]
        ):
            return None
        self._data_version = data_version
        return (self.index.version, self.index.count())

    def ready(self) -> bool:
        """Bring the matrix up to date; False when the index is too big for exact search."""
        with self._lock:
            stamp = self._current_stamp()
            if stamp is None:
                return not self._too_big
            if stamp == self._stamp:
                return not self._too_big
            if stamp[1] > self.max_items:
                self._too_big = True
                self._stamp = stamp
                self._ids, self._row = [], {}
                self._matrix = np.zeros((0, self.index.identity.dimension), dtype=np.float32)
                return False
            self._refresh()
            self._too_big = False
            self._stamp = stamp
            return True

    def _refresh(self) -> None:
        wanted = [
            i for i in self.index.all_ids() if i.startswith(self.prefix) and i[1:].isdigit()
        ]
        keep = {int(i[1:]) for i in wanted}
        new = [i for i in wanted if int(i[1:]) not in self._row]
        ids = [i for i in self._ids if i in keep]
        rows = [self._matrix[self._row[i]] for i in ids]
        for start in range(0, len(new), _FETCH):
            got = self.index.get_vectors(new[start : start + _FETCH], exact=True)
            for item_id, vec in got.items():
                ids.append(int(item_id[1:]))
                rows.append(np.asarray(vec, dtype=np.float32))
        dim = self.index.identity.dimension
        empty = np.zeros((0, dim), np.float32)
        self._matrix = np.vstack(rows).astype(np.float32) if rows else empty
        self._ids = ids
        self._row = {rid: n for n, rid in enumerate(ids)}
        log.debug("exact vectors: %d kept, %d fetched", len(ids) - len(new), len(new))

    def search(self, qvec: np.ndarray, k: int) -> tuple[dict[int, float], CosineLookup]:
        """The ``k`` nearest record ids with their cosine, and a lookup of any record's cosine
        (unknown ids: 0.0). Call ``ready()`` first."""
        with self._lock:
            ids, row, matrix = self._ids, self._row, self._matrix
        if not ids:
            return {}, lambda record_ids: dict.fromkeys(record_ids, 0.0)
        sims = matrix @ np.asarray(qvec, dtype=np.float32)
        n = len(ids)
        k = min(k, n)
        top = np.argpartition(-sims, k - 1)[:k] if k < n else np.arange(n)
        top = top[np.argsort(-sims[top], kind="stable")]

        def lookup(record_ids: Sequence[int]) -> dict[int, float]:
            return {rid: float(sims[row[rid]]) if rid in row else 0.0 for rid in record_ids}

        return {ids[int(i)]: float(sims[int(i)]) for i in top}, lookup
