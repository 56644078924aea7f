"""Opening the SQLite database: a cheap check first, WAL mode, foreign keys, one writer.

Called by ``app.bootstrap`` (one ``Database`` per process) and by tests on ``tmp_path``.
Before connecting, ``memory.open_check`` reads the file read-only: a damaged database or one
from a newer Mneme is refused and never written. A new database file is created 0600 (its
``-wal`` and ``-shm`` files take the same mode from SQLite). Writes go through
``Database.transaction()``, which holds a process-wide lock and an ``IMMEDIATE`` SQLite
transaction, so a file's records are stored whole or not at all.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from memory.errors import StoreError
from memory.open_check import SchemaState, check_store_file
from memory.private import create_private_file, private_dir

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)


class Database:
    """A sqlite-utils database with explicit, locked write transactions.

    Args:
        path: the database file, or ``":memory:"`` for tests.
        read_only: open it read-only (backups, checks): nothing is written, not even
            SQLite's statistics on close.

    Raises:
        CorruptStoreError: the file is damaged (it is left untouched).
        NewerSchemaError: the file was written by a newer Mneme (it is left untouched).
        StoreError: the file cannot be opened.
    """

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.schema: SchemaState | None = None
        """The schema found by the open check (None: a new or in-memory database)."""
        if path != ":memory:":
            # Imported here: the migrations module imports this one.
            from memory.migrations import migration_names

            self.schema = check_store_file(Path(path), migration_names())
        try:
            if read_only:
                conn = sqlite3.connect(
                    f"{Path(path).resolve().as_uri()}?mode=ro",
                    uri=True,
                    check_same_thread=False,
                    isolation_level=None,
                    timeout=30.0,
                )
                conn.execute("PRAGMA query_only=ON")
            else:
                if path != ":memory:":
                    private_dir(Path(path).parent)
                    create_private_file(Path(path))
                conn = sqlite3.connect(
                    str(path), check_same_thread=False, isolation_level=None, timeout=30.0
                )
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA cache_size=-65536")
            conn.execute("PRAGMA temp_store=MEMORY")
            conn.execute("PRAGMA mmap_size=268435456")
        except (sqlite3.Error, OSError) as e:
            raise StoreError(f"{path}: cannot open the Mneme database ({e})") from e
        import sqlite_utils  # imported here: it pulls in click at import time

        self.conn = conn
        self.db: sqlite_utils.Database = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one write transaction (nested calls join the outer one)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._depth = 0

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the writer lock without opening a transaction (for sqlite-utils helpers)."""
        with self._lock:
            yield

    def execute(self, sql: str, params: tuple | list | dict = ()) -> sqlite3.Cursor:
        """Run one statement (reads, or writes inside ``transaction()``)."""
        with self._lock:
            return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        """Run one statement for each of ``rows`` (inside ``transaction()``)."""
        with self._lock:
            return self.conn.executemany(sql, rows)

    def query(self, sql: str, params: tuple | list | dict = ()) -> list[sqlite3.Row]:
        """Fetch all rows of a read query as ``sqlite3.Row`` (mapping-like)."""
        with self._lock:
            cur = self.conn.cursor()
            cur.row_factory = sqlite3.Row
            return cur.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: tuple | list | dict = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        with self._lock:
            if not self.read_only:
                try:
                    self.conn.execute("PRAGMA optimize")
                except sqlite3.Error as e:
                    log.debug("optimize failed: %s", e)
            self.conn.close()
