"""Health checks of a store, for ``mneme doctor --check`` (UI-free, read-only).

Each check returns ``Problem`` items; none writes anything. What they find:

- ``sqlite`` / ``schema``: a damaged file, or one from a newer Mneme (``memory.open_check``);
- ``fts``: the full-text indexes out of step with ``records`` / ``tier_items``;
- ``vectors``: a missing vector folder, vectors missing or left over, records not indexed;
- ``embedder``: the configured embedder is not the one the store was indexed with;
- ``consolidation``: records never turned into facts and episodes (an interrupted run);
- ``orphans``: evidence, episode links and index entries pointing at nothing, facts without
  evidence, episodes without records;
- ``modes``: files or folders other users could read.

``memory.repair`` fixes what is derived; ``app.services.doctor_checks`` runs both.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from memory.db import Database
from memory.errors import (
    CorruptStoreError,
    NewerSchemaError,
    StoreError,
    VectorIndexError,
    VectorIndexUnavailableError,
)
from memory.indexing import EMBEDDER_META_KEY
from memory.open_check import check_store_file
from memory.private import WideMode, wide_modes
from memory.vectors import VectorIndex
from models.base import EmbedderIdentity

FTS_PAIRS = (("records_fts", "records"), ("tier_fts", "tier_items"))
DERIVED_FK_TABLES = ("fact_evidence", "episode_records", "consolidation", "conflicts")
"""Tables whose rows only link derived data: a row pointing at nothing can simply go."""
ITEM_TABLES = {"f": "facts", "e": "episodes", "p": "persona_statements", "r": "records"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a store."""

    check: str
    message: str
    repairable: bool
    detail: dict[str, Any] = field(default_factory=dict, compare=False)
    """What the repair needs (ids, paths); not part of the JSON report."""

    def as_json(self) -> dict[str, Any]:
        return {"check": self.check, "message": self.message, "repairable": self.repairable}


def file_problems(path: Path, known: Sequence[str]) -> list[Problem]:
    """The open check as problems: ``sqlite`` (damaged) or ``schema`` (newer Mneme)."""
    try:
        check_store_file(path, known)
    except CorruptStoreError as e:
        return [Problem("sqlite", str(e), repairable=False)]
    except NewerSchemaError as e:
        return [Problem("schema", str(e), repairable=False)]
    except StoreError as e:
        return [Problem("sqlite", str(e), repairable=False)]
    return []


def _ids(db: Database, sql: str, params: Sequence[Any] = ()) -> list[int]:
    return [int(r[0]) for r in db.execute(sql, list(params))]


def fts_problems(db: Database) -> list[Problem]:
    """Full-text indexes whose entries do not match their tables."""
    out = []
    for fts, table in FTS_PAIRS:
        missing = _ids(
            db,
            f"SELECT t.id FROM {table} t WHERE NOT EXISTS "
            f"(SELECT 1 FROM {fts}_docsize d WHERE d.id = t.id)",
        )
        extra = _ids(
            db,
            f"SELECT d.id FROM {fts}_docsize d WHERE NOT EXISTS "
            f"(SELECT 1 FROM {table} t WHERE t.id = d.id)",
        )
        stale = False
        if not missing and not extra:
            try:
                db.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError:
                stale = True
        if missing or extra or stale:
            parts = []
            if missing:
                parts.append(f"{len(missing):,} rows of {table} are not in it")
            if extra:
                parts.append(f"{len(extra):,} entries point at rows that are gone")
            if stale:
                parts.append(f"its words do not match the text of {table}")
            out.append(
                Problem(
                    "fts",
                    f"the full-text index {fts} is out of step: {'; '.join(parts)}",
                    repairable=True,
                    detail={"fts": fts},
                )
            )
    return out


def embedded_records(db: Database) -> int:
    """How many records SQLite says have a vector (``VectorIndex.expected`` of records)."""
    return int(db.scalar("SELECT COUNT(*) FROM records WHERE embedded = 1") or 0)


