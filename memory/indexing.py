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
import threading
from collections import OrderedDict
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
MAX_BATCH_FACTOR = 8
"""A batch of pending records holds at most this many times ``batch_size`` records."""


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
        memo_size: how many recently embedded keys keep their vector (see ``embed_keys``).
    """

    def __init__(
        self,
        store: MemoryStore,
        index: VectorIndex,
        embedder: Embedder,
        *,
        batch_size: int = 256,
        memo_size: int = 4096,
    ) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self.batch_size = batch_size
        self.memo_size = memo_size
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()
        self._memo_lock = threading.Lock()

    def embed_keys(self, keys: Sequence[str]) -> np.ndarray:
        """The vectors of ``keys`` (``record_key`` texts), embedding each distinct key once.

        Chats repeat themselves: "ok", "lol", "<Media omitted>", the same emoji, thousands of
        times in a big export. A key embedded lately (the last ``memo_size`` distinct keys)
        reuses its vector, and a key twice in one batch is embedded once. The embedder is the
        slow part of an import, so every repeat skipped is time saved; the vectors are the
        ones the embedder gives that text (up to float rounding between batches).
        """
        if not keys:
            return self.embedder.embed_batch([])
        distinct = list(dict.fromkeys(keys))
        found: dict[str, np.ndarray] = {}
        with self._memo_lock:
            for key in distinct:
                vec = self._memo.get(key)
                if vec is not None:
                    self._memo.move_to_end(key)
                    found[key] = vec
        todo = [key for key in distinct if key not in found]
        if todo:
            fresh = self.embedder.embed_batch(todo)
            with self._memo_lock:
                for key, vec in zip(todo, fresh, strict=True):
                    found[key] = self._memo[key] = vec.copy()
                while len(self._memo) > self.memo_size:
                    self._memo.popitem(last=False)
        return np.stack([found[key] for key in keys])

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
        return self._write(records, self.embed_keys([record_key(r) for r in records]))

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
                batch, keys = self._next_batch(after)
                if not batch:
                    break
                after = batch[-1].id
                vectors = self.embed_keys(keys)
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

    def _next_batch(self, after: int) -> tuple[list[StoredRecord], list[str]]:
        """Pending records after id ``after`` and their keys, holding about ``batch_size``
        keys to embed: keys the memo already has cost nothing, so where a chat repeats itself
        a batch takes more records (at most ``MAX_BATCH_FACTOR`` times the batch size). The
        embedder keeps working on full batches, and Chroma gets fewer, bigger writes."""
        records: list[StoredRecord] = []
        keys: list[str] = []
        new: set[str] = set()
        while len(new) < self.batch_size and len(records) < self.batch_size * MAX_BATCH_FACTOR:
            part = self.store.pending_embedding(self.batch_size, after_id=after)
            if not part:
                break
            after = part[-1].id
            part_keys = [record_key(r) for r in part]
            records.extend(part)
            keys.extend(part_keys)
            with self._memo_lock:
                new.update(k for k in part_keys if k not in self._memo)
        return records, keys

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
