"""Rebuilding the vector indexes from SQLite: every record, then every fact, episode and
persona statement (after changing the embedder, or when Chroma's files were lost). Nothing
in SQLite changes. Called by ``mneme reindex``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.bootstrap import Services

Tick = Callable[[int, int], None]
"""Progress: (done, total)."""


def reindex(
    services: Services, records: Tick | None = None, derived: Tick | None = None
) -> dict[str, Any]:
    """Re-embed everything; returns the counts and the embedder used.

    Args:
        services: the services.
        records: progress of the records.
        derived: progress of the facts, episodes and persona statements.
    """
    done = services.indexer.reindex(records)
    index = services.tiers.index
    index.vectors.reset()
    index.mark_all_pending()
    done_derived = index.embed_pending(progress=derived)
    ident = services.embedder.identity
    return {
        "records": done,
        "derived": done_derived,
        "embedder": ident.model_id,
        "dimension": ident.dimension,
    }
