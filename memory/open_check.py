"""The cheap check every command runs before it opens the database for real.

``check_store_file`` reads the file through a read-only connection, so a store that fails
the check is never written, not even by a pragma:

- the SQLite header (a file cut off, or not a database at all);
- ``PRAGMA quick_check`` (a damaged page anywhere; about 40 ms for 100k records);
- the schema version: a database from a newer Mneme (a migration this code does not know,
  or ``user_version`` above ours) is refused with a message naming both versions.

Called by ``memory.db.Database`` before it connects, and by ``memory.health`` for
``mneme doctor --check``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from memory.errors import CorruptStoreError, NewerSchemaError, StoreError

MIGRATION_SET = "mneme"
HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class SchemaState:
    """Which schema a database file holds."""

    version: int
    """``user_version``, or the number of migrations applied when it is not set (stores made
    before Mneme recorded it)."""
    applied: tuple[str, ...]
    unknown: tuple[str, ...]
    """Applied migrations this Mneme does not know (from a newer Mneme)."""


def _damaged(path: Path, detail: str) -> CorruptStoreError:
    return CorruptStoreError(
        f"{path} is damaged ({detail}); Mneme will neither read nor change it. Restore a "
        "backup with `mneme restore FILE` into an empty MNEME_HOME, or see `mneme doctor "
        "--check`",
        title="Database damaged",
    )


def _check_header(path: Path) -> None:
    with path.open("rb") as f:
        head = f.read(100)
    if len(head) < 100 or not head.startswith(HEADER):
        raise _damaged(path, "not a SQLite database")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    counter = int.from_bytes(head[24:28], "big")
    valid_for = int.from_bytes(head[92:96], "big")
    wal = Path(f"{path}-wal")
    if pages and counter == valid_for and not (wal.exists() and wal.stat().st_size):
        want = pages * page_size
        size = path.stat().st_size
        if size < want:
            raise _damaged(path, f"cut off: {size:,} of {want:,} bytes")


def read_schema(conn: sqlite3.Connection, known: Sequence[str]) -> SchemaState:
    """The schema version of the database behind ``conn`` (any connection, read-only too)."""
    user_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    applied: tuple[str, ...] = ()
    if has_table:
        applied = tuple(
            str(r[0])
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                (MIGRATION_SET,),
            )
        )
    unknown = tuple(name for name in applied if name not in set(known))
    return SchemaState(max(user_version, len(applied)), applied, unknown)


def newer_error(path: Path | str, state: SchemaState, known: int) -> NewerSchemaError:
    """The refusal of a store from a newer Mneme, naming both schema versions."""
    return NewerSchemaError(
        f"{path} was written by a newer Mneme (schema version {state.version}); this Mneme "
        f"knows schema version {known}. It was left unchanged: upgrade Mneme to use it",
        title="Database from a newer Mneme",
    )


def check_store_file(path: Path, known: Sequence[str]) -> SchemaState | None:
    """Check the database at ``path`` without writing to it.

    Args:
        path: the database file (nothing is checked when it does not exist or is empty:
            a new store).
        known: the names of the migrations this Mneme has, in order.

    Returns:
        The file's schema state, or None for a new store.

    Raises:
        CorruptStoreError: the file is not a database, is cut off or fails ``quick_check``.
        NewerSchemaError: the file was written by a newer Mneme.
    """
    path = Path(path)
    try:
        if not path.exists() or path.stat().st_size == 0:
            return None
        _check_header(path)
    except OSError as e:
        raise CorruptStoreError(
            f"{path}: cannot read the Mneme database ({e.strerror or e})"
        ) from e
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30.0)
    except sqlite3.Error as e:
        raise _damaged(path, str(e)) from e
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if [tuple(r) for r in rows] != [("ok",)]:
            first = str(rows[0][0]) if rows else "no answer"
            more = f" and {len(rows) - 1} more problems" if len(rows) > 1 else ""
            raise _damaged(path, f"SQLite's quick_check: {first}{more}")
        state = read_schema(conn, known)
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise StoreError(f"{path}: the database is locked by another program ({e})") from e
        raise _damaged(path, str(e)) from e
    except sqlite3.DatabaseError as e:
        raise _damaged(path, str(e)) from e
    finally:
        conn.close()
    if state.unknown or state.version > len(known):
        raise newer_error(path, state, len(known))
    return state
