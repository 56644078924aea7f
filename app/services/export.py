"""``mneme export --format jsonl|markdown --out DIR``: every memory with its provenance, in
files readable without Mneme (``memory.export`` writes them).

The database is opened read-only (after the same open check as every command), so an export
never changes the store; the folder is created 0700 and every file in it 0600.
"""

from __future__ import annotations

from pathlib import Path

from app.settings import Settings
from memory.db import Database
from memory.errors import MnemeError
from memory.export import FORMATS, ExportResult, export


class ExportError(MnemeError):
    """The export cannot be written where asked."""


def export_store(settings: Settings, out: Path, fmt: str) -> ExportResult:
    """Export the store of ``settings`` into the folder ``out`` in format ``fmt``.

    Raises:
        ExportError: unknown format, no store, or ``out`` is not a folder Mneme can write.
        CorruptStoreError / NewerSchemaError: the store fails the open check.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    if not settings.db_path.exists():
        raise ExportError(f"{settings.db_path}: there is no Mneme database to export")
    out = Path(out).expanduser()
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: exists and is not a folder")
    db = Database(settings.db_path, read_only=True)
    try:
        return export(db, out, fmt)
    except OSError as e:
        raise ExportError(f"{out}: cannot write the export ({e.strerror or e})") from e
    finally:
        db.close()
