"""Schema migrations, with sqlite-utils ``Migrations``.

Each ``m00N_...`` function runs once, in order, inside a transaction, and is never edited
after it ships: a schema change is a new migration. ``migrate(db)`` is called by
``MemoryStore`` on every start.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from memory.db import Database

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

# sqlite-utils imports click at import time; it is imported only when a database is opened so
# that importing ``memory`` stays free of CLI libraries.
MigrationFn = Callable[["sqlite_utils.Database"], None]
MIGRATIONS: list[MigrationFn] = []


def migration(fn: MigrationFn) -> MigrationFn:
    """Register ``fn`` as the next migration (definition order is running order)."""
    MIGRATIONS.append(fn)
    return fn


def _migrations() -> Any:
    from sqlite_utils.migrations import Migrations

    migrations = Migrations("mneme")
    for fn in MIGRATIONS:
        migrations()(fn)
    return migrations


def applied(db: Database) -> list[str]:
    """Names of the migrations already applied to ``db``."""
    return [m.name for m in _migrations().applied(db.db)]


def migrate(db: Database) -> list[str]:
    """Apply every pending migration; returns the names applied now."""
    migrations = _migrations()
    with db.lock():
        pending = [m.name for m in migrations.pending(db.db)]
        if pending:
            log.info("applying migrations %s", ", ".join(pending))
            migrations.apply(db.db)
    return pending


def run_script(db: sqlite_utils.Database, script: str) -> None:
    """Run several statements inside the current transaction.

    ``sqlite3.executescript`` would commit first, breaking the one-transaction-per-migration
    rule, so statements are split with ``sqlite3.complete_statement`` and run one by one.
    """
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                db.execute(buf)
            buf = ""
    if buf.strip():
        db.execute(buf)


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    """Sources, verbatim records with FTS5, import runs and store metadata."""
    run_script(
        db,
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            uri TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            title TEXT,
            content_hash TEXT,
            size INTEGER,
            mtime REAL,
            imported_at TEXT NOT NULL,
            updated_at TEXT,
            status TEXT NOT NULL DEFAULT 'active',
            error TEXT,
            metadata TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX idx_sources_status ON sources(status);
        CREATE TABLE records (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            kind TEXT NOT NULL,
            seq INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL,
            speaker TEXT,
            conversation TEXT,
            title TEXT,
            event_time TEXT,
            created_at TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active',
            superseded_at TEXT,
            external_id TEXT,
            metadata TEXT NOT NULL DEFAULT '{}',
            embedded INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX idx_records_source ON records(source_id, status);
        CREATE INDEX idx_records_hash ON records(content_hash);
        CREATE INDEX idx_records_time ON records(event_time);
        CREATE INDEX idx_records_conversation ON records(conversation, event_time);
        CREATE INDEX idx_records_pending ON records(embedded) WHERE embedded = 0;

        CREATE VIRTUAL TABLE records_fts USING fts5(
            text, speaker, title,
            content='records', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER records_ai AFTER INSERT ON records BEGIN
            INSERT INTO records_fts(rowid, text, speaker, title)
            VALUES (new.id, new.text, new.speaker, new.title);
        END;
        CREATE TRIGGER records_ad AFTER DELETE ON records BEGIN
            INSERT INTO records_fts(records_fts, rowid, text, speaker, title)
            VALUES ('delete', old.id, old.text, old.speaker, old.title);
        END;
        CREATE TRIGGER records_au AFTER UPDATE OF text, speaker, title ON records BEGIN
            INSERT INTO records_fts(records_fts, rowid, text, speaker, title)
            VALUES ('delete', old.id, old.text, old.speaker, old.title);
            INSERT INTO records_fts(rowid, text, speaker, title)
            VALUES (new.id, new.text, new.speaker, new.title);
        END;

        CREATE TABLE import_runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            paths TEXT NOT NULL,
            dry_run INTEGER NOT NULL DEFAULT 0,
            added INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            report TEXT NOT NULL DEFAULT '{}'
        );
        """
    )


