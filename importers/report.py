"""What an import run reports: a result per file, the run's totals, and progress ticks.

Built by ``importers.pipeline.Importer.run`` and read by every front end (``mneme import``,
the TUI's import screen, the folder watcher), as objects or as JSON (``as_json``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

FileStatus = Literal["added", "unchanged", "updated", "skipped", "failed"]
STATUSES: tuple[FileStatus, ...] = ("added", "unchanged", "updated", "skipped", "failed")


@dataclass
class FileResult:
    """The outcome for one file."""

    path: str
    status: FileStatus
    records: int = 0
    reason: str | None = None
    format: str | None = None
    new_records: int = 0
    superseded: int = 0
    warnings: list[str] = field(default_factory=list)
    new_record_ids: tuple[int, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "records": self.records,
            "reason": self.reason,
            "format": self.format,
            "new_records": self.new_records,
            "superseded": self.superseded,
            "warnings": self.warnings,
        }


@dataclass
class ImportReport:
    """What an import run did, file by file.

    Attributes:
        resumed: the unfinished work of an earlier run that this run took up
            (``importers.resume.Unfinished.as_json``), or None.
        consolidated: the consolidation run's summary line, when one ran.
        consolidation_error: why consolidation failed (its work stays pending).
    """

    files: list[FileResult] = field(default_factory=list)
    dry_run: bool = False
    run_id: int | None = None
    indexed: int = 0
    index_error: str | None = None
    new_record_ids: list[int] = field(default_factory=list)
    resumed: dict[str, Any] | None = None
    consolidated: str | None = None
    consolidation_error: str | None = None

    def count(self, status: FileStatus) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def summary(self) -> dict[str, int]:
        return {s: self.count(s) for s in STATUSES}

    @property
    def records_added(self) -> int:
        return sum(f.new_records for f in self.files)

    @property
    def nothing_done(self) -> bool:
        """True when no file could be imported or confirmed unchanged."""
        ok = self.count("added") + self.count("updated") + self.count("unchanged")
        return ok == 0

    def as_json(self) -> dict[str, Any]:
        """``{"files": [{"path", "status", "records", "reason"}], "added", "unchanged",
        "updated", "failed"}`` plus ``skipped``, ``records_added``, ``dry_run``, ``run_id``,
        ``indexed``, ``index_error``, ``resumed``, ``consolidated``, ``consolidation_error``."""
        return {
            "files": [f.as_json() for f in self.files],
            **self.summary,
            "records_added": self.records_added,
            "dry_run": self.dry_run,
            "run_id": self.run_id,
            "indexed": self.indexed,
            "index_error": self.index_error,
            "resumed": self.resumed,
            "consolidated": self.consolidated,
            "consolidation_error": self.consolidation_error,
        }


@dataclass(frozen=True)
class ImportProgress:
    """A progress tick: ``done`` of ``total`` in ``phase``, the current item, records so far.

    Phases, in order: ``resume`` (once, when earlier work is taken up; ``current`` says
    what), ``import`` (files), ``index`` (records embedded), ``consolidate`` (records read
    into facts and episodes; ``current`` names the stage), ``done``.
    """

    phase: str
    done: int
    total: int
    current: str | None = None
    records: int = 0


ProgressSink = Callable[[ImportProgress], None]
