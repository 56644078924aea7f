"""The search index of derived items (facts, episodes, persona statements).

SQLite keeps each derived item's searchable text in ``tier_items`` (with FTS5 over it, kept
in step by triggers); the vectors live in their own Chroma collection of the same vector
space as the records (``DerivedVectorIndex``, "mneme-tiers-<embedder>"), so derived items
never take record candidates' places in record recall and ``mneme reindex`` of records
leaves them alone. Like the record index it is derived: ``mark_all_pending`` +
``embed_pending`` rebuild it from SQLite.

Written by the fact, episode and persona services; searched by ``memory.tiers.recall_hook``;
cleaned by ``memory.tiers.forget``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from memory.chroma_backend import ChromaServer
from memory.db import Database
from memory.text import fts_query
from memory.vectors import COLLECTION_PREFIX, VectorIndex
from models.base import Embedder, EmbedderIdentity

log = logging.getLogger(__name__)

ItemVectors = Callable[[Sequence[str]], dict[str, np.ndarray]]
"""Vectors for some of the given item ids, computed without the embedder."""


class DerivedVectorIndex(VectorIndex):
    """The Chroma collection of derived items (same folder and vector space as records)."""

    cache_prefix = None

    def __init__(
        self, path: Path, identity: EmbedderIdentity, *, server: ChromaServer | None = None
    ) -> None:
        super().__init__(path, identity, server=server)

    @property
    def collection_name(self) -> str:
        return COLLECTION_PREFIX + "tiers-" + self.identity.key


class TierIndex:
    """Searchable text and vectors of derived items.

    Args:
        db: the Mneme database.
        vectors: the derived items' vector collection.
        embedder: embeds item texts (the records' embedder).
    """

    def __init__(
        self,
        db: Database,
        vectors: VectorIndex,
        embedder: Embedder,
        item_vectors: ItemVectors | None = None,
    ) -> None:
        self.db = db
        self.vectors = vectors
        self.embedder = embedder
        self.item_vectors = item_vectors
        """Vectors some items get without embedding their text (episodes: their records'
        mean, ``Episodes.centroids``); set once the tier that computes them exists."""

    def upsert(self, item_id: str, tier: str, text: str) -> None:
        """Add or update an item's text (its vector is refreshed by ``embed_pending``)."""
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO tier_items (item_id, tier, text, embedded) VALUES (?, ?, ?, 0) "
                "ON CONFLICT(item_id) DO UPDATE SET tier = excluded.tier, text = excluded.text, "
                "embedded = CASE WHEN tier_items.text = excluded.text THEN tier_items.embedded "
                "ELSE 0 END",
                (item_id, tier, text),
            )

    def remove(self, item_ids: Sequence[str]) -> None:
        """Drop items from the text index and their vectors from Chroma."""
        ids = list(dict.fromkeys(item_ids))
        if not ids:
            return
        with self.db.transaction():
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                marks = ",".join("?" * len(part))
                self.db.execute(f"DELETE FROM tier_items WHERE item_id IN ({marks})", part)
        self.vectors.delete(ids)

    def pending_count(self) -> int:
        return int(self.db.scalar("SELECT COUNT(*) FROM tier_items WHERE embedded = 0") or 0)

    def embed_pending(
        self,
        batch: int = 256,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> int:
        """Embed every item whose text is new or changed; returns how many."""
        total = self.pending_count()
        done = 0
        while True:
            if cancel is not None and cancel():
                break
            rows = self.db.query(
                "SELECT id, item_id, tier, text FROM tier_items WHERE embedded = 0 "
                "ORDER BY id LIMIT ?",
                (batch,),
            )
            if not rows:
                break
            vecs = self._vectors_of(rows)
            self.vectors.upsert(
                [str(r["item_id"]) for r in rows], vecs, [{"tier": str(r["tier"])} for r in rows]
            )
            with self.db.transaction():
                for r in rows:
                    # Only rows whose text did not change meanwhile are marked embedded.
                    self.db.execute(
                        "UPDATE tier_items SET embedded = 1 WHERE id = ? AND text = ?",
                        (r["id"], r["text"]),
                    )
            done += len(rows)
            if progress is not None:
                progress(done, total)
        return done

    def _vectors_of(self, rows: Sequence[Any]) -> np.ndarray:
        """The rows' vectors: given by ``item_vectors`` where it can, else embedded."""
        given = self.item_vectors([str(r["item_id"]) for r in rows]) if self.item_vectors else {}
        todo = [n for n, r in enumerate(rows) if str(r["item_id"]) not in given]
        if len(todo) == len(rows):
            return self.embedder.embed_batch([str(r["text"]) for r in rows])
        out = np.zeros((len(rows), len(next(iter(given.values())))), dtype=np.float32)
        for n, r in enumerate(rows):
            vec = given.get(str(r["item_id"]))
            if vec is not None:
                out[n] = vec
        if todo:
            out[todo] = self.embedder.embed_batch([str(rows[n]["text"]) for n in todo])
        return out

    def mark_all_pending(self) -> None:
        """Re-embed everything on the next ``embed_pending`` (after a change of embedder)."""
        with self.db.transaction():
            self.db.execute("UPDATE tier_items SET embedded = 0")

    def search(self, query: str, qvec: np.ndarray, limit: int) -> dict[str, tuple[float, float]]:
        """Candidate items for ``query``: ``{item_id: (bm25 normalised 0..1, cosine)}``."""
        bm25: dict[str, float] = {}
        match = fts_query(query)
        if match is not None:
            for item, score in self.db.execute(
                "SELECT t.item_id, bm25(tier_fts) AS s FROM tier_fts "
                "JOIN tier_items t ON t.id = tier_fts.rowid WHERE tier_fts MATCH ? "
                "ORDER BY s LIMIT ?",
                (match, limit),
            ):
                bm25[str(item)] = -float(score)
        cos: dict[str, float] = dict(self.vectors.query(qvec, limit))
        missing = [i for i in bm25 if i not in cos]
        if missing:
            got = self.vectors.get_vectors(missing)
            for item in missing:
                v = got.get(item)
                cos[item] = float(np.dot(v, qvec)) if v is not None else 0.0
        top = max(bm25.values(), default=0.0) or 1.0
        return {
            item: (bm25.get(item, 0.0) / top, max(0.0, cos.get(item, 0.0)))
            for item in dict.fromkeys([*bm25, *cos])
        }

    def texts(self, item_ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for start in range(0, len(item_ids), 500):
            part = list(item_ids[start : start + 500])
            marks = ",".join("?" * len(part))
            for item, text in self.db.execute(
                f"SELECT item_id, text FROM tier_items WHERE item_id IN ({marks})", part
            ):
                out[str(item)] = str(text)
        return out
