"""Watching folders: new, changed and deleted files imported within seconds.

One set-up for ``mneme watch`` and the TUI's background watcher: the same parse options as
an import (``app.services.imports.parse_options``: the user's self names), Mneme's own data
folder never imported. ``watched_folders`` says what the watcher does with each configured
folder, for the TUI's import screen. The core is imported inside the functions (module
docstring of ``app.services``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.services.imports import parse_options
from app.services.views import WatchedFolder

if TYPE_CHECKING:
    from app.bootstrap import Services
    from importers.watch import FolderWatcher as FolderWatcher
    from importers.watch import WatchEvent as WatchEvent

def folder_watcher(
    services: Services,
    on_event: Callable[[WatchEvent], None],
    folders: Sequence[Path | str] = (),
    *,
    password: str | None = None,
    debounce: float | None = None,
    polling: bool = False,
) -> FolderWatcher:
    """A watcher over ``folders`` (default: the configured ``watch_folders``); the caller
    starts it (``start``, or ``catch_up`` once).

    Args:
        services: the services.
        on_event: called with each event, from the watcher's thread.
        folders: the folders to watch; none: ``settings.watch_folders``.
        password: for encrypted PDFs.
        debounce: seconds of quiet before a burst of changes is imported (default 1.5).
        polling: poll instead of the OS's notifications.

    Raises:
        ImportFailure: there is no folder to watch.
    """
    from importers.errors import ImportFailure
    from importers.watch import DEFAULT_DEBOUNCE, FolderWatcher

    chosen = list(folders) or list(services.settings.watch_folders)
    if not chosen:
        raise ImportFailure("no folders to watch: name some, or set watch_folders in the config")
    return FolderWatcher(
        services.importer,
        services.store,
        chosen,
        on_event=on_event,
        opts=parse_options(services.settings, password),
        debounce=DEFAULT_DEBOUNCE if debounce is None else debounce,
        ignore=[services.settings.data_dir],
        polling=polling,
    )


def background_watcher(
    services: Services, on_event: Callable[[WatchEvent], None]
) -> FolderWatcher:
    """The TUI's watcher: over the configured folders that exist (the others are listed as
    missing by ``watched_folders``).

    Raises:
        ImportFailure: none of the configured folders exists.
    """
    from importers.errors import ImportFailure

    existing = [p for p in _configured(services) if p.is_dir()]
    if not existing:
        raise ImportFailure("none of the watched folders exists")
    return folder_watcher(services, on_event, existing)


def _configured(services: Services) -> list[Path]:
    return [Path(f).expanduser() for f in services.settings.watch_folders]


def watched_folders(
    services: Services, watcher: FolderWatcher | None = None
) -> list[WatchedFolder]:
    """The configured watched folders with their status.

    Args:
        services: the services (their settings name the folders).
        watcher: the running watcher, if any.
    """
    out = []
    running = bool(watcher is not None and watcher.running)
    watched = {str(p) for p in (watcher.folders if watcher is not None else [])}
    for path in _configured(services):
        if not path.is_dir():
            status = "missing"
        elif running and str(path.resolve()) in watched:
            status = "watching"
        elif watcher is not None and not running:
            status = "stopped"
        else:
            status = "not watched yet"
        out.append(WatchedFolder(str(path), status))
    return out
