"""The store's bookkeeping tables: ``meta`` (small key-value state: index progress, import
run markers) and ``import_runs`` (the history of imports with their reports).

``Bookkeeping`` is a base of ``memory.store.MemoryStore`` (which gives it ``db`` and
``clock``); the pipeline (``importers.pipeline``, ``importers.resume``), the watcher and the
indexer call these methods on the store.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from memory.clock import Clock, iso
from memory.db import Database


class Bookkeeping:
    """The ``meta`` and ``import_runs`` tables."""

    db: Database
    clock: Clock

    # -- meta -------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        value = self.db.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return None if value is None else str(value)

    def set_meta(self, key: str, value: str) -> None:
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def meta_with_prefix(self, prefix: str) -> dict[str, str]:
        """Every meta entry whose key starts with ``prefix``."""
        rows = self.db.execute(
            "SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
        )
        return {str(k): str(v) for k, v in rows}

    def delete_meta(self, keys: Sequence[str]) -> None:
        with self.db.transaction():
            self.db.executemany("DELETE FROM meta WHERE key = ?", [(k,) for k in keys])

    # -- import runs ------------------------------------------------------------------
    def save_import_run(
        self,
        *,
        started_at: str,
        paths: Sequence[str],
        dry_run: bool,
        summary: dict[str, int],
        report: dict[str, Any],
    ) -> int:
        with self.db.transaction():
            cur = self.db.execute(
                "INSERT INTO import_runs (started_at, finished_at, paths, dry_run, added, "
                "unchanged, updated, skipped, failed, report) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    started_at,
                    iso(self.clock()),
                    json.dumps(list(paths), ensure_ascii=False),
                    int(dry_run),
                    summary.get("added", 0),
                    summary.get("unchanged", 0),
                    summary.get("updated", 0),
                    summary.get("skipped", 0),
                    summary.get("failed", 0),
                    json.dumps(report, ensure_ascii=False, default=str),
                ),
            )
            return int(cur.lastrowid or 0)

    def import_runs(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.query("SELECT * FROM import_runs ORDER BY id DESC LIMIT ?", (limit,))
        out = []
        for r in rows:
            item = dict(r)
            item["paths"] = json.loads(item["paths"])
            item["report"] = json.loads(item["report"])
            out.append(item)
        return out
