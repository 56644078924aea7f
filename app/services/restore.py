"""``mneme restore FILE``: a backup (``app.services.backup``) put back into an empty home.

Restore writes only into an empty home: it decrypts into a private staging folder beside
the store, checks the database (``quick_check``, schema version, every table against the
backup's manifest), then moves it into place. The passphrase comes from the keyring, else
from ``ask_passphrase`` (the front end's prompt); one that works is kept in an empty keyring.
Afterwards the vector index is compared with the database read-only; a mismatch is reported
for ``mneme doctor --repair`` (the CLI runs it). A wrong passphrase, or a damaged, cut-off or
foreign file, is refused before anything is put in place.
"""

from __future__ import annotations

import json
import logging
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from app.services.backup import (
    CHROMA_DIR,
    DB_NAME,
    FORMAT,
    MANIFEST,
    keyring_passphrase,
    save_passphrase,
)
from app.settings import Settings
from memory.backup_file import BackupReader, WrongPassphraseError
from memory.backup_file import read_header as read_backup_header
from memory.db import Database
from memory.errors import BackupError, StoreError
from memory.health import Problem, vector_problems
from memory.migrations import migration_names
from memory.open_check import check_store_file
from memory.private import open_private, private_dir
from memory.snapshot import table_digests
from memory.tiers.search_index import DerivedVectorIndex
from memory.vectors import VectorIndex
from models.base import EmbedderIdentity

log = logging.getLogger(__name__)


@dataclass
class RestoreResult:
    """What ``restore`` put in place."""

    file: Path
    home: Path
    created_at: str
    records: int
    tables: int
    schema_version: int
    vectors: str
    """``restored`` (complete), ``none`` (the backup had none) or ``incomplete``."""
    passphrase_saved: bool = False
    problems: list[Problem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "home": str(self.home),
            "created_at": self.created_at,
            "records": self.records,
            "tables": self.tables,
            "schema_version": self.schema_version,
            "verified": True,
            "vectors": self.vectors,
            "passphrase_saved": self.passphrase_saved,
        }


def _require_empty_home(settings: Settings) -> None:
    db = settings.db_path
    if not db.exists() or db.stat().st_size == 0:
        return
    try:
        check_store_file(db, migration_names())
        conn = Database(db, read_only=True)
        try:
            stored = int(
                conn.scalar(
                    "SELECT (SELECT COUNT(*) FROM records) + (SELECT COUNT(*) FROM sources)"
                )
                or 0
            )
        finally:
            conn.close()
    except StoreError as e:
        raise BackupError(
            f"{settings.data_dir} is not empty (it holds {db.name}: {e}); restore writes only "
            "into an empty Mneme home: move it away or set MNEME_HOME to an empty folder"
        ) from e
    if stored:
        raise BackupError(
            f"{settings.data_dir} is not empty ({stored:,} records and sources stored); "
            "restore writes only into an empty Mneme home: move it away or set MNEME_HOME "
            "to an empty folder"
        )


def _open_reader(
    f: IO[bytes], name: str, ask_passphrase: Callable[[], str | None] | None
) -> tuple[BackupReader, str, bool]:
    """A reader of ``f`` with a passphrase that opens it: the keyring's, else one asked for.

    Returns ``(reader, passphrase, from_keyring)``.
    """
    read_backup_header(f, name)  # a damaged or foreign file is refused before any prompt
    wrong: WrongPassphraseError | None = None
    stored = keyring_passphrase()
    if stored:
        f.seek(0)
        try:
            return BackupReader(f, stored, name), stored, True
        except WrongPassphraseError as e:
            wrong = e
    asked = ask_passphrase() if ask_passphrase is not None else None
    if asked:
        f.seek(0)
        return BackupReader(f, asked, name), asked, False
    raise wrong or WrongPassphraseError(
        f"{name}: no passphrase to open it (none in the keyring, none given); nothing was restored",
        title="No passphrase",
    )


def _safe_name(name: str) -> bool:
    parts = Path(name).parts
    return (
        bool(parts)
        and not Path(name).is_absolute()
        and ".." not in parts
        and (name in (MANIFEST, DB_NAME) or (parts[0] == CHROMA_DIR and len(parts) > 1))
    )


