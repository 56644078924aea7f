"""Indexer.index_pending writes batch n to Chroma while batch n+1 is embedded, in order,
and a failed write leaves the rest pending (real SQLite, real Chroma, fake embedder)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from app.bootstrap import Services
from memory.errors import VectorIndexError
from memory.indexing import Indexer
from memory.records import RecordIn
from memory.store import SourceIn
from models.fakes import FakeEmbedder


def _records(services: Services, n: int) -> None:
    recs = [RecordIn(text=f"message number {i} about hiking", kind="message", speaker="Ana") for i in range(n)]
    services.store.ingest_source(SourceIn(uri="file:/chat.txt", kind="whatsapp", content_hash="h"), recs)


def _pending(services: Services) -> int:
    return int(services.db.scalar("SELECT COUNT(*) FROM records WHERE embedded = 0") or 0)


def test_every_record_is_indexed_with_progress(services: Services) -> None:
    _records(services, 23)
    indexer = Indexer(services.store, services.index, services.embedder, batch_size=5)
    ticks: list[tuple[int, int]] = []
    assert indexer.index_pending(lambda done, total: ticks.append((done, total))) == 23
    assert ticks == [(5, 23), (10, 23), (15, 23), (20, 23), (23, 23)]
    assert _pending(services) == 0
    assert services.index.count() == 23
    assert indexer.index_pending() == 0


class _Calls:
    """Counts embedding calls; lets a writer wait until a given call has started."""

    def __init__(self) -> None:
        self.n = 0
        self.cond = threading.Condition()

    def started(self) -> None:
        with self.cond:
            self.n += 1
            self.cond.notify_all()

    def wait_for(self, n: int, timeout: float = 5.0) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: self.n >= n, timeout=timeout)


class _GatedIndex:
    """Wraps the real index: the write of batch k waits until batch k+1 has started embedding,
    which can only happen if writing and embedding overlap (serially it times out)."""

    def __init__(self, inner: Any, calls: _Calls, batches: int) -> None:
        self.inner = inner
        self.calls = calls
        self.batches = batches
        self.writes = 0
        self.overlapped = 0
        self.order: list[str] = []

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Any = None) -> None:
        self.writes += 1
        if self.writes < self.batches and self.calls.wait_for(self.writes + 1):
            self.overlapped += 1
        self.order.extend(ids)
        self.inner.upsert(ids, vectors, metadatas)


class _CountingEmbedder(FakeEmbedder):
    def __init__(self, calls: _Calls) -> None:
        super().__init__()
        self.counter = calls

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.counter.started()
        return super().embed_batch(texts)


def test_writes_overlap_the_next_embedding_and_stay_in_order(services: Services) -> None:
    _records(services, 12)
    calls = _Calls()
    gated = _GatedIndex(services.index, calls, batches=3)
    indexer = Indexer(services.store, gated, _CountingEmbedder(calls), batch_size=4)  # type: ignore[arg-type]
    assert indexer.index_pending() == 12
    assert gated.overlapped == 2  # batches 1 and 2 were written while the next one embedded
    ids = [int(i[1:]) for i in gated.order]
    assert ids == sorted(ids) and len(ids) == 12
    assert _pending(services) == 0


class _FailingIndex:
    def __init__(self, inner: Any, fail_on_call: int) -> None:
        self.inner = inner
        self.calls = 0
        self.fail_on_call = fail_on_call

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Any = None) -> None:
        self.calls += 1
        if self.calls == self.fail_on_call:
            raise VectorIndexError("disk full")
        self.inner.upsert(ids, vectors, metadatas)


def test_a_failed_write_stops_the_run_and_leaves_the_rest_pending(services: Services) -> None:
    _records(services, 10)
    failing = _FailingIndex(services.index, fail_on_call=2)
    indexer = Indexer(services.store, failing, services.embedder, batch_size=3)  # type: ignore[arg-type]
    with pytest.raises(VectorIndexError, match="disk full"):
        indexer.index_pending()
    assert _pending(services) == 7  # only the first batch was stored and marked
    again = Indexer(services.store, services.index, services.embedder, batch_size=3)
    assert again.index_pending() == 7
    assert _pending(services) == 0 and services.index.count() == 10


def test_pending_embedding_resumes_after_an_id(services: Services) -> None:
    _records(services, 6)
    first = services.store.pending_embedding(4)
    rest = services.store.pending_embedding(4, after_id=first[-1].id)
    assert [r.id for r in first + rest] == sorted(r.id for r in first + rest)
    assert len(rest) == 2 and {r.id for r in first}.isdisjoint(r.id for r in rest)


class _RecordingEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return super().embed_batch(texts)


def test_repeated_texts_are_embedded_once_and_get_their_own_vector(services: Services) -> None:
    words = ["ok", "lol", "ok", "<Media omitted>", "see you at the lake", "ok", "lol", "ok"]
    recs = [RecordIn(text=w, kind="message", speaker="Ana") for w in words * 3]
    services.store.ingest_source(SourceIn(uri="file:/chat.txt", kind="whatsapp", content_hash="h"), recs)
    emb = _RecordingEmbedder()
    indexer = Indexer(services.store, services.index, emb, batch_size=5)
    assert indexer.index_pending() == 24
    # Each distinct text once: repeats inside a batch and in later batches reuse the vector.
    assert sorted(emb.texts) == sorted(set(words))
    assert services.index.count() == 24  # every record still has its own entry
    stored = services.index.get_vectors([f"r{i}" for i in range(1, 25)], exact=True)
    for i, text in enumerate(words * 3, start=1):
        np.testing.assert_allclose(stored[f"r{i}"], FakeEmbedder().embed_batch([text])[0], atol=1e-6)


def test_the_memo_of_recent_vectors_is_bounded(services: Services) -> None:
    emb = _RecordingEmbedder()
    indexer = Indexer(services.store, services.index, emb, memo_size=2)
    indexer.embed_keys(["a", "b", "c"])  # "a" falls out of the memo
    indexer.embed_keys(["c", "a"])
    assert emb.texts == ["a", "b", "c", "a"]
    assert len(indexer._memo) == 2


def test_a_batch_takes_more_records_when_their_texts_repeat(services: Services) -> None:
    texts = ["ok", "ok", "ok", "ok", "a walk by the lake", "see you", "fine", "ok"]
    recs = [RecordIn(text=t, kind="message", speaker="Ana") for t in texts]
    services.store.ingest_source(SourceIn(uri="file:/chat.txt", kind="whatsapp", content_hash="h"), recs)
    emb = _RecordingEmbedder()
    ticks: list[tuple[int, int]] = []
    indexer = Indexer(services.store, services.index, emb, batch_size=2)
    assert indexer.index_pending(lambda done, total: ticks.append((done, total))) == 8
    # Batch 1 reads records until it holds two texts to embed ("ok", "a walk..."): 6 records;
    # batch 2 has "fine" and the memo's "ok".
    assert ticks == [(6, 8), (8, 8)]
    assert emb.texts == ["ok", "a walk by the lake", "see you", "fine"]
    assert _pending(services) == 0
