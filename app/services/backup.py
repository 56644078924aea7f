"""``mneme backup FILE``: an encrypted, consistent snapshot of a store.

A backup is a tar stream (a manifest, a SQLite backup-API snapshot of ``mneme.db``, and the
vector index: a snapshot of Chroma's database plus its index files and the vector cache)
written through ``memory.backup_file.BackupWriter`` (AES-256-GCM, key by scrypt). The
passphrase lives in the OS keyring (service ``mneme``, user ``backup``); the first backup
creates a strong random one there. The manifest holds every table's row count and SHA-256,
which ``app.services.restore`` checks. Nothing in the store is written (the database is
opened read-only); the file is written through a ``.part`` file, mode 0600.
"""

from __future__ import annotations

import json
import logging
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any, cast

from app.settings import Settings
from memory.backup_file import BackupWriter, new_passphrase
from memory.db import Database
from memory.errors import BackupError
from memory.indexing import EMBEDDER_META_KEY
from memory.private import PRIVATE_FILE, open_private, private_dir
from memory.snapshot import snapshot, table_digests
from memory.vectors import CHROMA_DB

log = logging.getLogger(__name__)

KEYRING_SERVICE = "mneme"
KEYRING_BACKUP_USER = "backup"
MANIFEST = "manifest.json"
DB_NAME = "mneme.db"
CHROMA_DIR = "chroma"
FORMAT = 1
_SKIP_SUFFIXES = ("-wal", "-shm", "-journal", ".part")


@dataclass(frozen=True)
class BackupResult:
    """What ``backup`` wrote."""

    file: Path
    bytes: int
    records: int
    tables: int
    vectors_included: bool
    passphrase_created: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "bytes": self.bytes,
            "records": self.records,
            "tables": self.tables,
            "vectors_included": self.vectors_included,
            "passphrase_created": self.passphrase_created,
            "keyring": {"service": KEYRING_SERVICE, "user": KEYRING_BACKUP_USER},
        }


# -- the passphrase in the keyring -----------------------------------------------------------
def _keyring_error(e: Exception) -> BackupError:
    return BackupError(
        f"the OS keyring is not available to keep the backup passphrase ({e}); set one up "
        f"(service {KEYRING_SERVICE!r}, user {KEYRING_BACKUP_USER!r})",
        title="Keyring unavailable",
    )


def keyring_passphrase() -> str | None:
    """The backup passphrase kept in the keyring, if any."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, KEYRING_BACKUP_USER)
    except KeyringError as e:
        raise _keyring_error(e) from e


def save_passphrase(passphrase: str) -> None:
    """Keep ``passphrase`` in the keyring."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, KEYRING_BACKUP_USER, passphrase)
    except KeyringError as e:
        raise _keyring_error(e) from e


def ensure_passphrase() -> tuple[str, bool]:
    """The keyring's passphrase, or a new strong one stored there; ``(passphrase, created)``."""
    found = keyring_passphrase()
    if found:
        return found, False
    created = new_passphrase()
    save_passphrase(created)
    return created, True


# -- backup ---------------------------------------------------------------------------------
def _chroma_files(folder: Path) -> list[Path]:
    """The vector index's files to copy as they are (its database is snapshotted apart)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and p.name != CHROMA_DB
        and not p.name.endswith(_SKIP_SUFFIXES)
    )


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = PRIVATE_FILE
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> None:
    info = tar.gettarinfo(str(path), arcname=name)
    info.mode = PRIVATE_FILE
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as f:
        tar.addfile(info, f)


def backup(settings: Settings, out: Path) -> BackupResult:
    """Write an encrypted, consistent snapshot of the store to ``out`` (mode 0600).

    Raises:
        BackupError: nothing to back up, or ``out`` cannot be written.
        CorruptStoreError / NewerSchemaError: the store fails the open check.
    """
    if not settings.db_path.exists():
        raise BackupError(f"{settings.db_path}: there is no Mneme database to back up")
    out = Path(out).expanduser().resolve()
    db = Database(settings.db_path, read_only=True)
    private_dir(settings.data_dir)
    staging = Path(tempfile.mkdtemp(prefix=".backup-", dir=settings.data_dir))
    part = out.with_name(out.name + ".part")
    try:
        with db.lock():
            snap = snapshot(db.conn, staging / DB_NAME)
        digests = table_digests(snap)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        chroma = settings.chroma_path
        vectors = (chroma / CHROMA_DB).exists()
        if vectors:
            snapshot(chroma / CHROMA_DB, staging / CHROMA_DIR / CHROMA_DB)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "mneme_version": _version(),
            "schema_version": db.schema.version if db.schema else 0,
            "embedder": meta.get(EMBEDDER_META_KEY),
            "tables": {name: d.as_json() for name, d in digests.items()},
            "vectors": vectors,
        }
        passphrase, created = ensure_passphrase()
        try:
            private_dir(out.parent)
            with open_private(part, "wb") as f:
                writer = BackupWriter(f, passphrase)
                with tarfile.open(
                    fileobj=cast(IO[bytes], writer), mode="w|", format=tarfile.PAX_FORMAT
                ) as tar:
                    _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1).encode())
                    _add_file(tar, DB_NAME, snap)
                    if vectors:
                        _add_file(
                            tar, f"{CHROMA_DIR}/{CHROMA_DB}", staging / CHROMA_DIR / CHROMA_DB
                        )
                        for path in _chroma_files(chroma):
                            _add_file(
                                tar, f"{CHROMA_DIR}/{path.relative_to(chroma).as_posix()}", path
                            )
                writer.close()
                f.flush()
            part.replace(out)
        except OSError as e:
            raise BackupError(f"{out}: cannot write the backup ({e.strerror or e})") from e
    finally:
        db.close()
        part.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
    records = digests["records"].rows if "records" in digests else 0
    log.info("backup written: %s (%d records)", out, records)
    return BackupResult(out, out.stat().st_size, records, len(digests), vectors, created)


def _version() -> str:
    try:
        return metadata.version("mneme")
    except metadata.PackageNotFoundError:
        return "unknown"
