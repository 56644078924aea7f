"""Consistent copies of SQLite databases, and digests that prove two copies hold the same data.

``snapshot`` copies a live database with the SQLite backup API (a consistent point in time,
even while another process writes) into a new 0600 file. ``table_digests`` gives every
table's row count and a SHA-256 of its rows: ``mneme backup`` records them in the backup's
manifest and ``mneme restore`` checks the restored file against them.

Used by ``memory.migrations`` (the backup taken before migrating), ``memory.backup_file``'s
callers in ``app.services.backup`` and the tests.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from memory.errors import StoreError
from memory.private import PRIVATE_FILE, create_private_file, private_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TableDigest:
    """One table's row count and the SHA-256 of its rows (in primary-key order)."""

    rows: int
    sha256: str

    def as_json(self) -> list[Any]:
        return [self.rows, self.sha256]


def snapshot(source: sqlite3.Connection | Path, dest: Path) -> Path:
    """Copy the database ``source`` (an open connection or a file) to ``dest`` (mode 0600).

    ``dest`` is written through a ``.part`` file and renamed, so a failure leaves nothing.

    Raises:
        StoreError: the copy failed.
    """
    private_dir(dest.parent)
    part = dest.with_name(dest.name + ".part")
    part.unlink(missing_ok=True)
    own = not isinstance(source, sqlite3.Connection)
    try:
        src = (
            sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
            if not isinstance(source, sqlite3.Connection)
            else source
        )
        create_private_file(part)
        out = sqlite3.connect(part)
        try:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")
        finally:
            out.close()
            if own:
                src.close()
        part.chmod(PRIVATE_FILE)
        part.replace(dest)
    except (sqlite3.Error, OSError) as e:
        part.unlink(missing_ok=True)
        raise StoreError(f"{dest}: cannot copy the database ({e})") from e
    return dest


def _tables(conn: sqlite3.Connection) -> list[str]:
    """Every real table (virtual tables are left out; their shadow tables are included)."""
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]


def _order(conn: sqlite3.Connection, table: str) -> str:
    pk = [
        str(r[1])
        for r in sorted(
            (r for r in conn.execute(f'PRAGMA table_info("{table}")') if r[5]), key=lambda r: r[5]
        )
    ]
    without_rowid = conn.execute(
        "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = ?", (table,)
    ).fetchone()[0]
    if without_rowid:
        return ", ".join(f'"{c}"' for c in pk)
    return "rowid"


def _feed(h: Any, value: Any) -> None:
    if value is None:
        h.update(b"N;")
    elif isinstance(value, bytes):
        h.update(b"B%d:" % len(value) + value)
    elif isinstance(value, int):
        h.update(b"I%d;" % value)
    elif isinstance(value, float):
        h.update(b"F" + value.hex().encode() + b";")
    else:
        data = str(value).encode("utf-8", "surrogatepass")
        h.update(b"T%d:" % len(data) + data)


def table_digests(db: sqlite3.Connection | Path) -> dict[str, TableDigest]:
    """Row count and SHA-256 of the rows of every table of ``db`` (read-only)."""
    own = not isinstance(db, sqlite3.Connection)
    conn = (
        sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
        if not isinstance(db, sqlite3.Connection)
        else db
    )
    try:
        out: dict[str, TableDigest] = {}
        for table in _tables(conn):
            h = hashlib.sha256()
            rows = 0
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY {_order(conn, table)}'):
                rows += 1
                for value in row:
                    _feed(h, value)
                h.update(b"\n")
            out[table] = TableDigest(rows, h.hexdigest())
        return out
    except sqlite3.Error as e:
        raise StoreError(f"cannot read the database's tables ({e})") from e
    finally:
        if own:
            conn.close()