@migration
def m002_tiers(db: sqlite_utils.Database) -> None:
    """Memory tiers: entities, facts with evidence and conflicts, episodes, persona versions,
    decay state, consolidation bookkeeping and a search index over derived items."""
    run_script(
        db,
        """
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'person',
            aliases TEXT NOT NULL DEFAULT '[]',
            is_self INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );

        CREATE TABLE facts (
            id INTEGER PRIMARY KEY,
            subject_id INTEGER NOT NULL REFERENCES entities(id),
            predicate TEXT NOT NULL,
            object TEXT NOT NULL,
            object_key TEXT NOT NULL,
            object_id INTEGER REFERENCES entities(id),
            qualifier TEXT,
            text TEXT NOT NULL,
            confidence REAL NOT NULL,
            valid_from TEXT,
            valid_to TEXT,
            observed_at TEXT,
            recorded_at TEXT NOT NULL,
            retired_at TEXT,
            status TEXT NOT NULL,
            superseded_by INTEGER REFERENCES facts(id) ON DELETE SET NULL,
            extractor TEXT NOT NULL,
            retire_reason TEXT,
            fact_key TEXT NOT NULL
        );
        CREATE UNIQUE INDEX idx_facts_live_key ON facts(fact_key)
            WHERE status IN ('current', 'conflict');
        CREATE INDEX idx_facts_subject ON facts(subject_id, predicate, status);
        CREATE INDEX idx_facts_key ON facts(fact_key);

        CREATE TABLE fact_evidence (
            fact_id INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
            record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            role TEXT NOT NULL DEFAULT 'supports',
            quote TEXT NOT NULL,
            observed_at TEXT,
            PRIMARY KEY (fact_id, record_id, role)
        );
        CREATE INDEX idx_fact_evidence_record ON fact_evidence(record_id);

        CREATE TABLE conflicts (
            id INTEGER PRIMARY KEY,
            fact_id INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
            other_fact_id INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL,
            resolved_at TEXT,
            resolution TEXT
        );
        CREATE INDEX idx_conflicts_open ON conflicts(resolved_at);

        CREATE TABLE episodes (
            id INTEGER PRIMARY KEY,
            episode_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            summary TEXT NOT NULL,
            summary_method TEXT NOT NULL,
            start_time TEXT,
            end_time TEXT,
            participants TEXT NOT NULL DEFAULT '[]',
            conversation TEXT,
            source_id INTEGER REFERENCES sources(id),
            created_at TEXT NOT NULL,
            updated_at TEXT,
            status TEXT NOT NULL DEFAULT 'active'
        );
        CREATE INDEX idx_episodes_time ON episodes(start_time);
        CREATE INDEX idx_episodes_group ON episodes(source_id, conversation);

        CREATE TABLE episode_records (
            episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
            record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            PRIMARY KEY (episode_id, record_id)
        );
        CREATE INDEX idx_episode_records_record ON episode_records(record_id);

        CREATE TABLE persona_versions (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            statements INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE persona_statements (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES persona_versions(id),
            section TEXT NOT NULL,
            stmt_key TEXT NOT NULL,
            text TEXT NOT NULL,
            fact_ids TEXT NOT NULL DEFAULT '[]',
            record_ids TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'current',
            origin TEXT NOT NULL DEFAULT 'derived',
            created_at TEXT NOT NULL,
            confirmed_at TEXT,
            retired_at TEXT,
            superseded_by INTEGER REFERENCES persona_statements(id) ON DELETE SET NULL
        );
        CREATE INDEX idx_persona_live ON persona_statements(status, section);
        CREATE INDEX idx_persona_key ON persona_statements(stmt_key);

        CREATE TABLE item_state (
            item_id TEXT PRIMARY KEY,
            strength REAL NOT NULL DEFAULT 1.0,
            importance REAL NOT NULL DEFAULT 0.0,
            last_access TEXT,
            access_count INTEGER NOT NULL DEFAULT 0,
            pinned INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );

        CREATE TABLE consolidation (
            record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
            facts_at TEXT,
            episodes_at TEXT
        );

        CREATE TABLE forgotten_keys (
            key_hash TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        );

        CREATE TABLE tier_items (
            id INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL UNIQUE,
            tier TEXT NOT NULL,
            text TEXT NOT NULL,
            embedded INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX idx_tier_items_pending ON tier_items(embedded) WHERE embedded = 0;
        CREATE VIRTUAL TABLE tier_fts USING fts5(
            text,
            content='tier_items', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER tier_items_ai AFTER INSERT ON tier_items BEGIN
            INSERT INTO tier_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER tier_items_ad AFTER DELETE ON tier_items BEGIN
            INSERT INTO tier_fts(tier_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TRIGGER tier_items_au AFTER UPDATE OF text ON tier_items BEGIN
            INSERT INTO tier_fts(tier_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO tier_fts(rowid, text) VALUES (new.id, new.text);
        END;
        """
    )


@migration
def m003_records_source_seq(db: sqlite_utils.Database) -> None:
    """Index records by (source, position), so recall finds a message's neighbours fast."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_records_source_seq ON records(source_id, seq)")
