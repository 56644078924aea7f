"""The memory-tier migration: applies on a blank database and on a foundation-only one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from memory.db import Database
from memory.migrations import MIGRATIONS, applied, migrate
from memory.store import MemoryStore

TIER_TABLES = {
    "entities", "facts", "fact_evidence", "conflicts", "episodes", "episode_records",
    "persona_versions", "persona_statements", "item_state", "consolidation",
    "forgotten_keys", "tier_items", "tier_fts",
}


def tables(db: Database) -> set[str]:
    return {str(r[0]) for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_tiers_migration_from_blank() -> None:
    db = Database(":memory:")
    MemoryStore(db)
    assert tables(db) >= TIER_TABLES
    assert "m002_tiers" in applied(db)


def test_tiers_migration_upgrades_a_foundation_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    from sqlite_utils.migrations import Migrations

    old = Migrations("mneme")
    old()(MIGRATIONS[0])
    with db.lock():
        old.apply(db.db)
    db.execute(
        "INSERT INTO sources (uri, kind, imported_at) VALUES ('file:/x.md', 'markdown', '2024-01-01')"
    )
    assert "facts" not in tables(db)
    assert "m002_tiers" in migrate(db)
    assert tables(db) >= TIER_TABLES
    assert db.scalar("SELECT COUNT(*) FROM sources") == 1


def test_one_live_fact_per_key() -> None:
    db = Database(":memory:")
    MemoryStore(db)
    db.execute("INSERT INTO entities (name, key, created_at) VALUES ('me', '__self__', 'now')")
    row = (
        "INSERT INTO facts (subject_id, predicate, object, object_key, text, confidence, "
        "recorded_at, status, extractor, fact_key) VALUES (1, 'lives_in', 'Berlin', 'berlin', "
        "'You live in Berlin.', 0.9, 'now', ?, 'deterministic', '1|lives_in|berlin')"
    )
    db.execute(row, ("current",))
    db.execute(row, ("superseded",))
    try:
        db.execute(row, ("conflict",))
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("a second live fact with the same key was accepted")
