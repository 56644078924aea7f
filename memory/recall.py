"""Hybrid recall: BM25 over SQLite FTS5 plus vector similarity, scored with the shape of
conversations and the dates a question names.

``Recall.search`` is the one retrieval entry point used by ``mneme search``, ``mneme ask``,
the chat and the benchmarks. Candidates come from FTS5, from the vectors (exact numpy cosine
for small stores, ``memory.exact``; Chroma otherwise), from records dated in the period the
query names, and the neighbours of all of these (``memory.candidates``); ``memory.ranking``
scores them. Each ``Hit`` carries its score, its provenance (source, time, record ids) and a
short "why it matched" for the user.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from memory.candidates import (
    CandidateRow,
    RowCache,
    SpeakerNames,
    candidate_rows,
    dated_ids,
    neighbours,
    spread_conversations,
)
from memory.errors import VectorIndexUnavailableError
from memory.exact import ExactVectors
from memory.expected import MESSAGE_KINDS, expected_kind, holding
from memory.lexical import DEFAULT_BUDGET, LexicalSearch
from memory.query import QueryInfo, analyse, asks_for_many, speaking, without_people
from memory.ranking import Candidate, RankingSettings, Scored, score_candidates
from memory.records import StoredRecord
from memory.store import MemoryStore
from memory.text import content_terms, stem, tokens
from memory.vectors import VectorIndex, vectors_enabled, without_vectors
from models.base import Embedder

log = logging.getLogger(__name__)

COSINE_TOLERANCE = 1e-6
"""float32 noise: exact numpy and Chroma's HNSW may differ in the last digits of a cosine."""


@dataclass(frozen=True)
class RecallSettings:
    """Knobs of hybrid recall (the same for every corpus)."""

    candidates: int = 100
    """How many candidates each retriever proposes before fusion."""
    big_candidates: int = 60
    """The same above ``exact_max_vectors`` (each candidate costs lookups in a big memory)."""
    exact_max_vectors: int = 20_000
    """Up to this many record vectors, cosine is computed exactly over all of them
    (``memory.exact``); above it Chroma's approximate index answers."""
    bm25_budget: int = DEFAULT_BUDGET
    """Postings one query's BM25 may score (``memory.lexical``): bounds its cost in a big memory."""
    dated_candidates: int = 100
    """How many records dated in the period a query names join the candidates."""
    neighbour_candidates: int = 50
    """Above ``exact_max_vectors``, how many of the best candidates bring their neighbours
    (every candidate does in a smaller memory)."""
    ranking: RankingSettings = field(default_factory=RankingSettings)
    """How candidates are scored (``memory.ranking``)."""
    per_conversation_limit: int = 8
    """At most this many of the records passed on for the final ranking (``k + 10``) come from
    one conversation while others have candidates left (0: no limit). A long result list
    then spans several conversations instead of repeating the one that matched best; the
    top few are unaffected unless one conversation fills them all."""
    many_per_conversation: int = 3
    """``per_conversation_limit`` for a question asking for several things ("What
    activities has Melanie done?", ``memory.query.asks_for_many``): people mention them
    in different conversations, so the result list spreads wider."""
    min_cosine: float = 0.42
    """A hit is relevant on meaning alone at or above this cosine similarity."""
    min_cosine_with_words: float = 0.25
    """A hit sharing query words is relevant at or above this cosine similarity."""


