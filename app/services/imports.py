"""Importing the user's files, folders and zip archives, the same way from every front end.

``parse_options`` holds the defaults a front end would otherwise rebuild: the names the user
goes by in their chats (``settings.self_names``: their own messages get their name as speaker
and ``metadata.self``) and a PDF password. ``run_import`` runs the pipeline
(``importers.pipeline.Importer.run``): a real run first finishes what an interrupted one
left (indexing, consolidation; the report's ``resumed``), then consolidates what is new.

Called by ``mneme import`` and the TUI's import screen; the folder watcher
(``app.services.watch``) takes the same options. The core is imported inside the functions
(module docstring of ``app.services``); ``ImportInterrupted`` (Ctrl+C during a run, with
what was stored and how to resume) resolves on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.settings import Settings
    from importers.base import ParseOptions
    from importers.report import ImportProgress as ImportProgress
    from importers.report import ImportReport as ImportReport
    from importers.report import ProgressSink
    from importers.resume import ImportInterrupted as ImportInterrupted


def parse_options(settings: Settings, password: str | None = None) -> ParseOptions:
    """The parse options of every import: the user's self names, and ``password`` for
    encrypted PDFs."""
    from importers.base import ParseOptions

    return ParseOptions(password=password, self_names=tuple(settings.self_names))


def run_import(
    services: Services,
    paths: Sequence[str | Path],
    *,
    dry_run: bool = False,
    password: str | None = None,
    progress: ProgressSink | None = None,
) -> ImportReport:
    """Import (or, with ``dry_run``, preview) ``paths``: files, folders and zips (``~``
    works), reporting progress.

    Raises:
        ImportInterrupted: Ctrl+C; what was stored stays stored, the next run resumes.
    """
    return services.importer.run(
        [Path(p).expanduser() for p in paths],
        dry_run=dry_run,
        opts=parse_options(services.settings, password),
        progress=progress,
    )


def __getattr__(name: str) -> Any:
    if name == "ImportInterrupted":
        from importers.resume import ImportInterrupted

        return ImportInterrupted
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