def embedded_items(db: Database) -> int:
    """How many derived items SQLite says have a vector."""
    return int(db.scalar("SELECT COUNT(*) FROM tier_items WHERE embedded = 1") or 0)


def embedder_problems(db: Database, identity: EmbedderIdentity) -> list[Problem]:
    """The store's vectors were made by another embedder than the configured one."""
    stored = db.scalar("SELECT value FROM meta WHERE key = ?", (EMBEDDER_META_KEY,))
    current = f"{identity.model_id}|{identity.dimension}"
    if stored is None or str(stored) == current:
        return []
    model, _, dim = str(stored).partition("|")
    return [
        Problem(
            "embedder",
            f"the store was indexed with {model} ({dim} dims) but the configured embedder is "
            f"{identity.model_id} ({identity.dimension} dims): every vector must be rebuilt",
            repairable=True,
        )
    ]


def vector_problems(
    db: Database, records: VectorIndex, items: VectorIndex | None = None
) -> list[Problem]:
    """Vectors missing, left over, or never made, in the records' and derived items' indexes."""
    if records.storage_missing():
        lost = embedded_records(db) + embedded_items(db)
        if not lost:
            return _unindexed(db)
        return [
            Problem(
                "vectors",
                f"the vector index folder {records.path} is missing: {lost:,} memories have no "
                "vectors, so recall by meaning finds nothing",
                repairable=True,
                detail={"rebuild": True},
            )
        ]
    out: list[Problem] = []
    pairs: list[tuple[str, VectorIndex, str]] = [
        ("records", records, "SELECT 'r' || id FROM records WHERE embedded = 1")
    ]
    if items is not None:
        pairs.append(("derived items", items, "SELECT item_id FROM tier_items WHERE embedded = 1"))
    for label, index, sql in pairs:
        expected = {str(r[0]) for r in db.execute(sql)}
        try:
            present = set(index.all_ids())
        except VectorIndexUnavailableError as e:  # nothing to repair here: start the server
            return [Problem("vectors", str(e), repairable=False)]
        except VectorIndexError as e:
            return [Problem("vectors", str(e), repairable=True, detail={"rebuild": True})]
        missing = sorted(expected - present)
        extra = sorted(present - expected)
        if missing:
            out.append(
                Problem(
                    "vectors",
                    f"{len(missing):,} {label} are marked indexed but have no vector",
                    repairable=True,
                    detail={"missing": missing},
                )
            )
        if extra:
            out.append(
                Problem(
                    "vectors",
                    f"{len(extra):,} vectors of {label} belong to nothing in the database",
                    repairable=True,
                    detail={"extra": extra, "index": label},
                )
            )
    return out + _unindexed(db)


def _unindexed(db: Database) -> list[Problem]:
    n = int(db.scalar("SELECT COUNT(*) FROM records WHERE embedded = 0 AND status = 'active'") or 0)
    m = int(db.scalar("SELECT COUNT(*) FROM tier_items WHERE embedded = 0") or 0)
    if not n and not m:
        return []
    what = " and ".join(
        x for x in (f"{n:,} records" if n else "", f"{m:,} derived items" if m else "") if x
    )
    return [
        Problem(
            "vectors",
            f"{what} are not in the vector index yet (an interrupted import?)",
            repairable=True,
            detail={"pending": True},
        )
    ]


def consolidation_problems(pending: dict[str, int]) -> list[Problem]:
    """Records waiting for consolidation (``Consolidator.pending()``)."""
    n = max(pending.get("facts", 0), pending.get("episodes", 0))
    if not n:
        return []
    return [
        Problem(
            "consolidation",
            f"{n:,} records are not consolidated into facts and episodes (an import or "
            "consolidation was interrupted)",
            repairable=True,
        )
    ]