@dataclass(frozen=True)
class Hit:
    """One recalled memory with its score and provenance."""

    item_id: str
    tier: str
    text: str
    score: float
    source: str
    source_kind: str
    timestamp: str | None
    speaker: str | None = None
    title: str | None = None
    conversation: str | None = None
    record_ids: tuple[int, ...] = ()
    cosine: float = 0.0
    bm25: float = 0.0
    matched_terms: tuple[str, ...] = ()
    why: tuple[str, ...] = ()
    relevant: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` shape: id, tier, text, source, timestamp, score (plus extras)."""
        return {
            "id": self.item_id,
            "tier": self.tier,
            "text": self.text,
            "source": self.source,
            "timestamp": self.timestamp,
            "score": round(self.score, 4),
            "speaker": self.speaker,
            "kind": self.source_kind,
            "why": list(self.why),
            "relevant": self.relevant,
        }


class TierHook(Protocol):
    """What ``Recall`` asks of the memory tiers (``memory.tiers.recall_hook.TierRecall``):
    retention weighting, faded filtering and derived hits (facts, episodes, persona)."""

    def rerank(
        self,
        query: str,
        qvec: np.ndarray,
        hits: Sequence[Hit],
        *,
        include_faded: bool = False,
        limit: int = 60,
    ) -> list[Hit]: ...

    def used(self, hits: Sequence[Hit]) -> None: ...


def _display_source(rec: StoredRecord) -> str:
    """A path for files, ``chat of <date time>`` for Mneme's own chat sessions."""
    uri = rec.source_uri
    if uri.startswith("file:"):
        return uri[5:]
    if rec.source_kind == "mneme-chat":
        m = re.match(r"chat-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})", rec.conversation or "")
        if m:
            y, mo, d, h, mi = m.groups()
            return f"chat of {y}-{mo}-{d} {h}:{mi}"
        return "chat"
    return uri


class Recall:
    """Hybrid retrieval over the stored records.

    Args:
        store: the SQLite store (FTS5 lives there).
        index: the vector index.
        embedder: embeds queries (the same embedder that filled ``index``).
        settings: fusion weights and relevance thresholds.
        tiers: the memory tiers' hook (retention, faded items, facts/episodes/persona hits);
            None searches records only.
    """

    def __init__(
        self,
        store: MemoryStore,
        index: VectorIndex,
        embedder: Embedder,
        settings: RecallSettings | None = None,
        *,
        tiers: TierHook | None = None,
    ) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self.settings = settings or RecallSettings()
        self.tiers = tiers
        self._speakers = SpeakerNames(store.db)
        self._lexical = LexicalSearch(store.db, budget=self.settings.bm25_budget)
        self._exact = ExactVectors(index, store.db, max_items=self.settings.exact_max_vectors)
        self._local = threading.local()

    # -- retrievers -------------------------------------------------------------------
    def _bm25(self, query: str, limit: int) -> dict[int, float]:
        return self._lexical.search(query, limit)

    def _vectors(self, qvec: np.ndarray, limit: int) -> dict[int, float]:
        out: dict[int, float] = {}
        for item_id, cos in self.index.query(qvec, limit):
            if item_id.startswith("r"):
                out[int(item_id[1:])] = cos
        return out

    # -- search -----------------------------------------------------------------------
    def embed_query(self, query: str) -> np.ndarray:
        """The query's vector, made without the names of the people who speak in the store
        (``memory.query.without_people``: messages' vectors leave their speakers out too)."""
        return self.embedder.embed_batch([without_people(query, self._speakers.names())])[0]

    def speaker_names(self) -> tuple[str, ...]:
        """Every speaker of the stored records (cheap while nothing is added)."""
        return self._speakers.names()

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        query_vector: np.ndarray | None = None,
        exclude_conversation: str | None = None,
        include_faded: bool = False,
    ) -> list[Hit]:
        """The ``k`` best memories for ``query``, best first.

        When the vector server cannot be reached, the search runs again by words alone
        (``without_vectors``) and ``notice`` says so.

        Args:
            query: the user's words.
            k: how many hits to return.
            query_vector: a precomputed ``embed_query(query)`` (benchmarks time it apart).
            exclude_conversation: leave out records of this conversation (the live chat).
            include_faded: also return memories that have faded (``memory.tiers.decay``).
        """
        args = (query, k, query_vector, exclude_conversation, include_faded)
        self._local.notice = None
        try:
            return self._search(*args)
        except VectorIndexUnavailableError as e:
            log.warning("%s; searching by words only", e)
            self._local.notice = f"{e}; showing keyword matches only"
            with without_vectors():
                return self._search(*args)

    @property
    def notice(self) -> str | None:
        """One line for the user about the last search in this thread: it ran without the
        vector index (its server is unreachable); None when the search was whole."""
        return getattr(self._local, "notice", None)

    def _search(
        self,
        query: str,
        k: int,
        query_vector: np.ndarray | None,
        exclude_conversation: str | None,
        include_faded: bool,
    ) -> list[Hit]:
        s = self.settings
        info = analyse(query)
        qvec = query_vector if query_vector is not None else self.embed_query(query)
        exact = vectors_enabled() and self._exact.ready()
        if exact:
            bm25 = self._bm25(query, s.candidates)
            cos, cosine_of = self._exact.search(qvec, s.candidates)
        else:
            bm25 = self._bm25(query, s.big_candidates)
            cos = self._vectors(qvec, s.big_candidates)
        dated = dated_ids(
            self.store.db,
            info.dates,
            after_days=s.ranking.date_after_days,
            limit=s.dated_candidates,
        )
        pool = list(dict.fromkeys([*bm25, *cos, *dated]))
        if not pool:
            return self._finish(query, qvec, [], k, include_faded)

        def fill_cosines(ids: Sequence[int]) -> None:
            missing = [i for i in ids if i not in cos]
            if missing and exact:
                cos.update(cosine_of(missing))
            elif missing:
                cos.update(self.index.record_cosines(missing, qvec))

        expand = pool
        if not exact and len(pool) > s.neighbour_candidates:
            # A big memory: every candidate costs lookups, so only the best candidates so far
            # bring their neighbours (a weak candidate's neighbour gains too little to rank).
            fill_cosines(pool)
            top_b = max(bm25.values(), default=0.0) or 1.0
            w = s.ranking

            def fused(i: int) -> float:
                return w.bm25_weight * bm25.get(i, 0.0) / top_b + w.vector_weight * cos[i]

            expand = sorted(pool, key=fused, reverse=True)[: s.neighbour_candidates]
        seen_rows: RowCache = {}
        links = neighbours(self.store.db, expand, seen_rows)
        near = (n for pair in links.values() for n in pair if n is not None)
        ids = list(dict.fromkeys([*pool, *near]))
        fill_cosines(ids)
        rows = candidate_rows(
            self.store.db, ids, exclude_conversation=exclude_conversation, cache=seen_rows
        )
        scored = self._score(info, rows, bm25, cos, links)
        # Full records and hits for the best few only; the tiers may still reorder them.
        order = sorted(scored, key=lambda i: scored[i].score, reverse=True)
        limit = s.many_per_conversation if asks_for_many(query) else s.per_conversation_limit
        ranked = spread_conversations(order, rows, k + 10, limit)
        records = {r.id: r for r in self.store.records(ranked)}
        top_bm25 = max(bm25.values(), default=0.0) or 1.0
        terms = content_terms(query)
        stems = {stem(t): t for t in terms}
        hits: list[Hit] = []
        for rid in ranked:
            rec = records.get(rid)
            if rec is None or rec.status != "active":
                continue
            if exclude_conversation and rec.conversation == exclude_conversation:
                continue
            b = bm25.get(rid, 0.0) / top_bm25
            c = max(0.0, cos.get(rid, 0.0))
            score = scored[rid].score
            if rec.kind == "chat_turn" and rec.metadata.get("role") == "assistant":
                continue  # Mneme's own words are not the user's memories
            rec_stems = {stem(t) for t in tokens(rec.text + " " + (rec.title or ""))}
            matched = tuple(stems[st] for st in stems if st in rec_stems)
            c_cmp = c + COSINE_TOLERANCE
            relevant = c_cmp >= s.min_cosine or (bool(matched) and c_cmp >= s.min_cosine_with_words)
            why = []
            if matched:
                why.append("words: " + ", ".join(matched))
            why.append(f"meaning {c:.2f}")
            why.extend(scored[rid].reasons)
            hits.append(
                Hit(
                    item_id=rec.item_id,
                    tier="record",
                    text=rec.text,
                    score=score,
                    source=_display_source(rec),
                    source_kind=rec.source_kind,
                    timestamp=rec.event_time or rec.created_at,
                    speaker=rec.speaker,
                    title=rec.title,
                    conversation=rec.conversation,
                    record_ids=(rec.id,),
                    cosine=c,
                    bm25=b,
                    matched_terms=matched,
                    why=tuple(why),
                    relevant=relevant,
                    metadata=rec.metadata,
                )
            )
        return self._finish(query, qvec, hits, k, include_faded)

    def _finish(
        self, query: str, qvec: np.ndarray, hits: list[Hit], k: int, include_faded: bool
    ) -> list[Hit]:
        """Let the memory tiers weigh the record hits and add theirs; the best ``k``."""
        if self.tiers is not None:
            hits = self.tiers.rerank(
                query, qvec, hits, include_faded=include_faded, limit=self.settings.candidates
            )
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits[:k]

    def note_used(self, hits: Sequence[Hit]) -> None:
        """An answer used ``hits``: the tiers reinforce them (no-op without tiers)."""
        if self.tiers is not None and hits:
            self.tiers.used(hits)

    def _score(
        self,
        info: QueryInfo,
        rows: dict[int, CandidateRow],
        bm25: dict[int, float],
        cos: dict[int, float],
        links: dict[int, tuple[int | None, int | None]],
    ) -> dict[int, Scored]:
        """Score the recallable candidates with ``memory.ranking``."""
        kind = expected_kind(info.text)
        people = (tokens(n)[0] for n in self._speakers.names() if tokens(n))
        messages = [rid for rid, row in rows.items() if row.kind in MESSAGE_KINDS]
        holds = holding(self.store.db, messages, kind, people) if kind else set()
        cands = [
            Candidate(
                record_id=rid,
                kind=row.kind,
                conversation=row.conversation,
                speaker=row.speaker,
                day=_day(row.event_time),
                asks=row.asks,
                bm25=bm25.get(rid, 0.0),
                cosine=cos.get(rid, 0.0),
                prev_id=links.get(rid, (None, None))[0],
                next_id=links.get(rid, (None, None))[1],
                holds=kind if rid in holds else None,
            )
            for rid, row in rows.items()
        ]
        return score_candidates(
            cands,
            named_speakers=tuple(
                name for name in [speaking(info.text, self._speakers.names())] if name
            ),
            dates=info.dates,
            settings=self.settings.ranking,
        )


def _day(timestamp: str | None) -> date | None:
    """The calendar day of a stored ISO timestamp."""
    return _parse_day(timestamp[:10]) if timestamp else None


@lru_cache(maxsize=4096)
def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def hits_to_json(query: str, hits: Sequence[Hit]) -> dict[str, Any]:
    """``{"query", "results": [...]}`` as printed by ``mneme search --json``."""
    return {"query": query, "results": [h.as_json() for h in hits]}



