"""The result for a file no importer claims: skipped with the reason, or failed when it is a
broken file of a known kind (JSON that does not parse). Used by ``importers.pipeline``."""

from __future__ import annotations

import json

from importers.errors import ImportFailure
from importers.jsonload import describe_json_error
from importers.report import FileResult
from importers.source import SourceFile


def unsupported(f: SourceFile) -> FileResult:
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
        return getattr(e, "problem", None) or str(e)
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
