"""The import screen: choose paths, preview (dry run), import with progress, read the report.

Paths are typed (Enter adds) or picked in the tree (highlighting fills the box; selecting a
file adds it). Preview and Import run ``app.services.imports.run_import`` in a thread
worker, as ``mneme import`` does (the user's self names mark their own chat messages); its
``ImportProgress`` callbacks come back as ``Progress`` messages for the progress bar and the
app's status line, and the report fills the table. Watched folders
(``settings.watch_folders``) are listed with their status.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    DirectoryTree,
    Input,
    Label,
    OptionList,
    ProgressBar,
    Static,
)
from textual.widgets.option_list import Option

from app.services import imports, watch
from app.services.views import WatchedFolder
from app.tui.screens.base import MnemeScreen
from app.tui.status import TaskInfo
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.services.imports import ImportProgress, ImportReport
    from app.services.watch import FolderWatcher

STATUS_STYLE = {
    "added": "green",
    "updated": "cyan",
    "unchanged": "dim",
    "skipped": "yellow",
    "failed": "bold red",
}


class PathTree(DirectoryTree):
    """A directory tree without hidden files and folders (the importer skips them too)."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")]


def short_path(display: str, roots: list[str]) -> str:
    """``display`` relative to the chosen path it lies under (keeping that path's name)."""
    for root in roots:
        base = os.path.abspath(Path(root).expanduser()).rstrip("/")
        if display == base:
            return Path(base).name or base
        if display.startswith(base + "/"):
            return f"{Path(base).name}/{display[len(base) + 1 :]}"
    return display


def summary_line(report: ImportReport) -> str:
    """``Preview: 3 to add, 1 unchanged, 0 failed`` / ``Imported: 12 records from 3 files``."""
    s = report.summary
    if report.dry_run:
        return (
            f"Preview: {s['added']} to add, {s['updated']} to update, {s['unchanged']} unchanged, "
            f"{s['skipped']} skipped, {s['failed']} failed. Nothing was written."
        )
    return (
        f"Imported {report.records_added:,} new memories: {s['added']} added, "
        f"{s['updated']} updated, {s['unchanged']} unchanged, {s['skipped']} skipped, "
        f"{s['failed']} failed."
    )


