"""Retrieval metrics for ``bench.recall``: evidence recall@k, session recall_any@k, NDCG@k,
latency percentiles, and their aggregation per category.

Every function takes plain lists of ``dia_id``s (best first) and the gold evidence, so the
three systems of the benchmark (Mneme, BM25, vector) are scored by the same code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

TURN_KS = (1, 5, 10, 20)
SESSION_K = 5
NDCG_K = 10


def dedupe(ids: Iterable[str]) -> list[str]:
    """``ids`` without repeats, first occurrence kept (derived items may repeat a turn)."""
    return list(dict.fromkeys(ids))


def recall_at_k(ranked: Sequence[str], gold: Iterable[str], k: int) -> float:
    """Fraction of the gold ids found among the first ``k`` distinct ranked ids."""
    gold_set = set(gold)
    if not gold_set:
        return 0.0
    top = set(dedupe(ranked)[:k])
    return len(gold_set & top) / len(gold_set)


def recall_any_at_k(ranked_groups: Sequence[Any], gold_groups: Iterable[Any], k: int) -> float:
    """1.0 when any gold group (e.g. session) is among the first ``k`` distinct groups."""
    top = set(dedupe(ranked_groups)[:k])
    return 1.0 if top & set(gold_groups) else 0.0


def ndcg_at_k(ranked: Sequence[str], gold: Iterable[str], k: int) -> float:
    """Binary-relevance NDCG@k over distinct ranked ids."""
    gold_set = set(gold)
    if not gold_set:
        return 0.0
    dcg = sum(
        1.0 / math.log2(rank + 2) for rank, d in enumerate(dedupe(ranked)[:k]) if d in gold_set
    )
    ideal = sum(1.0 / math.log2(rank + 2) for rank in range(min(len(gold_set), k)))
    return dcg / ideal


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


@dataclass(frozen=True)
class QueryScore:
    """The scores of one question for one system."""

    category: int
    turn_recall: dict[int, float]
    session_recall_any: float
    ndcg: float
    search_ms: float
    embed_ms: float = 0.0


def score_query(
    ranked: Sequence[str],
    gold: Sequence[str],
    category: int,
    *,
    session_of: Callable[[str], Any],
    search_ms: float,
    embed_ms: float = 0.0,
    ks: Sequence[int] = TURN_KS,
) -> QueryScore:
    """Score one ranked list of ``dia_id``s against the question's evidence.

    Session recall_any@5 ranks sessions by their best turn (the first five distinct sessions
    in the turn ranking) and counts a hit when any evidence session is among them.
    """
    turns = dedupe(ranked)
    return QueryScore(
        category=category,
        turn_recall={k: recall_at_k(turns, gold, k) for k in ks},
        session_recall_any=recall_any_at_k(
            [session_of(d) for d in turns], {session_of(d) for d in gold}, SESSION_K
        ),
        ndcg=ndcg_at_k(turns, gold, NDCG_K),
        search_ms=search_ms,
        embed_ms=embed_ms,
    )


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def _figures(scores: Sequence[QueryScore]) -> dict[str, Any]:
    ks = sorted({k for s in scores for k in s.turn_recall}) or list(TURN_KS)
    out: dict[str, Any] = {
        f"turn_recall@{k}": _mean([s.turn_recall.get(k, 0.0) for s in scores]) for k in ks
    }
    out[f"session_recall_any@{SESSION_K}"] = _mean([s.session_recall_any for s in scores])
    out[f"ndcg@{NDCG_K}"] = _mean([s.ndcg for s in scores])
    out["queries"] = len(scores)
    return out


@dataclass
class SystemScores:
    """Every query score of one system, aggregated on demand."""

    name: str
    scores: list[QueryScore] = field(default_factory=list)

    def add(self, score: QueryScore) -> None:
        self.scores.append(score)

    def summary(self, category_names: dict[int, str] | None = None) -> dict[str, Any]:
        """The figures of the JSON output: overall, ``per_category`` and ``latency_ms``."""
        names = category_names or {}
        out = _figures(self.scores)
        cats = sorted({s.category for s in self.scores})
        out["per_category"] = {
            str(c): {"name": names.get(c, str(c)), **_figures([s for s in self.scores if s.category == c])}
            for c in cats
        }
        search = [s.search_ms for s in self.scores]
        embed = [s.embed_ms for s in self.scores]
        out["latency_ms"] = {
            "search_p50": round(percentile(search, 50), 3),
            "search_p95": round(percentile(search, 95), 3),
            "embed_query_p50": round(percentile(embed, 50), 3),
            "embed_query_p95": round(percentile(embed, 95), 3),
        }
        return out
