"""Resuming an import that was killed or interrupted.

An import stores each file in one transaction, then indexes the new records, then
consolidates them (facts, episodes, persona). A kill or Ctrl+C between those steps loses
nothing, but leaves work behind: records not yet in the vector index and records not yet
consolidated. The next ``mneme import`` finds that work (``Unfinished``) and finishes it,
with progress, saying that it is resuming.

``RunMarkers`` tells an interrupted run from one still going: each import writes a marker
(its process id and start time) into the store's ``meta`` table when it starts and removes
it when it ends. A marker whose process is gone belongs to a run that was interrupted.
Used by ``importers.pipeline``.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from importers.errors import ImportFailure
from memory.store import MemoryStore

log = logging.getLogger(__name__)

MARKER_PREFIX = "import.running."


class Consolidation(Protocol):
    """What the pipeline needs of the memory tiers (``memory.tiers.services.TierServices``)."""

    def pending(self) -> int:
        """The most records waiting for any consolidation step (0: up to date)."""
        ...

    def consolidate(
        self,
        progress: Callable[[Any], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> Any:
        """Consolidate everything pending; ``progress`` gets ticks with phase/done/total."""
        ...


@dataclass(frozen=True)
class RunMarker:
    """An import run as recorded when it started (``stopped``: it was interrupted)."""

    key: str
    pid: int
    created: float | None
    started_at: str
    paths: tuple[str, ...]
    stopped: bool = False


def _process_started(pid: int) -> float | None:
    """When process ``pid`` started (None when there is no such process)."""
    import psutil

    try:
        return float(psutil.Process(pid).create_time())
    except (psutil.Error, OSError, ValueError):
        return None


def _alive(marker: RunMarker) -> bool:
    if marker.stopped:
        return False
    if marker.pid == os.getpid():
        return True  # a run of this very process (the TUI imports while its watcher runs)
    started = _process_started(marker.pid)
    if started is None:
        return False
    # the pid may have been reused by another program since
    return marker.created is None or abs(started - marker.created) < 1.0


class RunMarkers:
    """Markers of the import runs in progress, kept in the store's ``meta`` table."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def begin(self, paths: Sequence[str], started_at: str) -> str:
        """Record that a run started; returns its key (for ``end``)."""
        key = f"{MARKER_PREFIX}{os.getpid()}.{uuid.uuid4().hex[:8]}"
        value = {
            "pid": os.getpid(),
            "created": _process_started(os.getpid()),
            "started_at": started_at,
            "paths": list(paths),
        }
        self.store.set_meta(key, json.dumps(value, ensure_ascii=False))
        return key

    def stopped(self, key: str) -> None:
        """Mark run ``key`` interrupted (Ctrl+C): its process may live on (the TUI)."""
        raw = self.store.get_meta(key)
        value = json.loads(raw) if raw else {}
        value["stopped"] = True
        self.store.set_meta(key, json.dumps(value, ensure_ascii=False))

    def end(self, keys: Sequence[str]) -> None:
        """Forget the markers ``keys`` (a run that ended, or interrupted runs resumed)."""
        if keys:
            self.store.delete_meta(list(keys))

    def scan(self) -> tuple[list[RunMarker], list[RunMarker]]:
        """``(interrupted, running)``: the runs whose process is gone without ending them
        (killed, or stopped by Ctrl+C), and the runs still going (this process included)."""
        interrupted: list[RunMarker] = []
        running: list[RunMarker] = []
        for key, raw in self.store.meta_with_prefix(MARKER_PREFIX).items():
            try:
                value = json.loads(raw)
                marker = RunMarker(
                    key=key,
                    pid=int(value["pid"]),
                    created=value.get("created"),
                    started_at=str(value.get("started_at") or ""),
                    paths=tuple(str(p) for p in value.get("paths") or ()),
                    stopped=bool(value.get("stopped")),
                )
            except (ValueError, KeyError, TypeError) as e:
                log.warning("unreadable import marker %s: %s", key, e)
                marker = RunMarker(key, -1, None, "", ())
            (running if _alive(marker) else interrupted).append(marker)
        return interrupted, running

    def interrupted(self) -> list[RunMarker]:
        """The runs whose process is gone without ending them (killed or interrupted)."""
        return self.scan()[0]


@dataclass(frozen=True)
class Unfinished:
    """Work that earlier runs left: records to index and to consolidate, interrupted runs."""

    to_index: int = 0
    to_consolidate: int = 0
    interrupted: tuple[RunMarker, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.to_index or self.to_consolidate or self.interrupted)

    def describe(self) -> str:
        """One line for the user, e.g. "Resuming the interrupted import of ~/notes ..."."""
        paths = sorted({p for m in self.interrupted for p in m.paths})
        if paths:
            shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
            what = f"Resuming the interrupted import of {shown}"
        elif self.interrupted:
            what = "Resuming an interrupted import"
        else:
            what = "Resuming unfinished work"
        left = []
        if self.to_index:
            left.append(f"{self.to_index:,} records to index")
        if self.to_consolidate:
            left.append(f"{self.to_consolidate:,} to consolidate")
        return what + (f": {', '.join(left)}." if left else ".")

    def as_json(self) -> dict[str, Any]:
        return {
            "to_index": self.to_index,
            "to_consolidate": self.to_consolidate,
            "interrupted": [
                {"started_at": m.started_at, "paths": list(m.paths)} for m in self.interrupted
            ],
            "message": self.describe(),
        }


class ImportInterrupted(ImportFailure):
    """The user stopped an import (Ctrl+C). The message says what was stored and how to
    resume; ``report`` is what the run did until then."""

    def __init__(self, message: str, report: Any) -> None:
        super().__init__(message, title="Import interrupted")
        self.report = report


def interrupted_message(
    files: int, records: int, to_index: int, to_consolidate: int, paths: Sequence[str]
) -> str:
    """What a Ctrl+C'd import stored, what it left to do, and the command that resumes it."""
    import shlex

    stored = f"Stored before the interruption: {files:,} file(s), {records:,} new records"
    left = []
    if to_index:
        left.append(f"{to_index:,} records not yet indexed")
    if to_consolidate:
        left.append(f"{to_consolidate:,} not yet consolidated")
    stored += f" ({', '.join(left)})." if left else "."
    command = "mneme import " + " ".join(shlex.quote(p) for p in paths)
    return (
        f"Import interrupted. {stored} Nothing stored is lost. To resume, run: {command} "
        "(files already stored come back unchanged; the rest are imported, then indexing "
        "and consolidation are finished)."
    )