class ImportScreen(MnemeScreen):
    """Choose paths, preview, import with progress, see the report and watched folders."""

    BINDINGS = [
        Binding("ctrl+t", "preview", "Preview"),
        Binding("ctrl+r", "run_import", "Import"),
        Binding("ctrl+l", "focus_path", "Path"),
        Binding("delete", "remove_path", "Remove path", show=False),
    ]

    @dataclass
    class Progress(Message):
        progress: ImportProgress
        dry_run: bool

    @dataclass
    class Done(Message):
        report: ImportReport

    @dataclass
    class Failed(Message):
        error: str

    @dataclass
    class Watched(Message):
        folders: list[WatchedFolder]

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []
        self.report: ImportReport | None = None
        self.running = False

    def compose_body(self) -> Iterable[Widget]:
        root = getattr(self.app, "browse_root", None) or Path.home()
        yield Horizontal(
            Vertical(
                Label("Files and folders to import", classes="section-title"),
                Horizontal(
                    Input(placeholder="A path (~ works); Enter adds it", id="path-input"),
                    Button("Add", id="add-path"),
                    id="path-row",
                ),
                PathTree(str(root), id="tree"),
                Label("Chosen (Del removes)", classes="section-title"),
                OptionList(id="chosen"),
                id="import-left",
            ),
            Vertical(
                Horizontal(
                    Button("Preview (dry run)", id="preview"),
                    Button("Import", id="run", variant="primary"),
                    Static("", id="progress-label", markup=False),
                    id="import-actions",
                ),
                ProgressBar(total=None, show_eta=False, id="import-progress"),
                Static(
                    "Choose paths on the left, then Preview or Import.",
                    id="import-summary",
                    markup=False,
                ),
                DataTable(id="report", zebra_stripes=True, cursor_type="row"),
                Label("Watched folders", classes="section-title"),
                DataTable(id="watched", cursor_type="row"),
                id="import-right",
            ),
            id="import-body",
        )

    def on_mount(self) -> None:
        super().on_mount()
        report = self.query_one("#report", DataTable)
        report.add_column("File", key="file", width=40)
        report.add_column("Status", key="status", width=9)
        report.add_column("Records", key="records", width=7)
        report.add_column("Reason", key="reason")
        watched = self.query_one("#watched", DataTable)
        watched.add_column("Folder", key="folder", width=40)
        watched.add_column("Status", key="status")
        self.query_one("#import-progress", ProgressBar).display = False
        self.query_one("#path-input", Input).focus()

    def on_services(self, services: Services) -> None:
        self.load_watched(services, self.mneme.watcher)

    def on_screen_resume(self) -> None:
        if self.services is not None:
            self.load_watched(self.services, self.mneme.watcher)

    # -- choosing paths ---------------------------------------------------------------
    def add_path(self, raw: str) -> None:
        """Add ``raw`` to the chosen paths (once)."""
        path = raw.strip()
        if not path:
            return
        if path not in self.paths:
            self.paths.append(path)
            self.query_one("#chosen", OptionList).add_option(
                Option(path, id=f"path-{len(self.paths)}")
            )
        self.query_one("#path-input", Input).value = ""

    @on(Input.Submitted, "#path-input")
    def _path_submitted(self, event: Input.Submitted) -> None:
        self.add_path(event.value)

    @on(Button.Pressed, "#add-path")
    def _add_pressed(self) -> None:
        self.add_path(self.query_one("#path-input", Input).value)

    @on(DirectoryTree.NodeHighlighted, "#tree")
    def _tree_highlighted(self, event: DirectoryTree.NodeHighlighted) -> None:  # type: ignore[type-arg]
        data = event.node.data
        if data is not None and event.control.has_focus:
            self.query_one("#path-input", Input).value = str(data.path)

    @on(DirectoryTree.FileSelected, "#tree")
    def _file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.add_path(str(event.path))

    def action_focus_path(self) -> None:
        """Focus the path box."""
        self.query_one("#path-input", Input).focus()

    def action_remove_path(self) -> None:
        """Remove the highlighted chosen path."""
        chosen = self.query_one("#chosen", OptionList)
        if chosen.highlighted is None or not self.paths:
            return
        index = chosen.highlighted
        del self.paths[index]
        chosen.clear_options()
        chosen.add_options([Option(p, id=f"path-{i}") for i, p in enumerate(self.paths, 1)])

    # -- running ----------------------------------------------------------------------
    def action_preview(self) -> None:
        """Show what importing the chosen paths would do (nothing is written)."""
        self._start(dry_run=True)

    def action_run_import(self) -> None:
        """Import the chosen paths."""
        self._start(dry_run=False)

    @on(Button.Pressed, "#preview")
    def _preview_pressed(self) -> None:
        self.action_preview()

    @on(Button.Pressed, "#run")
    def _run_pressed(self) -> None:
        self.action_run_import()

    def _start(self, *, dry_run: bool) -> None:
        services = self.require_services()
        if services is None:
            return
        pending = self.query_one("#path-input", Input).value.strip()
        if pending and not self.paths:
            self.add_path(pending)
        if not self.paths:
            self.notify("Choose at least one file or folder first.", severity="warning")
            return
        if self.running:
            self.notify("An import is already running.", severity="warning")
            return
        self.running = True
        self.query_one("#preview", Button).disabled = True
        self.query_one("#run", Button).disabled = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.query_one("#import-summary", Static).update(
            "Previewing…" if dry_run else "Importing… (you can keep using Mneme meanwhile)"
        )
        self.mneme.task_progress(TaskInfo("import", "previewing" if dry_run else "importing"))
        self.import_worker(services, list(self.paths), dry_run)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import", name="Import")
    def import_worker(self, services: Services, paths: list[str], dry_run: bool) -> None:
        """Run the import or the preview (thread worker; progress comes back as messages)."""

        def progress(p: ImportProgress) -> None:
            self.post_message(self.Progress(p, dry_run))

        try:
            self.post_message(
                self.Done(imports.run_import(services, paths, dry_run=dry_run, progress=progress))
            )
        except MnemeError as e:
            self.post_message(self.Failed(str(e)))

    @on(Progress)
    def _progress(self, event: Progress) -> None:
        p = event.progress
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=max(p.total, 1), progress=p.done)
        phase = {"import": "reading files", "index": "indexing", "done": "done"}
        current = Path(p.current).name if p.current else ""
        text = f"{phase.get(p.phase, p.phase)} {p.done}/{p.total} · {p.records:,} new memories"
        label = "importing"
        if event.dry_run:
            label = "previewing"
        elif p.phase == "index" and p.done >= p.total:
            # the importer consolidates the new records next (facts, episodes, persona)
            text, current = "consolidating into facts, episodes and persona…", ""
            label = "consolidating the import"
        elif p.phase == "index":
            label = "indexing"
        elif p.phase == "import" and p.done >= p.total and not self.mneme.models_loaded:
            text = f"{text} · indexing as soon as the embedding model has loaded…"
        self.query_one("#progress-label", Static).update(f"{text} {current}".rstrip())
        self.mneme.task_progress(TaskInfo("import", label, p.done, p.total))

    @on(Done)
    def _done(self, event: Done) -> None:
        self._finish()
        self.show_report(event.report)
        if not event.report.dry_run:
            self.mneme.refresh_counts()
            self.mneme.schedule_consolidation()
            self.notify(summary_line(event.report), title="Import finished")

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self._finish()
        self.query_one("#import-summary", Static).update(f"Import failed: {event.error}")
        self.notify(event.error, title="Import failed", severity="error", timeout=15)

    def _finish(self) -> None:
        self.running = False
        self.query_one("#preview", Button).disabled = False
        self.query_one("#run", Button).disabled = False
        self.query_one("#import-progress", ProgressBar).display = False
        self.mneme.task_done("import")

    def show_report(self, report: ImportReport) -> None:
        """Fill the table with the report's files."""
        self.report = report
        self.query_one("#import-summary", Static).update(summary_line(report))
        table = self.query_one("#report", DataTable)
        table.clear()
        for f in report.files:
            records = (
                f.new_records
                if not report.dry_run and f.status in ("added", "updated")
                else f.records
            )
            table.add_row(
                Text(short_path(f.path, self.paths), overflow="ellipsis"),
                Text(f.status, style=STATUS_STYLE.get(f.status, "")),
                str(records),
                Text(f.reason or ("; ".join(f.warnings) if f.warnings else ""), style="dim"),
            )
        if report.index_error:
            self.notify(report.index_error, title="Indexing failed", severity="warning", timeout=15)

    # -- watched folders --------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="watched", name="Watched folders")
    def load_watched(self, services: Services, watcher: FolderWatcher | None) -> None:
        """Read the watched folders' status (thread worker)."""
        try:
            self.post_message(self.Watched(watch.watched_folders(services, watcher)))
        except MnemeError as e:
            self.post_message(self.Failed(str(e)))

    @on(Watched)
    def _watched(self, event: Watched) -> None:
        table = self.query_one("#watched", DataTable)
        table.clear()
        for folder in event.folders:
            table.add_row(folder.path, folder.status)
        if not event.folders:
            table.add_row(
                Text("none configured", style="dim"),
                Text("add watch_folders to config.toml", style="dim"),
            )
