"""Keeping the vector index in step with SQLite.

Records are committed to SQLite first with ``embedded = 0``; ``Indexer.index_pending`` embeds
them in batches, upserts them into Chroma and only then marks them embedded, so a crash at
any point leaves work that the next run picks up. Writing a batch to Chroma overlaps with
embedding the next one (one writer thread), so the embedder sets the pace. ``reindex``
rebuilds the whole index from SQLite (after a change of embedder, or if Chroma's files are
lost).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from memory.errors import EmbedderMismatchError
from memory.records import StoredRecord
from memory.store import EMBED_NEVER, EMBED_PENDING, MemoryStore
from memory.vectors import VectorIndex
from models.base import Embedder

log = logging.getLogger(__name__)

EMBEDDER_META_KEY = "embedder_identity"
Progress = Callable[[int, int], None]


def record_key(rec: StoredRecord) -> str:
    """The text embedded for a record: the heading it sits under (notes, files), and the words.

    A message's speaker is left out of its vector: a name in every key pulls all of that
    person's short messages ("Take care!") towards any question naming them. Recall reads
    speakers apart (``memory.ranking``: a question naming a speaker favours their messages,
    and FTS5 indexes the speaker column).
    """
    parts = []
    if rec.title and rec.kind in ("note_chunk", "file_chunk", "event"):
        parts.append(rec.title)
    parts.append(rec.text)
    return "\n".join(parts)


class Indexer:
    """Embeds pending records into the vector index.

    Args:
        store: the SQLite store.
        index: the Chroma index for ``embedder``'s vector space.
        embedder: the embedder.
        batch_size: records per embedding call.
    """

    def __init__(
        self,
        store: MemoryStore,
        index: VectorIndex,
        embedder: Embedder,
        *,
        batch_size: int = 256,
    ) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self.batch_size = batch_size

    def check_identity(self) -> None:
        """Refuse to mix vector spaces: the store remembers which embedder filled it."""
        ident = self.embedder.identity
        current = f"{ident.model_id}|{ident.dimension}"
        stored = self.store.get_meta(EMBEDDER_META_KEY)
        if stored is None:
            self.store.set_meta(EMBEDDER_META_KEY, current)
        elif stored != current:
            model, _, dim = stored.partition("|")
            raise EmbedderMismatchError(
                f"the store was indexed with {model} ({dim} dims) but the configured embedder "
                f"is {ident.model_id} ({ident.dimension} dims); run `mneme reindex` to rebuild "
                "the vector index with the new embedder",
                title="Embedder changed",
            )

    def pending_count(self) -> int:
        return self.store.counts()["records_pending_index"]

    def index_records(self, records: Sequence[StoredRecord]) -> int:
        """Embed and upsert ``records`` now; returns how many were indexed."""
        if not records:
            return 0
        return self._write(records, self.embedder.embed_batch([record_key(r) for r in records]))

    def _write(self, records: Sequence[StoredRecord], vectors: np.ndarray) -> int:
        """Upsert embedded ``records`` into Chroma, then mark them embedded in SQLite.

        No Chroma metadata: nothing filters on it (SQLite has every record's facts), and it
        cost a tenth of each write, which holds Python's lock while the embedder waits.
        """
        self.index.upsert([r.item_id for r in records], vectors)
        self.store.mark_embedded([r.id for r in records])
        return len(records)

    def index_pending(self, progress: Progress | None = None) -> int:
        """Embed every active record not yet indexed; returns the number indexed.

        The embedder is the slow part, so it never waits for the vector store: while batch
        n+1 is embedded, batch n is written to Chroma and marked embedded on one background
        thread. Writes stay in order, at most one batch is in flight, and a failed write
        stops the run with its error (records not yet marked stay pending for next time).
        """
        self.check_identity()
        total = self.pending_count()
        done = 0
        after = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mneme-index") as writer:
            inflight: Future[int] | None = None
            while True:
                batch = self.store.pending_embedding(self.batch_size, after_id=after)
                if not batch:
                    break
                after = batch[-1].id
                vectors = self.embedder.embed_batch([record_key(r) for r in batch])
                if inflight is not None:
                    done += inflight.result()
                    if progress is not None:
                        progress(done, total)
                inflight = writer.submit(self._write, batch, vectors)
            if inflight is not None:
                done += inflight.result()
                if progress is not None:
                    progress(done, total)
        return done

    def remove(self, record_ids: Sequence[int]) -> None:
        """Drop records from the vector index (they stay in SQLite)."""
        if record_ids:
            self.index.delete([f"r{i}" for i in record_ids])
            self.store.mark_embedded(record_ids, value=EMBED_PENDING)

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the vector index from SQLite with the configured embedder."""
        self.index.reset()
        with self.store.db.transaction():
            self.store.db.execute(
                "UPDATE records SET embedded = ? WHERE embedded != ?", (EMBED_PENDING, EMBED_NEVER)
            )
        ident = self.embedder.identity
        self.store.set_meta(EMBEDDER_META_KEY, f"{ident.model_id}|{ident.dimension}")
        return self.index_pending(progress)
