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
