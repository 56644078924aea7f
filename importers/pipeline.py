"""The import pipeline: walk paths, detect formats, parse, store, index, report.

``run_import`` is the one service behind ``mneme import``, the TUI's import screen and the
folder watcher. Each file is parsed completely before anything is written, then stored in one
transaction, so a broken file never leaves half its records behind. Every run's report is
saved in the database.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from importers.base import ParsedFile, ParseOptions, Parser
from importers.errors import ImportFailure
from importers.jsonload import describe_json_error
from importers.registry import PARSERS, detect
from importers.source import SourceFile
from importers.walk import WalkIssue, is_zip, walk, zip_members
from memory.clock import iso
from memory.errors import MnemeError
from memory.indexing import Indexer
from memory.store import MemoryStore, SourceIn

log = logging.getLogger(__name__)

FileStatus = Literal["added", "unchanged", "updated", "skipped", "failed"]
ZIP_CONTAINER_CONFIDENCE = 0.6
MAX_ZIP_DEPTH = 3


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
    """What an import run did, file by file."""

    files: list[FileResult] = field(default_factory=list)
    dry_run: bool = False
    run_id: int | None = None
    indexed: int = 0
    index_error: str | None = None
    new_record_ids: list[int] = field(default_factory=list)

    def count(self, status: FileStatus) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def summary(self) -> dict[str, int]:
        return {
            s: self.count(s)  # type: ignore[arg-type]
            for s in ("added", "unchanged", "updated", "skipped", "failed")
        }

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
        "updated", "failed"}`` plus ``skipped``, ``records_added``, ``dry_run``, ``run_id``."""
        return {
            "files": [f.as_json() for f in self.files],
            **self.summary,
            "records_added": self.records_added,
            "dry_run": self.dry_run,
            "run_id": self.run_id,
            "indexed": self.indexed,
            "index_error": self.index_error,
        }


@dataclass(frozen=True)
class ImportProgress:
    """A progress tick: ``done`` of ``total`` files, the current one, records so far."""

    phase: str
    done: int
    total: int
    current: str | None = None
    records: int = 0


ProgressSink = Callable[[ImportProgress], None]
AfterImport = Callable[[list[int]], None]


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
        whole = detect(item, tuple(parsers))
        zipped = is_zip(item)
    except ImportFailure as e:
        return [WalkIssue(item.display, _reason(e))]
    if not zipped or (whole is not None and whole.sniff(item) >= ZIP_CONTAINER_CONFIDENCE):
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
        after_import: called with the new record ids after a run (consolidation).
        index_batch: records embedded per batch while importing.
    """

    def __init__(
        self,
        store: MemoryStore,
        indexer: Indexer | None,
        *,
        parsers: Sequence[Parser] = PARSERS,
        after_import: AfterImport | None = None,
        index_batch: int = 512,
    ) -> None:
        self.store = store
        self.indexer = indexer
        self.parsers = tuple(parsers)
        self.after_import = after_import
        self.index_batch = index_batch

    def run(
        self,
        paths: Sequence[Path | str],
        *,
        dry_run: bool = False,
        opts: ParseOptions | None = None,
        progress: ProgressSink | None = None,
    ) -> ImportReport:
        """Import ``paths`` (files, folders, zips) and return the report."""
        opts = opts or ParseOptions()
        started = iso(self.store.clock()) or ""
        report = ImportReport(dry_run=dry_run)
        items = expand([Path(p) for p in paths], self.parsers)
        total = len(items)
        pending = 0
        if progress:
            progress(ImportProgress("import", 0, total))
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
                if pending >= self.index_batch:
                    self._index(report)
                    pending = 0
            if progress:
                progress(
                    ImportProgress(
                        "import", n, total, getattr(item, "display", None), report.records_added
                    )
                )
        if not dry_run:
            self._index(report, progress)
            report.run_id = self.store.save_import_run(
                started_at=started,
                paths=[str(p) for p in paths],
                dry_run=dry_run,
                summary=report.summary,
                report=report.as_json(),
            )
            if self.after_import is not None and report.new_record_ids:
                self.after_import(report.new_record_ids)
        if progress:
            progress(ImportProgress("done", total, total, None, report.records_added))
        return report

    # -- one file ---------------------------------------------------------------------
    def _one(self, f: SourceFile, opts: ParseOptions, dry_run: bool) -> FileResult:
        try:
            digest = f.content_hash()
            if self.store.is_unchanged(f.uri, digest):
                return self._unchanged(f)
            parser = detect(f, self.parsers)
            if parser is None:
                return _unsupported(f)
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
        n = 0
        if src is not None:
            n = int(
                self.store.db.scalar(
                    "SELECT COUNT(*) FROM records WHERE source_id = ? AND status = 'active'",
                    (src.id,),
                )
                or 0
            )
        return FileResult(f.display, "unchanged", records=n, format=src.kind if src else None)

    def _note_failure(self, f: SourceFile, error: str, dry_run: bool) -> None:
        if not dry_run:
            self.store.mark_source_failed(f.uri, f.suffix.lstrip(".") or "file", error)

    # -- index ------------------------------------------------------------------------
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
        if self.indexer is None:
            return

        def tick(done: int, total: int) -> None:
            if progress:
                progress(ImportProgress("index", done, total))

        try:
            report.indexed += self.indexer.index_pending(tick)
        except MnemeError as e:
            report.index_error = str(e)
            log.warning("indexing failed: %s", e)


def _reason(e: ImportFailure) -> str:
    return getattr(e, "problem", None) or str(e)


def _empty_reason(warnings: list[str]) -> str:
    return "no text to import" + (f" ({'; '.join(warnings)})" if warnings else "")


def _unsupported(f: SourceFile) -> FileResult:
    """The result for a file no parser claims: skipped with the reason, or failed when it is
    a broken file of a known kind (JSON that does not parse)."""
    if f.looks_binary():
        kind = f.suffix or "no extension"
        return FileResult(f.display, "skipped", reason=f"unsupported binary format ({kind})")
    if _looks_like_json(f):
        problem = _json_problem(f)
        if problem is not None:
            return FileResult(f.display, "failed", reason=problem, format="json")
        return FileResult(
            f.display, "skipped", reason="unsupported format (JSON of unknown shape)"
        )
    kind = f.suffix or "no extension"
    return FileResult(f.display, "skipped", reason=f"unsupported format ({kind})")


def _looks_like_json(f: SourceFile) -> bool:
    if f.suffix in (".json", ".jsonl", ".ndjson"):
        return True
    return f.head(64).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _json_problem(f: SourceFile) -> str | None:
    """Why the file is not valid JSON (None when it is)."""
    try:
        text = f.read_text()
    except ImportFailure as e:
        return _reason(e)
    if f.suffix in (".jsonl", ".ndjson"):
        lines = [line for line in text.splitlines() if line.strip()]
        bad = next((n for n, line in enumerate(lines, 1) if not _json_ok(line)), None)
        return None if bad is None else f"invalid JSON Lines (line {bad} is not JSON)"
    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        return describe_json_error(text, e)
    except RecursionError:
        return "invalid JSON: nested too deeply"
    return None


def _json_ok(line: str) -> bool:
    try:
        json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return False
    return True
