"""Watching folders: new and changed files are imported, deleted ones marked removed.

``FolderWatcher`` is used by ``mneme watch`` and by the TUI (in the background, for the
configured folders). It has no UI: events go to a callback, called from the watcher's own
thread (a UI must hand them to its own thread). File system events (watchdog) are debounced:
a burst of events is coalesced and handled once the folder has been quiet for ``debounce``
seconds, through the same ``Importer`` pipeline as ``mneme import`` (content-hash dedup,
one transaction per file, an import report per batch). On start, the watcher catches up
with what changed while it was not running, by comparing the stored sources under each
folder (uri, size, modification time) with the disk.

A deleted file's source and records are marked ``removed``: kept, but left out of recall;
a file that comes back with the same content is reactivated by the pipeline.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from importers.base import ParseOptions
from importers.errors import ImportFailure
from importers.pipeline import Importer, ImportReport
from importers.source import display_path
from importers.walk import SKIP_DIRS, SKIP_FILES
from memory.errors import MnemeError
from memory.store import MemoryStore

log = logging.getLogger(__name__)

EventKind = Literal[
    "started",
    "resumed",
    "caught_up",
    "added",
    "updated",
    "unchanged",
    "skipped",
    "failed",
    "removed",
    "error",
    "stopped",
]
TEMP_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", ".temp", ".part", ".crdownload", ".download")
DEFAULT_DEBOUNCE = 1.5
MTIME_TOLERANCE = 1e-3
SKIPPED_META = "watch.skipped"


@dataclass(frozen=True)
class WatchEvent:
    """Something the watcher did.

    Attributes:
        kind: ``started``, ``resumed`` (an interrupted import's work is being finished),
            ``caught_up``, a file status (``added``, ``updated``,
            ``unchanged``, ``skipped``, ``failed``), ``removed``, ``error`` or ``stopped``.
        path: the file or folder concerned, when there is one.
        detail: the reason, warning or error message.
        records: records added (imports) or marked removed (removals).
    """

    kind: EventKind
    path: str | None = None
    detail: str | None = None
    records: int = 0


EventSink = Callable[[WatchEvent], None]


def _ignored_name(name: str) -> bool:
    return (
        name.startswith((".", "~$"))
        or name.endswith("~")
        or name.endswith(TEMP_SUFFIXES)
        or name in SKIP_FILES
        or name in SKIP_DIRS
        or name == "4913"  # vim's write test file
    )


def _uri_path(uri: str) -> Path:
    """The path on disk behind a source uri (the zip itself for a zip member)."""
    rest = uri.split(":", 1)[1] if ":" in uri else uri
    if uri.startswith("zip:"):
        rest = rest.split("!", 1)[0]
    return Path(rest)


class FolderWatcher:
    """Imports what changes in ``folders``, in a background thread.

    Args:
        importer: the import pipeline (``Services.importer``).
        store: the store (for removals and the catch-up).
        folders: folders to watch, recursively.
        on_event: called with each ``WatchEvent``, from the watcher thread.
        opts: parse options (PDF password, the user's names in chats).
        debounce: seconds of quiet before a burst of changes is imported.
        ignore: folders never imported (Mneme's own data folder, if it is inside).
        polling: use a polling observer instead of the OS's notifications.
    """

    def __init__(
        self,
        importer: Importer,
        store: MemoryStore,
        folders: Sequence[Path | str],
        *,
        on_event: EventSink | None = None,
        opts: ParseOptions | None = None,
        debounce: float = DEFAULT_DEBOUNCE,
        ignore: Iterable[Path | str] = (),
        polling: bool = False,
    ) -> None:
        self.importer = importer
        self.store = store
        self.folders = [Path(f).expanduser().resolve() for f in folders]
        self.on_event = on_event
        self.opts = opts or ParseOptions()
        self.debounce = debounce
        self.ignore = [Path(p).expanduser().resolve() for p in ignore]
        self.polling = polling
        self._pending: dict[str, float] = {}
        self._last_event = 0.0
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._observer: Any = None
        self.reports: list[ImportReport] = []

    # -- lifecycle --------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, *, catch_up: bool = True) -> None:
        """Start watching (returns at once; the catch-up runs in the watcher thread).

        Raises:
            MnemeError: a folder does not exist.
        """
        if self.running:
            return
        for folder in self.folders:
            if not folder.is_dir():
                raise ImportFailure(f"{folder}: not a folder; cannot watch it")
        self._stop.clear()
        self._observer = self._make_observer()
        self._thread = threading.Thread(
            target=self._run, args=(catch_up,), name="mneme-watch", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching; changes not yet imported are picked up by the next catch-up."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if self._observer is not None:
            try:
                self._observer.stop()
                self._observer.join(timeout)
            except RuntimeError as e:  # stopped before it started
                log.debug("observer stop: %s", e)
            self._observer = None
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _make_observer(self) -> Any:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return
                if event.is_directory and event.event_type == "modified":
                    return  # a file inside changed; that file has its own event
                watcher.notify(os.fsdecode(event.src_path))
                dest = getattr(event, "dest_path", "")
                if dest:
                    watcher.notify(os.fsdecode(dest))

        observer = PollingObserver(timeout=1) if self.polling else Observer()
        handler = Handler()
        try:
            for folder in self.folders:
                observer.schedule(handler, str(folder), recursive=True)
            observer.start()
        except OSError as e:  # e.g. the inotify watch limit: fall back to polling
            log.warning("file notifications unavailable (%s); polling instead", e)
            observer = PollingObserver(timeout=1)
            for folder in self.folders:
                observer.schedule(handler, str(folder), recursive=True)
            observer.start()
        return observer

    # -- events -----------------------------------------------------------------------
    def notify(self, path: str) -> None:
        """Note that ``path`` changed (called by the observer; tests may call it too)."""
        if self._ignored(Path(path)):
            return
        with self._cond:
            self._pending[path] = time.monotonic()
            self._last_event = time.monotonic()
            self._cond.notify_all()

    def _ignored(self, path: Path) -> bool:
        if any(path == d or d in path.parents for d in self.ignore):
            return True
        root = next((f for f in self.folders if f == path or f in path.parents), None)
        if root is None:
            return True
        return any(_ignored_name(part) for part in path.relative_to(root).parts)

    def _emit(self, event: WatchEvent) -> None:
        log.info("watch: %s %s %s", event.kind, event.path or "", event.detail or "")
        if self.on_event is not None:
            try:
                self.on_event(event)
            except Exception:  # a UI callback bug must not kill the watcher (logged)
                log.exception("watch event callback failed")

    def _run(self, catch_up: bool) -> None:
        self._emit(WatchEvent("started", detail=", ".join(str(f) for f in self.folders)))
        if catch_up and not self._stop.is_set():
            self._guarded(self.catch_up)
        while not self._stop.is_set():
            batch = self._next_batch()
            if batch:
                self._guarded(lambda b=batch: self.process(b))  # type: ignore[misc]
        self._emit(WatchEvent("stopped"))

    def _guarded(self, work: Callable[[], Any]) -> None:
        try:
            work()
        except (MnemeError, OSError) as e:
            self._emit(WatchEvent("error", detail=str(e)))
        except Exception as e:  # the watcher thread must survive a bad batch (logged, reported)
            log.exception("watcher batch failed")
            self._emit(WatchEvent("error", detail=f"{type(e).__name__}: {e}"))

    def _next_batch(self) -> list[str]:
        """Wait for changes, then for ``debounce`` seconds of quiet; return the paths."""
        with self._cond:
            while not self._pending and not self._stop.is_set():
                self._cond.wait(0.5)
            while self._pending and not self._stop.is_set():
                quiet_for = time.monotonic() - self._last_event
                if quiet_for >= self.debounce:
                    break
                self._cond.wait(self.debounce - quiet_for)
            if self._stop.is_set():
                return []
            batch = sorted(self._pending)
            self._pending.clear()
            return batch

    # -- work -------------------------------------------------------------------------
    def process(self, paths: Sequence[str]) -> None:
        """Import the changed paths that exist and mark the vanished ones removed."""
        present: list[Path] = []
        gone: list[Path] = []
        for raw in paths:
            p = Path(raw)
            if p.is_file() or p.is_dir():
                present.append(p)
            elif not p.exists():
                gone.append(p)
        # A folder that appeared brings its files; files inside it are then not listed twice.
        dirs = [p for p in present if p.is_dir()]
        files = [p for p in present if p.is_file() and not any(d in p.parents for d in dirs)]
        targets = [*dirs, *files]
        for p in gone:
            self._remove(p)
        if targets:
            self._import(targets)

    def catch_up(self) -> None:
        """Import files that are new or changed since the last run; mark deleted ones."""
        changed: list[Path] = []
        removed = 0
        skipped = self._skipped()
        for folder in self.folders:
            root = display_path(folder)
            stamps = {s.uri: s for s in self.store.source_stamps(f"file:{root}/")}
            zips: dict[str, list[Any]] = {}
            for s in self.store.source_stamps(f"zip:{root}/"):
                zips.setdefault(str(_uri_path(s.uri)), []).append(s)
            on_disk: set[str] = set()
            for path in self._files(folder):
                key = display_path(path)  # as stored (undecodable names escaped)
                on_disk.add(key)
                try:
                    st = path.stat()
                except OSError:
                    continue
                stamp = stamps.get(f"file:{key}")
                members = zips.get(key)
                seen_skipped = skipped.get(key)
                if (
                    stamp is None
                    and not members
                    and seen_skipped is not None
                    and _same(int(seen_skipped[0]), seen_skipped[1], st)
                ):
                    continue  # skipped last time (unsupported) and not changed since
                if stamp is not None:
                    if stamp.status != "active" or not _same(stamp.size, stamp.mtime, st):
                        changed.append(path)
                elif members:
                    if any(
                        m.status != "active"
                        or m.mtime is None
                        or abs(m.mtime - st.st_mtime) > MTIME_TOLERANCE
                        for m in members
                    ):
                        changed.append(path)
                else:
                    changed.append(path)
            for uri, stamp in stamps.items():
                if stamp.status == "active" and str(_uri_path(uri)) not in on_disk:
                    removed += self._remove_uri(uri)
            for zpath, members in zips.items():
                if zpath not in on_disk:
                    for m in members:
                        if m.status == "active":
                            removed += self._remove_uri(m.uri)
        if changed:
            self._import(changed)
        else:
            self._resume()
        self._emit(
            WatchEvent(
                "caught_up",
                detail=f"{len(changed)} new or changed, {removed} records marked removed",
                records=len(changed),
            )
        )

    def _files(self, folder: Path) -> Iterable[Path]:
        for dirpath, dirnames, filenames in os.walk(folder):
            base = Path(dirpath)
            dirnames[:] = sorted(
                d for d in dirnames if not _ignored_name(d) and not self._ignored(base / d)
            )
            for name in sorted(filenames):
                if not _ignored_name(name):
                    yield base / name

    def _skipped(self) -> dict[str, list[float]]:
        """Files skipped before (unsupported), with the size and mtime they had then."""
        raw = self.store.get_meta(SKIPPED_META)
        try:
            value = json.loads(raw) if raw else {}
        except ValueError:
            value = {}
        return value if isinstance(value, dict) else {}

    def _remember_skipped(self, report: ImportReport) -> None:
        skipped = self._skipped()
        before = dict(skipped)
        for f in report.files:
            path = Path(f.path)
            if "!" in f.path or not path.is_absolute():
                continue
            if f.status == "skipped":
                try:
                    st = path.stat()
                except OSError:
                    continue
                skipped[str(path)] = [st.st_size, st.st_mtime]
            else:
                skipped.pop(str(path), None)
        if skipped != before:
            self.store.set_meta(SKIPPED_META, json.dumps(skipped))

    def _import(self, paths: Sequence[Path]) -> None:
        report = self.importer.run(list(paths), opts=self.opts)
        self.reports.append(report)
        if report.resumed:
            self._emit(WatchEvent("resumed", detail=str(report.resumed.get("message") or "")))
        self._remember_skipped(report)
        for f in report.files:
            detail = f.reason or ("; ".join(f.warnings) if f.warnings else None)
            self._emit(WatchEvent(f.status, f.path, detail, f.new_records))
        if report.index_error:
            self._emit(
                WatchEvent("error", detail=f"vector index not updated: {report.index_error}")
            )

    def _resume(self) -> None:
        """No file changed, but an interrupted import may have left work: finish it."""
        report = self.importer.resume()
        if report is not None and report.resumed:
            self.reports.append(report)
            self._emit(WatchEvent("resumed", detail=str(report.resumed.get("message") or "")))

    def _remove(self, path: Path) -> None:
        """Mark everything stored from ``path`` (a file, a zip or a whole folder) removed."""
        shown = display_path(path)
        uris = [f"file:{shown}"]
        uris += [s.uri for s in self.store.source_stamps(f"zip:{shown}!")]
        uris += [s.uri for s in self.store.source_stamps(f"file:{shown}/")]
        uris += [s.uri for s in self.store.source_stamps(f"zip:{shown}/")]
        for uri in uris:
            self._remove_uri(uri)

    def _remove_uri(self, uri: str) -> int:
        stamp = self.store.source_by_uri(uri)
        if stamp is None or stamp.status == "removed":
            return 0
        n = self.store.mark_source_removed(uri)
        self._emit(WatchEvent("removed", uri.split(":", 1)[1], "file deleted", n))
        return n


def _same(size: int | None, mtime: float | None, st: os.stat_result) -> bool:
    if size is None or mtime is None:
        return False
    return size == st.st_size and abs(mtime - st.st_mtime) <= MTIME_TOLERANCE
