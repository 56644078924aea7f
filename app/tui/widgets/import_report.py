"""The import screen's report: one row per file with its status and records; why a file
failed or was skipped, and its warnings, wrap under its path, so they read in full at any
width. A preview (dry run) labels files by what importing them *would* do ("would add"), as
its summary line counts them; nothing was written.

Used by ``app.tui.screens.import_screen``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text

from app.tui.widgets.fit_table import FitTable

if TYPE_CHECKING:
    from app.services.imports import ImportReport

STATUS_STYLE = {
    "added": "green",
    "updated": "cyan",
    "unchanged": "dim",
    "skipped": "yellow",
    "failed": "bold red",
}
PREVIEW_LABELS = {"added": "would add", "updated": "would update", "skipped": "would skip"}
"""A preview's file statuses, said as what importing would do (unchanged and failed stay)."""
RECORDS_WIDTH = len("Records")
MIN_FILE_WIDTH = 12


def status_label(status: str, dry_run: bool) -> str:
    """``would add`` for a preview's ``added``; the status itself otherwise."""
    return PREVIEW_LABELS.get(status, status) if dry_run else status


def summary_line(report: ImportReport) -> str:
    """``Preview of 4 files (nothing was written): would add 3, …`` / ``Imported 12 new
    memories: 3 added, …``."""
    s = report.summary
    if report.dry_run:
        counts = ", ".join(
            f"{status_label(k, True)} {s[k]}"
            for k in ("added", "updated", "unchanged", "skipped", "failed")
        )
        n = len(report.files)
        return f"Preview of {n} file{'s' if n != 1 else ''} (nothing was written): {counts}."
    memories = "memory" if report.records_added == 1 else "memories"
    return (
        f"Imported {report.records_added:,} new {memories}: {s['added']} added, "
        f"{s['updated']} updated, {s['unchanged']} unchanged, {s['skipped']} skipped, "
        f"{s['failed']} failed."
    )


def short_path(display: str, roots: Sequence[str]) -> str:
    """``display`` relative to the chosen path it lies under (keeping that path's name)."""
    for root in roots:
        base = os.path.abspath(Path(root).expanduser()).rstrip("/")
        if display == base:
            return Path(base).name or base
        if display.startswith(base + "/"):
            return f"{Path(base).name}/{display[len(base) + 1 :]}"
    return display


class ReportTable(FitTable):
    """The files of an import report; the file column takes the room the others leave."""

    COLUMNS = (("File", "file"), ("Status", "status"), ("Records", "records"))

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.report: ImportReport | None = None
        self._status_w = len("Status")

    def on_mount(self) -> None:
        self.set_table(self.COLUMNS, [])

    def show(self, report: ImportReport, roots: Sequence[str]) -> None:
        """Show ``report``; paths under one of ``roots`` are shown relative to it."""
        self.report = report
        rows = []
        for f in report.files:
            records = (
                f.new_records
                if not report.dry_run and f.status in ("added", "updated")
                else f.records
            )
            cell = Text(short_path(f.path, roots), overflow="fold")
            if f.reason:
                cell.append(f"\n{f.reason}", style="italic")
            for warning in f.warnings:
                cell.append(f"\n⚠ {warning}", style="dim")
            label = status_label(f.status, report.dry_run)
            rows.append(
                (cell, Text(label, style=STATUS_STYLE.get(f.status, "")), Text(str(records)))
            )
        self._status_w = max([len("Status"), *(cell_len(r[1].plain) for r in rows)])
        self.set_table(self.COLUMNS, rows)

    def column_widths(self, room: int) -> list[int]:
        rest = room - self._status_w - RECORDS_WIDTH
        return [max(MIN_FILE_WIDTH, rest), self._status_w, RECORDS_WIDTH]


class WatchedTable(FitTable):
    """The watched folders and what the watcher does with each; both columns wrap."""

    COLUMNS = (("Folder", "folder"), ("Status", "status"))

    def on_mount(self) -> None:
        self.set_table(self.COLUMNS, [])

    def column_widths(self, room: int) -> list[int]:
        longest = max([len("Status"), *(cell_len(r[1].plain) for r in self._cells)])
        status = min(longest, room // 2)
        return [room - status, status]