def _extract(reader: BackupReader, staging: Path, name: str) -> dict[str, Any]:
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(fileobj=cast(IO[bytes], reader), mode="r|") as tar:
            for member in tar:
                if not member.isfile() or not _safe_name(member.name):
                    raise BackupError(f"{name}: unexpected entry {member.name!r} in the backup")
                src = tar.extractfile(member)
                assert src is not None
                if member.name == MANIFEST:
                    manifest = json.loads(src.read().decode("utf-8"))
                    continue
                dest = staging / member.name
                private_dir(dest.parent)
                with open_private(dest, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
        reader.drain()
    except (tarfile.TarError, ValueError, UnicodeDecodeError) as e:
        raise BackupError(f"{name}: the backup is damaged ({e})", title="Backup damaged") from e
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{name}: the backup has no manifest Mneme can read")
    return manifest


def _verify(staging: Path, manifest: dict[str, Any], name: str) -> int:
    db = staging / DB_NAME
    if not db.exists():
        raise BackupError(f"{name}: the backup holds no database")
    known = migration_names()
    if int(manifest.get("schema_version") or 0) > len(known):
        raise BackupError(
            f"{name} was made by a newer Mneme (schema version {manifest['schema_version']}); "
            f"this Mneme knows schema version {len(known)}: upgrade Mneme to restore it"
        )
    try:
        check_store_file(db, known)
    except StoreError as e:
        raise BackupError(f"{name}: the database in the backup fails its check ({e})") from e
    digests = {k: v.as_json() for k, v in table_digests(db).items()}
    if digests != manifest.get("tables"):
        bad = sorted(
            k
            for k in set(digests) | set(manifest.get("tables") or {})
            if digests.get(k) != (manifest.get("tables") or {}).get(k)
        )
        raise BackupError(f"{name}: restored tables differ from the backup's manifest: {bad}")
    return len(digests)


def _place(staging: Path, settings: Settings) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{settings.db_path}{suffix}").unlink(missing_ok=True)
    if settings.chroma_path.exists():
        shutil.rmtree(settings.chroma_path)
    (staging / DB_NAME).replace(settings.db_path)
    if (staging / CHROMA_DIR).is_dir():
        (staging / CHROMA_DIR).replace(settings.chroma_path)


def _check_vectors(settings: Settings, embedder: str | None) -> list[Problem]:
    """Compare the restored vector index with the database, writing to neither."""
    model, _, dim = (embedder or "").partition("|")
    if not model or not dim.isdigit():
        return []
    identity = EmbedderIdentity(model, int(dim))
    db = Database(settings.db_path, read_only=True)
    records = VectorIndex(settings.chroma_path, identity)
    items = DerivedVectorIndex(settings.chroma_path, identity)
    try:
        return vector_problems(db, records, items)
    finally:
        records.close()
        items.close()
        db.close()


def restore(
    settings: Settings, file: Path, ask_passphrase: Callable[[], str | None] | None = None
) -> RestoreResult:
    """Restore the backup ``file`` into the (empty) home of ``settings``.

    Raises:
        BackupError: the home is not empty, the file is damaged or not a backup, the
            passphrase is wrong, or the backup is from a newer Mneme. Nothing is changed.
    """
    file = Path(file).expanduser()
    name = str(file)
    if not file.is_file():
        raise BackupError(f"{name}: no such backup file")
    _require_empty_home(settings)
    private_dir(settings.data_dir)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=settings.data_dir))
    try:
        with file.open("rb") as f:
            reader, passphrase, from_keyring = _open_reader(f, name, ask_passphrase)
            manifest = _extract(reader, staging, name)
        tables = _verify(staging, manifest, name)
        _place(staging, settings)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    saved = False
    if not from_keyring and not keyring_passphrase():
        save_passphrase(passphrase)
        saved = True
    problems = _check_vectors(settings, manifest.get("embedder")) if manifest.get("vectors") else []
    records = int((manifest.get("tables") or {}).get("records", [0])[0])
    vectors = "none" if not manifest.get("vectors") else ("incomplete" if problems else "restored")
    log.info(
        "restored %s into %s (%d records, vectors %s)", file, settings.data_dir, records, vectors
    )
    return RestoreResult(
        file=file,
        home=settings.data_dir,
        created_at=str(manifest.get("created_at", "")),
        records=records,
        tables=tables,
        schema_version=int(manifest.get("schema_version") or 0),
        vectors=vectors,
        passphrase_saved=saved,
        problems=problems,
    )
