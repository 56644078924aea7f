"""Repairs of what is derived from SQLite, for ``mneme doctor --repair``.

Nothing here touches what the user stored (sources, records, their text): the full-text
indexes are rebuilt from their tables, rows that link derived data to something gone are
dropped, facts left without evidence are retired (kept, not recalled), episodes left without
records are deleted with their index entries, and vectors SQLite lists but Chroma lacks are
marked for indexing again. The caller (``app.services.doctor_checks``) then runs the indexer
and consolidation. File modes are fixed with ``memory.private.tighten``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from memory.db import Database
from memory.health import DERIVED_FK_TABLES
from memory.store import EMBED_PENDING
from memory.tiers.decay import Decay
from memory.tiers.episodes import Episodes
from memory.tiers.facts import FactStore
from memory.tiers.search_index import TierIndex
from memory.vectors import VectorIndex

log = logging.getLogger(__name__)

_STEP = 500


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i : i + _STEP] for i in range(0, len(items), _STEP)]


def rebuild_fts(db: Database, fts: str) -> None:
    """Rebuild the full-text index ``fts`` from its content table."""
    if fts not in ("records_fts", "tier_fts"):
        raise ValueError(f"not a Mneme full-text index: {fts}")
    with db.transaction():
        db.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    log.info("rebuilt the full-text index %s", fts)


def mark_unindexed(db: Database, item_ids: Sequence[str]) -> int:
    """Mark records (``r12``) and derived items (``f3``) for indexing again."""
    records = [int(i[1:]) for i in item_ids if i.startswith("r") and i[1:].isdigit()]
    items = [i for i in item_ids if not i.startswith("r")]
    with db.transaction():
        for part in _chunks(records):
            marks = ",".join("?" * len(part))
            db.execute(
                f"UPDATE records SET embedded = ? WHERE id IN ({marks})", (EMBED_PENDING, *part)
            )
        for part in _chunks(items):
            marks = ",".join("?" * len(part))
            db.execute(f"UPDATE tier_items SET embedded = 0 WHERE item_id IN ({marks})", list(part))
    return len(records) + len(items)


def drop_vectors(index: VectorIndex, item_ids: Sequence[str]) -> int:
    """Delete vectors that belong to nothing in the database."""
    index.delete(list(item_ids))
    return len(item_ids)


def fix_orphans(
    db: Database,
    kind: str,
    ids: Sequence[Any],
    *,
    facts: FactStore,
    episodes: Episodes,
    index: TierIndex,
    decay: Decay,
) -> int:
    """Fix one kind of ``memory.health.orphans``; returns how many rows were fixed.

    Raises:
        ValueError: ``kind`` is rows of the user's own tables (not repaired here).
    """
    if kind.startswith("links:"):
        table = kind[6:]
        if table not in DERIVED_FK_TABLES:
            raise ValueError(f"not a table of derived links: {table}")
        with db.transaction():
            for part in _chunks(list(ids)):
                marks = ",".join("?" * len(part))
                db.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", list(part))
        return len(ids)
    if kind == "facts":
        with db.transaction():
            for fact in facts.many([int(i) for i in ids]).values():
                facts.retire(fact, "orphaned")
        return len(ids)
    if kind == "episodes":
        episodes.delete([int(i) for i in ids])
        return len(ids)
    if kind == "index":
        index.remove([str(i) for i in ids])
        return len(ids)
    if kind == "state":
        decay.drop([str(i) for i in ids])
        return len(ids)
    raise ValueError(f"orphans of kind {kind} are not repaired automatically")