def orphans(db: Database) -> dict[str, list[Any]]:
    """Rows pointing at nothing: ``{kind: ids}`` (kinds with none are left out)."""
    found: dict[str, list[Any]] = {}
    for table, rowid, _parent, _fk in db.execute("PRAGMA foreign_key_check").fetchall():
        kind = f"links:{table}" if table in DERIVED_FK_TABLES else f"rows:{table}"
        found.setdefault(kind, []).append(rowid)
    lonely = _ids(
        db,
        "SELECT f.id FROM facts f WHERE f.status IN ('current', 'conflict', 'superseded') "
        "AND f.extractor != 'user' AND NOT EXISTS (SELECT 1 FROM fact_evidence ev "
        "WHERE ev.fact_id = f.id AND ev.role = 'supports' AND EXISTS "
        "(SELECT 1 FROM records r WHERE r.id = ev.record_id))",
    )
    if lonely:
        found["facts"] = lonely
    empty = _ids(
        db,
        "SELECT e.id FROM episodes e WHERE NOT EXISTS "
        "(SELECT 1 FROM episode_records er JOIN records r ON r.id = er.record_id "
        "WHERE er.episode_id = e.id)",
    )
    if empty:
        found["episodes"] = empty
    for table, kind in (("tier_items", "index"), ("item_state", "state")):
        gone = _gone_items(db, table)
        if gone:
            found[kind] = gone
    return found


def _gone_items(db: Database, table: str) -> list[str]:
    """Item ids in ``table`` (``f12``, ``e3``...) whose item no longer exists."""
    prefixes = ",".join(f"'{p}'" for p in ITEM_TABLES)
    out = [
        str(r[0])
        for r in db.execute(
            f"SELECT item_id FROM {table} WHERE substr(item_id, 1, 1) NOT IN ({prefixes})"
        )
    ]
    for prefix, target in ITEM_TABLES.items():
        out += [
            str(r[0])
            for r in db.execute(
                f"SELECT t.item_id FROM {table} t WHERE substr(t.item_id, 1, 1) = ? AND NOT "
                f"EXISTS (SELECT 1 FROM {target} x WHERE x.id = CAST(substr(t.item_id, 2) AS "
                "INTEGER))",
                (prefix,),
            )
        ]
    return sorted(set(out))


ORPHAN_WORDS = {
    "facts": "facts have no evidence left",
    "episodes": "episodes have no records left",
    "index": "search index entries belong to nothing",
    "state": "decay states belong to nothing",
}


def orphan_problems(db: Database) -> list[Problem]:
    """``orphans`` as problems (rows of the user's own tables are not repaired)."""
    out = []
    for kind, ids in orphans(db).items():
        if kind.startswith("links:"):
            words = f"rows of {kind[6:]} point at rows that are gone"
        elif kind.startswith("rows:"):
            words = f"rows of {kind[5:]} point at rows that are gone (restore a backup)"
        else:
            words = ORPHAN_WORDS[kind]
        out.append(
            Problem(
                "orphans",
                f"{len(ids):,} {words}",
                repairable=not kind.startswith("rows:"),
                detail={"kind": kind, "ids": ids},
            )
        )
    return out


def mode_problems(roots: Iterable[Path]) -> list[Problem]:
    """Files and folders under ``roots`` that other users could read."""
    roots = list(roots)
    wide: list[WideMode] = wide_modes(roots)
    if not wide:
        return []

    def name(path: Path) -> str:
        for root in roots:
            if path.is_relative_to(root.parent):
                return str(path.relative_to(root.parent))
        return str(path)

    shown = ", ".join(f"{name(w.path)} {w.mode:o}" for w in wide[:8])
    more = f" and {len(wide) - 8} more" if len(wide) > 8 else ""
    return [
        Problem(
            "modes",
            f"{len(wide)} files or folders can be read by other users ({shown}{more}); "
            "folders should be 700 and files 600",
            repairable=True,
            detail={"wide": wide},
        )
    ]
