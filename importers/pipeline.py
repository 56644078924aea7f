"""The import pipeline: walk paths, detect formats, parse, store, index, consolidate, report.

``Importer.run`` is the one service behind ``mneme import``, the TUI's import screen and the
folder watcher. Each file is parsed completely before anything is written, then stored in one
transaction, so a broken file never leaves half its records behind. Every file is its own
failure: whatever goes wrong with one (a damaged zip, a symlink loop, a pipe, a parser bug)
becomes that file's ``failed`` or ``skipped`` result, and the run goes on, then indexes and
consolidates what it stored. Every run's report is saved in the database.

A run that is killed or interrupted loses nothing: the next run finds the records left
unindexed or unconsolidated and finishes them, with progress, saying that it is resuming
(``importers.resume``). Ctrl+C raises ``ImportInterrupted``, whose message says what was
stored and how to resume.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from importers.base import ParsedFile, ParseOptions, Parser
from importers.errors import ImportFailure
from importers.registry import PARSERS, detect
from importers.report import FileResult, FileStatus, ImportProgress, ImportReport, ProgressSink
from importers.resume import (
    Consolidation,
    ImportInterrupted,
    RunMarkers,
    Unfinished,
    interrupted_message,
)
from importers.sidecar import sidecar_reason
from importers.source import SourceFile, display_path
from importers.unsupported import unsupported
from importers.walk import WalkIssue, is_zip, walk, zip_members
from memory.clock import iso
from memory.errors import MnemeError
from memory.indexing import Indexer
from memory.store import MemoryStore, SourceIn

__all__ = [
    "FileResult",
    "FileStatus",
    "ImportInterrupted",
    "ImportProgress",
    "ImportReport",
    "Importer",
    "ProgressSink",
    "expand",
]

log = logging.getLogger(__name__)

ZIP_CONTAINER_CONFIDENCE = 0.6
MAX_ZIP_DEPTH = 3


def expand(paths: Sequence[Path], parsers: Sequence[Parser]) -> list[SourceFile | WalkIssue]:
    """Every file to import under ``paths``; zips are opened unless a parser reads them whole.

    Zips inside zips (a Notion or Takeout export split in parts) are opened too, up to
    ``MAX_ZIP_DEPTH`` levels; every level goes through the zip-bomb checks of ``walk``.
    """
    out: list[SourceFile | WalkIssue] = []
    for item in walk(list(paths)):
        out.extend(_open_zips(item, parsers, 0))
    return out


def _open_zips(
    item: SourceFile | WalkIssue, parsers: Sequence[Parser], depth: int
) -> list[SourceFile | WalkIssue]:
    if not isinstance(item, SourceFile) or item.suffix != ".zip":
        return [item]
    try:
        return _open_zip(item, parsers, depth)
    except ImportFailure as e:
        return [WalkIssue(item.display, _reason(e))]
    except Exception as e:  # a reader bug must not stop the other files (logged, reported)
        log.warning("could not open %s", item.display, exc_info=True)
        return [WalkIssue(item.display, f"could not open this file ({type(e).__name__}: {e})")]


def _open_zip(
    item: SourceFile, parsers: Sequence[Parser], depth: int
) -> list[SourceFile | WalkIssue]:
    whole = detect(item, tuple(parsers))
    if not is_zip(item) or (whole is not None and whole.sniff(item) >= ZIP_CONTAINER_CONFIDENCE):
        return [item]
    if depth >= MAX_ZIP_DEPTH:
        return [WalkIssue(item.display, "zip nested too deeply; skipped", status="skipped")]
    out: list[SourceFile | WalkIssue] = []
    for member in zip_members(item):
        out.extend(_open_zips(member, parsers, depth + 1))
    return out


class Importer:
    """Runs imports into a store.

    Args:
        store: the SQLite store.
        indexer: embeds new records into the vector index (None: leave them pending).
        parsers: the importers to choose from.
        consolidation: the memory tiers; after a run that stored records, or when earlier
            work is pending, they consolidate (facts, episodes, persona). None: never.
        index_batch: records embedded per batch while importing.
    """

    def __init__(
        self,
        store: MemoryStore,
        indexer: Indexer | None,
        *,
        parsers: Sequence[Parser] = PARSERS,
        consolidation: Consolidation | None = None,
        index_batch: int = 512,
    ) -> None:
        self.store = store
        self.indexer = indexer
        self.parsers = tuple(parsers)
        self.consolidation = consolidation
        self.index_batch = index_batch
        self.markers = RunMarkers(store)

    def unfinished(self) -> Unfinished:
        """Work that earlier runs left: records to index or consolidate, interrupted runs.

        While another import is running (the TUI's, or one in another terminal) and none was
        interrupted, its records waiting for the index are its own work in progress, not
        work left behind: nothing is reported (this run still indexes and consolidates
        whatever is pending when it ends).
        """
        interrupted, running = self.markers.scan()
        if running and not interrupted:
            return Unfinished()
        return Unfinished(
            to_index=self.indexer.pending_count() if self.indexer is not None else 0,
            to_consolidate=self.consolidation.pending() if self.consolidation is not None else 0,
            interrupted=tuple(interrupted),
        )

    def resume(self, progress: ProgressSink | None = None) -> ImportReport | None:
        """Finish what earlier runs left (indexing, consolidation) without importing any
        file; None when nothing was left. The folder watcher calls it when no file changed."""
        if not self.unfinished().any:
            return None
        return self.run([], progress=progress)

    def run(
        self,
        paths: Sequence[Path | str],
        *,
        dry_run: bool = False,
        opts: ParseOptions | None = None,
        progress: ProgressSink | None = None,
    ) -> ImportReport:
        """Import ``paths`` (files, folders, zips) and return the report.

        A real run first takes up the work an earlier run left (``unfinished``); the report's
        ``resumed`` says what that was, and a ``resume`` progress tick announces it.

        Raises:
            ImportInterrupted: Ctrl+C; what was stored stays stored, the next run resumes.
        """
        opts = opts or ParseOptions()
        shown = [display_path(Path(p).expanduser().absolute()) for p in paths]
        started = iso(self.store.clock()) or ""
        report = ImportReport(dry_run=dry_run)
        earlier = Unfinished()
        marker: str | None = None
        try:
            if not dry_run:
                earlier = self.unfinished()
                marker = self.markers.begin(shown, started)
                if earlier.any:
                    report.resumed = earlier.as_json()
                    work = max(earlier.to_index, earlier.to_consolidate)
                    _tick(progress, ImportProgress("resume", 0, work, earlier.describe()))
            total = self._import_files(report, paths, opts, dry_run, progress)
            if not dry_run:
                self._index(report, progress)
                report.run_id = self.store.save_import_run(
                    started_at=started,
                    paths=shown,
                    dry_run=dry_run,
                    summary=report.summary,
                    report=report.as_json(),
                )
                self._consolidate(report, progress)
                done = [m.key for m in earlier.interrupted]
                self.markers.end([*done, marker] if marker else done)
        except KeyboardInterrupt as e:
            raise self._interrupted(report, shown, marker) from e
        _tick(progress, ImportProgress("done", total, total, None, report.records_added))
        return report

    def _import_files(
        self,
        report: ImportReport,
        paths: Sequence[Path | str],
        opts: ParseOptions,
        dry_run: bool,
        progress: ProgressSink | None,
    ) -> int:
        items = expand([Path(p) for p in paths], self.parsers)
        total = len(items)
        pending = 0
        _tick(progress, ImportProgress("import", 0, total))
        for n, item in enumerate(items, 1):
            if isinstance(item, WalkIssue):
                report.files.append(
                    FileResult(item.display, item.status, reason=item.reason)  # type: ignore[arg-type]
                )
            else:
                result = self._one(item, opts, dry_run)
                report.files.append(result)
                pending += result.new_records
                report.new_record_ids.extend(result.new_record_ids)
                if result.superseded and self.indexer is not None and not dry_run:
                    self._remove_superseded(item)
            _tick(progress, ImportProgress("import", n, total, item.display, report.records_added))
            if pending >= self.index_batch:
                self._index(report, progress)
                pending = 0
        return total

    def _interrupted(
        self, report: ImportReport, shown: list[str], marker: str | None
    ) -> ImportInterrupted:
        if report.dry_run:
            return ImportInterrupted("Preview interrupted; nothing was stored.", report)
        if marker is None:
            return ImportInterrupted("Import interrupted before anything was stored.", report)
        stored = report.count("added") + report.count("updated")
        try:
            self.markers.stopped(marker)
            left = self.unfinished()
        except (MnemeError, sqlite3.Error, ValueError) as e:
            log.warning("could not count the unfinished work: %s", e)
            left = Unfinished()
        message = interrupted_message(
            stored, report.records_added, left.to_index, left.to_consolidate, shown
        )
        return ImportInterrupted(message, report)

    # -- one file ---------------------------------------------------------------------
    def _one(self, f: SourceFile, opts: ParseOptions, dry_run: bool) -> FileResult:
        try:
            skip = sidecar_reason(f)
            if skip is not None:
                return self._sidecar(f, skip, dry_run)
            digest = f.content_hash()
            if self.store.is_unchanged(f.uri, digest):
                return self._unchanged(f)
            parser = detect(f, self.parsers)
            if parser is None:
                return unsupported(f)
            parsed = parser.parse(f, opts)
        except ImportFailure as e:
            self._note_failure(f, str(e), dry_run)
            return FileResult(f.display, "failed", reason=_reason(e))
        except (RecursionError, MemoryError) as e:
            self._note_failure(f, type(e).__name__, dry_run)
            return FileResult(f.display, "failed", reason=f"file too complex to read ({e!r})")
        except Exception as e:  # a parser bug must not stop the whole run (logged, reported)
            log.warning("unexpected error importing %s", f.display, exc_info=True)
            self._note_failure(f, repr(e), dry_run)
            return FileResult(
                f.display, "failed", reason=f"could not read this file ({type(e).__name__}: {e})"
            )
        if not parsed.records:
            return FileResult(
                f.display,
                "skipped",
                reason=_empty_reason(parsed.warnings),
                format=parsed.kind,
                warnings=parsed.warnings,
            )
        if dry_run:
            existing = self.store.source_by_uri(f.uri)
            status: FileStatus = "added" if existing is None else "updated"
            return FileResult(
                f.display, status, records=len(parsed.records), format=parsed.kind,
                warnings=parsed.warnings,
            )
        return self._store(f, digest, parsed)

    def _store(self, f: SourceFile, digest: str, parsed: ParsedFile) -> FileResult:
        source = SourceIn(
            uri=f.uri,
            kind=parsed.kind,
            content_hash=digest,
            title=parsed.title,
            size=f.size,
            mtime=f.mtime,
            metadata={**parsed.metadata, "display": f.display, "warnings": parsed.warnings},
        )
        try:
            res = self.store.ingest_source(source, parsed.records)
        except MnemeError as e:
            return FileResult(f.display, "failed", reason=str(e), format=parsed.kind)
        except (sqlite3.Error, UnicodeError) as e:  # this file's data, or the store refused it
            log.warning("could not store %s: %s", f.display, e)
            reason = f"could not be stored ({type(e).__name__}: {e})"
            return FileResult(f.display, "failed", reason=reason, format=parsed.kind)
        return FileResult(
            f.display,
            res.status,
            records=len(parsed.records),
            format=parsed.kind,
            new_records=res.added,
            superseded=res.superseded,
            warnings=parsed.warnings,
            new_record_ids=res.new_record_ids,
        )

    def _unchanged(self, f: SourceFile) -> FileResult:
        src = self.store.source_by_uri(f.uri)
        n = self.store.active_record_count(src.id) if src is not None else 0
        return FileResult(f.display, "unchanged", records=n, format=src.kind if src else None)

    def _sidecar(self, f: SourceFile, reason: str, dry_run: bool) -> FileResult:
        """A license text or a file list (``importers.sidecar``): skipped; records an earlier
        version stored from it are marked removed (kept, left out of recall)."""
        src = self.store.source_by_uri(f.uri)
        if src is not None and src.status == "active" and not dry_run:
            n = self.store.mark_source_removed(f.uri)
            if n:
                reason += f"; the {n} records stored from it before are now marked removed"
        return FileResult(f.display, "skipped", reason=reason)

    def _note_failure(self, f: SourceFile, error: str, dry_run: bool) -> None:
        if dry_run:
            return
        try:
            self.store.mark_source_failed(f.uri, f.suffix.lstrip(".") or "file", error)
        except (MnemeError, sqlite3.Error, UnicodeError) as e:  # the file's result says it all
            log.warning("could not note the failure of %s: %s", f.display, e)

    # -- index and consolidate ----------------------------------------------------------
    def _remove_superseded(self, f: SourceFile) -> None:
        src = self.store.source_by_uri(f.uri)
        if src is None or self.indexer is None:
            return
        ids = [r.id for r in self.store.source_records(src.id, status="superseded")]
        try:
            self.indexer.remove(ids)
        except MnemeError as e:
            log.warning("could not drop superseded vectors of %s: %s", f.display, e)

    def _index(self, report: ImportReport, progress: ProgressSink | None = None) -> None:
        if self.indexer is None or report.dry_run:
            return
        waiting = self.indexer.pending_count()
        if not waiting:
            return
        _tick(progress, ImportProgress("index", 0, waiting, None, report.records_added))

        def tick(done: int, total: int) -> None:
            _tick(progress, ImportProgress("index", done, total, None, report.records_added))

        try:
            report.indexed += self.indexer.index_pending(tick)
        except MnemeError as e:
            report.index_error = str(e)
            log.warning("indexing failed: %s", e)

    def _consolidate(self, report: ImportReport, progress: ProgressSink | None) -> None:
        """Consolidate what this run stored and what earlier runs left pending."""
        tiers = self.consolidation
        if tiers is None or (not report.new_record_ids and not tiers.pending()):
            return

        def tick(p: object) -> None:
            done, total = int(getattr(p, "done", 0)), int(getattr(p, "total", 0))
            stage = str(getattr(p, "phase", ""))
            _tick(progress, ImportProgress("consolidate", done, total, stage, report.records_added))

        try:
            result = tiers.consolidate(progress=tick if progress is not None else None)
        except MnemeError as e:  # the import itself succeeded; the work resumes next time
            report.consolidation_error = str(e)
            log.warning("consolidation failed (it will resume): %s", e)
            return
        report.consolidated = getattr(result, "summary", None)


def _tick(progress: ProgressSink | None, p: ImportProgress) -> None:
    if progress is not None:
        progress(p)


def _reason(e: ImportFailure) -> str:
    return getattr(e, "problem", None) or str(e)


def _empty_reason(warnings: list[str]) -> str:
    return "no text to import" + (f" ({'; '.join(warnings)})" if warnings else "")
