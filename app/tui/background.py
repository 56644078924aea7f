"""The app's background work and status line: store counts, consolidation when the user is
idle, and the folder watcher.

``BackgroundApp`` is the base class of ``MnemeApp``. It owns the status line's data
(``StatusInfo``, published on ``status_signal`` for every ``StatusBar``). Consolidation
(``app.services.consolidate``) runs in a thread worker ``consolidate_after`` seconds after
the last reply or import, with its progress on the status line; a new message from the user
cancels it between batches (the next run resumes). The watcher
(``app.services.watch``, set up as for ``mneme watch``) runs for
``settings.watch_folders`` from start-up to exit; its events, posted from its own thread,
come back as ``WatchEventPosted`` messages.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.signal import Signal
from textual.timer import Timer

from app.services import consolidate, status, watch
from app.tui.status import StatusInfo, TaskInfo
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.services.consolidate import ConsolidationProgress
    from app.services.watch import WatchEvent

CONSOLIDATE_AFTER_IDLE_S = 30.0
"""Consolidation runs this long after the last reply or import, if nothing else happened."""

WATCH_IMPORTED = {"added", "updated", "removed"}


class BackgroundApp(App[None]):
    """Status, store counts, consolidation on idle and the folder watcher."""

    @dataclass
    class Counts(Message):
        records: int
        sources: int

    @dataclass
    class CountFailed(Message):
        error: str

    @dataclass
    class ConsolidationTick(Message):
        phase: str
        done: int
        total: int

    @dataclass
    class Consolidated(Message):
        summary: str | None
        error: str | None = None
        quiet: bool = False

    @dataclass
    class WatcherStarted(Message):
        watcher: Any
        folders: int

    @dataclass
    class WatchEventPosted(Message):
        event: WatchEvent

    @dataclass
    class WatcherFailed(Message):
        error: str

    def __init__(self, *, consolidate_after: float = CONSOLIDATE_AFTER_IDLE_S) -> None:
        super().__init__()
        self.services: Services | None = None
        self.consolidate_after = consolidate_after
        self.status = StatusInfo()
        self.status_signal: Signal[StatusInfo] = Signal(self, "status")
        self.watcher: Any = None
        """The running folder watcher (None until one is started)."""
        self._consolidate_timer: Timer | None = None
        self._consolidate_cancel = threading.Event()
        # Held while a consolidation batch may be writing, so quitting waits for it to end
        # before the database is closed.
        self._consolidating = threading.Lock()

    # -- status -----------------------------------------------------------------------
    def set_status(self, status: StatusInfo) -> None:
        """Replace the status and show it on every status bar."""
        self.status = status
        self.status_signal.publish(status)

    def task_progress(self, task: TaskInfo) -> None:
        """Show background work ``task`` (replaces the task with the same key)."""
        self.set_status(self.status.with_task(task))

    def task_done(self, key: str) -> None:
        """Background work ``key`` finished."""
        self.set_status(self.status.without_task(key))

    def status_text(self) -> str:
        """Model name, store size, state and background work, as the status line shows."""
        return self.status.render()

    def refresh_counts(self) -> None:
        """Count records and sources again (in a worker) for the status line."""
        if self.services is not None:
            self._count(self.services)

    @work(thread=True, exclusive=True, exit_on_error=False, group="count", name="Count")
    def _count(self, services: Services) -> None:
        try:
            records, sources = status.store_counts(services)
            self.post_message(self.Counts(records, sources))
        except MnemeError as e:
            self.post_message(self.CountFailed(str(e)))

    @on(Counts)
    def _counts(self, event: Counts) -> None:
        self.set_status(replace(self.status, records=event.records, sources=event.sources))

    @on(CountFailed)
    def _count_failed(self, event: CountFailed) -> None:
        self.notify(event.error, title="Cannot read the store", severity="error", timeout=15)

    # -- consolidation ----------------------------------------------------------------
    def schedule_consolidation(self) -> None:
        """Consolidate once the user has been idle for ``consolidate_after`` seconds."""
        if self.services is None:
            return
        if self._consolidate_timer is not None:
            self._consolidate_timer.stop()
        self._consolidate_timer = self.set_timer(
            self.consolidate_after, lambda: self._start_consolidation(quiet=True)
        )

    def pause_background(self) -> None:
        """The user is active: stop a running consolidation between batches (it resumes)."""
        self._consolidate_cancel.set()
        if self._consolidate_timer is not None:
            self._consolidate_timer.stop()

    def action_consolidate(self) -> None:
        """Consolidate now: facts, episodes and persona from what is new (in a worker)."""
        self._start_consolidation(quiet=False)

    def _start_consolidation(self, *, quiet: bool) -> None:
        if self.services is None:
            return
        self._consolidate_cancel = threading.Event()
        self.task_progress(TaskInfo("consolidate", "consolidating"))
        self._consolidate(self.services, self._consolidate_cancel, quiet)

    @work(thread=True, exclusive=True, exit_on_error=False, group="consolidate", name="Consolidate")
    def _consolidate(self, services: Services, cancel: threading.Event, quiet: bool) -> None:
        post = self.post_message

        def progress(p: ConsolidationProgress) -> None:
            post(self.ConsolidationTick(p.phase, p.done, p.total))

        with self._consolidating:
            try:
                if quiet and consolidate.pending(services) == 0:
                    post(self.Consolidated(None, quiet=True))
                    return
                report = consolidate.consolidate(services, progress=progress, cancel=cancel.is_set)
                post(self.Consolidated(report.summary, quiet=quiet))
            except MnemeError as e:
                post(self.Consolidated(None, str(e), quiet=quiet))

    @on(ConsolidationTick)
    def _consolidation_tick(self, event: ConsolidationTick) -> None:
        self.task_progress(
            TaskInfo("consolidate", f"consolidating {event.phase}", event.done, event.total)
        )

    @on(Consolidated)
    def _consolidated(self, event: Consolidated) -> None:
        self.task_done("consolidate")
        if event.error:
            self.notify(event.error, title="Consolidation failed", severity="error", timeout=10)
        elif event.summary and not event.quiet:
            self.notify(event.summary, title="Consolidated")
        self.refresh_counts()

    # -- the folder watcher -----------------------------------------------------------
    def start_watcher(self) -> None:
        """Watch the configured folders in the background (when there are any)."""
        if self.services is not None and self.services.settings.watch_folders:
            self._start_watcher(self.services)

    @work(thread=True, exclusive=True, exit_on_error=False, group="watch", name="Folder watcher")
    def _start_watcher(self, services: Services) -> None:
        post = self.post_message
        try:

            def on_event(ev: WatchEvent) -> None:
                post(self.WatchEventPosted(ev))

            watcher = watch.background_watcher(services, on_event)
            watcher.start()
            post(self.WatcherStarted(watcher, len(watcher.folders)))
        except MnemeError as e:
            post(self.WatcherFailed(str(e)))

    @on(WatcherStarted)
    def _watcher_started(self, event: WatcherStarted) -> None:
        self.watcher = event.watcher
        label = f"watching {event.folders} folder{'s' if event.folders != 1 else ''}"
        self.task_progress(TaskInfo("watch", label, detail="catching up"))

    @on(WatchEventPosted)
    def _watch_event(self, message: WatchEventPosted) -> None:
        ev = message.event
        count = len(getattr(self.watcher, "folders", []))
        label = f"watching {count} folder{'s' if count != 1 else ''}"
        if ev.kind == "stopped":
            self.task_done("watch")
            return
        detail = ""
        if ev.kind in WATCH_IMPORTED or ev.kind in ("failed", "skipped"):
            detail = f"{ev.kind} {Path(ev.path).name if ev.path else ''}".strip()
        elif ev.kind == "caught_up":
            detail = "up to date"
        self.task_progress(TaskInfo("watch", label, detail=detail))
        if ev.kind in WATCH_IMPORTED:
            self.refresh_counts()
        elif ev.kind == "error":
            self.notify(ev.detail or "watcher error", title="Folder watcher", severity="error")

    @on(WatcherFailed)
    def _watcher_failed(self, event: WatcherFailed) -> None:
        self.notify(event.error, title="Folder watcher not started", severity="warning", timeout=10)

    def stop_background(self) -> None:
        """At exit: cancel consolidation (waiting for its current batch) and stop the watcher."""
        self._consolidate_cancel.set()
        if self._consolidating.acquire(timeout=60):
            self._consolidating.release()
        if self.watcher is not None:
            self.watcher.stop(timeout=5.0)
            self.watcher = None
